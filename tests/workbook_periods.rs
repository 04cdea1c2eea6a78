//! The finance workbook of a plan with periods: LibreOffice recalculates it from its
//! formulas (cached values switched off) and every figure of `calc --by-period --format
//! json` must come out to the cent — each CSM's year and each of their periods, each
//! metric's payout (an annual one paid by two plan versions included), recorded payouts and
//! their adjustments, the team by period, paid to date and the forecast. Under CI
//! (`CI=true`) the recalculation tests fail when `soffice` is missing.

mod common;

use calamine::{Data, Reader};
use common::workbook::*;
use common::{run, stderr, stdout};
use serde_json::Value;
use std::path::Path;

fn header(rows: &[Vec<Data>]) -> Vec<String> {
    rows[0].iter().map(|c| c.to_string()).collect()
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name:?} in {header:?}"))
}

fn money(d: &Data, v: &Value, what: &str) {
    match v {
        Value::Null => assert_eq!(cents_of(d, what), 0, "{what}"),
        _ => assert_eq!(cents_of(d, what), json_cents(v, what), "{what}"),
    }
}

fn ratio(d: &Data, v: &Value, what: &str) {
    let got = ratio_of(d, what);
    let want: f64 = v.as_str().unwrap().parse().unwrap();
    assert!((got - want).abs() <= 5.1e-7, "{what}: {got} vs {want}");
}

/// The component names of a scenario file, by id.
fn names(file: &str) -> Vec<(String, String)> {
    let scn = cscomp_tui::scenario::load(Path::new(file)).unwrap();
    scn.plan
        .components
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect()
}

/// Compares a period plan's workbook with `calc --by-period --format json`; returns how
/// many figures were compared.
fn assert_period_matches(book: &Path, file: &str) -> usize {
    assert_scenario_matches(book, file, "")
}

