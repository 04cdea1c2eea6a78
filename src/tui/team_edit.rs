//! Editing one CSM: the fields of the form, how each is shown, typed and checked.

use crate::engine::guardrails::implausible_attainment;
use crate::engine::validate::validate;
use crate::engine::{Csm, Scenario, Unit};
use crate::num::{
    BARE_PERCENT_LIMIT, money, parse_decimal_in, parse_money_in, parse_pct, pct_exact, plain,
    read_number,
};
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Name,
    Level,
    Ote,
    BookArr,
    /// The CSM's own target for a component (blank = the plan's default).
    Target(usize),
    /// The projected actual for a component (blank = none).
    Actual(usize),
    /// Projected events for a SPIF.
    Events(usize),
    /// The first day or period employed (a joiner); blank = from the start of the year.
    Start,
    /// The last day or period employed (a leaver); blank = to the end of the year.
    End,
}

/// The form's fields for a scenario, in display order.
pub fn fields(scn: &Scenario) -> Vec<Field> {
    let mut out = vec![
        Field::Id,
        Field::Name,
        Field::Level,
        Field::Ote,
        Field::BookArr,
    ];
    // Joiners and leavers: by period, or by day once the plan has a fiscal year.
    if scn.plan.has_periods() || scn.plan.period_starts().is_some() {
        out.extend([Field::Start, Field::End]);
    }
    for i in 0..scn.plan.components.len() {
        out.push(Field::Actual(i));
        out.push(Field::Target(i));
    }
    for i in 0..scn.plan.spifs.len() {
        out.push(Field::Events(i));
    }
    out
}

fn metric_text(unit: Unit, v: Decimal) -> String {
    match unit {
        Unit::Percent => pct_exact(v),
        Unit::Money => money(v),
        Unit::Count => plain(v),
    }
}

impl Field {
    pub fn label(self, scn: &Scenario) -> String {
        let comp = |i: usize| {
            scn.plan
                .components
                .get(i)
                .map_or(String::new(), |c| c.name.clone())
        };
        match self {
            Field::Id => "Id".into(),
            Field::Name => "Name".into(),
            Field::Level => "Level".into(),
            Field::Ote => "OTE".into(),
            Field::BookArr => "Book ARR".into(),
            Field::Start => "Starts".into(),
            Field::End => "Leaves".into(),
            Field::Actual(i) => format!("{}: actual", comp(i)),
            Field::Target(i) => format!("{}: target", comp(i)),
            Field::Events(i) => format!(
                "{}: events",
                scn.plan.spifs.get(i).map_or("SPIF", |s| s.name.as_str())
            ),
        }
    }

    /// The label in at most `width` characters, shortening the metric's name rather than
    /// losing whether this is the actual, the target or the events.
    pub fn label_fit(self, scn: &Scenario, width: usize) -> String {
        let full = self.label(scn);
        if full.chars().count() <= width {
            return full;
        }
        match full.rsplit_once(": ") {
            Some((name, what)) => {
                let keep = width.saturating_sub(what.chars().count() + 3);
                let short: String = name.chars().take(keep).collect();
                format!("{short}…: {what}")
            }
            None => full.chars().take(width).collect(),
        }
    }

    fn component(self, scn: &Scenario) -> Option<&crate::engine::Component> {
        match self {
            Field::Actual(i) | Field::Target(i) => scn.plan.components.get(i),
            _ => None,
        }
    }

    /// For an actual or a target: the metric's unit and the CSM's own value, if any.
    fn metric(self, scn: &Scenario, csm: &Csm) -> Option<(Unit, Option<Decimal>)> {
        let c = self.component(scn)?;
        let map = if matches!(self, Field::Actual(_)) {
            &csm.actuals
        } else {
            &csm.targets
        };
        Some((c.unit, map.get(&c.id).copied()))
    }

