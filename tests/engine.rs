//! The engine's rules with exact figures, and its invariants under random plans.

mod common;

use cscomp_tui::engine::curve::Attainment;
use cscomp_tui::engine::eval::{TeamInputs, split_pay};
use cscomp_tui::engine::*;
use cscomp_tui::num::cents;
use cscomp_tui::scenario::{self, generate::generate, parse, to_ron};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn worked() -> Scenario {
    parse(
        include_str!("../assets/worked-example.ron"),
        "worked-example.ron",
    )
    .unwrap()
}

#[test]
fn worked_example_to_the_cent() {
    let s = worked();
    let r = evaluate(&s);
    let c = &r.csms[0];
    assert_eq!(c.base, dec!(80000));
    assert_eq!(c.target_variable, dec!(20000));
    let payouts: Vec<Decimal> = r.components(0).iter().map(|x| x.payout).collect();
    assert_eq!(payouts, vec![dec!(8360.00), dec!(6000.00), dec!(9600.00)]);
    assert_eq!(c.total, dec!(103960.00));
    assert_eq!(c.downside_pct(), dec!(0.8));
    // Upside at the caps: 80,000 + 8,000×1.5 + 6,000×1.2 + 6,000×2.0.
    assert_eq!(c.upside, Some(dec!(111200)));
}

#[test]
fn bonus_on_top_keeps_the_full_salary() {
    let mut s = worked();
    s.plan.mix.basis = Basis::BonusOnTop;
    let c = &evaluate(&s).csms[0];
    assert_eq!(c.base, dec!(100000));
    assert_eq!(c.target_variable, dec!(20000));
    assert_eq!(c.total, dec!(123960.00));
    assert_eq!(c.downside_pct(), dec!(1));
}

#[test]
fn level_overrides_apply_to_their_level_only() {
    let mut s = worked();
    s.plan.level_mix.insert(
        "CSM II".into(),
        PayMix {
            variable_share: dec!(0.3),
            basis: Basis::OteSplit,
        },
    );
    let (base, tv) = split_pay(&s.plan, &s.team[0]);
    assert_eq!((base, tv), (dec!(70000), dec!(30000)));
    s.team[0].level = "CSM I".into();
    assert_eq!(split_pay(&s.plan, &s.team[0]), (dec!(80000), dec!(20000)));
}

#[test]
fn spif_pays_per_event_up_to_the_limit() {
    let mut s = scenario::sample();
    s.team[0].spifs.insert("c-level", 9);
    assert_eq!(evaluate(&s).csms[0].spif, dec!(2000)); // 500 × min(9, 4)
    s.plan.spifs[0].max_events = None;
    assert_eq!(evaluate(&s).csms[0].spif, dec!(4500));
    assert_eq!(evaluate(&s).csms[0].upside, None);
}

#[test]
fn churn_lower_is_better_pays_exactly() {
    let s = scenario::sample();
    let r = evaluate(&s);
    // csm-01: churn 4% against 5% → a = 2 − 0.8 = 1.2 → capped curve [0: 1.0] → 1.2.
    let churn = s
        .plan
        .components
        .iter()
        .position(|c| c.id == "churn")
        .unwrap();
    let c = &r.components(0)[churn];
    assert_eq!(c.attainment(), dec!(1.2));
    assert_eq!(c.factor(), dec!(1.2));
    // 20,000 × 10% × 1.2 = 2,400.
    assert_eq!(c.payout, dec!(2400.00));
}

#[test]
fn a_missing_projection_is_counted_at_target_and_said_to_be_assumed() {
    let mut s = worked();
    s.team[0].actuals.remove("expansion");
    let c = compute(&s).unwrap();
    // $20,000 target variable × 30% × factor 1.0 at 100%.
    assert_eq!(c.eval.components(0)[2].payout, dec!(6000.00));
    assert_eq!(c.eval.components(0)[2].attainment(), dec!(1));
    assert_eq!(c.eval.csms[0].total, dec!(100360.00));
    assert_eq!(c.eval.assumed, vec![0, 0, 1]);
    assert_eq!(c.eval.assumed_csms, 1);
    assert_eq!(cscomp_tui::engine::assumed_metrics(&s), vec![vec![2]]);
    assert_eq!(c.warnings.len(), 1);
    assert_eq!(c.warnings[0].code, "missing-projection");
    assert_eq!(
        c.warnings[0].message,
        "1 of 1 CSMs have no projection for some metrics (Expansion ARR 1); they are counted at target there. Import actuals or projections to see real pay"
    );
    // The what-if moves an assumed projection like any other: 110% of target.
    let at = cscomp_tui::engine::evaluate_at(&s, dec!(1.1));
    assert_eq!(at.components(0)[2].attainment(), dec!(1.1));
    // The integer path and the decimal reference agree.
    let inputs = cscomp_tui::engine::eval::TeamInputs::new(&s);
    assert_eq!(
        cscomp_tui::engine::evaluate::evaluate_integer(&s, &inputs, dec!(1))
            .map(|e| e.csms[0].total),
        Some(dec!(100360.00))
    );
}

#[test]
fn a_plan_can_count_a_missing_projection_at_zero() {
    let mut s = worked();
    s.team[0].actuals.remove("expansion");
    s.plan.missing_projections = cscomp_tui::engine::MissingProjection::AtZero;
    let c = compute(&s).unwrap();
    assert_eq!(c.eval.components(0)[2].payout, dec!(0));
    assert_eq!(c.eval.csms[0].total, dec!(94360));
    assert_eq!(c.warnings.len(), 1);
    assert_eq!(
        c.warnings[0].message,
        "1 of 1 CSMs have no projection for some metrics (Expansion ARR 1); they are counted at 0% there. Import actuals or projections to see real pay"
    );
    // Saved and read back, the rule stays.
    let text = cscomp_tui::scenario::to_ron(&s);
    assert!(text.contains("missing_projections: AtZero"), "{text}");
    let back = parse(&text, "x.ron").unwrap();
    assert_eq!(
        back.plan.missing_projections,
        cscomp_tui::engine::MissingProjection::AtZero
    );
}

