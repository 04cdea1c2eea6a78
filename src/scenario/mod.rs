//! The scenario file: RON text <-> `Scenario`, versions, friendly errors, and the bundled
//! sample. See docs/scenario-format.md.
//!
//! Owns: the file format and reading/writing files. Must not: compute pay (that is the
//! engine's) or touch the terminal.

pub mod fsread;
pub mod generate;
pub mod import_memory;
pub mod names;
pub mod paths;
pub mod recovery;
pub mod settings;
pub mod store;
mod team_reader;

use crate::engine::validate::MAX_LISTED;
use crate::engine::{Finding, Scenario, validate};
use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::Deserialize;
use std::fmt;
use std::path::Path;

/// The newest version this build reads and writes. Version 2 added plan periods
/// (docs/periods.md), version 3 the plan's currency, missing-projection rule, title, fiscal
/// year, status and notes, version 4 changes to the plan during the year, version 5
/// employment by date, the leaver rule and prorated targets, version 6 a change's pay mix and
/// attainment assumptions per metric; a plan without them is still
/// written as version 1, so that it stays diffable against its old self.
pub const CURRENT_VERSION: u32 = 6;

/// The version a scenario is written with: 3 when its plan names its currency or counts
/// missing projections at 0%, 2 when it uses periods, else 1.
pub fn version_for(scn: &Scenario) -> u32 {
    if uses_version_6(scn) {
        6
    } else if uses_version_5(scn) {
        5
    } else if uses_version_4(scn) {
        4
    } else if uses_version_3(scn) {
        3
    } else if uses_periods(scn) {
        2
    } else {
        1
    }
}

/// True when anything in the scenario needs version 6: a pay mix changed from a period on,
/// or an attainment assumption for a metric.
fn uses_version_6(scn: &Scenario) -> bool {
    scn.plan.changes.iter().any(|c| c.changes_mix())
        || !scn.assumptions.attainment_by_metric.is_empty()
        || scn.assumptions.risk.as_ref().is_some_and(|r| {
            r.calibrated.is_some() || !r.level_spreads.is_empty() || !r.skews.is_empty()
        })
}

/// True when anything in the scenario needs version 5: a start or end by date, a leaver
/// rule other than paying at year end, or prorated targets.
fn uses_version_5(scn: &Scenario) -> bool {
    let is_date = |t: &Option<String>| {
        t.as_deref()
            .is_some_and(|t| crate::engine::file_day(t).is_some())
    };
    !scn.plan.leavers.is_default()
        || scn.plan.prorate_targets
        || scn
            .team
            .iter()
            .any(|c| is_date(&c.start) || is_date(&c.end))
}

/// True when anything in the scenario needs version 4: changes to the plan during the
/// year, or how annual metrics are paid when it changes.
fn uses_version_4(scn: &Scenario) -> bool {
    !scn.plan.changes.is_empty()
        || !scn.plan.annual_on_change.is_default()
        || scn
            .team
            .iter()
            .any(|c| c.periods.values().any(|v| v.paid.is_some()))
}

/// True when anything in the scenario needs version 3: the plan's currency, its
/// missing-projection rule, title, fiscal year, status or notes.
fn uses_version_3(scn: &Scenario) -> bool {
    let plan = &scn.plan;
    plan.currency.is_some()
        || !plan.missing_projections.is_default()
        || plan.title.is_some()
        || plan.fiscal_year.is_some()
        || plan.status.is_some()
        || !plan.notes.is_empty()
}

/// True when anything in the scenario needs version 2 (periods).
fn uses_periods(scn: &Scenario) -> bool {
    let plan = &scn.plan;
    plan.has_periods()
        || plan.as_of.is_some()
        || plan.components.iter().any(|c| {
            !c.measured.is_year()
                || !c.period_targets.is_empty()
                || !c.period_weights.is_empty()
                || c.weight_locked
        })
        || scn
            .team
            .iter()
            .any(|c| c.start.is_some() || c.end.is_some() || !c.periods.is_empty())
}

/// The bundled sample team (assets/sample.ron).
pub const SAMPLE_RON: &str = include_str!("../../assets/sample.ron");
/// The bundled quarterly sample (docs/periods.md).
pub const QUARTERLY_RON: &str = include_str!("../../assets/quarterly.ron");
/// The quarterly sample at mid-year: a change from Q3 on (docs/periods.md).
pub const MIDYEAR_RON: &str = include_str!("../../assets/midyear.ron");

