//! Team and level metrics, and NRR or GRR worked out from a book's ARR movements
//! (docs/calculation.md, "Team metrics" and "NRR and GRR from their parts").

mod common;
use common::{run, stdout};
use cscomp_tui::engine::eval::{self, TeamInputs};
use cscomp_tui::engine::risk::simulate;
use cscomp_tui::engine::*;
use cscomp_tui::scenario::{parse, to_ron};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// Three CSMs ($100,000 OTE, 80/20 split: $20,000 target variable each) on a team NRR
/// (weight 40%, target 105%, pays 1× per unit of attainment, uncapped) and an own activity
/// metric; `extra` goes in the plan's NRR component, `results` after the team.
fn team(extra: &str, results: &str, csms: &str) -> Scenario {
    let text = format!(
        r#"(
    version: 2,
    name: "Team NRR",
    plan: (
        mix: (variable_share: "20%", basis: OteSplit),
        components: [
            (id: "nrr", name: "Team NRR", kind: Nrr, weight: "40%", target: "105%",
             curve: Tiered(threshold: "0%", tiers: [(from: "0%", rate: "1")]), {extra}),
            (id: "act", name: "Activity", kind: Activity, weight: "60%", target: "100%",
             curve: Tiered(threshold: "0%", tiers: [(from: "0%", rate: "1")])),
        ],
    ),
    team: [{csms}],
    {results}
)"#
    );
    // Read as the file says, not validated: the tests validate it themselves.
    match cscomp_tui::scenario::parse_unchecked(&text, "team.ron") {
        Ok(s) => s,
        Err(e) => panic!("{e}\n{text}"),
    }
}

const THREE: &str = r#"
        (id: "a", name: "Ann", level: "Senior", ote: "100000", book_arr: "1000000",
         actuals: {"nrr": "90%", "act": "100%"}, targets: {"nrr": "80%"},
         arr: (start: "1000000", expansion: "150000", contraction: "20000", churn: "30000")),
        (id: "b", name: "Bo", level: "senior", ote: "100000", book_arr: "1000000",
         actuals: {"act": "100%"},
         arr: (start: "2000000", expansion: "60000", contraction: "10000", churn: "50000")),
        (id: "c", name: "Cy", level: "Junior", ote: "100000", book_arr: "1000000",
         actuals: {"act": "100%"},
         arr: (start: "3000000", expansion: "90000", contraction: "0", churn: "120000")),
"#;

fn nrr_payouts(s: &Scenario) -> Vec<Decimal> {
    let r = evaluate(s);
    (0..s.team.len())
        .map(|i| r.components(i)[0].payout)
        .collect()
}

#[test]
fn a_team_result_is_every_csms_attainment_and_their_own_is_set_aside() {
    let s = team(
        "scope: Team",
        r#"team_results: (actuals: {"Team NRR": "112.35%"}),"#,
        THREE,
    );
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    let r = evaluate(&s);
    for i in 0..3 {
        let c = &r.components(i)[0];
        // 112.35% ÷ 105% = 1.07, the plan's target for everyone (Ann's own 80% set aside).
        assert_eq!(c.attainment(), dec!(1.07));
        assert_eq!(c.payout, dec!(8560.00));
    }
    let w = guardrails(&s, &r);
    let own = w
        .iter()
        .find(|f| f.code == "team-metric-own-result")
        .expect("a warning about Ann's own NRR");
    assert_eq!(
        own.message,
        "1 of 3 CSMs have a result or target of their own for Team NRR, a team metric; they are not used: every CSM is paid on the team's result against the plan's target (a)"
    );
}

#[test]
fn a_level_metric_pays_each_level_on_its_own_result_else_the_teams() {
    let s = team(
        "scope: Level",
        r#"team_results: (actuals: {"nrr": "105%"}, levels: {"SENIOR": (actuals: {"nrr": "126%"})}),"#,
        THREE,
    );
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    // Seniors (any case) at 126% ÷ 105% = 1.2; the junior on the team's 100%.
    assert_eq!(
        nrr_payouts(&s),
        vec![dec!(9600.00), dec!(9600.00), dec!(8000.00)]
    );
}

