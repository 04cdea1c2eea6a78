//! Exact numbers: parsing what people type ("20%", "$120,000", "1.5", "82,000 USD",
//! "(1,234.00)", "1.6M") by one rule (docs/scenario-format.md, "Numbers"), the currency a
//! plan pays in, formatting money and rates for people and machines, and the serde glue
//! that keeps scenario files exact.
//!
//! Owns: text <-> `Decimal`. Must not: touch the terminal or the file system.

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

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
// Currencies

/// A currency, by its ISO 4217 code (`USD`, `EUR`). A plan pays in one currency — USD
/// unless its file names another — and money written in another is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// The ISO 4217 codes of the currencies in use.
const ISO_CODES: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND \
     BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN \
     ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD \
     JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT \
     MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR \
     RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND \
     TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG";

/// The currencies called dollars: `$` means the plan's currency only in one of these.
const DOLLARS: &[&str] = &[
    "USD", "AUD", "BBD", "BMD", "BND", "BSD", "BZD", "CAD", "FJD", "GYD", "HKD", "JMD", "KYD",
    "LRD", "NAD", "NZD", "SBD", "SGD", "SRD", "TTD", "TWD", "XCD",
];

/// The symbols read before an amount: the symbol, the word for it in messages, and the
/// currencies it may stand for (the plan's, when the plan's is one of them).
const SYMBOLS: &[(char, &str, &[&str])] = &[
    ('$', "dollars", DOLLARS),
    ('€', "euros", &["EUR"]),
    ('£', "pounds", &["GBP", "FKP", "GIP", "SHP"]),
    ('¥', "yen or yuan", &["JPY", "CNY"]),
];

impl Currency {
    /// US dollars: the currency of a plan that names none.
    pub const USD: Currency = Currency(*b"USD");

    /// The currency with this ISO code (in any case: `eur` is EUR); `None` when the text
    /// is not the code of a currency in use.
    pub fn from_code(code: &str) -> Option<Currency> {
        if !is_code(code) {
            return None;
        }
        let upper = code.to_ascii_uppercase();
        let bytes: [u8; 3] = upper.as_bytes().try_into().ok()?;
        ISO_CODES
            .split_ascii_whitespace()
            .any(|c| c == upper)
            .then_some(Currency(bytes))
    }

    /// [`Currency::from_code`], with a message when it is not a currency.
    pub fn parse(code: &str) -> Result<Currency, NumError> {
        Currency::from_code(code.trim()).ok_or_else(|| {
            NumError(format!(
                "`{}` is not a currency code: write an ISO 4217 code such as USD, EUR, GBP or CAD",
                code.trim()
            ))
        })
    }

    /// The ISO code: `USD`.
    pub fn code(&self) -> &str {
        // Built only from ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("USD")
    }

    /// True for the dollars (USD, CAD, AUD, ...), which `$` stands for.
    pub fn is_dollar(self) -> bool {
        DOLLARS.contains(&self.code())
    }
}

impl Default for Currency {
    fn default() -> Currency {
        Currency::USD
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl serde::Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Currency, D::Error> {
        struct CodeVisitor;
        impl serde::de::Visitor<'_> for CodeVisitor {
            type Value = Currency;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a currency code, e.g. \"USD\" or \"EUR\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Currency, E> {
                Currency::parse(v).map_err(|e| E::custom(e.0))
            }
        }
        d.deserialize_str(CodeVisitor)
    }
}

/// The currency a number was written in: a symbol (`$`), or an ISO code (`USD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Symbol(char),
    Code(Currency),
}

