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
    }
}
