use super::*;
use crate::check::NoFiles;
use crate::render;
use crate::render::templates::{Renderer, Templates};

const EXAMPLE: &str = include_str!("../../examples/medassist.strat");

/// Builds `text`, reusing `earlier`'s solves.
fn build_text(text: &str, earlier: Solves) -> Built {
    let mut sources = SourceMap::new();
    let root = sources.add(SourceFile::new("medassist.strat", text));
    build(
        root,
        &mut sources,
        &NoFiles,
        &BuildOptions::default(),
        Progress::unwatched(),
        earlier,
    )
}

/// The JSON, Markdown and HTML plans of a build, as `stratc build` writes them.
fn plans(built: &Built) -> [String; 3] {
    let (model, optimised) = built.found().expect("a plan");
    let locale = model.locale;
    let report = render::report::of_build(built, model, optimised, locale);
    let renderer = Renderer::new(&Templates::default()).unwrap();
    [
        render::json::json(built).unwrap(),
        render::markdown::markdown(&report, model, &renderer, locale).unwrap(),
        render::html::html(
            &report,
            model,
            (
                Some(optimised),
                built.uncertainty.as_ref(),
                built.tornado.as_ref(),
            ),
            &renderer,
            locale,
        )
        .unwrap(),
    ]
}

/// `EXAMPLE` with `from` replaced by `to`, which must be in it.
fn edited(from: &str, to: &str) -> String {
    assert!(EXAMPLE.contains(from), "{from}");
    EXAMPLE.replace(from, to)
}

#[test]
fn extras_that_fail_are_warnings_and_the_plan_stays() {
    let built = build_text(EXAMPLE, Solves::default());
    let model = built.model.unwrap();
    let mut optimised = built.plan.unwrap().unwrap();
    assert!(extras_missing(&model, &optimised).is_empty());
    optimised.marginal_values[0].moved = Rebuild::Failed("the solver crashed".into());
    optimised
        .frontier
        .missing
        .push("point 3 of the frontier failed: x".into());
    let warnings = extras_missing(&model, &optimised);
    let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "the marginal value of `budget` could not be computed: the solver crashed",
            "the frontier could not be computed: point 3 of the frontier failed: x"
        ]
    );
    assert!(
        warnings
            .iter()
            .all(|w| w.code == Code::ExtraNotComputed && !w.is_error())
    );
}

#[test]
fn an_edit_that_changes_no_number_solves_nothing_and_writes_what_a_fresh_build_writes() {
    let first = build_text(EXAMPLE, Solves::default());
    let total = first.solves.total();
    assert_eq!((first.solves.solved, first.solves.reused), (total, 0));
    let mut earlier = first.solves;
    let edits = [
        edited("\"MedAssist go-to-market\"", "\"MedAssist launch\""),
        edited("/// MedAssist: an LLM", "/// MedAssist, an LLM"),
        edited(
            "\nparam size_factor",
            "\n// hospitals only, for now\nparam size_factor",
        ),
        edited("\"Private clinics\"", "\"Independent clinics\""),
        // A number in a title is words, not a number of the model.
        edited("Interview 30 hospital CIOs", "Interview 40 hospital CIOs"),
        edited("  currency USD\n", "  currency USD\n  locale zh-CN\n"),
        // The same number spelled another way, and the layout moved.
        edited("budget 700k USD", "budget 700000 USD").replace("\n\n", "\n\n\n"),
    ];
    for text in edits {
        let rebuilt = build_text(&text, earlier);
        let solves = &rebuilt.solves;
        assert_eq!((solves.solved, solves.reused), (0, total), "{text}");
        let fresh = build_text(&text, Solves::default());
        assert!(plans(&rebuilt) == plans(&fresh), "{text}");
        earlier = rebuilt.solves;
    }
}

#[test]
fn an_edit_to_any_number_solves_again() {
    let first = build_text(EXAMPLE, Solves::default());
    let total = first.solves.total();
    let mut earlier = first.solves;
    let edits = [
        edited("budget 700k USD", "budget 710k USD"),
        edited("horizon 12 months", "horizon 13 months"),
        edited("maximize share weight 0.4", "maximize share weight 0.5"),
        edited("50k USD => 60 customers", "50k USD => 61 customers"),
        edited("tech >= 70", "tech >= 71"),
        edited("param size_factor = 100%", "param size_factor = 90%"),
        edited("share 35%", "share 30%"),
        edited("spend min 10k USD", "spend min 11k USD"),
        edited("cost 15k USD", "cost 16k USD"),
        edited("lead 4 months", "lead 5 months"),
        edited("load 0.0001 per customer", "load 0.0002 per customer"),
    ];
    for text in edits {
        let rebuilt = build_text(&text, earlier);
        assert!(rebuilt.solves.solved > 0, "{text}");
        // The rebuild reused only what this edit left as it was: back to the example,
        // some of its solves are gone from the memo.
        let back = build_text(EXAMPLE, rebuilt.solves);
        assert!(back.solves.solved > 0, "{text}");
        assert_eq!(back.solves.total(), total, "{text}");
        earlier = back.solves;
    }
}

#[test]
fn a_scenario_edit_solves_only_the_scenario() {
    let first = build_text(EXAMPLE, Solves::default());
    let total = first.solves.total();
    let text = edited("size_factor = 70%", "size_factor = 60%");
    let rebuilt = build_text(&text, first.solves);
    // A weighted objective of three terms: three ideals and the weighted solve.
    assert_eq!(
        (rebuilt.solves.solved, rebuilt.solves.reused),
        (4, total - 4)
    );
    assert!(plans(&rebuilt) == plans(&build_text(&text, Solves::default())));
}

#[test]
fn a_build_with_errors_hands_the_solves_on_to_the_save_that_fixes_it() {
    let first = build_text(EXAMPLE, Solves::default());
    let total = first.solves.total();
    let broken = build_text(&format!("{EXAMPLE}\ngarbage here\n"), first.solves);
    assert!(!broken.is_ok());
    assert_eq!(broken.solves.total(), 0);
    let fixed = build_text(EXAMPLE, broken.solves);
    assert_eq!((fixed.solves.solved, fixed.solves.reused), (0, total));
}