#[test]
fn nrr_and_grr_are_worked_out_from_arr_movements_where_none_is_typed() {
    let s = team("from_arr: Nrr", "", THREE);
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    let resolved = team_metrics::resolved(&s);
    // Ann typed 90%: it stands. Bo: (2,000,000 + 60,000 − 10,000 − 50,000) ÷ 2,000,000 = 1.
    // Cy: (3,000,000 + 90,000 − 0 − 120,000) ÷ 3,000,000 = 0.99.
    let got: Vec<Option<Decimal>> = resolved
        .team
        .iter()
        .map(|c| c.actuals.get("nrr").copied())
        .collect();
    assert_eq!(got, vec![Some(dec!(0.9)), Some(dec!(1)), Some(dec!(0.99))]);
    // A third: kept to ten decimal places, rounded once.
    let m = ArrMovement {
        start: dec!(3000000),
        expansion: dec!(0),
        contraction: dec!(1000000),
        churn: dec!(0),
    };
    assert_eq!(ArrRate::Grr.of(&m), Some(dec!(0.6666666667)));
    assert_eq!(ArrRate::Nrr.of(&ArrMovement::default()), None);
    // Ann's own target (80%) still counts for her own metric: 90% ÷ 80%.
    let r = evaluate(&s);
    assert_eq!(r.components(0)[0].attainment(), dec!(1.125));
    // Bo: 1 ÷ 1.05 of $8,000, rounded once.
    assert_eq!(r.components(1)[0].payout, dec!(7619.05));
}

#[test]
fn a_team_nrr_from_parts_sums_the_books() {
    let s = team("scope: Team, from_arr: Nrr", "", THREE);
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    // Σ start 6,000,000; + 300,000 − 30,000 − 200,000 = 6,070,000: NRR 1.0116666667.
    let resolved = team_metrics::resolved(&s);
    assert_eq!(
        resolved.team_results.actuals.get("nrr"),
        Some(&dec!(1.0116666667))
    );
    for c in &resolved.team {
        assert_eq!(c.actuals.get("nrr"), Some(&dec!(1.0116666667)));
        assert!(c.targets.get("nrr").is_none());
    }
    // $8,000 × 1.0116666667 ÷ 1.05 = $7,707.94 for each.
    assert_eq!(nrr_payouts(&s), vec![dec!(7707.94); 3]);
    // Resolving again changes nothing (a statement resolves one CSM with the team's results).
    assert_eq!(
        team_metrics::resolved(&resolved).as_ref(),
        resolved.as_ref()
    );
    // A typed team result wins over the parts.
    let typed = team(
        "scope: Team, from_arr: Nrr",
        r#"team_results: (actuals: {"nrr": "105%"}),"#,
        THREE,
    );
    assert_eq!(nrr_payouts(&typed), vec![dec!(8000.00); 3]);
    // Per level: seniors' books together, and the junior's alone.
    let levels = team("scope: Level, from_arr: Nrr", "", THREE);
    let resolved = team_metrics::resolved(&levels);
    let got: Vec<Decimal> = resolved.team.iter().map(|c| c.actuals["nrr"]).collect();
    // Seniors: (3,000,000 + 210,000 − 30,000 − 80,000) ÷ 3,000,000 = 1.0333333333.
    assert_eq!(
        got,
        vec![dec!(1.0333333333), dec!(1.0333333333), dec!(0.99)]
    );
}

#[test]
fn a_team_metric_measured_per_period_takes_the_teams_result_of_each_period() {
    let text = r#"(
    version: 2,
    name: "Halves",
    plan: (
        mix: (variable_share: "20%", basis: OteSplit),
        periods: [(id: "h1", name: "First half", length: "50%"), (id: "h2", name: "Second half", length: "50%")],
        as_of: "h1",
        components: [
            (id: "nrr", name: "Team NRR", kind: Nrr, weight: "100%", target: "100%", measured: Period,
             curve: Tiered(threshold: "0%", tiers: [(from: "0%", rate: "1")]), scope: Team),
        ],
    ),
    team: [
        (id: "a", name: "Ann", level: "L", ote: "100000", book_arr: "0"),
        (id: "b", name: "Bo", level: "L", ote: "100000", book_arr: "0", periods: {"h1": (actuals: {"nrr": "50%"})}),
    ],
    team_results: (periods: {"h1": {"nrr": "102%"}, "Second half": {"Team NRR": "97%"}}),
)"#;
    let s = parse(text, "halves.ron").expect("parses");
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    let r = evaluate(&s);
    for i in 0..2 {
        let pays: Vec<Decimal> = r.slots(i).iter().map(|c| c.payout).collect();
        // $10,000 a half: × 1.02, then × 0.97.
        assert_eq!(pays, vec![dec!(10200.00), dec!(9700.00)]);
    }
    // The file writes the team's results back as it read them.
    let back = parse(&to_ron(&s), "again.ron").expect("parses again");
    assert_eq!(back, s);
}

