//! Repairing buffers of whole lines, on one thread or several.
//!
//! A command that streams its input reads a large buffer of complete lines
//! at a time. [`Fixer::clean_prefix`] finds how many of its first lines
//! are proven clean, line by line, so that they can be copied or written
//! in one piece. [`Fixer::fix_lines_into`] appends the repair of such a
//! buffer to a reused `String`: each clean prefix is copied whole, and the
//! line after it repaired. [`Fixer::fix_lines_into_parallel`] cuts a buffer at
//! line ends into pieces, repairs them on scoped threads and joins the
//! results in input order. Lines are independent, so both give exactly
//! what [`Fixer::fix`] gives.

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::{Fixer, fixers, lines, scan};

/// Pieces smaller than this are not worth a thread's time.
const MIN_PIECE: usize = 64 * 1024;

impl Fixer {
    /// Repairs `input` line by line, as [`Fixer::fix`] does, and appends
    /// the result to `out`. Meant for a buffer of complete lines read from
    /// a stream: no allocation for clean lines, and a clean buffer is
    /// copied whole.
    ///
    /// ```
    /// let fixer = mojifix::Fixer::default();
    /// let mut out = String::new();
    /// fixer.fix_lines_into("plain\ncafÃ©\r\nnaÃ¯ve", &mut out);
    /// assert_eq!(out, "plain\ncafé\r\nnaïve");
    /// ```
    pub fn fix_lines_into(&self, input: &str, out: &mut String) {
        let mut rest = input;
        loop {
            let (clean, tail) = rest
                .split_at_checked(self.clean_prefix(rest))
                .unwrap_or((rest, ""));
            out.push_str(clean);
            if tail.is_empty() {
                return;
            }
            out.reserve(tail.len());
            let (content_len, ending_len) = lines::first_line(tail.as_bytes());
            let (content, after) = tail.split_at_checked(content_len).unwrap_or((tail, ""));
            let (ending, after) = after.split_at_checked(ending_len).unwrap_or((after, ""));
            out.push_str(&self.fix_line(content).0);
            out.push_str(self.fix_ending(ending));
            rest = after;
        }
    }

    /// The length in bytes of the longest prefix of `text` made of whole
    /// lines, endings included, that [`Fixer::fix`] is proven to leave
    /// unchanged: a line counts only when the scanner proves it clean (and,
    /// with clean-ups configured, when none of them changes it or its
    /// ending). The prefix ends at the first line that may change; a last
    /// line without an ending counts when it is clean. Nothing is guessed:
    /// `fix` of the prefix is the prefix.
    ///
    /// A stream of many lines can be written a clean prefix at a time,
    /// with only the line after it going through [`Fixer::fix`].
    ///
    /// ```
    /// let fixer = mojifix::Fixer::default();
    /// let text = "plain\r\nstill plain\ncafÃ©\nmore";
    /// let clean = fixer.clean_prefix(text);
    /// assert_eq!(&text[..clean], "plain\r\nstill plain\n");
    /// assert_eq!(fixer.fix(&text[..clean]), &text[..clean]);
    /// assert_eq!(fixer.clean_prefix("all clean\nhere"), "all clean\nhere".len());
    /// ```
    pub fn clean_prefix(&self, text: &str) -> usize {
        let cleans = fixers::any(&self.config);
        if !cleans && !self.config.repair_encoding {
            return text.len();
        }
        let mut start = 0;
        if !cleans {
            // ASCII matches no trigger: the lines that end before the first
            // non-ASCII byte are clean without a look at each.
            let bytes = text.as_bytes();
            let first = scan::first_non_ascii(bytes);
            if first == bytes.len() {
                return text.len();
            }
            if let Some(end) =
                memchr::memrchr2(b'\n', b'\r', bytes.get(..first).unwrap_or_default())
            {
                // A `\r` found last is no `\r\n`: its `\n` would be later.
                start = end + 1;
            }
        }
        while let Some(rest) = text.get(start..).filter(|rest| !rest.is_empty()) {
            let (content_len, ending_len) = lines::first_line(rest.as_bytes());
            let content = rest.get(..content_len).unwrap_or_default();
            let clean = if cleans {
                let ending = rest
                    .get(content_len..content_len + ending_len)
                    .unwrap_or_default();
                self.is_clean_line(content, ending)
            } else {
                !scan::may_be_mojibake(content)
            };
            if !clean {
                break;
            }
            start += content_len + ending_len;
        }
        start
    }

