#!/usr/bin/env python3
"""Fits the linker's translation model on half a of the real-article set; reports both halves.

The model (`TRANSLATION_MODEL` in crates/link/src/score.rs) is a logistic regression over
four measurements of a pair of articles in two languages: anchor overlap, order of the shared
facts, content similarity and length ratio. This script

1. normalises the real pages with the newsindex binary (`--bin`),
2. measures every pair with the `pair_evidence` example of the link crate (`--pairs-bin`,
   built with `cargo build --release -p newsindex-link --example pair_evidence`),
3. fits the weights on the cross-language pairs of half a only (labelled translations
   against every other pair; classes weighted equally; L2 penalty `--l2`),
4. prints the weights as Rust and, for each probability threshold, pair precision, recall and
   F1 on both halves, keeping, as the engine does, only pairs whose order of facts reaches
   0.75 and that are each other's most probable partner in the other's language.

Pick the threshold on half a; half b is the report. Third-party text stays outside the
repository: the pages are read from ../real-eval-text as eval/real/score reads them.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import score  # noqa: E402  (eval/score.py: one loader of the labelled set)

FEATURES = ("overlap", "order", "content", "length_ratio")
ORDER_GATE = 0.75
MIN_IN_COMMON = 0.05
THRESHOLDS = (0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every fitting script over pair measurements takes."""
    parser.add_argument("--bin", help="newsindex binary (default target/release/newsindex)")
    parser.add_argument("--pairs-bin", help="pair_evidence example binary",
                        default=str(score.REPO / "target/release/examples/pair_evidence"))
    parser.add_argument("--text", help="folder with the real pages (default ../real-eval-text)")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty (default 1.0)")


def measure(args) -> tuple | None:
    """The labelled set and every pair of articles of one half that the `pair_evidence`
    example measured, as `(row, half)` with the row's columns by name; None (said) when the
    real pages are not on this machine."""
    text_dir = Path(args.text or os.environ.get("NEWSINDEX_REAL_TEXT")
                    or score.REPO.parent / "real-eval-text")
    if not (text_dir / "pages").is_dir():
        print(f"skipped: the article text is not at {text_dir}/pages (eval/real/README.md)")
        return None
    with tempfile.TemporaryDirectory(prefix="newsindex-fit-") as tmp:
        work = Path(tmp)
        labelled = score.load_real(text_dir, work)
        engine = score.Engine(score.find_binary(args.bin), work / "index")
        records = engine.normalized(labelled.input_paths)
        articles = work / "articles.jsonl"
        with open(articles, "w", encoding="utf-8") as out:
            for record in records.values():
                out.write(score.json.dumps(record, ensure_ascii=False) + "\n")
        with open(articles, encoding="utf-8") as stdin:
            result = subprocess.run(
                [str(args.pairs_bin)], stdin=stdin, capture_output=True, text=True, check=True
            )
    lines = result.stdout.splitlines()
    header = lines[0].split("\t")
    half_of = {}
    for group in labelled.gold_groups().groups():
        for member in group:
            half_of[member] = score.half_of(group[0])
    rows = []
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        if row["a"] in half_of and half_of[row["a"]] == half_of.get(row["b"]):
            rows.append((row, half_of[row["a"]]))
    return labelled, rows


def print_weights(names, weights, bias, l2: float) -> None:
    """The fitted weights, as the Rust constant takes them."""
    print("\nfitted on half a (L2 %.2f):" % l2)
    print("    bias: %.2f," % bias)
    for name, w in zip(names, weights):
        print(f"    {name}: {w:.2f},")


def measured_pairs(labelled, rows) -> list[dict]:
    """Every cross-language pair the example measured, with its half and gold label."""
    pairs = []
    for row, half in rows:
        a, b = row["a"], row["b"]
        if row["lang_a"] == row["lang_b"]:
            continue
        # Pairs with next to nothing in common are never candidates of the engine; thousands
        # of them would only teach the model that unrelated articles are unrelated.
        if float(row["overlap"]) < MIN_IN_COMMON and float(row["content"]) < MIN_IN_COMMON:
            continue
        pairs.append(
            {
                "a": a,
                "b": b,
                "langs": (row["lang_a"], row["lang_b"]),
                "half": half,
                "x": [float(row[f]) for f in FEATURES],
                "gold": score.pair(a, b) in labelled.translations,
            }
        )
    return pairs


def fit(rows: list[dict], l2: float, steps: int = 3000, rate: float = 0.5):
    """Logistic regression by gradient descent, both classes weighted to half the total."""
    n = len(rows[0]["x"])
    weights, bias = [0.0] * n, 0.0
    positives = sum(r["gold"] for r in rows)
    class_weight = {True: len(rows) / (2 * positives), False: len(rows) / (2 * (len(rows) - positives))}
    for _ in range(steps):
        grad, grad_bias = [0.0] * n, 0.0
        for r in rows:
            p = probability(r["x"], weights, bias)
            g = (p - r["gold"]) * class_weight[r["gold"]]
            grad_bias += g
            for i in range(n):
                grad[i] += g * r["x"][i]
        for i in range(n):
            weights[i] -= rate * (grad[i] + l2 * weights[i]) / len(rows)
        bias -= rate * grad_bias / len(rows)
    return weights, bias


def probability(x, weights, bias) -> float:
    z = bias + sum(w * v for w, v in zip(weights, x))
    return 1.0 / (1.0 + math.exp(-z))


def figures(rows: list[dict], weights, bias, threshold: float):
    """Pair precision, recall, F1 with the engine's order gate and mutual best partner."""
    chosen = [
        (probability(r["x"], weights, bias), r)
        for r in rows
        if r["x"][FEATURES.index("order")] >= ORDER_GATE
    ]
    chosen = [(p, r) for p, r in chosen if p >= threshold]
    best = {}
    for p, r in chosen:
        for me, other, lang in ((r["a"], r["b"], r["langs"][1]), (r["b"], r["a"], r["langs"][0])):
            if p > best.get((me, lang), (-1.0, ""))[0]:
                best[(me, lang)] = (p, other)
    kept = [
        r for p, r in chosen
        if best[(r["a"], r["langs"][1])][1] == r["b"] and best[(r["b"], r["langs"][0])][1] == r["a"]
    ]
    return score.prf({(r["a"], r["b"]) for r in kept}, {(r["a"], r["b"]) for r in rows if r["gold"]})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    args = parser.parse_args()
    measured = measure(args)
    if measured is None:
        return 0
    pairs = measured_pairs(*measured)
    half = {h: [p for p in pairs if p["half"] == h] for h in "ab"}
    for h in "ab":
        print(f"half {h}: {len(half[h])} cross-language pairs, "
              f"{sum(p['gold'] for p in half[h])} labelled translations among them")
    weights, bias = fit(half["a"], args.l2)
    print_weights(FEATURES, weights, bias, args.l2)
    print("\nthreshold  half a P / R / F1     half b P / R / F1")
    for t in THRESHOLDS:
        a, b = figures(half["a"], weights, bias, t), figures(half["b"], weights, bias, t)
        print(f"{t:9.2f}  {a[0]:.2f} / {a[1]:.2f} / {a[2]:.2f}     {b[0]:.2f} / {b[1]:.2f} / {b[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
