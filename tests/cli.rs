//! The headless command line, end to end through the real binary.

mod common;
use common::{run, stderr, stdout};

#[test]
fn worked_example_json_total_is_exact() {
    let o = run(&["calc", "assets/worked-example.ron", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let csm = &v["csms"][0];
    assert_eq!(csm["id"], "csm-01");
    assert_eq!(csm["base"], "80000.00");
    assert_eq!(csm["target_variable"], "20000.00");
    assert_eq!(csm["total"], "103960.00");
    assert_eq!(csm["pct_of_ote"], "1.0396");
    let comps = csm["components"].as_array().unwrap();
    let got: Vec<(&str, &str, &str, &str)> = comps
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap(),
                c["attainment"].as_str().unwrap(),
                c["factor"].as_str().unwrap(),
                c["payout"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("grr", "1.03", "1.045", "8360.00"),
            ("activities", "1.05", "1", "6000.00"),
            ("expansion", "1.3", "1.6", "9600.00"),
        ]
    );
    assert_eq!(v["team"]["cash"], "103960.00");
    assert_eq!(v["team"]["planned_cost"], "100000.00");
    assert_eq!(v["team"]["cost_pct_of_arr"], "0.032488");
    assert_eq!(v["warnings"], serde_json::json!([]));
}

#[test]
fn scale_moves_every_attainment() {
    let o = run(&[
        "calc",
        "assets/worked-example.ron",
        "--format",
        "json",
        "--scale",
        "110%",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    // GRR a = 1.133 → 1 + 0.133 × 1.5 = 1.1995 → 9,596.00; activities a = 1.155 → 1.2 →
    // 7,200.00; expansion a = 1.43 → 1.86 → 11,160.00.
    let payouts: Vec<&str> = v["csms"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["payout"].as_str().unwrap())
        .collect();
    assert_eq!(payouts, vec!["9596.00", "7200.00", "11160.00"]);
    assert_eq!(v["csms"][0]["total"], "107956.00");
}

#[test]
fn table_is_aligned_and_exact() {
    let o = run(&["calc", "assets/worked-example.ron"]);
    assert!(o.status.success());
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Worked example (attainment scale 100%)");
    assert_eq!(
        lines[2],
        "ID      Name         Level           OTE        Base    Variable   SPIF        Total   % OTE"
    );
    assert_eq!(
        lines[4],
        "csm-01  Alex Morgan  CSM II  $100,000.00  $80,000.00  $23,960.00  $0.00  $103,960.00  104.0%"
    );
    assert!(
        out.contains("Cash cost                        $103,960.00\n"),
        "{out}"
    );
    // The pay range: 0% everywhere (base only); at every cap 80,000 + 20,000 × (0.4 × 1.5
    // + 0.3 × 1.2 + 0.3 × 2.0) = 111,200.
    assert!(
        out.contains("Minimum cash (0%, no SPIFs)       $80,000.00\n"),
        "{out}"
    );
    assert!(
        out.contains("Maximum cash (at every cap)      $111,200.00\n"),
        "{out}"
    );
    assert!(out.contains("No guardrail warnings."));
    let o = run(&["calc", "assets/worked-example.ron", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["team"]["minimum_cash"], "80000.00");
    assert_eq!(v["team"]["maximum_cash"], "111200.00");
}

#[test]
fn csv_and_markdown_formats() {
    let o = run(&["calc", "assets/worked-example.ron", "--format", "csv"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o),
        "id,name,level,ote,base,target_variable,variable,spif,total,pct_of_ote,grr:attainment,grr:factor,grr:payout,activities:attainment,activities:factor,activities:payout,expansion:attainment,expansion:factor,expansion:payout\n\
         csm-01,Alex Morgan,CSM II,100000.00,80000.00,20000.00,23960.00,0.00,103960.00,1.0396,1.03,1.045,8360.00,1.05,1,6000.00,1.3,1.6,9600.00\n"
    );
    let o = run(&["calc", "assets/worked-example.ron", "--format", "markdown"]);
    let md = stdout(&o);
    assert!(md.starts_with("# Worked example\n"), "{md}");
    assert!(
        md.contains("| csm-01 | Alex Morgan | CSM II | $100,000.00 | $80,000.00 | $23,960.00 | $0.00 | $103,960.00 | 104.0% |"),
        "{md}"
    );
}

#[test]
fn sample_computes_and_checks_clean() {
    let o = run(&["check", "assets/sample.ron"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "assets/sample.ron: valid — 15 CSMs, 6 components, 1 SPIF.\n\nNo guardrail warnings.\n"
    );
}

fn expect_input_error(fixture: &str, needles: &[&str]) {
    let path = format!("tests/fixtures/{fixture}");
    for cmd in ["calc", "check"] {
        let o = run(&[cmd, &path]);
        assert_eq!(o.status.code(), Some(2), "{cmd} {fixture}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.starts_with("error: "), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        for n in needles {
            assert!(err.contains(n), "{fixture}: expected `{n}` in:\n{err}");
        }
        assert!(stdout(&o).is_empty());
    }
}

#[test]
fn bad_input_gets_a_clear_error_and_exit_2() {
    expect_input_error(
        "bad-number.ron",
        &[
            "line 55, column 31",
            "55 |             actuals: {\"grr\": \"92.7%%\"",
            "   |                               ^\n",
            "`92.7%%` is not a number",
        ],
    );
    expect_input_error(
        "typo-field.ron",
        &["line 14, column 17", "Unexpected field named `wieght`"],
    );
    expect_input_error("truncated.ron", &["Unexpected end of RON"]);
    expect_input_error(
        "bare-float.ron",
        &["cannot be read exactly; write it in quotes"],
    );
    expect_input_error(
        "unknown-metric.ron",
        &[
            "team[0] (csm-01): has an actual for `nps`, but the plan has no component with that id (it has: grr, activities, expansion)",
        ],
    );
    expect_input_error(
        "zero-target.ron",
        &["plan.components[0] (grr): target is 0; a target must be above zero"],
    );
    expect_input_error(
        "negative-money.ron",
        &["team[0] (csm-01): ote is -$100,000, but it must be between $0 and $1,000,000,000"],
    );
    expect_input_error("weights-sum.ron", &["the weights add up to 105%, not 100%"]);
    expect_input_error(
        "tier-order.ron",
        &["tier 2 starts at 0%, which is not above tier 1 at 100%"],
    );
    expect_input_error(
        "overflow.ron",
        &["ote is $99,999,999,999,999,999,999,999,999, but it must be between"],
    );
    expect_input_error(
        "newer-version.ron",
        &["has version 7, but this cscomp-tui reads versions up to 6"],
    );
    expect_input_error(
        "does-not-exist.ron",
        &["cannot read scenario", "no such file"],
    );
}

#[test]
fn bad_scale_is_refused() {
    let o = run(&["calc", "assets/sample.ron", "--scale", "abc"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`abc` is not a number"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn new_writes_a_scenario_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("team.ron");
    let fs = f.to_str().unwrap();
    let o = run(&["new", fs]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The written sample is the bundled sample, computed identically.
    let a = stdout(&run(&["calc", fs, "--format", "json"]));
    let b = stdout(&run(&["calc", "assets/sample.ron", "--format", "json"]));
    assert_eq!(a, b);
    let before = std::fs::read(&f).unwrap();
    let o = run(&["new", fs, "--team-size", "50"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists; pass --force"));
    assert_eq!(
        std::fs::read(&f).unwrap(),
        before,
        "refused overwrite left the file alone"
    );
    let o = run(&["new", fs, "--team-size", "50", "--force"]);
    assert!(o.status.success());
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["calc", fs, "--format", "json"]))).unwrap();
    assert_eq!(v["csms"].as_array().unwrap().len(), 50);
    assert_eq!(v["csms"][49]["id"], "csm-00050");
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    // `cscomp-tui calc FILE --format csv | head -3`: the reader goes away; the command
    // must not panic or complain, and exits as it would have.
    for args in [
        &["calc", "assets/sample.ron", "--format", "csv"][..],
        &[
            "calc",
            "assets/quarterly.ron",
            "--by-period",
            "--format",
            "json",
        ],
        &["calc", "assets/sample.ron"],
        &["compare", "assets/sample.ron", "assets/worked-example.ron"],
        &["export-roster", "assets/sample.ron"],
        &["risk", "assets/sample.ron", "--trials", "100"],
    ] {
        let mut child = common::bin()
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&o.stderr), "", "{args:?}");
    }
}

#[test]
fn json_is_written_as_it_is_made_and_reads_back() {
    let o = run(&[
        "calc",
        "assets/quarterly.ron",
        "--by-period",
        "--format",
        "json",
    ]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["csms"].as_array().unwrap().len(), 16);
    assert_eq!(v["csms"][0]["periods"].as_array().unwrap().len(), 4);
    assert!(v["team"]["paid_to_date"].is_string());
}

#[test]
fn an_empty_as_of_is_refused_not_taken_as_none() {
    let o = run(&["calc", "assets/quarterly.ron", "--set", "as_of="]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --set as_of=: write a period id (Q1, Q2, Q3, Q4) or none\n"
    );
}

#[cfg(unix)]
#[test]
fn a_file_that_is_no_scenario_is_named_but_never_quoted() {
    let d = tempfile::tempdir().unwrap();
    let private = d.path().join("private.txt");
    std::fs::write(&private, "root:secret-hash:0:0\nmore private text\n").unwrap();
    let link = d.path().join("plan.ron");
    std::os::unix::fs::symlink(&private, &link).unwrap();
    for cmd in ["check", "calc"] {
        let o = run(&[cmd, link.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let err = stderr(&o);
        assert!(!err.contains("secret"), "{cmd} quoted the file: {err}");
        assert!(
            err.contains("this is not a scenario file: a scenario starts with `(` (after any `//` comments); nothing of the file is shown"),
            "{err}"
        );
    }
    // A scenario with a mistake is still shown where it is wrong.
    let o = run(&["check", "tests/fixtures/truncated.ron"]);
    assert!(stderr(&o).contains("7 |         mix: (variable_share: \"20%\", basis: OteSplit),"));
}
