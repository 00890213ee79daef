//! The CJK chains on text of our own, and the real-world fixture in
//! `../shared/fixtures` (skipped with a message when absent).

use std::path::PathBuf;

use mojifix::{Chain, Codec};

/// The text `right`-encoded and `wrong`-decoded, as a lossy WHATWG decoder
/// would (U+FFFD for what does not decode).
fn break_lossy(text: &str, right: Codec, wrong: &'static encoding_rs::Encoding) -> String {
    let bytes = right.encode(text).expect("encodable");
    wrong.decode_without_bom_handling(&bytes).0.into_owned()
}

#[test]
fn utf8_read_as_gbk_is_repaired() {
    // Quotes, apostrophes and dashes of English text, the commonest case.
    // (Lossless only where each sequence is followed by a byte GBK takes as
    // a trail byte, such as a letter.)
    let chain = Chain::find(Codec::Gbk, Codec::Utf8).unwrap();
    for text in [
        "“During the visit the two sides met",
        "the province’s police watchdog",
        "Cloverdale—Langley City will vote",
    ] {
        let broken = chain.break_text(text).expect("decodes as GBK");
        assert_ne!(broken, text);
        assert_eq!(mojifix::fix(&broken), text, "{broken}");
    }
}

/// Small alphabets read as a double-byte codec: every letter lands on one
/// of a few rows of the code table (Russian `D0`/`D1`, Greek `CE`/`CF`),
/// which real CJK text never does, even where the characters are common.
#[test]
fn small_alphabets_read_as_cjk_are_repaired() {
    for (wrong, text) in [
        (Codec::Gbk, "Привет, мир! Как дела?"),
        (Codec::Gbk, "атмосфери"),
        (Codec::Gbk, "Καλημέρα σας"),
        (Codec::Gbk, "שלום עולם"),
        (Codec::Gb18030, "Новосибирск"),
    ] {
        let chain = Chain::find(wrong, Codec::Utf8).unwrap();
        let Some(broken) = chain.break_text(text) else {
            panic!("{wrong} does not decode {text}");
        };
        assert_ne!(broken, text);
        assert_eq!(mojifix::fix(&broken), text, "{wrong}: {broken}");
    }
}

#[test]
fn lost_third_byte_is_restored_from_context() {
    // A dropping GBK decoder: `E2 80 9D` before a space loses `9D`
    // (no GBK trail byte is a space) and leaves a bare `鈥`.
    let broken = "鈥淲e agree,鈥 she said. It was 鈥渇ine鈥 and quick 鈥 really.";
    assert_eq!(
        mojifix::fix(broken),
        "“We agree,” she said. It was “fine” and quick — really."
    );
}

#[test]
fn lost_byte_without_a_clue_becomes_one_replacement_character() {
    // WHATWG puts U+FFFD where the lost byte was; with no quotation open
    // and no spaces around, nothing says which character it was.
    let broken = break_lossy("x—y and “quoted”", Codec::Utf8, encoding_rs::GBK);
    let fixed = mojifix::fix(&broken);
    assert!(!fixed.contains('鈥'), "{fixed}");
    assert!(
        fixed.ends_with("“quoted”") || fixed.contains('\u{FFFD}'),
        "{fixed}"
    );
}

#[test]
fn replacement_character_family_is_repaired_to_u_fffd() {
    // `锟斤拷` is U+FFFD U+FFFD in UTF-8 read as GBK: the original is gone.
    let fixed = mojifix::fix_and_explain("Error: 锟斤拷 in the log");
    assert_eq!(fixed.text, "Error: \u{FFFD}\u{FFFD} in the log");
    assert!(fixed.plan.to_string().contains("gbk"), "{}", fixed.plan);
}

#[test]
fn cjk_bytes_read_as_windows_1252_are_repaired() {
    for (text, codec) in [
        ("你好，世界！今天天气很好。", Codec::Gbk),
        ("繁體中文的測試句子，請忽略。", Codec::Big5),
        ("こんにちは、世界。日本語のテキストです。", Codec::ShiftJis),
        ("안녕하세요 세계. 한국어 텍스트입니다.", Codec::EucKr),
        // Short words whose bytes also read as Cyrillic or Hangul: the
        // pairs words hold decide.
        ("南美洲", Codec::Gbk),
        ("地球半径", Codec::Gbk),
        // Japanese and Chinese in EUC-KR, whose kana rows are common
        // characters of Big5 and whose hanja GBK reads as well.
        ("南アフリカ", Codec::EucKr),
        ("インド洋", Codec::EucKr),
        ("イタリア語", Codec::EucKr),
        ("中國語", Codec::EucKr),
        // Katakana whose trail bytes are ASCII letters and signs, with no
        // two high characters side by side.
        ("カナダ", Codec::ShiftJis),
        ("エクアドル (UVC)", Codec::ShiftJis),
    ] {
        let chain = Chain::find(Codec::Windows1252, codec).unwrap();
        let broken = chain.break_text(text).expect("breakable");
        assert_eq!(mojifix::fix(&broken), text, "{codec}: {broken}");
    }
}

