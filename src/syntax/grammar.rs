//! The pest parser derived from `grammar/stratc.pest`.

use pest_derive::Parser;

/// The parser for the stratc grammar; its `Rule` enum names every rule.
#[derive(Parser)]
#[grammar = "../grammar/stratc.pest"]
pub struct StratParser;

impl Rule {
    /// The rule's name as the grammar writes it, such as `kw_size`.
    pub fn name(self) -> String {
        format!("{self:?}")
    }
}
