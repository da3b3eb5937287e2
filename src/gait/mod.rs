//! Gait analysis: orientation → steps → bouts → spatial → metrics, one concern per file.

pub mod analysis;
pub mod bouts;
pub mod data_gaps;
mod degraded;
pub mod direction;
pub mod energy;
pub mod facing;
pub mod foot;
pub mod orientation;
pub mod placement;
pub mod rhythm;
pub mod side;
pub mod spatial;
pub mod steps;
pub mod thigh_travel;
pub mod three_metre;
pub mod traces;
pub mod trunk_travel;
pub mod turns;
pub mod windows;
pub mod zupt;
