//! Results as text for people and machines: aligned table, CSV, JSON and Markdown.
//!
//! Owns: turning `Computed` into strings. Must not: compute pay or touch the terminal.

pub mod on_track;
pub mod periods;

use crate::engine::eval::spif_payout;
use crate::engine::validate::MAX_LISTED;
use crate::engine::{Computed, Finding, Scenario};
use crate::num::{money_in, money_plain, pct, plain};
use crate::text::escape_invisible;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};
use std::io::Write as _;

/// Ratios in machine output keep six decimals of the fraction (0.0001% precision).
pub fn ratio(v: Decimal) -> String {
    plain(v.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero))
}

/// Neutralises a cell a spreadsheet would run as a formula (one starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) with a leading `'`. A negative number such as
/// `-350.00` or `-12.5%` is a number to a spreadsheet, not a formula, and is left as it is.
pub fn safe_cell(text: &str) -> String {
    guarded(text).into_owned()
}

/// [`safe_cell`] without a copy when the cell needs no guard.
fn guarded(text: &str) -> std::borrow::Cow<'_, str> {
    if needs_guard(text) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// True when [`safe_cell`] would change `text`.
pub fn needs_guard(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b'-') => !is_plain_number(&text[1..]),
        Some(b'=' | b'+' | b'@' | b'\t' | b'\r') => true,
        _ => false,
    }
}

/// `12`, `12.5`, `12.5%`: digits with at most one inner dot and an optional `%`.
fn is_plain_number(t: &str) -> bool {
    let t = t.strip_suffix('%').unwrap_or(t);
    let (int, frac) = t.split_once('.').unwrap_or((t, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// Writes one CSV record with every cell passed through [`safe_cell`]: every CSV this tool
/// writes goes through here (or, for the roster's text cells, through the reversible
/// `roster::escape_text`), headers included.
pub fn write_safe_record<W: std::io::Write>(w: &mut csv::Writer<W>, cells: &[String]) {
    // Writing to memory cannot fail for I/O reasons; csv only errors on I/O.
    let guarded: Vec<std::borrow::Cow<str>> = cells.iter().map(|c| guarded(c)).collect();
    let _ = w.write_record(guarded.iter().map(|c| c.as_bytes()));
}

/// Writes CSV records cell by cell, each cell guarded as [`write_safe_record`] guards it,
/// numbers written without a string of their own each: the reports of large teams.
pub(crate) struct CsvCells<W: std::io::Write> {
    w: csv::Writer<W>,
    buf: String,
}

impl<W: std::io::Write> CsvCells<W> {
    pub(crate) fn new(w: W) -> Self {
        CsvCells {
            w: csv::WriterBuilder::new()
                .buffer_capacity(1 << 16)
                .from_writer(w),
            buf: String::with_capacity(64),
        }
    }

    pub(crate) fn text(&mut self, cell: &str) -> std::io::Result<()> {
        self.w
            .write_field(guarded(cell).as_bytes())
            .map_err(std::io::Error::from)
    }

    fn number(&mut self, write: impl FnOnce(&mut String)) -> std::io::Result<()> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        write(&mut buf);
        let r = self.text(&buf);
        self.buf = buf;
        r
    }

    /// Money in machine form ([`money_plain`]).
    pub(crate) fn money(&mut self, v: Decimal) -> std::io::Result<()> {
        self.number(|b| crate::num::push_money_plain(b, v))
    }

    /// A ratio to six decimals ([`ratio`]).
    pub(crate) fn ratio(&mut self, v: Decimal) -> std::io::Result<()> {
        self.number(|b| crate::num::push_plain(b, crate::num::round_half_away(v, 6)))
    }

    /// Ends the record.
    pub(crate) fn end(&mut self) -> std::io::Result<()> {
        self.w
            .write_record(None::<&[u8]>)
            .map_err(std::io::Error::from)
    }

    /// A whole record of text cells.
    pub(crate) fn record(&mut self, cells: &[String]) -> std::io::Result<()> {
        for c in cells {
            self.text(c)?;
        }
        self.end()
    }

    pub(crate) fn finish(self) -> std::io::Result<W> {
        self.w.into_inner().map_err(|e| e.into_error())
    }
}

/// What was written to memory, as text.
pub(crate) fn written(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(&mut out);
    String::from_utf8(out).unwrap_or_default()
}

// Typed rows for `json`: serialised straight to text (a serde_json::Value tree for 10,000
// CSMs spent most of its time allocating maps).
#[derive(serde::Serialize)]
struct ComponentJson<'a> {
    id: &'a str,
    target: String,
    actual: Option<String>,
    attainment: String,
    factor: String,
    payout: String,
    /// No projection: the pay rests on the plan's assumption (`missing_projections`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    assumed: bool,
}

#[derive(serde::Serialize)]
struct SpifJson<'a> {
    id: &'a str,
    events: u32,
    payout: String,
}