#[test]
fn clean_cjk_text_is_untouched() {
    for text in [
        "麻豆影视",
        "美洲",
        "新西兰时间",
        "訊息對話盒中的次要文字",
        "ホームディレクトリは絶対パスでなければなりません。",
        "法郎 (CFA–BCEAO)",
        "在pg_transform.trftosql域中的是臆造值",
        "한국어 텍스트입니다. 서울특별시",
        "鈥",
        "iPhone手机 2023年",
    ] {
        assert_eq!(mojifix::fix(text), text);
    }
}

/// Lines of Chinese and Japanese words, and everyday characters glued to
/// Latin words, whose bytes also make some UTF-8 when read back through a
/// CJK codec (`一些写` would be Cyrillic `һЩд`, `Perl的` would be
/// `PerlŪ`): the words speak for the line as written.
#[test]
fn chinese_and_japanese_words_are_not_read_as_utf8() {
    for text in [
        "一些写",
        "命令列",
        "この変更は次に",
        "視窗大小調整訊號 (4.3 BSD, Sun)",
        "(語言學家還會從中發現一些",
        "使得 shell 列印訊號名和對應編號的列表。",
        "ASCII的",
        "Perl的",
        "Perl里",
        "ftp.procmail.org的",
        "NAME 名字",
        "PIO模式",
        "Unix系",
        "即BIND",
        "psf格",
    ] {
        assert_eq!(mojifix::fix(text), text);
    }
}

#[test]
fn news_fixture_is_repaired() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
    let (Ok(broken), Ok(fixed)) = (
        std::fs::read_to_string(dir.join("news-gbk.txt")),
        std::fs::read_to_string(dir.join("news-gbk.fixed.txt")),
    ) else {
        eprintln!("skipping: {} is absent", dir.display());
        return;
    };
    let ours = mojifix::fix(&broken);
    for (got, want) in ours.lines().zip(fixed.lines()) {
        // Between two spaces a lost dash may be – or —.
        assert_eq!(got.replace('–', "—"), want.replace('–', "—"));
    }
    assert_eq!(ours.lines().count(), fixed.lines().count());
}

/// True when `fixed` is `original` with some characters replaced by one
/// U+FFFD each: nothing invented, nothing shifted.
fn only_lost_characters_replaced(original: &str, fixed: &str) -> bool {
    fixed.chars().count() == original.chars().count()
        && original
            .chars()
            .zip(fixed.chars())
            .all(|(o, f)| f == o || f == '\u{FFFD}')
}

#[test]
fn lossy_two_byte_decoders_leave_one_replacement_per_lost_character() {
    // Big5 and EUC-JP meet a continuation byte they cannot take as a trail
    // byte and replace the pair with U+FFFD: that letter is gone, its
    // neighbours are not.
    for (wrong, text) in [
        (encoding_rs::BIG5, "Карактерот е надвор од опсег"),
        (encoding_rs::EUC_JP, "Информация о программе"),
        (encoding_rs::BIG5, "Произошла ошибка при открытии файла"),
    ] {
        let broken = break_lossy(text, Codec::Utf8, wrong);
        assert!(broken.contains('\u{FFFD}'), "{broken}");
        let fixed = mojifix::fix(&broken);
        assert!(
            only_lost_characters_replaced(text, &fixed),
            "{}: {broken} -> {fixed}",
            wrong.name()
        );
        assert!(fixed.chars().filter(|&c| c != '\u{FFFD}').count() > text.chars().count() / 2);
    }
}

#[test]
fn shift_jis_losing_a_byte_pair_leaves_no_half_width_debris() {
    // Cyrillic read as Shift_JIS: `D1 84 D0 BE` (`фо`) is `ﾑ`, then `84 D0`,
    // which Shift_JIS cannot read (one U+FFFD for two bytes), then `ｾ`.
    // (A word made of little but such remains, like `системата` here, is
    // too little evidence and stays as it is.)
    let text = "Извеждане на информация кой в момента е влязъл";
    let broken = break_lossy(text, Codec::Utf8, encoding_rs::SHIFT_JIS);
    assert!(broken.contains('\u{FFFD}'), "{broken}");
    let fixed = mojifix::fix(&broken);
    assert!(
        !fixed
            .chars()
            .any(|c| ('\u{FF61}'..='\u{FF9F}').contains(&c)),
        "{fixed}"
    );
    assert!(
        only_lost_characters_replaced(text, &fixed),
        "{broken} -> {fixed}"
    );
}

#[test]
fn big5_codes_its_encoder_refuses_are_read_back() {
    // `E1 BB 87` (`ệ`) read as Big5: `E1 BB` is a character, and `87`
    // with the next ASCII letter is a code of Big5's HKSCS rows, which the
    // decoder reads but the encoder does not write.
    let text = "không có câu lệnh hợp lệ";
    let broken = Chain::find(Codec::Big5, Codec::Utf8)
        .unwrap()
        .break_text(text);
    let broken = broken.unwrap_or_else(|| break_lossy(text, Codec::Utf8, encoding_rs::BIG5));
    let fixed = mojifix::fix(&broken);
    assert!(
        only_lost_characters_replaced(text, &fixed),
        "{broken} -> {fixed}"
    );
    assert!(fixed.contains("lệnh"), "{broken} -> {fixed}");
}
