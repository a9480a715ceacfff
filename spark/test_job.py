#!/usr/bin/env python3
"""End-to-end test of the Spark job: `local[2]` on the development corpus, the seed pages and three
bad inputs (a truncated JSON line, a binary file, a duplicate id), against `newsindex index --full` on the same
input, once linking in stages and once in one task. Story membership and the top 10 of every
benchmark query must be equal; both builds must name the same rejected records, and the job
must go on past them.

    python3 spark/test_job.py [--newsindex PATH]      (needs pyspark and Java 17)

Run by .ci/run. Exit status 0 when the test passes.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the checkout

import compare_indexes  # noqa: E402


def spark_submit():
    beside = os.path.join(os.path.dirname(sys.executable), "spark-submit")
    return shutil.which("spark-submit") or beside


def bad_inputs(directory):
    """A JSONL file whose second line is cut short, a binary file named like text, and a
    record repeating the id of the first (a duplicate, dropped by the linking stages)."""
    os.makedirs(directory)
    good = {
        "id": "spark-test-1",
        "lang": "en",
        "title": "Harbour cranes return",
        "text": "The harbour cranes returned to work on Monday after a week of repairs.",
    }
    with open(os.path.join(directory, "cut.jsonl"), "w", encoding="utf-8") as f:
        f.write(json.dumps(good) + "\n" + '{"id":"spark-test-2","lang":"fr","title":"Gr')
    with open(os.path.join(directory, "blob.txt"), "wb") as f:
        f.write(bytes(range(256)) * 8)
    again = dict(good, title="Harbour cranes again", text="A later record with the same id.")
    with open(os.path.join(directory, "dup.jsonl"), "w", encoding="utf-8") as f:
        f.write(json.dumps(again) + "\n")


def rejected_origins(stderr, prefix):
    """The origins named in `prefix: ORIGIN: REASON` lines."""
    found = set()
    for line in stderr.splitlines():
        if line.startswith(prefix):
            found.add(line[len(prefix) :].split(": ", 1)[0])
    return found


def check_job(binary, inputs, bad, built, single, tmp, linking):
    """Runs the job (with the extra arguments `linking`) and returns what differs from
    `newsindex index`'s build `single`."""
    failures = []
    work = os.path.join(tmp, "job-" + linking[-1])
    output = os.path.join(work, "out", "index")
    rejected_file = os.path.join(work, "rejected.jsonl")
    job = subprocess.run(
        [spark_submit(), "--master", "local[2]", os.path.join(HERE, "newsindex_job.py")]
        + inputs
        + [output, "--newsindex", binary, "--partitions", "3", "--rejected", rejected_file]
        # Small scoring partitions (more than 3 here): articles are routed to the
        # partitions of their proposers' days, not to their own.
        + ["--score-articles", "10"]
        + linking,
        capture_output=True,
        text=True,
    )
    if job.returncode != 1:
        failures.append(f"job: exit {job.returncode}, expected 1\n{job.stderr[-3000:]}")
    else:
        summary = json.loads(job.stdout.strip().splitlines()[-1])
        expected = {
            os.path.join(bad, "cut.jsonl") + ":2",
            os.path.join(bad, "blob.txt"),
            os.path.join(bad, "dup.jsonl") + ":1",
        }
        # spark-submit passes the driver's stderr on to its stdout.
        named = rejected_origins(job.stdout + job.stderr, "newsindex-job: ")
        if named != expected or summary["rejected"] != 3:
            failures.append(f"job named {sorted(named)}, expected {sorted(expected)}")
        with open(rejected_file, encoding="utf-8") as f:
            listed = {json.loads(line)["origin"] for line in f}
        if listed != expected:
            failures.append(f"--rejected lists {sorted(listed)}, expected {sorted(expected)}")
        # `newsindex index` names every rejection on stderr, duplicate ids included.
        by_index = rejected_origins(built.stderr, "newsindex: ")
        if named != by_index:
            failures.append(
                "the job and newsindex index rejected different records: "
                f"{sorted(named)} against {sorted(by_index)}"
            )
        wanted = {"one": "one task", "stages": "stages"}[linking[-1]]
        if summary.get("linking") != wanted:
            failures.append(f"linked by {summary.get('linking')}, asked for {wanted}")
        if summary["partitions"] != 3 or len(summary["shards"]) != 3:
            failures.append(f"expected 3 partitions and shards: {summary}")
        failures += compare_indexes.differences(
            binary, single, output, os.path.join(ROOT, "benches", "queries.tsv")
        )
        # Published whole: nothing but the index is left beside it.
        leftovers = sorted(os.listdir(os.path.dirname(output)))
        if leftovers != ["index"]:
            failures.append(f"left beside the index: {leftovers}")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--newsindex",
        default=os.environ.get("NEWSINDEX_BIN", os.path.join(ROOT, "target", "debug", "newsindex")),
    )
    args = parser.parse_args()
    binary = os.path.abspath(args.newsindex)
    tmp = tempfile.mkdtemp(prefix="newsindex-spark-test-")
    failures = []
    try:
        bad = os.path.join(tmp, "bad")
        bad_inputs(bad)
        inputs = [os.path.join(ROOT, "corpus", "dev"), os.path.join(ROOT, "corpus", "seeds"), bad]
        single = os.path.join(tmp, "single")
        built = subprocess.run(
            [binary, "index", "--full", "--index", single] + inputs,
            capture_output=True,
            text=True,
        )
        if built.returncode != 1:
            failures.append(f"newsindex index: exit {built.returncode}, expected 1\n{built.stderr}")
        for linking in (["--linking", "stages"], ["--linking", "one"]):
            failures += [
                f"{' '.join(linking)}: {failure}"
                for failure in check_job(binary, inputs, bad, built, single, tmp, linking)
            ]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    if not failures:
        print("spark job: stories, top 10 of the benchmark queries and rejections equal newsindex index's")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
