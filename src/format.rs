//! The one place numbers become text, so that every output formats them the same way.

/// A number for people: whole numbers without a fraction, others with up to four
/// decimals and no trailing zeros (`90`, `2.5`, `0.0496`). Negative zero prints as `0`.
pub fn number(value: f64) -> String {
    fixed(value, 4)
}

/// A time in months as the plans show it, to a tenth of a month (three days): `2.7`, `3`.
/// A go-live at 2.6923 months is a lead of weeks counted in months; its four decimals
/// would claim a precision no schedule has.
pub fn months(value: f64) -> String {
    fixed(value, 1)
}

/// `value` with at most `decimals` decimals, without trailing zeros; negative zero is 0.
fn fixed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let rounded = format!("{value:.decimals$}");
    let trimmed = rounded.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

/// How much smaller than the largest figure of its kind a figure must be to be the
/// solver's rounding rather than a figure (contract §6).
pub const NOISE: f64 = 1e-9;

/// `value`, or 0 when it is smaller in magnitude than [`NOISE`] times `largest`, the
/// largest figure of its kind: a closed channel spends 0, not `-1.78e-10`. Negative zero
/// is 0 too.
pub fn without_noise(value: f64, largest: f64) -> f64 {
    if value == 0.0 || value.abs() < NOISE * largest.abs() {
        0.0
    } else {
        value
    }
}

/// The magnitudes of English amounts, largest first: what [`compact`] writes.
const WESTERN: [(f64, &str); 3] = [(1e9, "B"), (1e6, "M"), (1e3, "k")];

/// A number in three significant digits with a magnitude suffix, the way people write
/// amounts in English: `4.65M`, `700k`, `12.5k`, `350`, `0.425`. A figure that rounds up
/// to the next magnitude takes it: 999,950 is `1M`, not `1000k`.
pub fn compact(value: f64) -> String {
    compact_with(value, &WESTERN, "")
}

/// `value` in the magnitudes `magnitudes` (largest first): at least three significant
/// digits, and at least two decimals below 10; whole numbers of four digits or more below
/// the smallest magnitude grouped by thousands with `thousands`.
fn compact_with(value: f64, magnitudes: &[(f64, &str)], thousands: &str) -> String {
    let (text, factor, suffix) = scaled(value, magnitudes);
    // Rounding can carry a figure into the next magnitude: write it there.
    let rounded = text.parse::<f64>().unwrap_or(value) * factor;
    let (text, _, suffix) = if magnitude_of(rounded, magnitudes).0 != factor {
        scaled(rounded, magnitudes)
    } else {
        (text, factor, suffix)
    };
    let text = if suffix.is_empty() && !thousands.is_empty() {
        grouped(&text, thousands)
    } else {
        text
    };
    format!("{text}{suffix}")
}

/// The largest magnitude of `magnitudes` not above `value`: its factor and suffix, or 1
/// and no suffix.
fn magnitude_of<'a>(value: f64, magnitudes: &[(f64, &'a str)]) -> (f64, &'a str) {
    magnitudes
        .iter()
        .find(|(factor, _)| value.abs() >= *factor)
        .map_or((1.0, ""), |&(factor, suffix)| (factor, suffix))
}

/// `value` in its magnitude, rounded to the digits it shows: the text, the factor and
/// the suffix.
fn scaled<'a>(value: f64, magnitudes: &[(f64, &'a str)]) -> (String, f64, &'a str) {
    let (factor, suffix) = magnitude_of(value, magnitudes);
    let scaled = value / factor;
    let digits = if scaled.abs() >= 100.0 {
        0
    } else if scaled.abs() >= 10.0 {
        1
    } else if scaled.abs() >= 1.0 || scaled == 0.0 {
        2
    } else {
        (2 - scaled.abs().log10().floor() as i32).clamp(2, 12) as usize
    };
    let text = format!("{scaled:.digits$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    let text = if text == "-0" { "0" } else { text };
    (text.to_string(), factor, suffix)
}

/// Whole digits grouped by thousands: `8500` is `8,500`; a fraction or fewer than four
/// digits stay as they are.
fn grouped(text: &str, separator: &str) -> String {
    let (sign, digits) = text.split_at(usize::from(text.starts_with('-')));
    if digits.len() < 4 || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return text.to_string();
    }
    let mut out = String::from(sign);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

/// How a language writes numbers and dates, read from its locale file's `[format]`.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notation {
    /// A date, with `{yyyy}`, `{mm}`, `{dd}` (two digits) and `{m}`, `{d}` (as few as
    /// need): `{yyyy}-{mm}-{dd}`, `{yyyy}年{m}月{d}日`.
    pub date: String,
    /// What groups the thousands of a whole number below the smallest magnitude.
    pub thousands: String,
    /// The magnitude suffixes, largest first.
    pub magnitudes: Vec<Magnitude>,
}

