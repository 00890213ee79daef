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
        let (content, ending, next) = match rest.find(['\n', '\r']) {
            None => (rest, "", ""),
            Some(i) => {
                let (content, tail) = rest.split_at_checked(i).unwrap_or((rest, ""));
                let ending_len = if tail.starts_with("\r\n") { 2 } else { 1 };
                let (ending, next) = tail.split_at_checked(ending_len).unwrap_or((tail, ""));
                (content, ending, next)
            }
        };
        rest = next;
        Some((content, ending))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn split_then_join_is_identity(s in "[a\\r\\né日]{0,40}") {
            let joined: String = split(&s).flat_map(|(c, e)| [c, e]).collect();
            prop_assert_eq!(joined, s.clone());
            for (content, _) in split(&s) {
                prop_assert!(!content.contains(['\n', '\r']));
            }
        }
    }
}
