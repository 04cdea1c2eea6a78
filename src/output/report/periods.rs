//! `calc --by-period`: each CSM's and the team's pay in each period, in the four formats.
//!
//! Every figure comes from the evaluation's per-period results ([`PeriodResults`]): money
//! already rounded to the cent, so each printed total is the sum of its printed parts. A
//! plan without periods is shown as one period, "year".

use super::{aligned, md_escape, ratio};
use crate::engine::eval::{PeriodPay, spif_payout};
use crate::engine::shape::Shape;
use crate::engine::{Computed, Scenario};
use crate::num::{money_in, money_plain, plain};
use rust_decimal::Decimal;
use serde::Serialize;

/// One period's heading.
pub struct Head {
    pub id: String,
    pub name: String,
    pub actual: bool,
}

/// One slot's result in a period, for the detail of a CSM.
#[derive(Serialize)]
struct SlotJson {
    id: String,
    /// "period" or "year" (an annual component, paid with the last period).
    measured: &'static str,
    /// When the plan changes during the year, an annual metric is paid by each version on
    /// its part of the year: the periods this part covers ("Q1-Q2").
    #[serde(skip_serializing_if = "Option::is_none")]
    periods: Option<String>,
    target: String,
    actual: Option<String>,
    attainment: String,
    factor: String,
    payout: String,
}

#[derive(Serialize)]
pub(crate) struct PeriodJson {
    id: String,
    name: String,
    actual: bool,
    base: String,
    variable: String,
    spif: String,
    /// A recorded payout less what the plan computes for the period (only when there is
    /// a recorded payout).
    #[serde(skip_serializing_if = "Option::is_none")]
    adjustment: Option<String>,
    total: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    components: Option<Vec<SlotJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    spifs: Option<Vec<SpifEvents>>,
}

#[derive(Serialize)]
struct SpifEvents {
    id: String,
    events: u32,
    payout: String,
}

/// The per-period view of an evaluation.
pub struct View {
    pub heads: Vec<Head>,
    /// Per CSM: one entry per period.
    pub csms: Vec<Vec<PeriodPay>>,
    pub team: Vec<PeriodPay>,
    /// Team cash paid in the actual periods, and forecast for the others.
    paid_and_forecast: (Decimal, Decimal),
}

impl View {
    pub fn of(scn: &Scenario, c: &Computed) -> View {
        match &c.eval.periods {
            Some(p) => View {
                heads: scn
                    .plan
                    .periods
                    .iter()
                    .enumerate()
                    .map(|(k, period)| Head {
                        id: period.id.clone(),
                        name: period.name.clone(),
                        actual: p.is_actual(k),
                    })
                    .collect(),
                csms: (0..scn.team.len()).map(|i| p.csm(i).to_vec()).collect(),
                team: p.team.clone(),
                paid_and_forecast: p.paid_and_forecast(),
            },
            None => {
                let one = |base, variable, spif, total| PeriodPay {
                    base,
                    variable,
                    spif,
                    adjustment: Decimal::ZERO,
                    total,
                };
                let t = &c.eval.team;
                View {
                    heads: vec![Head {
                        id: "year".into(),
                        name: "Year".into(),
                        actual: false,
                    }],
                    csms: c
                        .eval
                        .csms
                        .iter()
                        .map(|r| vec![one(r.base, r.variable, r.spif, r.total)])
                        .collect(),
                    team: vec![one(t.base, t.variable, t.spif, t.cash)],
                    // Without periods nothing is actual: the year is all forecast.
                    paid_and_forecast: (Decimal::ZERO, t.cash),
                }
            }
        }
    }