    /// With clean-ups configured: whether [`Fixer::fix`] leaves this line
    /// and its ending unchanged. A line that the scanner cannot prove clean
    /// counts as changed without being repaired.
    fn is_clean_line(&self, content: &str, ending: &str) -> bool {
        if self.config.repair_encoding && scan::may_be_mojibake(content) {
            return false;
        }
        self.fix_ending(ending) == ending && matches!(self.fix_line(content).0, Cow::Borrowed(_))
    }

    /// [`Fixer::fix_lines_into`] on up to `jobs` threads: `input` is cut
    /// after line feeds into pieces, which the threads take in turn; the
    /// repaired pieces are appended to `out` in input order. The result is
    /// the same for every `jobs` (0 and 1 mean the calling thread alone),
    /// and small inputs are repaired on the calling thread.
    ///
    /// ```
    /// let fixer = mojifix::Fixer::default();
    /// let input = "cafÃ©\nplain\n".repeat(20_000);
    /// let mut parallel = String::new();
    /// fixer.fix_lines_into_parallel(&input, &mut parallel, 4);
    /// assert_eq!(parallel, fixer.fix(&input));
    /// ```
    pub fn fix_lines_into_parallel(&self, input: &str, out: &mut String, jobs: usize) {
        let pieces = split_pieces(input, jobs);
        if jobs <= 1 || pieces.len() <= 1 {
            self.fix_lines_into(input, out);
            return;
        }
        let next = AtomicUsize::new(0);
        let mut done: Vec<(usize, String)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..jobs.min(pieces.len()))
                .map(|_| {
                    scope.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let k = next.fetch_add(1, Ordering::Relaxed);
                            let Some(&piece) = pieces.get(k) else {
                                return mine;
                            };
                            let mut fixed = String::new();
                            self.fix_lines_into(piece, &mut fixed);
                            mine.push((k, fixed));
                        }
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| match w.join() {
                    Ok(mine) => mine,
                    // A worker cannot panic (the library does not), but if
                    // one did, re-raise it here rather than lose its lines.
                    Err(payload) => std::panic::resume_unwind(payload),
                })
                .collect()
        });
        done.sort_unstable_by_key(|&(k, _)| k);
        out.reserve(done.iter().map(|(_, s)| s.len()).sum());
        for (_, fixed) in done {
            out.push_str(&fixed);
        }
    }
}

