//! The plan and the team as data. Serde derives describe the scenario file's shape (see
//! docs/scenario-format.md); no I/O happens here.

pub use crate::idmap::IdMap;
use crate::num::{Currency, serde_dec};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How the variable part relates to OTE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Basis {
    /// Variable at risk: base = OTE × (1 − v), target variable = OTE × v.
    OteSplit,
    /// Market salary plus a bonus: base = OTE, target variable = OTE × v.
    BonusOnTop,
}

impl Basis {
    /// The other basis.
    pub fn toggled(self) -> Basis {
        match self {
            Basis::OteSplit => Basis::BonusOnTop,
            Basis::BonusOnTop => Basis::OteSplit,
        }
    }
}

impl Basis {
    pub fn label(self) -> &'static str {
        match self {
            Basis::OteSplit => "OTE split",
            Basis::BonusOnTop => "bonus on top",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayMix {
    /// Share of OTE that is variable, as a fraction (0.2 = 20%).
    #[serde(with = "serde_dec::pct")]
    pub variable_share: Decimal,
    pub basis: Basis,
}

impl PayMix {
    /// Base and target variable of an OTE under this mix: target variable is OTE × the
    /// variable share to the cent; base the rest of OTE (an OTE split) or all of it (a
    /// bonus on top).
    pub fn split(&self, ote: Decimal) -> (Decimal, Decimal) {
        let target_variable = crate::num::cents(ote * self.variable_share);
        let base = match self.basis {
            Basis::OteSplit => ote - target_variable,
            Basis::BonusOnTop => ote,
        };
        (base, target_variable)
    }
}

/// What a metric measures; drives the guardrails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MetricKind {
    Retention,
    Churn,
    Nrr,
    Adoption,
    Expansion,
    Activity,
    Milestone,
    Sentiment,
}

impl MetricKind {
    /// Outcomes the customer largely decides (the "no more than 50%" rule).
    pub fn is_outcome(self) -> bool {
        matches!(
            self,
            MetricKind::Retention | MetricKind::Churn | MetricKind::Nrr | MetricKind::Adoption
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            MetricKind::Retention => "retention",
            MetricKind::Churn => "churn",
            MetricKind::Nrr => "NRR",
            MetricKind::Adoption => "adoption",
            MetricKind::Expansion => "expansion",
            MetricKind::Activity => "key activity",
            MetricKind::Milestone => "customer result",
            MetricKind::Sentiment => "sentiment",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Direction {
    #[default]
    HigherIsBetter,
    LowerIsBetter,
}

/// The unit a metric's targets and actuals are in (display and slider steps only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Unit {
    /// A fraction shown as a percentage (0.927 = 92.7%).
    #[default]
    Percent,
    /// Dollars.
    Money,
    /// A plain number (NPS points, meetings, ...).
    Count,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Attainment where this tier starts (1.0 = 100%).
    #[serde(with = "serde_dec::pct")]
    pub from: Decimal,
    /// Payout factor earned per unit of attainment inside the tier (1.5 = 1.5×).
    #[serde(with = "serde_dec")]
    pub rate: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Attainment needed to reach this step.
    #[serde(with = "serde_dec::pct")]
    pub min: Decimal,
    /// Payout factor once reached.
    #[serde(with = "serde_dec")]
    pub factor: Decimal,
}

/// One point of a curve drawn by points: at this attainment the curve pays this factor.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// Attainment (1.0 = 100%).
    #[serde(with = "serde_dec::pct")]
    pub at: Decimal,
    /// Payout factor at that attainment (1.0 = 100% of the target payout).
    #[serde(with = "serde_dec::pct")]
    pub pays: Decimal,
}

/// How a tiered curve applies the rate of a tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum TierMode {
    /// Each tier's rate applies to the attainment inside that tier (like tax brackets).
    #[default]
    Marginal,
    /// The rate of the highest tier reached applies to the whole attainment ("at 105%
    /// everything pays 1.2×").
    Flat,
}

impl TierMode {
    pub fn is_marginal(&self) -> bool {
        *self == TierMode::Marginal
    }
}

/// What a curve drawn by points pays above its last point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Beyond {
    /// The last point's factor: the curve is flat (capped) from there on.
    #[default]
    Flat,
    /// The line through the last two points goes on (uncapped).
    Extend,
}

impl Beyond {
    pub fn is_flat(&self) -> bool {
        *self == Beyond::Flat
    }
}