#[derive(serde::Serialize)]
struct CsmJson<'a> {
    id: &'a str,
    name: &'a str,
    level: &'a str,
    ote: String,
    book_arr: String,
    base: String,
    target_variable: String,
    variable: String,
    spif: String,
    /// Recorded payouts less what the plan computes for their periods (only when not 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    adjustment: Option<String>,
    total: String,
    pct_of_ote: String,
    planned: String,
    downside_pct_of_ote: String,
    upside: Option<String>,
    components: Vec<ComponentJson<'a>>,
    spifs: Vec<SpifJson<'a>>,
    /// With `--by-period`: the CSM's pay in each period.
    #[serde(skip_serializing_if = "Option::is_none")]
    periods: Option<Vec<periods::PeriodJson>>,
}

#[derive(serde::Serialize)]
struct TeamJson {
    csms: usize,
    ote: String,
    base: String,
    target_variable: String,
    variable: String,
    spif: String,
    /// Recorded payouts less what the plan computes for their periods (only when not 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    adjustment: Option<String>,
    cash: String,
    loaded_cost: String,
    planned_cost: String,
    book_arr: String,
    cost_pct_of_arr: String,
    pct_of_ote: String,
    downside_pct_of_ote: String,
    /// Team pay with every attainment at 0 and no SPIFs.
    minimum_cash: String,
    /// Team pay with every metric at its cap and SPIFs at their limits; null when uncapped.
    maximum_cash: Option<String>,
    /// With `--by-period`: the team's pay in each period, what the actual periods paid and
    /// what the projected ones are forecast to pay.
    #[serde(skip_serializing_if = "Option::is_none")]
    periods: Option<Vec<periods::PeriodJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    paid_to_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forecast: Option<String>,
}

#[derive(serde::Serialize)]
struct ReportJson<'a> {
    scenario: &'a str,
    /// The plan's title, fiscal year, status and notes, when it has any.
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<Value>,
    /// The plan's currency, when it is not USD (money figures are amounts in it).
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<String>,
    attainment_scale: String,
    /// The metrics' own attainment assumptions (by id), when there are any.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    attainment_by_metric: std::collections::BTreeMap<String, String>,
    team: TeamJson,
    csms: LazyCsms<'a>,
    /// With `--by-period` and a closed period: who is on track.
    #[serde(skip_serializing_if = "Option::is_none")]
    on_track: Option<Value>,
    warnings: Value,
}

/// The report's CSMs, each built as it is written: a 100,000-CSM team by period never
/// stands in memory as a whole.
struct LazyCsms<'a> {
    scn: &'a Scenario,
    c: &'a Computed,
    periods: Option<&'a periods::JsonPeriods<'a>>,
    assumed: Vec<Vec<usize>>,
    /// With changes during the year: each SPIF in each period as the version in force has
    /// it (SPIF-major, as the plan's slots).
    spif_terms: Option<Vec<crate::engine::Spif>>,
}

