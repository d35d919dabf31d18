//! Whole-program tests of `--emit csv`: the channels, markets, stages and schedule as CSV
//! files that Excel opens as they are (a byte order mark, CRLF, RFC 4180 quoting), with
//! the JSON plan's figures, guarded against formula injection, written with the rest of
//! the plan as one set.

mod common;

use std::path::Path;

use common::{build, json_plan, out_dir, text};

/// The tables of `--emit csv`, in the order they are written.
const TABLES: [&str; 4] = ["channels", "markets", "stages", "schedule"];

/// The CSV file `STEM.TABLE.csv` in `out`, as text.
fn read(out: &Path, stem: &str, table: &str) -> String {
    let bytes = std::fs::read(out.join(format!("{stem}.{table}.csv"))).unwrap();
    String::from_utf8(bytes).unwrap()
}

/// A CSV file's rows, read by the `csv` crate, each as a map from its header's names.
fn rows(csv: &str) -> Vec<std::collections::HashMap<String, String>> {
    let text = csv.strip_prefix('\u{FEFF}').expect("a byte order mark");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            assert_eq!(record.len(), header.len(), "{record:?}");
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// The row of `rows` whose `column` is `value`.
fn row<'a>(
    rows: &'a [std::collections::HashMap<String, String>],
    column: &str,
    value: &str,
) -> &'a std::collections::HashMap<String, String> {
    rows.iter()
        .find(|row| row[column] == value)
        .unwrap_or_else(|| panic!("no row with {column} {value}"))
}

/// `cell` as a number, and `json` as one, equal to a relative 1e-9.
fn same_figure(cell: &str, json: &serde_json::Value, what: &str) {
    let cell: f64 = cell.parse().unwrap_or_else(|_| panic!("{what}: `{cell}`"));
    let json = json.as_f64().unwrap();
    assert!(
        (cell - json).abs() <= 1e-9 * json.abs().max(1.0),
        "{what}: {cell} in the CSV, {json} in the JSON"
    );
}

