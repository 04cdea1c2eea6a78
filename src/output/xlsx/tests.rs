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
    assert_eq!(round_cents("x"), "ROUND(ROUND(x,8),2)");
}
