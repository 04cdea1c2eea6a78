//! The comparison of plan variants, engine and command line, with exact figures.
//!
//! Every expected figure was computed independently of the Rust engine by
//! `tests/fixtures/compare/expected.py` (the pay rules of docs/calculation.md re-implemented with
//! Python's exact fractions, cents rounded half away from zero; run it to see the numbers),
//! and the ones marked "by hand" were also worked out on paper as the comments show.

use cscomp_tui::analysis::compare::{Becomes, Comparison, Crossing, Move, compare};
use cscomp_tui::engine::Scenario;
use cscomp_tui::scenario::{load, sample};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::Path;

fn fixture(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    load(&path).unwrap()
}

fn curve_at(cmp: &Comparison, k: usize, scale: Decimal) -> Decimal {
    let p = cmp.curve.scales.iter().position(|s| *s == scale).unwrap();
    cmp.curve.cash[k].as_ref().unwrap()[p]
}

fn row<'a>(cmp: &'a Comparison, id: &str) -> &'a cscomp_tui::analysis::compare::CsmRow {
    cmp.rows.iter().find(|r| r.id == id).unwrap()
}

#[test]
fn sample_80_20_against_70_30() {
    let cmp = compare(
        &[sample(), fixture("tests/fixtures/compare/70-30.ron")],
        None,
    );
    let base = cmp.variants[0].figures.as_ref().unwrap();
    assert_eq!(base.cash, dec!(1566307.04));
    assert_eq!(base.loaded_cost, dec!(1910894.59));
    assert!(base.versus.is_none());
    let f = cmp.variants[1].figures.as_ref().unwrap();
    // CSM I and II move to 70/30 (Senior 25% and Principal 30% keep theirs): the base falls
    // from $1,202,200 to $1,113,700, variable rises from $352,107.04 to $438,785.60.
    assert_eq!(f.base, dec!(1113700.00));
    assert_eq!(f.variable, dec!(438785.60));
    assert_eq!(f.spif, dec!(12000));
    assert_eq!(f.cash, dec!(1564485.60));
    // 1,564,485.60 × 1.22 = 1,908,672.432 → 1,908,672.43.
    assert_eq!(f.loaded_cost, dec!(1908672.43));
    // At exactly 100% an OTE split pays OTE: the planned cost does not move.
    assert_eq!(f.planned_cost, dec!(1576000.00));
    assert_eq!(f.downside_pct, dec!(0.7));
    let vs = f.versus.as_ref().unwrap();
    assert_eq!(vs.cash_change, dec!(-1821.44));
    assert_eq!(vs.planned_cost_change, dec!(0));
    assert_eq!((vs.matched, vs.gain, vs.lose, vs.same), (15, 4, 6, 5));
    assert_eq!((vs.added, vs.removed), (0, 0));
    // csm-01 by hand: baseline tv 20,000: GRR 5,000 × 1.045 = 5,225; churn 2 − 0.04/0.05 =
    // 1.2 → 2,400; activities 4,000; expansion 4,000 × 1.6 = 6,400; results 3,000 ×
    // (1 + 0.02/0.7 × 1.5) = 3,128.571… → 3,128.57; NPS 2,000; SPIF 500; + base 80,000 =
    // 103,653.57. At 70/30 (tv 30,000, base 70,000) every payout is 1.5×: 7,837.50 + 3,600 +
    // 6,000 + 9,600 + 4,692.86 + 3,000 + 500 + 70,000 = 105,230.36: +1,576.79.
    let r = row(&cmp, "csm-01");
    assert_eq!(r.cells[0].as_ref().unwrap().total, dec!(103653.57));
    let c = r.cells[1].as_ref().unwrap();
    assert_eq!(c.total, dec!(105230.36));
    assert_eq!(c.change, Some(dec!(1576.79)));
    assert_eq!(
        vs.biggest_gain,
        Some(Move {
            id: "csm-01".into(),
            name: "Alex Morgan".into(),
            change: dec!(1576.79),
            change_pct: Some(dec!(1576.79) / dec!(103653.57)),
        })
    );
    let loss = vs.biggest_loss.as_ref().unwrap();
    assert_eq!((loss.id.as_str(), loss.change), ("csm-02", dec!(-2083.59)));
    // Seniors and principals keep their mix: unchanged.
    assert_eq!(
        row(&cmp, "csm-13").cells[1].as_ref().unwrap().change,
        Some(dec!(0))
    );
    assert_eq!(
        cmp.variants[1].plan_changes,
        vec!["variable share 20% → 30%"]
    );
    assert!(vs.warnings_new.is_empty() && vs.warnings_gone.is_empty());
    // More variable pay: cheaper when the team under-performs, dearer when it over-performs.
    assert_eq!(curve_at(&cmp, 0, dec!(0.5)), dec!(1310675.31));
    assert_eq!(curve_at(&cmp, 1, dec!(0.5)), dec!(1250005.69));
    assert_eq!(curve_at(&cmp, 0, dec!(1)), dec!(1566307.04));
    assert_eq!(curve_at(&cmp, 1, dec!(1)), dec!(1564485.60));
    assert_eq!(curve_at(&cmp, 0, dec!(1.5)), dec!(1708507.77));
    assert_eq!(curve_at(&cmp, 1, dec!(1.5)), dec!(1742510.56));
    assert_eq!(curve_at(&cmp, 1, dec!(1.05)), dec!(1592541.24));
    assert_eq!(
        cmp.curve.crossings,
        vec![Crossing {
            variant: 1,
            from: dec!(1),
            to: dec!(1.05),
            becomes: Becomes::Dearer
        }]
    );
}

