//! Where a plan with periods puts what in its workbook: the plan versions and the Plan
//! sheet's metric blocks, and the columns of the Periods, Team and By period sheets, which
//! the sheets' formulas refer to across sheets.

use super::*;
use crate::engine::model::{AnnualOnChange, Plan};
use crate::engine::shape::Shape;
use crate::engine::versions::Versions;
use std::collections::HashMap;

/// Where a plan with periods puts what.
pub(super) struct PeriodLayout {
    pub(super) shape: Shape,
    /// The plan's versions (one without changes during the year).
    pub(super) versions: Vec<Plan>,
    /// Per period: the version in force.
    pub(super) version_at: Vec<usize>,
    /// The metric blocks on the Plan sheet: (component, version), in order.
    pub(super) blocks: Vec<(usize, usize)>,
    /// (component, version) → its block (versions of a per-period metric with the same
    /// curve share one).
    block_of: HashMap<(usize, usize), usize>,
}

impl PeriodLayout {
    pub(super) fn of(plan: &Plan) -> PeriodLayout {
        let shape = Shape::of(plan);
        let (starts, versions) = match Versions::of(plan) {
            Ok(v) if !plan.changes.is_empty() => (v.starts, v.plans),
            _ => {
                let mut p = plan.clone();
                p.changes = Vec::new();
                (vec![0], vec![p])
            }
        };
        let count = plan.periods.len();
        let version_at: Vec<usize> = (0..count)
            .map(|p| starts.iter().rposition(|s| *s <= p).unwrap_or(0))
            .collect();
        let mut blocks = Vec::new();
        let mut block_of = HashMap::new();
        for (c, comp) in plan.components.iter().enumerate() {
            let used: Vec<usize> = match comp.measured {
                Measure::Year => shape
                    .slots
                    .iter()
                    .filter(|s| s.component == c)
                    .map(|s| s.version)
                    .collect(),
                Measure::Period => {
                    let mut v = version_at.clone();
                    v.dedup();
                    v
                }
            };
            for k in used {
                let same = blocks.iter().position(|&(bc, bk): &(usize, usize)| {
                    bc == c
                        && comp.measured == Measure::Period
                        && versions[bk].components[c].curve == versions[k].components[c].curve
                });
                let b = match same {
                    Some(b) => b,
                    None => {
                        blocks.push((c, k));
                        blocks.len() - 1
                    }
                };
                block_of.insert((c, k), b);
            }
        }
        PeriodLayout {
            shape,
            versions,
            version_at,
            blocks,
            block_of,
        }
    }

    /// The Plan sheet block of component `c` in version `k`.
    pub(super) fn block(&self, c: usize, k: usize) -> usize {
        self.block_of.get(&(c, k)).copied().unwrap_or(0)
    }

    /// How a version is called: "as started", "from Q3 on".
    pub(super) fn version_name(&self, plan: &Plan, k: usize) -> String {
        let first = self.version_at.iter().position(|v| *v == k).unwrap_or(0);
        match k {
            0 => "as started".to_string(),
            _ => format!("from {} on", plan.periods[first].name),
        }
    }

    /// The heading of a metric block on the Plan sheet.
    pub(super) fn block_title(&self, scn: &Scenario, c: usize, k: usize) -> String {
        let comp = &scn.plan.components[c];
        let head = format!("{} ({})", comp.name, comp.id);
        if self.versions.len() == 1 {
            return head;
        }
        let latest =
            comp.measured == Measure::Year && scn.plan.annual_on_change == AnnualOnChange::Latest;
        let shared: Vec<usize> = (0..self.versions.len())
            .filter(|v| self.block_of.get(&(c, *v)) == self.block_of.get(&(c, k)))
            .collect();
        match (latest, shared.as_slice()) {
            (true, _) => format!("{head} — as in force at year end: pays for the whole year"),
            (false, [only]) if comp.measured == Measure::Year => {
                match self.span_of(c, *only) {
                    // One slot for the whole year: a metric no change touches.
                    (0, b) if b + 1 == self.shape.count => head,
                    (a, b) => format!(
                        "{head} — {}: pays for {}–{}",
                        self.version_name(&scn.plan, *only),
                        scn.plan.periods[a].id,
                        scn.plan.periods[b].id
                    ),
                }
            }
            (false, [only]) => format!("{head} — {}", self.version_name(&scn.plan, *only)),
            _ => head,
        }
    }

