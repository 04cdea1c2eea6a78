//! Attainment and payout curves, computed exactly.
//!
//! Attainment is kept as a fraction `num / den` and never divided before the payout is
//! known: `payout = amount × F / den` is formed as `(amount × F) / den`, so an exact half
//! cent (139,800 × 25% × 15% × 0.8095/0.75 = 5,658.405) survives to be rounded up, and an
//! attainment exactly on a threshold or step (0.88 / 0.80) reaches it.

use super::model::{Beyond, Curve, Direction, TierMode};
use rust_decimal::Decimal;

/// An exact attainment `num / den` with `den > 0` (1 = 100% of target).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attainment {
    pub num: Decimal,
    pub den: Decimal,
}

impl Attainment {
    pub const ZERO: Attainment = Attainment {
        num: Decimal::ZERO,
        den: Decimal::ONE,
    };
    pub const FULL: Attainment = Attainment {
        num: Decimal::ONE,
        den: Decimal::ONE,
    };

    /// A plain attainment (used by charts and tests).
    pub fn of(value: Decimal) -> Attainment {
        Attainment {
            num: value,
            den: Decimal::ONE,
        }
    }

    /// Attainment of an actual against a positive target, times the team-wide scale.
    /// Higher is better: a = actual / target. Lower is better: a = max(0, 2 − actual / target).
    pub fn measure(
        actual: Decimal,
        target: Decimal,
        direction: Direction,
        scale: Decimal,
    ) -> Attainment {
        let raw = match direction {
            Direction::HigherIsBetter => actual,
            Direction::LowerIsBetter => (target + target - actual).max(Decimal::ZERO),
        };
        Attainment {
            num: if scale == Decimal::ONE {
                raw
            } else {
                raw * scale
            },
            den: target,
        }
    }

    /// The attainment as one decimal (28 significant digits; for display and reports).
    pub fn value(&self) -> Decimal {
        if self.den == Decimal::ONE {
            self.num
        } else {
            self.num / self.den
        }
    }
}

/// The outcome of a curve for one attainment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Payout {
    /// Payout factor as an exact fraction (1 = 100% of the component's target payout).
    pub factor: Attainment,
    /// `amount × factor`, exact (not yet rounded to cents).
    pub exact: Decimal,
    /// The attainment is below the threshold (tiered) or the first step (steps).
    pub below_threshold: bool,
}

impl Payout {
    const NOTHING: Payout = Payout {
        factor: Attainment::ZERO,
        exact: Decimal::ZERO,
        below_threshold: true,
    };

    /// A tiered curve's pay for a factor numerator `f_num` (over `b.den`), at most `cap`.
    fn capped(amount: Decimal, f_num: Decimal, b: &Bounds, cap: Option<Decimal>) -> Payout {
        if let (Some(cap), Some(cap_d)) = (cap, b.cap)
            && f_num >= cap_d
        {
            return Payout {
                factor: Attainment::of(cap),
                exact: amount * cap,
                below_threshold: false,
            };
        }
        let exact = if b.den == Decimal::ONE {
            amount * f_num
        } else {
            (amount * f_num) / b.den
        };
        Payout {
            factor: Attainment {
                num: f_num,
                den: b.den,
            },
            exact,
            below_threshold: false,
        }
    }
}

/// A curve's breakpoints multiplied by one denominator (a target), so that comparing an
/// attainment `num / den` with them needs no multiplication per CSM. Built once per distinct
/// target and reused across the team.
#[derive(Debug, Clone, PartialEq)]
pub struct Bounds {
    pub den: Decimal,
    /// Tiered: the threshold; steps: unused.
    threshold: Decimal,
    /// Tier starts, step minimums or points' attainments, times `den`.
    starts: Vec<Decimal>,
    cap: Option<Decimal>,
    /// Points: per segment (point k to point k + 1), the factor numerator at its start
    /// (`pays_k × Δat × den`), the rise (`Δpays`) and the factor denominator (`Δat × den`):
    /// the factor inside the segment is `(base + (num − start) × rise) / seg_den`.
    segments: Vec<Segment>,
}

/// One straight piece of a curve drawn by points, at one denominator (see [`Bounds`]).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Segment {
    base: Decimal,
    rise: Decimal,
    den: Decimal,
}

