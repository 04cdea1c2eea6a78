//! `design FILE --free PARAM[=LOW..HIGH] ...`: the plan optimiser on the command line
//! (docs/design.md): the constraints as flags, the report as text or JSON, `--write` to save
//! the plan found.

use super::{CliError, Format};
pub use crate::analysis::design::Request;
use crate::analysis::design::{Design, Problem};
use crate::engine::Scenario;

/// The problem the flags describe.
pub fn problem<'a>(scn: &'a Scenario, a: &Request) -> Result<Problem<'a>, CliError> {
    a.problem(scn).map_err(CliError)
}

/// The report in `format` (JSON, else text).
pub fn render(p: &Problem, d: &Design, format: Format) -> String {
    match format {
        Format::Json => crate::output::design::json(p, d),
        _ => crate::output::design::text(p, d),
    }
}
