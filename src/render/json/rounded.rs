//! The JSON plan's pretty-printer, with every float rounded to the twelve significant
//! digits the CSV tables keep (`format::significant`): a plan spends `8000000.0`, not the
//! solver's `7999999.999999999`, and a reviewer's diff of two plans shows what moved,
//! not which last digit the arithmetic landed on.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::format;

/// `value` as pretty-printed JSON, its floats rounded.
pub(super) fn to_string_pretty(value: &impl Serialize) -> serde_json::Result<String> {
    let mut text = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut text, Rounded(PrettyFormatter::new()));
    value.serialize(&mut serializer)?;
    Ok(String::from_utf8(text).expect("serde_json writes UTF-8"))
}

/// serde_json's pretty layout, writing each float rounded.
struct Rounded<'a>(PrettyFormatter<'a>);

impl Formatter for Rounded<'_> {
    fn write_f64<W: ?Sized + Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        self.0.write_f64(writer, format::significant(value))
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn floats_are_rounded_and_the_layout_is_serde_jsons() {
        let plan = json!({ "spend": 7_999_999.999_999_999, "items": [0.1 + 0.2, 3], "id": "a" });
        assert_eq!(
            super::to_string_pretty(&plan).unwrap(),
            serde_json::to_string_pretty(
                &json!({ "spend": 8_000_000.0, "items": [0.3, 3], "id": "a" })
            )
            .unwrap()
        );
    }
}
