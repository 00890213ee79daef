//! The `mojifix` binary on raw bytes: legacy charsets, mixed files,
//! UTF-16, `--encoding`, `--strict`, the summary line, `--explain`, and
//! arbitrary bytes (exit 0 or 1, never a signal).

use std::process::Output;

mod common;
use common::run;

fn encode(label: &str, text: &str) -> Vec<u8> {
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
    let (bytes, _, lossy) = encoding.encode(text);
    assert!(!lossy, "{text} in {label}");
    bytes.into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_legacy_file_is_decoded_with_a_summary() {
    let text = "Съешь же ещё этих мягких французских булок, да выпей чаю.\nВторая строка.\n";
    let out = run(&[], &encode("windows-1251", text));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout.clone()).unwrap(), text);
    assert_eq!(stderr(&out), "mojifix: -: 2 lines: 2 windows-1251\n");
}

#[test]
fn plain_utf8_gets_no_summary() {
    let out = run(&[], "naïve café\n".as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, "naïve café\n".as_bytes());
    assert_eq!(stderr(&out), "");
}

#[test]
fn a_mixed_file_decodes_each_bad_line_and_explains() {
    let mut input = "première ligne en UTF-8\n".as_bytes().to_vec();
    input.extend(encode(
        "windows-1252",
        "deuxième ligne « collée » d’un tableur\n",
    ));
    input.extend("troisième ligne, été\n".as_bytes());
    let out = run(&["--explain"], &input);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout.clone()).unwrap(),
        "première ligne en UTF-8\ndeuxième ligne « collée » d’un tableur\ntroisième ligne, été\n"
    );
    assert_eq!(
        stderr(&out),
        "-:2: read as windows-1252\nmojifix: -: 3 lines: 2 UTF-8, 1 windows-1252\n"
    );
}

#[test]
fn utf16_with_and_without_a_mark() {
    let text = "Hello, мир\r\nzweite Zeile\r\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (input, name) in [
        ([&[0xFF, 0xFE][..], &le].concat(), "UTF-16LE"),
        ([&[0xFE, 0xFF][..], &be].concat(), "UTF-16BE"),
        (le.clone(), "UTF-16LE"),
        (be.clone(), "UTF-16BE"),
    ] {
        let out = run(&[], &input);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            String::from_utf8(out.stdout.clone()).unwrap(),
            text,
            "{name}"
        );
        assert_eq!(stderr(&out), format!("mojifix: -: 2 lines: 2 {name}\n"));
    }
}

#[test]
fn encoding_forces_a_charset() {
    let input = encode("koi8-r", "Привет\n");
    let out = run(&["--encoding", "koi8-r"], &input);
    assert_eq!(out.stdout, "Привет\n".as_bytes());
    // cp437 box drawing, which no guess would pick for so few bytes.
    let out = run(&["--encoding=cp437"], b"\xc9\xcd\xbb\n");
    assert_eq!(String::from_utf8(out.stdout.clone()).unwrap(), "╔═╗\n");
    let out = run(&["--encoding", "cp932"], &encode("shift_jis", "日本語\n"));
    assert_eq!(String::from_utf8(out.stdout.clone()).unwrap(), "日本語\n");
    let out = run(&["--encoding", "nope"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn undecodable_bytes_are_replaced_and_counted() {
    // Shift_JIS with a lead byte and no trail at the very end.
    let mut input = encode("shift_jis", "これは日本語の文章です。\n");
    input.push(0x82);
    let out = run(&["--encoding", "sjis"], &input);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout.clone()).unwrap(),
        "これは日本語の文章です。\n\u{FFFD}"
    );
    assert_eq!(
        stderr(&out),
        "mojifix: -: 2 lines: 2 Shift_JIS; 1 byte replaced with U+FFFD\n"
    );
    // The same in strict mode stops at the offset of that byte.
    let out = run(&["--encoding", "sjis", "--strict"], &input);
    assert_eq!(out.status.code(), Some(1));
    let offset = input.len() - 1;
    assert_eq!(
        stderr(&out),
        format!("mojifix: -: invalid Shift_JIS at byte offset {offset}\n")
    );
}

#[test]
fn truncated_utf8_at_the_end_is_one_replacement() {
    let out = run(&[], b"caf\xc3\xa9\nna\xc3");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout.clone()).unwrap(),
        "café\nna\u{FFFD}"
    );
    assert_eq!(
        stderr(&out),
        "mojifix: -: 2 lines: 2 UTF-8; 1 byte replaced with U+FFFD\n"
    );
}

#[test]
fn arbitrary_bytes_never_kill_it() {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for len in [1usize, 2, 3, 7, 64, 1000, 5000] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        for args in [&[][..], &["--strict"], &["--encoding", "utf-16be"]] {
            let out = run(args, &bytes);
            let code = out.status.code();
            assert!(matches!(code, Some(0 | 1)), "{args:?} {len}: {code:?}");
            if args.is_empty() {
                assert!(!out.stdout.is_empty(), "{len}");
            }
        }
    }
}

#[test]
fn a_line_longer_than_the_piece_bound_comes_out_whole() {
    // Words of cp1252 text, well past the bound, in one line.
    let word = encode("windows-1252", "déjà vu ");
    let mut input = Vec::new();
    while input.len() < mojifix::bytes::MAX_LINE_BYTES + (1 << 20) {
        input.extend_from_slice(&word);
    }
    input.push(b'\n');
    let out = run(&[], &input);
    assert_eq!(out.status.code(), Some(0));
    let want = "déjà vu ".repeat((input.len() - 1) / word.len()) + "\n";
    assert!(out.stdout == want.as_bytes());
    // Decoded in pieces, counted as the one line it is.
    assert_eq!(stderr(&out), "mojifix: -: 1 line: 1 windows-1252\n");
}
