#!/usr/bin/env python3
"""Batch (re)indexing of a news corpus on Apache Spark, with the stories of a single-machine build.

    spark-submit spark/newsindex_job.py INPUT [INPUT...] OUTPUT \
        [--newsindex PATH] [--partitions N] [--linking auto|one|stages] [--score-articles N]
        [--staging DIR] [--heap-mib MIB]

All text work is done by the `newsindex` binary through its line protocol (`newsindex batch`,
documented in spark/README.md); this script only moves lines between Spark stages:

1. list: the driver lists the input files in the order `newsindex index` reads them
   (`batch list`); local and shared-filesystem paths only, see spark/README.md;
2. facts: the files, spread over N partitions, go through `batch facts --out` in
   `mapPartitions` (one process per partition): each input file's articles with their
   linking facts go to a file of their own under the staging directory (shared by driver and
   executors); the rejections, each naming its record, come back to the driver;
3. link, distributed (see `link_in_stages` and spark/README.md): the compact facts (read
   from the facts files, the article text dropped) get their corpus index (input order, duplicate ids dropped) and
   their statistics rows (`batch keys`, reduced by key: document frequency and the id the
   single linker would give); copies are proposed by sketch hash and scored, families made
   on the driver from the copy links; candidates are proposed by anchor among the family
   heads (`batch proposals`, `batch candidates`) and scored in partitions, each process
   reading the keyed articles (facts and rows) of its partition once, then the groups naming
   them (`batch score`); the stories are assembled from the
   scored links alone (`batch stories`, on the driver). The joins and groupings are
   DataFrame operations (in the JVM); the steps' outputs come back through files under the
   staging directory. With `--linking one` (the default up to `--one-linker-articles`), ONE
   `batch link` task (the single-machine linker) reads the facts files instead. Either output (the stories of more than one
   article) is written to the staging directory, where every shard task reads it;
4. shard: every partition writes the articles of its facts files into one tantivy shard
   with those stories (`batch shard --facts`), under the staging directory;
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


def start_binary(binary, args, lines, stdout):
    """Starts `binary args` with its stdout to `stdout` (a pipe or a file), feeding it `lines`
    (str, without newlines) on stdin from a thread. `finish_binary` waits for it."""
    err = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [binary] + list(args),
        stdin=subprocess.PIPE,
        stdout=stdout,
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
    return proc, feeder, failure, err


def finish_binary(binary, args, started):
    """Waits for a process of `start_binary`. Fails with the process' stderr when it exits
    with status 2 or worse (status 1 means rejected inputs, already said on stdout)."""
    proc, feeder, failure, err = started
    code = proc.wait()
    feeder.join()
    if failure:
        raise failure[0]
    if code >= 2 or code < 0:
        err.seek(0)
        message = err.read().decode("utf-8", "replace").strip()
        raise RuntimeError(f"{binary} {' '.join(args)} exited with {code}: {message}")


def run_binary(binary, args, lines):
    """Runs `binary args`, feeding it `lines` (str, without newlines) on stdin, and yields its
    stdout lines (see `finish_binary` for failures)."""
    started = start_binary(binary, args, lines, subprocess.PIPE)
    for raw in started[0].stdout:
        yield raw.decode("utf-8").rstrip("\n")
    finish_binary(binary, args, started)


def run_binary_to_file(binary, args, lines, path):
    """Runs `binary args` as `run_binary` does, its stdout written straight to the file `path`
    (no line crosses Python on the way out)."""
    with open(path, "wb") as out:
        finish_binary(binary, args, start_binary(binary, args, lines, out))


def executor_binary(path):
    """The binary on an executor: the path given if it exists there, else the copy shipped
    with `spark-submit --files`."""
    if os.path.exists(path):
        return path
    from pyspark import SparkFiles

    return SparkFiles.get(os.path.basename(path))


def files_args(paths):
    """`--facts PATH...` for a `batch` step reading facts files (none: it reads stdin)."""
    return ["--facts"] + list(paths) if paths else []


def compact(line):
    """A facts line without its article: what the link step needs."""
    cut = line.find(ARTICLE_MEMBER)
    return line if cut < 0 else line[:cut] + "}"


def text_lines(frame, column):
    """A DataFrame's string column as an RDD of str: the one place its rows cross to Python,
    on their way into a `newsindex batch` process."""
    return frame.select(column).rdd.map(lambda row: row[0])


def tab_fields(frame, *names):
    """The `value` column of text lines split at tabs into the named string columns (the last
    one keeps any further tabs)."""
    from pyspark.sql import functions as F

    parts = F.split(F.col("value"), "\t", len(names))
    return frame.select(*[parts[i].alias(name) for i, name in enumerate(names)])


def link_in_stages(spark, binary, compact_rdd, partitions, staging, score_articles=25000):
    """Links the corpus over partitions with the `batch` linking steps (spark/README.md,
    "Linking over partitions"). `compact_rdd` holds the compact article lines. Returns the
    link step's lines (stories, totals) and the duplicate lines.

    The joins and groupings run on DataFrames, in the JVM: each row crosses to Python once,
    into the `newsindex batch` process of its partition, and each step's output is written by
    the process straight to a file under `staging` that Spark reads back as text."""
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    # Grouped and joined frames keep `partitions` hash partitions, so a frame partitioned by
    # article index meets another without shuffling it again. Adaptive execution is off: a
    # frame checkpointed under it forgets its partitioning (it is only known once run).
    spark.conf.set("spark.sql.shuffle.partitions", str(partitions))
    spark.conf.set("spark.sql.adaptive.enabled", "false")

    def keep(frame):
        """The frame computed once and kept on disk, row by row, with its partitioning.
        (`persist` stores a frame in column batches built in the JVM's heap first: with
        keyed articles of 3 KB, that overflowed a 1 GiB driver at 100k articles.)"""
        return frame.localCheckpoint(eager=True, storageLevel=StorageLevel.DISK_ONLY)

    def step(args, lines, name):
        """`newsindex batch ARGS` once per partition of `lines` (an RDD of str); its output
        lines as a DataFrame of text (`value`), read from the files the processes wrote."""
        # Absolute on the driver: an executor's working directory may differ.
        folder = os.path.abspath(os.path.join(staging, "link", name))

        def run(index, part):
            from pyspark import TaskContext

            os.makedirs(folder, exist_ok=True)
            path = os.path.join(folder, f"part-{index:05d}-{TaskContext.get().attemptNumber()}")
            run_binary_to_file(executor_binary(binary), ["batch"] + args, part, path)
            yield path

        # Only the files of the attempts that finished are read.
        paths = lines.mapPartitionsWithIndex(run).collect()
        if not paths:  # a frame of no partitions
            return spark.createDataFrame([], "value string")
        return spark.read.text(["file://" + p for p in paths])

    def as_list(column):
        """`[A,B,…]`: JSON texts joined into a JSON list."""
        return F.concat(F.lit("["), F.concat_ws(",", column), F.lit("]"))

    # 1. Index. Each compact line parsed once (id, order, origin); duplicate ids: the first
    # record in input order is kept (as `Collector::duplicate` words it in the single-machine
    # build); the kept ones numbered in input order, file by file from the files' offsets.
    def parsed(line):
        fact = json.loads(line)
        return fact["id"], fact["order"][0], fact["order"][1], fact["origin"], fact.get("day"), line

    facts = keep(
        spark.createDataFrame(
            compact_rdd.map(parsed),
            "id string, file long, seq long, origin string, day long, line string",
        )
    )
    by_id = Window.partitionBy("id").orderBy("file", "seq")
    meta = keep(
        facts.select("id", "file", "seq", "origin")
        .withColumn("rank", F.row_number().over(by_id))
        .withColumn("first", F.first("origin").over(by_id))
    )
    duplicates = [
        json.dumps(
            {
                "kind": "duplicate",
                "origin": row["origin"],
                "reason": f"duplicate id: {row['id']} (first seen at {row['first']})",
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for row in meta.filter("rank > 1").orderBy("file", "seq").collect()
    ]
    kept = meta.filter("rank = 1").select("file", "seq")
    offsets, articles = [], 0
    for row in sorted(kept.groupBy("file").count().collect()):
        offsets.append((row["file"], articles))
        articles += row["count"]
    in_file = Window.partitionBy("file").orderBy("seq")
    numbered = kept.join(
        F.broadcast(spark.createDataFrame(offsets, "file long, offset long")), "file"
    ).select("file", "seq", (F.col("offset") + F.row_number().over(in_file) - 1).alias("index"))
    indexed = keep(facts.join(numbered, ["file", "seq"]).select("index", "day", "line"))

    # 2. Statistics: per key its document frequency and first (index, position); ids are the
    # keys ranked by first occurrence, anchors and concepts numbered apart. The rank is the
    # row's place in a global sort: its partition's offset plus its place in the partition.
    keys_out = step(
        ["keys"],
        text_lines(
            indexed.select(F.concat_ws("\t", F.col("index").cast("string"), "line").alias("l")),
            "l",
        ),
        "keys",
    )
    key_rows = tab_fields(keys_out, "key", "index", "pos").select(
        "key", F.col("index").cast("long"), F.col("pos").cast("long")
    )
    ranked = keep(
        key_rows.groupBy("key")
        .agg(F.count("*").alias("df"), F.min(F.struct("index", "pos")).alias("first"))
        .select(
            "key",
            "df",
            F.col("key").startswith('"c').alias("concept"),  # the key's JSON text: '"c…'
            F.col("first.index").alias("first_index"),
            F.col("first.pos").alias("first_pos"),
        )
        .orderBy("concept", "first_index", "first_pos")
        .select(
            "key",
            "df",
            "concept",
            F.spark_partition_id().alias("part"),
            F.monotonically_increasing_id().alias("mono"),
        )
    )
    sizes = sorted(
        (row["part"], row["concept"], row["count"])
        for row in ranked.groupBy("part", "concept").count().collect()
    )
    anchors = sum(count for _, concept, count in sizes if not concept)
    # monotonically_increasing_id is (partition << 33) + place in the partition.
    starts, total = {}, 0
    for part, _, count in sizes:
        starts.setdefault(part, total - (part << 33))
        total += count
    ids = ranked.join(
        F.broadcast(spark.createDataFrame(sorted(starts.items()), "part int, start long")),
        "part",
    ).select(
        "key",
        "df",
        (
            F.col("mono")
            + F.col("start")
            - F.when(F.col("concept"), F.lit(anchors)).otherwise(F.lit(0))
        ).alias("id"),
    )
    rows = (
        key_rows.join(ids, "key")
        .groupBy("index")
        .agg(
            F.array_sort(
                F.collect_list(
                    F.struct(
                        "pos",
                        F.concat(
                            F.lit("["), "key", F.lit(","), F.col("id").cast("string"),
                            F.lit(","), F.col("df").cast("string"), F.lit("]"),
                        ).alias("row"),
                    )
                )
            ).alias("rows")
        )
        .select(
            "index", F.concat_ws(",", F.transform("rows", lambda r: r["row"])).alias("keys")
        )
    )
    # The keyed articles, hash-partitioned by index: the score joins reuse that partitioning.
    keyed = keep(
        indexed.join(rows, "index", "left").select(
            "index",
            F.concat(
                F.lit('{"index":'), F.col("index").cast("string"),
                F.lit(',"keys":['), F.coalesce("keys", F.lit("")),
                F.lit('],"facts":'), "line", F.lit("}"),
            ).alias("keyed"),
        )
    )
    entries = tab_fields(
        step(["entries"], text_lines(keyed, "keyed"), "entries"), "kind", "key", "entry"
    )

    def pairs_of(frame):
        """`A⇥B` lines as a frame of (a, b) article indices."""
        return tab_fields(frame, "a", "b").select(
            F.col("a").cast("long").alias("a"), F.col("b").cast("long").alias("b")
        )

    # Scoring partitions: enough that a `batch score` process, which holds the keyed lines
    # its partition needs (about 3 KB each, plus what the strings reserve), stays small.
    score_partitions = max(partitions, -(-articles // score_articles))
    # A routing key per scoring partition: the smallest integer that Spark's hash
    # partitioning (`pmod(hash(key), n)`) puts there, so that the rows of scoring partition
    # p all land in partition p. (Were the hash ever another, the rows of p would still land
    # together, only less evenly spread.)
    routes = {}
    for row in (
        spark.range(0, 64 * score_partitions)
        .select("id", F.pmod(F.hash("id"), F.lit(score_partitions)).alias("p"))
        .collect()
    ):
        routes.setdefault(row["p"], row["id"])
    # A partition that none of those integers hashes to (practically never) takes its own
    # number as key: its rows still land together.
    route_of = [routes.get(p, p) for p in range(score_partitions)]
    days = indexed.select("index", "day")

    def score(pairs, copies):
        """The pairs (a, b) scored in partitions, each group being a proposer (a) with its
        partners (b). A partition's process reads each keyed article its groups name once
        (however many groups name it), then the groups, which name their articles by index
        (`batch score`, spark/README.md).

        A group's partition is given by its proposer's day: the days are cut into ranges of
        about as many proposers each, so that a partition's partners, proposed within a few
        days of their proposers (or undated), are mostly its own proposers and their
        neighbours; undated proposers are spread by index. The articles a partition needs,
        (partition, index) made distinct, are joined with the keyed articles where those lie
        (only the requests are shuffled), then sent with the groups to that partition, sorted
        so that the articles come first."""
        proposers = pairs.select("a").distinct().join(
            days.withColumnRenamed("index", "a"), "a"
        )
        per_day = sorted(
            (row["day"], row["count"])
            for row in proposers.filter("day is not null").groupBy("day").count().collect()
        )
        total = sum(count for _, count in per_day) or 1
        cuts, seen = [], 0
        for day, count in per_day:
            cuts.append((day, min(score_partitions - 1, seen * score_partitions // total)))
            seen += count
        part_of_day = F.broadcast(spark.createDataFrame(cuts or [(0, 0)], "day long, part int"))
        parts = proposers.join(part_of_day, "day", "left").select(
            "a",
            F.coalesce("part", F.pmod("a", F.lit(score_partitions)).cast("int")).alias("part"),
        )
        route = F.broadcast(
            spark.createDataFrame(list(enumerate(route_of)), "part int, route long")
        )
        routed = pairs.join(parts, "a").join(route, "part")
        wanted = routed.select("route", F.col("b").alias("index")).union(
            routed.select("route", F.col("a").alias("index"))
        ).distinct()
        articles_of_part = wanted.join(keyed, "index").select(
            "route", F.lit(0).alias("kind"), "index", F.col("keyed").alias("line")
        )
        groups = (
            routed.groupBy("route", "a")
            .agg(F.array_sort(F.collect_list("b")).alias("partners"))
            .select(
                "route",
                F.lit(1).alias("kind"),
                F.col("a").alias("index"),
                F.concat(
                    F.lit('{"article":'), F.col("a").cast("string"), F.lit(',"partners":['),
                    F.concat_ws(",", F.col("partners").cast("array<string>")), F.lit("]}"),
                ).alias("line"),
            )
        )
        lines = (
            articles_of_part.unionByName(groups)
            .repartition(score_partitions, "route")
            .sortWithinPartitions("kind", "index")
        )
        args = ["batch", "score", "--articles", str(articles)] + (["--copies"] if copies else [])
        return (
            text_lines(lines, "line")
            .mapPartitions(lambda lines: run_binary(executor_binary(binary), args, lines))
            .collect()
        )

    # 3. Copies: proposed by sketch hash (a hash of one holder proposes nothing), scored;
    # families from the copy links on the driver.
    holders = (
        entries.filter("kind = 'c'")
        .groupBy("key")
        .agg(F.collect_list("entry").alias("holders"))
        .filter(F.size("holders") > 1)
        .select(as_list("holders").alias("line"))
    )
    copy_pairs = pairs_of(
        step(["copy-pairs"], text_lines(holders, "line"), "copy-pairs")
    ).distinct()
    copy_links = score(copy_pairs, True)
    not_heads = sorted(
        int(line.split("\t")[0]) for line in run_binary(binary, ["batch", "families"], copy_links)
    )

    # 4. Candidates: the heads' postings grouped by anchor (an anchor left with one head
    # proposes nothing), proposals grouped by article.
    postings = (
        entries.filter("kind = 'p'")
        .withColumn("index", F.regexp_extract("entry", r"^\[(\d+),", 1).cast("long"))
        .join(
            F.broadcast(spark.createDataFrame([(i,) for i in not_heads], "index long")),
            "index",
            "left_anti",
        )
        .groupBy("key")
        .agg(F.collect_list("entry").alias("postings"))
        .filter(F.size("postings") > 1)
        .select(F.concat("key", F.lit("\t"), as_list("postings")).alias("line"))
    )
    proposals = tab_fields(
        step(["proposals"], text_lines(postings, "line"), "proposals"), "a", "proposal"
    )
    proposed = (
        proposals.groupBy("a")
        .agg(F.collect_list("proposal").alias("proposals"))
        .select(F.concat("a", F.lit("\t"), as_list("proposals")).alias("line"))
    )
    candidates = pairs_of(
        step(
            ["candidates", "--articles", str(articles)], text_lines(proposed, "line"), "candidates"
        )
    )
    links = copy_links + score(candidates, False)
    shutil.rmtree(os.path.join(staging, "link"), ignore_errors=True)
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
        "--linking",
        choices=("auto", "one", "stages"),
        default="auto",
        help="`one`: link in ONE `batch link` task (the single-machine linker, about 0.9 KB "
        "of heap per article); `stages`: in Spark stages, no task holding the corpus; "
        "`auto` (default): one task up to --one-linker-articles articles, stages beyond",
    )
    parser.add_argument(
        "--one-linker-articles",
        type=int,
        default=1_200_000,
        help="with --linking auto, the most articles linked in one task (default 1,200,000: "
        "about 1 GiB of the linking process' heap)",
    )
    parser.add_argument(
        "--one-linker",
        dest="linking",
        action="store_const",
        const="one",
        help="the same as --linking one",
    )
    parser.add_argument(
        "--score-articles",
        type=int,
        default=25000,
        help="articles per scoring partition: more partitions than --partitions when the "
        "corpus is larger, so that each `batch score` process holds fewer keyed lines",
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
    # Absolute: executors may run in another working directory.
    staging_root = os.path.abspath(args.staging or os.path.dirname(output))
    os.makedirs(staging_root, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{os.path.basename(output)}.spark-", dir=staging_root)

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

        # 2. facts, one binary per partition. Each input file's article lines go to a file of
        # their own under the staging directory (complete or absent, so a retried task only
        # writes them again); the driver collects the rejections and one line per file.
        facts_dir = os.path.join(staging, "facts")

        def facts(index, lines):
            for line in run_binary(
                executor_binary(binary), ["batch", "facts", "--out", facts_dir], lines
            ):
                yield (index, line)

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
        fact_lines = file_rdd.mapPartitionsWithIndex(facts).collect()
        written = [(p, json.loads(line)) for p, line in fact_lines if line.startswith('{"facts"')]
        rejected += [json.loads(line) for _, line in fact_lines if line.startswith('{"kind":"rejected"')]
        # The link step reads them in listing order; a shard, its partition's in reading order.
        in_order = [w["facts"] for _, w in sorted(written, key=lambda pw: pw[1]["file"])]
        of_partition = [[w["facts"] for p, w in written if p == index] for index in range(partitions)]

        # 3. link, once over the compact facts of the whole corpus, in input order.
        links_path = os.path.join(staging, "links.jsonl")
        articles_read = sum(w["articles"] for _, w in written)
        one_task = args.linking == "one" or (
            args.linking == "auto" and articles_read <= args.one_linker_articles
        )
        if one_task:
            # One task reads the facts files itself, cutting the articles off as it goes.
            def link(_):
                from pyspark import TaskContext

                path = f"{links_path}.{TaskContext.get().attemptNumber()}"
                run_binary_to_file(
                    executor_binary(binary), ["batch", "link"] + files_args(in_order), [], path
                )
                yield path

            os.replace(sc.parallelize([0], 1).mapPartitions(link).collect()[0], links_path)
        else:
            compact_rdd = (
                spark.read.text(["file://" + path for path in in_order]).rdd.map(
                    lambda row: compact(row[0])
                )
                if in_order
                else sc.parallelize([], 1)
            )
            stories, duplicate_lines = link_in_stages(
                spark,
                binary,
                compact_rdd,
                partitions,
                staging,
                max(1, args.score_articles),
            )
            with open(links_path, "w", encoding="utf-8") as out:
                for line in duplicate_lines + stories:
                    out.write(line + "\n")
        totals, duplicates = {}, []
        with open(links_path, encoding="utf-8") as lines:
            for line in lines:
                if line.startswith('{"kind":"duplicate"'):
                    duplicates.append(json.loads(line))
                elif line.startswith('{"kind":"totals"'):
                    totals = json.loads(line)
        shard_dir = os.path.join(staging, "shards")
        heap = str(args.heap_mib)

        # 4. one shard per partition, written with the corpus' stories from its facts files.
        def shard(index, _):
            from pyspark import TaskContext

            attempt = TaskContext.get().attemptNumber()
            target = os.path.join(shard_dir, f"part-{index:05d}-{attempt}")
            step = ["batch", "shard", target, "--links", links_path, "--heap-mib", heap]
            for line in run_binary(
                executor_binary(binary), step + files_args(of_partition[index]), []
            ):
                yield (index, json.loads(line))

        shards = sorted(
            sc.parallelize(range(partitions), partitions).mapPartitionsWithIndex(shard).collect()
        )

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
        "linking": "one task" if one_task else "stages",
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
