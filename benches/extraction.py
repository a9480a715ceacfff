"""Scores newsindex and trafilatura on trafilatura's evaluation set (called by extraction.sh).

Text: the benchmark's own scoring (`tests/eval_common.py`: whitespace-normalised substring
matching of the annotated "with" / "without" snippets, summed over pages into precision,
recall, accuracy and F1). A page newsindex rejects or skips counts as a full miss, as the
benchmark counts a crash.

Title and date agreement (our addition; the benchmark does not score them): over the pages
whose annotation has a non-empty title (date), the share where the extracted title equals it
after Unicode NFKC, case folding and whitespace collapsing (the date: the same YYYY-MM-DD).

Halves: the annotated pages sorted by file name; even positions are the "fit" half (used to
tune newsindex's extraction), odd positions the "held-out" half.

Usage: python extraction.py TESTS_DIR NEWSINDEX_JSONL TRAFILATURA_CACHE [--show N] [--half fit|held-out]
Runs inside a virtualenv that has trafilatura; trafilatura's results are cached in
TRAFILATURA_CACHE (JSONL), keyed by its version.
"""

import argparse
import json
import os
import re
import sys
import unicodedata


def canon(text):
    "Title comparison form: NFKC, case-folded, whitespace collapsed."
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip().casefold()


def day(value):
    "The YYYY-MM-DD at the start of a date string, or None."
    match = re.match(r"\d{4}-\d{2}-\d{2}", value or "")
    return match.group(0) if match else None


def load_newsindex(path):
    "newsindex records by file name (the basename of `origin`)."
    found = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            found[os.path.basename(record.get("origin", ""))] = record
    return found


def run_trafilatura(tests, evaldata, cache_path):
    "trafilatura's text (the benchmark's 'fallback' runner), title and date per file, cached."
    import trafilatura
    from eval_common import RUNNERS, read_document

    version = trafilatura.__version__
    cached = {}
    if os.path.exists(cache_path):
        with open(cache_path, encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                if record.get("version") == version:
                    cached[record["file"]] = record
    missing = [item["file"] for item in evaldata.values() if item["file"] not in cached]
    if missing:
        print(f"trafilatura {version}: extracting {len(missing)} pages", file=sys.stderr)
        with open(cache_path, "a", encoding="utf-8") as out:
            for name in missing:
                html = read_document(tests, name)
                record = {"file": name, "version": version, "text": None, "title": None, "date": None}
                try:
                    record["text"] = RUNNERS["fallback"](html)
                    meta = trafilatura.extract_metadata(html)
                    if meta is not None:
                        record["title"], record["date"] = meta.title, meta.date
                except Exception as exc:  # a crash is a miss, as in the benchmark
                    record["error"] = f"{type(exc).__name__}: {exc}"
                cached[name] = record
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return cached, version


def score(items, results, key):
    "The benchmark's confusion matrix, and title/date agreement, for one tool."
    from eval_common import ConfusionMatrix, count_item

    matrix = ConfusionMatrix()
    titles = dates = titled = dated = missing = 0
    for item in items:
        result = results.get(item["file"])
        text = result.get(key) if result else None
        if text is None:
            missing += 1
        matrix.add(count_item(item, text))
        if item.get("title"):
            titled += 1
            titles += bool(result) and canon(result.get("title")) == canon(item["title"])
        if item.get("date"):
            dated += 1
            dates += bool(result) and day(result.get("date")) == day(item["date"])
    precision, recall, accuracy, f1 = matrix.scores()
    return {
        "P": precision,
        "R": recall,
        "F1": f1,
        "acc": accuracy,
        "title": titles / titled if titled else 0.0,
        "date": dates / dated if dated else 0.0,
        "missing": missing,
    }


def show_worst(items, results, count):
    "The pages where newsindex loses most snippets, to guide work on the fit half."
    from eval_common import count_item

    rows = []
    for item in items:
        result = results.get(item["file"])
        tp, fp, fn, _ = count_item(item, result.get("text") if result else None)
        rows.append((fn + fp, fn, fp, item["file"]))
    rows.sort(reverse=True)
    for loss, fn, fp, name in rows[:count]:
        print(f"  lost {loss} (missed {fn}, unwanted {fp})  {name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tests", help="the tests/ folder of a trafilatura copy")
    parser.add_argument("newsindex", help="JSONL written by `newsindex normalize --format json`")
    parser.add_argument("cache", help="JSONL cache of trafilatura's results")
    parser.add_argument("--show", type=int, default=0, help="list newsindex's N worst pages")
    parser.add_argument("--half", choices=["fit", "held-out", "all"], default="fit")
    args = parser.parse_args()
    sys.path.insert(0, args.tests)
    from eval_common import load_evaldata, validate

    evaldata = load_evaldata(os.path.join(args.tests, "evaldata.json"))
    validate(evaldata)
    items = sorted(evaldata.values(), key=lambda item: item["file"])
    halves = {"all": items, "fit": items[0::2], "held-out": items[1::2]}
    ours = load_newsindex(args.newsindex)
    theirs, version = run_trafilatura(args.tests, evaldata, args.cache)

    print(f"| pages | tool | precision | recall | F1 | accuracy | title | date | no output |")
    print(f"|---|---|---|---|---|---|---|---|---|")
    for half, chosen in halves.items():
        for tool, results in (("newsindex", ours), (f"trafilatura {version}", theirs)):
            s = score(chosen, results, "text")
            print(
                f"| {half} ({len(chosen)}) | {tool} | {s['P']:.3f} | {s['R']:.3f} | {s['F1']:.3f} "
                f"| {s['acc']:.3f} | {s['title']:.1%} | {s['date']:.1%} | {s['missing']} |"
            )
    titled = sum(1 for item in items if item.get("title"))
    dated = sum(1 for item in items if item.get("date"))
    print(f"\ntitle agreement over the {titled} pages annotated with a title, date over the {dated} with a date")
    if args.show:
        print(f"\nnewsindex's worst pages ({args.half} half):")
        show_worst(halves[args.half], ours, args.show)


if __name__ == "__main__":
    main()
