//! Guessing what each column holds: headers reduced to their words and compared with the
//! known ones, the values under them checked against what each field holds, and the
//! plan's metric and SPIF names recognised.

use super::*;

/// True when a header says its numbers are percent points: `GRR (%)`, `Churn %`,
/// `Health score percent`, `NRR pct`.
pub fn declares_percent(header: &str) -> bool {
    let lower = header.to_lowercase();
    lower.contains('%')
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| matches!(w, "percent" | "percentage" | "pct"))
}

/// Headers longer than this (in bytes) resemble nothing.
pub(super) const MAX_HEADER: usize = 200;

/// Edit distance between two texts, in characters.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// How much a header resembles one of a field's headers, from 0 to 1: the better of
/// shared words and spelling (edit distance over length).
pub(super) fn resemblance(header: &str, field: Field) -> f64 {
    // No header of a field is this long; a cell of a report's prose is not a header.
    if header.len() > MAX_HEADER {
        return 0.0;
    }
    let hw = words(header);
    let hk = header_key(header);
    field
        .known_headers()
        .iter()
        .chain(field.possible_headers())
        .map(|k| {
            let kw = words(k);
            let spelled = {
                // Spelling counts for a slip or two only: headers a few letters apart are
                // alike by chance (`email`, `empid`; `accounts`, `amount`).
                let (a, b) = (hk.chars().count(), k.chars().count());
                let n = a.max(b);
                let allowed = (n / 6).max(1);
                if n == 0 || a.abs_diff(b) > allowed {
                    0.0
                } else {
                    let d = edit_distance(&hk, k);
                    if d > allowed {
                        0.0
                    } else {
                        1.0 - d as f64 / n as f64
                    }
                }
            };
            word_overlap(&hw, &kw).max(spelled)
        })
        .fold(0.0, f64::max)
}

/// Whether a text reads as a date: `2026-03-31`, `3/31/2026`, `2026-03`, `Mar 2026`, or an
/// Excel serial day number (a whole number from 20000 to 80000, 1954 to 2119).
pub fn looks_like_date(text: &str) -> bool {
    crate::input::dates::parse_date(text.trim(), None).is_ok()
}

/// How well a column's first values fit a field, from 0 to 1.
pub(super) fn value_fit(field: Field, values: &[&str], known: &Known) -> f64 {
    let vals: Vec<&str> = values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    if vals.is_empty() {
        return 0.0;
    }
    let share =
        |f: &dyn Fn(&str) -> bool| vals.iter().filter(|v| f(v)).count() as f64 / vals.len() as f64;
    let number = |v: &str| crate::num::parse_decimal(v).is_ok();
    match field {
        Field::Ote | Field::BookArr => share(&|v| {
            !v.contains('%')
                && crate::num::parse_decimal(v).is_ok_and(|d| d >= rust_decimal::Decimal::ONE)
        }),
        Field::Value => share(&number),
        Field::Start | Field::End => share(&|v| crate::input::dates::parse_date(v, None).is_ok()),
        Field::Id => share(&|v| !v.contains(char::is_whitespace)),
        Field::Name | Field::FirstName | Field::LastName => {
            share(&|v| v.chars().any(char::is_alphabetic) && !number(v))
        }
        Field::Level => {
            let levels = if known.levels.is_empty() {
                crate::input::levels::known_levels_all(known.plan, known.team)
            } else {
                known.levels.to_vec()
            };
            if levels.is_empty() {
                share(&|v| v.chars().any(char::is_alphabetic) && !number(v))
            } else {
                share(&|v| levels.iter().any(|l| l.eq_ignore_ascii_case(v)))
            }
        }
        Field::CsmId => {
            if known.team.is_empty() {
                share(&|v| !number(v))
            } else {
                share(&|v| {
                    known
                        .team
                        .iter()
                        .any(|c| c.id == v || c.name.eq_ignore_ascii_case(v))
                })
            }
        }
        Field::Metric => match known.plan {
            Some(p) => share(&|v| {
                let k = header_key(v);
                p.components
                    .iter()
                    .map(|c| (&c.id, &c.name))
                    .chain(p.spifs.iter().map(|s| (&s.id, &s.name)))
                    .any(|(id, name)| header_key(id) == k || header_key(name) == k)
                    || v.to_ascii_lowercase().starts_with("spif:")
            }),
            None => share(&|v| !number(v)),
        },
        Field::Period => {
            let named = |v: &str| {
                known.plan.is_some_and(|p| {
                    p.periods
                        .iter()
                        .any(|q| q.id.eq_ignore_ascii_case(v) || q.name.eq_ignore_ascii_case(v))
                }) || matches!(fold(v).as_str(), "year" | "fy")
            };
            share(&|v| named(v) || looks_like_date(v))
        }
    }
}

