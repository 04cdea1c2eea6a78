//! The By period sheet of a plan with periods (one row per CSM and period: the period's
//! results as inputs, each per-period metric's attainment, factor and payout, SPIFs, the
//! recorded payout, and the period's pay) and the Summary sheet's team by period.

use super::*;
use crate::engine::shape::Shape;
use crate::num::cents;

#[allow(clippy::too_many_arguments)]
pub(super) fn by_period_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    scn: &Scenario,
    computed: &Computed,
    layout: &PeriodLayout,
    p: &PlanRefs,
    periods: &PeriodRefs,
    team: &PeriodTeamCols,
    cols: &ByPeriodCols,
    names: &Names,
) -> Result<(), XlsxError> {
    let plan = &scn.plan;
    let count = plan.periods.len();
    // Headers: the names `import-actuals` reads (id, period, actual:<metric>, spif:<id>,
    // paid), so the sheet's results import back.
    let mut headers: Vec<(u16, String, f64, &Format)> = vec![
        (0, "id".into(), 12.0, &st.text),
        (1, "name".into(), 22.0, &st.text),
        (2, "period".into(), 8.0, &st.text),
        (B_EMPLOYED, "Employed".into(), 9.0, &st.yes_no),
        (B_STATUS, "Results".into(), 10.0, &st.text),
        (
            cols.annual_tv,
            "Annual target variable".into(),
            12.0,
            &st.money,
        ),
        (cols.share, "Target share".into(), 8.0, &st.pct),
    ];
    for (c, m) in cols.metrics.iter().enumerate() {
        let Some(m) = m else { continue };
        let comp = &plan.components[c];
        let f = st.in_metric(comp.unit);
        headers.push((m.weight, format!("{} weight", comp.name), 9.0, &st.pct));
        headers.push((m.target, format!("target:{}", comp.id), 11.0, f));
        headers.push((m.actual, format!("actual:{}", comp.id), 11.0, f));
        headers.push((m.att, format!("{} attainment", comp.name), 11.0, &st.pct));
        headers.push((m.fac, format!("{} factor", comp.name), 9.0, &st.factor));
        headers.push((m.pay, format!("{} payout", comp.name), 12.0, &st.money));
    }
    for (s, (ev, pay)) in plan.spifs.iter().zip(&cols.spifs) {
        headers.push((*ev, format!("spif:{}", s.id), 9.0, &st.in_count));
        headers.push((*pay, format!("{} pay", s.name), 11.0, &st.money));
    }
    headers.push((cols.paid, "paid".into(), 13.0, &st.in_money));
    headers.push((cols.base, "Base".into(), 12.0, &st.money));
    headers.push((cols.tv, "Target variable".into(), 12.0, &st.money));
    headers.push((cols.variable, "Variable".into(), 12.0, &st.money));
    headers.push((cols.spif, "SPIF".into(), 11.0, &st.money));
    headers.push((
        cols.computed,
        "As the plan computes it".into(),
        13.0,
        &st.money,
    ));
    headers.push((
        cols.adjustment,
        "Recorded pay adjustment".into(),
        12.0,
        &st.money,
    ));
    headers.push((cols.total, "Total".into(), 13.0, &st.money_bold));
    headers.push((cols.planned, "Variable at 100%".into(), 12.0, &st.money));
    headers.push((cols.worst, "Variable at 0%".into(), 12.0, &st.money));
    headers.push((
        cols.caps,
        "Variable and SPIFs at the caps".into(),
        13.0,
        &st.money,
    ));
    for (c, h, w, fmt) in &headers {
        ws.set_column_format(*c, fmt)?;
        ws.set_column_width(*c, *w)?;
        ws.write_string_with_format(0, *c, h, &st.header)?;
    }
    ws.set_row_height(0, 45)?;
    ws.set_freeze_panes(1, 3)?;
    // An empty cached result stays empty (a period the CSM is not employed in has no
    // attainment), not 0.
    ws.set_formula_result_default("");
    let team_sheet = names.team.as_str();
    let last_p = count - 1;
    let Some(results) = computed.eval.periods.as_ref() else {
        return Ok(());
    };
    let flat = &layout.shape.flat;
    for (i, csm) in scn.team.iter().enumerate() {
        let ti = i as u32 + 1;
        let tref = |c: u16| abs(team_sheet, ti, c);
        let b = tref(team.annual_base);
        let employed = Shape::employed(plan, csm);
        let slots = computed.eval.slots(i);
        let (_, tv_v) = split_pay(plan, csm);
        for (pi, period) in plan.periods.iter().enumerate() {
            let row = 1 + (i * count + pi) as u32;
            let works = Shape::works_in(employed, pi);
            let k = layout.version_at[pi];
            let v = &layout.versions[k];
            let values = csm.periods.get(&period.id);
            ws.write_string(row, 0, &csm.id)?;
            ws.write_string(row, 1, &csm.name)?;
            ws.write_string(row, 2, &period.id)?;
            let emp = cell(row, B_EMPLOYED);
            ws.write_formula(
                row,
                B_EMPLOYED,
                formula(
                    format!(
                        "=IF(AND({ix}>={f},{ix}<={l}),1,0)",
                        ix = periods.at(pi, P_INDEX),
                        f = tref(team.first),
                        l = tref(team.last)
                    ),
                    u8::from(works).to_string(),
                ),
            )?;
            let status = cell(row, B_STATUS);
            let actual = results.as_of.is_some_and(|a| pi <= a);
            ws.write_formula(
                row,
                B_STATUS,
                formula(
                    format!("={}", periods.at(pi, P_STATUS)),
                    if actual { "actual" } else { "projected" }.to_string(),
                ),
            )?;
            let tv = cell(row, cols.annual_tv);
            ws.write_formula(
                row,
                cols.annual_tv,
                formula(format!("={}", tref(team.annual_tv)), res(tv_v)),
            )?;
            let s_p = cell(row, cols.share);
            ws.write_formula(
                row,
                cols.share,
                formula(format!("={}", periods.at(pi, P_SHARE)), res(period.share())),
            )?;
            let mut pays = Vec::new();
            let (mut at100, mut at0, mut atcap) =
                (Decimal::ZERO, Decimal::ZERO, Some(Decimal::ZERO));
            let (mut t100, mut t0, mut tcap, mut unb) = (
                Vec::new(),
                Vec::new(),
                Vec::new(),
                vec!["FALSE".to_string()],
            );
            for (c, m) in cols.metrics.iter().enumerate() {
                let Some(m) = m else { continue };
                let comp = &v.components[c];
                if let Some(x) = values.and_then(|pv| pv.targets.get(&comp.id)) {
                    ws.write_number(row, m.target, num(*x))?;
                }
                if let Some(x) = values.and_then(|pv| pv.actuals.get(&comp.id)) {
                    ws.write_number(row, m.actual, num(*x))?;
                }
                let (wc, tc) = periods.comp_cols[c].unwrap_or((0, 0));
                let w = cell(row, m.weight);
                ws.write_formula(
                    row,
                    m.weight,
                    formula(
                        format!("={}", periods.at(pi, wc)),
                        res(comp.weight_in(&period.id)),
                    ),
                )?;
                let own = cell(row, m.target);
                let target = format!("IF(ISBLANK({own}),{},{own})", periods.at(pi, tc));
                let att = attainment_formula(
                    comp,
                    &cell(row, m.actual),
                    &target,
                    &status,
                    &p.scale,
                    plan.missing_projections,
                );
                let refs = &p.comps[layout.block(c, k)];
                let slot = layout.slot_in(c, pi).filter(|_| works);
                let cr = slot.and_then(|j| slots.get(j));
                let a_ref = cell(row, m.att);
                ws.write_formula(
                    row,
                    m.att,
                    formula(
                        format!("=IF(OR({w}=0,{emp}=0),\"\",{att})"),
                        cr.map_or(String::new(), |c| res(c.attainment())),
                    ),
                )?;
                ws.write_formula(
                    row,
                    m.fac,
                    formula(
                        format!("=IF({a_ref}=\"\",\"\",{})", refs.curve.factor(&a_ref)),
                        cr.map_or(String::new(), |c| res(c.factor())),
                    ),
                )?;
                let amount = format!("{tv}*{s_p}*{w}");
                ws.write_formula(
                    row,
                    m.pay,
                    formula(
                        format!(
                            "=IF({a_ref}=\"\",0,{})",
                            round_cents(&format!("{amount}*{}", cell(row, m.fac)))
                        ),
                        res(cr.map_or(Decimal::ZERO, |c| c.payout)),
                    ),
                )?;
                pays.push(cell(row, m.pay));
                let at = |f: &String| {
                    format!(
                        "IF(OR({w}=0,{emp}=0),0,{})",
                        round_cents(&format!("{amount}*{f}"))
                    )
                };
                t100.push(at(&refs.f_full));
                t0.push(at(&refs.f_zero));
                tcap.push(format!(
                    "IF({w}=0,0,{})",
                    round_cents(&format!("{amount}*{}", refs.f_max))
                ));
                unb.push(format!("AND({w}<>0,NOT(ISNUMBER({})))", refs.f_max));
                // The cached values: the engine's rule for each slot the CSM earns in.
                if let Some(j) = slot {
                    let fc = &flat.components[j];
                    let amount = tv_v * fc.weight;
                    at100 += fc.curve.pay_at(amount, Decimal::ONE);
                    at0 += fc.curve.pay_at(amount, Decimal::ZERO);
                    atcap = atcap
                        .zip(fc.curve.max_factor())
                        .map(|(a, f)| a + cents(amount * f));
                }
            }
            let mut spif_terms = Vec::new();
            let mut spif_best = Vec::new();
            for ((s, (ev, pay)), (ac, mc)) in
                v.spifs.iter().zip(&cols.spifs).zip(&periods.spif_cols)
            {
                let events = values.and_then(|pv| pv.spifs.get(&s.id)).copied();
                if let Some(e) = events {
                    ws.write_number(row, *ev, f64::from(e))?;
                }
                let (amount, max) = (periods.at(pi, *ac), periods.at(pi, *mc));
                let e = cell(row, *ev);
                ws.write_formula(
                    row,
                    *pay,
                    formula(
                        format!("=ROUND({amount}*IF(ISBLANK({max}),N({e}),MIN(N({e}),{max})),2)"),
                        res(crate::engine::eval::spif_payout(s, events.unwrap_or(0))),
                    ),
                )?;
                spif_terms.push(cell(row, *pay));
                spif_best.push(format!("{amount}*{max}"));
                unb.push(format!("ISBLANK({max})"));
                if works {
                    atcap = atcap
                        .zip(s.max_events)
                        .map(|(a, m)| a + s.amount * Decimal::from(m));
                }
            }
            if let Some(paid) = values.and_then(|pv| pv.paid) {
                ws.write_number(row, cols.paid, num(paid))?;
            }
            let pay = &results.csm(i)[pi];
            // Base and target variable: the cumulative amounts to the cent, less the
            // period before's (rule 8), for a period the CSM works.
            let part = |amount: &str, cum: u16| {
                let upto = |q: usize| round_cents(&format!("{amount}*{}", periods.at(q, cum)));
                match pi {
                    0 => upto(0),
                    _ => format!("{}-{}", upto(pi), upto(pi - 1)),
                }
            };
            ws.write_formula(
                row,
                cols.base,
                formula(
                    format!("=IF({emp}=1,{},0)", part(&b, P_CUM_LENGTH)),
                    res(pay.base),
                ),
            )?;
            ws.write_formula(
                row,
                cols.tv,
                formula(
                    format!("=IF({emp}=1,{},0)", part(&tv, P_CUM_SHARE)),
                    res(if works {
                        layout.shape.by_share(tv_v, pi)
                    } else {
                        Decimal::ZERO
                    }),
                ),
            )?;
            // Annual metrics are paid with the last period.
            if pi == last_p {
                for a in &team.slots {
                    pays.push(tref(a.pay));
                }
            }
            let join = |v: &[String]| {
                if v.is_empty() {
                    "0".to_string()
                } else {
                    v.join("+")
                }
            };
            ws.write_formula(
                row,
                cols.variable,
                formula(format!("=ROUND({},2)", join(&pays)), res(pay.variable)),
            )?;
            ws.write_formula(
                row,
                cols.spif,
                formula(format!("=ROUND({},2)", join(&spif_terms)), res(pay.spif)),
            )?;
            let computed_ref = cell(row, cols.computed);
            ws.write_formula(
                row,
                cols.computed,
                formula(
                    format!(
                        "=ROUND({}+{}+{},2)",
                        cell(row, cols.base),
                        cell(row, cols.variable),
                        cell(row, cols.spif)
                    ),
                    res(pay.computed()),
                ),
            )?;
            let paid = cell(row, cols.paid);
            ws.write_formula(
                row,
                cols.adjustment,
                formula(
                    format!("=IF(ISBLANK({paid}),0,ROUND({paid}-{computed_ref},2))"),
                    res(pay.adjustment),
                ),
            )?;
            ws.write_formula(
                row,
                cols.total,
                formula(
                    format!("=IF(ISBLANK({paid}),{computed_ref},{paid})"),
                    res(pay.total),
                ),
            )?;
            ws.write_formula(
                row,
                cols.planned,
                formula(format!("=ROUND({},2)", join(&t100)), res(at100)),
            )?;
            ws.write_formula(
                row,
                cols.worst,
                formula(format!("=ROUND({},2)", join(&t0)), res(at0)),
            )?;
            let caps_all: Vec<String> = tcap.into_iter().chain(spif_best).collect();
            ws.write_formula(
                row,
                cols.caps,
                formula(
                    format!(
                        "=IF({emp}=0,0,IF(OR({}),\"unbounded\",ROUND({},2)))",
                        unb.join(","),
                        join(&caps_all)
                    ),
                    match (works, atcap) {
                        (false, _) => "0".to_string(),
                        (true, Some(a)) => res(a),
                        (true, None) => "unbounded".to_string(),
                    },
                ),
            )?;
        }
    }
    Ok(())
}

