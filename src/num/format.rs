//! Money and rates as people and machines read them: to the cent, whole dollars, short
//! (`$1.6M`), signed changes, percentages, plain decimals.

use super::*;

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
    let mut out = String::with_capacity(24);
    push_money_plain(&mut out, value);
    out
}

/// Appends [`money_plain`]`(value)` to `out`.
pub fn push_money_plain(out: &mut String, value: Decimal) {
    let (c, abs) = cents_int(value);
    if c < 0 {
        out.push('-');
    }
    push_cents(out, abs, false);
}

/// `value` rounded to the cent, in cents (and its magnitude).
pub(super) fn cents_int(value: Decimal) -> (i128, u128) {
    let v = cents(value);
    // After `cents` the scale is at most 2, so this is the amount in cents, exactly.
    let c = v.mantissa() * 10i128.pow(2 - v.scale().min(2));
    (c, c.unsigned_abs())
}

/// Appends `abs` cents as `1234.56`, or `1,234.56` when `grouped`.
pub(super) fn push_cents(out: &mut String, abs: u128, grouped: bool) {
    push_digits(out, abs / 100, grouped);
    let frac = (abs % 100) as u8;
    out.push('.');
    out.push(char::from(b'0' + frac / 10));
    out.push(char::from(b'0' + frac % 10));
}

/// Appends `n` in decimal digits, with a comma between thousands when `grouped`.
pub(super) fn push_digits(out: &mut String, n: u128, grouped: bool) {
    let mut buf = [0u8; 64];
    let at = write_digits(&mut buf, n, grouped);
    // Only ASCII digits and commas were written.
    push_ascii(out, &buf[at..]);
}

/// Writes `n` in decimal digits at the end of `buf`, with a comma between thousands when
/// `grouped`, and gives where they start. A u128 has at most 39 digits, plus 12 commas;
/// 64-bit arithmetic whenever the number allows, as it nearly always does.
fn write_digits(buf: &mut [u8; 64], n: u128, grouped: bool) -> usize {
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
    at
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
pub(super) fn money_prefix(currency: Currency) -> Option<String> {
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
pub(super) fn in_currency(text: String, currency: Currency) -> String {
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
    let mut out = String::with_capacity(24);
    push_plain(&mut out, value);
    out
}

/// Appends [`plain`]`(value)` to `out`: the digits of the mantissa with the point set by
/// the scale, as `Decimal`'s own `Display` writes a normalised value.
pub fn push_plain(out: &mut String, value: Decimal) {
    let m = value.mantissa();
    if m == 0 {
        out.push('0');
        return;
    }
    if m < 0 {
        out.push('-');
    }
    // The digits of the mantissa; trailing zeros of the fraction are dropped as
    // `normalize` drops them.
    let mut buf = [0u8; 64];
    let at = write_digits(&mut buf, m.unsigned_abs(), false);
    let mut end = buf.len();
    let mut scale = value.scale() as usize;
    while scale > 0 && buf[end - 1] == b'0' {
        end -= 1;
        scale -= 1;
    }
    let digits = &buf[at..end];
    let n = digits.len();
    if scale == 0 {
        push_ascii(out, digits);
    } else if n > scale {
        push_ascii(out, &digits[..n - scale]);
        out.push('.');
        push_ascii(out, &digits[n - scale..]);
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', scale - n));
        push_ascii(out, digits);
    }
}

/// Appends ASCII bytes (digits, commas) as text.
fn push_ascii(out: &mut String, bytes: &[u8]) {
    out.extend(bytes.iter().map(|&b| char::from(b)));
}

/// `value` rounded to `dp` decimals, half away from zero: `round_dp_with_strategy` with
/// `MidpointAwayFromZero`, in integers.
pub fn round_half_away(value: Decimal, dp: u32) -> Decimal {
    let scale = value.scale();
    if scale <= dp {
        return value;
    }
    let m = value.mantissa();
    let p = 10i128.pow(scale - dp);
    let (q, r) = (m / p, m % p);
    let q = if r.abs() * 2 >= p { q + m.signum() } else { q };
    Decimal::from_i128_with_scale(q, dp)
}