impl Curve {
    /// The breakpoints for attainments over `den`.
    pub fn bounds(&self, den: Decimal) -> Bounds {
        match self {
            Curve::Tiered {
                threshold,
                tiers,
                cap,
                ..
            } => Bounds {
                den,
                threshold: *threshold * den,
                starts: tiers.iter().map(|t| t.from * den).collect(),
                cap: cap.map(|c| c * den),
                segments: Vec::new(),
            },
            Curve::Steps { steps } => Bounds {
                den,
                threshold: Decimal::ZERO,
                starts: steps.iter().map(|s| s.min * den).collect(),
                cap: None,
                segments: Vec::new(),
            },
            Curve::Points { points, .. } => Bounds {
                den,
                threshold: Decimal::ZERO,
                starts: points.iter().map(|p| p.at * den).collect(),
                cap: None,
                segments: points
                    .windows(2)
                    .map(|w| {
                        let seg_den = (w[1].at - w[0].at) * den;
                        Segment {
                            base: w[0].pays * seg_den,
                            rise: w[1].pays - w[0].pays,
                            den: seg_den,
                        }
                    })
                    .collect(),
            },
        }
    }

    /// Pays `amount × f(a)`.
    pub fn pay(&self, amount: Decimal, a: Attainment) -> Payout {
        self.pay_within(amount, a.num, &self.bounds(a.den))
    }

    /// Pays `amount × f(num / b.den)`; `b` must come from `self.bounds(b.den)`.
    pub fn pay_within(&self, amount: Decimal, num: Decimal, b: &Bounds) -> Payout {
        match self {
            Curve::Tiered {
                tiers,
                cap,
                mode: TierMode::Flat,
                ..
            } => {
                if num < b.threshold {
                    return Payout::NOTHING;
                }
                // The rate of the highest tier reached, on the whole attainment.
                let rate = b
                    .starts
                    .iter()
                    .rposition(|start| num >= *start)
                    .map_or(Decimal::ZERO, |k| tiers[k].rate);
                let f_num = if rate == Decimal::ONE {
                    num
                } else {
                    num * rate
                };
                Payout::capped(amount, f_num, b, *cap)
            }
            Curve::Tiered { tiers, cap, .. } => {
                if num < b.threshold {
                    return Payout::NOTHING;
                }
                // F = Σ rate × (the part of num that falls in the tier), all scaled by den.
                let mut f_num = Decimal::ZERO;
                for (i, tier) in tiers.iter().enumerate() {
                    let start = b.starts[i];
                    if num <= start {
                        break;
                    }
                    let part = match b.starts.get(i + 1) {
                        Some(next) if num > *next => *next - start,
                        _ => num - start,
                    };
                    f_num += if tier.rate == Decimal::ONE {
                        part
                    } else {
                        part * tier.rate
                    };
                }
                Payout::capped(amount, f_num, b, *cap)
            }
            Curve::Steps { steps } => {
                let reached = b.starts.iter().rposition(|min| num >= *min);
                match reached {
                    Some(i) => {
                        let f = steps[i].factor;
                        Payout {
                            factor: Attainment::of(f),
                            exact: amount * f,
                            below_threshold: false,
                        }
                    }
                    None => Payout::NOTHING,
                }
            }
            Curve::Points { points, above } => {
                let Some(k) = b.starts.iter().rposition(|start| num >= *start) else {
                    return Payout::NOTHING;
                };
                let last = points.len() - 1;
                let seg = if k < last {
                    k
                } else if *above == Beyond::Extend && last > 0 {
                    last - 1
                } else {
                    let f = points[last].pays;
                    return Payout {
                        factor: Attainment::of(f),
                        exact: amount * f,
                        below_threshold: false,
                    };
                };
                let s = b.segments[seg];
                let f_num = s.base + (num - b.starts[seg]) * s.rise;
                Payout {
                    factor: Attainment {
                        num: f_num,
                        den: s.den,
                    },
                    exact: (amount * f_num) / s.den,
                    below_threshold: false,
                }
            }
        }
    }

