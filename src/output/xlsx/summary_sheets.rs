//! The Summary sheet of each scenario (the team's figures as formulas) and the Compare
//! sheet that puts several side by side.

use super::*;

/// The Team sheet's columns the Summary sheet adds up.
pub(super) struct SummaryCols {
    /// OTE (with joiners and leavers: the OTE of the periods employed).
    pub(super) ote: u16,
    pub(super) base: u16,
    pub(super) tv: u16,
    pub(super) variable: u16,
    pub(super) spif: u16,
    /// Recorded payouts less what the plan computes (plans with periods).
    pub(super) adjustment: Option<u16>,
    pub(super) planned: u16,
    pub(super) worst: u16,
    pub(super) worst_pct: u16,
    pub(super) upside: u16,
}

pub(super) fn summary_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    scn: &Scenario,
    computed: &Computed,
    p: &PlanRefs,
    names: &Names,
    cols: &SummaryCols,
) -> Result<(), XlsxError> {
    let team = names.team.as_str();
    let n = scn.team.len() as u32;
    let last = n.max(1);
    let range = |c: u16| abs_range(team, c, 1, last);
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 70)?;
    let title = scn.plan.heading().unwrap_or_else(|| scn.name.clone());
    ws.write_string_with_format(0, 0, format!("Team summary: {title}"), &st.title)?;
    ws.write_string_with_format(
        1,
        0,
        match cols.adjustment {
            None => "Formulas over the Team sheet; they follow every change on the Plan and Team sheets.",
            Some(_) => "Formulas over the Team sheet; they follow every change on the Plan, Periods, Team and By period sheets.",
        },
        &st.note,
    )?;
    let h = SUMMARY_FIRST - 1;
    ws.write_string_with_format(h, 0, "Figure", &st.header)?;
    ws.write_string_with_format(h, 1, "Value", &st.header)?;
    ws.write_string_with_format(h, 2, "What it is", &st.header)?;
    let t = &computed.eval.team;
    let (min_cash, max_cash) = computed.eval.pay_range();
    let at = |key: &str| -> String {
        let i = FIGURES.iter().position(|(k, _, _)| *k == key).unwrap_or(0) as u32;
        cell(SUMMARY_FIRST + i, 1)
    };
    for (i, (key, label, what)) in FIGURES.iter().enumerate() {
        let row = SUMMARY_FIRST + i as u32;
        let sum = |c: u16| format!("=ROUND(SUM({}),2)", range(c));
        let (text, result, fmt): (String, String, &Format) = match *key {
            "csms" => (
                format!("=COUNTA({})", range(0)),
                scn.team.len().to_string(),
                &st.count,
            ),
            "ote" => (sum(cols.ote), res(t.ote), &st.money),
            "base" => (sum(cols.base), res(t.base), &st.money),
            "target_variable" => (sum(cols.tv), res(t.target_variable), &st.money),
            "variable" => (sum(cols.variable), res(t.variable), &st.money),
            "spif" => (sum(cols.spif), res(t.spif), &st.money),
            "cash" => (
                match cols.adjustment {
                    None => {
                        format!("=ROUND({}+{}+{},2)", at("base"), at("variable"), at("spif"))
                    }
                    Some(adj) => format!(
                        "=ROUND({}+{}+{}+SUM({}),2)",
                        at("base"),
                        at("variable"),
                        at("spif"),
                        range(adj)
                    ),
                },
                res(t.cash),
                &st.money_bold,
            ),
            "loaded_cost" => (
                format!("=ROUND(ROUND({}*(1+{}),6),2)", at("cash"), p.burden),
                res(t.loaded_cost),
                &st.money_bold,
            ),
            "planned_cost" => (sum(cols.planned), res(t.planned_cost), &st.money),
            "book_arr" => (sum(4), res(t.book_arr), &st.money),
            "cost_pct_of_arr" => (
                format!(
                    "=IF({b}=0,0,{l}/{b})",
                    b = at("book_arr"),
                    l = at("loaded_cost")
                ),
                res(t.cost_pct_of_arr),
                &st.pct,
            ),
            "pct_of_ote" => (
                format!("=IF({o}=0,0,{c}/{o})", o = at("ote"), c = at("cash")),
                res(t.pct_of_ote),
                &st.pct,
            ),
            "downside_pct_of_ote" => (
                format!("=IF(COUNT({r})=0,0,MIN({r}))", r = range(cols.worst_pct)),
                res(t.downside_pct),
                &st.pct,
            ),
            "minimum_cash" => (sum(cols.worst), res(min_cash), &st.money),
            _ => (
                format!(
                    "=IF(COUNT({r})={n},ROUND(SUM({r}),2),\"unbounded\")",
                    r = range(cols.upside)
                ),
                max_cash.map_or_else(|| "unbounded".to_string(), res),
                &st.money,
            ),
        };
        ws.write_string_with_format(row, 0, *label, &st.label)?;
        ws.write_formula_with_format(row, 1, formula(text, result), fmt)?;
        let what = match (*key, cols.adjustment) {
            ("cash", Some(_)) => "base + variable + SPIF + recorded pay adjustments",
            _ => *what,
        };
        ws.write_string_with_format(row, 2, what, &st.note)?;
    }
    ws.set_freeze_panes(SUMMARY_FIRST, 0)?;
    Ok(())
}

