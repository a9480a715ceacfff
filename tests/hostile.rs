//! The hostile-input corpus: `newsindex index` over a directory of broken, mis-encoded,
//! binary, gigantic and adversarial inputs. The batch always finishes, every case has its
//! expected outcome (indexed with specific cleaned content, or rejected with a named
//! reason), the summary counts match the table, and the index holds exactly the accepted
//! articles.
//!
//! Small cases are committed under `tests/data/hostile/` (written by
//! `scripts/gen-hostile-data.py`); the large ones (a 200 MB JSONL line, gzip bombs, JSON and
//! HTML nested 100k deep, a 1 MB URL, a 100k-character word, a 100k-character id) and the
//! file-system cases (a dangling link, an unreadable file) are generated here.

mod common;

use common::repo;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A hang detector for one `index` run (a debug build on two cores takes well under a
/// minute), not a performance bound.
const HANG: Duration = Duration::from_secs(600);

/// What one input must become.
enum Want {
    /// Indexed under `id`, with this title (when given), containing and lacking these
    /// strings in its text, and with a warning containing `warning` (when given).
    Indexed {
        id: &'static str,
        title: Option<&'static str>,
        has: &'static [&'static str],
        lacks: &'static [&'static str],
        warning: Option<&'static str>,
    },
    /// Indexed under a content-hash id, found by a word only it contains.
    IndexedByMarker(&'static str),
    /// Rejected with a reason starting with this.
    Rejected(&'static str),
}

/// One input (a file, `file:LINE` or `file:[ITEM]`) and its expected outcome.
struct Case {
    origin: String,
    want: Want,
}

fn ok(id: &'static str, has: &'static [&'static str]) -> Want {
    Want::Indexed {
        id,
        title: None,
        has,
        lacks: &[],
        warning: None,
    }
}

fn rejected(reason: &'static str) -> Want {
    Want::Rejected(reason)
}

/// The committed cases and their expected outcomes.
fn committed_cases() -> Vec<(&'static str, Want)> {
    vec![
        // Encodings.
        (
            "enc-utf8-bom.txt",
            Want::Indexed {
                id: "enc-utf8-bom",
                title: Some("Rapport annuel sur la recherche"),
                has: &["xqbom", "Le gouvernement a présenté"],
                lacks: &["\u{feff}"],
                warning: None,
            },
        ),
        (
            "enc-utf8-invalid.txt",
            Want::Indexed {
                id: "enc-utf8-invalid",
                title: Some("Kế hoạch quốc gia về khoa học"),
                has: &["nghiên cứu khoa học", "xq\u{fffd}badutf", "thứ Tư"],
                lacks: &["Ã", "á»"],
                warning: Some("1 corrupt byte(s) replaced by U+FFFD"),
            },
        ),
        (
            "enc-utf16le-bom.txt",
            Want::Indexed {
                id: "enc-utf16le-bom",
                title: Some("National research plan"),
                has: &["scientific research", "xqutf16"],
                lacks: &["\u{0}"],
                warning: None,
            },
        ),
        (
            "enc-utf16be-bom.txt",
            Want::Indexed {
                id: "enc-utf16be-bom",
                title: Some("National research plan"),
                has: &["xqutf16be"],
                lacks: &[],
                warning: None,
            },
        ),
        (
            "enc-utf16le-nobom.txt",
            Want::Indexed {
                id: "enc-utf16le-nobom",
                title: Some("Kế hoạch nghiên cứu quốc gia"),
                has: &["đổi mới sáng tạo", "xqnobomle"],
                lacks: &[],
                warning: Some("UTF-16LE text without a byte-order mark"),
            },
        ),
        (
            "enc-utf16be-nobom.txt",
            Want::Indexed {
                id: "enc-utf16be-nobom",
                title: Some("Kế hoạch nghiên cứu quốc gia"),
                has: &["đổi mới sáng tạo", "xqnobombe"],
                lacks: &[],
                warning: Some("UTF-16BE text without a byte-order mark"),
            },
        ),
        (
            "enc-windows1252.txt",
            Want::Indexed {
                id: "enc-windows1252",
                title: Some("Un plan pour la recherche"),
                // Typographic quotes are stored as the page wrote them.
                has: &["“cœur”", "d’euros (€)", "présenté", "xqcp1252"],
                lacks: &["Ã"],
                warning: Some("decoded as Windows-1252"),
            },
        ),
        (
            "enc-windows1258.txt",
            Want::Indexed {
                id: "enc-windows1258",
                title: Some("Kế hoạch quốc gia về khoa học"),
                has: &["Chính phủ đã trình bày", "đổi mới sáng tạo", "xqcp1258"],
                lacks: &["\u{301}", "ð"],
                warning: Some("decoded as Windows-1258"),
            },
        ),
        (
            "enc-vni.txt",
            Want::Indexed {
                id: "enc-vni",
                title: Some("Kế hoạch quốc gia"),
                has: &["Chính phủ đã thông qua nghị quyết", "xqvni"],
                lacks: &["ñ", "ø"],
                warning: Some("legacy Vietnamese encoding VNI converted to Unicode"),
            },
        ),
        (
            "enc-tcvn3.txt",
            Want::Indexed {
                id: "enc-tcvn3",
                title: Some("Kế hoạch quốc gia"),
                has: &["Chính phủ đã thông qua nghị quyết", "xqtcvn"],
                lacks: &["®", "µ"],
                warning: Some("legacy Vietnamese encoding TCVN3 converted to Unicode"),
            },
        ),
        (
            "enc-utf16-bom.jsonl",
            rejected("UTF-16 JSONL is not supported (convert it to UTF-8)"),
        ),
        ("enc-bom.jsonl:1", ok("bom-line", &["xqbomline"])),
        // Empty, blank and binary files.
        ("empty.txt", rejected("empty article text")),
        ("whitespace.txt", rejected("empty article text")),
        ("punctuation-only.txt", rejected("empty article text")),
        ("png-renamed.txt", rejected("binary data (PNG image)")),
        (
            "gzip-renamed.txt",
            rejected("binary data (gzip data without a .gz extension)"),
        ),
        ("pdf-renamed.html", rejected("binary data (PDF document)")),
        // A page with two stray NUL bytes is text: the NULs are dropped, with a warning.
        (
            "nul-bytes.txt",
            Want::Indexed {
                id: "nul-bytes",
                title: Some("Un titre"),
                has: &["selon le ministère. xqnulpage"],
                lacks: &["\u{0}"],
                warning: Some("2 NUL bytes removed"),
            },
        ),
        (
            "nul-escaped.jsonl:1",
            Want::Indexed {
                id: "nul-esc",
                title: None,
                has: &["pour la recherche scientifique", "xqnulesc"],
                lacks: &["\u{0}"],
                warning: None,
            },
        ),
        // A raw NUL byte inside a JSON line is dropped like a stray NUL in a page.
        (
            "nul-escaped.jsonl:2",
            Want::Indexed {
                id: "nul-raw",
                title: None,
                has: &["pour la recherche scientifique"],
                lacks: &["\u{0}"],
                warning: Some("1 NUL byte removed"),
            },
        ),
        ("nul-escaped.jsonl:3", ok("nul-after", &["xqnulafter"])),
        ("not-gzip.jsonl.gz", rejected("bad gzip data: invalid gzip header")),
        ("truncated.jsonl.gz:1", ok("trgz-1", &["xqtrgzone"])),
        ("truncated.jsonl.gz:2", ok("trgz-2", &["w"])),
        ("truncated.jsonl.gz:3", ok("trgz-3", &["w"])),
        ("truncated.jsonl.gz:4", rejected("bad gzip data:")),
        ("html-empty-body.html", rejected("empty article text")),
        // Unicode.
        (
            "bidi-zero-width.txt",
            Want::Indexed {
                id: "bidi-zero-width",
                title: Some("Plan for research funding"),
                has: &[
                    "research and innovation on Tuesday",
                    "Universities will receive new funding",
                    // The soft hyphen is kept: it is text, invisible to the index.
                    "and researchers in strategic fields, the min\u{ad}istry said. xqbidi",
                ],
                lacks: &[
                    "\u{202e}", "\u{202c}", "\u{200b}", "\u{200d}", "\u{2066}", "\u{2069}",
                    "\u{feff}", "\u{61c}", "\u{200e}", "\u{200f}",
                ],
                warning: None,
            },
        ),
        (
            "combining-500.txt",
            Want::Indexed {
                id: "combining-500",
                title: Some("Zalgo in the headline"),
                // NFC composes the first acute with its letter; the other 499 marks stay.
                has: &["Z\u{e9}\u{301}\u{301}", "\u{301}d xqzalgo"],
                lacks: &[],
                warning: None,
            },
        ),
        (
            "control-chars.txt",
            Want::Indexed {
                id: "control-chars",
                title: Some("Control characters"),
                has: &["xqctrl"],
                lacks: &["\u{7}", "\u{1b}", "\u{7f}", "\u{8}"],
                warning: None,
            },
        ),
        (
            "crlf.txt",
            Want::Indexed {
                id: "crlf",
                title: Some("Research plan announced"),
                has: &["the ministry said.\n\nSecond paragraph xqcrlf."],
                lacks: &["\r"],
                warning: None,
            },
        ),
        (
            "cr.txt",
            Want::Indexed {
                id: "cr",
                title: Some("Research plan announced"),
                has: &["the ministry said.\n\nSecond paragraph xqcr."],
                lacks: &["\r"],
                warning: None,
            },
        ),
        ("crlf.jsonl:1", ok("crlf-1", &["scientific research"])),
        ("crlf.jsonl:2", ok("crlf-2", &["recherche scientifique"])),
        // A JSONL file with old-Mac line ends is one line holding two records.
        ("cr-only.jsonl:1", rejected("invalid JSON: trailing characters")),
        ("lone-surrogate.jsonl:1", rejected("invalid JSON:")),
        ("other-language.txt", ok("other-language", &["xqchinese"])),
        // JSON structure and field types.
        (
            "wrong-types.jsonl:1",
            Want::Indexed {
                id: "wt-title-num",
                title: Some("Le gouvernement a présenté mardi un plan national pour la recherche scientifique et l'innovation"),
                has: &["xqtitlenum"],
                lacks: &[],
                warning: Some("field \"title\" is a number, not a string; ignored"),
            },
        ),
        ("wrong-types.jsonl:2", rejected("no article text")),
        (
            "wrong-types.jsonl:3",
            rejected("field \"text\" is a number, not text"),
        ),
        ("wrong-types.jsonl:4", Want::IndexedByMarker("xqidobject")),
        (
            "wrong-types.jsonl:5",
            Want::Indexed {
                id: "wt-date-bool",
                title: None,
                has: &[],
                lacks: &[],
                warning: Some("field \"date\" is a boolean, not a date; ignored"),
            },
        ),
        (
            "wrong-types.jsonl:6",
            rejected("field \"text\" is an array, not text"),
        ),
        ("wrong-types.jsonl:7", rejected("not a JSON object but an array")),
        ("wrong-types.jsonl:8", rejected("not a JSON object but a string")),
        (
            "wrong-types.jsonl:9",
            Want::Indexed {
                id: "wt-date-huge",
                title: None,
                has: &[],
                lacks: &[],
                warning: Some("field \"date\" is not a readable timestamp"),
            },
        ),
        (
            "wrong-types.jsonl:10",
            Want::Indexed {
                id: "wt-date-negative",
                title: None,
                has: &[],
                lacks: &[],
                warning: Some("field \"date\" is not a readable timestamp"),
            },
        ),
        (
            "wrong-types.jsonl:11",
            Want::Indexed {
                id: "wt-date-bad",
                title: None,
                has: &[],
                lacks: &[],
                warning: Some("field \"date\" is not a readable date: \"2025-13-45\""),
            },
        ),
        (
            "wrong-types.jsonl:12",
            Want::Indexed {
                id: "wt-url-num",
                title: None,
                has: &[],
                lacks: &[],
                warning: Some("field \"url\" is a number"),
            },
        ),
        (
            "wrong-types.jsonl:13",
            Want::Indexed {
                id: "wt-lang-junk",
                title: None,
                has: &[],
                lacks: &[],
                warning: Some("declared language \"klingon-XX\" is not vi/fr/en"),
            },
        ),
        ("wrong-types.jsonl:14", rejected("no article text")),
        ("wrong-types.jsonl:15", rejected("not a JSON object but null")),
        (
            "wrong-types.jsonl:16",
            Want::Indexed {
                id: "wt-source-list",
                title: None,
                has: &["Chính phủ"],
                lacks: &[],
                warning: Some("field \"source\" is an array"),
            },
        ),
        (
            "number-overflow.json",
            rejected("invalid JSON: number out of range"),
        ),
        (
            "truncated.json",
            rejected("invalid JSON: EOF while parsing"),
        ),
        ("array-mixed.json:[0]", ok("am-1", &["recherche"])),
        (
            "array-mixed.json:[1]",
            rejected("not a JSON object but a number"),
        ),
        ("array-mixed.json:[2]", rejected("not a JSON object but null")),
        ("array-mixed.json:[3]", rejected("empty article text")),
        ("array-mixed.json:[4]", rejected("empty article text")),
        ("array-mixed.json:[5]", ok("am-6", &["xqarraysix"])),
        (
            "object.json",
            Want::Indexed {
                id: "obj-1",
                title: Some("Objet"),
                has: &["recherche"],
                lacks: &[],
                warning: None,
            },
        ),
        // Duplicate ids, within a file, across files and across formats: the first wins.
        (
            "dup-across-1.jsonl:1",
            Want::Indexed {
                id: "dup-x",
                title: None,
                has: &["xqacrossfirst"],
                lacks: &["xqacrosssecond"],
                warning: None,
            },
        ),
        (
            "dup-across-2.jsonl:1",
            rejected("duplicate id: dup-x (first seen at "),
        ),
        ("dup-across-2.jsonl:2", ok("dup-y", &["xqacrossy"])),
        (
            "dup-page.txt",
            Want::Indexed {
                id: "dup-page",
                title: Some("A page whose id is reused"),
                has: &["xqduppage"],
                lacks: &["xqduppagejson"],
                warning: None,
            },
        ),
        (
            "dup-within.jsonl:1",
            Want::Indexed {
                id: "dup-a",
                title: None,
                has: &["xqdupfirst"],
                lacks: &["xqdupsecond"],
                warning: None,
            },
        ),
        (
            "dup-within.jsonl:2",
            rejected("duplicate id: dup-a (first seen at "),
        ),
        ("dup-within.jsonl:3", ok("dup-b", &["Chính phủ"])),
        (
            "dup-within.jsonl:4",
            rejected("duplicate id: dup-page (first seen at "),
        ),
        // Odd ids and URLs.
        ("odd-ids.jsonl:1", ok("../../etc/passwd", &["xqtraversal"])),
        ("odd-ids.jsonl:2", ok("spaced id", &["recherche"])),
        ("odd-ids.jsonl:3", Want::IndexedByMarker("xqblankid")),
        ("odd-ids.jsonl:4", ok("12345", &["Chính phủ"])),
        (
            "odd-urls.jsonl:1",
            Want::Indexed {
                id: "url-js",
                title: None,
                has: &[],
                lacks: &[],
                warning: Some("url \"javascript:alert(1)\" is not a web address; ignored"),
            },
        ),
        (
            "odd-urls.jsonl:2",
            Want::Indexed {
                id: "url-broken",
                title: None,
                has: &[],
                lacks: &[],
                warning: Some("is not a web address"),
            },
        ),
        ("odd-urls.jsonl:3", ok("url-long-host", &["Chính phủ"])),
        (
            "html-broken.html",
            Want::Indexed {
                id: "html-broken",
                title: Some("Broken markup & entities"),
                has: &["xqhtml", "scientific research"],
                lacks: &["\u{0}", "<b>"],
                warning: None,
            },
        ),
        // A directory named like a file is walked; documentation, label files, unknown
        // extensions and hidden files are skipped without a rejection.
        ("dir.txt/inner.txt", ok("inner", &["xqinner"])),
    ]
}

/// Words that must not be found: they are only in rejected, skipped or losing inputs.
const ABSENT_MARKERS: [&str; 6] = [
    "xqdupsecond",
    "xqacrosssecond",
    "xqduppagejson",
    "xqhidden",
    "xqhugeline",
    "xqlongid",
];

/// Writes the large and file-system cases into `dir` and returns their expected outcomes.
fn generate(dir: &Path) -> Vec<(String, Want)> {
    const EN: &str = "The government presented a national plan for scientific research and innovation on Tuesday. Universities will receive new funding to train engineers.";
    let line = |id: &str, extra: &str| {
        format!(
            "{}\n",
            serde_json::json!({"id": id, "text": format!("{EN} {extra}")})
        )
    };
    let mut cases: Vec<(String, Want)> = Vec::new();

    // A 200 MB single-line record, streamed to disk, then a normal record.
    let mut out = BufWriter::new(fs::File::create(dir.join("gen-huge-line.jsonl")).unwrap());
    out.write_all(b"{\"id\": \"huge-line\", \"text\": \"xqhugeline ")
        .unwrap();
    let chunk = "word ".repeat(1 << 18);
    for _ in 0..(200 << 20) / chunk.len() {
        out.write_all(chunk.as_bytes()).unwrap();
    }
    out.write_all(b"\"}\n").unwrap();
    out.write_all(line("after-huge", "xqafterhuge").as_bytes())
        .unwrap();
    out.flush().unwrap();
    drop(out);
    cases.push((
        "gen-huge-line.jsonl:1".into(),
        rejected("line longer than 64 MiB; skipped"),
    ));
    cases.push((
        "gen-huge-line.jsonl:2".into(),
        ok("after-huge", &["xqafterhuge"]),
    ));

    // Gzip bombs: one good record, then 512 MiB of zeros in 1 MiB gzip members (~0.5 MB
    // on disk, ratio ~1000).
    let mut head = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    head.write_all(line("bomb-first", "xqbombfirst").as_bytes())
        .unwrap();
    let mut bomb = head.finish().unwrap();
    let mut member = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    member.write_all(&vec![0u8; 1 << 20]).unwrap();
    let member = member.finish().unwrap();
    for _ in 0..512 {
        bomb.extend_from_slice(&member);
    }
    fs::write(dir.join("gen-bomb.jsonl.gz"), &bomb).unwrap();
    fs::write(dir.join("gen-bomb.txt.gz"), &bomb).unwrap();
    cases.push((
        "gen-bomb.jsonl.gz:1".into(),
        ok("bomb-first", &["xqbombfirst"]),
    ));
    let bomb_reason = "bad gzip data: expands more than 250 times its compressed size";
    cases.push(("gen-bomb.jsonl.gz:2".into(), rejected(bomb_reason)));
    cases.push(("gen-bomb.txt.gz".into(), rejected(bomb_reason)));

    // JSON nested 100k deep, as a document and as a line followed by a good one.
    let deep = 100_000;
    fs::write(
        dir.join("gen-nested.json"),
        format!("{}{}", "[".repeat(deep), "]".repeat(deep)),
    )
    .unwrap();
    fs::write(
        dir.join("gen-nested.jsonl"),
        format!(
            "{}1{}\n{}",
            "{\"a\":".repeat(deep),
            "}".repeat(deep),
            line("after-nested", "xqafternested")
        ),
    )
    .unwrap();
    let recursion = "invalid JSON: recursion limit exceeded";
    cases.push(("gen-nested.json".into(), rejected(recursion)));
    cases.push(("gen-nested.jsonl:1".into(), rejected(recursion)));
    cases.push((
        "gen-nested.jsonl:2".into(),
        ok("after-nested", &["xqafternested"]),
    ));

    // HTML nested 100k deep.
    fs::write(
        dir.join("gen-html-nested.html"),
        format!(
            "<html><body>{}{EN}{}</body></html>",
            "<div>".repeat(deep),
            "</div>".repeat(deep)
        ),
    )
    .unwrap();
    cases.push((
        "gen-html-nested.html".into(),
        rejected("HTML nested too deeply (100000 elements, at most 1000)"),
    ));

    // A 1 MB URL: the article stays, the URL goes.
    let url = format!("https://example.vn/{}", "a".repeat(1 << 20));
    fs::write(
        dir.join("gen-long-url.jsonl"),
        format!(
            "{}\n",
            serde_json::json!({"id": "long-url", "url": url, "text": format!("{EN} xqlongurl")})
        ),
    )
    .unwrap();
    cases.push((
        "gen-long-url.jsonl:1".into(),
        Want::Indexed {
            id: "long-url",
            title: None,
            has: &["xqlongurl"],
            lacks: &[],
            warning: Some("is not a web address; ignored"),
        },
    ));

    // A 100k-character word inside a normal page.
    fs::write(
        dir.join("gen-long-word.txt"),
        format!(
            "A very long word\n\n{EN} {} xqlongword\n",
            "a".repeat(100_000)
        ),
    )
    .unwrap();
    cases.push((
        "gen-long-word.txt".into(),
        Want::Indexed {
            id: "gen-long-word",
            title: Some("A very long word"),
            has: &["aaaaaaaaaa xqlongword"],
            lacks: &[],
            warning: None,
        },
    ));

    // A 100k-character id is refused; a 1000-character one is fine.
    fs::write(
        dir.join("gen-long-id.jsonl"),
        format!(
            "{}{}",
            line(&"i".repeat(100_000), "xqlongid"),
            line(&"j".repeat(1000), "xqlongidok")
        ),
    )
    .unwrap();
    cases.push((
        "gen-long-id.jsonl:1".into(),
        rejected("id longer than 1024 bytes"),
    ));
    cases.push((
        "gen-long-id.jsonl:2".into(),
        Want::IndexedByMarker("xqlongidok"),
    ));

    // A file removed during the walk: a dangling link is listed, then cannot be opened.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("gen-removed.txt"), dir.join("gen-dangling.txt"))
            .unwrap();
        cases.push((
            "gen-dangling.txt".into(),
            rejected("cannot read: no such file or directory"),
        ));
    }

    // An unreadable file. Root reads it anyway: then it is an ordinary article.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join("gen-unreadable.txt");
        fs::write(&path, format!("Unreadable page\n\n{EN} xqunreadable\n")).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::File::open(&path).is_ok() {
            eprintln!("running as root: chmod 000 does not stop reading; the dangling link covers the unreadable case");
            cases.push((
                "gen-unreadable.txt".into(),
                ok("gen-unreadable", &["xqunreadable"]),
            ));
        } else {
            cases.push((
                "gen-unreadable.txt".into(),
                rejected("cannot read: permission denied"),
            ));
        }
    }
    cases
}