/// [`assert_period_matches`] for the sheets `<prefix> – Team` etc. of a workbook with
/// several scenarios (an empty prefix: the one scenario's).
fn assert_scenario_matches(book: &Path, file: &str, prefix: &str) -> usize {
    let sheet = |kind: &str| match prefix {
        "" => kind.to_string(),
        p => format!("{p} – {kind}"),
    };
    let o = run(&["calc", file, "--by-period", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let names = names(file);
    let name_of = |id: &str| {
        names
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, n)| n.clone())
            .unwrap()
    };
    let mut b = Book::open(book);
    let mut n = 0;

    // The Team sheet: each CSM's year.
    let team = b.sheet(&sheet("Team"));
    let h = header(&team);
    let csms = json["csms"].as_array().unwrap();
    assert_eq!(team.len() - 1, csms.len(), "one row per CSM");
    for (i, c) in csms.iter().enumerate() {
        let row = &team[i + 1];
        let id = c["id"].as_str().unwrap();
        assert_eq!(row[0].to_string(), id);
        for (key, column) in [
            ("base", "Base"),
            ("target_variable", "Target variable"),
            ("variable", "Variable"),
            ("spif", "SPIF"),
            ("adjustment", "Recorded pay adjustment"),
            ("total", "Total"),
            ("planned", "Planned (every metric at 100%)"),
            ("ote", "OTE (periods employed)"),
        ] {
            money(
                &row[col(&h, column)],
                &c[key],
                &format!("{file} {id} {key}"),
            );
            n += 1;
        }
        let up = &row[col(&h, "At the caps (SPIFs at limits)")];
        match c["upside"].as_str() {
            Some(_) => money(up, &c["upside"], &format!("{file} {id} upside")),
            None => assert_eq!(up.to_string(), "unbounded", "{file} {id} upside"),
        }
        ratio(&row[col(&h, "% of OTE")], &c["pct_of_ote"], id);
        n += 2;
        // Annual metrics: the payout (the sum over the versions that pay it).
        for comp in c["components"].as_array().unwrap() {
            let cid = comp["id"].as_str().unwrap();
            if !h.iter().any(|x| x == &format!("actual:{cid}")) {
                continue;
            }
            let what = format!("{file} {id} {cid} payout");
            money(
                &row[col(&h, &format!("{} payout", name_of(cid)))],
                &comp["payout"],
                &what,
            );
            n += 1;
        }
    }

    // The By period sheet: each CSM's periods.
    let by = b.sheet(&sheet("By period"));
    let h = header(&by);
    let count = json["team"]["periods"].as_array().unwrap().len();
    assert_eq!(
        by.len() - 1,
        csms.len() * count,
        "one row per CSM and period"
    );
    for (i, c) in csms.iter().enumerate() {
        let id = c["id"].as_str().unwrap();
        for (p, period) in c["periods"].as_array().unwrap().iter().enumerate() {
            let row = &by[1 + i * count + p];
            let pid = period["id"].as_str().unwrap();
            assert_eq!(row[0].to_string(), id);
            assert_eq!(row[2].to_string(), pid);
            let status = if period["actual"].as_bool().unwrap() {
                "actual"
            } else {
                "projected"
            };
            assert_eq!(row[col(&h, "Results")].to_string(), status, "{id} {pid}");
            for (key, column) in [
                ("base", "Base"),
                ("variable", "Variable"),
                ("spif", "SPIF"),
                ("adjustment", "Recorded pay adjustment"),
                ("total", "Total"),
            ] {
                let what = format!("{file} {id} {pid} {key}");
                money(&row[col(&h, column)], &period[key], &what);
                n += 1;
            }
            for comp in period["components"].as_array().unwrap() {
                // Annual metrics are listed with the last period; the Team sheet has them.
                if comp["measured"] != "period" {
                    continue;
                }
                let cid = comp["id"].as_str().unwrap();
                let name = name_of(cid);
                let what = format!("{file} {id} {pid} {cid}");
                money(
                    &row[col(&h, &format!("{name} payout"))],
                    &comp["payout"],
                    &what,
                );
                // A period the CSM is not employed in shows no attainment.
                if ratio_of(&row[col(&h, "Employed")], &what) == 0.0 {
                    for c in ["attainment", "factor"] {
                        let cell = &row[col(&h, &format!("{name} {c}"))];
                        assert!(cell.to_string().is_empty(), "{what} {c}: {cell:?}");
                    }
                    n += 1;
                    continue;
                }
                ratio(
                    &row[col(&h, &format!("{name} attainment"))],
                    &comp["attainment"],
                    &what,
                );
                ratio(
                    &row[col(&h, &format!("{name} factor"))],
                    &comp["factor"],
                    &what,
                );
                n += 3;
            }
        }
    }

    // The Summary sheet: the team figures, the team by period, paid to date, forecast.
    let s = b.sheet(&sheet("Summary"));
    let t = &json["team"];
    for (row, (key, label, _)) in s[3..].iter().zip(cscomp_tui::output::xlsx::FIGURES) {
        assert_eq!(row[0].to_string(), label, "{key}");
        let v = &row[1];
        match key {
            "csms" => assert_eq!(ratio_of(v, key) as u64, t[key].as_u64().unwrap()),
            "cost_pct_of_arr" | "pct_of_ote" | "downside_pct_of_ote" => ratio(v, &t[key], key),
            "maximum_cash" if t[key].is_null() => assert_eq!(v.to_string(), "unbounded"),
            _ => money(v, &t[key], &format!("{file} team {key}")),
        }
        n += 1;
    }
    let at = s
        .iter()
        .position(|r| r[0] == "Period")
        .expect("the team by period");
    for (p, period) in t["periods"].as_array().unwrap().iter().enumerate() {
        let row = &s[at + 1 + p];
        assert_eq!(row[0].to_string(), period["id"].as_str().unwrap());
        for (key, c) in [
            ("total", 1),
            ("base", 3),
            ("variable", 4),
            ("spif", 5),
            ("adjustment", 6),
        ] {
            money(&row[c], &period[key], &format!("{file} team {p} {key}"));
            n += 1;
        }
    }
    let line = |label: &str| {
        s.iter()
            .find(|r| r[0].to_string().starts_with(label))
            .unwrap_or_else(|| panic!("no {label} line"))[1]
            .clone()
    };
    money(
        &line("Recorded pay adjustments"),
        &t["adjustment"],
        "adjustments",
    );
    money(&line("Paid to date"), &t["paid_to_date"], "paid to date");
    money(&line("Forecast"), &t["forecast"], "forecast");
    money(&line("Full year"), &t["cash"], "full year");
    n + 4
}

