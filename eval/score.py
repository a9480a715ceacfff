#!/usr/bin/env python3
"""Scores newsindex on a labelled article set, through the documented CLI only.

Two sets share one scorer, so their figures mean the same thing:

* ``real``: real news pages (labels in ``eval/real/``, text outside the repository; see
  ``eval/real/README.md``);
* ``dev``: the 45 development articles and 5 samples in ``corpus/`` (CC0 labels).

It builds an index with ``newsindex index``, reads ``stories --format json``,
``search --format json`` and ``normalize --format json``, and prints one figure a line,
a summary line last. ``--baseline bm25`` scores a plain BM25 over the raw text beside it.

Definitions (the README of eval/real says why):

* version links: the engine's ``translation`` and ``duplicate`` links, and the labelled
  pairs, are closed into families of versions of one article; cross-language pairs in a
  family are translations, same-language pairs duplicates;
* story grouping: pairs of articles in one engine story against pairs in one gold group
  (same event id, or joined by a translation or duplicate pair);
* search: the first 10 article ids of ``hits``; recall@10 is the share of a query's
  relevant articles among them (out of at most 10), MRR the reciprocal rank of the first;
* extraction: per outlet, the headline and the publication date that the page shows,
  against the engine's title and date.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REAL_LABELS = REPO / "eval" / "real"
DEV_CORPUS = REPO / "corpus"
LANGS = ("vi", "fr", "en")
TOP = 10
STORE_DATE_NOTE = re.compile(r"^\s*date \d{4}(-\d{2}){0,2}\s+")


# ---------------------------------------------------------------------------------------
# The labelled set, whichever it is.


@dataclass
class Article:
    """One labelled article: what the page shows, as the labeller saw it."""

    id: str
    lang: str
    outlet: str = ""
    url: str = ""
    date: str = ""
    date_source: str = "none"
    title: str = ""


@dataclass
class LabelledSet:
    """Articles, their groups, their version pairs and the queries, in one shape."""

    name: str
    articles: dict[str, Article]
    event_of: dict[str, str | None]
    translations: set[tuple[str, str]]
    duplicates: set[tuple[str, str]]
    queries: list[dict]
    input_paths: list[Path] = field(default_factory=list)
    page_texts: dict[str, str] = field(default_factory=dict)

    def gold_groups(self) -> "UnionFind":
        """Articles of one event, or joined by a version pair, are one group."""
        groups = UnionFind(self.articles)
        by_event: dict[str, str] = {}
        for article_id, event in self.event_of.items():
            if event:
                groups.union(article_id, by_event.setdefault(event, article_id))
        for a, b in self.translations | self.duplicates:
            groups.union(a, b)
        return groups

    def relevant(self, query: dict) -> set[str]:
        """A query's relevant articles: those it lists, and every article of its events."""
        ids = set(query.get("relevant", []))
        events = set(query.get("events", []))
        ids |= {a for a, e in self.event_of.items() if e and e in events}
        return ids


def pair(a: str, b: str) -> tuple[str, str]:
    """An unordered pair, as a sorted tuple."""
    return (a, b) if a < b else (b, a)


class UnionFind:
    """Connected components over article ids."""

    def __init__(self, ids):
        self.parent = {i: i for i in ids}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for x in list(self.parent):
            out[self.find(x)].append(x)
        return [sorted(g) for g in out.values()]

    def pairs(self) -> set[tuple[str, str]]:
        """Every pair of articles that share a component."""
        return {pair(a, b) for g in self.groups() for i, a in enumerate(g) for b in g[i + 1 :]}


def closed_pairs(pairs, ids=()) -> set[tuple[str, str]]:
    """The pairs implied by a set of links: every pair within a connected family."""
    families = UnionFind(ids)
    for a, b in pairs:
        families.union(a, b)
    return families.pairs()


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    sys.exit(f"{path}:{number}: not JSON: {e}")
    return rows


