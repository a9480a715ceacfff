//! Replays every input the fuzz targets ever crashed on (`tests/data/fuzz-regressions/TARGET/`)
//! through the same checks the targets run (`fuzz/src/lib.rs`), plus the seed inputs of
//! each target, so a fixed crash stays fixed without a fuzzing toolchain.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::path::Path;

/// Inputs every check must pass, whether or not a fuzz run ever kept anything.
const SEEDS: &[&[u8]] = &[
    b"",
    b"\n",
    b"\xff\xfe\x00",
    b"\xef\xbb\xbf",
    b"{\"text\": \"\\u0000\"}",
    b"[{\"text\": [\"a\", \"b\"]}, null, 5]",
    b"<html><body><div><p>a</div>",
    b"\"a \"b \"c",
    b"title:\" -OR +\"",
    "e\u{301}\u{323}\u{300}\u{202e}\u{200b}\r\n\r\n  x".as_bytes(),
];

#[test]
fn fuzz_regressions_and_seeds_pass_every_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-regressions");
    let mut replayed = 0;
    for target in checks::TARGETS {
        for seed in SEEDS {
            checks::run(target, seed);
        }
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            eprintln!("replaying {}", path.display());
            checks::run(target, &data);
            replayed += 1;
        }
    }
    eprintln!("{replayed} kept fuzz inputs replayed");
}
