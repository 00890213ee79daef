//! `fix_and_explain`: an invertible, non-empty plan re-creates the input
//! exactly from the output, and replaying the plan never panics.
//!
//! Shared by the fuzz target of the same name and by `tests/fuzz_seeds.rs`,
//! which runs it on the committed seeds.

/// Panics when `data` breaks the property.
pub fn check(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let fixed = mojifix::fix_and_explain(s);
    let plan = &fixed.plan;

    // Documented contract: is_invertible() is true exactly when invert() succeeds.
    let inverse = plan.invert();
    assert_eq!(
        plan.is_invertible(),
        inverse.is_ok(),
        "is_invertible disagrees with invert for plan '{plan}'"
    );

    if plan.is_invertible() && !plan.is_empty() {
        let inverse = inverse.unwrap();
        let back = inverse.apply(&fixed.text).unwrap_or_else(|e| {
            panic!("inverse '{inverse}' of '{plan}' failed on the output: {e}")
        });
        assert_eq!(
            back, s,
            "inverse '{inverse}' of '{plan}' did not re-create the input"
        );
    }

    // Replaying the plan on the input may fail, but must not panic.
    let _ = plan.apply(s);
}