#[test]
fn a_team_with_no_projections_is_priced_at_target_not_at_zero() {
    let mut s = scenario::sample();
    for c in &mut s.team {
        c.actuals.clear();
    }
    let c = compute(&s).unwrap();
    // Every CSM at 100% on every metric: variable pay is the target variable (SPIFs stay
    // as projected).
    for r in &c.eval.csms {
        assert_eq!(
            r.variable, r.target_variable,
            "at target, variable pay is the target variable"
        );
    }
    let w: Vec<&str> = c
        .warnings
        .iter()
        .filter(|w| w.code == "missing-projection")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        w,
        vec![
            "15 CSMs have no projections; they are counted at target. Import actuals or projections to see real pay"
        ]
    );
    assert!(!c.warnings.iter().any(|w| w.code == "threshold-zero"));
}

#[test]
fn guardrails_fire_with_reasons() {
    let mut s = worked();
    s.plan.mix.variable_share = dec!(0.35);
    // Move weight into expansion and remove the cap on its accelerator.
    s.plan.components[0].weight = dec!(0.1);
    s.plan.components[1].weight = dec!(0.3);
    s.plan.components[2].weight = dec!(0.6);
    if let Curve::Tiered { cap, .. } = &mut s.plan.components[2].curve {
        *cap = None;
    }
    let c = compute(&s).unwrap();
    let codes: Vec<&str> = c.warnings.iter().map(|w| w.code).collect();
    assert_eq!(
        codes,
        vec![
            "variable-share",
            "expansion-heavy",
            "uncapped-accelerator",
            "deep-downside"
        ]
    );
    assert_eq!(
        c.warnings[3].message,
        "in the worst case a CSM is paid 65.0% of market OTE; consider paying the market salary with a bonus on top"
    );
    assert!(c.warnings[0].message.starts_with(
        "variable share for the plan is 35%, outside the usual 20–30% of OTE: this much pay at risk reads as a threat"
    ));
    assert!(
        c.warnings[1]
            .message
            .starts_with("expansion carries 60% of the variable pay")
    );
}

#[test]
fn outcome_heavy_and_threshold_warnings() {
    let mut s = worked();
    s.plan.components[0].weight = dec!(0.6);
    s.plan.components[1].weight = dec!(0.2);
    s.plan.components[2].weight = dec!(0.2);
    // A 120% threshold on GRR: the one CSM (103%) is below it.
    if let Curve::Tiered { threshold, .. } = &mut s.plan.components[0].curve {
        *threshold = dec!(1.2);
    }
    let c = compute(&s).unwrap();
    let codes: Vec<&str> = c.warnings.iter().map(|w| w.code).collect();
    assert_eq!(
        codes,
        vec!["outcome-heavy", "threshold-zero", "threshold-at-target"]
    );
    assert_eq!(
        c.warnings[1].message,
        "1 of 1 CSMs are below the 120% threshold of Gross revenue retention and earn nothing on it; a bar most cannot reach stops motivating"
    );
}

#[test]
fn team_totals_and_cost_figures() {
    let s = scenario::sample();
    let c = compute(&s).unwrap();
    let t = &c.eval.team;
    assert_eq!(t.cash, dec!(1566307.04));
    assert_eq!(t.loaded_cost, dec!(1910894.59)); // × 1.22, to the cent
    assert_eq!(t.planned_cost, dec!(1576000.00));
    assert_eq!(t.book_arr, dec!(55850000));
    assert_eq!(t.downside_pct, dec!(0.7));
}

#[test]
fn cost_curve_has_21_points_and_rises() {
    let s = scenario::sample();
    let curve = eval::cost_curve(&s);
    assert_eq!(curve.len(), 21);
    assert_eq!(curve[0].0, dec!(0.5));
    assert_eq!(curve[20].0, dec!(1.5));
    assert_eq!(curve[10].1, evaluate(&s).team.cash);
    assert!(curve.windows(2).all(|w| w[0].1 <= w[1].1));
}

#[test]
fn generated_teams_are_valid_and_stable() {
    let s = generate(1000);
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    assert_eq!(s.team.len(), 1000);
    assert_eq!(s.plan.components.len(), 6);
    assert_eq!(generate(1000), s);
}

#[test]
fn app_written_files_are_byte_stable() {
    for s in [scenario::sample(), worked(), generate(30)] {
        let text = to_ron(&s);
        let back = parse(&text, "mem").unwrap();
        assert_eq!(back, s);
        assert_eq!(to_ron(&back), text);
    }
}

#[test]
fn big_decimals_survive_the_file_exactly() {
    let mut s = worked();
    s.team[0].book_arr = "12345678901.23".parse().unwrap();
    s.team[0]
        .actuals
        .insert("grr", "0.123456789012345678901".parse().unwrap());
    let text = to_ron(&s);
    assert!(text.contains("book_arr: \"12345678901.23\""), "{text}");
    assert!(
        text.contains("\"grr\": \"0.123456789012345678901\""),
        "{text}"
    );
    assert_eq!(parse(&text, "mem").unwrap(), s);
}

// ---- properties -------------------------------------------------------------------------

fn pct_strategy(max_hundredths: i64) -> impl Strategy<Value = Decimal> {
    (0..=max_hundredths).prop_map(|v| Decimal::new(v, 4))
}

fn curve_strategy() -> impl Strategy<Value = Curve> {
    let tiered = (
        pct_strategy(15_000),
        prop::collection::vec((1i64..=5000, 0i64..=400), 1..4),
        prop::option::of(1i64..=400),
        prop::bool::ANY,
    )
        .prop_map(|(threshold, parts, cap, flat)| {
            let mut from = Decimal::ZERO;
            let mut floor = Decimal::ZERO;
            let tiers = parts
                .into_iter()
                .map(|(gap, rate)| {
                    // On flat tiers a higher tier never pays a lower rate.
                    let rate = if flat {
                        floor += Decimal::new(rate, 3);
                        floor
                    } else {
                        Decimal::new(rate, 2)
                    };
                    let t = Tier { from, rate };
                    from += Decimal::new(gap, 4);
                    t
                })
                .collect();
            Curve::Tiered {
                threshold,
                mode: if flat {
                    TierMode::Flat
                } else {
                    TierMode::Marginal
                },
                tiers,
                cap: cap.map(|c| Decimal::new(c, 2)),
            }
        });
    // Points at attainments with up to four decimals of a fraction, paying factors with up
    // to three: slopes such as 1 / 0.15 that no decimal rate writes exactly.
    let points = (
        0i64..=12_000,
        0i64..=800,
        prop::collection::vec((1i64..=6000, 0i64..=900), 1..5),
        prop::bool::ANY,
    )
        .prop_map(|(first, first_pays, parts, extend)| {
            let mut at = Decimal::new(first, 4);
            let mut pays = Decimal::new(first_pays, 3);
            let points: Vec<Point> = parts
                .into_iter()
                .map(|(gap, up)| {
                    let p = Point { at, pays };
                    at += Decimal::new(gap, 4);
                    pays += Decimal::new(up, 3);
                    p
                })
                .collect();
            let above = if extend && points.len() > 1 {
                Beyond::Extend
            } else {
                Beyond::Flat
            };
            Curve::Points { points, above }
        });
    let steps = prop::collection::vec((1i64..=5000, 0i64..=100), 1..4).prop_map(|parts| {
        let mut min = Decimal::ZERO;
        let mut factor = Decimal::ZERO;
        let steps = parts
            .into_iter()
            .map(|(gap, up)| {
                min += Decimal::new(gap, 4);
                factor += Decimal::new(up, 2);
                Step { min, factor }
            })
            .collect();
        Curve::Steps { steps }
    });
    prop_oneof![tiered, steps, points]
}

