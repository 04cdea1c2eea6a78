//! Roster import/export and plan statements: the library functions on the fixtures under
//! tests/fixtures/roster/, and the commands through the real binary.

use cscomp_tui::engine::{Csm, Scenario};
use cscomp_tui::input::roster::{export_roster, import_roster};
use cscomp_tui::output::statements::statement;
use cscomp_tui::scenario::{self, generate::generate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::Path;

mod common;
use common::{run, stderr, stdout};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/roster")
            .join(name),
    )
    .unwrap()
}

fn map(pairs: &[(&str, Decimal)]) -> cscomp_tui::engine::IdMap<Decimal> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn spifs(pairs: &[(&str, u32)]) -> cscomp_tui::engine::IdMap<u32> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[allow(clippy::too_many_arguments)]
fn csm(
    id: &str,
    name: &str,
    level: &str,
    ote: Decimal,
    book: Decimal,
    targets: &[(&str, Decimal)],
    actuals: &[(&str, Decimal)],
    events: &[(&str, u32)],
) -> Csm {
    Csm {
        start: None,
        arr: None,
        end: None,
        periods: Default::default(),
        id: id.into(),
        name: name.into(),
        level: level.into(),
        ote,
        book_arr: book,
        targets: map(targets),
        actuals: map(actuals),
        spifs: spifs(events),
    }
}

/// A scratch copy of a scenario file, in its own folder.
fn scratch(from: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.ron");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(from), &path).unwrap();
    (dir, path)
}

fn write_scenario(scn: &Scenario) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.ron");
    std::fs::write(&path, scenario::to_ron(scn)).unwrap();
    (dir, path)
}

#[test]
fn clean_roster_imports_exactly() {
    let plan = scenario::sample().plan;
    let got = import_roster(&plan, &fixture("clean.csv")).unwrap();
    assert!(got.ignored_columns.is_empty());
    assert_eq!(
        got.team,
        vec![
            csm(
                "csm-01",
                "Alex Morgan",
                "CSM II",
                dec!(100000),
                dec!(3200000),
                &[],
                &[
                    ("grr", dec!(0.927)),
                    ("churn", dec!(0.04)),
                    ("activities", dec!(0.84)),
                    ("expansion", dec!(130000)),
                    ("results", dec!(0.72)),
                    ("nps", dec!(42)),
                ],
                &[("c-level", 1)],
            ),
            csm(
                "csm-02",
                "Priya Raman",
                "CSM I",
                dec!(77000),
                dec!(1500000),
                &[("expansion", dec!(60000))],
                &[
                    ("grr", dec!(0.94)),
                    ("churn", dec!(0.02)),
                    ("activities", dec!(0.62)),
                    ("expansion", dec!(29000)),
                    ("results", dec!(0.75)),
                    ("nps", dec!(35)),
                ],
                &[("c-level", 2)],
            ),
            csm(
                "csm-03",
                "Jordan Lee",
                "Senior CSM",
                dec!(125000),
                dec!(4100000),
                &[("grr", dec!(0.92)), ("expansion", dec!(150000))],
                &[
                    ("grr", dec!(0.965)),
                    ("churn", dec!(0.03)),
                    ("activities", dec!(0.91)),
                    ("expansion", dec!(171000)),
                    ("results", dec!(0.81)),
                    ("nps", dec!(55)),
                ],
                &[],
            ),
        ]
    );
    // The first two rows are the sample's csm-01 and csm-02 as they are.
    assert_eq!(got.team[..2], scenario::sample().team[..2]);
}

#[test]
fn every_spreadsheet_quirk_is_accepted() {
    let text = fixture("quirks.csv");
    assert!(
        text.starts_with('\u{feff}') && text.contains("\r\n"),
        "the fixture keeps its BOM and CRLF"
    );
    let plan = scenario::sample().plan;
    let got = import_roster(&plan, &text).unwrap();
    assert_eq!(got.ignored_columns, vec!["Email"]);
    assert_eq!(
        got.team,
        vec![
            csm(
                "csm-01",
                "Morgan, Alex",
                "CSM II",
                dec!(100000),
                dec!(3200000),
                &[],
                &[
                    ("grr", dec!(0.927)),
                    ("churn", dec!(0.04)),
                    ("expansion", dec!(130000)),
                    ("nps", dec!(42)),
                ],
                &[("c-level", 1)],
            ),
            csm(
                "csm-02",
                "Priya Raman",
                "CSM I",
                dec!(77000.50),
                dec!(1500000),
                &[("expansion", dec!(60000))],
                &[
                    ("grr", dec!(0.94)),
                    ("churn", dec!(0.025)),
                    ("expansion", dec!(29000)),
                ],
                &[],
            ),
            csm(
                "csm-03",
                "=SUM(A1)",
                "Senior CSM",
                dec!(82000),
                dec!(1300000),
                &[],
                &[("grr", dec!(0.925)), ("nps", dec!(-12))],
                &[("c-level", 0)],
            ),
            csm(
                "csm-04",
                "Jordan \"JJ\" Lee",
                "CSM II",
                dec!(95000),
                dec!(2000000),
                &[],
                &[("grr", dec!(0.88))],
                &[("c-level", 3)],
            ),
        ]
    );
}

const ERRORS_REPORT: &str = "the roster has 14 problems; nothing was imported:
  - row 3, column \"name\", value \"\": this cell is required
  - row 3, column \"ote\", value \"-77000\": money cannot be negative
  - row 3, column \"target:expansion\", value \"0\": a target must be above zero (attainment is actual ÷ target); leave the cell blank to use the plan's target
  - row 4, column \"book_arr\", value \"abc\": `abc` is not a number; write it like 1234.56, 1,234.56, -3, (1,234.56) for -1234.56, 0.25 or 25%, and money also like $1,234.56, $ 1,234.56, USD 1,234.56, 1,234.56 USD, 1.6M or 1,600k (`,` or `_` only between groups of three digits)
  - row 4, column \"actual:grr\", value \"87\": `87` — did you mean 87%? A bare number in a percentage is a fraction (0.87 = 87%), so 87 would be 8700%
  - row 4, column \"spif:c-level\", value \"1.5\": a SPIF count is a whole number of events
  - row 4, column \"id\", value \"csm-01\": the id is already used on row 2; ids must be unique
  - row 5, column \"ote\", value \"$76,000.555\": `$76,000.555` has a fraction of a cent: money is in dollars and cents, at most 2 decimals
  - row 5, column \"actual:expansion\", value \"-28000\": money cannot be negative
  - row 5, column \"actual:nps\", value \"51%\": this column is a plain number, not a percentage or dollars
  - row 5, column \"spif:c-level\", value \"-1\": a SPIF count cannot be negative
  - row 6: the row has 12 cells but the header has 11 columns
  - row 6, column \"target:expansion\", value \"50%\": this column is in dollars, not a percentage
  - row 6, column \"actual:churn\", value \"$6\": this column is a percentage, not dollars";

