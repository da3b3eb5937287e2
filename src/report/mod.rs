//! Outputs: the tables and summary of an analysis (plots and HTML come later).

pub mod plots;
pub mod tables;