    /// The periods an annual metric's slot of version `k` pays for.
    fn span_of(&self, c: usize, k: usize) -> (usize, usize) {
        self.shape
            .slots
            .iter()
            .find(|s| s.component == c && s.version == k && s.period.is_none())
            .and_then(|s| s.span)
            .unwrap_or((0, self.shape.count - 1))
    }

    /// The annual slots: (slot index, component, version, periods it pays for).
    pub(super) fn annual_slots(&self) -> Vec<(usize, usize, usize, (usize, usize))> {
        self.shape
            .slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.period.is_none())
            .map(|(j, s)| {
                (
                    j,
                    s.component,
                    s.version,
                    s.span.unwrap_or((0, self.shape.count - 1)),
                )
            })
            .collect()
    }

    /// The slot of per-period component `c` in period `p`, if it counts there.
    pub(super) fn slot_in(&self, c: usize, p: usize) -> Option<usize> {
        self.shape
            .slots
            .iter()
            .position(|s| s.component == c && s.period == Some(p))
    }
}

/// Where the Periods sheet holds what.
pub(super) struct PeriodRefs {
    pub(super) sheet: String,
    /// The row of the first period (0-based).
    pub(super) first: u32,
    pub(super) count: usize,
    /// Per plan component: its weight and target columns when measured each period.
    pub(super) comp_cols: Vec<Option<(u16, u16)>>,
    /// Per SPIF: its amount and event-limit columns.
    pub(super) spif_cols: Vec<(u16, u16)>,
}

pub(super) const P_INDEX: u16 = 0;
pub(super) const P_ID: u16 = 1;
pub(super) const P_SHARE: u16 = 4;
pub(super) const P_CUM_LENGTH: u16 = 5;
pub(super) const P_CUM_SHARE: u16 = 6;
pub(super) const P_STATUS: u16 = 7;

impl PeriodRefs {
    /// An absolute reference to period `p`'s cell in column `col`.
    pub(super) fn at(&self, p: usize, col: u16) -> String {
        abs(&self.sheet, self.first + p as u32, col)
    }

    /// Periods `a..=b` of column `col`.
    pub(super) fn range(&self, col: u16, a: usize, b: usize) -> String {
        abs_range(
            &self.sheet,
            col,
            self.first + a as u32,
            self.first + b as u32,
        )
    }

    /// The annual metrics' results are actual once the last period is.
    pub(super) fn annual_status(&self) -> String {
        self.at(self.count - 1, P_STATUS)
    }
}

/// One annual slot's columns.
pub(super) struct AnnualCols {
    pub(super) slot: usize,
    pub(super) component: usize,
    pub(super) version: usize,
    pub(super) span: (usize, usize),
    pub(super) share: u16,
    pub(super) att: u16,
    pub(super) fac: u16,
    pub(super) pay: u16,
}

/// Team sheet columns of a plan with periods.
pub(super) struct PeriodTeamCols {
    /// Per plan component: own target and actual, for the annual ones.
    pub(super) inputs: Vec<Option<(u16, u16)>>,
    pub(super) share: u16,
    pub(super) basis: u16,
    pub(super) annual_base: u16,
    pub(super) annual_tv: u16,
    pub(super) first: u16,
    pub(super) last: u16,
    pub(super) slots: Vec<AnnualCols>,
    /// Per annual metric paid by several versions: (component, its total payout column).
    pub(super) sums: Vec<(usize, u16)>,
    pub(super) ote: u16,
    pub(super) base: u16,
    pub(super) tv: u16,
    pub(super) variable: u16,
    pub(super) spif: u16,
    pub(super) adjustment: u16,
    pub(super) total: u16,
    pub(super) pct: u16,
    pub(super) planned: u16,
    pub(super) worst: u16,
    pub(super) worst_pct: u16,
    pub(super) upside: u16,
}

pub(super) const T_START: u16 = 5;
pub(super) const T_END: u16 = 6;

