//! Sensitivity: every lever's cash is exactly what `--set` at that value gives.

mod common;

use common::{run, stdout};
use cscomp_tui::analysis::sensitivity::sensitivity;
use cscomp_tui::engine::evaluate;
use cscomp_tui::scenario::{QUARTERLY_RON, parse, sample};

fn check_every_lever(scn: &cscomp_tui::engine::Scenario, steps: i64) -> usize {
    let s = sensitivity(scn, steps);
    assert_eq!(s.cash, evaluate(scn).team.cash);
    let mut checked = 0;
    for l in &s.levers {
        for m in [&l.down, &l.up].into_iter().flatten() {
            let mut with = scn.clone();
            let value = m.value.trim_end_matches('×');
            cscomp_tui::cli::whatif::apply_sets(&mut with, &[format!("{}={value}", l.path)], &[])
                .unwrap_or_else(|e| panic!("{} = {value}: {}", l.path, e.0));
            assert_eq!(evaluate(&with).team.cash, m.cash, "{} = {value}", l.path);
            checked += 1;
        }
    }
    // Biggest effect first.
    assert!(s.levers.windows(2).all(|w| w[0].swing >= w[1].swing));
    checked
}

#[test]
fn every_lever_equals_set_at_its_value() {
    assert!(check_every_lever(&sample(), 1) > 40);
    assert!(check_every_lever(&sample(), 3) > 40);
    let q = parse(QUARTERLY_RON, "assets/quarterly.ron").unwrap();
    assert!(check_every_lever(&q, 1) > 40);
}

#[test]
fn the_command_prints_every_format() {
    let o = run(&["sensitivity", "assets/sample.ron"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.starts_with(
        "Sample team FY27 — team cash $1,566,307.04; each lever one slider step down and up, biggest effect first\n"
    ), "{text}");
    assert!(text.contains("Team attainment"), "{text}");
    let o = run(&["sensitivity", "assets/sample.ron", "--format", "csv"]);
    let csv = stdout(&o);
    assert!(csv.starts_with(
        "path,lever,value,down_value,down_cash,down_change,up_value,up_cash,up_change\n"
    ));
    let o = run(&["sensitivity", "assets/sample.ron", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["cash"], "1566307.04");
    assert!(json["levers"].as_array().unwrap().len() > 20);
    let o = run(&["sensitivity", "assets/sample.ron", "--format", "markdown"]);
    assert!(stdout(&o).starts_with("# Sample team FY27"));
    let o = run(&["sensitivity", "assets/sample.ron", "--steps", "0"]);
    assert!(!o.status.success());
}
