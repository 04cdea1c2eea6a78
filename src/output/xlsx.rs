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
use crate::engine::{Basis, Component, Computed, Curve, Direction, Scenario, Unit};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};
use std::fmt::Write as _;

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

/// `'Sheet'!$A$1`.
fn abs(sheet: &str, row: u32, col: u16) -> String {
    format!("'{sheet}'!${}${}", col_name(col), row + 1)
}

/// `'Sheet'!$A$2:$A$9`.
fn abs_range(sheet: &str, col: u16, first: u32, last: u32) -> String {
    format!(
        "'{sheet}'!${c}${}:${c}${}",
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
    },
    /// (minimum, factor) per step.
    Steps(Vec<(String, String)>),
}

impl CurveRefs {
    /// The payout factor at attainment `a` (an expression), as a formula.
    fn factor(&self, a: &str) -> String {
        match self {
            CurveRefs::Tiered {
                threshold,
                cap,
                tiers,
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
}

/// Sheet names of the `k`-th scenario (0-based).
struct Names {
    plan: String,
    team: String,
    summary: String,
}

impl Names {
    fn of(k: usize) -> Names {
        let suffix = if k == 0 {
            String::new()
        } else {
            format!(" {}", k + 1)
        };
        Names {
            plan: format!("Plan{suffix}"),
            team: format!("Team{suffix}"),
            summary: format!("Summary{suffix}"),
        }
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
    // The formulas model the annual plan; a workbook that silently dropped the periods
    // would recalculate to other figures than the engine's.
    if let Some(why) = books.iter().find_map(|(s, _)| cannot_export(s)) {
        return Err(format!("cannot build the workbook: {why}"));
    }
    build(books).map_err(|e| format!("cannot build the workbook: {e}"))
}

/// Why a scenario cannot leave as a workbook, if it cannot: asked before anyone is asked
/// where to write it.
pub fn cannot_export(scn: &Scenario) -> Option<String> {
    scn.plan.has_periods().then(|| {
        format!(
            "`{}` has plan periods, which the workbook does not model yet; for finance, `calc --by-period --format csv` gives every CSM's pay by period",
            scn.name
        )
    })
}

fn build(books: &[(&Scenario, &Computed)]) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    // Level 3, as Excel itself uses: a third faster than the default for a file ~5% larger.
    wb.set_zip_compression_level(3);
    for (k, (scn, computed)) in books.iter().enumerate() {
        if scn.team.len() > MAX_ROWS {
            return Err(XlsxError::ParameterError(format!(
                "the team has {} CSMs; a workbook takes at most {MAX_ROWS}",
                scn.team.len()
            )));
        }
        let names = Names::of(k);
        let refs = {
            let ws = wb.add_worksheet();
            ws.set_name(&names.plan)?;
            plan_sheet(ws, &st, scn, &names)?
        };
        {
            let ws = wb.add_worksheet();
            ws.set_name(&names.team)?;
            team_sheet(ws, &st, scn, computed, &refs)?;
        }
        {
            let ws = wb.add_worksheet();
            ws.set_name(&names.summary)?;
            summary_sheet(ws, &st, scn, computed, &refs, &names)?;
        }
    }
    if books.len() > 1 {
        let ws = wb.add_worksheet();
        ws.set_name("Compare")?;
        compare_sheet(ws, &st, books)?;
    }
    wb.save_to_buffer()
}

fn plan_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    scn: &Scenario,
    names: &Names,
) -> Result<PlanRefs, XlsxError> {
    let sh = names.plan.as_str();
    let plan = &scn.plan;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 18)?;
    ws.set_column_width(3, 18)?;
    ws.set_column_width(4, 52)?;
    ws.write_string_with_format(0, 0, format!("Pay plan: {}", scn.name), &st.title)?;
    ws.write_string_with_format(
        1,
        0,
        "Cells with blue figures on yellow are inputs: change them and the Team, Summary (and Compare) sheets recompute.",
        &st.note,
    )?;
    let mut r: u32 = 3;
    ws.write_string_with_format(r, 0, "Pay mix", &st.section)?;
    r += 1;
    ws.write_string_with_format(r, 0, "Variable share (of OTE)", &st.label)?;
    ws.write_number_with_format(r, 1, num(plan.mix.variable_share), &st.in_pct)?;
    let share = abs(sh, r, 1);
    r += 1;
    ws.write_string_with_format(r, 0, "Basis", &st.label)?;
    ws.write_string_with_format(r, 1, plan.mix.basis.label(), &st.in_text)?;
    ws.write_string_with_format(
        r,
        4,
        "OTE split: base = OTE − target variable; bonus on top: base = OTE",
        &st.note,
    )?;
    let basis_validation = DataValidation::new()
        .allow_list_strings(&[Basis::OteSplit.label(), Basis::BonusOnTop.label()])?;
    ws.add_data_validation(r, 1, r, 1, &basis_validation)?;
    let basis = abs(sh, r, 1);
    r += 1;
    ws.write_string_with_format(r, 0, "Team attainment scale", &st.label)?;
    ws.write_number_with_format(r, 1, num(scn.assumptions.attainment_scale), &st.in_pct)?;
    ws.write_string_with_format(
        r,
        4,
        "multiplies every attainment (100% = as projected)",
        &st.note,
    )?;
    let scale = abs(sh, r, 1);
    r += 1;
    ws.write_string_with_format(r, 0, "Burden rate", &st.label)?;
    ws.write_number_with_format(r, 1, num(scn.assumptions.burden_rate), &st.in_pct)?;
    ws.write_string_with_format(r, 4, "employer cost on top of cash", &st.note)?;
    let burden = abs(sh, r, 1);

    // Pay mix by level: every level of the team and of the plan's overrides.
    r += 2;
    ws.write_string_with_format(r, 0, "Pay mix by level", &st.section)?;
    r += 1;
    for (c, h) in ["Level", "Variable share", "Basis"].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &st.header)?;
    }
    ws.write_string_with_format(
        r,
        4,
        "grey italic = follows the plan's mix; type a value to give the level its own",
        &st.note,
    )?;
    r += 1;
    let mut levels: Vec<&str> = plan.level_mix.keys().map(String::as_str).collect();
    for c in &scn.team {
        if !levels.contains(&c.level.as_str()) {
            levels.push(&c.level);
        }
    }
    levels.sort_unstable();
    let first_level = r;
    for level in &levels {
        ws.write_string_with_format(r, 0, *level, &st.text)?;
        match plan.level_mix.get(*level) {
            Some(mix) => {
                ws.write_number_with_format(r, 1, num(mix.variable_share), &st.in_pct)?;
                ws.write_string_with_format(r, 2, mix.basis.label(), &st.in_text)?;
            }
            None => {
                ws.write_formula_with_format(
                    r,
                    1,
                    formula(format!("={share}"), res(plan.mix.variable_share)),
                    &st.follows,
                )?;
                ws.write_formula_with_format(
                    r,
                    2,
                    formula(format!("={basis}"), plan.mix.basis.label().to_string()),
                    &st.follows_text,
                )?;
            }
        }
        ws.add_data_validation(r, 2, r, 2, &basis_validation)?;
        r += 1;
    }
    if levels.is_empty() {
        // Keeps the lookup range valid for an empty team.
        r += 1;
    }
    let levels_range = format!(
        "'{sh}'!$A${}:$C${}",
        first_level + 1,
        (r.max(first_level + 1))
    );

    // Metrics.
    r += 1;
    ws.write_string_with_format(r, 0, "Metrics", &st.section)?;
    ws.write_string_with_format(
        r,
        4,
        match plan.missing_projections {
            crate::engine::MissingProjection::AtTarget => {
                "attainment = actual ÷ target (lower is better: max(0, 2 − actual ÷ target)), × scale; a blank actual is assumed at target"
            }
            crate::engine::MissingProjection::AtZero => {
                "attainment = actual ÷ target (lower is better: max(0, 2 − actual ÷ target)), × scale; a blank actual counts as 0%"
            }
        },
        &st.note,
    )?;
    r += 1;
    let mut comps = Vec::new();
    let mut weight_cells = Vec::new();
    for comp in &plan.components {
        let (refs, next) = metric_block(ws, st, sh, comp, r)?;
        weight_cells.push(refs.weight.clone());
        comps.push(refs);
        r = next + 1;
    }
    ws.write_string_with_format(r, 0, "Weights total (must be 100%)", &st.bold_label)?;
    let total_weight: Decimal = plan.components.iter().map(|c| c.weight).sum();
    let sum = if weight_cells.is_empty() {
        "0".to_string()
    } else {
        weight_cells.join("+")
    };
    ws.write_formula_with_format(
        r,
        1,
        formula(format!("={sum}"), res(total_weight)),
        &st.pct_bold,
    )?;
    r += 2;

    // SPIFs.
    ws.write_string_with_format(r, 0, "SPIFs", &st.section)?;
    r += 1;
    for (c, h) in [
        "SPIF",
        "Id",
        "Amount per event",
        "Max events (blank = no limit)",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(r, c as u16, *h, &st.header)?;
    }
    r += 1;
    let mut spifs = Vec::new();
    let first_spif = r;
    for s in &plan.spifs {
        ws.write_string_with_format(r, 0, &s.name, &st.text)?;
        ws.write_string_with_format(r, 1, &s.id, &st.text)?;
        ws.write_number_with_format(r, 2, num(s.amount), &st.in_money)?;
        match s.max_events {
            Some(m) => ws.write_number_with_format(r, 3, f64::from(m), &st.in_count)?,
            None => ws.write_blank(r, 3, &st.in_count)?,
        };
        spifs.push((abs(sh, r, 2), abs(sh, r, 3)));
        r += 1;
    }
    if plan.spifs.is_empty() {
        ws.write_string_with_format(r, 0, "(none)", &st.note)?;
        r += 1;
    }
    r += 1;
    ws.write_string_with_format(r, 0, "SPIFs at their limits (per CSM)", &st.label)?;
    let best: Option<Decimal> = plan.spifs.iter().try_fold(Decimal::ZERO, |acc, s| {
        s.max_events.map(|m| acc + s.amount * Decimal::from(m))
    });
    let best_formula = if plan.spifs.is_empty() {
        "=0".to_string()
    } else {
        let last = first_spif + plan.spifs.len() as u32 - 1;
        format!(
            "=IF(COUNTBLANK({m})>0,\"unbounded\",SUMPRODUCT({a},{m}))",
            a = abs_range(sh, 2, first_spif, last),
            m = abs_range(sh, 3, first_spif, last)
        )
    };
    ws.write_formula_with_format(
        r,
        1,
        formula(
            best_formula,
            best.map_or_else(|| "unbounded".to_string(), res),
        ),
        &st.money,
    )?;
    let spif_best = abs(sh, r, 1);
    ws.set_freeze_panes(3, 0)?;
    Ok(PlanRefs {
        share,
        basis,
        scale,
        burden,
        levels: levels_range,
        comps,
        spifs,
        spif_best,
    })
}

