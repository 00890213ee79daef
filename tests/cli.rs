//! The `mojifix` binary end to end: what it reads and writes, that line
//! endings survive byte for byte, its messages and its exit statuses
//! (0 success, 1 input or output failure, 2 usage error).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

mod common;
use common::run;

fn mojifix() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mojifix"))
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A path under the temp directory, unique to this process and call,
/// removed (file or empty directory) when dropped.
struct Temp(PathBuf);

impl Temp {
    fn path_for(name: &str) -> Temp {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let pid = std::process::id();
        Temp(std::env::temp_dir().join(format!("mojifix-cli-{pid}-{n}-{name}")))
    }

    fn file(name: &str, contents: &[u8]) -> Temp {
        let temp = Temp::path_for(name);
        std::fs::write(&temp.0, contents).unwrap();
        temp
    }

    fn dir(name: &str) -> Temp {
        let temp = Temp::path_for(name);
        std::fs::create_dir(&temp.0).unwrap();
        temp
    }

    fn arg(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        let _ = std::fs::remove_dir(&self.0);
    }
}

#[track_caller]
fn assert_ok(out: &Output) {
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(out));
}

#[test]
fn repairs_stdin_to_stdout() {
    let out = run(&[], "cafÃ©\n".as_bytes());
    assert_ok(&out);
    assert_eq!(stdout(&out), "café\n");
    assert!(out.stderr.is_empty());
}

#[test]
fn reads_files_in_order_and_dash_as_stdin() {
    let a = Temp::file("a.txt", "Ã¼ber\n".as_bytes());
    let b = Temp::file("b.txt", b"two\n");
    let out = run(&[a.arg(), "-", b.arg(), a.arg()], b"from stdin\n");
    assert_ok(&out);
    assert_eq!(stdout(&out), "über\nfrom stdin\ntwo\nüber\n");
}

#[test]
fn writes_to_the_output_file() {
    let input = Temp::file("in.txt", "naÃ¯ve\n".as_bytes());
    for flag in ["-o", "--output"] {
        let output = Temp::path_for("out.txt");
        let out = run(&[flag, output.arg(), input.arg()], b"");
        assert_ok(&out);
        assert!(out.stdout.is_empty());
        assert_eq!(std::fs::read_to_string(&output.0).unwrap(), "naïve\n");
    }
    let output = Temp::path_for("out.txt");
    let out = run(&[&format!("--output={}", output.arg())], "cafÃ©".as_bytes());
    assert_ok(&out);
    assert_eq!(std::fs::read_to_string(&output.0).unwrap(), "café");
}

#[test]
fn keeps_line_endings_blank_lines_and_nul_bytes() {
    let input = "cafÃ©\r\nplain\r\n\r\nold\rmac\rÃ©tÃ©\r\n\n\0nul\0\n\r\rcafÃ©\rend";
    let want = "café\r\nplain\r\n\r\nold\rmac\rété\r\n\n\0nul\0\n\r\rcafé\rend";
    let out = run(&[], input.as_bytes());
    assert_ok(&out);
    assert_eq!(stdout(&out), want);

    // Clean text comes back identical, whatever its endings.
    let clean = b"a\r\n\r\nb\rc\n\n\0\r\n\xc3\xa9t\xc3\xa9\r";
    let out = run(&[], clean);
    assert_ok(&out);
    assert_eq!(out.stdout, clean);
}

#[test]
fn keeps_a_missing_final_newline() {
    for (input, want) in [
        ("cafÃ©", "café"),
        ("a\ncafÃ©", "a\ncafé"),
        ("a\n", "a\n"),
        ("a", "a"),
    ] {
        let out = run(&[], input.as_bytes());
        assert_ok(&out);
        assert_eq!(stdout(&out), want);
    }
}

#[test]
fn empty_input_gives_empty_output() {
    let out = run(&[], b"");
    assert_ok(&out);
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    let empty = Temp::file("empty.txt", b"");
    let out = run(&[empty.arg()], b"");
    assert_ok(&out);
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn missing_file_is_reported_and_the_rest_still_runs() {
    let missing = Temp::path_for("missing.txt");
    let good = Temp::file("good.txt", "cafÃ©\n".as_bytes());
    let out = run(&[missing.arg(), good.arg()], b"");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("mojifix: {}: ", missing.arg())),
        "{err}"
    );
    assert_eq!(stdout(&out), "café\n");
}

