//! A comparison as data: JSON with every figure, and CSV of the per-CSM and per-level
//! tables.

use super::*;

pub(super) fn opt_money(v: Option<Decimal>) -> Value {
    v.map_or(Value::Null, |v| Value::String(money_plain(v)))
}

pub(super) fn opt_ratio(v: Option<Decimal>) -> Value {
    v.map_or(Value::Null, |v| Value::String(ratio(v)))
}

pub(super) fn move_json(m: &Option<Move>) -> Value {
    match m {
        Some(m) => json!({
            "id": m.id,
            "name": m.name,
            "change": money_plain(m.change),
            "change_pct": opt_ratio(m.change_pct),
        }),
        None => Value::Null,
    }
}

/// Every figure: money as strings with two decimals, ratios as fraction strings.
/// Variants are numbered from 1 (`"variant": 2` is the second scenario given).
pub fn json(cmp: &Comparison, sources: &[String]) -> String {
    let variants: Vec<Value> = cmp
        .variants
        .iter()
        .enumerate()
        .map(|(k, v)| {
            let mut o = json!({
                "variant": k + 1,
                "name": v.name,
                "source": sources.get(k),
                "errors": findings_json(&v.errors),
                "plan_changes": v.plan_changes,
                "own_attainment_scale": ratio(v.own_scale),
            });
            if let Some(f) = &v.figures {
                o["figures"] = json!({
                    "attainment_scale": ratio(f.scale),
                    "csms": f.csms,
                    "ote": money_plain(f.ote),
                    "base": money_plain(f.base),
                    "target_variable": money_plain(f.target_variable),
                    "variable": money_plain(f.variable),
                    "spif": money_plain(f.spif),
                    "cash": money_plain(f.cash),
                    "burden_rate": ratio(f.burden_rate),
                    "loaded_cost": money_plain(f.loaded_cost),
                    "planned_cost": money_plain(f.planned_cost),
                    "book_arr": money_plain(f.book_arr),
                    "cost_pct_of_arr": ratio(f.cost_pct_of_arr),
                    "downside_pct_of_ote": ratio(f.downside_pct),
                    "levels": f.levels.iter().map(|l| json!({
                        "level": l.level,
                        "csms": l.csms,
                        "cash": money_plain(l.cash),
                        "ote": money_plain(l.ote),
                        "avg_pct_of_ote": ratio(l.avg_pct),
                        "min_pct_of_ote": ratio(l.min_pct),
                        "max_pct_of_ote": ratio(l.max_pct),
                    })).collect::<Vec<_>>(),
                    "warnings": findings_json(&f.warnings),
                });
                // Recorded payouts: their difference to the plan (part of the cash).
                if !f.adjustment.is_zero() {
                    o["figures"]["adjustment"] = json!(money_plain(f.adjustment));
                }
                o["versus_baseline"] = match &f.versus {
                    Some(vs) => json!({
                        "cash_change": money_plain(vs.cash_change),
                        "cash_change_pct": opt_ratio(vs.cash_change_pct),
                        "loaded_cost_change": money_plain(vs.loaded_cost_change),
                        "planned_cost_change": money_plain(vs.planned_cost_change),
                        "matched": vs.matched,
                        "gain": vs.gain,
                        "lose": vs.lose,
                        "same": vs.same,
                        "added": vs.added,
                        "removed": vs.removed,
                        "biggest_gain": move_json(&vs.biggest_gain),
                        "biggest_loss": move_json(&vs.biggest_loss),
                        "warnings_new": findings_json(&vs.warnings_new),
                        "warnings_gone": findings_json(&vs.warnings_gone),
                    }),
                    None => Value::Null,
                };
            } else {
                o["figures"] = Value::Null;
                o["versus_baseline"] = Value::Null;
            }
            o
        })
        .collect();
    let csms: Vec<Value> = cmp
        .rows
        .iter()
        .map(|r| {
            let cells: Vec<Value> = r
                .cells
                .iter()
                .map(|c| match c {
                    Some(c) => json!({
                        "total": money_plain(c.total),
                        "pct_of_ote": ratio(c.pct_of_ote()),
                        "change": opt_money(c.change),
                        "change_pct": opt_ratio(c.change_pct()),
                    }),
                    None => Value::Null,
                })
                .collect();
            json!({"id": r.id, "name": r.name, "level": r.level, "variants": cells})
        })
        .collect();
    let c = &cmp.curve;
    let v = json!({
        "baseline": 1,
        "attainment_scale": cmp.scale.map(ratio),
        "variants": variants,
        "csms": csms,
        "levels": cmp.levels,
        "cost_curve": {
            "scales": c.scales.iter().map(|s| ratio(*s)).collect::<Vec<_>>(),
            "cash": c.cash.iter().map(|l| match l {
                Some(l) => Value::Array(l.iter().map(|x| Value::String(money_plain(*x))).collect()),
                None => Value::Null,
            }).collect::<Vec<_>>(),
            "crossings": c.crossings.iter().map(|x| json!({
                "variant": x.variant + 1,
                "from": ratio(x.from),
                "to": ratio(x.to),
                "becomes": match x.becomes { Becomes::Dearer => "dearer", Becomes::Cheaper => "cheaper" },
            })).collect::<Vec<_>>(),
        },
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

/// The per-CSM table for a spreadsheet: `total_1`, then for each other variant
/// `total_k`, `change_k`, `change_pct_k`; an empty cell where a CSM is missing.
pub fn csv(cmp: &Comparison) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let n = cmp.variants.len();
    let mut header = vec!["id".to_string(), "name".into(), "level".into()];
    for k in 1..=n {
        header.push(format!("total_{k}"));
        if k > 1 {
            header.push(format!("change_{k}"));
            header.push(format!("change_pct_{k}"));
        }
    }
    write_safe_record(&mut w, &header);
    for r in &cmp.rows {
        let mut row = vec![r.id.clone(), r.name.clone(), r.level.clone()];
        for (k, c) in r.cells.iter().enumerate() {
            row.push(
                c.as_ref()
                    .map_or_else(String::new, |c| money_plain(c.total)),
            );
            if k > 0 {
                let c = c.as_ref();
                row.push(
                    c.and_then(|c| c.change)
                        .map_or_else(String::new, money_plain),
                );
                row.push(
                    c.and_then(|c| c.change_pct())
                        .map_or_else(String::new, ratio),
                );
            }
        }
        write_safe_record(&mut w, &row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The by-level table for a spreadsheet (`compare --format csv --by-level`): one row per
/// level and variant, `level,variant,name,csms,cash,avg_pct_of_ote,min_pct_of_ote,
/// max_pct_of_ote` (money with two decimals, ratios as fractions); a level a variant's team
/// does not have shows 0 CSMs and $0, a variant that cannot be computed empty cells.
pub fn csv_levels(cmp: &Comparison) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "level",
        "variant",
        "name",
        "csms",
        "cash",
        "avg_pct_of_ote",
        "min_pct_of_ote",
        "max_pct_of_ote",
    ]
    .map(String::from);
    write_safe_record(&mut w, &header);
    for level in &cmp.levels {
        for (k, v) in cmp.variants.iter().enumerate() {
            let mut row = vec![level.clone(), (k + 1).to_string(), v.name.clone()];
            match level_of(v, level) {
                None => row.extend(std::iter::repeat_n(String::new(), 5)),
                Some(None) => {
                    row.extend(["0".to_string(), money_plain(Decimal::ZERO)]);
                    row.extend(std::iter::repeat_n(String::new(), 3));
                }
                Some(Some(l)) => row.extend([
                    l.csms.to_string(),
                    money_plain(l.cash),
                    ratio(l.avg_pct),
                    ratio(l.min_pct),
                    ratio(l.max_pct),
                ]),
            }
            write_safe_record(&mut w, &row);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
