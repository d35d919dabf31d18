//! The plan as one self-contained HTML page: the report laid out by a handlebars template,
//! with inline CSS and inline SVG charts, no scripts and nothing fetched.

use serde::Serialize;

use crate::format;
use crate::locale::Locale;
use crate::model::Model;
use crate::optimise::{Optimised, Tornado};
use crate::uncertainty::Uncertainty;

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
    /// What the Pareto chart shows, in a sentence.
    pareto_caption: Option<String>,
    /// The revenue of the samples of the strategy's ranges; `None` without ranges.
    revenue_histogram: Option<String>,
    /// What the histogram shows, in a sentence.
    revenue_histogram_caption: Option<String>,
    /// What the bands under the response curves are, when there are any.
    fan_note: Option<String>,
    /// The ranges that move the objective most; `None` without ranges.
    tornado: Option<String>,
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
    /// What the chart shows, in a sentence.
    caption: String,
}

/// The HTML plan in `locale`, rendered with `renderer`'s template; `optimised` is the
/// plan of `report` (written in `locale`), if it has one, `sampled` that plan on samples
/// of the strategy's ranges and `ranked` its tornado, if it has ranges.
pub fn html(
    report: &Report,
    model: &Model,
    (optimised, sampled, ranked): (Option<&Optimised>, Option<&Uncertainty>, Option<&Tornado>),
    renderer: &Renderer,
    locale: &Locale,
) -> Result<String, String> {
    let page = Page {
        report,
        charts: report
            .plan
            .as_ref()
            .zip(optimised)
            .map(|(plan, optimised)| {
                let mut charts = charts(model, (optimised, sampled), &plan.schedule.shown, locale);
                charts.tornado = ranked.map(|ranked| charts::tornado(model, ranked, locale));
                charts
            }),
    };
    renderer.html(&page)
}

/// The charts of a plan whose schedule rows are `schedule`.
fn charts(
    model: &Model,
    (optimised, sampled): (&Optimised, Option<&Uncertainty>),
    schedule: &[ScheduleRow],
    locale: &Locale,
) -> Charts {
    let fan = |channel: usize, market: Option<crate::model::MarketId>| {
        sampled.and_then(|sampled| {
            sampled
                .fans
                .iter()
                .find(|fan| fan.channel.0 == channel && fan.market == market)
        })
    };
    let responses = model
        .channels
        .iter()
        .zip(&optimised.solution.channels)
        .enumerate()
        .filter(|(_, (_, plan))| plan.active)
        .take(MAX_ROWS)
        .flat_map(|(index, (channel, plan))| {
            let shared = (!channel.response.is_empty())
                .then_some(((&channel.response, fan(index, None)), None));
            let own = channel.market_responses.iter().map(move |own| {
                let curve = (&own.curve, fan(index, Some(own.market)));
                (curve, Some(&model.markets[own.market.0]))
            });
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
                        locale,
                    ),
                    caption: match market {
                        Some(market) => locale.fill(
                            "response_caption_market",
                            &[
                                ("id", &named(&channel.id, channel.title.as_deref(), locale)),
                                (
                                    "market",
                                    &named(&market.id, market.title.as_deref(), locale),
                                ),
                            ],
                        ),
                        None => locale.fill(
                            "response_caption",
                            &[("id", &named(&channel.id, channel.title.as_deref(), locale))],
                        ),
                    },
                })
        })
        .collect();
    let pareto = model.pareto.as_ref().map(|pareto| {
        charts::pareto(
            &optimised.frontier.points,
            &pareto.first,
            &pareto.second,
            locale,
        )
    });
    let pareto_caption = model.pareto.as_ref().map(|pareto| {
        locale.fill(
            "frontier_caption",
            &[
                (
                    "count",
                    &format::number(optimised.frontier.points.len() as f64),
                ),
                ("first", &format!("`{}`", pareto.first.text)),
                ("second", &format!("`{}`", pareto.second.text)),
            ],
        )
    });
    let currency = &model.currency;
    Charts {
        revenue_histogram: sampled.map(|sampled| charts::histogram(sampled, currency, locale)),
        revenue_histogram_caption: sampled.map(|sampled| {
            let samples = sampled.revenues.len() as f64;
            locale.fill(
                "revenue_histogram_caption",
                &[
                    ("samples", &format::number(samples)),
                    ("currency", currency),
                ],
            )
        }),
        fan_note: sampled
            .filter(|sampled| !sampled.fans.is_empty())
            .map(|_| locale.text("fan_caption").to_string()),
        pareto_caption,
        spend: charts::spend(model, optimised, locale),
        responses,
        gantt: charts::gantt(schedule, model.horizon.value, locale),
        pareto,
        tornado: None,
    }
}

/// An item as a caption names it: its title with its id, or its id alone.
fn named(id: &str, title: Option<&str>, locale: &Locale) -> String {
    match title {
        Some(title) => format!("{title}{}", locale.fill("in_parentheses", &[("text", id)])),
        None => id.to_string(),
    }
}
