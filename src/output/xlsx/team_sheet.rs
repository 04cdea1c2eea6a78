//! The Team sheet: one row per CSM with their inputs, and their pay as formulas of the
//! Plan sheet's cells.

use super::*;

/// Team sheet columns.
pub(super) struct TeamCols {
    /// Per metric: own target, actual (inputs).
    pub(super) inputs: Vec<(u16, u16)>,
    /// Per SPIF: events.
    pub(super) events: Vec<u16>,
    pub(super) share: u16,
    pub(super) basis: u16,
    pub(super) base: u16,
    pub(super) tv: u16,
    /// Per metric: attainment, factor, payout.
    pub(super) metric: Vec<(u16, u16, u16)>,
    pub(super) variable: u16,
    pub(super) spif: u16,
    pub(super) total: u16,
    pub(super) pct: u16,
    pub(super) planned: u16,
    pub(super) worst: u16,
    pub(super) worst_pct: u16,
    pub(super) upside: u16,
}

impl TeamCols {
    pub(super) fn new(scn: &Scenario) -> TeamCols {
        let mut c: u16 = 5;
        let mut next = || {
            c += 1;
            c - 1
        };
        let inputs = scn
            .plan
            .components
            .iter()
            .map(|_| (next(), next()))
            .collect();
        let events = scn.plan.spifs.iter().map(|_| next()).collect();
        let share = next();
        let basis = next();
        let base = next();
        let tv = next();
        let metric = scn
            .plan
            .components
            .iter()
            .map(|_| (next(), next(), next()))
            .collect();
        TeamCols {
            inputs,
            events,
            share,
            basis,
            base,
            tv,
            metric,
            variable: next(),
            spif: next(),
            total: next(),
            pct: next(),
            planned: next(),
            worst: next(),
            worst_pct: next(),
            upside: next(),
        }
    }

    pub(super) fn summary(&self) -> SummaryCols {
        SummaryCols {
            ote: 3,
            base: self.base,
            tv: self.tv,
            variable: self.variable,
            spif: self.spif,
            adjustment: None,
            planned: self.planned,
            worst: self.worst,
            worst_pct: self.worst_pct,
            upside: self.upside,
        }
    }
}