/// The plan column a bare header of an actuals file names: a metric or SPIF by id or name
/// (`GRR (%)`, `Gross revenue retention`, `C-level meetings`), as `actual:<id>` or
/// `spif:<id>`. `None` when it names none, or two.
pub(super) fn plan_column(keys: &PlanKeys, header: &str) -> Option<String> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    let mut found: Vec<&String> = keys
        .0
        .iter()
        .filter(|(id, name, _)| *id == key || *name == key)
        .map(|(_, _, column)| column)
        .collect();
    found.dedup();
    match found.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

/// The plan's metrics and SPIFs by the keys of their ids and names, worked out once per
/// guess: (id key, name key, `actual:<id>` or `spif:<id>`).
pub(super) struct PlanKeys(Vec<(String, String, String)>);

impl PlanKeys {
    pub(super) fn new(plan: Option<&Plan>) -> PlanKeys {
        let Some(plan) = plan else {
            return PlanKeys(Vec::new());
        };
        PlanKeys(
            plan.components
                .iter()
                .map(|c| {
                    (
                        header_key(&c.id),
                        header_key(&c.name),
                        format!("actual:{}", c.id),
                    )
                })
                .chain(plan.spifs.iter().map(|s| {
                    (
                        header_key(&s.id),
                        header_key(&s.name),
                        format!("spif:{}", s.id),
                    )
                }))
                // What payroll paid, in a plan with periods: a recorded payout.
                .chain(
                    [
                        "paid",
                        "gross pay",
                        "total paid",
                        "amount paid",
                        "total pay",
                        "gross earnings",
                    ]
                    .into_iter()
                    .filter(|_| plan.has_periods())
                    .map(|k| (header_key(k), header_key(k), "paid".to_string())),
                )
                .collect(),
        )
    }
}

/// The metric or SPIF a header resembles (by the words of its id and name, see
/// [`word_overlap`]), as `actual:<id>` or `spif:<id>`, with how much; `None` below 0.6.
pub(super) fn likely_plan_column(plan: &Plan, header: &str) -> Option<(Use, f64)> {
    if header.len() > MAX_HEADER {
        return None;
    }
    let hw = words(header);
    let score =
        |id: &str, name: &str| word_overlap(&hw, &words(id)).max(word_overlap(&hw, &words(name)));
    plan.components
        .iter()
        .map(|c| (format!("actual:{}", c.id), score(&c.id, &c.name)))
        .chain(
            plan.spifs
                .iter()
                .map(|s| (format!("spif:{}", s.id), score(&s.id, &s.name))),
        )
        .filter(|(_, r)| *r >= 0.6)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, r)| (Use::Column(c), r))
}