impl serde::Serialize for LazyCsms<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((0..self.scn.team.len()).map(|i| {
            let assumed = self.assumed.get(i).map_or(&[][..], Vec::as_slice);
            csm_json(
                self.scn,
                self.c,
                i,
                self.periods,
                assumed,
                self.spif_terms.as_deref(),
            )
        }))
    }
}

fn csm_json<'a>(
    scn: &'a Scenario,
    c: &'a Computed,
    i: usize,
    periods: Option<&periods::JsonPeriods<'_>>,
    assumed: &[usize],
    spif_terms: Option<&[crate::engine::Spif]>,
) -> CsmJson<'a> {
    let csm = &scn.team[i];
    let r = &c.eval.csms[i];
    CsmJson {
        id: &csm.id,
        name: &csm.name,
        level: &csm.level,
        ote: money_plain(r.ote),
        book_arr: money_plain(csm.book_arr),
        base: money_plain(r.base),
        target_variable: money_plain(r.target_variable),
        variable: money_plain(r.variable),
        spif: money_plain(r.spif),
        adjustment: (!r.adjustment.is_zero()).then(|| money_plain(r.adjustment)),
        total: money_plain(r.total),
        pct_of_ote: ratio(r.pct_of_ote()),
        planned: money_plain(r.planned),
        downside_pct_of_ote: ratio(r.downside_pct()),
        upside: r.upside.map(money_plain),
        components: scn
            .plan
            .components
            .iter()
            .zip(c.eval.components(i).iter())
            .enumerate()
            .map(|(j, (comp, cr))| ComponentJson {
                id: &comp.id,
                target: plain(crate::engine::eval::target_in_plan(&scn.plan, comp, csm)),
                actual: csm.actuals.get(&comp.id).copied().map(plain),
                attainment: ratio(cr.attainment()),
                factor: ratio(cr.factor()),
                payout: money_plain(cr.payout),
                assumed: assumed.contains(&j),
            })
            .collect(),
        spifs: scn
            .plan
            .spifs
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let (events, paid) = spif_year(scn, csm, s, k, spif_terms);
                SpifJson {
                    id: &s.id,
                    events,
                    payout: money_plain(paid),
                }
            })
            .collect(),
        periods: periods.map(|p| p.csm(i)),
    }
}

pub fn json(scn: &Scenario, c: &Computed) -> String {
    json_with(scn, c, false)
}

/// A SPIF's events and payout for a CSM over the year (summed over periods, each capped
/// at the SPIF's event limit).
fn spif_year(
    scn: &Scenario,
    csm: &crate::engine::Csm,
    s: &crate::engine::Spif,
    k: usize,
    terms: Option<&[crate::engine::Spif]>,
) -> (u32, Decimal) {
    if !scn.plan.has_periods() {
        let events = csm.spifs.get(&s.id).copied().unwrap_or(0);
        return (events, spif_payout(s, events));
    }
    let mut events = 0u32;
    let mut paid = Decimal::ZERO;
    let count = scn.plan.periods.len();
    for (q, p) in scn.plan.periods.iter().enumerate() {
        let n = csm
            .periods
            .get(&p.id)
            .and_then(|v| v.spifs.get(&s.id).copied())
            .unwrap_or(0);
        events = events.saturating_add(n);
        let s = terms.and_then(|t| t.get(k * count + q)).unwrap_or(s);
        paid += spif_payout(s, n);
    }
    (events, paid)
}

/// The JSON report; with `by_period`, `periods` arrays per CSM and for the team.
pub fn json_with(scn: &Scenario, c: &Computed, by_period: bool) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_json(&mut out, scn, c, by_period);
    String::from_utf8(out).unwrap_or_default()
}