    fn status(&self, p: usize) -> &'static str {
        if self.heads[p].actual {
            "actual"
        } else {
            "projected"
        }
    }

    /// (paid to date, forecast for the rest of the year).
    /// True when a recorded payout differs from what the plan computes.
    fn adjusted(&self) -> bool {
        self.team.iter().any(|t| !t.adjustment.is_zero())
    }

    pub fn paid_and_forecast(&self) -> (Decimal, Decimal) {
        self.paid_and_forecast
    }

    /// "through Q2" and "Q3–Q4" (the actual and projected spans), for labels.
    pub fn spans(&self) -> (String, String) {
        let actual: Vec<&Head> = self.heads.iter().filter(|h| h.actual).collect();
        let projected: Vec<&Head> = self.heads.iter().filter(|h| !h.actual).collect();
        let span = |v: &[&Head]| match v {
            [] => "none".to_string(),
            [one] => one.id.clone(),
            [first, .., last] => format!("{}–{}", first.id, last.id),
        };
        (
            actual
                .last()
                .map_or("none".into(), |h| format!("through {}", h.id)),
            span(&projected),
        )
    }
}

/// Each slot of CSM `i` in period `p` (annual components in the last period), as JSON.
fn slots_in(scn: &Scenario, c: &Computed, shape: &Shape, i: usize, p: usize) -> Vec<SlotJson> {
    let csm = &scn.team[i];
    let results = c.eval.slots(i);
    let employed = Shape::employed(&scn.plan, csm);
    shape
        .slots
        .iter()
        .enumerate()
        .filter(|(j, _)| shape.paid_in(*j, employed) == p)
        .filter_map(|(j, s)| {
            let comp = &scn.plan.components[s.component];
            let r = results.get(j)?;
            // The plan's target in the slot: that of the plan version that pays it,
            // prorated for a joiner or leaver where the plan says so.
            let plan_target = if j < shape.flat.components.len() {
                shape.target_for(j, employed)
            } else {
                comp.target
            };
            let (target, actual) = match s.period {
                None => (
                    csm.targets.get(&comp.id).copied().unwrap_or(plan_target),
                    csm.actuals.get(&comp.id).copied(),
                ),
                Some(k) => {
                    let pid = &scn.plan.periods[k].id;
                    let pv = csm.periods.get(pid);
                    (
                        pv.and_then(|v| v.targets.get(&comp.id).copied())
                            .unwrap_or(plan_target),
                        pv.and_then(|v| v.actuals.get(&comp.id).copied()),
                    )
                }
            };
            Some(SlotJson {
                id: comp.id.clone(),
                measured: if s.period.is_some() { "period" } else { "year" },
                // A plan version's part of the year: the periods it pays on.
                periods: s.span.map(|(a, b)| {
                    let id = |k: usize| scn.plan.periods[k].id.clone();
                    if a == b {
                        id(a)
                    } else {
                        format!("{}-{}", id(a), id(b))
                    }
                }),
                target: plain(target),
                actual: actual.map(plain),
                attainment: ratio(r.attainment()),
                factor: ratio(r.factor()),
                payout: money_plain(r.payout),
            })
        })
        .collect()
}

fn spifs_in(scn: &Scenario, shape: &Shape, i: usize, p: usize) -> Vec<SpifEvents> {
    let csm = &scn.team[i];
    scn.plan
        .spifs
        .iter()
        .map(|s| {
            let events = if shape.periodic {
                csm.periods
                    .get(&scn.plan.periods[p].id)
                    .and_then(|v| v.spifs.get(&s.id).copied())
                    .unwrap_or(0)
            } else {
                csm.spifs.get(&s.id).copied().unwrap_or(0)
            };
            // The SPIF as the plan version in force in the period has it.
            let k = scn
                .plan
                .spifs
                .iter()
                .position(|x| x.id == s.id)
                .unwrap_or(0);
            let terms = match shape.periodic {
                true => shape.flat.spifs.get(k * shape.count + p).unwrap_or(s),
                false => s,
            };
            SpifEvents {
                id: s.id.clone(),
                events,
                payout: money_plain(spif_payout(terms, events)),
            }
        })
        .collect()
}

