//! The ways data comes in from other systems: rosters from an HRIS (CSV or a spreadsheet's
//! sheet) and actual results from a CRM or CS platform.
//!
//! Owns: reading other systems' files into a team or results. Must not: touch the terminal.

pub mod actuals;
pub mod dates;
pub mod levels;
pub mod mapping;
pub mod problems;
pub mod remembered;
pub mod roster;
pub mod roster_sheet;
pub mod table;
pub mod words;
