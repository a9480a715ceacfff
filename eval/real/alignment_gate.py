#!/usr/bin/env python3
"""Measures whether the paragraph aligner tells translations from reports of one event.

Reports of one event by agencies share their words as much as translations do, so word
counts over a whole text cannot tell them apart (EVALUATION.md, "a general news
vocabulary"). Position can: a translation says, paragraph by paragraph, what the other
version says. This script asks `newsindex compare` (the aligner of issue 18) to align every
translation link the engine made on the real-article set, takes the **matched share** of
the pair (for each version, the characters of its paragraphs in rows every version holds,
over all its characters; the smaller of the two), and shows what a gate "a translation link
needs a matched share of at least T" would do to the scorer's translation figures:

1. builds the index of the real set with the binary (`--bin`), as eval/real/score does;
2. aligns each engine translation link with `newsindex compare A B --format json`;
3. for each T, removes the links below it and scores translation precision, recall and F1
   exactly as eval/score.py does (versions closed into families), per half.

Pick T on half a; half b is the report. The aligner's own priors were fitted on half a of
the alignment labels, whose halves are drawn by pair, not by story: some of those pairs lie
in half b of the linking figures (EVALUATION.md says how many). Third-party text stays
outside the repository: the pages are read from ../real-eval-text as eval/real/score reads
them.

    python3 eval/real/alignment_gate.py --bin target/release/newsindex
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import score  # noqa: E402  (eval/score.py: one loader of the labelled set, one scorer)

GATES = (0.0, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def matched_share(binary: Path, index: Path, a: str, b: str) -> float | None:
    """The smaller of the two versions' shares of characters in rows both versions hold."""
    out = subprocess.run(
        [str(binary), "compare", "--index", str(index), a, b, "--format", "json"],
        capture_output=True, text=True, encoding="utf-8",
    )
    if out.returncode != 0:
        return None
    comparison = json.loads(out.stdout)
    lengths = [[len(p) for p in v["paragraphs"]] for v in comparison["versions"]]
    matched = [0] * len(lengths)
    for row in comparison["rows"]:
        if row["status"] == "all":
            for side, cells in enumerate(row["cells"]):
                matched[side] += sum(lengths[side][c] for c in cells)
    shares = [m / sum(ls) for m, ls in zip(matched, lengths) if sum(ls)]
    return min(shares) if len(shares) == 2 else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", help="newsindex binary (default target/release/newsindex)")
    parser.add_argument("--text", help="folder with the real pages (default ../real-eval-text)")
    args = parser.parse_args(argv)
    text_dir = Path(
        args.text or os.environ.get("NEWSINDEX_REAL_TEXT") or score.REPO.parent / "real-eval-text"
    )
    if not (text_dir / "pages").is_dir():
        print(f"skipped: the article text is not at {text_dir}/pages")
        return 0
    binary = score.find_binary(args.bin)
    with tempfile.TemporaryDirectory(prefix="newsindex-gate-") as tmp:
        work = Path(tmp)
        labelled = score.load_real(text_dir, work)
        engine = score.Engine(binary, work / "index")
        engine.build(labelled.input_paths)
        translations, duplicates = set(), set()
        for story in engine.stories():
            for link in story.get("links", []):
                p = score.pair(link["a"], link["b"])
                if link.get("relation") == "translation":
                    translations.add(p)
                elif link.get("relation") == "duplicate":
                    duplicates.add(p)
        with ThreadPoolExecutor(2) as pool:
            shares = dict(
                zip(
                    sorted(translations),
                    pool.map(lambda p: matched_share(binary, work / "index", *p), sorted(translations)),
                )
            )
    lang_of = lambda a: labelled.articles[a].lang if a in labelled.articles else ""  # noqa: E731
    gold = score.version_pairs(labelled.translations, labelled.duplicates, lang_of)[0]
    halves = {h: score.restrict(labelled, h)[0] for h in "ab"}
    print(f"engine translation links: {len(shares)}; shares of labelled ones and of others:")
    for h, keep in halves.items():
        inside = [(p, s) for p, s in shares.items() if p[0] in keep and p[1] in keep]
        good = sorted(round(s, 2) for p, s in inside if p in gold and s is not None)
        bad = sorted(round(s, 2) for p, s in inside if p not in gold and s is not None)
        print(f"  half {h}: labelled {good}\n          others   {bad}")
    print("gate  half a: P R F1 (links)     half b: P R F1 (links)")
    for gate in GATES:
        kept = {p for p, s in shares.items() if s is None or s >= gate}
        row = []
        for keep in halves.values():
            predicted = score.version_pairs(kept, duplicates, lang_of)[0]
            predicted = {p for p in predicted if p[0] in keep and p[1] in keep}
            inside_gold = {p for p in gold if p[0] in keep and p[1] in keep}
            p, r, f = score.prf(predicted, inside_gold)
            row.append(f"{p:.3f} {r:.3f} {f:.3f} ({len(predicted)})")
        print(f"{gate:<5} " + "    ".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
