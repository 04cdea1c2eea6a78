//! The Periods sheet of a plan with periods (each period's length, target share and
//! status, and the weights, targets and SPIF terms in force in it, as input cells), and the
//! order a plan with periods' sheets are written in.
//!
//! The rules are docs/periods.md's; the formulas follow them term by term (docs/workbook.md,
//! "Plans with periods").

use super::*;

/// Writes a plan with periods: Plan, Periods, Team, By period and Summary.
pub(super) fn period_book(
    wb: &mut Workbook,
    st: &Styles,
    scn: &Scenario,
    computed: &Computed,
    names: &Names,
) -> Result<(), XlsxError> {
    let layout = PeriodLayout::of(&scn.plan);
    let refs = {
        let ws = wb.add_worksheet();
        ws.set_name(&names.plan)?;
        plan_sheet(ws, st, scn, names, Some(&layout))?
    };
    let periods = {
        let ws = wb.add_worksheet();
        ws.set_name(&names.periods)?;
        periods_sheet(ws, st, scn, &layout, &refs, names)?
    };
    let team_cols = PeriodTeamCols::new(scn, &layout);
    let by_cols = ByPeriodCols::new(scn);
    {
        let ws = big_sheet(wb)?;
        ws.set_name(&names.team)?;
        period_team_sheet(
            ws, st, scn, computed, &layout, &refs, &periods, &team_cols, &by_cols, names,
        )?;
    }
    {
        let ws = big_sheet(wb)?;
        ws.set_name(&names.by_period)?;
        by_period_sheet(
            ws, st, scn, computed, &layout, &refs, &periods, &team_cols, &by_cols, names,
        )?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(&names.summary)?;
        summary_sheet(ws, st, scn, computed, &refs, names, &team_cols.summary())?;
        period_summary(ws, st, scn, computed, &periods, &by_cols, names)?;
    }
    Ok(())
}

