//! The fuzz targets' properties on their committed seeds (and on a local
//! corpus, when `cargo fuzz` has grown one): a smoke run that needs no
//! fuzzer, so that `cargo test` on a fresh clone exercises every target's
//! checks. The checks themselves live in `fuzz/checks/`, shared with the
//! targets in `fuzz/fuzz_targets/`.

use std::path::Path;

#[path = "../fuzz/checks/bytes.rs"]
mod bytes;
#[path = "../fuzz/checks/fix.rs"]
mod fix;
#[path = "../fuzz/checks/ftfy.rs"]
mod ftfy;
#[path = "../fuzz/checks/lines.rs"]
mod lines;
#[path = "../fuzz/checks/roundtrip.rs"]
mod roundtrip;

/// Runs `check` on every file of `fuzz/corpus/<target>/`; returns how many.
fn run_corpus(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in &entries {
        let data = std::fs::read(path).unwrap();
        check(&data);
    }
    entries.len()
}

#[test]
fn bytes_seeds() {
    assert!(run_corpus("bytes", bytes::check) > 0);
}

#[test]
fn fix_seeds() {
    assert!(run_corpus("fix", fix::check) > 0);
}

#[test]
fn ftfy_seeds() {
    assert!(run_corpus("ftfy", ftfy::check) > 0);
}

#[test]
fn lines_seeds() {
    assert!(run_corpus("lines", lines::check) > 0);
}

#[test]
fn roundtrip_seeds() {
    assert!(run_corpus("roundtrip", roundtrip::check) > 0);
}