fn export(file: &str, out: &Path) {
    let o = run(&["export-xlsx", file, "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

const SAMPLES: [&str; 4] = [
    "assets/quarterly.ron",
    "assets/midyear.ron",
    "tests/fixtures/workbook/monthly.ron",
    // A joiner's prorated target, a leaver who forfeits the annual metrics.
    "tests/fixtures/workbook/leavers.ron",
];

#[test]
fn a_period_plans_cached_values_are_the_engines_figures() {
    let dir = tempfile::tempdir().unwrap();
    for (k, f) in SAMPLES.iter().enumerate() {
        let out = dir.path().join(format!("cached{k}.xlsx"));
        export(f, &out);
        let n = assert_period_matches(&out, f);
        assert!(n > 300, "{f}: {n} figures");
    }
}

#[test]
fn a_period_plans_workbook_recalculates_to_the_cent_like_calc_by_period() {
    let Some(lo) = soffice() else { return };
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.ron");
    let o = run(&[
        "new",
        big.to_str().unwrap(),
        "--team-size",
        "1000",
        "--quarterly",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut sources: Vec<String> = SAMPLES.iter().map(|s| s.to_string()).collect();
    sources.push(big.display().to_string());
    let mut books = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        let out = dir.path().join(format!("book{i}.xlsx"));
        export(s, &out);
        books.push(out);
    }
    // The plan as it was against the plan changed from Q3, side by side.
    let both = dir.path().join("both.xlsx");
    let o = run(&[
        "export-xlsx",
        "assets/quarterly.ron",
        "assets/midyear.ron",
        "--out",
        both.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    books.push(both);
    let recalculated = recalc(lo, &books, &dir.path().join("recalc"));
    for (src, book) in sources.iter().zip(&recalculated) {
        let n = assert_period_matches(book, src);
        assert!(n > 300, "{src}: {n} figures");
    }
    let both = &recalculated[sources.len()];
    let mut b = Book::open(both);
    assert_eq!(b.wb.sheet_names()[..2], ["Compare", "…by quarter – Plan"]);
    // The two names share "Sample team FY27, ": the sheets keep what tells them apart.
    assert_scenario_matches(both, "assets/quarterly.ron", "…by quarter");
    assert_scenario_matches(both, "assets/midyear.ron", "…mid-year");
    let cash = |f: &str| {
        let o = run(&["calc", f, "--format", "json"]);
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        json_cents(&v["team"]["cash"], f)
    };
    let (before, after) = (cash("assets/quarterly.ron"), cash("assets/midyear.ron"));
    let cmp = b.sheet("Compare");
    let row = cmp.iter().find(|r| r[0] == "Cash").expect("a cash row");
    assert_eq!(cents_of(&row[1], "as is"), before);
    assert_eq!(cents_of(&row[2], "changed"), after);
    assert_eq!(cents_of(&row[3], "change"), after - before);
}

#[test]
fn editing_a_result_and_a_periods_spif_amount_in_the_workbook_recalculates_like_calc() {
    let Some(lo) = soffice() else { return };
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("edit.xlsx");
    export("assets/midyear.ron", &book);
    let column = |sheet: &str, header_row: usize, name: &str| {
        let rows = Book::open(&book).sheet(sheet);
        let h: Vec<String> = rows[header_row].iter().map(|c| c.to_string()).collect();
        cscomp_tui::output::xlsx::col_name(col(&h, name) as u16)
    };
    // Alex Morgan's Q3 key activity, 92% → 110%, on the By period sheet (the fourth; his Q3
    // is row 4), and Q4's C-level meeting, $750 → $900, on the Periods sheet (the second;
    // its header is row 4, Q4 row 8), as a person would type them.
    let act = column("By period", 0, "actual:activities");
    set_cell(&book, "xl/worksheets/sheet4.xml", &format!("{act}4"), "1.1");
    let amount = column(
        "Periods",
        3,
        "Meeting booked with a customer's C-level executive amount per event",
    );
    set_cell(
        &book,
        "xl/worksheets/sheet2.xml",
        &format!("{amount}8"),
        "900",
    );
    // The same two edits in the scenario file: a result, and a change from Q4.
    let ron = std::fs::read_to_string("assets/midyear.ron").unwrap();
    let q3 = r#""Q3": (actuals: {"activities": "0.92", "ebr": "0.54"}),"#;
    assert!(
        ron.find(q3) < ron.find("csm-02"),
        "Alex Morgan's Q3 comes first"
    );
    let edited = ron.replacen(
        q3,
        r#""Q3": (actuals: {"activities": "1.1", "ebr": "0.54"}),"#,
        1,
    );
    let change = "        ],\n    ),\n    team: [";
    assert!(edited.contains(change));
    let edited = edited.replacen(
        change,
        "            (effective_from: \"Q4\", spifs: {\"c-level\": (amount: \"900\")}),\n        ],\n    ),\n    team: [",
        1,
    );
    let file = dir.path().join("edited.ron");
    std::fs::write(&file, edited).unwrap();
    let file = file.to_str().unwrap();
    let cash = |f: &str| {
        let o = run(&["calc", f, "--format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        json_cents(&v["team"]["cash"], f)
    };
    assert_ne!(cash(file), cash("assets/midyear.ron"), "the edits matter");
    let recalculated = recalc(lo, &[book], &dir.path().join("recalc"));
    let n = assert_period_matches(&recalculated[0], file);
    assert!(n > 300, "{n} figures");
}
