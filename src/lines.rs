//! Line splitting that loses nothing.
//!
//! mojifix repairs each line on its own, so that a line's result never
//! depends on its neighbours. Splitting must therefore be exactly invertible:
//! every line comes with the ending it had (`\n`, `\r\n`, a lone `\r`, or
//! none for a last line without one), and concatenating the pieces gives the
//! input back byte for byte.

/// Splits `text` into `(content, ending)` pairs.
///
/// ```
/// let parts: Vec<_> = mojifix::lines::split("a\r\nb\rc\n\nd").collect();
/// assert_eq!(parts, [("a", "\r\n"), ("b", "\r"), ("c", "\n"), ("", "\n"), ("d", "")]);
/// let joined: String = parts.iter().flat_map(|(c, e)| [*c, *e]).collect();
/// assert_eq!(joined, "a\r\nb\rc\n\nd");
/// ```
pub fn split(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (content_len, ending_len) = first_line(rest.as_bytes());
        let (content, tail) = rest.split_at_checked(content_len).unwrap_or((rest, ""));
        let (ending, next) = tail.split_at_checked(ending_len).unwrap_or((tail, ""));
        rest = next;
        Some((content, ending))
    })
}

/// How many lines [`split`] gives for `text`: its line endings, plus one
/// for a last line without an ending. Fast on long texts.
///
/// ```
/// assert_eq!(mojifix::lines::count("a\r\nb\rc\n\nd"), 5);
/// assert_eq!(mojifix::lines::count("a\n"), 1);
/// assert_eq!(mojifix::lines::count(""), 0);
/// ```
pub fn count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let unended = bytes.last().is_some_and(|&b| b != b'\n' && b != b'\r');
    count_endings(bytes) + usize::from(unended)
}

/// How many line endings `bytes` holds (`\r\n` counts once).
pub(crate) fn count_endings(bytes: &[u8]) -> usize {
    let feeds = count_byte(bytes, b'\n');
    let lone_returns = memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
        .count();
    feeds + lone_returns
}

/// How many times `needle` occurs in `bytes`: 32 byte-sized counters
/// (which the compiler keeps in one vector register) added up every 255
/// blocks, before they can overflow.
fn count_byte(bytes: &[u8], needle: u8) -> usize {
    let mut total = 0;
    let mut blocks = bytes.chunks_exact(32);
    let mut counters = [0u8; 32];
    let mut rounds = 0;
    for block in &mut blocks {
        for (counter, &b) in counters.iter_mut().zip(block) {
            *counter = counter.wrapping_add(u8::from(b == needle));
        }
        rounds += 1;
        if rounds == 255 {
            total += counters.iter().map(|&c| usize::from(c)).sum::<usize>();
            counters = [0; 32];
            rounds = 0;
        }
    }
    total += counters.iter().map(|&c| usize::from(c)).sum::<usize>();
    total + blocks.remainder().iter().filter(|&&b| b == needle).count()
}

/// The first line of `bytes`: the length of its content and of its
/// ending (0 when there is none), as [`split`] cuts it.
pub(crate) fn first_line(bytes: &[u8]) -> (usize, usize) {
    match memchr::memchr2(b'\n', b'\r', bytes) {
        None => (bytes.len(), 0),
        Some(i) => {
            let crlf = bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) == Some(&b'\n');
            (i, 1 + usize::from(crlf))
        }
    }
}

/// `std::str::from_utf8`, with valid input (the common case) checked by
/// a vectorised validator; on invalid input the standard one says where.
pub(crate) fn from_utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_past_the_byte_counters_limit() {
        let text = "line\n\r\n\r".repeat(10_000);
        assert_eq!(count(&text), 30_000);
        assert_eq!(count_byte(text.as_bytes(), b'\n'), 20_000);
        assert_eq!(count(&format!("{text}no end")), 30_001);
    }

    proptest! {
        #[test]
        fn from_utf8_agrees_with_the_standard_one(
            bytes in proptest::collection::vec(
                prop_oneof![Just(b'a'), Just(b'\n'), 0x80u8..=0xBF, 0xC0u8..=0xFF, any::<u8>()],
                0..200,
            ),
        ) {
            prop_assert_eq!(from_utf8(&bytes), std::str::from_utf8(&bytes));
            let text = String::from_utf8_lossy(&bytes).repeat(3);
            prop_assert_eq!(from_utf8(text.as_bytes()), Ok(text.as_str()));
        }

        #[test]
        fn split_then_join_is_identity(s in "[a\\r\\né日]{0,40}") {
            let joined: String = split(&s).flat_map(|(c, e)| [c, e]).collect();
            prop_assert_eq!(joined, s.clone());
            prop_assert_eq!(count(&s), split(&s).count());
            let long = s.repeat(40);
            prop_assert_eq!(count_byte(long.as_bytes(), b'\n'), long.matches('\n').count());
            let (content, ending) = split(&s).next().unwrap_or_default();
            prop_assert_eq!(first_line(s.as_bytes()), (content.len(), ending.len()));
            for (content, _) in split(&s) {
                prop_assert!(!content.contains(['\n', '\r']));
            }
        }
    }
}