/// `input` cut just after line feeds into pieces of about an equal share
/// for several pieces per job (so that a job that drew the mojibake does
/// not hold up the rest), none smaller than [`MIN_PIECE`] but the last.
fn split_pieces(input: &str, jobs: usize) -> Vec<&str> {
    let target = (input.len() / (jobs.max(1) * 8)).max(MIN_PIECE);
    let mut pieces = Vec::new();
    let mut rest = input;
    while rest.len() > target {
        let cut = rest
            .as_bytes()
            .get(target..)
            .and_then(|tail| tail.iter().position(|&b| b == b'\n'))
            .map_or(rest.len(), |i| target + i + 1);
        let (piece, tail) = rest.split_at_checked(cut).unwrap_or((rest, ""));
        pieces.push(piece);
        rest = tail;
    }
    if !rest.is_empty() {
        pieces.push(rest);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pieces_join_back_and_end_at_line_feeds() {
        let input = "ab\nÃ©\r\n".repeat(50_000);
        for jobs in [1, 2, 3, 8] {
            let pieces = split_pieces(&input, jobs);
            assert_eq!(pieces.concat(), input);
            let (last, whole) = pieces.split_last().unwrap();
            assert!(
                whole
                    .iter()
                    .all(|p| p.ends_with('\n') && p.len() >= MIN_PIECE)
            );
            assert!(!last.is_empty());
        }
        assert!(split_pieces("", 4).is_empty());
    }

    #[test]
    fn large_input_in_parallel_equals_fix() {
        let fixer = Fixer::default();
        let line = "Le comité publiera son rapport après la séance.\n";
        let broken = "Le comitÃ© publiera son rapport aprÃ¨s la sÃ©ance.\n";
        let mut input = String::new();
        for k in 0..20_000 {
            input.push_str(if k % 37 == 0 { broken } else { line });
        }
        input.push_str("no line end at the end: Ã©");
        let want = fixer.fix(&input).into_owned();
        for jobs in [0, 1, 2, 3, 7] {
            let mut got = String::from("kept:");
            fixer.fix_lines_into_parallel(&input, &mut got, jobs);
            assert_eq!(
                got.strip_prefix("kept:"),
                Some(want.as_str()),
                "jobs {jobs}"
            );
        }
    }

    proptest! {
        #[test]
        fn clean_prefix_is_the_lines_fix_leaves_alone(
            lines in proptest::collection::vec(
                "(\\PC|[ ?\u{FFFD}ÃÂâ€™©é日Рё鈥茅’＆&<;\u{2028}\u{85}]){0,16}", 0..12),
            endings in proptest::collection::vec(prop_oneof!["\n", "\r\n", "\r", ""], 12),
            config in 0usize..3,
        ) {
            let config = match config {
                0 => crate::Config::default(),
                1 => crate::Config::ftfy(),
                _ => crate::Config { fix_line_breaks: true, ..crate::Config::default() },
            };
            let fixer = Fixer::new(config);
            let mut input = String::new();
            for (line, ending) in lines.iter().zip(&endings) {
                input.push_str(line);
                input.push_str(ending);
            }
            let clean = fixer.clean_prefix(&input);
            let (prefix, rest) = input.split_at_checked(clean).unwrap();
            // Whole lines, each left alone by `fix`, ending included.
            let mut kept = 0;
            for (content, ending) in lines::split(prefix) {
                prop_assert_eq!(fixer.fix(content), content);
                prop_assert_eq!(fixer.fix_ending(ending), ending);
                kept += content.len() + ending.len();
            }
            prop_assert_eq!(kept, clean);
            prop_assert_eq!(fixer.fix(prefix), prefix);
            prop_assert!(!(prefix.ends_with('\r') && rest.starts_with('\n')));
            // The line after it is one the scanner cannot prove clean, or
            // one that the clean-ups change.
            if let Some((content, ending)) = lines::split(rest).next() {
                let flagged = scan::may_be_mojibake(content);
                let cleaned = fixer.fix(content) != content || fixer.fix_ending(ending) != ending;
                prop_assert!(flagged || cleaned, "{:?}", content);
            }
            // Fixing line by line, prefix first, gives what `fix` gives.
            let mut by_lines = String::new();
            fixer.fix_lines_into(&input, &mut by_lines);
            prop_assert_eq!(&by_lines, &fixer.fix(&input));
        }

        #[test]
        fn parallel_equals_sequential_equals_fix(
            lines in proptest::collection::vec(
                "(\\PC|[ ?\u{FFFD}ÃÂâ€™©é日Рё鈥茅]){0,24}", 0..40),
            endings in proptest::collection::vec(prop_oneof!["\n", "\r\n", "\r", ""], 40),
            jobs in 0usize..5,
        ) {
            let fixer = Fixer::default();
            let mut input = String::new();
            for (line, ending) in lines.iter().zip(&endings) {
                input.push_str(line);
                input.push_str(ending);
            }
            let want = fixer.fix(&input).into_owned();
            let mut sequential = String::new();
            fixer.fix_lines_into(&input, &mut sequential);
            prop_assert_eq!(&sequential, &want);
            let mut parallel = String::new();
            fixer.fix_lines_into_parallel(&input, &mut parallel, jobs);
            prop_assert_eq!(&parallel, &want);
            // Line by line, through `fix`, gives the same again.
            let per_line: String = lines::split(&input)
                .flat_map(|(c, e)| [fixer.fix(c).into_owned(), e.to_owned()])
                .collect();
            prop_assert_eq!(&per_line, &want);
        }
    }
}