/// One metric's block on the Plan sheet from row `r`; returns its references and the row
/// after the block.
fn metric_block(
    ws: &mut Worksheet,
    st: &Styles,
    sh: &str,
    comp: &Component,
    mut r: u32,
) -> Result<(CompRefs, u32), XlsxError> {
    ws.write_string_with_format(r, 0, format!("{} ({})", comp.name, comp.id), &st.header)?;
    ws.write_string_with_format(r, 1, comp.kind.label(), &st.header)?;
    let dir = match comp.direction {
        Direction::HigherIsBetter => "higher is better",
        Direction::LowerIsBetter => "lower is better",
    };
    ws.write_string_with_format(r, 2, dir, &st.header)?;
    let unit = match comp.unit {
        Unit::Percent => "percent",
        Unit::Money => "dollars",
        Unit::Count => "count",
    };
    ws.write_string_with_format(r, 3, unit, &st.header)?;
    r += 1;
    ws.write_string_with_format(r, 0, "Weight (share of target variable)", &st.label)?;
    ws.write_number_with_format(r, 1, num(comp.weight), &st.in_pct)?;
    let weight = abs(sh, r, 1);
    r += 1;
    ws.write_string_with_format(r, 0, "Target (a CSM's own target overrides it)", &st.label)?;
    ws.write_number_with_format(r, 1, num(comp.target), st.in_metric(comp.unit))?;
    let target = abs(sh, r, 1);
    r += 1;
    let curve = match &comp.curve {
        Curve::Tiered {
            threshold,
            tiers,
            cap,
        } => {
            ws.write_string_with_format(r, 0, "Curve", &st.label)?;
            ws.write_string_with_format(r, 1, "tiered", &st.text)?;
            ws.write_string_with_format(
                r,
                4,
                "below the threshold nothing; above it each tier pays its rate on the attainment inside it, up to the cap",
                &st.note,
            )?;
            r += 1;
            ws.write_string_with_format(r, 0, "Threshold (attainment)", &st.label)?;
            ws.write_number_with_format(r, 1, num(*threshold), &st.in_pct)?;
            let threshold = abs(sh, r, 1);
            r += 1;
            ws.write_string_with_format(r, 0, "Cap (factor; blank = no cap)", &st.label)?;
            match cap {
                Some(c) => ws.write_number_with_format(r, 1, num(*c), &st.in_pct)?,
                None => ws.write_blank(r, 1, &st.in_pct)?,
            };
            let cap_cell = cell(r, 1);
            ws.write_formula_with_format(
                r,
                2,
                formula(
                    format!("=IF(ISBLANK({cap_cell}),1E+300,{cap_cell})"),
                    cap.map_or_else(|| "1E+300".to_string(), res),
                ),
                &st.cap,
            )?;
            ws.write_string_with_format(r, 4, "← the cap in effect", &st.note)?;
            let cap_in_effect = abs(sh, r, 2);
            let cap_input = abs(sh, r, 1);
            r += 1;
            ws.write_string_with_format(r, 0, "Tier", &st.header)?;
            ws.write_string_with_format(r, 1, "From attainment", &st.header)?;
            ws.write_string_with_format(r, 2, "Rate", &st.header)?;
            r += 1;
            let mut refs = Vec::new();
            for (i, t) in tiers.iter().enumerate() {
                ws.write_string_with_format(r, 0, format!("Tier {}", i + 1), &st.label)?;
                ws.write_number_with_format(r, 1, num(t.from), &st.in_pct)?;
                ws.write_number_with_format(r, 2, num(t.rate), &st.in_num)?;
                refs.push((abs(sh, r, 1), abs(sh, r, 2)));
                r += 1;
            }
            (
                CurveRefs::Tiered {
                    threshold,
                    cap: cap_in_effect,
                    tiers: refs,
                },
                Some(cap_input),
            )
        }
        Curve::Steps { steps } => {
            ws.write_string_with_format(r, 0, "Curve", &st.label)?;
            ws.write_string_with_format(r, 1, "steps", &st.text)?;
            ws.write_string_with_format(
                r,
                4,
                "pays the factor of the highest step reached; nothing below the first",
                &st.note,
            )?;
            r += 1;
            ws.write_string_with_format(r, 0, "Step", &st.header)?;
            ws.write_string_with_format(r, 1, "Minimum attainment", &st.header)?;
            ws.write_string_with_format(r, 2, "Factor", &st.header)?;
            r += 1;
            let mut refs = Vec::new();
            for (i, s) in steps.iter().enumerate() {
                ws.write_string_with_format(r, 0, format!("Step {}", i + 1), &st.label)?;
                ws.write_number_with_format(r, 1, num(s.min), &st.in_pct)?;
                ws.write_number_with_format(r, 2, num(s.factor), &st.in_num)?;
                refs.push((abs(sh, r, 1), abs(sh, r, 2)));
                r += 1;
            }
            (CurveRefs::Steps(refs), None)
        }
    };
    let (curve, cap_input) = curve;
    ws.write_string_with_format(r, 0, "Factor at 0% (worst case)", &st.label)?;
    ws.write_formula_with_format(
        r,
        1,
        formula(
            format!("={}", curve.factor("0")),
            res(comp.curve.factor_at(Decimal::ZERO)),
        ),
        &st.factor,
    )?;
    let f_zero = abs(sh, r, 1);
    r += 1;
    ws.write_string_with_format(r, 0, "Factor at 100% (planned)", &st.label)?;
    ws.write_formula_with_format(
        r,
        1,
        formula(
            format!("={}", curve.factor("1")),
            res(comp.curve.factor_at(Decimal::ONE)),
        ),
        &st.factor,
    )?;
    let f_full = abs(sh, r, 1);
    r += 1;
    ws.write_string_with_format(r, 0, "Most it pays (factor)", &st.label)?;
    let max_formula = match (&curve, &cap_input) {
        (CurveRefs::Tiered { cap, tiers, .. }, Some(cap_input)) => {
            // A flat last tier (rate 0) levels off where the paying tiers end.
            let plateau: Vec<String> = tiers
                .windows(2)
                .map(|w| format!("{}*({}-{})", w[0].1, w[1].0, w[0].0))
                .collect();
            let plateau = if plateau.is_empty() {
                "0".to_string()
            } else {
                plateau.join("+")
            };
            match tiers.last() {
                Some((_, last_rate)) => format!(
                    "=IF({last_rate}=0,MIN({cap},{plateau}),IF(ISBLANK({cap_input}),\"unbounded\",{cap_input}))"
                ),
                None => "=0".to_string(),
            }
        }
        (CurveRefs::Steps(steps), _) if !steps.is_empty() => {
            let f: Vec<&str> = steps.iter().map(|(_, f)| f.as_str()).collect();
            format!("=MAX({})", f.join(","))
        }
        _ => "=0".to_string(),
    };
    ws.write_formula_with_format(
        r,
        1,
        formula(
            max_formula,
            comp.curve
                .max_factor()
                .map_or_else(|| "unbounded".to_string(), res),
        ),
        &st.factor,
    )?;
    let f_max = abs(sh, r, 1);
    r += 1;
    Ok((
        CompRefs {
            weight,
            target,
            curve,
            f_zero,
            f_full,
            f_max,
        },
        r,
    ))
}

