//! What leaves and what changed: the roster as the tool writes it, and an import's
//! changes to the team (added, removed, changed, values cleared).

use super::*;

/// A metric value in its unit, exact: `92.7%`, `130000`, `42`.
pub(super) fn metric_text(unit: Unit, v: Decimal) -> String {
    match unit {
        Unit::Percent => pct_exact(v),
        Unit::Money | Unit::Count => plain(v),
    }
}

/// The header [`export_roster`] writes for a plan.
/// With plan periods, the roster holds the annual components only: per-period results and
/// SPIF events are per period, and come in with `import-actuals` (docs/periods.md).
pub fn header(plan: &Plan) -> Vec<String> {
    let mut h: Vec<String> = REQUIRED.iter().map(|(n, _)| n.to_string()).collect();
    h.extend(roster_components(plan).map(|c| format!("target:{}", c.id)));
    h.extend(roster_components(plan).map(|c| format!("actual:{}", c.id)));
    h.extend(roster_spifs(plan).map(|s| format!("spif:{}", s.id)));
    h
}

/// The components a roster has columns for: all of them, or the annual ones with periods.
pub(super) fn roster_components(plan: &Plan) -> impl Iterator<Item = &crate::engine::Component> {
    plan.components.iter().filter(|c| c.measured.is_year())
}

/// The SPIFs a roster has columns for: none with periods (their events are per period).
pub(super) fn roster_spifs(plan: &Plan) -> impl Iterator<Item = &crate::engine::Spif> {
    plan.spifs.iter().filter(|_| !plan.has_periods())
}

/// A roster carries no per-period results: every CSM already on the team keeps their
/// results by period (matched by id), and their `start` and `end` unless the roster has
/// start or end columns (`employment`), so that importing a roster into a plan with
/// periods changes only what the roster holds.
pub fn keep_periods(old: &[Csm], new: &mut [Csm], employment: bool) {
    if old
        .iter()
        .all(|c| c.start.is_none() && c.end.is_none() && c.periods.is_empty())
    {
        return;
    }
    let by_id: HashMap<&str, &Csm> = old.iter().map(|c| (c.id.as_str(), c)).collect();
    for c in new {
        if let Some(o) = by_id.get(c.id.as_str()) {
            if !employment {
                c.start.clone_from(&o.start);
                c.end.clone_from(&o.end);
            }
            c.periods.clone_from(&o.periods);
        }
    }
}

