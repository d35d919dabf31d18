//! Every locale file against English: the same keys, the same placeholders; and every key
//! the code asks for is in English.

use std::collections::BTreeMap;

use super::{Locale, fill, placeholders};

/// The keys of `table` with their placeholders, sorted.
fn shape(table: &BTreeMap<String, String>) -> BTreeMap<&str, Vec<String>> {
    table
        .iter()
        .map(|(key, text)| {
            let mut names = placeholders(text);
            names.sort();
            (key.as_str(), names)
        })
        .collect()
}

#[test]
fn every_locale_has_the_keys_and_placeholders_of_english() {
    let english = Locale::english();
    assert!(Locale::tags().len() >= 2, "{:?}", Locale::tags());
    for tag in Locale::tags() {
        let locale = Locale::named(tag).unwrap();
        assert_eq!(locale.tag, tag);
        for (what, theirs, ours) in [
            ("strings", &locale.strings, &english.strings),
            ("units", &locale.units, &english.units),
        ] {
            let (theirs, ours) = (shape(theirs), shape(ours));
            let missing: Vec<&&str> = ours
                .keys()
                .filter(|key| !theirs.contains_key(*key))
                .collect();
            let extra: Vec<&&str> = theirs
                .keys()
                .filter(|key| !ours.contains_key(*key))
                .collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "locales/{tag}.toml [{what}]: missing {missing:?}, not in English {extra:?}"
            );
            for (key, names) in &ours {
                assert_eq!(
                    &theirs[key], names,
                    "locales/{tag}.toml [{what}] `{key}` has other placeholders than English"
                );
            }
        }
    }
}

#[test]
fn english_numbers_are_those_of_format_compact() {
    let english = &Locale::english().format;
    for value in [
        0.0, 0.0123, 12.5, 999.95, 8_500.0, 999_950.0, -1_500.0, 4.65e6, 2.5e9,
    ] {
        assert_eq!(
            english.compact(value),
            crate::format::compact(value),
            "{value}"
        );
    }
    assert_eq!(english.date_after((2027, 3, 4), 0.0), "2027-03-04");
}

/// Each key the code names (`.text("key")`, `.fill("key"`, `fill t.key` in a template)
/// is an English string.
#[test]
fn every_key_the_code_names_is_in_english() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![
        root.join("templates/plan.md.hbs"),
        root.join("templates/plan.html.hbs"),
    ];
    let mut folders = vec![root.join("src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs")
                && !path.ends_with("locale/tests.rs")
            {
                files.push(path);
            }
        }
    }
    let english = &Locale::english().strings;
    let mut named = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for opener in [".text(\"", ".fill(\"", "t."] {
            for (at, _) in text.match_indices(opener) {
                let rest = &text[at + opener.len()..];
                let key: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                let closed = rest[key.len()..].starts_with(['"', '}', ' ']);
                let template = opener == "t.";
                let is_template = file.extension().is_some_and(|ext| ext == "hbs");
                if key.is_empty() || !closed || template != is_template {
                    continue;
                }
                named += 1;
                assert!(
                    english.contains_key(&key),
                    "{} names `{key}`, which locales/en.toml does not have",
                    file.display()
                );
            }
        }
    }
    assert!(named > 100, "only {named} keys found: is the scan broken?");
}

#[test]
fn placeholders_fill_by_name_and_others_stay() {
    let value = |name: &str| (name == "id").then(|| "aws".to_string());
    assert_eq!(fill("`{id}` brings {share}", value), "`aws` brings {share}");
    assert_eq!(fill("{ {id}} {", value), "{ aws} {");
    assert_eq!(placeholders("{a} and {b_2} {not a name}"), ["a", "b_2"]);
}

#[test]
fn units_read_in_the_language() {
    let chinese = Locale::named("zh-CN").unwrap();
    assert_eq!(chinese.unit("CNY/year"), "CNY/年");
    assert_eq!(chinese.unit("per customer"), "每客户");
    assert_eq!(chinese.unit("months"), "个月");
    assert_eq!(chinese.unit("tokens"), "tokens");
    assert_eq!(chinese.quantity(1.27e8, "CNY/year"), "1.27亿 CNY/年");
    assert_eq!(Locale::english().unit("per customer"), "per customer");
    assert_eq!(
        chinese.list(&["a".into(), "b".into(), "c".into()]),
        "a、b 和 c"
    );
    assert_eq!(chinese.sentence("收入"), "收入。");
    assert_eq!(Locale::english().sentence("revenue"), "Revenue.");
}
