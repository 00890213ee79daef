//! `fix_bytes` on real sentences in each legacy charset, UTF-16 with and
//! without a mark, mixed files, truncated sequences at the end, and
//! arbitrary bytes.

use mojifix::{ByteOptions, Charset, Fixer, fix_bytes};
use proptest::prelude::*;

/// (WHATWG label, sentences of a language written in that charset)
const CASES: &[(&str, &[&str])] = &[
    (
        "windows-1251",
        &[
            "Съешь же ещё этих мягких французских булок, да выпей чаю.",
            "Україна - держава у Східній Європі.",
        ],
    ),
    (
        "koi8-r",
        &[
            "Съешь же ещё этих мягких французских булок, да выпей чаю.",
            "Москва - столица России.",
        ],
    ),
    (
        "ibm866",
        &[
            "Съешь же ещё этих мягких французских булок, да выпей чаю.",
            "Файл не найден.",
        ],
    ),
    (
        "windows-1252",
        &[
            "Le cœur déçu mais l’âme plutôt naïve, Louÿs rêva de crapaüter.",
            "Über den Wolken muß die Freiheit wohl grenzenlos sein.",
        ],
    ),
    (
        "windows-1250",
        &[
            "Příliš žluťoučký kůň úpěl ďábelské ódy.",
            "Zażółć gęślą jaźń, pchnąć w tę łódź jeża.",
        ],
    ),
    (
        "iso-8859-2",
        &[
            "Příliš žluťoučký kůň úpěl ďábelské ódy.",
            "Árvíztűrő tükörfúrógép és műszaki leírás.",
        ],
    ),
    (
        "windows-1253",
        &[
            "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία.",
            "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.",
        ],
    ),
    (
        "windows-1254",
        &[
            "Pijamalı hasta yağız şoföre çabucak güvendi.",
            "Türkiye Cumhuriyeti’nin başkenti Ankara’dır.",
        ],
    ),
    (
        "windows-1255",
        &[
            "דג סקרן שט בים מאוכזב ולפתע מצא חברה.",
            "ירושלים היא עיר עתיקה.",
        ],
    ),
    (
        "windows-1256",
        &["صِف خَلقَ خَودِ كَمِثلِ الشَمسِ إِذ بَزَغَت", "القاهرة هي عاصمة مصر."],
    ),
    (
        "windows-1257",
        &[
            "Įlinkdama fechtuotojo špaga sublykčiojusi pragręžė apvalų arbūzą.",
            "Glāžšķūņa rūķīši dzērumā čiepj Baha koncertflīģeļu vāķus.",
        ],
    ),
    (
        "windows-874",
        &[
            "เป็นมนุษย์สุดประเสริฐเลิศคุณค่า",
            "กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย",
        ],
    ),
    (
        "shift_jis",
        &[
            "いろはにほへと ちりぬるを わかよたれそ つねならむ",
            "東京は日本の首都です。",
        ],
    ),
    (
        "euc-jp",
        &[
            "いろはにほへと ちりぬるを わかよたれそ つねならむ",
            "東京は日本の首都です。",
        ],
    ),
    (
        "gbk",
        &["我能吞下玻璃而不伤身体。", "北京是中华人民共和国的首都。"],
    ),
    (
        "big5",
        &["我能吞下玻璃而不傷身體。", "臺北是臺灣的政治與經濟中心。"],
    ),
    (
        "euc-kr",
        &["다람쥐 헌 쳇바퀴에 타고파.", "서울은 대한민국의 수도이다."],
    ),
];

fn encode(label: &str, text: &str) -> Vec<u8> {
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
    let (bytes, _, lossy) = encoding.encode(text);
    assert!(!lossy, "{text} in {label}");
    bytes.into_owned()
}

#[test]
fn each_charset_as_a_file_of_its_sentences() {
    for (label, sentences) in CASES {
        let text: String = sentences.iter().map(|s| format!("{s}\n")).collect();
        let fixed = fix_bytes(&encode(label, &text));
        assert_eq!(fixed.text, text, "{label}");
        assert_eq!(fixed.replaced, 0);
        // Charsets that read these sentences identically count as right.
        assert_eq!(fixed.charsets().len(), 1, "{label}");
    }
}