impl PeriodTeamCols {
    pub(super) fn new(scn: &Scenario, layout: &PeriodLayout) -> PeriodTeamCols {
        let mut c: u16 = T_END + 1;
        let mut next = || {
            c += 1;
            c - 1
        };
        let inputs = scn
            .plan
            .components
            .iter()
            .map(|comp| (comp.measured == Measure::Year).then(|| (next(), next())))
            .collect();
        let share = next();
        let basis = next();
        let annual_base = next();
        let annual_tv = next();
        let first = next();
        let last = next();
        let mut slots = Vec::new();
        let mut sums = Vec::new();
        let annual = layout.annual_slots();
        for (c, _) in scn.plan.components.iter().enumerate() {
            let mine: Vec<_> = annual.iter().filter(|s| s.1 == c).collect();
            for &&(slot, component, version, span) in &mine {
                slots.push(AnnualCols {
                    slot,
                    component,
                    version,
                    span,
                    share: next(),
                    att: next(),
                    fac: next(),
                    pay: next(),
                });
            }
            if mine.len() > 1 {
                sums.push((c, next()));
            }
        }
        PeriodTeamCols {
            inputs,
            share,
            basis,
            annual_base,
            annual_tv,
            first,
            last,
            slots,
            sums,
            ote: next(),
            base: next(),
            tv: next(),
            variable: next(),
            spif: next(),
            adjustment: next(),
            total: next(),
            pct: next(),
            planned: next(),
            worst: next(),
            worst_pct: next(),
            upside: next(),
        }
    }

    pub(super) fn summary(&self) -> SummaryCols {
        SummaryCols {
            ote: self.ote,
            base: self.base,
            tv: self.tv,
            variable: self.variable,
            spif: self.spif,
            adjustment: Some(self.adjustment),
            planned: self.planned,
            worst: self.worst,
            worst_pct: self.worst_pct,
            upside: self.upside,
        }
    }
}

/// An attainment formula: `act` against `target`, the scale only on projections, a blank
/// as the plan says for missing results (0 in an actual period).
pub(super) fn attainment_formula(
    comp: &Component,
    act: &str,
    target: &str,
    status: &str,
    scale: &str,
    missing: crate::engine::MissingProjection,
) -> String {
    let blank = match missing {
        crate::engine::MissingProjection::AtTarget => scale.to_string(),
        crate::engine::MissingProjection::AtZero => "0".to_string(),
    };
    let ratio = match comp.direction {
        Direction::HigherIsBetter => format!("{act}/{target}"),
        Direction::LowerIsBetter => format!("MAX(0,2*{target}-{act})/{target}"),
    };
    format!(
        "IF(ISBLANK({act}),IF({status}=\"actual\",0,{blank}),{ratio}*IF({status}=\"actual\",1,{scale}))"
    )
}

/// One per-period metric's columns on the By period sheet.
pub(super) struct MetricCols {
    /// The metric's weight in the period (from the Periods sheet).
    pub(super) weight: u16,
    pub(super) target: u16,
    pub(super) actual: u16,
    pub(super) att: u16,
    pub(super) fac: u16,
    pub(super) pay: u16,
}

/// By period sheet columns.
pub(super) struct ByPeriodCols {
    /// The CSM's annual target variable and the period's target share (copied from the
    /// Team and Periods sheets, so each row's formulas read them beside them).
    pub(super) annual_tv: u16,
    pub(super) share: u16,
    /// Per plan component: its columns when measured each period.
    pub(super) metrics: Vec<Option<MetricCols>>,
    /// Per SPIF: events, pay.
    pub(super) spifs: Vec<(u16, u16)>,
    pub(super) paid: u16,
    pub(super) base: u16,
    pub(super) tv: u16,
    pub(super) variable: u16,
    pub(super) spif: u16,
    pub(super) computed: u16,
    pub(super) adjustment: u16,
    pub(super) total: u16,
    /// The per-period metrics' pay at 100%, at 0%, and with the SPIFs at the caps.
    pub(super) planned: u16,
    pub(super) worst: u16,
    pub(super) caps: u16,
}

pub(super) const B_EMPLOYED: u16 = 3;
pub(super) const B_STATUS: u16 = 4;

impl ByPeriodCols {
    pub(super) fn new(scn: &Scenario) -> ByPeriodCols {
        let mut c: u16 = B_STATUS + 1;
        let mut next = || {
            c += 1;
            c - 1
        };
        let annual_tv = next();
        let share = next();
        let metrics = scn
            .plan
            .components
            .iter()
            .map(|comp| {
                (comp.measured == Measure::Period).then(|| MetricCols {
                    weight: next(),
                    target: next(),
                    actual: next(),
                    att: next(),
                    fac: next(),
                    pay: next(),
                })
            })
            .collect();
        let spifs = scn.plan.spifs.iter().map(|_| (next(), next())).collect();
        ByPeriodCols {
            annual_tv,
            share,
            metrics,
            spifs,
            paid: next(),
            base: next(),
            tv: next(),
            variable: next(),
            spif: next(),
            computed: next(),
            adjustment: next(),
            total: next(),
            planned: next(),
            worst: next(),
            caps: next(),
        }
    }
}