#[test]
fn errors_on_several_rows_are_all_listed() {
    let plan = scenario::sample().plan;
    let e = import_roster(&plan, &fixture("errors.csv")).unwrap_err();
    assert_eq!(e.to_string(), ERRORS_REPORT);
}

#[test]
fn header_errors_are_all_listed() {
    let plan = scenario::sample().plan;
    let e = import_roster(&plan, &fixture("bad-header.csv")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the roster has 5 problems; nothing was imported:
  - row 1, column \"actual:gross\": the plan has no metric `gross` (it has: grr, churn, activities, expansion, results, nps)
  - row 1, column \"spif:lunch\": the plan has no SPIF `lunch` (it has: c-level)
  - row 1, column \"foo:bar\": unknown column: a column with a `:` must start with `target:`, `actual:` or `spif:`
  - row 1, column \"NAME\": columns 2 (\"Name\") and 9 (\"NAME\") both mean `name`; keep one
  - row 1: the header has no `book_arr` column, which is required"
    );
}

#[test]
fn empty_and_header_only_files_are_refused() {
    let plan = scenario::sample().plan;
    for (text, msg) in [
        ("", "the file is empty: it has no header row"),
        (
            "\u{feff}\r\n,,\r\n",
            "the file is empty: it has no header row",
        ),
        (
            "id;name;level;ote;book_arr\ncsm-01;A;B;1;1\n",
            "row 1: the columns are separated by ';', not commas; save the sheet as \"CSV UTF-8 (comma delimited)\"",
        ),
        (
            "id,name,level,ote,book_arr\r\n,,,,\r\n",
            "the file has a header but no CSM rows; nothing to import",
        ),
    ] {
        let e = import_roster(&plan, text).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("the roster has 1 problem; nothing was imported:\n  - {msg}")
        );
    }
}

#[test]
fn limits_control_characters_and_unheaded_columns() {
    let plan = scenario::sample().plan;
    let text = "id,name,level,ote,book_arr,spif:c-level,,\n\
                csm-01,\"Two\nlines\",CSM I,1000000001,1000000000001,1000001,,x\n";
    let e = import_roster(&plan, text).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the roster has 5 problems; nothing was imported:
  - row 2, column \"name\", value \"Two\\nlines\": contains a line break (U+000A); a name is one line of visible text: remove it
  - row 2, column \"ote\", value \"1000000001\": is above the limit of $1,000,000,000.00
  - row 2, column \"book_arr\", value \"1000000000001\": is above the limit of $1,000,000,000,000.00
  - row 2, column \"spif:c-level\", value \"1000001\": is more than the limit of 1000000 events
  - row 2, value \"x\": column 8 has values but no header; name it or remove it"
    );
}

#[test]
fn a_long_report_is_capped_at_50() {
    let plan = scenario::sample().plan;
    let mut text = String::from("id,name,level,ote,book_arr\n");
    for i in 0..60 {
        text += &format!("csm-{i},Name,CSM I,-1,100\n");
    }
    let e = import_roster(&plan, &text).unwrap_err();
    assert_eq!(e.problems.len(), 60);
    let s = e.to_string();
    assert_eq!(s.lines().count(), 1 + 50 + 1, "{s}");
    assert!(s.starts_with("the roster has 60 problems; nothing was imported:\n  - row 2, column \"ote\", value \"-1\": money cannot be negative\n"));
    assert!(
        s.ends_with(
            "\n  - row 51, column \"ote\", value \"-1\": money cannot be negative\n  … and 10 more"
        ),
        "{s}"
    );
}

fn round_trip(scn: &Scenario) {
    let csv = export_roster(&scn.plan, &scn.team);
    let back = import_roster(&scn.plan, &csv).unwrap_or_else(|e| panic!("{e}\n{csv}"));
    assert_eq!(back.team, scn.team);
    assert!(back.ignored_columns.is_empty());
    // And the text is stable: exporting the imported team gives the same bytes.
    assert_eq!(export_roster(&scn.plan, &back.team), csv);
}

#[test]
fn export_then_import_gives_the_identical_team() {
    round_trip(&scenario::sample());
    round_trip(&scenario::parse(include_str!("../assets/worked-example.ron"), "w").unwrap());
    let big = generate(200);
    round_trip(&big);
    // Formula-like text, apostrophes and quotes survive; the export neutralises them.
    let mut scn = generate(8);
    let names = [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+1",
        "-x",
        "@SUM(A1)",
        "'=already quoted",
        "''-two",
        "'plain",
        "O'Brien, \"Bob\"",
    ];
    for (c, n) in scn.team.iter_mut().zip(names) {
        c.name = n.to_string();
    }
    scn.team[2].level = "=1+1".into();
    round_trip(&scn);
    let csv = export_roster(&scn.plan, &scn.team);
    for line in csv.lines().skip(1) {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '@', '\t', '\r']),
                "{cell} in {line}"
            );
            assert!(
                !cell.starts_with('-') || cell.parse::<f64>().is_ok(),
                "{cell}"
            );
        }
    }
    assert!(
        csv.contains("\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",")
            || csv.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","),
        "{csv}"
    );
}

#[test]
fn generated_team_export_text_is_exact() {
    let scn = generate(6);
    assert_eq!(
        export_roster(&scn.plan, &scn.team[4..]),
        "id,name,level,ote,book_arr,target:grr,target:churn,target:activities,target:expansion,target:results,target:nps,actual:grr,actual:churn,actual:activities,actual:expansion,actual:results,actual:nps,spif:c-level\n\
         csm-00005,Ravi O'Brien,CSM I,72000.00,2232000.00,,,,60000,,,84.3%,5.8%,79%,63600,77%,30,1\n\
         csm-00006,Lena Chen,CSM I,85000.00,2635000.00,,,,60000,,,84.2%,7.8%,99%,63000,56%,59,1\n"
    );
}

// ---- Through the binary ----------------------------------------------------------------

