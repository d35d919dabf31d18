//! A build's progress on stderr. Once the build has run a second, a line redrawn in place
//! names the solve under way, how many are left and the time so far; it is drawn only when
//! stderr is a terminal, so that logs and tests stay clean, and cleared when the build
//! ends. Terminal or not, a build the default solver is unlikely to finish soon (by the
//! size of its program, or after ten seconds) gets a warning naming `--solver highs`, once
//! a process: a `stratc watch` session warns at its first build, not at every save.
//!
//! The library tells of each step through an observer (`stratc::optimise::progress`); a
//! second thread redraws the line, so that the time moves during a long solve.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use stratc::format;
use stratc::optimise::SolverKind;
use stratc::optimise::progress::{Event, Progress, Size, Step};
use stratc::render::text::truncated;

/// How long a build runs before its progress line appears: a quick build shows none.
const QUIET_START: Duration = Duration::from_secs(1);

/// How long microlp may solve before the build warns that it may take much longer.
const MICROLP_PATIENCE: Duration = Duration::from_secs(10);

/// How often the line is redrawn.
const TICK: Duration = Duration::from_millis(200);

/// Erases the line the cursor is on and returns to its start.
const CLEAR: &str = "\r\x1b[2K";

/// What the drawing thread knows of the build.
struct State {
    /// The last step started, and how many were left after it.
    latest: Option<(Step, usize)>,
    /// Whether a progress line is on the screen.
    drawn: bool,
    done: bool,
}

/// The state, shared by the build's threads and the drawing thread.
struct Shared {
    state: Mutex<State>,
    wake: Condvar,
    started: Instant,
    solver: SolverKind,
    terminal: bool,
}

/// Runs `build` with a progress that shows on stderr, as the module says.
pub fn shown<T>(solver: SolverKind, build: impl FnOnce(&Progress) -> T) -> T {
    let shared = Shared {
        state: Mutex::new(State {
            latest: None,
            drawn: false,
            done: false,
        }),
        wake: Condvar::new(),
        started: Instant::now(),
        solver,
        terminal: std::io::stderr().is_terminal(),
    };
    let observer = |event: Event| shared.observe(event);
    let progress = Progress::new(&observer);
    std::thread::scope(|scope| {
        scope.spawn(|| shared.draw_until_done());
        let result = build(&progress);
        shared.lock().done = true;
        shared.wake.notify_all();
        result
    })
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not stop the build from printing.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Notes an event of the build; warns at once about a program too big for microlp.
    fn observe(&self, event: Event) {
        let mut state = self.lock();
        match event {
            Event::Program(size) if self.solver == SolverKind::Microlp => {
                if size.too_big_for_microlp() {
                    warn(&mut state, &too_big(&size));
                }
            }
            Event::Program(_) => {}
            Event::Started { step, left } => state.latest = Some((step, left)),
        }
    }

    /// Redraws the line every tick until the build is done, then clears it.
    fn draw_until_done(&self) {
        let mut state = self.lock();
        // A build can end before this thread first takes the lock: `done` is read before
        // each wait, or its wake-up would be missed and the build held a tick longer.
        while !state.done {
            state = self
                .wake
                .wait_timeout(state, TICK)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
            if state.done {
                break;
            }
            let elapsed = self.started.elapsed();
            if self.solver == SolverKind::Microlp && elapsed >= MICROLP_PATIENCE {
                warn(&mut state, &slow(elapsed));
            }
            if self.terminal && elapsed >= QUIET_START {
                let width = terminal_size::terminal_size_of(std::io::stderr())
                    .map_or(80, |(terminal_size::Width(width), _)| usize::from(width));
                let text = line(state.latest.as_ref(), elapsed, width);
                let _ = write!(std::io::stderr(), "{CLEAR}{text}");
                state.drawn = true;
            }
        }
        clear(&mut state);
    }
}

/// Erases the progress line, if one is drawn.
fn clear(state: &mut State) {
    if state.drawn {
        let _ = write!(std::io::stderr(), "{CLEAR}");
        state.drawn = false;
    }
}

/// Whether this process has warned that microlp may be slow: once is enough.
static WARNED: AtomicBool = AtomicBool::new(false);

/// Prints `warning` on a line of its own, the first time in the process only.
fn warn(state: &mut State, warning: &str) {
    if WARNED.swap(true, Ordering::Relaxed) {
        return;
    }
    clear(state);
    let _ = writeln!(std::io::stderr(), "{warning}");
}

