#!/usr/bin/env python3
"""Issue 14's copies check: N copies of every development article at other addresses.

Indexes the 45 development articles plus N copies of each (other id, URL and outlet; the
same text), then asks `newsindex translations ID` of every original that has labelled
translations whether it still lists each of them (the version itself or one of its copies),
and counts the copies that the index links to something as a duplicate.

    scripts/copies-check.py --bin target/release/newsindex [--copies 120]

Takes about two minutes at 120 copies (5,445 articles) on the release build.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "corpus" / "dev"


def run(binary: str, *args: str) -> str:
    result = subprocess.run([binary, *args], capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.exit(f"newsindex {args[0]} exited {result.returncode}: {result.stderr[-1000:]}")
    return result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=str(REPO / "target" / "release" / "newsindex"))
    parser.add_argument("--copies", type=int, default=120)
    args = parser.parse_args()
    articles = [json.loads(line) for line in open(DEV / "articles.jsonl", encoding="utf-8")]
    stories = [json.loads(line) for line in open(DEV / "stories.jsonl", encoding="utf-8")]
    with tempfile.TemporaryDirectory(prefix="newsindex-copies-") as tmp:
        corpus, index = Path(tmp) / "copies.jsonl", str(Path(tmp) / "index")
        copies = []
        with open(corpus, "w", encoding="utf-8") as out:
            for article in articles:
                out.write(json.dumps(article, ensure_ascii=False) + "\n")
                for n in range(args.copies):
                    copy = dict(article, id=f"{article['id']}-copy{n}",
                                url=f"https://mirror{n}.example/{article['id']}",
                                source=f"mirror{n}.example")
                    copies.append(copy["id"])
                    out.write(json.dumps(copy, ensure_ascii=False) + "\n")
        run(args.bin, "index", str(corpus), "--index", index, "--full", "--quiet")

        listed = missing = 0
        for story in stories:
            if story["relation"] != "translation":
                continue
            for original in story["ids"]:
                answer = json.loads(
                    run(args.bin, "translations", original, "--index", index, "--format", "json")
                )
                found = {version["id"] for version in answer["versions"]}
                wanted = [other for other in story["ids"] if other != original]
                absent = [
                    w for w in wanted
                    if w not in found and not any(f.startswith(f"{w}-copy") for f in found)
                ]
                if absent:
                    missing += 1
                    print(f"{original}: translations not listed: {', '.join(absent)}")
                else:
                    listed += 1

        in_duplicate = set()
        for story in json.loads(run(args.bin, "stories", "--index", index, "--format", "json"))[
            "stories"
        ]:
            for link in story.get("links", []):
                if link["relation"] == "duplicate":
                    in_duplicate |= {link["a"], link["b"]}
    print(f"originals listing every labelled translation: {listed} of {listed + missing}")
    print(f"copies in a duplicate link: {sum(c in in_duplicate for c in copies)} of {len(copies)}")
    return 1 if missing or any(c not in in_duplicate for c in copies) else 0


if __name__ == "__main__":
    sys.exit(main())
