//! A comparison as text: an aligned table for the terminal, Markdown for a document to
//! finance, JSON with every figure, and CSV of the per-CSM table.
//!
//! Variants are labelled `[1]`..`[4]` in the order given; `[1]` is the baseline.
//! Owns: turning a `Comparison` into strings. Must not: compute pay or do I/O.

use super::report::{aligned, findings_json, ratio, write_safe_record};
use crate::analysis::compare::{
    Becomes, Comparison, CsmCell, Figures, LevelFigures, Move, VariantSummary,
};
use crate::engine::Finding;
use crate::engine::validate::MAX_LISTED;
use crate::num::{money, money_plain, pct, pct_exact};
use crate::text::escape_invisible;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

mod data;
pub use data::{csv, csv_levels, json};

/// Shown where a CSM is not in a variant's team.
pub const MISSING: &str = "missing";
/// Shown where a figure does not apply (the baseline against itself).
const NONE: &str = "—";

fn label(k: usize) -> String {
    format!("[{}]", k + 1)
}

/// Signed money to the cent: `+$1,234.56`, `-$350.00`, `$0.00`.
pub fn signed_money(v: Decimal) -> String {
    if v > Decimal::ZERO {
        format!("+{}", money(v))
    } else {
        money(v)
    }
}

/// A signed percentage with one decimal: `+4.5%`, `-0.3%`, `0.0%`.
pub fn signed_pct(fraction: Decimal) -> String {
    let v = (fraction * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    if v.is_zero() {
        "0.0%".into()
    } else if v > Decimal::ZERO {
        format!("+{v:.1}%")
    } else {
        format!("{v:.1}%")
    }
}

fn change_text(change: Decimal, pct: Option<Decimal>) -> String {
    match pct {
        Some(p) => format!("{} ({})", signed_money(change), signed_pct(p)),
        None => signed_money(change),
    }
}

fn move_text(m: &Option<Move>) -> String {
    match m {
        Some(m) => format!(
            "{} {} {}",
            m.id,
            m.name,
            change_text(m.change, m.change_pct)
        ),
        None => "nobody".into(),
    }
}

fn scale_words(cmp: &Comparison) -> String {
    match cmp.scale {
        Some(s) if cmp.variants.first().is_some_and(|b| b.own_scale == s) => {
            format!("every scenario at [1]'s attainment scale, {}", pct_exact(s))
        }
        Some(s) => format!("every scenario at attainment scale {}", pct_exact(s)),
        None => "each scenario at its own attainment scale".into(),
    }
}

/// The what-if note (see [`Comparison::whatif_note`]) as a line, or nothing.
fn whatif_line(cmp: &Comparison) -> String {
    cmp.whatif_note()
        .map_or_else(String::new, |n| format!("{n}\n"))
}

/// One line per figure of the team summary: label, then a cell per variant.
fn team_lines(cmp: &Comparison) -> Vec<(String, Vec<String>)> {
    type Get = fn(&Figures) -> String;
    type GetVs = fn(&crate::analysis::compare::Versus) -> String;
    let fig = |get: Get| -> Vec<String> {
        cmp.variants
            .iter()
            .map(|v| v.figures.as_ref().map_or_else(|| NONE.into(), get))
            .collect()
    };
    let vs = |get: GetVs| -> Vec<String> {
        cmp.variants
            .iter()
            .map(|v| {
                v.figures
                    .as_ref()
                    .and_then(|f| f.versus.as_ref())
                    .map_or_else(|| NONE.into(), get)
            })
            .collect()
    };
    // Recorded payouts: their difference to the plan, so that the cash adds up.
    let adjusted = cmp
        .variants
        .iter()
        .any(|v| v.figures.as_ref().is_some_and(|f| !f.adjustment.is_zero()));
    let adjustment = adjusted.then(|| {
        (
            "Recorded pay adjustment".to_string(),
            fig(|f| money(f.adjustment)),
        )
    });
    let mut rows = vec![
        ("CSMs".into(), fig(|f| f.csms.to_string())),
        ("Attainment scale".into(), fig(|f| pct_exact(f.scale))),
        ("Base".into(), fig(|f| money(f.base))),
        ("Variable".into(), fig(|f| money(f.variable))),
        ("SPIF".into(), fig(|f| money(f.spif))),
        ("Cash cost".into(), fig(|f| money(f.cash))),
        (
            "Change in cash cost".into(),
            vs(|v| change_text(v.cash_change, v.cash_change_pct)),
        ),
        ("Burden rate".into(), fig(|f| pct_exact(f.burden_rate))),
        ("Fully loaded cost".into(), fig(|f| money(f.loaded_cost))),
        (
            "Change in loaded cost".into(),
            vs(|v| signed_money(v.loaded_cost_change)),
        ),
        (
            "Planned cost at 100%".into(),
            fig(|f| money(f.planned_cost)),
        ),
        (
            "Change in planned cost".into(),
            vs(|v| signed_money(v.planned_cost_change)),
        ),
        ("Book ARR".into(), fig(|f| money(f.book_arr))),
        (
            "Loaded cost as % of book ARR".into(),
            fig(|f| pct(f.cost_pct_of_arr, 2)),
        ),
        (
            "Worst case (lowest, % of OTE)".into(),
            fig(|f| pct(f.downside_pct, 1)),
        ),
        ("CSMs who gain".into(), vs(|v| v.gain.to_string())),
        ("CSMs who lose".into(), vs(|v| v.lose.to_string())),
        ("CSMs unchanged".into(), vs(|v| v.same.to_string())),
        (
            "CSMs added / removed".into(),
            vs(|v| format!("{} / {}", v.added, v.removed)),
        ),
        ("Biggest gain".into(), vs(|v| move_text(&v.biggest_gain))),
        ("Biggest loss".into(), vs(|v| move_text(&v.biggest_loss))),
    ];
    if let Some(row) = adjustment {
        rows.insert(5, row);
    }
    rows
}

/// The crossings and, for a variant whose line never crosses, which side it stays on.
fn curve_sentences(cmp: &Comparison) -> Vec<String> {
    let c = &cmp.curve;
    let (Some(first), Some(last)) = (c.scales.first(), c.scales.last()) else {
        return Vec::new();
    };
    let range = format!("from {} to {}", pct_exact(*first), pct_exact(*last));
    let mut out = Vec::new();
    let Some(Some(base)) = c.cash.first() else {
        return out;
    };
    for (k, line) in c.cash.iter().enumerate().skip(1) {
        let Some(line) = line else {
            out.push(format!("{} cannot be computed.", label(k)));
            continue;
        };
        let crossings: Vec<_> = c.crossings.iter().filter(|x| x.variant == k).collect();
        if crossings.is_empty() {
            let dearer = line.iter().zip(base).any(|(x, b)| x > b);
            let cheaper = line.iter().zip(base).any(|(x, b)| x < b);
            let same = line.iter().zip(base).any(|(x, b)| x == b);
            let how = match (dearer, cheaper, same) {
                (false, false, _) => "costs the same as [1] at every scale",
                (true, _, false) => "costs more than [1] at every scale",
                (true, _, true) => "costs no less than [1] at any scale",
                (_, _, false) => "costs less than [1] at every scale",
                (_, _, true) => "costs no more than [1] at any scale",
            };
            out.push(format!("{} {how} {range}.", label(k)));
        }
        for x in crossings {
            out.push(format!(
                "{} becomes {} than [1] between {} and {} attainment.",
                label(k),
                match x.becomes {
                    Becomes::Dearer => "dearer",
                    Becomes::Cheaper => "cheaper",
                },
                pct_exact(x.from),
                pct_exact(x.to)
            ));
        }
    }
    out
}

fn cell_total(c: &Option<CsmCell>) -> String {
    c.as_ref()
        .map_or_else(|| MISSING.into(), |c| money(c.total))
}

fn cell_change(c: &Option<CsmCell>) -> String {
    match c {
        None => MISSING.into(),
        Some(CsmCell {
            change: Some(d), ..
        }) => signed_money(*d),
        Some(_) => "new".into(),
    }
}

fn cell_pct(c: &Option<CsmCell>) -> String {
    match c {
        None => MISSING.into(),
        Some(c) => c.change_pct().map_or_else(|| NONE.into(), signed_pct),
    }
}

/// The per-CSM table's header and rows (as displayed).
fn csm_grid(cmp: &Comparison) -> (Vec<String>, Vec<Vec<String>>, Vec<bool>) {
    let n = cmp.variants.len();
    let mut header = vec!["ID".to_string(), "Name".into(), "Level".into()];
    let mut right = vec![false, false, false];
    for k in 0..n {
        header.push(format!("{} total", label(k)));
        right.push(true);
        if k > 0 {
            header.push(format!("{} change", label(k)));
            header.push(format!("{} %", label(k)));
            right.extend([true, true]);
        }
    }
    let rows = cmp
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![r.id.clone(), r.name.clone(), r.level.clone()];
            for (k, c) in r.cells.iter().enumerate() {
                cells.push(cell_total(c));
                if k > 0 {
                    cells.push(cell_change(c));
                    cells.push(cell_pct(c));
                }
            }
            cells
        })
        .collect();
    (header, rows, right)
}

