//! The Plan sheet: the pay mix, level overrides, each metric's weight, target and payout
//! curve as input cells, and the cost assumptions, which every formula reads.

use super::*;

pub(super) fn plan_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    scn: &Scenario,
    names: &Names,
    layout: Option<&PeriodLayout>,
) -> Result<PlanRefs, XlsxError> {
    let sh = names.plan.as_str();
    let plan = &scn.plan;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 18)?;
    ws.set_column_width(3, 18)?;
    ws.set_column_width(4, 52)?;
    let heading = plan.heading();
    ws.write_string_with_format(
        0,
        0,
        format!("Pay plan: {}", heading.as_deref().unwrap_or(&scn.name)),
        &st.title,
    )?;
    if heading.is_some() {
        ws.write_string_with_format(2, 0, format!("Scenario: {}", scn.name), &st.note)?;
    }
    ws.write_string_with_format(
        1,
        0,
        match layout {
            None => "Cells with blue figures on yellow are inputs: change them and the Team, Summary (and Compare) sheets recompute.",
            Some(_) => "Cells with blue figures on yellow are inputs: change them and the Team, By period, Summary (and Compare) sheets recompute. Each period's weights, targets and SPIF amounts are on the Periods sheet.",
        },
        &st.note,
    )?;
    let mut r: u32 = 3;
    ws.write_string_with_format(r, 0, "Pay mix", &st.section)?;
    r += 1;
    ws.write_string_with_format(r, 0, "Variable share (of OTE)", &st.label)?;
    ws.write_number_with_format(r, 1, num(plan.mix.variable_share), &st.in_pct)?;
    let share = abs(sh, r, 1);
    r += 1;
    ws.write_string_with_format(r, 0, "Basis", &st.label)?;
    ws.write_string_with_format(r, 1, plan.mix.basis.label(), &st.in_text)?;
    ws.write_string_with_format(
        r,
        4,
        "OTE split: base = OTE − target variable; bonus on top: base = OTE",
        &st.note,
    )?;
    let basis_validation = DataValidation::new()
        .allow_list_strings(&[Basis::OteSplit.label(), Basis::BonusOnTop.label()])?;
    ws.add_data_validation(r, 1, r, 1, &basis_validation)?;
    let basis = abs(sh, r, 1);
    r += 1;
    ws.write_string_with_format(r, 0, "Team attainment scale", &st.label)?;
    ws.write_number_with_format(r, 1, num(scn.assumptions.attainment_scale), &st.in_pct)?;
    ws.write_string_with_format(
        r,
        4,
        "multiplies every attainment (100% = as projected)",
        &st.note,
    )?;
    let scale = abs(sh, r, 1);
    r += 1;
    ws.write_string_with_format(r, 0, "Burden rate", &st.label)?;
    ws.write_number_with_format(r, 1, num(scn.assumptions.burden_rate), &st.in_pct)?;
    ws.write_string_with_format(r, 4, "employer cost on top of cash", &st.note)?;
    let burden = abs(sh, r, 1);
    let mut as_of = String::new();
    if layout.is_some() {
        r += 1;
        ws.write_string_with_format(r, 0, "As of (last period with actual results)", &st.label)?;
        match &plan.as_of {
            Some(id) => ws.write_string_with_format(r, 1, id, &st.in_text)?,
            None => ws.write_blank(r, 1, &st.in_text)?,
        };
        ws.write_string_with_format(
            r,
            4,
            "a period's id; blank = every period is a projection",
            &st.note,
        )?;
        let ids: Vec<&str> = plan.periods.iter().map(|p| p.id.as_str()).collect();
        // A list validation holds at most 255 characters.
        if ids.iter().map(|i| i.len() + 1).sum::<usize>() < 250
            && let Ok(v) = DataValidation::new().allow_list_strings(&ids)
        {
            ws.add_data_validation(r, 1, r, 1, &v.ignore_blank(true))?;
        }
        as_of = abs(sh, r, 1);
    }

    // Pay mix by level: every level of the team and of the plan's overrides.
    r += 2;
    ws.write_string_with_format(r, 0, "Pay mix by level", &st.section)?;
    r += 1;
    for (c, h) in ["Level", "Variable share", "Basis"].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &st.header)?;
    }
    ws.write_string_with_format(
        r,
        4,
        "grey italic = follows the plan's mix; type a value to give the level its own",
        &st.note,
    )?;
    r += 1;
    let mut levels: Vec<&str> = plan.level_mix.keys().map(String::as_str).collect();
    for c in &scn.team {
        if !levels.contains(&c.level.as_str()) {
            levels.push(&c.level);
        }
    }
    levels.sort_unstable();
    let first_level = r;
    for level in &levels {
        ws.write_string_with_format(r, 0, *level, &st.text)?;
        match plan.level_mix.get(*level) {
            Some(mix) => {
                ws.write_number_with_format(r, 1, num(mix.variable_share), &st.in_pct)?;
                ws.write_string_with_format(r, 2, mix.basis.label(), &st.in_text)?;
            }
            None => {
                ws.write_formula_with_format(
                    r,
                    1,
                    formula(format!("={share}"), res(plan.mix.variable_share)),
                    &st.follows,
                )?;
                ws.write_formula_with_format(
                    r,
                    2,
                    formula(format!("={basis}"), plan.mix.basis.label().to_string()),
                    &st.follows_text,
                )?;
            }
        }
        ws.add_data_validation(r, 2, r, 2, &basis_validation)?;
        r += 1;
    }
    if levels.is_empty() {
        // Keeps the lookup range valid for an empty team.
        r += 1;
    }
    let levels_range = format!(
        "{}!$A${}:$C${}",
        quoted(sh),
        first_level + 1,
        (r.max(first_level + 1))
    );

    // Metrics.
    r += 1;
    ws.write_string_with_format(r, 0, "Metrics", &st.section)?;
    ws.write_string_with_format(
        r,
        4,
        match plan.missing_projections {
            crate::engine::MissingProjection::AtTarget => {
                "attainment = actual ÷ target (lower is better: max(0, 2 − actual ÷ target)), × scale; a blank actual is assumed at target"
            }
            crate::engine::MissingProjection::AtZero => {
                "attainment = actual ÷ target (lower is better: max(0, 2 − actual ÷ target)), × scale; a blank actual counts as 0%"
            }
        },
        &st.note,
    )?;
    r += 1;
    let mut comps = Vec::new();
    let mut weight_cells = Vec::new();
    if let Some(l) = layout {
        for &(c, k) in &l.blocks {
            let comp = &l.versions[k].components[c];
            let (refs, next) = metric_block(ws, st, sh, comp, &l.block_title(scn, c, k), r)?;
            comps.push(refs);
            r = next + 1;
        }
        ws.write_string_with_format(
            r,
            0,
            "The weights add up to 100% in each period: see the Periods sheet.",
            &st.note,
        )?;
    } else {
        for comp in &plan.components {
            let title = format!("{} ({})", comp.name, comp.id);
            let (refs, next) = metric_block(ws, st, sh, comp, &title, r)?;
            weight_cells.push(refs.weight.clone());
            comps.push(refs);
            r = next + 1;
        }
    }
    if layout.is_none() {
        ws.write_string_with_format(r, 0, "Weights total (must be 100%)", &st.bold_label)?;
        let total_weight: Decimal = plan.components.iter().map(|c| c.weight).sum();
        let sum = if weight_cells.is_empty() {
            "0".to_string()
        } else {
            weight_cells.join("+")
        };
        ws.write_formula_with_format(
            r,
            1,
            formula(format!("={sum}"), res(total_weight)),
            &st.pct_bold,
        )?;
    }
    r += 2;
    if layout.is_some() {
        // Each period's amount and event limit are on the Periods sheet (a change during
        // the year may set them from its period on).
        ws.write_string_with_format(r, 0, "SPIFs", &st.section)?;
        r += 1;
        for (c, h) in ["SPIF", "Id"].iter().enumerate() {
            ws.write_string_with_format(r, c as u16, *h, &st.header)?;
        }
        ws.write_string_with_format(
            r,
            4,
            "each period's amount per event and event limit: the Periods sheet",
            &st.note,
        )?;
        r += 1;
        for s in &plan.spifs {
            ws.write_string_with_format(r, 0, &s.name, &st.text)?;
            ws.write_string_with_format(r, 1, &s.id, &st.text)?;
            r += 1;
        }
        if plan.spifs.is_empty() {
            ws.write_string_with_format(r, 0, "(none)", &st.note)?;
        }
        ws.set_freeze_panes(3, 0)?;
        return Ok(PlanRefs {
            share,
            basis,
            scale,
            burden,
            levels: levels_range,
            comps,
            spifs: Vec::new(),
            spif_best: String::new(),
            as_of,
        });
    }

    // SPIFs.
    ws.write_string_with_format(r, 0, "SPIFs", &st.section)?;
    r += 1;
    for (c, h) in [
        "SPIF",
        "Id",
        "Amount per event",
        "Max events (blank = no limit)",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(r, c as u16, *h, &st.header)?;
    }
    r += 1;
    let mut spifs = Vec::new();
    let first_spif = r;
    for s in &plan.spifs {
        ws.write_string_with_format(r, 0, &s.name, &st.text)?;
        ws.write_string_with_format(r, 1, &s.id, &st.text)?;
        ws.write_number_with_format(r, 2, num(s.amount), &st.in_money)?;
        match s.max_events {
            Some(m) => ws.write_number_with_format(r, 3, f64::from(m), &st.in_count)?,
            None => ws.write_blank(r, 3, &st.in_count)?,
        };
        spifs.push((abs(sh, r, 2), abs(sh, r, 3)));
        r += 1;
    }
    if plan.spifs.is_empty() {
        ws.write_string_with_format(r, 0, "(none)", &st.note)?;
        r += 1;
    }
    r += 1;
    ws.write_string_with_format(r, 0, "SPIFs at their limits (per CSM)", &st.label)?;
    let best: Option<Decimal> = plan.spifs.iter().try_fold(Decimal::ZERO, |acc, s| {
        s.max_events.map(|m| acc + s.amount * Decimal::from(m))
    });
    let best_formula = if plan.spifs.is_empty() {
        "=0".to_string()
    } else {
        let last = first_spif + plan.spifs.len() as u32 - 1;
        format!(
            "=IF(COUNTBLANK({m})>0,\"unbounded\",SUMPRODUCT({a},{m}))",
            a = abs_range(sh, 2, first_spif, last),
            m = abs_range(sh, 3, first_spif, last)
        )
    };
    ws.write_formula_with_format(
        r,
        1,
        formula(
            best_formula,
            best.map_or_else(|| "unbounded".to_string(), res),
        ),
        &st.money,
    )?;
    let spif_best = abs(sh, r, 1);
    ws.set_freeze_panes(3, 0)?;
    Ok(PlanRefs {
        share,
        basis,
        scale,
        burden,
        levels: levels_range,
        comps,
        spifs,
        spif_best,
        as_of,
    })
}