/// Guesses what each column of a header holds.
///
/// - `headers`: the header row as written; `first_values`: the first rows under it (a few
///   are enough), each as the cells of the row, which settle between two columns that both
///   fit (the one whose values are the plan's levels, the team's CSMs) and rank the
///   suggestions for a missing field;
/// - `known`: the plan and team the file goes into (may be empty);
/// - `given`: the user's mapping, which always wins.
///
/// Each field is read from one column. When several columns fit it, the best is read (the
/// user's, then the tool's own name, then — for a level or the CSM — the one whose first
/// values are the plan's levels or the team's CSMs, then the most telling known header) and
/// the others are ignored with a note; two that fit equally (`Name` and
/// `NAME`) are both left on it, and the importer refuses the pair naming both. With a full
/// name column, first and last name columns are ignored.
pub fn guess(
    layout: Layout,
    headers: &[&str],
    first_values: &[Vec<&str>],
    known: &Known,
    given: &ColumnMap,
) -> Guess {
    guess_impl(layout, headers, first_values, known, given, true)
}

/// How many distinct things a row read as a header would give (fields and plan columns):
/// how an importer tells its header from a report's title rows.
pub(crate) fn header_score(
    layout: Layout,
    headers: &[&str],
    known: &Known,
    given: &ColumnMap,
) -> usize {
    let g = guess_impl(layout, headers, &[], known, given, false);
    let mut seen: Vec<Use> = Vec::new();
    for c in &g.columns {
        let u = c.applied();
        let counts = match &u {
            Use::Ignore => false,
            Use::Field(_) => true,
            Use::Column(text) => text
                .split_once(':')
                .is_some_and(|(p, _)| matches!(fold(p).as_str(), "target" | "actual" | "spif")),
        };
        if counts && !seen.contains(&u) {
            seen.push(u);
        }
    }
    seen.len()
}

