//! ftfy mode (`Config::ftfy()`, every clean-up after the repair) on any
//! valid UTF-8: no panic, idempotent, a borrowed result is the input
//! itself, and each line is fixed on its own.
//!
//! Shared by the fuzz target of the same name and by `tests/fuzz_seeds.rs`,
//! which runs it on the committed seeds.

use mojifix::{Config, Fixer};
use std::borrow::Cow;

/// Panics when `data` breaks the property.
pub fn check(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let fixer = Fixer::new(Config::ftfy());
    let fixed = fixer.fix(s);
    let out: &str = &fixed;

    assert_eq!(fixer.fix(out), out, "ftfy mode is not idempotent on {s:?}");

    let by_line: String = mojifix::lines::split(s)
        .map(|(content, ending)| {
            let ending = if ending.is_empty() { "" } else { "\n" };
            format!("{}{ending}", fixer.fix(content))
        })
        .collect();
    assert_eq!(out, by_line, "lines are not independent in {s:?}");

    if let Cow::Borrowed(b) = fixed {
        assert_eq!(b, s, "ftfy mode borrowed but changed {s:?}");
    }
}
