//! What stratc writes to disk, and how (`docs/security.md`): a build's plans as one set
//! ([`write_set`]), a formatted strategy in place ([`rewrite`]), a starter strategy as a
//! new file that never replaces one ([`write_new`]).
//!
//! Every temporary file is created exclusively (`O_EXCL`) under a random name by the
//! `tempfile` crate, in the folder of the file it becomes: nothing planted at a name
//! stratc could have predicted, such as a symbolic link, is ever written through.

use std::fs::{File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use tempfile::{NamedTempFile, TempPath};

use super::disk::{folder, open_regular};

/// Why a set of files was not written: the file that failed and its error, and the
/// files that could not be put back as they were (empty, unless the disk failed twice).
pub struct SetFailure {
    pub path: PathBuf,
    pub error: io::Error,
    pub not_restored: Vec<(PathBuf, io::Error)>,
}

/// Writes each file of `files` (a path and its bytes), all or none: each goes to a
/// temporary file beside it first, and only when every one is written are they renamed
/// into place, one by one. If a rename fails, those already renamed are put back as they
/// were (from a hard link to each old file, or a copy where the file system has no
/// links), so that a reader finds the old set or the new one, never half of each, except
/// for the instants between the renames.
pub fn write_set(files: &[(PathBuf, String)]) -> Result<(), SetFailure> {
    let mut staged = Vec::new();
    for (path, text) in files {
        let file = stage(path, text.as_bytes()).map_err(|error| SetFailure {
            path: path.clone(),
            error,
            not_restored: Vec::new(),
        })?;
        staged.push((path, file));
    }
    // Each old file is kept until the whole set is in place; dropping `placed` deletes
    // the kept copies.
    let mut placed: Vec<(&PathBuf, Option<TempPath>)> = Vec::new();
    for (path, file) in staged {
        let placing = keep(path).and_then(|old| match file.persist(path) {
            Ok(_) => Ok(old),
            Err(failed) => Err(failed.error),
        });
        match placing {
            Ok(old) => placed.push((path, old)),
            Err(error) => {
                return Err(SetFailure {
                    path: path.clone(),
                    error,
                    not_restored: undo(placed),
                });
            }
        }
    }
    Ok(())
}

/// A temporary file beside `path` that holds `bytes`, flushed to the disk.
fn stage(path: &Path, bytes: &[u8]) -> io::Result<NamedTempFile> {
    let mut file = temporary(path, ".tmp")?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    Ok(file)
}

/// A new, empty file beside `path`, created exclusively under a random name
/// (`.NAME.XXXXXX.tmp`, or another `suffix`) with the permissions any new file gets
/// (`0666` less the umask).
fn temporary(path: &Path, suffix: &str) -> io::Result<NamedTempFile> {
    builder(&prefix(path), suffix).tempfile_in(folder(path))
}

/// The builder of temporary files named `PREFIX` + random letters + `suffix`, with the
/// permissions of a new file on unix.
fn builder<'a>(prefix: &'a str, suffix: &'a str) -> tempfile::Builder<'a, 'a> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(suffix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
}

/// The start of the name of a temporary file for `path`: `.NAME.`, hidden beside it.
fn prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    format!(".{name}.")
}

/// The file now at `path`, kept under a temporary name beside it until the new one is in
/// place: a hard link to it, or a copy. `None` when there is none (or a folder, which no
/// rename replaces).
fn keep(path: &Path) -> io::Result<Option<TempPath>> {
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_dir() => return Ok(None),
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error),
    };
    let linked =
        builder(&prefix(path), ".old").make_in(folder(path), |kept| std::fs::hard_link(path, kept));
    match linked {
        Ok(linked) => Ok(Some(linked.into_temp_path())),
        Err(_) if metadata.is_file() => {
            let copy = temporary(path, ".old")?.into_temp_path();
            std::fs::copy(path, &copy)?;
            Ok(Some(copy))
        }
        Err(error) => Err(error),
    }
}

/// Puts each placed file back as it was, the last first: its kept old file renamed over
/// it, or it removed when it is new. Returns what could not be put back.
fn undo(placed: Vec<(&PathBuf, Option<TempPath>)>) -> Vec<(PathBuf, io::Error)> {
    let mut failed = Vec::new();
    for (path, old) in placed.into_iter().rev() {
        let undone = match old {
            Some(old) => old.persist(path).map_err(|failed| failed.error),
            None => std::fs::remove_file(path),
        };
        if let Err(error) = undone {
            failed.push((path.clone(), error));
        }
    }
    failed
}

/// Why a file was not rewritten, and whether it holds its old text.
pub struct RewriteFailure {
    pub error: io::Error,
    /// `None` when the file is as it was; the error of putting its old text back when
    /// that failed too, leaving it damaged.
    pub damaged: Option<io::Error>,
}

/// Replaces the text of the regular file at `path`, `old`, with `new`, in place: the file
/// stays the same file, so it keeps its mode, owner, hard links and extended attributes,
/// and a symbolic link to it stays a link. This is not atomic, unlike a rename, which
/// would make a new file; if the write fails, `old` is written back.
pub fn rewrite(path: &Path, old: &[u8], new: &[u8]) -> Result<(), RewriteFailure> {
    let mut file =
        open_regular(path, OpenOptions::new().write(true)).map_err(|error| RewriteFailure {
            error,
            damaged: None,
        })?;
    put(&mut file, new).map_err(|error| RewriteFailure {
        error,
        damaged: put(&mut file, old).err(),
    })
}

/// Writes `bytes` over the start of `file`, cuts it after them, and flushes it to the disk.
/// The old text is overwritten rather than truncated first, so that a file that shrinks
/// needs no new space on the disk.
fn put(file: &mut File, bytes: &[u8]) -> io::Result<()> {
    file.seek(SeekFrom::Start(0))?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.sync_all()
}

/// Writes `bytes` to a new file at `path`, never replacing one: an error of kind
/// `AlreadyExists` when something is there, a dangling symbolic link included. No reader
/// sees half a file: it is written beside, then linked into place.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    stage(path, bytes)?
        .persist_noclobber(path)
        .map(drop)
        .map_err(|failed| failed.error)
}