#[test]
fn directory_is_an_error_with_its_path() {
    let dir = Temp::dir("dir");
    let out = run(&[dir.arg()], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("mojifix: {}: ", dir.arg())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_exit_2_with_usage_on_stderr() {
    for args in [
        &["--bogus"][..],
        &["-x"],
        &["-o"],
        &["--output"],
        &["--max-layers"],
        &["--max-layers", "many"],
        &["--explain=yes"],
        &["--jobs", "0"],
        &["--jobs", "x"],
        &["--jobs=-1"],
        &["--jobs"],
    ] {
        let out = run(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("Usage: mojifix"), "{args:?}: {err}");
        assert!(
            err.contains(args[0].split('=').next().unwrap()),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn help_and_version() {
    for flag in ["--help", "-h"] {
        let out = run(&[flag], b"");
        assert_ok(&out);
        let help = stdout(&out);
        assert!(
            help.contains("Usage: mojifix [OPTIONS] [FILE]..."),
            "{help}"
        );
        for option in [
            "--output",
            "--explain",
            "--no-restore-a0",
            "--no-restore-lost",
            "--max-layers",
            "--ftfy",
        ] {
            assert!(help.contains(option), "{option} missing from help");
        }
    }
    for flag in ["--version", "-V"] {
        let out = run(&[flag], b"");
        assert_ok(&out);
        let want = format!("mojifix {}\n", env!("CARGO_PKG_VERSION"));
        assert_eq!(stdout(&out), want);
    }
}

#[test]
fn strict_invalid_utf8_stops_with_the_byte_offset() {
    let out = run(&["--strict"], b"one\ntwo\nthr\xffee\nfour\n");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "mojifix: -: invalid UTF-8 at byte offset 11\n"
    );
    assert_eq!(out.stdout, b"one\ntwo\n");

    // Lines ended by a lone CR before the bad byte are written too.
    let out = run(&["--strict"], b"a\rb\r\ncaf\xe9\n");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "mojifix: -: invalid UTF-8 at byte offset 8\n");
    assert_eq!(out.stdout, b"a\rb\r\n");

    // A truncated character at the very end.
    let out = run(&["--strict"], b"ok\n\xc3");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "mojifix: -: invalid UTF-8 at byte offset 3\n");
}

#[test]
fn strict_invalid_utf8_offset_counts_from_the_start_of_that_file() {
    let good = Temp::file("good.txt", b"0123456789\n");
    let bad = Temp::file("bad.txt", b"abc\n\x80\n");
    let out = run(&["--strict", good.arg(), bad.arg(), good.arg()], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!("mojifix: {}: invalid UTF-8 at byte offset 4\n", bad.arg())
    );
    assert_eq!(out.stdout, b"0123456789\nabc\n0123456789\n");
}

#[test]
fn long_lines_across_read_buffers() {
    // A two-byte character straddling the 256 KiB read buffer is fine...
    let mut line = vec![b'a'; 256 * 1024 - 1];
    line.extend_from_slice("é cafÃ©".as_bytes());
    let out = run(&[], &line);
    assert_ok(&out);
    assert_eq!(out.stdout.len(), line.len() - 2);
    assert!(out.stdout.ends_with("é café".as_bytes()));

    // ...and a bad byte far into a long line is found where it is.
    let mut line = b"first\n".to_vec();
    line.extend(std::iter::repeat_n(b'b', 600_000));
    line.extend_from_slice(b"\xfe\n");
    let out = run(&["--strict"], &line);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "mojifix: -: invalid UTF-8 at byte offset 600006\n"
    );
    assert_eq!(out.stdout, b"first\n");
}

#[test]
fn a_50_mb_single_line_passes_through() {
    // Mostly ASCII, so that the repair is quick in a debug build; the point
    // is reading and writing one 50 MB line (repaired in pieces, which
    // must still meet exactly), with mojibake at both ends.
    let body = "x".repeat(50_000_000);
    let line = format!("cafÃ© {body} Ã©tÃ©");
    let out = run(&[], line.as_bytes());
    assert_ok(&out);
    let want = format!("café {body} été");
    assert!(out.stdout == want.as_bytes(), "the long line changed");
}

#[test]
fn explain_names_each_changed_line() {
    let out = run(
        &["--explain"],
        "clean\ncafÃ©\nalso clean\r\nold\rnaÃ¯ve\n".as_bytes(),
    );
    assert_ok(&out);
    assert_eq!(stdout(&out), "clean\ncafé\nalso clean\r\nold\rnaïve\n");
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with("-:2: ") && lines[0].contains("windows-1252"),
        "{err}"
    );
    assert!(
        lines[1].starts_with("-:5: ") && lines[1].contains("windows-1252"),
        "{err}"
    );

    // With files, the path is named and lines count from 1 in each.
    let a = Temp::file("a.txt", "ok\nÃ¼ber\n".as_bytes());
    let out = run(&["--explain", a.arg(), a.arg()], b"");
    assert_ok(&out);
    let want = format!("{0}:2: encode windows-1252; decode utf-8\n", a.arg());
    assert_eq!(stderr(&out), want.repeat(2));

    // Clean input explains nothing.
    let out = run(&["--explain"], "plain\ncafé\n".as_bytes());
    assert_ok(&out);
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn fixer_options_are_honoured() {
    let broken = "cafÃ©\n".as_bytes();
    let out = run(&["--max-layers", "0"], broken);
    assert_ok(&out);
    assert_eq!(out.stdout, broken);
    for args in [
        &["--ftfy"][..],
        &["--no-restore-a0"],
        &["--no-restore-lost"],
        &["--max-layers=1"],
    ] {
        let out = run(args, broken);
        assert_ok(&out);
        assert_eq!(stdout(&out), "café\n", "{args:?}");
    }
}

#[test]
fn output_that_is_an_input_is_refused_untouched() {
    let file = Temp::file("same.txt", "cafÃ©\n".as_bytes());
    let out = run(&["-o", file.arg(), file.arg()], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(file.arg()));
    assert_eq!(std::fs::read_to_string(&file.0).unwrap(), "cafÃ©\n");
}

#[test]
fn write_errors_exit_1() {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipping: /dev/full is absent");
        return;
    }
    let out = run(&["-o", "/dev/full"], "cafÃ©\n".as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("mojifix: /dev/full: "),
        "{}",
        stderr(&out)
    );

    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let mut child = mojifix()
        .stdin(Stdio::piped())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"text\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("mojifix: "), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn broken_pipe_exits_quietly() {
    let mut child = mojifix()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // 20 MB; mostly clean lines, which a debug build repairs quickly.
        let block = "cafÃ©\n".to_owned() + &"plain ascii line\n".repeat(99);
        let big = block.repeat((20 << 20) / block.len());
        // Fails with a broken pipe once mojifix has gone.
        let _ = stdin.write_all(big.as_bytes());
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut start = [0; 4096];
    stdout.read_exact(&mut start).unwrap();
    assert!(start.starts_with("café\nplain ascii line\n".as_bytes()));
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{:?}: {err}", out.status);
    assert!(err.is_empty(), "{err}");
}