pub(super) fn guess_impl(
    layout: Layout,
    headers: &[&str],
    first_values: &[Vec<&str>],
    known: &Known,
    given: &ColumnMap,
    full: bool,
) -> Guess {
    let keys = PlanKeys::new(known.plan);
    let column_values = |j: usize| -> Vec<&str> {
        first_values
            .iter()
            .map(|r| r.get(j).copied().unwrap_or(""))
            .collect()
    };
    let mut columns: Vec<ColumnGuess> = Vec::with_capacity(headers.len());
    // (rank: lower is better) for fields.
    let mut ranks: Vec<Option<(Confidence, usize)>> = Vec::with_capacity(headers.len());
    for (j, raw) in headers.iter().enumerate() {
        let h = raw.trim();
        let mut g = ColumnGuess {
            column: j,
            header: raw.to_string(),
            guess: Use::Ignore,
            confidence: None,
            note: None,
        };
        let mut rank = None;
        if let Some(u) = given.get(h).filter(|_| !h.is_empty()) {
            // A plan column as the plan names it (`actual:EBR` → `actual:ebr`).
            g.guess = match u {
                Use::Column(text) => Use::Column(
                    colon_column(layout, known, &keys, text).unwrap_or_else(|| text.clone()),
                ),
                u => u.clone(),
            };
            g.confidence = Some(Confidence::Given);
            rank = Some((Confidence::Given, 0));
        } else if h.is_empty() {
        } else if let Some(c) = colon_column(layout, known, &keys, h) {
            g.guess = Use::Column(c);
            g.confidence = Some(Confidence::Exact);
        } else {
            let key = header_key(h);
            let folded = fold(h);
            let exact = layout.fields().iter().copied().find(|&f| {
                usable(f, known)
                    && (folded == f.name()
                        || (f == Field::CsmId && matches!(folded.as_str(), "id" | "csm")))
            });
            let hit = match exact {
                Some(f) => Some((f, Confidence::Exact, 0)),
                None => layout
                    .fields()
                    .iter()
                    .filter(|&&f| usable(f, known))
                    .find_map(|&f| {
                        f.known_headers()
                            .iter()
                            .position(|k| *k == key)
                            .map(|i| (f, Confidence::Known, i + 1))
                    }),
            };
            if let Some((f, c, r)) = hit {
                g.guess = Use::Field(f);
                g.confidence = Some(c);
                rank = Some((c, r));
            } else if layout == Layout::Actuals
                && let Some(c) = plan_column(&keys, h)
            {
                // A metric or SPIF by its id or name: `GRR (%)`, `Expansion ARR`.
                g.guess = Use::Column(c);
                g.confidence = Some(Confidence::Known);
            } else if h.contains(':') {
                // The importer says what is wrong with it.
                g.guess = Use::Column(h.to_string());
                g.confidence = Some(Confidence::Exact);
            }
        }
        columns.push(g);
        ranks.push(rank);
    }
    // One column per field: the best one, the others ignored with a note.
    for &f in layout.fields() {
        let cands: Vec<usize> = (0..columns.len())
            .filter(|&j| columns[j].guess == Use::Field(f) && ranks[j].is_some())
            .collect();
        if cands.len() < 2 {
            continue;
        }
        let score = |j: usize| {
            let (c, r) = ranks[j].unwrap_or((Confidence::Likely, usize::MAX));
            let fit = if c == Confidence::Known && matches!(f, Field::Level | Field::CsmId) {
                (value_fit(f, &column_values(j), known) * 1000.0) as i64
            } else {
                0
            };
            (c, fit, std::cmp::Reverse(r))
        };
        let best = cands.iter().map(|&j| score(j)).max();
        let Some(best) = best else { continue };
        let winners: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&j| score(j) == best)
            .collect();
        let Some(&first) = winners.first() else {
            continue;
        };
        for &j in &cands {
            if score(j) != best {
                columns[j].guess = Use::Ignore;
                columns[j].confidence = None;
                columns[j].note = Some(format!(
                    "{:?} is read as {}",
                    columns[first].header.trim(),
                    f.name()
                ));
            }
        }
    }
    // A full name makes first and last names redundant.
    if layout == Layout::Roster
        && let Some(n) = columns
            .iter()
            .position(|c| c.applied() == Use::Field(Field::Name))
    {
        let name = columns[n].header.trim().to_string();
        for c in &mut columns {
            if matches!(
                c.guess,
                Use::Field(Field::FirstName) | Use::Field(Field::LastName)
            ) && c.confidence != Some(Confidence::Given)
            {
                c.guess = Use::Ignore;
                c.confidence = None;
                c.note = Some(format!("{name:?} is read as name"));
            }
        }
    }
    if !full {
        return Guess {
            layout,
            columns,
            missing: Vec::new(),
            unmatched: Vec::new(),
        };
    }
    // Likely guesses for what is left, by resemblance of header and values.
    let taken: Vec<Field> = columns
        .iter()
        .filter_map(|c| match c.applied() {
            Use::Field(f) => Some(f),
            _ => None,
        })
        .collect();
    let mut likely: Vec<(usize, Use, f64)> = Vec::new();
    for (j, c) in columns.iter().enumerate() {
        if c.confidence.is_some() || c.note.is_some() || c.header.trim().is_empty() {
            continue;
        }
        let vals = column_values(j);
        let best = layout
            .fields()
            .iter()
            .filter(|f| !taken.contains(f) && usable(**f, known))
            .map(|&f| {
                let r = resemblance(&c.header, f);
                let fit = if first_values.is_empty() {
                    0.5
                } else {
                    value_fit(f, &vals, known)
                };
                (f, r, fit)
            })
            .filter(|(_, r, fit)| *r >= 0.6 && *fit >= 0.5)
            .max_by(|a, b| (a.1 + 0.25 * a.2).total_cmp(&(b.1 + 0.25 * b.2)));
        let field = best.map(|(f, r, _)| (Use::Field(f), r));
        // In an actuals file, a column whose header resembles a metric or SPIF.
        let plan_col = match (layout, known.plan) {
            (Layout::Actuals, Some(plan)) => likely_plan_column(plan, &c.header),
            _ => None,
        };
        let pick = match (field, plan_col) {
            (Some(a), Some(b)) => Some(if b.1 > a.1 { b } else { a }),
            (a, b) => a.or(b),
        };
        if let Some((u, r)) = pick {
            likely.push((j, u, r));
        }
    }
    for (j, u, _) in likely {
        columns[j].guess = u;
        columns[j].confidence = Some(Confidence::Likely);
    }
    // Required fields nothing is read as.
    let applied: Vec<Use> = columns.iter().map(ColumnGuess::applied).collect();
    let has = |f: Field| applied.contains(&Use::Field(f));
    let required: Vec<Field> = match layout {
        Layout::Roster => {
            let mut r = vec![Field::Id];
            if !has(Field::FirstName) && !has(Field::LastName) {
                r.push(Field::Name);
            }
            r.extend([Field::Level, Field::Ote, Field::BookArr]);
            r
        }
        Layout::Actuals => {
            let long = has(Field::Metric);
            let mut r = vec![Field::CsmId];
            if long {
                r.push(Field::Value);
            }
            r
        }
    };
    let mut missing = Vec::new();
    for f in required {
        if has(f) {
            continue;
        }
        let mut ranked: Vec<(usize, f64)> = (0..columns.len())
            .filter(|&j| applied[j] == Use::Ignore && !columns[j].header.trim().is_empty())
            .map(|j| {
                let r = resemblance(&columns[j].header, f);
                let fit = if first_values.is_empty() {
                    0.0
                } else {
                    value_fit(f, &column_values(j), known)
                };
                (j, r, r * 0.75 + fit * 0.25)
            })
            .filter(|(j, r, s)| (*r >= 0.5 && *s >= 0.45) || columns[*j].guess == Use::Field(f))
            .map(|(j, _, s)| (j, s))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        missing.push(Missing {
            field: f,
            closest: ranked.into_iter().take(3).map(|(j, _)| j).collect(),
        });
    }
    let unmatched = given
        .unmatched(headers)
        .into_iter()
        .map(str::to_string)
        .collect();
    Guess {
        layout,
        columns,
        missing,
        unmatched,
    }
}