fn period_json(v: &View, p: usize, pay: &PeriodPay) -> PeriodJson {
    PeriodJson {
        id: v.heads[p].id.clone(),
        name: v.heads[p].name.clone(),
        actual: v.heads[p].actual,
        base: money_plain(pay.base),
        variable: money_plain(pay.variable),
        spif: money_plain(pay.spif),
        adjustment: (!pay.adjustment.is_zero()).then(|| money_plain(pay.adjustment)),
        total: money_plain(pay.total),
        components: None,
        spifs: None,
    }
}

/// The `periods` arrays of the JSON report: each CSM's built when it is written (with each
/// period's components and SPIFs), and the team's.
pub(crate) struct JsonPeriods<'a> {
    scn: &'a Scenario,
    c: &'a Computed,
    view: View,
    shape: Shape,
}

impl<'a> JsonPeriods<'a> {
    pub(crate) fn new(scn: &'a Scenario, c: &'a Computed) -> JsonPeriods<'a> {
        JsonPeriods {
            scn,
            c,
            view: View::of(scn, c),
            shape: Shape::of(&scn.plan),
        }
    }

    /// CSM `i`'s periods.
    pub(crate) fn csm(&self, i: usize) -> Vec<PeriodJson> {
        let v = &self.view;
        v.csms[i]
            .iter()
            .enumerate()
            .map(|(p, pay)| PeriodJson {
                components: Some(slots_in(self.scn, self.c, &self.shape, i, p)),
                spifs: Some(spifs_in(self.scn, &self.shape, i, p)),
                ..period_json(v, p, pay)
            })
            .collect()
    }

    /// The team's periods, what the actual periods paid and what the rest are forecast to.
    pub(crate) fn team(&self) -> (Vec<PeriodJson>, String, String) {
        let v = &self.view;
        let team = v
            .team
            .iter()
            .enumerate()
            .map(|(p, pay)| period_json(v, p, pay))
            .collect();
        let (paid, rest) = v.paid_and_forecast();
        (team, money_plain(paid), money_plain(rest))
    }
}

/// The team by period, as table rows (with a full-year row); with recorded payouts, their
/// difference to the plan in a column of its own, so that each row adds up.
fn team_rows(v: &View, show: &dyn Fn(Decimal) -> String) -> Vec<Vec<String>> {
    let adjusted = v.adjusted();
    let row = |label: String, status: String, t: &PeriodPay| {
        let mut r = vec![label, status, show(t.base), show(t.variable), show(t.spif)];
        if adjusted {
            r.push(show(t.adjustment));
        }
        r.push(show(t.total));
        r
    };
    let mut rows: Vec<Vec<String>> = v
        .team
        .iter()
        .enumerate()
        .map(|(p, t)| row(v.heads[p].id.clone(), v.status(p).into(), t))
        .collect();
    let mut year = PeriodPay::default();
    for t in &v.team {
        year.base += t.base;
        year.variable += t.variable;
        year.spif += t.spif;
        year.adjustment += t.adjustment;
        year.total += t.total;
    }
    rows.push(row("Full year".into(), String::new(), &year));
    rows
}