/// One metric's block on the Plan sheet from row `r`; returns its references and the row
/// after the block.
pub(super) fn metric_block(
    ws: &mut Worksheet,
    st: &Styles,
    sh: &str,
    comp: &Component,
    title: &str,
    mut r: u32,
) -> Result<(CompRefs, u32), XlsxError> {
    ws.write_string_with_format(r, 0, title, &st.header)?;
    ws.write_string_with_format(r, 1, comp.kind.label(), &st.header)?;
    let dir = match comp.direction {
        Direction::HigherIsBetter => "higher is better",
        Direction::LowerIsBetter => "lower is better",
    };
    ws.write_string_with_format(r, 2, dir, &st.header)?;
    let unit = match comp.unit {
        Unit::Percent => "percent",
        Unit::Money => "dollars",
        Unit::Count => "count",
    };
    ws.write_string_with_format(r, 3, unit, &st.header)?;
    r += 1;
    let (weight, target) = if comp.measured == Measure::Period {
        ws.write_string_with_format(
            r,
            0,
            "Measured each period: its weight and target in each period are on the Periods sheet.",
            &st.note,
        )?;
        r += 1;
        (String::new(), String::new())
    } else {
        ws.write_string_with_format(r, 0, "Weight (share of target variable)", &st.label)?;
        ws.write_number_with_format(r, 1, num(comp.weight), &st.in_pct)?;
        let weight = abs(sh, r, 1);
        r += 1;
        ws.write_string_with_format(r, 0, "Target (a CSM's own target overrides it)", &st.label)?;
        ws.write_number_with_format(r, 1, num(comp.target), st.in_metric(comp.unit))?;
        let target = abs(sh, r, 1);
        r += 1;
        (weight, target)
    };
    let curve = match &comp.curve {
        Curve::Tiered {
            threshold,
            tiers,
            cap,
            mode,
        } => {
            let flat = *mode == TierMode::Flat;
            ws.write_string_with_format(r, 0, "Curve", &st.label)?;
            ws.write_string_with_format(
                r,
                1,
                if flat { "flat tiers" } else { "tiered" },
                &st.text,
            )?;
            ws.write_string_with_format(
                r,
                4,
                if flat {
                    "below the threshold nothing; above it the rate of the highest tier reached applies to the whole attainment, up to the cap"
                } else {
                    "below the threshold nothing; above it each tier pays its rate on the attainment inside it, up to the cap"
                },
                &st.note,
            )?;
            r += 1;
            ws.write_string_with_format(r, 0, "Threshold (attainment)", &st.label)?;
            ws.write_number_with_format(r, 1, num(*threshold), &st.in_pct)?;
            let threshold = abs(sh, r, 1);
            r += 1;
            ws.write_string_with_format(r, 0, "Cap (factor; blank = no cap)", &st.label)?;
            match cap {
                Some(c) => ws.write_number_with_format(r, 1, num(*c), &st.in_pct)?,
                None => ws.write_blank(r, 1, &st.in_pct)?,
            };
            let cap_cell = cell(r, 1);
            ws.write_formula_with_format(
                r,
                2,
                formula(
                    format!("=IF(ISBLANK({cap_cell}),1E+300,{cap_cell})"),
                    cap.map_or_else(|| "1E+300".to_string(), res),
                ),
                &st.cap,
            )?;
            ws.write_string_with_format(r, 4, "← the cap in effect", &st.note)?;
            let cap_in_effect = abs(sh, r, 2);
            let cap_input = abs(sh, r, 1);
            r += 1;
            ws.write_string_with_format(r, 0, "Tier", &st.header)?;
            ws.write_string_with_format(r, 1, "From attainment", &st.header)?;
            ws.write_string_with_format(r, 2, "Rate", &st.header)?;
            r += 1;
            let mut refs = Vec::new();
            for (i, t) in tiers.iter().enumerate() {
                ws.write_string_with_format(r, 0, format!("Tier {}", i + 1), &st.label)?;
                ws.write_number_with_format(r, 1, num(t.from), &st.in_pct)?;
                ws.write_number_with_format(r, 2, num(t.rate), &st.in_num)?;
                refs.push((abs(sh, r, 1), abs(sh, r, 2)));
                r += 1;
            }
            (
                CurveRefs::Tiered {
                    threshold,
                    cap: cap_in_effect,
                    tiers: refs,
                    flat,
                },
                Some(cap_input),
            )
        }
        Curve::Steps { steps } => {
            ws.write_string_with_format(r, 0, "Curve", &st.label)?;
            ws.write_string_with_format(r, 1, "steps", &st.text)?;
            ws.write_string_with_format(
                r,
                4,
                "pays the factor of the highest step reached; nothing below the first",
                &st.note,
            )?;
            r += 1;
            ws.write_string_with_format(r, 0, "Step", &st.header)?;
            ws.write_string_with_format(r, 1, "Minimum attainment", &st.header)?;
            ws.write_string_with_format(r, 2, "Factor", &st.header)?;
            r += 1;
            let mut refs = Vec::new();
            for (i, s) in steps.iter().enumerate() {
                ws.write_string_with_format(r, 0, format!("Step {}", i + 1), &st.label)?;
                ws.write_number_with_format(r, 1, num(s.min), &st.in_pct)?;
                ws.write_number_with_format(r, 2, num(s.factor), &st.in_num)?;
                refs.push((abs(sh, r, 1), abs(sh, r, 2)));
                r += 1;
            }
            (CurveRefs::Steps(refs), None)
        }
        Curve::Points { points, above } => {
            let extend = *above == Beyond::Extend;
            ws.write_string_with_format(r, 0, "Curve", &st.label)?;
            ws.write_string_with_format(r, 1, "points", &st.text)?;
            ws.write_string_with_format(
                r,
                4,
                if extend {
                    "nothing below the first point; a straight line between points; above the last, the last line goes on"
                } else {
                    "nothing below the first point; a straight line between points; above the last, its factor"
                },
                &st.note,
            )?;
            r += 1;
            ws.write_string_with_format(r, 0, "Point", &st.header)?;
            ws.write_string_with_format(r, 1, "Attainment", &st.header)?;
            ws.write_string_with_format(r, 2, "Pays (factor)", &st.header)?;
            r += 1;
            let mut refs = Vec::new();
            for (i, p) in points.iter().enumerate() {
                ws.write_string_with_format(r, 0, format!("Point {}", i + 1), &st.label)?;
                ws.write_number_with_format(r, 1, num(p.at), &st.in_pct)?;
                ws.write_number_with_format(r, 2, num(p.pays), &st.in_pct)?;
                refs.push((abs(sh, r, 1), abs(sh, r, 2)));
                r += 1;
            }
            (CurveRefs::Points(refs, extend), None)
        }
    };
    let (curve, cap_input) = curve;
    ws.write_string_with_format(r, 0, "Factor at 0% (worst case)", &st.label)?;
    ws.write_formula_with_format(
        r,
        1,
        formula(
            format!("={}", curve.factor("0")),
            res(comp.curve.factor_at(Decimal::ZERO)),
        ),
        &st.factor,
    )?;
    let f_zero = abs(sh, r, 1);
    r += 1;
    ws.write_string_with_format(r, 0, "Factor at 100% (planned)", &st.label)?;
    ws.write_formula_with_format(
        r,
        1,
        formula(
            format!("={}", curve.factor("1")),
            res(comp.curve.factor_at(Decimal::ONE)),
        ),
        &st.factor,
    )?;
    let f_full = abs(sh, r, 1);
    r += 1;
    ws.write_string_with_format(r, 0, "Most it pays (factor)", &st.label)?;
    let max_formula = match (&curve, &cap_input) {
        (
            CurveRefs::Tiered {
                tiers, flat: true, ..
            },
            Some(cap_input),
        ) => {
            // Rates never fall from tier to tier: it levels off only when every rate is 0.
            let rates: Vec<&str> = tiers.iter().map(|(_, r)| r.as_str()).collect();
            let top = if rates.is_empty() {
                "0".to_string()
            } else {
                format!("MAX({})", rates.join(","))
            };
            format!("=IF({top}=0,0,IF(ISBLANK({cap_input}),\"unbounded\",{cap_input}))")
        }
        (CurveRefs::Points(points, extend), _) if !points.is_empty() => {
            let f: Vec<&str> = points.iter().map(|(_, f)| f.as_str()).collect();
            match (extend, points.as_slice()) {
                (true, [.., (_, f0), (_, f1)]) => {
                    format!("=IF({f1}>{f0},\"unbounded\",MAX({}))", f.join(","))
                }
                _ => format!("=MAX({})", f.join(",")),
            }
        }
        (CurveRefs::Tiered { cap, tiers, .. }, Some(cap_input)) => {
            // A flat last tier (rate 0) levels off where the paying tiers end.
            let plateau: Vec<String> = tiers
                .windows(2)
                .map(|w| format!("{}*({}-{})", w[0].1, w[1].0, w[0].0))
                .collect();
            let plateau = if plateau.is_empty() {
                "0".to_string()
            } else {
                plateau.join("+")
            };
            match tiers.last() {
                Some((_, last_rate)) => format!(
                    "=IF({last_rate}=0,MIN({cap},{plateau}),IF(ISBLANK({cap_input}),\"unbounded\",{cap_input}))"
                ),
                None => "=0".to_string(),
            }
        }
        (CurveRefs::Steps(steps), _) if !steps.is_empty() => {
            let f: Vec<&str> = steps.iter().map(|(_, f)| f.as_str()).collect();
            format!("=MAX({})", f.join(","))
        }
        _ => "=0".to_string(),
    };
    ws.write_formula_with_format(
        r,
        1,
        formula(
            max_formula,
            comp.curve
                .max_factor()
                .map_or_else(|| "unbounded".to_string(), res),
        ),
        &st.factor,
    )?;
    let f_max = abs(sh, r, 1);
    r += 1;
    Ok((
        CompRefs {
            weight,
            target,
            curve,
            f_zero,
            f_full,
            f_max,
        },
        r,
    ))
}