/// A few MiB of lines: clean text in several scripts, mojibake of several
/// chains, a line that is not UTF-8, CRLF and CR endings, blank lines, a
/// line longer than the decoder's piece size, and no final newline.
fn mixed_input() -> Vec<u8> {
    let lines: &[&[u8]] = &[
        b"The committee will publish its report on the first of March.",
        "Le comité publiera son rapport après la séance.".as_bytes(),
        "Комитет опубликует свой доклад первого марта.".as_bytes(),
        "委员会将于三月一日发表报告。".as_bytes(),
        "Le comitÃ© publiera son rapport aprÃ¨s la sÃ©ance.".as_bytes(),
        "doesnÃ¢â‚¬â„¢t work".as_bytes(),
        "ÐšÐ¾Ð¼Ð¸Ñ‚ÐµÑ‚ Ð¾Ð¿ÑƒÐ±Ð»Ð¸ÐºÑƒÐµÑ‚ ÑÐ²Ð¾Ð¹ Ð´Ð¾ÐºÐ»Ð°Ð´".as_bytes(),
        "鈥渜uoted鈥� text".as_bytes(),
        "ã‚¨ãƒ©ãƒ¼ãŒç™ºç”Ÿã—ã¾ã—ãŸ".as_bytes(),
        b"caf\xe9 cr\xe8me, read on its own",
    ];
    let clean: &[&[u8]] = &[
        b"The committee will publish its report on the first of March.",
        "Le comité publiera son rapport après la séance.".as_bytes(),
        b"",
    ];
    let endings: &[&[u8]] = &[b"\n", b"\r\n", b"\n", b"\r", b"\n\n", b"\n"];
    let mut input = Vec::new();
    let mut k = 0usize;
    while k < 12_000 {
        // One line in eight of the broken kinds; a debug build is slow.
        let line = match k % 8 {
            0 => lines[(k / 8) % lines.len()],
            n => clean[n % clean.len()],
        };
        input.extend_from_slice(line);
        input.extend_from_slice(endings[k % endings.len()]);
        k += 1;
        if k == 6_000 {
            // Longer than `mojifix::bytes::MAX_LINE_BYTES`: read in pieces.
            input.extend(std::iter::repeat_n(b'x', 9 << 20));
            input.extend_from_slice(b"\r\n");
        }
    }
    input.extend_from_slice("the end: cafÃ©".as_bytes());
    input
}