/// [`json_with`] written to `w` as it is made, through a buffer: a large team's report is
/// never built in memory first.
pub fn write_json(
    w: &mut dyn std::io::Write,
    scn: &Scenario,
    c: &Computed,
    by_period: bool,
) -> std::io::Result<()> {
    // A team metric's actual is the team's, a rate worked out from ARR the CSM's actual.
    let resolved = crate::engine::team_metrics::resolved(scn);
    let scn = &*resolved;
    let t = &c.eval.team;
    let periods = by_period.then(|| periods::JsonPeriods::new(scn, c));
    let (team_periods, paid_to_date, forecast) = match periods.as_ref().map(|p| p.team()) {
        Some((team, paid, rest)) => (Some(team), Some(paid), Some(rest)),
        None => (None, None, None),
    };
    let report = ReportJson {
        scenario: &scn.name,
        plan: plan_info_json(&scn.plan),
        currency: not_usd(scn).map(|c| c.to_string()),
        attainment_scale: ratio(scn.assumptions.attainment_scale),
        attainment_by_metric: scn
            .plan
            .components
            .iter()
            .map(|c| (c.id.clone(), scn.assumptions.metric_scale(c)))
            .filter(|(_, m)| *m != Decimal::ONE)
            .map(|(id, m)| (id, ratio(m)))
            .collect(),
        team: TeamJson {
            csms: scn.team.len(),
            ote: money_plain(t.ote),
            base: money_plain(t.base),
            target_variable: money_plain(t.target_variable),
            variable: money_plain(t.variable),
            spif: money_plain(t.spif),
            adjustment: (!t.adjustment.is_zero()).then(|| money_plain(t.adjustment)),
            cash: money_plain(t.cash),
            loaded_cost: money_plain(t.loaded_cost),
            planned_cost: money_plain(t.planned_cost),
            book_arr: money_plain(t.book_arr),
            cost_pct_of_arr: ratio(t.cost_pct_of_arr),
            pct_of_ote: ratio(t.pct_of_ote),
            downside_pct_of_ote: ratio(t.downside_pct),
            minimum_cash: money_plain(c.eval.pay_range().0),
            maximum_cash: c.eval.pay_range().1.map(money_plain),
            periods: team_periods,
            paid_to_date,
            forecast,
        },
        csms: LazyCsms {
            scn,
            c,
            periods: periods.as_ref(),
            assumed: assumed_for(scn, c),
            spif_terms: (!scn.plan.changes.is_empty())
                .then(|| crate::engine::shape::Shape::of(&scn.plan).flat.spifs),
        },
        on_track: by_period.then(|| on_track::json(scn, c)).flatten(),
        warnings: findings_json(&c.warnings),
    };
    let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer_pretty(&mut w, &report)?;
    w.write_all(b"\n")?;
    w.flush()
}

/// The plan's title, fiscal year (with its first and last day), status and notes; `None`
/// when the plan has none of them (the report is then as it always was).
fn plan_info_json(plan: &crate::engine::Plan) -> Option<Value> {
    if plan.title.is_none()
        && plan.fiscal_year.is_none()
        && plan.status.is_none()
        && plan.notes.is_empty()
    {
        return None;
    }
    let mut m = serde_json::Map::new();
    if let Some(t) = &plan.title {
        m.insert("title".into(), json!(t));
    }
    if let Some(fy) = &plan.fiscal_year {
        m.insert(
            "fiscal_year".into(),
            json!({
                "name": fy.name,
                "start": fy.start_date().map(|d| d.to_string()),
                "end": fy.end_date().map(|d| d.to_string()),
            }),
        );
    }
    if let Some(st) = plan.status {
        m.insert("status".into(), json!(st.label()));
    }
    if !plan.notes.is_empty() {
        m.insert("notes".into(), json!(plan.notes));
    }
    Some(Value::Object(m))
}

pub fn findings_json(f: &[Finding]) -> Value {
    Value::Array(
        f.iter()
            .map(|w| json!({"code": w.code, "location": w.location, "message": w.message}))
            .collect(),
    )
}