/// Maps attainment to a payout factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Applies to the fields of the struct variants: a typo such as `capp:` must be an error,
// not a silently dropped cap.
#[serde(deny_unknown_fields)]
pub enum Curve {
    /// Marginal tiers like tax brackets, after a threshold, up to an optional cap.
    Tiered {
        #[serde(with = "serde_dec::pct")]
        threshold: Decimal,
        tiers: Vec<Tier>,
        #[serde(
            default,
            with = "serde_dec::opt_pct",
            skip_serializing_if = "Option::is_none"
        )]
        cap: Option<Decimal>,
        /// Marginal (each tier's rate on its own slice, the default) or flat (the rate of
        /// the tier reached on the whole attainment).
        #[serde(default, skip_serializing_if = "TierMode::is_marginal")]
        mode: TierMode,
    },
    /// The factor of the highest step reached; nothing below the first.
    Steps { steps: Vec<Step> },
    /// Points (attainment → factor), a straight line between neighbours; nothing below the
    /// first point; above the last, its factor (`Flat`, the default) or the last line going
    /// on (`Extend`). Exact: the slopes are kept as fractions, the payout rounded once.
    Points {
        points: Vec<Point>,
        #[serde(default, skip_serializing_if = "Beyond::is_flat")]
        above: Beyond,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub kind: MetricKind,
    /// Share of target variable, as a fraction; all weights sum to 1.
    #[serde(with = "serde_dec::pct")]
    pub weight: Decimal,
    #[serde(default)]
    pub direction: Direction,
    #[serde(default)]
    pub unit: Unit,
    /// Default target, in the metric's unit (a fraction for percentages).
    #[serde(with = "serde_dec")]
    pub target: Decimal,
    pub curve: Curve,
    /// Measured for the year (the default) or per period (docs/periods.md).
    #[serde(default, skip_serializing_if = "Measure::is_year")]
    pub measured: Measure,
    /// Per-period targets by period id (per-period components); a period not listed uses
    /// `target`.
    #[serde(
        default,
        with = "serde_dec::map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub period_targets: BTreeMap<String, Decimal>,
    /// Per-period weights by period id, overriding `weight` (per-period components); "0%"
    /// means the component does not count in that period.
    #[serde(
        default,
        with = "serde_dec::pct_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub period_weights: BTreeMap<String, Decimal>,
    /// The weight stays where it is while other weights move (the editor's lock, `x`):
    /// kept with the plan so a plan reopened keeps the weights its designer fixed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub weight_locked: bool,
    /// The component pays only when every gate is open: another metric's result at or
    /// above (or at or below) a level ("expansion pays only if GRR ≥ 90%").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gates: Vec<Gate>,
    /// A modifier pays nothing on its own (weight 0%): its curve turns its attainment into
    /// a multiplier, kept within bounds, of other metrics' pay ("CSAT 0.9×–1.1× on the whole
    /// variable").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modifier: Option<Modifier>,
    /// Whose result the metric pays on: each CSM's own (the default), the whole team's, or
    /// the CSM's level's (docs/calculation.md, "Team metrics").
    #[serde(default, skip_serializing_if = "Scope::is_csm")]
    pub scope: Scope,
    /// Where no actual is typed, the actual is worked out from the book's ARR movements:
    /// NRR or GRR (docs/calculation.md, "NRR and GRR from their parts").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_arr: Option<ArrRate>,
}

/// Whose result a metric pays on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Scope {
    /// Each CSM's own result.
    #[default]
    Csm,
    /// One result for the whole team: every CSM has the same attainment.
    Team,
    /// One result per level (a pod, a segment): every CSM of a level has the same attainment.
    Level,
}

impl Scope {
    pub fn is_csm(&self) -> bool {
        *self == Scope::Csm
    }

    /// True for a team or level metric: one result for a group of CSMs.
    pub fn is_shared(&self) -> bool {
        *self != Scope::Csm
    }

    /// "team" or "level" (empty for a CSM's own metric).
    pub fn words(self) -> &'static str {
        match self {
            Scope::Csm => "",
            Scope::Team => "team",
            Scope::Level => "level",
        }
    }
}

/// A retention rate worked out from ARR movements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArrRate {
    /// Net revenue retention: (start + expansion − contraction − churn) ÷ start.
    Nrr,
    /// Gross revenue retention: (start − contraction − churn) ÷ start.
    Grr,
}

impl ArrRate {
    pub fn label(self) -> &'static str {
        match self {
            ArrRate::Nrr => "NRR",
            ArrRate::Grr => "GRR",
        }
    }

    /// The rate of these movements, to ten decimal places of a fraction (a millionth of a
    /// basis point); `None` when the starting ARR is not above zero.
    pub fn of(self, m: &ArrMovement) -> Option<Decimal> {
        if m.start <= Decimal::ZERO {
            return None;
        }
        let kept = m.start - m.contraction - m.churn;
        let end = match self {
            ArrRate::Nrr => kept + m.expansion,
            ArrRate::Grr => kept,
        };
        let r = end.checked_div(m.start)?;
        Some(
            r.round_dp_with_strategy(10, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                .normalize(),
        )
    }

    /// "(start + expansion − contraction − churn) ÷ start ARR".
    pub fn formula(self) -> &'static str {
        match self {
            ArrRate::Nrr => "(starting ARR + expansion − contraction − churn) ÷ starting ARR",
            ArrRate::Grr => "(starting ARR − contraction − churn) ÷ starting ARR",
        }
    }
}

