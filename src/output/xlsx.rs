//! The finance workbook: a scenario as an Excel file whose formulas are the plan.
//!
//! Owns: turning scenarios and their results into `.xlsx` bytes. Must not: compute pay
//! itself (the cached values are the engine's figures) or touch the file system.
//!
//! Sheets (docs/workbook.md): **Plan** (every parameter in a labelled input cell), **Team**
//! (one row per CSM: the roster's inputs, then formulas for base, target variable, each
//! metric's attainment, factor and payout, variable, SPIF, total, % of OTE, planned pay,
//! worst case and pay at the caps), **Summary** (team figures as formulas over the Team
//! sheet) and, with several scenarios, **Compare** (the summaries side by side).
//!
//! Rounding is where the engine rounds: target variable and each payout to the cent, half
//! away from zero, the loaded cost to the cent. A product that is exactly a half cent can
//! come out of binary doubles a hair below it (5,658.405 as 5,658.404999…), so money is
//! rounded as `ROUND(ROUND(x, 8), 2)`: the inner rounding removes the doubles' error (far
//! below 10⁻⁸ for these magnitudes) and leaves every value with at most 8 decimals as it is;
//! the outer one rounds half away from zero like the engine. Comparisons with a threshold
//! or a step use the attainment rounded to 10 decimals, so 0.88 / 0.80 reaches a step at
//! 110% as it does in the engine.

use crate::engine::eval::split_pay;
use crate::engine::{
    Basis, Beyond, Component, Computed, Curve, Direction, Measure, Scenario, TierMode, Unit,
};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};
use std::fmt::Write as _;

mod by_period;
mod period_layout;
mod period_team;
mod periods;
mod plan_sheet;
mod summary_sheets;
mod team_sheet;
#[cfg(test)]
mod tests;
use by_period::*;
use period_layout::*;
use period_team::*;
use periods::*;
use plan_sheet::*;
use summary_sheets::*;
use team_sheet::*;

/// The most CSMs a workbook takes (a worksheet has 1,048,576 rows).
pub const MAX_ROWS: usize = 1_000_000;

/// How money is rounded in a formula (see the module documentation).
fn round_cents(expr: &str) -> String {
    format!("ROUND(ROUND({expr},8),2)")
}

/// A column's letters (0 = A).
pub fn col_name(mut col: u16) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// `A1`-style reference of a 0-based cell.
fn cell(row: u32, col: u16) -> String {
    format!("{}{}", col_name(col), row + 1)
}

/// A sheet's name as a formula quotes it: `'O''Brien – Team'`.
fn quoted(sheet: &str) -> String {
    format!("'{}'", sheet.replace('\'', "''"))
}

/// `'Sheet'!$A$1`.
fn abs(sheet: &str, row: u32, col: u16) -> String {
    format!("{}!${}${}", quoted(sheet), col_name(col), row + 1)
}

/// `'Sheet'!$A$2:$A$9`.
fn abs_range(sheet: &str, col: u16, first: u32, last: u32) -> String {
    format!(
        "{}!${c}${}:${c}${}",
        quoted(sheet),
        first + 1,
        last + 1,
        c = col_name(col)
    )
}

/// A decimal as the nearest double (parsing its exact text rounds correctly).
fn num(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}

