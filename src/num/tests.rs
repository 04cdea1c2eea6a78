proptest::proptest! {
    /// The allocation-free path reads every number exactly as the general parser does
    /// (same value, same representation), or leaves it to it.
    #[test]
    fn the_plain_path_agrees_with_the_general_parser(
        text in "-?[0-9]{0,20}(\\.[0-9]{0,20})?%?",
    ) {
        if let Some(v) = parse_plain(&text) {
            let general = parse_general(&text).map(|n| n.value);
            proptest::prop_assert!(general.is_ok(), "{text}: {general:?}");
            let g = general.unwrap_or_default();
            proptest::prop_assert_eq!((v, v.scale(), v.to_string()), (g, g.scale(), g.to_string()), "{}", text);
        }
    }
}

/// Commas between thousands of a digit string, as money was first grouped.
fn group_thousands(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `money_whole` as it was first written, through `Decimal`'s formatter.
fn money_whole_by_formatter(value: Decimal) -> String {
    let v = value.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let sign = if v.is_sign_negative() && !v.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}${}", group_thousands(&format!("{:.0}", v.abs())))
}

/// `money` as it was first written, through `Decimal`'s formatter.
fn money_by_formatter(value: Decimal) -> String {
    let v = cents(value);
    let sign = if v.is_sign_negative() && !v.is_zero() {
        "-"
    } else {
        ""
    };
    let s = format!("{:.2}", v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    format!("{sign}${}.{frac}", group_thousands(int))
}

/// Every currency a plan may pay in, for the round trip below.
fn any_currency() -> impl proptest::strategy::Strategy<Value = Currency> {
    let codes: Vec<Currency> = ISO_CODES
        .split_ascii_whitespace()
        .filter_map(Currency::from_code)
        .collect();
    proptest::sample::select(codes)
}

proptest::proptest! {
    /// What the program prints as money reads back, through the parser every input
    /// goes through, as the value printed: in people form, in machine form, rounded
    /// to dollars, exactly, as a change, and in the plan's own currency — negatives
    /// and amounts up to 26 digits included.
    #[test]
    fn printed_money_reads_back_as_the_same_value(
        cents_value in -99_999_999_999_999_999_999_999_999i128..=99_999_999_999_999_999_999_999_999,
        extra in 0u32..=2,
        currency in any_currency(),
    ) {
        let v = Decimal::from_i128_with_scale(cents_value, 2);
        proptest::prop_assert_eq!(parse_money(&money(v)), Ok(v));
        proptest::prop_assert_eq!(parse_money(&money_plain(v)), Ok(v));
        proptest::prop_assert_eq!(parse_decimal(&money_exact(v)), Ok(v));
        proptest::prop_assert_eq!(parse_money_in(&money_in(v, currency), currency), Ok(v));
        let whole = v.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        proptest::prop_assert_eq!(parse_money(&money_whole(v)), Ok(whole));
        proptest::prop_assert_eq!(parse_money(&money_delta(v)), Ok(whole));
        proptest::prop_assert_eq!(
            parse_money_in(&money_whole_in(v, currency), currency),
            Ok(whole)
        );
        // Exact money with more decimals (as messages show it) reads back exactly.
        let finer = Decimal::from_i128_with_scale(cents_value / 10i128.pow(extra), 2 + extra);
        proptest::prop_assert_eq!(parse_decimal(&money_exact(finer)), Ok(finer.normalize()));
    }
}

proptest::proptest! {
    /// Whatever is typed, the parser answers with a value or a reason, never a panic;
    /// and a value it reads from money written with a currency, a multiplier or
    /// parentheses is the value of the plain number.
    #[test]
    fn any_text_gets_an_answer(text in "\\PC{0,24}") {
        let _ = parse_decimal(&text);
        let _ = parse_money(&text);
        let _ = parse_pct(&text, BARE_PERCENT_LIMIT);
    }

    #[test]
    fn written_forms_read_as_the_plain_number(
        cents_value in 0i64..1_000_000_000_000,
        form in 0usize..8,
    ) {
        let v = Decimal::new(cents_value, 2);
        let plain_text = money_plain(v);
        let grouped = money(v);
        let bare = grouped.trim_start_matches('$');
        let text = match form {
            0 => format!("USD {bare}"),
            1 => format!("{bare} USD"),
            2 => format!("$ {bare}"),
            3 => format!("({grouped})"),
            4 => format!("{}k", plain(v / Decimal::ONE_THOUSAND)),
            5 => format!("{}M", plain(v / Decimal::from(1_000_000))),
            6 => format!("USD {} M", plain(v / Decimal::from(1_000_000))),
            _ => format!("{}bn", plain(v / Decimal::from(1_000_000_000))),
        };
        let expected = if form == 3 { -v } else { v };
        proptest::prop_assert_eq!(parse_money(&text), Ok(expected), "{} from {}", text, plain_text);
    }
}

/// The chart's short form reads back as the figure it shows.
#[test]
fn short_money_reads_back_as_shown() {
    assert_eq!(
        parse_money(&money_short(dec!(1566307.04))),
        Ok(dec!(1570000))
    );
    assert_eq!(parse_money(&money_short(dec!(85000))), Ok(dec!(85000)));
    assert_eq!(
        parse_money(&money_short(dec!(-1127277094))),
        Ok(dec!(-1130000000))
    );
    assert_eq!(parse_money(&money_short(dec!(999))), Ok(dec!(999)));
}

proptest::proptest! {
    #[test]
    fn money_prints_what_the_formatter_prints(m in proptest::num::i128::ANY, scale in 0u32..=28) {
        let m = m % 79_228_162_514_264_337_593_543_950_335;
        let v = Decimal::from_i128_with_scale(m, scale);
        proptest::prop_assert_eq!(money(v), money_by_formatter(v));
        proptest::prop_assert_eq!(money_plain(v), format!("{:.2}", cents(v)));
        proptest::prop_assert_eq!(money_whole(v), money_whole_by_formatter(v));
    }

    #[test]
    fn money_prints_small_amounts_as_the_formatter_does(m in -100_000_000i64..100_000_000, scale in 0u32..6) {
        let v = Decimal::new(m, scale);
        proptest::prop_assert_eq!(money(v), money_by_formatter(v));
        proptest::prop_assert_eq!(money_whole(v), money_whole_by_formatter(v));
        proptest::prop_assert_eq!(money_plain(v), format!("{:.2}", cents(v)));
    }
}

use super::*;
use rust_decimal_macros::dec;

#[test]
fn parses_what_people_type() {
    assert_eq!(parse_decimal("20%").unwrap(), dec!(0.2));
    assert_eq!(parse_decimal(" $120,000 ").unwrap(), dec!(120000));
    assert_eq!(parse_decimal("92.5%").unwrap(), dec!(0.925));
    assert_eq!(parse_decimal("-3.50").unwrap(), dec!(-3.5));
    assert_eq!(parse_decimal("1_000").unwrap(), dec!(1000));
    assert_eq!(
        parse_decimal("12345678901234.56789").unwrap().to_string(),
        "12345678901234.56789"
    );
}

#[test]
fn rejects_what_is_not_a_number() {
    for bad in ["", "abc", "1.2.3", "%", "$", "1e5", "--1", "NaN"] {
        assert!(parse_decimal(bad).is_err(), "{bad} should fail");
    }
    let e = parse_decimal("9999999999999999999999999999999").unwrap_err();
    assert!(e.0.contains("too many digits"), "{e}");
}

/// Separators only between proper groups of three, and the refusal
/// lists the accepted forms.
#[test]
fn thousands_separators_only_in_groups_of_three() {
    for (ok, v) in [
        ("1,234,567.89", dec!(1234567.89)),
        ("$1,234", dec!(1234)),
        ("-$1,250.50", dec!(-1250.5)),
        ("123,456", dec!(123456)),
        ("1_000_000", dec!(1000000)),
        ("77,000.50", dec!(77000.5)),
        ("1234567", dec!(1234567)),
        ("12.5 %", dec!(0.125)),
        ("+2", dec!(2)),
        (".5", dec!(0.5)),
    ] {
        assert_eq!(parse_decimal(ok), Ok(v), "{ok}");
    }
    assert_eq!(
        parse_decimal("1,,0"),
        Err(NumError(format!(
            "`1,,0` is not a number (`,` must separate groups of three digits, as in 1,234,567.89); \
             {ACCEPTED_FORMS}"
        )))
    );
    assert_eq!(
        parse_decimal("abc"),
        Err(NumError(format!("`abc` is not a number; {ACCEPTED_FORMS}")))
    );
    for bad in [
        "77.000,50",
        "1,,0",
        ",100",
        "100,",
        "1,00",
        "1234,567",
        "12,34,567",
        "1,234.5,6",
        "1_0",
        "1,000_000",
        "$5%",
        "1.2.3",
        "5$",
        "$-5",
        "- 3",
    ] {
        let e = parse_decimal(bad).unwrap_err();
        assert!(e.0.contains(ACCEPTED_FORMS), "{bad}: {e}");
    }
}

/// Money as people write it: a currency before or after the amount, a blank after a
/// symbol, a negative in parentheses, and k/M/bn multipliers — each read exactly.
#[test]
fn money_as_people_write_it() {
    for (text, v) in [
        ("USD 82,000", dec!(82000)),
        ("82,000 USD", dec!(82000)),
        ("$ 82,000", dec!(82000)),
        ("$82,000", dec!(82000)),
        ("usd 82,000", dec!(82000)),
        ("USD82,000", dec!(82000)),
        ("82,000USD", dec!(82000)),
        ("$82,000 USD", dec!(82000)),
        ("(1,234.00)", dec!(-1234)),
        ("($1,234.50)", dec!(-1234.5)),
        ("(USD 1,234)", dec!(-1234)),
        (" ( 1,234 ) ", dec!(-1234)),
        ("-USD 82,000", dec!(-82000)),
        ("-$ 82,000", dec!(-82000)),
        ("1.6M", dec!(1600000)),
        ("1,600k", dec!(1600000)),
        ("$1.6m", dec!(1600000)),
        ("1.6 M", dec!(1600000)),
        ("USD 1.6M", dec!(1600000)),
        ("1.6M USD", dec!(1600000)),
        ("2.5k", dec!(2500)),
        ("2.5K", dec!(2500)),
        ("0.25k", dec!(250)),
        ("1.23456M", dec!(1234560)),
        ("1.5bn", dec!(1500000000)),
        ("1.5 BN", dec!(1500000000)),
        ("$1.13B", dec!(1130000000)),
        ("(1.6M)", dec!(-1600000)),
        ("1_600k", dec!(1600000)),
    ] {
        assert_eq!(parse_money(text), Ok(v), "{text}");
        assert_eq!(parse_decimal(text), Ok(v), "{text}");
    }
    // Exact, never through a float: 1.6M is 1600000 with no fraction left over.
    assert_eq!(
        parse_decimal("1.6M").map(|v| v.to_string()),
        Ok("1600000".into())
    );
    assert_eq!(parse_decimal("2.5k").map(|v| v.scale()), Ok(0));
    // A multiplier does not make cents out of nothing: 1.2345k is $1,234.50.
    assert_eq!(parse_money("1.2345k"), Ok(dec!(1234.5)));
    assert_eq!(
        parse_money("1.234567k"),
        Err(NumError(
            "`1.234567k` has a fraction of a cent: money is in dollars and cents, at most 2 decimals".into()
        ))
    );
}

/// What stays refused: a sign inside parentheses, a multiplier or currency with `%`,
/// a `$` after the amount, letters that are not a currency, two currencies.
#[test]
fn money_forms_that_stay_refused() {
    for bad in [
        "(-5)",
        "(+5)",
        "(5",
        "5)",
        "$(5)",
        "5$",
        "$-5",
        "- 3",
        "5%k",
        "5k%",
        "USD 5%",
        "1.6 MM",
        "1.6mm",
        "k",
        "M",
        "1e5",
        "5 kUSD",
        "USD USD 5",
        "1.6Mk",
        "82 000 USD",
        "1 600k",
        "82,000,USD",
        "USD",
        "$",
        "(  )",
        "()",
    ] {
        let e = parse_decimal(bad).unwrap_err();
        assert!(e.0.contains(ACCEPTED_FORMS), "{bad}: {e}");
    }
    assert_eq!(
        parse_decimal("ote 5"),
        Err(NumError(format!(
            "`ote 5` is not a number (`ote` is not a currency code such as USD or EUR); {ACCEPTED_FORMS}"
        )))
    );
    assert_eq!(
        parse_decimal("$5 EUR"),
        Err(NumError(format!(
            "`$5 EUR` is not a number (it names two currencies, `$` and `EUR`); {ACCEPTED_FORMS}"
        )))
    );
    assert_eq!(
        parse_decimal("USD 5%"),
        Err(NumError(format!(
            "`USD 5%` is not a number (it has both `USD` and `%`); {ACCEPTED_FORMS}"
        )))
    );
    assert_eq!(
        parse_decimal("5k%"),
        Err(NumError(format!(
            "`5k%` is not a number (it has both `k` and `%`); {ACCEPTED_FORMS}"
        )))
    );
    assert_eq!(
        parse_decimal("99999999999999999999999bn"),
        Err(NumError(
            "`99999999999999999999999bn` is too large to be held exactly (at most 26 digits)"
                .into()
        ))
    );
    // The accepted forms name the new ones.
    for form in [
        "$ 1,234.56",
        "USD 1,234.56",
        "1,234.56 USD",
        "(1,234.56)",
        "1.6M",
        "1,600k",
    ] {
        assert!(ACCEPTED_FORMS.contains(form), "{form}");
    }
}

/// A plan pays in one currency: money in another is refused, naming both; `$` is the
/// plan's currency only for the dollars.
#[test]
fn money_in_another_currency_is_refused() {
    let eur = Currency::parse("EUR").unwrap();
    let cad = Currency::parse("cad").unwrap();
    assert_eq!(eur.code(), "EUR");
    assert_eq!(cad.to_string(), "CAD");
    assert_eq!(
        parse_money("82,000 EUR"),
        Err(NumError(
            "`82,000 EUR` is in EUR but this plan pays in USD".into()
        ))
    );
    assert_eq!(
        parse_money("€82,000"),
        Err(NumError(
            "`€82,000` is in euros but this plan pays in USD".into()
        ))
    );
    assert_eq!(parse_money_in("82,000 EUR", eur), Ok(dec!(82000)));
    assert_eq!(parse_money_in("€ 82,000", eur), Ok(dec!(82000)));
    assert_eq!(parse_money_in("€82,000 EUR", eur), Ok(dec!(82000)));
    assert_eq!(parse_money_in("(€1.6M)", eur), Ok(dec!(-1600000)));
    assert_eq!(parse_money_in("82000", eur), Ok(dec!(82000)));
    assert_eq!(
        parse_money_in("$82,000", eur),
        Err(NumError(
            "`$82,000` is in dollars but this plan pays in EUR".into()
        ))
    );
    assert_eq!(
        parse_money_in(" 82,000 USD ", eur),
        Err(NumError(
            "`82,000 USD` is in USD but this plan pays in EUR".into()
        ))
    );
    // `$` is any dollar plan's own currency; the code must be the plan's.
    assert_eq!(parse_money_in("$82,000", cad), Ok(dec!(82000)));
    assert_eq!(parse_money_in("CAD 82,000", cad), Ok(dec!(82000)));
    assert_eq!(
        parse_money_in("$82,000 USD", cad),
        Err(NumError(
            "`$82,000 USD` is in USD but this plan pays in CAD".into()
        ))
    );
    assert_eq!(
        parse_money_in("50%", eur),
        Err(NumError(
            "`50%` is a percentage, but this is an amount of money (write an amount, e.g. 120000 or 120,000 EUR)".into()
        ))
    );
    // A percentage never takes a currency, whatever the plan's.
    assert_eq!(
        parse_pct("USD 5", BARE_PERCENT_LIMIT).unwrap_err().0,
        "`USD 5` is an amount of money, but this is a percentage (write 87% or 0.87)"
    );
    assert_eq!(
        Currency::parse("XYZ"),
        Err(NumError(
            "`XYZ` is not a currency code: write an ISO 4217 code such as USD, EUR, GBP or CAD"
                .into()
        ))
    );
    assert!(Currency::from_code("EURO").is_none());
    assert!(Currency::from_code("").is_none());
    // Read through the serde glue, a file's money follows the plan being read.
    let read = |text: &str| {
        serde_dec::money::deserialize(
            serde::de::value::StrDeserializer::<serde::de::value::Error>::new(text),
        )
        .map_err(|e| e.to_string())
    };
    assert_eq!(
        read("82,000 EUR"),
        Err("`82,000 EUR` is in EUR but this plan pays in USD".into())
    );
    assert_eq!(reading_in(eur, || read("82,000 EUR")), Ok(dec!(82000)));
    assert_eq!(read("82,000 USD"), Ok(dec!(82000)));
}

/// Money in a plan's currency is shown with its symbol or code, and reads back.
#[test]
fn money_is_shown_in_the_plans_currency() {
    let c = |code: &str| Currency::parse(code).unwrap();
    assert_eq!(money_in(dec!(103960), Currency::USD), "$103,960.00");
    assert_eq!(money_in(dec!(103960), c("CAD")), "$103,960.00");
    assert_eq!(money_in(dec!(103960), c("EUR")), "€103,960.00");
    assert_eq!(money_in(dec!(-1250.5), c("GBP")), "-£1,250.50");
    assert_eq!(money_in(dec!(-1250.5), c("CHF")), "-CHF 1,250.50");
    assert_eq!(money_whole_in(dec!(1234567.5), c("JPY")), "¥1,234,568");
}

/// Money is whole cents everywhere it is typed.
#[test]
fn money_is_whole_cents() {
    assert_eq!(parse_money("$100,000.01"), Ok(dec!(100000.01)));
    assert_eq!(parse_money("100000.000"), Ok(dec!(100000)));
    assert_eq!(
        parse_money("100000.005"),
        Err(NumError(
            "`100000.005` has a fraction of a cent: money is in dollars and cents, at most 2 decimals".into()
        ))
    );
    assert_eq!(
        parse_money("50%"),
        Err(NumError(
            "`50%` is a percentage, but this is an amount of money (write dollars, e.g. 120000 or $120,000)".into()
        ))
    );
}

/// One rule for percentages — `0.87` and `87%` are 87%, a bare `87` is refused
/// with its likely meaning.
#[test]
fn a_bare_percentage_is_a_fraction_and_a_slip_is_named() {
    assert_eq!(parse_pct("0.87", BARE_PERCENT_LIMIT), Ok(dec!(0.87)));
    assert_eq!(parse_pct("87%", BARE_PERCENT_LIMIT), Ok(dec!(0.87)));
    assert_eq!(parse_pct("10", BARE_PERCENT_LIMIT), Ok(dec!(10)));
    assert_eq!(parse_pct("870%", BARE_PERCENT_LIMIT), Ok(dec!(8.7)));
    assert_eq!(
        parse_pct("87", BARE_PERCENT_LIMIT),
        Err(NumError(
            "`87` — did you mean 87%? A bare number in a percentage is a fraction (0.87 = 87%), so 87 would be 8700%".into()
        ))
    );
    assert_eq!(
        parse_pct("30", Decimal::ONE).unwrap_err().0,
        "`30` — did you mean 30%? A bare number in a percentage is a fraction (0.87 = 87%), so 30 would be 3000%"
    );
    assert_eq!(
        parse_pct("$5", BARE_PERCENT_LIMIT).unwrap_err().0,
        "`$5` is an amount of money, but this is a percentage (write 87% or 0.87)"
    );
}

/// The value in a message is shown exactly, never rounded.
#[test]
fn exact_money_is_never_rounded() {
    assert_eq!(money_exact(dec!(1000000000.01)), "$1,000,000,000.01");
    assert_eq!(money_exact(dec!(1000000000)), "$1,000,000,000");
    assert_eq!(money_exact(dec!(1000000000.00)), "$1,000,000,000");
    assert_eq!(money_exact(dec!(0.005)), "$0.005");
    assert_eq!(money_exact(dec!(-5.5)), "-$5.50");
    assert_eq!(money_exact(dec!(0)), "$0");
}

#[test]
fn rounds_half_away_from_zero_at_the_cent() {
    assert_eq!(cents(dec!(5658.405)), dec!(5658.41));
    assert_eq!(cents(dec!(-5658.405)), dec!(-5658.41));
    assert_eq!(cents(dec!(0.004999)), dec!(0.00));
    assert_eq!(cents(dec!(0.005)), dec!(0.01));
    assert_eq!(cents(dec!(-0.005)), dec!(-0.01));
    assert_eq!(cents(dec!(2.675)), dec!(2.68));
    assert_eq!(cents(dec!(-2.674999999999999999999999)), dec!(-2.67));
    assert_eq!(cents(dec!(12.3)), dec!(12.3));
    assert_eq!(cents(Decimal::MAX), Decimal::MAX);
    assert_eq!(
        cents(dec!(79228162514264337593543950.335)),
        dec!(79228162514264337593543950.34)
    );
    assert_eq!(money_plain(dec!(103960)), "103960.00");
}

#[test]
fn formats_for_people() {
    assert_eq!(money(dec!(103960)), "$103,960.00");
    assert_eq!(money(dec!(-1250.5)), "-$1,250.50");
    assert_eq!(money(dec!(999)), "$999.00");
    assert_eq!(money_whole(dec!(1234567.5)), "$1,234,568");
    assert_eq!(money_delta(dec!(1200)), "+$1,200");
    assert_eq!(money_short(dec!(1566307.04)), "$1.57M");
    assert_eq!(money_short(dec!(852246004)), "$852M");
    assert_eq!(money_short(dec!(1127277094)), "$1.13B");
    assert_eq!(money_short(dec!(85000)), "$85k");
    assert_eq!(money_short(dec!(999)), "$999");
    assert_eq!(money_delta(dec!(-350)), "-$350");
    assert_eq!(pct(dec!(1.0396), 1), "104.0%");
    assert_eq!(pct_exact(dec!(0.125)), "12.5%");
    assert_eq!(pct_delta(dec!(0.045), 1), "+4.5%");
    assert_eq!(pct_delta(dec!(0), 1), "0.0%");
}

proptest::proptest! {
    /// A plain decimal is written as `Decimal` itself writes the normalised value: any
    /// mantissa of 96 bits, any scale, either sign, zero included.
    #[test]
    fn plain_writes_what_decimal_writes(
        lo in proptest::num::u32::ANY,
        mid in proptest::num::u32::ANY,
        hi in proptest::num::u32::ANY,
        negative in proptest::bool::ANY,
        scale in 0u32..=28,
        small in proptest::bool::ANY,
    ) {
        let (mid, hi) = if small { (0, 0) } else { (mid, hi) };
        let v = Decimal::from_parts(lo, mid, hi, negative, scale);
        proptest::prop_assert_eq!(plain(v), v.normalize().to_string());
        for dp in [0, 2, 6] {
            let want = v.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            let got = round_half_away(v, dp);
            proptest::prop_assert_eq!((got, got.scale()), (want, want.scale()));
        }
    }
}

#[test]
fn plain_writes_zero_and_small_fractions_as_decimal_does() {
    for v in [
        "0", "-0", "0.000", "-0.0500", "0.000001", "-12.5", "100", "1e-28",
    ] {
        let d: Decimal = v.parse().or_else(|_| Decimal::from_scientific(v)).unwrap();
        assert_eq!(plain(d), d.normalize().to_string(), "{v}");
    }
}