#[test]
fn weight_moved_from_grr_to_key_activities() {
    let cmp = compare(
        &[
            sample(),
            fixture("tests/fixtures/compare/activities-weight.ron"),
        ],
        None,
    );
    let f = cmp.variants[1].figures.as_ref().unwrap();
    assert_eq!(f.cash, dec!(1562999.68));
    assert_eq!(f.loaded_cost, dec!(1906859.61));
    let vs = f.versus.as_ref().unwrap();
    assert_eq!(vs.cash_change, dec!(-3307.36));
    assert_eq!((vs.gain, vs.lose, vs.same), (9, 6, 0));
    let g = vs.biggest_gain.as_ref().unwrap();
    assert_eq!(
        (g.id.as_str(), g.name.as_str(), g.change),
        ("csm-14", "Chloe Dubois", dec!(788.40))
    );
    let l = vs.biggest_loss.as_ref().unwrap();
    assert_eq!(
        (l.id.as_str(), l.name.as_str(), l.change),
        ("csm-13", "Mateo Rossi", dec!(-2221.67))
    );
    // csm-01 by hand: GRR 20,000 × 15% × 1.045 = 3,135 (was 5,225); activities 20,000 ×
    // 30% × 1.0 = 6,000 (was 4,000): 103,653.57 − 2,090 + 2,000 = 103,563.57.
    assert_eq!(
        row(&cmp, "csm-01").cells[1].as_ref().unwrap().total,
        dec!(103563.57)
    );
    assert_eq!(
        cmp.variants[1].plan_changes,
        vec![
            "Gross revenue retention weight 25% → 15%",
            "Key activities: written results strategy weight 20% → 30%"
        ]
    );
    assert_eq!(curve_at(&cmp, 1, dec!(0.5)), dec!(1300469.83));
    assert_eq!(curve_at(&cmp, 1, dec!(1)), dec!(1562999.68));
    assert_eq!(curve_at(&cmp, 1, dec!(1.5)), dec!(1697653.77));
    // Cheaper at every point: no crossing.
    assert!(cmp.curve.crossings.is_empty());
}

#[test]
fn different_teams_match_by_id() {
    let cmp = compare(
        &[sample(), fixture("tests/fixtures/compare/team-change.ron")],
        None,
    );
    // Baseline order, then the newcomer.
    let ids: Vec<&str> = cmp.rows.iter().map(|r| r.id.as_str()).collect();
    let mut want: Vec<String> = (1..=16).map(|i| format!("csm-{i:02}")).collect();
    want.sort();
    assert_eq!(ids, want.iter().map(|s| s.as_str()).collect::<Vec<_>>());
    // csm-03 left: missing in the variant, not zero.
    let gone = row(&cmp, "csm-03");
    assert_eq!(gone.cells[0].as_ref().unwrap().total, dec!(78364.66));
    assert!(gone.cells[1].is_none());
    // csm-16 joined: missing in the baseline, no change to show.
    let new = row(&cmp, "csm-16");
    assert!(new.cells[0].is_none());
    let c = new.cells[1].as_ref().unwrap();
    assert_eq!(
        (c.total, c.change, c.change_pct()),
        (dec!(102713.07), None, None)
    );
    assert_eq!(
        (new.name.as_str(), new.level.as_str()),
        ("Maya Novak", "CSM II")
    );
    let f = cmp.variants[1].figures.as_ref().unwrap();
    // 1,566,307.04 − 78,364.66 + 102,713.07 = 1,590,655.45.
    assert_eq!(f.cash, dec!(1590655.45));
    assert_eq!(f.csms, 15);
    let vs = f.versus.as_ref().unwrap();
    assert_eq!(
        (vs.matched, vs.gain, vs.lose, vs.same, vs.added, vs.removed),
        (14, 0, 0, 14, 1, 1)
    );
    assert_eq!(vs.biggest_gain, None);
    assert_eq!(vs.biggest_loss, None);
    assert_eq!(vs.cash_change, dec!(24348.41));
    assert_eq!(
        cmp.variants[1].plan_changes,
        vec![
            "1 CSM added: csm-16 (Maya Novak)",
            "1 CSM removed: csm-03 (Jordan Lee)"
        ]
    );
    assert_eq!(curve_at(&cmp, 1, dec!(0.5)), dec!(1330349.00));
    assert_eq!(curve_at(&cmp, 1, dec!(1)), dec!(1590655.45));
    assert_eq!(curve_at(&cmp, 1, dec!(1.5)), dec!(1733096.77));
}