/// A decimal as a formula's cached result.
fn res(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A worksheet for one row per CSM (or per CSM and period): written row by row to a
/// temporary file, so a large team's workbook needs little memory; an ordinary one when no
/// temporary file can be made.
fn big_sheet(wb: &mut Workbook) -> Result<&mut Worksheet, XlsxError> {
    if tempfile::tempfile().is_ok() {
        wb.add_worksheet_with_constant_memory()
    } else {
        Ok(wb.add_worksheet())
    }
}

fn formula(text: String, result: String) -> Formula {
    Formula::new(text).set_result(result)
}

/// The workbook's styles.
struct Styles {
    title: Format,
    note: Format,
    section: Format,
    header: Format,
    label: Format,
    bold_label: Format,
    text: Format,
    in_text: Format,
    in_money: Format,
    in_pct: Format,
    in_num: Format,
    in_count: Format,
    money: Format,
    money_bold: Format,
    pct: Format,
    pct_bold: Format,
    factor: Format,
    count: Format,
    cap: Format,
    follows: Format,
    follows_text: Format,
    /// 1 as "yes", 0 as "no".
    yes_no: Format,
}

impl Styles {
    fn new() -> Styles {
        let input = || {
            Format::new()
                .set_font_color(Color::RGB(0x1F3FBF))
                .set_background_color(Color::RGB(0xFFF4CC))
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xD9C36A))
        };
        let money = "$#,##0.00;-$#,##0.00";
        let pct = "0.0##%";
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            section: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_border_bottom(FormatBorder::Medium),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDDE5F0))
                .set_border_bottom(FormatBorder::Thin),
            label: Format::new(),
            bold_label: Format::new().set_bold(),
            text: Format::new(),
            in_text: input(),
            in_money: input().set_num_format(money),
            in_pct: input().set_num_format(pct),
            in_num: input().set_num_format("0.0###"),
            in_count: input().set_num_format("#,##0.####"),
            money: Format::new().set_num_format(money),
            money_bold: Format::new().set_bold().set_num_format(money),
            pct: Format::new().set_num_format("0.0#%"),
            pct_bold: Format::new().set_bold().set_num_format("0.0#%"),
            factor: Format::new().set_num_format("0.000#"),
            count: Format::new().set_num_format("#,##0"),
            cap: Format::new()
                .set_num_format(r#"[>=1E+300]"no cap";0.0##%"#)
                .set_font_color(Color::RGB(0x595959)),
            follows: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959))
                .set_background_color(Color::RGB(0xFFF4CC))
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xD9C36A))
                .set_num_format(pct),
            yes_no: Format::new()
                .set_num_format(r#"[=1]"yes";[=0]"no";General"#)
                .set_align(FormatAlign::Center),
            follows_text: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959))
                .set_background_color(Color::RGB(0xFFF4CC))
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xD9C36A)),
        }
    }

    /// An input cell in a metric's unit.
    fn in_metric(&self, unit: Unit) -> &Format {
        match unit {
            Unit::Percent => &self.in_pct,
            Unit::Money => &self.in_money,
            Unit::Count => &self.in_count,
        }
    }
}

/// Where a metric's parameters are on the Plan sheet (absolute references).
struct CompRefs {
    weight: String,
    target: String,
    curve: CurveRefs,
    f_zero: String,
    f_full: String,
    f_max: String,
}

enum CurveRefs {
    Tiered {
        threshold: String,
        /// The cap in effect: the cap, or 1E+300 when the cap cell is blank.
        cap: String,
        /// (from, rate) per tier.
        tiers: Vec<(String, String)>,
        /// The rate of the tier reached applies to the whole attainment.
        flat: bool,
    },
    /// (minimum, factor) per step.
    Steps(Vec<(String, String)>),
    /// (attainment, factor) per point, and whether the last line goes on beyond the last.
    Points(Vec<(String, String)>, bool),
}

impl CurveRefs {
    /// The payout factor at attainment `a` (an expression), as a formula.
    fn factor(&self, a: &str) -> String {
        match self {
            CurveRefs::Tiered {
                threshold,
                cap,
                tiers,
                flat: true,
            } => {
                // The rate of the highest tier reached, times the attainment.
                let mut rate = String::new();
                for (from, r) in tiers.iter().rev() {
                    let _ = write!(rate, "IF(ROUND({a},10)>={from},{r},");
                }
                rate.push('0');
                rate.push_str(&")".repeat(tiers.len()));
                format!("IF(ROUND({a},10)<{threshold},0,MIN({cap},{a}*{rate}))")
            }
            CurveRefs::Points(points, extend) => {
                // Nothing below the first point; on the line between neighbours; above the
                // last, its factor or the last line going on.
                let line = |k: usize| {
                    let ((a0, f0), (a1, f1)) = (&points[k], &points[k + 1]);
                    format!("{f0}+({a}-{a0})*({f1}-{f0})/({a1}-{a0})")
                };
                let n = points.len();
                let mut f = String::new();
                for k in (0..n).rev() {
                    let (at, pays) = &points[k];
                    let value = if k + 1 < n {
                        line(k)
                    } else if *extend && n > 1 {
                        line(n - 2)
                    } else {
                        pays.clone()
                    };
                    let _ = write!(f, "IF(ROUND({a},10)>={at},{value},");
                }
                f.push('0');
                f.push_str(&")".repeat(n));
                f
            }
            CurveRefs::Tiered {
                threshold,
                cap,
                tiers,
                ..
            } => {
                let mut sum = String::new();
                for (i, (from, rate)) in tiers.iter().enumerate() {
                    if i > 0 {
                        sum.push('+');
                    }
                    match tiers.get(i + 1) {
                        Some((next, _)) => {
                            let _ = write!(sum, "{rate}*MAX(0,MIN({a},{next})-{from})");
                        }
                        None => {
                            let _ = write!(sum, "{rate}*MAX(0,{a}-{from})");
                        }
                    }
                }
                if tiers.is_empty() {
                    sum.push('0');
                }
                format!("IF(ROUND({a},10)<{threshold},0,MIN({cap},{sum}))")
            }
            CurveRefs::Steps(steps) => {
                let mut f = String::new();
                for (min, factor) in steps.iter().rev() {
                    let _ = write!(f, "IF(ROUND({a},10)>={min},{factor},");
                }
                f.push('0');
                f.push_str(&")".repeat(steps.len()));
                f
            }
        }
    }
}

