//! ftfy mode (`Config::ftfy()`, every clean-up after the repair) on any
//! valid UTF-8: no panic, idempotent, a borrowed result is the input
//! itself, and each line is fixed on its own.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/ftfy.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));
