//! HR and CRM exports imported as they come, through the real binary: rosters shaped like
//! Workday, BambooHR, HiBob and Rippling exports, and actuals shaped like a Salesforce
//! report, Gainsight, ChurnZero, Vitally and Totango exports (tests/fixtures/exports), as CSV
//! and as `.xlsx`, into scratch copies of assets/quarterly.ron; with the mappings they need
//! given once and remembered in a scratch settings folder.

use cscomp_tui::engine::{Csm, Scenario};
use cscomp_tui::scenario;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{bin, stderr, stdout};

const EXPORTS: &str = "tests/fixtures/exports";

/// A scratch copy of the quarterly sample and a scratch data folder (for saved mappings).
struct Scratch {
    dir: tempfile::TempDir,
    into: PathBuf,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        let into = dir.path().join("team.ron");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/quarterly.ron"),
            &into,
        )
        .unwrap();
        Scratch { dir, into }
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// Runs a command with the scratch data folder (fixture paths relative to the project).
    fn run(&self, args: &[&str]) -> Output {
        bin()
            .args(args)
            .env("CSCOMP_HOME", self.home())
            .output()
            .expect("the binary runs")
    }

    fn import(&self, cmd: &str, file: &str, extra: &[&str]) -> Output {
        let mut args = vec![cmd, file, "--into", self.into.to_str().unwrap()];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    fn roster(&self, file: &str, extra: &[&str]) -> Output {
        self.import("import-roster", file, extra)
    }

    fn actuals(&self, file: &str, extra: &[&str]) -> Output {
        self.import("import-actuals", file, extra)
    }

    fn load(&self) -> Scenario {
        scenario::load(&self.into).unwrap()
    }

    fn memory(&self) -> String {
        std::fs::read_to_string(self.home().join("config/import-mappings.ron")).unwrap_or_default()
    }

    /// The scratch scenario with the 24-CSM team of the BambooHR export.
    fn with_team() -> Scratch {
        let s = Scratch::new();
        let o = s.roster(&fixture("bamboohr-roster.csv"), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        s
    }
}

fn fixture(name: &str) -> String {
    format!("{EXPORTS}/{name}")
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}\n{}", stdout(o), stderr(o));
    stdout(o)
}

fn refused(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(2), "{}", stdout(o));
    stderr(o)
}

fn has(text: &str, line: &str) {
    assert!(text.contains(line), "missing {line:?} in:\n{text}");
}

/// The team as the exports describe it: name, level, OTE, book.
const TEAM: [(&str, &str, i64, i64); 24] = [
    ("Alex Morgan", "CSM II", 100000, 3200000),
    ("Priya Raman", "CSM I", 82000, 1500000),
    ("Jordan Lee", "CSM I", 84000, 1650000),
    ("Sofia Alvarez", "CSM I", 80000, 1400000),
    ("Marcus Chen", "CSM I", 84000, 1350000),
    ("Hannah Okafor", "CSM II", 100000, 2800000),
    ("Liam O'Brien", "CSM II", 97000, 2600000),
    ("Aiko Tanaka", "CSM II", 96000, 2900000),
    ("Daniel Weiss", "CSM II", 103000, 3100000),
    ("Fatima Haddad", "Senior CSM", 121000, 4300000),
    ("Noah Becker", "Senior CSM", 125000, 4600000),
    ("Grace Liu", "CSM I", 80000, 900000),
    ("Mateo Rossi", "CSM I", 86000, 1700000),
    ("Zara Ahmed", "CSM II", 99000, 2750000),
    ("Ethan Brooks", "CSM II", 101000, 3050000),
    ("Chloe Dubois", "Senior CSM", 128000, 4800000),
    ("Ravi Patel", "Senior CSM", 123000, 4400000),
    ("Emma Johansson", "Principal CSM", 152000, 6200000),
    ("Kwame Mensah", "Principal CSM", 158000, 6500000),
    ("Isabel Santos", "CSM I", 81000, 1450000),
    ("Tomás García", "CSM II", 98000, 2650000),
    ("Mei Wong", "CSM I", 83000, 1550000),
    ("Oliver Hughes", "CSM II", 102000, 2950000),
    ("Nadia Petrova", "Senior CSM", 126000, 4700000),
];