/// Where the plan's parameters are.
struct PlanRefs {
    share: String,
    basis: String,
    scale: String,
    burden: String,
    /// Level | variable share | basis.
    levels: String,
    comps: Vec<CompRefs>,
    /// (amount, max events) per SPIF.
    spifs: Vec<(String, String)>,
    /// Σ amount × max events, or "unbounded".
    spif_best: String,
    /// With periods: the as-of period's cell (the last period with actual results).
    as_of: String,
}

/// The sheet names of one scenario: `<scenario> – Plan`, `<scenario> – Team`, …
struct Names {
    plan: String,
    team: String,
    summary: String,
    periods: String,
    by_period: String,
}

/// What separates a scenario's name from the sheet's kind.
pub const SHEET_SEPARATOR: &str = " – ";

/// The longest kind of sheet, with its separator: `" – By period"`.
const LONGEST_KIND: usize = 12;

/// Excel's limit on a sheet name, in characters.
const SHEET_NAME_MAX: usize = 31;

impl Names {
    fn with(prefix: &str) -> Names {
        let n = |kind: &str| format!("{prefix}{SHEET_SEPARATOR}{kind}");
        Names {
            plan: n("Plan"),
            team: n("Team"),
            summary: n("Summary"),
            periods: n("Periods"),
            by_period: n("By period"),
        }
    }

    /// Every scenario's sheet names, after the scenario's name: cut so that the longest
    /// fits Excel's 31 characters, without the characters a sheet name cannot hold, and
    /// numbered where two scenarios would otherwise share names.
    fn all(scenarios: &[&Scenario]) -> Vec<Names> {
        let room = SHEET_NAME_MAX - LONGEST_KIND;
        // Cut at a word where one ends near the limit, with an ellipsis to show the cut.
        let cut = |s: &str, n: usize| -> String {
            if s.chars().count() <= n {
                return s.to_string();
            }
            let kept: Vec<char> = s.chars().take(n - 1).collect();
            let at = match s.chars().nth(n - 1) {
                Some(c) if c.is_whitespace() => kept.len(),
                _ => kept
                    .iter()
                    .rposition(|c| c.is_whitespace())
                    .filter(|i| *i >= n / 2)
                    .unwrap_or(kept.len()),
            };
            let text: String = kept[..at].iter().collect();
            let text = text.trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, ',' | ';' | '-' | '–' | '.' | '(')
            });
            format!("{text}…")
        };
        let mut cleaned: Vec<String> = Vec::new();
        for (k, scn) in scenarios.iter().enumerate() {
            let clean: String = scn
                .name
                .chars()
                .filter_map(|c| match c {
                    '/' | '\\' => Some('-'),
                    '[' => Some('('),
                    ']' => Some(')'),
                    ':' | '*' | '?' => None,
                    c if c.is_control() => Some(' '),
                    c => Some(c),
                })
                .collect();
            let clean = clean.trim().trim_matches('\'').trim().to_string();
            cleaned.push(if clean.is_empty() {
                format!("Scenario {}", k + 1)
            } else {
                clean
            });
        }
        let same = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
        // Names that cut to the same text keep what tells them apart: the words after
        // the ones they share ("Sample team FY27, by quarter" and "…, mid-year" become
        // "by quarter" and "mid-year").
        let first: Vec<String> = cleaned.iter().map(|c| cut(c, room)).collect();
        let mut prefixes: Vec<String> = Vec::new();
        for (k, clean) in cleaned.iter().enumerate() {
            let alike: Vec<&String> = cleaned
                .iter()
                .zip(&first)
                .filter(|(_, f)| same(f, &first[k]))
                .map(|(c, _)| c)
                .collect();
            let mut prefix = first[k].clone();
            if alike.len() > 1 {
                let shared = alike.iter().fold(clean.chars().count(), |n, other| {
                    n.min(
                        clean
                            .chars()
                            .zip(other.chars())
                            .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
                            .count(),
                    )
                });
                // Back to the start of a word.
                let chars: Vec<char> = clean.chars().collect();
                let start = chars[..shared]
                    .iter()
                    .rposition(|c| c.is_whitespace())
                    .map_or(0, |i| i + 1);
                let rest: String = chars[start..].iter().collect();
                let rest = rest.trim_matches(|c: char| c.is_whitespace() || ",;-–".contains(c));
                // Only a name with words of its own past the shared ones.
                if start > 0 && shared < chars.len() && !rest.is_empty() {
                    prefix = format!("…{}", cut(rest, room - 1));
                }
            }
            let base = prefix.clone();
            let mut n = 2;
            while prefixes.iter().any(|p| same(p, &prefix)) {
                let tag = format!(" {n}");
                prefix = format!("{}{tag}", cut(&base, room - tag.len()));
                n += 1;
            }
            prefixes.push(prefix);
        }
        prefixes.iter().map(|p| Names::with(p)).collect()
    }
}

