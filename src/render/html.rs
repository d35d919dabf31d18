//! The plan as one self-contained HTML page: the report laid out by a handlebars template,
//! with inline CSS and inline SVG charts, no scripts and nothing fetched.

use serde::Serialize;

use crate::model::Model;
use crate::optimise::Optimised;

use super::charts;
use super::report::{MAX_ROWS, Report, ScheduleRow};
use super::templates::Renderer;

/// What the HTML template sees: the report and its charts, as SVG markup.
#[derive(Serialize)]
struct Page<'a> {
    #[serde(flatten)]
    report: &'a Report,
    /// `None` without a plan.
    charts: Option<Charts>,
}

/// The page's charts.
#[derive(Serialize)]
struct Charts {
    spend: String,
    /// Each response curve (shared, and markets' own) of each opened channel shown in the
    /// report.
    responses: Vec<Response>,
    gantt: String,
    pareto: Option<String>,
}

/// One response curve of an opened channel.
#[derive(Serialize)]
struct Response {
    id: String,
    /// The channel's title, if it has one.
    title: Option<String>,
    /// The market whose own curve it is; `None` for the shared curve.
    market: Option<String>,
    /// That market's title, if it has one.
    market_title: Option<String>,
    svg: String,
}

/// The HTML plan, rendered with `renderer`'s template; `optimised` is the plan of
/// `report`, if it has one.
pub fn html(
    report: &Report,
    model: &Model,
    optimised: Option<&Optimised>,
    renderer: &Renderer,
) -> Result<String, String> {
    let page = Page {
        report,
        charts: report
            .plan
            .as_ref()
            .zip(optimised)
            .map(|(plan, optimised)| charts(model, optimised, &plan.schedule.shown)),
    };
    renderer.html(&page)
}

/// The charts of a plan whose schedule rows are `schedule`.
fn charts(model: &Model, optimised: &Optimised, schedule: &[ScheduleRow]) -> Charts {
    let responses = model
        .channels
        .iter()
        .zip(&optimised.solution.channels)
        .filter(|(_, plan)| plan.active)
        .take(MAX_ROWS)
        .flat_map(|(channel, plan)| {
            let shared = (!channel.response.is_empty()).then_some((&channel.response, None));
            let own = channel
                .market_responses
                .iter()
                .map(|own| (&own.curve, Some(&model.markets[own.market.0])));
            shared
                .into_iter()
                .chain(own)
                .map(|(curve, market)| Response {
                    id: channel.id.clone(),
                    title: channel.title.clone(),
                    market: market.map(|market| market.id.clone()),
                    market_title: market.and_then(|market| market.title.clone()),
                    svg: charts::response(
                        model,
                        channel,
                        curve,
                        market.map(|market| market.label()),
                        plan,
                    ),
                })
        })
        .collect();
    let pareto = model.pareto.as_ref().map(|pareto| {
        charts::pareto(
            &optimised.frontier.points,
            &pareto.first.text,
            &pareto.second.text,
        )
    });
    Charts {
        spend: charts::spend(model, optimised),
        responses,
        gantt: charts::gantt(schedule, model.horizon.value),
        pareto,
    }
}