fn team_header(v: &View) -> Vec<String> {
    let mut h: Vec<String> = ["Period", "Status", "Base", "Variable", "SPIF"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if v.adjusted() {
        h.push("Recorded adj.".into());
    }
    h.push("Total".into());
    h
}

/// The lines under the team by period: paid to date, forecast and full year; with
/// recorded payouts, what the plan computes for the closed periods and the difference.
fn paid_pairs(v: &View, money: &dyn Fn(Decimal) -> String) -> Vec<(String, String)> {
    let (paid, rest) = v.paid_and_forecast();
    let (through, span) = v.spans();
    let mut pairs = vec![(format!("Paid to date ({through})"), money(paid))];
    if v.adjusted() {
        let adjustment: Decimal = v
            .team
            .iter()
            .enumerate()
            .filter(|(p, _)| v.heads[*p].actual)
            .map(|(_, t)| t.adjustment)
            .sum();
        pairs.push(("  as the plan computes it".into(), money(paid - adjustment)));
        pairs.push((
            "  recorded − computed (to true up)".into(),
            money(adjustment),
        ));
    }
    pairs.push((format!("Forecast ({span})"), money(rest)));
    pairs.push(("Full year".to_string(), money(paid + rest)));
    pairs
}

/// Per CSM: the total of each period and the year.
fn csm_rows(scn: &Scenario, v: &View) -> (Vec<String>, Vec<Vec<String>>) {
    let currency = scn.plan.currency();
    let money = |v| money_in(v, currency);
    let mut header = vec!["ID".to_string(), "Name".to_string()];
    header.extend(v.heads.iter().map(|h| {
        if h.actual || v.heads.len() == 1 {
            h.id.clone()
        } else {
            format!("{} (proj.)", h.id)
        }
    }));
    header.push("Year".into());
    let rows = scn
        .team
        .iter()
        .zip(&v.csms)
        .map(|(csm, row)| {
            let mut cells = vec![csm.id.clone(), csm.name.clone()];
            cells.extend(row.iter().map(|p| money(p.total)));
            cells.push(money(row.iter().map(|p| p.total).sum()));
            cells
        })
        .collect();
    (header, rows)
}

/// The aligned by-period section of `calc --by-period`.
pub fn table(scn: &Scenario, c: &Computed) -> String {
    let v = View::of(scn, c);
    let currency = scn.plan.currency();
    let money = |v| money_in(v, currency);
    let mut out = String::from("\nBy period (annual components are paid with the last period)\n\n");
    let header = team_header(&v);
    let mut right = vec![false, false];
    right.extend(std::iter::repeat_n(true, header.len() - 2));
    out += &aligned(&header, &team_rows(&v, &money), &right);
    let pairs = paid_pairs(&v, &money);
    out.push('\n');
    let kw = pairs
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let vw = pairs
        .iter()
        .map(|(_, x)| x.chars().count())
        .max()
        .unwrap_or(0);
    for (k, x) in pairs {
        out += &format!("{k:<kw$}  {x:>vw$}\n");
    }
    out.push('\n');
    let (header, rows) = csm_rows(scn, &v);
    let mut right = vec![false, false];
    right.extend(std::iter::repeat_n(true, header.len() - 2));
    out += &aligned(&header, &rows, &right);
    out
}

/// Markdown tables of the team and the CSMs by period.
pub fn markdown(scn: &Scenario, c: &Computed) -> String {
    let v = View::of(scn, c);
    let currency = scn.plan.currency();
    let money = |v| money_in(v, currency);
    let mut out =
        String::from("\n## By period\n\nAnnual components are paid with the last period.\n\n");
    // `text`: how many leading columns are the user's text (period, CSM id and name).
    let md = |header: &[String], rows: &[Vec<String>], right: &[bool], text: usize| {
        let mut s = format!("| {} |\n", header.join(" | "));
        let seps: Vec<&str> = right
            .iter()
            .map(|r| if *r { "---:" } else { "---" })
            .collect();
        s += &format!("| {} |\n", seps.join(" | "));
        for row in rows {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    if j < text {
                        crate::text::md(c)
                    } else {
                        md_escape(c)
                    }
                })
                .collect();
            s += &format!("| {} |\n", cells.join(" | "));
        }
        s
    };
    let header = team_header(&v);
    let mut right = vec![false, false];
    right.extend(std::iter::repeat_n(true, header.len() - 2));
    out += &md(&header, &team_rows(&v, &money), &right, 1);
    let (paid, rest) = v.paid_and_forecast();
    let (through, span) = v.spans();
    out += &format!(
        "\nPaid to date ({through}): {}. Forecast ({span}): {}. Full year: {}.\n\n",
        money(paid),
        money(rest),
        money(paid + rest)
    );
    if v.adjusted() {
        let pairs = paid_pairs(&v, &money);
        out += &format!(
            "Recorded payouts: the plan computes {} {through}; recorded − computed: {} (to true up).\n\n",
            pairs[1].1, pairs[2].1
        );
    }
    let (header, rows) = csm_rows(scn, &v);
    let mut right = vec![false, false];
    right.extend(std::iter::repeat_n(true, header.len() - 2));
    out += &md(&header, &rows, &right, 2);
    out
}