/// The cost curve's header and rows: scale, cash per variant, difference to [1].
fn curve_grid(cmp: &Comparison) -> (Vec<String>, Vec<Vec<String>>) {
    let n = cmp.variants.len();
    let mut header = vec!["Scale".to_string()];
    for k in 0..n {
        header.push(label(k));
    }
    for k in 1..n {
        header.push(format!("{} − [1]", label(k)));
    }
    let c = &cmp.curve;
    let rows = c
        .scales
        .iter()
        .enumerate()
        .map(|(p, s)| {
            let mut row = vec![pct_exact(*s)];
            let at = |k: usize| c.cash.get(k).and_then(|l| l.as_ref()).map(|l| l[p]);
            for k in 0..n {
                row.push(at(k).map_or_else(|| NONE.into(), money));
            }
            for k in 1..n {
                row.push(match (at(k), at(0)) {
                    (Some(x), Some(b)) => signed_money(x - b),
                    _ => NONE.into(),
                });
            }
            row
        })
        .collect();
    (header, rows)
}

/// One variant's figures for one level: `None` when the variant cannot be computed, an
/// empty level (no CSMs) when its team has nobody at that level.
fn level_of<'a>(v: &'a VariantSummary, level: &str) -> Option<Option<&'a LevelFigures>> {
    let f = v.figures.as_ref()?;
    Some(f.levels.iter().find(|l| l.level == level))
}