/// Keeps every actual within [`validate::MAX_ATTAINMENT`] times its target, as validation
/// asks.
fn fit_actuals(s: &mut Scenario) {
    let most = Decimal::from(validate::MAX_ATTAINMENT);
    for csm in &mut s.team {
        for comp in &s.plan.components {
            let target = csm.targets.get(&comp.id).copied().unwrap_or(comp.target);
            if let Some(a) = csm.actuals.get_mut(&comp.id)
                && a.abs() > target * most
            {
                *a = target * most;
            }
        }
    }
}

fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec((curve_strategy(), 1i64..100, 1i64..100_000_000), 1..5),
        prop::collection::vec(
            (
                1i64..30_000_000,
                0i64..10_000_000,
                prop::collection::vec(0i64..3_000_000, 5),
            ),
            0..8,
        ),
        pct_strategy(10_000),
        prop::bool::ANY,
        pct_strategy(20_000),
    )
        .prop_map(|(comps, team, share, bonus, scale)| {
            let n = comps.len();
            let mut s = scenario::sample();
            s.assumptions.attainment_scale = scale;
            s.plan.level_mix.clear();
            s.plan.mix = PayMix {
                variable_share: share,
                basis: if bonus {
                    Basis::BonusOnTop
                } else {
                    Basis::OteSplit
                },
            };
            let weights = common::split_weights(&comps.iter().map(|c| c.1).collect::<Vec<_>>());
            s.plan.components = comps
                .into_iter()
                .enumerate()
                .map(|(i, (curve, _, target))| {
                    let weight = weights[i];
                    Component {
                        measured: Default::default(),
                        period_targets: Default::default(),
                        period_weights: Default::default(),
                        weight_locked: false,
                        gates: Vec::new(),
                        modifier: None,
                        scope: Default::default(),
                        from_arr: None,
                        id: format!("m{i}"),
                        name: format!("Metric {i}"),
                        kind: MetricKind::Activity,
                        weight,
                        direction: if i % 2 == 0 {
                            Direction::HigherIsBetter
                        } else {
                            Direction::LowerIsBetter
                        },
                        unit: Unit::Count,
                        target: Decimal::new(target, 2),
                        curve,
                    }
                })
                .collect();
            s.team = team
                .into_iter()
                .enumerate()
                .map(|(i, (ote, book, actuals))| Csm {
                    start: None,
                    arr: None,
                    end: None,
                    periods: Default::default(),
                    id: format!("c{i}"),
                    name: format!("Person {i}"),
                    level: "L".into(),
                    ote: Decimal::new(ote, 2),
                    book_arr: Decimal::from(book),
                    targets: Default::default(),
                    actuals: actuals
                        .into_iter()
                        .take(n)
                        .enumerate()
                        .map(|(j, a)| (format!("m{j}"), Decimal::new(a, 2)))
                        .collect(),
                    spifs: [("c-level".to_string(), (i % 6) as u32)].into(),
                })
                .collect();
            fit_actuals(&mut s);
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(200)))]

    #[test]
    fn payout_never_falls_as_attainment_rises(
        curve in curve_strategy(),
        a in 0i64..40_000,
        b in 0i64..40_000,
        amount in 0i64..10_000_000,
    ) {
        let (lo, hi) = (a.min(b), a.max(b));
        let amount = Decimal::new(amount, 2);
        let p_lo = curve.pay(amount, Attainment::of(Decimal::new(lo, 4))).exact;
        let p_hi = curve.pay(amount, Attainment::of(Decimal::new(hi, 4))).exact;
        prop_assert!(p_lo <= p_hi, "{p_lo} > {p_hi}");
        if let Some(cap) = curve.max_factor() {
            prop_assert!(cents(p_hi) <= cents(amount * cap));
        }
    }

    #[test]
    fn totals_add_up(s in scenario_strategy()) {
        prop_assert!(validate(&s).is_empty(), "{:?}", validate(&s));
        let r = evaluate(&s);
        let mut base = Decimal::ZERO;
        let mut var = Decimal::ZERO;
        let mut spif = Decimal::ZERO;
        let inputs = TeamInputs::new(&s);
        for (k, x) in r.csms.iter().enumerate() {
            let comps: Decimal = r.components(k).iter().map(|c| c.payout).sum();
            prop_assert_eq!(x.variable, comps);
            prop_assert_eq!(x.total, x.base + comps + x.spif);
            for (comp, cr) in s.plan.components.iter().zip(r.components(k).iter()) {
                if let Some(m) = comp.curve.max_factor() {
                    prop_assert!(cr.payout <= cents(x.target_variable * comp.weight * m));
                }
                prop_assert!(cr.payout >= Decimal::ZERO);
            }
            base += x.base;
            var += x.variable;
            spif += x.spif;
        }
        prop_assert_eq!(r.team.base, base);
        prop_assert_eq!(r.team.variable, var);
        prop_assert_eq!(r.team.spif, spif);
        prop_assert_eq!(r.team.cash, base + var + spif);
        prop_assert_eq!(eval::team_cash_at(&s, &inputs, s.assumptions.attainment_scale), r.team.cash);
    }

    /// The integer evaluation gives exactly what the decimal engine gives, down to what the
    /// reports print, with missing actuals, own targets, level mixes and odd decimals.
    #[test]
    fn the_integer_path_matches_the_decimal_engine(
        s in scenario_strategy(),
        dropped in prop::collection::vec(prop::bool::weighted(0.15), 40),
        own in prop::collection::vec(prop::option::weighted(0.3, (1i64..1_000_000_000, 0u32..7)), 8),
        odd in prop::collection::vec(prop::option::weighted(0.2, (0i64..3_000_000_000, 3u32..9)), 40),
        level_share in pct_strategy(10_000),
        level_bonus in prop::bool::ANY,
        max_events in prop::option::of(0u32..5),
        amount in (0i64..100_000_000, 0u32..3),
        metric in prop::collection::vec(prop::option::weighted(0.3, 0i64..=30_000), 5),
        gates in prop::collection::vec(prop::option::weighted(0.3, (0usize..8, 0i64..=200, prop::bool::ANY)), 8),
        modifier in prop::option::weighted(0.4, (0usize..8, 0i64..=100, 100i64..=200, prop::option::of(0usize..8))),
    ) {
        let mut s = s;
        // One metric may be a modifier (its weight moved to another), on all or one metric.
        let n_comps = s.plan.components.len();
        if let Some((k, lo, hi, only)) = modifier
            && n_comps > 1
        {
            let k = k % n_comps;
            let to = (k + 1) % n_comps;
            let moved = s.plan.components[k].weight;
            s.plan.components[to].weight += moved;
            s.plan.components[k].weight = Decimal::ZERO;
            let metrics = match only {
                Some(o) if o % n_comps != k => vec![s.plan.components[o % n_comps].id.clone()],
                _ => Vec::new(),
            };
            s.plan.components[k].modifier = Some(Modifier {
                min: Decimal::new(lo, 2),
                max: Decimal::new(hi, 2),
                metrics,
            });
            s.plan.components[k].gates.clear();
        }
        // Gates on other metrics at levels around their targets (exactly at it, often).
        let n_comps = s.plan.components.len();
        for (j, g) in gates.iter().enumerate().take(n_comps) {
            if s.plan.components[j].modifier.is_some() {
                continue;
            }
            if let Some((k, pct, least)) = g {
                let other = &s.plan.components[k % n_comps];
                let level = other.target * Decimal::new(*pct, 2);
                let (metric, at) = (other.id.clone(), Some(level));
                s.plan.components[j].gates = vec![Gate {
                    metric,
                    at_least: if *least { at } else { None },
                    at_most: if *least { None } else { at },
                }];
            }
        }
        for (j, m) in metric.iter().enumerate() {
            if let (Some(m), Some(c)) = (m, s.plan.components.get(j)) {
                s.assumptions.attainment_by_metric.insert(c.id.clone(), Decimal::new(*m, 4));
            }
        }
        let ids: Vec<String> = s.plan.components.iter().map(|c| c.id.clone()).collect();
        let mut odd_used = false;
        for (i, csm) in s.team.iter_mut().enumerate() {
            for (j, id) in ids.iter().enumerate() {
                let k = (i * ids.len() + j) % 40;
                if dropped[k] {
                    csm.actuals.remove(id);
                } else if let Some((m, e)) = odd[k] {
                    csm.actuals.insert(id.clone(), Decimal::new(m, e));
                    odd_used = true;
                }
            }
            if let Some((m, e)) = own[i] {
                csm.targets.insert(ids[i % ids.len()].clone(), Decimal::new(m, e));
            }
            if i % 3 == 1 {
                csm.level = "M".into();
            }
        }
        s.plan.level_mix.insert("M".into(), PayMix {
            variable_share: level_share,
            basis: if level_bonus { Basis::BonusOnTop } else { Basis::OteSplit },
        });
        s.plan.spifs[0].max_events = max_events;
        s.plan.spifs[0].amount = Decimal::new(amount.0, amount.1);
        fit_actuals(&mut s);
        prop_assert!(validate(&s).is_empty(), "{:?}", validate(&s));
        let inputs = TeamInputs::new(&s);
        let scale = s.assumptions.attainment_scale;
        let fast = evaluate::evaluate_integer(&s, &inputs, scale);
        // Actuals with up to nine decimals next to large ones can make the decimal engine
        // round where the integer path is exact; the integer path then gives way to it.
        prop_assert!(fast.is_some() || odd_used, "the integer path gave up on an ordinary scenario");
        let slow = eval::evaluate_decimal(&s, &inputs, scale);
        prop_assert_eq!(&evaluate(&s), &slow);
        let Some(fast) = fast else { return Ok(()) };
        prop_assert_eq!(&fast, &slow);
        for format in [cscomp_tui::cli::Format::Json, cscomp_tui::cli::Format::Csv] {
            let show = |eval: &Evaluation| cscomp_tui::cli::render(&s, &Computed { eval: eval.clone(), warnings: Vec::new() }, format);
            prop_assert_eq!(show(&fast), show(&slow));
        }
    }

    #[test]
    fn random_scenarios_round_trip_exactly(s in scenario_strategy()) {
        let text = to_ron(&s);
        let back = parse(&text, "mem").map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &s);
        prop_assert_eq!(to_ron(&back), text);
    }

    #[test]
    fn the_loader_never_panics(text in ".{0,400}") {
        let _ = scenario::parse(&text, "fuzz");
    }

    #[test]
    fn the_loader_never_panics_on_mangled_files(cut in 0usize..3000, junk in "[\\PC]{0,8}") {
        let base = include_str!("../assets/worked-example.ron");
        let cut = cut.min(base.len());
        let cut = (0..=cut).rev().find(|i| base.is_char_boundary(*i)).unwrap_or(0);
        let text = format!("{}{}{}", &base[..cut], junk, &base[cut..]);
        let _ = scenario::parse(&text, "fuzz");
    }
}

