//! cargo-fuzz target: `stratc build`'s property of `tests/common/properties.rs` over any bytes.
#![no_main]

#[path = "../../tests/common/properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    if let Err(problem) = properties::build(bytes) {
        panic!("{problem}");
    }
});
