//! Issues 10 and 11: one rule for every number, wherever it enters (scenario file, roster
//! CSV, command-line flag), and messages that show the value as it was given.

mod common;
use common::{run, stderr, stdout};

const WORKED: &str = include_str!("../assets/worked-example.ron");

/// The worked example with `from` replaced by `to` (which must occur), in a temporary file.
fn variant(from: &str, to: &str) -> (tempfile::TempDir, String) {
    assert!(WORKED.contains(from), "{from}");
    let text = WORKED.replacen(from, to, 1);
    write(text.as_bytes())
}

fn write(bytes: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.ron");
    std::fs::write(&path, bytes).unwrap();
    (dir, path.display().to_string())
}

/// `check` on the file: exit 2 and exactly this message.
fn refused(path: &str, message: &str) {
    let o = run(&["check", path]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert_eq!(stderr(&o), format!("error: {message}\n"));
}

const FORMS: &str = "write it like 1234.56, 1,234.56, -3, (1,234.56) for -1234.56, 0.25 or 25%, and money also like $1,234.56, $ 1,234.56, USD 1,234.56, 1,234.56 USD, 1.6M or 1,600k (`,` or `_` only between groups of three digits)";

#[test]
fn malformed_separators_in_a_scenario_are_refused() {
    let (_d, p) = variant("ote: \"100000\"", "ote: \"1,,0\"");
    refused(
        &p,
        &format!(
            "scenario `{p}` is not valid at line 53, column 19:\n   |\n53 |             ote: \"1,,0\",\n   |                   ^\n  = `1,,0` is not a number (`,` must separate groups of three digits, as in 1,234,567.89); {FORMS}"
        ),
    );
    let (_d, p) = variant("ote: \"100000\"", "ote: \"77.000,50\"");
    refused(
        &p,
        &format!(
            "scenario `{p}` is not valid at line 53, column 19:\n   |\n53 |             ote: \"77.000,50\",\n   |                   ^\n  = `77.000,50` is not a number; {FORMS}"
        ),
    );
    // Proper groups are read as they are.
    let (_d, p) = variant("ote: \"100000\"", "ote: \"$100,000.00\"");
    let o = run(&["calc", &p, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("\ncsm-01,Alex Morgan,CSM II,100000.00,80000.00,"));
}

#[test]
fn fractions_of_a_cent_are_refused_in_a_scenario() {
    let (_d, p) = variant("ote: \"100000\"", "ote: \"100000.005\"");
    refused(
        &p,
        &format!(
            "scenario `{p}` is not valid at line 53, column 19:\n   |\n53 |             ote: \"100000.005\",\n   |                   ^\n  = `100000.005` has a fraction of a cent: money is in dollars and cents, at most 2 decimals"
        ),
    );
    let (_d, p) = variant("book_arr: \"3200000\"", "book_arr: 3200000.001");
    let o = run(&["check", &p]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).ends_with("  = `3200000.001` has a fraction of a cent: money is in dollars and cents, at most 2 decimals\n"),
        "{}",
        stderr(&o)
    );
    let (_d, p) = variant(
        "    ),\n    team:",
        "        spifs: [(id: \"c-level\", name: \"C-level meeting\", amount: \"0.005\")],\n    ),\n    team:",
    );
    let o = run(&["check", &p]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).ends_with("  = `0.005` has a fraction of a cent: money is in dollars and cents, at most 2 decimals\n"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_range_message_shows_the_value_exactly() {
    let (_d, p) = variant("ote: \"100000\"", "ote: \"1000000000.01\"");
    refused(
        &p,
        &format!(
            "scenario `{p}` cannot be computed (1 problem):\n  - team[0] (csm-01): ote is $1,000,000,000.01, but it must be between $0 and $1,000,000,000"
        ),
    );
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_file() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(WORKED.as_bytes());
    let (_d, p) = write(&bytes);
    let o = run(&["calc", &p, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        stdout(&run(&[
            "calc",
            "assets/worked-example.ron",
            "--format",
            "csv"
        ]))
    );
}

#[test]
fn a_bare_percentage_in_a_scenario_is_refused_with_its_likely_meaning() {
    let (_d, p) = variant("weight: \"40%\"", "weight: \"40\"");
    refused(
        &p,
        &format!(
            "scenario `{p}` is not valid at line 13, column 26:\n   |\n13 |                 weight: \"40\",\n   |                          ^\n  = `40` — did you mean 40%? A bare number in a percentage is a fraction (0.87 = 87%), so 40 would be 4000%"
        ),
    );
    // The fraction is the same as the percentage.
    let (_d, p) = variant("weight: \"40%\"", "weight: 0.4");
    let o = run(&["calc", &p, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        stdout(&run(&[
            "calc",
            "assets/worked-example.ron",
            "--format",
            "csv"
        ]))
    );
}

#[test]
fn the_scale_flag_follows_the_file_rule() {
    let same = stdout(&run(&[
        "calc",
        "assets/worked-example.ron",
        "--scale",
        "110%",
    ]));
    let o = run(&["calc", "assets/worked-example.ron", "--scale", "1.1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), same);
    let o = run(&["calc", "assets/worked-example.ron", "--scale", "80"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: invalid value '80' for '--scale <SCALE>': `80` — did you mean 80%? A bare number in a percentage is a fraction (0.87 = 87%), so 80 would be 8000%\n\nFor more information, try '--help'.\n"
    );
    let o = run(&["calc", "assets/worked-example.ron", "--scale", "1200%"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: invalid value '1200%' for '--scale <SCALE>': `1200%` is 1200%, but the scale must be between 0% and 1000% (100% means attainment as projected)\n\nFor more information, try '--help'.\n"
    );
}

#[test]
fn validation_refuses_money_with_a_fraction_of_a_cent() {
    use rust_decimal_macros::dec;
    let mut s = cscomp_tui::scenario::parse(WORKED, "w").unwrap();
    s.team[0].ote = dec!(100000.005);
    s.team[0].book_arr = dec!(3200000.10);
    let found: Vec<String> = cscomp_tui::engine::validate(&s)
        .iter()
        .map(|f| f.to_string())
        .collect();
    assert_eq!(
        found,
        vec![
            "error[fraction-of-cent] team[0] (csm-01): ote is $100,000.005, which has a fraction of a cent; money is in dollars and cents, at most 2 decimals"
        ]
    );
}

#[test]
fn a_roster_and_a_scenario_refuse_a_malformed_number_alike() {
    let plan = cscomp_tui::scenario::parse(WORKED, "w").unwrap().plan;
    let csv = "id,name,level,ote,book_arr\ncsm-01,A,L,\"1,,0\",5\n";
    let e = cscomp_tui::input::roster::import_roster(&plan, csv).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "the roster has 1 problem; nothing was imported:\n  - row 2, column \"ote\", value \"1,,0\": `1,,0` is not a number (`,` must separate groups of three digits, as in 1,234,567.89); {FORMS}"
        )
    );
}

#[test]
fn implausible_attainments_are_warned_with_a_capped_list() {
    use rust_decimal_macros::dec;
    let mut s = cscomp_tui::scenario::sample();
    // A bare 87 read as the fraction 87 (8,700%) on GRR for twelve CSMs; and an expansion
    // actual of 1,000 against a $100,000 target (1%) for one.
    for c in s.team.iter_mut().take(12) {
        c.actuals.insert("grr".into(), dec!(87));
    }
    s.team[3].actuals.insert("expansion".into(), dec!(1000));
    assert!(cscomp_tui::engine::validate(&s).is_empty());
    let (_d, p) = write(cscomp_tui::scenario::to_ron(&s).as_bytes());
    let o = run(&["check", &p]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(
            "  [implausible-attainment] 12 of 15 CSMs have an actual for Gross revenue retention that puts their attainment below 5% or above 500% of target, which is more often a unit slip (87 for 87%) or a typo than a real projection: \
             csm-01 (9666.7%), csm-02 (9666.7%), csm-03 (9666.7%), csm-04 (9666.7%), csm-05 (9666.7%), csm-06 (9666.7%), csm-07 (9666.7%), csm-08 (9666.7%), csm-09 (9666.7%), csm-10 (9666.7%), and 2 more\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "  [implausible-attainment] 1 of 15 CSMs have an actual for Expansion ARR that puts their attainment below 5% or above 500% of target, which is more often a unit slip (87 for 87%) or a typo than a real projection: csm-04 (1.7%)\n"
        ),
        "{out}"
    );
}

#[test]
fn lower_is_better_is_implausible_only_far_above_its_target() {
    use cscomp_tui::engine::validate::implausible_attainment;
    use rust_decimal_macros::dec;
    let s = cscomp_tui::scenario::sample();
    let churn = s.plan.component("churn").unwrap();
    assert_eq!(implausible_attainment(churn, dec!(0), dec!(0.05)), None);
    assert_eq!(
        implausible_attainment(churn, dec!(0.0975), dec!(0.05)),
        None
    );
    assert_eq!(
        implausible_attainment(churn, dec!(5), dec!(0.05)),
        Some(dec!(0))
    );
    let grr = s.plan.component("grr").unwrap();
    assert_eq!(implausible_attainment(grr, dec!(0.045), dec!(0.9)), None);
    assert!(implausible_attainment(grr, dec!(0.044), dec!(0.9)).is_some());
    assert_eq!(implausible_attainment(grr, dec!(4.5), dec!(0.9)), None);
    assert!(implausible_attainment(grr, dec!(4.51), dec!(0.9)).is_some());
}
