//! Inputs the fuzzers found, each kept as a test of the property it broke.

/// `fuzz/artifacts/fix/crash-a72ec4d3…`: a long run of `Ãƒ` with mojibake
/// after it was not idempotent (a second pass changed the output) in an
/// earlier build.
#[test]
fn long_a_tilde_run_is_idempotent() {
    let input = "ÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃ!ÃÃ€œquotedâ€\u{9d}pand â§p€˜singlÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃÃcafÓ툥浒uringfÓ툥浒uringHHHHH'\u{0}\u{0}A\u{0}\u{0}\u{4}\u{0}\u{0}HHHHƒÓquotedHHHHH'\u{0}\u{0}A\u{0}\u{0}\u{4}\u{0}\u{0}HHHHƒÓquotedâ€\u{9d}:pand â€˂©ÃÃÃÃÃÃÃÃÃÃÃÃ\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}ÃÃÃ)ÃÃÃÃ))))bÃÃ";
    let once = mojifix::fix(input).into_owned();
    assert_eq!(mojifix::fix(&once), once);
}
