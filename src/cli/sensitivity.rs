//! `sensitivity FILE`: which levers move the team's cost, each one slider step down and up,
//! biggest first, as a table with bars, CSV, JSON or Markdown.

use super::Format;
use crate::analysis::sensitivity::{Lever, Move, Sensitivity};
use crate::engine::Scenario;
use crate::num::{money, money_plain};
use crate::output::report::{aligned, write_safe_record};
use rust_decimal::Decimal;

/// The report in `format`.
pub fn render(scn: &Scenario, s: &Sensitivity, format: Format) -> String {
    match format {
        Format::Table => table(scn, s),
        Format::Markdown => markdown(scn, s),
        Format::Csv => csv(s),
        Format::Json => json(scn, s),
    }
}

/// A change to the cent with its sign (`+$3,290.01`, `-$9,148.02`, `$0.00`): the printed
/// cash minus the printed cash of the plan as it stands.
fn signed(d: Decimal) -> String {
    if d.is_zero() {
        money(d)
    } else if d < Decimal::ZERO {
        format!("-{}", money(-d))
    } else {
        format!("+{}", money(d))
    }
}

fn change(s: &Sensitivity, m: &Option<Move>) -> Option<Decimal> {
    m.as_ref().map(|m| m.cash - s.cash)
}

fn cells(s: &Sensitivity, l: &Lever) -> Vec<String> {
    let side = |m: &Option<Move>| match m {
        Some(m) => [m.value.clone(), money(m.cash), signed(m.cash - s.cash)],
        None => ["—".into(), "—".into(), "—".into()],
    };
    let [dv, dc, dd] = side(&l.down);
    let [uv, uc, ud] = side(&l.up);
    vec![l.label.clone(), l.value.clone(), dv, dc, dd, uv, uc, ud]
}

const HEADER: [&str; 8] = [
    "Lever",
    "Now",
    "Step down",
    "Cash",
    "Change",
    "Step up",
    "Cash",
    "Change",
];

fn title(scn: &Scenario, s: &Sensitivity) -> String {
    format!(
        "{} — team cash {}; each lever {} down and up, biggest effect first",
        crate::text::escape_invisible(&scn.name),
        money(s.cash),
        if s.steps == 1 {
            "one slider step".to_string()
        } else {
            format!("{} slider steps", s.steps)
        }
    )
}

/// Bars around the current cost: `━━━━┃` for a lower cost, `┃━━━━` for a higher one, the
/// longest as wide as `w`.
fn bar(s: &Sensitivity, l: &Lever, w: usize) -> String {
    let most = s.levers.first().map_or(Decimal::ZERO, |x| x.swing);
    let len = |d: Decimal| -> usize {
        if most.is_zero() {
            return 0;
        }
        let x = (d.abs() * Decimal::from(w as u64) / most).round();
        usize::try_from(x.mantissa()).unwrap_or(0).min(w)
    };
    let (mut lo, mut hi) = (Decimal::ZERO, Decimal::ZERO);
    for d in [change(s, &l.down), change(s, &l.up)].into_iter().flatten() {
        if d < Decimal::ZERO {
            lo = lo.min(d);
        } else {
            hi = hi.max(d);
        }
    }
    format!(
        "{:>w$}┃{:<w$}",
        "━".repeat(len(lo)),
        "━".repeat(len(hi)),
        w = w
    )
}

fn table(scn: &Scenario, s: &Sensitivity) -> String {
    let mut header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    header.push("Lower ┃ higher cost".into());
    let rows: Vec<Vec<String>> = s
        .levers
        .iter()
        .map(|l| {
            let mut r = cells(s, l);
            r.push(bar(s, l, 10));
            r
        })
        .collect();
    let mut out = title(scn, s);
    out.push_str("\n\n");
    out.push_str(&aligned(
        &header,
        &rows,
        &[false, true, true, true, true, true, true, true, false],
    ));
    out.push_str(
        "\nWeights rebalance as the sliders do (locked weights stay). `--set PATH=VALUE` with a lever's value gives the same cash: the paths are in the CSV and JSON.\n",
    );
    out
}

fn markdown(scn: &Scenario, s: &Sensitivity) -> String {
    let mut out = format!("# {}\n\n", crate::text::md(&title(scn, s)));
    out.push_str(&format!("| {} |\n", HEADER.join(" | ")));
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for l in &s.levers {
        let c: Vec<String> = cells(s, l).iter().map(|x| crate::text::md(x)).collect();
        out.push_str(&format!("| {} |\n", c.join(" | ")));
    }
    out
}

fn csv(s: &Sensitivity) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<String> = [
        "path",
        "lever",
        "value",
        "down_value",
        "down_cash",
        "down_change",
        "up_value",
        "up_cash",
        "up_change",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    write_safe_record(&mut w, &header);
    for l in &s.levers {
        let side = |m: &Option<Move>| match m {
            Some(m) => [
                m.value.clone(),
                money_plain(m.cash),
                money_plain(m.cash - s.cash),
            ],
            None => [String::new(), String::new(), String::new()],
        };
        let mut row = vec![l.path.clone(), l.label.clone(), l.value.clone()];
        row.extend(side(&l.down));
        row.extend(side(&l.up));
        write_safe_record(&mut w, &row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn json(scn: &Scenario, s: &Sensitivity) -> String {
    let side = |m: &Option<Move>| {
        m.as_ref().map(|m| {
            serde_json::json!({
                "value": m.value,
                "cash": money_plain(m.cash),
                "change": money_plain(m.cash - s.cash),
            })
        })
    };
    let levers: Vec<serde_json::Value> = s
        .levers
        .iter()
        .map(|l| {
            serde_json::json!({
                "path": l.path,
                "lever": l.label,
                "value": l.value,
                "down": side(&l.down),
                "up": side(&l.up),
            })
        })
        .collect();
    let v = serde_json::json!({
        "scenario": scn.name,
        "cash": money_plain(s.cash),
        "steps": s.steps,
        "levers": levers,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
