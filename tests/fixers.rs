//! The clean-up fixers through the public API and the command: every
//! `Config` field changes what it should and nothing else, the repair runs
//! before the clean-ups, lines stay independent, plans record clean-ups,
//! and each CLI flag reaches its field.

use std::process::Output;

mod common;

use mojifix::{Config, Fixer, HtmlUnescape, Normalization};

fn fix(config: &Config, text: &str) -> String {
    Fixer::new(config.clone()).fix(text).into_owned()
}

/// For each clean-up field: an input, what the field alone makes of it,
/// and a setter. The default configuration leaves the input alone; with the
/// field on, and in ftfy's configuration, it becomes the output; turning
/// the field off in ftfy's leaves that change out.
struct FieldCase {
    field: &'static str,
    input: &'static str,
    on: &'static str,
    set: fn(&mut Config, bool),
}

const FIELDS: &[FieldCase] = &[
    FieldCase {
        field: "unescape_html",
        input: "fish &amp; chips",
        on: "fish & chips",
        set: |c, on| {
            c.unescape_html = if on {
                HtmlUnescape::On
            } else {
                HtmlUnescape::Off
            }
        },
    },
    FieldCase {
        field: "remove_terminal_escapes",
        input: "\x1b[1mbold\x1b[0m",
        on: "bold",
        set: |c, on| c.remove_terminal_escapes = on,
    },
    FieldCase {
        field: "fix_c1_controls",
        // Alone, `€` read as latin-1 is repaired; after Cyrillic it is not.
        input: "Привет\u{80}",
        on: "Привет€",
        set: |c, on| c.fix_c1_controls = on,
    },
    FieldCase {
        field: "fix_latin_ligatures",
        input: "ﬁnal",
        on: "final",
        set: |c, on| c.fix_latin_ligatures = on,
    },
    FieldCase {
        field: "fix_character_width",
        input: "ＬＯＵＤ",
        on: "LOUD",
        set: |c, on| c.fix_character_width = on,
    },
    FieldCase {
        field: "uncurl_quotes",
        input: "it’s",
        on: "it's",
        set: |c, on| c.uncurl_quotes = on,
    },
    FieldCase {
        field: "fix_line_breaks",
        input: "one\u{2028}two\r\n",
        on: "one\ntwo\n",
        set: |c, on| c.fix_line_breaks = on,
    },
    FieldCase {
        field: "fix_surrogates",
        input: r"\ud83d\ude00",
        on: "😀",
        set: |c, on| c.fix_surrogates = on,
    },
    FieldCase {
        field: "remove_control_chars",
        input: "\u{feff}text\x07",
        on: "text",
        set: |c, on| c.remove_control_chars = on,
    },
    FieldCase {
        field: "normalization",
        input: "cafe\u{301}",
        on: "café",
        set: |c, on| c.normalization = on.then_some(Normalization::Nfc),
    },
];

#[test]
fn each_field_turns_its_fixer_on_and_off() {
    for case in FIELDS {
        assert_eq!(
            fix(&Config::default(), case.input),
            case.input,
            "{}",
            case.field
        );
        let mut config = Config::default();
        (case.set)(&mut config, true);
        assert_eq!(fix(&config, case.input), case.on, "{} on", case.field);
        assert_eq!(
            fix(&Config::ftfy(), case.input),
            case.on,
            "{} in ftfy mode",
            case.field
        );
        let mut config = Config::ftfy();
        (case.set)(&mut config, false);
        assert_ne!(
            fix(&config, case.input),
            case.on,
            "{} off in ftfy mode",
            case.field
        );
    }
}

