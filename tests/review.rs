//! `stratc review`: the comment a pull request gets, made from a two-commit git
//! repository that each test builds in a temporary folder.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

mod common;

use common::{out_dir, text};

/// Runs git in `repo` as a fixed author at a fixed time, so that every run makes the
/// same commits.
fn git(repo: &Path, args: &[&str]) {
    let output = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", "2027-01-04T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2027-01-04T10:00:00Z")
        .current_dir(repo)
        .output()
        .expect("git runs");
    assert!(output.status.success(), "{}", text(&output.stderr));
}

/// Runs `stratc` in `repo`.
fn stratc_in(repo: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("stratc")
        .unwrap()
        .current_dir(repo)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

/// A repository of two commits. The first holds `s.strat` (which imports
/// `shared/markets.strat`), `medassist.strat`, `steady/s.strat` and `gone.strat`. The
/// second makes the shared market smaller, raises medassist's budget, adds `fresh.strat`
/// and `broken.strat` (which does not check), removes `gone.strat`, and leaves
/// `steady/s.strat` alone.
fn two_commits(name: &str) -> std::path::PathBuf {
    let repo = out_dir(name);
    std::fs::create_dir_all(&repo).unwrap();
    common::write_importing_strategy(&repo, "s", "Shared", "12k");
    common::write_importing_strategy(&repo.join("steady"), "s", "Steady", "12k");
    common::write_importing_strategy(&repo, "gone", "Gone", "12k");
    let medassist = common::read("examples/medassist.strat");
    std::fs::write(repo.join("medassist.strat"), &medassist).unwrap();
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "first"]);

    std::fs::write(repo.join("shared/markets.strat"), common::market("100")).unwrap();
    let richer = medassist.replace("budget 700k USD", "budget 900k USD");
    assert_ne!(richer, medassist, "the example's budget is 700k USD");
    std::fs::write(repo.join("medassist.strat"), richer).unwrap();
    common::write_importing_strategy(&repo.join("fresh"), "fresh", "Fresh", "5k");
    std::fs::write(
        repo.join("broken.strat"),
        "strategy \"Broken\" { currency USD; horizon 12 months; budget 100k USD }\nparam reach = 3 apples\n",
    )
    .unwrap();
    std::fs::remove_file(repo.join("gone.strat")).unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "second"]);
    repo
}

#[test]
fn the_comment_on_a_change_diffs_each_plan_it_touches() {
    let repo = two_commits("review_two_commits");
    let output = stratc_in(&repo, &["review", "HEAD~1"]);
    // `broken.strat` has an error, so the review fails, and still writes the comment.
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let comment = text(&output.stdout);
    assert!(
        comment.starts_with("<!-- stratc-plan-diff -->\n"),
        "{comment}"
    );
    assert!(!comment.contains("steady/s.strat"), "untouched: {comment}");
    assert!(
        text(&output.stderr).contains("error[E0111]"),
        "the head's problems are printed as usual: {}",
        text(&output.stderr)
    );
    insta::assert_snapshot!(comment);

    // The same comment again, byte for byte.
    let again = stratc_in(&repo, &["review", "HEAD~1"]);
    assert_eq!(text(&again.stdout), comment);
}

#[test]
fn with_an_output_file_stdout_carries_the_annotations() {
    let repo = two_commits("review_annotations");
    let output = stratc_in(
        &repo,
        &[
            "review",
            "HEAD~1",
            "--diagnostics",
            "github",
            "-o",
            "comment.md",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let annotations = text(&output.stdout);
    assert_eq!(
        annotations,
        "::warning file=broken.strat,line=1,endLine=1,col=1,endColumn=1,title=W0001 no objective::the strategy has no objective: the plan maximizes revenue%0Ahelp: say what to pursue, as in `objective maximize revenue`\n\
         ::error file=broken.strat,line=2,endLine=2,col=17,endColumn=23,title=E0111 unknown unit::there is no unit `apples`%0Ahelp: declare a count unit with `unit apples` (for tokens, calls, seats …), or use a built-in unit: the currency, `customers`, or a unit of time\n"
    );
    let comment = std::fs::read_to_string(repo.join("comment.md")).unwrap();
    assert!(comment.contains("### `medassist.strat`"), "{comment}");
}

#[test]
fn paths_limit_the_review_and_an_unchanged_tree_says_so() {
    let repo = two_commits("review_paths");
    let output = stratc_in(&repo, &["review", "HEAD~1", "fresh", "s.strat"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let comment = text(&output.stdout);
    assert!(comment.contains("touches 2 strategies"), "{comment}");
    assert!(
        comment.contains("| `fresh/fresh.strat` | ✅ no problems | new |"),
        "{comment}"
    );
    assert!(
        comment.contains("| `s.strat` | ✅ no problems | compared below |"),
        "{comment}"
    );
    assert!(comment.contains("| customers | 138 | 100 |"), "{comment}");

    let unchanged = stratc_in(&repo, &["review", "HEAD"]);
    assert_eq!(unchanged.status.code(), Some(0));
    assert_eq!(
        text(&unchanged.stdout),
        "<!-- stratc-plan-diff -->\n## stratc: what this change does to the plans\n\nNo strategy changes between `HEAD` and this change.\n"
    );
}

#[test]
fn a_base_that_is_not_a_commit_is_a_bad_command_line() {
    let repo = two_commits("review_bad_base");
    for base in ["no-such-branch", "--output=x"] {
        let output = stratc_in(&repo, &["review", "--", base]);
        assert_eq!(output.status.code(), Some(2), "{base}");
        assert!(text(&output.stdout).is_empty());
        assert!(
            text(&output.stderr).contains(base),
            "{}",
            text(&output.stderr)
        );
    }
    assert!(!repo.join("x").exists());
}