    /// The value as shown in the form.
    pub fn show(self, scn: &Scenario, csm: &Csm) -> String {
        match self {
            Field::Id => csm.id.clone(),
            Field::Name => csm.name.clone(),
            Field::Level => csm.level.clone(),
            Field::Ote => money(csm.ote),
            Field::BookArr => money(csm.book_arr),
            Field::Start => match &csm.start {
                Some(t) => employment_text(t),
                None => "from the start of the year".into(),
            },
            Field::End => match &csm.end {
                Some(t) => employment_text(t),
                None => "to the end of the year".into(),
            },
            Field::Actual(_) | Field::Target(_) => match self.metric(scn, csm) {
                None => String::new(),
                Some((unit, Some(v))) => metric_text(unit, v),
                Some(_) if matches!(self, Field::Actual(_)) => "— (counts as 0%)".into(),
                Some((unit, None)) => {
                    let plan = self.component(scn).map_or(Decimal::ZERO, |c| c.target);
                    // A joiner's or leaver's target prorated where the plan says so.
                    let mine = self.component(scn).map_or(plan, |c| {
                        crate::engine::eval::target_in_plan(&scn.plan, c, csm)
                    });
                    if mine == plan {
                        format!("plan default ({})", metric_text(unit, plan))
                    } else {
                        format!("{} (prorated)", metric_text(unit, mine))
                    }
                }
            },
            Field::Events(i) => scn
                .plan
                .spifs
                .get(i)
                .map_or(0, |s| csm.spifs.get(&s.id).copied().unwrap_or(0))
                .to_string(),
        }
    }

    /// The text the input line starts with.
    pub fn edit_text(self, scn: &Scenario, csm: &Csm) -> String {
        match self {
            Field::Ote | Field::BookArr => self.show(scn, csm).replace(['$', ','], ""),
            Field::Start => csm.start.clone().unwrap_or_default(),
            Field::End => csm.end.clone().unwrap_or_default(),
            Field::Actual(_) | Field::Target(_) => match self.metric(scn, csm) {
                Some((unit, Some(v))) => metric_text(unit, v).replace(['$', ','], ""),
                _ => String::new(),
            },
            _ => self.show(scn, csm),
        }
    }

    pub fn hint(self, scn: &Scenario) -> &'static str {
        match self {
            Field::Ote | Field::BookArr => "dollars, e.g. 120000",
            Field::Actual(i) | Field::Target(i) => {
                match scn.plan.components.get(i).map(|c| c.unit) {
                    Some(Unit::Money) => "dollars; empty for none",
                    Some(Unit::Count) => "a number; empty for none",
                    _ => "e.g. 92.5%; empty for none",
                }
            }
            Field::Events(_) => "a whole number",
            Field::Start | Field::End => {
                "a day (2026-09-15, 9/15/2026) or a period; empty for none"
            }
            _ => "text",
        }
    }

    /// Applies typed text to CSM `index`: the scenario changes only if the result is valid.
    pub fn apply(self, scn: &mut Scenario, index: usize, text: &str) -> Result<(), String> {
        let Some(current) = scn.team.get(index) else {
            return Err("that CSM is no longer in the team".into());
        };
        let mut csm = current.clone();
        let t = text.trim();
        // Numbers in the plan's currency: `82,000 EUR` is refused in a USD plan.
        let currency = scn.plan.currency();
        let number = |t: &str| parse_decimal_in(t, currency).map_err(|e| e.0);
        match self {
            Field::Id => {
                if t.is_empty() {
                    return Err("the id cannot be empty".into());
                }
                if scn
                    .team
                    .iter()
                    .enumerate()
                    .any(|(j, c)| j != index && c.id == t)
                {
                    return Err(format!("another CSM already has the id `{t}`"));
                }
                csm.id = t.to_string();
            }
            Field::Name => {
                if t.is_empty() {
                    return Err("the name cannot be empty".into());
                }
                if let Some(why) = crate::engine::validate::text_problem(t) {
                    return Err(format!("the name {why}"));
                }
                csm.name = t.to_string();
            }
            Field::Level => {
                if t.is_empty() {
                    return Err("the level cannot be empty".into());
                }
                if let Some(why) = crate::engine::validate::text_problem(t) {
                    return Err(format!("the level {why}"));
                }
                csm.level = t.to_string();
            }
            Field::Start | Field::End => {
                let value = if t.is_empty() {
                    None
                } else {
                    let v =
                        crate::input::dates::PeriodOrDay::read(&scn.plan, t).map_err(|why| {
                            format!("`{t}` is neither a plan period nor a day: {why}")
                        })?;
                    Some(v.file_text())
                };
                match self {
                    Field::Start => csm.start = value,
                    _ => csm.end = value,
                }
            }
            Field::Ote => csm.ote = parse_money_in(t, currency).map_err(|e| e.0)?,
            Field::BookArr => csm.book_arr = parse_money_in(t, currency).map_err(|e| e.0)?,
            Field::Actual(i) | Field::Target(i) => {
                let Some(c) = scn.plan.components.get(i) else {
                    return Err("that metric is no longer in the plan".into());
                };
                let map = if matches!(self, Field::Actual(_)) {
                    &mut csm.actuals
                } else {
                    &mut csm.targets
                };
                if t.is_empty() {
                    map.remove(&c.id);
                } else {
                    // The rule of scenario files and roster CSVs: 0.925 and 92.5% are
                    // the same, and a bare 93 is refused as a missing `%`.
                    let v = match c.unit {
                        Unit::Percent => parse_pct(t, BARE_PERCENT_LIMIT).map_err(|e| e.0)?,
                        Unit::Money | Unit::Count => number(t)?,
                    };
                    map.insert(c.id.clone(), v);
                }
            }
            Field::Events(i) => {
                let Some(s) = scn.plan.spifs.get(i) else {
                    return Err("that SPIF is no longer in the plan".into());
                };
                // Read like every other number (`1,000` is a thousand), then it must be a
                // whole, non-negative count.
                let n = read_number(t)
                    .ok()
                    .filter(|n| !n.percent && n.currency.is_none() && n.value.fract().is_zero())
                    .and_then(|n| u32::try_from(n.value.normalize().mantissa()).ok())
                    .ok_or_else(|| format!("`{t}` is not a whole number of events"))?;
                if n == 0 {
                    csm.spifs.remove(&s.id);
                } else {
                    csm.spifs.insert(s.id.clone(), n);
                }
            }
        }
        // Check the CSM against the plan on its own (fast even for large teams).
        let mut probe = scn.clone_plan_only();
        probe.team.push(csm.clone());
        if let Some(p) = validate(&probe).into_iter().next() {
            return Err(p.message);
        }
        scn.team[index] = csm;
        Ok(())
    }
}

