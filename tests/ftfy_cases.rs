//! ftfy's own test cases (from `../shared/ftfy-cases/`, beside the
//! checkout), run through the library and through the CLI.
//!
//! Default mode must give each case's `fixed-encoding` (or `fixed` where it
//! has none) for every case ftfy marks `pass`. The `known-failures` cases
//! are run too, and the count we fix is printed; the test fails if that
//! count drops below what is recorded here, so a fix shows up and a
//! regression cannot hide.
//!
//! ftfy mode (`Config::ftfy()`, `mojifix --ftfy`) must give each passing
//! case's `fixed`, ftfy's `fix_text` output; the cases it misses are the
//! repair's known misses above, and no others.

use std::path::PathBuf;

mod common;

use serde_json::Value;

/// Known failures of ftfy 6.3.1 that mojifix repairs.
const KNOWN_FAILURES_FIXED: usize = 5;

/// Cases ftfy passes that mojifix does not yet match, by label. Each is
/// asserted to still miss, so that a fix shows up here and must be
/// recorded; any other miss fails the test.
const KNOWN_MISSES: &[&str] = &[];

struct Case {
    file: String,
    label: String,
    original: String,
    expected: String,
    fixed: String,
    pass: bool,
}

fn cases() -> Option<Vec<Case>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/ftfy-cases");
    if !dir.is_dir() {
        eprintln!("skipping: {} is absent", dir.display());
        return None;
    }
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for path in files {
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in json.as_array().unwrap() {
            let get = |k: &str| case.get(k).and_then(Value::as_str).map(str::to_owned);
            out.push(Case {
                file: path.file_stem().unwrap().to_string_lossy().into_owned(),
                label: get("label").unwrap_or_default(),
                original: get("original").unwrap(),
                expected: get("fixed-encoding").or_else(|| get("fixed")).unwrap(),
                fixed: get("fixed").unwrap(),
                pass: get("expect").as_deref() == Some("pass"),
            });
        }
    }
    Some(out)
}

#[test]
fn library_repairs_every_passing_case() {
    let Some(cases) = cases() else { return };
    let mut misses = Vec::new();
    let mut known_fixed = 0;
    let mut passing = 0;
    for case in &cases {
        let got = mojifix::fix(&case.original);
        let known_miss = KNOWN_MISSES.contains(&case.label.as_str());
        if case.pass && known_miss {
            assert_ne!(
                got, case.expected,
                "{}: now passes; remove it from KNOWN_MISSES",
                case.label
            );
        } else if case.pass && got == case.expected {
            passing += 1;
        } else if case.pass {
            misses.push(format!(
                "{}: {}: {:?} -> {:?}, want {:?}",
                case.file, case.label, case.original, got, case.expected
            ));
        }
        if !case.pass && got == case.expected {
            known_fixed += 1;
        }
    }
    let total = cases.iter().filter(|c| c.pass).count();
    eprintln!(
        "ftfy's passing cases matched: {passing}/{total}; known failures of ftfy fixed: {known_fixed}/10"
    );
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
    assert!(
        known_fixed >= KNOWN_FAILURES_FIXED,
        "known failures fixed dropped to {known_fixed}"
    );
}

#[test]
fn cli_repairs_every_passing_case() {
    let Some(cases) = cases() else { return };
    for case in cases
        .iter()
        .filter(|c| c.pass && !KNOWN_MISSES.contains(&c.label.as_str()))
    {
        let out = common::run(&[], case.original.as_bytes());
        assert!(
            out.status.success(),
            "{}: exit {:?}",
            case.label,
            out.status
        );
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            case.expected,
            "{}: {}",
            case.file,
            case.label
        );
    }
}

/// Runs the command with `args` on `input` and returns its output.
fn run_cli(args: &[&str], input: &str) -> String {
    let out = common::run(args, input.as_bytes());
    assert!(out.status.success(), "exit {:?}", out.status);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn library_ftfy_mode_gives_fix_text_output() {
    let Some(cases) = cases() else { return };
    let fixer = mojifix::Fixer::new(mojifix::Config::ftfy());
    let mut misses = Vec::new();
    let mut passing = 0;
    for case in cases.iter().filter(|c| c.pass) {
        let got = fixer.fix(&case.original);
        if KNOWN_MISSES.contains(&case.label.as_str()) {
            assert_ne!(got, case.fixed, "{}: now passes in ftfy mode", case.label);
        } else if got == case.fixed {
            passing += 1;
        } else {
            misses.push(format!(
                "{}: {}: {:?} -> {:?}, want {:?}",
                case.file, case.label, case.original, got, case.fixed
            ));
        }
        // The plan replays to the same text.
        let explained = fixer.fix_and_explain(&case.original);
        assert_eq!(explained.text, got, "{}", case.label);
        assert_eq!(
            explained.plan.apply(&case.original).as_deref(),
            Ok(got.as_ref()),
            "{}: plan {}",
            case.label,
            explained.plan
        );
    }
    let total = cases.iter().filter(|c| c.pass).count();
    eprintln!("ftfy mode, ftfy's passing cases matched: {passing}/{total}");
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

#[test]
fn cli_ftfy_mode_gives_fix_text_output() {
    let Some(cases) = cases() else { return };
    let cases: Vec<&Case> = cases
        .iter()
        .filter(|c| c.pass && !KNOWN_MISSES.contains(&c.label.as_str()))
        .collect();
    // Lines are independent, so the single-line cases go through one
    // process together, one per line; the others one by one.
    let (single, multi): (Vec<&Case>, Vec<&Case>) = cases
        .into_iter()
        .partition(|c| !c.original.contains(['\n', '\r']) && !c.fixed.contains('\n'));
    let input: String = single.iter().map(|c| format!("{}\n", c.original)).collect();
    let output = run_cli(&["--ftfy"], &input);
    let got: Vec<&str> = output.split_terminator('\n').collect();
    assert_eq!(got.len(), single.len());
    for (case, got) in single.iter().zip(got) {
        assert_eq!(got, case.fixed, "{}: {}", case.file, case.label);
    }
    for case in multi {
        assert_eq!(
            run_cli(&["--ftfy"], &case.original),
            case.fixed,
            "{}: {}",
            case.file,
            case.label
        );
    }
}
