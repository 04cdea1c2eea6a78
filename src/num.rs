//! Exact numbers: parsing what people type ("20%", "$120,000", "1.5", "82,000 USD",
//! "(1,234.00)", "1.6M") by one rule (docs/scenario-format.md, "Numbers"), the currency a
//! plan pays in, formatting money and rates for people and machines, and the serde glue
//! that keeps scenario files exact.
//!
//! Owns: text <-> `Decimal`. Must not: touch the terminal or the file system.

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

mod currency;
mod format;
pub use currency::*;
pub use format::*;

/// Why a piece of text is not a number we accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumError(pub String);

impl fmt::Display for NumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NumError {}

// ---------------------------------------------------------------------------------------
// Reading numbers

/// Parses a decimal the way a person writes it: `1.5`, `-3`, `20%` (= 0.2), `$120,000`,
/// `1_000`, surrounding blanks, and money as people write it — `$ 82,000`, `USD 82,000`,
/// `82,000 USD`, `(1,234.00)` (= -1234), `1.6M`, `1,600k`; `,` or `_` only between groups
/// of three digits, anything else refused with [`ACCEPTED_FORMS`]. Never goes through a
/// binary float. Every number that enters the program (files, CSVs, the app, flags) comes
/// through here (see [`read_number`] for the rule). A currency is read as the plan's
/// currency USD; [`parse_decimal_in`] reads for another.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumError> {
    parse_decimal_in(text, Currency::USD)
}

/// [`parse_decimal`] for a plan that pays in `currency`: money written in another
/// currency (`82,000 EUR` in a USD plan, `$5` in a EUR plan) is refused.
pub fn parse_decimal_in(text: &str, currency: Currency) -> Result<Decimal, NumError> {
    if let Some(v) = parse_plain(text) {
        return Ok(v);
    }
    let n = parse_general(text)?;
    check_currency(text, n.currency, currency)?;
    Ok(n.value)
}

/// A number as it was written: its value, and what it was written with besides digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    /// The value: `25%` is 0.25, `1.6M` is 1,600,000, `(5)` is -5.
    pub value: Decimal,
    /// Written with `%`.
    pub percent: bool,
    /// Written with a currency (`$`, `€`, `USD`, ...): an amount of money.
    pub currency: Option<Marker>,
}

/// Reads a number by the one rule for numbers, without deciding what it may be (money,
/// a percentage, a count): the caller checks [`Number::percent`] and [`Number::currency`].
///
/// The rule: an optional sign, then an optional currency before the amount (`$`, `€`,
/// `£`, `¥`, or an ISO code such as `USD`, with or without a blank after it), the digits
/// (`,` or `_` only between groups of three before the point), an optional `k` (thousand),
/// `M` (million) or `bn`/`B` (billion) in either case, an optional ISO code after the
/// amount, or `%` instead of a currency and a multiplier. A negative may be written in
/// parentheses around the whole value instead of with `-`.
pub fn read_number(text: &str) -> Result<Number, NumError> {
    match parse_plain(text) {
        Some(value) => Ok(Number {
            value,
            percent: text.ends_with('%'),
            currency: None,
        }),
        None => parse_general(text),
    }
}

/// The common case of [`parse_decimal`] without allocating: `[-]digits[.digits][%]` with at
/// most 18 digits. `None` for anything else (the general parser then decides).
fn parse_plain(text: &str) -> Option<Decimal> {
    let (body, percent) = match text.strip_suffix('%') {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let (negative, body) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.is_empty() || (body.len() > int.len() && frac.is_empty()) || int.len() + frac.len() > 18
    {
        return None;
    }
    let mut m: i64 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        m = m * 10 + i64::from(b - b'0');
    }
    let scale = frac.len() as u32 + if percent { 2 } else { 0 };
    Some(Decimal::new(if negative { -m } else { m }, scale).normalize())
}

/// The forms every number may be written in, for messages that refuse one.
pub const ACCEPTED_FORMS: &str = "write it like 1234.56, 1,234.56, -3, (1,234.56) for -1234.56, \
     0.25 or 25%, and money also like $1,234.56, $ 1,234.56, USD 1,234.56, 1,234.56 USD, 1.6M \
     or 1,600k (`,` or `_` only between groups of three digits)";

