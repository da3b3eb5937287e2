//! Outputs: the tables and summary of an analysis, the plots, the HTML
//! report and the terminal summary.

pub mod html;
pub mod plots;
pub mod style;
pub mod tables;
pub mod terminal;
