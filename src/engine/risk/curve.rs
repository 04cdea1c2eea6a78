//! The payout curves in f64, for the simulation only.

use super::*;

/// A payout curve in f64, for the simulation only.
#[derive(Debug, Clone)]
pub(super) enum FCurve {
    Tiered {
        threshold: f64,
        /// (from, width, rate): the last tier's width is infinite.
        tiers: Vec<(f64, f64, f64)>,
        cap: Option<f64>,
        /// The rate of the tier reached applies to the whole attainment.
        flat: bool,
    },
    Steps(Vec<(f64, f64)>),
    /// (at, pays) per point, and whether the last line goes on beyond the last point.
    Points(Vec<(f64, f64)>, bool),
}

impl FCurve {
    pub(super) fn of(c: &Curve) -> FCurve {
        let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
        match c {
            Curve::Tiered {
                threshold,
                tiers,
                cap,
                mode,
            } => FCurve::Tiered {
                threshold: f(*threshold),
                tiers: tiers
                    .iter()
                    .enumerate()
                    .map(|(k, t)| {
                        let width = tiers
                            .get(k + 1)
                            .map_or(f64::INFINITY, |n| f(n.from) - f(t.from));
                        (f(t.from), width, f(t.rate))
                    })
                    .collect(),
                cap: cap.map(f),
                flat: *mode == TierMode::Flat,
            },
            Curve::Steps { steps } => {
                FCurve::Steps(steps.iter().map(|s| (f(s.min), f(s.factor))).collect())
            }
            Curve::Points { points, above } => FCurve::Points(
                points.iter().map(|p| (f(p.at), f(p.pays))).collect(),
                *above == Beyond::Extend,
            ),
        }
    }

    pub(super) fn factor(&self, a: f64) -> f64 {
        match self {
            FCurve::Tiered {
                threshold,
                tiers,
                cap,
                flat,
            } => {
                if a < *threshold {
                    return 0.0;
                }
                let mut f = 0.0;
                if *flat {
                    if let Some(&(_, _, rate)) = tiers.iter().rev().find(|t| a >= t.0) {
                        f = a * rate;
                    }
                } else {
                    for &(from, width, rate) in tiers {
                        if a <= from {
                            break;
                        }
                        f += (a - from).min(width) * rate;
                    }
                }
                match cap {
                    Some(c) => f.min(*c),
                    None => f,
                }
            }
            FCurve::Steps(steps) => steps
                .iter()
                .rev()
                .find(|(min, _)| a >= *min)
                .map_or(0.0, |s| s.1),
            FCurve::Points(points, extend) => {
                let Some(k) = points.iter().rposition(|p| a >= p.0) else {
                    return 0.0;
                };
                let last = points.len() - 1;
                let seg = if k < last {
                    k
                } else if *extend && last > 0 {
                    last - 1
                } else {
                    return points[last].1;
                };
                let (p, q) = (points[seg], points[seg + 1]);
                p.1 + (a - p.0) * (q.1 - p.1) / (q.0 - p.0)
            }
        }
    }
}
