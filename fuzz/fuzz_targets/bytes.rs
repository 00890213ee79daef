//! Arbitrary bytes through `fix_bytes` and the UTF-8 path.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/bytes.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));
