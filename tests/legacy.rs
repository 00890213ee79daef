//! Legacy single-byte text read with the wrong single-byte codec, on text
//! of our own; and the precision side: real text in those alphabets, and
//! Latin text that looks like their mojibake, stays as it is.

use mojifix::{Chain, Codec};

fn round_trip(text: &str, right: Codec, wrong: Codec) {
    let chain = Chain::find(wrong, right).expect("chain in the table");
    let broken = chain.break_text(text).expect("breakable");
    assert_ne!(broken, text);
    assert_eq!(mojifix::fix(&broken), text, "{chain}: {broken}");
}

#[test]
fn other_alphabets_read_as_windows_1252_are_repaired() {
    round_trip(
        "Привет, мир! Как дела?",
        Codec::Windows1251,
        Codec::Windows1252,
    );
    round_trip(
        "Съешь же ещё этих мягких французских булок",
        Codec::Windows1251,
        Codec::Latin1,
    );
    round_trip("Привет, мир! Как дела?", Codec::Koi8R, Codec::Windows1252);
    round_trip(
        "Ελληνικά κείμενα για δοκιμή",
        Codec::Windows1253,
        Codec::Windows1252,
    );
    round_trip(
        "שלום עולם, מה שלומך",
        Codec::Windows1255,
        Codec::Windows1252,
    );
    round_trip(
        "مرحبا بالعالم كيف حالك",
        Codec::Windows1256,
        Codec::Windows1252,
    );
    round_trip("สวัสดีชาวโลก ภาษาไทย", Codec::Windows874, Codec::Latin1);
}

#[test]
fn cyrillic_code_pages_read_as_each_other_are_repaired() {
    round_trip("Привет, мир! Как дела?", Codec::Koi8R, Codec::Windows1251);
    round_trip("Привет, мир! Как дела?", Codec::Windows1251, Codec::Koi8R);
    round_trip(
        "Съешь же ещё этих мягких французских булок",
        Codec::Ibm866,
        Codec::Windows1251,
    );
}

#[test]
fn real_text_in_those_alphabets_is_untouched() {
    for text in [
        "Потребна је пријава на посредника за ХТТП",
        "SYNNEJYL локализаци",
        "АПШ долларӗ (ҫитес кун)",
        "ВІКІ is Ukrainian for WIKI",
        "Ôôô VIDA MINHA",
        "Η ¨ανατροφή¨ δυστυχώς από τους προπονητές",
        "Árvíztűrő tükörfúrógép",
        "Žluťoučký kůň úpěl ďábelské ódy",
        "Pchnąć w tę łódź jeża lub ośm skrzyń fig",
        "Pijamalı hasta yağız şoföre çabucak güvendi",
    ] {
        assert_eq!(mojifix::fix(text), text);
    }
}

#[test]
fn latin_code_pages_read_as_windows_1252_are_repaired() {
    for (text, right) in [
        ("Příliš žluťoučký kůň úpěl ďábelské ódy", Codec::Iso8859_2),
        ("Nie można odczytać nagłówka pliku", Codec::Windows1250),
        // Only a sign inside a word shows it (`by³oje`): `ñ` alone is Spanish.
        ("Pakiń byłoje", Codec::Iso8859_2),
        (
            "Pijamalı hasta yağız şoföre çabucak güvendi",
            Codec::Windows1254,
        ),
        ("Ne çeşit uzantı vaqialarını alacağını", Codec::Windows1254),
    ] {
        round_trip(text, right, Codec::Windows1252);
    }
}

#[test]
fn latin_text_that_one_language_could_write_is_untouched() {
    // Each fits one alphabet as written, or changes too little to tell.
    for text in [
        "Þetta er ýmislegt um það sem gerðist",
        "Alternativ dögme sýrasý",
        "oa de stæ da Ciña",
        "I don’t know, it’s “fine” – really…",
        "Chińskô Lëdowô Repùblika",
        "Kìdzisɨ̀tân",
        "Ærø og Ålesund",
    ] {
        assert_eq!(mojifix::fix(text), text);
    }
}

#[test]
fn words_with_quotes_or_letters_of_uncovered_languages_stay() {
    // Quotation marks inside words are clean text (Uzbek `no‘g‘ay`), and
    // a language the alphabets lack may pair letters no listed one does.
    for text in ["no‘g‘ay", "Nûmpubi Māatìn", "Frǎŋ jìbutì"] {
        assert_eq!(mojifix::fix(text), text);
    }
}

#[test]
fn small_letters_read_as_koi8_capitals_are_repaired_by_letter_pairs() {
    // windows-1251 small letters read as KOI8-R come out as capitals, with
    // no case anomaly to show it; the letter pairs do.
    round_trip(
        "нельзя удалять пакеты в этом репозитории",
        Codec::Windows1251,
        Codec::Koi8R,
    );
    // Real capitals stay, however unusual the words.
    // Nor does a short word, or a letter that would become a sign.
    for text in [
        "СЪЕШЬ ЖЕ ЕЩЁ ЭТИХ МЯГКИХ ФРАНЦУЗСКИХ БУЛОК",
        "ПРИВЕТ МИР",
        "ШЛЯХІ",
        "недеље",
    ] {
        assert_eq!(mojifix::fix(text), text);
    }
}