/// The team as roster CSV, in the format [`import_roster`] reads: money as plain dollars and
/// cents, percentage metrics as `92.7%`, blank cells for targets, actuals and SPIF counts
/// the CSM does not have, formula-like text neutralised. When the plan has a fiscal year and
/// someone joins or leaves during it, `start` and `end` columns follow `book_arr` (a day or
/// a period, as the file holds it; blank for the whole year).
pub fn export_roster(plan: &Plan, team: &[Csm]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::with_capacity(team.len() * 128 + 256));
    let employment =
        plan.period_starts().is_some() && team.iter().any(|c| c.start.is_some() || c.end.is_some());
    // Every cell is neutralised: the header and numbers by `safe_cell` (a no-op for the
    // ids validation allows and the numbers written here), text by `escape_text`.
    let mut head = header(plan);
    if employment {
        let at = REQUIRED.len();
        head.splice(at..at, ["start".to_string(), "end".to_string()]);
    }
    write_safe_record(&mut w, &head);
    let mut row: Vec<String> = Vec::new();
    for csm in team {
        row.clear();
        row.push(escape_text(&csm.id));
        row.push(escape_text(&csm.name));
        row.push(escape_text(&csm.level));
        row.push(money_plain(csm.ote));
        row.push(money_plain(csm.book_arr));
        if employment {
            for t in [&csm.start, &csm.end] {
                row.push(t.as_deref().map_or_else(String::new, escape_text));
            }
        }
        for c in roster_components(plan) {
            row.push(
                csm.targets
                    .get(&c.id)
                    .map_or_else(String::new, |v| metric_text(c.unit, *v)),
            );
        }
        for c in roster_components(plan) {
            row.push(
                csm.actuals
                    .get(&c.id)
                    .map_or_else(String::new, |v| metric_text(c.unit, *v)),
            );
        }
        for s in roster_spifs(plan) {
            row.push(
                csm.spifs
                    .get(&s.id)
                    .map_or_else(String::new, |n| n.to_string()),
            );
        }
        // Text cells are already escaped (reversibly); `safe_cell` leaves them alone.
        write_safe_record(&mut w, &row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// How a new team differs from an old one, matched by CSM id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TeamDiff {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Id and the columns that changed (`name`, `ote`, `actual:grr`, ...).
    pub changed: Vec<(String, Vec<String>)>,
    pub unchanged: usize,
}

/// Compares two teams CSM by CSM (by id; order is ignored).
pub fn diff(plan: &Plan, old: &[Csm], new: &[Csm]) -> TeamDiff {
    let old_by_id: HashMap<&str, &Csm> = old.iter().map(|c| (c.id.as_str(), c)).collect();
    let new_ids: HashMap<&str, ()> = new.iter().map(|c| (c.id.as_str(), ())).collect();
    let mut d = TeamDiff::default();
    for n in new {
        let Some(o) = old_by_id.get(n.id.as_str()) else {
            d.added.push(n.id.clone());
            continue;
        };
        let mut cols = Vec::new();
        if o.name != n.name {
            cols.push("name".to_string());
        }
        if o.level != n.level {
            cols.push("level".to_string());
        }
        if o.ote != n.ote {
            cols.push("ote".to_string());
        }
        if o.start != n.start {
            cols.push("start".to_string());
        }
        if o.end != n.end {
            cols.push("end".to_string());
        }
        if o.book_arr != n.book_arr {
            cols.push("book_arr".to_string());
        }
        for (what, a, b) in [
            ("target", &o.targets, &n.targets),
            ("actual", &o.actuals, &n.actuals),
        ] {
            for c in &plan.components {
                if a.get(&c.id) != b.get(&c.id) {
                    cols.push(format!("{what}:{}", c.id));
                }
            }
        }
        for s in &plan.spifs {
            if o.spifs.get(&s.id) != n.spifs.get(&s.id) {
                cols.push(format!("spif:{}", s.id));
            }
        }
        if cols.is_empty() {
            d.unchanged += 1;
        } else {
            d.changed.push((n.id.clone(), cols));
        }
    }
    d.removed = old
        .iter()
        .filter(|o| !new_ids.contains_key(o.id.as_str()))
        .map(|o| o.id.clone())
        .collect();
    d
}

impl TeamDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// The counts in one line: "0 added, 12 removed, 1 changed, 2 unchanged".
    pub fn counts(&self) -> String {
        format!(
            "{} added, {} removed, {} changed, {} unchanged",
            self.added.len(),
            self.removed.len(),
            self.changed.len(),
            self.unchanged
        )
    }
}

/// What an import clears because the file has no column for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClearedKind {
    /// Own targets (`target:` columns): those CSMs get the plan's target.
    Targets,
    /// Projected actuals (`actual:` columns): those metrics count as 0% attainment.
    Actuals,
    /// Projected SPIF events (`spif:` columns).
    SpifEvents,
}

/// Values the CSMs had before an import that the import clears, because the file has no
/// column for them (the import replaces the team; a column left out is a blank cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleared {
    pub kind: ClearedKind,
    /// The absent columns that held values, in plan order (`target:expansion`).
    pub columns: Vec<String>,
    /// Ids of the CSMs (in the imported team) that lose a value, in team order.
    pub csms: Vec<String>,
}

