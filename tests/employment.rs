//! Employment by date and the leaver rule (docs/periods.md, "Joiners and leavers"): days
//! employed prorate base, target variable and each period's pay; targets prorate where the
//! plan says; a leaver forfeits, is settled when leaving, or is paid at year end; what is
//! closed never moves. Exact figures worked by hand on assets/joiners-leavers.ron, and the
//! integer path against the decimal reference on random plans.

mod common;

use common::periods::quarterly;
use common::{run, stderr, stdout};
use cscomp_tui::engine::eval::{self, TeamInputs};
use cscomp_tui::engine::shape::{Employed, Shape};
use cscomp_tui::engine::*;
use cscomp_tui::scenario::{self, parse, to_ron};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const FILE: &str = "assets/joiners-leavers.ron";

fn sample() -> Scenario {
    scenario::load(std::path::Path::new(FILE)).unwrap()
}

fn index(s: &Scenario, id: &str) -> usize {
    s.team.iter().position(|c| c.id == id).unwrap()
}

/// Grace Liu joins on 15 September 2026: 47 of Q3's 92 days (1 August – 31 October).
#[test]
fn a_joiner_by_date_is_paid_for_the_days_employed() {
    let s = sample();
    let i = index(&s, "csm-16");
    assert_eq!(
        Shape::employed(&s.plan, &s.team[i]),
        Some(Employed {
            first: 2,
            last: 3,
            head: (47, 92),
            tail: (1, 1)
        })
    );
    let e = evaluate(&s);
    let r = &e.csms[i];
    // Base: $64,000 a year, $16,000 a quarter; Q3 = 16,000 × 47 ÷ 92 = 8,173.91.
    assert_eq!(r.base, dec!(24173.91));
    // Target variable: $16,000 a year; Q3 = 4,000 × 47 ÷ 92 = 2,043.48.
    assert_eq!(r.target_variable, dec!(6043.48));
    assert_eq!(r.ote, dec!(30217.39));
    let p = e.periods.as_ref().unwrap();
    assert_eq!(p.csm(i)[2].base, dec!(8173.91));
    assert_eq!(p.csm(i)[3].base, dec!(16000.00));
    assert_eq!(p.csm(i)[0].total, Decimal::ZERO);
    // Expansion (from Q3: 30% of variable pay) on her share of the year,
    // E = 25% × 47/92 + 25%; her target is the plan's $100,000 × E = $37,771.74, so
    // $21,000 is 55.6% of it and pays 16,000 × 30% × E × 21,000 ÷ 37,771.74 = $1,008.00.
    let exp: Decimal = s
        .plan
        .components
        .iter()
        .position(|c| c.id == "expansion")
        .map(|k| e.components(i)[k].payout)
        .unwrap();
    assert_eq!(exp, dec!(1008.00));
    assert_eq!(
        eval::target_in_plan(&s.plan, &s.plan.components[2], &s.team[i]),
        dec!(37771.74)
    );
    // The statement shows the prorated target and the day she joins.
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["statements", FILE, "--out", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("csm-16.md")).unwrap();
    assert!(
        md.contains("| Employed | Q3–Q4 (joins on 15 September 2026: 47 of Q3's 92 days) |"),
        "{md}"
    );
    assert!(
        md.contains("- Target: $37,771.74 (prorated for the part of the year you are employed; the plan's is $100,000.00 for the whole year)."),
        "{md}"
    );
}