/// Below the Summary sheet's figures: the team by period (sums over the By period sheet),
/// paid to date, the forecast and the full year.
pub(super) fn period_summary(
    ws: &mut Worksheet,
    st: &Styles,
    scn: &Scenario,
    computed: &Computed,
    periods: &PeriodRefs,
    cols: &ByPeriodCols,
    names: &Names,
) -> Result<(), XlsxError> {
    let Some(results) = computed.eval.periods.as_ref() else {
        return Ok(());
    };
    let sh = names.by_period.as_str();
    let rows = (scn.team.len() * results.count).max(1) as u32;
    let range = |c: u16| abs_range(sh, c, 1, rows);
    let mut r = SUMMARY_FIRST + FIGURES.len() as u32 + 1;
    ws.write_string_with_format(r, 0, "The team by period", &st.section)?;
    r += 1;
    // The total under the figures' values; the parts to the right.
    let heads = [
        "Period",
        "Total",
        "Results",
        "Base",
        "Variable",
        "SPIF",
        "Recorded pay adjustment",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &st.header)?;
    }
    for c in 3..7u16 {
        ws.set_column_width(c, 15)?;
    }
    ws.set_row_height(r, 30)?;
    r += 1;
    let first = r;
    for (pi, (period, pay)) in scn.plan.periods.iter().zip(&results.team).enumerate() {
        ws.write_string(r, 0, &period.id)?;
        ws.write_formula(
            r,
            2,
            formula(
                format!("={}", periods.at(pi, P_STATUS)),
                if results.as_of.is_some_and(|a| pi <= a) {
                    "actual"
                } else {
                    "projected"
                }
                .to_string(),
            ),
        )?;
        let id = cell(r, 0);
        for (c, col, v) in [
            (1u16, cols.total, pay.total),
            (3, cols.base, pay.base),
            (4, cols.variable, pay.variable),
            (5, cols.spif, pay.spif),
            (6, cols.adjustment, pay.adjustment),
        ] {
            ws.write_formula_with_format(
                r,
                c,
                formula(
                    format!("=ROUND(SUMIF({},{id},{}),2)", range(2), range(col)),
                    res(v),
                ),
                if c == 1 { &st.money_bold } else { &st.money },
            )?;
        }
        r += 1;
    }
    let last = r - 1;
    let status = format!("$C${}:$C${}", first + 1, last + 1);
    let totals = format!("$B${}:$B${}", first + 1, last + 1);
    let to_date: Decimal = results
        .team
        .iter()
        .enumerate()
        .filter(|(p, _)| results.as_of.is_some_and(|a| *p <= a))
        .map(|(_, t)| t.total)
        .sum();
    let year: Decimal = results.team.iter().map(|t| t.total).sum();
    let adjustments: Decimal = results.team.iter().map(|t| t.adjustment).sum();
    r += 1;
    for (label, text, v) in [
        (
            "Recorded pay adjustments (in Cash above)",
            format!("=ROUND(SUM($G${}:$G${}),2)", first + 1, last + 1),
            adjustments,
        ),
        (
            "Paid to date (actual periods)",
            format!("=ROUND(SUMIF({status},\"actual\",{totals}),2)"),
            to_date,
        ),
        (
            "Forecast (projected periods)",
            format!("=ROUND(SUMIF({status},\"projected\",{totals}),2)"),
            year - to_date,
        ),
        ("Full year", format!("=ROUND(SUM({totals}),2)"), year),
    ] {
        ws.write_string_with_format(r, 0, label, &st.bold_label)?;
        ws.write_formula_with_format(r, 1, formula(text, res(v)), &st.money_bold)?;
        r += 1;
    }
    Ok(())
}
