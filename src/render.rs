//! Rendering: the plan and the strategy's graph as text for people and tools.

pub mod ascii;
pub mod charts;
pub mod csv;
pub mod graph;
pub mod html;
pub mod json;
pub mod lp;
pub mod markdown;
pub mod report;
pub mod risks;
pub mod templates;
pub mod text;