    /// The attainments where the curve changes: the threshold and each tier's start
    /// (tiered), or each step's minimum (steps).
    pub fn breakpoints(&self) -> Vec<Decimal> {
        match self {
            Curve::Tiered {
                threshold, tiers, ..
            } => std::iter::once(*threshold)
                .chain(tiers.iter().map(|t| t.from))
                .collect(),
            Curve::Steps { steps } => steps.iter().map(|s| s.min).collect(),
            Curve::Points { points, .. } => points.iter().map(|p| p.at).collect(),
        }
    }

    /// The factor at an attainment (for charts and statements; a curve drawn by points can
    /// give a fraction such as 5/6, here to 28 significant digits).
    pub fn factor_at(&self, a: Decimal) -> Decimal {
        self.factor_exact(a).value()
    }

    /// The factor at an attainment as an exact fraction.
    pub fn factor_exact(&self, a: Decimal) -> Attainment {
        self.pay(Decimal::ONE, Attainment::of(a)).factor
    }

    /// `amount` paid at attainment `a`, rounded once to the cent.
    pub fn pay_at(&self, amount: Decimal, a: Decimal) -> Decimal {
        crate::num::cents(self.pay(amount, Attainment::of(a)).exact)
    }

    /// The most this curve can pay, or `None` when it has no ceiling.
    pub fn max_factor(&self) -> Option<Decimal> {
        match self {
            Curve::Tiered {
                tiers,
                cap,
                mode: TierMode::Flat,
                ..
            } => {
                // Rates never fall from tier to tier (validation), so the curve only
                // levels off when every rate is 0.
                let top = if tiers.iter().all(|t| t.rate.is_zero()) {
                    Some(Decimal::ZERO)
                } else {
                    None
                };
                match (cap, top) {
                    (Some(c), Some(t)) => Some((*c).min(t)),
                    (Some(c), None) => Some(*c),
                    (None, t) => t,
                }
            }
            Curve::Tiered { tiers, cap, .. } => {
                // With a flat top (last rate 0) the curve levels off where the last paying
                // tier ends: the sum of each tier's rate times its width.
                let plateau = match tiers.last() {
                    Some(last) if last.rate.is_zero() => Some(
                        tiers
                            .windows(2)
                            .map(|w| w[0].rate * (w[1].from - w[0].from))
                            .sum::<Decimal>(),
                    ),
                    Some(_) => None,
                    None => Some(Decimal::ZERO),
                };
                match (cap, plateau) {
                    (Some(c), Some(p)) => Some((*c).min(p)),
                    (Some(c), None) => Some(*c),
                    (None, p) => p,
                }
            }
            Curve::Steps { steps } => Some(
                steps
                    .iter()
                    .map(|s| s.factor)
                    .max()
                    .unwrap_or(Decimal::ZERO),
            ),
            Curve::Points { points, above } => {
                let rises = match points.as_slice() {
                    [.., a, b] => b.pays > a.pays,
                    _ => false,
                };
                if *above == Beyond::Extend && rises {
                    None
                } else {
                    Some(points.iter().map(|p| p.pays).max().unwrap_or(Decimal::ZERO))
                }
            }
        }
    }

    /// True when some tier pays more than 1× per unit of attainment.
    pub fn has_accelerator(&self) -> bool {
        match self {
            Curve::Tiered { tiers, .. } => tiers.iter().any(|t| t.rate > Decimal::ONE),
            Curve::Steps { .. } => false,
            // Some line climbs faster than attainment.
            Curve::Points { points, .. } => points
                .windows(2)
                .any(|w| w[1].pays - w[0].pays > w[1].at - w[0].at),
        }
    }