/// A bare number (no `%`) above this in a percentage is taken for a percentage written
/// without its sign (`87` meant as 87%) and refused: every percentage field reads a bare
/// number as a fraction (`0.87` = 87%), so `87` would be 8,700%.
pub const BARE_PERCENT_LIMIT: Decimal = Decimal::TEN;

fn not_a_number(text: &str, why: &str) -> NumError {
    NumError(format!("`{text}` is not a number{why}; {ACCEPTED_FORMS}"))
}

/// True for digits with `sep` between proper groups of three (`1,234,567`), or plain digits.
fn grouped(int: &str, sep: char) -> bool {
    let mut groups = int.split(sep);
    let Some(first) = groups.next() else {
        return false;
    };
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    if !digits(first) || (int.contains(sep) && !(1..=3).contains(&first.len())) {
        return false;
    }
    groups.all(|g| g.len() == 3 && digits(g))
}

/// Three ASCII letters (a currency code as written, in any case).
fn is_code(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_alphabetic())
}

/// A currency written before the amount (`$`, `€ `, `USD `, `usd`): the currency as
/// written and the rest, blanks after it dropped.
fn currency_before(body: &str) -> Option<(&str, &str)> {
    let first = body.chars().next()?;
    if SYMBOLS.iter().any(|(c, _, _)| *c == first) {
        let (sym, rest) = body.split_at(first.len_utf8());
        return Some((sym, rest.trim_start()));
    }
    let head = body.get(..3)?;
    let next = body[3..].chars().next();
    (is_code(head) && !next.is_some_and(char::is_alphabetic))
        .then(|| (head, body[3..].trim_start()))
}

/// An ISO code written after the amount (`82,000 USD`, `82,000usd`): the code as
/// written and the rest, blanks before it dropped.
fn currency_after(body: &str) -> Option<(&str, &str)> {
    let at = body.len().checked_sub(3)?;
    let tail = body.get(at..)?;
    let before = body[..at].chars().next_back();
    (is_code(tail) && !before.is_some_and(char::is_alphabetic))
        .then(|| (tail, body[..at].trim_end()))
}

/// A multiplier after the amount (`k`, `M`, `bn`, `B`, in any case, after a blank or
/// not): its power of ten, as written, and the rest.
fn multiplier(body: &str) -> Option<(u32, &str, &str)> {
    let b = body.as_bytes();
    let (power, len) = match b.last()?.to_ascii_lowercase() {
        b'n' if b.len() >= 2 && b[b.len() - 2].eq_ignore_ascii_case(&b'b') => (9, 2),
        b'b' => (9, 1),
        b'm' => (6, 1),
        b'k' => (3, 1),
        _ => return None,
    };
    let at = body.len() - len;
    // Only after a digit, a point or a blank: `1.6M`, `1.6 M`, not a stray letter.
    let before = body[..at].chars().next_back();
    if !before.is_some_and(|c| c.is_ascii_digit() || c == '.' || c.is_whitespace()) {
        return None;
    }
    Some((power, &body[at..], body[..at].trim_end()))
}

/// The currency a symbol or code as written names, refusing a code that is not one.
fn marker(text: &str, written: &str) -> Result<Marker, NumError> {
    if let Some(c) = written
        .chars()
        .next()
        .filter(|_| written.chars().count() == 1)
    {
        return Ok(Marker::Symbol(c));
    }
    Currency::from_code(written)
        .map(Marker::Code)
        .ok_or_else(|| {
            not_a_number(
                text,
                &format!(" (`{written}` is not a currency code such as USD or EUR)"),
            )
        })
}

