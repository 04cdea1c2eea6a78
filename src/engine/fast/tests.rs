use super::*;
use crate::scenario::generate::generate;

/// Both integer widths give the same results, so whichever a plan's magnitudes pick,
/// the figures are the same (the decimal engine is compared in tests/engine.rs).
#[test]
fn the_i64_and_i128_loops_agree() {
    let mut s = generate(300);
    s.assumptions.attainment_scale = Decimal::new(1075, 3);
    let inputs = TeamInputs::new(&s);
    let Values::Ints(ints) = &inputs.values else {
        panic!("the generated team fits integers");
    };
    let scale = s.assumptions.attainment_scale;
    let tv_max = 20_000_000;
    let mut compared = 0;
    for (c, col) in s.plan.components.iter().zip(&ints.cols) {
        let small = Prepared::<i64>::new(c, col, scale, tv_max, true);
        let large = Prepared::<i128>::new(c, col, scale, tv_max, true);
        let (Some(small), Some(large)) = (small, large) else {
            panic!("component {} does not fit", c.id);
        };
        for i in 0..s.team.len() {
            for tv in [0, 1_234_567, 2_500_000, 19_999_999] {
                assert_eq!(small.pay(i, tv), large.pay(i, tv), "{} CSM {i}", c.id);
                compared += 1;
            }
        }
        assert_eq!(small.fixed_points(2_500_000), large.fixed_points(2_500_000));
    }
    assert_eq!(compared, 300 * 4 * s.plan.components.len());
}

/// A product too large for i64 moves the component to the i128 loop, not to a wrong
/// answer.
#[test]
fn large_magnitudes_choose_the_wide_loop() {
    let s = generate(10);
    let inputs = TeamInputs::new(&s);
    let Values::Ints(ints) = &inputs.values else {
        panic!("the generated team fits integers");
    };
    let (c, col) = (&s.plan.components[0], &ints.cols[0]);
    let scale = Decimal::ONE;
    assert!(Prepared::<i64>::new(c, col, scale, 1 << 59, true).is_none());
    assert!(Prepared::<i128>::new(c, col, scale, 1 << 59, true).is_some());
}
