//! Outputs: the tables and summary of an analysis, the plots, the HTML
//! session report, the terminal summary and the trend report.

pub mod html;
pub mod plots;
pub mod style;
pub mod tables;
pub mod terminal;
pub mod trend;
pub mod trend_plots;
