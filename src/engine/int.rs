//! Exact integer arithmetic on decimals: a decimal `x` held at exponent `e` is the integer
//! `x × 10^e`. Used by the fast evaluation ([`super::fast`]) and the cost-curve sweep
//! ([`super::sweep`]), which choose exponents so that nothing is ever rounded except a
//! payout to the cent, and fall back to the decimal engine when a number does not fit.
//!
//! Owns: nothing but arithmetic. Must not: do I/O.

use rust_decimal::Decimal;

/// 10^0 ..= 10^38, every power of ten an i128 holds.
pub(crate) const POW10: [i128; 39] = {
    let mut t = [1i128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// 10^e, when an i128 holds it.
pub(crate) fn pow10(e: u32) -> Option<i128> {
    POW10.get(e as usize).copied()
}

/// `x × 10^e` as an integer; `None` when it would not be exact or would not fit.
pub(crate) fn int_at(x: Decimal, e: u32) -> Option<i128> {
    let (m, s) = if x.scale() > e {
        let n = x.normalize();
        (n.mantissa(), n.scale())
    } else {
        (x.mantissa(), x.scale())
    };
    if s > e {
        return None;
    }
    m.checked_mul(pow10(e - s)?)
}

/// The integer types the hot loops run in: `i64` when every magnitude allows (its
/// multiplication and division are several times quicker), else `i128`.
pub(crate) trait Int:
    Copy
    + Ord
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::Rem<Output = Self>
    + std::ops::Neg<Output = Self>
    + std::ops::AddAssign
    + TryFrom<i128>
    + Into<i128>
{
    const ZERO: Self;
    const ONE: Self;
    const TWO: Self;
    /// Magnitudes below this keep every sum and product of a hot loop inside the type
    /// (with room for `2 × num + den` when rounding).
    const BOUND: i128;

    fn from_i128(v: i128) -> Option<Self> {
        Self::try_from(v).ok()
    }

    fn from_i64(v: i64) -> Self;
}

macro_rules! int {
    ($t:ty, $bound:expr) => {
        impl Int for $t {
            const ZERO: Self = 0;
            const ONE: Self = 1;
            const TWO: Self = 2;
            const BOUND: i128 = $bound;

            fn from_i64(v: i64) -> Self {
                <$t>::from(v)
            }
        }
    };
}

int!(i64, 1 << 60);
int!(i128, 1 << 124);

/// Rounds `num / den` (`den > 0`) to the nearest integer, half away from zero, as
/// [`crate::num::cents`] does. `|num|` and `den` are below `T::BOUND`, so `2 × |num| + den`
/// does not overflow.
#[inline]
pub(crate) fn round_div<T: Int>(num: T, den: T) -> T {
    if num >= T::ZERO {
        (T::TWO * num + den) / (T::TWO * den)
    } else {
        -((T::TWO * -num + den) / (T::TWO * den))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_div(5i64, 10), 1);
        assert_eq!(round_div(4i64, 10), 0);
        assert_eq!(round_div(-5i64, 10), -1);
        assert_eq!(round_div(-4i64, 10), 0);
        assert_eq!(round_div(15i128, 10), 2);
        assert_eq!(round_div(0i128, 7), 0);
    }

    #[test]
    fn int_at_is_exact_or_nothing() {
        assert_eq!(int_at(dec!(1.25), 2), Some(125));
        assert_eq!(int_at(dec!(1.250), 2), Some(125));
        assert_eq!(int_at(dec!(1.25), 4), Some(12500));
        assert_eq!(int_at(dec!(1.255), 2), None);
        assert_eq!(int_at(dec!(-3), 1), Some(-30));
        assert_eq!(int_at(dec!(1), 39), None);
    }
}
