//! "Who is on track" in `calc --by-period` (docs/periods.md): each CSM's pay to date, the
//! variable pay of the metrics measured each period against what it would have been at
//! target, a standing, and what each such metric needs in the open periods.

use super::{aligned, md_escape, ratio};
use crate::engine::on_track::{Need, OnTrack, on_track};
use crate::engine::{Computed, Measure, Scenario};
use crate::num::{money_in, money_plain, pct};
use serde_json::{Value, json};

/// The section's title, header and rows; `None` when no period is closed.
fn rows(scn: &Scenario, c: &Computed) -> Option<(String, Vec<String>, Vec<Vec<String>>)> {
    let all = on_track(scn, c)?;
    let plan = &scn.plan;
    let as_of = plan.as_of_index()?;
    let money = |v| money_in(v, plan.currency());
    let open: Vec<&str> = plan.periods[as_of + 1..]
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let needs_head = match open.as_slice() {
        [] => "Needs (the year is closed)".to_string(),
        [one] => format!("Needs in {one}"),
        [first, .., last] => format!("Needs in {first}–{last}"),
    };
    let title = format!(
        "Who is on track (through {}): variable pay of the metrics measured each period against\nthe same at target; what each needs in every open period for its year to reach target\n(\"cannot, best 96.1%\": even at the top of its curve the year pays 96.1% of target).\nMetrics measured for the year need 100% of their target.",
        plan.periods[as_of].id
    );
    let header: Vec<String> = [
        "ID",
        "Name",
        "Paid to date",
        "Variable to date",
        "At target",
        "% of target",
        "Standing",
        &needs_head,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows = scn
        .team
        .iter()
        .zip(&all)
        .map(|(csm, t)| {
            vec![
                csm.id.clone(),
                csm.name.clone(),
                money(t.pay_to_date),
                money(t.variable_to_date),
                money(t.target_to_date),
                t.ratio().map_or("—".into(), |r| pct(r, 1)),
                t.standing.label().to_string(),
                needs_text(scn, t, open.is_empty()),
            ]
        })
        .collect();
    Some((title, header, rows))
}

/// "activities 97.4%, ebr out of reach".
fn needs_text(scn: &Scenario, t: &OnTrack, closed: bool) -> String {
    if closed || t.standing == crate::engine::on_track::Standing::Left {
        return "—".into();
    }
    let parts: Vec<String> = scn
        .plan
        .components
        .iter()
        .zip(&t.needs)
        .filter(|(c, _)| c.measured == Measure::Period)
        .map(|(c, n)| format!("{} {}", c.id, need_word(*n)))
        .collect();
    if parts.is_empty() {
        "—".into()
    } else {
        parts.join(", ")
    }
}

fn need_word(n: Need) -> String {
    match n {
        Need::Met => "met".into(),
        Need::Attainment(a) => pct(a, 1),
        Need::OutOfReach(Some(best)) => format!("cannot, best {}", pct(best, 1)),
        Need::OutOfReach(None) => "cannot".into(),
        Need::Year => "100% for the year".into(),
    }
}

/// The aligned section.
pub fn table(scn: &Scenario, c: &Computed) -> String {
    let Some((title, header, rows)) = rows(scn, c) else {
        return String::new();
    };
    let mut right = vec![false, false, true, true, true, true, false, false];
    right.truncate(header.len());
    format!("\n{title}\n\n{}", aligned(&header, &rows, &right))
}

/// The section as a Markdown table.
pub fn markdown(scn: &Scenario, c: &Computed) -> String {
    let Some((title, header, rows)) = rows(scn, c) else {
        return String::new();
    };
    let mut out = format!(
        "\n### {}\n\n| {} |\n",
        md_escape(&title),
        header.join(" | ")
    );
    out += "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |\n";
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(j, c)| {
                if j < 2 {
                    crate::text::md(c)
                } else {
                    md_escape(c)
                }
            })
            .collect();
        out += &format!("| {} |\n", cells.join(" | "));
    }
    out
}

/// The CSV columns added to each of a CSM's rows, and their values per CSM.
pub fn csv_columns(scn: &Scenario, c: &Computed) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    let all = on_track(scn, c)?;
    let mut header: Vec<String> = ["standing", "variable_to_date", "target_to_date"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let per: Vec<&str> = scn
        .plan
        .components
        .iter()
        .filter(|c| c.measured == Measure::Period)
        .map(|c| c.id.as_str())
        .collect();
    header.extend(per.iter().map(|id| format!("needs:{id}")));
    let values = all
        .iter()
        .map(|t| {
            let mut v = vec![
                t.standing.label().to_string(),
                money_plain(t.variable_to_date),
                money_plain(t.target_to_date),
            ];
            for (comp, n) in scn.plan.components.iter().zip(&t.needs) {
                if comp.measured == Measure::Period {
                    v.push(match n {
                        Need::Attainment(a) => ratio(*a),
                        Need::Met => "met".into(),
                        Need::OutOfReach(_) => "cannot".into(),
                        Need::Year => String::new(),
                    });
                }
            }
            v
        })
        .collect();
    Some((header, values))
}

/// The section as JSON: one object per CSM.
pub fn json(scn: &Scenario, c: &Computed) -> Option<Value> {
    let all = on_track(scn, c)?;
    let list: Vec<Value> = scn
        .team
        .iter()
        .zip(&all)
        .map(|(csm, t)| {
            let needs: serde_json::Map<String, Value> = scn
                .plan
                .components
                .iter()
                .zip(&t.needs)
                .filter(|(c, _)| c.measured == Measure::Period)
                .map(|(c, n)| {
                    (
                        c.id.clone(),
                        match n {
                            Need::Attainment(a) => {
                                json!({"status": "needs", "attainment": ratio(*a)})
                            }
                            Need::Met => json!({"status": "met"}),
                            Need::OutOfReach(best) => json!({
                                "status": "cannot",
                                "best_share_of_target": best.map(ratio),
                            }),
                            Need::Year => json!({"status": "year"}),
                        },
                    )
                })
                .collect();
            json!({
                "id": csm.id,
                "pay_to_date": money_plain(t.pay_to_date),
                "variable_to_date": money_plain(t.variable_to_date),
                "target_to_date": money_plain(t.target_to_date),
                "pct_of_target": t.ratio().map(ratio),
                "standing": t.standing.label(),
                "needs": needs,
            })
        })
        .collect();
    Some(Value::Array(list))
}