/// One row per CSM with every figure, ready for a spreadsheet.
pub fn csv(scn: &Scenario, c: &Computed) -> String {
    written(|w| write_csv(w, scn, c))
}

/// [`csv`], written to `out` as it is made.
pub fn write_csv<W: std::io::Write>(out: W, scn: &Scenario, c: &Computed) -> std::io::Result<()> {
    let mut w = CsvCells::new(out);
    let mut header: Vec<String> = [
        "id",
        "name",
        "level",
        "ote",
        "base",
        "target_variable",
        "variable",
        "spif",
        "total",
        "pct_of_ote",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Recorded payouts: their difference to the plan, after the SPIFs (each row adds up).
    let adjusted = c.eval.csms.iter().any(|r| !r.adjustment.is_zero());
    if adjusted {
        header.insert(8, "adjustment".into());
    }
    header.extend(component_columns(scn));
    let assumed = assumed_for(scn, c);
    if !assumed.is_empty() {
        header.push("assumed".into());
    }
    w.record(&header)?;
    for (i, (csm, r)) in scn.team.iter().zip(&c.eval.csms).enumerate() {
        w.text(&csm.id)?;
        w.text(&csm.name)?;
        w.text(&csm.level)?;
        for v in [r.ote, r.base, r.target_variable, r.variable, r.spif] {
            w.money(v)?;
        }
        if adjusted {
            w.money(r.adjustment)?;
        }
        w.money(r.total)?;
        w.ratio(r.pct_of_ote())?;
        for cr in c.eval.components(i).iter() {
            w.ratio(cr.attainment())?;
            w.ratio(cr.factor())?;
            w.money(cr.payout)?;
        }
        if let Some(a) = assumed.get(i) {
            w.text(&assumed_ids(scn, a, " "))?;
        }
        w.end()?;
    }
    w.finish()?.flush()
}

/// The CSV columns of each component's result: `grr:attainment`, `grr:factor`,
/// `grr:payout`, ... in plan order.
pub(crate) fn component_columns(scn: &Scenario) -> impl Iterator<Item = String> + '_ {
    scn.plan.components.iter().flat_map(|comp| {
        ["attainment", "factor", "payout"].map(|what| format!("{}:{what}", comp.id))
    })
}

struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Right-align column i?
    right: Vec<bool>,
}

/// The plan's currency when it is not USD: reports name it (a USD plan's reports are as
/// they always were).
pub fn not_usd(scn: &Scenario) -> Option<crate::num::Currency> {
    Some(scn.plan.currency()).filter(|c| *c != crate::num::Currency::USD)
}

/// "; amounts in EUR" for a plan that pays in another currency than USD.
fn amounts_in(scn: &Scenario) -> String {
    not_usd(scn).map_or_else(String::new, |c| format!("; amounts in {c}"))
}

