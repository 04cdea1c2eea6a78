//! Keeps docs/scenario-format.md honest: its example parses and computes to the figures the
//! page states, and the rules it describes about numbers, saving and typos hold.

use cscomp_tui::engine;
use cscomp_tui::scenario::{LoadError, parse, to_ron};
use rust_decimal_macros::dec;

const DOC: &str = include_str!("../docs/scenario-format.md");

/// The first ```ron block of the format page.
fn doc_example() -> &'static str {
    let start = DOC.find("```ron\n").expect("the page has a ron block") + "```ron\n".len();
    let len = DOC[start..].find("```").expect("the block is closed");
    &DOC[start..start + len]
}

#[test]
fn the_documented_example_computes_as_the_page_says() {
    let scn = parse(doc_example(), "docs example").unwrap();
    let c = engine::compute(&scn).unwrap();
    // Alex (the worked example): 80,000 + 8,360 + 6,000 + 9,600 + one $500 SPIF.
    assert_eq!(c.eval.csms[0].total, dec!(104460.00));
    // Sam, bonus on top 25% of 130,000 → target variable 32,500:
    // GRR 32,500 × 0.4 × 0.88 / 0.9 = 12,711.111… → 12,711.11; activities 0.9 / 0.8 = 1.125
    // ≥ 110% → × 1.2 → 11,700; expansion 120,000 / 150,000 = 0.8 → 7,800.
    assert_eq!(c.eval.csms[1].base, dec!(130000));
    assert_eq!(c.eval.csms[1].total, dec!(162211.11));
    assert_eq!(c.eval.team.cash, dec!(266671.11));
    // 266,671.11 × 1.2 = 320,005.332 → 320,005.33.
    assert_eq!(c.eval.team.loaded_cost, dec!(320005.33));
    // At 100%: Alex 80,000 + 20,000 + 500 SPIF; Sam 130,000 + 32,500.
    assert_eq!(c.eval.team.planned_cost, dec!(263000.00));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn saving_writes_exact_short_numbers_and_drops_comments() {
    let text = doc_example()
        .replace("ote: \"100000\"", "ote: \"100000.01\"")
        .replace("ote: \"130000\"", "ote: \"98325.50\"")
        .replace("burden_rate: \"20%\"", "burden_rate: \"0.125\"");
    let scn = parse(&text, "t").unwrap();
    let saved = to_ron(&scn);
    // Money is dollars and cents, trailing zeros dropped; a fraction of a cent is refused
    // as the file is read.
    assert!(saved.contains("ote: \"100000.01\""), "{saved}");
    assert!(saved.contains("ote: \"98325.5\""), "{saved}");
    assert_eq!(
        syntax_message(&doc_example().replace("ote: \"100000\"", "ote: \"100000.005\"")),
        "`100000.005` has a fraction of a cent: money is in dollars and cents, at most 2 decimals"
    );
    // Percentage fields are written as exact percentages, plain ones as plain numbers.
    assert!(saved.contains("burden_rate: \"12.5%\""), "{saved}");
    assert!(saved.contains("target: \"100000\""), "{saved}");
    assert!(saved.contains("target: \"0.9\""), "{saved}");
    // Only the app's own two-line header comment survives.
    assert!(!saved.contains("block comments"), "{saved}");
    assert_eq!(saved.matches("//").count(), 2, "{saved}");
    // Saved files read back to the same values and write the same bytes again.
    let again = parse(&saved, "saved").unwrap();
    assert_eq!(to_ron(&again), saved);
}

fn syntax_message(text: &str) -> String {
    match parse(text, "t") {
        Err(LoadError::Syntax { message, .. }) => message,
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn bare_numbers_are_accepted_only_when_exact() {
    let ex = doc_example();
    // Whole numbers and short fractions are fine.
    let ok = ex
        .replace("ote: \"100000\"", "ote: 100000")
        .replace("burden_rate: \"20%\"", "burden_rate: 0.2");
    let scn = parse(&ok, "t").unwrap();
    assert_eq!(scn.team[0].ote, dec!(100000));
    assert_eq!(scn.assumptions.burden_rate, dec!(0.2));
    // 16 or more significant digits cannot be trusted after a binary float.
    for bare in ["12345678901234.56789", "1234567.123456789"] {
        let bad = ex.replace("ote: \"100000\"", &format!("ote: {bare}"));
        assert!(
            syntax_message(&bad).contains("cannot be read exactly; write it in quotes"),
            "{bare}"
        );
    }
    // Quoted, the same digits are exact (in a field that is not money: money is cents).
    let quoted = ex.replace("target: \"$100,000\"", "target: \"12345678901.56789\"");
    assert_eq!(
        parse(&quoted, "t").unwrap().plan.components[2].target,
        dec!(12345678901.56789)
    );
}

#[test]
fn typos_are_errors_even_inside_a_curve() {
    let bad = doc_example().replacen("cap: \"150%\"", "capp: \"150%\"", 1);
    assert_eq!(
        syntax_message(&bad),
        "Unexpected field named `capp` in `Tiered`, expected one of `threshold`, `tiers`, `cap`, or `mode` instead"
    );
}

#[test]
fn what_people_type_is_read_exactly() {
    let text = doc_example()
        .replace("ote: \"100000\"", "ote: \" $100,000 \"")
        .replace("book_arr: \"3200000\"", "book_arr: \"3_200_000\"")
        .replace("weight: \"40%\"", "weight: \"0.4\"");
    let scn = parse(&text, "t").unwrap();
    assert_eq!(scn.team[0].ote, dec!(100000));
    assert_eq!(scn.team[0].book_arr, dec!(3200000));
    assert_eq!(scn.plan.components[0].weight, dec!(0.4));
    // `target: "90%"` is the fraction 0.9.
    assert_eq!(scn.plan.components[0].target, dec!(0.9));
}

#[test]
fn curves_by_points_and_flat_tiers_are_written_as_they_are_read() {
    let text = std::fs::read_to_string("tests/fixtures/workbook/rules.ron").unwrap();
    let scn = parse(&text, "rules").unwrap();
    let saved = to_ron(&scn);
    // The new fields are written only where they say something.
    assert!(saved.contains("curve: Points("), "{saved}");
    assert!(saved.contains("above: Extend"), "{saved}");
    assert_eq!(saved.matches("above: Extend").count(), 1, "{saved}");
    assert!(
        !saved.contains("above: Flat"),
        "the flat default is not written"
    );
    assert!(saved.contains("review_above: \"200%\""), "{saved}");
    assert_eq!(
        saved.matches("mode:").count(),
        1,
        "the marginal default is not written"
    );
    assert!(saved.contains("mode: Flat"), "{saved}");
    assert!(saved.contains("pays: \"150%\""), "{saved}");
    let again = parse(&saved, "saved").unwrap();
    assert_eq!(again, scn);
    assert_eq!(to_ron(&again), saved);
    // A point out of order is an error that says which.
    let bad = text.replace(
        "(at: \"100%\", pays: \"100%\"), (at: \"120%\"",
        "(at: \"100%\", pays: \"100%\"), (at: \"95%\"",
    );
    let Err(LoadError::Invalid { problems, .. }) = parse(&bad, "bad") else {
        panic!("a point out of order was accepted");
    };
    assert!(
        problems.iter().any(|p| p.message
            == "point 3 is at 95%, which is not above point 2 at 100%; list points from the lowest attainment up"),
        "{problems:?}"
    );
}