def load_real(text_dir: Path, work: Path) -> LabelledSet:
    """The real-article set: labels from eval/real, text from the folder outside the repo."""
    sys.path.insert(0, str(REAL_LABELS))
    import text as real_text  # eval/real/text.py: one reader of the manifest

    manifest = real_text.read_manifest()
    problems = real_text.check(manifest, text_dir)
    if problems:
        for problem in problems[:20]:
            print(f"  {problem}", file=sys.stderr)
        sys.exit(f"{len(problems)} text files are missing or differ from the manifest (see above)")
    articles, pages = {}, {}
    for row in manifest:
        page = pages[row["id"]] = real_text.page_text(text_dir, row["id"])
        line = int(row["title_line"] or 0)
        lines = page.split("\n")
        title = lines[line - 1] if 0 < line <= len(lines) else ""
        # The stored copies put a ` date 2024-09 ` note before some pages' first line: it
        # belongs to the store, not to the headline.
        title = STORE_DATE_NOTE.sub("", title)
        articles[row["id"]] = Article(
            id=row["id"],
            lang=row["lang"],
            outlet=row["outlet"],
            url=row["url"],
            date=row["date"],
            date_source=row["date_source"],
            title=title,
        )
    event_of = {r["id"]: r["event"] for r in read_jsonl(REAL_LABELS / "events.jsonl")}
    translations, duplicates = set(), set()
    for p in read_jsonl(REAL_LABELS / "pairs.jsonl"):
        (translations if p["kind"] == "translation" else duplicates).add(pair(p["a"], p["b"]))
    queries = read_jsonl(REAL_LABELS / "queries.jsonl")
    input_dir = work / "input"
    real_text.prepare(manifest, text_dir, input_dir)
    labelled = LabelledSet("real", articles, event_of, translations, duplicates, queries)
    labelled.input_paths = [input_dir]
    labelled.page_texts = pages
    validate(labelled)
    return labelled


def load_dev() -> LabelledSet:
    """The development set: corpus/dev labels plus the two linked samples."""
    dev = DEV_CORPUS / "dev"
    articles = {}
    for record in read_jsonl(dev / "articles.jsonl"):
        articles[record["id"]] = Article(
            id=record["id"],
            lang=record.get("lang") or "",
            outlet=record.get("source", ""),
            url=record.get("url", ""),
            date=record.get("date", ""),
            # Dates and titles are given as JSON fields, so no extraction is scored.
            date_source="field",
            title="",
        )
    for gold in read_jsonl(dev / "lang_gold.jsonl"):
        articles[gold["id"]].lang = gold["lang"]
    for seed in sorted((DEV_CORPUS / "seeds").glob("*.txt")):
        lang = "en" if seed.name.startswith("001") else "fr"
        articles[seed.stem] = Article(id=seed.stem, lang=lang, outlet="seeds")
    event_of: dict[str, str | None] = {a: None for a in articles}
    translations, duplicates = set(), set()
    for story in read_jsonl(dev / "stories.jsonl"):
        ids = story["ids"]
        if story["relation"] == "translation":
            translations |= {pair(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]}
        elif story["relation"] == "same_event":
            for a in ids:
                event_of[a] = story["story"]
    # The samples 000 (fr) and 001 (en) are one article in two languages (corpus/README.md).
    seeds = sorted(a for a in articles if articles[a].outlet == "seeds")
    translations.add(pair(seeds[0], seeds[1]))
    queries = read_jsonl(dev / "queries.jsonl")
    labelled = LabelledSet("dev", articles, event_of, translations, duplicates, queries)
    labelled.input_paths = [dev / "articles.jsonl", DEV_CORPUS / "seeds"]
    validate(labelled)
    return labelled