fn csm_grid(scn: &Scenario, c: &Computed) -> Grid {
    let assumed = assumed_for(scn, c);
    let currency = scn.plan.currency();
    let money = |v| money_in(v, currency);
    let mut header: Vec<String> = [
        "ID", "Name", "Level", "OTE", "Base", "Variable", "SPIF", "Total", "% OTE",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut right = vec![false, false, false, true, true, true, true, true, true];
    // Recorded payouts: their difference to the plan, so that each row adds up.
    let adjusted = c.eval.csms.iter().any(|r| !r.adjustment.is_zero());
    if adjusted {
        header.insert(7, "Recorded adj.".into());
        right.insert(7, true);
    }
    if !assumed.is_empty() {
        header.push("Assumed".into());
        right.push(false);
    }
    let rows = scn
        .team
        .iter()
        .zip(&c.eval.csms)
        .enumerate()
        .map(|(i, (csm, r))| {
            let mut row = vec![
                csm.id.clone(),
                csm.name.clone(),
                csm.level.clone(),
                money(r.ote),
                money(r.base),
                money(r.variable),
                money(r.spif),
                money(r.total),
                pct(r.pct_of_ote(), 1),
            ];
            if adjusted {
                row.insert(7, money(r.adjustment));
            }
            if let Some(a) = assumed.get(i) {
                row.push(assumed_ids(scn, a, ", "));
            }
            row
        })
        .collect();
    Grid {
        header,
        rows,
        right,
    }
}

/// Per CSM, the metrics with no projection (their pay there rests on the plan's
/// assumption); empty when every CSM has every projection.
pub(crate) fn assumed_for(scn: &Scenario, c: &Computed) -> Vec<Vec<usize>> {
    if c.eval.assumed_csms == 0 {
        return Vec::new();
    }
    crate::engine::assumed_metrics(scn)
}

/// The ids of the metrics `comps` (plan indices), joined by `sep`; "all" when they are
/// every metric of the plan, "" when none.
pub(crate) fn assumed_ids(scn: &Scenario, comps: &[usize], sep: &str) -> String {
    if !comps.is_empty() && comps.len() == scn.plan.components.len() {
        return "all".into();
    }
    comps
        .iter()
        .filter_map(|j| scn.plan.components.get(*j))
        .map(|c| c.id.as_str())
        .collect::<Vec<_>>()
        .join(sep)
}

fn summary_pairs(scn: &Scenario, c: &Computed) -> Vec<(String, String)> {
    let t = &c.eval.team;
    let currency = scn.plan.currency();
    let money = |v| money_in(v, currency);
    let mut pairs = vec![
        ("CSMs".into(), scn.team.len().to_string()),
        ("Base".into(), money(t.base)),
        ("Variable".into(), money(t.variable)),
        ("SPIF".into(), money(t.spif)),
        ("Cash cost".into(), money(t.cash)),
        (
            format!(
                "Fully loaded cost (burden {})",
                crate::num::pct_exact(scn.assumptions.burden_rate)
            ),
            money(t.loaded_cost),
        ),
        ("Planned cost at 100%".into(), money(t.planned_cost)),
        ("Book ARR".into(), money(t.book_arr)),
        (
            "Loaded cost as % of book ARR".into(),
            pct(t.cost_pct_of_arr, 2),
        ),
        ("Cash as % of OTE".into(), pct(t.pct_of_ote, 1)),
        (
            "Worst case (lowest, % of OTE)".into(),
            pct(t.downside_pct, 1),
        ),
        (
            "Minimum cash (0%, no SPIFs)".into(),
            money(c.eval.pay_range().0),
        ),
        (
            "Maximum cash (at every cap)".into(),
            c.eval
                .pay_range()
                .1
                .map_or_else(|| "unbounded (a metric has no cap)".into(), money),
        ),
    ];
    if !t.adjustment.is_zero() {
        // Recorded payouts: what payroll paid less what the plan computes for them.
        pairs.insert(4, ("Recorded pay adjustment".into(), money(t.adjustment)));
    }
    pairs
}

pub(crate) fn width(s: &str) -> usize {
    s.chars().count()
}

/// Aligns a table: columns two spaces apart, right-aligned where asked.
pub fn aligned(header: &[String], rows: &[Vec<String>], right: &[bool]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (i, c) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
    let mut out = String::with_capacity((rows.len() + 2) * (total + 1));
    // Each line is written straight into `out` (cells two spaces apart, padded to the
    // column), then its trailing blanks are cut.
    let line = |out: &mut String, cells: &[String]| {
        let start = out.len();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            let pad = widths[i].saturating_sub(width(c));
            let right = right.get(i).copied().unwrap_or(false);
            if !right {
                out.push_str(c);
            }
            out.extend(std::iter::repeat_n(' ', pad));
            if right {
                out.push_str(c);
            }
        }
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    };
    line(&mut out, header);
    out.extend(std::iter::repeat_n('-', total));
    out.push('\n');
    for row in rows {
        line(&mut out, row);
    }
    out
}

