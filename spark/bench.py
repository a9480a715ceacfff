#!/usr/bin/env python3
"""Benchmark of the Spark job beside the single-machine build on the same machine (not in CI):
wall time, peak memory, Spark shuffle bytes, and whether stories and the top 10 of the
benchmark queries are identical.

    python3 spark/bench.py DATA WORK --newsindex RELEASE_BINARY [--partitions N] [--master local[2]]

DATA is an input directory (e.g. `newsindex-bench gen --articles 100000 --out D`, then
D/articles); WORK a scratch directory (both indexes and Spark's event log go there). Memory is
sampled every 0.2 s from /proc: the peak resident size of the whole process tree (the JVM,
its Python workers and the newsindex processes they run), and the peak of each kind of process
(the JVM, a Python worker, each `newsindex batch` step), both as resident size and as its
anonymous part (`RssAnon`: the heap; the rest is mapped files, such as the index segments a
merge reads, which the kernel can drop and reread). With `--master local-cluster[N,1,MIB]`
the executors are JVMs of their own, and the peak of each one's tree (JVM, Python workers,
`newsindex` processes) is reported apart from the driver's. Shuffle bytes are summed from Spark's event log (tasks' shuffle writes).
Prints one JSON object.
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the checkout

import compare_indexes  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")


def anon_bytes(pid):
    """Anonymous resident bytes of a process (`RssAnon` of /proc/PID/status), 0 if gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


EXECUTOR_CLASS = "CoarseGrainedExecutorBackend"  # the main class of an executor's JVM


