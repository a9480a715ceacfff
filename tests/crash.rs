//! Crash safety of `newsindex index`: a full rebuild killed with SIGKILL at many random
//! moments leaves the previously published index answering exactly as before (or, when the
//! kill came after the commit, exactly as the new version: never a mix), a rerun completes
//! with the right counts, and a build that runs out of disk space fails with a clear error
//! and leaves the old index intact.
//!
//! `NEWSINDEX_CRASH_SEED` fixes the random kill moments (the seed is printed);
//! `NEWSINDEX_CRASH_KILLS` sets how many (default 20) and `NEWSINDEX_CRASH_COPIES` how many
//! copies of the 45 development articles are indexed (default 20: 900 articles, so that a
//! debug build on two cores stays within CI's time); `scripts/crash-soak.sh` runs 200 kills
//! on 2,700 articles.

mod common;

use common::{json, repo};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Queries whose answers are compared before and after each kill.
const QUERIES: [&str; 4] = ["Tamarin", "nghị quyết 57", "Tô Lâm innovation", "xqrebuilt"];
/// Characters kept of each article: enough text for language detection and anchors, short
/// enough that a debug build indexes a few thousand articles in seconds.
const TEXT_CHARS: usize = 300;

/// The two tests share two cores; run one at a time so a build's measured duration is the
/// duration of the builds that are killed.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// splitmix64: a small, good generator, so the kill moments follow from the printed seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (bound > 0).
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Writes `copies` × 45 dev articles with distinct ids; `marker` is appended to every text
/// (the two versions of the corpus the kills alternate between).
fn write_corpus(path: &Path, copies: usize, marker: &str) -> u64 {
    let dev = std::fs::read_to_string(repo("corpus/dev/articles.jsonl")).unwrap();
    let mut out = String::new();
    let mut count = 0;
    for copy in 0..copies {
        for line in dev.lines() {
            let mut value: Value = serde_json::from_str(line).unwrap();
            value["id"] = format!("{}-c{copy}", value["id"].as_str().unwrap()).into();
            let text = value["text"].as_str().unwrap_or_default();
            let mut short: String = text.chars().take(TEXT_CHARS).collect();
            if let Some(cut) = short.rfind(char::is_whitespace) {
                short.truncate(cut);
            }
            value["text"] = format!("{short} {marker}").trim_end().to_string().into();
            out.push_str(&value.to_string());
            out.push('\n');
            count += 1;
        }
    }
    std::fs::write(path, out).unwrap();
    count
}

/// What a search answers, in a form that does not depend on how documents are spread over
/// segments: counts and facets, and each hit as its score and its article without the copy
/// suffix (the copies of one article tie, and any of them may fill the page).
fn answer(index: &Path, query: &str) -> Value {
    let response = common::search(index, query, &["--limit", "20"]);
    let mut hits: Vec<(i64, String)> = response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|hit| hit["matched"] != false)
        .map(|hit| {
            let score = (hit["score"].as_f64().unwrap() * 1e3).round() as i64;
            let id = hit["id"].as_str().unwrap();
            let article = id.rsplit_once("-c").map_or(id, |(article, _)| article);
            (score, article.to_string())
        })
        .collect();
    hits.sort();
    serde_json::json!({
        "total": response["total"],
        "total_stories": response["total_stories"],
        "facets": response["facets"],
        "hits": hits,
    })
}

/// A short account of how two snapshots differ, for failure messages.
fn difference(seen: &Value, want: &Value) -> String {
    let mut out = format!("articles {} vs {}", seen["articles"], want["articles"]);
    for query in QUERIES {
        let (s, w) = (&seen["answers"][query], &want["answers"][query]);
        if s != w {
            out.push_str(&format!(
                "; {query:?}: total {} vs {}, stories {} vs {}, hits equal: {}, facets equal: {}",
                s["total"],
                w["total"],
                s["total_stories"],
                w["total_stories"],
                s["hits"] == w["hits"],
                s["facets"] == w["facets"]
            ));
        }
    }
    out
}

fn assert_same(seen: &Value, want: &Value, what: &str) {
    assert!(seen == want, "{what}: {}", difference(seen, want));
}