/// A header with a `:` read as a plan column: any such header in a roster (the importer
/// checks it); `actual:…`, `spif:…` (and `target:…`, which the importer refuses) in an
/// actuals file, with a metric or SPIF named by its name written as its id where the plan
/// is known. `None` for anything else.
pub(super) fn colon_column(
    layout: Layout,
    known: &Known,
    keys: &PlanKeys,
    h: &str,
) -> Option<String> {
    match layout {
        Layout::Roster => h.contains(':').then(|| h.to_string()),
        Layout::Actuals => {
            let (prefix, rest) = h.split_once(':')?;
            let prefix = fold(prefix);
            // Anything else with a colon may be a metric's name ("Key activity: written
            // results strategy"): see `plan_column`.
            if !matches!(prefix.as_str(), "actual" | "spif" | "target") {
                return None;
            }
            if known.plan.is_none() {
                return Some(h.to_string());
            }
            let rest = rest.trim();
            // The whole rest a metric or SPIF, or split at a `:` into one and a period.
            let named = |text: &str| -> Option<String> {
                let c = plan_column(keys, text)?;
                let (kind, id) = c.split_once(':')?;
                let fits = (prefix == "spif") == (kind == "spif");
                (fits || prefix == "target").then(|| id.to_string())
            };
            if prefix != "target" {
                if let Some(id) = named(rest) {
                    return Some(format!("{prefix}:{id}"));
                }
                for (i, _) in rest.match_indices(':') {
                    if let Some(id) = named(&rest[..i]) {
                        return Some(format!("{prefix}:{id}:{}", rest[i + 1..].trim()));
                    }
                }
            }
            Some(h.to_string())
        }
    }
}

/// A start or end column is read only when the plan can place a day (it has a fiscal
/// year): a roster with hire dates for a plan without one imports as before, the dates
/// listed among the ignored columns. A mapping the user gives is read regardless, and the
/// importer says what the plan lacks.
fn usable(f: Field, known: &Known) -> bool {
    !matches!(f, Field::Start | Field::End)
        || known.plan.is_none_or(|p| p.period_starts().is_some())
}