#[test]
fn each_repair_field_is_honoured() {
    let default = Config::default();
    type Flip = fn(&mut Config);
    let cases: [(&str, Flip); 4] = [
        ("cafÃ©", |c| c.repair_encoding = false),
        ("voilÃ le travail", |c| c.restore_byte_a0 = false),
        ("â€œlossy decodingâ€\u{FFFD}", |c| {
            c.restore_lost_bytes = false
        }),
        ("doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t", |c| {
            c.max_layers = 1
        }),
    ];
    for (input, flip) in cases {
        let mut config = Config::default();
        flip(&mut config);
        let repaired = fix(&default, input);
        assert_ne!(repaired, input, "{input}");
        assert_ne!(fix(&config, input), repaired, "{input}");
        // The same in ftfy mode.
        let mut config = Config::ftfy();
        flip(&mut config);
        assert_ne!(fix(&config, input), fix(&Config::ftfy(), input), "{input}");
    }
}

#[test]
fn each_field_leaves_the_others_inputs_alone() {
    for field in FIELDS {
        let mut config = Config::default();
        (field.set)(&mut config, true);
        // ESC is a control character: removing controls breaks escapes.
        let overlaps = |other: &str| {
            field.field == "remove_control_chars" && other == "remove_terminal_escapes"
        };
        for other in FIELDS
            .iter()
            .filter(|o| o.field != field.field && !overlaps(o.field))
        {
            assert_eq!(
                fix(&config, other.input),
                other.input,
                "{} changed the input of {}",
                field.field,
                other.field
            );
        }
    }
}

#[test]
fn html_modes() {
    let mut config = Config::default();
    let tagged = "<p>fish &amp; chips</p>";
    config.unescape_html = HtmlUnescape::Auto;
    assert_eq!(fix(&config, tagged), tagged);
    assert_eq!(fix(&config, "fish &amp; chips"), "fish & chips");
    config.unescape_html = HtmlUnescape::On;
    assert_eq!(fix(&config, tagged), "<p>fish & chips</p>");
    // Escaped twice, and escaped markup: unescaped to the end, as ftfy does.
    let ftfy = Config::ftfy();
    assert_eq!(fix(&ftfy, "&amp;amp;amp;amp;lt;"), "<");
    assert_eq!(fix(&ftfy, "&lt;b&gt;&amp;amp;&lt;/b&gt;"), "<b>&</b>");
}

#[test]
fn normalization_forms() {
    let mut config = Config::default();
    for (form, want) in [
        (Normalization::Nfc, "éﬁ"),
        (Normalization::Nfd, "e\u{301}ﬁ"),
        (Normalization::Nfkc, "éfi"),
        (Normalization::Nfkd, "e\u{301}fi"),
    ] {
        config.normalization = Some(form);
        assert_eq!(fix(&config, "éﬁ"), want, "{form}");
    }
}

#[test]
fn repair_runs_before_the_clean_ups() {
    let ftfy = Config::ftfy();
    // ’ read as windows-1252 leaves `â€™`: uncurling first would break it.
    assert_eq!(fix(&ftfy, "doesnâ€™t"), "doesn't");
    // Width folding first would turn the halfwidth katakana of UTF-8 read
    // as Shift_JIS into other characters.
    let broken = encoding_rs::SHIFT_JIS.decode("café crème".as_bytes()).0;
    assert_eq!(mojifix::fix(&broken), "café crème");
    assert_eq!(fix(&ftfy, &broken), "café crème");
    // Unescaping can reveal mojibake, which is then repaired.
    assert_eq!(fix(&ftfy, "caf&Atilde;&copy;"), "café");
}

#[test]
fn lines_are_independent_in_every_mode() {
    let lines = [
        "<b>tag &amp; text</b>",
        "fish &amp; chips",
        "cafÃ© “quoted”",
        "ＬＯＵＤ\x1b[0m",
        "plain",
    ];
    for config in [Config::default(), Config::ftfy()] {
        let fixer = Fixer::new(config);
        let each: Vec<String> = lines.iter().map(|l| fixer.fix(l).into_owned()).collect();
        for rotation in 0..lines.len() {
            let mut order: Vec<usize> = (0..lines.len()).collect();
            order.rotate_left(rotation);
            let text: String = order.iter().map(|&i| format!("{}\n", lines[i])).collect();
            let want: String = order.iter().map(|&i| format!("{}\n", each[i])).collect();
            assert_eq!(fixer.fix(&text), want);
        }
    }
    // The line after a tagged line is still unescaped.
    assert_eq!(
        fix(&Config::ftfy(), "<b>&amp;</b>\n&amp;\n"),
        "<b>&amp;</b>\n&\n"
    );
}