/// A book's ARR over a base period (the plan year for an annual metric, the period for a
/// per-period one): the ARR at its start, and what expanded, contracted and churned during
/// it, as CS platforms report them. Money, all of it; the movements are written as
/// positive amounts.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArrMovement {
    #[serde(with = "serde_dec::money")]
    pub start: Decimal,
    #[serde(default, with = "serde_dec::money")]
    pub expansion: Decimal,
    #[serde(default, with = "serde_dec::money")]
    pub contraction: Decimal,
    #[serde(default, with = "serde_dec::money")]
    pub churn: Decimal,
}

impl ArrMovement {
    /// The sum of two books' movements (a team's from its CSMs').
    pub fn plus(&self, o: &ArrMovement) -> ArrMovement {
        ArrMovement {
            start: self.start + o.start,
            expansion: self.expansion + o.expansion,
            contraction: self.contraction + o.contraction,
            churn: self.churn + o.churn,
        }
    }
}

/// What a modifier multiplies, and its bounds (docs/calculation.md, "Modifiers").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Modifier {
    /// The lowest and highest multiplier.
    #[serde(with = "serde_dec::pct")]
    pub min: Decimal,
    #[serde(with = "serde_dec::pct")]
    pub max: Decimal,
    /// The metrics it multiplies, by id or name; none listed = every other metric.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<String>,
}

/// A gate on a component: it pays only when `metric`'s result (in that metric's unit, as
/// the what-if sees it) is at least `at_least`, or at most `at_most` (docs/calculation.md,
/// "Gates").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    /// The metric that opens the gate, by id or name.
    pub metric: String,
    #[serde(
        default,
        with = "serde_dec::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub at_least: Option<Decimal>,
    #[serde(
        default,
        with = "serde_dec::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub at_most: Option<Decimal>,
}

impl Gate {
    /// The level and whether the result must be at least it (else at most).
    pub fn level(&self) -> (Decimal, bool) {
        match (self.at_least, self.at_most) {
            (Some(l), _) => (l, true),
            (None, Some(m)) => (m, false),
            (None, None) => (Decimal::ZERO, true),
        }
    }
}

/// How often a component is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Measure {
    /// One attainment for the year, paid at year end.
    #[default]
    Year,
    /// Its own target, actual and payout in every period.
    Period,
}

impl Measure {
    pub fn is_year(&self) -> bool {
        *self == Measure::Year
    }
}

impl Component {
    /// The target of a per-period component in a period (by id).
    pub fn target_in(&self, period: &str) -> Decimal {
        self.period_targets
            .get(period)
            .copied()
            .unwrap_or(self.target)
    }

    /// The weight of a component in a period (by id): its own for that period, else
    /// `weight`; an annual component counts with `weight` in every period.
    pub fn weight_in(&self, period: &str) -> Decimal {
        match self.measured {
            Measure::Year => self.weight,
            Measure::Period => self
                .period_weights
                .get(period)
                .copied()
                .unwrap_or(self.weight),
        }
    }
}

/// One period of the plan year (docs/periods.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub id: String,
    pub name: String,
    /// Its length as a share of the year ("25%" for a quarter): base is paid by it.
    #[serde(with = "serde_dec::pct")]
    pub length: Decimal,
    /// Its share of the annual target variable; none given = its length.
    #[serde(
        default,
        with = "serde_dec::opt_pct",
        skip_serializing_if = "Option::is_none"
    )]
    pub target_share: Option<Decimal>,
}

impl Period {
    /// The share of the annual target variable this period carries.
    pub fn share(&self) -> Decimal {
        self.target_share.unwrap_or(self.length)
    }
}

/// A CSM's results in one period: actuals (and own targets) of the per-period components,
/// and SPIF events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PeriodValues {
    #[serde(
        default,
        with = "serde_dec::map",
        skip_serializing_if = "IdMap::is_empty"
    )]
    pub actuals: IdMap<Decimal>,
    #[serde(
        default,
        with = "serde_dec::map",
        skip_serializing_if = "IdMap::is_empty"
    )]
    pub targets: IdMap<Decimal>,
    #[serde(
        default,
        deserialize_with = "crate::num::serde_dec::unique_counts",
        skip_serializing_if = "IdMap::is_empty"
    )]
    pub spifs: IdMap<u32>,
    /// What payroll actually paid the CSM for the period (base, variable and SPIFs), once
    /// the period is closed: it replaces what the plan computes for the period
    /// (docs/periods.md, "Recorded payouts"; version 4).
    #[serde(
        default,
        with = "serde_dec::opt_money",
        skip_serializing_if = "Option::is_none"
    )]
    pub paid: Option<Decimal>,
    /// The book's ARR movements in the period, for a per-period NRR or GRR worked out from
    /// them.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub arr: Option<ArrMovement>,
}

