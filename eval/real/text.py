#!/usr/bin/env python3
"""The real articles' text, which is third-party and lives outside the repository.

The manifest (`articles.tsv`) names each page by URL and records the SHA-256 of the text
that was labelled; this script writes and checks the folder that holds the text
(default `../real-eval-text/`, beside the repository):

    text.py import ANSWERS.jsonl...   write pages/<id>.txt from saved answers of the
                                      stored-pages search (one JSON answer, or one
                                      {"url", "excerpt"} result, per line), matched by URL
    text.py check                     every article present, with the labelled text
    text.py prepare OUT               the engine's input: one scraped text page per article

`prepare` gives newsindex each page as its documented `.txt` input: the stored text
unchanged, then a `Source: URL` footer line, which is how a scraper records where a page came
from (see corpus/README.md). Nothing else is added: the title, date, outlet chrome and
language are left for the engine to find.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "articles.tsv"
COLUMNS = ["id", "lang", "url", "outlet", "date", "date_source", "title_line", "sha256", "query"]


def default_text_dir() -> Path:
    return Path(os.environ.get("NEWSINDEX_REAL_TEXT") or HERE.parent.parent.parent / "real-eval-text")


def read_manifest(path: Path = MANIFEST) -> list[dict]:
    """The manifest's rows; a malformed row stops with its line number."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        if reader.fieldnames != COLUMNS:
            sys.exit(f"{path}: columns {reader.fieldnames}, expected {COLUMNS}")
        rows = []
        for number, row in enumerate(reader, 2):
            if None in row or any(row[c] is None for c in COLUMNS):
                sys.exit(f"{path}:{number}: wrong number of fields")
            if row["lang"] not in ("vi", "fr", "en"):
                sys.exit(f"{path}:{number}: lang {row['lang']!r} is not vi, fr or en")
            rows.append(row)
    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        sys.exit(f"{path}: duplicate ids")
    return rows


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def page_path(text_dir: Path, article_id: str) -> Path:
    return text_dir / "pages" / f"{article_id}.txt"


def page_text(text_dir: Path, article_id: str) -> str:
    return page_path(text_dir, article_id).read_text(encoding="utf-8")


def check(manifest: list[dict], text_dir: Path) -> list[str]:
    """What is missing or differs from the labelled text, one line per article."""
    problems = []
    for row in manifest:
        path = page_path(text_dir, row["id"])
        if not path.exists():
            problems.append(f"{row['id']}: missing ({path})")
        elif sha256(page_text(text_dir, row["id"])) != row["sha256"]:
            problems.append(f"{row['id']}: text differs from the labelled one ({path})")
    return problems


def prepare(manifest: list[dict], text_dir: Path, out: Path) -> None:
    """One `.txt` scraped page per article: the stored text, then its `Source:` footer."""
    out.mkdir(parents=True, exist_ok=True)
    for row in manifest:
        text = page_text(text_dir, row["id"]).rstrip("\n")
        (out / f"{row['id']}.txt").write_text(f"{text}\n\nSource: {row['url']}\n", encoding="utf-8")


def results_of(answer: dict):
    """The {url, excerpt} results of one saved answer line."""
    if "results" in answer:
        yield from answer["results"]
    elif "url" in answer and "excerpt" in answer:
        yield answer


def same_page_key(url: str) -> str:
    """A URL with a leading `www.` host label dropped: the store has answered one page under both."""
    return re.sub(r"^(\w+://)www\.", r"\1", url)


def import_answers(manifest: list[dict], text_dir: Path, answers: list[Path]) -> int:
    """Writes the pages whose URL the manifest names; keeps only text that hashes as labelled."""
    by_url = {same_page_key(row["url"]): row for row in manifest}
    written = 0
    (text_dir / "pages").mkdir(parents=True, exist_ok=True)
    for answer_path in answers:
        with open(answer_path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    answer = json.loads(line)
                except json.JSONDecodeError as e:
                    print(f"{answer_path}:{number}: not JSON ({e}); skipped", file=sys.stderr)
                    continue
                for result in results_of(answer):
                    row = by_url.get(same_page_key(result.get("url", "")))
                    if row is None:
                        continue
                    if sha256(result["excerpt"]) != row["sha256"]:
                        print(
                            f"{answer_path}:{number}: {row['id']}: the stored page has changed "
                            "since it was labelled; not written",
                            file=sys.stderr,
                        )
                        continue
                    page_path(text_dir, row["id"]).write_text(result["excerpt"], encoding="utf-8")
                    written += 1
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text", type=Path, help="the text folder (default ../real-eval-text)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="every article present with its labelled text")
    importing = sub.add_parser("import", help="write pages from saved search answers")
    importing.add_argument("answers", nargs="+", type=Path)
    preparing = sub.add_parser("prepare", help="write the engine's input pages")
    preparing.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    text_dir = args.text or default_text_dir()
    manifest = read_manifest()
    if args.command == "import":
        written = import_answers(manifest, text_dir, args.answers)
        print(f"{written} pages written to {text_dir / 'pages'}")
        return 0
    problems = check(manifest, text_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.command == "check":
        print(f"{len(manifest) - len(problems)} of {len(manifest)} pages present and as labelled")
        return 1 if problems else 0
    if problems:
        return 1
    prepare(manifest, text_dir, args.out)
    print(f"{len(manifest)} pages written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