def validate(labelled: LabelledSet) -> None:
    """Labels that name an unknown article are a labelling error, not a zero."""
    known = labelled.articles
    unknown = [a for p in labelled.translations | labelled.duplicates for a in p if a not in known]
    unknown += [a for a in labelled.event_of if a not in known]
    unknown += [a for q in labelled.queries for a in q.get("relevant", []) if a not in known]
    if unknown:
        sys.exit(f"labels name articles that are not in the set: {sorted(set(unknown))[:10]}")
    missing = [a for a in known if a not in labelled.event_of]
    if missing:
        sys.exit(f"articles without an event label (null is a label): {missing[:10]}")
    events = {e for e in labelled.event_of.values() if e}
    for q in labelled.queries:
        for e in q.get("events", []):
            if e not in events:
                sys.exit(f"query {q['id']} names event {e!r}, which no article has")
        if not labelled.relevant(q):
            sys.exit(f"query {q['id']} has no relevant article")


# ---------------------------------------------------------------------------------------
# Halves: fit on one, report on the other.


def half_of(key: str) -> str:
    """A stable half, `a` or `b`, for a key (CRC-32: the same on every machine)."""
    return "ab"[zlib.crc32(key.encode("utf-8")) % 2]


def restrict(labelled: LabelledSet, half: str) -> tuple[set[str], list[dict]]:
    """The articles and queries of one half. A gold group never straddles the halves,
    so no labelled pair is cut; queries are split by their id."""
    keep: set[str] = set()
    for group in labelled.gold_groups().groups():
        if half_of(group[0]) == half:
            keep |= set(group)
    queries = [q for q in labelled.queries if half_of(q["id"]) == half]
    return keep, queries


# ---------------------------------------------------------------------------------------
# Running the engine.


class Engine:
    """The newsindex binary, driven through its documented commands."""

    def __init__(self, binary: Path, index: Path):
        self.binary = binary
        self.index = index

    def run(self, *args: str, ok=(0,)) -> str:
        result = subprocess.run(
            [str(self.binary), *args], capture_output=True, text=True, encoding="utf-8"
        )
        if result.returncode not in ok:
            sys.exit(
                f"newsindex {' '.join(args[:3])} ... exited {result.returncode}:\n{result.stderr[-2000:]}"
            )
        return result.stdout

    def build(self, paths: list[Path]) -> dict:
        out = self.run(
            "index", *map(str, paths), "--index", str(self.index), "--full", "--quiet",
            "--format", "json", ok=(0, 1),
        )
        return json.loads(out)

    def stories(self) -> list[dict]:
        return json.loads(self.run("stories", "--index", str(self.index), "--format", "json"))[
            "stories"
        ]

    def search(self, query: str) -> list[str]:
        # `--` so that a query starting with `-` is a query, not an option.
        out = self.run(
            "search", "--index", str(self.index), "--format", "json", "--", query, ok=(0, 2)
        )
        if not out.strip():
            return []
        ids = []
        for hit in json.loads(out)["hits"]:
            # A copied text is shown once, its other addresses listed in `copies`: they are
            # found at that rank too.
            for found in [hit["id"], *hit.get("copies", [])]:
                if found not in ids:
                    ids.append(found)
        return ids

    def normalized(self, paths: list[Path]) -> dict[str, dict]:
        out = self.run("normalize", *map(str, paths), "--format", "json", ok=(0, 1))
        records = (json.loads(line) for line in out.splitlines() if line.strip())
        return {r["id"]: r for r in records}


def find_binary(given: str | None) -> Path:
    if given:
        return Path(given)
    if os.environ.get("NEWSINDEX_BIN"):
        return Path(os.environ["NEWSINDEX_BIN"])
    binary = REPO / "target" / "release" / "newsindex"
    if not binary.exists():
        print("building the release binary (cargo build --release)", file=sys.stderr)
        subprocess.run(
            ["cargo", "build", "--release", "--bin", "newsindex"], cwd=REPO, check=True
        )
    return binary


# ---------------------------------------------------------------------------------------
# Figures.


