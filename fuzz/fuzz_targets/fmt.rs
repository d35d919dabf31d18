//! cargo-fuzz target: `stratc fmt`'s property of `tests/common/properties.rs` over any bytes.
#![no_main]

#[path = "../../tests/common/properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    if let Err(problem) = properties::fmt(bytes) {
        panic!("{problem}");
    }
});
