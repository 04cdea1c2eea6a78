//! The figures of a comparison: each variant's totals and changes against the baseline,
//! what the plan change alone does, and where two cost curves cross.

use super::*;

/// Puts each `fresh` variant's totals into the rows, with the changes against the baseline
/// (when the baseline is fresh, every variant is).
pub(super) fn fill_cells(
    rows: &mut [CsmRow],
    layout: &Layout,
    results: &[Option<&Computed>],
    fresh: &[bool],
) {
    for (row, index) in rows.iter_mut().zip(&layout.index) {
        for (k, cell) in row.cells.iter_mut().enumerate() {
            if !fresh.get(k).copied().unwrap_or(true) {
                continue;
            }
            *cell = match (
                index.get(k).copied().flatten(),
                results.get(k).copied().flatten(),
            ) {
                (Some(i), Some(r)) => r.eval.csms.get(i).map(|c| CsmCell {
                    total: c.total,
                    ote: c.ote,
                    change: None,
                    baseline_total: None,
                }),
                _ => None,
            };
        }
        let Some(base) = row.cells.first().and_then(|c| c.as_ref()).map(|c| c.total) else {
            continue;
        };
        for (k, cell) in row.cells.iter_mut().enumerate().skip(1) {
            if let Some(cell) = cell
                && fresh.get(k).copied().unwrap_or(true)
            {
                cell.change = Some(cell.total - base);
                cell.baseline_total = Some(base);
            }
        }
    }
}

pub(super) fn ratio(x: Decimal, of: Decimal) -> Option<Decimal> {
    (!of.is_zero()).then(|| x / of)
}

pub(super) fn figures(
    scn: &Scenario,
    r: &Computed,
    scale: Option<Decimal>,
    versus: Option<Versus>,
) -> Figures {
    let t = &r.eval.team;
    Figures {
        scale: scale.unwrap_or(scn.assumptions.attainment_scale),
        csms: scn.team.len(),
        ote: t.ote,
        base: t.base,
        target_variable: t.target_variable,
        variable: t.variable,
        spif: t.spif,
        adjustment: t.adjustment,
        cash: t.cash,
        burden_rate: scn.assumptions.burden_rate,
        loaded_cost: t.loaded_cost,
        planned_cost: t.planned_cost,
        book_arr: t.book_arr,
        cost_pct_of_arr: t.cost_pct_of_arr,
        downside_pct: t.downside_pct,
        levels: r.levels.clone(),
        warnings: r.warnings.clone(),
        versus,
    }
}

pub(super) fn versus(base: &Computed, r: &Computed, rows: &[CsmRow], k: usize) -> Versus {
    let (bt, t) = (&base.eval.team, &r.eval.team);
    let mut v = Versus {
        cash_change: t.cash - bt.cash,
        cash_change_pct: ratio(t.cash - bt.cash, bt.cash),
        loaded_cost_change: t.loaded_cost - bt.loaded_cost,
        planned_cost_change: t.planned_cost - bt.planned_cost,
        ..Versus::default()
    };
    for row in rows {
        match (&row.cells[0], &row.cells[k]) {
            (Some(_), Some(cell)) => {
                v.matched += 1;
                let change = cell.change.unwrap_or_default();
                let mv = || Move {
                    id: row.id.clone(),
                    name: row.name.clone(),
                    change,
                    change_pct: cell.change_pct(),
                };
                if change > Decimal::ZERO {
                    v.gain += 1;
                    if v.biggest_gain.as_ref().is_none_or(|b| change > b.change) {
                        v.biggest_gain = Some(mv());
                    }
                } else if change < Decimal::ZERO {
                    v.lose += 1;
                    if v.biggest_loss.as_ref().is_none_or(|b| change < b.change) {
                        v.biggest_loss = Some(mv());
                    }
                } else {
                    v.same += 1;
                }
            }
            (None, Some(_)) => v.added += 1,
            (Some(_), None) => v.removed += 1,
            (None, None) => {}
        }
    }
    let key = |f: &Finding| (f.code, f.message.clone());
    let in_base: HashSet<_> = base.warnings.iter().map(key).collect();
    let in_this: HashSet<_> = r.warnings.iter().map(key).collect();
    v.warnings_new = r
        .warnings
        .iter()
        .filter(|f| !in_base.contains(&key(f)))
        .cloned()
        .collect();
    v.warnings_gone = base
        .warnings
        .iter()
        .filter(|f| !in_this.contains(&key(f)))
        .cloned()
        .collect();
    v
}

/// About where between `x.from` and `x.to` the two lines cross, read off the straight lines
/// between the two points (a fraction, rounded to 0.1%): the cost curve is known at its
/// points only, so this is an estimate within that interval.
pub fn crossing_estimate(curve: &CostCurve, x: &Crossing) -> Option<Decimal> {
    let p = curve.scales.iter().position(|s| *s == x.from)?;
    let q = curve.scales.iter().position(|s| *s == x.to)?;
    let base = curve.cash.first()?.as_ref()?;
    let line = curve.cash.get(x.variant)?.as_ref()?;
    let d0 = (*line.get(p)? - *base.get(p)?).abs();
    let d1 = (*line.get(q)? - *base.get(q)?).abs();
    let at = x.from + (x.to - x.from) * d0 / (d0 + d1).max(Decimal::new(1, 2));
    Some(at.round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero))
}

/// Where each variant's cash line crosses the baseline's: between two neighbouring scales
/// where the difference changes sign (a scale where the two are equal is passed over).
pub(super) fn crossings(scales: &[Decimal], cash: &[Option<Vec<Decimal>>]) -> Vec<Crossing> {
    let mut out = Vec::new();
    let Some(Some(base)) = cash.first() else {
        return out;
    };
    for (k, line) in cash.iter().enumerate().skip(1) {
        let Some(line) = line else { continue };
        let mut last: Option<(usize, bool)> = None;
        for (p, (x, b)) in line.iter().zip(base).enumerate() {
            if x == b {
                continue;
            }
            let dearer = x > b;
            if let Some((q, was)) = last
                && was != dearer
            {
                out.push(Crossing {
                    variant: k,
                    from: scales[q],
                    to: scales[p],
                    becomes: if dearer {
                        Becomes::Dearer
                    } else {
                        Becomes::Cheaper
                    },
                });
            }
            last = Some((p, dearer));
        }
    }
    out
}
