//! The pure domain engine: plan, team, curves, evaluation and guardrails.
//!
//! Owns: the calculation and its rules. Must not: do I/O, or know about terminals.

pub mod curve;
pub mod eval;
pub mod evaluate;
mod fast;
pub mod gates;
pub mod guardrails;
mod int;
pub mod model;
pub mod on_track;
pub mod params;
pub mod rebalance;
pub mod risk;
pub mod risk_words;
pub mod shape;
pub mod sweep;
pub mod team_metrics;
pub mod validate;
pub mod versions;

pub use eval::{CsmResult, Evaluation, TeamResult};
pub use evaluate::{assumed_metrics, evaluate, evaluate_at};
pub use guardrails::guardrails;
pub use model::*;
pub use validate::{Finding, Severity, validate};

/// A validated scenario's results and warnings.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    pub eval: Evaluation,
    pub warnings: Vec<Finding>,
}

/// Validates, evaluates and checks the guardrails. Errors come back as findings.
pub fn compute(scn: &Scenario) -> Result<Computed, Vec<Finding>> {
    let errors = validate(scn);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(compute_valid(scn))
}

/// Evaluates and checks the guardrails of a scenario that [`validate`] accepted (a loaded
/// file is validated as it is read; validating it again would double the work for a large
/// team).
pub fn compute_valid(scn: &Scenario) -> Computed {
    let eval = evaluate(scn);
    let warnings = guardrails(scn, &eval);
    Computed { eval, warnings }
}
