use super::*;

#[test]
fn a_factor_is_printed_so_the_product_can_be_redone() {
    use rust_decimal_macros::dec;
    let f = dec!(1.0428571428571428571428571429);
    assert_eq!(times(dec!(3000), f, dec!(3128.57)), "1.042857×");
    assert_eq!(times(dec!(5000), dec!(1.045), dec!(5225)), "1.045×");
}

#[test]
fn names_are_escaped_everywhere() {
    let mut scn = crate::scenario::sample();
    scn.team[0].name = "<b>Al & \"Bo\"</b>".into();
    scn.plan.components[0].name = "GRR <i>".into();
    let h = statement(&scn, 0).unwrap_or_default();
    assert!(
        h.contains("&lt;b&gt;Al &amp; &quot;Bo&quot;&lt;/b&gt;"),
        "{h}"
    );
    assert!(!h.contains("<b>Al"));
    assert!(!h.contains("GRR <i>"));
    assert!(!h.contains("<script"));
    assert!(statement(&scn, 99).is_none());
}