/// The index as seen by a reader: article count and the answers to the fixed queries.
fn snapshot(index: &Path) -> Value {
    let stats = json(&[
        "stats",
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let answers: BTreeMap<&str, Value> = QUERIES.iter().map(|q| (*q, answer(index, q))).collect();
    serde_json::json!({"articles": stats["articles"], "answers": answers})
}

fn index_cmd(input: &Path, index: &Path, full: bool) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsindex"));
    command.args([
        "index",
        input.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
        "--quiet",
    ]);
    if full {
        command.arg("--full");
    }
    command.env("NO_COLOR", "1");
    command
}

/// Runs a build to completion and returns its summary.
fn build(input: &Path, index: &Path, full: bool) -> Value {
    let output = index_cmd(input, index, full).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn sigkill_at_random_moments_never_damages_the_published_index() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let copies = env_u64("NEWSINDEX_CRASH_COPIES").unwrap_or(20) as usize;
    let inputs = [tmp.path().join("a.jsonl"), tmp.path().join("b.jsonl")];
    let articles = write_corpus(&inputs[0], copies, "");
    write_corpus(&inputs[1], copies, "xqrebuilt");
    let index = tmp.path().join("index");

    let first = build(&inputs[0], &index, false);
    assert_eq!(first["added"], articles, "{first}");
    let a = snapshot(&index);
    assert_eq!(a["articles"], articles);
    assert_eq!(a["answers"]["xqrebuilt"]["total"], 0);

    // The two states, each reached by a complete full rebuild; their duration spreads the
    // kill moments over a whole run.
    let timer = Instant::now();
    build(&inputs[1], &index, true);
    let to_b = timer.elapsed();
    let b = snapshot(&index);
    assert_eq!(b["answers"]["xqrebuilt"]["total"], articles);
    let timer = Instant::now();
    build(&inputs[0], &index, true);
    let to_a = timer.elapsed();
    assert_eq!(
        snapshot(&index),
        a,
        "a full rebuild of the same input answers the same"
    );
    let span = to_a.max(to_b).mul_f64(1.1);

    let seed = env_u64("NEWSINDEX_CRASH_SEED").unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    let kills = env_u64("NEWSINDEX_CRASH_KILLS").unwrap_or(20);
    eprintln!(
        "crash test: {articles} articles, full rebuild {:.1} s / {:.1} s, {kills} kills over {:.1} s, NEWSINDEX_CRASH_SEED={seed}",
        to_b.as_secs_f64(),
        to_a.as_secs_f64(),
        span.as_secs_f64()
    );
    let mut rng = Rng(seed);
    let states = [&a, &b];
    let mut current = 0usize;
    let mut survived = 0u64;
    let mut published = 0u64;
    for kill in 0..kills {
        let target = 1 - current;
        let delay = Duration::from_millis(rng.below(span.as_millis().max(1) as u64));
        let mut child = index_cmd(&inputs[target], &index, true)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let finished_first = child.try_wait().unwrap().is_some();
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let seen = snapshot(&index);
        if seen == *states[current] {
            survived += 1;
        } else if seen == *states[target] {
            // Killed after the commit (or it had finished): the new version, whole.
            published += 1;
            current = target;
        } else {
            panic!(
                "kill {kill} at {delay:?} (seed {seed}, finished: {finished_first}) left an index that is neither version: {}",
                difference(&seen, states[current])
            );
        }
    }
    eprintln!(
        "crash test: {kills} kills, {survived} left the previous version, {published} after the commit published the new one whole"
    );

    // A rerun completes with the right counts, and an incremental run after it changes nothing.
    let rerun = build(&inputs[0], &index, true);
    assert_eq!(rerun["articles"], articles, "{rerun}");
    let (unchanged, updated) = if current == 0 {
        (articles, 0)
    } else {
        (0, articles)
    };
    assert_eq!(
        (rerun["unchanged"].as_u64(), rerun["updated"].as_u64()),
        (Some(unchanged), Some(updated)),
        "{rerun}"
    );
    let again = build(&inputs[0], &index, false);
    assert_eq!(again["unchanged"], articles, "{again}");
    assert_same(&snapshot(&index), &a, "after the rerun");
}

/// A mount of a small tmpfs, unmounted on drop.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    /// Mounts a tmpfs of `bytes` at `at`, or `None` where mounting is not allowed.
    fn mount(at: &Path, bytes: u64) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).ok()?;
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn copy_dir(from: &Path, to: &Path) -> u64 {
    std::fs::create_dir_all(to).unwrap();
    let mut bytes = 0;
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            bytes += std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    bytes
}

