//! cscomp-tui: design a Customer Success comp plan and see every CSM's pay and the team's
//! cost as you change it.
//!
//! Data flows one way: file → scenario → engine → results → screen (or report).
//!
//! - `engine`: the plan, its parameters and the exact pay calculation; `num`, `text`: numbers
//!   and names as people write and read them.
//! - `scenario`: scenario files, the store, recovery.
//! - `input`: rosters and actual results from other systems.
//! - `analysis`: compare plans, solve for a budget.
//! - `output`: reports, statements, the workbook.
//! - `cli` and `tui`: the two front ends.

pub mod analysis;
pub mod cli;
pub mod engine;
pub mod history;
pub mod idmap;
pub mod input;
pub mod num;
pub mod output;
pub mod scenario;
pub mod text;
pub mod tui;