pub(super) fn team_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    scn: &Scenario,
    computed: &Computed,
    p: &PlanRefs,
) -> Result<(), XlsxError> {
    let plan = &scn.plan;
    let cols = TeamCols::new(scn);
    // Headers: the roster's names for the inputs (this sheet imports as a roster).
    let mut headers: Vec<(u16, String, f64, &Format)> = vec![
        (0, "id".into(), 12.0, &st.in_text),
        (1, "name".into(), 22.0, &st.in_text),
        (2, "level".into(), 16.0, &st.in_text),
        (3, "ote".into(), 13.0, &st.in_money),
        (4, "book_arr".into(), 14.0, &st.in_money),
    ];
    for (comp, (t, a)) in plan.components.iter().zip(&cols.inputs) {
        headers.push((
            *t,
            format!("target:{}", comp.id),
            12.0,
            st.in_metric(comp.unit),
        ));
        headers.push((
            *a,
            format!("actual:{}", comp.id),
            12.0,
            st.in_metric(comp.unit),
        ));
    }
    for (s, e) in plan.spifs.iter().zip(&cols.events) {
        headers.push((*e, format!("spif:{}", s.id), 10.0, &st.in_count));
    }
    headers.push((cols.share, "Variable share".into(), 10.0, &st.pct));
    headers.push((cols.basis, "Basis".into(), 12.0, &st.text));
    headers.push((cols.base, "Base".into(), 13.0, &st.money));
    headers.push((cols.tv, "Target variable".into(), 13.0, &st.money));
    for (comp, (a, f, pay)) in plan.components.iter().zip(&cols.metric) {
        headers.push((*a, format!("{} attainment", comp.name), 12.0, &st.pct));
        headers.push((*f, format!("{} factor", comp.name), 10.0, &st.factor));
        headers.push((*pay, format!("{} payout", comp.name), 13.0, &st.money));
    }
    headers.push((cols.variable, "Variable".into(), 13.0, &st.money));
    headers.push((cols.spif, "SPIF".into(), 11.0, &st.money));
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
    // Each column's style is the column's, so the cells are written without one of their
    // own (a style per cell costs a lookup per cell; blank inputs still look like inputs).
    for (c, h, w, fmt) in &headers {
        ws.set_column_format(*c, fmt)?;
        ws.set_column_width(*c, *w)?;
        ws.write_string_with_format(0, *c, h, &st.header)?;
    }
    ws.set_row_height(0, 45)?;
    ws.set_freeze_panes(1, 2)?;
    let bonus = Basis::BonusOnTop.label();
    // Per metric, the modifiers that multiply it (docs/calculation.md, "Modifiers"): each
    // modifier's factor column holds its multiplier, within its bounds.
    let mut modified_by: Vec<Vec<usize>> = vec![Vec::new(); plan.components.len()];
    for (k, c) in plan.components.iter().enumerate() {
        if c.modifier.is_some() {
            for j in crate::engine::gates::modified_by(plan, k) {
                if let Some(m) = modified_by.get_mut(j) {
                    m.push(k);
                }
            }
        }
    }
    let bounds = |k: usize| {
        plan.components[k]
            .modifier
            .as_ref()
            .map_or((1.0, 1.0), |m| (num(m.min), num(m.max)))
    };
    let mut f = String::with_capacity(256);
    for (i, (csm, r)) in scn.team.iter().zip(&computed.eval.csms).enumerate() {
        let row = i as u32 + 1;
        let n = row + 1; // the row number as the sheet shows it
        ws.write_string(row, 0, &csm.id)?;
        ws.write_string(row, 1, &csm.name)?;
        ws.write_string(row, 2, &csm.level)?;
        ws.write_number(row, 3, num(csm.ote))?;
        ws.write_number(row, 4, num(csm.book_arr))?;
        // Blank inputs are left unwritten: the column's style shows them as inputs.
        for (comp, (t, a)) in plan.components.iter().zip(&cols.inputs) {
            if let Some(v) = csm.targets.get(&comp.id) {
                ws.write_number(row, *t, num(*v))?;
            }
            if let Some(v) = csm.actuals.get(&comp.id) {
                ws.write_number(row, *a, num(*v))?;
            }
        }
        for (s, e) in plan.spifs.iter().zip(&cols.events) {
            if let Some(v) = csm.spifs.get(&s.id) {
                ws.write_number(row, *e, f64::from(*v))?;
            }
        }
        let mix = plan.mix_for(&csm.level);
        let ote = format!("D{n}");
        let share = cell(row, cols.share);
        let basis = cell(row, cols.basis);
        let tv = cell(row, cols.tv);
        let base = cell(row, cols.base);
        f.clear();
        let _ = write!(
            f,
            "=IFERROR(VLOOKUP(C{n},{},2,FALSE),{})",
            p.levels, p.share
        );
        ws.write_formula(row, cols.share, formula(f.clone(), res(mix.variable_share)))?;
        f.clear();
        let _ = write!(
            f,
            "=IFERROR(VLOOKUP(C{n},{},3,FALSE),{})",
            p.levels, p.basis
        );
        ws.write_formula(
            row,
            cols.basis,
            formula(f.clone(), mix.basis.label().to_string()),
        )?;
        let (base_v, tv_v) = split_pay(plan, csm);
        ws.write_formula(
            row,
            cols.tv,
            formula(
                format!("={}", round_cents(&format!("{ote}*{share}"))),
                res(tv_v),
            ),
        )?;
        ws.write_formula(
            row,
            cols.base,
            formula(
                format!("=IF({basis}=\"{bonus}\",{ote},{ote}-{tv})"),
                res(base_v),
            ),
        )?;
        let results = computed.eval.components(i);
        let mut payouts = Vec::with_capacity(plan.components.len());
        for (j, (comp, (a_col, f_col, p_col))) in
            plan.components.iter().zip(&cols.metric).enumerate()
        {
            let refs = &p.comps[j];
            let (t_col, act_col) = cols.inputs[j];
            let own = cell(row, t_col);
            let act = cell(row, act_col);
            let target = format!("IF(ISBLANK({own}),{},{own})", refs.target);
            // A blank actual is a missing projection: at target (100% × scale) unless the
            // plan counts it at 0%.
            let blank = match plan.missing_projections {
                crate::engine::MissingProjection::AtTarget => p.scale.to_string(),
                crate::engine::MissingProjection::AtZero => "0".to_string(),
            };
            f.clear();
            match comp.direction {
                Direction::HigherIsBetter => {
                    let _ = write!(f, "=IF(ISBLANK({act}),{blank},{act}/{target}*{})", p.scale);
                }
                Direction::LowerIsBetter => {
                    let _ = write!(
                        f,
                        "=IF(ISBLANK({act}),{blank},MAX(0,2*{target}-{act})/{target}*{})",
                        p.scale
                    );
                }
            }
            let cr = results.get(j);
            let att = cr.map_or(Decimal::ZERO, |c| c.attainment());
            ws.write_formula(row, *a_col, formula(f.clone(), res(att)))?;
            let a_ref = cell(row, *a_col);
            let fac = cr.map_or(Decimal::ZERO, |c| c.factor());
            // A gate is an IF on the gating metric's result in this row.
            let mut open = Vec::new();
            for g in &comp.gates {
                let Some(m) = crate::engine::gates::gating_component(plan, g) else {
                    continue;
                };
                let (gt, ga) = cols.inputs[m];
                let (own_g, act_g) = (cell(row, gt), cell(row, ga));
                let t = format!("IF(ISBLANK({own_g}),{},{own_g})", p.comps[m].target);
                let s = &p.scale;
                let at_target =
                    plan.missing_projections == crate::engine::MissingProjection::AtTarget;
                let v = match plan.components[m].direction {
                    Direction::HigherIsBetter => format!(
                        "IF(ISBLANK({act_g}),{},{act_g}*{s})",
                        if at_target {
                            format!("{t}*{s}")
                        } else {
                            "0".into()
                        }
                    ),
                    Direction::LowerIsBetter => format!(
                        "IF(ISBLANK({act_g}),{},2*{t}-(2*{t}-{act_g})*{s})",
                        if at_target {
                            format!("2*{t}-{t}*{s}")
                        } else {
                            format!("2*{t}")
                        }
                    ),
                };
                let (level, at_least) = g.level();
                open.push(format!(
                    "ROUND({v},10){}{}",
                    if at_least { ">=" } else { "<=" },
                    num(level)
                ));
            }
            let mut factor = if open.is_empty() {
                refs.curve.factor(&a_ref)
            } else {
                format!(
                    "IF(AND({}),{},0)",
                    open.join(","),
                    refs.curve.factor(&a_ref)
                )
            };
            // A modifier's multiplier is kept within its bounds; the metrics it modifies
            // multiply their factor by it.
            if comp.modifier.is_some() {
                let (lo, hi) = bounds(j);
                factor = format!("MIN(MAX({factor},{lo}),{hi})");
            }
            for &k in &modified_by[j] {
                factor = format!("{factor}*{}", cell(row, cols.metric[k].1));
            }
            ws.write_formula(row, *f_col, formula(format!("={factor}"), res(fac)))?;
            let pay = cr.map_or(Decimal::ZERO, |c| c.payout);
            ws.write_formula(
                row,
                *p_col,
                formula(
                    format!(
                        "={}",
                        round_cents(&format!("{tv}*{}*{}", refs.weight, cell(row, *f_col)))
                    ),
                    res(pay),
                ),
            )?;
            payouts.push(cell(row, *p_col));
        }
        let variable = cell(row, cols.variable);
        ws.write_formula(
            row,
            cols.variable,
            formula(
                format!(
                    "=ROUND({},2)",
                    if payouts.is_empty() {
                        "0".to_string()
                    } else {
                        payouts.join("+")
                    }
                ),
                res(r.variable),
            ),
        )?;
        // SPIFs: amount × events, at most the limit.
        let mut terms = Vec::new();
        for ((amount, max), e) in p.spifs.iter().zip(&cols.events) {
            let ev = cell(row, *e);
            terms.push(format!(
                "{amount}*IF(ISBLANK({max}),N({ev}),MIN(N({ev}),{max}))"
            ));
        }
        let spif_sum = if terms.is_empty() {
            "0".to_string()
        } else {
            terms.join("+")
        };
        let spif = cell(row, cols.spif);
        ws.write_formula(
            row,
            cols.spif,
            formula(format!("=ROUND({spif_sum},2)"), res(r.spif)),
        )?;
        let total = cell(row, cols.total);
        ws.write_formula(
            row,
            cols.total,
            formula(format!("=ROUND({base}+{variable}+{spif},2)"), res(r.total)),
        )?;
        ws.write_formula(
            row,
            cols.pct,
            formula(format!("=IF({ote}=0,0,{total}/{ote})"), res(r.pct_of_ote())),
        )?;
        // Pay at 100% and at 0% takes each modifier at that attainment, within its bounds;
        // the ceiling at its upper bound.
        // `ceiling`: the modifiers at their upper bound rather than at their curve.
        let at = |which: fn(&CompRefs) -> &String, ceiling: bool| -> String {
            let mut s = base.clone();
            for (j, refs) in p.comps.iter().enumerate() {
                let mut factor = which(refs).clone();
                for &k in &modified_by[j] {
                    let (lo, hi) = bounds(k);
                    factor = if ceiling {
                        format!("{factor}*{hi}")
                    } else {
                        format!("{factor}*MIN(MAX({},{lo}),{hi})", which(&p.comps[k]))
                    };
                }
                s.push('+');
                s.push_str(&round_cents(&format!("{tv}*{}*{factor}", refs.weight)));
            }
            s
        };
        ws.write_formula(
            row,
            cols.planned,
            formula(
                format!("=ROUND({}+{spif},2)", at(|c| &c.f_full, false)),
                res(r.planned),
            ),
        )?;
        let worst = cell(row, cols.worst);
        ws.write_formula(
            row,
            cols.worst,
            formula(
                format!("=ROUND({},2)", at(|c| &c.f_zero, false)),
                res(r.worst),
            ),
        )?;
        ws.write_formula(
            row,
            cols.worst_pct,
            formula(
                format!("=IF({ote}=0,\"\",{worst}/{ote})"),
                if csm.ote.is_zero() {
                    String::new()
                } else {
                    res(r.downside_pct())
                },
            ),
        )?;
        let mut bounded: Vec<String> = p
            .comps
            .iter()
            .map(|c| format!("ISNUMBER({})", c.f_max))
            .collect();
        bounded.push(format!("ISNUMBER({})", p.spif_best));
        ws.write_formula(
            row,
            cols.upside,
            formula(
                format!(
                    "=IF(AND({}),ROUND({}+{},2),\"unbounded\")",
                    bounded.join(","),
                    at(|c| &c.f_max, true),
                    p.spif_best
                ),
                r.upside.map_or_else(|| "unbounded".to_string(), res),
            ),
        )?;
    }
    Ok(())
}
