//! The front of the pipeline, as `stratc check` runs it: check the strategy, then build
//! its schedule (which finds dependency cycles and late channels).

use crate::check::{self, Checked, FileLoader};
use crate::diagnostic::{self, Diagnostic};
use crate::schedule::Schedule;
use crate::source::{FileId, SourceMap};

/// A checked strategy with its schedule (every channel opened), and every diagnostic.
#[derive(Debug)]
pub struct Analysis {
    pub checked: Checked,
    /// `None` when the strategy has errors.
    pub schedule: Option<Schedule>,
}

impl Analysis {
    /// Every diagnostic, in source order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.checked.diagnostics
    }

    /// Whether it found no error.
    pub fn is_ok(&self) -> bool {
        self.schedule.is_some()
    }
}

/// Checks the strategy at `root` and schedules it.
pub fn analyse(root: FileId, sources: &mut SourceMap, loader: &dyn FileLoader) -> Analysis {
    let mut checked = check::check(root, sources, loader);
    let Some(model) = &checked.model else {
        return Analysis {
            checked,
            schedule: None,
        };
    };
    let schedule = match Schedule::of(model) {
        Ok(schedule) => {
            checked.diagnostics.extend(schedule.warnings(model));
            Some(schedule)
        }
        Err(cycles) => {
            checked.diagnostics.extend(cycles);
            checked.model = None;
            None
        }
    };
    diagnostic::sort_by_position(&mut checked.diagnostics);
    Analysis { checked, schedule }
}
