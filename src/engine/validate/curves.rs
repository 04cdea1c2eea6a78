//! The checks of a payout curve: tiers and steps in order, rates, caps and thresholds in
//! range.

use super::*;

pub(super) fn check_curve(c: &mut Check, loc: &str, curve: &Curve) {
    let zero = Decimal::ZERO;
    match curve {
        Curve::Tiered {
            threshold,
            tiers,
            cap,
            mode,
        } => {
            c.range(loc, "threshold", *threshold, zero, MAX_SCALE, show_pct);
            if tiers.is_empty() {
                c.error(
                    "no-tiers",
                    loc,
                    "the tiered curve has no tiers, so it never pays".into(),
                );
            }
            for (j, t) in tiers.iter().enumerate() {
                c.range(
                    loc,
                    &format!("tier {} start", j + 1),
                    t.from,
                    zero,
                    MAX_SCALE,
                    show_pct,
                );
                c.range(
                    loc,
                    &format!("tier {} rate", j + 1),
                    t.rate,
                    zero,
                    MAX_RATE,
                    show_plain,
                );
                if *mode == TierMode::Flat && j > 0 && t.rate < tiers[j - 1].rate {
                    c.error(
                        "tier-order",
                        loc,
                        format!(
                            "tier {} pays {}× but tier {} pays {}×; on a flat curve a higher tier must not pay a lower rate (pay would fall as attainment rises)",
                            j + 1,
                            show_plain(t.rate),
                            j,
                            show_plain(tiers[j - 1].rate)
                        ),
                    );
                }
                if j > 0 && t.from <= tiers[j - 1].from {
                    c.error(
                        "tier-order",
                        loc,
                        format!(
                            "tier {} starts at {}, which is not above tier {} at {}; list tiers from the lowest attainment up",
                            j + 1,
                            pct_exact(t.from),
                            j,
                            pct_exact(tiers[j - 1].from)
                        ),
                    );
                }
            }
            if let Some(cap) = cap {
                if *cap <= zero {
                    c.error(
                        "out-of-range",
                        loc,
                        format!(
                            "cap is {}; a cap must be above zero (leave it out for no cap)",
                            pct_exact(*cap)
                        ),
                    );
                } else {
                    c.range(loc, "cap", *cap, zero, MAX_RATE, show_pct);
                }
            }
        }
        Curve::Steps { steps } => {
            if steps.is_empty() {
                c.error(
                    "no-steps",
                    loc,
                    "the step curve has no steps, so it never pays".into(),
                );
            }
            for (j, s) in steps.iter().enumerate() {
                c.range(
                    loc,
                    &format!("step {} minimum", j + 1),
                    s.min,
                    zero,
                    MAX_SCALE,
                    show_pct,
                );
                c.range(
                    loc,
                    &format!("step {} factor", j + 1),
                    s.factor,
                    zero,
                    MAX_RATE,
                    show_plain,
                );
                if j > 0 && s.min <= steps[j - 1].min {
                    c.error(
                        "step-order",
                        loc,
                        format!(
                            "step {} starts at {}, which is not above step {} at {}; list steps from the lowest attainment up",
                            j + 1,
                            pct_exact(s.min),
                            j,
                            pct_exact(steps[j - 1].min)
                        ),
                    );
                }
                if j > 0 && s.factor < steps[j - 1].factor {
                    c.error(
                        "step-order",
                        loc,
                        format!(
                            "step {} pays {}× but step {} pays {}×; a higher step must not pay less",
                            j + 1,
                            show_plain(s.factor),
                            j,
                            show_plain(steps[j - 1].factor)
                        ),
                    );
                }
            }
        }
        Curve::Points { points, above } => {
            if points.is_empty() {
                c.error(
                    "no-points",
                    loc,
                    "the curve has no points, so it never pays".into(),
                );
            }
            if *above == Beyond::Extend && points.len() < 2 {
                c.error(
                    "no-points",
                    loc,
                    "a curve that extends beyond its last point needs at least two points (the line through the last two goes on)".into(),
                );
            }
            for (j, p) in points.iter().enumerate() {
                c.range(
                    loc,
                    &format!("point {} attainment", j + 1),
                    p.at,
                    zero,
                    MAX_SCALE,
                    show_pct,
                );
                c.range(
                    loc,
                    &format!("point {} pays", j + 1),
                    p.pays,
                    zero,
                    MAX_RATE,
                    show_pct,
                );
                if j > 0 && p.at <= points[j - 1].at {
                    c.error(
                        "point-order",
                        loc,
                        format!(
                            "point {} is at {}, which is not above point {} at {}; list points from the lowest attainment up",
                            j + 1,
                            pct_exact(p.at),
                            j,
                            pct_exact(points[j - 1].at)
                        ),
                    );
                }
                if j > 0 && p.pays < points[j - 1].pays {
                    c.error(
                        "point-order",
                        loc,
                        format!(
                            "point {} pays {} but point {} pays {}; a higher point must not pay less",
                            j + 1,
                            pct_exact(p.pays),
                            j,
                            pct_exact(points[j - 1].pays)
                        ),
                    );
                }
            }
        }
    }
}
