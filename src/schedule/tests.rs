//! Schedules computed by hand.

use super::{Schedule, Step};
use crate::check::model_of as model;
use crate::model::{ChannelId, StageKind};

const WEEK: f64 = 12.0 / 52.0;
const DAY: f64 = 12.0 / 365.0;

fn close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

#[test]
fn the_contract_example_matches_its_reference_figures() {
    let model = model(include_str!("../../examples/medassist.strat"));
    let schedule = Schedule::of(&model).unwrap();
    // Contract §7: go-live months and ramps to 1e-6 as printed.
    let expected = [
        (2.692308, 0.775641),
        (4.692308, 0.608974),
        (1.153846, 0.903846),
    ];
    for (index, (go_live, ramp)) in expected.into_iter().enumerate() {
        let opening = schedule.channels[index].unwrap();
        assert!(
            (opening.open.finish - go_live).abs() < 1e-6,
            "go-live of {index}"
        );
        assert!((opening.ramp - ramp).abs() < 1e-6, "ramp of {index}");
    }
    // research: interviews (3 weeks) and teardown (2 weeks) in parallel.
    close(schedule.stages[0].finish, 3.0 * WEEK);
    // channels: until the association goes live (lead 4 months).
    close(schedule.stages[1].finish, 3.0 * WEEK + 4.0);
    // model: the pricing study (2 weeks) after channels.
    close(schedule.stages[2].finish, 3.0 * WEEK + 4.0 + 2.0 * WEEK);
    // service after channels: the helpdesk (4 weeks) waits for channels, not interviews.
    close(schedule.tasks[4][0].start, 3.0 * WEEK + 4.0);
    close(schedule.stages[4].finish, 3.0 * WEEK + 4.0 + 4.0 * WEEK);
    close(schedule.finish, 3.0 * WEEK + 4.0 + 4.0 * WEEK);
    let path: Vec<Step> = schedule.critical_path.clone();
    assert_eq!(
        path,
        [
            Step::Task(StageKind::Research, 0),
            Step::Open(ChannelId(1)),
            Step::Task(StageKind::Service, 0)
        ]
    );
}

#[test]
fn weeks_months_quarters_and_days_mix() {
    let model = model(
        "strategy \"T\" { currency USD; horizon 1 year; budget 1M USD }
         market m { size 1k customers; price 1 USD/month }
         stage research {
           task a { duration 1 quarter }
           task b { duration 2 weeks; after research.a }
         }
         // model no longer waits for channels: only for research.
         stage model after research { task p { duration 1 month } }
         stage service after channels { task s { duration 10 days; after model.p } }
         channel x { reaches m; lead 1 month; after research.a; response { 1 USD => 1 customers } }
         channel y { reaches m; lead 30 days; response { 1 USD => 1 customers } }
         channel z { reaches m; lead 1 month; after model.p; response { 1 USD => 1 customers } }",
    );
    let schedule = Schedule::of(&model).unwrap();
    let research_end = 3.0 + 2.0 * WEEK;
    close(schedule.tasks[0][0].finish, 3.0);
    close(schedule.tasks[0][1].start, 3.0);
    close(schedule.stages[0].finish, research_end);
    // model starts with channels, both after research.
    close(schedule.stages[2].start, research_end);
    close(schedule.tasks[2][0].finish, research_end + 1.0);
    // x waits for research.a, which finished before channels started.
    close(schedule.go_live(ChannelId(0)).unwrap(), research_end + 1.0);
    close(
        schedule.go_live(ChannelId(1)).unwrap(),
        research_end + 30.0 * DAY,
    );
    // z waits for a task of a later stage: model.p.
    close(schedule.go_live(ChannelId(2)).unwrap(), research_end + 2.0);
    close(schedule.stages[1].finish, research_end + 2.0);
    // promotion follows model by default; service follows channels and waits for model.p.
    close(schedule.stages[3].start, research_end + 1.0);
    close(schedule.tasks[4][0].start, research_end + 2.0);
    close(schedule.finish, research_end + 2.0 + 10.0 * DAY);
    close(
        schedule.ramp(ChannelId(2)),
        (12.0 - research_end - 2.0) / 12.0,
    );
}

#[test]
fn a_schedule_with_only_the_opened_channels_ends_channels_earlier() {
    let model = model(include_str!("../../examples/medassist.strat"));
    let opened = |channel: ChannelId| channel != ChannelId(1);
    let schedule = Schedule::with_channels(&model, &opened).unwrap();
    assert!(schedule.channels[1].is_none());
    // channels ends when aws goes live (2 months), not the association (4 months).
    close(schedule.stages[1].finish, 3.0 * WEEK + 2.0);
    assert_eq!(schedule.ramp(ChannelId(1)), 0.0);
}