#[test]
fn cli_import_replaces_the_team_and_keeps_a_backup() {
    let (_d, path) = scratch("assets/sample.ron");
    let p = path.to_str().unwrap();
    let before = std::fs::read(&path).unwrap();
    let o = run(&[
        "import-roster",
        "tests/fixtures/roster/quirks.csv",
        "--into",
        p,
        "--dry-run",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "a dry run writes nothing"
    );
    assert!(!Path::new(&format!("{p}.bak")).exists());
    let dry = stdout(&o);
    assert!(dry.starts_with("Ignored columns (not used by cscomp-tui): Email\nDry run: importing `tests/fixtures/roster/quirks.csv` into `"), "{dry}");
    assert!(dry.ends_with("Nothing was written.\n"), "{dry}");

    let o = run(&[
        "import-roster",
        "tests/fixtures/roster/clean.csv",
        "--into",
        p,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!(
            "Imported `tests/fixtures/roster/clean.csv` into `{p}`, replacing its team of 15 CSMs with 3 CSMs:
  added: 0
  removed: 12 (csm-04, csm-05, csm-06, csm-07, csm-08, csm-09, csm-10, csm-11, csm-12, csm-13, csm-14, csm-15)
  changed: 1 (csm-03 [level, ote, book_arr, target:grr, target:expansion, actual:grr, actual:churn, actual:activities, actual:expansion, actual:results, actual:nps])
  unchanged: 2
Team cash cost: $1,566,307.04 → $309,195.77
The previous file is kept as `{p}.bak`.
"
        )
    );
    assert_eq!(std::fs::read(format!("{p}.bak")).unwrap(), before);
    let now = scenario::load(&path).unwrap();
    let plan = scenario::sample().plan;
    assert_eq!(
        now.team,
        import_roster(&plan, &fixture("clean.csv")).unwrap().team
    );
    assert_eq!(now.plan, plan, "only the team changes");
    // The roster file now exports back to the fixture's rows.
    let o = run(&["export-roster", p]);
    assert_eq!(stdout(&o), fixture("clean.csv"));
}

#[test]
fn cli_import_with_errors_changes_nothing() {
    let (_d, path) = scratch("assets/sample.ron");
    let p = path.to_str().unwrap();
    let before = std::fs::read(&path).unwrap();
    for dry in [false, true] {
        let mut args = vec![
            "import-roster",
            "tests/fixtures/roster/errors.csv",
            "--into",
            p,
        ];
        if dry {
            args.push("--dry-run");
        }
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(
            stderr(&o),
            format!(
                "error: cannot import `tests/fixtures/roster/errors.csv` into `{p}`: {ERRORS_REPORT}\n"
            )
        );
        assert!(stdout(&o).is_empty());
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the scenario's bytes are unchanged"
        );
        assert!(!Path::new(&format!("{p}.bak")).exists());
    }
}

#[test]
fn cli_bad_files_get_clear_errors() {
    let (d, path) = scratch("assets/sample.ron");
    let p = path.to_str().unwrap();
    let latin1 = d.path().join("latin1.csv");
    std::fs::write(
        &latin1,
        b"id,name,level,ote,book_arr\ncsm-01,Ren\xe9e,CSM I,1,1\n",
    )
    .unwrap();
    let o = run(&["import-roster", latin1.to_str().unwrap(), "--into", p]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: roster `{}` is not UTF-8 text (invalid byte at offset 37); in a spreadsheet, save it as \"CSV UTF-8\"\n",
            latin1.display()
        )
    );
    let o = run(&["import-roster", "no-such.csv", "--into", p]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: cannot read roster `no-such.csv`: no such file\n"
    );
    let o = run(&[
        "import-roster",
        "tests/fixtures/roster/clean.csv",
        "--into",
        "tests/fixtures/weights-sum.ron",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the weights add up to 105%"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn cli_export_import_round_trip_keeps_the_file_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("big.ron");
    let fs = f.to_str().unwrap();
    assert!(run(&["new", fs, "--team-size", "200"]).status.success());
    let before = std::fs::read(&f).unwrap();
    let csv = dir.path().join("big.csv");
    let cs = csv.to_str().unwrap();
    let o = run(&["export-roster", fs, "--out", cs]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!("Wrote 200 CSMs to {cs}.\n"));
    let o = run(&["export-roster", fs, "--out", cs]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists; pass --force"));
    assert!(
        run(&["export-roster", fs, "--out", cs, "--force"])
            .status
            .success()
    );
    let o = run(&["import-roster", cs, "--into", fs]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("\n  added: 0\n  removed: 0\n  changed: 0\n  unchanged: 200\n"),
        "{}",
        stdout(&o)
    );
    assert_eq!(std::fs::read(&f).unwrap(), before);
}

#[test]
fn csv_outputs_neutralise_formulas() {
    let mut scn = scenario::parse(include_str!("../assets/worked-example.ron"), "w").unwrap();
    scn.team[0].name = "=HYPERLINK(\"http://x\",\"y\")".into();
    scn.team[0].level = "@evil".into();
    let (_d, path) = write_scenario(&scn);
    let p = path.to_str().unwrap();
    let o = run(&["calc", p, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).lines().nth(1).unwrap(),
        "csm-01,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'@evil,100000.00,80000.00,20000.00,23960.00,0.00,103960.00,1.0396,1.03,1.045,8360.00,1.05,1,6000.00,1.3,1.6,9600.00"
    );
    let o = run(&["export-roster", p]);
    assert_eq!(
        stdout(&o),
        "id,name,level,ote,book_arr,target:grr,target:activities,target:expansion,actual:grr,actual:activities,actual:expansion\n\
         csm-01,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'@evil,100000.00,3200000.00,,,,92.7%,84%,130000\n"
    );
    // And it imports back to the same name.
    let back = import_roster(&scn.plan, &stdout(&o)).unwrap();
    assert_eq!(back.team, scn.team);
}

const WORKED_EXAMPLE_STATEMENT: &str = r#"# Pay plan statement: Alex Morgan

How you are paid under the plan **Worked example**. The pay figures below are projections from the plan and the results projected for you, not a promise of pay: what you are paid depends on the results you actually reach.

| | |
| --- | --- |
| CSM | Alex Morgan (csm-01) |
| Level | CSM II |
| Plan | Worked example |
| On-target earnings (OTE) | $100,000.00 |
| Base salary | $80,000.00 |
| Target variable pay | $20,000.00 |

**OTE split: 80% base salary, 20% variable pay.** Your base salary is $80,000.00 (80% of your OTE); the other $20,000.00 is your target variable pay, earned through the metrics below. If every metric comes in at exactly 100% of its target, you earn your OTE of $100,000.00.

## How your variable pay is earned

### 1. Gross revenue retention — 40% of your variable pay ($8,000.00 at target)

- Target: 90%.
- Higher is better: attainment is your actual ÷ your target.
- Payout: Below 50% of target this pays nothing; from there it pays 1% of its target variable pay per 1% of target (50% at 50% of target), and 1.5% per 1% above 100% of target, up to 150% of its target variable pay (reached at 133.3% of target).
- Your projection: 92.7%, which is 103% of target and pays 104.5% of its target variable pay: $8,360.00.

### 2. Key activities: written results strategy — 30% of your variable pay ($6,000.00 at target)

- Target: 80%.
- Higher is better: attainment is your actual ÷ your target.
- Payout: Below 80% of target this pays nothing; it pays 50% of its target variable pay from 80% of target, 100% from 100%, and 120% from 110%. Between steps the lower one applies: 90% of target still pays 50%.
- Your projection: 84%, which is 105% of target and pays 100% of its target variable pay: $6,000.00.

### 3. Expansion ARR — 30% of your variable pay ($6,000.00 at target)

- Target: $100,000.00.
- Higher is better: attainment is your actual ÷ your target.
- Payout: It pays 1% of its target variable pay per 1% of target, and 2% per 1% above 100% of target, up to 200% of its target variable pay (reached at 150% of target).
- Your projection: $130,000.00, which is 130% of target and pays 160% of its target variable pay: $9,600.00.

## SPIFs

This plan has no SPIFs.

## Your projected pay

| Part | Amount | % of OTE |
| --- | ---: | ---: |
| Base salary | $80,000.00 | 80.0% |
| Gross revenue retention | $8,360.00 | 8.4% |
| Key activities: written results strategy | $6,000.00 | 6.0% |
| Expansion ARR | $9,600.00 | 9.6% |
| **Total** | **$103,960.00** | **104.0%** |

## What you would earn

If every metric came in at exactly the same share of its target (before SPIFs):

| Every metric at | Variable pay | Total pay | % of OTE |
| --- | ---: | ---: | ---: |
| 80% of target | $14,200.00 | $94,200.00 | 94.2% |
| 100% of target | $20,000.00 | $100,000.00 | 100.0% |
| 120% of target | $26,000.00 | $106,000.00 | 106.0% |

If your projections came in 20% lower or higher (every attainment multiplied by 0.8 or 1.2), SPIFs as projected:

| Projection | Total pay | % of OTE |
| --- | ---: | ---: |
| 20% lower | $96,072.00 | 96.1% |
| As projected | $103,960.00 | 104.0% |
| 20% higher | $110,032.00 | 110.0% |

- Worst case (every metric pays nothing, no SPIFs): $80,000.00, 80.0% of your OTE.
- Best case (every metric at its cap, every SPIF at its limit): $111,200.00, 111.2% of your OTE.
"#;

#[test]
fn worked_example_statement_text_is_exact() {
    let scn = scenario::parse(include_str!("../assets/worked-example.ron"), "w").unwrap();
    assert_eq!(statement(&scn, 0).unwrap(), WORKED_EXAMPLE_STATEMENT);
    assert_eq!(statement(&scn, 1), None);
}

#[test]
fn cli_statements_write_one_file_per_csm() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("statements");
    let os = out.to_str().unwrap();
    let o = run(&["statements", "assets/worked-example.ron", "--out", os]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!("Wrote 1 statement to {os} (csm-01.md).\n")
    );
    assert_eq!(
        std::fs::read_to_string(out.join("csm-01.md")).unwrap(),
        WORKED_EXAMPLE_STATEMENT
    );

    let o = run(&["statements", "assets/sample.ron", "--out", os]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!("Wrote 15 statements to {os} (csm-01.md … csm-15.md).\n")
    );
    let n = std::fs::read_dir(&out).unwrap().count();
    assert_eq!(n, 15);
}

#[test]
fn statement_file_names_cannot_escape_the_folder() {
    // Validation refuses such ids; the file names are safe even for a
    // scenario built without it.
    let mut scn = generate(5);
    scn.team[0].id = "../../escape".into();
    scn.team[1].id = "/etc/passwd".into();
    scn.team[2].id = "a\\b\u{7}".into();
    scn.team[3].id = "..".into();
    assert_eq!(
        cscomp_tui::output::statements::file_names(&scn),
        vec![
            "_._.__escape.md",
            "_etc_passwd.md",
            "a_b_.md",
            "_.md",
            "csm-00005.md"
        ]
    );
    let (d, path) = write_scenario(&scn);
    let o = run(&[
        "statements",
        path.to_str().unwrap(),
        "--out",
        d.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: scenario `{}` cannot be computed (4 problems):\n  \
             - team[0] (../../escape): the id `../../escape` is not allowed: ids use only letters (a–z, A–Z), digits, `-` and `_`, and start with a letter or digit\n  \
             - team[1] (/etc/passwd): the id `/etc/passwd` is not allowed: ids use only letters (a–z, A–Z), digits, `-` and `_`, and start with a letter or digit\n  \
             - team[2] (a\\b\\u{{7}}): the id `a\\b\\u{{7}}` is not allowed: ids use only letters (a–z, A–Z), digits, `-` and `_`, and start with a letter or digit\n  \
             - team[3] (..): the id `..` is not allowed: ids use only letters (a–z, A–Z), digits, `-` and `_`, and start with a letter or digit\n",
            path.display()
        )
    );
}

#[test]
fn statements_are_written_inside_the_folder() {
    let scn = generate(4);
    let (d, path) = write_scenario(&scn);
    let out = d.path().join("out");
    let o = run(&[
        "statements",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "csm-00001.md",
            "csm-00002.md",
            "csm-00003.md",
            "csm-00004.md"
        ]
    );
    let mut top: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    top.sort();
    assert_eq!(top, vec!["out", "team.ron"]);
}

/// Every statement of the sample, also under a bonus-on-top mix: the plan named, the
/// figures called projections, one term for the variable part, no "per period".
#[test]
fn statements_name_the_plan_call_figures_projections_and_say_variable_pay() {
    let mut scn = scenario::sample();
    for basis in [
        cscomp_tui::engine::Basis::OteSplit,
        cscomp_tui::engine::Basis::BonusOnTop,
    ] {
        scn.plan.mix.basis = basis;
        scn.plan.level_mix.clear();
        for i in 0..scn.team.len() {
            let s = statement(&scn, i).unwrap();
            assert!(
                s.contains("\n\nHow you are paid under the plan **Sample team FY27**. The pay figures below are projections from the plan and the results projected for you, not a promise of pay: what you are paid depends on the results you actually reach.\n\n"),
                "{s}"
            );
            assert!(s.contains("\n| Plan | Sample team FY27 |\n"), "{s}");
            assert!(s.contains("\n| Target variable pay | $"), "{s}");
            for word in ["bonus", "at risk", "period", "Target variable |"] {
                let without_basis = s.replace("**Bonus on top:", "");
                assert!(!without_basis.contains(word), "{word:?} in:\n{s}");
            }
        }
    }
    // A scenario without a name says "this plan" and has no Plan row.
    scn.name = " ".into();
    let s = statement(&scn, 0).unwrap();
    assert!(
        s.contains("\n\nHow you are paid under this plan. The pay"),
        "{s}"
    );
    assert!(!s.contains("| Plan |"), "{s}");
}

#[test]
fn statements_explain_own_targets_lower_is_better_spifs_and_bonus_on_top() {
    let mut scn = scenario::sample();
    let s = statement(&scn, 1).unwrap();
    for needle in [
        "# Pay plan statement: Priya Raman\n",
        "\n- Target: $60,000.00 (your own target; the plan's is $100,000.00).\n",
        "\n- Lower is better: attainment is 2 − actual ÷ target, so 5% counts as 100% of target, 2.5% as 150%, 0% as 200%, and 10% or more as 0%.\n",
        "\n- Meeting booked with a customer's C-level executive: $500.00 per event, at most 4 events are paid. Your projection: 2 events → $1,000.00.\n",
        "\n| **Total** | **$73,832.84** | **95.9%** |\n",
    ] {
        assert!(s.contains(needle), "expected {needle:?} in:\n{s}");
    }
    scn.plan.mix.basis = cscomp_tui::engine::Basis::BonusOnTop;
    scn.plan.level_mix.clear();
    scn.assumptions.attainment_scale = dec!(1.1);
    scn.plan.components[3].curve = cscomp_tui::engine::Curve::Tiered {
        threshold: dec!(0),
        mode: Default::default(),
        tiers: vec![cscomp_tui::engine::Tier {
            from: dec!(0),
            rate: dec!(1),
        }],
        cap: None,
    };
    let s = statement(&scn, 1).unwrap();
    for needle in [
        "**Bonus on top: your full OTE as base salary, plus variable pay of 20% of OTE.** Your base salary is your full OTE of $77,000.00; on top of it comes a target variable pay of $15,400.00 (20% of OTE), earned through the metrics below. If every metric comes in at exactly 100% of its target, you earn $92,400.00.",
        "\nYour projections below include the plan's attainment scale of 110%: every attainment is multiplied by 1.1.\n",
        "- Payout: It pays 1% of its target variable pay per 1% of target, with no cap.\n",
        "- Worst case (every metric pays nothing, no SPIFs): $77,000.00, 100.0% of your OTE.\n",
        "- Best case: there is no ceiling, because Expansion ARR has no cap.\n",
    ] {
        assert!(s.contains(needle), "expected {needle:?} in:\n{s}");
    }
}

/// An index into a pool whose first `valid` entries are accepted values: mostly those,
/// sometimes one of the rest.
fn pick(valid: usize, all: usize) -> impl Strategy<Value = usize> {
    prop_oneof![15 => 0..valid, 1 => valid..all]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(400)))]

    /// Whatever the cells, an accepted roster is one the engine accepts: the import's own
    /// checks cover every rule `engine::validate` applies to a CSM.
    #[test]
    fn accepted_rosters_pass_engine_validate(
        rows in proptest::collection::vec(
            (
                pick(4, 6),
                pick(5, 9),
                pick(5, 9),
                pick(6, 12),
                pick(6, 12),
                pick(5, 11),
                pick(4, 8),
            ),
            1..5,
        )
    ) {
        // Valid values first (the limits themselves among them), then refused ones.
        let ids = ["csm-1", "csm-2", " csm-3 ", "'=y", "", "a\tb"];
        let money = ["100000", "$120,000", "77,000.50", "0", "1000000000", "-5", "1e5", "1000000001", "1.234"];
        // A tiny target next to an ordinary actual is more than 1,000 times off.
        let pct = ["92.5%", "0.9", "", "10", "-0.5%", "0.0001%", "95", "$5", "0", "abc", "-3", "1000%%"];
        let dollars = ["95", "", "999999999999999", "1000000000000000", "$60,000", "-1", "92.5%", "0", "1000000000000001", "x", "-0"];
        let events = ["1", "0", "", "1000000", "-1", "1.5", "1000001", "3%"];
        let mut text = String::from("id,name,level,ote,book_arr,target:grr,actual:grr,target:expansion,spif:c-level\n");
        for (i, o, b, tg, ag, te, e) in &rows {
            text += &format!(
                "{},Name,CSM I,\"{}\",\"{}\",\"{}\",\"{}\",\"{}\",{}\n",
                ids[*i], money[*o], money[*b], pct[*tg], pct[*ag], dollars[*te], events[*e]
            );
        }
        let mut scn = scenario::sample();
        match import_roster(&scn.plan, &text) {
            Ok(r) => {
                prop_assert_eq!(r.team.len(), rows.len());
                scn.team = r.team;
                let findings = cscomp_tui::engine::validate(&scn);
                prop_assert!(findings.is_empty(), "{:?}\n{}", findings, text);
            }
            Err(e) => prop_assert!(!e.problems.is_empty()),
        }
    }
}

