//! Levels in a roster against the plan's: a level picks the CSM's pay mix, so a level the
//! plan does not know (`Sr. CSM` where the plan says `Senior CSM`) would quietly get the
//! default mix. Such levels are found before anything is written, each with the plan's
//! nearest level, and are mapped by the user (`Sr. CSM=Senior CSM`).
//!
//! Owns: the plan's levels, matching a roster's levels to them, suggestions, level
//! mappings. Must not: read files.

use crate::engine::{Csm, Plan};
use crate::input::words::{word_overlap, words};

/// The levels of a plan and its team: the levels with their own pay mix (`level_mix`), then
/// the levels the team uses (which get the default mix), each once, in that order.
pub fn known_levels_all(plan: Option<&Plan>, team: &[Csm]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |l: &str| {
        let l = l.trim();
        if !l.is_empty() && !out.iter().any(|x| x == l) {
            out.push(l.to_string());
        }
    };
    if let Some(p) = plan {
        for l in p.level_mix.keys() {
            push(l);
        }
    }
    for c in team {
        push(&c.level);
    }
    out
}

/// The levels a roster's levels are checked against, or `None` when levels do not matter:
/// a plan without a pay mix per level pays every level alike, so any level is taken.
pub fn known_levels(plan: &Plan, team: &[Csm]) -> Option<Vec<String>> {
    if plan.level_mix.is_empty() {
        None
    } else {
        Some(known_levels_all(Some(plan), team))
    }
}