impl PeriodValues {
    pub fn is_empty(&self) -> bool {
        self.actuals.is_empty()
            && self.targets.is_empty()
            && self.spifs.is_empty()
            && self.paid.is_none()
            && self.arr.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spif {
    pub id: String,
    pub name: String,
    /// Dollars paid per event.
    #[serde(with = "serde_dec::money")]
    pub amount: Decimal,
    /// At most this many events are paid per period; none means no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_events: Option<u32>,
}

/// An optional value written as the value itself (`title: "FY27 plan"`), as a person
/// writes it, rather than `Some(...)`; files read it either way.
fn plain_some<S: serde::Serializer, T: Serialize>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) => x.serialize(s),
        None => s.serialize_none(),
    }
}

/// A day as a scenario file writes it, `YYYY-MM-DD` (blanks around it ignored); `None`
/// for anything else (a period's id, a day that does not exist).
pub fn file_day(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// The fiscal year a plan runs for: "FY27" from 1 February 2026.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiscalYear {
    pub name: String,
    /// The first day, as `YYYY-MM-DD`.
    pub start: String,
}

impl FiscalYear {
    /// The first day, when `start` is a real date.
    pub fn start_date(&self) -> Option<chrono::NaiveDate> {
        file_day(&self.start)
    }

    /// The last day: the day before the same date a year later.
    pub fn end_date(&self) -> Option<chrono::NaiveDate> {
        let start = self.start_date()?;
        start
            .checked_add_months(chrono::Months::new(12))?
            .pred_opt()
    }

    /// "FY27, 1 February 2026 – 31 January 2027" (the name alone when the date is not one).
    pub fn text(&self) -> String {
        match (self.start_date(), self.end_date()) {
            (Some(a), Some(b)) => format!(
                "{}, {} – {}",
                self.name.trim(),
                a.format("%-d %B %Y"),
                b.format("%-d %B %Y")
            ),
            _ => self.name.trim().to_string(),
        }
    }
}

/// [`Plan::period_starts`] for a plan year starting on `start`.
pub fn period_starts_from(periods: &[Period], start: chrono::NaiveDate) -> Vec<chrono::NaiveDate> {
    use chrono::Months;
    use rust_decimal::prelude::ToPrimitive;
    let end = start.checked_add_months(Months::new(12)).unwrap_or(start);
    if periods.is_empty() {
        return vec![start, end];
    }
    let mut cumulative = Vec::with_capacity(periods.len() + 1);
    let mut sum = Decimal::ZERO;
    cumulative.push(Decimal::ZERO);
    for p in periods {
        sum += p.length;
        cumulative.push(sum);
    }
    let twelve = Decimal::from(12);
    let whole_months = cumulative.iter().all(|c| (c * twelve).fract().is_zero());
    let days = (end - start).num_days();
    cumulative
        .iter()
        .map(|c| {
            if whole_months {
                let m = (c * twelve).trunc().to_u32().unwrap_or(12);
                start.checked_add_months(Months::new(m)).unwrap_or(end)
            } else {
                let d = (Decimal::from(days) * c).round().to_i64().unwrap_or(days);
                start
                    .checked_add_signed(chrono::TimeDelta::try_days(d).unwrap_or_default())
                    .unwrap_or(end)
            }
        })
        .collect()
}

/// Where a plan stands on its way to being paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanStatus {
    Draft,
    Proposed,
    Approved,
}

impl PlanStatus {
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Proposed => "proposed",
            PlanStatus::Approved => "approved",
        }
    }
}

/// What a CSM is paid on for a metric that has no projected actual (docs/calculation.md,
/// "Missing projections"). A closed period's missing result is always 0%: the past is not
/// assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum MissingProjection {
    /// Projected at target (100% attainment, moved by the what-if like any projection),
    /// and shown as assumed.
    #[default]
    AtTarget,
    /// Counted as 0% attainment, and shown as assumed.
    AtZero,
}

impl MissingProjection {
    pub fn is_default(&self) -> bool {
        *self == MissingProjection::AtTarget
    }

