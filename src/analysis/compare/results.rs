//! What a comparison holds: each CSM's pay in each variant, the figures of each plan, who
//! gains and loses, and where the cost curves cross.

use super::*;

/// One CSM's pay in one variant.
#[derive(Debug, Clone, PartialEq)]
pub struct CsmCell {
    pub total: Decimal,
    pub ote: Decimal,
    /// total − the baseline's total; `None` in the baseline column, or when the CSM is not
    /// in the baseline (or the baseline cannot be computed).
    pub change: Option<Decimal>,
    /// The baseline's total when `change` is known.
    pub baseline_total: Option<Decimal>,
}

impl CsmCell {
    /// total / OTE (zero when OTE is zero).
    pub fn pct_of_ote(&self) -> Decimal {
        ratio(self.total, self.ote).unwrap_or_default()
    }

    /// change / the baseline's total; `None` without a change or when that total is zero.
    /// (Divides on demand: a screen shows a few dozen rows, not 10,000.)
    pub fn change_pct(&self) -> Option<Decimal> {
        ratio(self.change?, self.baseline_total?)
    }
}

/// One CSM across the variants.
#[derive(Debug, Clone, PartialEq)]
pub struct CsmRow {
    pub id: String,
    /// Name and level as in the first variant that has this CSM.
    pub name: String,
    pub level: String,
    /// One per variant; `None`: the CSM is not in that variant's team (or that variant
    /// cannot be computed — see [`VariantSummary::errors`]).
    pub cells: Vec<Option<CsmCell>>,
}

/// A CSM who gains or loses the most against the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub id: String,
    pub name: String,
    pub change: Decimal,
    pub change_pct: Option<Decimal>,
}

/// A variant against the baseline.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Versus {
    pub cash_change: Decimal,
    /// cash change / the baseline's cash (`None` when that is zero).
    pub cash_change_pct: Option<Decimal>,
    pub loaded_cost_change: Decimal,
    pub planned_cost_change: Decimal,
    /// CSMs in both teams.
    pub matched: usize,
    /// Matched CSMs who earn more, less, or the same.
    pub gain: usize,
    pub lose: usize,
    pub same: usize,
    /// CSMs only in this variant / only in the baseline.
    pub added: usize,
    pub removed: usize,
    pub biggest_gain: Option<Move>,
    pub biggest_loss: Option<Move>,
    /// Guardrail warnings (code and message) this variant has and the baseline has not…
    pub warnings_new: Vec<Finding>,
    /// …and those the baseline has and this variant has not.
    pub warnings_gone: Vec<Finding>,
}

/// One level's pay in one variant.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelFigures {
    pub level: String,
    /// Head count.
    pub csms: usize,
    /// Σ the level's CSMs' total pay (the levels' cash adds up to the variant's cash).
    pub cash: Decimal,
    pub ote: Decimal,
    /// The mean of the level's CSMs' total / OTE (each CSM counts once; a CSM with no OTE
    /// counts as 0%), and the lowest and highest of them: fractions rounded half away from
    /// zero to six decimals (0.0001%).
    pub avg_pct: Decimal,
    pub min_pct: Decimal,
    pub max_pct: Decimal,
}

/// A variant's team figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// The attainment scale these figures were computed at.
    pub scale: Decimal,
    pub csms: usize,
    pub ote: Decimal,
    pub base: Decimal,
    pub target_variable: Decimal,
    pub variable: Decimal,
    pub spif: Decimal,
    /// Recorded payouts less what the plan computes for their periods (part of `cash`).
    pub adjustment: Decimal,
    pub cash: Decimal,
    pub burden_rate: Decimal,
    pub loaded_cost: Decimal,
    pub planned_cost: Decimal,
    pub book_arr: Decimal,
    /// Loaded cost / book ARR.
    pub cost_pct_of_arr: Decimal,
    /// The lowest worst case (all attainments 0, no SPIFs) as a fraction of OTE.
    pub downside_pct: Decimal,
    /// Per level, in the order the levels first appear in this variant's team.
    pub levels: Vec<LevelFigures>,
    pub warnings: Vec<Finding>,
    /// Against the baseline; `None` for the baseline itself and when the baseline cannot
    /// be computed.
    pub versus: Option<Versus>,
}

/// One variant's column.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantSummary {
    pub name: String,
    /// Why the variant cannot be computed; when not empty, `figures` is `None`.
    pub errors: Vec<Finding>,
    pub figures: Option<Figures>,
    /// What differs from the baseline, in words (empty for the baseline).
    pub plan_changes: Vec<String>,
    /// The attainment scale the scenario carries (its what-if), whatever it was compared
    /// at.
    pub own_scale: Decimal,
}

/// Which way a variant's cost line crosses the baseline's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Becomes {
    Dearer,
    Cheaper,
}

/// Between two neighbouring scales of the cost curve, a variant's cash goes from one side
/// of the baseline's to the other.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossing {
    /// Index of the variant (≥ 1).
    pub variant: usize,
    /// The last scale on the old side and the first on the new side.
    pub from: Decimal,
    pub to: Decimal,
    pub becomes: Becomes,
}

/// Team cash against the team attainment scale, per variant.
#[derive(Debug, Clone, PartialEq)]
pub struct CostCurve {
    /// 50% to 150% in steps of 5%.
    pub scales: Vec<Decimal>,
    /// Per variant, cash at each scale; `None` when the variant cannot be computed.
    pub cash: Vec<Option<Vec<Decimal>>>,
    /// In variant order, then scale order.
    pub crossings: Vec<Crossing>,
}

/// Everything the compare screen and `cscomp-tui compare` show.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The one scale every variant was computed at, or `None`: each at its own.
    pub scale: Option<Decimal>,
    pub variants: Vec<VariantSummary>,
    pub rows: Vec<CsmRow>,
    /// Every level of every variant's team: the baseline's in the order they first appear
    /// in its team, then levels only later variants have, in their order.
    pub levels: Vec<String>,
    pub curve: CostCurve,
}

impl Comparison {
    /// What the figures assume about attainment, in a sentence, when it needs saying: the
    /// scenarios carry different what-ifs (attainment scales), so comparing them at one
    /// scale differs from comparing each at its own. `None` when every scenario carries
    /// the scale they are compared at.
    pub fn whatif_note(&self) -> Option<String> {
        let label = |k: usize| format!("[{}]", k + 1);
        let pct = crate::num::pct_exact;
        match self.scale {
            Some(at) => {
                let other: Vec<String> = self
                    .variants
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.own_scale != at)
                    .map(|(k, v)| format!("{} carries {}", label(k), pct(v.own_scale)))
                    .collect();
                (!other.is_empty()).then(|| {
                    format!(
                        "Every plan is compared at team attainment {} ([1]'s what-if); {}. The difference is the plans', not the assumptions' (each at its own what-if: --own-scale, or A on the compare screen).",
                        pct(at),
                        other.join(", ")
                    )
                })
            }
            None => {
                let first = self.variants.first()?.own_scale;
                let differ = self.variants.iter().any(|v| v.own_scale != first);
                differ.then(|| {
                    let each: Vec<String> = self
                        .variants
                        .iter()
                        .enumerate()
                        .map(|(k, v)| format!("{} at {}", label(k), pct(v.own_scale)))
                        .collect();
                    format!(
                        "Each plan is computed at its own what-if ({}): the difference mixes the plans with their assumptions about attainment.",
                        each.join(", ")
                    )
                })
            }
        }
    }
}