#[test]
fn jobs_give_the_same_output_and_explanations() {
    let input = mixed_input();
    let a = Temp::file("mixed-a.txt", &input);
    let b = Temp::file("mixed-b.txt", b"plain\nna\xc3\x83\xc2\xafve\r\n\n\xe9t\xe9");
    let small = std::fs::read(&b.0).unwrap();
    // Both inputs again on stdin, and the endings rule of --fix-line-breaks.
    for (extra, stdin) in [(&[][..], &input), (&["--fix-line-breaks"], &small)] {
        let runs: Vec<Output> = ["1", "2", "8"]
            .iter()
            .map(|jobs| {
                let mut args = vec!["--explain", "--jobs", jobs];
                args.extend_from_slice(extra);
                args.extend_from_slice(&[a.arg(), "-", b.arg()]);
                run(&args, stdin)
            })
            .collect();
        let first = &runs[0];
        assert_ok(first);
        let err = stderr(first);
        assert!(err.contains(": read as windows-1252\n"), "{extra:?}");
        assert!(err.contains(": encode windows-1252; decode utf-8\n"));
        assert!(
            err.contains(&format!("mojifix: {}: ", b.arg())),
            "{extra:?}"
        );
        for (jobs, out) in ["2", "8"].iter().zip(&runs[1..]) {
            assert_eq!(out.status.code(), Some(0), "--jobs {jobs} {extra:?}");
            assert!(out.stdout == first.stdout, "--jobs {jobs} {extra:?}");
            assert!(out.stderr == first.stderr, "--jobs {jobs} {extra:?}");
        }
    }
}

#[test]
fn jobs_keep_line_endings_byte_for_byte() {
    let input = b"a\r\n\r\rb\n\ncaf\xc3\x83\xc2\xa9\r".repeat(50_000);
    for jobs in ["1", "3"] {
        let out = run(&["--jobs", jobs], &input);
        assert_ok(&out);
        let want = "a\r\n\r\rb\n\ncafé\r".repeat(50_000);
        assert!(out.stdout == want.as_bytes(), "--jobs {jobs}");
    }
}

#[test]
fn jobs_write_the_lines_before_a_failing_byte() {
    let mut input = "cafÃ©\n".repeat(100_000).into_bytes();
    input.extend_from_slice(b"\xfe\nnot reached\n");
    for jobs in ["1", "2"] {
        let out = run(&["--strict", "--jobs", jobs], &input);
        assert_eq!(out.status.code(), Some(1), "--jobs {jobs}");
        assert_eq!(
            stderr(&out),
            "mojifix: -: invalid UTF-8 at byte offset 800000\n"
        );
        assert!(out.stdout == "café\n".repeat(100_000).as_bytes());
    }
}

/// Mostly clean UTF-8 (read in runs of whole lines) with a broken line now
/// and then, every ending, and one windows-1252 line far in: each job
/// count writes what fixing each line on its own gives, and numbers the
/// explained lines and counts the lines as they are in the input.
#[test]
fn runs_of_clean_lines_keep_output_numbers_and_counts() {
    // No empty line: after a lone `\r` it would make a `\r\n`.
    let clean = [
        "plain line",
        "Комитет опубликует",
        "委员会将于三月一日",
        "café",
    ];
    let endings = ["\n", "\r\n", "\r"];
    let mut input = Vec::new();
    let mut want = String::new();
    let mut explained = Vec::new();
    let lines = 120_000;
    for k in 0..lines {
        let number = k + 1;
        let ending = endings[k % 7 % 3];
        if k == 90_000 {
            input.extend_from_slice(b"caf\xe9 latin-1\n");
            want.push_str("café latin-1\n");
            explained.push(format!("-:{number}: read as windows-1252"));
            continue;
        }
        if k % 997 == 0 {
            input.extend_from_slice(format!("naÃ¯ve {k}{ending}").as_bytes());
            want.push_str(&format!("naïve {k}{ending}"));
            explained.push(format!("-:{number}: encode windows-1252; decode utf-8"));
            continue;
        }
        let line = clean[k % clean.len()];
        input.extend_from_slice(format!("{line}{ending}").as_bytes());
        want.push_str(&format!("{line}{ending}"));
    }
    let summary = format!(
        "mojifix: -: {lines} lines: {} UTF-8, 1 windows-1252",
        lines - 1
    );
    for jobs in ["1", "2", "3"] {
        let out = run(&["--explain", "--jobs", jobs], &input);
        assert_ok(&out);
        assert!(out.stdout == want.as_bytes(), "--jobs {jobs}");
        let err = stderr(&out);
        let (messages, last) = err.trim_end().rsplit_once('\n').unwrap();
        assert_eq!(last, summary, "--jobs {jobs}");
        let messages: Vec<&str> = messages.lines().collect();
        assert_eq!(messages, explained, "--jobs {jobs}");
    }
}