#[test]
fn four_variants_at_once_agree_with_pairs() {
    let all = [
        sample(),
        fixture("tests/fixtures/compare/70-30.ron"),
        fixture("tests/fixtures/compare/activities-weight.ron"),
        fixture("tests/fixtures/compare/team-change.ron"),
    ];
    let cmp = compare(&all, None);
    assert_eq!(cmp.variants.len(), 4);
    assert_eq!(cmp.rows.len(), 16);
    for k in 1..4 {
        let pair = compare(&[all[0].clone(), all[k].clone()], None);
        assert_eq!(cmp.variants[k].figures, pair.variants[1].figures);
        assert_eq!(cmp.variants[k].plan_changes, pair.variants[1].plan_changes);
        assert_eq!(cmp.curve.cash[k], pair.curve.cash[1]);
    }
    assert_eq!(cmp.curve.crossings.len(), 1);
}

// ---- the command line ------------------------------------------------------------------

mod common;
use common::{run, stderr, stdout};

const WORKED: &str = "assets/worked-example.ron";
const VARIANT: &str = "tests/fixtures/compare/worked-variant.ron";

// The small case: the worked example against a 70/30 split with no GRR cap and a
// second CSM. By hand: csm-01 at 70/30 has base 70,000 and target variable 30,000: GRR
// 30,000 × 40% × 1.045 = 12,540; activities 30,000 × 30% × 1 = 9,000; expansion 30,000 ×
// 30% × 1.6 = 14,400: total 105,940.00 (+1,980.00 = +1.9% of 103,960). csm-02 (OTE 80,000:
// base 56,000, tv 24,000): GRR 0.855/0.9 = 95% → 24,000 × 40% × 0.95 = 9,120; activities
// 0.7/0.8 = 87.5% → step 80% → × 0.5 → 3,600; expansion 50,000/60,000 → 7,200 × 5/6 = 6,000:
// total 74,720.00. Team 180,660.00; planned 100,000 + 80,000; worst case 70% of OTE; cost
// % of ARR 180,660 / 4,700,000 = 3.84%. At 50%: baseline 80,000 + 8,000 × 0.515 + 0 +
// 6,000 × 0.65 = 88,020; variant 70,000 + 6,180 + 5,850 + (GRR 47.5% < threshold) 56,000 +
// 7,200 × 5/12 = 141,030. The other points of the curve are expected.py's.
const TABLE: &str = r#"Plan comparison: 2 scenarios, every scenario at [1]'s attainment scale, 100%; [1] is the baseline.
  [1] Worked example (assets/worked-example.ron)
  [2] Worked example 70/30 (tests/fixtures/compare/worked-variant.ron)

Team
Figure                                   [1]                   [2]
------------------------------------------------------------------
CSMs                                       1                     2
Attainment scale                        100%                  100%
Base                              $80,000.00           $126,000.00
Variable                          $23,960.00            $54,660.00
SPIF                                   $0.00                 $0.00
Cash cost                        $103,960.00           $180,660.00
Change in cash cost                        —  +$76,700.00 (+73.8%)
Burden rate                               0%                    0%
Fully loaded cost                $103,960.00           $180,660.00
Change in loaded cost                      —           +$76,700.00
Planned cost at 100%             $100,000.00           $180,000.00
Change in planned cost                     —           +$80,000.00
Book ARR                       $3,200,000.00         $4,700,000.00
Loaded cost as % of book ARR           3.25%                 3.84%
Worst case (lowest, % of OTE)          80.0%                 70.0%
CSMs who gain                              —                     1
CSMs who lose                              —                     0
CSMs unchanged                             —                     0
CSMs added / removed                       —                 1 / 0

By level
Level   Scenario  CSMs         Cash  Average % of OTE  Lowest  Highest
----------------------------------------------------------------------
CSM II  [1]          1  $103,960.00            104.0%  104.0%   104.0%
CSM II  [2]          1  $105,940.00            105.9%  105.9%   105.9%
CSM I   [1]          0        $0.00                 —       —        —
CSM I   [2]          1   $74,720.00             93.4%   93.4%    93.4%

Biggest changes against [1]
  [2] gain: csm-01 Alex Morgan +$1,980.00 (+1.9%); loss: nobody

Plan changes against [1]
  [2] Worked example 70/30
    - variable share 20% → 30%
    - Gross revenue retention cap 150% → none
    - team size 1 → 2
    - 1 CSM added: csm-02 (Priya Raman)

Guardrail warnings that differ from [1]
  [2] Worked example 70/30
    + [uncapped-accelerator] Gross revenue retention has an accelerator but no cap: one outlier (a single large deal) can pay far beyond plan

