//! Dates in exports, and the plan period a date falls in. CS platforms and CRM reports
//! often date a result (`2026-03-31`, `3/31/2026`, `Mar 2026`, or an Excel serial day such
//! as `46112`) where the plan names periods (`Q1`); given the first day of the plan year,
//! the periods' lengths place every date in one.
//!
//! Owns: reading dates, and periods as dates. Must not: read files.

use crate::engine::Plan;
use chrono::NaiveDate;

/// How a date with slashes is read: `3/4/2026` is 4 March (month first, as US exports
/// write it) or 3 April (day first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlashOrder {
    MonthFirst,
    DayFirst,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    if w.len() < 3 {
        return None;
    }
    let i = MONTHS.iter().position(|m| w.starts_with(m))?;
    // The whole word must be the month's name or its start ("Sept" too).
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ][i];
    (full.starts_with(&w) || w == "sept").then_some(i as u32 + 1)
}

/// The first day of the Excel serial day `n` (1900 date system; days from 1899-12-30).
fn serial(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::TimeDelta::try_days(n)?)
}

/// Reads a date: `2026-03-31` (with or without a time after it), `2026-03` (the month's
/// first day), `3/31/2026` (month first unless `order` says day first; a day above 12
/// settles it either way), `Mar 2026` / `March 2026` / `31 Mar 2026` / `Mar 31, 2026`, or
/// an Excel serial day number from 20000 to 80000 (1954 to 2119). The message says why a
/// text is not one.
pub fn parse_date(text: &str, order: Option<SlashOrder>) -> Result<NaiveDate, String> {
    let t = text.trim();
    let bad = || format!("`{t}` is not a date");
    // Excel serial day, possibly with a time of day after the point.
    if let Some((int, frac)) = t.split_once('.').or(Some((t, "0")))
        && !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && int.len() == 5
    {
        let n: i64 = int.parse().map_err(|_| bad())?;
        if (20_000..=80_000).contains(&n) {
            return serial(n).ok_or_else(bad);
        }
        return Err(bad());
    }
    // ISO: the date part of a date-time.
    let iso = t.split(['T', ' ']).next().unwrap_or(t);
    let parts: Vec<&str> = iso.split('-').collect();
    if parts.len() >= 2
        && parts[0].len() == 4
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()) && !p.is_empty())
    {
        let y: i32 = parts[0].parse().map_err(|_| bad())?;
        let m: u32 = parts[1].parse().map_err(|_| bad())?;
        let d: u32 = match parts.get(2) {
            Some(d) => d.parse().map_err(|_| bad())?,
            None => 1,
        };
        if parts.len() > 3 {
            return Err(bad());
        }
        return NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad);
    }
    // Slashes: M/D/YYYY or D/M/YYYY.
    let slash: Vec<&str> = t.split('/').collect();
    if slash.len() == 3
        && slash
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        if slash[2].len() != 4 {
            return Err(format!(
                "`{t}` has a two-digit year; write the year in full (2026)"
            ));
        }
        let (a, b): (u32, u32) = (
            slash[0].parse().map_err(|_| bad())?,
            slash[1].parse().map_err(|_| bad())?,
        );
        let y: i32 = slash[2].parse().map_err(|_| bad())?;
        let (m, d) = if a > 12 {
            (b, a)
        } else if b > 12 {
            (a, b)
        } else {
            match order.unwrap_or(SlashOrder::MonthFirst) {
                SlashOrder::MonthFirst => (a, b),
                SlashOrder::DayFirst => (b, a),
            }
        };
        return NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad);
    }
    // Month names: "Mar 2026", "March 2026", "31 Mar 2026", "Mar 31, 2026", "Mar-2026".
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let month = words.iter().find_map(|w| month_of(w.trim_end_matches('.')));
    let year = words
        .iter()
        .find(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|w| w.parse::<i32>().ok());
    let day = words
        .iter()
        .find(|w| (1..=2).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|w| w.parse::<u32>().ok());
    let known = words
        .iter()
        .filter(|w| {
            month_of(w.trim_end_matches('.')).is_some() || w.bytes().all(|b| b.is_ascii_digit())
        })
        .count();
    if let (Some(m), Some(y)) = (month, year)
        && known == words.len()
        && words.len() <= 3
    {
        return NaiveDate::from_ymd_opt(y, m, day.unwrap_or(1)).ok_or_else(bad);
    }
    Err(bad())
}

/// The order of slash dates a column's values call for: day first when some value's first
/// part is above 12 (`31/3/2026`), else month first.
pub fn slash_order<'a>(values: impl IntoIterator<Item = &'a str>) -> SlashOrder {
    for v in values {
        let parts: Vec<&str> = v.trim().split('/').collect();
        if parts.len() == 3
            && let Ok(a) = parts[0].parse::<u32>()
            && a > 12
        {
            return SlashOrder::DayFirst;
        }
    }
    SlashOrder::MonthFirst
}