#[test]
fn each_charset_one_line_at_a_time() {
    let mut right = 0;
    let mut total = 0;
    for (label, sentences) in CASES {
        for sentence in *sentences {
            total += 1;
            right += usize::from(fix_bytes(&encode(label, sentence)).text == *sentence);
        }
    }
    // One sentence alone is less evidence than a file.
    assert!(right * 10 >= total * 9, "{right} of {total}");
}

#[test]
fn forced_charsets_decode_exactly() {
    for (label, sentences) in CASES {
        let mut options = ByteOptions::default();
        options.encoding = Charset::for_label(label);
        let fixed = Fixer::default()
            .fix_bytes_with(&encode(label, sentences[0]), &options)
            .unwrap();
        assert_eq!(fixed.text, sentences[0], "{label}");
    }
}

#[test]
fn utf16_with_and_without_a_mark() {
    for text in [
        "Hello, world\nline two\n",
        "Привет, мир\nвторая строка",
        "Ελληνικά κείμενα\r\n",
    ] {
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, charset) in [
            ([&[0xFF, 0xFE][..], &le].concat(), Charset::UTF_16LE),
            ([&[0xFE, 0xFF][..], &be].concat(), Charset::UTF_16BE),
            (le.clone(), Charset::UTF_16LE),
            (be.clone(), Charset::UTF_16BE),
        ] {
            let fixed = fix_bytes(&bytes);
            assert_eq!(fixed.text, text);
            assert_eq!(fixed.charsets(), [charset]);
        }
    }
    // A UTF-8 mark decides and stays, byte for byte: the text was not
    // broken (removing it is the `remove_control_chars` clean-up's job).
    let marked = fix_bytes("\u{FEFF}été".as_bytes());
    assert_eq!(marked.text, "\u{FEFF}été");
    assert_eq!(marked.charsets(), [Charset::UTF_8]);
}

#[test]
fn mixed_files_decode_each_line_that_is_not_utf8() {
    for (label, sentences) in CASES {
        let mut bytes = Vec::new();
        let mut want = String::new();
        for i in 0..12 {
            let line = format!("{} - {i}\n", sentences[i % 2]);
            if i % 5 == 3 {
                bytes.extend(encode(label, &line));
            } else {
                bytes.extend(line.as_bytes());
            }
            want.push_str(&line);
        }
        let fixed = fix_bytes(&bytes);
        assert_eq!(fixed.text, want, "{label}");
        assert!(fixed.charsets().contains(&Charset::UTF_8));
        assert!(fixed.charsets().len() >= 2, "{label}");
    }
}

#[test]
fn utf8_lines_tell_the_language_of_the_others() {
    // Short Latvian words in windows-1257 read as well in windows-1252
    // (`Kûba`) to a model without context; the file's UTF-8 lines are
    // Latvian.
    let utf8 = [
        "Glāžšķūņa rūķīši dzērumā čiepj Baha koncertflīģeļu vāķus.",
        "Rīga ir Latvijas galvaspilsēta un lielākā pilsēta.",
        "Latvija ir valsts Baltijas jūras austrumu krastā.",
    ];
    let legacy = ["Kūba", "Tobāgas"];
    let mut bytes = Vec::new();
    let mut want = String::new();
    for (i, line) in utf8.iter().cycle().take(9).enumerate() {
        bytes.extend(format!("{line}\n").as_bytes());
        want.push_str(&format!("{line}\n"));
        if let Some(word) = legacy.get(i / 2).filter(|_| i % 2 == 1) {
            bytes.extend(encode("windows-1257", &format!("{word}\n")));
            want.push_str(&format!("{word}\n"));
        }
    }
    assert_eq!(fix_bytes(&bytes).text, want);
}

#[test]
fn truncated_sequences_at_the_end_are_one_replacement() {
    let fixed = fix_bytes(b"line one\ncaf\xc3\xa9 na\xc3");
    assert_eq!(fixed.text, "line one\ncafé na\u{FFFD}");
    assert_eq!(fixed.replaced, 1);
    assert_eq!(fixed.charsets(), [Charset::UTF_8]);

    let mut bytes = encode("shift_jis", "東京は日本の首都です。\n");
    bytes.push(0x93);
    let mut options = ByteOptions::default();
    options.encoding = Charset::for_label("sjis");
    let fixed = Fixer::default().fix_bytes_with(&bytes, &options).unwrap();
    assert_eq!(fixed.text, "東京は日本の首都です。\n\u{FFFD}");
    assert_eq!(fixed.replaced, 1);

    options.strict = true;
    let err = Fixer::default()
        .fix_bytes_with(&bytes, &options)
        .unwrap_err();
    assert_eq!(err.offset as usize, bytes.len() - 1);
}

