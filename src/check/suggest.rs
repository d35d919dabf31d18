//! "Did you mean …": the nearest known name to a misspelt one.
//!
//! A strategy with thousands of misspelt names among thousands of known ones asks for
//! millions of distances, so each is the bit-parallel algorithm of Myers (1999) in
//! Hyyrö's form for edit distance: one pass over the candidate, a few word operations per
//! character. Names longer than a machine word get no suggestion: nobody misspells a
//! 65-character name by one letter, and the quadratic table would take seconds.

/// The longest name that gets a suggestion, in characters.
const MAX_SUGGESTED_LEN: usize = 64;

/// The candidate closest to `name` by edit distance in characters, if it is close enough
/// to be a likely typo: at most a third of the name's length in edits, at least one edit
/// allowed, and at least one character kept. Distances count characters, not bytes, so a
/// Chinese name is judged like any other: `医治` is one edit from `医疗` and gets it as a
/// suggestion, while `医` is one edit from `金` too but shares nothing with it.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let pattern = Pattern::new(name)?;
    let limit = (pattern.len / 3).max(1);
    candidates
        .into_iter()
        .filter(|candidate| *candidate != name)
        .filter_map(|candidate| {
            let distance = pattern.distance_within(candidate, limit)?;
            // Replacing every character of the longer name is no typo: `a` for `b`.
            let longer = pattern.len.max(candidate.chars().count());
            (distance < longer).then_some((distance, candidate))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, candidate)| candidate)
}

/// The help line for an unknown name: `did you mean `x`?`, if a near name exists.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    nearest(name, candidates).map(|near| format!("did you mean `{near}`?"))
}

/// A name prepared for the bit-parallel distance: for each character, the positions where
/// it occurs, as bits.
struct Pattern {
    len: usize,
    ascii: [u64; 128],
    other: Vec<(char, u64)>,
}

impl Pattern {
    /// `name` prepared, or `None` when it is empty or too long to get a suggestion.
    fn new(name: &str) -> Option<Pattern> {
        let mut pattern = Pattern {
            len: 0,
            ascii: [0; 128],
            other: Vec::new(),
        };
        for (index, c) in name.chars().enumerate() {
            if index == MAX_SUGGESTED_LEN {
                return None;
            }
            let bit = 1u64 << index;
            match pattern.ascii.get_mut(c as usize) {
                Some(mask) => *mask |= bit,
                None => match pattern.other.iter_mut().find(|(known, _)| *known == c) {
                    Some((_, mask)) => *mask |= bit,
                    None => pattern.other.push((c, bit)),
                },
            }
            pattern.len = index + 1;
        }
        (pattern.len > 0).then_some(pattern)
    }

    fn positions(&self, c: char) -> u64 {
        match self.ascii.get(c as usize) {
            Some(mask) => *mask,
            None => self
                .other
                .iter()
                .find(|(known, _)| *known == c)
                .map_or(0, |(_, mask)| *mask),
        }
    }

    /// The edit distance to `text`, if it is at most `limit`.
    fn distance_within(&self, text: &str, limit: usize) -> Option<usize> {
        // The distance is at least the difference in length.
        let text_len = text.chars().take(self.len + limit + 1).count();
        if text_len.abs_diff(self.len) > limit {
            return None;
        }
        let distance = self.distance(text);
        (distance <= limit).then_some(distance)
    }

    /// The Levenshtein distance to `text`, in characters (Hyyrö's bit-vector algorithm:
    /// the vertical differences of the dynamic programming table's column, as bits).
    fn distance(&self, text: &str) -> usize {
        let last = 1u64 << (self.len - 1);
        let (mut positive, mut negative) = (u64::MAX, 0u64);
        let mut score = self.len;
        for c in text.chars() {
            let equal = self.positions(c);
            let x_vertical = equal | negative;
            let x_horizontal = ((equal & positive).wrapping_add(positive) ^ positive) | equal;
            let mut h_positive = negative | !(x_horizontal | positive);
            let mut h_negative = positive & x_horizontal;
            if h_positive & last != 0 {
                score += 1;
            } else if h_negative & last != 0 {
                score -= 1;
            }
            // Row 0 of the table grows by one per character of `text`.
            h_positive = (h_positive << 1) | 1;
            h_negative <<= 1;
            positive = h_negative | !(x_vertical | h_positive);
            negative = h_positive & x_vertical;
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook dynamic programme, to check the bit-parallel one against.
    fn table_distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut previous: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut current = vec![i + 1];
            for (j, cb) in b.iter().enumerate() {
                let substitution = previous[j] + usize::from(ca != *cb);
                current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
            }
            previous = current;
        }
        previous[b.len()]
    }

    #[test]
    fn finds_near_names_only() {
        let names = ["hospitals", "clinics", "aws_marketplace"];
        assert_eq!(nearest("hospital", names), Some("hospitals"));
        assert_eq!(nearest("clinix", names), Some("clinics"));
        assert_eq!(nearest("aws_marketplce", names), Some("aws_marketplace"));
        assert_eq!(nearest("banks", names), None);
        assert_eq!(nearest("", names), None);
        assert_eq!(nearest(&"a".repeat(65), [&*"a".repeat(66)]), None);
    }

    #[test]
    fn chinese_names_are_compared_by_characters() {
        let names = [
            "医疗",
            "金融",
            "教育",
            "阿里云市场",
            "华为云",
            "开发者社区",
            "行业协会",
        ];
        // One character of two mistyped, left out or added.
        assert_eq!(nearest("医治", names), Some("医疗"));
        assert_eq!(nearest("金", names), Some("金融"));
        assert_eq!(nearest("教育局", names), Some("教育"));
        assert_eq!(nearest("阿里云市", names), Some("阿里云市场"));
        assert_eq!(nearest("阿里去市场", names), Some("阿里云市场"));
        assert_eq!(nearest("华为", names), Some("华为云"));
        assert_eq!(nearest("开发社区", names), Some("开发者社区"));
        // Two characters of five are two edits: more than a third.
        assert_eq!(nearest("阿里云商店", names), None);
        // A name with nothing in common gets nothing, however short.
        assert_eq!(nearest("银行", names), None);
        assert_eq!(nearest("医", ["金"]), None);
        assert_eq!(nearest("x", ["y"]), None);
        assert_eq!(nearest("x", ["xy"]), Some("xy"));
    }

    #[test]
    fn the_bit_parallel_distance_is_the_table_distance() {
        let words = [
            "kitten",
            "sitting",
            "",
            "a",
            "ab",
            "ba",
            "医疗",
            "医院",
            "flaw",
            "lawn",
            "aws_marketplace",
            "marketplace_aws",
            "ééé",
            "e\u{301}",
        ];
        for a in words.iter().filter(|word| !word.is_empty()) {
            let pattern = Pattern::new(a).unwrap();
            for b in words {
                assert_eq!(pattern.distance(b), table_distance(a, b), "{a} {b}");
            }
        }
        let long = "x".repeat(64);
        let pattern = Pattern::new(&long).unwrap();
        assert_eq!(pattern.distance(&"x".repeat(60)), 4);
        assert_eq!(pattern.distance("y"), 64);
    }

    proptest::proptest! {
        #[test]
        fn the_bit_parallel_distance_agrees_on_random_names(
            a in "[ab_é]{1,64}",
            b in "[ab_é]{0,80}",
        ) {
            let pattern = Pattern::new(&a).unwrap();
            proptest::prop_assert_eq!(pattern.distance(&b), table_distance(&a, &b));
        }
    }
}