def prf(predicted: set, gold: set) -> tuple[float, float, float]:
    """Precision, recall and F1; an empty side scores 0 (never 1 by default)."""
    hit = len(predicted & gold)
    p = hit / len(predicted) if predicted else 0.0
    r = hit / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def version_pairs(translations, duplicates, lang_of) -> tuple[set, set]:
    """Versions of one article (translations and duplicates, closed into families), split
    into cross-language pairs (translations) and same-language pairs (duplicates): a
    machine translation of one copy of a dispatch is a translation of every copy."""
    families = UnionFind(())
    for a, b in translations | duplicates:
        families.union(a, b)
    cross, same = set(), set()
    for p in families.pairs():
        (same if lang_of(p[0]) == lang_of(p[1]) else cross).add(p)
    return cross, same


def link_figures(labelled: LabelledSet, stories: list[dict], keep: set[str]) -> list[tuple]:
    """Translation and duplicate links, and story grouping, within the kept articles."""
    inside = lambda p: p[0] in keep and p[1] in keep  # noqa: E731
    lang_of = lambda a: labelled.articles[a].lang if a in labelled.articles else ""  # noqa: E731
    predicted_translation, predicted_duplicate, together = set(), set(), set()
    for story in stories:
        ids = [i for i in story["ids"] if i in keep]
        together |= {pair(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]}
        for link in story.get("links", []):
            p = pair(link["a"], link["b"])
            if link.get("relation") == "translation":
                predicted_translation.add(p)
            elif link.get("relation") == "duplicate":
                predicted_duplicate.add(p)
    predicted = version_pairs(predicted_translation, predicted_duplicate, lang_of)
    gold = version_pairs(labelled.translations, labelled.duplicates, lang_of)
    rows = []
    for name, predicted, gold in (
        ("translation", predicted[0], gold[0]),
        ("duplicate", predicted[1], gold[1]),
    ):
        predicted = {p for p in predicted if inside(p)}
        gold = {p for p in gold if inside(p)}
        if not predicted and not gold:
            continue  # nothing labelled and nothing found: no figure, rather than a fake 0 or 1
        p, r, f = prf(predicted, gold)
        detail = f"{len(predicted & gold)} of {len(predicted)} predicted, {len(gold)} labelled"
        rows += [
            (f"links.{name}.precision", p, detail),
            (f"links.{name}.recall", r, ""),
            (f"links.{name}.f1", f, ""),
        ]
        if name == "translation":
            for combo in ("en-fr", "en-vi", "fr-vi"):
                langs = combo.split("-")

                def of_combo(pairs):
                    return {q for q in pairs if sorted(map(lang_of, q)) == langs}

                _, r, _ = prf(of_combo(predicted), of_combo(gold))
                n = len(of_combo(gold))
                rows.append((f"links.translation.recall.{combo}", r, f"{n} labelled"))
    gold_together = {p for p in labelled.gold_groups().pairs() if inside(p)}
    p, r, f = prf(together, gold_together)
    detail = f"{len(together & gold_together)} of {len(together)} pairs, {len(gold_together)} labelled"
    rows += [
        ("stories.precision", p, detail),
        ("stories.recall", r, ""),
        ("stories.f1", f, ""),
    ]
    return rows


def search_figures(labelled: LabelledSet, queries: list[dict], ranked_of, prefix: str):
    """Recall@10 and MRR overall and per query language; per-query lines go to `detail`."""
    per_lang: dict[str, list[tuple[float, float]]] = defaultdict(list)
    detail = []
    for q in queries:
        relevant = labelled.relevant(q)
        top = ranked_of(q["query"])[:TOP]
        found = sum(1 for a in top if a in relevant)
        recall = found / min(len(relevant), TOP)
        rr = next((1 / (i + 1) for i, a in enumerate(top) if a in relevant), 0.0)
        per_lang[q["lang"]].append((recall, rr))
        per_lang["all"].append((recall, rr))
        langs_found = sorted({labelled.articles[a].lang for a in top if a in relevant})
        detail.append(
            f"{prefix} {q['id']} {q['lang']} recall@10 {recall:.2f} rr {rr:.2f} "
            f"found {found}/{len(relevant)} in {','.join(langs_found) or '-'}  {q['query']}"
        )
    rows = []
    for lang in ("all", *LANGS):
        scores = per_lang.get(lang)
        if not scores:
            continue
        suffix = "" if lang == "all" else f".{lang}"
        n = len(scores)
        rows.append(
            (f"{prefix}.recall@10{suffix}", sum(s[0] for s in scores) / n, f"{n} queries")
        )
        rows.append((f"{prefix}.mrr{suffix}", sum(s[1] for s in scores) / n, ""))
    return rows, detail


