//! Arbitrary bytes through the UTF-8 path.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let ours = mojifix::Utf8Error::from_bytes(data);
    match std::str::from_utf8(data) {
        Ok(s) => {
            assert_eq!(ours, None, "from_bytes rejected valid UTF-8");
            // Valid input: fix must not panic.
            let _ = mojifix::fix(s);
        }
        Err(e) => {
            let ours = ours.expect("from_bytes accepted invalid UTF-8");
            assert_eq!(ours.offset, e.valid_up_to() as u64, "wrong offset");
        }
    }

    // TODO(fix_bytes): when `mojifix::fix_bytes(&[u8])` lands, call it here on
    // every input (valid or not) and assert: no panic; on valid UTF-8 it agrees
    // with `fix`; on invalid input its error offset equals
    // `Utf8Error::from_bytes(data).offset`.
});