#[test]
fn spans_say_where_each_charset_was_used() {
    let mut bytes = "ok é\n".as_bytes().to_vec();
    bytes.extend(encode("windows-1252", "déjà vu\n"));
    bytes.extend("fin ü\n".as_bytes());
    let fixed = fix_bytes(&bytes);
    let spans: Vec<_> = fixed
        .spans
        .iter()
        .map(|s| (s.input.clone(), s.charset.name()))
        .collect();
    assert_eq!(
        spans,
        [(0..6, "UTF-8"), (6..14, "windows-1252"), (14..21, "UTF-8")]
    );
    for span in &fixed.spans {
        assert!(fixed.text.get(span.text.clone()).is_some());
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes_decode_without_loss(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let fixed = fix_bytes(&bytes);
        prop_assert_eq!(bytes.is_empty(), fixed.text.is_empty());
        // Spans cover the input, in order, with no gap.
        let mut end = 0;
        for span in &fixed.spans {
            prop_assert_eq!(span.input.start, end);
            end = span.input.end;
        }
        prop_assert_eq!(end, bytes.len());
        // Every replaced byte is counted, and shows as U+FFFD.
        let replaced: usize = fixed.spans.iter().map(|s| s.replaced).sum();
        prop_assert_eq!(replaced, fixed.replaced);
        if fixed.replaced > 0 {
            prop_assert!(fixed.text.contains(char::REPLACEMENT_CHARACTER), "no replacement shown");
        }
    }

    #[test]
    fn valid_utf8_is_fixed_as_text(text in "[a-zé日\\n\\r ]{0,40}") {
        let fixed = fix_bytes(text.as_bytes());
        prop_assert_eq!(fixed.text, mojifix::fix(&text).into_owned());
        prop_assert_eq!(fixed.replaced, 0);
    }
}

#[test]
fn one_western_word_after_a_utf8_line_reads_as_windows_1252() {
    // One byte (`EF`) tells the charsets apart here; the UTF-8 line is
    // French, and so is the other (not `naīve` in ISO-8859-4).
    let fixed = fix_bytes(b"caf\xc3\xa9\nna\xefve\n");
    assert_eq!(fixed.text, "café\nnaïve\n");
}

#[test]
fn one_western_word_alone_reads_as_windows_1252() {
    // One byte, which ISO-8859-4 reads as `ī`: the common charset wins.
    assert_eq!(fix_bytes(b"na\xefve").text, "naïve");
    let fixed = fix_bytes(b"na\xefve\n");
    assert_eq!(fixed.text, "naïve\n");
    assert_eq!(fixed.charsets()[0].name(), "windows-1252");
}

#[test]
fn a_legacy_letter_at_the_very_end_is_not_cut_off_utf8() {
    // 0xE9 starts a three-byte UTF-8 sequence, but nothing in the input
    // is UTF-8.
    assert_eq!(fix_bytes(b"na\xefve caf\xe9").text, "naïve café");
    // The same byte before a line ending, in a file of UTF-8 lines.
    let mut bytes = "première ligne\n".repeat(3).into_bytes();
    bytes.extend(encode("windows-1252", "un café\n"));
    assert_eq!(
        fix_bytes(&bytes).text,
        format!("{}un café\n", "première ligne\n".repeat(3))
    );
}

#[test]
fn the_last_line_counts_in_the_choice_of_charset() {
    // Greek that ISO-8859-7 and windows-1253 read alike, but for `Ά` on
    // the last line.
    let text = format!(
        "{}Άγιοι Τόποι\n",
        "Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια.\n".repeat(5)
    );
    let fixed = fix_bytes(&encode("iso-8859-7", &text));
    assert_eq!(fixed.text, text);
    assert_eq!(fixed.charsets()[0].name(), "ISO-8859-7");
}