Cost curve: team cash by attainment scale
Scale          [1]          [2]     [2] − [1]
---------------------------------------------
  50%   $88,020.00  $141,030.00   +$53,010.00
  55%   $88,822.00  $147,549.00   +$58,727.00
  60%   $89,624.00  $149,508.00   +$59,884.00
  65%   $90,426.00  $151,467.00   +$61,041.00
  70%   $91,228.00  $153,426.00   +$62,198.00
  75%   $92,030.00  $155,385.00   +$63,355.00
  80%   $96,072.00  $162,204.00   +$66,132.00
  85%   $97,264.00  $164,748.00   +$67,484.00
  90%   $98,456.00  $167,292.00   +$68,836.00
  95%   $99,648.00  $173,436.00   +$73,788.00
 100%  $103,960.00  $180,660.00   +$76,700.00
 105%  $106,558.00  $185,313.00   +$78,755.00
 110%  $107,956.00  $188,382.00   +$80,426.00
 115%  $109,354.00  $195,063.00   +$85,709.00
 120%  $110,032.00  $197,064.00   +$87,032.00
 125%  $110,650.00  $199,275.00   +$88,625.00
 130%  $111,200.00  $202,926.00   +$91,726.00
 135%  $111,200.00  $205,137.00   +$93,937.00
 140%  $111,200.00  $207,348.00   +$96,148.00
 145%  $111,200.00  $209,559.00   +$98,359.00
 150%  $111,200.00  $211,770.00  +$100,570.00
[2] costs more than [1] at every scale from 50% to 150%.

Per CSM
ID      Name         Level     [1] total    [2] total  [2] change  [2] %
------------------------------------------------------------------------
csm-01  Alex Morgan  CSM II  $103,960.00  $105,940.00  +$1,980.00  +1.9%
csm-02  Priya Raman  CSM I       missing   $74,720.00         new      —
"#;
const MARKDOWN: &str = r#"# Plan comparison

2 scenarios, every scenario at [1]'s attainment scale, 100%. [1] is the baseline; changes are against it.

|  | Scenario | Source |
| --- | --- | --- |
| [1] | Worked example | `assets/worked-example.ron` |
| [2] | Worked example 70/30 | `tests/fixtures/compare/worked-variant.ron` |

## Team cost

| Figure | [1] | [2] |
| --- | ---: | ---: |
| CSMs | 1 | 2 |
| Attainment scale | 100% | 100% |
| Base | $80,000.00 | $126,000.00 |
| Variable | $23,960.00 | $54,660.00 |
| SPIF | $0.00 | $0.00 |
| Cash cost | $103,960.00 | $180,660.00 |
| Change in cash cost | — | +$76,700.00 (+73.8%) |
| Burden rate | 0% | 0% |
| Fully loaded cost | $103,960.00 | $180,660.00 |
| Change in loaded cost | — | +$76,700.00 |
| Planned cost at 100% | $100,000.00 | $180,000.00 |
| Change in planned cost | — | +$80,000.00 |
| Book ARR | $3,200,000.00 | $4,700,000.00 |
| Loaded cost as % of book ARR | 3.25% | 3.84% |
| Worst case (lowest, % of OTE) | 80.0% | 70.0% |
| CSMs who gain | — | 1 |
| CSMs who lose | — | 0 |
| CSMs unchanged | — | 0 |
| CSMs added / removed | — | 1 / 0 |
| Biggest gain | — | csm-01 Alex Morgan +$1,980.00 (+1.9%) |
| Biggest loss | — | nobody |

## By level

| Level | Scenario | CSMs | Cash | Average % of OTE | Lowest | Highest |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
| CSM II | [1] | 1 | $103,960.00 | 104.0% | 104.0% | 104.0% |
| CSM II | [2] | 1 | $105,940.00 | 105.9% | 105.9% | 105.9% |
| CSM I | [1] | 0 | $0.00 | — | — | — |
| CSM I | [2] | 1 | $74,720.00 | 93.4% | 93.4% | 93.4% |

## Plan changes

### [2] Worked example 70/30 against [1]

- variable share 20% → 30%
- Gross revenue retention cap 150% → none
- team size 1 → 2
- 1 CSM added: csm-02 (Priya Raman)

## Guardrail warnings that differ

### [2] Worked example 70/30

- New: **uncapped-accelerator**: Gross revenue retention has an accelerator but no cap: one outlier (a single large deal) can pay far beyond plan

## Cost curve

Team cash cost by team attainment scale.