def fold(text: str) -> str:
    """Comparison form of a headline: NFC, case-folded, spaces collapsed, no end punctuation."""
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub(r"\s+", " ", text).strip(" .:;|-–—")


def stated_date(record: dict) -> str:
    """The publication date a record states, to the precision it gives: its `date` (a day),
    else its `month` (a page that states no day), else empty. A label is matched when this
    starts with it, so a month never matches a labelled day."""
    return record.get("date") or record.get("month") or ""


def extraction_figures(labelled: LabelledSet, records: dict[str, dict], keep: set[str]):
    """Language found, and per outlet the headline and the publication date the page shows."""
    rows, detail = [], []
    ids = sorted(a for a in keep if labelled.articles[a].lang)
    lang_ok = sum(1 for a in ids if records.get(a, {}).get("lang") == labelled.articles[a].lang)
    rows.append(("ingest.language.accuracy", lang_ok / len(ids) if ids else 0.0, f"{len(ids)} articles"))
    rejected = [a for a in sorted(keep) if a not in records]
    rows.append(("ingest.rejected", len(rejected), ", ".join(rejected[:8])))
    per_outlet: dict[str, Counter] = defaultdict(Counter)
    for a in sorted(keep):
        article = labelled.articles[a]
        record = records.get(a, {})
        counts = per_outlet[article.outlet]
        if article.title:
            counts["titles"] += 1
            if fold(record.get("title", "")) == fold(article.title):
                counts["title_ok"] += 1
        if article.date and article.date_source in ("text", "url"):
            counts["dates"] += 1
            if stated_date(record).startswith(article.date):
                counts["date_ok"] += 1
    totals = Counter()
    for outlet in sorted(per_outlet):
        c = per_outlet[outlet]
        totals.update(c)
        if c["titles"] or c["dates"]:
            detail.append(
                f"ingest.outlet {outlet}: title {c['title_ok']}/{c['titles']}, "
                f"date {c['date_ok']}/{c['dates']}"
            )
    if totals["titles"]:
        rows.append(
            ("ingest.title.found", totals["title_ok"] / totals["titles"], f"{totals['titles']} pages show a headline")
        )
    if totals["dates"]:
        rows.append(
            ("ingest.date.found", totals["date_ok"] / totals["dates"], f"{totals['dates']} pages show a date")
        )
    return rows, detail


# ---------------------------------------------------------------------------------------
# Plain BM25 over the raw text: the baseline any engine must beat.

WORD = re.compile(r"\w+")


def bm25_ranker(texts: dict[str, str], k1: float = 1.2, b: float = 0.75):
    """A ranking function over `texts`: lower-cased words, no stemming, no folding."""
    docs = {i: Counter(WORD.findall(t.lower())) for i, t in texts.items()}
    lengths = {i: sum(c.values()) for i, c in docs.items()}
    average = sum(lengths.values()) / max(len(docs), 1)
    df = Counter(w for c in docs.values() for w in c)
    n = len(docs)

    def rank(query: str) -> list[str]:
        words = WORD.findall(query.lower())
        scores = {}
        for i, counts in docs.items():
            score = 0.0
            for w in words:
                tf = counts.get(w, 0)
                if tf:
                    idf = math.log(1 + (n - df[w] + 0.5) / (df[w] + 0.5))
                    score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[i] / average))
            if score > 0:
                scores[i] = score
        return sorted(scores, key=lambda i: (-scores[i], i))

    return rank