/// Team sheet columns.
struct TeamCols {
    /// Per metric: own target, actual (inputs).
    inputs: Vec<(u16, u16)>,
    /// Per SPIF: events.
    events: Vec<u16>,
    share: u16,
    basis: u16,
    base: u16,
    tv: u16,
    /// Per metric: attainment, factor, payout.
    metric: Vec<(u16, u16, u16)>,
    variable: u16,
    spif: u16,
    total: u16,
    pct: u16,
    planned: u16,
    worst: u16,
    worst_pct: u16,
    upside: u16,
}

impl TeamCols {
    fn new(scn: &Scenario) -> TeamCols {
        let mut c: u16 = 5;
        let mut next = || {
            c += 1;
            c - 1
        };
        let inputs = scn
            .plan
            .components
            .iter()
            .map(|_| (next(), next()))
            .collect();
        let events = scn.plan.spifs.iter().map(|_| next()).collect();
        let share = next();
        let basis = next();
        let base = next();
        let tv = next();
        let metric = scn
            .plan
            .components
            .iter()
            .map(|_| (next(), next(), next()))
            .collect();
        TeamCols {
            inputs,
            events,
            share,
            basis,
            base,
            tv,
            metric,
            variable: next(),
            spif: next(),
            total: next(),
            pct: next(),
            planned: next(),
            worst: next(),
            worst_pct: next(),
            upside: next(),
        }
    }
}

