#!/usr/bin/env python3
"""Batch (re)indexing of a news corpus on Apache Spark, with the stories of a single-machine build.

    spark-submit spark/newsindex_job.py INPUT [INPUT...] OUTPUT \
        [--newsindex PATH] [--partitions N] [--staging DIR] [--heap-mib MIB]

All text work is done by the `newsindex` binary through its line protocol (`newsindex batch`,
documented in spark/README.md); this script only moves lines between Spark stages:

1. list: the driver lists the input files in the order `newsindex index` reads them
   (`batch list`); local and shared-filesystem paths only, see spark/README.md;
2. facts: the files, spread over N partitions, go through `batch facts` in `mapPartitions`
   (one process per partition): one line per record, an article with its linking facts, or
   a rejection naming the record. Kept on disk (DISK_ONLY) for step 4;
3. link, distributed (see `link_in_stages` and spark/README.md): the compact facts (the
   article text dropped) get their corpus index (input order, duplicate ids dropped) and
   their statistics rows (`batch keys`, reduced by key: document frequency and the id the
   single linker would give); copies are proposed by sketch hash and scored, families made
   on the driver from the copy links; candidates are proposed by anchor among the family
   heads (`batch proposals`, `batch candidates`) and scored in partitions, each pair joined
   with both articles' facts and rows (`batch score`); the stories are assembled from the
   scored links alone (`batch stories`, on the driver). With `--one-linker`, the compact
   facts go instead through ONE `batch link` process (the single-machine linker). Either
   output (the stories of more than one article) is shipped to every executor;
4. shard: every partition writes its articles into one tantivy shard with those stories
   (`batch shard`), under the staging directory;
5. merge: the driver merges the shards into OUTPUT (`batch merge`, tantivy's segment merge),
   published atomically: OUTPUT appears (or is replaced) complete, or not at all.

Rejected records are named on stderr (`newsindex-job: ORIGIN: REASON`; spark-submit passes the
driver's stderr on to its own stdout) and, with `--rejected FILE`, as JSON lines; the job goes on;
the exit status is 0 when everything was read, 1 when some records were rejected, 2 on a
fatal error. A JSON summary is printed on stdout.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

EXIT_OK, EXIT_REJECTED, EXIT_FATAL = 0, 1, 2

# The article member of a facts line is its last member (the protocol's field order); inside
# JSON strings a quote is escaped, so this text can only be that member's key.
ARTICLE_MEMBER = ',"article":'
ORDER_PREFIX = re.compile(r'"order":\[(\d+),(\d+)\]')


def run_binary(binary, args, lines):
    """Runs `binary args`, feeding it `lines` (str, without newlines) on stdin from a thread, and
    yields its stdout lines. Fails with the process' stderr when it exits with status 2 or
    worse (status 1 means rejected inputs, already said on stdout)."""
    err = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [binary] + list(args),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=err,
        bufsize=1 << 20,
    )
    failure = []

    def feed():
        try:
            for line in lines:
                proc.stdin.write(line.encode("utf-8") + b"\n")
        except BrokenPipeError:
            pass
        except Exception as exc:  # reported after the process ends
            failure.append(exc)
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    for raw in proc.stdout:
        yield raw.decode("utf-8").rstrip("\n")
    code = proc.wait()
    feeder.join()
    if failure:
        raise failure[0]
    if code >= 2 or code < 0:
        err.seek(0)
        message = err.read().decode("utf-8", "replace").strip()
        raise RuntimeError(f"{binary} {' '.join(args)} exited with {code}: {message}")


def executor_binary(path):
    """The binary on an executor: the path given if it exists there, else the copy shipped
    with `spark-submit --files`."""
    if os.path.exists(path):
        return path
    from pyspark import SparkFiles

    return SparkFiles.get(os.path.basename(path))


def order_key(line):
    match = ORDER_PREFIX.search(line[:200])
    return (int(match.group(1)), int(match.group(2)))


def compact(line):
    """A facts line without its article: what the link step needs."""
    cut = line.find(ARTICLE_MEMBER)
    return line if cut < 0 else line[:cut] + "}"


def tab_pair(line):
    """A `KEY<TAB>VALUE` line as (int KEY, VALUE)."""
    key, value = line.split("\t", 1)
    return int(key), value


def link_in_stages(sc, binary, compact_rdd, partitions):
    """Links the corpus over partitions with the `batch` linking steps (spark/README.md,
    "Linking over partitions"). `compact_rdd` holds the compact article lines. Returns the
    link step's lines (stories, totals) and the duplicate lines."""
    from pyspark import StorageLevel


    def step(args):
        return lambda lines: run_binary(executor_binary(binary), ["batch"] + args, lines)

    # Duplicate ids: the first record in input order is kept (as `Collector::duplicate`
    # words it in the single-machine build).
    def by_id(line):
        fact = json.loads(line)
        return fact["id"], (tuple(fact["order"]), fact["origin"], line)

    grouped = compact_rdd.map(by_id).groupByKey(partitions).mapValues(sorted)

    def duplicates_of(item):
        article_id, records = item
        first = records[0][1]
        return [
            json.dumps(
                {
                    "kind": "duplicate",
                    "origin": origin,
                    "reason": f"duplicate id: {article_id} (first seen at {first})",
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            for _, origin, _ in records[1:]
        ]

    duplicates = grouped.flatMap(duplicates_of).collect()
    indexed = (
        grouped.map(lambda item: (item[1][0][0], item[1][0][2]))
        .sortByKey(numPartitions=partitions)
        .zipWithIndex()
        .map(lambda pair: (pair[1], pair[0][1]))
        .persist(StorageLevel.DISK_ONLY)
    )
    articles = indexed.count()

    # Statistics: per key its document frequency and first (index, position); ids are the
    # keys ranked by first occurrence, anchors and concepts numbered apart.
    key_rows = (
        indexed.map(lambda pair: f"{pair[0]}\t{pair[1]}")
        .mapPartitions(step(["keys"]))
        .map(lambda line: line.rsplit("\t", 2))
        .map(lambda row: (row[0], (int(row[1]), int(row[2]))))
        .persist(StorageLevel.DISK_ONLY)
    )
    is_concept = lambda key: key[1] == "c"  # noqa: E731 (the key's JSON text: '"c…')
    firsts = key_rows.mapValues(lambda first: (1, first)).reduceByKey(
        lambda x, y: (x[0] + y[0], min(x[1], y[1])), partitions
    )
    anchors = firsts.filter(lambda kv: not is_concept(kv[0])).count()
    ids = (
        firsts.map(lambda kv: ((is_concept(kv[0]), kv[1][1]), (kv[0], kv[1][0])))
        .sortByKey(numPartitions=partitions)
        .zipWithIndex()
        .map(
            lambda pair: (
                pair[0][1][0],
                (pair[1] - anchors if pair[0][0][0] else pair[1], pair[0][1][1]),
            )
        )
    )
    rows = (
        key_rows.map(lambda kv: (kv[0], kv[1][0]))
        .join(ids, partitions)
        .map(lambda kv: (kv[1][0], f"[{kv[0]},{kv[1][1][0]},{kv[1][1][1]}]"))
        .groupByKey(partitions)
    )
    keyed = (
        indexed.leftOuterJoin(rows, partitions)
        .map(
            lambda kv: (
                kv[0],
                f'{{"index":{kv[0]},"keys":[{",".join(kv[1][1] or [])}],"facts":{kv[1][0]}}}',
            )
        )
        .persist(StorageLevel.DISK_ONLY)
    )
    entries = keyed.values().mapPartitions(step(["entries"])).persist(StorageLevel.DISK_ONLY)

    def score(pairs, copies):
        """Each proposer with its partners' keyed lines, scored in partitions."""
        partners = (
            pairs.map(lambda ab: (ab[1], ab[0]))
            .join(keyed, partitions)
            .map(lambda kv: kv[1])
            .groupByKey(partitions)
        )
        groups = partners.join(keyed, partitions).map(
            lambda kv: f'{{"article":{kv[1][1]},"partners":[{",".join(kv[1][0])}]}}'
        )
        args = ["score", "--articles", str(articles)] + (["--copies"] if copies else [])
        return groups.mapPartitions(step(args))

    # Copies: proposed by sketch hash, scored; families from the copy links on the driver.
    copy_pairs = (
        entries.filter(lambda line: line.startswith("c\t"))
        .map(lambda line: tuple(line[2:].split("\t", 1)))
        .groupByKey(partitions)
        .map(lambda kv: "[" + ",".join(kv[1]) + "]")
        .mapPartitions(step(["copy-pairs"]))
        .map(lambda line: tuple(int(x) for x in line.split("\t")))
        .distinct(partitions)
    )
    copy_links = score(copy_pairs, True).collect()
    not_heads = {
        int(line.split("\t")[0])
        for line in run_binary(binary, ["batch", "families"], copy_links)
    }
    heads_out = sc.broadcast(not_heads)

    # Candidates: the heads' postings grouped by anchor, proposals grouped by article.
    def posting(line):
        anchor, entry = line[2:].split("\t", 1)
        return anchor, entry

    candidates = (
        entries.filter(lambda line: line.startswith("p\t"))
        .map(posting)
        .filter(lambda kv: int(kv[1][1 : kv[1].index(",")]) not in heads_out.value)
        .groupByKey(partitions)
        .map(lambda kv: kv[0] + "\t[" + ",".join(kv[1]) + "]")
        .mapPartitions(step(["proposals"]))
        .map(tab_pair)
        .groupByKey(partitions)
        .map(lambda kv: f"{kv[0]}\t[{','.join(kv[1])}]")
        .mapPartitions(step(["candidates", "--articles", str(articles)]))
        .map(lambda line: tuple(int(x) for x in line.split("\t")))
    )
    links = copy_links + score(candidates, False).collect()
    for rdd in (indexed, key_rows, keyed, entries):
        rdd.unpersist()
    stories = list(
        run_binary(binary, ["batch", "stories", "--articles", str(articles)], links)
    )
    return stories, duplicates


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Build a newsindex index from news files on Apache Spark."
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="INPUT... OUTPUT")
    parser.add_argument(
        "--newsindex",
        default=os.environ.get("NEWSINDEX_BIN", "newsindex"),
        help="the newsindex binary (default: $NEWSINDEX_BIN or newsindex on PATH)",
    )
    parser.add_argument(
        "--partitions", type=int, default=0, help="partitions (default: Spark's parallelism)"
    )
    parser.add_argument(
        "--staging",
        default=None,
        help="directory for shards, shared by driver and executors (default: beside OUTPUT)",
    )
    parser.add_argument(
        "--heap-mib", type=int, default=128, help="index writer budget per shard, in MiB"
    )
    parser.add_argument(
        "--one-linker",
        action="store_true",
        help="link in ONE `batch link` task (the single-machine linker) instead of in stages",
    )
    parser.add_argument(
        "--rejected",
        default=None,
        help="also write the rejected records to this file, one JSON line each",
    )
    args = parser.parse_args(argv)
    if len(args.paths) < 2:
        parser.error("give at least one INPUT and the OUTPUT")
    args.inputs, args.output = args.paths[:-1], args.paths[-1]
    return args


def local_path(path):
    if path.startswith("file://"):
        return path[len("file://") :]
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", path):
        raise SystemExit(
            f"newsindex-job: {path}: only local or shared-filesystem paths are read "
            "(mount the store, e.g. with s3fs or an HDFS NFS gateway; see spark/README.md)"
        )
    return path


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.time()
    binary = shutil.which(args.newsindex) or args.newsindex
    inputs = [local_path(p) for p in args.inputs]
    output = os.path.abspath(local_path(args.output))
    staging_root = args.staging or os.path.dirname(output)
    os.makedirs(staging_root, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{os.path.basename(output)}.spark-", dir=staging_root)

    from pyspark import SparkFiles, StorageLevel
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("newsindex").getOrCreate()
    sc = spark.sparkContext
    try:
        # 1. list, on the driver: the read order and the origins of `newsindex index`.
        listed = subprocess.run(
            [binary, "batch", "list"] + inputs, capture_output=True, text=True
        )
        if listed.returncode != 0:
            print(listed.stderr.strip(), file=sys.stderr)
            return EXIT_FATAL
        listing = listed.stdout.splitlines()
        files = [line for line in listing if '"kind":"rejected"' not in line]
        rejected = [json.loads(line) for line in listing if '"kind":"rejected"' in line]
        partitions = max(1, min(args.partitions or sc.defaultParallelism, len(files) or 1))

        # 2. facts, one binary per partition.
        def facts(lines):
            return run_binary(executor_binary(binary), ["batch", "facts"], lines)

        # Files are dealt round-robin by size rank so partitions get similar volumes.
        sizes = sorted(
            files,
            key=lambda line: -os.path.getsize(json.loads(line)["path"])
            if os.path.exists(json.loads(line)["path"])
            else 0,
        )
        dealt = [(rank % partitions, line) for rank, line in enumerate(sizes)]
        file_rdd = (
            sc.parallelize(dealt, partitions)
            .partitionBy(partitions, lambda p: p)
            .values()
        )
        fact_rdd = file_rdd.mapPartitions(facts).persist(StorageLevel.DISK_ONLY)

        # 3. link, once over the compact facts of the whole corpus, in input order.
        # A shuffle into one sorted partition: its map side reads the files in parallel
        # (sortBy with one partition would coalesce, running every partition's facts in
        # the one linking task).
        article_rdd = fact_rdd.filter(lambda line: line.startswith('{"kind":"article"'))
        if args.one_linker:
            links_lines = (
                article_rdd.map(lambda line: (order_key(line), compact(line)))
                .repartitionAndSortWithinPartitions(1, partitionFunc=lambda key: 0)
                .values()
                .mapPartitions(
                    lambda lines: run_binary(executor_binary(binary), ["batch", "link"], lines)
                )
                .collect()
            )
        else:
            stories, duplicate_lines = link_in_stages(
                sc, binary, article_rdd.map(compact), partitions
            )
            links_lines = duplicate_lines + stories
        links_path = os.path.join(staging, "links.jsonl")
        with open(links_path, "w", encoding="utf-8") as out:
            for line in links_lines:
                out.write(line + "\n")
        sc.addFile(links_path)
        totals = json.loads(links_lines[-1]) if links_lines else {}
        duplicates = [json.loads(l) for l in links_lines if l.startswith('{"kind":"duplicate"')]
        shard_dir = os.path.join(staging, "shards")
        heap = str(args.heap_mib)

        # 4. one shard per partition, written with the corpus' stories.
        def shard(index, lines):
            from pyspark import TaskContext

            attempt = TaskContext.get().attemptNumber()
            target = os.path.join(shard_dir, f"part-{index:05d}-{attempt}")
            links = SparkFiles.get("links.jsonl")
            articles = (l for l in lines if l.startswith('{"kind":"article"'))
            for line in run_binary(
                executor_binary(binary),
                ["batch", "shard", target, "--links", links, "--heap-mib", heap],
                articles,
            ):
                yield (index, json.loads(line))

        shards = sorted(fact_rdd.mapPartitionsWithIndex(shard).collect())
        rejected += [
            json.loads(line)
            for line in fact_rdd.filter(lambda l: l.startswith('{"kind":"rejected"')).collect()
        ]
        fact_rdd.unpersist()

        # 5. merge on the driver, published atomically.
        merged = list(
            run_binary(
                binary, ["batch", "merge", output] + [s["shard"] for _, s in shards], []
            )
        )
        articles = json.loads(merged[-1])["articles"]
    finally:
        spark.stop()
        shutil.rmtree(staging, ignore_errors=True)

    rejected.sort(key=lambda r: tuple(r.get("order", (0, 0))))
    # spark-submit passes the driver's stderr on to its stdout: the lines are marked.
    for r in rejected + duplicates:
        print(f"newsindex-job: {r['origin']}: {r['reason']}", file=sys.stderr)
    sys.stderr.flush()
    if args.rejected:
        with open(args.rejected, "w", encoding="utf-8") as out:
            for r in rejected + duplicates:
                out.write(json.dumps({"origin": r["origin"], "reason": r["reason"]}) + "\n")
    summary = {
        "index": output,
        "articles": articles,
        "stories": totals.get("stories", 0),
        "linked_stories": totals.get("linked_stories", 0),
        "rejected": len(rejected) + len(duplicates),
        "partitions": partitions,
        "shards": [s["articles"] for _, s in shards],
        "elapsed_secs": round(time.time() - started, 2),
    }
    print(json.dumps(summary))
    return EXIT_REJECTED if summary["rejected"] else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