#[test]
fn an_empty_team_has_no_downside_warning() {
    let mut s = worked();
    s.plan.mix.variable_share = dec!(0.35);
    s.team.clear();
    let c = compute(&s).unwrap();
    let codes: Vec<&str> = c.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, vec!["variable-share"]);
    assert_eq!(c.eval.team.cash, dec!(0));
}

#[test]
fn a_spif_count_given_twice_or_a_blank_spif_id_is_refused() {
    let text = r#"(version: 1, name: "x", plan: (mix: (variable_share: "20%", basis: OteSplit), components: [(id: "a", name: "A", kind: Activity, weight: "100%", target: "1", curve: Steps(steps: [(min: "0%", factor: "1")]))], spifs: [(id: "s", name: "S", amount: "10")]), team: [(id: "c", name: "C", level: "L", ote: "1000", book_arr: "0", spifs: {"s": 1, "s": 2})])"#;
    let e = parse(text, "dup.ron").unwrap_err().to_string();
    assert!(e.contains("`s` is given twice"), "{e}");
    assert!(e.contains("1 | … \"10\")]), team: [(id: \"c\""), "{e}");
    let blank = text
        .replace("(id: \"s\", name: \"S\"", "(id: \" \", name: \"S\"")
        .replace("{\"s\": 1, \"s\": 2}", "{\" \": 1}");
    let e = parse(&blank, "blank.ron").unwrap_err().to_string();
    assert!(e.contains("plan.spifs[0] ( ): the SPIF has no id"), "{e}");
}