    /// How the rule reads in a message: "at target" or "at 0%".
    pub fn words(self) -> &'static str {
        match self {
            MissingProjection::AtTarget => "at target",
            MissingProjection::AtZero => "at 0%",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The currency the plan pays in (ISO 4217 code); none = USD. Money written with
    /// another currency is refused (version 3).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serde_dec::opt_currency::serialize"
    )]
    pub currency: Option<Currency>,
    /// The plan's title as people call it ("FY27 Customer Success variable pay"):
    /// statements, reports and the app use it, never the file's name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub title: Option<String>,
    /// The fiscal year the plan runs for: its name and first day.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub fiscal_year: Option<FiscalYear>,
    /// Where the plan stands: draft, proposed or approved.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub status: Option<PlanStatus>,
    /// Notes for whoever reads the plan next (why it is shaped so, what was agreed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    pub mix: PayMix,
    /// Pay mix per level, overriding `mix` for CSMs of that level.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub level_mix: BTreeMap<String, PayMix>,
    pub components: Vec<Component>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spifs: Vec<Spif>,
    /// The budget the plan should fit (cash or loaded), for the cost-risk view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
    /// The periods of the plan year; none = one annual period (docs/periods.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<Period>,
    /// The last period that holds actual results (by id); later periods are projections.
    /// None = every period is projected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// What a metric with no projected actual is paid on (at target unless the plan says).
    #[serde(default, skip_serializing_if = "MissingProjection::is_default")]
    pub missing_projections: MissingProjection,
    /// Changes to the plan during the year, each from a period on, in period order
    /// (docs/periods.md, "Changes during the year").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<PlanChange>,
    /// How annual metrics are paid when the plan changes during the year: each version on
    /// its share of the year (`Split`, the default), or the version in force at year end on
    /// the whole year (`Latest`).
    #[serde(default, skip_serializing_if = "AnnualOnChange::is_default")]
    pub annual_on_change: AnnualOnChange,
    /// What a CSM who leaves before the year ends is paid on the annual metrics
    /// (docs/periods.md, "Joiners and leavers"). A file that does not say keeps
    /// `PayAtYearEnd`, the rule of earlier versions; new plans say `Forfeit`.
    #[serde(default, skip_serializing_if = "LeaverPolicy::is_default")]
    pub leavers: LeaverPolicy,
    /// Joiners' and leavers' money and count targets taken from the plan are prorated by
    /// the share of the year (or period) they are employed; a CSM's own target never is.
    /// A file that does not say keeps whole-year targets, as earlier versions did; new
    /// plans say `true`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub prorate_targets: bool,
    /// Windfall review: a CSM paid more than this multiple of a metric's target pay on that
    /// metric (in a period, for a per-period metric) is named in a warning, for review before
    /// payout ("results above 200% go to review"). None: no review.
    #[serde(
        default,
        with = "serde_dec::opt_pct",
        skip_serializing_if = "Option::is_none"
    )]
    pub review_above: Option<Decimal>,
}

/// What a leaver is paid on the annual metrics, which fall due at year end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum LeaverPolicy {
    /// Annual metrics not yet due when the CSM leaves are not paid.
    Forfeit,
    /// Annual metrics are paid in the period the CSM leaves, on their results to date
    /// against the prorated target; after that nothing moves them.
    SettleAtLeaving,
    /// Annual metrics are paid with the last period, on the year's result, by the share of
    /// the year employed.
    #[default]
    PayAtYearEnd,
}

impl LeaverPolicy {
    pub fn is_default(&self) -> bool {
        *self == LeaverPolicy::PayAtYearEnd
    }

    pub const ALL: [LeaverPolicy; 3] = [
        LeaverPolicy::Forfeit,
        LeaverPolicy::SettleAtLeaving,
        LeaverPolicy::PayAtYearEnd,
    ];

    /// How the rule is written in a file and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            LeaverPolicy::Forfeit => "forfeit",
            LeaverPolicy::SettleAtLeaving => "settle_at_leaving",
            LeaverPolicy::PayAtYearEnd => "pay_at_year_end",
        }
    }

    /// Reads `forfeit`, `settle_at_leaving` (or `settle`), `pay_at_year_end`, in any case,
    /// with spaces, dashes or underscores.
    pub fn parse(text: &str) -> Option<LeaverPolicy> {
        let t: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        match t.as_str() {
            "forfeit" => Some(LeaverPolicy::Forfeit),
            "settleatleaving" | "settle" => Some(LeaverPolicy::SettleAtLeaving),
            "payatyearend" | "yearend" => Some(LeaverPolicy::PayAtYearEnd),
            _ => None,
        }
    }

    /// "forfeit", "settle at leaving", "pay at year end".
    pub fn short(self) -> &'static str {
        match self {
            LeaverPolicy::Forfeit => "forfeit",
            LeaverPolicy::SettleAtLeaving => "settle at leaving",
            LeaverPolicy::PayAtYearEnd => "pay at year end",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            LeaverPolicy::Forfeit => "annual metrics not yet due when a CSM leaves are not paid",
            LeaverPolicy::SettleAtLeaving => {
                "annual metrics are paid when a CSM leaves, on results to date against the prorated target"
            }
            LeaverPolicy::PayAtYearEnd => {
                "annual metrics are paid at year end on the year's result, by the share of the year employed"
            }
        }
    }
}

