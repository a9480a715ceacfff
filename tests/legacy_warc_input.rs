//! End-to-end: web archives (`.warc`, `.warc.gz`) and legacy Vietnamese encodings (VISCII,
//! TCVN3, VNI) read by the real binary. The archives in `tests/data/warc/` were written once
//! by `gen.py` there (warcio) from pages written for these tests.

mod common;

use common::{normalize, repo};

#[test]
fn warc_response_pages_become_articles() {
    for name in ["news.warc.gz", "news.warc"] {
        let (records, stderr, code) = normalize(&repo("tests/data/warc").join(name));
        assert_eq!(code, Some(0), "{stderr}");
        // Seven records hold five HTML pages; the warcinfo, the request, the image and the
        // 404 page are not articles.
        let got: Vec<(String, String, String, String)> = records
            .iter()
            .map(|r| {
                (
                    r["url"].as_str().unwrap().to_string(),
                    r["lang"].as_str().unwrap().to_string(),
                    r["date"].as_str().unwrap().to_string(),
                    r["title"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let want = [
            // The page's own date beats the crawl date.
            (
                "https://www.exemple-journal.fr/ville/budget-ecoles",
                "fr",
                "2021-03-09",
                "Le conseil municipal adopte le budget des écoles",
            ),
            // No date in the page or URL: the WARC-Date.
            (
                "https://harbour-news.example.com/transport/ferry-resumes",
                "en",
                "2024-05-02",
                "Harbour ferry service resumes after winter repairs",
            ),
            // VISCII declared in the HTTP Content-Type only.
            (
                "https://baomau.example.vn/do-thi/khoi-cong-cau-moi",
                "vi",
                "2024-05-03",
                "Thành phố khởi công cây cầu mới qua sông",
            ),
            // TCVN3 declared nowhere: recognised from its bytes.
            (
                "https://baomau.example.vn/nong-nghiep/thu-hoach-lua-som",
                "vi",
                "2024-05-04",
                "Nông dân thu hoạch lúa sớm để tránh mưa bão",
            ),
            (
                "https://www.exemple-journal.fr/culture/bibliotheque-horaires",
                "fr",
                "2024-05-05",
                "La bibliothèque prolonge ses horaires d'ouverture",
            ),
        ];
        let want: Vec<(String, String, String, String)> = want
            .iter()
            .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
            .collect();
        assert_eq!(got, want, "{name}");
        assert!(records[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Le conseil municipal a adopté mardi soir"));
        assert!(!records[0]["text"].as_str().unwrap().contains("Footer"));
        let warnings = |i: usize| records[i]["warnings"].to_string();
        assert!(warnings(2).contains("VISCII converted"), "{}", warnings(2));
        assert!(warnings(3).contains("TCVN3 converted"), "{}", warnings(3));
    }
}

#[test]
fn bad_warc_records_are_named_and_the_rest_is_read() {
    let good = std::fs::read(repo("tests/data/warc/news.warc")).unwrap();
    let starts: Vec<usize> = (0..good.len())
        .filter(|&at| good[at..].starts_with(b"WARC/1.1\r\n"))
        .collect();
    // A record without a usable length before the fourth, and the last one cut short.
    let fourth = starts[3];
    let mut bad = good[..fourth].to_vec();
    bad.extend_from_slice(b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: x\r\n\r\n");
    bad.extend_from_slice(&good[fourth..good.len() - 20]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.warc");
    std::fs::write(&path, &bad).unwrap();
    let (records, stderr, code) = normalize(&path);
    assert_eq!(records.len(), 5, "{stderr}");
    assert_ne!(code, Some(0));
    let shown = path.display();
    assert!(
        stderr.contains(&format!(
            "{shown}:record 4 at byte {fourth}: record without a valid Content-Length"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{shown}:record 10 at byte")) && stderr.contains("cut off"),
        "{stderr}"
    );
}

/// Vietnamese written for this test, encoded with a table from `crates/ingest/tests/legacy`.
fn encode(text: &str, table: &str) -> Vec<u8> {
    let table = std::fs::read_to_string(repo("crates/ingest/tests/legacy").join(table)).unwrap();
    let mut bytes = Vec::new();
    for c in text.chars() {
        let hex = table.lines().find_map(|line| {
            line.strip_prefix(c)
                .and_then(|rest| rest.strip_prefix('\t'))
        });
        match hex {
            Some(hex) => bytes.extend(
                (0..hex.len())
                    .step_by(2)
                    .map(|at| u8::from_str_radix(&hex[at..at + 2], 16).unwrap()),
            ),
            None => bytes.push(u8::try_from(u32::from(c)).unwrap()),
        }
    }
    bytes
}

const TITLE: &str = "Học sinh vùng cao được tặng sách mới";
const BODY: &str = "Hơn một nghìn học sinh ở các trường vùng cao đã nhận được sách giáo khoa \
    và đồ dùng học tập mới trước khi năm học bắt đầu. Các thầy cô giáo cho biết nhiều em \
    phải đi bộ hàng giờ để đến lớp, vì vậy món quà này có ý nghĩa rất lớn với gia đình.";

#[test]
fn legacy_vietnamese_files_are_converted_and_an_undecidable_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    let page = format!("{TITLE}\n\n{BODY}\n");
    for (table, name) in [
        ("viscii.tsv", "VISCII"),
        ("tcvn3.tsv", "TCVN3"),
        ("vni.tsv", "VNI"),
    ] {
        let path = dir.path().join(format!("{name}.txt"));
        std::fs::write(&path, encode(&page, table)).unwrap();
        let (records, stderr, code) = normalize(&path);
        assert_eq!(code, Some(0), "{name}: {stderr}");
        assert_eq!(records[0]["title"], TITLE, "{name}");
        assert_eq!(records[0]["lang"], "vi", "{name}");
        assert!(records[0]["text"]
            .as_str()
            .unwrap()
            .contains("sách giáo khoa"));
        assert!(
            records[0]["warnings"]
                .to_string()
                .contains(&format!("legacy Vietnamese encoding {name} converted")),
            "{}",
            records[0]["warnings"]
        );
    }
    // Half VISCII, half TCVN3: neither table reads it, so it is refused, not indexed as junk.
    let (first, second) = BODY.split_at(BODY.find("Các thầy").unwrap());
    let mut mixed = encode(&format!("{TITLE}\n\n{first}"), "viscii.tsv");
    mixed.extend(encode(second, "tcvn3.tsv"));
    let path = dir.path().join("mixed.txt");
    std::fs::write(&path, mixed).unwrap();
    let (records, stderr, code) = normalize(&path);
    assert!(records.is_empty());
    assert_ne!(code, Some(0));
    assert!(
        stderr.contains(&format!(
            "{}: legacy Vietnamese text in an encoding that cannot be told apart",
            path.display()
        )),
        "{stderr}"
    );
}

#[test]
fn western_files_that_are_not_utf8_are_not_taken_for_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fr.txt");
    let text = "Le marché de Noël ouvre ses portes\n\nLe marché de Noël de la place centrale \
        ouvre ses portes vendredi, avec une quarantaine de chalets, une patinoire et des \
        spécialités régionales. « Nous attendons beaucoup de visiteurs cette année », \
        précise l'organisatrice, qui a déjà prévu des navettes gratuites depuis la gare.";
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| match c {
            'œ' => 0x9C,
            c => u8::try_from(u32::from(c)).unwrap(),
        })
        .collect();
    std::fs::write(&path, bytes).unwrap();
    let (records, stderr, _) = normalize(&path);
    assert_eq!(records.len(), 1, "{stderr}");
    assert_eq!(records[0]["lang"], "fr");
    assert!(records[0]["text"]
        .as_str()
        .unwrap()
        .contains("« Nous attendons"));
    assert_eq!(
        records[0]["warnings"].to_string(),
        "[\"invalid UTF-8, decoded as Windows-1252\"]"
    );
}