/// The Periods sheet.
fn periods_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    scn: &Scenario,
    layout: &PeriodLayout,
    plan_refs: &PlanRefs,
    names: &Names,
) -> Result<PeriodRefs, XlsxError> {
    let plan = &scn.plan;
    let sh = names.periods.as_str();
    ws.write_string_with_format(0, 0, format!("Plan periods: {}", scn.name), &st.title)?;
    ws.write_string_with_format(
        1,
        0,
        "Base is paid by each period's length, target variable by its target share. A per-period metric's weight and target, and each SPIF's terms, are those of the plan version in force in the period (inputs).",
        &st.note,
    )?;
    let head = 3u32;
    let first = head + 1;
    let mut col: u16 = P_STATUS + 2;
    let mut headers: Vec<(u16, String, f64)> = vec![
        (P_INDEX, "#".into(), 4.0),
        (P_ID, "Period".into(), 10.0),
        (2, "Name".into(), 16.0),
        (3, "Length".into(), 10.0),
        (P_SHARE, "Target share".into(), 10.0),
        (P_CUM_LENGTH, "Length to date".into(), 10.0),
        (P_CUM_SHARE, "Target share to date".into(), 10.0),
        (P_STATUS, "Results".into(), 10.0),
        (P_STATUS + 1, "Plan version".into(), 18.0),
    ];
    let mut comp_cols = Vec::new();
    for comp in &plan.components {
        if comp.measured == Measure::Period {
            headers.push((col, format!("{} weight", comp.name), 12.0));
            headers.push((col + 1, format!("{} target", comp.name), 12.0));
            comp_cols.push(Some((col, col + 1)));
            col += 2;
        } else {
            comp_cols.push(None);
        }
    }
    let mut spif_cols = Vec::new();
    for s in &plan.spifs {
        headers.push((col, format!("{} amount per event", s.name), 13.0));
        headers.push((
            col + 1,
            format!("{} max events (blank = no limit)", s.name),
            13.0,
        ));
        spif_cols.push((col, col + 1));
        col += 2;
    }
    let total_col = col;
    headers.push((total_col, "Weights total (must be 100%)".into(), 12.0));
    for (c, h, w) in &headers {
        ws.set_column_width(*c, *w)?;
        ws.write_string_with_format(head, *c, h, &st.header)?;
    }
    ws.set_row_height(head, 45)?;
    let refs = PeriodRefs {
        sheet: sh.to_string(),
        first,
        count: plan.periods.len(),
        comp_cols,
        spif_cols,
    };
    let last_row = first + plan.periods.len() as u32 - 1;
    let ids = abs_range(sh, P_ID, first, last_row);
    let as_of = plan.as_of_index();
    let shares: Vec<Decimal> = plan.periods.iter().map(|p| p.share()).collect();
    for (p, period) in plan.periods.iter().enumerate() {
        let r = first + p as u32;
        let k = layout.version_at[p];
        let v = &layout.versions[k];
        ws.write_number(r, P_INDEX, (p + 1) as f64)?;
        ws.write_string(r, P_ID, &period.id)?;
        ws.write_string(r, 2, &period.name)?;
        ws.write_number_with_format(r, 3, num(period.length), &st.in_pct)?;
        ws.write_number_with_format(r, P_SHARE, num(period.share()), &st.in_pct)?;
        let mut cum = |col: u16, values: &dyn Fn(usize) -> Decimal| -> Result<(), XlsxError> {
            let total: Decimal = (0..=p).map(values).sum();
            ws.write_formula_with_format(
                r,
                col,
                formula(
                    format!("=SUM({})", abs_range(sh, col - 2, first, r)),
                    res(total),
                ),
                &st.pct,
            )?;
            Ok(())
        };
        cum(P_CUM_LENGTH, &|q| plan.periods[q].length)?;
        cum(P_CUM_SHARE, &|q| shares[q])?;
        let actual = as_of.is_some_and(|a| p <= a);
        ws.write_formula(
            r,
            P_STATUS,
            formula(
                format!(
                    "=IF(ISBLANK({as_of}),\"projected\",IF({idx}<=MATCH({as_of},{ids},0),\"actual\",\"projected\"))",
                    as_of = plan_refs.as_of,
                    idx = cell(r, P_INDEX),
                ),
                if actual { "actual" } else { "projected" }.to_string(),
            ),
        )?;
        ws.write_string(r, P_STATUS + 1, layout.version_name(plan, k))?;
        let mut weights = Vec::new();
        let mut total = Decimal::ZERO;
        for (c, comp) in v.components.iter().enumerate() {
            match refs.comp_cols[c] {
                Some((wc, tc)) => {
                    let w = comp.weight_in(&period.id);
                    ws.write_number_with_format(r, wc, num(w), &st.in_pct)?;
                    ws.write_number_with_format(
                        r,
                        tc,
                        num(comp.target_in(&period.id)),
                        st.in_metric(comp.unit),
                    )?;
                    weights.push(cell(r, wc));
                    total += w;
                }
                None => {
                    // The annual metric's weight in the version that pays for this period.
                    let slot = layout
                        .annual_slots()
                        .into_iter()
                        .find(|(_, sc, _, (a, b))| *sc == c && (*a..=*b).contains(&p));
                    let kk = slot.map_or(k, |s| s.2);
                    weights.push(plan_refs.comps[layout.block(c, kk)].weight.clone());
                    total += layout.versions[kk].components[c].weight;
                }
            }
        }
        for (s, (ac, mc)) in v.spifs.iter().zip(&refs.spif_cols) {
            ws.write_number_with_format(r, *ac, num(s.amount), &st.in_money)?;
            match s.max_events {
                Some(m) => ws.write_number_with_format(r, *mc, f64::from(m), &st.in_count)?,
                None => ws.write_blank(r, *mc, &st.in_count)?,
            };
        }
        let sum = if weights.is_empty() {
            "0".to_string()
        } else {
            weights.join("+")
        };
        ws.write_formula_with_format(
            r,
            total_col,
            formula(format!("={sum}"), res(total)),
            &st.pct_bold,
        )?;
    }
    let t = last_row + 1;
    ws.write_string_with_format(t, P_ID, "Total", &st.bold_label)?;
    for (c, values) in [
        (3u16, plan.periods.iter().map(|p| p.length).sum::<Decimal>()),
        (P_SHARE, shares.iter().copied().sum()),
    ] {
        ws.write_formula_with_format(
            t,
            c,
            formula(
                format!("=SUM({})", abs_range(sh, c, first, last_row)),
                res(values),
            ),
            &st.pct_bold,
        )?;
    }
    ws.write_string_with_format(
        t,
        P_STATUS,
        "lengths and target shares each add up to 100%",
        &st.note,
    )?;
    ws.set_freeze_panes(first, 3)?;
    Ok(refs)
}