fn assert_team(team: &[Csm], ids: impl Fn(usize) -> String) {
    assert_eq!(team.len(), 24);
    for (i, (c, (name, level, ote, book))) in team.iter().zip(TEAM).enumerate() {
        assert_eq!(c.id, ids(i));
        assert_eq!(c.name, name);
        assert_eq!(c.level, level, "{name}");
        assert_eq!(c.ote, Decimal::from(ote), "{name}");
        assert_eq!(c.book_arr, Decimal::from(book), "{name}");
        assert!(c.targets.is_empty() && c.actuals.is_empty() && c.periods.is_empty());
    }
}

fn by_name<'a>(scn: &'a Scenario, name: &str) -> &'a Csm {
    scn.team.iter().find(|c| c.name == name).unwrap()
}

fn period(c: &Csm, p: &str, metric: &str) -> Option<Decimal> {
    c.periods
        .get(p)
        .and_then(|v| v.actuals.get(metric))
        .copied()
}

fn spif(c: &Csm, p: &str, id: &str) -> Option<u32> {
    c.periods.get(p).and_then(|v| v.spifs.get(id)).copied()
}

#[test]
fn workday_levels_are_refused_until_mapped_and_the_mapping_is_remembered() {
    let s = Scratch::new();
    let before = std::fs::read(&s.into).unwrap();
    let file = fixture("workday-roster.csv");
    // Refused, before anything is written, every unknown level with its rows and the
    // nearest plan level; the same in a dry run.
    for dry in [true, false] {
        let extra: &[&str] = if dry { &["--dry-run"] } else { &[] };
        let err = refused(&s.roster(&file, extra));
        has(&err, "the roster has 3 problems; nothing was imported:");
        has(
            &err,
            "  - row 6, column \"Business Title\", value \"Customer Success Manager I\": the plan has no level \"Customer Success Manager I\" (on rows 6, 7, 8, 9, 16, 17, 24 and 26), so it would get the default pay mix; map it to one of the plan's levels (Principal CSM, Senior CSM, CSM II, CSM I), or to `default` to keep it with the default mix; nearest: \"CSM I\"\n",
        );
        has(
            &err,
            "  - row 14, column \"Business Title\", value \"Sr. CSM\": the plan has no level \"Sr. CSM\" (on rows 14, 15, 20, 21 and 28)",
        );
        has(
            &err,
            "value \"Principal Customer Success Manager\": the plan has no level \"Principal Customer Success Manager\" (on rows 22 and 23), so it would get the default pay mix; map it to one of the plan's levels (Principal CSM, Senior CSM, CSM II, CSM I), or to `default` to keep it with the default mix; nearest: \"Principal CSM\"\n",
        );
        has(
            &err,
            "To take a level as one of the plan's, map it (check each suggestion): --map-level \"Customer Success Manager I=CSM I\" --map-level \"Sr. CSM=Senior CSM\" --map-level \"Principal Customer Success Manager=Principal CSM\"",
        );
        assert_eq!(std::fs::read(&s.into).unwrap(), before);
    }
    assert!(
        s.memory().is_empty(),
        "nothing is saved by a refused import"
    );

    // Mapped: imported, and the mapping saved for files with these headers.
    let out = ok(&s.roster(
        &file,
        &[
            "--map-level",
            "Customer Success Manager I=CSM I",
            "--map-level",
            "sr. csm = senior csm",
            "--map-level",
            "Principal Customer Success Manager=Principal CSM",
        ],
    ));
    has(
        &out,
        "Columns read as: \"Employee ID\" → id, \"Worker\" → name, \"Business Title\" → level, \"Annual OTE (USD)\" → ote, \"Book of Business ARR\" → book_arr\n",
    );
    has(
        &out,
        "Ignored columns (not used by cscomp-tui): Job Profile, Management Level, Hire Date, Cost Center, Manager, Work Email\n",
    );
    has(
        &out,
        "Ignored rows (not data): rows 1–2 above the header (\"Employee Roster Report\", \"Generated 2026-11-30 08:15 PST by Workda…\")\n",
    );
    has(
        &out,
        "Levels taken as the plan's: \"Customer Success Manager I\" → \"CSM I\" (mapped, 8 rows), \"Sr. CSM\" → \"Senior CSM\" (mapped, 5 rows), \"Principal Customer Success Manager\" → \"Principal CSM\" (mapped, 2 rows)\n",
    );
    has(&out, "replacing its team of 16 CSMs with 24 CSMs:\n");
    has(&out, "Saved the mapping for files with these headers (");
    assert_team(&s.load().team, |i| (100234 + i).to_string());
    let memory = s.memory();
    has(&memory, "\"Sr. CSM\": \"Senior CSM\"");

    // Next time the same export imports as it is, saying what it used.
    let out = ok(&s.roster(&file, &["--dry-run"]));
    has(
        &out,
        "Used the mapping saved for files with these headers: level \"Customer Success Manager I\" → \"CSM I\", level \"Sr. CSM\" → \"Senior CSM\", level \"Principal Customer Success Manager\" → \"Principal CSM\". To change it, pass --map \"HEADER=FIELD\" or --map-level \"LEVEL=PLAN LEVEL\" again; --forget-mapping imports without it and forgets it.\n",
    );
    has(&out, "unchanged: 24\n");

    // A level kept as written, with the default pay mix.
    let kept = s.dir.path().join("kept.csv");
    std::fs::write(
        &kept,
        "Employee ID,Worker,Business Title,Annual OTE (USD),Book of Business ARR\n\
         100234,Alex Morgan,CSM III,\"100,000\",\"3,200,000\"\n",
    )
    .unwrap();
    let err = refused(&s.roster(kept.to_str().unwrap(), &["--dry-run"]));
    has(&err, "nearest: \"CSM II\"");
    has(
        &err,
        "--map-level \"CSM III=CSM II\" (or LEVEL=default to keep a level with the default pay mix;",
    );
    let out = ok(&s.roster(
        kept.to_str().unwrap(),
        &["--dry-run", "--map-level", "CSM III=default"],
    ));
    has(
        &out,
        "Levels taken as the plan's: \"CSM III\" → the default pay mix (mapped, 1 row)\n",
    );

    // --forget-mapping: without it (so refused again), and forgotten.
    refused(&s.roster(&file, &["--forget-mapping"]));
    assert!(!s.memory().contains("Sr. CSM"), "{}", s.memory());
    refused(&s.roster(&file, &["--dry-run"]));
}