/// Why a scenario could not be loaded. Its `Display` is a complete, friendly message.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The file could not be read at all.
    Io { origin: String, reason: String },
    /// The text is not a valid scenario file: with the place and a snippet.
    Syntax {
        origin: String,
        line: usize,
        col: usize,
        message: String,
        snippet: String,
    },
    /// Written by a newer cscomp-tui.
    Version { origin: String, version: u32 },
    /// Well-formed, but the numbers make no sense.
    Invalid {
        origin: String,
        problems: Vec<Finding>,
    },
}

impl LoadError {
    /// Line and column, when the error points into the text.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            LoadError::Syntax { line, col, .. } => Some((*line, *col)),
            _ => None,
        }
    }

    /// A one-line summary (for lists such as the scenario browser).
    pub fn short(&self) -> String {
        match self {
            LoadError::Io { reason, .. } => reason.clone(),
            LoadError::Syntax {
                line, col, message, ..
            } => format!("line {line}, column {col}: {message}"),
            LoadError::Version { version, .. } => {
                format!("written by a newer cscomp-tui (file version {version})")
            }
            LoadError::Invalid { problems, .. } => match problems.first() {
                Some(p) if problems.len() == 1 => format!("{}: {}", p.location, p.message),
                Some(p) => format!(
                    "{}: {} (and {} more)",
                    p.location,
                    p.message,
                    problems.len() - 1
                ),
                None => "invalid".into(),
            },
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { origin, reason } => {
                write!(f, "cannot read scenario `{origin}`: {reason}")
            }
            LoadError::Syntax {
                origin,
                line,
                col,
                message,
                snippet,
            } => {
                writeln!(
                    f,
                    "scenario `{origin}` is not valid at line {line}, column {col}:"
                )?;
                write!(f, "{snippet}")?;
                write!(f, "  = {message}")
            }
            LoadError::Version { origin, version } => write!(
                f,
                "scenario `{origin}` has version {version}, but this cscomp-tui reads versions up to {CURRENT_VERSION}; update cscomp-tui to open it"
            ),
            LoadError::Invalid { origin, problems } => {
                write!(
                    f,
                    "scenario `{origin}` cannot be computed ({} problem{}):",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                )?;
                for p in problems.iter().take(MAX_LISTED) {
                    write!(f, "\n  - {}: {}", p.location, p.message)?;
                }
                if problems.len() > MAX_LISTED {
                    write!(f, "\n  … and {} more", problems.len() - MAX_LISTED)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// True when `text` starts as a scenario file does: after blanks and comments, with `(` (or
/// a struct name or a RON extension attribute before it).
fn looks_like_a_scenario(text: &str) -> bool {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("//") {
            rest = r.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r.split_once("*/").map_or("", |(_, after)| after);
        } else {
            break;
        }
    }
    // An empty file has nothing to quote: the parser's own message says it.
    rest.is_empty()
        || rest.starts_with('(')
        || rest.starts_with("Scenario")
        || rest.starts_with("#![")
}

/// Renders the offending line with a marker under the column, compiler style.
fn snippet(text: &str, line: usize, col: usize) -> String {
    let Some(src) = text.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    // Long lines (a file written on one line) show a window around the column.
    let skip = col.saturating_sub(1).saturating_sub(100);
    let mut src: String = src
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .skip(skip)
        .take(200)
        .collect();
    let mut marker_at = col.saturating_sub(1) - skip;
    if skip > 0 {
        src.insert(0, '…');
        marker_at += 1;
    }
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    let marker_at = marker_at.min(src.chars().count());
    format!(
        "{pad} |\n{gutter} | {src}\n{pad} | {}^\n",
        " ".repeat(marker_at)
    )
}

#[derive(Deserialize)]
struct VersionOnly {
    version: Option<u32>,
}

/// The plan's currency alone, read before the rest so that money anywhere in the file is
/// read in it (fields may come in any order).
#[derive(Deserialize)]
struct CurrencyOnly {
    #[serde(default)]
    plan: Option<PlanCurrency>,
}

#[derive(Deserialize)]
struct PlanCurrency {
    #[serde(default)]
    currency: Option<String>,
}

/// The currency of the scenario in `text`, found without reading its team list: USD when
/// the file does not mention one. `None` when the team list cannot be told apart.
fn currency_quickly(text: &str, opts: &ron::Options) -> Option<crate::num::Currency> {
    if !text.contains("currency") {
        return Some(crate::num::Currency::USD);
    }
    let range = team_reader::find_team(text)?;
    Some(currency_of(&team_reader::blank(text, &range), opts))
}

/// The currency money in `text` is read in: the plan's, when the file names a valid one
/// (a file that does not is refused by the full read, where it stands), else USD.
fn currency_of(text: &str, opts: &ron::Options) -> crate::num::Currency {
    if !text.contains("currency") {
        return crate::num::Currency::USD;
    }
    opts.from_str::<CurrencyOnly>(text)
        .ok()
        .and_then(|c| c.plan?.currency)
        .and_then(|c| crate::num::Currency::from_code(&c))
        .unwrap_or_default()
}

/// Reads a scenario from text without checking its numbers (see [`parse`]).
pub fn parse_unchecked(text: &str, origin: &str) -> Result<Scenario, LoadError> {
    parse_unchecked_with(text, origin, true)
}

/// Reads the scenario in `text`: its team list by the quick reader when `quick` and the
/// list is plainly written, the rest (or all of it) by the general RON reader.
fn read_scenario(
    text: &str,
    opts: &ron::Options,
    quick: bool,
) -> Result<Scenario, ron::error::SpannedError> {
    // The team is read in the currency the rest of the file names, which is found without
    // reading the team (the general reader skips it).
    if quick
        && let Some(currency) = currency_quickly(text, opts)
        && let Some((team, range)) = team_reader::read_team(text, currency)
    {
        let rest = team_reader::blank(text, &range);
        return crate::num::reading_in(currency, || opts.from_str::<Scenario>(&rest)).map(
            |mut scn| {
                scn.team = team;
                scn
            },
        );
    }
    let currency = currency_of(text, opts);
    crate::num::reading_in(currency, || opts.from_str::<Scenario>(text))
}

/// [`parse_unchecked`] by the general RON reader alone: the yardstick of the quick team
/// reader in benchmarks.
#[doc(hidden)]
pub fn parse_unchecked_general(text: &str, origin: &str) -> Result<Scenario, LoadError> {
    parse_unchecked_with(text, origin, false)
}

/// [`parse_unchecked`], with or without the quick team reader.
fn parse_unchecked_with(text: &str, origin: &str, quick: bool) -> Result<Scenario, LoadError> {
    // A byte-order mark, as some Windows editors write at the start of UTF-8 files, is not
    // part of the text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let opts = ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME);
    let syntax = |e: ron::error::SpannedError| {
        if !looks_like_a_scenario(text) {
            // Some other file (a link to a system file, notes): say so, and quote nothing
            // of it — its content is none of our business, and may be private.
            return LoadError::Syntax {
                origin: origin.to_string(),
                line: 1,
                col: 1,
                message: "this is not a scenario file: a scenario starts with `(` (after any `//` comments); nothing of the file is shown".into(),
                snippet: String::new(),
            };
        }
        LoadError::Syntax {
            origin: origin.to_string(),
            line: e.span.start.line,
            col: e.span.start.col,
            message: e.code.to_string(),
            snippet: snippet(text, e.span.start.line, e.span.start.col),
        }
    };
    let version_error = |version: u32| {
        if version > CURRENT_VERSION {
            Some(LoadError::Version {
                origin: origin.to_string(),
                version,
            })
        } else if version == 0 {
            Some(LoadError::Syntax {
                origin: origin.to_string(),
                line: 1,
                col: 1,
                message: "version 0 does not exist; the first version is 1".into(),
                snippet: snippet(text, 1, 1),
            })
        } else {
            None
        }
    };
    // One pass for the usual, valid file. Only when it fails is the version looked at on
    // its own, so a newer file gets a clear message rather than a complaint about a field
    // this build does not know.
    let scn = match read_scenario(text, &opts, quick) {
        Ok(scn) => scn,
        Err(e) => {
            if let Ok(VersionOnly {
                version: Some(version),
            }) = opts.from_str::<VersionOnly>(text)
                && let Some(err) = version_error(version)
            {
                return Err(err);
            }
            return Err(syntax(e));
        }
    };
    if let Some(err) = version_error(scn.version) {
        return Err(err);
    }
    let mut scn = scn;
    // Names in their one stored form (NFC), so that `é` typed two ways is one name.
    scn.name = names::nfc(&scn.name);
    scn.branched_from = scn.branched_from.as_deref().map(names::nfc);
    let from = scn.version;
    migrate(from, scn).map_err(|message| LoadError::Syntax {
        origin: origin.to_string(),
        line: 1,
        col: 1,
        message: format!("cannot upgrade this file from version {from}: {message}"),
        snippet: snippet(text, 1, 1),
    })
}

/// Brings a scenario read from a file of an older `version` up to [`CURRENT_VERSION`].
///
/// The hook for format changes: when version 2 changes the shape, parse version-1 files
/// into a `ScenarioV1` (kept for that purpose) and convert it here, one arm per past
/// version, each step feeding the next. Newer versions never get here: they are refused
/// with [`LoadError::Version`] before parsing.
pub fn migrate(version: u32, mut scn: Scenario) -> Result<Scenario, String> {
    match version {
        // Version 2 only added optional fields: a version-1 file is a version-2 plan
        // without periods. A version-1 file that uses them is refused, so that an older
        // cscomp-tui never meets periods in a file it would read as version 1.
        1 if uses_periods(&scn) => {
            return Err("it uses plan periods, which need `version: 2` (docs/periods.md)".into());
        }
        // Version 3 only added the plan's optional currency and missing-projection rule.
        1 | 2 if scn.plan.currency.is_some() => {
            return Err(
                "it names the plan's currency, which needs `version: 3` (docs/scenario-format.md)"
                    .into(),
            );
        }
        1 | 2 if uses_version_3(&scn) => {
            return Err(
                "it uses fields of version 3 (`missing_projections`, `title`, `fiscal_year`, `status` or `notes`), which need `version: 3` (docs/scenario-format.md)"
                    .into(),
            );
        }
        1..=3 if uses_version_4(&scn) => {
            return Err(
                "it uses fields of version 4 (`changes`, `annual_on_change` or recorded payouts, `paid`), which need `version: 4` (docs/periods.md)"
                    .into(),
            );
        }
        1..=4 if uses_version_5(&scn) => {
            return Err(
                "it uses fields of version 5 (a `start` or `end` by date, `leavers` or `prorate_targets`), which need `version: 5` (docs/periods.md)"
                    .into(),
            );
        }
        1..=5 if uses_version_6(&scn) => {
            return Err(
                "it uses fields of version 6 (a change's `mix` or `level_mix`, `attainment_by_metric`, `risk.calibrated`, `risk.level_spreads` or `risk.skews`), which need `version: 6` (docs/scenario-format.md)"
                    .into(),
            );
        }
        1..=6 => {}
        v => return Err(format!("no upgrade is known from version {v}")),
    }
    scn.version = version_for(&scn);
    Ok(scn)
}

/// Reads and validates a scenario from text. `origin` names it in messages (a path).
pub fn parse(text: &str, origin: &str) -> Result<Scenario, LoadError> {
    let scn = parse_unchecked(text, origin)?;
    let problems = validate(&scn);
    if problems.is_empty() {
        Ok(scn)
    } else {
        Err(LoadError::Invalid {
            origin: origin.to_string(),
            problems,
        })
    }
}

/// Reads and validates a scenario file.
pub fn load(path: &Path) -> Result<Scenario, LoadError> {
    let origin = path.display().to_string();
    let bytes = fsread::read_regular(path, fsread::MAX_READ_BYTES).map_err(|e| LoadError::Io {
        origin: origin.clone(),
        reason: io_reason(&e),
    })?;
    parse_bytes(&bytes, &origin)
}

/// Reads and validates a scenario from a file's bytes (which may be anything).
pub fn parse_bytes(bytes: &[u8], origin: &str) -> Result<Scenario, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| LoadError::Io {
        origin: origin.to_string(),
        reason: format!(
            "it is not UTF-8 text (invalid byte at offset {}); is it really a scenario file?",
            e.valid_up_to()
        ),
    })?;
    parse(text, origin)
}

/// Plain words for an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        // A refusal of our own (a read-only file) says it in full.
        std::io::ErrorKind::PermissionDenied if e.get_ref().is_some() => e.to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        _ => e.to_string(),
    }
}

