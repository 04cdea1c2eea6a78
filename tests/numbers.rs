//! One rule for every number, wherever it enters (scenario file, roster
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
        c.actuals.insert("grr", dec!(87));
    }
    s.team[3].actuals.insert("expansion", dec!(1000));
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
    use cscomp_tui::engine::guardrails::implausible_attainment;
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

/// The sample's roster header with one CSM's cells, as a CSV.
fn sample_roster(rows: &[&str]) -> String {
    let mut csv = "id,name,level,ote,book_arr,actual:expansion,actual:nps\n".to_string();
    for r in rows {
        csv.push_str(r);
        csv.push('\n');
    }
    csv
}

#[test]
fn a_roster_reads_money_as_people_write_it() {
    use cscomp_tui::input::roster::import_roster;
    use rust_decimal_macros::dec;
    let plan = cscomp_tui::scenario::sample().plan;
    let csv = sample_roster(&[
        "c-1,A,CSM I,\"$ 82,000\",1.6M,\"(1,234.00)\",(12)",
        "c-2,B,CSM I,\"82,000 USD\",\"$1.6m\",2.5k,-3",
        "c-3,C,CSM I,\"USD 82,000\",\"1,600k\",\"USD 1.6M\",0",
        "c-4,D,CSM I,\"$82,000\",1.6 M,\"1.6M USD\",1",
    ]);
    // A dollar metric may not be negative, in parentheses or not; a count may.
    let e = import_roster(&plan, &csv).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the roster has 1 problem; nothing was imported:\n  - row 2, column \"actual:expansion\", value \"(1,234.00)\": money cannot be negative"
    );
    let csv = csv.replace("\"(1,234.00)\"", "1234");
    let team = import_roster(&plan, &csv).unwrap().team;
    for c in &team {
        assert_eq!(c.ote, dec!(82000), "{}", c.id);
        assert_eq!(c.book_arr, dec!(1600000), "{}", c.id);
    }
    let actual = |i: usize, m: &str| team[i].actuals[m];
    assert_eq!(
        [
            actual(0, "expansion"),
            actual(1, "expansion"),
            actual(2, "expansion"),
            actual(3, "expansion")
        ],
        [dec!(1234), dec!(2500), dec!(1600000), dec!(1600000)]
    );
    assert_eq!(actual(0, "nps"), dec!(-12));
    // An OTE in parentheses is a negative, refused as one; another currency is refused.
    let csv = sample_roster(&[
        "c-1,A,CSM I,\"(82,000)\",1.6M,,",
        "c-2,B,CSM I,\"82,000 EUR\",\"€1.6M\",,",
        "c-3,C,CSM I,82000,1600000,,$5",
    ]);
    assert_eq!(
        import_roster(&plan, &csv).unwrap_err().to_string(),
        "the roster has 4 problems; nothing was imported:\n  \
         - row 2, column \"ote\", value \"(82,000)\": money cannot be negative\n  \
         - row 3, column \"ote\", value \"82,000 EUR\": `82,000 EUR` is in EUR but this plan pays in USD\n  \
         - row 3, column \"book_arr\", value \"€1.6M\": `€1.6M` is in euros but this plan pays in USD\n  \
         - row 4, column \"actual:nps\", value \"$5\": this column is a plain number, not a percentage or dollars"
    );
    // In a plan that pays in euros, euros are its money and dollars are refused.
    let mut eur = plan.clone();
    eur.currency = Some(cscomp_tui::num::Currency::parse("EUR").unwrap());
    let csv = sample_roster(&[
        "c-1,A,CSM I,\"82,000 EUR\",€1.6M,,",
        "c-2,B,CSM I,\"$82,000\",1,,",
    ]);
    assert_eq!(
        import_roster(&eur, &csv).unwrap_err().to_string(),
        "the roster has 1 problem; nothing was imported:\n  - row 3, column \"ote\", value \"$82,000\": `$82,000` is in dollars but this plan pays in EUR"
    );
    let team = import_roster(
        &eur,
        &sample_roster(&["c-1,A,CSM I,\"82,000 EUR\",€1.6M,,"]),
    )
    .unwrap()
    .team;
    assert_eq!(
        (team[0].ote, team[0].book_arr),
        (dec!(82000), dec!(1600000))
    );
}