#[test]
fn a_percentage_in_a_money_field_is_refused() {
    let text =
        include_str!("../assets/worked-example.ron").replace("ote: \"100000\"", "ote: \"50%\"");
    let e = parse(&text, "pct.ron").unwrap_err().to_string();
    assert!(
        e.contains("`50%` is a percentage, but this is an amount of money"),
        "{e}"
    );
}

/// The position of the sample plan's expansion component (a dollar metric).
fn expansion(s: &Scenario) -> usize {
    s.plan
        .components
        .iter()
        .position(|c| c.id == "expansion")
        .unwrap_or(0)
}

/// Numbers too large for the integer layout (here an eight-digit actual next to one with
/// twelve decimals in the same column) are evaluated by the decimal engine, with exact
/// inputs.
#[test]
fn numbers_too_large_for_integers_use_the_decimal_engine() {
    let mut s = scenario::sample();
    let j = expansion(&s);
    let id = s.plan.components[j].id.clone();
    s.team[0].targets.remove(&id);
    s.team[0].actuals.insert(id.clone(), dec!(99999999));
    s.team[1].actuals.insert(id.clone(), dec!(0.123456789012));
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    let inputs = TeamInputs::new(&s);
    assert_eq!(inputs.actual(0, j), Some(dec!(99999999)));
    assert_eq!(inputs.actual(1, j), Some(dec!(0.123456789012)));
    let scale = s.assumptions.attainment_scale;
    assert!(evaluate::evaluate_integer(&s, &inputs, scale).is_none());
    let r = evaluate(&s);
    assert_eq!(r, eval::evaluate_decimal(&s, &inputs, scale));
    // Without the outsized value the same team goes through the integer path, and the
    // other CSMs' pay is unchanged.
    let mut t = s.clone();
    t.team[0].actuals.insert(id, dec!(90000));
    let inputs_t = TeamInputs::new(&t);
    let fast = evaluate::evaluate_integer(&t, &inputs_t, scale);
    assert!(fast.is_some());
    if let Some(fast) = fast {
        assert_eq!(fast.csms[1..], r.csms[1..]);
    }
}

/// One component (tiered, 1× from 0, no threshold or cap), weight 100%, target 1, and one
/// CSM with an actual of 1: a base for edge cases.
fn one_component() -> Scenario {
    let mut s = scenario::sample();
    s.plan.components.truncate(1);
    s.plan.level_mix.clear();
    let c = &mut s.plan.components[0];
    c.weight = Decimal::ONE;
    c.direction = Direction::HigherIsBetter;
    c.target = Decimal::ONE;
    c.curve = Curve::Tiered {
        threshold: Decimal::ZERO,
        mode: Default::default(),
        tiers: vec![Tier {
            from: Decimal::ZERO,
            rate: Decimal::ONE,
        }],
        cap: None,
    };
    let id = c.id.clone();
    s.team.truncate(1);
    let m = &mut s.team[0];
    m.targets.clear();
    m.actuals = [(id, Decimal::ONE)].into();
    m.spifs.clear();
    s.assumptions.attainment_scale = Decimal::ONE;
    s
}

/// Found in review: numbers where the decimal engine rounds a product or a quotient that the
/// integer path would keep exact (so a cent could differ), or where the integer path's own
/// arithmetic would overflow. Every one must come out as the decimal engine has it.
#[test]
fn edge_numbers_come_out_as_the_decimal_engine_has_them() {
    let check = |name: &str, s: &Scenario| {
        assert!(validate(s).is_empty(), "{name}: {:?}", validate(s));
        let inputs = TeamInputs::new(s);
        let reference = eval::evaluate_decimal(s, &inputs, s.assumptions.attainment_scale);
        assert_eq!(evaluate(s), reference, "{name}");
        reference
    };
    // The base scenario with this variable share and OTE.
    let paid = |share: Decimal, ote: Decimal| {
        let mut s = one_component();
        s.plan.mix.variable_share = share;
        s.team[0].ote = ote;
        s
    };
    // OTE × share exactly 195,956.695 − 10^-30: the decimal engine rounds the product to
    // 28 digits first, then to the cent.
    let s = paid(dec!(0.1587249243943968119890109891), dec!(1234567.89));
    let r = check("share with 28 decimals", &s);
    assert_eq!(r.csms[0].target_variable, dec!(195956.70));
    // A payout exactly a hair under a half cent after a 28-digit division.
    let mut s = paid(Decimal::ONE, dec!(500000000));
    s.plan.components[0].target = Decimal::new(8656247381085762037, 4);
    let id = s.plan.components[0].id.clone();
    s.team[0]
        .actuals
        .insert(id.clone(), Decimal::new(7496697596753386719, 4));
    check("payout on a half cent", &s);
    // Weights with 28 decimals.
    let mut s = paid(Decimal::ONE, dec!(1234567.89));
    let mut other = s.plan.components[0].clone();
    other.id = "other".into();
    s.plan.components[0].weight = dec!(0.1587249243943968119890109891);
    other.weight = Decimal::ONE - s.plan.components[0].weight;
    s.team[0].actuals.insert("other", Decimal::ONE);
    s.plan.components.push(other);
    check("weights with 28 decimals", &s);
    // OTE × share past 2^126 in integers.
    let s = paid(dec!(0.9000000000000000000000000001), dec!(100000000.00));
    let r = check("share × OTE past 2^126", &s);
    assert_eq!(r.csms[0].target_variable, dec!(90000000.00));
    // A column whose values span 28 decimals: the layout gives way to decimals.
    let mut s = one_component();
    let mut second = s.team[0].clone();
    second.id = "second".into();
    s.team[0].actuals.insert(id.clone(), dec!(900));
    second
        .actuals
        .insert(id, dec!(0.0000000000000000000000000001));
    s.team.push(second);
    check("28 decimals in a column", &s);
}

