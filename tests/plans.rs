//! Whole-program tests of what a plan means (contract §5, version 2), each a regression of
//! something a user saw: customers won are served, a market's own curve, marginal values
//! that are real rebuilds, closed channels explained, full markets flagged, a frontier
//! without dominated points, and scenarios whose values do not check.

mod common;

use common::{build, json_plan, out_dir, text};

/// `value` as a number.
fn number(value: &serde_json::Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is a number"))
}

/// The entry of `list` whose `id` is `id`.
fn by_id<'a>(list: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == id)
        .unwrap_or_else(|| panic!("no `{id}` in {list}"))
}

fn close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= 1e-6 * expected.abs().max(1.0),
        "{what}: {actual} != {expected}"
    );
}

#[test]
fn under_a_lock_in_cap_every_customer_won_is_served() {
    // aliyun's revenue plus huawei's may be half the whole. direct_sales, at the end of its
    // curve, brings 5 banks (4.8M CNY a year), so the two marketplaces together may bring
    // as much, in whatever mix; the rest of the budget stays unspent. Whatever the mix,
    // every customer a channel wins is served: the first contract's model could open
    // huawei, win its banks and serve none of them to stay under the cap.
    let out = out_dir("plans_lock_in");
    let output = build("tests/build/plans/lock_in.strat", &out, &["--emit", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let plan = json_plan(&out, "lock_in");
    for channel in plan["channels"].as_array().unwrap() {
        if channel["active"] == false {
            continue;
        }
        let spend = number(&channel["spend"]);
        for market in channel["markets"].as_array().unwrap() {
            let won = match (
                channel["id"].as_str().unwrap(),
                market["id"].as_str().unwrap(),
            ) {
                ("aliyun", "ecommerce") => curve(spend, &[(500e3, 300.0), (1.5e6, 700.0)]),
                ("huawei_cloud", "finance") => curve(spend, &[(200e3, 3.0), (600e3, 6.0)]),
                ("direct_sales", "finance") => curve(spend, &[(300e3, 2.0), (900e3, 5.0)]),
                other => panic!("{other:?}"),
            };
            close(number(&market["customers"]), won, "served = won");
        }
    }
    let aliyun = number(&by_id(&plan["channels"], "aliyun")["revenue"]);
    let huawei = number(&by_id(&plan["channels"], "huawei_cloud")["revenue"]);
    let revenue = number(&plan["metrics"]["revenue"]);
    assert!(aliyun + huawei <= 0.5 * revenue * (1.0 + 1e-9), "{plan}");
}

/// A curve through `points` from the origin, at `spend`.
fn curve(spend: f64, points: &[(f64, f64)]) -> f64 {
    let mut previous = (0.0, 0.0);
    for &(at, value) in points {
        if spend <= at {
            return previous.1 + (value - previous.1) * (spend - previous.0) / (at - previous.0);
        }
        previous = (at, value);
    }
    previous.1
}

#[test]
fn a_market_with_its_own_curve_is_won_by_that_curve() {
    // aliyun's 1M CNY wins 500 customers split 80/20 over e-commerce and education, and
    // 3 banks on finance's own curve (flat after 400k); bank_partners' 200k wins 4 more.
    let out = out_dir("plans_per_market");
    let output = build("tests/build/plans/per_market_curves.strat", &out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let plan = json_plan(&out, "per_market_curves");
    let aliyun = by_id(&plan["channels"], "aliyun");
    close(number(&aliyun["spend"]), 1e6, "aliyun's spend");
    let served = |market: &str| number(&by_id(&aliyun["markets"], market)["customers"]);
    close(served("ecommerce"), 400.0, "e-commerce");
    close(served("education"), 100.0, "education");
    close(served("finance"), 3.0, "finance, on its own curve");
    close(
        number(&by_id(&plan["markets"], "finance")["customers"]),
        7.0,
        "finance in all",
    );
    let markdown = std::fs::read_to_string(out.join("per_market_curves.md")).unwrap();
    assert!(
        markdown.contains("ecommerce 400, education 100, finance 3"),
        "{markdown}"
    );
}

#[test]
fn the_budgets_marginal_value_is_what_building_with_more_budget_gives() {
    let out = out_dir("plans_marginal");
    let output = build("examples/medassist.strat", &out, &["--emit", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let plan = json_plan(&out, "medassist");
    let richer = out.join("richer.strat");
    std::fs::write(
        &richer,
        common::read("examples/medassist.strat").replace("budget 700k USD", "budget 707k USD"),
    )
    .unwrap();
    let output = build(richer.to_str().unwrap(), &out, &["--emit", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let rebuilt = json_plan(&out, "richer");
    let budget = by_id_field(&plan["marginal_values"], "constraint", "budget");
    assert_eq!(number(&budget["step"]), 7_000.0);
    for metric in [
        "revenue",
        "share",
        "customers",
        "satisfaction",
        "tech",
        "spend",
    ] {
        let difference =
            (number(&rebuilt["metrics"][metric]) - number(&plan["metrics"][metric])) / 7_000.0;
        let per_unit = number(&budget["metrics_per_unit"][metric]);
        assert!(
            (per_unit - difference).abs() <= 1e-6 * difference.abs().max(1e-9),
            "{metric}: {per_unit} per USD, but building with 707k gives {difference}"
        );
    }
    let objective =
        (number(&rebuilt["objective"]["value"]) - number(&plan["objective"]["value"])) / 7_000.0;
    let per_unit = number(&budget["per_unit"]);
    assert!(
        (per_unit - objective).abs() <= 1e-6 * objective.abs(),
        "objective: {per_unit} per USD, rebuilt {objective}"
    );
    // The figure: 7k USD more budget adds +0.0000453 to the weighted objective.
    assert!(
        (number(&budget["change"]) - 4.53e-5).abs() < 1e-6,
        "{budget}"
    );
}

/// The entry of `list` whose `field` is `value`.
fn by_id_field<'a>(list: &'a serde_json::Value, field: &str, value: &str) -> &'a serde_json::Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|item| item[field] == value)
        .unwrap_or_else(|| panic!("no {field} `{value}` in {list}"))
}

#[test]
fn a_closed_channel_says_what_opening_it_costs_or_what_stops_it() {
    // Forcing trade_show open spends 60k USD on its setup and 40k on its curve (300
    // customers... but community does more with it: 400), so revenue falls from 1.2M to
    // 480k a year. agency must spend 10k when open, which `pilot_cap` forbids.
    let out = out_dir("plans_closed");
    let output = build("tests/build/plans/closed_channels.strat", &out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let plan = json_plan(&out, "closed_channels");
    let trade_show = &by_id(&plan["closed_channels"], "trade_show")["forced_open"];
    assert_eq!(trade_show["status"], "optimal");
    close(
        number(&trade_show["metrics"]["revenue"]),
        480_000.0,
        "revenue forced open",
    );
    let agency = &by_id(&plan["closed_channels"], "agency")["forced_open"];
    assert_eq!(agency["status"], "infeasible");
    assert_eq!(
        agency["conflict"],
        serde_json::json!([
            { "requirement": "spend_min", "subject": "agency" },
            { "requirement": "constraint", "subject": "pilot_cap" }
        ])
    );
    let markdown = std::fs::read_to_string(out.join("closed_channels.md")).unwrap();
    for line in [
        "- `trade_show`: opening it costs about 720k USD/year of revenue, 6 points of share and 600 customers.\n",
        "- `agency`: opening it (at its 10k USD minimum or more) is impossible: it conflicts with the spend minimum of `agency` and constraint `pilot_cap`.\n",
    ] {
        assert!(markdown.contains(line), "{markdown}");
    }
    let html = std::fs::read_to_string(out.join("closed_channels.html")).unwrap();
    assert!(html.contains("<h3>Channels left closed</h3>"), "{html}");
}

#[test]
fn closed_channels_left_out_of_the_explanations_are_one_line_of_the_summary() {
    // All 25 channels stay closed; c6 to c25 are the 20 closest to opening.
    let out = out_dir("plans_many_closed");
    let output = build("tests/build/plans/many_closed_channels.strat", &out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let summary = text(&output.stderr);
    assert!(summary.starts_with("plan: optimal, revenue 0 USD/year, share 0%, customers 0, spend 0 of 1k USD\n  objective 0 USD/year"), "{summary}");
    for explained in 6..=25 {
        let line = format!(
            "  `c{explained}` left closed: opening it is impossible: it conflicts with the budget\n"
        );
        assert!(summary.contains(&line), "{summary}");
    }
    assert!(!summary.contains("`c5` left closed"), "{summary}");
    assert!(summary.contains("\n  5 closed channels are not explained: only the 20 closed channels closest to opening are"), "{summary}");
}

#[test]
fn customers_left_unserved_in_a_full_market_are_a_risk() {
    // boutique's 20k USD minimum wins 80 customers in a niche with room for 50.
    let out = out_dir("plans_unserved");
    let output = build("tests/build/plans/risk_unserved.strat", &out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let plan = json_plan(&out, "risk_unserved");
    let risk = by_id_field(&plan["risks"], "kind", "unserved");
    assert_eq!(risk["subject"], "niche");
    let sentence = "`niche` is full: its channels win 80 customers but only 50 can be served (what competitors leave), so 30 go unserved. The spend that wins them buys nothing; spend it elsewhere, or check the market's size.";
    assert_eq!(risk["sentence"], sentence);
    let markdown = std::fs::read_to_string(out.join("risk_unserved.md")).unwrap();
    assert!(markdown.contains(&format!("- {sentence}\n")), "{markdown}");
}

#[test]
fn no_point_of_the_frontier_is_dominated() {
    // Observed with the first contract's model: every point at the same revenue and share
    // rising, because the frontier started from any revenue optimum, not the one with the
    // most share.
    let out = out_dir("plans_frontier");
    let output = build("examples/medassist.strat", &out, &["--emit", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let plan = json_plan(&out, "medassist");
    let points: Vec<(f64, f64)> = plan["pareto"]
        .as_array()
        .unwrap()
        .iter()
        .map(|point| (number(&point["revenue"]), number(&point["share"])))
        .collect();
    assert_eq!(points.len(), 7);
    close(
        points[0].0,
        5_015_427.27,
        "the first point is revenue's ideal",
    );
    for (i, a) in points.iter().enumerate() {
        for b in &points[i + 1..] {
            let dominates = |x: &(f64, f64), y: &(f64, f64)| {
                x.0 >= y.0 * (1.0 - 1e-9)
                    && x.1 >= y.1 * (1.0 - 1e-9)
                    && (x.0 > y.0 * (1.0 + 1e-9) || x.1 > y.1 * (1.0 + 1e-9))
            };
            assert!(!dominates(a, b) && !dominates(b, a), "{points:?}");
        }
    }
}

#[test]
fn a_scenario_that_a_set_value_breaks_shows_its_own_diagnostics() {
    // With `--set incumbent=45%`, the `crowded` scenario's rival share of 60% leaves the
    // market to nobody: its diagnostic is shown, and the plan says the scenario does not
    // check.
    let out = out_dir("plans_scenario_breaks");
    let strategy = out.join("crowded.strat");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        &strategy,
        "strategy \"Crowded\" { currency USD; horizon 12 months; budget 100k USD }\n\
         param rival = 30%\n\
         param incumbent = 20%\n\
         market clinics {\n  size 10k customers; price 100 USD/month\n  competitor \"Rival\" share rival\n  competitor \"Incumbent\" share incumbent\n}\n\
         channel community { reaches clinics; response { 100k USD => 1k customers } }\n\
         objective maximize revenue\n\
         scenario crowded { rival = 60% }\n",
    )
    .unwrap();
    let output = build(
        strategy.to_str().unwrap(),
        &out,
        &["--set", "incumbent=45%"],
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[E0407]"), "{stderr}");
    assert!(
        stderr.contains("scenario crowded: does not check"),
        "{stderr}"
    );
    let plan = json_plan(&out, "crowded");
    assert_eq!(
        by_id(&plan["scenarios"], "crowded")["status"],
        "does_not_check"
    );
}

#[test]
fn a_price_per_token_is_a_monthly_price_of_price_times_usage() {
    // One market, one channel at the end of its curve (100 customers, live from month 0),
    // and pay_as_you_go's conversion of 110%: 110 customers served. The optimiser picks the
    // option that pays most: `api`, 0.012 USD per 1k tokens × 40M tokens/month = 480
    // USD/month (× 110% beats `team`'s 400 and `agent`'s 0.002 USD/call × 100k calls/month
    // = 200).
    let out = out_dir("plans_pay_per_use");
    let output = build("tests/check/ok/pay_per_use.strat", &out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let plan = json_plan(&out, "pay_per_use");
    let market = by_id(&plan["markets"], "developers");
    assert_eq!(market["pricing"], "api");
    let customers = 1.1 * 100.0;
    close(number(&market["customers"]), customers, "customers served");
    let (price, per, usage) = (0.012, 1000.0, 40e6);
    close(
        number(&market["monthly_price"]),
        price / per * usage,
        "monthly price",
    );
    assert_eq!(
        market["unit_price"],
        serde_json::json!({ "amount": 0.012, "per": 1000.0, "unit": "tokens" })
    );
    close(number(&market["usage_per_month"]), usage, "usage per month");
    let revenue = 12.0 * (price / per) * usage * (1.0 - 0.15) * customers;
    close(number(&market["revenue"]), revenue, "revenue");
    close(
        number(&plan["metrics"]["revenue"]),
        revenue,
        "the plan's revenue",
    );

    let markdown = std::fs::read_to_string(out.join("pay_per_use.md")).unwrap();
    let table: String = markdown
        .lines()
        .skip_while(|line| *line != "### Pricing")
        .take_while(|line| !line.starts_with("### Spend"))
        .map(|line| format!("{line}\n"))
        .collect();
    insta::assert_snapshot!(table);
    let html = std::fs::read_to_string(out.join("pay_per_use.html")).unwrap();
    assert!(
        html.contains("480 USD/month (0.012 USD per 1k tokens × 40M tokens/month)"),
        "{html}"
    );
}