/// The team figures on the Summary sheet, in order: (JSON key, label, explanation).
pub const FIGURES: [(&str, &str, &str); 15] = [
    ("csms", "CSMs", "rows on the Team sheet"),
    ("ote", "OTE", "Σ OTE"),
    ("base", "Base", "Σ base"),
    ("target_variable", "Target variable", "Σ target variable"),
    (
        "variable",
        "Variable",
        "Σ variable (each payout rounded to the cent)",
    ),
    ("spif", "SPIF", "Σ SPIF payouts"),
    ("cash", "Cash", "base + variable + SPIF"),
    (
        "loaded_cost",
        "Loaded cost",
        "cash × (1 + burden rate), to the cent",
    ),
    (
        "planned_cost",
        "Planned cost",
        "Σ pay with every metric at exactly 100%",
    ),
    ("book_arr", "Book ARR", "Σ book ARR"),
    (
        "cost_pct_of_arr",
        "Loaded cost % of ARR",
        "loaded cost ÷ book ARR",
    ),
    ("pct_of_ote", "Cash % of OTE", "cash ÷ OTE"),
    (
        "downside_pct_of_ote",
        "Worst case (lowest, % of OTE)",
        "the lowest worst-case pay ÷ OTE on the team",
    ),
    (
        "minimum_cash",
        "Minimum cash",
        "Σ worst case (every attainment 0, no SPIFs)",
    ),
    (
        "maximum_cash",
        "Maximum cash",
        "Σ pay at the caps (SPIFs at their limits); unbounded when a metric has no cap",
    ),
];

/// The row of the first figure on a Summary sheet (0-based); figure `i` is on row
/// `SUMMARY_FIRST + i`, its value in column B.
pub const SUMMARY_FIRST: u32 = 3;

/// The workbook for one or more scenarios with their results, as `.xlsx` bytes.
pub fn workbook(books: &[(&Scenario, &Computed)]) -> Result<Vec<u8>, String> {
    if let Some(why) = books.iter().find_map(|(s, _)| cannot_export(s)) {
        return Err(format!("cannot build the workbook: {why}"));
    }
    // A team metric's result is written on each CSM's row, and a rate worked out from ARR
    // as the CSM's actual: the workbook's inputs are those the engine computes with.
    let resolved: Vec<_> = books
        .iter()
        .map(|(s, _)| crate::engine::team_metrics::resolved(s))
        .collect();
    let books: Vec<(&Scenario, &Computed)> = resolved
        .iter()
        .zip(books)
        .map(|(r, (_, c))| (&**r, *c))
        .collect();
    let books = &books[..];
    build(books).map_err(|e| format!("cannot build the workbook: {e}"))
}

