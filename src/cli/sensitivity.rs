//! `sensitivity FILE`: which levers move the team's cost, each one slider step down and up,
//! biggest first, as a table with bars, CSV, JSON or Markdown.

use super::Format;
use crate::analysis::sensitivity::{Lever, Move, Sensitivity};
use crate::engine::Scenario;
use crate::num::{money, money_plain, pct_exact};
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
    let mut row = vec![l.label.clone(), l.value.clone(), dv, dc, dd, uv, uc, ud];
    if s.p90.is_some() {
        let p90 = |m: &Option<Move>| {
            m.as_ref()
                .and_then(|m| m.p90)
                .map_or("—".to_string(), money)
        };
        row.push(p90(&l.down));
        row.push(p90(&l.up));
    }
    row
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

fn header(s: &Sensitivity) -> Vec<String> {
    let mut h: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    if s.p90.is_some() {
        h.push("P90 down".into());
        h.push("P90 up".into());
    }
    h
}

/// How far the levers move, in words: "one step (the plan's terms one slider step,
/// attainment 5 points)".
fn steps_words(s: &Sensitivity) -> String {
    use crate::analysis::sensitivity::StepKind;
    let st = &s.steps;
    let times = match st.multiple {
        1 => String::new(),
        n => format!(" × {n}"),
    };
    let mut parts = Vec::new();
    if StepKind::ALL
        .iter()
        .any(|k| *k != StepKind::Attainment && !st.set.contains_key(k))
    {
        parts.push(format!("the plan's terms one slider step{times}"));
    }
    for k in StepKind::ALL {
        let amount = match (k, st.set.get(&k)) {
            (StepKind::Attainment, None) => "5 points".to_string(),
            (_, None) => continue,
            (StepKind::Target, Some(v)) => format!("{} of the target", pct_exact(*v)),
            (StepKind::Spif, Some(v)) => money(*v),
            (StepKind::Accelerator, Some(v)) => format!("{}×", crate::num::plain(*v)),
            (_, Some(v)) => format!("{} points", crate::num::plain(*v * Decimal::ONE_HUNDRED)),
        };
        parts.push(format!("{} {amount}{times}", k.word()));
    }
    parts.join(", ")
}

fn title(scn: &Scenario, s: &Sensitivity) -> String {
    let p90 = match (s.p90, s.risk) {
        (Some(p), Some((trials, seed))) => {
            format!(", P90 {} ({trials} trials, seed {seed})", money(p))
        }
        _ => String::new(),
    };
    format!(
        "{} — team cash {}{p90}; each lever one step down and up ({}), biggest effect on cash first",
        crate::text::escape_invisible(&scn.name),
        money(s.cash),
        steps_words(s)
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
    let mut header = header(s);
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
    let mut right = vec![false, true, true, true, true, true, true, true];
    if s.p90.is_some() {
        right.extend([true, true]);
    }
    right.push(false);
    out.push_str(&aligned(&header, &rows, &right));
    out.push_str(
        "\nWeights rebalance as the sliders do (locked weights stay). Each move is a `--set PATH=VALUE`, given in the CSV and JSON, with which `calc` prints the same cash.\n",
    );
    out
}

fn markdown(scn: &Scenario, s: &Sensitivity) -> String {
    let mut out = format!("# {}\n\n", crate::text::md(&title(scn, s)));
    let h = header(s);
    out.push_str(&format!("| {} |\n", h.join(" | ")));
    out.push_str(&format!("|---|{}\n", "---:|".repeat(h.len() - 1)));
    for l in &s.levers {
        let c: Vec<String> = cells(s, l).iter().map(|x| crate::text::md(x)).collect();
        out.push_str(&format!("| {} |\n", c.join(" | ")));
    }
    out
}

fn csv(s: &Sensitivity) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let risk = s.p90.is_some();
    let mut header: Vec<String> = vec!["path".into(), "lever".into(), "value".into()];
    for side in ["down", "up"] {
        for what in ["value", "cash", "change", "set"] {
            header.push(format!("{side}_{what}"));
        }
        if risk {
            header.push(format!("{side}_p90"));
        }
    }
    write_safe_record(&mut w, &header);
    for l in &s.levers {
        let side = |m: &Option<Move>| -> Vec<String> {
            let mut v = match m {
                Some(m) => vec![
                    m.value.clone(),
                    money_plain(m.cash),
                    money_plain(m.cash - s.cash),
                    m.set.clone(),
                ],
                None => vec![String::new(); 4],
            };
            if risk {
                v.push(
                    m.as_ref()
                        .and_then(|m| m.p90)
                        .map_or(String::new(), money_plain),
                );
            }
            v
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
            let mut v = serde_json::json!({
                "value": m.value,
                "set": m.set,
                "cash": money_plain(m.cash),
                "change": money_plain(m.cash - s.cash),
            });
            if let Some(p) = m.p90 {
                v["p90"] = money_plain(p).into();
            }
            v
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
    let mut v = serde_json::json!({
        "scenario": scn.name,
        "cash": money_plain(s.cash),
        "steps": steps_words(s),
        "levers": levers,
    });
    if let (Some(p), Some((trials, seed))) = (s.p90, s.risk) {
        v["p90"] = money_plain(p).into();
        v["trials"] = trials.into();
        v["seed"] = seed.into();
    }
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
