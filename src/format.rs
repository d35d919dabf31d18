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

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_have_one_spelling() {
        assert_eq!(number(90.0), "90");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(0.049635712), "0.0496");
        assert_eq!(number(-0.00001), "0");
        assert_eq!(number(1_200_000.0), "1200000");
    }
}