#[test]
fn results_in_the_wrong_place_are_refused_with_where_and_why() {
    let codes = |s: &Scenario| -> Vec<(String, String)> {
        validate(s)
            .into_iter()
            .map(|f| (f.location, f.message))
            .collect()
    };
    let own = team(
        "",
        r#"team_results: (actuals: {"nrr": "105%", "pipeline": "1"}),"#,
        THREE,
    );
    assert_eq!(
        codes(&own),
        vec![
            (
                "team_results".to_string(),
                "`nrr`: nrr is paid on each CSM's own result, which goes with the CSM; give the metric scope: Team (or Level) to pay it on the team's".to_string()
            ),
            (
                "team_results".to_string(),
                "has a result for `pipeline`, but the plan has no metric with that id or name (it has: nrr, act)".to_string()
            ),
        ]
    );
    let per_level = team(
        "scope: Team",
        r#"team_results: (levels: {"Senior": (actuals: {"nrr": "1.1"})}),"#,
        THREE,
    );
    assert_eq!(
        codes(&per_level),
        vec![(
            "team_results.levels[Senior]".to_string(),
            "`nrr`: nrr is a team metric: one result for the whole team, not per level (scope: Level pays each level on its own)".to_string()
        )]
    );
    let count = team("unit: Count, from_arr: Grr", "", THREE);
    assert_eq!(validate(&count)[0].code, "bad-arr");
    let negative = team(
        "from_arr: Grr",
        "",
        r#"(id: "a", name: "Ann", level: "L", ote: "100000", book_arr: "0", actuals: {"act": "1"},
            arr: (start: "1000000", churn: "-5000"))"#,
    );
    let f = validate(&negative);
    assert_eq!(f[0].location, "team[0] (a)");
    assert_eq!(
        f[0].message,
        "arr.churn is -$5,000, but it must be between $0 and $1,000,000,000,000"
    );
}

