//! Arbitrary bytes through `fix_bytes` and the UTF-8 path.
//!
//! Shared by the fuzz target of the same name and by `tests/fuzz_seeds.rs`,
//! which runs it on the committed seeds.

/// Panics when `data` breaks the property.
pub fn check(data: &[u8]) {
    let ours = mojifix::Utf8Error::from_bytes(data);
    match std::str::from_utf8(data) {
        Ok(_) => assert_eq!(ours, None, "from_bytes rejected valid UTF-8"),
        Err(e) => {
            let ours = ours.expect("from_bytes accepted invalid UTF-8");
            assert_eq!(ours.offset, e.valid_up_to() as u64, "wrong offset");
        }
    }

    // Any bytes decode: never empty for non-empty input, spans cover the
    // input in order, replaced bytes add up.
    let fixed = mojifix::fix_bytes(data);
    assert_eq!(data.is_empty(), fixed.text.is_empty(), "empty output");
    let mut end = 0;
    for span in &fixed.spans {
        assert_eq!(span.input.start, end, "spans leave a gap");
        end = span.input.end;
    }
    assert_eq!(end, data.len(), "spans do not cover the input");
    let replaced: usize = fixed.spans.iter().map(|s| s.replaced).sum();
    assert_eq!(replaced, fixed.replaced);

    // Strict mode fails exactly on invalid UTF-8 (no mark), at its offset.
    let mut options = mojifix::ByteOptions::default();
    options.strict = true;
    let strict = mojifix::Fixer::default().fix_bytes_with(data, &options);
    if encoding_rs_free_bom(data) {
        match (std::str::from_utf8(data), strict) {
            (Ok(s), Ok(fixed)) => assert_eq!(fixed.text, mojifix::fix(s)),
            (Err(e), Err(err)) => assert_eq!(err.offset, e.valid_up_to() as u64),
            (Ok(_), Err(err)) => panic!("strict rejected valid UTF-8: {err}"),
            (Err(_), Ok(_)) => panic!("strict accepted invalid UTF-8"),
        }
    }
}

/// Whether `data` starts without a byte-order mark.
fn encoding_rs_free_bom(data: &[u8]) -> bool {
    !(data.starts_with(b"\xef\xbb\xbf")
        || data.starts_with(b"\xff\xfe")
        || data.starts_with(b"\xfe\xff"))
}
