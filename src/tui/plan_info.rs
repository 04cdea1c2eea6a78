//! Editing the plan's title, fiscal year, status and notes (`I`): the form's fields, how
//! each is shown and typed, and the checks the scenario file has for them.
//!
//! Owns: the fields of the plan-info form. Must not: draw, or touch files.

use crate::engine::validate::new_plan_problem;
use crate::engine::{FiscalYear, PlanStatus, Scenario};
use crate::input::dates::parse_date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanField {
    Title,
    YearName,
    YearStart,
    Status,
    Notes,
}

/// The form's fields, in display order.
pub const FIELDS: [PlanField; 5] = [
    PlanField::Title,
    PlanField::YearName,
    PlanField::YearStart,
    PlanField::Status,
    PlanField::Notes,
];

impl PlanField {
    pub fn label(self) -> &'static str {
        match self {
            PlanField::Title => "Title",
            PlanField::YearName => "Fiscal year",
            PlanField::YearStart => "Year starts",
            PlanField::Status => "Status",
            PlanField::Notes => "Notes",
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            PlanField::Title => "as people call it; blank for none",
            PlanField::YearName => "e.g. FY27; blank for none",
            PlanField::YearStart => "its first day, e.g. 2026-02-01",
            PlanField::Status => "draft, proposed, approved or none",
            PlanField::Notes => "one line here; the file takes more",
        }
    }

    /// The value as the form shows it.
    pub fn show(self, scn: &Scenario) -> String {
        let plan = &scn.plan;
        let none = || "—".to_string();
        match self {
            PlanField::Title => plan.title.clone().unwrap_or_else(none),
            PlanField::YearName => plan
                .fiscal_year
                .as_ref()
                .map_or_else(none, |f| f.name.clone()),
            PlanField::YearStart => {
                plan.fiscal_year
                    .as_ref()
                    .map_or_else(none, |f| match f.start_date() {
                        Some(d) => d.format("%-d %B %Y").to_string(),
                        None => f.start.clone(),
                    })
            }
            PlanField::Status => plan.status.map_or_else(none, |s| s.label().to_string()),
            PlanField::Notes => {
                let first = plan.notes.lines().next().unwrap_or("");
                match (first.is_empty(), plan.notes.lines().count()) {
                    (true, _) => none(),
                    (false, 1) => first.to_string(),
                    (false, n) => format!("{first} (+{} more lines)", n - 1),
                }
            }
        }
    }

    /// The value to start typing from.
    pub fn edit_text(self, scn: &Scenario) -> String {
        let plan = &scn.plan;
        match self {
            PlanField::Title => plan.title.clone().unwrap_or_default(),
            PlanField::YearName => plan
                .fiscal_year
                .as_ref()
                .map_or(String::new(), |f| f.name.clone()),
            PlanField::YearStart => plan
                .fiscal_year
                .as_ref()
                .map_or(String::new(), |f| f.start.clone()),
            PlanField::Status => plan.status.map_or(String::new(), |s| s.label().into()),
            PlanField::Notes => plan.notes.clone(),
        }
    }

    /// Sets the field from what was typed, checked as the file's field is; refused with
    /// why, leaving the scenario unchanged.
    pub fn apply(self, scn: &mut Scenario, text: &str) -> Result<(), String> {
        let t = text.trim();
        let mut next = scn.clone_plan_only();
        let plan = &mut next.plan;
        match self {
            PlanField::Title => plan.title = (!t.is_empty()).then(|| t.to_string()),
            PlanField::YearName => match (&mut plan.fiscal_year, t.is_empty()) {
                (_, true) => plan.fiscal_year = None,
                (Some(fy), false) => fy.name = t.to_string(),
                (None, false) => {
                    return Err(
                        "give the year's first day first (Year starts), then its name".into(),
                    );
                }
            },
            PlanField::YearStart => {
                if t.is_empty() {
                    plan.fiscal_year = None;
                } else {
                    let day = parse_date(t, None).map_err(|e| {
                        format!("{e}: write the fiscal year's first day, e.g. 2026-02-01")
                    })?;
                    let start = day.format("%Y-%m-%d").to_string();
                    match &mut plan.fiscal_year {
                        Some(fy) => fy.start = start,
                        None => {
                            // A name from the year it ends in, as fiscal years are named.
                            let end = day
                                .checked_add_months(chrono::Months::new(12))
                                .and_then(|d| d.pred_opt())
                                .unwrap_or(day);
                            plan.fiscal_year = Some(FiscalYear {
                                name: format!("FY{}", end.format("%y")),
                                start,
                            });
                        }
                    }
                }
            }
            PlanField::Status => {
                plan.status = match t.to_lowercase().as_str() {
                    "" | "none" | "—" => None,
                    "draft" => Some(PlanStatus::Draft),
                    "proposed" => Some(PlanStatus::Proposed),
                    "approved" => Some(PlanStatus::Approved),
                    _ => return Err("a status is draft, proposed or approved (or none)".into()),
                }
            }
            PlanField::Notes => plan.notes = text.trim_end().to_string(),
        }
        if let Some(p) = new_plan_problem(scn, &next) {
            return Err(p.message);
        }
        scn.plan = next.plan;
        Ok(())
    }

    /// The next status, for Enter and the arrows on the status field.
    pub fn next_status(s: Option<PlanStatus>) -> Option<PlanStatus> {
        match s {
            None => Some(PlanStatus::Draft),
            Some(PlanStatus::Draft) => Some(PlanStatus::Proposed),
            Some(PlanStatus::Proposed) => Some(PlanStatus::Approved),
            Some(PlanStatus::Approved) => None,
        }
    }
}