fn team_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    scn: &Scenario,
    computed: &Computed,
    p: &PlanRefs,
) -> Result<(), XlsxError> {
    let plan = &scn.plan;
    let cols = TeamCols::new(scn);
    // Headers: the roster's names for the inputs (this sheet imports as a roster).
    let mut headers: Vec<(u16, String, f64, &Format)> = vec![
        (0, "id".into(), 12.0, &st.in_text),
        (1, "name".into(), 22.0, &st.in_text),
        (2, "level".into(), 16.0, &st.in_text),
        (3, "ote".into(), 13.0, &st.in_money),
        (4, "book_arr".into(), 14.0, &st.in_money),
    ];
    for (comp, (t, a)) in plan.components.iter().zip(&cols.inputs) {
        headers.push((
            *t,
            format!("target:{}", comp.id),
            12.0,
            st.in_metric(comp.unit),
        ));
        headers.push((
            *a,
            format!("actual:{}", comp.id),
            12.0,
            st.in_metric(comp.unit),
        ));
    }
    for (s, e) in plan.spifs.iter().zip(&cols.events) {
        headers.push((*e, format!("spif:{}", s.id), 10.0, &st.in_count));
    }
    headers.push((cols.share, "Variable share".into(), 10.0, &st.pct));
    headers.push((cols.basis, "Basis".into(), 12.0, &st.text));
    headers.push((cols.base, "Base".into(), 13.0, &st.money));
    headers.push((cols.tv, "Target variable".into(), 13.0, &st.money));
    for (comp, (a, f, pay)) in plan.components.iter().zip(&cols.metric) {
        headers.push((*a, format!("{} attainment", comp.name), 12.0, &st.pct));
        headers.push((*f, format!("{} factor", comp.name), 10.0, &st.factor));
        headers.push((*pay, format!("{} payout", comp.name), 13.0, &st.money));
    }
    headers.push((cols.variable, "Variable".into(), 13.0, &st.money));
    headers.push((cols.spif, "SPIF".into(), 11.0, &st.money));
    headers.push((cols.total, "Total".into(), 14.0, &st.money_bold));
    headers.push((cols.pct, "% of OTE".into(), 9.0, &st.pct));
    headers.push((
        cols.planned,
        "Planned (every metric at 100%)".into(),
        14.0,
        &st.money,
    ));
    headers.push((
        cols.worst,
        "Worst case (attainment 0, no SPIFs)".into(),
        14.0,
        &st.money,
    ));
    headers.push((cols.worst_pct, "Worst case % of OTE".into(), 10.0, &st.pct));
    headers.push((
        cols.upside,
        "At the caps (SPIFs at limits)".into(),
        14.0,
        &st.money,
    ));
    // Each column's style is the column's, so the cells are written without one of their
    // own (a style per cell costs a lookup per cell; blank inputs still look like inputs).
    for (c, h, w, fmt) in &headers {
        ws.set_column_format(*c, fmt)?;
        ws.set_column_width(*c, *w)?;
        ws.write_string_with_format(0, *c, h, &st.header)?;
    }
    ws.set_row_height(0, 45)?;
    ws.set_freeze_panes(1, 2)?;
    let bonus = Basis::BonusOnTop.label();
    let mut f = String::with_capacity(256);
    for (i, (csm, r)) in scn.team.iter().zip(&computed.eval.csms).enumerate() {
        let row = i as u32 + 1;
        let n = row + 1; // the row number as the sheet shows it
        ws.write_string(row, 0, &csm.id)?;
        ws.write_string(row, 1, &csm.name)?;
        ws.write_string(row, 2, &csm.level)?;
        ws.write_number(row, 3, num(csm.ote))?;
        ws.write_number(row, 4, num(csm.book_arr))?;
        // Blank inputs are left unwritten: the column's style shows them as inputs.
        for (comp, (t, a)) in plan.components.iter().zip(&cols.inputs) {
            if let Some(v) = csm.targets.get(&comp.id) {
                ws.write_number(row, *t, num(*v))?;
            }
            if let Some(v) = csm.actuals.get(&comp.id) {
                ws.write_number(row, *a, num(*v))?;
            }
        }
        for (s, e) in plan.spifs.iter().zip(&cols.events) {
            if let Some(v) = csm.spifs.get(&s.id) {
                ws.write_number(row, *e, f64::from(*v))?;
            }
        }
        let mix = plan.mix_for(&csm.level);
        let ote = format!("D{n}");
        let share = cell(row, cols.share);
        let basis = cell(row, cols.basis);
        let tv = cell(row, cols.tv);
        let base = cell(row, cols.base);
        f.clear();
        let _ = write!(
            f,
            "=IFERROR(VLOOKUP(C{n},{},2,FALSE),{})",
            p.levels, p.share
        );
        ws.write_formula(row, cols.share, formula(f.clone(), res(mix.variable_share)))?;
        f.clear();
        let _ = write!(
            f,
            "=IFERROR(VLOOKUP(C{n},{},3,FALSE),{})",
            p.levels, p.basis
        );
        ws.write_formula(
            row,
            cols.basis,
            formula(f.clone(), mix.basis.label().to_string()),
        )?;
        let (base_v, tv_v) = split_pay(plan, csm);
        ws.write_formula(
            row,
            cols.tv,
            formula(
                format!("={}", round_cents(&format!("{ote}*{share}"))),
                res(tv_v),
            ),
        )?;
        ws.write_formula(
            row,
            cols.base,
            formula(
                format!("=IF({basis}=\"{bonus}\",{ote},{ote}-{tv})"),
                res(base_v),
            ),
        )?;
        let results = computed.eval.components(i);
        let mut payouts = Vec::with_capacity(plan.components.len());
        for (j, (comp, (a_col, f_col, p_col))) in
            plan.components.iter().zip(&cols.metric).enumerate()
        {
            let refs = &p.comps[j];
            let (t_col, act_col) = cols.inputs[j];
            let own = cell(row, t_col);
            let act = cell(row, act_col);
            let target = format!("IF(ISBLANK({own}),{},{own})", refs.target);
            // A blank actual is a missing projection: at target (100% × scale) unless the
            // plan counts it at 0%.
            let blank = match plan.missing_projections {
                crate::engine::MissingProjection::AtTarget => p.scale.to_string(),
                crate::engine::MissingProjection::AtZero => "0".to_string(),
            };
            f.clear();
            match comp.direction {
                Direction::HigherIsBetter => {
                    let _ = write!(f, "=IF(ISBLANK({act}),{blank},{act}/{target}*{})", p.scale);
                }
                Direction::LowerIsBetter => {
                    let _ = write!(
                        f,
                        "=IF(ISBLANK({act}),{blank},MAX(0,2*{target}-{act})/{target}*{})",
                        p.scale
                    );
                }
            }
            let cr = results.get(j);
            let att = cr.map_or(Decimal::ZERO, |c| c.attainment());
            ws.write_formula(row, *a_col, formula(f.clone(), res(att)))?;
            let a_ref = cell(row, *a_col);
            let fac = cr.map_or(Decimal::ZERO, |c| c.factor());
            ws.write_formula(
                row,
                *f_col,
                formula(format!("={}", refs.curve.factor(&a_ref)), res(fac)),
            )?;
            let pay = cr.map_or(Decimal::ZERO, |c| c.payout);
            ws.write_formula(
                row,
                *p_col,
                formula(
                    format!(
                        "={}",
                        round_cents(&format!("{tv}*{}*{}", refs.weight, cell(row, *f_col)))
                    ),
                    res(pay),
                ),
            )?;
            payouts.push(cell(row, *p_col));
        }
        let variable = cell(row, cols.variable);
        ws.write_formula(
            row,
            cols.variable,
            formula(
                format!(
                    "=ROUND({},2)",
                    if payouts.is_empty() {
                        "0".to_string()
                    } else {
                        payouts.join("+")
                    }
                ),
                res(r.variable),
            ),
        )?;
        // SPIFs: amount × events, at most the limit.
        let mut terms = Vec::new();
        for ((amount, max), e) in p.spifs.iter().zip(&cols.events) {
            let ev = cell(row, *e);
            terms.push(format!(
                "{amount}*IF(ISBLANK({max}),N({ev}),MIN(N({ev}),{max}))"
            ));
        }
        let spif_sum = if terms.is_empty() {
            "0".to_string()
        } else {
            terms.join("+")
        };
        let spif = cell(row, cols.spif);
        ws.write_formula(
            row,
            cols.spif,
            formula(format!("=ROUND({spif_sum},2)"), res(r.spif)),
        )?;
        let total = cell(row, cols.total);
        ws.write_formula(
            row,
            cols.total,
            formula(format!("=ROUND({base}+{variable}+{spif},2)"), res(r.total)),
        )?;
        ws.write_formula(
            row,
            cols.pct,
            formula(format!("=IF({ote}=0,0,{total}/{ote})"), res(r.pct_of_ote())),
        )?;
        let at = |which: fn(&CompRefs) -> &String| -> String {
            let mut s = base.clone();
            for refs in &p.comps {
                s.push('+');
                s.push_str(&round_cents(&format!(
                    "{tv}*{}*{}",
                    refs.weight,
                    which(refs)
                )));
            }
            s
        };
        ws.write_formula(
            row,
            cols.planned,
            formula(
                format!("=ROUND({}+{spif},2)", at(|c| &c.f_full)),
                res(r.planned),
            ),
        )?;
        let worst = cell(row, cols.worst);
        ws.write_formula(
            row,
            cols.worst,
            formula(format!("=ROUND({},2)", at(|c| &c.f_zero)), res(r.worst)),
        )?;
        ws.write_formula(
            row,
            cols.worst_pct,
            formula(
                format!("=IF({ote}=0,\"\",{worst}/{ote})"),
                if csm.ote.is_zero() {
                    String::new()
                } else {
                    res(r.downside_pct())
                },
            ),
        )?;
        let mut bounded: Vec<String> = p
            .comps
            .iter()
            .map(|c| format!("ISNUMBER({})", c.f_max))
            .collect();
        bounded.push(format!("ISNUMBER({})", p.spif_best));
        ws.write_formula(
            row,
            cols.upside,
            formula(
                format!(
                    "=IF(AND({}),ROUND({}+{},2),\"unbounded\")",
                    bounded.join(","),
                    at(|c| &c.f_max),
                    p.spif_best
                ),
                r.upside.map_or_else(|| "unbounded".to_string(), res),
            ),
        )?;
    }
    Ok(())
}