/// The by-level table: a row per level and variant, with head count, cash, and the
/// average, lowest and highest % of OTE.
fn level_grid(cmp: &Comparison) -> (Vec<String>, Vec<Vec<String>>, Vec<bool>) {
    let header = [
        "Level",
        "Scenario",
        "CSMs",
        "Cash",
        "Average % of OTE",
        "Lowest",
        "Highest",
    ]
    .map(String::from)
    .to_vec();
    let right = vec![false, false, true, true, true, true, true];
    let mut rows = Vec::new();
    for level in &cmp.levels {
        for (k, v) in cmp.variants.iter().enumerate() {
            let mut row = vec![level.clone(), label(k)];
            match level_of(v, level) {
                None => row.extend(std::iter::repeat_n(NONE.to_string(), 5)),
                Some(None) => {
                    row.extend(["0".to_string(), money(Decimal::ZERO)]);
                    row.extend(std::iter::repeat_n(NONE.to_string(), 3));
                }
                Some(Some(l)) => row.extend([
                    l.csms.to_string(),
                    money(l.cash),
                    pct(l.avg_pct, 1),
                    pct(l.min_pct, 1),
                    pct(l.max_pct, 1),
                ]),
            }
            rows.push(row);
        }
    }
    (header, rows, right)
}

fn warning_lines(v: &VariantSummary) -> Option<(Vec<&Finding>, Vec<&Finding>)> {
    let vs = v.figures.as_ref()?.versus.as_ref()?;
    Some((
        vs.warnings_new.iter().collect(),
        vs.warnings_gone.iter().collect(),
    ))
}