#[test]
fn bamboohr_hibob_and_rippling_rosters_import_as_they_come() {
    let s = Scratch::new();
    let out = ok(&s.roster(&fixture("bamboohr-roster.csv"), &[]));
    has(
        &out,
        "Columns read as: \"Employee #\" → id, \"Job Title\" → level, \"Book of Business\" → book_arr\n",
    );
    has(
        &out,
        "Ignored columns (not used by cscomp-tui): Preferred Name, Department, Division, Location, Hire Date, Reporting to\n",
    );
    // A level written in another case is taken as the plan writes it, and said.
    has(
        &out,
        "Levels taken as the plan's: \"senior csm\" → \"Senior CSM\" (1 row)\n",
    );
    // First and last name joined.
    assert_team(&s.load().team, |i| (1043 + i).to_string());

    // HiBob: a byte-order mark, CRLF, a display name beside first and last names, and a
    // Level column beside a Title.
    let s = Scratch::new();
    let out = ok(&s.roster(&fixture("hibob-roster.csv"), &[]));
    has(
        &out,
        "Columns read as: \"Employee ID\" → id, \"Display name\" → name, \"On-target earnings (USD)\" → ote, \"Total ARR\" → book_arr\n",
    );
    has(
        &out,
        "Ignored columns (not used by cscomp-tui): First name, Last name, Email, Department, Site, Title, Start date\n",
    );
    assert_team(&s.load().team, |i| format!("HB{}", 2201 + i));

    // Rippling: legal name, role, target total compensation, ARR managed.
    let s = Scratch::new();
    let out = ok(&s.roster(&fixture("rippling-roster.csv"), &[]));
    has(
        &out,
        "Columns read as: \"Employee ID\" → id, \"Legal name\" → name, \"Role\" → level, \"Target total compensation\" → ote, \"ARR managed\" → book_arr\n",
    );
    has(&out, "Annual salary");
    assert_team(&s.load().team, |i| format!("RP-{:04}", i + 1));
    // Nothing was remembered: the known headers need no mapping.
    assert!(s.memory().is_empty());
}