/// One row per CSM and period: pay, and each component's result in that period (annual
/// components in the last period's row; empty elsewhere).
pub fn csv(scn: &Scenario, c: &Computed) -> String {
    super::written(|w| write_csv(w, scn, c))
}

/// Where a period's row takes a component's result from.
#[derive(Clone, Copy)]
enum Cell {
    /// Nothing for the component in that period.
    None,
    /// The result of one slot.
    Slot(usize),
    /// The year's result (an annual metric paid by several plan versions).
    Year,
}

/// [`csv`], written to `out` as it is made.
pub fn write_csv<W: std::io::Write>(out: W, scn: &Scenario, c: &Computed) -> std::io::Result<()> {
    let v = View::of(scn, c);
    let shape = Shape::of(&scn.plan);
    let mut w = super::CsvCells::new(out);
    let mut header: Vec<String> = [
        "id", "name", "period", "status", "base", "variable", "spif", "total",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Recorded payouts: their difference to the plan, so that each row adds up.
    let adjusted = v.adjusted();
    if adjusted {
        header.insert(7, "adjustment".into());
    }
    header.extend(super::component_columns(scn));
    // Who is on track (once a period is closed): the same on each of a CSM's rows.
    let standing = super::on_track::csv_columns(scn, c);
    if let Some((h, _)) = &standing {
        header.extend(h.iter().cloned());
    }
    w.record(&header)?;
    let last = shape.count - 1;
    // For each period, where each component's cells come from: the same for every CSM.
    let cells: Vec<Vec<Cell>> = (0..shape.count)
        .map(|p| {
            (0..scn.plan.components.len())
                .map(|k| {
                    let mut slots = shape
                        .slots
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| s.component == k && s.period.unwrap_or(last) == p)
                        .map(|(j, _)| j);
                    match (slots.next(), slots.next()) {
                        (None, _) => Cell::None,
                        (Some(j), None) => Cell::Slot(j),
                        _ => Cell::Year,
                    }
                })
                .collect()
        })
        .collect();
    for (i, (csm, row)) in scn.team.iter().zip(&v.csms).enumerate() {
        let results = c.eval.slots(i);
        // An annual metric paid by several plan versions: the year's result (their payouts
        // summed, attainment and factor averaged by amount), in the last period's row.
        let year = c.eval.components(i);
        for (p, pay) in row.iter().enumerate() {
            w.text(&csm.id)?;
            w.text(&csm.name)?;
            w.text(&v.heads[p].id)?;
            w.text(v.status(p))?;
            w.money(pay.base)?;
            w.money(pay.variable)?;
            w.money(pay.spif)?;
            if adjusted {
                w.money(pay.adjustment)?;
            }
            w.money(pay.total)?;
            for (k, cell) in cells[p].iter().enumerate() {
                let r = match cell {
                    Cell::None => None,
                    Cell::Slot(j) => results.get(*j),
                    Cell::Year => year.get(k),
                };
                match r {
                    Some(r) => {
                        w.ratio(r.attainment())?;
                        w.ratio(r.factor())?;
                        w.money(r.payout)?;
                    }
                    None => {
                        for _ in 0..3 {
                            w.text("")?;
                        }
                    }
                }
            }
            if let Some((_, values)) = &standing {
                for cell in &values[i] {
                    w.text(cell)?;
                }
            }
            w.end()?;
        }
    }
    w.finish()?.flush()
}