    /// The lowest attainment at which the curve pays at least `factor` (0 for a factor of 0
    /// or less), rounded up to a hundredth of a percent; `None` when it never does.
    pub fn attainment_for(&self, factor: Decimal) -> Option<Decimal> {
        if factor <= Decimal::ZERO {
            return Some(Decimal::ZERO);
        }
        if self.max_factor().is_some_and(|m| factor > m) {
            return None;
        }
        // Up to a hundredth of a percent, never below what pays `factor`.
        let up = |a: Decimal| {
            a.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::ToPositiveInfinity)
        };
        match self {
            Curve::Steps { steps } => steps
                .iter()
                .filter(|s| s.factor >= factor)
                .map(|s| s.min)
                .min(),
            Curve::Tiered {
                threshold,
                tiers,
                mode: TierMode::Flat,
                ..
            } => {
                // In each tier the factor is rate × a, from the tier's start (or the
                // threshold) to the next tier's start; the first tier where it gets there.
                tiers
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.rate > Decimal::ZERO)
                    .filter_map(|(i, t)| {
                        let a = up(factor.checked_div(t.rate)?).max(t.from).max(*threshold);
                        let inside = tiers.get(i + 1).is_none_or(|n| a < n.from);
                        inside.then_some(a)
                    })
                    .min()
            }
            Curve::Points { points, above } => {
                if let Some(p) = points.iter().find(|p| p.pays >= factor) {
                    // The first point that pays enough, or a point on the line before it.
                    let i = points.iter().position(|q| std::ptr::eq(q, p))?;
                    if i == 0 {
                        return Some(p.at);
                    }
                    let q = &points[i - 1];
                    let a = q.at + (factor - q.pays) * (p.at - q.at) / (p.pays - q.pays);
                    return Some(up(a).min(p.at));
                }
                match (above, points.as_slice()) {
                    (Beyond::Extend, [.., q, p]) if p.pays > q.pays => {
                        let a = q.at
                            + (factor - q.pays)
                                .checked_mul(p.at - q.at)?
                                .checked_div(p.pays - q.pays)?;
                        Some(up(a))
                    }
                    _ => None,
                }
            }
            Curve::Tiered {
                threshold, tiers, ..
            } => {
                if self.factor_at(*threshold) >= factor {
                    return Some(*threshold);
                }
                // Walk the tiers: the factor grows by `rate` per unit inside each.
                let mut at = Decimal::ZERO;
                for (i, t) in tiers.iter().enumerate() {
                    // The factor where this tier ends (none for the last: it goes on).
                    let top = tiers
                        .get(i + 1)
                        .and_then(|n| t.rate.checked_mul(n.from - t.from))
                        .and_then(|w| at.checked_add(w));
                    let last = i + 1 == tiers.len();
                    if t.rate > Decimal::ZERO && (last || top.is_some_and(|top| top >= factor)) {
                        let a = t.from + (factor - at).checked_div(t.rate)?;
                        return Some(up(a).max(*threshold));
                    }
                    at = top?;
                }
                None
            }
        }
    }

    /// Attainment below which nothing is paid.
    pub fn threshold(&self) -> Decimal {
        match self {
            Curve::Tiered { threshold, .. } => *threshold,
            Curve::Steps { steps } => steps.first().map_or(Decimal::ZERO, |s| s.min),
            Curve::Points { points, .. } => points.first().map_or(Decimal::ZERO, |p| p.at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::{Step, Tier};
    use rust_decimal_macros::dec;

    #[test]
    fn the_attainment_that_pays_a_factor() {
        let tiered = Curve::Tiered {
            threshold: dec!(0.5),
            mode: TierMode::Marginal,
            tiers: vec![
                Tier {
                    from: dec!(0),
                    rate: dec!(1),
                },
                Tier {
                    from: dec!(1),
                    rate: dec!(1.5),
                },
            ],
            cap: Some(dec!(1.5)),
        };
        assert_eq!(tiered.attainment_for(dec!(0)), Some(dec!(0)));
        // Below the factor at the threshold, the threshold itself.
        assert_eq!(tiered.attainment_for(dec!(0.3)), Some(dec!(0.5)));
        assert_eq!(tiered.attainment_for(dec!(0.8)), Some(dec!(0.8)));
        assert_eq!(tiered.attainment_for(dec!(1)), Some(dec!(1)));
        // 1 + 1.5 × (a − 1) = 1.2 → a = 1.1333… → 113.34%, never below.
        assert_eq!(tiered.attainment_for(dec!(1.2)), Some(dec!(1.1334)));
        assert!(tiered.factor_at(dec!(1.1334)) >= dec!(1.2));
        assert_eq!(tiered.attainment_for(dec!(1.5)), Some(dec!(1.3334)));
        assert_eq!(tiered.attainment_for(dec!(1.6)), None, "above the cap");
        let steps = Curve::Steps {
            steps: vec![
                Step {
                    min: dec!(0.8),
                    factor: dec!(0.5),
                },
                Step {
                    min: dec!(1),
                    factor: dec!(1),
                },
            ],
        };
        assert_eq!(steps.attainment_for(dec!(0.2)), Some(dec!(0.8)));
        assert_eq!(steps.attainment_for(dec!(0.75)), Some(dec!(1)));
        assert_eq!(steps.attainment_for(dec!(1.01)), None);
        // Uncapped: any factor has an attainment.
        let open = Curve::Tiered {
            threshold: dec!(0),
            mode: TierMode::Marginal,
            tiers: vec![Tier {
                from: dec!(0),
                rate: dec!(2),
            }],
            cap: None,
        };
        assert_eq!(open.attainment_for(dec!(7)), Some(dec!(3.5)));
    }

    fn brief_tiered() -> Curve {
        Curve::Tiered {
            threshold: dec!(0.5),
            mode: TierMode::Marginal,
            tiers: vec![
                Tier {
                    from: dec!(0),
                    rate: dec!(1.0),
                },
                Tier {
                    from: dec!(1.0),
                    rate: dec!(1.5),
                },
                Tier {
                    from: dec!(1.2),
                    rate: dec!(2.0),
                },
            ],
            cap: Some(dec!(2.0)),
        }
    }

    #[test]
    fn tiered_matches_the_brief() {
        let c = brief_tiered();
        assert_eq!(c.factor_at(dec!(0.4)), dec!(0));
        assert_eq!(c.factor_at(dec!(0.6)), dec!(0.6));
        assert_eq!(c.factor_at(dec!(1.1)), dec!(1.15));
        assert_eq!(c.factor_at(dec!(1.3)), dec!(1.5));
        assert_eq!(c.factor_at(dec!(2.0)), dec!(2.0));
        assert_eq!(c.factor_at(dec!(5.0)), dec!(2.0));
        // Exactly on the threshold reaches it.
        assert_eq!(c.factor_at(dec!(0.5)), dec!(0.5));
        assert_eq!(c.max_factor(), Some(dec!(2.0)));
        assert!(c.has_accelerator());
    }

    #[test]
    fn uncapped_tiers_keep_paying() {
        let c = Curve::Tiered {
            threshold: dec!(0),
            mode: TierMode::Marginal,
            tiers: vec![
                Tier {
                    from: dec!(0),
                    rate: dec!(1),
                },
                Tier {
                    from: dec!(1),
                    rate: dec!(2),
                },
            ],
            cap: None,
        };
        assert_eq!(c.factor_at(dec!(3)), dec!(5));
        assert_eq!(c.max_factor(), None);
    }

    #[test]
    fn a_tiny_flat_top_below_a_high_threshold() {
        // Found by the totals_add_up property: tiers end at 0.01% but the threshold is 44%.
        let c = Curve::Tiered {
            threshold: dec!(0.4444),
            mode: TierMode::Marginal,
            tiers: vec![
                Tier {
                    from: dec!(0),
                    rate: dec!(0.01),
                },
                Tier {
                    from: dec!(0.0001),
                    rate: dec!(0),
                },
            ],
            cap: None,
        };
        assert_eq!(c.factor_at(dec!(0.5)), dec!(0.000001));
        assert_eq!(c.max_factor(), Some(dec!(0.000001)));
    }

    #[test]
    fn a_flat_top_is_the_ceiling_even_above_the_threshold() {
        // Pays 1× up to 80%, nothing more above; the 90% threshold is above the plateau's
        // start, yet the most it pays is 0.8.
        let c = Curve::Tiered {
            threshold: dec!(0.9),
            mode: TierMode::Marginal,
            tiers: vec![
                Tier {
                    from: dec!(0),
                    rate: dec!(1),
                },
                Tier {
                    from: dec!(0.8),
                    rate: dec!(0),
                },
            ],
            cap: None,
        };
        assert_eq!(c.max_factor(), Some(dec!(0.8)));
        assert_eq!(c.factor_at(dec!(5)), dec!(0.8));
        assert!(!c.has_accelerator());
    }

    #[test]
    fn steps_pay_the_highest_step_reached() {
        let c = Curve::Steps {
            steps: vec![
                Step {
                    min: dec!(0.8),
                    factor: dec!(0.5),
                },
                Step {
                    min: dec!(1.0),
                    factor: dec!(1.0),
                },
                Step {
                    min: dec!(1.1),
                    factor: dec!(1.2),
                },
            ],
        };
        assert_eq!(c.factor_at(dec!(0.79)), dec!(0));
        assert_eq!(c.factor_at(dec!(0.8)), dec!(0.5));
        assert_eq!(c.factor_at(dec!(1.05)), dec!(1.0));
        assert_eq!(c.factor_at(dec!(1.5)), dec!(1.2));
        // 0.88 / 0.80 is exactly 1.1: the top step is reached.
        let a = Attainment::measure(dec!(0.88), dec!(0.80), Direction::HigherIsBetter, dec!(1));
        assert_eq!(c.pay(dec!(100), a).factor.value(), dec!(1.2));
        assert_eq!(c.max_factor(), Some(dec!(1.2)));
        assert_eq!(c.threshold(), dec!(0.8));
    }

    #[test]
    fn lower_is_better_attainment() {
        let m = |actual| {
            Attainment::measure(actual, dec!(0.05), Direction::LowerIsBetter, dec!(1)).value()
        };
        assert_eq!(m(dec!(0.05)), dec!(1));
        assert_eq!(m(dec!(0)), dec!(2));
        assert_eq!(m(dec!(0.1)), dec!(0));
        assert_eq!(m(dec!(0.2)), dec!(0));
        assert_eq!(m(dec!(0.04)), dec!(1.2));
    }

    #[test]
    fn a_half_cent_survives_the_division() {
        // 139,800 × 25% × 15% × 0.8095/0.75 = 5,658.405 exactly.
        let c = Curve::Tiered {
            threshold: dec!(0),
            mode: TierMode::Marginal,
            tiers: vec![Tier {
                from: dec!(0),
                rate: dec!(1),
            }],
            cap: None,
        };
        let a = Attainment::measure(dec!(0.8095), dec!(0.75), Direction::HigherIsBetter, dec!(1));
        let p = c.pay(dec!(139800) * dec!(0.25) * dec!(0.15), a);
        assert_eq!(crate::num::cents(p.exact), dec!(5658.41));
    }

    fn points(p: &[(Decimal, Decimal)], above: Beyond) -> Curve {
        Curve::Points {
            points: p
                .iter()
                .map(|(at, pays)| crate::engine::model::Point {
                    at: *at,
                    pays: *pays,
                })
                .collect(),
            above,
        }
    }

    #[test]
    fn a_public_nrr_plan_written_as_points_pays_to_the_cent() {
        // "100% pays 0%, 115% pays 100%, linear, uncapped": the slope is 1 / 0.15, which
        // no decimal rate writes; the points keep it exact.
        let c = points(&[(dec!(1), dec!(0)), (dec!(1.15), dec!(1))], Beyond::Extend);
        let pay = |a| c.pay_at(dec!(10000), a);
        assert_eq!(pay(dec!(0.99)), dec!(0));
        assert_eq!(pay(dec!(1)), dec!(0));
        assert_eq!(pay(dec!(1.075)), dec!(5000));
        assert_eq!(pay(dec!(1.1)), dec!(6666.67));
        assert_eq!(pay(dec!(1.1234)), dec!(8226.67));
        assert_eq!(pay(dec!(1.15)), dec!(10000));
        assert_eq!(pay(dec!(1.3)), dec!(20000));
        assert_eq!(c.max_factor(), None);
        assert!(c.has_accelerator());
        assert_eq!(c.threshold(), dec!(1));
        // Measured on an actual and a target (NRR 110.4% against 96%: 115% of target).
        let a = Attainment::measure(dec!(1.104), dec!(0.96), Direction::HigherIsBetter, dec!(1));
        let p = c.pay(dec!(10000), a);
        assert_eq!(p.factor.value(), dec!(1));
        assert_eq!(crate::num::cents(p.exact), dec!(10000));
        // A rate typed as 6.67 would be off by cents to dollars.
        let typed = Curve::Tiered {
            threshold: dec!(1),
            mode: TierMode::Marginal,
            tiers: vec![
                Tier {
                    from: dec!(0),
                    rate: dec!(0),
                },
                Tier {
                    from: dec!(1),
                    rate: dec!(6.67),
                },
            ],
            cap: None,
        };
        assert_eq!(typed.pay_at(dec!(10000), dec!(1.1)), dec!(6670));
    }

    #[test]
    fn points_are_a_line_between_neighbours_and_flat_beyond() {
        // "90% pays 50%, 100% pays 100%, 120% pays 150%".
        let c = points(
            &[
                (dec!(0.9), dec!(0.5)),
                (dec!(1), dec!(1)),
                (dec!(1.2), dec!(1.5)),
            ],
            Beyond::Flat,
        );
        assert_eq!(c.factor_at(dec!(0.8999)), dec!(0));
        assert_eq!(c.factor_at(dec!(0.9)), dec!(0.5));
        assert_eq!(c.factor_at(dec!(0.95)), dec!(0.75));
        assert_eq!(c.factor_at(dec!(1)), dec!(1));
        assert_eq!(c.factor_at(dec!(1.1)), dec!(1.25));
        assert_eq!(c.factor_at(dec!(1.2)), dec!(1.5));
        assert_eq!(c.factor_at(dec!(3)), dec!(1.5));
        assert_eq!(c.max_factor(), Some(dec!(1.5)));
        assert!(c.has_accelerator(), "5× per unit from 90% to 100%");
        assert_eq!(c.attainment_for(dec!(0.2)), Some(dec!(0.9)));
        assert_eq!(c.attainment_for(dec!(0.75)), Some(dec!(0.95)));
        assert_eq!(c.attainment_for(dec!(1.25)), Some(dec!(1.1)));
        assert_eq!(c.attainment_for(dec!(1.6)), None);
        // A third of the way: 100% + 20% / 3 → 106.67% (rounded up, never below).
        let a = c.attainment_for(dec!(1.1666)).unwrap();
        assert_eq!(a, dec!(1.0667));
        assert!(c.factor_at(a) >= dec!(1.1666));
        // The payout is rounded once from the exact fraction: 1,000 × (1 + 0.5 × 1/30).
        assert_eq!(c.pay_at(dec!(1000), dec!(1.0333)), dec!(1083.25));
        let at = c.factor_exact(dec!(1.0333));
        assert_eq!(at.num / at.den, dec!(1.08325));
    }

    #[test]
    fn flat_tiers_pay_the_rate_reached_on_everything() {
        // "At 105% everything pays 1.2×"; marginal pays 1.2× only on the slice above.
        let tiers = vec![
            Tier {
                from: dec!(0),
                rate: dec!(1),
            },
            Tier {
                from: dec!(1.05),
                rate: dec!(1.2),
            },
        ];
        let flat = Curve::Tiered {
            threshold: dec!(0.5),
            tiers: tiers.clone(),
            cap: Some(dec!(1.5)),
            mode: TierMode::Flat,
        };
        let marginal = Curve::Tiered {
            threshold: dec!(0.5),
            tiers,
            cap: Some(dec!(1.5)),
            mode: TierMode::Marginal,
        };
        // Below the tier both pay 1× attainment; below the threshold, nothing.
        for a in [dec!(0.4), dec!(0.5), dec!(0.8), dec!(1.04), dec!(1.0499)] {
            assert_eq!(flat.factor_at(a), marginal.factor_at(a), "{a}");
        }
        // At the tier and above they part: 1.05 × 1.2 = 1.26 against 1.05.
        assert_eq!(flat.factor_at(dec!(1.05)), dec!(1.26));
        assert_eq!(marginal.factor_at(dec!(1.05)), dec!(1.05));
        assert_eq!(flat.factor_at(dec!(1.1)), dec!(1.32));
        assert_eq!(marginal.factor_at(dec!(1.1)), dec!(1.11));
        // The cap: 1.5 / 1.2 = 125% flat; 105% + 0.45 / 1.2 = 142.5% marginal.
        assert_eq!(flat.factor_at(dec!(1.25)), dec!(1.5));
        assert_eq!(flat.factor_at(dec!(1.2499)), dec!(1.49988));
        assert_eq!(flat.attainment_for(dec!(1.5)), Some(dec!(1.25)));
        assert_eq!(marginal.attainment_for(dec!(1.5)), Some(dec!(1.425)));
        // The jump at the tier: the lowest attainment paying 1.1 is the tier's start.
        assert_eq!(flat.attainment_for(dec!(1.1)), Some(dec!(1.05)));
        assert_eq!(flat.max_factor(), Some(dec!(1.5)));
        assert!(flat.has_accelerator());
    }
}