/// Copies a directory tree (files and directories only).
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Peak resident memory of a running process in KiB, from `/proc` (Linux only).
fn peak_kib(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Runs `newsindex ARGS`, failing on a hang; returns exit code, stdout, stderr and the
/// highest peak resident memory seen (KiB, 0 where `/proc` is missing).
fn run_watched(args: &[&str]) -> (Option<i32>, Vec<u8>, String, u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsindex"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run newsindex");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let err = std::thread::spawn(move || {
        let mut buf = String::new();
        let _ = stderr.read_to_string(&mut buf);
        buf
    });
    let started = Instant::now();
    let mut peak = 0;
    let status = loop {
        if let Some(kib) = peak_kib(child.id()) {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            panic!("newsindex {args:?} still running after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (
        status.code(),
        out.join().unwrap(),
        err.join().unwrap(),
        peak,
    )
}

fn show(index: &Path, id: &str) -> Option<Value> {
    let output = common::run(&[
        "show",
        id,
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
    ]);
    match output.status.code() {
        Some(0) => Some(serde_json::from_slice(&output.stdout).expect("show prints JSON")),
        Some(2) => None,
        other => panic!(
            "show {id}: exit {other:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

fn search_ids(index: &Path, query: &str) -> Vec<String> {
    let response = common::search(index, query, &["--limit", "50"]);
    response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|hit| hit["matched"] != false)
        .map(|hit| hit["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_hostile_corpus_is_indexed_or_rejected_case_by_case() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("hostile");
    copy_tree(&repo("tests/data/hostile"), &input);
    let generate_timer = Instant::now();
    let mut cases: Vec<Case> = committed_cases()
        .into_iter()
        .map(|(origin, want)| Case {
            origin: origin.to_string(),
            want,
        })
        .collect();
    cases.extend(
        generate(&input)
            .into_iter()
            .map(|(origin, want)| Case { origin, want }),
    );
    eprintln!(
        "{} cases ({:.1} s to generate the large ones)",
        cases.len(),
        generate_timer.elapsed().as_secs_f64()
    );
    let index = tmp.path().join("index");
    let prefix = format!("{}/", input.display());

    for run in ["first", "second"] {
        let started = Instant::now();
        let (code, stdout, stderr, peak) = run_watched(&[
            "index",
            input.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
            "--format",
            "json",
            "--quiet",
        ]);
        assert_eq!(
            code,
            Some(1),
            "exit status (some inputs rejected): {stderr}"
        );
        let summary: Value = serde_json::from_slice(&stdout).expect("summary is JSON");
        eprintln!(
            "{run} run: {:.1} s, peak memory {} MiB",
            started.elapsed().as_secs_f64(),
            peak >> 10
        );
        if peak > 0 {
            // Bounded: not the 200 MB line plus the 512 MiB bomb (the whole-file cap and
            // the bomb guard bound what one file may hold).
            assert!(peak < 512 << 10, "peak memory {} MiB", peak >> 10);
        }

        // Every rejection is an expected one, with its reason.
        let actual: Vec<(String, String)> = summary["rejections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let line = r
                    .as_str()
                    .unwrap()
                    .strip_prefix(&prefix)
                    .unwrap_or_else(|| panic!("rejection outside the input directory: {r}"));
                // `origin: reason`, where an origin may hold `:LINE` or `:[N]`.
                let cut = line
                    .match_indices(": ")
                    .map(|(at, _)| at)
                    .find(|&at| cases.iter().any(|c| c.origin == line[..at]))
                    .unwrap_or_else(|| panic!("unexpected rejection: {line}"));
                (line[..cut].to_string(), line[cut + 2..].to_string())
            })
            .collect();
        let mut unmatched: Vec<String> = Vec::new();
        for case in &cases {
            let got: Vec<&(String, String)> =
                actual.iter().filter(|(o, _)| *o == case.origin).collect();
            match (&case.want, got.as_slice()) {
                (Want::Rejected(reason), [(_, actual)]) => {
                    if !actual.starts_with(reason) {
                        unmatched.push(format!(
                            "{}: rejected as {actual:?}, expected {reason:?}",
                            case.origin
                        ));
                    }
                }
                (Want::Rejected(reason), _) => unmatched.push(format!(
                    "{}: expected one rejection ({reason}), got {got:?}",
                    case.origin
                )),
                (_, []) => {}
                (_, got) => unmatched.push(format!(
                    "{}: expected indexed, got rejected {got:?}",
                    case.origin
                )),
            }
        }
        assert!(unmatched.is_empty(), "{run} run:\n{}", unmatched.join("\n"));

        let want_rejected = cases
            .iter()
            .filter(|c| matches!(c.want, Want::Rejected(_)))
            .count() as u64;
        let want_indexed = cases.len() as u64 - want_rejected;
        assert_eq!(summary["rejected"], want_rejected, "{summary}");
        let reasons: u64 = summary["rejected_reasons"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(reasons, want_rejected, "{}", summary["rejected_reasons"]);
        assert_eq!(summary["articles"], want_indexed, "{summary}");
        let (added, unchanged) = if run == "first" {
            (want_indexed, 0)
        } else {
            (0, want_indexed)
        };
        assert_eq!(
            (
                summary["added"].as_u64(),
                summary["unchanged"].as_u64(),
                summary["updated"].as_u64(),
                summary["removed"].as_u64()
            ),
            (Some(added), Some(unchanged), Some(0), Some(0)),
            "{run} run: {summary}"
        );
        if run == "first" {
            print_table(&cases, &summary);
        }
    }

    // The index holds exactly the accepted articles, with the cleaned content.
    let stats = common::json(&[
        "stats",
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let want_indexed = cases
        .iter()
        .filter(|c| !matches!(c.want, Want::Rejected(_)))
        .count() as u64;
    assert_eq!(stats["articles"], want_indexed, "{stats}");
    let mut problems: Vec<String> = Vec::new();
    for case in &cases {
        match &case.want {
            Want::Indexed {
                id,
                title,
                has,
                lacks,
                warning,
            } => {
                let Some(record) = show(&index, id) else {
                    problems.push(format!("{}: id {id:?} not in the index", case.origin));
                    continue;
                };
                let text = record["text"].as_str().unwrap_or_default();
                if let Some(title) = title {
                    if record["title"] != *title {
                        problems.push(format!(
                            "{}: title {} instead of {title:?}",
                            case.origin, record["title"]
                        ));
                    }
                }
                for needle in *has {
                    if !text.contains(needle) {
                        problems.push(format!("{}: text lacks {needle:?}", case.origin));
                    }
                }
                for needle in *lacks {
                    if text.contains(needle) || record["title"].as_str().unwrap().contains(needle) {
                        problems.push(format!("{}: still holds {needle:?}", case.origin));
                    }
                }
                if let Some(warning) = warning {
                    let warnings = record["warnings"].to_string();
                    if !warnings.contains(&warning.replace('"', "\\\"")) {
                        problems.push(format!(
                            "{}: no warning {warning:?} in {warnings}",
                            case.origin
                        ));
                    }
                }
            }
            Want::IndexedByMarker(marker) => {
                let ids = search_ids(&index, marker);
                if ids.len() != 1 || ids[0].len() > 1024 {
                    problems.push(format!("{}: search {marker} gave {ids:?}", case.origin));
                }
            }
            Want::Rejected(_) => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Content of rejected, skipped and losing inputs is nowhere; a few accepted markers are
    // found by search, each in its own article.
    for marker in ABSENT_MARKERS {
        assert_eq!(search_ids(&index, marker), Vec::<String>::new(), "{marker}");
    }
    for (marker, id) in [
        ("xqdupfirst", "dup-a"),
        ("xqcp1258", "enc-windows1258"),
        ("xqvni", "enc-vni"),
        ("xqtcvn", "enc-tcvn3"),
        ("xqnobomle", "enc-utf16le-nobom"),
        ("xqbidi", "bidi-zero-width"),
        ("xqafterhuge", "after-huge"),
        ("xqlongword", "gen-long-word"),
    ] {
        assert_eq!(search_ids(&index, marker), [id], "{marker}");
    }
    for id in [".hidden", "label-1", "README", "notes", "huge-line"] {
        assert!(show(&index, id).is_none(), "{id} must not be indexed");
    }
}

/// Prints the cases and outcomes (visible with `--nocapture`).
fn print_table(cases: &[Case], summary: &Value) {
    let mut reasons: BTreeMap<String, u64> = BTreeMap::new();
    for case in cases {
        let outcome = match &case.want {
            Want::Indexed { id, .. } => format!("indexed as {}", shorten(id)),
            Want::IndexedByMarker(marker) => format!("indexed (content id, found by {marker})"),
            Want::Rejected(reason) => {
                *reasons.entry(reason.to_string()).or_default() += 1;
                format!("rejected: {reason}")
            }
        };
        eprintln!("  {:28} {outcome}", shorten(&case.origin));
    }
    eprintln!(
        "{} cases: {} indexed, {} rejected",
        cases.len(),
        summary["added"],
        summary["rejected"]
    );
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(39).collect::<String>())
    } else {
        text.to_string()
    }
}

#[test]
fn a_200_mb_line_costs_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("huge.jsonl");
    let mut out = BufWriter::new(fs::File::create(&input).unwrap());
    out.write_all(b"{\"id\": \"huge\", \"text\": \"").unwrap();
    let chunk = "a".repeat(1 << 20);
    for _ in 0..200 {
        out.write_all(chunk.as_bytes()).unwrap();
    }
    out.write_all(b"\"}\n{\"id\": \"small\", \"text\": \"The government presented a national plan for scientific research on Tuesday.\"}\n").unwrap();
    out.flush().unwrap();
    drop(out);
    let index = tmp.path().join("index");
    let (code, stdout, stderr, peak) = run_watched(&[
        "index",
        input.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
        "--quiet",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    let summary: Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(summary["added"], 1, "{summary}");
    assert_eq!(
        summary["rejections"][0],
        format!("{}:1: line longer than 64 MiB; skipped", input.display())
    );
    eprintln!("200 MB line: peak memory {} MiB", peak >> 10);
    if peak > 0 {
        // The line cap (64 MiB) plus the program, not the 200 MB line.
        assert!(peak < 160 << 10, "peak memory {} MiB", peak >> 10);
    }
}