fn parse_general(text: &str) -> Result<Number, NumError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(NumError(format!(
            "an empty value is not a number; {ACCEPTED_FORMS}"
        )));
    }
    // A negative as accounts write it: `(1,234.00)` is -1234.
    let (parens, body) = match trimmed.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) => (true, inner.trim()),
        None => (false, trimmed),
    };
    let (body, percent) = match body.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (body, false),
    };
    let (negative, body) = match body.strip_prefix('-') {
        Some(rest) if !parens => (true, rest),
        _ if parens => (true, body),
        _ => (false, body.strip_prefix('+').unwrap_or(body)),
    };
    let (before, body) = match currency_before(body) {
        Some((c, rest)) => (Some(c), rest),
        None => (None, body),
    };
    let (after, body) = match currency_after(body) {
        Some((c, rest)) => (Some(c), rest),
        None => (None, body),
    };
    let (power, times, body) = match multiplier(body) {
        Some((p, written, rest)) => (p, Some(written), rest),
        None => (0, None, body),
    };
    let written = before.or(after);
    if let (true, Some(c)) = (percent, written.or(times)) {
        return Err(not_a_number(
            trimmed,
            &format!(" (it has both `{c}` and `%`)"),
        ));
    }
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let frac_ok = frac.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit()));
    let has_digit = int.bytes().any(|b| b.is_ascii_digit())
        || frac.is_some_and(|f| f.bytes().any(|b| b.is_ascii_digit()));
    if !frac_ok || !has_digit {
        return Err(not_a_number(trimmed, ""));
    }
    let currency = match (before, after) {
        (None, None) => None,
        (Some(c), None) | (None, Some(c)) => Some(marker(trimmed, c)?),
        (Some(b), Some(a)) => Some(marker(trimmed, b)?.and(marker(trimmed, a)?).ok_or_else(
            || {
                not_a_number(
                    trimmed,
                    &format!(" (it names two currencies, `{b}` and `{a}`)"),
                )
            },
        )?),
    };
    let int_digits: String = match (int.contains(','), int.contains('_')) {
        (true, true) => {
            return Err(not_a_number(
                trimmed,
                " (it mixes `,` and `_` as separators)",
            ));
        }
        (true, false) | (false, true) => {
            let sep = if int.contains(',') { ',' } else { '_' };
            if !grouped(int, sep) {
                return Err(not_a_number(
                    trimmed,
                    &format!(
                        " (`{sep}` must separate groups of three digits, as in 1{sep}234{sep}567.89)"
                    ),
                ));
            }
            int.chars().filter(|c| *c != sep).collect()
        }
        (false, false) => {
            if !int.bytes().all(|b| b.is_ascii_digit()) {
                return Err(not_a_number(trimmed, ""));
            }
            int.to_string()
        }
    };
    let frac = frac.unwrap_or("");
    let significant = int_digits.trim_start_matches('0').len() + frac.len();
    if significant > 26 {
        return Err(NumError(format!(
            "`{trimmed}` has too many digits to be held exactly (at most 26)"
        )));
    }
    let cleaned = if frac.is_empty() {
        int_digits
    } else {
        format!("{int_digits}.{frac}")
    };
    let cleaned = if cleaned.starts_with('.') {
        format!("0{cleaned}")
    } else {
        cleaned
    };
    let mut value = cleaned.parse::<Decimal>().map_err(|e| {
        NumError(format!(
            "`{trimmed}` is not a number we can hold exactly: {e}"
        ))
    })?;
    if percent {
        value = value
            .checked_div(Decimal::ONE_HUNDRED)
            .ok_or_else(|| NumError(format!("`{trimmed}` is too precise a percentage")))?;
    }
    if power > 0 {
        value = value
            .checked_mul(Decimal::from(10u64.pow(power)))
            .ok_or_else(|| {
                NumError(format!(
                    "`{trimmed}` is too large to be held exactly (at most 26 digits)"
                ))
            })?;
    }
    if negative {
        value.set_sign_negative(true);
    }
    Ok(Number {
        value: value.normalize(),
        percent,
        currency,
    })
}

/// Refuses money written in a currency other than `plan`'s, naming both: "`82,000 EUR`
/// is in EUR but this plan pays in USD".
pub fn check_currency(text: &str, written: Option<Marker>, plan: Currency) -> Result<(), NumError> {
    match written {
        Some(m) if !m.fits(plan) => Err(NumError(format!(
            "`{}` is in {} but this plan pays in {plan}",
            text.trim(),
            m.names()
        ))),
        _ => Ok(()),
    }
}

/// Money as people type it (`120000`, `$120,000`, `77,000.50`, `USD 82,000`, `1.6M`):
/// dollars and cents, so more than two decimals (fractions of a cent, which would make
/// printed figures not add up) and percentages are refused. A currency is read as USD;
/// [`parse_money_in`] reads for another.
pub fn parse_money(text: &str) -> Result<Decimal, NumError> {
    parse_money_in(text, Currency::USD)
}

