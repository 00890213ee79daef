//! `fix` on any valid UTF-8: no panic, idempotent, bounded growth, and a
//! borrowed result is the input itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/fix.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));