/// The progress line: the step under way, how many are left, the time so far; cut to
/// `width` columns (one is kept free, so that the cursor does not wrap).
pub fn line(latest: Option<&(Step, usize)>, elapsed: Duration, width: usize) -> String {
    let seconds = format::number((elapsed.as_secs_f64() * 10.0).floor() / 10.0);
    let text = match latest {
        Some((step, left)) => format!(
            "solving {} · {} left · {seconds} s",
            step_words(step),
            format::number(*left as f64)
        ),
        None => format!("building · {seconds} s"),
    };
    let room = width.saturating_sub(1).max(10);
    truncated(&text, room).unwrap_or(text)
}

/// A step of the build, in words.
fn step_words(step: &Step) -> String {
    match step {
        Step::Ideal(term) => format!("the ideal of `{term}`"),
        Step::Weighted => "the weighted objective".to_string(),
        Step::Plan => "the plan".to_string(),
        Step::Conflict => "which requirements conflict".to_string(),
        Step::Marginal(limit) => format!("the marginal value of `{limit}`"),
        Step::Closed(channel) => format!("closed channel `{channel}`"),
        Step::FrontierEnds => "the ends of the frontier".to_string(),
        Step::FrontierPoint(point) => {
            format!("frontier point {}", format::number(*point as f64))
        }
        Step::Scenario(name) => format!("scenario `{name}`"),
        Step::Samples(count) => format!(
            "the plan on {} samples of its ranges",
            format::number(*count as f64)
        ),
        Step::MostLikely => "the most likely plan".into(),
        Step::Tornado(range) => format!("the plan with `{range}` at an end"),
    }
}

/// How to get HiGHS: with this stratc, or by installing it again.
fn how_to_get_highs() -> &'static str {
    if cfg!(feature = "highs") {
        "build with `--solver highs`"
    } else {
        "build with `--solver highs`; this stratc was built without HiGHS: install it again \
         with `cargo install --path . --features highs` (building HiGHS needs cmake, a C++ \
         compiler and libclang; see docs/performance.md)"
    }
}

/// The warning for a program too big for microlp.
fn too_big(size: &Size) -> String {
    format!(
        "warning: the default solver (microlp) is unlikely to finish this build quickly: its \
         program has {} integer decisions\n  help: {}",
        format::number(size.integers as f64),
        how_to_get_highs()
    )
}

/// The warning for a build microlp has solved for `elapsed` without finishing.
fn slow(elapsed: Duration) -> String {
    format!(
        "warning: the default solver (microlp) has been solving for {} s and may take much \
         longer\n  help: {}",
        format::number(elapsed.as_secs_f64().floor()),
        how_to_get_highs()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_names_the_step_what_is_left_and_the_time() {
        let at = Duration::from_millis(3_270);
        let closed = (Step::Closed("aws".into()), 14);
        assert_eq!(
            line(Some(&closed), at, 80),
            "solving closed channel `aws` · 14 left · 3.2 s"
        );
        let ideal = (Step::Ideal("revenue".into()), 3);
        assert_eq!(
            line(Some(&ideal), Duration::from_secs(12), 80),
            "solving the ideal of `revenue` · 3 left · 12 s"
        );
        let point = (Step::FrontierPoint(2), 0);
        assert_eq!(
            line(Some(&point), at, 80),
            "solving frontier point 2 · 0 left · 3.2 s"
        );
        assert_eq!(line(None, at, 80), "building · 3.2 s");
    }

    #[test]
    fn a_quick_build_is_not_held_until_the_next_redraw() {
        let started = Instant::now();
        assert_eq!(shown(SolverKind::Microlp, |_| 7), 7);
        assert!(started.elapsed() < TICK / 2, "{:?}", started.elapsed());
    }

    #[test]
    fn the_line_fits_the_terminal() {
        let long = (Step::Scenario("a_very_long_scenario_name".repeat(4)), 2);
        let cut = line(Some(&long), Duration::from_secs(2), 40);
        assert_eq!(stratc::render::text::columns(&cut), 39);
        assert!(cut.ends_with('…'), "{cut}");
    }

    #[test]
    fn the_warnings_name_highs_and_how_to_get_it() {
        let size = Size {
            integers: 2_400,
            variables: 9_000,
            rows: 7_000,
        };
        let warning = too_big(&size);
        assert!(warning.starts_with("warning: the default solver (microlp)"));
        assert!(warning.contains("2400 integer decisions"), "{warning}");
        assert!(warning.contains("--solver highs"));
        if !cfg!(feature = "highs") {
            assert!(warning.contains("cargo install --path . --features highs"));
        }
        assert!(slow(Duration::from_millis(10_400)).contains("solving for 10 s"));
    }
}
