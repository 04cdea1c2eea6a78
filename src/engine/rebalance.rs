//! Keeping component weights at exactly 100% when one of them moves.

use rust_decimal::Decimal;

/// Weights are kept to 0.01% (four decimals of a fraction).
const WEIGHT_DP: u32 = 4;

/// Sets weight `index` to `wanted` and spreads the difference over the other unlocked
/// weights in proportion to their size, so the total stays exactly 1. Locked weights never
/// move; the moved weight is clamped to what the locked ones leave. Returns the new weights.
pub fn rebalance(
    weights: &[Decimal],
    locked: &[bool],
    index: usize,
    wanted: Decimal,
) -> Vec<Decimal> {
    let mut out = weights.to_vec();
    if index >= out.len() {
        return out;
    }
    let is_locked = |j: usize| locked.get(j).copied().unwrap_or(false);
    let locked_sum: Decimal = (0..out.len())
        .filter(|&j| j != index && is_locked(j))
        .map(|j| out[j])
        .sum();
    let free: Vec<usize> = (0..out.len())
        .filter(|&j| j != index && !is_locked(j))
        .collect();
    let room = (Decimal::ONE - locked_sum).max(Decimal::ZERO);
    if free.is_empty() {
        // Nothing can absorb a change: the weight is whatever the locked ones leave.
        out[index] = room;
        return out;
    }
    let new = wanted.round_dp(WEIGHT_DP).clamp(Decimal::ZERO, room);
    out[index] = new;
    let rest = room - new;
    let free_sum: Decimal = free.iter().map(|&j| weights[j]).sum();
    for &j in &free {
        out[j] = if free_sum.is_zero() {
            rest / Decimal::from(free.len())
        } else {
            rest * weights[j] / free_sum
        }
        .round_dp(WEIGHT_DP);
    }
    // Rounding leaves a residue of a few 0.01%: give it to the largest free weight.
    let total: Decimal = out.iter().sum();
    let residue = Decimal::ONE - total;
    if !residue.is_zero()
        && let Some(&big) = free.iter().max_by_key(|&&j| out[j])
    {
        out[big] = (out[big] + residue).max(Decimal::ZERO);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn others_move_in_proportion() {
        let w = [dec!(0.4), dec!(0.3), dec!(0.3)];
        let out = rebalance(&w, &[false; 3], 0, dec!(0.5));
        assert_eq!(out, vec![dec!(0.5), dec!(0.25), dec!(0.25)]);
        let out = rebalance(&w, &[false; 3], 1, dec!(0.2));
        // 0.8 left for 0.4 and 0.3 in proportion 4:3.
        assert_eq!(out, vec![dec!(0.4571), dec!(0.2), dec!(0.3429)]);
        assert_eq!(out.iter().sum::<Decimal>(), Decimal::ONE);
    }

    #[test]
    fn locked_weights_do_not_move() {
        let w = [dec!(0.4), dec!(0.3), dec!(0.3)];
        let out = rebalance(&w, &[false, true, false], 0, dec!(0.6));
        assert_eq!(out, vec![dec!(0.6), dec!(0.3), dec!(0.1)]);
        // Cannot exceed what the locked weight leaves.
        let out = rebalance(&w, &[false, true, false], 0, dec!(0.9));
        assert_eq!(out, vec![dec!(0.7), dec!(0.3), dec!(0)]);
        // Everything else locked: the weight cannot move.
        let out = rebalance(&w, &[false, true, true], 0, dec!(0.9));
        assert_eq!(out, w.to_vec());
    }

    #[test]
    fn zero_others_share_equally() {
        let w = [dec!(1), dec!(0), dec!(0)];
        let out = rebalance(&w, &[false; 3], 0, dec!(0.4));
        assert_eq!(out, vec![dec!(0.4), dec!(0.3), dec!(0.3)]);
        let out = rebalance(
            &[dec!(1), dec!(0), dec!(0), dec!(0)],
            &[false; 4],
            0,
            dec!(0),
        );
        assert_eq!(out.iter().sum::<Decimal>(), Decimal::ONE);
        assert_eq!(out[0], dec!(0));
    }
}