/// A CSV fixture as an `.xlsx` sheet, written as a spreadsheet program would: `numbers`
/// columns as numbers (with a money format), `dates` columns (M/D/YYYY or ISO in the CSV)
/// as date cells, `serials` columns as plain numbers, the rest as text; then `extra_rows`
/// as text after one blank row.
fn xlsx_from_csv(
    csv_path: &str,
    out: &Path,
    numbers: &[usize],
    dates: &[usize],
    serials: &[usize],
    extra_rows: &[&[&str]],
) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(csv_path)).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let money = Format::new().set_num_format("$#,##0.00");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut header_seen = false;
    let mut last = 0;
    for rec in rdr.records() {
        let rec = rec.unwrap();
        // The CSV's line, so that rows keep their numbers (blank lines included).
        let r = rec.position().map_or(0, |p| p.line() as u32 - 1);
        last = r;
        // Rows before the first row of several cells (titles) are text.
        let data = header_seen;
        if rec.len() > 2 {
            header_seen = true;
        }
        for (c, v) in rec.iter().enumerate() {
            let col = c as u16;
            if v.is_empty() {
                continue;
            }
            let plain: String = v.chars().filter(|ch| !matches!(ch, '$' | ',')).collect();
            if data && numbers.contains(&c) && plain.parse::<f64>().is_ok() {
                ws.write_number_with_format(r, col, plain.parse::<f64>().unwrap(), &money)
                    .unwrap();
            } else if data && serials.contains(&c) && plain.parse::<f64>().is_ok() {
                ws.write_number(r, col, plain.parse::<f64>().unwrap())
                    .unwrap();
            } else if data && dates.contains(&c) {
                let d = if v.contains('/') {
                    let p: Vec<u16> = v.split('/').map(|x| x.parse().unwrap()).collect();
                    ExcelDateTime::from_ymd(p[2], p[0] as u8, p[1] as u8).unwrap()
                } else {
                    let p: Vec<u16> = v.split('-').map(|x| x.parse().unwrap()).collect();
                    ExcelDateTime::from_ymd(p[0], p[1] as u8, p[2] as u8).unwrap()
                };
                ws.write_datetime_with_format(r, col, &d, &date).unwrap();
            } else {
                ws.write_string(r, col, v).unwrap();
            }
        }
    }
    for (i, row) in extra_rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(last + 2 + i as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(out).unwrap();
}

#[test]
fn rosters_come_in_from_workbooks_the_same() {
    // Workday as a workbook: title rows, numbers as numbers, hire dates as dates.
    let s = Scratch::new();
    let book = s.dir.path().join("workday.xlsx");
    xlsx_from_csv(
        &fixture("workday-roster.csv"),
        &book,
        &[8, 9],
        &[5],
        &[],
        &[],
    );
    let book_s = book.to_str().unwrap();
    let err = refused(&s.roster(book_s, &[]));
    has(
        &err,
        "  - row 14, column C (Business Title), value \"Sr. CSM\": the plan has no level \"Sr. CSM\"",
    );
    ok(&s.roster(
        book_s,
        &[
            "--map-level",
            "Customer Success Manager I=CSM I",
            "--map-level",
            "Sr. CSM=Senior CSM",
            "--map-level",
            "Principal Customer Success Manager=Principal CSM",
        ],
    ));
    assert_team(&s.load().team, |i| (100234 + i).to_string());

    // BambooHR as a workbook, with a total row added under the table.
    let s = Scratch::new();
    let book = s.dir.path().join("bamboo.xlsx");
    xlsx_from_csv(
        &fixture("bamboohr-roster.csv"),
        &book,
        &[10, 11],
        &[8],
        &[],
        &[&[
            "Total",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "$2,450,000.00",
            "$77,150,000",
        ]],
    );
    let out = ok(&s.roster(book.to_str().unwrap(), &[]));
    has(&out, "\"Employee #\" → id");
    has(
        &out,
        "Ignored rows (not data): row 27 a total row (\"Total\")\n",
    );
    assert_team(&s.load().team, |i| (1043 + i).to_string());
}