/// A magnitude suffix: `M` for 1e6, `万` for 1e4.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Magnitude {
    pub factor: f64,
    pub suffix: String,
}

impl Notation {
    /// An amount in three significant digits in this language's magnitudes: `1.27亿`,
    /// `350万`, `8,500`.
    pub fn compact(&self, value: f64) -> String {
        let magnitudes: Vec<(f64, &str)> = self
            .magnitudes
            .iter()
            .map(|magnitude| (magnitude.factor, magnitude.suffix.as_str()))
            .collect();
        compact_with(value, &magnitudes, &self.thousands)
    }

    /// A count of things that come whole, such as customers: [`Notation::compact`] of the
    /// nearest whole number (the JSON plan keeps the exact figure).
    pub fn count(&self, value: f64) -> String {
        self.compact(value.round())
    }

    /// The date `months` after `start`, as [`date_after`] counts, in this language.
    pub fn date_after(&self, start: (u16, u8, u8), months: f64) -> String {
        let (year, month, day) = civil_after(start, months);
        self.date
            .replace("{yyyy}", &format!("{year:04}"))
            .replace("{mm}", &format!("{month:02}"))
            .replace("{dd}", &format!("{day:02}"))
            .replace("{m}", &month.to_string())
            .replace("{d}", &day.to_string())
    }
}

/// A whole number as its digits, however large: a seed.
pub fn whole(value: u64) -> String {
    value.to_string()
}