| Scale | [1] | [2] | [2] − [1] |
| ---: | ---: | ---: | ---: |
| 50% | $88,020.00 | $141,030.00 | +$53,010.00 |
| 55% | $88,822.00 | $147,549.00 | +$58,727.00 |
| 60% | $89,624.00 | $149,508.00 | +$59,884.00 |
| 65% | $90,426.00 | $151,467.00 | +$61,041.00 |
| 70% | $91,228.00 | $153,426.00 | +$62,198.00 |
| 75% | $92,030.00 | $155,385.00 | +$63,355.00 |
| 80% | $96,072.00 | $162,204.00 | +$66,132.00 |
| 85% | $97,264.00 | $164,748.00 | +$67,484.00 |
| 90% | $98,456.00 | $167,292.00 | +$68,836.00 |
| 95% | $99,648.00 | $173,436.00 | +$73,788.00 |
| 100% | $103,960.00 | $180,660.00 | +$76,700.00 |
| 105% | $106,558.00 | $185,313.00 | +$78,755.00 |
| 110% | $107,956.00 | $188,382.00 | +$80,426.00 |
| 115% | $109,354.00 | $195,063.00 | +$85,709.00 |
| 120% | $110,032.00 | $197,064.00 | +$87,032.00 |
| 125% | $110,650.00 | $199,275.00 | +$88,625.00 |
| 130% | $111,200.00 | $202,926.00 | +$91,726.00 |
| 135% | $111,200.00 | $205,137.00 | +$93,937.00 |
| 140% | $111,200.00 | $207,348.00 | +$96,148.00 |
| 145% | $111,200.00 | $209,559.00 | +$98,359.00 |
| 150% | $111,200.00 | $211,770.00 | +$100,570.00 |

[2] costs more than [1] at every scale from 50% to 150%.

Worked example 70/30 costs more than Worked example at every team attainment from 50% to 150%.

## Per CSM

| ID | Name | Level | [1] total | [2] total | [2] change | [2] % |
| --- | --- | --- | ---: | ---: | ---: | ---: |
| csm-01 | Alex Morgan | CSM II | $103,960.00 | $105,940.00 | +$1,980.00 | +1.9% |
| csm-02 | Priya Raman | CSM I | missing | $74,720.00 | new | — |
"#;

#[test]
fn table_output_is_exact() {
    let o = run(&["compare", WORKED, VARIANT]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), TABLE);
}

#[test]
fn markdown_output_is_exact() {
    let o = run(&["compare", WORKED, VARIANT, "--format", "markdown"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), MARKDOWN);
}

