//! The one place numbers become text, so that every output formats them the same way.

/// A number for people: whole numbers without a fraction, others with up to four
/// decimals and no trailing zeros (`90`, `2.5`, `0.0496`). Negative zero prints as `0`.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let rounded = format!("{value:.4}");
    let trimmed = rounded.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

/// A number in three significant digits with a magnitude suffix, the way people write
/// amounts: `4.65M`, `700k`, `12.5k`, `350`, `0.425`.
pub fn compact(value: f64) -> String {
    let magnitude = value.abs();
    let (scaled, suffix) = if magnitude >= 1e9 {
        (value / 1e9, "B")
    } else if magnitude >= 1e6 {
        (value / 1e6, "M")
    } else if magnitude >= 1e3 {
        (value / 1e3, "k")
    } else {
        (value, "")
    };
    // Three significant digits, and at least two decimals below 10.
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
    format!("{text}{suffix}")
}

/// A fraction as a percent with two decimals at most: `0.0487` is `4.87%`.
pub fn percent(fraction: f64) -> String {
    let text = format!("{:.2}", fraction * 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{}%", if text == "-0" { "0" } else { text })
}

#[cfg(test)]
mod tests {
    use super::{compact, number, percent};

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
}
