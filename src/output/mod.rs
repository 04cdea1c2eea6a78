//! What leaves the tool: reports in every format, comparisons of plans, plan statements
//! for each CSM, the one-page summary, charts and the finance workbook.
//!
//! Owns: turning results into text and bytes. Must not: touch the terminal or files.

pub mod charts;
pub mod compare;
pub mod design;
pub mod html;
pub mod report;
pub mod statements;
pub mod summary;
pub mod xlsx;