#[test]
fn a_workbooks_text_cells_read_money_as_people_write_it() {
    use cscomp_tui::input::roster_sheet::{import_grid, read_grid};
    use rust_decimal_macros::dec;
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("roster.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["id", "name", "level", "ote", "book_arr"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (ote, book_arr)) in [("$ 82,000", "1.6M"), ("82,000 USD", "1,600k")]
        .iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        ws.write_string(r, 0, format!("c-{r}")).unwrap();
        ws.write_string(r, 1, "A").unwrap();
        ws.write_string(r, 2, "CSM I").unwrap();
        ws.write_string(r, 3, *ote).unwrap();
        ws.write_string(r, 4, *book_arr).unwrap();
    }
    wb.save(&book).unwrap();
    let grid = read_grid(&book, std::fs::read(&book).unwrap(), None).unwrap();
    let plan = cscomp_tui::scenario::sample().plan;
    let team = import_grid(&plan, &grid).unwrap().team;
    assert_eq!(
        team.iter().map(|c| (c.ote, c.book_arr)).collect::<Vec<_>>(),
        vec![(dec!(82000), dec!(1600000)), (dec!(82000), dec!(1600000))]
    );
}

#[test]
fn a_scenario_reads_money_as_people_write_it() {
    for ote in [
        "USD 100,000",
        "100,000 USD",
        "$ 100,000",
        "$100,000",
        "0.1M",
        "100k",
        "$0.1m",
        "0.1 M",
        "USD 0.1M",
    ] {
        let (_d, p) = variant("ote: \"100000\"", &format!("ote: \"{ote}\""));
        let o = run(&["calc", &p, "--format", "csv"]);
        assert!(o.status.success(), "{ote}: {}", stderr(&o));
        assert_eq!(
            stdout(&o),
            stdout(&run(&[
                "calc",
                "assets/worked-example.ron",
                "--format",
                "csv"
            ])),
            "{ote}"
        );
    }
    // A negative in parentheses is a negative, refused where a negative is.
    let (_d, p) = variant("ote: \"100000\"", "ote: \"(1,234.00)\"");
    refused(
        &p,
        &format!(
            "scenario `{p}` cannot be computed (1 problem):\n  - team[0] (csm-01): ote is -$1,234, but it must be between $0 and $1,000,000,000"
        ),
    );
    // Money in another currency is refused where it stands.
    let (_d, p) = variant("ote: \"100000\"", "ote: \"100,000 EUR\"");
    refused(
        &p,
        &format!(
            "scenario `{p}` is not valid at line 53, column 19:\n   |\n53 |             ote: \"100,000 EUR\",\n   |                   ^\n  = `100,000 EUR` is in EUR but this plan pays in USD"
        ),
    );
}

/// The worked example paying in euros (version 3), with `ote` written as `ote`.
fn in_euros(ote: &str) -> (tempfile::TempDir, String) {
    let text = WORKED
        .replacen("version: 1", "version: 3", 1)
        .replacen(
            "    plan: (\n",
            "    plan: (\n        currency: \"EUR\",\n",
            1,
        )
        .replacen("ote: \"100000\"", &format!("ote: \"{ote}\""), 1);
    write(text.as_bytes())
}