/// What importing `imported` over the team `old` clears for lack of a column: for each kind
/// (own targets, actuals, SPIF events), the absent columns for which some CSM kept in the
/// team had a value, and those CSMs. Empty when nothing is lost that way.
pub fn cleared(plan: &Plan, old: &[Csm], imported: &Imported) -> Vec<Cleared> {
    let old_by_id: HashMap<&str, &Csm> = old.iter().map(|c| (c.id.as_str(), c)).collect();
    let kept: Vec<&Csm> = imported
        .team
        .iter()
        .filter_map(|n| old_by_id.get(n.id.as_str()).copied())
        .collect();
    let mut out = Vec::new();
    for kind in [
        ClearedKind::Targets,
        ClearedKind::Actuals,
        ClearedKind::SpifEvents,
    ] {
        let (prefix, ids): (&str, Vec<&str>) = match kind {
            ClearedKind::Targets => (
                "target",
                plan.components.iter().map(|c| c.id.as_str()).collect(),
            ),
            ClearedKind::Actuals => (
                "actual",
                plan.components.iter().map(|c| c.id.as_str()).collect(),
            ),
            ClearedKind::SpifEvents => ("spif", plan.spifs.iter().map(|s| s.id.as_str()).collect()),
        };
        let has = |c: &Csm, id: &str| match kind {
            ClearedKind::Targets => c.targets.contains_key(id),
            ClearedKind::Actuals => c.actuals.contains_key(id),
            ClearedKind::SpifEvents => c.spifs.contains_key(id),
        };
        let absent: Vec<&str> = ids
            .into_iter()
            .filter(|id| imported.absent_columns.contains(&format!("{prefix}:{id}")))
            .collect();
        let columns: Vec<String> = absent
            .iter()
            .filter(|id| kept.iter().any(|c| has(c, id)))
            .map(|id| format!("{prefix}:{id}"))
            .collect();
        if columns.is_empty() {
            continue;
        }
        let csms = kept
            .iter()
            .filter(|c| absent.iter().any(|id| has(c, id)))
            .map(|c| c.id.clone())
            .collect();
        out.push(Cleared {
            kind,
            columns,
            csms,
        });
    }
    out
}

impl Cleared {
    /// The warning, e.g. "the roster has no `target:expansion` column: the own targets of 2
    /// CSMs (csm-02, csm-03) would be cleared, and they would get the plan's targets".
    /// `done` says it in the past tense (the import happened).
    pub fn message(&self, done: bool) -> String {
        let cols: Vec<String> = self.columns.iter().map(|c| format!("`{c}`")).collect();
        let n = self.csms.len();
        let whose = if n == 1 {
            "1 CSM".to_string()
        } else {
            format!("{n} CSMs")
        };
        let (what, then) = match (self.kind, done) {
            (ClearedKind::Targets, false) => ("own targets", "they would get the plan's targets"),
            (ClearedKind::Targets, true) => ("own targets", "they now get the plan's targets"),
            (ClearedKind::Actuals, false) => (
                "projected actuals",
                "those metrics would count as 0% attainment",
            ),
            (ClearedKind::Actuals, true) => (
                "projected actuals",
                "those metrics now count as 0% attainment",
            ),
            (ClearedKind::SpifEvents, false) => (
                "projected SPIF events",
                "those SPIFs would pay them nothing",
            ),
            (ClearedKind::SpifEvents, true) => {
                ("projected SPIF events", "those SPIFs now pay them nothing")
            }
        };
        format!(
            "the roster has no {} column{}: the {what} of {whose} ({}) {} cleared, and {then}",
            join_or(&cols),
            if cols.len() == 1 { "" } else { "s" },
            listed(self.csms.iter().cloned()),
            if done { "were" } else { "would be" },
        )
    }
}

/// "a", "a or b", "a, b or c".
pub(super) fn join_or(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// At most this many CSMs are named per line of a diff.
pub(super) const DIFF_LISTED: usize = 20;

pub(super) fn listed(ids: impl ExactSizeIterator<Item = String>) -> String {
    let n = ids.len();
    let mut s: Vec<String> = ids.take(DIFF_LISTED).collect();
    if n > DIFF_LISTED {
        s.push(format!("and {} more", n - DIFF_LISTED));
    }
    s.join(", ")
}

impl fmt::Display for TeamDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "  added: {}", self.added.len())?;
        if !self.added.is_empty() {
            write!(f, " ({})", listed(self.added.iter().cloned()))?;
        }
        write!(f, "\n  removed: {}", self.removed.len())?;
        if !self.removed.is_empty() {
            write!(f, " ({})", listed(self.removed.iter().cloned()))?;
        }
        write!(f, "\n  changed: {}", self.changed.len())?;
        if !self.changed.is_empty() {
            let items = self
                .changed
                .iter()
                .map(|(id, cols)| format!("{id} [{}]", cols.join(", ")));
            write!(f, " ({})", listed(items))?;
        }
        write!(f, "\n  unchanged: {}", self.unchanged)
    }
}
