//! GBK and Big5 read as each other, read back whole by the Han model.
//!
//! Between two CJK codecs, almost any pair of high bytes is a character in
//! both, and both readings are Han (with kana and symbols): per character,
//! no class-level cost tells `拸楊植` (GBK `无法从` read as Big5) from
//! real text. What tells is the line as a whole: the repaired reading is
//! words, the written one characters in an order no word has. So the line
//! is read back whole, every non-ASCII character through both codecs, and
//! the two readings are weighed by [`score::han_cost`], the cost per
//! character under a model of Chinese and Japanese text.
//!
//! Precision: the line must be CJK text already (two thirds of its
//! non-ASCII characters Han, kana or private use, which is where one
//! codec's rows land in the other, and not a few inside the words of a
//! Latin line, where UTF-8 read as a CJK codec puts them), every one of those characters must
//! have two bytes in the wrong codec that are one non-ASCII character in
//! the right one, and the repair must make the line cheaper by
//! [`MIN_GAIN`] in all and by [`MIN_GAIN_PER_CHAR`] per character. Bytes
//! that are mostly UTF-8 need a pair of the repair that words hold too
//! (UTF-8 read as Big5 is no better read as GBK, only shuffled). Clean
//! text read through the other codec turns into kana scattered among
//! rare characters and private use, which the model prices far above the
//! text as written.

use super::{Line, Restored, Sequence, Verdict};
use crate::chain::Chain;
use crate::score;

/// The least gain, in nats, of a whole-line repair.
const MIN_GAIN: f32 = 7.0;
/// The least gain per non-ASCII character.
const MIN_GAIN_PER_CHAR: f32 = 2.5;
/// The fewest non-ASCII characters a line must have.
const MIN_CHARS: usize = 2;

/// True for the characters a CJK codec's bytes read with the other CJK
/// codec mostly become: Han, kana, bopomofo, box drawing and the vertical
/// forms of CJK punctuation (the symbol rows of one codec are the other's
/// everyday characters), and private use (GBK's user-defined rows).
fn is_cjk_letter(c: char) -> bool {
    matches!(
        c,
        '\u{2500}'..='\u{257F}'
            | '\u{3041}'..='\u{30FF}'
            | '\u{3105}'..='\u{312F}'
            | '\u{3400}'..='\u{9FFF}'
            | '\u{E000}'..='\u{F8FF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FE30}'..='\u{FE4F}'
    ) || c >= '\u{20000}'
}

/// True when at least half the high bytes of `bytes` are in well-formed
/// UTF-8 sequences of two bytes or more.
fn reads_as_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut high, mut i) = (0usize, 0usize, 0usize);
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            i += 1;
            continue;
        }
        let len = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 0,
        };
        if len > 0
            && bytes
                .get(i..i + len)
                .is_some_and(|s| std::str::from_utf8(s).is_ok())
        {
            valid += len;
            high += len;
            i += len;
        } else {
            high += 1;
            i += 1;
        }
    }
    high > 0 && valid * 2 >= high
}

/// The whole-line reading of `line` under `chain` (a chain between two CJK
/// codecs), when the Han model finds it much more plausible than the line
/// as written; `None` otherwise.
pub(super) fn swap_whole(line: &Line<'_>, chain: Chain) -> Option<Verdict> {
    if !chain.is_cjk_to_cjk() {
        return None;
    }
    let high = line.chars.iter().filter(|c| !c.is_ascii()).count();
    let letters = line.chars.iter().filter(|&&c| is_cjk_letter(c)).count();
    // A few characters inside the words of a Latin line are UTF-8 read as
    // a CJK codec (`d窼ndon癡sia`).
    let latin = line
        .chars
        .iter()
        .filter(|c| c.is_ascii_alphabetic())
        .count();
    let in_latin_line = high * 4 < latin && super::non_ascii_inside_latin_word(line);
    if high < MIN_CHARS || letters * 3 < high * 2 || in_latin_line {
        return None;
    }
    let mut sequences = Vec::new();
    let mut repaired = String::with_capacity(line.text.len());
    let mut bytes = Vec::with_capacity(line.text.len() * 2);
    for (i, &c) in line.chars.iter().enumerate() {
        if c.is_ascii() {
            repaired.push(c);
            bytes.push(c as u8);
            continue;
        }
        let at = bytes.len();
        if !chain.wrong.encode_char(c, &mut bytes) || bytes.len() != at + 2 {
            return None;
        }
        let r = match chain
            .right
            .decode_first(bytes.get(at..).unwrap_or_default())
        {
            Some((r, 2)) if !r.is_ascii() => r,
            _ => return None,
        };
        repaired.push(r);
        if r != c {
            sequences.push(Sequence {
                start: i,
                end: i + 1,
                replacement: r.into(),
                restored: Restored::Nothing,
                bytes: 2,
            });
        }
    }
    if sequences.is_empty() {
        return None;
    }
    let before = score::han_cost(line.text);
    let after = score::han_cost(&repaired);
    let (gain, n) = (before.cost - after.cost, before.chars.max(1));
    if gain < MIN_GAIN || gain < MIN_GAIN_PER_CHAR * n as f32 {
        return None;
    }
    // Bytes that are mostly UTF-8 are UTF-8 read as this codec: the other
    // CJK codec reads them as characters in no word either, a shuffle the
    // model may still find cheaper. Such a line needs a pair words hold.
    if after.attested == 0 && reads_as_utf8(&bytes) {
        return None;
    }
    // Ranked by the gain per character: a whole-line reading of this kind
    // should not outrank a chain that explains the line by structure.
    let evidence = gain / n as f32;
    let end = sequences.len();
    Some(Verdict {
        chain,
        sequences,
        runs: vec![(0, end, evidence)],
        evidence,
        whole: false,
    })
}

#[cfg(test)]
mod tests {
    use crate::codec::Codec;

    /// `text` written in `right`, read as `wrong`.
    fn misread(text: &str, right: Codec, wrong: Codec) -> String {
        let bytes = right.encode(text).expect("encodable");
        wrong.decode(&bytes).expect("decodable")
    }

    #[test]
    fn gbk_and_big5_read_as_each_other_are_read_back() {
        for (text, right, wrong) in [
            ("无法打开配置文件", Codec::Gbk, Codec::Big5),
            ("这个程序需要更多的内存才能运行", Codec::Gbk, Codec::Big5),
            ("ファイルを開けませんでした", Codec::Gbk, Codec::Big5),
            (
                "無法開啟設定檔，請檢查路徑是否正確",
                Codec::Big5,
                Codec::Gbk,
            ),
            ("請檢查網路連線", Codec::Big5, Codec::Gbk),
            ("檔案已經存在", Codec::Big5, Codec::Gbk),
            ("コンピュータ", Codec::Big5, Codec::Gbk),
        ] {
            let broken = misread(text, right, wrong);
            assert_ne!(broken, text);
            assert_eq!(crate::fix(&broken), text, "{broken}");
        }
    }

    #[test]
    fn clean_chinese_and_japanese_stay() {
        for text in [
            "无法打开配置文件，请检查路径是否正确",
            "無法開啟設定檔，請檢查路徑是否正確",
            "ファイルを開けませんでした",
            "中文",
            "繁體中文",
            "日本語の文字",
            "啟用",
            "龍飛鳳舞",
            "魑魅魍魉",
            // UTF-8 `’` and `è` read as Big5, in a Latin line: not GBK.
            "Hora d窼ndon癡sia occidental",
        ] {
            assert_eq!(crate::fix(text), text);
        }
    }
}