def raw_texts(labelled: LabelledSet, records: dict[str, dict]) -> dict[str, str]:
    """What BM25 searches: the page text as stored (real set), or the record's title and
    text (dev set, whose input is already clean JSON)."""
    texts = dict(labelled.page_texts)
    for a, r in records.items():
        texts.setdefault(a, f"{r.get('title', '')}\n{r.get('text', '')}")
    return {a: t for a, t in texts.items() if a in labelled.articles}


# ---------------------------------------------------------------------------------------


def print_rows(set_name: str, rows: list[tuple]) -> None:
    """One line per figure: counts as whole numbers, rates with three decimals."""
    for name, value, detail in rows:
        shown = str(value) if isinstance(value, int) else f"{value:.3f}"
        print(f"{set_name} {name} {shown}" + (f"  ({detail})" if detail else ""))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set", choices=["real", "dev"], help="which labelled set")
    parser.add_argument("--text", help="folder with the real pages (default ../real-eval-text)")
    parser.add_argument("--bin", help="newsindex binary (default target/release/newsindex)")
    parser.add_argument("--half", choices=["a", "b"], help="score one half only")
    parser.add_argument("--baseline", choices=["bm25"], help="also score a plain BM25 baseline")
    parser.add_argument("--verbose", "-v", action="store_true", help="also one line per query")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="newsindex-eval-") as tmp:
        work = Path(tmp)
        if args.set == "real":
            text_dir = Path(
                args.text or os.environ.get("NEWSINDEX_REAL_TEXT") or REPO.parent / "real-eval-text"
            )
            if not (text_dir / "pages").is_dir():
                print(
                    f"real: skipped: the article text is not at {text_dir}/pages (it is third-party "
                    "and kept out of the repository; eval/real/README.md says how to write it there)"
                )
                return 0
            labelled = load_real(text_dir, work)
        else:
            labelled = load_dev()
        engine = Engine(find_binary(args.bin), work / "index")
        keep = set(labelled.articles)
        queries = labelled.queries
        if args.half:
            keep, queries = restrict(labelled, args.half)
        name = labelled.name + (f".half-{args.half}" if args.half else "")

        summary = engine.build(labelled.input_paths)
        records = engine.normalized(labelled.input_paths)
        rows = [
            ("set.articles", len(keep), ", ".join(
                f"{lang} {sum(1 for a in keep if labelled.articles[a].lang == lang)}" for lang in LANGS
            )),
            ("set.queries", len(queries), ""),
        ]
        rows += link_figures(labelled, engine.stories(), keep)
        search_rows, search_detail = search_figures(labelled, queries, engine.search, "search")
        rows += search_rows
        extract_rows, extract_detail = extraction_figures(labelled, records, keep)
        rows += extract_rows
        if args.baseline == "bm25":
            bm25 = bm25_ranker(raw_texts(labelled, records))
            bm25_rows, bm25_detail = search_figures(labelled, queries, bm25, "bm25")
            rows += bm25_rows
        print_rows(name, rows)
        # Per-outlet extraction checks always; per-query lines on request.
        for line in extract_detail:
            print(f"{name} {line}")
        if args.verbose:
            for line in search_detail + (bm25_detail if args.baseline else []):
                print(f"  {line}")
        figures = dict((r[0], r[1]) for r in rows)
        print(
            f"{name} summary: translation F1 {figures['links.translation.f1']:.3f}, "
            f"stories F1 {figures['stories.f1']:.3f}, "
            f"search recall@10 {figures['search.recall@10']:.3f} "
            f"(vi {figures.get('search.recall@10.vi', 0):.3f}, fr {figures.get('search.recall@10.fr', 0):.3f}, "
            f"en {figures.get('search.recall@10.en', 0):.3f}), MRR {figures['search.mrr']:.3f}, "
            f"{summary.get('rejected', 0)} rejected"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