pub(super) fn compare_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    books: &[(&Scenario, &Computed)],
    names: &[Names],
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, "Scenarios side by side", &st.title)?;
    ws.write_string_with_format(
        1,
        0,
        "Each column follows its own Summary sheet; the changes are against the first scenario.",
        &st.note,
    )?;
    let h = SUMMARY_FIRST - 1;
    ws.set_column_width(0, 30)?;
    ws.write_string_with_format(h, 0, "Figure", &st.header)?;
    let k = books.len() as u16;
    for (j, (scn, _)) in books.iter().enumerate() {
        let c = 1 + j as u16;
        ws.write_string_with_format(h, c, &scn.name, &st.header)?;
        ws.set_column_width(c, 18)?;
        if j > 0 {
            let d = k + j as u16;
            ws.write_string_with_format(
                h,
                d,
                format!("{} vs {}", scn.name, books[0].0.name),
                &st.header,
            )?;
            ws.set_column_width(d, 18)?;
        }
    }
    ws.set_row_height(h, 30)?;
    for (i, (key, label, _)) in FIGURES.iter().enumerate() {
        let row = SUMMARY_FIRST + i as u32;
        ws.write_string_with_format(row, 0, *label, &st.label)?;
        let fmt = match *key {
            "csms" => &st.count,
            "cost_pct_of_arr" | "pct_of_ote" | "downside_pct_of_ote" => &st.pct,
            _ => &st.money,
        };
        let value = |b: &(&Scenario, &Computed)| -> String {
            let t = &b.1.eval.team;
            let (min, max) = b.1.eval.pay_range();
            let d = match *key {
                "csms" => Some(Decimal::from(b.0.team.len())),
                "ote" => Some(t.ote),
                "base" => Some(t.base),
                "target_variable" => Some(t.target_variable),
                "variable" => Some(t.variable),
                "spif" => Some(t.spif),
                "cash" => Some(t.cash),
                "loaded_cost" => Some(t.loaded_cost),
                "planned_cost" => Some(t.planned_cost),
                "book_arr" => Some(t.book_arr),
                "cost_pct_of_arr" => Some(t.cost_pct_of_arr),
                "pct_of_ote" => Some(t.pct_of_ote),
                "downside_pct_of_ote" => Some(t.downside_pct),
                "minimum_cash" => Some(min),
                _ => max,
            };
            d.map_or_else(|| "unbounded".to_string(), res)
        };
        let first = cell(row, 1);
        for (j, b) in books.iter().enumerate() {
            let c = 1 + j as u16;
            let src = abs(&names[j].summary, row, 1);
            ws.write_formula_with_format(row, c, formula(format!("={src}"), value(b)), fmt)?;
            if j > 0 {
                let this = cell(row, c);
                let change = match (
                    value(&books[0]).parse::<Decimal>(),
                    value(b).parse::<Decimal>(),
                ) {
                    (Ok(a), Ok(v)) => res(v - a),
                    _ => String::new(),
                };
                ws.write_formula_with_format(
                    row,
                    k + j as u16,
                    formula(
                        format!("=IF(AND(ISNUMBER({this}),ISNUMBER({first})),{this}-{first},\"\")"),
                        change,
                    ),
                    fmt,
                )?;
            }
        }
    }
    ws.set_freeze_panes(SUMMARY_FIRST, 1)?;
    Ok(())
}