#[test]
fn salesforce_report_title_rows_grand_total_and_footer_are_left_out() {
    let s = Scratch::with_team();
    let file = fixture("salesforce-report.csv");
    let out = ok(&s.actuals(&file, &[]));
    has(
        &out,
        "Columns read as: \"Account Owner\" → csm_id, \"Expansion ARR\" → actual:expansion, \"Logo Churn (%)\" → actual:churn\n",
    );
    has(
        &out,
        "Ignored columns (not used by this import): Record Count\n",
    );
    has(
        &out,
        "Ignored rows (not data): rows 1–4 above the header (\"CSM Expansion and Churn FY27\", \"As of 11/30/2026\", \"Filtered By:\", …); row 31 a total row (\"Grand Totals (24 records)\"); rows 33–34 notes under the table (\"Confidential Information - Do Not Distri…\", \"Copyright (c) 2000-2026 salesforce.com, …\")\n",
    );
    has(&out, "(wide form) into `");
    has(
        &out,
        "48 values for 24 CSMs in the year; 48 changed, 0 unchanged.\n",
    );
    let scn = s.load();
    let alex = by_name(&scn, "Alex Morgan");
    assert_eq!(alex.actuals["expansion"], dec!(40000));
    // The header says percent: `2` is 2%.
    assert_eq!(alex.actuals["churn"], dec!(0.02));
    assert_eq!(by_name(&scn, "Priya Raman").actuals["churn"], dec!(0.035));

    // The same report from a workbook.
    let s2 = Scratch::with_team();
    let book = s2.dir.path().join("report.xlsx");
    xlsx_from_csv(&file, &book, &[1], &[], &[2, 3], &[]);
    let out = ok(&s2.actuals(book.to_str().unwrap(), &[]));
    has(&out, "row 31 a total row (\"Grand Totals (24 records)\")");
    assert_eq!(s2.load().team, scn.team);
}

#[test]
fn gainsight_names_csms_metrics_spifs_and_periods() {
    let s = Scratch::with_team();
    let out = ok(&s.actuals(&fixture("gainsight-scorecard.csv"), &[]));
    has(
        &out,
        "Columns read as: \"Scorecard Measure\" → metric, \"Actual\" → value\n",
    );
    has(&out, "(long form) into `");
    has(&out, "96 values for 24 CSMs in Q3 and the year;");
    let scn = s.load();
    let alex = by_name(&scn, "Alex Morgan");
    // Bare numbers above 10 in a percentage metric: percent points.
    assert_eq!(period(alex, "Q3", "activities"), Some(dec!(0.85)));
    assert_eq!(period(alex, "Q3", "ebr"), Some(dec!(0.60)));
    assert_eq!(spif(alex, "Q3", "c-level"), Some(0));
    // "FY27" is the year.
    assert_eq!(alex.actuals["grr"], dec!(0.88));
    let priya = by_name(&scn, "Priya Raman");
    assert_eq!(period(priya, "Q3", "activities"), Some(dec!(0.86)));
    assert_eq!(spif(priya, "Q3", "c-level"), Some(1));
    assert_eq!(priya.actuals["grr"], dec!(0.885));
}