/// A change to the plan from a period on: what it changes, and why.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanChange {
    /// The first period the change applies to (by id or name).
    pub effective_from: String,
    /// Why the plan changed (shown with the change).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// What changes per metric (by id or name).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub components: BTreeMap<String, ComponentChange>,
    /// What changes per SPIF (by id or name).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub spifs: BTreeMap<String, SpifChange>,
    /// The plan's pay mix from the change on (base and target variable of the periods it
    /// is in force).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mix: Option<PayMix>,
    /// Levels' own pay mixes from the change on (by level, any case).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub level_mix: BTreeMap<String, PayMix>,
}

impl PlanChange {
    /// True when the change changes nothing.
    pub fn is_empty(&self) -> bool {
        self.components.is_empty()
            && self.spifs.is_empty()
            && self.mix.is_none()
            && self.level_mix.is_empty()
    }

    /// True when the change sets a pay mix.
    pub fn changes_mix(&self) -> bool {
        self.mix.is_some() || !self.level_mix.is_empty()
    }
}

/// What a change sets on a metric; whatever it leaves out stays as it was.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentChange {
    #[serde(
        default,
        with = "serde_dec::opt_pct",
        skip_serializing_if = "Option::is_none"
    )]
    pub weight: Option<Decimal>,
    #[serde(
        default,
        with = "serde_dec::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub target: Option<Decimal>,
    /// The whole payout curve from the change on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curve: Option<Curve>,
    /// Per-period targets from the change on (periods by id or name).
    #[serde(
        default,
        with = "serde_dec::map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub period_targets: BTreeMap<String, Decimal>,
    /// Per-period weights from the change on (periods by id or name).
    #[serde(
        default,
        with = "serde_dec::pct_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub period_weights: BTreeMap<String, Decimal>,
}

impl ComponentChange {
    pub fn is_empty(&self) -> bool {
        *self == ComponentChange::default()
    }
}

/// What a change sets on a SPIF.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpifChange {
    #[serde(
        default,
        with = "serde_dec::opt_money",
        skip_serializing_if = "Option::is_none"
    )]
    pub amount: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_events: Option<u32>,
}

/// How annual metrics are paid when the plan changes during the year (docs/periods.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum AnnualOnChange {
    /// Each version pays the year's attainment on its share of the year's target variable.
    #[default]
    Split,
    /// The version in force at year end pays the whole year.
    Latest,
}

impl AnnualOnChange {
    pub fn is_default(&self) -> bool {
        *self == AnnualOnChange::Split
    }

    pub fn words(self) -> &'static str {
        match self {
            AnnualOnChange::Split => "each version on its share of the year",
            AnnualOnChange::Latest => "the version in force at year end, on the whole year",
        }
    }
}

impl Plan {
    /// The plan year's periods as dates, when the plan has a fiscal year with a real first
    /// day: each period's first day, then the day after the year (a plan without periods
    /// is one period). Whole months when every period boundary falls on one (a quarter is
    /// 3 months), else days in proportion to the lengths.
    pub fn period_starts(&self) -> Option<Vec<chrono::NaiveDate>> {
        let start = self.fiscal_year.as_ref()?.start_date()?;
        Some(period_starts_from(&self.periods, start))
    }

    /// How the plan is named to people: its title, with the fiscal year and status when
    /// given ("FY27 CS variable pay · FY27, 1 February 2026 – 31 January 2027 · approved");
    /// `None` when the plan has no title.
    pub fn heading(&self) -> Option<String> {
        let title = self
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())?;
        let mut out = title.to_string();
        if let Some(fy) = &self.fiscal_year {
            out += &format!(" · {}", fy.text());
        }
        if let Some(s) = self.status {
            out += &format!(" · {}", s.label());
        }
        Some(out)
    }

    /// The currency the plan pays in: its own, else USD.
    pub fn currency(&self) -> Currency {
        self.currency.unwrap_or_default()
    }

    /// The pay mix that applies to a level.
    pub fn mix_for(&self, level: &str) -> &PayMix {
        self.level_mix.get(level).unwrap_or(&self.mix)
    }

    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    /// True when the plan year is divided into periods.
    pub fn has_periods(&self) -> bool {
        !self.periods.is_empty()
    }

    /// The index of a period by id.
    pub fn period_index(&self, id: &str) -> Option<usize> {
        self.periods.iter().position(|p| p.id == id)
    }

    /// The index of the as-of period (the last actual one), if any.
    pub fn as_of_index(&self) -> Option<usize> {
        self.as_of.as_deref().and_then(|id| self.period_index(id))
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Csm {
    pub id: String,
    pub name: String,
    pub level: String,
    /// On-target earnings: target total cash for the role at market rate, in dollars.
    #[serde(with = "serde_dec::money")]
    pub ote: Decimal,
    /// Annual recurring revenue in the CSM's book, in dollars.
    #[serde(with = "serde_dec::money")]
    pub book_arr: Decimal,
    /// Per-metric targets overriding the plan's default target.
    #[serde(
        default,
        with = "serde_dec::map",
        skip_serializing_if = "IdMap::is_empty"
    )]
    pub targets: IdMap<Decimal>,
    /// Projected actual per metric, in the metric's unit.
    #[serde(
        default,
        with = "serde_dec::map",
        skip_serializing_if = "IdMap::is_empty"
    )]
    pub actuals: IdMap<Decimal>,
    /// Projected SPIF event counts.
    #[serde(
        default,
        deserialize_with = "crate::num::serde_dec::unique_counts",
        skip_serializing_if = "IdMap::is_empty"
    )]
    pub spifs: IdMap<u32>,
    /// The first day (`2026-02-15`) or first period (by id or name) employed, for a
    /// joiner; none = from the start of the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// The last day or last period employed, for a leaver; none = to the end of the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Results per period (by period id) for the per-period components and SPIFs.
    #[serde(
        default,
        deserialize_with = "crate::num::serde_dec::unique_periods",
        skip_serializing_if = "IdMap::is_empty"
    )]
    pub periods: IdMap<PeriodValues>,
    /// The book's ARR movements over the plan year, for an annual NRR or GRR worked out
    /// from them.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub arr: Option<ArrMovement>,
}