/// An aligned report for the terminal.
pub fn table(cmp: &Comparison, sources: &[String]) -> String {
    let n = cmp.variants.len();
    let mut out = format!(
        "Plan comparison: {n} scenarios, {}; [1] is the baseline.\n{}",
        scale_words(cmp),
        whatif_line(cmp)
    );
    for (k, v) in cmp.variants.iter().enumerate() {
        out += &format!("  {} {}", label(k), escape_invisible(&v.name));
        if let Some(s) = sources.get(k) {
            out += &format!(" ({s})");
        }
        out.push('\n');
    }
    for (k, v) in cmp.variants.iter().enumerate() {
        for e in &v.errors {
            out += &format!(
                "  {} cannot be computed: {}: {}\n",
                label(k),
                e.location,
                e.message
            );
        }
    }

    out += "\nTeam\n";
    let mut header = vec!["Figure".to_string()];
    header.extend((0..n).map(label));
    let rows: Vec<Vec<String>> = team_lines(cmp)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("Biggest"))
        .map(|(k, cells)| std::iter::once(k).chain(cells).collect())
        .collect();
    let mut right = vec![false];
    right.extend(std::iter::repeat_n(true, n));
    out += &aligned(&header, &rows, &right);

    out += "\nBy level\n";
    let (h, r, right) = level_grid(cmp);
    out += &aligned(&h, &r, &right);

    out += "\nBiggest changes against [1]\n";
    for (k, v) in cmp.variants.iter().enumerate().skip(1) {
        if let Some(vs) = v.figures.as_ref().and_then(|f| f.versus.as_ref()) {
            out += &format!(
                "  {} gain: {}; loss: {}\n",
                label(k),
                move_text(&vs.biggest_gain),
                move_text(&vs.biggest_loss)
            );
        }
    }

    out += "\nPlan changes against [1]\n";
    for (k, v) in cmp.variants.iter().enumerate().skip(1) {
        out += &format!("  {} {}\n", label(k), escape_invisible(&v.name));
        if v.plan_changes.is_empty() {
            out += "    (no changes)\n";
        }
        for c in &v.plan_changes {
            out += &format!("    - {c}\n");
        }
    }

    out += "\nGuardrail warnings that differ from [1]\n";
    for (k, v) in cmp.variants.iter().enumerate().skip(1) {
        let Some((new, gone)) = warning_lines(v) else {
            continue;
        };
        out += &format!("  {} {}\n", label(k), escape_invisible(&v.name));
        if new.is_empty() && gone.is_empty() {
            out += "    (the same warnings)\n";
        }
        for f in new.iter().take(MAX_LISTED) {
            out += &format!("    + [{}] {}\n", f.code, f.message);
        }
        for f in gone.iter().take(MAX_LISTED) {
            out += &format!("    - [{}] {}\n", f.code, f.message);
        }
        let more = new.len().saturating_sub(MAX_LISTED) + gone.len().saturating_sub(MAX_LISTED);
        if more > 0 {
            out += &format!("    … and {more} more\n");
        }
    }

    out += "\nCost curve: team cash by attainment scale\n";
    let (h, r) = curve_grid(cmp);
    let right = vec![true; h.len()];
    out += &aligned(&h, &r, &right);
    for s in curve_sentences(cmp) {
        out += &format!("{s}\n");
    }

    out += "\nPer CSM\n";
    let (h, r, right) = csm_grid(cmp);
    out += &aligned(&h, &r, &right);
    out
}

