//! Believable generated teams of any size, for trying large teams and for benchmarks.
//! Deterministic: the same size always gives the same team.

use super::sample;
use crate::engine::{Csm, IdMap, Scenario};
use rust_decimal::Decimal;

/// A spread in [0, n) that looks irregular but is fixed for a given `i` and `salt`.
fn spread(i: usize, salt: usize, n: usize) -> usize {
    // A multiplicative hash (Knuth) — enough to avoid visible patterns in fake data.
    let x = (i
        .wrapping_mul(2_654_435_761)
        .wrapping_add(salt.wrapping_mul(40_503)))
        >> 7;
    x % n.max(1)
}

/// The sample plan with a generated team of `size` CSMs.
pub fn generate(size: usize) -> Scenario {
    let mut scn = sample();
    scn.name = format!("Generated team of {size}");
    scn.description = "A generated team for trying large teams; the plan is the sample's.".into();
    let levels: [(&str, u32, u32, Option<u32>); 4] = [
        ("CSM I", 72, 86, Some(60_000)),
        ("CSM II", 95, 111, None),
        ("Senior CSM", 120, 136, Some(150_000)),
        ("Principal CSM", 145, 161, Some(200_000)),
    ];
    let first = [
        "Alex", "Priya", "Jordan", "Sofia", "Marcus", "Hannah", "Liam", "Aiko", "Daniel", "Fatima",
        "Noah", "Grace", "Mateo", "Chloe", "Ethan", "Maya", "Omar", "Lena", "Ravi", "Zoe",
    ];
    let last = [
        "Morgan", "Raman", "Lee", "Alvarez", "Chen", "Okafor", "O'Brien", "Tanaka", "Weiss",
        "Haddad", "Kim", "Mensah", "Rossi", "Dubois", "Brooks", "Novak", "Silva", "Berg",
    ];
    scn.team = (0..size)
        .map(|i| {
            // Roughly 40% CSM I, 30% CSM II, 20% Senior, 10% Principal.
            let l = match spread(i, 1, 10) {
                0..=3 => 0,
                4..=6 => 1,
                7..=8 => 2,
                _ => 3,
            };
            let (level, lo, hi, exp_target) = levels[l];
            let ote = Decimal::from((lo + spread(i, 2, (hi - lo) as usize) as u32) * 1000);
            let book = ote * Decimal::from(25 + spread(i, 3, 20) as u32);
            let exp_t = exp_target.unwrap_or(100_000);
            let mut targets = IdMap::new();
            if let Some(t) = exp_target {
                targets.insert("expansion", Decimal::from(t));
            }
            let mut actuals: IdMap<Decimal> = IdMap::new();
            // GRR 84.0%–97.9%, activities 60–99%, expansion 30–169% of target,
            // results 45–94%, churn 1.0–8.9%, NPS 15–64.
            actuals.insert("grr", Decimal::new(840 + spread(i, 4, 140) as i64, 3));
            actuals.insert("activities", Decimal::new(60 + spread(i, 5, 40) as i64, 2));
            actuals.insert(
                "expansion",
                Decimal::from(exp_t / 100 * (30 + spread(i, 6, 140) as u32)),
            );
            actuals.insert("results", Decimal::new(45 + spread(i, 7, 50) as i64, 2));
            actuals.insert("churn", Decimal::new(10 + spread(i, 8, 80) as i64, 3));
            actuals.insert("nps", Decimal::from(15 + spread(i, 9, 50)));
            // Keep only the metrics the plan has.
            actuals.retain(|k, _| scn.plan.component(k).is_some());
            targets.retain(|k, _| scn.plan.component(k).is_some());
            let mut spifs = IdMap::new();
            if let Some(s) = scn.plan.spifs.first() {
                let n = spread(i, 10, 5) as u32;
                if n > 0 {
                    spifs.insert(s.id.clone(), n);
                }
            }
            Csm {
                id: format!("csm-{:05}", i + 1),
                name: format!(
                    "{} {}",
                    first[spread(i, 11, first.len())],
                    last[spread(i, 12, last.len())]
                ),
                level: level.to_string(),
                ote,
                book_arr: book,
                targets,
                actuals,
                spifs,
                start: None,
                end: None,
                periods: Default::default(),
                arr: None,
            }
        })
        .collect();
    scn
}

/// A generated team on four quarters (for benchmarks and tests of plan periods): the
/// sample plan with its key activities, customer results and NPS measured per quarter
/// (targets stepping up after Q1), retention, churn and expansion for the year, actual
/// through Q2, SPIF events by quarter, and one CSM in 50 joining in Q3.
pub fn generate_quarterly(size: usize) -> Scenario {
    use crate::engine::model::{Measure, Period, PeriodValues};
    let mut s = generate(size);
    s.version = 2;
    s.name = format!("Generated team of {size} by quarter");
    let q = ["Q1", "Q2", "Q3", "Q4"];
    s.plan.periods = q
        .iter()
        .map(|id| Period {
            id: id.to_string(),
            name: format!("{id} FY27"),
            length: Decimal::new(25, 2),
            target_share: None,
        })
        .collect();
    s.plan.as_of = Some("Q2".into());
    let per_period: Vec<String> = s
        .plan
        .components
        .iter()
        .filter(|c| !c.kind.is_outcome() && c.unit != crate::engine::model::Unit::Money)
        .map(|c| c.id.clone())
        .collect();
    for c in &mut s.plan.components {
        if per_period.contains(&c.id) {
            c.measured = Measure::Period;
            // Q1's target is 10% easier: targets step up from Q2.
            c.period_targets
                .insert("Q1".into(), (c.target * Decimal::new(9, 1)).normalize());
        }
    }
    for (i, csm) in s.team.iter_mut().enumerate() {
        let joiner = i % 50 == 49;
        if joiner {
            csm.start = Some("Q3".into());
        }
        let spifs = std::mem::take(&mut csm.spifs);
        for (p, id) in q.iter().enumerate() {
            if joiner && p < 2 {
                continue;
            }
            let mut pv = PeriodValues::default();
            for m in &per_period {
                if let Some(a) = csm.actuals.get(m) {
                    // ±3% around the annual figure, by quarter.
                    let wiggle = Decimal::new(97 + ((i + p * 3) % 7) as i64, 2);
                    pv.actuals
                        .insert(m.clone(), (*a * wiggle).round_dp(3).normalize());
                }
            }
            for (sp, n) in &spifs {
                let share = n / 4 + u32::from((*n % 4) as usize > p);
                if share > 0 {
                    pv.spifs.insert(sp.clone(), share);
                }
            }
            csm.periods.insert(id, pv);
        }
        for m in &per_period {
            csm.actuals.remove(m);
            csm.targets.remove(m);
        }
    }
    s
}