/// A team metric moves once for the whole team in the simulation: with no common factor,
/// 40 CSMs paid on one team result spread the team's cost far more than 40 own results.
#[test]
fn the_simulation_moves_a_team_result_once_for_everyone() {
    let csms: String = (0..40)
        .map(|i| {
            format!(
                r#"(id: "c{i}", name: "CSM {i}", level: "L", ote: "100000", book_arr: "0", actuals: {{"nrr": "105%", "act": "100%"}}),"#
            )
        })
        .collect();
    let settings = RiskSettings {
        correlation: Decimal::ZERO,
        spreads: [("act".to_string(), Decimal::ZERO)].into_iter().collect(),
        ..RiskSettings::default()
    };
    let width = |s: &Scenario| {
        let r = simulate(s, &settings, 4_000, 7);
        r.p95 - r.p5
    };
    let own = team("", r#"team_results: (),"#, &csms);
    let shared = team(
        "scope: Team",
        r#"team_results: (actuals: {"nrr": "105%"}),"#,
        &csms,
    );
    assert_eq!(evaluate(&own).team.cash, evaluate(&shared).team.cash);
    let (w_own, w_shared) = (width(&own), width(&shared));
    // One draw for 40: √40 ≈ 6.3 times as wide.
    let ratio = w_shared / w_own;
    assert!(
        ratio > dec!(5) && ratio < dec!(8),
        "{w_shared} against {w_own}"
    );
    // Every simulated year pays every CSM the same on the team metric: with the activity
    // fixed, each CSM's pay is the same in every trial, so the team's cost moves in steps
    // of 40 equal pays.
    let r = simulate(&shared, &settings, 500, 3);
    assert_eq!(r.at_projection, evaluate(&shared).team.cash);
}

#[test]
fn the_fy27_sample_reproduces_the_worked_example() {
    let text = std::fs::read_to_string("assets/cs-plan-2027.ron").expect("the sample");
    let s = parse(&text, "cs-plan-2027.ron").expect("parses");
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    let r = evaluate(&s);
    let priya: Vec<Decimal> = r.components(0).iter().map(|c| c.payout).collect();
    assert_eq!(
        priya,
        vec![
            dec!(9901.36),
            dec!(8568.27),
            dec!(2688.44),
            dec!(4497.78),
            dec!(0.00)
        ]
    );
    assert_eq!(r.csms[0].variable, dec!(25655.85));
    assert_eq!(r.csms[0].total, dec!(113655.85));
    // Everyone shares the team's NRR: 16,880,000 ÷ 16,750,000 = 1.0077611940, ÷ 105%.
    let a = r.components(0)[2].attainment();
    for i in 0..s.team.len() {
        assert_eq!(r.components(i)[2].attainment(), a);
    }
    // Marcus's GRR (2,100,000 − 41,000 − 173,000) ÷ 2,100,000 = 89.81% shuts his
    // expansion gate.
    assert_eq!(r.components(1)[1].payout, dec!(0.00));
    assert_eq!(r.team.cash, dec!(891172.32));
    // The statement says whose result and how it is worked out.
    let md = cscomp_tui::output::statements::statement(&s, 0).expect("statement");
    for line in [
        "- GRR worked out from your book's ARR over the plan year: (starting ARR $2,400,000.00 − contraction $26,000.00 − churn $12,000.00) ÷ $2,400,000.00 = 98.41666667%.",
        "- Your projection: 98.42%, which is 109.4% of target and pays 150% of its target variable pay: $9,901.36.",
        "- Team metric: paid on the whole team's result, so every CSM on the team has the same attainment.",
        "- The team's projection: 100.78%, which is 96% of target and pays 61.1% of its target variable pay: $2,688.44.",
    ] {
        assert!(md.contains(line), "missing: {line}\n{md}");
    }
    // The HTML statement says the same.
    let html = cscomp_tui::output::statements::html::statement(&s, 0).expect("html");
    for line in [
        "<li>GRR worked out from your book&#39;s ARR over the plan year:",
        "<li>Team metric: paid on the whole team&#39;s result, so every CSM on the team has the same attainment.</li>",
        "<li>The team's projection: 100.78%, which is 96% of target and pays 61.1% of its target variable pay:",
        "<li>Your projection: 4.6, which is 102.2% of target: the pay it modifies is multiplied by 102.2%.</li>",
    ] {
        assert!(html.contains(line), "missing: {line}\n{html}");
    }
    let gated = cscomp_tui::output::statements::statement(&s, 1).expect("statement");
    assert!(
        gated.contains("- Gated: your Gross revenue retention is 89.81%, below 90%, so this metric pays nothing."),
        "{gated}"
    );
}

#[test]
fn calc_reports_the_team_result_and_the_worked_out_rate_as_each_csms_actual() {
    let o = run(&["calc", "assets/cs-plan-2027.ron", "--format", "json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let actual = |i: usize, k: usize| v["csms"][i]["components"][k]["actual"].clone();
    assert_eq!(actual(0, 0), "0.9841666667");
    assert_eq!(actual(0, 2), "1.007761194");
    assert_eq!(actual(5, 2), "1.007761194");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]

    /// With team and level metrics (typed or worked out from ARR), the integer path, the
    /// decimal reference and the cost curve agree exactly.
    #[test]
    fn team_metrics_agree_on_every_path(
        scope in 0usize..3,
        from_arr in prop::bool::ANY,
        typed in prop::option::of(50i64..=200),
        level_typed in prop::option::of(50i64..=200),
        books in prop::collection::vec((1i64..5_000_000, 0i64..500_000, 0i64..300_000, 0i64..300_000, 0i64..=150), 1..12),
        scale in 50i64..=150,
    ) {
        let extra = format!(
            "scope: {}, {}",
            ["Csm", "Team", "Level"][scope],
            if from_arr { "from_arr: Nrr" } else { "" }
        );
        let results = format!(
            "team_results: (actuals: {{{}}}, levels: {{{}}}),",
            typed.map_or(String::new(), |t| format!(r#""nrr": "{t}%""#)),
            match (scope, level_typed) {
                (2, Some(t)) => format!(r#""L1": (actuals: {{"nrr": "{t}%"}})"#),
                _ => String::new(),
            }
        );
        let results = if scope == 0 { String::new() } else { results };
        let csms: String = books
            .iter()
            .enumerate()
            .map(|(i, (start, exp, con, churn, act))| {
                format!(
                    r#"(id: "c{i}", name: "C {i}", level: "L{}", ote: "{}", book_arr: "0", actuals: {{"act": "{act}%"}},
                        arr: (start: "{start}", expansion: "{exp}", contraction: "{}", churn: "{}")),"#,
                    i % 2,
                    60_000 + 1_000 * i,
                    con.min(start),
                    churn.min(&(start - con.min(start))),
                )
            })
            .collect();
        let mut s = team(&extra, &results, &csms);
        s.assumptions.attainment_scale = Decimal::new(scale, 2);
        prop_assert!(validate(&s).is_empty(), "{:?}", validate(&s));
        let inputs = TeamInputs::new(&s);
        let x = s.assumptions.attainment_scale;
        let slow = eval::evaluate_decimal(&s, &inputs, x);
        prop_assert_eq!(&evaluate(&s), &slow);
        if let Some(fast) = cscomp_tui::engine::evaluate::evaluate_integer(&s, &inputs, x) {
            prop_assert_eq!(&fast, &slow);
        }
        prop_assert_eq!(eval::team_cash_at(&s, &inputs, x), slow.team.cash);
        // Every CSM of a group has one attainment on the team metric.
        if scope > 0 {
            for i in 0..s.team.len() {
                for k in 0..s.team.len() {
                    if scope == 1 || i % 2 == k % 2 {
                        prop_assert_eq!(
                            slow.components(i)[0].attainment(),
                            slow.components(k)[0].attainment()
                        );
                    }
                }
            }
        }
        let back = parse(&to_ron(&s), "again.ron").map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, s);
    }
}

#[test]
fn a_per_period_grr_is_worked_out_from_each_periods_movements() {
    let text = r#"(
    version: 2,
    name: "Halves",
    plan: (
        mix: (variable_share: "20%", basis: OteSplit),
        periods: [(id: "h1", name: "First half", length: "50%"), (id: "h2", name: "Second half", length: "50%")],
        components: [
            (id: "grr", name: "GRR", kind: Retention, weight: "100%", target: "90%", measured: Period,
             curve: Tiered(threshold: "0%", tiers: [(from: "0%", rate: "1")]), from_arr: Grr),
        ],
    ),
    team: [
        (id: "a", name: "Ann", level: "L", ote: "100000", book_arr: "0", periods: {
            "h1": (arr: (start: "1000000", contraction: "40000", churn: "50000")),
            "h2": (actuals: {"grr": "93%"}, arr: (start: "910000", churn: "91000")),
        }),
    ],
)"#;
    let s = parse(text, "halves.ron").expect("parses");
    let r = evaluate(&s);
    let pays: Vec<Decimal> = r.slots(0).iter().map(|c| c.payout).collect();
    // H1: (1,000,000 − 40,000 − 50,000) ÷ 1,000,000 = 91%, ÷ 90% of $10,000 = $10,111.11;
    // H2: the typed 93% stands (not the movements' 90%): $10,333.33.
    assert_eq!(pays, vec![dec!(10111.11), dec!(10333.33)]);
    let md = cscomp_tui::output::statements::statement(&s, 0).expect("statement");
    assert!(md.contains("$10,111.11"), "{md}");
}

#[test]
fn a_result_worked_out_or_typed_for_the_team_far_above_its_target_is_refused() {
    // A typed team NRR of 5000 (a percentage typed as a number) against 105%.
    let typed = team(
        "scope: Team",
        r#"team_results: (actuals: {"nrr": "5000"}),"#,
        THREE,
    );
    let f = validate(&typed);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].location, "team_results");
    assert_eq!(
        f[0].message,
        "the result for `nrr` (5000) is more than 1000 times its target (1.05); check that both are in the same unit"
    );
    // A book that starts at one cent and expands by two million dollars.
    let cents = team(
        "from_arr: Nrr",
        "",
        r#"(id: "a", name: "Ann", level: "L", ote: "100000", book_arr: "0", actuals: {"act": "1"},
            arr: (start: "0.01", expansion: "2000000"))"#,
    );
    let f = validate(&cents);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].code, "implausible-actual");
    assert_eq!(f[0].location, "team[0] (a)");
}

#[test]
fn a_team_metric_without_a_team_result_says_where_to_give_it() {
    let s = team("scope: Team", "", THREE);
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    // Assumed at target for everyone: $8,000 each.
    assert_eq!(nrr_payouts(&s), vec![dec!(8000.00); 3]);
    let w = guardrails(&s, &evaluate(&s));
    let m = w
        .iter()
        .find(|f| f.code == "missing-projection")
        .expect("a missing-projection warning");
    assert_eq!(
        m.message,
        "3 of 3 CSMs have no projection for some metrics (Team NRR 3); they are counted at target there. Import actuals or projections to see real pay; Team NRR is paid on the team's result: give it once in the scenario's team_results"
    );
}