fn md_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

/// A Markdown table whose columns `text` are the user's text (names, levels), escaped in
/// full (see [`crate::text::md`]); the other cells are figures and labels.
fn md_table_text(
    header: &[String],
    rows: &[Vec<String>],
    right: &[bool],
    text: &[usize],
) -> String {
    let mut out = format!(
        "| {} |\n",
        header
            .iter()
            .map(|h| md_escape(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let seps: Vec<&str> = (0..header.len())
        .map(|i| {
            if right.get(i).copied().unwrap_or(false) {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    out += &format!("| {} |\n", seps.join(" | "));
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(j, c)| {
                if text.contains(&j) {
                    crate::text::md(c)
                } else {
                    md_escape(c)
                }
            })
            .collect();
        out += &format!("| {} |\n", cells.join(" | "));
    }
    out
}

fn md_table(header: &[String], rows: &[Vec<String>], right: &[bool]) -> String {
    md_table_text(header, rows, right, &[])
}

/// Markdown for a document to finance: headings, tables, the plan changes as bullets.
pub fn markdown(cmp: &Comparison, sources: &[String]) -> String {
    let n = cmp.variants.len();
    let mut out = format!(
        "# Plan comparison\n\n{n} scenarios, {}. [1] is the baseline; changes are against it.\n\n",
        scale_words(cmp)
    );
    if let Some(note) = cmp.whatif_note() {
        out += &format!("{}\n\n", md_escape(&note));
    }
    let rows: Vec<Vec<String>> = cmp
        .variants
        .iter()
        .enumerate()
        .map(|(k, v)| {
            vec![
                label(k),
                v.name.clone(),
                sources
                    .get(k)
                    .map_or_else(String::new, |s| format!("`{}`", s.replace('`', "'"))),
            ]
        })
        .collect();
    out += &md_table_text(
        &["".into(), "Scenario".into(), "Source".into()],
        &rows,
        &[],
        &[1],
    );
    for (k, v) in cmp.variants.iter().enumerate() {
        for e in &v.errors {
            out += &format!(
                "\n{} cannot be computed: {}: {}\n",
                label(k),
                md_escape(&e.location),
                md_escape(&e.message)
            );
        }
    }

    out += "\n## Team cost\n\n";
    let mut header = vec!["Figure".to_string()];
    header.extend((0..n).map(label));
    let rows: Vec<Vec<String>> = team_lines(cmp)
        .into_iter()
        .map(|(k, cells)| std::iter::once(k).chain(cells).collect())
        .collect();
    let mut right = vec![false];
    right.extend(std::iter::repeat_n(true, n));
    out += &md_table(&header, &rows, &right);

    out += "\n## By level\n\n";
    let (h, r, right) = level_grid(cmp);
    out += &md_table_text(&h, &r, &right, &[0]);

    out += "\n## Plan changes\n";
    for (k, v) in cmp.variants.iter().enumerate().skip(1) {
        out += &format!(
            "\n### {} {} against [1]\n\n",
            label(k),
            crate::text::md(&v.name)
        );
        if v.plan_changes.is_empty() {
            out += "No changes.\n";
        }
        for c in &v.plan_changes {
            out += &format!("- {}\n", md_escape(c));
        }
    }

    out += "\n## Guardrail warnings that differ\n";
    for (k, v) in cmp.variants.iter().enumerate().skip(1) {
        let Some((new, gone)) = warning_lines(v) else {
            continue;
        };
        out += &format!("\n### {} {}\n\n", label(k), crate::text::md(&v.name));
        if new.is_empty() && gone.is_empty() {
            out += "The same warnings as [1].\n";
        }
        for f in new.iter().take(MAX_LISTED) {
            out += &format!("- New: **{}**: {}\n", f.code, md_escape(&f.message));
        }
        for f in gone.iter().take(MAX_LISTED) {
            out += &format!("- Gone: **{}**: {}\n", f.code, md_escape(&f.message));
        }
        let more = new.len().saturating_sub(MAX_LISTED) + gone.len().saturating_sub(MAX_LISTED);
        if more > 0 {
            out += &format!("- … and {more} more\n");
        }
    }

    out += "\n## Cost curve\n\nTeam cash cost by team attainment scale.\n\n";
    let (h, r) = curve_grid(cmp);
    let right = vec![true; h.len()];
    out += &md_table(&h, &r, &right);
    out.push('\n');
    for s in curve_sentences(cmp) {
        out += &format!("{s}\n");
    }
    // The sentences the compare screen answers with, one per plan.
    out.push('\n');
    for k in 1..cmp.variants.len() {
        out += &format!("{}\n", md_escape(&curve_answer(cmp, k)));
    }

    out += "\n## Per CSM\n\n";
    let (h, r, right) = csm_grid(cmp);
    out += &md_table_text(&h, &r, &right, &[0, 1, 2]);
    out
}

/// How variant `k`'s cost line runs against the baseline's, in one sentence naming both:
/// "Plan B costs more than Plan A above about 101% team attainment (less below)."
/// Where the lines cross, the point is read off the straight line between the two
/// neighbouring points of the curve (see [`crate::analysis::compare::crossing_estimate`]).
pub fn curve_answer(cmp: &Comparison, k: usize) -> String {
    let c = &cmp.curve;
    let name = |i: usize| {
        cmp.variants.get(i).map_or_else(
            || "?".to_string(),
            |v| escape_invisible(&v.name).into_owned(),
        )
    };
    let (a, b) = (name(0), name(k));
    let (Some(first), Some(last)) = (c.scales.first(), c.scales.last()) else {
        return String::new();
    };
    let range = format!("from {} to {}", pct_exact(*first), pct_exact(*last));
    let (Some(Some(base)), Some(Some(line))) = (c.cash.first(), c.cash.get(k)) else {
        return format!("{b} and {a} cannot both be computed, so their costs are not compared.");
    };
    let xs: Vec<_> = c.crossings.iter().filter(|x| x.variant == k).collect();
    let at = |x: &crate::analysis::compare::Crossing| {
        crate::analysis::compare::crossing_estimate(c, x)
            .map_or_else(|| pct_exact(x.to), |p| pct(p, 0))
    };
    let word = |b: Becomes| match b {
        Becomes::Dearer => "more",
        Becomes::Cheaper => "less",
    };
    match xs.as_slice() {
        [] => {
            let dearer = line.iter().zip(base).any(|(x, b)| x > b);
            let cheaper = line.iter().zip(base).any(|(x, b)| x < b);
            let same = line.iter().zip(base).any(|(x, b)| x == b);
            let how = match (dearer, cheaper, same) {
                (false, false, _) => "costs the same as",
                (true, _, false) => "costs more than",
                (true, _, true) => "never costs less than",
                (_, _, false) => "costs less than",
                (_, _, true) => "never costs more than",
            };
            format!("{b} {how} {a} at every team attainment {range}.")
        }
        [x] => format!(
            "{b} costs {} than {a} above about {} team attainment ({} below).",
            word(x.becomes),
            at(x),
            match x.becomes {
                Becomes::Dearer => "less",
                Becomes::Cheaper => "more",
            }
        ),
        many => {
            let parts: Vec<String> = many
                .iter()
                .map(|x| format!("{} above about {}", word(x.becomes), at(x)))
                .collect();
            format!(
                "{b} crosses {a} {} times: it costs {} team attainment.",
                many.len(),
                parts.join(", then ")
            )
        }
    }
}
