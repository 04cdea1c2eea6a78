//! cscomp-tui: design a Customer Success comp plan and see every CSM's pay and the team's
//! cost as you change it.
//!
//! Data flows one way: file → scenario → engine → results → screen (or report).

pub mod actuals;
pub mod cli;
pub mod compare;
pub mod engine;
pub mod num;
pub mod report;
pub mod roster;
pub mod roster_sheet;
pub mod scenario;
pub mod solve;
pub mod statements;
pub mod text;
pub mod tui;
pub mod xlsx;