/// A sheet with blank rows and a quoted cell over two lines, with the given line ends: the
/// problems are on sheet rows 4, 5, 7 and 10 (the two-line cell is one row, row 5).
fn sheet_with_blank_rows(eol: &str) -> String {
    [
        "id,name,level,ote,book_arr",
        "csm-01,A,CSM I,100000,1000",
        "",
        "csm-02,B,CSM I,-1,1000",
        &format!("csm-03,\"Two{eol}lines\",CSM I,1000,1000"),
        "",
        "csm-04,D,CSM I,abc,1000",
        "",
        "",
        "csm-01,E,CSM I,1,1",
    ]
    .join(eol)
        + eol
}

#[test]
fn row_numbers_are_the_sheets_whatever_the_line_ends() {
    let plan = scenario::sample().plan;
    for (what, eol) in [("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r")] {
        let e = import_roster(&plan, &sheet_with_blank_rows(eol)).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "the roster has 4 problems; nothing was imported:
  - row 4, column \"ote\", value \"-1\": money cannot be negative
  - row 5, column \"name\", value {:?}: contains {}; a name is one line of visible text: remove it
  - row 7, column \"ote\", value \"abc\": `abc` is not a number; write it like 1234.56, 1,234.56, -3, (1,234.56) for -1234.56, 0.25 or 25%, and money also like $1,234.56, $ 1,234.56, USD 1,234.56, 1,234.56 USD, 1.6M or 1,600k (`,` or `_` only between groups of three digits)
  - row 10, column \"id\", value \"csm-01\": the id is already used on row 2; ids must be unique",
                format!("Two{eol}lines"),
                if what == "LF" {
                    "a line break (U+000A)"
                } else {
                    "a carriage return (U+000D)"
                }
            ),
            "{what}"
        );
    }
}

