//! Charts for the HTML pages, as SVG text drawn with plotters: a metric's payout curve with
//! a CSM's results marked on it, and the team's cost against team attainment with the
//! budget line.
//!
//! Owns: the drawing. Must not: compute pay (every point comes from the engine or the
//! curve) or touch files. Coordinates are `f64` for drawing only; every label is made from
//! a `Decimal`.

use crate::engine::{Curve, TierMode};
use crate::num::money_short;
use plotters::prelude::*;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};

/// A result marked on a payout curve.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Attainment, 1 = 100% of target.
    pub attainment: Decimal,
    /// Payout factor at that attainment.
    pub factor: Decimal,
    /// A short label beside the point ("you", "Q3"); may be empty.
    pub label: String,
    /// The result rests on an assumption (no projection), drawn hollow.
    pub assumed: bool,
}

/// One line of the cost chart.
#[derive(Debug, Clone, PartialEq)]
pub struct CostLine {
    /// (team attainment scale, team cost) in scale order.
    pub points: Vec<(Decimal, Decimal)>,
    /// The line of a baseline, drawn lighter and dashed.
    pub baseline: bool,
}

const INK: RGBColor = RGBColor(0x1f, 0x4e, 0x79);
const MARK: RGBColor = RGBColor(0xc0, 0x39, 0x2b);
const GREY: RGBColor = RGBColor(0x8a, 0x8a, 0x8a);
const GRID: RGBColor = RGBColor(0xe4, 0xe4, 0xe4);
const FONT: &str = "sans-serif";

fn f(v: Decimal) -> f64 {
    v.to_f64().unwrap_or(0.0)
}

/// A tick value back as a decimal, for its label.
fn d(v: f64) -> Decimal {
    Decimal::from_f64(v).unwrap_or_default()
}

