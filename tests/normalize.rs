//! End-to-end tests of `newsindex normalize`: the real binary on the bundled corpus, on the
//! fixtures in `tests/data/` and on small bad inputs written to a temporary directory.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn newsindex() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsindex"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn normalize(args: &[&str]) -> Output {
    newsindex()
        .arg("normalize")
        .args(args)
        .current_dir(root())
        .output()
        .expect("run newsindex")
}

fn records(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(output.stdout.clone())
        .expect("utf-8 stdout")
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON record per line"))
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn normalizes_the_bundled_corpus() {
    let output = normalize(&["corpus"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let records = records(&output);
    assert_eq!(records.len(), 50);
    for record in &records {
        for field in ["id", "title", "lang", "lang_confidence", "text"] {
            assert!(!record[field].is_null(), "{field} missing in {record}");
        }
        assert!(!record["title"].as_str().unwrap().is_empty());
    }
    let langs: Vec<&str> = records
        .iter()
        .map(|r| r["lang"].as_str().unwrap())
        .collect();
    for lang in ["vi", "fr", "en"] {
        assert!(langs.contains(&lang), "{lang}");
    }
    let seed = records
        .iter()
        .find(|r| r["id"] == "001_f2efc2ae6c65198f")
        .unwrap();
    assert_eq!(seed["lang"], "en");
    assert_eq!(seed["source"], "nhandan.vn");
    assert_eq!(seed["date"], "2025-05-29");
    assert!(
        stderr(&output).contains("50 ok, 0 rejected"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_malformed_jsonl_line_is_named_and_the_rest_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.jsonl");
    let good = |id: &str| {
        serde_json::json!({
            "id": id,
            "title": "Hanoi opens its first underground metro stations",
            "text": "Passengers rode the underground section of the Nhon to Hanoi Station line for the first time on Saturday morning.",
        })
        .to_string()
    };
    std::fs::write(
        &path,
        format!(
            "{}\n{{\"id\": \"b\", \"text\": \n{}\n",
            good("a"),
            good("c")
        ),
    )
    .unwrap();
    let output = normalize(&[path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let ids: Vec<String> = records(&output)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a", "c"]);
    let err = stderr(&output);
    assert!(
        err.contains(&format!("{}:2: invalid JSON", path.display())),
        "{err}"
    );
    assert!(err.contains("2 ok, 1 rejected"), "{err}");
}

#[test]
fn reads_gzipped_json_arrays_and_html() {
    let output = normalize(&["tests/data/array.json.gz", "tests/data/article.html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let records = records(&output);
    assert_eq!(records.len(), 3);
    assert_eq!(records[0]["lang"], "vi");
    assert_eq!(records[0]["source"], "example-vn.vn");
    assert_eq!(records[0]["date"], "2025-11-12");
    assert_eq!(records[1]["lang"], "fr");
    assert_eq!(records[1]["origin"], "tests/data/array.json.gz:[1]");
    let html = &records[2];
    assert_eq!(html["id"], "article");
    assert_eq!(html["lang"], "en");
    assert_eq!(
        html["title"],
        "Vietnam marks National Innovation Day with a startup fair"
    );
    assert_eq!(
        html["url"],
        "https://www.example-news.com/tech/innovation-day-startup-fair"
    );
    assert_eq!(html["source"], "example-news.com");
    assert_eq!(html["date"], "2025-10-01");
    let text = html["text"].as_str().unwrap();
    assert!(text.starts_with("Hundreds of young companies"), "{text}");
    for chrome in [
        "Home",
        "Share on",
        "Related",
        "Copyright",
        "Visitors at",
        "dataLayer",
    ] {
        assert!(!text.contains(chrome), "{chrome:?} in {text}");
    }
}

#[test]
fn text_format_prints_one_line_per_article() {
    let output = normalize(&["corpus/seeds", "--format", "text", "--threads", "1"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[1].starts_with("001_f2efc2ae6c65198f\ten\t2025-05-29\tnhandan.vn\tFocus on"));
}

#[test]
fn nothing_readable_or_bad_usage_is_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("image.txt");
    std::fs::write(&bad, b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    let output = normalize(&[bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("binary data (PNG image)"));

    let missing = normalize(&["/no/such/path.jsonl"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("/no/such/path.jsonl"));

    assert_eq!(normalize(&[]).status.code(), Some(2));
    assert_eq!(
        normalize(&["corpus", "--format", "xml"]).status.code(),
        Some(2)
    );
}

#[test]
fn quiet_prints_nothing_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.jsonl");
    std::fs::write(&path, "not json\n").unwrap();
    let output = normalize(&[path.to_str().unwrap(), "--quiet"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
}

#[test]
fn help_documents_exit_codes() {
    let output = newsindex().args(["normalize", "--help"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8(output.stdout).unwrap();
    for needle in [
        "Exit status",
        "0",
        "1",
        "2",
        "--format",
        "--threads",
        "--quiet",
    ] {
        assert!(help.contains(needle), "{needle}: {help}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.jsonl");
    let line = serde_json::json!({
        "title": "Rice prices edge up in the Mekong Delta",
        "text": "Farmers in the Mekong Delta sold fresh paddy at slightly higher prices this week as traders stocked up for export contracts.",
    })
    .to_string();
    std::fs::write(&path, format!("{line}\n").repeat(20_000)).unwrap();
    let mut child = newsindex()
        .args(["normalize", "--quiet"])
        .arg(Path::new(&path))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 256];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(err.is_empty(), "{err}");
}

/// Pages whose only date is a German date element, a stamp in `<title>` or a two-digit year
/// in a date element: `normalize` dates each (issue 15's date sources beyond meta tags).
#[test]
fn html_dates_from_german_months_title_stamps_and_short_years() {
    let tmp = tempfile::tempdir().unwrap();
    let body = "<article><p>Der Stadtrat hat am Dienstag nach langer Debatte den Haushalt für die \
                Schulen beschlossen. Die Opposition stimmte dagegen.</p></article>";
    for (name, head, element) in [
        (
            "german",
            "<title>Haushalt beschlossen</title>",
            "<span class=\"datum\">Samstag, 5. Oktober 2013</span>",
        ),
        (
            "stamp",
            "<title>Haushalt beschlossen | Stadt | 23.05.2011</title>",
            "",
        ),
        (
            "short",
            "<title>Haushalt beschlossen</title>",
            "<div class=\"post-date\">Politik, 2.11.22</div>",
        ),
    ] {
        std::fs::write(
            tmp.path().join(format!("{name}.html")),
            format!("<html><head>{head}</head><body>{element}{body}</body></html>"),
        )
        .unwrap();
    }
    let output = normalize(&[tmp.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut dates: Vec<(String, String)> = records(&output)
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["date"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    dates.sort();
    assert_eq!(
        dates,
        [
            ("german".to_string(), "2013-10-05".to_string()),
            ("short".to_string(), "2022-11-02".to_string()),
            ("stamp".to_string(), "2011-05-23".to_string()),
        ]
    );
}

/// Scraped text pages that open on a time stamp, a video fallback or a wire dateline, or that
/// keep `<p>` markup: `normalize` titles each from the story, never from the stamp, and no tag
/// reaches the text (issue 15's scraped pages).
#[test]
fn scraped_pages_title_past_stamps_and_without_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let lead = "The council met in the city hall and approved the annual budget after a long \
                debate among the members present. The opposition voted against it.";
    for (name, page) in [
        ("stamp", format!("24 août 17:54\n\n{lead}\n")),
        (
            "video",
            format!("Your browser does not support the video tag.\n\n{lead}\n"),
        ),
        ("wire", format!("HANOI (Reuters)\n{lead}\n")),
        ("markup", format!("<p>{lead}</p>\n<p>Share</p>\n")),
    ] {
        std::fs::write(tmp.path().join(format!("{name}.txt")), page).unwrap();
    }
    let output = normalize(&[tmp.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let records = records(&output);
    assert_eq!(records.len(), 4);
    for record in &records {
        let title = record["title"].as_str().unwrap();
        assert!(
            title.starts_with("The council met in the city hall"),
            "{}: {title}",
            record["id"]
        );
        let text = record["text"].as_str().unwrap();
        assert!(!text.contains("<p>") && !text.contains("Share"), "{text}");
    }
}

/// Scraped text pages whose headline stands below a cookie notice, a menu of bullets and a
/// breadcrumb, below a short section name, or whose publication line sits below the body:
/// `normalize` finds the headline and the date the page shows (issue 15's fitting set).
#[test]
fn scraped_pages_headline_and_date_below_chrome() {
    let menu = (1..=12)
        .map(|i| format!("  • Section {i}"))
        .collect::<Vec<_>>()
        .join("\n");
    let pages = [
        (
            "menus",
            format!(
                "This website uses cookies to deliver a better experience, you accept the Privacy Policy\nAccept\n•\n•\n{menu}\nThe Harbour Post > News > Storm closes the coastal road for a week\nNews\n\nStorm closes the coastal road for a week\n\nStaff Writer Published March 3, 2025\nShare\nThe storm hit the coast on Monday and the road was closed by the police.\n"
            ),
            "Storm closes the coastal road for a week",
            Some("2025-03-03"),
        ),
        (
            "section",
            "Đời sống xã hội\nThành phố khai trương công viên mới bên bờ sông\nSáng nay, công viên mở cửa đón khách sau hai năm xây dựng.\n".to_string(),
            "Thành phố khai trương công viên mới bên bờ sông",
            None,
        ),
        (
            "footer",
            "Le conseil vote enfin son budget annuel\nLe conseil a voté le budget après un long débat dans la salle municipale.\nLes élus ont ensuite discuté des travaux prévus pour la rentrée dans les écoles.\nArticle publié dans Le Journal du 14 juin 2024\n".to_string(),
            "Le conseil vote enfin son budget annuel",
            Some("2024-06-14"),
        ),
    ];
    assert_pages_titled_and_dated(&pages);
}

#[test]
fn stamps_labels_and_site_clocks_do_not_name_or_date_pages() {
    let pages = [
        (
            "blog",
            "mardi 4 mars 2025\n\nRentrée des classes\n\nLes élèves ont retrouvé leurs classes ce matin, sous un grand soleil et dans la bonne humeur.\n",
            "Rentrée des classes",
            Some("2025-03-04"),
        ),
        (
            "clock",
            "March 3rd, 2025\n\nStocks rally to records as rate cuts stay on the table\n\nBy A Reporter and Another Reporter of The Wire Service on February 27, 2025.\n\nStocks rose on Wednesday after the central bank said it still expects three cuts this year.\n\nSource: https://news.example.com/business/2025/02/27/stocks-rally/\n",
            "Stocks rally to records as rate cuts stay on the table",
            Some("2025-02-27"),
        ),
        (
            "results",
            "Tìm thấy 3 kết quả:\n\nPhiên tòa xét xử kéo dài ba ngày\n\nPhiên tòa xét xử kéo dài ba ngày\n\nTòa án mở phiên xét xử sáng nay với sự tham dự của hàng trăm người dân trong tỉnh.\n",
            "Phiên tòa xét xử kéo dài ba ngày",
            None,
        ),
    ];
    assert_pages_titled_and_dated(&pages);
}

#[test]
fn the_headline_an_address_spells_and_a_date_it_writes_in_words() {
    let pages = [
        (
            "teaser",
            "Le conseil a voté mardi soir le budget des écoles, après trois heures de débat sur les cantines.\nLe budget des écoles adopté après trois heures de débat\nLes élus ont adopté le texte par vingt voix contre huit, et les travaux commenceront au printemps.\nSource: https://x.fr/actu/point-presse-du-11-septembre-2020/le-budget-des-ecoles-adopte-apres-trois-heures-de-debat\n",
            "Le budget des écoles adopté après trois heures de débat",
            Some("2020-09-11"),
        ),
        (
            "crumbs",
            "Báo»Kinh tế»Tài chính»Chứng khoán giảm mạnh phiên chiều nay\nChứng khoán giảm mạnh phiên chiều nay\n16:10 - 28/09/2022\nChỉ số giảm phiên thứ tư liên tiếp, xuống mức thấp nhất kể từ đầu năm ngoái.\n",
            "Chứng khoán giảm mạnh phiên chiều nay",
            Some("2022-09-28"),
        ),
        (
            "question",
            "Giá xăng sẽ tăng sau Tết? Chưa chắc chắn lắm.\n",
            "Giá xăng sẽ tăng sau Tết?",
            None,
        ),
    ];
    assert_pages_titled_and_dated(&pages);
}

/// Normalises each `(file name, page text, headline, date)` as a scraped text page and checks
/// the record titled with the headline carries the date.
fn assert_pages_titled_and_dated<P: AsRef<str>>(pages: &[(&str, P, &str, Option<&str>)]) {
    let tmp = tempfile::tempdir().unwrap();
    for (name, page, _, _) in pages {
        std::fs::write(tmp.path().join(format!("{name}.txt")), page.as_ref()).unwrap();
    }
    let output = normalize(&[tmp.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let records = records(&output);
    assert_eq!(records.len(), pages.len());
    for (_, page, title, date) in pages {
        let page = page.as_ref();
        let record = records
            .iter()
            .find(|r| r["title"] == *title)
            .unwrap_or_else(|| panic!("no record titled {title:?} among {records:?} ({page})"));
        assert_eq!(record["date"].as_str(), *date, "{title}");
    }
}