impl Marker {
    /// The currencies a symbol may stand for (none for a code).
    fn family(self) -> Option<(&'static str, &'static [&'static str])> {
        match self {
            Marker::Symbol(c) => SYMBOLS
                .iter()
                .find(|(s, _, _)| *s == c)
                .map(|(_, word, codes)| (*word, *codes)),
            Marker::Code(_) => None,
        }
    }

    /// True when money written with this is in `currency`.
    pub fn fits(self, currency: Currency) -> bool {
        match (self, self.family()) {
            (Marker::Code(c), _) => c == currency,
            (_, Some((_, codes))) => codes.contains(&currency.code()),
            _ => false,
        }
    }

    /// What it names, for messages: `EUR`, `dollars`.
    fn names(self) -> String {
        match (self, self.family()) {
            (Marker::Code(c), _) => c.to_string(),
            (_, Some((word, _))) => word.to_string(),
            (Marker::Symbol(c), None) => c.to_string(),
        }
    }

    /// One currency from two written for the same amount (`$82,000 USD`): the code, when
    /// the symbol may stand for it; `None` when they name two currencies.
    fn and(self, other: Marker) -> Option<Marker> {
        match (self, other) {
            (Marker::Code(a), Marker::Code(b)) => (a == b).then_some(self),
            (Marker::Code(c), s) | (s, Marker::Code(c)) => s.fits(c).then_some(Marker::Code(c)),
            (a, b) => (a == b).then_some(a),
        }
    }
}

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

/// Money exactly as given, for messages: `$1,000,000,000.01`, `$1,000,000,000`,
/// `$0.005` (never rounded: the value that broke a rule is shown as it is).
pub fn money_exact(value: Decimal) -> String {
    let v = value.normalize();
    let mut out = String::with_capacity(24);
    if v.is_sign_negative() && !v.is_zero() {
        out.push('-');
    }
    out.push('$');
    let abs = v.abs();
    let int = abs.trunc();
    let n = int.mantissa().unsigned_abs() / 10u128.pow(int.scale());
    push_digits(&mut out, n, true);
    if abs.scale() > 0 {
        let frac = abs.to_string();
        if let Some((_, f)) = frac.split_once('.') {
            out.push('.');
            out.push_str(f);
            if f.len() == 1 {
                out.push('0');
            }
        }
    }
    out
}

/// Rounds to cents, half away from zero (the payroll convention).
pub fn cents(value: Decimal) -> Decimal {
    // A direct integer rounding of the mantissa: the engine rounds every payout, and this is
    // several times quicker than the general `round_dp_with_strategy`.
    let scale = value.scale();
    if scale <= 2 {
        return value;
    }
    let m = value.mantissa();
    let p = 10i128.pow(scale - 2);
    let (q, r) = (m / p, m % p);
    let q = if r.abs() * 2 >= p { q + m.signum() } else { q };
    Decimal::from_i128_with_scale(q, 2)
}

/// Machine form of money: plain, exactly two decimals (`103960.00`).
pub fn money_plain(value: Decimal) -> String {
    let (c, abs) = cents_int(value);
    let mut out = String::with_capacity(24);
    if c < 0 {
        out.push('-');
    }
    push_cents(&mut out, abs, false);
    out
}

/// `value` rounded to the cent, in cents (and its magnitude).
fn cents_int(value: Decimal) -> (i128, u128) {
    let v = cents(value);
    // After `cents` the scale is at most 2, so this is the amount in cents, exactly.
    let c = v.mantissa() * 10i128.pow(2 - v.scale().min(2));
    (c, c.unsigned_abs())
}

/// Appends `abs` cents as `1234.56`, or `1,234.56` when `grouped`.
fn push_cents(out: &mut String, abs: u128, grouped: bool) {
    push_digits(out, abs / 100, grouped);
    let frac = (abs % 100) as u8;
    out.push('.');
    out.push(char::from(b'0' + frac / 10));
    out.push(char::from(b'0' + frac % 10));
}

/// Appends `n` in decimal digits, with a comma between thousands when `grouped`.
fn push_digits(out: &mut String, n: u128, grouped: bool) {
    // Written from the right into a buffer (a u128 has at most 39 digits, plus 12 commas);
    // 64-bit arithmetic whenever the number allows, as it nearly always does.
    let mut buf = [0u8; 64];
    let mut at = buf.len();
    let mut digits = 0;
    let mut put = |d: u8| {
        if grouped && digits > 0 && digits % 3 == 0 {
            at -= 1;
            buf[at] = b',';
        }
        at -= 1;
        buf[at] = b'0' + d;
        digits += 1;
    };
    match u64::try_from(n) {
        Ok(mut n) => loop {
            put((n % 10) as u8);
            n /= 10;
            if n == 0 {
                break;
            }
        },
        Err(_) => {
            let mut n = n;
            loop {
                put((n % 10) as u8);
                n /= 10;
                if n == 0 {
                    break;
                }
            }
        }
    }
    // Only ASCII digits and commas were written.
    out.push_str(std::str::from_utf8(&buf[at..]).unwrap_or_default());
}

/// People form of money: `$103,960.00`, or `-$1,250.50`.
pub fn money(value: Decimal) -> String {
    // Integer formatting of the cents: reports print this for every CSM, and going through
    // `Decimal`'s formatter and two `format!`s cost most of a 10,000-row table.
    let (c, abs) = cents_int(value);
    let mut out = String::with_capacity(24);
    if c < 0 {
        out.push('-');
    }
    out.push('$');
    push_cents(&mut out, abs, true);
    out
}

/// What an amount in `currency` is written with: `None` for the dollars (`$`, as
/// [`money`] writes), the symbol for euros, pounds, yen and yuan, else the code and a
/// blank (`CHF `). Each reads back as the plan's currency.
fn money_prefix(currency: Currency) -> Option<String> {
    if currency.is_dollar() {
        return None;
    }
    let symbol = SYMBOLS
        .iter()
        .find(|(_, _, codes)| codes.contains(&currency.code()))
        .map(|(c, _, _)| c.to_string());
    Some(symbol.unwrap_or_else(|| format!("{currency} ")))
}

/// `text` (a [`money`]-style figure starting `$` or `-$`) with the `$` replaced by
/// `currency`'s prefix; unchanged for the dollars.
fn in_currency(text: String, currency: Currency) -> String {
    let Some(prefix) = money_prefix(currency) else {
        return text;
    };
    match text.strip_prefix("-$") {
        Some(rest) => format!("-{prefix}{rest}"),
        None => format!("{prefix}{}", text.strip_prefix('$').unwrap_or(&text)),
    }
}

/// [`money`] for a plan that pays in `currency`: `$103,960.00` for the dollars (as
/// [`money`]), `€103,960.00`, `-£1,250.50`, `CHF 103,960.00`.
pub fn money_in(value: Decimal, currency: Currency) -> String {
    in_currency(money(value), currency)
}

/// [`money_whole`] for a plan that pays in `currency` (see [`money_in`]).
pub fn money_whole_in(value: Decimal, currency: Currency) -> String {
    in_currency(money_whole(value), currency)
}

/// A count with thousands separators: `4,000,000`.
pub fn count(n: u64) -> String {
    let mut out = String::with_capacity(26);
    push_digits(&mut out, u128::from(n), true);
    out
}

/// People form of money rounded to whole dollars: `$103,960`.
pub fn money_whole(value: Decimal) -> String {
    // Rounded to no decimals, the value is a whole number of dollars.
    let v = value.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let n = v.mantissa() / 10i128.pow(v.scale());
    let mut out = String::with_capacity(20);
    if n < 0 {
        out.push('-');
    }
    out.push('$');
    push_digits(&mut out, n.unsigned_abs(), true);
    out
}

/// Money in three significant figures for chart axes: `$1.57M`, `$852k`, `$1.13B`.
pub fn money_short(value: Decimal) -> String {
    let sign = if value.is_sign_negative() && !value.is_zero() {
        "-"
    } else {
        ""
    };
    let v = value.abs();
    let (div, suffix) = if v >= Decimal::from(1_000_000_000) {
        (Decimal::from(1_000_000_000), "B")
    } else if v >= Decimal::from(1_000_000) {
        (Decimal::from(1_000_000), "M")
    } else if v >= Decimal::from(1_000) {
        (Decimal::from(1_000), "k")
    } else {
        return format!("{sign}{}", money_whole(v));
    };
    let scaled = v / div;
    let dp = if scaled >= Decimal::from(100) {
        0
    } else if scaled >= Decimal::TEN {
        1
    } else {
        2
    };
    let r = scaled.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    format!("{sign}${}{suffix}", r.normalize())
}

/// Signed money for changes: `+$1,200`, `-$350`, `$0`.
pub fn money_delta(value: Decimal) -> String {
    let v = value.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    if v.is_zero() {
        "$0".into()
    } else if v.is_sign_positive() {
        format!("+{}", money_whole(v))
    } else {
        money_whole(v)
    }
}

/// A fraction as a percentage with `dp` decimals: `pct(0.2045, 1)` → `20.5%`.
pub fn pct(fraction: Decimal, dp: u32) -> String {
    let v = (fraction * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    format!("{v:.prec$}%", prec = dp as usize)
}

/// A fraction as the shortest exact percentage: 0.125 → `12.5%`, 0.2 → `20%`.
pub fn pct_exact(fraction: Decimal) -> String {
    let v = (fraction * Decimal::ONE_HUNDRED).normalize();
    format!("{v}%")
}

/// Signed percentage change: `+4.5%`, `-1.0%`.
pub fn pct_delta(fraction: Decimal, dp: u32) -> String {
    let s = pct(fraction, dp);
    if fraction.is_sign_positive() && !s.trim_start_matches(['0', '.', '%']).is_empty() {
        format!("+{s}")
    } else {
        s
    }
}

/// A plain decimal with trailing zeros removed (`1.50` → `1.5`).
pub fn plain(value: Decimal) -> String {
    value.normalize().to_string()
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
pub mod serde_dec {
    use super::*;
    use serde::de::{self, Deserializer, Visitor};
    use serde::ser::Serializer;

    struct DecVisitor;

    impl Visitor<'_> for DecVisitor {
        type Value = Decimal;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number, e.g. \"1234.56\" or \"20%\"")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            parse_decimal_in(v, reading()).map_err(|e| E::custom(e.0))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }

        fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
            Decimal::try_from_i128_with_scale(v, 0)
                .map_err(|_| E::custom(format!("{v} is too large")))
        }

        fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
            i128::try_from(v)
                .ok()
                .and_then(|v| Decimal::try_from_i128_with_scale(v, 0).ok())
                .ok_or_else(|| E::custom(format!("{v} is too large")))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
            if !v.is_finite() {
                return Err(E::custom(format!("{v} is not a number we accept")));
            }
            // Rust prints the shortest text that reads back as the same float.
            let shortest = format!("{v}");
            let digits = shortest
                .trim_start_matches('-')
                .chars()
                .filter(|c| c.is_ascii_digit())
                .collect::<String>();
            let significant = digits.trim_start_matches('0').trim_end_matches('0').len();
            if significant > 15 || shortest.contains('e') {
                return Err(E::custom(format!(
                    "the bare number {shortest} cannot be read exactly; write it in quotes, \
                     e.g. \"12345678901234.56789\""
                )));
            }
            parse_decimal(&shortest).map_err(|e| E::custom(e.0))
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(DecVisitor)
    }

    /// Plain decimals (factors, counts, metric values): `"1.5"`.
    pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&plain(*v))
    }

    /// Money: rounded to cents, trailing zeros dropped (`"98325.5"` stays exact, `"98325"`).
    /// A percentage is refused (`ote: "50%"` is a mistake, not fifty cents).
    pub mod money {
        use super::*;

        struct MoneyVisitor;

        impl Visitor<'_> for MoneyVisitor {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an amount of money, e.g. \"120000\" or \"$120,000\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
                parse_money_in(v, reading()).map_err(|e| E::custom(e.0))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
                DecVisitor.visit_i64(v)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
                DecVisitor.visit_u64(v)
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
                DecVisitor.visit_i128(v)
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
                DecVisitor.visit_u128(v)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
                let d = DecVisitor.visit_f64(v)?;
                whole_cents(&format!("{v}"), d).map_err(|e| E::custom(e.0))
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
            d.deserialize_any(MoneyVisitor)
        }

        pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&plain(cents(*v)))
        }
    }

    /// Rates and shares written as percentages: `"20%"`, `"12.5%"`.
    pub mod pct {
        use super::*;

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
            d.deserialize_any(PctVisitor)
        }

        pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&pct_exact(*v))
        }
    }

    /// A percentage field: as [`DecVisitor`], with a bare number above
    /// [`BARE_PERCENT_LIMIT`] refused as a likely missing `%` (see [`parse_pct`]).
    struct PctVisitor;

    fn bare_pct<E: de::Error>(text: &str, v: Decimal) -> Result<Decimal, E> {
        match bare_percent_slip(text, v, BARE_PERCENT_LIMIT) {
            Some(e) => Err(E::custom(e.0)),
            None => Ok(v),
        }
    }

    impl Visitor<'_> for PctVisitor {
        type Value = Decimal;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a percentage, e.g. \"20%\" or \"0.2\"")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            parse_pct(v, BARE_PERCENT_LIMIT).map_err(|e| E::custom(e.0))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
            bare_pct(&v.to_string(), DecVisitor.visit_i64(v)?)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
            bare_pct(&v.to_string(), DecVisitor.visit_u64(v)?)
        }
        fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
            bare_pct(&v.to_string(), DecVisitor.visit_i128(v)?)
        }
        fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
            bare_pct(&v.to_string(), DecVisitor.visit_u128(v)?)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
            bare_pct(&format!("{v}"), DecVisitor.visit_f64(v)?)
        }
    }

    struct OptVisitor;

    impl<'de> Visitor<'de> for OptVisitor {
        type Value = Option<Decimal>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number such as \"150%\", or None")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(PctVisitor).map(Some)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            PctVisitor.visit_str(v).map(Some)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            PctVisitor.visit_i64(v).map(Some)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            PctVisitor.visit_u64(v).map(Some)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            PctVisitor.visit_f64(v).map(Some)
        }
    }

    /// An optional percentage: written as `"150%"` or left out; read from a string,
    /// `Some("150%")` or `None`.
    pub mod opt_pct {
        use super::*;
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
            d.deserialize_any(OptVisitor)
        }
        pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
            match v {
                Some(v) => s.serialize_str(&pct_exact(*v)),
                None => s.serialize_none(),
            }
        }
    }

    /// An optional currency, written as its code (`currency: "EUR"`) or left out.
    pub mod opt_currency {
        use super::*;
        pub fn serialize<S: Serializer>(v: &Option<Currency>, s: S) -> Result<S::Ok, S::Error> {
            match v {
                Some(c) => s.serialize_str(c.code()),
                None => s.serialize_none(),
            }
        }
    }

    /// A map from ids to event counts, refusing an id given twice.
    pub fn unique_counts<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<std::collections::BTreeMap<String, u32>, D::Error> {
        unique_map(d, "a map such as {\"c-level\": 2}")
    }

    /// A map from ids to any value, refusing an id given twice (a map read by serde's
    /// default keeps the last of two silently).
    pub fn unique_map<'de, D, V>(
        d: D,
        expecting: &'static str,
    ) -> Result<std::collections::BTreeMap<String, V>, D::Error>
    where
        D: Deserializer<'de>,
        V: serde::Deserialize<'de>,
    {
        use serde::de::MapAccess;
        struct UniqueVisitor<V>(&'static str, std::marker::PhantomData<V>);
        impl<'de, V: serde::Deserialize<'de>> Visitor<'de> for UniqueVisitor<V> {
            type Value = std::collections::BTreeMap<String, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(self.0)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                let mut out = std::collections::BTreeMap::new();
                while let Some((k, v)) = a.next_entry::<String, V>()? {
                    match out.entry(k) {
                        std::collections::btree_map::Entry::Vacant(e) => {
                            e.insert(v);
                        }
                        std::collections::btree_map::Entry::Occupied(e) => {
                            return Err(de::Error::custom(format!("`{}` is given twice", e.key())));
                        }
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(UniqueVisitor::<V>(expecting, std::marker::PhantomData))
    }

    /// A CSM's results by period, refusing a period given twice.
    pub fn unique_periods<'de, D: Deserializer<'de>, V: serde::Deserialize<'de>>(
        d: D,
    ) -> Result<std::collections::BTreeMap<String, V>, D::Error> {
        unique_map(
            d,
            "a map such as {\"Q1\": (actuals: {\"activities\": \"0.82\"})}",
        )
    }

    /// A map from ids to percentages (per-period weights): `{"Q1": "25%"}`.
    pub mod pct_map {
        use super::*;
        use serde::ser::SerializeMap;
        use std::collections::BTreeMap;

        #[derive(serde::Deserialize)]
        #[serde(transparent)]
        struct Wrapped(#[serde(with = "super::pct")] Decimal);

        impl From<Wrapped> for Decimal {
            fn from(w: Wrapped) -> Decimal {
                w.0
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<BTreeMap<String, Decimal>, D::Error> {
            super::map::unique::<D, Wrapped>(d, "a map such as {\"Q1\": \"25%\"}")
        }

        pub fn serialize<S: Serializer>(
            v: &BTreeMap<String, Decimal>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(v.len()))?;
            for (k, d) in v {
                m.serialize_entry(k, &pct_exact(*d))?;
            }
            m.end()
        }
    }

    /// A map from ids to plain decimals.
    pub mod map {
        use super::*;
        use serde::de::MapAccess;
        use serde::ser::SerializeMap;
        use std::collections::BTreeMap;

        #[derive(serde::Deserialize)]
        #[serde(transparent)]
        struct Wrapped(#[serde(with = "super")] Decimal);

        impl From<Wrapped> for Decimal {
            fn from(w: Wrapped) -> Decimal {
                w.0
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<BTreeMap<String, Decimal>, D::Error> {
            unique::<D, Wrapped>(d, "a map such as {\"grr\": \"0.927\"}")
        }

        /// A map from ids to decimals read as `W`, refusing an id given twice.
        pub(in crate::num) fn unique<'de, D, W>(
            d: D,
            expecting: &'static str,
        ) -> Result<BTreeMap<String, Decimal>, D::Error>
        where
            D: Deserializer<'de>,
            W: serde::Deserialize<'de> + Into<Decimal>,
        {
            struct MapVisitor<W>(&'static str, std::marker::PhantomData<W>);
            impl<'de, W: serde::Deserialize<'de> + Into<Decimal>> Visitor<'de> for MapVisitor<W> {
                type Value = BTreeMap<String, Decimal>;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str(self.0)
                }
                fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                    let mut out = BTreeMap::new();
                    while let Some((k, v)) = a.next_entry::<String, W>()? {
                        match out.entry(k) {
                            std::collections::btree_map::Entry::Vacant(e) => {
                                e.insert(v.into());
                            }
                            std::collections::btree_map::Entry::Occupied(e) => {
                                return Err(de::Error::custom(format!(
                                    "`{}` is given twice",
                                    e.key()
                                )));
                            }
                        }
                    }
                    Ok(out)
                }
            }
            d.deserialize_map(MapVisitor::<W>(expecting, std::marker::PhantomData))
        }

        pub fn serialize<S: Serializer>(
            v: &BTreeMap<String, Decimal>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(v.len()))?;
            for (k, d) in v {
                m.serialize_entry(k, &plain(*d))?;
            }
            m.end()
        }
    }
}

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
mod tests {
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
            serde_dec::money::deserialize(serde::de::value::StrDeserializer::<
                serde::de::value::Error,
            >::new(text))
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
}