/// What a plan uses that the workbook's formulas do not model yet: employment by date, and
/// leavers settled when they leave.
fn beyond_the_workbook(scn: &Scenario) -> Option<String> {
    use crate::engine::shape::Shape;
    let plan = &scn.plan;
    let partial: Vec<(&crate::engine::Csm, crate::engine::shape::Employed)> = scn
        .team
        .iter()
        .filter_map(|c| Shape::employed(plan, c).map(|e| (c, e)))
        .collect();
    let count = plan.periods.len().max(1);
    if plan.has_periods()
        && let Some(c) = plan.components.iter().find(|c| c.modifier.is_some())
    {
        return Some(format!(
            "`{}`: {} is a modifier; the workbook writes modifiers for plans without periods only (use calc, the statements or the app)",
            scn.name, c.name
        ));
    }
    if plan.has_periods()
        && let Some(c) = plan.components.iter().find(|c| !c.gates.is_empty())
    {
        return Some(format!(
            "`{}`: {} has a gate; the workbook writes gates for plans without periods only",
            scn.name, c.name
        ));
    }
    if plan.prorate_targets
        && !partial.is_empty()
        && let Some(c) = plan
            .components
            .iter()
            .find(|c| c.scope.is_shared() && c.unit != crate::engine::Unit::Percent)
    {
        return Some(format!(
            "`{}`: {} is a team metric, whose target is never prorated, in a plan that prorates joiners' and leavers' targets; the workbook prorates every target of theirs",
            scn.name, c.name
        ));
    }
    if let Some(change) = plan.changes.iter().find(|c| c.changes_mix()) {
        return Some(format!(
            "`{}`: the pay mix changes from {} on; the workbook holds one pay mix for the year",
            scn.name, change.effective_from
        ));
    }
    if let Some((c, _)) = partial
        .iter()
        .find(|(_, e)| (e.first..=e.last).any(|p| !e.whole(p)))
    {
        return Some(format!(
            "`{}`: {} starts or leaves within a period (by date); the workbook models whole periods only",
            scn.name, c.name
        ));
    }
    if plan.leavers == crate::engine::LeaverPolicy::SettleAtLeaving
        && let Some((c, _)) = partial.iter().find(|(_, e)| e.leaves(count))
    {
        return Some(format!(
            "`{}`: {} leaves and the plan settles leavers when they leave; the workbook pays annual metrics at year end only",
            scn.name, c.name
        ));
    }
    None
}

/// Why a scenario cannot leave as a workbook, if it cannot: asked before anyone is asked
/// where to write it.
pub fn cannot_export(scn: &Scenario) -> Option<String> {
    if let Some(why) = beyond_the_workbook(scn) {
        return Some(why);
    }
    let rows = scn.team.len().saturating_mul(scn.plan.periods.len().max(1));
    (rows > MAX_ROWS).then(|| match scn.plan.periods.len() {
        0 | 1 => format!(
            "`{}` has {} CSMs; a workbook takes at most {MAX_ROWS}",
            scn.name,
            scn.team.len()
        ),
        n => format!(
            "`{}` has {} CSMs × {n} periods = {rows} rows of pay by period; a workbook takes at most {MAX_ROWS}",
            scn.name,
            scn.team.len()
        ),
    })
}

fn build(books: &[(&Scenario, &Computed)]) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    // Level 3, as Excel itself uses: a third faster than the default for a file ~5% larger.
    wb.set_zip_compression_level(3);
    let all = Names::all(&books.iter().map(|(s, _)| *s).collect::<Vec<_>>());
    // Several scenarios open on the comparison.
    if books.len() > 1 {
        let ws = wb.add_worksheet();
        ws.set_name("Compare")?;
        compare_sheet(ws, &st, books, &all)?;
    }
    for ((scn, computed), names) in books.iter().zip(&all) {
        if scn.plan.has_periods() {
            period_book(&mut wb, &st, scn, computed, names)?;
            continue;
        }
        let refs = {
            let ws = wb.add_worksheet();
            ws.set_name(&names.plan)?;
            plan_sheet(ws, &st, scn, names, None)?
        };
        {
            let ws = big_sheet(&mut wb)?;
            ws.set_name(&names.team)?;
            team_sheet(ws, &st, scn, computed, &refs)?;
        }
        {
            let ws = wb.add_worksheet();
            ws.set_name(&names.summary)?;
            let cols = TeamCols::new(scn);
            summary_sheet(ws, &st, scn, computed, &refs, names, &cols.summary())?;
        }
    }
    wb.save_to_buffer()
}
