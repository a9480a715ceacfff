#!/usr/bin/env python3
"""Learns a Vietnamese/French -> English word lexicon from parallel news openings.

Input: `corpus/lexicon/parallel-manifest.tsv` (pair id, language, URL and sha256 of each side)
and the texts it names, kept outside the repository (`--texts`, one file per side named
`<pair>.<lang>.txt`). A text whose sha256 differs from the manifest is refused.

Method, for each language pair X-en (vi-en, fr-en):

1. Sentences of each text are aligned in order by dynamic programming (Gale-Church style):
   the cost of a 1-1, 1-2, 2-1 or skipped bead is the log ratio of the two lengths in
   characters, less a bonus for each anchor both sides share (numbers, and capitalised words
   the same once folded: names). Openings are often cut at different points, so skipping a
   sentence at either side is allowed at a fixed cost.
2. Words are folded exactly as the engine folds them (lower case, then `fold_diacritics`:
   marks removed, đ -> d, œ -> oe) and split at non-alphanumeric characters, as
   `crates/link/src/content.rs` splits them. A Vietnamese word is usually two syllables
   (`phat trien`, development), so each Vietnamese sentence offers its syllables and its
   syllable bigrams as units; French offers words.
3. IBM model 1 (with a NULL word, uniform start, `--iterations` EM rounds) is trained in both
   directions over the aligned sentences: t(en | x) and t(x | en). IBM 1 rather than Dice:
   Dice scores every word of a frequent sentence alike, while EM lets a word already
   explained by a known translation stop claiming the rest of the sentence, which matters on a
   corpus this small. A word pair is kept when both directions pass `--min-prob`, the pair
   co-occurs in at least `--min-count` aligned sentences, and the English side is a content
   word (three letters or more, not one of the engine's English stopwords). Identical pairs
   (names, numbers) are dropped: the engine already matches them.
4. Output: `corpus/lexicon/learned.tsv`, one row per pair (`lang`, source unit, English word,
   both probabilities, co-occurrence count) under a provenance header, sorted.

It also prints a check against the hand-written glossary (not used to choose anything): of the
learned entries whose source unit is a glossary phrase, the share whose English word is among
that phrase's English words.

Usage: python3 scripts/learn_lexicon.py [--texts /work/lexicon-text/texts] [--out PATH]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent



def rust_word_list(path: str, name: str) -> set[str]:
    """The quoted words of a `const NAME: &[&str] = &[...]` list in the engine's source, so
    that the script and the engine share one list."""
    source = (ROOT / path).read_text(encoding="utf-8")
    body = re.search(name + r": &\[&str\] = &\[(.*?)\];", source, re.S).group(1)
    return set(re.findall(r'"([^"]*)"', body))


# English words the engine keeps no concept for cannot be a translation worth learning.
ENGLISH_STOPWORDS = rust_word_list("crates/link/src/content.rs", "ENGLISH_STOPWORDS")
# Grammatical words align with anything on a corpus this small: French ones are the Snowball
# list the French analyzer drops; Vietnamese ones are the commonest function syllables
# (written for this script from general knowledge of the language).
VIETNAMESE_FUNCTION_WORDS = set(
    """cua va cac nhung duoc la co cho voi trong nay do da dang se mot nhu thi ma khi de ve tu
    tai theo tren duoi cung con nen vao ra len hay hoac neu vi boi bang nhat rat cung""".split()
)

# Letters with no canonical decomposition that fold_diacritics maps itself
# (crates/analysis/src/filters/fold.rs, special_fold).
SPECIAL_FOLD = {
    "đ": "d", "ð": "d", "Đ": "D", "Ð": "D", "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE",
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "ı": "i",
}
DIACRITIC_RANGES = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF),
                    (0xFE20, 0xFE2F))
DECOMPOSED_RANGES = ((0x00C0, 0x024F), (0x1E00, 0x1EFF), (0x0370, 0x03FF), (0x1F00, 0x1FFF))


def _in(ranges, code: int) -> bool:
    return any(lo <= code <= hi for lo, hi in ranges)


def fold_diacritics(text: str) -> str:
    """The engine's fold, character for character (see fold.rs)."""
    out = []
    for c in text:
        code = ord(c)
        if code < 128:
            out.append(c)
        elif c in SPECIAL_FOLD:
            out.append(SPECIAL_FOLD[c])
        elif _in(DIACRITIC_RANGES, code):
            continue
        elif _in(DECOMPOSED_RANGES, code):
            out.extend(p for p in unicodedata.normalize("NFD", c) if not _in(DIACRITIC_RANGES, ord(p)))
        else:
            out.append(c)
    return "".join(out)


