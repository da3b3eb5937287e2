//! Outputs: the tables and summary of an analysis, plots, and the trend report.

pub mod plots;
pub mod style;
pub mod tables;
pub mod trend;
pub mod trend_plots;