#[test]
fn row_numbers_count_blank_rows_above_the_header_and_a_missing_last_line_end() {
    let plan = scenario::sample().plan;
    for eol in ["\n", "\r\n", "\r"] {
        let text = [
            "",
            "",
            "id,name,level,ote,book_arr",
            "csm-01,A,CSM I,1,1",
            "csm-02,B,CSM I,-1,1",
        ]
        .join(eol);
        let e = import_roster(&plan, &format!("\u{feff}{text}")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the roster has 1 problem; nothing was imported:
  - row 5, column \"ote\", value \"-1\": money cannot be negative",
            "{eol:?}"
        );
        let e = import_roster(&plan, &format!("{eol}id;name{eol}x;y")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the roster has 1 problem; nothing was imported:
  - row 2: the columns are separated by ';', not commas; save the sheet as \"CSV UTF-8 (comma delimited)\"",
            "{eol:?}"
        );
    }
}

#[test]
fn headers_match_as_people_write_them() {
    let plan = scenario::sample().plan;
    let row = "csm-01,Alex Morgan,CSM II,100000,3200000,$60000,92.7%,1\n";
    let want = vec![csm(
        "csm-01",
        "Alex Morgan",
        "CSM II",
        dec!(100000),
        dec!(3200000),
        &[("expansion", dec!(60000))],
        &[("grr", dec!(0.927))],
        &[("c-level", 1)],
    )];
    for book in [
        "book_arr",
        "Book ARR",
        "book arr",
        "Book_ARR",
        " book-arr ",
        "BOOK - ARR",
    ] {
        for (target, actual, spif) in [
            ("target:expansion", "actual:grr", "spif:c-level"),
            ("Target: Expansion", "Actual:GRR", "SPIF:C Level"),
            ("TARGET : expansion", " actual : grr ", "Spif:c_level"),
        ] {
            let text = format!("ID,Name,LEVEL,Ote,\"{book}\",{target},{actual},{spif}\n{row}");
            let got = import_roster(&plan, &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
            assert_eq!(got.team, want, "{text}");
            assert!(got.ignored_columns.is_empty(), "{text}");
        }
    }
}

#[test]
fn headers_that_fold_to_the_same_column_are_refused_naming_both() {
    let plan = scenario::sample().plan;
    let text =
        "id,name,level,ote,Book ARR,actual:grr,Actual: GRR,book_arr\ncsm-01,A,B,1,1,90%,90%,1\n";
    let e = import_roster(&plan, text).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the roster has 2 problems; nothing was imported:
  - row 1, column \"Actual: GRR\": columns 6 (\"actual:grr\") and 7 (\"Actual: GRR\") both mean `actual:grr`; keep one
  - row 1, column \"book_arr\": columns 5 (\"Book ARR\") and 8 (\"book_arr\") both mean `book_arr`; keep one"
    );
    // A metric id that folds to two of the plan's ids names both.
    let mut plan = plan;
    plan.components[1].id = "new-logo".into();
    plan.components[2].id = "new_logo".into();
    let e = import_roster(&plan, "id,name,level,ote,book_arr,actual:New Logo\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "the roster has 1 problem; nothing was imported:
  - row 1, column \"actual:New Logo\": `New Logo` could be the plan's metric `new-logo` or `new_logo`; write the id exactly"
    );
    let got = import_roster(
        &plan,
        "id,name,level,ote,book_arr,actual:new_logo\ncsm-01,A,B,1,1,5%\n",
    )
    .unwrap();
    assert_eq!(got.team[0].actuals, map(&[("new_logo", dec!(0.05))]));
}