/// [`parse_money`] for a plan that pays in `currency`: money written in another currency
/// is refused (see [`check_currency`]).
pub fn parse_money_in(text: &str, currency: Currency) -> Result<Decimal, NumError> {
    let t = text.trim();
    if t.ends_with('%') {
        let example = if currency.is_dollar() {
            "write dollars, e.g. 120000 or $120,000".to_string()
        } else {
            format!("write an amount, e.g. 120000 or 120,000 {currency}")
        };
        return Err(NumError(format!(
            "`{t}` is a percentage, but this is an amount of money ({example})"
        )));
    }
    let v = parse_decimal_in(t, currency)?;
    whole_cents(t, v)
}

/// `v` (read from `text`) when it is a whole number of cents.
pub fn whole_cents(text: &str, v: Decimal) -> Result<Decimal, NumError> {
    if v.normalize().scale() > 2 {
        return Err(NumError(format!(
            "`{}` has a fraction of a cent: money is in dollars and cents, at most 2 decimals",
            text.trim()
        )));
    }
    Ok(v)
}

/// A percentage as people type it: `87%` or the fraction `0.87` (the same number). A bare
/// number above `bare_max` in size is almost surely a percentage missing its `%` and is
/// refused with the likely meaning ("`87` — did you mean 87%?"); a currency (`$`, `USD`)
/// is refused.
pub fn parse_pct(text: &str, bare_max: Decimal) -> Result<Decimal, NumError> {
    let t = text.trim();
    let n = read_number(t)?;
    if n.currency.is_some() {
        return Err(NumError(format!(
            "`{t}` is an amount of money, but this is a percentage (write 87% or 0.87)"
        )));
    }
    let v = n.value;
    match bare_percent_slip(t, v, bare_max) {
        Some(e) => Err(e),
        None => Ok(v),
    }
}

/// The refusal for `v`, read from `text` in a percentage, when it is a bare number above
/// `bare_max` in size (see [`parse_pct`]).
pub fn bare_percent_slip(text: &str, v: Decimal, bare_max: Decimal) -> Option<NumError> {
    let t = text.trim();
    if t.ends_with('%') || v.abs() <= bare_max {
        return None;
    }
    Some(NumError(format!(
        "`{t}` — did you mean {}%? A bare number in a percentage is a fraction (0.87 = 87%), so {} would be {}",
        plain(v),
        plain(v),
        pct_exact(v)
    )))
}

thread_local! {
    /// The currency of the plan whose file is being read (see [`reading_in`]).
    static READING: std::cell::Cell<Currency> = const { std::cell::Cell::new(Currency::USD) };
}

/// Runs `f` — reading a scenario file — with money in the file read for a plan that pays
/// in `currency`: a value written in another currency is refused where it stands, with
/// its line and column. Outside it, files are read as USD.
pub fn reading_in<T>(currency: Currency, f: impl FnOnce() -> T) -> T {
    struct Restore(Currency);
    impl Drop for Restore {
        fn drop(&mut self) {
            READING.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(READING.with(|c| c.replace(currency)));
    f()
}

/// The currency money in a file is read in (USD outside [`reading_in`]).
fn reading() -> Currency {
    READING.with(std::cell::Cell::get)
}

/// Serde glue: decimals in scenario files are written as quoted strings and read from quoted
/// strings (in any form [`read_number`] reads, money in the plan's currency) or bare numbers. A bare number that the file parser
/// already turned into a binary float is accepted only when no digit can have been lost
/// (15 significant digits or fewer); otherwise the user is told to quote it.
pub mod serde_dec;

// ---------------------------------------------------------------------------------------
// Figures known to within a standard error (simulated figures)

/// The step a figure known to within `se` (one standard error) is shown to: the largest
/// power of ten not above `se`, never finer than `finest` (itself a power of ten); zero —
/// shown exactly — when `se` is below `finest`.
pub fn step(se: Decimal, finest: Decimal) -> Decimal {
    if se < finest || finest <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    let mut s = finest;
    while s * Decimal::TEN <= se {
        s *= Decimal::TEN;
    }
    s
}

/// `value` rounded to a multiple of `step` (unchanged when `step` is zero).
pub fn round_to(value: Decimal, step: Decimal) -> Decimal {
    if step.is_zero() {
        return value;
    }
    (value / step).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero) * step
}

/// Money rounded to what its standard error allows, without the ±: `$1,612,600`; whole
/// dollars when the standard error is under a dollar.
pub fn money_rounded(value: Decimal, se: Decimal) -> String {
    money_whole(round_to(value, step(se, Decimal::ONE)))
}

#[cfg(test)]
mod tests;