fn summary_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    scn: &Scenario,
    computed: &Computed,
    p: &PlanRefs,
    names: &Names,
) -> Result<(), XlsxError> {
    let cols = TeamCols::new(scn);
    let team = names.team.as_str();
    let n = scn.team.len() as u32;
    let last = n.max(1);
    let range = |c: u16| abs_range(team, c, 1, last);
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 20)?;
    ws.set_column_width(3, 70)?;
    ws.write_string_with_format(0, 0, format!("Team summary: {}", scn.name), &st.title)?;
    ws.write_string_with_format(
        1,
        0,
        "Formulas over the Team sheet; they follow every change on the Plan and Team sheets.",
        &st.note,
    )?;
    let h = SUMMARY_FIRST - 1;
    ws.write_string_with_format(h, 0, "Figure", &st.header)?;
    ws.write_string_with_format(h, 1, "Value", &st.header)?;
    ws.write_string_with_format(h, 2, "Key (calc --format json)", &st.header)?;
    ws.write_string_with_format(h, 3, "What it is", &st.header)?;
    let t = &computed.eval.team;
    let (min_cash, max_cash) = computed.eval.pay_range();
    let at = |key: &str| -> String {
        let i = FIGURES.iter().position(|(k, _, _)| *k == key).unwrap_or(0) as u32;
        cell(SUMMARY_FIRST + i, 1)
    };
    for (i, (key, label, what)) in FIGURES.iter().enumerate() {
        let row = SUMMARY_FIRST + i as u32;
        let sum = |c: u16| format!("=ROUND(SUM({}),2)", range(c));
        let (text, result, fmt): (String, String, &Format) = match *key {
            "csms" => (
                format!("=COUNTA({})", range(0)),
                scn.team.len().to_string(),
                &st.count,
            ),
            "ote" => (sum(3), res(t.ote), &st.money),
            "base" => (sum(cols.base), res(t.base), &st.money),
            "target_variable" => (sum(cols.tv), res(t.target_variable), &st.money),
            "variable" => (sum(cols.variable), res(t.variable), &st.money),
            "spif" => (sum(cols.spif), res(t.spif), &st.money),
            "cash" => (
                format!("=ROUND({}+{}+{},2)", at("base"), at("variable"), at("spif")),
                res(t.cash),
                &st.money_bold,
            ),
            "loaded_cost" => (
                format!("=ROUND(ROUND({}*(1+{}),6),2)", at("cash"), p.burden),
                res(t.loaded_cost),
                &st.money_bold,
            ),
            "planned_cost" => (sum(cols.planned), res(t.planned_cost), &st.money),
            "book_arr" => (sum(4), res(t.book_arr), &st.money),
            "cost_pct_of_arr" => (
                format!(
                    "=IF({b}=0,0,{l}/{b})",
                    b = at("book_arr"),
                    l = at("loaded_cost")
                ),
                res(t.cost_pct_of_arr),
                &st.pct,
            ),
            "pct_of_ote" => (
                format!("=IF({o}=0,0,{c}/{o})", o = at("ote"), c = at("cash")),
                res(t.pct_of_ote),
                &st.pct,
            ),
            "downside_pct_of_ote" => (
                format!("=IF(COUNT({r})=0,0,MIN({r}))", r = range(cols.worst_pct)),
                res(t.downside_pct),
                &st.pct,
            ),
            "minimum_cash" => (sum(cols.worst), res(min_cash), &st.money),
            _ => (
                format!(
                    "=IF(COUNT({r})={n},ROUND(SUM({r}),2),\"unbounded\")",
                    r = range(cols.upside)
                ),
                max_cash.map_or_else(|| "unbounded".to_string(), res),
                &st.money,
            ),
        };
        ws.write_string_with_format(row, 0, *label, &st.label)?;
        ws.write_formula_with_format(row, 1, formula(text, result), fmt)?;
        ws.write_string_with_format(row, 2, *key, &st.note)?;
        ws.write_string_with_format(row, 3, *what, &st.note)?;
    }
    ws.set_freeze_panes(SUMMARY_FIRST, 0)?;
    Ok(())
}

