use super::*;
use proptest::prelude::*;

proptest! {
    #[test]
    fn quick_number_path_agrees_with_parse_decimal(
        int in "-?[0-9]{1,14}",
        frac in proptest::option::of("[0-9]{1,10}"),
        percent in any::<bool>(),
    ) {
        let t = format!(
            "{int}{}{}",
            frac.map(|f| format!(".{f}")).unwrap_or_default(),
            if percent { "%" } else { "" }
        );
        let quick = decimal(&t).map(|n| n.value.to_string());
        let full = crate::num::parse_decimal(&t).map(|d| d.to_string());
        prop_assert_eq!(quick, full);
    }
}

#[test]
fn formula_guard_is_undone_exactly() {
    for t in [
        "=1+1", "+x", "-x", "@SUM(A1)", "\tx", "\rx", "'=x", "''-x", "'", "''", "'plain", "plain",
        "", "O'Brien",
    ] {
        let e = escape_text(t);
        assert_eq!(unescape_text(&e), t, "{t:?} → {e:?}");
        assert!(
            !formula_like(&e) || e.starts_with('\''),
            "{e:?} is not safe"
        );
        assert!(
            !matches!(e.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')),
            "{e:?}"
        );
    }
    assert_eq!(escape_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
    assert_eq!(escape_text("'=x"), "''=x");
    assert_eq!(escape_text("'plain"), "'plain");
    assert_eq!(unescape_text("'plain"), "'plain");
}

#[test]
fn problem_text_names_row_column_and_value() {
    let p = Problem::at(3, "OTE", "-5\n", "money cannot be negative");
    assert_eq!(
        p.to_string(),
        "row 3, column \"OTE\", value \"-5\\n\": money cannot be negative"
    );
    let long = "x".repeat(70);
    let p = Problem::at(4, "name", &long, "r");
    assert_eq!(
        p.to_string(),
        format!("row 4, column \"name\", value \"{}\"…: r", "x".repeat(60))
    );
}