#[test]
fn csv_output_is_exact_and_safe() {
    let o = run(&["compare", WORKED, VARIANT, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "id,name,level,total_1,total_2,change_2,change_pct_2\n\
         csm-01,Alex Morgan,CSM II,103960.00,105940.00,1980.00,0.019046\n\
         csm-02,Priya Raman,CSM I,,74720.00,,\n"
    );
    // A name a spreadsheet would run as a formula is neutralised.
    let dir = tempfile::tempdir().unwrap();
    let evil = dir.path().join("evil.ron");
    let text = std::fs::read_to_string(VARIANT)
        .unwrap()
        .replace("\"Priya Raman\"", "\"=HYPERLINK(1)\"");
    std::fs::write(&evil, text).unwrap();
    let o = run(&["compare", WORKED, evil.to_str().unwrap(), "--format", "csv"]);
    assert!(
        stdout(&o).contains("\ncsm-02,'=HYPERLINK(1),CSM I,,74720.00,,\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn json_carries_every_figure() {
    let o = run(&[
        "compare", WORKED, VARIANT, "--format", "json", "--scale", "110%",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["attainment_scale"], "1.1");
    let b = &v["variants"][0];
    assert_eq!(b["source"], WORKED);
    assert_eq!(b["versus_baseline"], serde_json::Value::Null);
    // At 110% (tests/cli.rs works the baseline out by hand): 107,956.00.
    assert_eq!(b["figures"]["cash"], "107956.00");
    let f = &v["variants"][1]["figures"];
    // The cost curve's 110% point of the variant.
    assert_eq!(f["cash"], "188382.00");
    assert_eq!(f["base"], "126000.00");
    assert_eq!(f["variable"], "62382.00");
    assert_eq!(f["planned_cost"], "180000.00");
    // 188,382 / 4,700,000 = 0.0400812… → 0.040081.
    assert_eq!(f["cost_pct_of_arr"], "0.040081");
    assert_eq!(f["downside_pct_of_ote"], "0.7");
    assert_eq!(f["warnings"][0]["code"], "uncapped-accelerator");
    let vs = &v["variants"][1]["versus_baseline"];
    assert_eq!(vs["cash_change"], "80426.00");
    // 80,426 / 107,956 = 0.7449887… → 0.744989.
    assert_eq!(vs["cash_change_pct"], "0.744989");
    assert_eq!(vs["gain"], 1);
    assert_eq!(vs["added"], 1);
    assert_eq!(vs["biggest_loss"], serde_json::Value::Null);
    assert_eq!(vs["warnings_new"][0]["code"], "uncapped-accelerator");
    assert_eq!(
        v["variants"][1]["plan_changes"],
        serde_json::json!([
            "variable share 20% → 30%",
            "Gross revenue retention cap 150% → none",
            "team size 1 → 2",
            "1 CSM added: csm-02 (Priya Raman)"
        ])
    );
    // csm-01 at 110%: baseline 107,956.00; variant 70,000 + 30,000 × (40% × 1.1995 + 30% ×
    // 1.2 + 30% × 1.86) = 70,000 + 14,394 + 10,800 + 16,740 = 111,934.00.
    let csm = &v["csms"][0]["variants"];
    assert_eq!(csm[0]["total"], "107956.00");
    assert_eq!(csm[0]["change"], serde_json::Value::Null);
    assert_eq!(csm[1]["total"], "111934.00");
    assert_eq!(csm[1]["change"], "3978.00");
    assert_eq!(v["csms"][1]["variants"][0], serde_json::Value::Null);
    let curve = &v["cost_curve"];
    assert_eq!(curve["scales"][0], "0.5");
    assert_eq!(curve["scales"][20], "1.5");
    assert_eq!(curve["cash"][0][0], "88020.00");
    assert_eq!(curve["cash"][1][0], "141030.00");
    assert_eq!(curve["cash"][0][20], "111200.00");
    assert_eq!(curve["cash"][1][20], "211770.00");
    assert_eq!(curve["crossings"], serde_json::json!([]));
}

#[test]
fn json_names_crossings() {
    let o = run(&[
        "compare",
        "assets/sample.ron",
        "tests/fixtures/compare/70-30.ron",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v["cost_curve"]["crossings"],
        serde_json::json!([{"variant": 2, "from": "1", "to": "1.05", "becomes": "dearer"}])
    );
    assert_eq!(
        v["variants"][1]["versus_baseline"]["biggest_loss"]["change_pct"],
        "-0.02822"
    );
}

#[test]
fn two_to_eight_scenarios_or_exit_2() {
    let o = run(&["compare", WORKED]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: compare takes 2 to 8 scenarios (the first is the baseline), but 1 was given\n"
    );
    let mut nine = vec!["compare"];
    nine.extend([WORKED; 9]);
    let o = run(&nine);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("but 9 were given"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let o = run(&["compare"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_broken_scenario_stops_the_comparison_with_exit_2() {
    let o = run(&["compare", WORKED, "tests/fixtures/weights-sum.ron"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the weights add up to 105%, not 100%"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty());
    let o = run(&["compare", WORKED, "no-such-file.ron"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "no file `no-such-file.ron` here, and no saved scenario named `no-such-file.ron`"
        ),
        "{}",
        stderr(&o)
    );
    let o = run(&["compare", WORKED, VARIANT, "--scale", "lots"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`lots` is not a number"),
        "{}",
        stderr(&o)
    );
}

// ---- by level, and eight variants --------------------------------------------------------

/// The sample against its 70/30 variant, level by level. Every figure is expected.py's
/// (`levels`): head count, cash, and the mean / lowest / highest total ÷ OTE.
#[test]
fn by_level_figures_for_two_variants_of_the_sample() {
    let cmp = compare(
        &[sample(), fixture("tests/fixtures/compare/70-30.ron")],
        None,
    );
    assert_eq!(
        cmp.levels,
        vec!["CSM II", "CSM I", "Senior CSM", "Principal CSM"]
    );
    let got = |k: usize| -> Vec<(String, usize, Decimal, Decimal, Decimal, Decimal)> {
        cmp.variants[k]
            .figures
            .as_ref()
            .unwrap()
            .levels
            .iter()
            .map(|l| {
                (
                    l.level.clone(),
                    l.csms,
                    l.cash,
                    l.avg_pct,
                    l.min_pct,
                    l.max_pct,
                )
            })
            .collect()
    };
    let want = |rows: &[(&str, usize, Decimal, Decimal, Decimal, Decimal)]| {
        rows.iter()
            .map(|r| (r.0.to_string(), r.1, r.2, r.3, r.4, r.5))
            .collect::<Vec<_>>()
    };
    let senior = (
        "Senior CSM",
        3,
        dec!(383459.90),
        dec!(1.015477),
        dec!(0.981471),
        dec!(1.06355),
    );
    let principal = (
        "Principal CSM",
        2,
        dec!(294490.07),
        dec!(0.978441),
        dec!(0.976133),
        dec!(0.980749),
    );
    assert_eq!(
        got(0),
        want(&[
            (
                "CSM II",
                5,
                dec!(506297.48),
                dec!(1.020803),
                dec!(0.986337),
                dec!(1.036536)
            ),
            (
                "CSM I",
                5,
                dec!(382059.59),
                dec!(0.982576),
                dec!(0.955667),
                dec!(1.009793)
            ),
            senior,
            principal,
        ])
    );
    assert_eq!(
        got(1),
        want(&[
            (
                "CSM II",
                5,
                dec!(509196.24),
                dec!(1.026616),
                dec!(0.977005),
                dec!(1.052304)
            ),
            (
                "CSM I",
                5,
                dec!(377339.39),
                dec!(0.970604),
                dec!(0.931808),
                dec!(1.0114)
            ),
            senior,
            principal,
        ])
    );
    // The levels add up to the team, to the cent.
    for v in &cmp.variants {
        let f = v.figures.as_ref().unwrap();
        assert_eq!(f.levels.iter().map(|l| l.cash).sum::<Decimal>(), f.cash);
    }
}

/// Eight scenarios: the four fixtures and four tweaks of the sample written to files.
fn eight(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = [
        "assets/sample.ron",
        "tests/fixtures/compare/70-30.ron",
        "tests/fixtures/compare/activities-weight.ron",
        "tests/fixtures/compare/team-change.ron",
    ]
    .map(String::from)
    .to_vec();
    type Tweak = fn(&mut Scenario);
    let tweaks: [(&str, Tweak); 4] = [
        ("Share 25", |s| s.plan.mix.variable_share = dec!(0.25)),
        ("Burden 25", |s| s.assumptions.burden_rate = dec!(0.25)),
        ("SPIF 750", |s| s.plan.spifs[0].amount = dec!(750)),
        ("Share 15", |s| s.plan.mix.variable_share = dec!(0.15)),
    ];
    for (name, tweak) in tweaks {
        let mut s = sample();
        s.name = name.into();
        tweak(&mut s);
        let path = dir.join(format!("{}.ron", name.replace(' ', "-")));
        std::fs::write(&path, cscomp_tui::scenario::to_ron(&s)).unwrap();
        out.push(path.display().to_string());
    }
    out
}

fn run_eight(files: &[String], extra: &[&str]) -> String {
    let mut args = vec!["compare"];
    args.extend(files.iter().map(|s| s.as_str()));
    args.extend(extra);
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn eight_variants_in_every_format_with_levels() {
    let dir = tempfile::tempdir().unwrap();
    let files = eight(dir.path());
    let scenarios: Vec<Scenario> = files
        .iter()
        .map(|f| load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(f)).unwrap())
        .collect();
    let cmp = compare(&scenarios, None);
    assert_eq!(cmp.variants.len(), 8);
    // Each variant against the baseline is what the pair alone gives.
    for k in 1..8 {
        let pair = compare(&[scenarios[0].clone(), scenarios[k].clone()], None);
        assert_eq!(cmp.variants[k].figures, pair.variants[1].figures);
        assert_eq!(cmp.curve.cash[k], pair.curve.cash[1]);
    }

    // table
    let t = run_eight(&files, &[]);
    assert!(t.starts_with("Plan comparison: 8 scenarios,"), "{t}");
    assert!(
        t.contains(&format!("  [8] Share 15 ({})\n", files[7])),
        "{t}"
    );
    let team_head = t.lines().find(|l| l.starts_with("Figure")).unwrap();
    let labels: Vec<&str> = team_head.split_whitespace().skip(1).collect();
    assert_eq!(
        labels,
        ["[1]", "[2]", "[3]", "[4]", "[5]", "[6]", "[7]", "[8]"]
    );
    let by_level: Vec<&str> = t
        .split("\nBy level\n")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        .collect();
    // Header, rule, and 4 levels × 8 scenarios.
    assert_eq!(by_level.len(), 2 + 4 * 8);
    assert_eq!(
        by_level[0],
        "Level          Scenario  CSMs         Cash  Average % of OTE  Lowest  Highest"
    );
    assert_eq!(
        by_level[2],
        "CSM II         [1]          5  $506,297.48            102.1%   98.6%   103.7%"
    );
    assert_eq!(
        by_level[3],
        "CSM II         [2]          5  $509,196.24            102.7%   97.7%   105.2%"
    );
    // In the team-change fixture csm-16 (CSM II, $102,713.07) joins: 506,297.48 + 102,713.07.
    assert!(
        by_level[5].starts_with("CSM II         [4]          6  $609,010.55"),
        "{}",
        by_level[5]
    );
    assert_eq!(
        t.matches(" becomes ").count() + t.matches(" at every scale ").count(),
        7
    );

    // markdown
    let m = run_eight(&files, &["--format", "markdown"]);
    assert!(
        m.contains("| Figure | [1] | [2] | [3] | [4] | [5] | [6] | [7] | [8] |\n"),
        "{m}"
    );
    let md_levels = m
        .split("\n## By level\n\n")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap();
    assert_eq!(md_levels.lines().count(), 2 + 4 * 8);
    assert!(
        md_levels.contains("| CSM I | [2] | 5 | $377,339.39 | 97.1% | 93.2% | 101.1% |\n"),
        "{md_levels}"
    );
    assert!(
        m.contains("### [8] Share 15 against [1]\n\n- variable share 20% → 15%\n"),
        "{m}"
    );

    // json
    let j: serde_json::Value =
        serde_json::from_str(&run_eight(&files, &["--format", "json"])).unwrap();
    assert_eq!(j["variants"].as_array().unwrap().len(), 8);
    assert_eq!(
        j["levels"],
        serde_json::json!(["CSM II", "CSM I", "Senior CSM", "Principal CSM"])
    );
    assert_eq!(j["cost_curve"]["cash"].as_array().unwrap().len(), 8);
    for (k, v) in j["variants"].as_array().unwrap().iter().enumerate() {
        assert_eq!(v["variant"], k + 1);
        assert_eq!(v["figures"]["levels"].as_array().unwrap().len(), 4);
    }
    assert_eq!(
        j["variants"][1]["figures"]["levels"][1],
        serde_json::json!({
            "level": "CSM I", "csms": 5, "cash": "377339.39", "ote": "389000.00",
            "avg_pct_of_ote": "0.970604", "min_pct_of_ote": "0.931808", "max_pct_of_ote": "1.0114"
        })
    );
    for row in j["csms"].as_array().unwrap() {
        assert_eq!(row["variants"].as_array().unwrap().len(), 8);
    }

    // (CSM I OTEs in the sample: 77,000 + 82,000 + 76,000 + 82,000 + 72,000 = 389,000.)
    // csv: the per-CSM table, and with --by-level the by-level table
    let c = run_eight(&files, &["--format", "csv"]);
    let mut head = "id,name,level,total_1".to_string();
    for k in 2..=8 {
        head += &format!(",total_{k},change_{k},change_pct_{k}");
    }
    assert_eq!(c.lines().next(), Some(head.as_str()));
    assert_eq!(c.lines().count(), 1 + 16);
    let c = run_eight(&files, &["--format", "csv", "--by-level"]);
    let lines: Vec<&str> = c.lines().collect();
    assert_eq!(
        lines[0],
        "level,variant,name,csms,cash,avg_pct_of_ote,min_pct_of_ote,max_pct_of_ote"
    );
    assert_eq!(lines.len(), 1 + 4 * 8);
    assert_eq!(
        lines[1],
        "CSM II,1,Sample team FY27,5,506297.48,1.020803,0.986337,1.036536"
    );
    assert_eq!(
        lines[2],
        "CSM II,2,Sample 70/30,5,509196.24,1.026616,0.977005,1.052304"
    );
    assert_eq!(
        lines[10],
        "CSM I,2,Sample 70/30,5,377339.39,0.970604,0.931808,1.0114"
    );
}

/// The same plan saved with a what-if of 96% team attainment: compared at one attainment
/// (the baseline's, the default) it is the same plan and the answer says why the what-if
/// does not count; each at its own (`--own-scale`) the difference is the what-if's, and
/// the answer says that too.
#[test]
fn plans_are_compared_at_the_baselines_attainment_and_a_different_whatif_is_named() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("what-if.ron");
    let mut s = cscomp_tui::scenario::sample();
    s.assumptions.attainment_scale = rust_decimal_macros::dec!(0.96);
    std::fs::write(&f, cscomp_tui::scenario::to_ron(&s)).unwrap();
    let fs = f.to_str().unwrap();
    let o = run(&["compare", "assets/sample.ron", fs]);
    assert!(o.status.success(), "{}", stderr(&o));
    let t = stdout(&o);
    assert!(t.starts_with(
        "Plan comparison: 2 scenarios, every scenario at [1]'s attainment scale, 100%; [1] is the baseline.\nEvery plan is compared at team attainment 100% ([1]'s what-if); [2] carries 96%. The difference is the plans', not the assumptions' (each at its own what-if: --own-scale, or A on the compare screen).\n"
    ), "{t}");
    assert!(
        t.contains("Change in cash cost                         —    $0.00 (0.0%)"),
        "{t}"
    );
    let md = stdout(&run(&[
        "compare",
        "assets/sample.ron",
        fs,
        "--format",
        "markdown",
    ]));
    assert!(
        md.contains(
            "Every plan is compared at team attainment 100% ([1]'s what-if); [2] carries 96%."
        ),
        "{md}"
    );
    let o = run(&["compare", "assets/sample.ron", fs, "--own-scale"]);
    let t = stdout(&o);
    assert!(t.contains(
        "Each plan is computed at its own what-if ([1] at 100%, [2] at 96%): the difference mixes the plans with their assumptions about attainment.\n"
    ), "{t}");
    assert!(!t.contains("$0.00 (0.0%)"), "{t}");
    let v: serde_json::Value = serde_json::from_str(&stdout(&run(&[
        "compare",
        "assets/sample.ron",
        fs,
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(v["variants"][1]["own_attainment_scale"], "0.96");
    let o = run(&[
        "compare",
        "assets/sample.ron",
        fs,
        "--own-scale",
        "--scale",
        "90%",
    ]);
    assert_eq!(o.status.code(), Some(2));
}