def tree_rss(root):
    """Resident bytes of `root` and its descendants, (name, resident, anonymous) of each, and
    (resident, anonymous) of each executor JVM's own tree (with `--master local-cluster[…]`
    or a cluster: its Python workers and their `newsindex` processes included)."""
    children = {}
    executors = []
    names = {}
    rss = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2 :].split()
            ppid = int(fields[1])
            resident = int(fields[21]) * PAGE
        except (OSError, ValueError, IndexError):
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = f.read().decode("utf-8", "replace").split("\0")
        except OSError:
            argv = []
        if any(arg.endswith(EXECUTOR_CLASS) for arg in argv):
            executors.append(int(pid))
        if argv and "newsindex" in os.path.basename(argv[0]) and "python" not in argv[0]:
            # `newsindex batch STEP`: peaks are kept per step.
            name = "newsindex " + (argv[2] if len(argv) > 2 and argv[1] == "batch" else argv[1] if len(argv) > 1 else "")
        children.setdefault(ppid, []).append(int(pid))
        names[int(pid)] = name
        rss[int(pid)] = resident
    total, by_process, anon = 0, [], {}
    stack = [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        anon[pid] = anon_bytes(pid)
        by_process.append((names.get(pid, ""), rss.get(pid, 0), anon[pid]))
        stack.extend(children.get(pid, []))
    per_executor = []
    for executor in executors:
        resident = heap = 0
        stack = [executor]
        while stack:
            pid = stack.pop()
            resident += rss.get(pid, 0)
            heap += anon.get(pid, 0)
            stack.extend(children.get(pid, []))
        per_executor.append((resident, heap))
    return total, by_process, per_executor


def measure(cmd, env=None):
    """Runs `cmd`; returns (seconds, exit code, peak tree bytes, peak per-name bytes, stdout)."""
    started = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    peaks = {"tree": 0, "executor": 0, "executor anon": 0}
    done = threading.Event()

    def sample():
        while not done.is_set():
            total, processes, executors = tree_rss(proc.pid)
            peaks["tree"] = max(peaks["tree"], total)
            for resident, heap in executors:
                peaks["executor"] = max(peaks["executor"], resident)
                peaks["executor anon"] = max(peaks["executor anon"], heap)
            for name, resident, anon in processes:
                peaks[name] = max(peaks.get(name, 0), resident)
                peaks["anon " + name] = max(peaks.get("anon " + name, 0), anon)
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read().decode("utf-8", "replace")
    code = proc.wait()
    done.set()
    sampler.join()
    return time.time() - started, code, peaks, out


def shuffle_bytes(event_dir):
    """Shuffle bytes written and read by all tasks, from Spark's event log."""
    written = read = 0
    # Spark 4 writes a directory of event files per application (event log v2).
    for path in glob.glob(os.path.join(event_dir, "**", "*"), recursive=True):
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                if '"SparkListenerTaskEnd"' not in line:
                    continue
                metrics = json.loads(line).get("Task Metrics") or {}
                w = metrics.get("Shuffle Write Metrics") or {}
                r = metrics.get("Shuffle Read Metrics") or {}
                written += w.get("Shuffle Bytes Written", 0)
                read += r.get("Remote Bytes Read", 0) + r.get("Local Bytes Read", 0)
    return written, read


def mib(n):
    return round(n / (1 << 20), 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("work")
    parser.add_argument("--newsindex", required=True)
    parser.add_argument("--partitions", type=int, default=2)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="1g")
    parser.add_argument("--skip-single", action="store_true", help="reuse WORK/single")
    parser.add_argument(
        "--linking", default="auto", choices=("auto", "one", "stages"), help="the job's --linking"
    )
    args = parser.parse_args()
    binary = os.path.abspath(args.newsindex)
    os.makedirs(args.work, exist_ok=True)
    single = os.path.join(args.work, "single")
    result = {
        "data": args.data,
        "master": args.master,
        "partitions": args.partitions,
        "linking": args.linking,
    }

    if not args.skip_single:
        shutil.rmtree(single, ignore_errors=True)
        secs, code, peaks, out = measure(
            [binary, "index", "--full", "--threads", "2", "-q", "--index", single, args.data]
        )
        result["single"] = {
            "secs": round(secs, 1),
            "exit": code,
            "peak_mib": mib(peaks["tree"]),
            "peak_anon_mib": mib(max((v for k, v in peaks.items() if k.startswith("anon ")), default=0)),
        }

    events = os.path.join(args.work, "events")
    shutil.rmtree(events, ignore_errors=True)
    os.makedirs(events)
    output = os.path.join(args.work, "spark", "index")
    shutil.rmtree(os.path.dirname(output), ignore_errors=True)
    submit = shutil.which("spark-submit") or os.path.join(
        os.path.dirname(sys.executable), "spark-submit"
    )
    secs, code, peaks, out = measure(
        [
            submit,
            "--master",
            args.master,
            "--driver-memory",
            args.driver_memory,
            "--conf",
            "spark.eventLog.enabled=true",
            "--conf",
            "spark.eventLog.compress=false",
            "--conf",
            f"spark.eventLog.dir=file://{os.path.abspath(events)}",
            os.path.join(HERE, "newsindex_job.py"),
            args.data,
            output,
            "--newsindex",
            binary,
            "--partitions",
            str(args.partitions),
        ]
        + ["--linking", args.linking]
    )
    with open(os.path.join(args.work, "spark.log"), "w", encoding="utf-8") as log:
        log.write(out)  # the whole output, for a failed run's reason
    written, read = shuffle_bytes(events)
    summary = [l for l in out.splitlines() if l.startswith('{"index"')]
    result["spark"] = {
        "secs": round(secs, 1),
        "exit": code,
        "peak_tree_mib": mib(peaks["tree"]),
        # Executors apart from the driver (local-cluster or a cluster; 0 with local[N],
        # where the driver's JVM runs the tasks): each one's JVM, Python workers and
        # `newsindex` processes, resident and anonymous.
        "peak_executor_mib": mib(peaks["executor"]),
        "peak_executor_anon_mib": mib(peaks["executor anon"]),
        "peak_jvm_mib": mib(peaks.get("java", 0)),
        "peak_python_worker_mib": mib(max((v for k, v in peaks.items() if k.startswith("python")), default=0)),
        "peak_newsindex_mib": {
            k[len("newsindex ") :]: mib(v) for k, v in peaks.items() if k.startswith("newsindex ")
        },
        # The same peaks without mapped files (index segments, the binary): heap only.
        "peak_anon_mib": {
            k[len("anon ") :]: mib(v)
            for k, v in peaks.items()
            if k.startswith("anon ") and (k.startswith("anon newsindex") or k in ("anon java",) or k.startswith("anon python"))
        },
        "shuffle_written_mib": mib(written),
        "shuffle_read_mib": mib(read),
        "summary": json.loads(summary[-1]) if summary else out[-2000:],
    }
    if os.path.isdir(single) and code in (0, 1):
        found = compare_indexes.differences(
            binary, single, output, os.path.join(os.path.dirname(HERE), "benches", "queries.tsv")
        )
        result["identical"] = not found
        result["differences"] = found[:10]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