def words_of(text: str) -> list[str]:
    """Folded lower-case words, split as content.rs splits them."""
    folded = fold_diacritics(text.lower())
    return [w for w in re.split(r"[^\w]|_", folded) if w]


def sentences(text: str) -> list[str]:
    """Sentences and lines of a text (a full stop inside a number does not end one)."""
    parts = re.split(r"\n+|(?<=[.!?…])\s+(?=[^\s\d])", text)
    return [p.strip() for p in parts if len(words_of(p)) >= 2]


def anchors(sentence: str) -> set[str]:
    """Numbers and folded capitalised words: what a translation keeps as it is."""
    numbers = set(re.findall(r"\d+", sentence))
    names = {
        fold_diacritics(w.lower())
        for w in re.findall(r"\b\w+", sentence)
        if w[:1].isupper() and len(w) > 1
    }
    return numbers | names


SKIP_COST = 3.0
ANCHOR_BONUS = 1.0


def align(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    """Sentence beads of two texts in order (1-1, 1-2, 2-1; unmatched sentences skipped)."""
    inf = float("inf")
    n, m = len(a), len(b)
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    anchors_a = [anchors(s) for s in a]
    anchors_b = [anchors(s) for s in b]

    def bead(i0, i1, j0, j1):
        la = sum(len(s) for s in a[i0:i1]) + 1
        lb = sum(len(s) for s in b[j0:j1]) + 1
        shared = set().union(*anchors_a[i0:i1]) & set().union(*anchors_b[j0:j1])
        return abs(math.log(la / lb)) * 2.0 + (0.5 if i1 - i0 + j1 - j0 > 2 else 0.0) \
            - ANCHOR_BONUS * min(len(shared), 3)

    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            moves = [(1, 0, SKIP_COST), (0, 1, SKIP_COST)]
            for di, dj in ((1, 1), (1, 2), (2, 1)):
                if i + di <= n and j + dj <= m:
                    moves.append((di, dj, bead(i, i + di, j, j + dj)))
            for di, dj, c in moves:
                if i + di <= n and j + dj <= m and here + c < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = here + c
                    back[i + di][j + dj] = (di, dj)
    beads = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj = back[i][j]
        if di and dj:
            beads.append((" ".join(a[i - di:i]), " ".join(b[j - dj:j])))
        i, j = i - di, j - dj
    return beads[::-1]


FRENCH_STOPWORDS = {fold_diacritics(w) for w in rust_word_list(
    "crates/analysis/src/filters/stopwords.rs", "SNOWBALL_FRENCH")}


def units(sentence: str, lang: str) -> list[str]:
    """Source units of a sentence: content words, and for Vietnamese also syllable bigrams."""
    stop = VIETNAMESE_FUNCTION_WORDS if lang == "vi" else FRENCH_STOPWORDS
    w = [x for x in words_of(sentence) if not x.isdigit()]
    content = [x for x in w if x not in stop and len(x) >= 2]
    if lang == "vi":
        content += [f"{x} {y}" for x, y in zip(w, w[1:]) if x not in stop and y not in stop]
    return content


def english_units(sentence: str) -> list[str]:
    """English content words of a sentence: those the engine makes a concept of."""
    return [w for w in words_of(sentence) if len(w) >= 3 and w not in ENGLISH_STOPWORDS
            and not w.isdigit()]


def ibm1(corpus: list[tuple[list[str], list[str]]], iterations: int) -> dict:
    """t(target | source) by IBM model 1 EM; source sentences get a NULL word."""
    t = defaultdict(lambda: 1.0)
    for _ in range(iterations):
        count = defaultdict(float)
        total = defaultdict(float)
        for src, tgt in corpus:
            src = src + [None]
            for e in tgt:
                z = sum(t[(e, f)] for f in src)
                for f in src:
                    c = t[(e, f)] / z
                    count[(e, f)] += c
                    total[f] += c
        t = defaultdict(float, {(e, f): c / total[f] for (e, f), c in count.items()})
    return t


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--manifest", type=Path, default=ROOT / "corpus/lexicon/parallel-manifest.tsv")
    parser.add_argument("--texts", type=Path, default=Path("/work/lexicon-text/texts"))
    parser.add_argument("--out", type=Path, default=ROOT / "corpus/lexicon/learned.tsv")
    parser.add_argument("--glossary", type=Path, default=ROOT / "corpus/lexicon/glossary.tsv")
    parser.add_argument("--iterations", type=int, default=8)
    parser.add_argument("--min-prob", type=float, default=0.5)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--max-rank", type=int, default=3)
    args = parser.parse_args()

    beads: dict[str, list[tuple[list[str], list[str]]]] = defaultdict(list)
    pairs = Counter()
    lines = args.manifest.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        sides = {}
        for k in "ab":
            lang = row[f"lang_{k}"]
            path = args.texts / f"{row['pair']}.{lang}.txt"
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != row[f"sha256_{k}"]:
                sys.exit(f"{path}: sha256 differs from the manifest")
            sides[lang] = data.decode("utf-8")
        if "en" not in sides:
            continue  # vi-fr pairs: kept in the manifest, not used (too few; see README)
        (other,) = [lang for lang in sides if lang != "en"]
        pairs[other] += 1
        for x, e in align(sentences(sides[other]), sentences(sides["en"])):
            src, tgt = units(x, other), english_units(e)
            if src and tgt:
                beads[other].append((src, tgt))

    rows = []
    stats = []
    for lang, corpus in sorted(beads.items()):
        forward = ibm1(corpus, args.iterations)  # t(en | x)
        backward = ibm1([(t, s) for s, t in corpus], args.iterations)  # t(x | en)
        together = Counter()
        for src, tgt in corpus:
            for pair in {(f, e) for f in set(src) for e in set(tgt)}:
                together[pair] += 1
        # The translations a source unit chooses (t(en|x) at least --min-prob) that in turn
        # rank it among their --max-rank likeliest sources (t(x|en)): Vietnamese words offer
        # two syllables and their pair, so an English word's mass is shared by three units.
        ranked = defaultdict(list)
        for (f, e), q in backward.items():
            if e is not None:
                ranked[e].append((q, f))
        top_sources = {
            e: {f for _, f in sorted(cands, reverse=True)[: args.max_rank]}
            for e, cands in ranked.items()
        }
        # A word written alike in both texts (a name: `nghe`, `an`) is an anchor, no translation.
        source_vocabulary = {f for src, _ in corpus for f in src}
        kept = 0
        for (e, f), p in forward.items():
            if f is None or p < args.min_prob or e in source_vocabulary:
                continue
            q = backward.get((f, e), 0.0)
            n = together[(f, e)]
            if f in top_sources.get(e, ()) and n >= args.min_count:
                rows.append((lang, f, e, p, q, n))
                kept += 1
        stats.append(f"{lang}-en: {pairs[lang]} article pairs, {len(corpus)} aligned sentence "
                     f"beads, {kept} entries")

    check_glossary(rows, args.glossary)
    rows.sort(key=lambda r: (r[0], r[1], -r[3]))
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("# Lexicon learned from parallel news openings by scripts/learn_lexicon.py\n")
        out.write(f"# built {datetime.date.today().isoformat()} from "
                  f"{args.manifest.relative_to(ROOT)}; IBM model 1 both directions, "
                  f"{args.iterations} EM rounds; kept: t(en|src) >= {args.min_prob}, src among "
                  f"the {args.max_rank} likeliest sources of en, "
                  f"co-occurrence >= {args.min_count} aligned sentences\n")
        for line in stats:
            out.write(f"# {line}\n")
        out.write("# Columns: source language, folded source word or syllable pair, folded "
                  "English word, t(en|src), t(src|en), aligned sentences with both\n")
        out.write("lang\tsource\ten\tp_en\tp_src\tcount\n")
        for lang, f, e, p, q, n in rows:
            out.write(f"{lang}\t{f}\t{e}\t{p:.3f}\t{q:.3f}\t{n}\n")
    for line in stats:
        print(line)
    print(f"wrote {len(rows)} entries to {args.out}")
    return 0


def check_glossary(rows, glossary: Path) -> None:
    """Prints how many learned entries the glossary confirms, among those it can judge."""
    lines = [l for l in glossary.read_text(encoding="utf-8").splitlines()
             if l and not l.startswith("#")]
    columns = lines[0].split("\t")
    known = defaultdict(set)
    for line in lines[1:]:
        cells = dict(zip(columns, line.split("\t")))
        english = {w[:6] for form in cells.get("en", "").split(" | ") for w in words_of(form)}
        for lang in ("vi", "fr"):
            for form in cells.get(lang, "").split(" | "):
                known[(lang, " ".join(words_of(form)))] |= english
    judged = [r for r in rows if (r[0], r[1]) in known]
    right = [r for r in judged if r[2][:6] in known[(r[0], r[1])]]
    print(f"glossary check: {len(right)} of {len(judged)} judgeable entries agree")


if __name__ == "__main__":
    sys.exit(main())
