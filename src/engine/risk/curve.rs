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
    },
    Steps(Vec<(f64, f64)>),
}

impl FCurve {
    pub(super) fn of(c: &Curve) -> FCurve {
        let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
        match c {
            Curve::Tiered {
                threshold,
                tiers,
                cap,
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
            },
            Curve::Steps { steps } => {
                FCurve::Steps(steps.iter().map(|s| (f(s.min), f(s.factor))).collect())
            }
        }
    }

    pub(super) fn factor(&self, a: f64) -> f64 {
        match self {
            FCurve::Tiered {
                threshold,
                tiers,
                cap,
            } => {
                if a < *threshold {
                    return 0.0;
                }
                let mut f = 0.0;
                for &(from, width, rate) in tiers {
                    if a <= from {
                        break;
                    }
                    f += (a - from).min(width) * rate;
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
        }
    }
}
