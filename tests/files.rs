//! What stratc reads and writes, tried on hostile file trees built in temporary folders
//! (issue 11): imports through symbolic links, devices and FIFOs, files too large, files
//! outside `--root`, plan sets that cannot be written, planted temporaries, formatting
//! through links, a plan over its own input, and git revisions that look like options.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;

mod common;

use common::{out_dir, text};

/// How long a command may take before the test calls it hung.
const PATIENCE: Duration = Duration::from_secs(20);

/// Runs `stratc` with `args` in `folder`, without colour, killed after [`PATIENCE`].
fn stratc_in(folder: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("stratc")
        .expect("the stratc binary is built")
        .current_dir(folder)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .args(args)
        .timeout(PATIENCE)
        .output()
        .expect("stratc runs")
}

/// Asserts that a command ended by itself (not killed after [`PATIENCE`]) with `code`, and
/// returns its stderr.
fn ended(output: &Output, code: i32) -> String {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    stderr
}

/// A fresh, empty folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = out_dir(&format!("files_{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The strategy block and objective, with `body` between them.
fn strategy(body: &str) -> String {
    format!(
        "strategy \"Files\" {{ currency USD; horizon 12 months; budget 100k USD }}\n{body}objective maximize revenue\n"
    )
}

/// A market and a channel that reaches it: a strategy that builds.
const MARKET_AND_CHANNEL: &str = "market clinics { size 1k customers; price 300 USD/month }\n\
     channel community {\n  reaches clinics\n  response { 20k USD => 150 customers }\n}\n";

/// The names of the files in `folder`, sorted.
fn names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Issue 11.4: `d/l -> .` and `d/r -> .`, and a file importing `./l/x.strat` and
/// `./r/x.strat`, loaded the same file under ever more paths (hung at 20 s).
#[cfg(unix)]
#[test]
fn imports_through_symlinked_folders_load_each_file_once() {
    use std::os::unix::fs::symlink;
    let dir = folder("symlink_aliases");
    std::fs::create_dir_all(dir.join("d")).unwrap();
    symlink(".", dir.join("d/l")).unwrap();
    symlink(".", dir.join("d/r")).unwrap();
    std::fs::write(
        dir.join("d/x.strat"),
        strategy("use \"./l/x.strat\"\nuse \"./r/x.strat\"\n"),
    )
    .unwrap();
    let stderr = ended(&stratc_in(&dir, &["check", "d/x.strat"]), 1);
    assert_eq!(stderr.matches("error[E0105]").count(), 2, "{stderr}");
    assert!(
        stderr.contains("`d/l/x.strat` is `d/x.strat` reached by another path"),
        "{stderr}"
    );

    // One file reached by two paths, without a cycle, is loaded once: no name twice.
    std::fs::write(dir.join("d/markets.strat"), MARKET_AND_CHANNEL).unwrap();
    std::fs::write(
        dir.join("d/main.strat"),
        strategy("use \"./l/markets.strat\"\nuse \"./r/l/markets.strat\"\n"),
    )
    .unwrap();
    let stderr = ended(&stratc_in(&dir, &["check", "d/main.strat"]), 0);
    assert_eq!(stderr, "checked 1 file: no problems\n");
}