#[test]
fn churnzero_columns_are_mapped_once_then_remembered() {
    let s = Scratch::with_team();
    let file = fixture("churnzero-quarterly.csv");
    let err = refused(&s.actuals(&file, &[]));
    has(&err, "the header has neither a `metric` column");
    has(
        &err,
        "To read a column of the file as a field, map it (check each suggestion): --map \"Written Results Strategy %=actual:activities\" --map \"EBR Completion %=actual:ebr\" --map \"C-Level Meetings=spif:c-level\"",
    );
    let maps = [
        "--map",
        "Written Results Strategy %=actual:activities",
        "--map",
        "ebr completion %=Actual:EBR",
        "--map",
        "C-Level Meetings=spif:c-level",
    ];
    // A dry run saves nothing.
    ok(&s.actuals(&file, &[&maps[..], &["--dry-run"]].concat()));
    assert!(s.memory().is_empty());
    let out = ok(&s.actuals(&file, &maps));
    has(
        &out,
        "Columns read as: \"Account Owner\" → csm_id, \"Fiscal Quarter\" → period, \"Written Results Strategy %\" → actual:activities, \"EBR Completion %\" → actual:ebr, \"C-Level Meetings\" → spif:c-level\n",
    );
    has(
        &out,
        "144 values for 24 CSMs in Q3 and Q4; 144 changed, 0 unchanged.\n",
    );
    has(&out, "Saved the mapping for files with these headers (");
    let scn = s.load();
    let alex = by_name(&scn, "Alex Morgan");
    // The headers say percent.
    assert_eq!(period(alex, "Q3", "activities"), Some(dec!(0.80)));
    assert_eq!(period(alex, "Q4", "activities"), Some(dec!(0.82)));
    assert_eq!(period(alex, "Q3", "ebr"), Some(dec!(0.55)));
    assert_eq!(spif(alex, "Q3", "c-level"), Some(2));

    // The same export again: read with the saved mapping, nothing to change.
    let out = ok(&s.actuals(&file, &[]));
    has(
        &out,
        "Used the mapping saved for files with these headers: \"Written Results Strategy %\" → actual:activities, \"EBR Completion %\" → actual:ebr, \"C-Level Meetings\" → spif:c-level. To change it,",
    );
    has(&out, "0 changed, 144 unchanged.\n");
    has(&out, "Nothing changed; the file was not written.\n");
}

#[test]
fn vitally_accounts_come_in_by_csm_and_metric_names() {
    let s = Scratch::with_team();
    let out = ok(&s.actuals(&fixture("vitally-accounts.csv"), &[]));
    has(
        &out,
        "Columns read as: \"CSM Name\" → csm_id, \"Gross Revenue Retention\" → actual:grr, \"Logo Churn\" → actual:churn, \"Expansion ARR\" → actual:expansion\n",
    );
    has(&out, "72 values for 24 CSMs in the year;");
    let scn = s.load();
    let alex = by_name(&scn, "Alex Morgan");
    assert_eq!(alex.actuals["grr"], dec!(0.89));
    assert_eq!(alex.actuals["churn"], dec!(0.025));
    assert_eq!(alex.actuals["expansion"], dec!(30000));
}