/// An actual more than 1,000 times its target is a unit mistake; it is refused with the
/// place and the reason rather than computed (it would overflow exact arithmetic).
#[test]
fn an_actual_far_above_its_target_is_refused() {
    let mut s = one_component();
    s.plan.components[0].target = dec!(0.0000000001);
    let id = s.plan.components[0].id.clone();
    s.team[0].actuals.insert(id.clone(), dec!(1000000000000000));
    let found = validate(&s);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, "implausible-actual");
    assert_eq!(found[0].location, format!("team[0] ({})", s.team[0].id));
    assert_eq!(
        found[0].message,
        format!(
            "the actual for `{id}` (1000000000000000) is more than 1000 times its target (0.0000000001); check that both are in the same unit"
        )
    );
    // Exactly 1,000 times is allowed, and so is a CSM's own larger target.
    s.team[0].actuals.insert(id.clone(), dec!(0.0000001));
    assert!(validate(&s).is_empty());
    s.team[0].actuals.insert(id.clone(), dec!(5));
    s.team[0].targets.insert(id.clone(), dec!(1));
    assert!(validate(&s).is_empty());
}

/// After a plan edit, the quick check of the plan's targets against the laid-out team finds
/// an implausible actual exactly when the full validation does.
#[test]
fn the_quick_target_check_agrees_with_full_validation() {
    let s = scenario::sample();
    let inputs = TeamInputs::new(&s);
    let j = expansion(&s);
    for target in ["100000", "1000", "200", "150", "100", "10", "0.5"] {
        let mut t = s.clone();
        t.plan.components[j].target = target.parse().unwrap_or(Decimal::ONE);
        let quick = validate::validate_plan_targets(&t.plan, &t.team, &inputs);
        let full: Vec<_> = validate(&t)
            .into_iter()
            .filter(|f| f.code == "implausible-actual")
            .collect();
        assert_eq!(
            quick.is_empty(),
            full.is_empty(),
            "target {target}: {quick:?} vs {full:?}"
        );
        if let Some(q) = quick.first() {
            // It names the CSM furthest out, one of those the full check lists.
            assert!(full.contains(q), "target {target}: {q:?} not in {full:?}");
        }
    }
}

#[test]
fn curves_that_break_the_promise_of_target_pay_are_warned_about() {
    let mut s = worked();
    // GRR: cap at 90% (target pay unreachable) and a threshold at target.
    if let Curve::Tiered { cap, threshold, .. } = &mut s.plan.components[0].curve {
        *cap = Some(dec!(0.9));
        *threshold = dec!(1.0);
    }
    // Activities: the step at 100% pays only 0.8.
    if let Curve::Steps { steps } = &mut s.plan.components[1].curve {
        steps[1].factor = dec!(0.8);
    }
    let c = compute(&s).unwrap();
    let w: Vec<(&str, &str)> = c
        .warnings
        .iter()
        .filter(|w| {
            [
                "cap-below-target",
                "below-target-pay",
                "threshold-at-target",
            ]
            .contains(&w.code)
        })
        .map(|w| (w.code, w.message.as_str()))
        .collect();
    assert_eq!(
        w,
        vec![
            (
                "cap-below-target",
                "Gross revenue retention pays at most 90% of its target: even a CSM far above target never earns the target variable this metric promises"
            ),
            (
                "threshold-at-target",
                "Gross revenue retention pays nothing below 100% attainment, at or above target: a CSM who just misses target earns nothing on it"
            ),
            (
                "below-target-pay",
                "Key activities: written results strategy pays 80% of its target at 100% attainment: a CSM exactly on target earns less than the target variable"
            ),
        ]
    );
}

#[test]
fn the_team_pay_range_is_the_sum_of_each_csms_worst_case_and_caps() {
    let s = scenario::sample();
    let c = compute(&s).unwrap();
    let (min, max) = c.eval.pay_range();
    let worst: Decimal = c.eval.csms.iter().map(|r| r.worst).sum();
    assert_eq!(min, worst);
    assert_eq!(min, dec!(1202200.00));
    assert_eq!(max, Some(dec!(1780327.00)));
    // One uncapped accelerator makes the maximum unbounded.
    let mut u = s.clone();
    for comp in &mut u.plan.components {
        if let Curve::Tiered { cap, .. } = &mut comp.curve {
            *cap = None;
        }
    }
    assert_eq!(compute(&u).unwrap().eval.pay_range().1, None);
}

#[test]
fn windfall_review_names_who_is_paid_above_the_set_multiple() {
    let mut s = scenario::parse(scenario::QUARTERLY_RON, "quarterly").unwrap();
    let review = |s: &Scenario| -> Vec<Finding> {
        compute(s)
            .unwrap()
            .warnings
            .into_iter()
            .filter(|w| w.code == "windfall-review")
            .collect()
    };
    assert!(review(&s).is_empty(), "no review without the clause");
    // Expansion: 1 + 2 × (attainment − 100%), capped at 2×. Marcus Chen 88,000 / 60,000 =
    // 146.67% → 1.9333; Mateo Rossi 288,000 / 200,000 = 144% → 1.88; Fatima Haddad 136%
    // → 1.72; Alex Morgan 130% → exactly 1.6, which is not above 160%.
    s.plan.review_above = Some(dec!(1.6));
    let r = review(&s);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].location, "plan.components[2] (expansion)");
    assert_eq!(
        r[0].message,
        "3 of 16 CSMs are paid above 160% of their target pay on Expansion ARR; the plan sends these for review before payout: csm-05 (193.3%), csm-10 (172.0%), csm-13 (188.0%)"
    );
    // Lower, more are named, five at most, on every metric that goes above it.
    s.plan.review_above = Some(dec!(1.2));
    let r = review(&s);
    assert_eq!(r.len(), 2);
    assert_eq!(
        r[0].message,
        "9 of 16 CSMs are paid above 120% of their target pay on Logo churn; the plan sends these for review before payout: csm-02 (150.0%), csm-04 (150.0%), csm-06 (130.0%), csm-07 (150.0%), csm-08 (130.0%), and 4 more"
    );
}

fn gate(metric: &str, at_least: Option<Decimal>, at_most: Option<Decimal>) -> Gate {
    Gate {
        metric: metric.into(),
        at_least,
        at_most,
    }
}