/// Checks a failed out-of-space build: fatal exit status, a message naming the problem, and
/// the previous index still answering as before.
fn check_failed_build(output: &std::process::Output, index: &Path, before: &Value, what: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{what}: {stderr}");
    let lower = stderr.to_lowercase();
    assert!(
        lower.starts_with("newsindex: error:")
            && (lower.contains("file too large") || lower.contains("no space left")),
        "{what}: unclear error: {stderr}"
    );
    assert!(
        !lower.contains("panicked") && !lower.contains("writer was killed"),
        "{what}: not the cause: {stderr}"
    );
    assert_eq!(
        lower.matches("os error").count(),
        1,
        "{what}: the cause once: {stderr}"
    );
    eprintln!("{what}: {}", stderr.trim());
    assert_same(&snapshot(index), before, what);
}

#[cfg(unix)]
#[test]
fn a_full_disk_fails_clearly_and_keeps_the_old_index() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let inputs = [tmp.path().join("a.jsonl"), tmp.path().join("b.jsonl")];
    let articles = write_corpus(&inputs[0], 6, "");
    write_corpus(&inputs[1], 6, "xqrebuilt");
    let index = tmp.path().join("index");
    build(&inputs[0], &index, false);
    let before = snapshot(&index);
    assert_eq!(before["articles"], articles);

    // Files may not grow past a limit (RLIMIT_FSIZE): writes fail with EFBIG. SIGXFSZ is
    // ignored by the shell so that it stays ignored across exec and the write fails instead
    // of killing the process. The build's spill file (every article read) is its largest
    // file, so this is where it fails; the tmpfs below fills up inside tantivy's writes.
    let has_prlimit = Command::new("prlimit")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if has_prlimit {
        for limit in [16u64 << 10, 128 << 10] {
            let script = format!(
                "trap '' XFSZ; exec prlimit --fsize={limit} -- \"$0\" index \"$1\" --index \"$2\" --full --quiet"
            );
            let output = Command::new("sh")
                .args(["-c", &script, env!("CARGO_BIN_EXE_newsindex")])
                .arg(&inputs[1])
                .arg(&index)
                .output()
                .unwrap();
            check_failed_build(
                &output,
                &index,
                &before,
                &format!("file size limit {} KiB", limit >> 10),
            );
        }
    } else {
        eprintln!("prlimit not found: skipping the file-size-limit variant");
    }

    // A real full disk, where root may mount a tmpfs: first one where even the spill file
    // does not fit, then one where it does but the new index segments do not.
    let size = copy_dir(&index, &tmp.path().join("probe"));
    let input_size = std::fs::metadata(&inputs[1]).unwrap().len();
    for (what, free) in [
        ("tmpfs full while spilling", (size / 4).max(64 << 10)),
        ("tmpfs full while writing the index", 2 * input_size),
    ] {
        let mount = tmp.path().join("small-disk");
        let Some(_disk) = Tmpfs::mount(&mount, size + free) else {
            eprintln!("cannot mount a tmpfs here: only the file-size-limit variant ran");
            break;
        };
        let small = mount.join("index");
        copy_dir(&index, &small);
        assert_same(&snapshot(&small), &before, "copied to the tmpfs");
        let output = index_cmd(&inputs[1], &small, true).output().unwrap();
        check_failed_build(&output, &small, &before, what);
        // The same disk still takes a run that needs no new space.
        let again = build(&inputs[0], &small, false);
        assert_eq!(again["unchanged"], articles, "{what}: {again}");
        assert_same(&snapshot(&small), &before, what);
    }
}
