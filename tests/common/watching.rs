//! A running `stratc watch` and the lines it prints, for the test crates that need one
//! (`#[path = "common/watching.rs"] mod watching;`).
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// How long a line may take to show up before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// A running `stratc watch` and the lines it prints to stderr.
pub struct Watch {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watch {
    /// Starts `stratc watch ARGS` in `folder`.
    pub fn start(folder: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stratc"))
            .current_dir(folder)
            .env("NO_COLOR", "1")
            .arg("watch")
            .args(args)
            .stderr(Stdio::piped())
            .spawn()
            .expect("stratc starts");
        let stderr = child.stderr.take().unwrap();
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Watch {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line that starts with `prefix` and returns it.
    pub fn line_starting(&mut self, prefix: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.starts_with(prefix) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no line starting {prefix:?}; saw:\n{}",
            self.seen.join("\n")
        );
    }

    /// The address the plan is served on, from the line `--serve` prints.
    pub fn served_address(&mut self) -> String {
        self.line_starting("serving the plan on http://")
            .trim_start_matches("serving the plan on http://")
            .trim_end_matches('/')
            .to_string()
    }

    /// Whether stratc is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh folder for one test.
pub fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Saves `text` the way many editors do: into a new file, renamed over the old one.
pub fn save(path: &Path, text: &str) {
    let temporary = path.with_extension("swp");
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

/// A small strategy that builds in a moment.
pub const SMALL_STRATEGY: &str = "strategy \"Small\" { currency USD; horizon 12 months; budget 100k USD }\n\
     market clinics { size 100 customers; price 300 USD/month }\n\
     objective maximize revenue\n";