#[test]
fn a_gate_pays_only_when_the_other_metric_reaches_its_level() {
    let mut s = scenario::sample();
    let exp = s
        .plan
        .components
        .iter()
        .position(|c| c.id == "expansion")
        .unwrap();
    let ungated = compute(&s).unwrap();
    // By name, in any case: "expansion pays only if GRR ≥ 90%".
    s.plan.components[exp].gates = vec![gate("gross revenue retention", Some(dec!(0.9)), None)];
    let c = compute(&s).unwrap();
    let pay = |c: &Computed, id: &str| {
        let i = s.team.iter().position(|m| m.id == id).unwrap();
        c.eval.components(i)[exp]
    };
    // Jordan Lee: GRR 87% < 90% → nothing; attainment still shown.
    let jordan = pay(&c, "csm-03");
    assert_eq!(jordan.payout, dec!(0));
    assert_eq!(jordan.factor(), dec!(0));
    assert_eq!(jordan.attainment(), pay(&ungated, "csm-03").attainment());
    assert_eq!(pay(&ungated, "csm-03").payout, dec!(1421.33));
    // Liam O'Brien: GRR exactly 90% → the gate opens: 19,400 × 20% × 0.51.
    assert_eq!(pay(&c, "csm-07").payout, dec!(1978.80));
    // The team's cash falls by exactly what the shut gates take away.
    let taken: Decimal = (0..s.team.len())
        .map(|i| ungated.eval.components(i)[exp].payout - c.eval.components(i)[exp].payout)
        .sum();
    assert_eq!(ungated.eval.team.cash - c.eval.team.cash, taken);
    assert!(taken > dec!(0));
    // Pay at 100% checks the gate with GRR at target (90%): open, so planned is unchanged.
    assert_eq!(c.eval.team.planned_cost, ungated.eval.team.planned_cost);
    // A level above the target shuts it at 100% too.
    s.plan.components[exp].gates = vec![gate("grr", Some(dec!(0.95)), None)];
    let high = compute(&s).unwrap();
    assert!(high.eval.team.planned_cost < ungated.eval.team.planned_cost);
    assert!(
        high.warnings.iter().any(|w| w.code == "gate-closed"),
        "{:?}",
        high.warnings
    );
    // The what-if moves the result the gate sees: at 105%, 87% × 1.05 = 91.35% opens it.
    s.plan.components[exp].gates = vec![gate("grr", Some(dec!(0.9)), None)];
    s.assumptions.attainment_scale = dec!(1.05);
    let up = compute(&s).unwrap();
    let i = s.team.iter().position(|m| m.id == "csm-03").unwrap();
    assert!(up.eval.components(i)[exp].payout > dec!(0));
}

#[test]
fn a_churn_gate_shuts_above_its_level_even_past_twice_the_target() {
    // "No variable on outcomes if logo churn is above 10%": churn target 5%, so 12% churn
    // has an attainment of 0 (clamped), and the gate must still see 12%, not 10%.
    let mut s = scenario::sample();
    let results = s
        .plan
        .components
        .iter()
        .position(|c| c.id == "results")
        .unwrap();
    s.plan.components[results].gates = vec![gate("churn", None, Some(dec!(0.10)))];
    s.team[0].actuals.insert("churn", dec!(0.12));
    s.team[1].actuals.insert("churn", dec!(0.10));
    let c = compute(&s).unwrap();
    assert_eq!(c.eval.components(0)[results].payout, dec!(0));
    assert!(
        c.eval.components(1)[results].payout > dec!(0),
        "exactly at the level: open"
    );
}

#[test]
fn gates_are_checked_per_period_and_validated() {
    let mut s = scenario::parse(scenario::QUARTERLY_RON, "quarterly").unwrap();
    // Executive reviews pay in a quarter only when that quarter's activities reached 90%.
    let ebr = s
        .plan
        .components
        .iter()
        .position(|c| c.id == "ebr")
        .unwrap();
    s.plan.components[ebr].gates = vec![gate("activities", Some(dec!(0.9)), None)];
    let c = compute(&s).unwrap();
    let shape = cscomp_tui::engine::shape::Shape::of(&s.plan);
    let slot = |p: usize, comp: usize| {
        shape
            .slots
            .iter()
            .position(|x| x.component == comp && x.period == Some(p))
            .unwrap()
    };
    // Alex Morgan's executive reviews, Q2 to Q4 (they do not count in Q1).
    for p in 1..4 {
        let a = s.team[0].periods[s.plan.periods[p].id.as_str()].actuals["activities"];
        let paid = c.eval.slots(0)[slot(p, ebr)].payout;
        let ungated = compute(&{
            let mut t = s.clone();
            t.plan.components[ebr].gates.clear();
            t
        })
        .unwrap()
        .eval
        .slots(0)[slot(p, ebr)]
        .payout;
        if a >= dec!(0.9) {
            assert_eq!(paid, ungated, "Q{} open at {a}", p + 1);
        } else {
            assert_eq!(paid, dec!(0), "Q{} shut at {a}", p + 1);
        }
    }
    // An annual metric gated by a per-period one, no level, two levels, an unknown metric.
    let mut bad = s.clone();
    let grr = bad
        .plan
        .components
        .iter()
        .position(|c| c.id == "grr")
        .unwrap();
    bad.plan.components[grr].gates = vec![
        gate("activities", Some(dec!(0.9)), None),
        gate("expansion", None, None),
        gate("expansion", Some(dec!(1)), Some(dec!(2))),
        gate("nrr", Some(dec!(1)), None),
    ];
    let found: Vec<(String, String)> = validate(&bad)
        .into_iter()
        .map(|f| (f.code.to_string(), f.message))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "bad-gate".to_string(),
                "gate 1 looks at Key activity: written results strategy, which is measured per period, but Gross revenue retention is paid on the year: gate an annual metric on an annual one".to_string()
            ),
            (
                "bad-gate".to_string(),
                "gate 2 needs exactly one level: `at_least` or `at_most`".to_string()
            ),
            (
                "bad-gate".to_string(),
                "gate 3 needs exactly one level: `at_least` or `at_most`".to_string()
            ),
            (
                "unknown-metric".to_string(),
                "gate 4 looks at `nrr`, which is not a metric of the plan; its metrics are: grr, churn, expansion, activities, ebr".to_string()
            ),
        ]
    );
}