/// A tick on a share axis: `0%`, `150%`.
fn pct_tick(v: &f64) -> String {
    let p = (d(*v) * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    format!("{p}%")
}

/// A tick on a payout-factor axis: `0×`, `1.5×`.
fn factor_tick(v: &f64) -> String {
    let x = d(*v)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    format!("{x}×")
}

/// A tick on a money axis: `$1.57M`.
fn money_tick(v: &f64) -> String {
    money_short(d(*v).round_dp(0))
}

/// Where the curve changes course: thresholds, tier starts, steps and where a cap is
/// reached, as attainments.
fn breakpoints(curve: &Curve) -> Vec<Decimal> {
    let mut out = Vec::new();
    match curve {
        Curve::Steps { steps } => out.extend(steps.iter().map(|s| s.min)),
        Curve::Points { points, .. } => out.extend(points.iter().map(|p| p.at)),
        Curve::Tiered {
            threshold,
            tiers,
            cap,
            mode: TierMode::Flat,
        } => {
            out.push(*threshold);
            out.extend(tiers.iter().map(|t| t.from));
            if let Some(a) = cap.and_then(|c| curve.attainment_for(c)) {
                out.push(a);
            }
        }
        Curve::Tiered {
            threshold,
            tiers,
            cap,
            ..
        } => {
            out.push(*threshold);
            out.extend(tiers.iter().map(|t| t.from));
            if let Some(c) = cap
                && let Some(a) = super::statements::cap_reached_at(*threshold, tiers, *c)
            {
                out.push(a);
            }
        }
    }
    out
}

/// How far right a payout chart reaches: 200% of target, or past the last place the curve
/// changes and the marks, at most 400%.
fn x_max(curve: &Curve, marks: &[Mark]) -> Decimal {
    let two = Decimal::TWO;
    let step = Decimal::new(25, 2);
    let last = breakpoints(curve).into_iter().max().unwrap_or_default() + step;
    let marked = marks
        .iter()
        .map(|m| m.attainment + Decimal::new(1, 1))
        .max()
        .unwrap_or_default();
    two.max(last).max(marked).min(Decimal::from(4))
}

/// SVG of the payout curve (payout factor against attainment) with `marks` on it;
/// `width` × `height` pixels before scaling.
pub fn payout_svg(curve: &Curve, marks: &[Mark], width: u32, height: u32) -> String {
    let xmax = x_max(curve, marks);
    // The curve's corners: a jump (a step, a threshold) as two points at one attainment.
    let tiny = Decimal::new(1, 9);
    let mut at: Vec<Decimal> = breakpoints(curve)
        .into_iter()
        .filter(|b| *b > Decimal::ZERO && *b < xmax)
        .collect();
    at.push(Decimal::ZERO);
    at.push(xmax);
    at.sort();
    at.dedup();
    let mut pts: Vec<(f64, f64)> = Vec::with_capacity(at.len() * 2);
    for a in at {
        if a > Decimal::ZERO {
            pts.push((f(a), f(curve.factor_at(a - tiny))));
        }
        pts.push((f(a), f(curve.factor_at(a))));
    }
    let top = pts
        .iter()
        .map(|p| p.1)
        .chain(marks.iter().map(|m| f(m.factor)))
        .fold(1.0f64, f64::max);
    let ymax = (top * 1.15).max(1.2);
    let xmax_d = xmax;
    let xmax = f(xmax);
    let mut svg = String::new();
    let drawn = (|| -> Result<(), Box<dyn std::error::Error>> {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(6)
            .margin_right(18)
            .x_label_area_size(34)
            .y_label_area_size(48)
            .build_cartesian_2d(0f64..xmax, 0f64..ymax)?;
        chart
            .configure_mesh()
            .x_labels(5)
            .y_labels(4)
            .x_label_formatter(&pct_tick)
            .y_label_formatter(&factor_tick)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(GREY)
            .label_style((FONT, 12).into_font().color(&GREY.mix(1.0)))
            .x_desc("attainment (% of target)")
            .y_desc("payout")
            .axis_desc_style((FONT, 12))
            .draw()?;
        // 100% of target.
        chart.draw_series(DashedLineSeries::new(
            [(1.0, 0.0), (1.0, ymax)],
            3,
            3,
            GREY.stroke_width(1),
        ))?;
        chart.draw_series(LineSeries::new(pts, INK.stroke_width(2)))?;
        // A curve drawn by points shows its points.
        if let Curve::Points { points, .. } = curve {
            chart.draw_series(
                points
                    .iter()
                    .filter(|p| p.at <= xmax_d)
                    .map(|p| Circle::new((f(p.at), f(p.pays)), 3, INK.filled())),
            )?;
        }
        for m in marks {
            let x = f(m.attainment).min(xmax);
            let y = f(m.factor);
            let style = if m.assumed {
                MARK.stroke_width(2)
            } else {
                MARK.filled()
            };
            let label = crate::text::escape_invisible(&m.label).into_owned();
            chart.draw_series(std::iter::once(
                EmptyElement::at((x, y))
                    + Circle::new((0, 0), 4, style)
                    + Text::new(label, (5, 4), (FONT, 12).into_font().color(&MARK)),
            ))?;
        }
        root.present()?;
        Ok(())
    })();
    if drawn.is_err() {
        return String::new();
    }
    svg
}

/// SVG of team cost against team attainment (50%–150%): `lines`, the budget as a red
/// dashed line, and `mark` (the cost as projected) as a point.
pub fn cost_svg(
    lines: &[CostLine],
    budget: Option<Decimal>,
    mark: Option<(Decimal, Decimal)>,
    width: u32,
    height: u32,
) -> String {
    let ys: Vec<Decimal> = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1))
        .chain(budget)
        .chain(mark.map(|m| m.1))
        .collect();
    let (Some(lo), Some(hi)) = (ys.iter().min(), ys.iter().max()) else {
        return String::new();
    };
    let pad = ((*hi - *lo) / Decimal::from(12)).max(Decimal::ONE);
    let (ylo, yhi) = (f(*lo - pad).max(0.0), f(*hi + pad));
    let xs: Vec<Decimal> = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.0))
        .collect();
    let xlo = f(xs.iter().min().copied().unwrap_or(Decimal::new(5, 1)));
    let xhi = f(xs.iter().max().copied().unwrap_or(Decimal::new(15, 1)));
    let mut svg = String::new();
    let drawn = (|| -> Result<(), Box<dyn std::error::Error>> {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(8)
            .margin_right(20)
            .x_label_area_size(30)
            .y_label_area_size(56)
            .build_cartesian_2d(xlo..xhi, ylo..yhi)?;
        chart
            .configure_mesh()
            .x_labels(6)
            .y_labels(5)
            .x_label_formatter(&pct_tick)
            .y_label_formatter(&money_tick)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(GREY)
            .label_style((FONT, 11).into_font().color(&GREY.mix(1.0)))
            .x_desc("team attainment (every projection × this)")
            .axis_desc_style((FONT, 11))
            .draw()?;
        if let Some(b) = budget {
            let b = f(b);
            chart.draw_series(DashedLineSeries::new(
                [(xlo, b), (xhi, b)],
                6,
                4,
                MARK.stroke_width(2),
            ))?;
        }
        for l in lines {
            let pts = l.points.iter().map(|(x, y)| (f(*x), f(*y)));
            if l.baseline {
                chart.draw_series(DashedLineSeries::new(pts, 4, 3, GREY.stroke_width(2)))?;
            } else {
                chart.draw_series(LineSeries::new(pts, INK.stroke_width(2)))?;
            }
        }
        if let Some((x, y)) = mark {
            chart.draw_series(std::iter::once(Circle::new((f(x), f(y)), 4, INK.filled())))?;
        }
        root.present()?;
        Ok(())
    })();
    if drawn.is_err() {
        return String::new();
    }
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Step, Tier};
    use rust_decimal_macros::dec;

    #[test]
    fn payout_chart_is_svg_with_its_marks_and_escaped_labels() {
        let c = Curve::Tiered {
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
        let svg = payout_svg(
            &c,
            &[Mark {
                attainment: dec!(1.03),
                factor: dec!(1.045),
                label: "Q<1>&".into(),
                assumed: false,
            }],
            320,
            180,
        );
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("<circle"));
        assert!(svg.contains("Q&lt;1&gt;&amp;"));
        assert!(!svg.contains("Q<1>"));
        assert!(svg.contains("150%") && svg.contains("1.5×"), "{svg}");
    }

    #[test]
    fn steps_are_drawn_as_jumps() {
        let c = Curve::Steps {
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
        assert_eq!(breakpoints(&c), vec![dec!(0.8), dec!(1)]);
        assert_eq!(x_max(&c, &[]), dec!(2));
        let far = Mark {
            attainment: dec!(50),
            factor: dec!(1),
            label: String::new(),
            assumed: true,
        };
        assert_eq!(x_max(&c, std::slice::from_ref(&far)), dec!(4));
        assert!(payout_svg(&c, &[far], 320, 180).contains("<circle"));
    }

    #[test]
    fn cost_chart_has_the_budget_line() {
        let pts = vec![(dec!(0.5), dec!(1000000)), (dec!(1.5), dec!(2000000))];
        let svg = cost_svg(
            &[CostLine {
                points: pts,
                baseline: false,
            }],
            Some(dec!(1600000)),
            Some((dec!(1), dec!(1500000))),
            600,
            220,
        );
        assert!(svg.contains("<polyline") || svg.contains("<path"), "{svg}");
        assert!(svg.contains("$1.5M") || svg.contains("$1.6M"), "{svg}");
        assert!(cost_svg(&[], None, None, 600, 220).is_empty());
    }
}