/// A level as compared when only letter case and blanks differ: `senior  csm` is
/// `Senior CSM`.
fn same(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// How alike two levels are, from 0 to 1, by their words with abbreviations written out
/// (`Sr`→senior, `Jr`→junior, `Mgr`→manager, `CSM`→customer success manager, `2`→ii).
pub fn similarity(a: &str, b: &str) -> f64 {
    word_overlap(&words(a), &words(b))
}

/// The plan's levels nearest to `level`, best first: at most three, each at least a third
/// alike (see [`similarity`]) and about as alike as the nearest; ties keep the plan's order.
pub fn nearest(level: &str, known: &[String]) -> Vec<String> {
    let mut scored: Vec<(usize, f64)> = known
        .iter()
        .enumerate()
        .map(|(i, k)| (i, similarity(level, k)))
        .filter(|(_, s)| *s >= 0.34)
        // Between levels that share as many words, the one spelled closer first
        // (`CSM III` is nearer `CSM II` than `Principal CSM`).
        .map(|(i, s)| (i, s + 0.05 * spelled(level, &known[i])))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    // Only those about as near as the nearest.
    let best = scored.first().map_or(0.0, |s| s.1);
    scored
        .into_iter()
        .filter(|(_, s)| *s >= best - 0.1)
        .take(3)
        .map(|(i, _)| known[i].clone())
        .collect()
}

/// How alike two texts are spelled, from 0 to 1: one less the edit distance over the longer
/// (letter case ignored).
fn spelled(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (
        a.to_lowercase().chars().collect(),
        b.to_lowercase().chars().collect(),
    );
    let n = a.len().max(b.len());
    if n == 0 || n > 200 {
        return 0.0;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    1.0 - prev[b.len()] as f64 / n as f64
}

/// The user's level mapping: a roster's level → a level of the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LevelMap {
    pub entries: Vec<(String, String)>,
}

impl LevelMap {
    /// Reads `FILE LEVEL=PLAN LEVEL` entries (`Sr. CSM=Senior CSM`), split at the last `=`.
    /// The right side must be one of `known` (matched ignoring case and blanks; it is stored
    /// as the plan writes it), or `default` (or the level itself) to keep the level as
    /// written, with the plan's default pay mix (stored as the level mapped to itself).
    /// Every bad entry is named.
    pub fn parse(entries: &[String], known: &[String]) -> Result<LevelMap, Vec<String>> {
        let mut map = LevelMap::default();
        let mut errors = Vec::new();
        for e in entries {
            let Some((from, to)) = e.rsplit_once('=') else {
                errors.push(format!(
                    "--map-level {e:?}: write it as LEVEL=PLAN LEVEL, e.g. --map-level \"Sr. CSM=Senior CSM\""
                ));
                continue;
            };
            let (from, to) = (from.trim(), to.trim());
            if from.is_empty() {
                errors.push(format!(
                    "--map-level {e:?}: the roster's level (left of `=`) is missing"
                ));
                continue;
            }
            // `default` (or the level itself): keep it as written, with the default pay mix.
            if same(to, "default") || same(to, from) {
                map.set(from, from);
                continue;
            }
            match known.iter().find(|k| same(k, to)) {
                Some(k) => map.set(from, k),
                None => {
                    let near = nearest(to, known);
                    errors.push(format!(
                        "--map-level {e:?}: the plan has no level {to:?} (its levels: {}){}",
                        list(known),
                        if near.is_empty() {
                            String::new()
                        } else {
                            format!("; did you mean {}?", quoted_or(&near))
                        }
                    ));
                }
            }
        }
        if errors.is_empty() {
            Ok(map)
        } else {
            Err(errors)
        }
    }

    /// Sets (or replaces) the mapping of a roster level.
    pub fn set(&mut self, from: &str, to: &str) {
        self.entries.retain(|(f, _)| !same(f, from));
        self.entries.push((from.trim().to_string(), to.to_string()));
    }

    /// The plan level a roster level is mapped to.
    pub fn get(&self, from: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(f, _)| same(f, from))
            .map(|(_, t)| t.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// This map with `other`'s entries on top.
    pub fn overlaid(&self, other: &LevelMap) -> LevelMap {
        let mut out = self.clone();
        for (f, t) in &other.entries {
            out.set(f, t);
        }
        out
    }

    /// `"Sr. CSM" → "Senior CSM", …`.
    pub fn describe(&self) -> String {
        self.entries
            .iter()
            .map(|(f, t)| format!("{f:?} → {t:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// How a roster's level was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// One of the plan's levels as written (or blank).
    Known,
    /// One of the plan's levels written in another case or spacing: taken as the plan
    /// writes it.
    Respelled(String),
    /// Mapped by the user to this plan level.
    Mapped(String),
    /// Kept as written by the user's word, with the default pay mix.
    Kept,
    /// None of the plan's levels; the nearest ones, best first.
    Unknown(Vec<String>),
}

/// Checks one level against the plan's levels and the user's mapping.
pub fn check(level: &str, known: &[String], map: &LevelMap) -> Verdict {
    let l = level.trim();
    if l.is_empty() || known.iter().any(|k| k == l) {
        return Verdict::Known;
    }
    if let Some(to) = map.get(l) {
        return if same(to, l) {
            Verdict::Kept
        } else {
            Verdict::Mapped(to.to_string())
        };
    }
    let same_as: Vec<&String> = known.iter().filter(|k| same(k, l)).collect();
    if let [one] = same_as.as_slice() {
        return Verdict::Respelled((*one).clone());
    }
    Verdict::Unknown(nearest(l, known))
}

/// A level of the roster taken as another (respelled or mapped), or kept with the default
/// pay mix by the user's word (`to == from`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelChange {
    /// As the roster writes it.
    pub from: String,
    /// The plan's level it is taken as (the same text when kept with the default mix).
    pub to: String,
    /// True when the user's mapping said so (else it differed only in case or blanks).
    pub mapped: bool,
    /// The rows (as the sheet numbers them) that have it.
    pub rows: Vec<u64>,
}

/// A level of the roster that is none of the plan's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLevel {
    pub level: String,
    /// The rows that have it, as the sheet numbers them.
    pub rows: Vec<u64>,
    /// The plan's nearest levels, best first (may be empty).
    pub nearest: Vec<String>,
}

impl UnknownLevel {
    /// The mapping that would take it as its nearest level: `Sr. CSM=Senior CSM`.
    pub fn suggested_mapping(&self) -> Option<String> {
        self.nearest.first().map(|n| format!("{}={n}", self.level))
    }
}

/// Every level of a roster, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LevelReport {
    pub changes: Vec<LevelChange>,
    pub unknown: Vec<UnknownLevel>,
}

/// Checks every `(row, level)` of a roster against the plan's levels and the user's map,
/// grouping rows by level (in the order levels first appear).
pub fn check_all<'a>(
    levels: impl IntoIterator<Item = (u64, &'a str)>,
    known: &[String],
    map: &LevelMap,
) -> LevelReport {
    let mut report = LevelReport::default();
    let mut seen: std::collections::HashMap<&'a str, Verdict> = std::collections::HashMap::new();
    for (row, level) in levels {
        let level_t = level.trim();
        let verdict = seen
            .entry(level_t)
            .or_insert_with(|| check(level_t, known, map))
            .clone();
        match verdict {
            Verdict::Known => {}
            Verdict::Kept => match report.changes.iter_mut().find(|c| c.from == level_t) {
                Some(c) => c.rows.push(row),
                None => report.changes.push(LevelChange {
                    from: level_t.to_string(),
                    to: level_t.to_string(),
                    mapped: true,
                    rows: vec![row],
                }),
            },
            Verdict::Respelled(to) | Verdict::Mapped(to) => {
                let mapped = map.get(level_t).is_some();
                match report.changes.iter_mut().find(|c| c.from == level_t) {
                    Some(c) => c.rows.push(row),
                    None => report.changes.push(LevelChange {
                        from: level_t.to_string(),
                        to,
                        mapped,
                        rows: vec![row],
                    }),
                }
            }
            Verdict::Unknown(nearest) => {
                match report.unknown.iter_mut().find(|u| u.level == level_t) {
                    Some(u) => u.rows.push(row),
                    None => report.unknown.push(UnknownLevel {
                        level: level_t.to_string(),
                        rows: vec![row],
                        nearest,
                    }),
                }
            }
        }
    }
    report
}

/// `a, b, c` (or `none`).
pub fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

/// `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
pub fn quoted_or(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    match q.as_slice() {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Rows as a message lists them: `5, 9 and 14`, at most `max` then "and N more".
pub fn rows_text(rows: &[u64], max: usize) -> String {
    let shown: Vec<String> = rows.iter().take(max).map(u64::to_string).collect();
    let more = rows.len().saturating_sub(max);
    match (shown.as_slice(), more) {
        ([], _) => String::new(),
        ([one], 0) => one.clone(),
        (s, 0) => {
            let (last, rest) = s
                .split_last()
                .map_or((String::new(), &[][..]), |(l, r)| (l.clone(), r));
            format!("{} and {last}", rest.join(", "))
        }
        (s, n) => format!("{} and {n} more", s.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn abbreviations_and_spelled_out_levels_are_near() {
        let known = strs(&["Senior CSM", "Principal CSM", "CSM II", "CSM I"]);
        assert_eq!(nearest("Sr. CSM", &known)[0], "Senior CSM");
        assert_eq!(
            nearest("Principal Customer Success Manager", &known)[0],
            "Principal CSM"
        );
        assert_eq!(nearest("Customer Success Manager 2", &known)[0], "CSM II");
        assert_eq!(nearest("CSM 1", &known)[0], "CSM I");
        assert_eq!(nearest("CSM III", &known)[0], "CSM II");
        assert!(nearest("Account Executive", &known).is_empty());
    }

    #[test]
    fn case_and_blanks_respell_mapping_maps_and_the_rest_is_unknown() {
        let known = strs(&["Senior CSM", "CSM I"]);
        let map = LevelMap::parse(&strs(&["Sr. CSM = senior csm"]), &known).unwrap();
        assert_eq!(map.entries, vec![("Sr. CSM".into(), "Senior CSM".into())]);
        let report = check_all(
            [
                (2, "senior  CSM"),
                (3, "Sr. CSM"),
                (4, "CSM I"),
                (5, "Team Lead"),
                (6, ""),
                (7, "Team Lead"),
            ],
            &known,
            &map,
        );
        assert_eq!(report.changes.len(), 2);
        assert_eq!(report.changes[0].to, "Senior CSM");
        assert!(!report.changes[0].mapped);
        assert!(report.changes[1].mapped);
        assert_eq!(report.unknown.len(), 1);
        assert_eq!(report.unknown[0].rows, vec![5, 7]);
        // `default` keeps a level as written, with the default pay mix.
        let keep = LevelMap::parse(&strs(&["CSM III=default"]), &known).unwrap();
        assert_eq!(check("CSM III", &known, &keep), Verdict::Kept);
        let e = LevelMap::parse(&strs(&["x=Senior"]), &known).unwrap_err();
        assert!(e[0].contains("did you mean \"Senior CSM\"?"), "{e:?}");
    }

    #[test]
    fn rows_are_listed_with_a_bound() {
        assert_eq!(rows_text(&[5], 3), "5");
        assert_eq!(rows_text(&[5, 9, 14], 3), "5, 9 and 14");
        assert_eq!(rows_text(&[1, 2, 3, 4, 5], 3), "1, 2, 3 and 2 more");
    }
}
