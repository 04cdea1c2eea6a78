//! Questions asked of a plan beyond its own figures: plans side by side, and the value of a
//! parameter that meets a budget.
//!
//! Owns: comparing and solving on the exact engine. Must not: touch the terminal or files.

pub mod calibrate;
pub mod compare;
pub mod design;
pub mod sensitivity;
pub mod solve;
pub mod summary;
