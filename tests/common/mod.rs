//! Helpers for end-to-end tests that run the real `newsindex` binary.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The repository root (where `corpus/` lives).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path inside the repository.
pub fn repo(relative: &str) -> PathBuf {
    root().join(relative)
}

/// Runs `newsindex ARGS` in `cwd` and returns its output.
pub fn run_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsindex"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run newsindex")
}

/// Runs `newsindex ARGS` from the repository root.
pub fn run(args: &[&str]) -> Output {
    run_in(&root(), args)
}

/// Runs a command that must succeed with exit code 0 and prints JSON on stdout.
pub fn json(args: &[&str]) -> Value {
    let output = run(args);
    assert!(
        output.status.success(),
        "newsindex {args:?} failed: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "newsindex {args:?}: not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// `normalize --format json PATH`: the records, standard error and exit code (which may
/// be non-zero: rejections are what some tests look at).
pub fn normalize(path: &Path) -> (Vec<Value>, String, Option<i32>) {
    let output = run(&["normalize", "--format", "json", path.to_str().unwrap()]);
    let records = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    (
        records,
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

/// `index INPUT --index INDEX --format json --quiet`, which must succeed: the summary.
/// `input` is relative to the repository root or absolute.
pub fn index(input: &str, index: &Path) -> Value {
    json(&[
        "index",
        input,
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
        "--quiet",
    ])
}

/// Indexes the bundled corpus into `dir` and returns the JSON summary.
pub fn index_corpus(dir: &Path) -> Value {
    index("corpus", dir)
}

/// `search QUERY --index INDEX --format json EXTRA...`, which must succeed: the response.
pub fn search(index: &Path, query: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "search",
        query,
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    json(&args)
}

/// Reads one of the dev corpus label files as JSON lines.
pub fn dev_labels(file: &str) -> Vec<Value> {
    std::fs::read_to_string(repo(&format!("corpus/dev/{file}")))
        .expect("dev labels")
        .lines()
        .map(|l| serde_json::from_str(l).expect("label line"))
        .collect()
}

/// One index of the bundled corpus, built once per test binary and shared by its tests.
pub fn shared_corpus_index() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("index");
        index_corpus(&dir);
        (tmp, dir)
    })
    .1
}