#[test]
fn a_plan_pays_in_its_own_currency() {
    // Euros in a euro plan read as the dollars did in a dollar plan.
    let usd = stdout(&run(&[
        "calc",
        "assets/worked-example.ron",
        "--format",
        "csv",
    ]));
    for ote in ["€100,000", "100,000 EUR", "EUR 0.1M", "€ 100k", "100000"] {
        let (_d, p) = in_euros(ote);
        let o = run(&["calc", &p, "--format", "csv"]);
        assert!(o.status.success(), "{ote}: {}", stderr(&o));
        assert_eq!(stdout(&o), usd, "{ote}");
    }
    let (_d, p) = in_euros("$100,000");
    refused(
        &p,
        &format!(
            "scenario `{p}` is not valid at line 54, column 19:\n   |\n54 |             ote: \"$100,000\",\n   |                   ^\n  = `$100,000` is in dollars but this plan pays in EUR"
        ),
    );
    // The reports say which currency; JSON names it at the top.
    let (_d, p) = in_euros("100000");
    let table = stdout(&run(&["calc", &p]));
    assert!(
        table.starts_with("Worked example (attainment scale 100%; amounts in EUR)\n"),
        "{table}"
    );
    assert!(
        table.contains("Cash cost                        €103,960.00\n"),
        "{table}"
    );
    let json = stdout(&run(&["calc", &p, "--format", "json"]));
    assert!(
        json.starts_with("{\n  \"scenario\": \"Worked example\",\n  \"currency\": \"EUR\",\n"),
        "{json}"
    );
    let md = stdout(&run(&["calc", &p, "--format", "markdown"]));
    assert!(
        md.contains("\n\nAttainment scale 100%; amounts in EUR.\n"),
        "{md}"
    );
    // A USD plan's JSON has no currency (as before).
    let json = stdout(&run(&[
        "calc",
        "assets/worked-example.ron",
        "--format",
        "json",
    ]));
    assert!(!json.contains("currency"), "{json}");
    // The flags read in the plan's currency too.
    let o = run(&["risk", &p, "--trials", "50", "--budget", "$120,000"]);
    assert_eq!(
        stderr(&o),
        "error: --budget $120,000: `$120,000` is in dollars but this plan pays in EUR\n"
    );
    let o = run(&["risk", &p, "--trials", "50", "--budget", "€120k"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Plans in two currencies are not compared.
    let o = run(&["compare", "assets/worked-example.ron", &p]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: `{p}` pays in EUR but the baseline `assets/worked-example.ron` pays in USD; compare plans that pay in the same currency\n"
        )
    );
    // The currency needs version 3: an older cscomp-tui says to update rather than
    // misreading euros as dollars.
    let (_d, p) = variant("    plan: (\n", "    plan: (\n        currency: \"EUR\",\n");
    refused(
        &p,
        &format!(
            "scenario `{p}` is not valid at line 1, column 1:\n  |\n1 | // The worked example of docs/calculation.md, to the cent: OTE $100,000 on an 80/20 OTE split,\n  | ^\n  = cannot upgrade this file from version 1: it names the plan's currency, which needs `version: 3` (docs/scenario-format.md)"
        ),
    );
    let text = WORKED.replacen("version: 1", "version: 3", 1).replacen(
        "    plan: (\n",
        "    plan: (\n        currency: \"EURO\",\n",
        1,
    );
    let (_d, p) = write(text.as_bytes());
    let o = run(&["check", &p]);
    assert!(
        stderr(&o).ends_with("  = `EURO` is not a currency code: write an ISO 4217 code such as USD, EUR, GBP or CAD\n"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn new_writes_a_plan_in_another_currency_and_usd_files_stay_as_they_were() {
    let d = tempfile::tempdir().unwrap();
    let eur = d.path().join("eur.ron");
    let usd = d.path().join("usd.ron");
    let plain = d.path().join("plain.ron");
    for (file, extra) in [(&eur, Some("eur")), (&usd, Some("USD")), (&plain, None)] {
        let mut args = vec!["new", file.to_str().unwrap()];
        if let Some(c) = extra {
            args.extend(["--currency", c]);
        }
        let o = run(&args);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let text = std::fs::read_to_string(&eur).unwrap();
    assert!(text.starts_with("// cscomp-tui scenario. Format: docs/scenario-format.md. Percentages are exact (\"20%\"),\n// money is in EUR (\"100000\")."), "{text}");
    // A new plan leaves leavers' annual metrics unpaid and prorates targets: version 5.
    assert!(text.contains("    version: 5,\n"), "{text}");
    assert!(
        text.contains("        leavers: Forfeit,\n        prorate_targets: true,\n"),
        "{text}"
    );
    assert!(
        text.contains("    plan: (\n        currency: \"EUR\",\n        mix: ("),
        "{text}"
    );
    // Loaded and saved again, byte for byte the same; an autosave keeps the currency.
    let scn = cscomp_tui::scenario::load(&eur).unwrap();
    assert_eq!(cscomp_tui::scenario::to_ron(&scn), text);
    let env = cscomp_tui::scenario::recovery::Envelope {
        seq: 1,
        source: None,
        saved_at: "2026-01-01T00:00:00Z".into(),
        scenario: scn.clone(),
    };
    let back =
        cscomp_tui::scenario::recovery::Envelope::parse(env.to_ron().as_bytes(), "r").unwrap();
    assert_eq!(back.scenario, scn);
    // USD is every plan's currency unless it names another: not written.
    let plain_text = std::fs::read_to_string(&plain).unwrap();
    assert_eq!(std::fs::read_to_string(&usd).unwrap(), plain_text);
    assert!(!plain_text.contains("currency"), "{plain_text}");
    assert!(plain_text.contains("    version: 5,\n"), "{plain_text}");
    let o = run(&[
        "new",
        d.path().join("x.ron").to_str().unwrap(),
        "--currency",
        "EURO",
    ]);
    assert_eq!(
        stderr(&o),
        "error: invalid value 'EURO' for '--currency <CODE>': `EURO` is not a currency code: write an ISO 4217 code such as USD, EUR, GBP or CAD\n\nFor more information, try '--help'.\n"
    );
}

#[test]
fn budget_flags_read_money_as_people_write_it() {
    let risk = |budget: &str| {
        let o = run(&[
            "risk",
            "assets/sample.ron",
            "--trials",
            "200",
            "--budget",
            budget,
        ]);
        assert!(o.status.success(), "{budget}: {}", stderr(&o));
        stdout(&o)
    };
    let expected = risk("1600000");
    assert!(expected.contains("$1,600,000"), "{expected}");
    for budget in [
        "1.6M",
        "1,600k",
        "$1.6m",
        "1.6 M",
        "USD 1.6M",
        "$ 1,600,000",
        "1,600,000 USD",
    ] {
        assert_eq!(risk(budget), expected, "{budget}");
    }
    // `--set budget=` on any command reads the same way.
    let o = run(&[
        "risk",
        "assets/sample.ron",
        "--trials",
        "200",
        "--set",
        "budget=1.6M",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), expected);
    // A negative budget stays refused, in parentheses too.
    let o = run(&["risk", "assets/sample.ron", "--budget", "(1,600,000)"]);
    assert_eq!(
        stderr(&o),
        "error: --budget (1,600,000): a budget is money, e.g. 1600000 or $1,600,000\n"
    );
    let solve = |budget: &str| {
        let o = run(&[
            "solve",
            "assets/sample.ron",
            "--param",
            "grr.cap",
            "--budget",
            budget,
            "--format",
            "json",
        ]);
        assert!(o.status.success(), "{budget}: {}", stderr(&o));
        stdout(&o)
    };
    assert_eq!(solve("1.56M"), solve("1560000"));
    assert_eq!(solve("1,560k"), solve("1560000"));
    let o = run(&[
        "solve",
        "assets/sample.ron",
        "--param",
        "grr.cap",
        "--budget",
        "(1.56M)",
    ]);
    assert_eq!(
        stderr(&o),
        "error: --budget (1.56M): a budget cannot be negative\n"
    );
}