/// A fraction as a percent with two decimals at most: `0.0487` is `4.87%`.
pub fn percent(fraction: f64) -> String {
    let text = format!("{:.2}", fraction * 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{}%", if text == "-0" { "0" } else { text })
}

/// The date `months` after `start` (year, month, day), as `YYYY-MM-DD`, with a month of
/// 365/12 days (the contract's year of 365 days) rounded to the nearest day.
pub fn date_after(start: (u16, u8, u8), months: f64) -> String {
    let (year, month, day) = civil_after(start, months);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The year, month and day `months` after `start`.
fn civil_after(start: (u16, u8, u8), months: f64) -> (i64, i64, i64) {
    let days = (months * 365.0 / 12.0).round() as i64;
    civil_from_days(days_from_civil(start) + days)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil((year, month, day): (u16, u8, u8)) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a count of days since 1970-01-01, the inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The significant digits [`decimal`] keeps: more than any figure of a plan means, fewer
/// than float arithmetic leaves (`4.869500000000001`).
const SIGNIFICANT_DIGITS: i32 = 12;

/// A number for spreadsheets and tools: plain decimal digits, without an exponent, a
/// thousands separator or a magnitude suffix (`4650336.04`, `4.8695`, `-12`), rounded to
/// twelve significant digits and no trailing zeros. Negative zero is `0`.
pub fn decimal(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    if value == 0.0 {
        return "0".to_string();
    }
    let magnitude = value.abs().log10().floor() as i32;
    // Past 20 decimals a figure of a plan is rounding: it prints as 0.
    let decimals = (SIGNIFICANT_DIGITS - 1 - magnitude).clamp(0, 20) as usize;
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    if text == "-0" { "0" } else { text }.to_string()
}

/// `value` rounded to the significant digits [`decimal`] keeps: the float closest to what
/// [`decimal`] writes.
pub fn significant(value: f64) -> f64 {
    decimal(value).parse().unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::{Magnitude, Notation, compact, date_after, months, number, percent, without_noise};

    /// The notation of `locales/zh-CN.toml`.
    fn chinese() -> Notation {
        let magnitude = |factor: f64, suffix: &str| Magnitude {
            factor,
            suffix: suffix.to_string(),
        };
        Notation {
            date: "{yyyy}年{m}月{d}日".into(),
            thousands: ",".into(),
            magnitudes: vec![
                magnitude(1e12, "万亿"),
                magnitude(1e8, "亿"),
                magnitude(1e4, "万"),
            ],
        }
    }

    #[test]
    fn chinese_amounts_count_in_wan_and_yi() {
        let zh = chinese();
        assert_eq!(zh.compact(126_619_393.44), "1.27亿");
        assert_eq!(zh.compact(3_500_000.0), "350万");
        assert_eq!(zh.compact(12_345_678.0), "1235万");
        assert_eq!(zh.compact(12_500.0), "1.25万");
        assert_eq!(zh.compact(8_500.0), "8,500");
        assert_eq!(zh.compact(8_567.4), "8,567");
        assert_eq!(zh.compact(350.0), "350");
        assert_eq!(zh.compact(0.4249), "0.425");
        assert_eq!(zh.compact(0.0), "0");
        assert_eq!(zh.compact(-8_500.0), "-8,500");
        assert_eq!(zh.compact(-3_500_000.0), "-350万");
        assert_eq!(zh.compact(2.5e12), "2.5万亿");
        assert_eq!(zh.count(604.4), "604");
        assert_eq!(zh.count(-0.3), "0");
    }

    #[test]
    fn rounding_up_takes_the_next_magnitude() {
        assert_eq!(compact(999_950.0), "1M");
        assert_eq!(compact(999_499.0), "999k");
        assert_eq!(compact(999.95), "1k");
        assert_eq!(compact(-999_950.0), "-1M");
        assert_eq!(compact(999_950_000.0), "1B");
        let zh = chinese();
        assert_eq!(zh.compact(99_995_000.0), "1亿");
        assert_eq!(zh.compact(9_999.6), "1万");
        assert_eq!(zh.compact(-9_999.6), "-1万");
        assert_eq!(zh.compact(99_960.0), "10万");
    }

    #[test]
    fn chinese_dates_have_year_month_and_day() {
        let zh = chinese();
        assert_eq!(zh.date_after((2027, 3, 4), 0.0), "2027年3月4日");
        assert_eq!(zh.date_after((2027, 1, 4), 12.0), "2028年1月4日");
    }

    #[test]
    fn dates_count_months_of_365_12_days() {
        assert_eq!(date_after((2027, 1, 4), 0.0), "2027-01-04");
        // 2.692308 months is 81.9 days: 82 days after 4 January is 27 March.
        assert_eq!(date_after((2027, 1, 4), 2.692308), "2027-03-27");
        assert_eq!(date_after((2027, 1, 4), 12.0), "2028-01-04");
        // Across a leap day: 2028-02-28 plus one day.
        assert_eq!(date_after((2028, 2, 28), 12.0 / 365.0), "2028-02-29");
        assert_eq!(date_after((1999, 12, 31), 12.0 / 365.0), "2000-01-01");
    }

    #[test]
    fn amounts_are_compact() {
        assert_eq!(compact(4_650_336.04), "4.65M");
        assert_eq!(compact(700_000.0), "700k");
        assert_eq!(compact(12_500.0), "12.5k");
        assert_eq!(compact(350.0), "350");
        assert_eq!(compact(0.4249), "0.425");
        assert_eq!(compact(0.0012345), "0.00123");
        assert_eq!(compact(0.0), "0");
        assert_eq!(compact(-1_500.0), "-1.5k");
        assert_eq!(compact(2.5e9), "2.5B");
        assert_eq!(percent(0.048694), "4.87%");
        assert_eq!(percent(0.5), "50%");
    }

    #[test]
    fn numbers_have_one_spelling() {
        assert_eq!(number(90.0), "90");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(0.049635712), "0.0496");
        assert_eq!(number(-0.00001), "0");
        assert_eq!(number(1_200_000.0), "1200000");
    }

    #[test]
    fn months_are_shown_to_a_tenth() {
        assert_eq!(months(2.692_307_7), "2.7");
        assert_eq!(months(0.461_538), "0.5");
        assert_eq!(months(3.0), "3");
        assert_eq!(months(2.96), "3");
        assert_eq!(months(-0.01), "0");
    }

    #[test]
    fn rounding_noise_is_zero_against_the_largest_figure_of_its_kind() {
        assert_eq!(without_noise(-1.78e-10, 700_000.0), 0.0);
        assert!(without_noise(-0.0, 1.0).is_sign_positive());
        assert_eq!(
            without_noise(-1.78e-10, 1e-9),
            -1.78e-10,
            "small, but not beside its kind"
        );
        assert_eq!(without_noise(0.5, 700_000.0), 0.5);
    }

    #[test]
    fn decimals_are_plain_digits_without_float_noise() {
        use super::{decimal, significant};
        assert_eq!(decimal(4_650_336.04), "4650336.04");
        assert_eq!(decimal(0.048695 * 100.0), "4.8695");
        assert_eq!(decimal(0.1 + 0.2), "0.3");
        assert_eq!(decimal(1.5e9), "1500000000");
        assert_eq!(decimal(2.5e-7), "0.00000025");
        assert_eq!(decimal(-12.0), "-12");
        assert_eq!(decimal(-0.0), "0");
        assert_eq!(decimal(1e-30), "0");
        assert_eq!(significant(7_999_999.999_999_999), 8_000_000.0);
        assert_eq!(significant(0.1 + 0.2), 0.3);
        assert_eq!(significant(5.124_463_765_306_675e-8), 5.124_463_765_31e-8);
        assert_eq!(decimal(123_456_789_012_345.0), "123456789012345");
    }
}