/// Results of the team metrics: one actual for the whole team, per period for a per-period
/// metric, and per level for a level metric (docs/calculation.md, "Team metrics").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamResults {
    /// The team's actual per metric (by id or name).
    #[serde(
        default,
        with = "serde_dec::map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub actuals: BTreeMap<String, Decimal>,
    /// Per period (by id or name): the team's actual per metric.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub periods: BTreeMap<String, GroupActuals>,
    /// Per level (any case): the level's results, for level metrics.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub levels: BTreeMap<String, GroupResults>,
}

impl TeamResults {
    pub fn is_empty(&self) -> bool {
        self.actuals.is_empty() && self.periods.is_empty() && self.levels.is_empty()
    }
}

/// One group's results: its actual per metric, and per period.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupResults {
    #[serde(
        default,
        with = "serde_dec::map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub actuals: BTreeMap<String, Decimal>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub periods: BTreeMap<String, GroupActuals>,
}

/// Actuals per metric (by id or name).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GroupActuals(#[serde(with = "serde_dec::map")] pub BTreeMap<String, Decimal>);

/// Team-wide what-if knobs and cost assumptions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assumptions {
    /// Multiplies every attainment (1 = as projected).
    #[serde(default = "one", with = "serde_dec::pct")]
    pub attainment_scale: Decimal,
    /// Multiplies the projected attainment of one metric (by id or name), on top of
    /// `attainment_scale`: the attainment assumption of that metric (1 = as projected).
    #[serde(
        default,
        with = "serde_dec::pct_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub attainment_by_metric: BTreeMap<String, Decimal>,
    /// Employer cost on top of cash (taxes, benefits), as a fraction of cash.
    #[serde(default, with = "serde_dec::pct")]
    pub burden_rate: Decimal,
    /// How projected results may vary, for the cost-risk simulation (docs/risk.md); none
    /// given = the defaults of [`RiskSettings`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<RiskSettings>,
}

/// The uncertainty model of the cost-risk simulation (docs/risk.md): each CSM's projected
/// attainment on each metric varies by `spread` points of attainment (a standard
/// deviation), partly through a team-wide common factor (`correlation`), never below 0;
/// SPIF event counts vary as Poisson counts around the projection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskSettings {
    /// Standard deviation of attainment around the projection, in points (15% = 0.15).
    #[serde(default = "default_spread", with = "serde_dec::pct")]
    pub spread: Decimal,
    /// Per-metric spreads overriding `spread`, by metric id.
    #[serde(
        default,
        with = "serde_dec::map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub spreads: BTreeMap<String, Decimal>,
    /// Per-metric skewness of the CSMs' own draws (metric id → skewness, −0.99 to 0.99; 0 or
    /// none: symmetric), drawn from a skew-normal with that skewness.
    #[serde(
        default,
        with = "serde_dec::map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub skews: BTreeMap<String, Decimal>,
    /// Per level, per-metric spreads overriding `spreads` for that level's CSMs (level →
    /// metric id → spread).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub level_spreads: BTreeMap<String, LevelSpreads>,
    /// Share of the variance that is common to the whole team (good and bad years).
    #[serde(default = "default_correlation", with = "serde_dec::pct")]
    pub correlation: Decimal,
    /// Number of simulated years.
    #[serde(default = "default_trials")]
    pub trials: u32,
    /// Seed of the random numbers (xoshiro256++): the same file and seed give the same
    /// figures on every machine.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// SPIF event counts vary (Poisson around the projection); false keeps them as projected.
    #[serde(default = "yes")]
    pub spif_variation: bool,
    /// Where the spreads come from when `calibrate` estimated them from history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibrated: Option<Calibrated>,
}

