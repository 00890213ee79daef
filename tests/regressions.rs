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

/// Found by the `roundtrip` fuzz target (artifact
/// `crash-2bac6b0a7978dba0a279804a105f0312dc50b69a`, 7 bytes, already minimal).
///
/// `fix_and_explain` repairs this as `encode windows-1252; decode big5`, a
/// whole-text plan that claims to be invertible, but the Big5 decode yields a
/// character that the Big5 encoder refuses (bytes A0 CF lie in the HKSCS part of
/// the Big5 table, which the WHATWG decoder reads and its encoder never writes),
/// so the inverse fails at step 0 with `Unencodable { codec: big5 }` instead of
/// giving the input back.
#[test]
fn invertible_plan_recreates_input_after_big5_hkscs_decode() {
    let input = "\u{a0}ÏÆa";
    let fixed = mojifix::fix_and_explain(input);
    if fixed.plan.is_invertible() && !fixed.plan.is_empty() {
        let inverse = fixed.plan.invert().unwrap();
        assert_eq!(
            inverse.apply(&fixed.text).as_deref(),
            Ok(input),
            "plan '{}' turned {input:?} into {:?}; its inverse '{inverse}' must give the input back",
            fixed.plan,
            fixed.text,
        );
    }
}
