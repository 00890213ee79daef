//! `lines::split` loses nothing and splits only at line endings.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/lines.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));
