//! Properties that hold for random text: repairs of broken text, clean text
//! left alone, idempotence, borrowed output when nothing changes.
//!
//! The text is random but word-shaped: words of one alphabet each (a
//! capital now and then), so that it resembles the text the scorer was
//! built for without being any real language.
//!
//! "Enough evidence" for a repair is documented here: the original must
//! have at least three non-ASCII letters, none of them a non-ASCII capital,
//! and the broken text must differ from it. Below that the scorer may
//! rightly leave a break alone (a single `Ã©` in a line is ambiguous; a
//! word-initial `È`, rare in any language, is weak evidence of a repair),
//! which is a miss, never damage.

use std::borrow::Cow;

use mojifix::{Chain, Codec};
use proptest::prelude::*;

const ALPHABETS: &[&str] = &[
    "abcdefghijklmnopqrstuvwxyzéèàùâêîôûçëïü",
    "abcdefghijklmnopqrstuvwxyzáéíóúñü",
    "abcdefghijklmnopqrstuvwxyzäöüß",
    "abcdefghijklmnoprstuvyzçğıöşü",
    "abcdefghijklmnoprstuvwxyząćęłńóśźż",
    "abcdefghijklmnoprstuvyzáčďéěíňóřšťúůýž",
    "абвгдежзийклмнопрстуфхцчшщъыьэюя",
    "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ",
    "的一是不了人我在有他这中大来上个国",
    "あいうえおかきくけこさしすせそたちつてとなにぬねの",
    "가나다라마바사아자차카타파하는은을를",
    "אבגדהוזחטיכלמנסעפצקרשת",
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
];

/// A word-shaped line: 1 to 8 words of one alphabet, capitalised now and
/// then, separated by spaces and the odd comma.
fn line() -> impl Strategy<Value = String> {
    (0..ALPHABETS.len())
        .prop_flat_map(|a| {
            let letters: Vec<char> = ALPHABETS[a].chars().collect();
            let word = (
                proptest::collection::vec(proptest::sample::select(letters), 2..9),
                any::<bool>(),
            )
                .prop_map(|(chars, capital)| {
                    let mut w: String = chars.into_iter().collect();
                    if capital {
                        let mut it = w.chars();
                        if let Some(first) = it.next() {
                            w = first.to_uppercase().chain(it).collect();
                        }
                    }
                    w
                });
            proptest::collection::vec((word, any::<bool>()), 1..8)
        })
        .prop_map(|words| {
            let mut out = String::new();
            for (i, (w, comma)) in words.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(if comma { ", " } else { " " });
                }
                out.push_str(&w);
            }
            out
        })
}

fn utf8_chains() -> Vec<Chain> {
    Chain::all()
        .iter()
        .copied()
        .filter(|c| c.right == Codec::Utf8)
        .collect()
}

fn enough_evidence(original: &str) -> bool {
    original.chars().filter(|c| !c.is_ascii()).count() >= 3
        && !original.chars().any(|c| !c.is_ascii() && c.is_uppercase())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn clean_text_is_left_alone(s in line()) {
        let fixed = mojifix::fix(&s);
        prop_assert!(matches!(fixed, Cow::Borrowed(_)), "{:?} -> {:?}", s, fixed);
    }

    #[test]
    fn broken_text_is_repaired(s in line(), k in 0usize..64) {
        let chains = utf8_chains();
        let chain = chains[k % chains.len()];
        let broken = chain.break_text(&s).unwrap();
        prop_assume!(broken != s && enough_evidence(&s));
        // Text that is already plausible in the wrong codec (Greek read as
        // windows-1253 is still Greek) is not evidence of damage.
        prop_assume!(!broken.chars().all(|c| c.is_ascii() || c.is_alphabetic() && !c.is_uppercase() || c == ' ' || c == ','));
        // Another chain that reads the same broken text as different valid
        // text (windows-1250 and ISO-8859-2 share most of their letters)
        // leaves the choice to the scorer's sense of commonness.
        prop_assume!(!chains.iter().any(|other| {
            other.wrong.encode(&broken).and_then(|b| Codec::Utf8.decode(&b)).is_some_and(|t| t != s)
        }));
        // cp437 output made only of box drawing is line art, as far as
        // anyone can tell.
        prop_assume!(!broken.chars().filter(|c| !c.is_ascii()).all(|c| ('\u{2500}'..='\u{259f}').contains(&c)));
        prop_assert_eq!(mojifix::fix(&broken), s.as_str(), "chain {} broke {:?} into {:?}", chain, s, broken);
    }

    #[test]
    fn fix_is_idempotent(s in line(), k in 0usize..64, break_it in any::<bool>()) {
        let chains = utf8_chains();
        let input = if break_it { chains[k % chains.len()].break_text(&s).unwrap() } else { s };
        let once = mojifix::fix(&input).into_owned();
        prop_assert_eq!(mojifix::fix(&once), once.as_str());
    }

    #[test]
    fn any_string_is_safe(s in "\\PC{0,80}") {
        let once = mojifix::fix(&s).into_owned();
        prop_assert!(once.len() <= 4 * s.len() + 4);
        let again = mojifix::fix(&once);
        prop_assert_eq!(again, once.as_str());
    }

    #[test]
    fn lines_are_independent(a in line(), b in line(), k in 0usize..64) {
        let chains = utf8_chains();
        let broken = chains[k % chains.len()].break_text(&b).unwrap();
        let joined = format!("{a}\n{broken}\r\n");
        let expected = format!("{}\n{}\r\n", mojifix::fix(&a), mojifix::fix(&broken));
        prop_assert_eq!(mojifix::fix(&joined), expected);
    }
}

#[test]
fn whole_line_plans_invert_byte_for_byte() {
    let mut inverted = 0;
    for text in [
        "café crème",
        "Привет, мир",
        "naïve “quotes”",
        "Ελληνικά κείμενα",
    ] {
        for chain in utf8_chains() {
            let broken = chain.break_text(text).unwrap();
            let fixed = mojifix::fix_and_explain(&broken);
            if fixed.text != text || !fixed.plan.is_invertible() {
                continue;
            }
            let inverse = fixed.plan.invert().unwrap();
            assert_eq!(
                inverse.apply(text).unwrap(),
                broken,
                "{chain}: {}",
                fixed.plan
            );
            inverted += 1;
        }
    }
    assert!(inverted >= 20, "only {inverted} plans were inverted");
}
