//! Issue 10: what the tool writes — CSV cells that cannot run as formulas, ids from a safe
//! set, figures that add up as printed, and error lists of a readable length.

mod common;
use common::{run, stderr, stdout};
use cscomp_tui::engine::{self, Scenario};
use cscomp_tui::{report, roster, scenario};

const WORKED: &str = include_str!("../assets/worked-example.ron");

fn worked() -> Scenario {
    scenario::parse(WORKED, "w").unwrap()
}

fn write(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.ron");
    std::fs::write(&path, text).unwrap();
    (dir, path.display().to_string())
}

const ID_RULE: &str =
    "ids use only letters (a–z, A–Z), digits, `-` and `_`, and start with a letter or digit";

#[test]
fn ids_outside_the_safe_set_are_refused() {
    let text = WORKED
        .replace("\"grr\"", "\"=grr\"")
        .replace("\"activities\"", "\"-nps\"")
        .replace("csm-01", "csm 01");
    let (_d, p) = write(&text);
    let o = run(&["check", &p]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert_eq!(
        stderr(&o),
        format!(
            "error: scenario `{p}` cannot be computed (3 problems):\n  \
             - plan.components[0] (=grr): the id `=grr` is not allowed: {ID_RULE}\n  \
             - plan.components[1] (-nps): the id `-nps` is not allowed: {ID_RULE}\n  \
             - team[0] (csm 01): the id `csm 01` is not allowed: {ID_RULE}\n"
        )
    );
    // The samples and fixtures keep to the set.
    for f in ["assets/sample.ron", "assets/worked-example.ron"] {
        assert!(run(&["check", f]).status.success(), "{f}");
    }
}

#[test]
fn a_roster_id_outside_the_safe_set_is_refused() {
    let plan = worked().plan;
    let e = roster::import_roster(&plan, "id,name,level,ote,book_arr\n'=x,A,L,1,1\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "the roster has 1 problem; nothing was imported:\n  - row 2, column \"id\", value \"'=x\": the id `=x` is not allowed: {ID_RULE}"
        )
    );
}

#[test]
fn every_csv_cell_is_neutralised_headers_included() {
    // A scenario built without validation (as another program might): even then the header
    // cells made from ids cannot run as formulas.
    let mut s = worked();
    s.plan.components[0].id = "=grr".into();
    s.team[0].actuals.clear();
    s.team[0].id = "@x".into();
    let c = engine::compute_valid(&s);
    let csv = report::csv(&s, &c);
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header,
        "id,name,level,ote,base,target_variable,variable,spif,total,pct_of_ote,'=grr:attainment,'=grr:factor,'=grr:payout,activities:attainment,activities:factor,activities:payout,expansion:attainment,expansion:factor,expansion:payout"
    );
    assert!(csv.lines().nth(1).unwrap().starts_with("'@x,"), "{csv}");
    // Negative numbers are numbers, not formulas: left as they are.
    assert_eq!(report::safe_cell("-350.00"), "-350.00");
    assert_eq!(report::safe_cell("-12.5%"), "-12.5%");
    assert_eq!(report::safe_cell("-x"), "'-x");
    assert_eq!(report::safe_cell("-"), "'-");
    assert_eq!(report::safe_cell("+1"), "'+1");
    assert_eq!(report::safe_cell("-1-1"), "'-1-1");
}

#[test]
fn compare_csv_keeps_negative_changes_as_numbers() {
    let lower = WORKED.replace("\"92.7%\"", "\"85%\"");
    let (_d, p) = write(&lower);
    let o = run(&[
        "compare",
        "assets/worked-example.ron",
        &p,
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "id,name,level,total_1,total_2,change_2,change_pct_2\ncsm-01,Alex Morgan,CSM II,103960.00,103155.56,-804.44,-0.007738\n"
    );
}

#[test]
fn a_long_list_of_errors_is_cut_at_fifty() {
    let mut s = scenario::generate::generate(300);
    for c in &mut s.team {
        c.id = "dup".into();
    }
    let (_d, p) = write(&scenario::to_ron(&s));
    let o = run(&["check", &p]);
    assert_eq!(o.status.code(), Some(2));
    let mut want = format!("error: scenario `{p}` cannot be computed (299 problems):\n");
    for i in 1..=50 {
        want += &format!("  - team[{i}] (dup): the id `dup` is used by two CSMs\n");
    }
    want += "  … and 249 more\n";
    assert_eq!(stderr(&o), want);
}

#[test]
fn a_long_list_of_warnings_is_cut_at_fifty() {
    let w: Vec<engine::Finding> = (0..60)
        .map(|i| engine::Finding {
            severity: engine::validate::Severity::Warning,
            code: "missing-actual",
            location: format!("plan.components[{i}]"),
            message: format!("w{i}"),
        })
        .collect();
    let mut want = "\nWarnings (60):\n".to_string();
    for i in 0..50 {
        want += &format!("  [missing-actual] w{i}\n");
    }
    want += "  … and 10 more\n";
    assert_eq!(report::warnings_text(&w), want);
}