/// Issue 11.5: `use "/dev/zero"` grew memory without bound (4.2 GB in 9 s).
#[cfg(unix)]
#[test]
fn a_device_is_not_read() {
    let dir = folder("device");
    std::fs::write(dir.join("s.strat"), strategy("use \"/dev/zero\"\n")).unwrap();
    let stderr = ended(&stratc_in(&dir, &["check", "s.strat"]), 1);
    assert!(
        stderr.contains(
            "error[E0104]: cannot read `/dev/zero`: it is a character device, not a regular file"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: stratc reads strategies from regular files only"),
        "{stderr}"
    );
    let stderr = ended(&stratc_in(&dir, &["check", "/dev/zero"]), 1);
    assert!(stderr.contains("error[E0006]"), "{stderr}");
}

/// Makes a FIFO (a named pipe) at `path`.
#[cfg(unix)]
fn fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

/// Issue 11.5: a FIFO as an import or as FILE blocked forever.
#[cfg(unix)]
#[test]
fn a_fifo_is_not_read_and_does_not_block() {
    let dir = folder("fifo");
    fifo(&dir.join("pipe.strat"));
    std::fs::write(dir.join("s.strat"), strategy("use \"./pipe.strat\"\n")).unwrap();
    let stderr = ended(&stratc_in(&dir, &["check", "s.strat"]), 1);
    assert!(
        stderr
            .contains("cannot read `pipe.strat`: it is a FIFO (a named pipe), not a regular file"),
        "{stderr}"
    );
    for command in ["check", "fmt", "graph"] {
        let stderr = ended(&stratc_in(&dir, &[command, "pipe.strat"]), 1);
        assert!(stderr.contains("error[E0006]"), "{command}: {stderr}");
    }
    let stderr = ended(&stratc_in(&dir, &["build", "pipe.strat"]), 1);
    assert!(stderr.contains("it is a FIFO"), "{stderr}");
}

/// (Unix opens a folder and is told what it is; Windows refuses to open it at all.)
#[cfg(unix)]
#[test]
fn a_folder_is_not_a_strategy() {
    let dir = folder("a_folder");
    std::fs::create_dir_all(dir.join("f.strat")).unwrap();
    std::fs::write(dir.join("s.strat"), strategy("use \"./f.strat\"\n")).unwrap();
    let stderr = ended(&stratc_in(&dir, &["check", "s.strat"]), 1);
    assert!(stderr.contains("error[E0104]"), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
}

/// Issue 11.5: files are read up to 64 MB; a longer one is an error, not read at all.
#[test]
fn a_file_over_64_mb_is_an_error() {
    let dir = folder("too_large");
    // A sparse file: long, without taking the space.
    let large = std::fs::File::create(dir.join("large.strat")).unwrap();
    large.set_len(64 * 1024 * 1024 + 1).unwrap();
    std::fs::write(dir.join("s.strat"), strategy("use \"./large.strat\"\n")).unwrap();
    let stderr = ended(&stratc_in(&dir, &["check", "s.strat"]), 1);
    assert!(
        stderr.contains("error[E0104]: cannot read `large.strat`: it is larger than 64 MB"),
        "{stderr}"
    );
    let stderr = ended(&stratc_in(&dir, &["check", "large.strat"]), 1);
    assert!(stderr.contains("error[E0006]"), "{stderr}");

    // Standard input is bounded the same way.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_stratc"))
        .args(["fmt", "-"])
        .stdin(std::fs::File::open(dir.join("large.strat")).unwrap())
        .output()
        .unwrap();
    let stderr = ended(&output, 1);
    assert!(
        stderr.contains("cannot read standard input: it is larger than 64 MB"),
        "{stderr}"
    );
}

/// A repository `repo` with a secret beside it, `secret.env`, that no file of the
/// repository may read under `--root`.
fn repository_beside_a_secret(name: &str) -> PathBuf {
    let dir = folder(name);
    std::fs::create_dir_all(dir.join("repo/shared")).unwrap();
    std::fs::write(dir.join("secret.env"), "API_KEY=hunter2\n").unwrap();
    std::fs::write(dir.join("repo/shared/markets.strat"), MARKET_AND_CHANNEL).unwrap();
    std::fs::write(
        dir.join("repo/ok.strat"),
        strategy("use \"./shared/markets.strat\"\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("repo/dotdot.strat"),
        strategy("use \"../secret.env\"\n"),
    )
    .unwrap();
    let absolute = dir.join("secret.env");
    std::fs::write(
        dir.join("repo/absolute.strat"),
        strategy(&format!("use \"{}\"\n", absolute.display())),
    )
    .unwrap();
    dir
}

/// Issue 11.12: an import of `/etc/shadow` or `../secret.env` printed the file's first
/// lines. Under `--root`, nothing outside it is read, and the error is E0009.
#[test]
fn root_keeps_every_read_inside_it() {
    let dir = repository_beside_a_secret("root");
    let repo = dir.join("repo");
    let stderr = ended(&stratc_in(&repo, &["check", "--root", ".", "ok.strat"]), 0);
    assert_eq!(stderr, "checked 1 file: no problems\n");
    for file in ["dotdot.strat", "absolute.strat"] {
        let stderr = ended(&stratc_in(&repo, &["check", "--root", ".", file]), 1);
        assert!(
            stderr.contains("error[E0009]: cannot read"),
            "{file}: {stderr}"
        );
        assert!(stderr.contains("help: with `--root .`"), "{stderr}");
        assert!(!stderr.contains("hunter2"), "{file}: {stderr}");
    }
    // The strategy itself, named on the command line.
    let output = stratc_in(
        &repo,
        &[
            "check",
            "--diagnostics",
            "short",
            "--root",
            ".",
            "../secret.env",
        ],
    );
    ended(&output, 1);
    assert_eq!(
        text(&output.stdout),
        "error[E0009]: cannot read `../secret.env`: it is outside the root `.`\n"
    );

    // Every command that reads strategies takes it.
    let stderr = ended(
        &stratc_in(
            &repo,
            &["build", "--root", ".", "dotdot.strat", "-o", "plan"],
        ),
        1,
    );
    assert!(stderr.contains("error[E0009]"), "{stderr}");
    assert!(!repo.join("plan").exists());
    for command in [&["graph"][..], &["fmt"], &["fmt", "--check"]] {
        let mut args = command.to_vec();
        args.extend(["--root", ".", "../secret.env"]);
        let stderr = ended(&stratc_in(&repo, &args), 1);
        assert!(stderr.contains("error[E0009]"), "{command:?}: {stderr}");
    }
    let stderr = ended(
        &stratc_in(&repo, &["diff", "--root", ".", "ok.strat", "dotdot.strat"]),
        1,
    );
    assert!(stderr.contains("error[E0009]"), "{stderr}");
    // Templates from outside the root are refused too: a template is copied into the plan.
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(dir.join("templates/plan.md.hbs"), "{{title}}\n").unwrap();
    let stderr = ended(
        &stratc_in(
            &repo,
            &[
                "build",
                "--root",
                ".",
                "ok.strat",
                "--templates",
                "../templates",
            ],
        ),
        2,
    );
    assert!(stderr.contains("it is outside the root `.`"), "{stderr}");

    // A root that is not a folder is a mistake of the command line.
    let stderr = ended(
        &stratc_in(&repo, &["check", "--root", "nowhere", "ok.strat"]),
        2,
    );
    assert!(stderr.starts_with("error: --root `nowhere`"), "{stderr}");
    // Without `--root`, stratc reads any path, as it always did.
    ended(&stratc_in(&repo, &["check", "absolute.strat"]), 1);
}

/// Issue 11.12: a symbolic link inside the root that points out of it is outside it.
#[cfg(unix)]
#[test]
fn root_resolves_symbolic_links() {
    use std::os::unix::fs::symlink;
    let dir = repository_beside_a_secret("root_links");
    let repo = dir.join("repo");
    symlink("../../secret.env", repo.join("shared/link.strat")).unwrap();
    std::fs::write(
        repo.join("linked.strat"),
        strategy("use \"./shared/link.strat\"\n"),
    )
    .unwrap();
    let stderr = ended(
        &stratc_in(&repo, &["check", "--root", ".", "linked.strat"]),
        1,
    );
    assert!(stderr.contains("error[E0009]"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
    // A link inside the root to a file inside it is fine, and so is a root reached
    // through a link.
    symlink("markets.strat", repo.join("shared/alias.strat")).unwrap();
    symlink("repo", dir.join("alias")).unwrap();
    std::fs::write(
        repo.join("aliased.strat"),
        strategy("use \"./shared/alias.strat\"\n"),
    )
    .unwrap();
    let stderr = ended(
        &stratc_in(&dir, &["check", "--root", "alias", "repo/aliased.strat"]),
        0,
    );
    assert_eq!(stderr, "checked 1 file: no problems\n");
}

/// Writes the strategy `s.strat` with `budget` into `dir`.
fn write_budgeted(dir: &Path, budget: &str) {
    std::fs::write(
        dir.join("s.strat"),
        strategy(MARKET_AND_CHANNEL).replace("budget 100k USD", budget),
    )
    .unwrap();
}

/// Issue 11.7: when the disk filled on the HTML, `plan/` held a new Markdown plan beside
/// the old HTML and JSON. A file that cannot be written now leaves the old set whole.
#[test]
fn a_plan_file_that_cannot_be_written_leaves_the_old_set_whole() {
    let dir = folder("plan_set");
    write_budgeted(&dir, "budget 100k USD");
    ended(&stratc_in(&dir, &["build", "s.strat"]), 0);
    let plan = dir.join("plan");
    let old_markdown = std::fs::read(plan.join("s.md")).unwrap();
    let old_json = std::fs::read(plan.join("s.json")).unwrap();

    // The HTML plan cannot be written where a folder stands, after the Markdown plan was.
    std::fs::remove_file(plan.join("s.html")).unwrap();
    std::fs::create_dir(plan.join("s.html")).unwrap();
    write_budgeted(&dir, "budget 10k USD");
    let stderr = ended(&stratc_in(&dir, &["build", "s.strat"]), 1);
    assert!(
        stderr.contains("error: cannot write `plan/s.html`: ")
            && stderr.contains("no plan file was written, and `plan` holds what it held before"),
        "{stderr}"
    );
    assert!(!stderr.contains("wrote "), "{stderr}");
    assert_eq!(stderr.lines().last(), Some("built s.strat: 1 error"));
    assert_eq!(std::fs::read(plan.join("s.md")).unwrap(), old_markdown);
    assert_eq!(std::fs::read(plan.join("s.json")).unwrap(), old_json);
    assert_eq!(
        names(&plan),
        ["s.html", "s.json", "s.md"],
        "no temporary stays"
    );

    // Once it can be, the whole new set is written.
    std::fs::remove_dir(plan.join("s.html")).unwrap();
    let stderr = ended(&stratc_in(&dir, &["build", "s.strat"]), 0);
    assert!(stderr.contains("wrote plan/s.html"), "{stderr}");
    assert_ne!(std::fs::read(plan.join("s.md")).unwrap(), old_markdown);
    assert_ne!(std::fs::read(plan.join("s.json")).unwrap(), old_json);
}

/// The mode a new file gets in `folder` (0666 less the umask), on unix.
#[cfg(unix)]
fn new_file_mode(folder: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    let probe = folder.join("probe");
    std::fs::write(&probe, "").unwrap();
    let mode = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    std::fs::remove_file(&probe).unwrap();
    mode
}

/// Issue 11.8: temporaries had predictable names (`.s.md.<pid>.tmp`) and were written
/// through symbolic links: links planted for the next PIDs made `build` overwrite another
/// file and leave the plan as a link to it.
#[cfg(unix)]
#[test]
fn planted_links_at_temporary_names_are_never_written_through() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = folder("planted");
    write_budgeted(&dir, "budget 100k USD");
    let plan = dir.join("plan");
    std::fs::create_dir_all(&plan).unwrap();
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "precious\n").unwrap();
    // The next PIDs, as the old names would have used them.
    let mut probe = std::process::Command::new("true").spawn().unwrap();
    let next = probe.id() + 1;
    probe.wait().unwrap();
    for pid in next..next + 200 {
        for extension in ["md", "html", "json"] {
            symlink(&victim, plan.join(format!(".s.{extension}.{pid}.tmp"))).unwrap();
        }
    }
    symlink(&victim, plan.join("s.md")).unwrap();
    ended(&stratc_in(&dir, &["build", "s.strat"]), 0);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    let mode = new_file_mode(&plan);
    for extension in ["md", "html", "json"] {
        let path = plan.join(format!("s.{extension}"));
        let metadata = std::fs::symlink_metadata(&path).unwrap();
        assert!(metadata.file_type().is_file(), "{}", path.display());
        assert_eq!(
            metadata.permissions().mode() & 0o777,
            mode,
            "as any new file"
        );
    }
    assert_eq!(
        names(&plan).len(),
        3 + 3 * 200,
        "the plans and the planted links, and no temporary of this build"
    );

    // `init` never writes through a link either, even one to nothing.
    let absent = dir.join("absent.txt");
    symlink(&absent, dir.join("link.strat")).unwrap();
    let stderr = ended(&stratc_in(&dir, &["init", "link.strat"]), 2);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(!absent.exists());
    ended(&stratc_in(&dir, &["init", "new.strat"]), 0);
    let metadata = std::fs::metadata(dir.join("new.strat")).unwrap();
    assert_eq!(metadata.permissions().mode() & 0o777, new_file_mode(&dir));
}

/// A strategy file that is not in the layout, and the same in the layout.
const MESSY: &str = "param  a=1\n";
const TIDY: &str = "param a = 1\n";

/// Issue 11.9: `fmt` replaced a symlinked strategy with a regular file (leaving the target
/// unformatted), reset a private file's mode to 0644 and its owner to the current user,
/// and split hard links.
#[cfg(unix)]
#[test]
fn fmt_formats_through_links_and_keeps_mode_owner_and_hard_links() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
    let dir = folder("fmt_links");
    let real = dir.join("real.strat");
    std::fs::write(&real, MESSY).unwrap();
    symlink("real.strat", dir.join("link.strat")).unwrap();
    let stderr = ended(&stratc_in(&dir, &["fmt", "link.strat"]), 0);
    assert!(stderr.contains("reformatted link.strat"), "{stderr}");
    assert!(
        std::fs::symlink_metadata(dir.join("link.strat"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&real).unwrap(), TIDY);

    let private = dir.join("private.strat");
    std::fs::write(&private, MESSY).unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    // The owner can only be changed by root; elsewhere the file keeps the current user.
    let owned = std::os::unix::fs::chown(&private, Some(1), Some(1)).is_ok();
    let twin = dir.join("twin.strat");
    std::fs::hard_link(&private, &twin).unwrap();
    let before = std::fs::metadata(&private).unwrap();
    ended(&stratc_in(&dir, &["fmt", "private.strat"]), 0);
    let after = std::fs::metadata(&private).unwrap();
    assert_eq!(std::fs::read_to_string(&private).unwrap(), TIDY);
    assert_eq!(after.permissions().mode() & 0o777, 0o600);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    if owned {
        assert_eq!(after.uid(), 1);
    }
    assert_eq!(after.ino(), before.ino(), "the same file");
    assert_eq!(after.nlink(), 2, "the hard link stays");
    assert_eq!(std::fs::read_to_string(&twin).unwrap(), TIDY);

    // A file that shrinks and one that grows are both cut to their new length.
    std::fs::write(&real, format!("{MESSY}\n\n\n\n")).unwrap();
    ended(&stratc_in(&dir, &["fmt", "real.strat"]), 0);
    assert_eq!(std::fs::read_to_string(&real).unwrap(), TIDY);
    std::fs::write(&real, "param a=1\n").unwrap();
    ended(&stratc_in(&dir, &["fmt", "real.strat"]), 0);
    assert_eq!(std::fs::read_to_string(&real).unwrap(), TIDY);
}

/// Issue 11.10: `build strategy.md -o .` overwrote its own input with the Markdown plan.
#[test]
fn a_plan_never_overwrites_a_file_the_build_read() {
    let dir = folder("own_input");
    let text = strategy(MARKET_AND_CHANNEL);
    std::fs::write(dir.join("strategy.md"), &text).unwrap();
    let stderr = ended(&stratc_in(&dir, &["build", "strategy.md", "-o", "."]), 2);
    assert!(
        stderr.contains(
            "error: the plan `./strategy.md` would overwrite a file this build reads, so nothing was written"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: write the plan into another folder"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("strategy.md")).unwrap(),
        text
    );
    assert_eq!(names(&dir), ["strategy.md"], "no plan file written");

    // An import counts too, however the folder is named.
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    std::fs::write(dir.join("shared/main.json"), MARKET_AND_CHANNEL).unwrap();
    std::fs::write(
        dir.join("main.strat"),
        strategy("use \"./shared/main.json\"\n"),
    )
    .unwrap();
    let stderr = ended(
        &stratc_in(&dir, &["build", "main.strat", "-o", "./shared/../shared"]),
        2,
    );
    assert!(stderr.contains("main.json` would overwrite"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("shared/main.json")).unwrap(),
        MARKET_AND_CHANNEL
    );
    ended(&stratc_in(&dir, &["build", "main.strat", "-o", "plan"]), 0);
}

/// Issue 11.11: `stratc diff -- '--output=DIR:s.strat' s.strat` passed the revision to
/// `git show` as an option, which wrote through git.
#[test]
fn diff_refuses_a_revision_that_git_would_read_as_an_option() {
    let dir = folder("diff_option");
    write_budgeted(&dir, "budget 100k USD");
    let written = dir.join("written");
    let side = format!("--output={}:s.strat", written.display());
    let stderr = ended(&stratc_in(&dir, &["diff", "--", &side, "s.strat"]), 2);
    assert!(
        stderr.contains("a revision does not start with `-`"),
        "{stderr}"
    );
    assert!(!written.exists());
}