#[test]
fn line_endings_follow_fix_line_breaks() {
    let text = "a\r\nb\rc\n";
    assert_eq!(fix(&Config::default(), text), text);
    assert_eq!(fix(&Config::ftfy(), text), "a\nb\nc\n");
    let fixed = Fixer::new(Config::ftfy()).fix_and_explain(text);
    assert_eq!(fixed.plan.to_string(), "apply fix_line_breaks");
    assert_eq!(fixed.plan.apply(text).unwrap(), "a\nb\nc\n");
}

#[test]
fn plans_record_clean_ups() {
    let fixer = Fixer::new(Config::ftfy());
    let fixed = fixer.fix_and_explain("L’Ã©tÃ© ﬁni");
    assert_eq!(fixed.text, "L'été fini");
    assert_eq!(
        fixed.plan.to_string(),
        "reinterpret windows-1252 as utf-8; apply fix_latin_ligatures; apply uncurl_quotes"
    );
    assert_eq!(fixed.plan.apply("L’Ã©tÃ© ﬁni").unwrap(), "L'été fini");
    assert!(!fixed.plan.is_invertible());
    assert!(matches!(
        fixed.plan.invert(),
        Err(mojifix::PlanError::NotInvertible { .. })
    ));
    let parsed: mojifix::Plan = fixed.plan.to_string().parse().unwrap();
    assert_eq!(parsed, fixed.plan);
}

#[test]
fn ftfy_mode_is_idempotent_and_borrows_clean_text() {
    let fixer = Fixer::new(Config::ftfy());
    for text in ["“cafÃ©” &amp; ＬＯＵＤ", "caf&Atilde;&copy;", "plain"] {
        let once = fixer.fix(text).into_owned();
        assert_eq!(fixer.fix(&once), once, "{text}");
    }
    assert!(matches!(
        fixer.fix("clean text, é"),
        std::borrow::Cow::Borrowed(_)
    ));
}

fn run(args: &[&str], input: &str) -> Output {
    common::run(args, input.as_bytes())
}

fn stdout(args: &[&str], input: &str) -> String {
    let out = run(args, input);
    assert!(out.status.success(), "{args:?}: {:?}", out.status);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cli_flags_reach_their_fields() {
    for (flag, case) in [
        ("--unescape-html=on", &FIELDS[0]),
        ("--remove-terminal-escapes", &FIELDS[1]),
        ("--fix-c1-controls", &FIELDS[2]),
        ("--fix-latin-ligatures", &FIELDS[3]),
        ("--fix-character-width", &FIELDS[4]),
        ("--uncurl-quotes", &FIELDS[5]),
        ("--fix-line-breaks", &FIELDS[6]),
        ("--fix-surrogates", &FIELDS[7]),
        ("--remove-control-chars", &FIELDS[8]),
    ] {
        assert_eq!(stdout(&[], case.input), case.input, "{flag} absent");
        assert_eq!(stdout(&[flag], case.input), case.on, "{flag}");
        let off = if flag == "--unescape-html=on" {
            "--no-unescape-html".to_owned()
        } else {
            flag.replacen("--", "--no-", 1)
        };
        assert_eq!(stdout(&["--ftfy"], case.input), case.on, "--ftfy");
        assert_ne!(stdout(&["--ftfy", &off], case.input), case.on, "{off}");
    }
    assert_eq!(stdout(&["--normalization", "NFD"], "é"), "e\u{301}");
    assert_eq!(
        stdout(&["--ftfy", "--normalization=none"], "e\u{301}"),
        "e\u{301}"
    );
}

#[test]
fn cli_ftfy_mode_and_line_endings() {
    let input = "“cafÃ©”\r\n<i>&amp;</i>\r&amp;";
    assert_eq!(stdout(&["--ftfy"], input), "\"café\"\n<i>&amp;</i>\n&");
    assert_eq!(
        stdout(&["--ftfy", "--no-fix-line-breaks"], input),
        "\"café\"\r\n<i>&amp;</i>\r&"
    );
    assert_eq!(stdout(&[], input), "“café”\r\n<i>&amp;</i>\r&amp;");
}

#[test]
fn cli_explains_clean_ups() {
    let out = run(&["--ftfy", "--explain"], "plain\n“quoted”\n");
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err, "-:2: apply uncurl_quotes\n");
}