#[test]
fn stage_cycles_are_errors_that_print_the_cycle() {
    let model = model(
        "strategy \"T\" { currency USD; horizon 1 year; budget 1M USD }
         stage research after model {}",
    );
    let errors = Schedule::of(&model).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].message,
        "the schedule has a cycle: research → channels → model → research"
    );
    assert_eq!(
        errors[0].labels.len(),
        1,
        "the one written dependency is marked"
    );
}

#[test]
fn task_cycles_are_errors_too() {
    let model = model(
        "strategy \"T\" { currency USD; horizon 1 year; budget 1M USD }
         stage research { task a { after research.b }; task b { after research.a } }",
    );
    let errors = Schedule::of(&model).unwrap_err();
    assert_eq!(
        errors[0].message,
        "the schedule has a cycle: research.a → research.b → research.a"
    );
    assert_eq!(errors[0].labels.len(), 2);
}

#[test]
fn a_step_that_waits_for_itself_is_a_cycle() {
    let task = model(
        "strategy \"T\" { currency USD; horizon 1 year; budget 1M USD }
         stage research { task a { after research.a } }",
    );
    let errors = Schedule::of(&task).unwrap_err();
    assert_eq!(
        errors[0].message,
        "the schedule has a cycle: research.a → research.a"
    );
    let stage = model(
        "strategy \"T\" { currency USD; horizon 1 year; budget 1M USD }
         stage research after research {}",
    );
    let errors = Schedule::of(&stage).unwrap_err();
    assert_eq!(
        errors[0].message,
        "the schedule has a cycle: research → research"
    );
}

/// `aws` goes live in month 3 and `quick` in month 2, both opening when research ends in
/// month 1; `model.launch` waits for aws, and `promotion` for quick.
const WAITS_FOR_CHANNELS: &str = "strategy \"T\" { currency USD; horizon 1 year; budget 1M USD }
     market m { size 1k customers; price 1 USD/month }
     stage research { task a { duration 1 month } }
     channel aws { reaches m; lead 2 months; response { 1 USD => 1 customers } }
     channel quick { reaches m; lead 1 month; response { 1 USD => 1 customers } }
     stage model after research { task launch { duration 1 month; after aws } }
     stage promotion after research, quick {}";

#[test]
fn a_task_and_a_stage_wait_for_a_channels_go_live() {
    let model = model(WAITS_FOR_CHANNELS);
    let schedule = Schedule::of(&model).unwrap();
    close(schedule.go_live(ChannelId(0)).unwrap(), 3.0);
    close(schedule.go_live(ChannelId(1)).unwrap(), 2.0);
    // launch: model starts with research's finish (1), the task at aws's go-live.
    close(schedule.stages[2].start, 1.0);
    close(schedule.tasks[2][0].start, 3.0);
    close(schedule.stages[2].finish, 4.0);
    // promotion: after research (1) and quick's go-live (2).
    close(schedule.stages[3].start, 2.0);
    assert_eq!(
        schedule.critical_path,
        [
            Step::Task(StageKind::Research, 0),
            Step::Open(ChannelId(0)),
            Step::Task(StageKind::Model, 0)
        ]
    );
}

#[test]
fn a_closed_channel_imposes_nothing_on_the_plans_schedule() {
    let model = model(WAITS_FOR_CHANNELS);
    let without_aws = Schedule::with_channels(&model, &|channel| channel != ChannelId(0)).unwrap();
    close(without_aws.tasks[2][0].start, 1.0);
    close(without_aws.stages[2].finish, 2.0);
    close(without_aws.stages[3].start, 2.0);
    let without_quick =
        Schedule::with_channels(&model, &|channel| channel != ChannelId(1)).unwrap();
    close(without_quick.stages[3].start, 1.0);
    close(without_quick.tasks[2][0].start, 3.0);
}

#[test]
fn a_channel_whose_opening_waits_for_what_waits_for_it_is_a_cycle() {
    let model =
        model(&WAITS_FOR_CHANNELS.replace("lead 2 months;", "lead 2 months; after model.launch;"));
    let errors = Schedule::of(&model).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, crate::diagnostic::Code::DependencyCycle);
    assert_eq!(
        errors[0].message,
        "the schedule has a cycle: model.launch → open aws → model.launch"
    );
    assert_eq!(errors[0].labels.len(), 2, "both `after`s are marked");
}

#[test]
fn a_channel_cannot_wait_for_another_channels_go_live() {
    let direct = model(&WAITS_FOR_CHANNELS.replace("lead 1 month;", "lead 1 month; after aws;"));
    let errors = Schedule::of(&direct).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].message,
        "channel `quick` waits for channel `aws` to go live: open aws → open quick"
    );
    let through_a_task =
        model(&WAITS_FOR_CHANNELS.replace("lead 1 month;", "lead 1 month; after model.launch;"));
    let errors = Schedule::of(&through_a_task).unwrap_err();
    assert_eq!(
        errors[0].message,
        "channel `quick` waits for channel `aws` to go live: open aws → model.launch → open quick"
    );
    assert_eq!(errors[0].labels.len(), 2);
}
