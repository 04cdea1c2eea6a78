use super::*;

#[test]
fn column_names() {
    assert_eq!(col_name(0), "A");
    assert_eq!(col_name(25), "Z");
    assert_eq!(col_name(26), "AA");
    assert_eq!(col_name(27), "AB");
    assert_eq!(col_name(51), "AZ");
    assert_eq!(col_name(52), "BA");
    assert_eq!(col_name(701), "ZZ");
    assert_eq!(col_name(702), "AAA");
    assert_eq!(cell(6, 3), "D7");
}

#[test]
fn factor_formulas_read_like_the_plan() {
    let tiered = CurveRefs::Tiered {
        threshold: "T".into(),
        cap: "C".into(),
        tiers: vec![("F1".into(), "R1".into()), ("F2".into(), "R2".into())],
        flat: false,
    };
    assert_eq!(
        tiered.factor("A2"),
        "IF(ROUND(A2,10)<T,0,MIN(C,R1*MAX(0,MIN(A2,F2)-F1)+R2*MAX(0,A2-F2)))"
    );
    let steps = CurveRefs::Steps(vec![("M1".into(), "X1".into()), ("M2".into(), "X2".into())]);
    assert_eq!(
        steps.factor("A2"),
        "IF(ROUND(A2,10)>=M2,X2,IF(ROUND(A2,10)>=M1,X1,0))"
    );
    let flat = CurveRefs::Tiered {
        threshold: "T".into(),
        cap: "C".into(),
        tiers: vec![("F1".into(), "R1".into()), ("F2".into(), "R2".into())],
        flat: true,
    };
    assert_eq!(
        flat.factor("A2"),
        "IF(ROUND(A2,10)<T,0,MIN(C,A2*IF(ROUND(A2,10)>=F2,R2,IF(ROUND(A2,10)>=F1,R1,0))))"
    );
    let points = CurveRefs::Points(
        vec![("A1".into(), "P1".into()), ("A2".into(), "P2".into())],
        false,
    );
    assert_eq!(
        points.factor("X"),
        "IF(ROUND(X,10)>=A2,P2,IF(ROUND(X,10)>=A1,P1+(X-A1)*(P2-P1)/(A2-A1),0))"
    );
    let extend = CurveRefs::Points(
        vec![("A1".into(), "P1".into()), ("A2".into(), "P2".into())],
        true,
    );
    assert_eq!(
        extend.factor("X"),
        "IF(ROUND(X,10)>=A2,P1+(X-A1)*(P2-P1)/(A2-A1),IF(ROUND(X,10)>=A1,P1+(X-A1)*(P2-P1)/(A2-A1),0))"
    );
    assert_eq!(round_cents("x"), "ROUND(ROUND(x,8),2)");
}

#[test]
fn a_team_too_large_for_a_sheet_is_refused_before_anything_is_written() {
    let mut scn =
        crate::scenario::parse(crate::scenario::QUARTERLY_RON, "assets/quarterly.ron").unwrap();
    assert_eq!(cannot_export(&scn), None);
    let csm = scn.team[0].clone();
    scn.team = vec![csm; MAX_ROWS / 4 + 1];
    assert_eq!(
        cannot_export(&scn).as_deref(),
        Some(
            "`Sample team FY27, by quarter` has 250001 CSMs × 4 periods = 1000004 rows of pay by period; a workbook takes at most 1000000"
        )
    );
}

#[test]
fn sheets_are_named_after_their_scenario_within_excels_31_characters() {
    let mut scn = crate::scenario::parse(crate::scenario::SAMPLE_RON, "assets/sample.ron").unwrap();
    let mut named = |names: &[&str]| -> Vec<String> {
        let scns: Vec<Scenario> = names
            .iter()
            .map(|n| {
                scn.name = n.to_string();
                scn.clone()
            })
            .collect();
        let refs: Vec<&Scenario> = scns.iter().collect();
        Names::all(&refs).into_iter().map(|n| n.by_period).collect()
    };
    assert_eq!(
        named(&[
            "Sample team FY27",
            "Sample team FY27, by quarter",
            "Sample team FY27, mid-year",
            "A/B: test [draft]?",
            "  ",
            "'O'Brien's plan'",
            "sample TEAM fy27",
            "Averyveryverylongsinglewordname",
        ]),
        [
            "Sample team FY27 – By period",
            "…by quarter – By period",
            "…mid-year – By period",
            "A-B test (draft) – By period",
            "Scenario 5 – By period",
            "O'Brien's plan – By period",
            "sample TEAM fy27 2 – By period",
            "Averyveryverylongs… – By period",
        ]
    );
    for n in named(&["Sample team FY27, by quarter", "x".repeat(40).as_str()]) {
        assert!(n.chars().count() <= 31, "{n}");
    }
    assert_eq!(quoted("O'Brien – Team"), "'O''Brien – Team'");
}