#[test]
fn cli_rejects_bad_values_and_documents_the_flags() {
    for args in [
        &["--normalization", "NFX"][..],
        &["--unescape-html=sometimes"],
        &["--uncurl-quotes=yes"],
        &["--no-fix-line-breaks=on"],
    ] {
        assert_eq!(run(args, "").status.code(), Some(2), "{args:?}");
    }
    let help = stdout(&["--help"], "");
    for flag in [
        "--ftfy",
        "--unescape-html",
        "--remove-terminal-escapes",
        "--fix-c1-controls",
        "--fix-latin-ligatures",
        "--fix-character-width",
        "--uncurl-quotes",
        "--fix-line-breaks",
        "--fix-surrogates",
        "--remove-control-chars",
        "--normalization",
        "--no-",
    ] {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
}

mod properties {
    use std::borrow::Cow;

    use mojifix::fixers::{self, Cleanup};
    use mojifix::{Config, Fixer, Normalization};
    use proptest::prelude::*;

    /// Pieces the fixers react to, and mojibake for the repair.
    const PIECES: &[&str] = &[
        "a",
        "é",
        " ",
        "&",
        ";",
        "#",
        "x",
        "1",
        "<",
        "&amp;",
        "&eacute;",
        "&EACUTE;",
        "&#233;",
        "&#x1F600;",
        "&#0;",
        "\x1b[",
        "\x1b",
        "m",
        "\u{80}",
        "\u{93}",
        "\u{85}",
        "ﬁ",
        "ǅ",
        "Ａ",
        "ﾀ",
        "ﾞ",
        "\u{3000}",
        "’",
        "“",
        "ʼ",
        "\u{2028}",
        "\r",
        "\n",
        "\\ud83d",
        "\\ude00",
        "\u{feff}",
        "\x07",
        "e\u{301}",
        "Ã©",
        "â€™",
        "Ã",
        "€",
        "日本",
        "Привет",
    ];

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..24)
            .prop_map(|pieces| pieces.concat())
    }

    fn config() -> ProptestConfig {
        ProptestConfig {
            cases: 300,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x6669_7865),
            ..ProptestConfig::default()
        }
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn each_fixer_borrows_exactly_when_nothing_changes(s in text()) {
            for cleanup in Cleanup::ALL {
                let out = cleanup.apply(&s);
                prop_assert_eq!(matches!(out, Cow::Borrowed(_)), out == s.as_str(), "{}", cleanup);
            }
            for form in Normalization::ALL {
                let out = fixers::normalize(&s, form);
                prop_assert_eq!(matches!(out, Cow::Borrowed(_)), out == s.as_str(), "{}", form);
            }
        }

        #[test]
        fn ftfy_mode_is_idempotent_and_line_by_line(s in text()) {
            let fixer = Fixer::new(Config::ftfy());
            let once = fixer.fix(&s).into_owned();
            prop_assert_eq!(fixer.fix(&once), once.as_str());
            let by_line: String = mojifix::lines::split(&s)
                .map(|(content, ending)| {
                    let ending = if ending.is_empty() { "" } else { "\n" };
                    format!("{}{}", fixer.fix(content), ending)
                })
                .collect();
            prop_assert_eq!(once, by_line);
        }
    }
}
