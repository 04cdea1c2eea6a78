//! The Team sheet of a plan with periods: one row per CSM with the roster's inputs, the
//! periods they are employed, each annual metric's payout (one per plan version that pays
//! it), and their year as sums of their rows on the By period sheet.

use super::*;
use crate::engine::shape::Shape;

#[allow(clippy::too_many_arguments)]
pub(super) fn period_team_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    scn: &Scenario,
    computed: &Computed,
    layout: &PeriodLayout,
    p: &PlanRefs,
    periods: &PeriodRefs,
    cols: &PeriodTeamCols,
    by: &ByPeriodCols,
    names: &Names,
) -> Result<(), XlsxError> {
    let plan = &scn.plan;
    let count = plan.periods.len();
    let mut headers: Vec<(u16, String, f64, &Format)> = vec![
        (0, "id".into(), 12.0, &st.in_text),
        (1, "name".into(), 22.0, &st.in_text),
        (2, "level".into(), 16.0, &st.in_text),
        (3, "ote".into(), 13.0, &st.in_money),
        (4, "book_arr".into(), 14.0, &st.in_money),
        (T_START, "start".into(), 9.0, &st.in_text),
        (T_END, "end".into(), 9.0, &st.in_text),
    ];
    for (comp, io) in plan.components.iter().zip(&cols.inputs) {
        if let Some((t, a)) = io {
            let f = st.in_metric(comp.unit);
            headers.push((*t, format!("target:{}", comp.id), 12.0, f));
            headers.push((*a, format!("actual:{}", comp.id), 12.0, f));
        }
    }
    headers.push((cols.share, "Variable share".into(), 10.0, &st.pct));
    headers.push((cols.basis, "Basis".into(), 12.0, &st.text));
    headers.push((cols.annual_base, "Annual base".into(), 13.0, &st.money));
    headers.push((
        cols.annual_tv,
        "Annual target variable".into(),
        13.0,
        &st.money,
    ));
    headers.push((cols.first, "First period #".into(), 8.0, &st.count));
    headers.push((cols.last, "Last period #".into(), 8.0, &st.count));
    for a in &cols.slots {
        let comp = &plan.components[a.component];
        let label = if cols.sums.iter().any(|(c, _)| *c == a.component) {
            format!("{} ({})", comp.name, layout.version_name(plan, a.version))
        } else {
            comp.name.clone()
        };
        headers.push((
            a.share,
            format!("{label} share of target variable"),
            10.0,
            &st.pct,
        ));
        headers.push((a.att, format!("{label} attainment"), 12.0, &st.pct));
        headers.push((a.fac, format!("{label} factor"), 10.0, &st.factor));
        headers.push((a.pay, format!("{label} payout"), 13.0, &st.money));
    }
    for (c, col) in &cols.sums {
        headers.push((
            *col,
            format!("{} payout", plan.components[*c].name),
            13.0,
            &st.money,
        ));
    }
    headers.push((cols.ote, "OTE (periods employed)".into(), 13.0, &st.money));
    headers.push((cols.base, "Base".into(), 13.0, &st.money));
    headers.push((cols.tv, "Target variable".into(), 13.0, &st.money));
    headers.push((cols.variable, "Variable".into(), 13.0, &st.money));
    headers.push((cols.spif, "SPIF".into(), 11.0, &st.money));
    headers.push((
        cols.adjustment,
        "Recorded pay adjustment".into(),
        12.0,
        &st.money,
    ));
    headers.push((cols.total, "Total".into(), 14.0, &st.money_bold));
    headers.push((cols.pct, "% of OTE".into(), 9.0, &st.pct));
    headers.push((
        cols.planned,
        "Planned (every metric at 100%)".into(),
        14.0,
        &st.money,
    ));
    headers.push((
        cols.worst,
        "Worst case (attainment 0, no SPIFs)".into(),
        14.0,
        &st.money,
    ));
    headers.push((cols.worst_pct, "Worst case % of OTE".into(), 10.0, &st.pct));
    headers.push((
        cols.upside,
        "At the caps (SPIFs at limits)".into(),
        14.0,
        &st.money,
    ));
    for (c, h, w, fmt) in &headers {
        ws.set_column_format(*c, fmt)?;
        ws.set_column_width(*c, *w)?;
        ws.write_string_with_format(0, *c, h, &st.header)?;
    }
    ws.set_row_height(0, 45)?;
    ws.set_freeze_panes(1, 2)?;
    let bonus = Basis::BonusOnTop.label();
    let ids = periods.range(P_ID, 0, count - 1);
    let annual_status = periods.annual_status();
    let by_sheet = names.by_period.as_str();
    for (i, (csm, r)) in scn.team.iter().zip(&computed.eval.csms).enumerate() {
        let row = i as u32 + 1;
        let n = row + 1;
        ws.write_string(row, 0, &csm.id)?;
        ws.write_string(row, 1, &csm.name)?;
        ws.write_string(row, 2, &csm.level)?;
        ws.write_number(row, 3, num(csm.ote))?;
        ws.write_number(row, 4, num(csm.book_arr))?;
        if let Some(s) = &csm.start {
            ws.write_string(row, T_START, s)?;
        }
        if let Some(e) = &csm.end {
            ws.write_string(row, T_END, e)?;
        }
        for (comp, io) in plan.components.iter().zip(&cols.inputs) {
            if let Some((t, a)) = io {
                if let Some(v) = csm.targets.get(&comp.id) {
                    ws.write_number(row, *t, num(*v))?;
                }
                if let Some(v) = csm.actuals.get(&comp.id) {
                    ws.write_number(row, *a, num(*v))?;
                }
            }
        }
        let mix = plan.mix_for(&csm.level);
        let ote = format!("D{n}");
        let share = cell(row, cols.share);
        let basis = cell(row, cols.basis);
        let tv = cell(row, cols.annual_tv);
        ws.write_formula(
            row,
            cols.share,
            formula(
                format!("=IFERROR(VLOOKUP(C{n},{},2,FALSE),{})", p.levels, p.share),
                res(mix.variable_share),
            ),
        )?;
        ws.write_formula(
            row,
            cols.basis,
            formula(
                format!("=IFERROR(VLOOKUP(C{n},{},3,FALSE),{})", p.levels, p.basis),
                mix.basis.label().to_string(),
            ),
        )?;
        let (base_v, tv_v) = split_pay(plan, csm);
        ws.write_formula(
            row,
            cols.annual_tv,
            formula(
                format!("={}", round_cents(&format!("{ote}*{share}"))),
                res(tv_v),
            ),
        )?;
        ws.write_formula(
            row,
            cols.annual_base,
            formula(
                format!("=IF({basis}=\"{bonus}\",{ote},{ote}-{tv})"),
                res(base_v),
            ),
        )?;
        let employed = Shape::employed(plan, csm);
        let (f0, l0) = employed.map_or((0, count - 1), |e| (e.first, e.last));
        ws.write_formula(
            row,
            cols.first,
            formula(
                format!(
                    "=IF(ISBLANK({s}),1,MATCH({s},{ids},0))",
                    s = cell(row, T_START)
                ),
                (f0 + 1).to_string(),
            ),
        )?;
        ws.write_formula(
            row,
            cols.last,
            formula(
                format!(
                    "=IF(ISBLANK({e}),{count},MATCH({e},{ids},0))",
                    e = cell(row, T_END)
                ),
                (l0 + 1).to_string(),
            ),
        )?;
        let (first, last) = (cell(row, cols.first), cell(row, cols.last));
        let slots = computed.eval.slots(i);
        // Per annual slot: (amount expression, the block's factor refs) for the totals.
        let mut terms: Vec<(String, String, &CompRefs)> = Vec::new();
        for a in &cols.slots {
            let comp = &layout.versions[a.version].components[a.component];
            let refs = &p.comps[layout.block(a.component, a.version)];
            let (sa, sb) = a.span;
            let e = layout.shape.employed_share(a.slot, employed);
            let e_ref = cell(row, a.share);
            let span_share = format!(
                "SUMPRODUCT(({ix}>={first})*({ix}<={last})*{sh})",
                ix = periods.range(P_INDEX, sa, sb),
                sh = periods.range(P_SHARE, sa, sb),
            );
            // A leaver forfeits the annual metrics where the plan says so.
            let share = match plan.leavers {
                crate::engine::LeaverPolicy::Forfeit => {
                    format!("=IF({last}<{count},0,{span_share})")
                }
                _ => format!("={span_share}"),
            };
            ws.write_formula(row, a.share, formula(share, res(e)))?;
            let (t_col, a_col) = cols.inputs[a.component].unwrap_or((0, 0));
            let own = cell(row, t_col);
            // A joiner's or leaver's money or count target is prorated by their share of
            // the year, to the cent, where the plan says so.
            let plan_target = if plan.prorate_targets && comp.unit != crate::engine::Unit::Percent {
                let year = format!(
                    "SUMPRODUCT(({ix}>={first})*({ix}<={last})*{sh})",
                    ix = periods.range(P_INDEX, 0, count - 1),
                    sh = periods.range(P_SHARE, 0, count - 1),
                );
                format!("IF({year}=1,{t},ROUND({t}*{year},2))", t = refs.target)
            } else {
                refs.target.clone()
            };
            let target = format!("IF(ISBLANK({own}),{plan_target},{own})");
            let att = attainment_formula(
                comp,
                &cell(row, a_col),
                &target,
                &annual_status,
                &p.scale,
                plan.missing_projections,
            );
            let cr = slots.get(a.slot);
            ws.write_formula(
                row,
                a.att,
                formula(
                    format!("=IF({e_ref}=0,0,{att})"),
                    res(cr.map_or(Decimal::ZERO, |c| c.attainment())),
                ),
            )?;
            ws.write_formula(
                row,
                a.fac,
                formula(
                    format!("={}", refs.curve.factor(&cell(row, a.att))),
                    res(cr.map_or(Decimal::ZERO, |c| c.factor())),
                ),
            )?;
            let amount = format!("{tv}*{}*{e_ref}", refs.weight);
            ws.write_formula(
                row,
                a.pay,
                formula(
                    format!(
                        "={}",
                        round_cents(&format!("{amount}*{}", cell(row, a.fac)))
                    ),
                    res(cr.map_or(Decimal::ZERO, |c| c.payout)),
                ),
            )?;
            terms.push((amount, e_ref, refs));
        }
        for (c, col) in &cols.sums {
            let pays: Vec<String> = cols
                .slots
                .iter()
                .filter(|a| a.component == *c)
                .map(|a| cell(row, a.pay))
                .collect();
            let total: Decimal = cols
                .slots
                .iter()
                .filter(|a| a.component == *c)
                .filter_map(|a| slots.get(a.slot))
                .map(|r| r.payout)
                .sum();
            ws.write_formula(
                row,
                *col,
                formula(format!("=ROUND({},2)", pays.join("+")), res(total)),
            )?;
        }
        // The year: the sums of the CSM's rows on the By period sheet.
        let (top, bottom) = (1 + (i * count) as u32, (i * count + count) as u32);
        let rows = |c: u16| abs_range(by_sheet, c, top, bottom);
        let sum = |c: u16| format!("=ROUND(SUM({}),2)", rows(c));
        let base = cell(row, cols.base);
        let tvp = cell(row, cols.tv);
        ws.write_formula(row, cols.base, formula(sum(by.base), res(r.base)))?;
        ws.write_formula(row, cols.tv, formula(sum(by.tv), res(r.target_variable)))?;
        ws.write_formula(
            row,
            cols.ote,
            formula(
                format!("=IF({basis}=\"{bonus}\",{base},{base}+{tvp})"),
                res(r.ote),
            ),
        )?;
        ws.write_formula(
            row,
            cols.variable,
            formula(sum(by.variable), res(r.variable)),
        )?;
        ws.write_formula(row, cols.spif, formula(sum(by.spif), res(r.spif)))?;
        ws.write_formula(
            row,
            cols.adjustment,
            formula(sum(by.adjustment), res(r.adjustment)),
        )?;
        ws.write_formula(row, cols.total, formula(sum(by.total), res(r.total)))?;
        let total = cell(row, cols.total);
        let ote_p = cell(row, cols.ote);
        ws.write_formula(
            row,
            cols.pct,
            formula(
                format!("=IF({ote_p}=0,0,{total}/{ote_p})"),
                res(r.pct_of_ote()),
            ),
        )?;
        let annual_at = |which: fn(&CompRefs) -> &String| -> String {
            terms
                .iter()
                .map(|(amount, e, refs)| {
                    format!(
                        "+IF({e}=0,0,{})",
                        round_cents(&format!("{amount}*{}", which(refs)))
                    )
                })
                .collect()
        };
        let spif = cell(row, cols.spif);
        ws.write_formula(
            row,
            cols.planned,
            formula(
                format!(
                    "=ROUND({base}{}+SUM({})+{spif},2)",
                    annual_at(|c| &c.f_full),
                    rows(by.planned)
                ),
                res(r.planned),
            ),
        )?;
        let worst = cell(row, cols.worst);
        ws.write_formula(
            row,
            cols.worst,
            formula(
                format!(
                    "=ROUND({base}{}+SUM({}),2)",
                    annual_at(|c| &c.f_zero),
                    rows(by.worst)
                ),
                res(r.worst),
            ),
        )?;
        ws.write_formula(
            row,
            cols.worst_pct,
            formula(
                format!("=IF({ote_p}=0,\"\",{worst}/{ote_p})"),
                if r.ote.is_zero() {
                    String::new()
                } else {
                    res(r.downside_pct())
                },
            ),
        )?;
        let mut unbounded: Vec<String> = vec![format!("COUNT({})<{count}", rows(by.caps))];
        for (a, (_, _, refs)) in cols.slots.iter().zip(&terms) {
            unbounded.push(format!(
                "AND({}>0,NOT(ISNUMBER({})))",
                cell(row, a.share),
                refs.f_max
            ));
        }
        ws.write_formula(
            row,
            cols.upside,
            formula(
                format!(
                    "=IF(OR({}),\"unbounded\",ROUND({base}{}+SUM({}),2))",
                    unbounded.join(","),
                    annual_at(|c| &c.f_max),
                    rows(by.caps)
                ),
                r.upside.map_or_else(|| "unbounded".to_string(), res),
            ),
        )?;
    }
    Ok(())
}
