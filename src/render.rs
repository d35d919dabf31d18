//! Rendering: the plan and the strategy's graph as text for people and tools.

pub mod graph;
pub mod json;
pub mod lp;