/// The scenario as the text this build writes: stable, so an unchanged scenario is saved
/// byte for byte the same.
pub fn to_ron(scn: &Scenario) -> String {
    let config = PrettyConfig::new()
        .indentor("    ")
        .struct_names(false)
        .compact_maps(true)
        .separate_tuple_members(false);
    let mut scn = scn.clone();
    scn.version = version_for(&scn);
    scn.name = names::nfc(&scn.name);
    scn.branched_from = scn.branched_from.as_deref().map(names::nfc);
    // Serialising these plain data types cannot fail; fall back to a debug dump rather
    // than panic if it ever did.
    let body = ron::ser::to_string_pretty(&scn, config).unwrap_or_else(|e| format!("/* {e} */"));
    let money = match scn.plan.currency {
        None => "dollars".to_string(),
        Some(c) => c.to_string(),
    };
    format!(
        "// cscomp-tui scenario. Format: docs/scenario-format.md. Percentages are exact (\"20%\"),\n// money is in {money} (\"100000\"). Comments are not kept when the app saves.\n{body}\n"
    )
}

/// The bundled sample scenario.
pub fn sample() -> Scenario {
    match parse(SAMPLE_RON, "assets/sample.ron") {
        Ok(s) => s,
        // The sample is checked by tests; this keeps the app alive if it were ever broken.
        Err(e) => panic!("the bundled sample is broken: {e}"),
    }
}
