//! `fix_and_explain`: an invertible, non-empty plan re-creates the input
//! exactly from the output, and replaying the plan never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/roundtrip.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));