#[test]
fn totango_excel_serial_dates_fall_in_the_plan_periods() {
    let s = Scratch::with_team();
    let file = fixture("totango-kpis.csv");
    let err = refused(&s.actuals(&file, &[]));
    has(
        &err,
        "  - row 2, column B (KPI), value \"activities\": `activities` is measured per period; give the period (Q1, Q2, Q3, Q4); the column \"Date\" may hold the periods (or dates): map it to `period`\n",
    );
    has(&err, "  … and 46 more");
    has(
        &err,
        "--map \"Date=period\"; for dates, add --year-start with the plan year's first day",
    );
    // Mapped without the year's first day: the dates are named as dates.
    let err = refused(&s.actuals(&file, &["--map", "Date=period"]));
    has(
        &err,
        "  - row 2, column C (Date), value \"46326\": is a date (2026-10-31); to place dates in the plan's periods, give the first day of the plan year (--year-start)\n",
    );
    let out = ok(&s.actuals(
        &file,
        &["--map", "Date=period", "--year-start", "2026-02-01"],
    ));
    has(
        &out,
        "Dates placed in the plan's periods: 96 values (the plan year from 2026-02-01).\n",
    );
    has(&out, "96 values for 24 CSMs in Q3 and Q4;");
    let scn = s.load();
    let alex = by_name(&scn, "Alex Morgan");
    assert_eq!(period(alex, "Q3", "activities"), Some(dec!(0.84)));
    assert_eq!(period(alex, "Q4", "activities"), Some(dec!(0.87)));
    assert_eq!(period(alex, "Q4", "ebr"), Some(dec!(0.61)));
    // Remembered with the year's first day.
    has(&s.memory(), "year_start: Some(\"2026-02-01\")");
    let out = ok(&s.actuals(&file, &["--dry-run"]));
    has(
        &out,
        "Used the mapping saved for files with these headers: \"Date\" → period, plan year from 2026-02-01.",
    );

    // From a workbook, as date cells and as serial numbers: the same values.
    for (name, dates, serials) in [
        ("dates.xlsx", &[2][..], &[][..]),
        ("serials.xlsx", &[][..], &[2][..]),
    ] {
        let s2 = Scratch::with_team();
        let book = s2.dir.path().join(name);
        // The CSV's serial days as ISO dates, for the date-cell workbook.
        let csv = if dates.is_empty() {
            file.clone()
        } else {
            let text = std::fs::read_to_string(&file)
                .unwrap()
                .replace(",46326,", ",2026-10-31,")
                .replace(",46418,", ",2027-01-31,");
            let p = s2.dir.path().join("iso.csv");
            std::fs::write(&p, text).unwrap();
            p.to_str().unwrap().to_string()
        };
        xlsx_from_csv(&csv, &book, &[3], dates, serials, &[]);
        ok(&s2.actuals(
            book.to_str().unwrap(),
            &["--map", "Date=period", "--year-start", "2026-02-01"],
        ));
        assert_eq!(s2.load().team, scn.team, "{name}");
    }
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_round() {
    let s = Scratch::with_team();
    let bad = s.dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "CSM,Metric,Period,Value,actual:nope\n\
         Alex Morgan,Key activity: written results strategy,Q9,abc,\n\
         Nobody,nope,Q3 FY27,90%,\n\
         Priya Raman,spif:c-level,Q3 FY27,1.5,\n",
    )
    .unwrap();
    let err = refused(&s.actuals(bad.to_str().unwrap(), &[]));
    for line in [
        "the file has 5 problems; nothing was imported:\n",
        "  - row 2, column C (Period), value \"Q9\": the plan has no such period (it has: Q1, Q2, Q3, Q4; blank or `year` for the year)\n",
        "  - row 2, column D (Value), value \"abc\": `abc` is not a number",
        "  - row 3, column A (CSM), value \"Nobody\": the scenario has no CSM with this id or name\n",
        "  - row 3, column B (Metric), value \"nope\": the plan has no such metric",
        "  - row 4, column D (Value), value \"1.5\": a SPIF count is a whole number of events\n",
    ] {
        has(&err, line);
    }
    // The long form leaves other columns alone; a wide file's bad header comes with its
    // rows' problems.
    std::fs::write(
        &bad,
        "CSM,Fiscal Quarter,actual:nope,Gross revenue retention,Key activity: written results strategy\n\
         Alex Morgan,Q3,1,92%,abc\n\
         Alex Morgan,Q2 FY27,,,90%\n",
    )
    .unwrap();
    let err = refused(&s.actuals(bad.to_str().unwrap(), &[]));
    for line in [
        "the file has 3 problems; nothing was imported:\n",
        "  - row 1, column C (actual:nope): the plan has no such metric",
        "  - row 2, column D (Gross revenue retention), value \"92%\": `grr` is measured for the year, but this row is for Q3: give the year's value on a row whose period is blank or `year`, or leave the column out\n",
        "  - row 2, column E (Key activity: written results strategy), value \"abc\": `abc` is not a number",
    ] {
        has(&err, line);
    }
}