/// One level's spreads by metric id.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LevelSpreads(#[serde(with = "serde_dec::pct_map")] pub BTreeMap<String, Decimal>);

/// Which spreads `calibrate` estimated from history, from which files, on which day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calibrated {
    /// The history files, as they were named.
    pub from: Vec<String>,
    /// The day of the calibration (YYYY-MM-DD).
    pub on: String,
    /// The metrics (ids) whose spreads came from history.
    pub metrics: Vec<String>,
    /// The common factor (`correlation`) came from history too.
    #[serde(default)]
    pub correlation: bool,
}

fn default_spread() -> Decimal {
    Decimal::new(15, 2)
}
fn default_correlation() -> Decimal {
    Decimal::new(30, 2)
}
fn default_trials() -> u32 {
    10_000
}
fn default_seed() -> u64 {
    1
}
fn yes() -> bool {
    true
}

impl Default for RiskSettings {
    fn default() -> Self {
        RiskSettings {
            spread: default_spread(),
            spreads: BTreeMap::new(),
            level_spreads: BTreeMap::new(),
            skews: BTreeMap::new(),
            correlation: default_correlation(),
            trials: default_trials(),
            seed: default_seed(),
            spif_variation: true,
            calibrated: None,
        }
    }
}

impl RiskSettings {
    /// The spread of a metric: its own, else the plan-wide one.
    pub fn spread_for(&self, metric: &str) -> Decimal {
        self.spreads.get(metric).copied().unwrap_or(self.spread)
    }

    /// The spread of a metric for a CSM of `level`: the level's own, else the metric's,
    /// else the plan-wide one.
    pub fn spread_in(&self, metric: &str, level: &str) -> Decimal {
        self.level_spreads
            .get(level)
            .and_then(|l| l.0.get(metric))
            .copied()
            .unwrap_or_else(|| self.spread_for(metric))
    }
}

/// What the budget is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BudgetBasis {
    /// Base + variable + SPIFs.
    Cash,
    /// Cash × (1 + burden rate).
    Loaded,
}

/// The budget finance set for the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    #[serde(with = "serde_dec::money")]
    pub amount: Decimal,
    #[serde(default = "cash_basis")]
    pub basis: BudgetBasis,
}

fn cash_basis() -> BudgetBasis {
    BudgetBasis::Cash
}

fn one() -> Decimal {
    Decimal::ONE
}

impl Assumptions {
    /// The attainment assumption of a plan metric (by its id, else its name in any case):
    /// 1 unless the scenario sets one.
    pub fn metric_scale(&self, comp: &Component) -> Decimal {
        if self.attainment_by_metric.is_empty() {
            return Decimal::ONE;
        }
        self.attainment_by_metric
            .get(&comp.id)
            .or_else(|| {
                self.attainment_by_metric
                    .iter()
                    .find(|(k, _)| {
                        crate::text::same_name(k, &comp.id) || crate::text::same_name(k, &comp.name)
                    })
                    .map(|(_, v)| v)
            })
            .copied()
            .unwrap_or(Decimal::ONE)
    }

    /// Per plan component: the attainment scale of its projections (the team's × the
    /// metric's).
    pub fn scales(&self, plan: &Plan, scale: Decimal) -> Vec<Decimal> {
        plan.components
            .iter()
            .map(|c| scale * self.metric_scale(c))
            .collect()
    }
}

impl Default for Assumptions {
    fn default() -> Self {
        Assumptions {
            attainment_scale: Decimal::ONE,
            attainment_by_metric: BTreeMap::new(),
            burden_rate: Decimal::ZERO,
            risk: None,
        }
    }
}

/// One self-contained what-if: a plan, a team and assumptions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub version: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The scenario this one was branched from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branched_from: Option<String>,
    #[serde(default)]
    pub assumptions: Assumptions,
    pub plan: Plan,
    pub team: Vec<Csm>,
    /// The results of team and level metrics (one per team or level, not per CSM).
    #[serde(default, skip_serializing_if = "TeamResults::is_empty")]
    pub team_results: TeamResults,
}

impl Scenario {
    /// A copy of everything but the team (cheap even for large teams): for trying a plan
    /// change before applying it.
    pub fn clone_plan_only(&self) -> Scenario {
        Scenario {
            version: self.version,
            name: self.name.clone(),
            description: String::new(),
            branched_from: None,
            assumptions: self.assumptions.clone(),
            plan: self.plan.clone(),
            team: Vec::new(),
            team_results: self.team_results.clone(),
        }
    }
}