/// A start or end as the form shows it: a day as people read it, a period as written.
fn employment_text(t: &str) -> String {
    match crate::engine::file_day(t) {
        Some(d) => d.format("%-d %B %Y").to_string(),
        None => t.to_string(),
    }
}

impl Field {
    /// After an actual or a target of CSM `index` was applied: a warning when the actual
    /// now puts attainment below 5% or above 500% of target (accepted, but more often a
    /// unit slip or a typo), for the status line. `None` otherwise.
    pub fn attainment_note(self, scn: &Scenario, index: usize) -> Option<String> {
        let comp = self.component(scn)?;
        let csm = scn.team.get(index)?;
        let actual = *csm.actuals.get(&comp.id)?;
        let target = csm.targets.get(&comp.id).copied().unwrap_or(comp.target);
        let a = implausible_attainment(comp, actual, target)?;
        Some(format!(
            "applied, but check it: an actual of {} against a target of {} puts {} at {} attainment (below 5% or above 500% is more often a unit slip or a typo)",
            metric_text(comp.unit, actual),
            metric_text(comp.unit, target),
            comp.name,
            crate::num::pct(a, 1)
        ))
    }
}

/// A new CSM modelled on `like` (level and OTE), with an id not yet used.
pub fn new_csm(scn: &Scenario, like: Option<&Csm>) -> Csm {
    let mut n = scn.team.len() + 1;
    let id = loop {
        let id = format!("csm-new-{n}");
        if !scn.team.iter().any(|c| c.id == id) {
            break id;
        }
        n += 1;
    };
    Csm {
        id,
        name: "New CSM".into(),
        level: like.map_or("CSM I".into(), |c| c.level.clone()),
        ote: like.map_or(Decimal::from(80_000), |c| c.ote),
        book_arr: Decimal::ZERO,
        targets: Default::default(),
        actuals: Default::default(),
        spifs: Default::default(),
        start: None,
        end: None,
        periods: Default::default(),
        arr: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::sample;
    use rust_decimal_macros::dec;

    #[test]
    fn the_form_reads_money_as_people_write_it_in_the_plans_currency() {
        let mut s = sample();
        Field::Ote.apply(&mut s, 0, "$ 82,000").unwrap();
        assert_eq!(s.team[0].ote, dec!(82000));
        Field::BookArr.apply(&mut s, 0, "1.6M").unwrap();
        assert_eq!(s.team[0].book_arr, dec!(1600000));
        let err = Field::Ote.apply(&mut s, 0, "82,000 EUR").unwrap_err();
        assert!(err.contains("EUR") && err.contains("USD"), "{err}");
        // Events are a count: money or a share is not one.
        assert_eq!(
            Field::Events(0).apply(&mut s, 0, "5 USD"),
            Err("`5 USD` is not a whole number of events".into())
        );
        Field::Events(0).apply(&mut s, 0, "1,000").unwrap();
        assert_eq!(s.team[0].spifs[&s.plan.spifs[0].id], 1000);
        let mut eur = sample();
        eur.plan.currency = crate::num::Currency::from_code("EUR");
        Field::Ote.apply(&mut eur, 0, "€ 82,000").unwrap();
        assert_eq!(eur.team[0].ote, dec!(82000));
        assert!(Field::Ote.apply(&mut eur, 0, "$82,000").is_err());
    }

    #[test]
    fn fields_are_checked_and_applied() {
        let mut s = sample();
        Field::Actual(0).apply(&mut s, 0, "95%").unwrap();
        assert_eq!(s.team[0].actuals["grr"], dec!(0.95));
        // The file rule — 0.93 is 93%, a bare 93 is refused as a missing `%`.
        Field::Actual(0).apply(&mut s, 0, "0.93").unwrap();
        assert_eq!(s.team[0].actuals["grr"], dec!(0.93));
        assert_eq!(
            Field::Actual(0).apply(&mut s, 0, "87"),
            Err("`87` — did you mean 87%? A bare number in a percentage is a fraction (0.87 = 87%), so 87 would be 8700%".into())
        );
        assert_eq!(s.team[0].actuals["grr"], dec!(0.93));
        // Money is whole cents and well-formed.
        assert_eq!(
            Field::Ote.apply(&mut s, 0, "100000.005"),
            Err("`100000.005` has a fraction of a cent: money is in dollars and cents, at most 2 decimals".into())
        );
        assert_eq!(
            Field::Ote.apply(&mut s, 0, "77.000,50"),
            Err("`77.000,50` is not a number; write it like 1234.56, 1,234.56, -3, (1,234.56) for -1234.56, 0.25 or 25%, and money also like $1,234.56, $ 1,234.56, USD 1,234.56, 1,234.56 USD, 1.6M or 1,600k (`,` or `_` only between groups of three digits)".into())
        );
        Field::Target(3).apply(&mut s, 0, "$120,000").unwrap();
        assert_eq!(s.team[0].targets["expansion"], dec!(120000));
        assert_eq!(Field::Target(3).show(&s, &s.team[0]), "$120,000.00");
        Field::Target(3).apply(&mut s, 0, "").unwrap();
        assert_eq!(
            Field::Target(3).show(&s, &s.team[0]),
            "plan default ($100,000.00)"
        );
        assert_eq!(
            Field::Ote.apply(&mut s, 0, "50%"),
            Err("`50%` is a percentage, but this is an amount of money (write dollars, e.g. 120000 or $120,000)".into())
        );
        assert_eq!(
            Field::Ote.apply(&mut s, 0, "-5"),
            Err("ote is -$5, but it must be between $0 and $1,000,000,000".into())
        );
        assert_eq!(
            Field::Id.apply(&mut s, 0, "csm-02"),
            Err("another CSM already has the id `csm-02`".into())
        );
        // Ids keep to the safe set.
        assert_eq!(
            Field::Id.apply(&mut s, 0, "=csm"),
            Err("the id `=csm` is not allowed: ids use only letters (a–z, A–Z), digits, `-` and `_`, and start with a letter or digit".into())
        );
        assert_eq!(
            Field::Target(0).apply(&mut s, 0, "0"),
            Err("the target for `grr` is 0; a target must be above zero".into())
        );
        assert_eq!(
            Field::Events(0).apply(&mut s, 0, "two"),
            Err("`two` is not a whole number of events".into())
        );
        for bad in ["1.5", "-1", "2%", "1,,0"] {
            assert_eq!(
                Field::Events(0).apply(&mut s, 0, bad),
                Err(format!("`{bad}` is not a whole number of events"))
            );
        }
        Field::Events(0).apply(&mut s, 0, "1,000").unwrap();
        assert_eq!(s.team[0].spifs["c-level"], 1000);
        Field::Events(0).apply(&mut s, 0, "2").unwrap();
        assert_eq!(s.team[0].ote, dec!(100000));
    }

    #[test]
    fn new_csms_get_fresh_ids() {
        let mut s = sample();
        let c = new_csm(&s, s.team.first());
        assert_eq!(c.id, "csm-new-16");
        assert_eq!(c.level, "CSM II");
        s.team.push(c);
        assert_eq!(new_csm(&s, None).id, "csm-new-17");
    }
}