#[test]
fn metric_and_spif_columns_may_name_them_by_name() {
    let plan = scenario::sample().plan;
    let got = import_roster(
        &plan,
        "id,name,level,ote,book_arr,actual:gross revenue  retention,Target: Expansion ARR,spif:Meeting booked with a customer's C-level executive\n\
         csm-01,A,CSM I,1,1,90%,$50000,2\n",
    )
    .unwrap();
    assert_eq!(got.team[0].actuals, map(&[("grr", dec!(0.9))]));
    assert_eq!(got.team[0].targets, map(&[("expansion", dec!(50000))]));
    assert_eq!(got.team[0].spifs, spifs(&[("c-level", 2)]));
}

/// The sample's roster without its `target:` columns.
fn sample_roster_without_targets() -> String {
    let scn = scenario::sample();
    let csv = export_roster(&scn.plan, &scn.team);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let mut w = csv::Writer::from_writer(Vec::new());
    for rec in r.records() {
        let rec = rec.unwrap();
        let keep: Vec<&str> = rec
            .iter()
            .enumerate()
            .filter(|(j, _)| !(5..11).contains(j))
            .map(|(_, c)| c)
            .collect();
        w.write_record(keep).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn leaving_out_target_columns_warns_that_own_targets_are_cleared() {
    let text = sample_roster_without_targets();
    assert!(
        text.starts_with("id,name,level,ote,book_arr,actual:grr,"),
        "{text}"
    );
    let scn = scenario::sample();
    let imported = import_roster(&scn.plan, &text).unwrap();
    assert_eq!(
        imported.absent_columns,
        ["grr", "churn", "activities", "expansion", "results", "nps"]
            .map(|m| format!("target:{m}"))
    );
    let cleared = cscomp_tui::input::roster::cleared(&scn.plan, &scn.team, &imported);
    assert_eq!(cleared.len(), 1);
    const WOULD: &str = "the roster has no `target:expansion` column: the own targets of 10 CSMs (csm-02, csm-03, csm-04, csm-05, csm-10, csm-11, csm-12, csm-13, csm-14, csm-15) would be cleared, and they would get the plan's targets";
    assert_eq!(cleared[0].message(false), WOULD);
    // Nothing is cleared when the team had no own targets there, or the CSMs are new.
    assert!(cscomp_tui::input::roster::cleared(&scn.plan, &[], &imported).is_empty());

    let (d, path) = scratch("assets/sample.ron");
    let p = path.to_str().unwrap();
    let csv_path = d.path().join("team.csv");
    std::fs::write(&csv_path, &text).unwrap();
    let c = csv_path.to_str().unwrap();
    let o = run(&["import-roster", c, "--into", p, "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let changed = "csm-02 [target:expansion], csm-03 [target:expansion], csm-04 [target:expansion], csm-05 [target:expansion], csm-10 [target:expansion], csm-11 [target:expansion], csm-12 [target:expansion], csm-13 [target:expansion], csm-14 [target:expansion], csm-15 [target:expansion]";
    let cash = "Team cash cost: $1,566,307.04 → $1,577,896.37";
    assert_eq!(
        stdout(&o),
        format!(
            "Dry run: importing `{c}` into `{p}` would replace its team of 15 CSMs with 15 CSMs:
  added: 0
  removed: 0
  changed: 10 ({changed})
  unchanged: 5
{cash}
Warning: {WOULD}.
Nothing was written.
"
        )
    );
    let o = run(&["import-roster", c, "--into", p]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!(
            "Imported `{c}` into `{p}`, replacing its team of 15 CSMs with 15 CSMs:
  added: 0
  removed: 0
  changed: 10 ({changed})
  unchanged: 5
{cash}
Warning: the roster has no `target:expansion` column: the own targets of 10 CSMs (csm-02, csm-03, csm-04, csm-05, csm-10, csm-11, csm-12, csm-13, csm-14, csm-15) were cleared, and they now get the plan's targets.
The previous file is kept as `{p}.bak`.
"
        )
    );
    assert!(
        scenario::load(&path)
            .unwrap()
            .team
            .iter()
            .all(|c| c.targets.is_empty())
    );
}

// ---- statements of a plan with periods -------------------------------------

fn quarterly() -> Scenario {
    scenario::parse(include_str!("../assets/quarterly.ron"), "q").unwrap()
}

fn index_of(scn: &Scenario, id: &str) -> usize {
    scn.team.iter().position(|c| c.id == id).unwrap()
}

/// Asserts that `s` holds `block` (several whole lines) exactly.
#[track_caller]
fn has_block(s: &str, block: &str) {
    assert!(s.contains(block), "missing:\n{block}\nin:\n{s}");
}

/// The money amounts of a table's rows below `heading` in one column (0 = first), until the
/// bold total row, and that total.
fn column_and_total(s: &str, heading: &str, col: usize) -> (Vec<Decimal>, Decimal) {
    let at = s.find(heading).unwrap();
    let mut rows = Vec::new();
    for line in s[at..].lines().skip(4) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let amount = |c: &str| -> Decimal {
            c.trim_matches('*')
                .trim_start_matches('$')
                .replace(',', "")
                .parse()
                .unwrap()
        };
        if cells[0].starts_with("**") {
            return (rows, amount(cells[col]));
        }
        rows.push(amount(cells[col]));
    }
    panic!("no total under {heading}");
}

#[test]
fn quarterly_statement_of_csm_01_shows_each_quarter() {
    let scn = quarterly();
    let s = statement(&scn, index_of(&scn, "csm-01")).unwrap();
    has_block(
        &s,
        "The figures for Q1–Q2 come from your actual results; the rest are projections, not a promise of pay",
    );
    has_block(
        &s,
        "| On-target earnings (OTE) | $100,000.00 |\n| Base salary | $80,000.00 |\n| Target variable pay | $20,000.00 |\n",
    );
    has_block(
        &s,
        "**The plan year has 4 quarters: Q1, Q2, Q3 and Q4.** Q1–Q2 hold actual results; Q3–Q4 are projections. Your base salary is paid evenly over the year; metrics measured each quarter pay in their quarter, metrics measured over the year pay with Q4.\n",
    );
    has_block(
        &s,
        "### 1. Gross revenue retention — 20% of your variable pay ($4,000.00 at target)\n\n- Measured over the year, paid with Q4.\n- Target: 90%.\n",
    );
    has_block(
        &s,
        "- Your projection: 92.7%, which is 103% of target and pays 104.5% of its target variable pay: $4,180.00.\n",
    );
    has_block(
        &s,
        "### 4. Key activity: written results strategy — measured each quarter, 31.3% of your variable pay ($6,250.00 at target)\n\n\
         - Measured and paid each quarter. Weight and target: Q1: 50% of the quarter's variable pay, target 80%; Q2–Q4: 25%, target 95%.\n",
    );
    has_block(
        &s,
        "| Quarter | Status | Target | Your actual | Attainment | Factor | Payout |\n\
         | --- | --- | ---: | ---: | ---: | ---: | ---: |\n\
         | Q1 | actual | 80% | 82% | 102.5% | 100% | $2,500.00 |\n\
         | Q2 | actual | 95% | 90% | 94.7% | 50% | $625.00 |\n\
         | Q3 | projected | 95% | 92% | 96.8% | 50% | $625.00 |\n\
         | Q4 | projected | 95% | 94% | 98.9% | 50% | $625.00 |\n\
         | **Total** | | | | | | **$4,375.00** |\n",
    );
    has_block(
        &s,
        "- Measured and paid each quarter. Weight and target: Q1: does not count; Q2–Q4: 25% of the quarter's variable pay, target 70%.\n",
    );
    has_block(
        &s,
        "| Q2 | actual | 70% | 50% | 71.4% | 0% | $0.00 |\n\
         | Q3 | projected | 70% | 54% | 77.1% | 0% | $0.00 |\n\
         | Q4 | projected | 70% | 58% | 82.9% | 50% | $625.00 |\n\
         | **Total** | | | | | | **$625.00** |\n",
    );
    has_block(
        &s,
        "**Meeting booked with a customer's C-level executive**: $500.00 per event, at most 2 events are paid in each quarter.\n\n\
         | Quarter | Status | Events | Payout |\n\
         | --- | --- | ---: | ---: |\n\
         | Q1 | actual | 0 | $0.00 |\n\
         | Q2 | actual | 1 | $500.00 |\n\
         | Q3 | projected | 0 | $0.00 |\n\
         | Q4 | projected | 0 | $0.00 |\n\
         | **Total** | | **1** | **$500.00** |\n\n## Your projected pay",
    );
    has_block(
        &s,
        "| Key activity: written results strategy | $4,375.00 | 4.4% |\n\
         | Key activity: executive business review done | $625.00 | 0.6% |\n\
         | SPIF: Meeting booked with a customer's C-level executive | $500.00 | 0.5% |\n\
         | **Total** | **$98,480.00** | **98.5%** |\n",
    );
    has_block(
        &s,
        "## Your pay by quarter\n\n\
         | Quarter | Status | Base salary | Variable pay | SPIFs | Total |\n\
         | --- | --- | ---: | ---: | ---: | ---: |\n\
         | Q1 | actual | $20,000.00 | $2,500.00 | $0.00 | $22,500.00 |\n\
         | Q2 | actual | $20,000.00 | $625.00 | $500.00 | $21,125.00 |\n\
         | Q3 | projected | $20,000.00 | $625.00 | $0.00 | $20,625.00 |\n\
         | Q4 | projected | $20,000.00 | $14,230.00 | $0.00 | $34,230.00 |\n\
         | **Year** | | **$80,000.00** | **$17,980.00** | **$500.00** | **$98,480.00** |\n\n\
         The metrics measured over the year are paid with Q4. Paid to date (Q1–Q2, actual): $43,625.00. Still projected (Q3–Q4): $54,855.00.\n",
    );
    // The what-ifs move the projected quarters and the year only: at 100% of target, Q1
    // and Q2 keep their $3,125.00 of activities and Q3, Q4 and the year pay their targets.
    has_block(
        &s,
        "If every metric came in at exactly the same share of its target in your projected quarters (Q3–Q4) and over the year, without the SPIFs still to come; your actual quarters (Q1–Q2) stay as paid, SPIFs included:\n\n\
         | Every metric at | Variable pay | Total pay | % of OTE |\n\
         | --- | ---: | ---: | ---: |\n\
         | 80% of target | $13,625.00 | $93,625.00 | 93.6% |\n\
         | 100% of target | $18,125.00 | $98,125.00 | 98.1% |\n\
         | 120% of target | $22,325.00 | $102,325.00 | 102.3% |\n",
    );
    has_block(
        &s,
        "If your projections came in 20% lower or higher (every attainment in your projected quarters and over the year multiplied by 0.8 or 1.2; your actual quarters, Q1–Q2, stay as paid), SPIFs as projected:\n",
    );
    has_block(&s, "| As projected | $98,480.00 | 98.5% |\n");
    assert!(!s.contains("none entered"), "{s}");
}

#[test]
fn quarterly_statement_of_a_joiner_is_prorated_to_her_quarters() {
    let scn = quarterly();
    let s = statement(&scn, index_of(&scn, "csm-16")).unwrap();
    has_block(
        &s,
        "| Employed | Q3–Q4 (joins in Q3) |\n\
         | On-target earnings (OTE) | $40,000.00 for Q3–Q4 (annual OTE $80,000.00) |\n\
         | Base salary | $32,000.00 of annual $64,000.00 |\n\
         | Target variable pay | $8,000.00 of annual $16,000.00 |\n",
    );
    has_block(
        &s,
        "If every metric comes in at exactly 100% of its target, you earn your OTE of $40,000.00. These are your figures for Q3–Q4, the quarters you are employed in: for a full year your OTE would be $80,000.00.\n",
    );
    // Annual components on her half of the year: $16,000 × 20% × 50%.
    has_block(
        &s,
        "### 1. Gross revenue retention — 20% of your variable pay ($1,600.00 at target)\n",
    );
    has_block(
        &s,
        "- Your projection: 92%, which is 102.2% of target and pays 103.3% of its target variable pay: $1,653.33.\n",
    );
    has_block(
        &s,
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |\n\
         | Q3 | projected | 95% | 90% | 94.7% | 50% | $500.00 |\n\
         | Q4 | projected | 95% | 96% | 101.1% | 100% | $1,000.00 |\n\
         | **Total** | | | | | | **$1,500.00** |\n",
    );
    has_block(
        &s,
        "| Q3 | projected | 0 | $0.00 |\n| Q4 | projected | 1 | $500.00 |\n| **Total** | | **1** | **$500.00** |\n",
    );
    has_block(&s, "| Base salary | $32,000.00 | 80.0% |\n");
    has_block(
        &s,
        "| Q3 | projected | $16,000.00 | $1,000.00 | $0.00 | $17,000.00 |\n\
         | Q4 | projected | $16,000.00 | $5,893.33 | $500.00 | $22,393.33 |\n\
         | **Year** | | **$32,000.00** | **$6,893.33** | **$500.00** | **$39,393.33** |\n\n\
         The metrics measured over the year are paid with Q4.\n",
    );
    has_block(
        &s,
        "If every metric came in at exactly the same share of its target, in each of your quarters and over the year (before SPIFs):\n",
    );
    has_block(&s, "| 100% of target | $8,000.00 | $40,000.00 | 100.0% |\n");
    assert!(
        !s.contains("Q1 |"),
        "no rows for quarters before she joins:\n{s}"
    );
    assert!(!s.contains("none entered"), "{s}");
}

/// Every quarterly statement adds up: the parts of "Your projected pay" to its total, the
/// periods of "Your pay by quarter" to the year, and the year to the total; each SPIF's
/// quarters to its total. Also for a leaver, whose annual components are still paid with Q4.
#[test]
fn quarterly_statements_add_up_to_the_cent() {
    let mut scn = quarterly();
    scn.team[1].end = Some("Q2".into());
    for p in ["Q3", "Q4"] {
        scn.team[1].periods.remove(p);
    }
    let e = cscomp_tui::engine::evaluate(&scn);
    for i in 0..scn.team.len() {
        let s = statement(&scn, i).unwrap();
        let (parts, total) = column_and_total(&s, "## Your projected pay", 1);
        assert_eq!(parts.iter().sum::<Decimal>(), total, "{s}");
        assert_eq!(total, e.csms[i].total);
        let (periods, year) = column_and_total(&s, "## Your pay by quarter", 5);
        assert_eq!(periods.iter().sum::<Decimal>(), year, "{s}");
        assert_eq!(year, total);
        let (events, paid) = column_and_total(&s, "**Meeting booked", 3);
        assert_eq!(events.iter().sum::<Decimal>(), paid, "{s}");
    }
    let s = statement(&scn, 1).unwrap();
    has_block(&s, "| Employed | Q1–Q2 (leaves after Q2) |\n");
    has_block(&s, "| Q4 | projected | $0.00 | ");
    assert!(!s.contains("| Q3 |"), "{s}");
}

#[test]
fn quarterly_statement_with_every_quarter_actual_has_no_what_ifs() {
    let mut scn = quarterly();
    scn.plan.as_of = Some("Q4".into());
    let s = statement(&scn, 0).unwrap();
    has_block(&s, "Every one holds actual results.");
    has_block(
        &s,
        "## What you would earn\n\nEvery result is actual, so this is your pay for the year: no what-if moves it.\n\n- Worst case",
    );
    has_block(
        &s,
        "- Your result: 92.7%, which is 103% of target and pays 104.5% of its target variable pay: $4,180.00.\n",
    );
    has_block(
        &s,
        "under the plan **Sample team FY27, by quarter**. The pay figures below come from your actual results.\n",
    );
    assert!(!s.contains("| projected |"), "{s}");
}

#[test]
fn cli_statements_of_the_quarterly_sample() {
    let dir = tempfile::tempdir().unwrap();
    let os = dir.path().to_str().unwrap();
    let o = run(&["statements", "assets/quarterly.ron", "--out", os]);
    assert!(o.status.success(), "{}", stderr(&o));
    let scn = quarterly();
    let written = std::fs::read_to_string(dir.path().join("csm-16.md")).unwrap();
    assert_eq!(written, statement(&scn, 15).unwrap());
}

/// Generated quarterly teams (some CSMs join in Q3; one more leaves after Q2 here), on
/// both bases, with an attainment scale: every statement is written and adds up.
#[test]
fn generated_quarterly_statements_add_up() {
    for basis in [
        cscomp_tui::engine::Basis::OteSplit,
        cscomp_tui::engine::Basis::BonusOnTop,
    ] {
        let mut scn = cscomp_tui::scenario::generate::generate_quarterly(40);
        scn.plan.mix.basis = basis;
        for m in scn.plan.level_mix.values_mut() {
            m.basis = basis;
        }
        scn.assumptions.attainment_scale = dec!(0.9);
        scn.team[0].end = Some("Q2".into());
        for p in ["Q3", "Q4"] {
            scn.team[0].periods.remove(p);
        }
        let e = cscomp_tui::engine::evaluate(&scn);
        for i in 0..scn.team.len() {
            let s = statement(&scn, i).unwrap();
            let (parts, total) = column_and_total(&s, "## Your projected pay", 1);
            assert_eq!(parts.iter().sum::<Decimal>(), total, "{s}");
            assert_eq!(total, e.csms[i].total, "{s}");
            let at = s.find("## Your pay by").unwrap();
            let (periods, year) = column_and_total(&s[at..], "## Your pay by", 5);
            assert_eq!(periods.iter().sum::<Decimal>(), year, "{s}");
            assert_eq!(year, total);
            assert!(
                s.contains("every projected attainment is multiplied by 0.9"),
                "{s}"
            );
        }
    }
}