#[test]
fn a_gate_level_is_a_parameter_with_a_path() {
    use cscomp_tui::engine::params::Param;
    let mut s = scenario::sample();
    let exp = s
        .plan
        .components
        .iter()
        .position(|c| c.id == "expansion")
        .unwrap();
    s.plan.components[exp].gates = vec![gate("Gross revenue retention", Some(dec!(0.9)), None)];
    let p = Param::from_path(&s, "expansion.gate.grr").unwrap();
    assert_eq!(p, Param::GateLevel(exp, 0));
    assert_eq!(p.path(&s), "expansion.gate.grr");
    assert_eq!(p.label(&s), "Gate ≥ grr");
    assert_eq!(p.show(&s), "90%");
    assert_eq!(p.parse(&s, "95%"), Ok(Some(dec!(0.95))));
    let before = compute(&s).unwrap().eval.team.cash;
    let inputs = TeamInputs::new(&s);
    p.apply(&mut s, &inputs, Some(dec!(0.95)), &[]).unwrap();
    assert_eq!(s.plan.components[exp].gates[0].at_least, Some(dec!(0.95)));
    assert!(compute(&s).unwrap().eval.team.cash < before);
    // An `at_most` gate keeps its side.
    s.plan.components[exp].gates = vec![gate("churn", None, Some(dec!(0.1)))];
    let p = Param::from_path(&s, "expansion.gate.churn").unwrap();
    assert_eq!(p.label(&s), "Gate ≤ churn");
    p.apply(&mut s, &inputs, Some(dec!(0.08)), &[]).unwrap();
    assert_eq!(
        s.plan.components[exp].gates[0],
        gate("churn", None, Some(dec!(0.08)))
    );
}

/// The sample with Customer NPS as a modifier (0.9×–1.1× on every other metric, by
/// points 75% → 90%, 100% → 100%, 125% → 110%), its 10% moved to outcomes.
fn with_nps_modifier() -> Scenario {
    let mut s = scenario::sample();
    let nps = s
        .plan
        .components
        .iter()
        .position(|c| c.id == "nps")
        .unwrap();
    let results = s
        .plan
        .components
        .iter()
        .position(|c| c.id == "results")
        .unwrap();
    let moved = s.plan.components[nps].weight;
    s.plan.components[results].weight += moved;
    let c = &mut s.plan.components[nps];
    c.weight = dec!(0);
    c.curve = Curve::Points {
        points: vec![
            Point {
                at: dec!(0.75),
                pays: dec!(0.9),
            },
            Point {
                at: dec!(1),
                pays: dec!(1),
            },
            Point {
                at: dec!(1.25),
                pays: dec!(1.1),
            },
        ],
        above: Beyond::Flat,
    };
    c.modifier = Some(Modifier {
        min: dec!(0.9),
        max: dec!(1.1),
        metrics: Vec::new(),
    });
    s
}

#[test]
fn a_modifier_multiplies_the_other_metrics_within_its_bounds() {
    let s = with_nps_modifier();
    let c = compute(&s).unwrap();
    let (grr, nps) = (0, 5);
    assert_eq!(s.plan.components[nps].id, "nps");
    // Alex Morgan: NPS 42 / 40 = 105% → 1 + 0.05 × 0.1 / 0.25 = 1.02; GRR 103% → 1.045;
    // $20,000 × 25% × 1.045 × 1.02 = $5,329.50, rounded once.
    let alex = c.eval.components(0);
    assert_eq!(alex[nps].factor(), dec!(1.02));
    assert_eq!(alex[nps].payout, dec!(0));
    assert_eq!(alex[grr].factor(), dec!(1.0659));
    assert_eq!(alex[grr].payout, dec!(5329.50));
    // Jordan Lee: NPS 28 / 40 = 70%, below the first point (factor 0): the bound, 0.9×.
    let i = s.team.iter().position(|m| m.id == "csm-03").unwrap();
    assert_eq!(c.eval.components(i)[nps].factor(), dec!(0.9));
    // Every payout adds up to the variable, every variable to the team.
    for (k, r) in c.eval.csms.iter().enumerate() {
        let sum: Decimal = c.eval.components(k).iter().map(|x| x.payout).sum();
        assert_eq!(r.variable, sum);
    }
    // At 100% the modifier is 1×: planned pay is the plan's target pay.
    assert_eq!(
        c.eval.team.planned_cost,
        compute(&scenario::sample()).unwrap().eval.team.planned_cost
    );
    // The ceiling takes the upper bound: 1.1 × each metric's most.
    let (_, most) = c.eval.pay_range();
    let (_, most_before) = compute(&scenario::sample()).unwrap().eval.pay_range();
    assert!(most.unwrap() > most_before.unwrap());
    // The cost curve sees it exactly as the engine.
    let inputs = TeamInputs::new(&s);
    for scale in [dec!(0.8), dec!(1), dec!(1.17)] {
        assert_eq!(
            cscomp_tui::engine::sweep::team_cash_curve(&s, &inputs, &[scale])[0],
            eval::team_cash_at(&s, &inputs, scale)
        );
    }
}

#[test]
fn a_modifier_is_validated_and_its_bounds_are_parameters() {
    use cscomp_tui::engine::params::Param;
    let mut s = with_nps_modifier();
    let p = Param::from_path(&s, "nps.modifier.max").unwrap();
    assert_eq!(p, Param::ModifierMax(5));
    let inputs = TeamInputs::new(&s);
    let before = compute(&s).unwrap().eval.team.cash;
    p.apply(&mut s, &inputs, Some(dec!(1.05)), &[]).unwrap();
    assert!(compute(&s).unwrap().eval.team.cash < before);
    let err = Param::from_path(&s, "nps.modifier.min").unwrap().apply(
        &mut s,
        &inputs,
        Some(dec!(1.2)),
        &[],
    );
    assert_eq!(
        err,
        Err("plan.components[5] (nps): the modifier's min 120% is above its max 105%".into())
    );
    let mut bad = with_nps_modifier();
    bad.plan.components[5].weight = dec!(0.1);
    bad.plan.components[4].weight -= dec!(0.1);
    bad.plan.components[5].modifier.as_mut().unwrap().metrics = vec!["csat".into()];
    let found: Vec<String> = validate(&bad).into_iter().map(|f| f.message).collect();
    assert_eq!(
        found,
        vec![
            "Customer NPS is a modifier, so its weight must be 0% (it is 10%): it pays through the metrics it multiplies".to_string(),
            "the modifier multiplies `csat`, which is not a metric of the plan; its metrics are: grr, churn, activities, expansion, results, nps".to_string(),
        ]
    );
}
