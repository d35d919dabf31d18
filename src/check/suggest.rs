//! "Did you mean …": the nearest known name to a misspelt one.

/// The candidate closest to `name` by edit distance, if it is close enough to be a likely
/// typo (at most a third of the name's length, and at least one edit allowed).
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|candidate| *candidate != name)
        .map(|candidate| (distance(name, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
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

/// The Levenshtein distance between two strings, in characters.
fn distance(a: &str, b: &str) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_near_names_only() {
        let names = ["hospitals", "clinics", "aws_marketplace"];
        assert_eq!(nearest("hospital", names), Some("hospitals"));
        assert_eq!(nearest("clinix", names), Some("clinics"));
        assert_eq!(nearest("aws_marketplce", names), Some("aws_marketplace"));
        assert_eq!(nearest("banks", names), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