/// Ethan Brooks leaves on 19 June 2026, 50 of Q2's 92 days; the plan settles a leaver's
/// annual metrics when they leave.
#[test]
fn a_leaver_settled_at_leaving_is_paid_in_the_leaving_period_and_stays_put() {
    let s = sample();
    let i = index(&s, "csm-15");
    let e = evaluate(&s);
    let r = &e.csms[i];
    // Base: Q1 $14,400 + Q2 14,400 × 50 ÷ 92 = 7,826.09.
    assert_eq!(r.base, dec!(22226.09));
    assert_eq!(r.target_variable, dec!(5556.52));
    let p = e.periods.as_ref().unwrap();
    let q2 = &p.csm(i)[1];
    assert_eq!(q2.base, dec!(7826.09));
    // Q2 pays the annual metrics settled (GRR $1,157.61, churn $833.48, expansion
    // $1,259.48) and its two activities ($244.57 each).
    assert_eq!(q2.variable, dec!(3739.71));
    assert_eq!(q2.spif, dec!(500.00));
    assert_eq!(p.csm(i)[2].total, Decimal::ZERO);
    assert_eq!(p.csm(i)[3].total, Decimal::ZERO);
    let grr = e.slots(i)[0];
    assert_eq!(grr.payout, dec!(1157.61));
    // Q2 is closed: the what-if does not move him.
    for scale in [dec!(0.5), dec!(1.3)] {
        let moved = evaluate_at(&s, scale);
        assert_eq!(moved.csms[i].total, r.total, "scale {scale}");
        assert_eq!(moved.periods.as_ref().unwrap().team[1], p.team[1]);
    }
    // calc --by-period shows him as left.
    let o = run(&["calc", FILE, "--by-period"]);
    assert!(
        stdout(&o).contains("csm-15  Ethan Brooks     $27,365.80         $1,389.14   $2,778.26        50.0%  left         —"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_leaver_forfeits_or_is_paid_at_year_end_as_the_plan_says() {
    let mut s = sample();
    let i = index(&s, "csm-15");
    let settled = evaluate(&s);
    let annual: Vec<usize> = Shape::of(&s.plan)
        .slots
        .iter()
        .enumerate()
        .filter(|(_, x)| x.period.is_none())
        .map(|(j, _)| j)
        .collect();

    s.plan.leavers = LeaverPolicy::Forfeit;
    let e = evaluate(&s);
    for j in &annual {
        assert_eq!(e.slots(i)[*j].payout, Decimal::ZERO);
    }
    // What is left: the two activities in Q1 and Q2 ($900 + $244.57 + $244.57).
    assert_eq!(e.csms[i].variable, dec!(1389.14));
    assert_eq!(
        e.csms[i].total,
        settled.csms[i].total - dec!(1157.61) - dec!(833.48) - dec!(1259.48)
    );

    // Paid at year end (what files without the rule do): in Q4, on the year's result,
    // moved by the what-if while the year is open.
    s.plan.leavers = LeaverPolicy::PayAtYearEnd;
    s.plan.prorate_targets = false;
    let e = evaluate(&s);
    let p = e.periods.as_ref().unwrap();
    assert_eq!(
        p.csm(i)[3].variable,
        dec!(1157.61) + dec!(833.48) + dec!(1259.48)
    );
    assert_ne!(evaluate_at(&s, dec!(1.3)).csms[i].total, e.csms[i].total);
}

/// A date on a period's first (or last) day is that whole period: the same pay as naming it.
#[test]
fn a_date_on_a_period_boundary_is_the_period() {
    let mut by_date = sample();
    let i = index(&by_date, "csm-16");
    by_date.team[i].start = Some("2026-08-01".into());
    let j = index(&by_date, "csm-15");
    by_date.team[j].end = Some("2026-07-31".into());
    let mut by_period = by_date.clone();
    by_period.team[i].start = Some("Q3".into());
    by_period.team[j].end = Some("Q2 FY27".into());
    assert_eq!(
        Shape::employed(&by_date.plan, &by_date.team[i]),
        Some(Employed::periods(2, 3))
    );
    assert_eq!(evaluate(&by_date), evaluate(&by_period));
}

#[test]
fn dates_the_plan_cannot_place_are_refused_with_the_reason() {
    let check = |edit: &dyn Fn(&mut Scenario), needle: &str| {
        let mut s = sample();
        edit(&mut s);
        let found = validate(&s);
        assert!(
            found.iter().any(|f| f.message.contains(needle)),
            "expected `{needle}` in {found:?}"
        );
    };
    check(
        &|s| s.plan.fiscal_year = None,
        "start `2026-09-15`: a date needs the plan's fiscal year",
    );
    check(
        &|s| s.team[15].start = Some("2027-03-01".into()),
        "start `2027-03-01`: starts on 2027-03-01 after the plan year ends (2027-01-31)",
    );
    check(
        &|s| s.team[14].end = Some("2025-12-31".into()),
        "end `2025-12-31`: leaves on 2025-12-31 before the plan year starts (2026-02-01)",
    );
    check(
        &|s| {
            s.team[15].end = Some("2026-09-01".into());
        },
        "leaves before they start",
    );
    check(
        &|s| s.team[15].start = Some("2026-02-30".into()),
        "start `2026-02-30`: `2026-02-30` is not a day of the calendar",
    );
    check(
        &|s| s.team[15].start = Some("Q5".into()),
        "start `Q5`: `Q5` is neither a date (YYYY-MM-DD) nor a plan period; the plan's periods are: Q1, Q2, Q3, Q4",
    );
    // Results in a period the CSM does not work are refused, by date as by period.
    check(
        &|s| {
            let pv = s.team[15].periods.get("Q3").cloned().unwrap();
            s.team[14].periods.insert("Q3", pv);
        },
        "has results in Q3, but is employed only from Q1 to Q2 (to 2026-06-19)",
    );
}

/// The file: version 5 only when the new fields are used; an older version that uses them
/// is refused; the rules round-trip.
#[test]
fn version_5_holds_the_new_fields() {
    let s = sample();
    assert_eq!(s.version, 5);
    let text = to_ron(&s);
    assert!(text.contains("    version: 5,\n"));
    assert!(text.contains("        leavers: SettleAtLeaving,\n        prorate_targets: true,\n"));
    assert!(
        text.contains("            start: Some(\"2026-09-15\"),\n"),
        "{text}"
    );
    assert_eq!(parse(&text, "x").unwrap(), s);
    let older = text.replace("    version: 5,", "    version: 4,");
    let err = parse(&older, "x.ron").unwrap_err().to_string();
    assert!(
        err.contains("it uses fields of version 5 (a `start` or `end` by date, `leavers` or `prorate_targets`), which need `version: 5`"),
        "{err}"
    );
    // The mid-year sample, without them, stays version 4 and pays as before.
    let mid = scenario::load(std::path::Path::new("assets/midyear.ron")).unwrap();
    assert_eq!(mid.version, 4);
    assert_eq!(mid.plan.leavers, LeaverPolicy::PayAtYearEnd);
    assert!(!mid.plan.prorate_targets);
}

#[test]
fn the_leaver_rule_is_set_from_the_command_line() {
    // Each spelling people use reaches the rule (Ethan's total under it).
    for (value, total) in [
        ("forfeit", "24115.23"),
        ("Settle at leaving", "27365.80"),
        ("pay_at_year_end", "27365.80"),
    ] {
        let o = run(&[
            "calc",
            FILE,
            "--set",
            &format!("leavers={value}"),
            "--format",
            "json",
        ]);
        assert!(o.status.success(), "{value}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["csms"][14]["total"], total, "{value}");
    }
    let o = run(&["calc", FILE, "--set", "leavers=forfeit", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ethan = v["csms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "csm-15")
        .unwrap();
    // Forfeit: the annual metrics ($3,250.57) are not paid.
    assert_eq!(ethan["total"], "24115.23");
    let o = run(&["calc", FILE, "--set", "leavers=sometimes"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "leavers are paid by one of `forfeit`, `settle_at_leaving` or `pay_at_year_end`"
        ),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "calc",
        FILE,
        "--set",
        "prorate_targets=whole year",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The workbook says at once that it does not model days employed, before writing anything.
#[test]
fn the_workbook_refuses_what_its_formulas_do_not_model() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.xlsx");
    let o = run(&["export-xlsx", FILE, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Ethan Brooks starts or leaves within a period (by date); the workbook models whole periods only"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

/// A payout of exactly half a cent, reached through a share of days (15 of Q2's 92), rounds
/// as every payout does, up: the share is divided once, never rounded on the way.
#[test]
fn a_half_cent_through_a_share_of_days_rounds_like_any_other() {
    let mut s = quarterly();
    s.plan.fiscal_year = Some(FiscalYear {
        name: "FY27".into(),
        start: "2026-02-01".into(),
    });
    let i = index(&s, "csm-04");
    s.team[i].end = Some("2026-05-15".into());
    s.team[i].periods.retain(|q, _| q == "Q1" || q == "Q2");
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    // GRR: $15,200 × 20% × (25% + 25% × 15/92) × (1 + 1.5 × (87/90 × 1.13 − 1))
    // = $1,006.335 exactly.
    let e = evaluate_at(&s, dec!(1.13));
    assert_eq!(e.slots(i)[0].payout, dec!(1006.34));
    let inputs = TeamInputs::new(&s);
    assert_eq!(
        cscomp_tui::engine::sweep::team_cash_curve(&s, &inputs, &[dec!(1.13)]),
        vec![e.team.cash]
    );
}

prop_compose! {
    /// The quarterly sample with a fiscal year, random joiners and leavers by date (or
    /// none), a leaver rule, prorated targets or not, an as-of period and a scale.
    fn by_date()(
        days in prop::collection::vec((0u32..400, 0u32..400, any::<bool>(), any::<bool>()), 16),
        rule in 0usize..3,
        prorate in any::<bool>(),
        as_of in 0usize..5,
        scale in 50u32..150,
        own in any::<bool>(),
    ) -> (Scenario, Decimal) {
        let mut s = quarterly();
        s.version = 5;
        s.plan.fiscal_year = Some(FiscalYear { name: "FY27".into(), start: "2026-02-01".into() });
        s.plan.leavers = LeaverPolicy::ALL[rule];
        s.plan.prorate_targets = prorate;
        let q = ["Q1", "Q2", "Q3", "Q4"];
        s.plan.as_of = (as_of > 0).then(|| q[as_of - 1].to_string());
        let start = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
        let bounds = s.plan.period_starts().unwrap();
        for (i, (a, b, joins, leaves)) in days.iter().enumerate() {
            let csm = &mut s.team[i];
            let (a, b) = ((*a).min(364), (*b).min(364));
            let (from, to) = (a.min(b), a.max(b));
            let day = |n: u32| start + chrono::Days::new(u64::from(n));
            csm.start = joins.then(|| day(from).format("%Y-%m-%d").to_string());
            csm.end = leaves.then(|| day(to).format("%Y-%m-%d").to_string());
            if !own {
                csm.targets.clear();
            }
            let period = |d: chrono::NaiveDate| bounds.windows(2).position(|w| d >= w[0] && d < w[1]).unwrap();
            let first = if *joins { period(day(from)) } else { 0 };
            let last = if *leaves { period(day(to)) } else { 3 };
            let old = std::mem::take(&mut csm.periods);
            for (p, id) in q.iter().enumerate() {
                if p < first || p > last {
                    continue;
                }
                let mut pv = old.get(id).cloned().unwrap_or_default();
                pv.paid = None;
                if p > 0 && !pv.actuals.contains_key("ebr") {
                    pv.actuals.insert("ebr", Decimal::new(i64::from(a % 150), 2));
                }
                csm.periods.insert(id, pv);
            }
        }
        (s, Decimal::new(i64::from(scale), 2))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]

    /// Whatever the dates and the rule: the evaluation equals the decimal reference (and the
    /// integer path, where it takes the plan); every CSM's periods add up to their year; a
    /// closed period does not move with the what-if; a forfeiting leaver earns nothing on
    /// annual metrics; a settled leaver's annual pay is in their leaving period.
    #[test]
    fn employment_by_date_is_exact_and_the_past_stays_put((s, scale) in by_date()) {
        prop_assert!(validate(&s).is_empty(), "{:?}", validate(&s));
        let inputs = TeamInputs::new(&s);
        let slow = eval::evaluate_decimal(&s, &inputs, scale);
        let e = evaluate::evaluate_with(&s, &inputs, scale);
        prop_assert_eq!(&e, &slow);
        if let Some(fast) = evaluate::evaluate_integer(&s, &inputs, scale) {
            prop_assert_eq!(&fast, &slow);
        }
        let shape = Shape::of(&s.plan);
        let p = e.periods.as_ref().unwrap();
        let at_one = evaluate::evaluate_with(&s, &inputs, Decimal::ONE);
        let p1 = at_one.periods.as_ref().unwrap();
        for (i, r) in e.csms.iter().enumerate() {
            let sum: Decimal = p.csm(i).iter().map(|x| x.total).sum();
            prop_assert_eq!(sum, r.total);
            let base: Decimal = p.csm(i).iter().map(|x| x.base).sum();
            prop_assert_eq!(base, r.base);
            let employed = inputs.employed(i);
            for (j, slot) in shape.slots.iter().enumerate() {
                let pay = e.slots(i)[j].payout;
                if slot.period.is_none()
                    && shape.leaves(employed)
                    && s.plan.leavers == LeaverPolicy::Forfeit
                {
                    prop_assert_eq!(pay, Decimal::ZERO);
                }
            }
            for k in 0..4 {
                if p.is_actual(k) {
                    prop_assert_eq!(p.csm(i)[k], p1.csm(i)[k]);
                }
                if employed.is_some_and(|em| !em.contains(k)) {
                    prop_assert_eq!(p.csm(i)[k].base, Decimal::ZERO);
                    prop_assert_eq!(p.csm(i)[k].spif, Decimal::ZERO);
                    // Only a leaver paid at year end is paid after leaving: in the last period.
                    if k < 3 || s.plan.leavers != LeaverPolicy::PayAtYearEnd {
                        prop_assert_eq!(p.csm(i)[k].variable, Decimal::ZERO);
                    }
                }
            }
            if shape.settles(employed)
                && let Some(em) = employed
            {
                for k in em.last + 1..4 {
                    prop_assert_eq!(p.csm(i)[k].variable, Decimal::ZERO);
                }
            }
        }
        // The cost curve is the engine's team cash at each scale.
        let scales = [dec!(0.5), scale, dec!(1.5)];
        let curve = cscomp_tui::engine::sweep::team_cash_curve(&s, &inputs, &scales);
        for (x, c) in scales.iter().zip(&curve) {
            let want = evaluate::evaluate_with(&s, &inputs, *x).team.cash;
            prop_assert_eq!(*c, want);
        }
    }
}

/// An HR export's hire and termination dates (BambooHR: a title row, US dates, a total
/// row) become joiners and leavers where they fall in the plan year; a hire years ago is
/// the whole year.
#[test]
fn hire_and_termination_dates_come_in_with_the_roster() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("team.ron");
    let mut s = sample();
    for c in &mut s.team {
        c.start = None;
        c.end = None;
    }
    std::fs::write(&file, to_ron(&s)).unwrap();
    let home = dir.path().join("home");
    let roster = "tests/fixtures/roster/bamboohr-hire-dates.csv";
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "import-roster",
            roster,
            "--into",
            file.to_str().unwrap(),
            "--data-dir",
            home.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        a.iter().map(|x| x.to_string()).collect::<Vec<String>>()
    };
    let dry: Vec<String> = args(&["--dry-run"]);
    let o = run(&dry.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("\"Hire Date\" → start, \"Termination Date\" → end"),
        "{out}"
    );
    assert!(out.contains("csm-15 [end, "), "{out}");
    assert!(out.contains("csm-16 [start, "), "{out}");
    let real: Vec<String> = args(&[]);
    let o = run(&real.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let after = scenario::load(&file).unwrap();
    assert_eq!(after.team[15].start.as_deref(), Some("2026-09-15"));
    assert_eq!(after.team[14].end.as_deref(), Some("2026-06-19"));
    assert!(
        after.team[..14]
            .iter()
            .all(|c| c.start.is_none() && c.end.is_none())
    );

    // A plan without a fiscal year cannot place a day: the dates are left out, as any
    // column the tool does not use, and the team imports as before.
    let mut s = sample();
    s.plan.fiscal_year = None;
    for c in &mut s.team {
        c.start = None;
        c.end = None;
    }
    std::fs::write(&file, to_ron(&s)).unwrap();
    let o = run(&real.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(
            "Ignored columns (not used by cscomp-tui): Hire Date, Termination Date, Department"
        ),
        "{}",
        stdout(&o)
    );
    let after = scenario::load(&file).unwrap();
    assert!(
        after
            .team
            .iter()
            .all(|c| c.start.is_none() && c.end.is_none())
    );
    // Mapped by hand, the day says what the plan lacks, by row and column.
    let mut mapped = real.clone();
    mapped.extend(["--map".to_string(), "Hire Date=start".to_string()]);
    let o = run(&mapped.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("row 3, column \"Hire Date\", value \"3/14/2019\": a day needs the plan's fiscal year to place it"),
        "{}",
        stderr(&o)
    );
}

/// What a reader checks in the outputs: the prorated target in JSON, the leaving period in
/// the by-period JSON and the statement, and what a joiner needs when the prorated pay at
/// target rounds up to the cent (100%, not the next step).
#[test]
fn the_outputs_speak_of_the_prorated_target_and_the_leaving_period() {
    let o = run(&["calc", FILE, "--by-period", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let grace = &v["csms"][15];
    assert_eq!(grace["components"][2]["id"], "expansion");
    assert_eq!(grace["components"][2]["target"], "37771.74");
    let q4 = grace["periods"][3]["components"].as_array().unwrap();
    assert!(
        q4.iter().any(|c| c["id"] == "expansion"
            && c["periods"] == "Q3-Q4"
            && c["target"] == "37771.74")
    );
    // Ethan's settled annual metrics are listed with Q2, where they are paid.
    let ethan = &v["csms"][14];
    let q2: Vec<&str> = ethan["periods"][1]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        q2,
        [
            "grr",
            "churn",
            "expansion",
            "expansion",
            "activities",
            "ebr"
        ]
    );

    let dir = tempfile::tempdir().unwrap();
    let o = run(&["statements", FILE, "--out", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("csm-15.md")).unwrap();
    assert!(
        md.contains("Your base salary is paid evenly over the quarters you are employed; metrics measured each quarter pay in their quarter, metrics measured over the year pay with Q2, when you leave."),
        "{md}"
    );
    assert!(
        md.contains("- Your result: 92.5%, which is 102.8% of target"),
        "{md}"
    );

    // Joining on 2 September (60 of Q3's 92 days): Q3's activity at target is
    // $800 × 60/92 = $521.739…, paid as $521.74; a 100% result still reaches it.
    let mut s = sample();
    let i = index(&s, "csm-16");
    s.team[i].start = Some("2026-09-02".into());
    let c = cscomp_tui::engine::compute(&s).unwrap();
    let all = cscomp_tui::engine::on_track::on_track(&s, &c).unwrap();
    use cscomp_tui::engine::on_track::Need;
    assert_eq!(all[i].needs[3], Need::Attainment(dec!(1)));
    assert_eq!(all[i].needs[4], Need::Attainment(dec!(1)));
}

/// `export-roster` writes joiners' and leavers' days as `start` and `end` columns, and
/// `import-roster` reads them back: a team that lost them gets them again.
#[test]
fn an_exported_roster_carries_start_and_end_back() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["export-roster", "assets/joiners-leavers.ron"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = stdout(&o);
    assert!(
        csv.starts_with("id,name,level,ote,book_arr,start,end,target:grr,"),
        "{csv}"
    );
    assert!(
        csv.contains("\ncsm-15,Ethan Brooks,CSM I,72000.00,2150000.00,,2026-06-19,"),
        "{csv}"
    );
    let roster = dir.path().join("team.csv");
    std::fs::write(&roster, &csv).unwrap();
    let original = scenario::load(std::path::Path::new("assets/joiners-leavers.ron")).unwrap();
    let mut lost = original.clone();
    for c in &mut lost.team {
        c.start = None;
        c.end = None;
    }
    let file = dir.path().join("plan.ron");
    std::fs::write(&file, to_ron(&lost)).unwrap();
    let o = run(&[
        "import-roster",
        "--into",
        file.to_str().unwrap(),
        roster.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let back = scenario::load(&file).unwrap();
    let days = |s: &Scenario| -> Vec<(Option<String>, Option<String>)> {
        s.team
            .iter()
            .map(|c| (c.start.clone(), c.end.clone()))
            .collect()
    };
    assert_eq!(days(&back), days(&original));
    assert!(days(&back).iter().any(|(s, e)| s.is_some() || e.is_some()));
}
