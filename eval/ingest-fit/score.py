#!/usr/bin/env python3
"""Headline and date figures of `newsindex normalize` on the ingest fitting set.

    eval/ingest-fit/score.py --bin PATH [-v]

The set's pages are third-party text kept outside the repository, in ../ingest-fit/pages/
beside the clone (or NEWSINDEX_FIT_TEXT); `manifest.tsv` names each page by URL with the
SHA-256 of the labelled text. Each page is given to the engine as `eval/real/text.py prepare`
gives the real set's: the stored text, then a `Source: URL` footer. A headline counts when
`fold` (eval/score.py) makes it equal to the labelled line; a date when the engine's date
starts with the label, for labels the page text or its URL shows (as extraction_figures).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from score import STORE_DATE_NOTE, fold, stated_date  # noqa: E402  eval/score.py: one comparison rule


# The set was collected in four batches (README); each is scored apart as well as together,
# since a fix fitted on a later one must not lower the earlier ones.
BATCHES = (("batch1", 1, 59), ("batch2", 60, 154), ("batch3", 155, 207), ("batch4", 208, 999))


def text_dir() -> Path:
    return Path(os.environ.get("NEWSINDEX_FIT_TEXT") or HERE.parent.parent.parent / "ingest-fit")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, help="the newsindex binary")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per miss")
    args = parser.parse_args(argv)
    pages = text_dir() / "pages"
    if not pages.is_dir():
        print(f"no text at {pages}: nothing scored")
        return 0
    with open(HERE / "manifest.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    counts = {lang: [0, 0, 0, 0] for lang in ("vi", "fr", "en")}
    batches = {name: [0, 0, 0, 0] for name, _, _ in BATCHES}
    missing = [row["id"] for row in rows if not (pages / f"{row['id']}.txt").is_file()]
    if missing:
        print(f"{len(missing)} pages without text, not scored: {', '.join(missing[:10])}")
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows:
            if row["id"] in missing:
                continue
            text = (pages / f"{row['id']}.txt").read_text(encoding="utf-8")
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != row["sha256"]:
                sys.exit(f"{row['id']}: the text differs from the labelled one")
            lines = text.split("\n")
            at = int(row["title_line"] or 0)
            title = STORE_DATE_NOTE.sub("", lines[at - 1]) if 0 < at <= len(lines) else ""
            page = Path(tmp) / f"{row['id']}.txt"
            page.write_text(f"{text.rstrip(chr(10))}\n\nSource: {row['url']}\n", encoding="utf-8")
            out = subprocess.run([args.bin, "normalize", str(page), "--format", "json"],
                                 capture_output=True, text=True).stdout.strip()
            record = json.loads(out.splitlines()[0]) if out else {}
            c = counts[row["lang"]]
            b = next(batches[n] for n, lo, hi in BATCHES if lo <= int(row["id"]) <= hi)
            def tally(at: int, ok: bool) -> None:
                """Counts one labelled page, found or not, for its language and its batch."""
                for counter in (c, b):
                    counter[at] += ok
                    counter[at + 1] += 1

            if title:
                ok = fold(record.get("title") or "") == fold(title)
                tally(0, ok)
                if args.verbose and not ok:
                    print(f"{row['id']} title: want {title!r}, got {record.get('title')!r}")
            if row["date"] and row["date_source"] in ("text", "url"):
                ok = stated_date(record).startswith(row["date"])
                tally(2, ok)
                if args.verbose and not ok:
                    print(f"{row['id']} date: want {row['date']}, got {stated_date(record)!r}")
    total = [sum(c[i] for c in counts.values()) for i in range(4)]
    print(f"ingest-fit title.found {total[0] / total[1]:.3f} ({total[0]}/{total[1]} pages show a headline)")
    print(f"ingest-fit date.found {total[2] / total[3]:.3f} ({total[2]}/{total[3]} pages show a date)")
    for lang, c in counts.items():
        print(f"ingest-fit {lang}: title {c[0]}/{c[1]}, date {c[2]}/{c[3]}")
    for name, c in batches.items():
        print(f"ingest-fit {name}: title {c[0]}/{c[1]} ({c[0] / max(c[1], 1):.3f}), "
              f"date {c[2]}/{c[3]} ({c[2] / max(c[3], 1):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
