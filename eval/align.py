#!/usr/bin/env python3
"""Paragraph alignment of translations: link F1 and dropped/added accuracy.

Scores `newsindex compare --files A B --format json` against the hand-made alignments of
`eval/real/alignments.jsonl`: one line per pair of versions, `{"a", "b", "links",
"beyond"}`, where `links` lists `[paragraphs of a, paragraphs of b]` (one side empty for a
paragraph the other version lacks) and a paragraph is a non-empty line of the page. The
pages are openings cut mid-word at about 2,000 characters, so two openings may end at
different points of the article: the paragraphs of one opening that lie past the end of the
other are listed in `beyond` and left out of every figure (a link loses them; a link left
with nothing on either side is dropped). The cut last paragraph itself is labelled like any
other, by what its visible part says. The pair of samples `000`/`001` (full articles, in
`corpus/seeds`) is scored with them.

Figures:
* link F1 (strict): a predicted link counts when its two paragraph sets are exactly a gold
  link's (both sides non-empty);
* pair F1 (lax): over the (paragraph of a, paragraph of b) pairs the links imply;
* unmatched accuracy: share of paragraphs whose call "kept by the other version or not"
  is right, with precision and recall of the "not kept" (dropped/added) calls.

    python3 eval/align.py --bin target/debug/newsindex            # all labelled pairs
    python3 eval/align.py --bin target/debug/newsindex --half b   # one half
    python3 eval/align.py --bin target/debug/newsindex --half a -v --misses   # what failed
    python3 eval/align.py --bin target/debug/newsindex --set fit   # the fitting pairs only
    python3 eval/align.py --bin target/debug/newsindex --set both --half a   # half a + fitting

The fitting pairs (`eval/align-fit/`, texts in `../align-fit/pages` beside the clone or
`NEWSINDEX_ALIGN_FIT_TEXT`) are real translation pairs kept apart from the evaluation set:
none of their pages is in `eval/real/articles.tsv`. They are all for fitting: `--half`
selects among the real pairs only.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from score import find_binary, half_of  # noqa: E402


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def page_path(item: dict, side: str, text_dir: Path) -> Path:
    if item.get("dir"):
        return Path(item["dir"]) / "pages" / f"{item[side]}.txt"
    if item.get("text"):
        matches = sorted((REPO / item["text"]).glob(item[side] + "*.txt"))
        return matches[0]
    return text_dir / "pages" / f"{item[side]}.txt"


def clean_links(links, beyond_a: set[int], beyond_b: set[int]) -> list[tuple[frozenset, frozenset]]:
    out = []
    for a, b in links:
        a = frozenset(i for i in a if i not in beyond_a)
        b = frozenset(j for j in b if j not in beyond_b)
        if a or b:
            out.append((a, b))
    return out


def pairs_of(links) -> set[tuple[int, int]]:
    return {(i, j) for a, b in links for i in a for j in b}


def unmatched(links, side: int) -> set[int]:
    return {i for link in links if not link[1 - side] for i in link[side]}


def check_gold(item: dict, n_a: int, n_b: int) -> None:
    """Every paragraph of both versions is in exactly one link or in `beyond`."""
    for side, n in ((0, n_a), (1, n_b)):
        seen = [i for link in item["links"] for i in link[side]]
        seen += item["beyond"]["ab"[side]]
        if sorted(seen) != list(range(n)):
            raise SystemExit(f"{item['a']}/{item['b']}: side {'ab'[side]} labels {sorted(seen)}, the page has {n} paragraphs")


def f1(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 1.0
    r = tp / gold if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def show_misses(item: dict, answer: dict, gold, predicted) -> None:
    """Print the gold links the aligner missed beside what it linked those paragraphs to,
    with the opening of each paragraph, to group failures by kind."""
    texts = [v["paragraphs"] for v in answer["versions"]]

    def show(side: int, indices) -> str:
        return " | ".join(f"{i}:{texts[side][i][:50]!r}" for i in sorted(indices))

    def covering(side: int, i: int):
        return next((l for l in predicted if i in l[side]), None)

    for link in sorted(set(gold) - set(predicted), key=lambda l: (min(l[0] or l[1]), bool(l[0]))):
        side = 0 if link[0] else 1
        got = covering(side, min(link[side]))
        # A paragraph rightly called unmatched is no miss, whatever row it shares.
        if not (link[0] and link[1]) and got is not None and not (got[0] and got[1]):
            continue
        print(f"    gold {sorted(link[0])}-{sorted(link[1])}  got {got and (sorted(got[0]), sorted(got[1]))}")
        print(f"      a {show(0, link[0])}")
        print(f"      b {show(1, link[1])}")


def score(items: list[dict], binary: Path, text_dir: Path, verbose: bool, misses: bool = False) -> dict:
    totals = dict(tp=0, pred=0, gold=0, ptp=0, ppred=0, pgold=0, right=0, paras=0, utp=0, upred=0, ugold=0)
    for item in items:
        paths = [str(page_path(item, side, text_dir)) for side in "ab"]
        out = subprocess.run(
            [str(binary), "compare", "--files", *paths, "--format", "json"],
            capture_output=True, text=True, check=True,
        )
        answer = json.loads(out.stdout)
        n_a, n_b = (len(v["paragraphs"]) for v in answer["versions"])
        check_gold(item, n_a, n_b)
        beyond_a, beyond_b = set(item["beyond"]["a"]), set(item["beyond"]["b"])
        gold = clean_links(item["links"], beyond_a, beyond_b)
        predicted = clean_links([row["cells"] for row in answer["rows"]], beyond_a, beyond_b)
        gold_links = {l for l in gold if l[0] and l[1]}
        pred_links = {l for l in predicted if l[0] and l[1]}
        tp = len(gold_links & pred_links)
        gp, pp = pairs_of(gold), pairs_of(predicted)
        totals["tp"] += tp
        totals["pred"] += len(pred_links)
        totals["gold"] += len(gold_links)
        totals["ptp"] += len(gp & pp)
        totals["ppred"] += len(pp)
        totals["pgold"] += len(gp)
        for side, n, beyond in ((0, n_a, beyond_a), (1, n_b, beyond_b)):
            gu, pu = unmatched(gold, side), unmatched(predicted, side)
            for i in range(n):
                if i in beyond:
                    continue
                totals["paras"] += 1
                totals["right"] += (i in gu) == (i in pu)
            totals["utp"] += len(gu & pu)
            totals["upred"] += len(pu)
            totals["ugold"] += len(gu)
        if verbose:
            _, _, pair_f1 = f1(tp, len(pred_links), len(gold_links))
            wrong = sorted((sorted(a), sorted(b)) for a, b in pred_links - gold_links)
            print(f"  {item['a']}/{item['b']}: link F1 {pair_f1:.2f}; wrong {wrong}")
        if misses:
            show_misses(item, answer, gold, predicted)
    return totals


def main() -> int:
    # `| head` closes the pipe: stop quietly, as the other scorers do.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", help="the newsindex binary (default target/release/newsindex)")
    parser.add_argument("--half", choices=["a", "b"], help="score one half of the pairs only")
    parser.add_argument("--text", help="folder with the real pages (default ../real-eval-text)")
    parser.add_argument("--set", choices=["real", "fit", "both"], default="real",
                        help="the labelled real pairs (default), the fitting pairs of eval/align-fit, or both")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per pair")
    parser.add_argument("--misses", action="store_true",
                        help="with -v: each missed gold link (unmatched ones too) and its paragraphs' openings")
    args = parser.parse_args()
    text_dir = Path(args.text or os.environ.get("NEWSINDEX_REAL_TEXT") or REPO.parent / "real-eval-text")
    items = load(HERE / "real" / "alignments.jsonl") if args.set != "fit" else []
    if not (text_dir / "pages").is_dir():
        print(f"no page text at {text_dir}/pages: real pairs skipped", file=sys.stderr)
        items = [i for i in items if i.get("text")]
    if args.half:
        items = [i for i in items if half_of(f"{i['a']} {i['b']}") == args.half]
    if args.set != "real":
        fit_dir = Path(os.environ.get("NEWSINDEX_ALIGN_FIT_TEXT") or REPO.parent / "align-fit")
        if (fit_dir / "pages").is_dir():
            fit = [dict(i, dir=str(fit_dir)) for i in load(HERE / "align-fit" / "alignments.jsonl")]
            present = [i for i in fit if all((fit_dir / "pages" / f"{i[s]}.txt").is_file() for s in "ab")]
            if len(present) < len(fit):
                absent = sorted({f"{i['a']}/{i['b']}" for i in fit} - {f"{i['a']}/{i['b']}" for i in present})
                print(f"fitting pairs without their page text, skipped: {', '.join(absent)}", file=sys.stderr)
            items += present
        else:
            print(f"no page text at {fit_dir}/pages: fitting pairs skipped", file=sys.stderr)
    t = score(items, find_binary(args.bin), text_dir, args.verbose, args.misses)
    p, r, link_f1 = f1(t["tp"], t["pred"], t["gold"])
    pp, pr, pair_f1 = f1(t["ptp"], t["ppred"], t["pgold"])
    up, ur, _ = f1(t["utp"], t["upred"], t["ugold"])
    print(f"pairs {len(items)}  gold links {t['gold']}  paragraphs {t['paras']}")
    print(f"link F1 (strict) {link_f1:.3f}  (precision {p:.3f}, recall {r:.3f})")
    print(f"pair F1 (lax)    {pair_f1:.3f}  (precision {pp:.3f}, recall {pr:.3f})")
    print(f"unmatched calls  accuracy {t['right'] / max(t['paras'], 1):.3f}  "
          f"(dropped/added precision {up:.3f}, recall {ur:.3f}, {t['ugold']} in gold)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
