//! `fix` on any valid UTF-8: no panic, idempotent, bounded growth, and a
//! borrowed result is the input itself.
//!
//! Shared by the fuzz target of the same name and by `tests/fuzz_seeds.rs`,
//! which runs it on the committed seeds.

use std::borrow::Cow;

/// Panics when `data` breaks the property.
pub fn check(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let fixed = mojifix::fix(s);
    let out: &str = &fixed;

    // Idempotence: fixed text has nothing left to fix.
    let again = mojifix::fix(out);
    assert_eq!(again, out, "fix is not idempotent on {s:?}");

    // Bounded growth.
    assert!(
        out.len() <= 4 * s.len() + 4,
        "fix grew {} bytes into {} bytes: {s:?}",
        s.len(),
        out.len()
    );

    // Borrowed means unchanged.
    if let Cow::Borrowed(b) = fixed {
        assert_eq!(b, s, "fix borrowed but changed {s:?}");
    }
}