fn compare_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    books: &[(&Scenario, &Computed)],
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, "Scenarios side by side", &st.title)?;
    ws.write_string_with_format(
        1,
        0,
        "Each column follows its own Summary sheet; the changes are against the first scenario.",
        &st.note,
    )?;
    let h = SUMMARY_FIRST - 1;
    ws.set_column_width(0, 30)?;
    ws.write_string_with_format(h, 0, "Figure", &st.header)?;
    let k = books.len() as u16;
    for (j, (scn, _)) in books.iter().enumerate() {
        let c = 1 + j as u16;
        ws.write_string_with_format(h, c, &scn.name, &st.header)?;
        ws.set_column_width(c, 18)?;
        if j > 0 {
            let d = k + j as u16;
            ws.write_string_with_format(
                h,
                d,
                format!("{} vs {}", scn.name, books[0].0.name),
                &st.header,
            )?;
            ws.set_column_width(d, 18)?;
        }
    }
    ws.set_row_height(h, 30)?;
    for (i, (key, label, _)) in FIGURES.iter().enumerate() {
        let row = SUMMARY_FIRST + i as u32;
        ws.write_string_with_format(row, 0, *label, &st.label)?;
        let fmt = match *key {
            "csms" => &st.count,
            "cost_pct_of_arr" | "pct_of_ote" | "downside_pct_of_ote" => &st.pct,
            _ => &st.money,
        };
        let value = |b: &(&Scenario, &Computed)| -> String {
            let t = &b.1.eval.team;
            let (min, max) = b.1.eval.pay_range();
            let d = match *key {
                "csms" => Some(Decimal::from(b.0.team.len())),
                "ote" => Some(t.ote),
                "base" => Some(t.base),
                "target_variable" => Some(t.target_variable),
                "variable" => Some(t.variable),
                "spif" => Some(t.spif),
                "cash" => Some(t.cash),
                "loaded_cost" => Some(t.loaded_cost),
                "planned_cost" => Some(t.planned_cost),
                "book_arr" => Some(t.book_arr),
                "cost_pct_of_arr" => Some(t.cost_pct_of_arr),
                "pct_of_ote" => Some(t.pct_of_ote),
                "downside_pct_of_ote" => Some(t.downside_pct),
                "minimum_cash" => Some(min),
                _ => max,
            };
            d.map_or_else(|| "unbounded".to_string(), res)
        };
        let first = cell(row, 1);
        for (j, b) in books.iter().enumerate() {
            let c = 1 + j as u16;
            let src = abs(&Names::of(j).summary, row, 1);
            ws.write_formula_with_format(row, c, formula(format!("={src}"), value(b)), fmt)?;
            if j > 0 {
                let this = cell(row, c);
                let change = match (
                    value(&books[0]).parse::<Decimal>(),
                    value(b).parse::<Decimal>(),
                ) {
                    (Ok(a), Ok(v)) => res(v - a),
                    _ => String::new(),
                };
                ws.write_formula_with_format(
                    row,
                    k + j as u16,
                    formula(
                        format!("=IF(AND(ISNUMBER({this}),ISNUMBER({first})),{this}-{first},\"\")"),
                        change,
                    ),
                    fmt,
                )?;
            }
        }
    }
    ws.set_freeze_panes(SUMMARY_FIRST, 1)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(27), "AB");
        assert_eq!(col_name(51), "AZ");
        assert_eq!(col_name(52), "BA");
        assert_eq!(col_name(701), "ZZ");
        assert_eq!(col_name(702), "AAA");
        assert_eq!(cell(6, 3), "D7");
    }

    #[test]
    fn factor_formulas_read_like_the_plan() {
        let tiered = CurveRefs::Tiered {
            threshold: "T".into(),
            cap: "C".into(),
            tiers: vec![("F1".into(), "R1".into()), ("F2".into(), "R2".into())],
        };
        assert_eq!(
            tiered.factor("A2"),
            "IF(ROUND(A2,10)<T,0,MIN(C,R1*MAX(0,MIN(A2,F2)-F1)+R2*MAX(0,A2-F2)))"
        );
        let steps = CurveRefs::Steps(vec![("M1".into(), "X1".into()), ("M2".into(), "X2".into())]);
        assert_eq!(
            steps.factor("A2"),
            "IF(ROUND(A2,10)>=M2,X2,IF(ROUND(A2,10)>=M1,X1,0))"
        );
        assert_eq!(round_cents("x"), "ROUND(ROUND(x,8),2)");
    }
}
