//! `newsindex compare` end to end: the French and English samples align paragraph by
//! paragraph, and an edited copy of the English one (a paragraph removed, a number changed)
//! is reported exactly, from the index and from plain files.

mod common;

use common::{json, repo, run};
use serde_json::Value;
use std::path::{Path, PathBuf};

const FR: &str = "000_2e05d317a735df1b";
const EN: &str = "001_f2efc2ae6c65198f";
const EDITED: &str = "900_edited";

/// The paragraph the edited copy leaves out, and the figure it changes.
const REMOVED_START: &str = "Regarding the tasks that need to be done immediately";
const CHANGED_START: &str = "The construction of the list must be based";
const OLD_FIGURE: &str = "2030";
const NEW_FIGURE: &str = "2035";

fn seed(id: &str) -> PathBuf {
    repo(&format!("corpus/seeds/{id}.txt"))
}

/// Writes the two samples and the edited copy of the English one into `dir`.
fn write_inputs(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for id in [FR, EN] {
        std::fs::copy(seed(id), corpus.join(format!("{id}.txt"))).unwrap();
    }
    let english = std::fs::read_to_string(seed(EN)).unwrap();
    assert_eq!(english.matches(REMOVED_START).count(), 1);
    let edited: Vec<String> = english
        .lines()
        .filter(|line| !line.starts_with(REMOVED_START))
        .map(|line| {
            if line.starts_with(CHANGED_START) {
                assert_eq!(line.matches(OLD_FIGURE).count(), 1, "{line}");
                line.replace(OLD_FIGURE, NEW_FIGURE)
            } else {
                line.to_string()
            }
        })
        .collect();
    std::fs::write(corpus.join(format!("{EDITED}.txt")), edited.join("\n")).unwrap();
    corpus
}

fn indexed() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = write_inputs(dir.path());
    let index = dir.path().join("index").to_str().unwrap().to_string();
    common::index(corpus.to_str().unwrap(), Path::new(&index));
    (dir, index)
}

fn cells(row: &Value, k: usize) -> Vec<u64> {
    row["cells"][k]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_u64().unwrap())
        .collect()
}

fn paragraph(comparison: &Value, k: usize, p: u64) -> &str {
    comparison["versions"][k]["paragraphs"][p as usize]
        .as_str()
        .unwrap()
}

/// The edited copy against its original: one dropped row holding the removed paragraph, one
/// row with one difference (the changed figure), every other row in both and identical.
fn assert_reported_exactly(comparison: &Value) {
    let rows = comparison["rows"].as_array().unwrap();
    let dropped: Vec<&Value> = rows.iter().filter(|r| r["status"] != "all").collect();
    assert_eq!(dropped.len(), 1, "{comparison:#}");
    assert_eq!(dropped[0]["status"], "dropped");
    assert!(cells(dropped[0], 1).is_empty());
    let removed = cells(dropped[0], 0);
    assert_eq!(removed.len(), 1);
    assert!(paragraph(comparison, 0, removed[0]).starts_with(REMOVED_START));
    let changed: Vec<&Value> = rows
        .iter()
        .filter(|r| !r["differences"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(changed.len(), 1, "{comparison:#}");
    assert!(paragraph(comparison, 0, cells(changed[0], 0)[0]).starts_with(CHANGED_START));
    assert_eq!(
        changed[0]["differences"],
        serde_json::json!([{"kind": "num", "values": [OLD_FIGURE, NEW_FIGURE]}])
    );
    for row in rows.iter().filter(|r| r["status"] == "all") {
        assert_eq!(cells(row, 0).len(), 1, "{row}");
        assert_eq!(cells(row, 1).len(), 1, "{row}");
    }
}

#[test]
fn the_french_and_english_samples_align_paragraph_by_paragraph() {
    let (_dir, index) = indexed();
    let comparison = json(&["compare", FR, "--index", &index, "--format", "json"]);
    let versions = comparison["versions"].as_array().unwrap();
    assert_eq!(versions[0]["id"], FR);
    let en = versions
        .iter()
        .position(|v| v["id"] == EN)
        .expect("the English sample is a version");
    assert_eq!(versions[en]["relation"], "translation");
    let french_paragraphs = versions[0]["paragraphs"].as_array().unwrap().len();
    assert!(french_paragraphs > 10, "{comparison:#}");
    // Every French paragraph has exactly one English paragraph, in order, and the two never
    // disagree on a fact.
    let mut last_english = None;
    let mut aligned = 0;
    for row in comparison["rows"].as_array().unwrap() {
        let french = cells(row, 0);
        if french.is_empty() {
            continue;
        }
        let english = cells(row, en);
        assert_eq!((french.len(), english.len()), (1, 1), "{row}");
        assert!(last_english < Some(english[0]), "{row}");
        last_english = Some(english[0]);
        aligned += 1;
        for diff in row["differences"].as_array().unwrap() {
            assert_eq!(
                diff["values"][0].is_null(),
                diff["values"][en].is_null(),
                "{row}"
            );
        }
    }
    assert_eq!(aligned, french_paragraphs);
}

#[test]
fn an_edited_copy_is_reported_exactly_from_the_index() {
    let (_dir, index) = indexed();
    let comparison = json(&["compare", EN, EDITED, "--index", &index, "--format", "json"]);
    assert_eq!(comparison["versions"][1]["id"], EDITED);
    assert_reported_exactly(&comparison);
    // The text view labels the same findings.
    let output = run(&["compare", EN, EDITED, "--index", &index]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("DROPPED in [2]"), "{text}");
    assert!(
        text.contains(&format!(
            "! num differs: [1] {OLD_FIGURE}, [2] {NEW_FIGURE}"
        )),
        "{text}"
    );
}

#[test]
fn an_edited_copy_is_reported_exactly_from_plain_files() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = write_inputs(dir.path());
    let original = corpus.join(format!("{EN}.txt"));
    let edited = corpus.join(format!("{EDITED}.txt"));
    let comparison = json(&[
        "compare",
        "--files",
        original.to_str().unwrap(),
        edited.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(comparison["versions"][0]["lang"], "en");
    assert_reported_exactly(&comparison);
}

#[test]
fn an_unknown_id_is_an_error_not_a_crash() {
    let (_dir, index) = indexed();
    let output = run(&["compare", "no-such-article", "--index", &index]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-article"));
    let output = run(&["compare", "--files", "/nonexistent/page.txt"]);
    assert_eq!(output.status.code(), Some(2));
}
