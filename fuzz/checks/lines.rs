//! `lines::split` loses nothing and splits only at line endings.
//!
//! Shared by the fuzz target of the same name and by `tests/fuzz_seeds.rs`,
//! which runs it on the committed seeds.

/// Panics when `data` breaks the property.
pub fn check(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let pieces: Vec<(&str, &str)> = mojifix::lines::split(s).collect();

    let joined: String = pieces.iter().flat_map(|(c, e)| [*c, *e]).collect();
    assert_eq!(joined, s, "split then join is not the identity");

    for (i, (content, ending)) in pieces.iter().enumerate() {
        assert!(
            !content.contains(['\n', '\r']),
            "piece {i} content {content:?} holds a line break"
        );
        assert!(
            matches!(*ending, "" | "\n" | "\r\n" | "\r"),
            "piece {i} has ending {ending:?}"
        );
        if ending.is_empty() {
            assert_eq!(
                i + 1,
                pieces.len(),
                "piece {i} of {} has no ending",
                pieces.len()
            );
        }
        assert!(
            !(content.is_empty() && ending.is_empty()),
            "piece {i} is empty"
        );
        // "\r\n" is one ending, never "\r" then an empty line ending in "\n".
        if *ending == "\r"
            && let Some((next, next_ending)) = pieces.get(i + 1)
        {
            assert!(
                !(next.is_empty() && *next_ending == "\n"),
                "piece {i}: \\r\\n was split in two"
            );
        }
    }
}