/// The scenario's name, after the plan's heading when the plan has a title
/// ("FY27 CS variable pay · FY27, 1 February 2026 – 31 January 2027 · draft — Q3 proposal").
pub fn titled(scn: &Scenario) -> String {
    match scn.plan.heading() {
        Some(h) => format!("{h} — {}", scn.name),
        None => scn.name.clone(),
    }
}

/// The metrics' own attainment assumptions, after the team's scale: `; Expansion ARR 80%`
/// (empty when there is none).
pub fn by_metric(scn: &Scenario) -> String {
    scn.plan
        .components
        .iter()
        .filter_map(|c| {
            let m = scn.assumptions.metric_scale(c);
            (m != Decimal::ONE).then(|| format!("; {} {}", c.name, crate::num::pct_exact(m)))
        })
        .collect()
}

/// An aligned table for the terminal.
pub fn table(scn: &Scenario, c: &Computed) -> String {
    let g = csm_grid(scn, c);
    let mut out = format!(
        "{} (attainment scale {}{}{})\n\n",
        escape_invisible(&titled(scn)),
        crate::num::pct_exact(scn.assumptions.attainment_scale),
        escape_invisible(&by_metric(scn)),
        amounts_in(scn)
    );
    out += &aligned(&g.header, &g.rows, &g.right);
    out.push('\n');
    let pairs = summary_pairs(scn, c);
    let kw = pairs.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let vw = pairs.iter().map(|(_, v)| width(v)).max().unwrap_or(0);
    for (k, v) in pairs {
        out += &format!("{k:<kw$}  {v:>vw$}\n");
    }
    out += &warnings_text(&c.warnings);
    out
}

/// The warnings as a plain list (empty string when there are none).
pub fn warnings_text(w: &[Finding]) -> String {
    if w.is_empty() {
        return "\nNo guardrail warnings.\n".into();
    }
    let mut out = format!("\nWarnings ({}):\n", w.len());
    for f in w.iter().take(MAX_LISTED) {
        out += &format!("  [{}] {}\n", f.code, f.message);
    }
    if w.len() > MAX_LISTED {
        out += &format!("  … and {} more\n", w.len() - MAX_LISTED);
    }
    out
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
}

/// Markdown, ready to paste into a document.
pub fn markdown(scn: &Scenario, c: &Computed) -> String {
    let g = csm_grid(scn, c);
    let mut out = format!(
        "# {}\n\nAttainment scale {}{}{}.\n\n",
        crate::text::md(&titled(scn)),
        crate::num::pct_exact(scn.assumptions.attainment_scale),
        crate::text::md(&by_metric(scn)),
        amounts_in(scn)
    );
    out += &format!("| {} |\n", g.header.join(" | "));
    let seps: Vec<&str> = g
        .right
        .iter()
        .map(|r| if *r { "---:" } else { "---" })
        .collect();
    out += &format!("| {} |\n", seps.join(" | "));
    for row in &g.rows {
        // ID, name and level are the user's text; the rest are figures.
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(j, c)| {
                if j < 3 {
                    crate::text::md(c)
                } else {
                    md_escape(c)
                }
            })
            .collect();
        out += &format!("| {} |\n", cells.join(" | "));
    }
    out += "\n## Team\n\n| Figure | Value |\n| --- | ---: |\n";
    for (k, v) in summary_pairs(scn, c) {
        out += &format!("| {k} | {v} |\n");
    }
    out += "\n## Warnings\n\n";
    if c.warnings.is_empty() {
        out += "None.\n";
    }
    for f in c.warnings.iter().take(MAX_LISTED) {
        out += &format!("- **{}**: {}\n", f.code, md_escape(&f.message));
    }
    if c.warnings.len() > MAX_LISTED {
        out += &format!("- … and {} more\n", c.warnings.len() - MAX_LISTED);
    }
    out
}