/// The plan year's periods as dates from `start` (see [`Plan::period_starts`]).
pub fn period_starts(plan: &Plan, start: NaiveDate) -> Vec<NaiveDate> {
    crate::engine::model::period_starts_from(&plan.periods, start)
}

/// The index of the plan period `date` falls in, for a plan year starting on `start`; or
/// why it falls in none.
pub fn period_of(plan: &Plan, start: NaiveDate, date: NaiveDate) -> Result<usize, String> {
    let bounds = period_starts(plan, start);
    let (first, after) = (
        bounds.first().copied().unwrap_or(start),
        bounds.last().copied().unwrap_or(start),
    );
    if date < first || date >= after {
        let last_day = after.pred_opt().unwrap_or(after);
        return Err(format!(
            "{} is outside the plan year ({} to {}, from --year-start)",
            date.format("%Y-%m-%d"),
            first.format("%Y-%m-%d"),
            last_day.format("%Y-%m-%d")
        ));
    }
    Ok(bounds
        .windows(2)
        .position(|w| date >= w[0] && date < w[1])
        .unwrap_or(0))
}

/// A start or end as a person or an export writes it: a plan period (by id or name) or a
/// day in any form [`parse_date`] reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodOrDay {
    /// The period's id.
    Period(String),
    Day(NaiveDate),
}

impl PeriodOrDay {
    /// Reads `text`: a period of `plan` first, else a day; why it is neither, else.
    pub fn read(plan: &Plan, text: &str) -> Result<PeriodOrDay, String> {
        match crate::engine::versions::period_named(plan, text) {
            Some(p) => Ok(PeriodOrDay::Period(plan.periods[p].id.clone())),
            None => parse_date(text, None).map(PeriodOrDay::Day),
        }
    }

    /// As a scenario file writes it: the period's id, or the day as `YYYY-MM-DD`.
    pub fn file_text(&self) -> String {
        match self {
            PeriodOrDay::Period(id) => id.clone(),
            PeriodOrDay::Day(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

/// `2026-02-01`, as `--year-start` takes it: a date in any form [`parse_date`] reads.
pub fn parse_year_start(text: &str) -> Result<NaiveDate, String> {
    parse_date(text, None).map_err(|e| {
        format!(
            "--year-start {}: {e}; give the first day of the plan year, e.g. 2026-02-01",
            text.trim()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_as_exports_write_them() {
        assert_eq!(parse_date("2026-03-31", None), Ok(d(2026, 3, 31)));
        assert_eq!(parse_date("2026-03-31 00:00:00", None), Ok(d(2026, 3, 31)));
        assert_eq!(parse_date("2026-03-31T12:00:00Z", None), Ok(d(2026, 3, 31)));
        assert_eq!(parse_date("2026-03", None), Ok(d(2026, 3, 1)));
        assert_eq!(parse_date("3/31/2026", None), Ok(d(2026, 3, 31)));
        assert_eq!(parse_date("31/3/2026", None), Ok(d(2026, 3, 31)));
        assert_eq!(parse_date("3/4/2026", None), Ok(d(2026, 3, 4)));
        assert_eq!(
            parse_date("3/4/2026", Some(SlashOrder::DayFirst)),
            Ok(d(2026, 4, 3))
        );
        assert_eq!(parse_date("Mar 2026", None), Ok(d(2026, 3, 1)));
        assert_eq!(parse_date("March 2026", None), Ok(d(2026, 3, 1)));
        assert_eq!(parse_date("Mar 31, 2026", None), Ok(d(2026, 3, 31)));
        assert_eq!(parse_date("46112", None), Ok(d(2026, 3, 31)));
        assert_eq!(parse_date("46112.5", None), Ok(d(2026, 3, 31)));
        for bad in [
            "Q1",
            "Q1 FY27",
            "12",
            "2026",
            "1/2/26",
            "Marching 2026",
            "2026-13-01",
        ] {
            assert!(parse_date(bad, None).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_date_falls_in_the_period_of_the_plan_year() {
        let plan = crate::scenario::parse(crate::scenario::QUARTERLY_RON, "q")
            .unwrap()
            .plan;
        let start = d(2026, 2, 1);
        assert_eq!(period_of(&plan, start, d(2026, 2, 1)), Ok(0));
        assert_eq!(period_of(&plan, start, d(2026, 4, 30)), Ok(0));
        assert_eq!(period_of(&plan, start, d(2026, 5, 1)), Ok(1));
        assert_eq!(period_of(&plan, start, d(2027, 1, 31)), Ok(3));
        assert!(
            period_of(&plan, start, d(2027, 2, 1))
                .unwrap_err()
                .contains("outside the plan year (2026-02-01 to 2027-01-31")
        );
    }
}