#[test]
fn percentages_are_read_by_column() {
    let s = Scratch::with_team();
    let f = s.dir.path().join("pct.csv");
    // One column of percent points, one of fractions with a lost `%`, one declared percent.
    std::fs::write(
        &f,
        "CSM,Period,Key activity: written results strategy,EBR,Gross revenue retention (%)\n\
         Alex Morgan,Q3,92,0.7,\n\
         Priya Raman,Q3,88,70,\n\
         Jordan Lee,Q3,0.9,0.75,\n\
         Sofia Alvarez,,,,0.5\n",
    )
    .unwrap();
    let err = refused(&s.actuals(f.to_str().unwrap(), &[]));
    has(&err, "the file has 2 problems; nothing was imported:\n");
    has(
        &err,
        "  - row 3, column D (EBR), value \"70\": `70` — did you mean 70%?",
    );
    has(
        &err,
        "  - row 4, column C (Key activity: written results strategy), value \"0.9\": `0.9` is ambiguous here: the other bare numbers in this column are percent points (`87` is 87%), so this could be 0.9% or 90%; write it with `%`\n",
    );
    std::fs::write(
        &f,
        "CSM,Period,Key activity: written results strategy,EBR,Gross revenue retention (%)\n\
         Alex Morgan,Q3,92,0.7,\n\
         Priya Raman,Q3,88,70%,\n\
         Jordan Lee,Q3,90%,0.75,\n\
         Sofia Alvarez,,,,0.5\n",
    )
    .unwrap();
    ok(&s.actuals(f.to_str().unwrap(), &[]));
    let scn = s.load();
    assert_eq!(
        period(by_name(&scn, "Alex Morgan"), "Q3", "activities"),
        Some(dec!(0.92))
    );
    assert_eq!(
        period(by_name(&scn, "Alex Morgan"), "Q3", "ebr"),
        Some(dec!(0.7))
    );
    assert_eq!(
        period(by_name(&scn, "Priya Raman"), "Q3", "ebr"),
        Some(dec!(0.7))
    );
    assert_eq!(
        period(by_name(&scn, "Jordan Lee"), "Q3", "activities"),
        Some(dec!(0.9))
    );
    // Declared percent: 0.5 is 0.5%.
    assert_eq!(by_name(&scn, "Sofia Alvarez").actuals["grr"], dec!(0.005));
}

#[test]
fn mappings_that_name_nothing_are_refused_clearly() {
    let s = Scratch::new();
    let file = fixture("rippling-roster.csv");
    let err = refused(&s.roster(&file, &["--map", "Annual salary=salary"]));
    has(
        &err,
        "--map \"Annual salary=salary\": `salary` is not a field of a roster: use one of id, name, first_name, last_name, level, ote, book_arr, start, end, target:<metric>, actual:<metric>, spif:<id> or ignore",
    );
    let err = refused(&s.roster(&file, &["--map", "Salary=ote"]));
    has(
        &err,
        "  - row 1: the mapping names a column \"Salary\" that the header does not have (its columns: Employee ID, Legal name,",
    );
    let err = refused(&s.roster(&file, &["--map-level", "Lead=Team Lead"]));
    has(
        &err,
        "--map-level \"Lead=Team Lead\": the plan has no level \"Team Lead\" (its levels: Principal CSM, Senior CSM, CSM II, CSM I)",
    );
    // A required field that no column holds: the closest columns, and how to map one.
    let f = s.dir.path().join("r.csv");
    std::fs::write(
        &f,
        "Emp Ref,Name,Level,OTE,Book Size ARR\nE1,Alex Morgan,CSM II,100000,3200000\n",
    )
    .unwrap();
    let err = refused(&s.roster(f.to_str().unwrap(), &[]));
    has(
        &err,
        "  - row 1: the header has no `id` column, which is required; the closest: \"Emp Ref\" (if one of them holds it, map it to `id`)\n",
    );
    has(
        &err,
        "To read a column of the file as a field, map it (check each suggestion): --map \"Emp Ref=id\" --map \"Book Size ARR=book_arr\"",
    );
    let out = ok(&s.roster(
        f.to_str().unwrap(),
        &[
            "--map",
            "Emp Ref=id",
            "--map",
            "Book Size ARR=book_arr",
            "--dry-run",
        ],
    ));
    has(
        &out,
        "Columns read as: \"Emp Ref\" → id, \"Book Size ARR\" → book_arr\n",
    );
}

#[test]
fn a_name_two_csms_share_is_refused_naming_their_ids() {
    let s = Scratch::with_team();
    let mut scn = s.load();
    scn.team[1].name = "Alex Morgan".into();
    std::fs::write(&s.into, scenario::to_ron(&scn)).unwrap();
    let f = s.dir.path().join("a.csv");
    std::fs::write(
        &f,
        "CSM,Gross revenue retention\nAlex Morgan,91%\n1044,92%\n",
    )
    .unwrap();
    let err = refused(&s.actuals(f.to_str().unwrap(), &[]));
    has(
        &err,
        "  - row 2, column A (CSM), value \"Alex Morgan\": 2 CSMs are named \"Alex Morgan\" (1043, 1044); give the id instead\n",
    );
}