#[test]
fn the_csv_tables_hold_the_json_plans_figures() {
    let out = out_dir("csv_medassist");
    let output = build("examples/medassist.strat", &out, &["--emit", "csv,json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    for table in TABLES {
        let csv = read(&out, "medassist", table);
        assert!(csv.starts_with('\u{FEFF}'), "{table}: a byte order mark");
        assert!(
            csv.ends_with("\r\n") && !csv.replace("\r\n", "").contains('\n'),
            "{table}: CRLF line ends"
        );
        insta::assert_snapshot!(format!("medassist_{table}_csv"), csv);
    }
    let plan = json_plan(&out, "medassist");

    let channels = rows(&read(&out, "medassist", "channels"));
    assert_eq!(channels.len(), plan["channels"].as_array().unwrap().len());
    for channel in plan["channels"].as_array().unwrap() {
        let id = channel["id"].as_str().unwrap();
        let row = row(&channels, "id", id);
        same_figure(&row["promotion"], &channel["spend"], "promotion");
        same_figure(&row["setup"], &channel["setup"], "setup");
        same_figure(&row["customers"], &channel["customers"], "customers");
        same_figure(&row["revenue_per_year"], &channel["revenue"], "revenue");
        let ramp: f64 = row["ramp_pct"].parse().unwrap();
        same_figure(&(ramp / 100.0).to_string(), &channel["ramp"], "ramp");
        assert_eq!(
            row["active"],
            if channel["active"] == true {
                "yes"
            } else {
                "no"
            }
        );
    }

    let markets = rows(&read(&out, "medassist", "markets"));
    let hospitals = row(&markets, "id", "hospitals");
    assert_eq!(hospitals["title"], "Tier-2 and tier-3 hospitals");
    assert_eq!(hospitals["pricing"], "usage");
    assert_eq!(hospitals["monthly_price"], "1500");
    let json = plan["markets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|market| market["id"] == "hospitals")
        .unwrap();
    same_figure(&hospitals["customers"], &json["customers"], "customers");
    same_figure(&hospitals["revenue_per_year"], &json["revenue"], "revenue");
    let share: f64 = hospitals["share_pct"].parse().unwrap();
    same_figure(&(share / 100.0).to_string(), &json["share"], "share");

    let stages = rows(&read(&out, "medassist", "stages"));
    for (row, json) in stages.iter().zip(plan["stages"].as_array().unwrap()) {
        assert_eq!(row["id"], json["id"].as_str().unwrap());
        same_figure(&row["spend"], &json["spend"], "stage spend");
        same_figure(&row["finish_month"], &json["finish_month"], "finish");
    }
    let schedule = rows(&read(&out, "medassist", "schedule"));
    let interviews = row(&schedule, "id", "interviews");
    assert_eq!(interviews["title"], "Interview 30 hospital CIOs");
    assert_eq!(interviews["start_date"], "2027-01-04");
    same_figure(
        &interviews["finish_month"],
        &plan["stages"][0]["tasks"][0]["finish_month"],
        "finish",
    );
    // Only opened channels are scheduled, as in the plan.
    let openings = schedule
        .iter()
        .filter(|row| row["kind"] == "opening")
        .count();
    let opened = channels.iter().filter(|row| row["active"] == "yes").count();
    assert_eq!(openings, opened);
}

#[test]
fn chinese_titles_come_through_whole() {
    let out = out_dir("csv_chinese");
    let output = build(
        "tests/build/plans/chinese_titles.strat",
        &out,
        &["--emit", "csv"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let channels = rows(&read(&out, "chinese_titles", "channels"));
    assert_eq!(
        row(&channels, "id", "aliyun")["title"],
        "阿里云云市场（含钉钉医疗应用中心与宜搭低代码生态合作伙伴计划）"
    );
    assert_eq!(
        row(&channels, "id", "association")["title"],
        "中国医院协会信息专业委员会: \"CHIMA\" <年会> #1"
    );
    assert_eq!(
        row(&channels, "id", "aliyun")["description"],
        "阿里云云市场上架，AWS Marketplace 同步上架。"
    );
    let stages = rows(&read(&out, "chinese_titles", "stages"));
    assert_eq!(row(&stages, "id", "promotion")["title"], "推广：线上与线下");
    assert_eq!(row(&stages, "id", "model")["title"], "");
}

#[test]
fn a_price_per_token_comes_with_its_unit_and_usage() {
    let out = out_dir("csv_pay_per_use");
    let output = build("tests/check/ok/pay_per_use.strat", &out, &["--emit", "csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let markets = rows(&read(&out, "pay_per_use", "markets"));
    let developers = row(&markets, "id", "developers");
    assert_eq!(developers["pricing"], "api");
    assert_eq!(developers["monthly_price"], "480");
    assert_eq!(developers["unit_price"], "0.012");
    assert_eq!(developers["unit_price_per"], "1000");
    assert_eq!(developers["unit"], "tokens");
    assert_eq!(developers["usage_per_month"], "40000000");
}

#[test]
fn a_text_a_spreadsheet_would_run_as_a_formula_starts_with_a_quote() {
    let out = out_dir("csv_formulas");
    let output = build(
        "tests/build/plans/formula_titles.strat",
        &out,
        &["--emit", "csv"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let markets = rows(&read(&out, "formula_titles", "markets"));
    assert_eq!(
        row(&markets, "id", "clinics")["title"],
        "'=HYPERLINK(\"http://example.com\", \"click\")"
    );
    assert_eq!(row(&markets, "id", "clinics")["description"], "'@SUM(1+1)");
    assert_eq!(row(&markets, "id", "labs")["title"], "'-2+3");
    let channels = rows(&read(&out, "formula_titles", "channels"));
    assert_eq!(
        row(&channels, "id", "community")["title"],
        "'+1, or \"more\""
    );
    let stages = rows(&read(&out, "formula_titles", "stages"));
    assert_eq!(row(&stages, "id", "research")["title"], "'@research");
    let schedule = rows(&read(&out, "formula_titles", "schedule"));
    assert_eq!(row(&schedule, "id", "interviews")["title"], "'=1+1");
    // No cell of any table starts a formula.
    for table in TABLES {
        for row in rows(&read(&out, "formula_titles", table)) {
            for (column, cell) in row {
                let number = cell.parse::<f64>().is_ok();
                assert!(
                    number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{table}.{column}: {cell}"
                );
            }
        }
    }
}

#[test]
fn without_a_plan_each_table_holds_its_header() {
    let out = out_dir("csv_infeasible");
    let file = "tests/build/errors/E0701_infeasible.strat";
    let output = build(file, &out, &["--emit", "csv"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let csv = read(&out, "E0701_infeasible", "channels");
    assert!(csv.starts_with("\u{FEFF}id,title,"), "{csv}");
    assert_eq!(csv.matches("\r\n").count(), 1, "{csv}");
}

#[test]
fn the_csv_files_are_written_with_the_rest_of_the_plan_or_not_at_all() {
    let out = out_dir("csv_all_or_none");
    // A folder where one table would go: no rename can replace it.
    std::fs::create_dir_all(out.join("medassist.stages.csv")).unwrap();
    let output = build("examples/medassist.strat", &out, &["--emit", "json,csv"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("no plan file was written"),
        "{}",
        text(&output.stderr)
    );
    for name in [
        "medassist.json",
        "medassist.channels.csv",
        "medassist.markets.csv",
    ] {
        assert!(!out.join(name).exists(), "{name} was written");
    }
}
