//! What stratc reads from disk, and the limits it reads under (`docs/security.md`).
//!
//! Every file a command reads goes through [`Disk`], the cli's [`FileLoader`]: the
//! strategy, the files its `use` items name, and the templates of `--templates`. It reads
//! regular files only, of at most [`LIMIT`] bytes, opened without blocking, so that
//! `use "/dev/zero"` or a FIFO is an error, not a hang or a machine out of memory. It
//! identifies a file by its path with symbolic links resolved, so that one file is loaded
//! once however it is reached. With `--root DIR` it reads nothing outside DIR. And it
//! remembers every path it was asked for, so that a build never writes over one of its
//! inputs and `stratc watch` knows what to watch.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use stratc::check::{FileLoader, Refused};

use super::Outcome;

/// The longest file stratc reads, in bytes: 64 MB, far beyond any strategy.
pub const LIMIT: u64 = 64 * 1024 * 1024;

/// `--root DIR`, for the commands that read strategy files.
#[derive(clap::Args, Debug, Clone)]
pub struct RootArg {
    /// Read no file outside this folder (symbolic links resolved): the strategy, the files
    /// it imports, the templates. Without it, any path is read.
    #[arg(long = "root", value_name = "DIR")]
    pub folder: Option<PathBuf>,
}

impl RootArg {
    /// The disk to read through, or why `--root` is wrong.
    pub fn disk(&self) -> Result<Disk, String> {
        Disk::new(self.folder.as_deref())
    }

    /// Runs `command` with the disk to read through, or says why `--root` is wrong.
    pub fn run(&self, command: impl FnOnce(&Disk) -> Outcome) -> Outcome {
        match self.disk() {
            Ok(disk) => command(&disk),
            Err(message) => {
                eprintln!("error: {message}");
                Outcome::BadCommandLine
            }
        }
    }
}

/// The files on disk, read under the limits above.
pub struct Disk {
    root: Option<Root>,
    /// Every path asked for, made absolute, with what the file was before it was read.
    asked: RefCell<BTreeMap<PathBuf, Stamp>>,
}

/// The folder of `--root`: its path with symbolic links resolved, and as written.
#[derive(Clone)]
struct Root {
    resolved: PathBuf,
    written: String,
}

/// When a file was last modified and how long it was; `None` when it did not exist.
pub type Stamp = Option<(SystemTime, u64)>;

/// The stamp of the file at `path` now.
pub fn stamp(path: &Path) -> Stamp {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

impl Disk {
    /// A disk that reads only inside `root`, when there is one; an error (for the command
    /// line) when `root` is not a folder.
    fn new(root: Option<&Path>) -> Result<Disk, String> {
        let root = match root {
            None => None,
            Some(folder) => {
                let resolved = std::fs::canonicalize(folder)
                    .map_err(|error| format!("--root `{}`: {error}", folder.display()))?;
                if !resolved.is_dir() {
                    return Err(format!("--root `{}` is not a folder", folder.display()));
                }
                Some(Root {
                    resolved,
                    written: folder.display().to_string(),
                })
            }
        };
        Ok(Disk {
            root,
            asked: RefCell::default(),
        })
    }

    /// A disk that reads any path (no `--root`), as the language server reads the files
    /// an editor's strategy imports.
    pub fn unrestricted() -> Disk {
        Disk {
            root: None,
            asked: RefCell::default(),
        }
    }

    /// A disk with the same root that has read nothing yet.
    pub fn fresh(&self) -> Disk {
        Disk {
            root: self.root.clone(),
            asked: RefCell::default(),
        }
    }

    /// The file at `path`, its symbolic links resolved, and its bytes: a regular file of
    /// at most [`LIMIT`] bytes inside the root. What it refuses is an `io::Error` holding
    /// a [`Refused`].
    pub fn read_resolved(&self, path: &Path) -> io::Result<(PathBuf, Vec<u8>)> {
        let absolute = absolute(path);
        let before = stamp(&absolute);
        let read = self.resolve(path).and_then(|resolved| {
            let file = open_regular(&resolved, OpenOptions::new().read(true))?;
            // A file known to be too long is refused before it is read.
            if file.metadata()?.len() > LIMIT {
                return Err(io::Error::other(Refused::TooLarge { limit: LIMIT }));
            }
            let bytes = read_limited(file)?;
            Ok((resolved, bytes))
        });
        self.asked.borrow_mut().insert(absolute, before);
        read
    }

    /// `path` with its symbolic links resolved, if it lies inside the root.
    fn resolve(&self, path: &Path) -> io::Result<PathBuf> {
        let resolved = std::fs::canonicalize(path)?;
        match &self.root {
            Some(root) if !resolved.starts_with(&root.resolved) => {
                Err(io::Error::other(Refused::OutsideRoot {
                    root: root.written.clone(),
                }))
            }
            _ => Ok(resolved),
        }
    }

    /// Every path asked for so far (made absolute, found or not), with what the file was
    /// before it was read.
    pub fn asked(&self) -> BTreeMap<PathBuf, Stamp> {
        self.asked.borrow().clone()
    }

    /// The places on disk of the files asked for that existed: each file with its
    /// symbolic links resolved, and the entry in its folder that its path names (which
    /// may be a link to it). Writing a file at one of them would overwrite an input.
    pub fn inputs(&self) -> BTreeSet<PathBuf> {
        let mut places = BTreeSet::new();
        for (path, _) in self.asked.borrow().iter().filter(|(_, was)| was.is_some()) {
            places.extend(std::fs::canonicalize(path));
            places.extend(entry(path));
        }
        places
    }
}

impl FileLoader for Disk {
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        self.read_resolved(Path::new(path)).map(|(_, bytes)| bytes)
    }

    fn identity(&self, path: &str) -> Option<String> {
        let resolved = std::fs::canonicalize(path).ok()?;
        Some(resolved.to_string_lossy().into_owned())
    }
}

/// `path` made absolute against the current folder, as file events name it.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The entry that `path` names, its folder's symbolic links resolved but not its own:
/// what a rename onto `path` would replace. `None` when its folder does not exist.
pub fn entry(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    Some(std::fs::canonicalize(folder(path)).ok()?.join(name))
}

/// The folder that holds `path` (`.` for a bare file name).
pub fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

/// Opens `path` with `options`, without blocking (an open of a FIFO for reading waits for
/// a writer, forever if none comes), and only if it is a regular file.
pub fn open_regular(path: &Path, options: &mut OpenOptions) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let kind = file.metadata()?.file_type();
    if kind.is_file() {
        Ok(file)
    } else {
        Err(io::Error::other(Refused::NotRegular {
            kind: describe(kind),
        }))
    }
}

/// Reads `reader` to its end, or fails once it gives more than [`LIMIT`] bytes.
pub fn read_limited(reader: impl Read) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(LIMIT + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > LIMIT {
        return Err(io::Error::other(Refused::TooLarge { limit: LIMIT }));
    }
    Ok(bytes)
}

/// What a file that is not a regular file is, with its article.
fn describe(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_fifo() {
            return "a FIFO (a named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "something else"
    }
}
