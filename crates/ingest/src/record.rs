//! From the fields a reader found to one clean [`Article`]: normalisation, id, source,
//! URL date, title fallback, language policy and the legacy-encoding check.

use crate::dates::{date_from_url, month_from_url};
use crate::decode::detect_legacy;
use crate::page::not_headline_material;
use newsindex_analysis::{clean_text, detect_language, detect_paragraph_languages};
use newsindex_core::{Article, Date, Lang, Month};
use xxhash_rust::xxh3::xxh3_64;

/// The fields a reader found, before cleaning.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Raw {
    pub id: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub date: Option<Date>,
    /// The publication month when the input states no day (a store's `date 2024-09` note).
    pub month: Option<Month>,
    /// The declared language, as written in the input.
    pub lang: Option<String>,
    pub text: String,
    pub warnings: Vec<String>,
}

/// The detector must be this sure, on a text this long, to overrule a declared language.
const CONTRADICTION_CONFIDENCE: f64 = 0.8;
const CONTRADICTION_MIN_CHARS: usize = 200;
/// A title taken from the lead is cut near this many characters.
const LEAD_TITLE_CHARS: usize = 120;
/// A second language needs this many paragraphs, and this share of them, to call an
/// article mixed; one quoted English sentence does not make a French article bilingual.
const MIXED_MIN_PARAGRAPHS: usize = 2;
const MIXED_MIN_SHARE: f64 = 0.2;

/// Options of the record stage.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Finish {
    /// Detect each paragraph's language to flag mixed-language articles.
    pub check_mixed: bool,
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| {
            clean_text(&v)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|v| !v.is_empty())
}

/// The host of a URL without `www.`, lowercase.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// Longest id accepted: an id must stay one index term (the index drops longer terms, so
/// the article could be neither found nor replaced) and fit in a URL path.
const MAX_ID_BYTES: usize = 1024;

/// Longest URL kept; real article URLs, tracking parameters included, are far shorter.
const MAX_URL_BYTES: usize = 4096;

/// An article URL that is safe to show as a link: `http`/`https` with a host, not too long.
/// A bare `www.host/path` gets `https://`; `javascript:`, `data:`, `file:` and broken URLs
/// are refused.
fn web_url(url: &str) -> Option<String> {
    if url.len() > MAX_URL_BYTES || url.contains(char::is_whitespace) {
        return None;
    }
    let candidate = if url.contains("://") {
        url.to_string()
    } else if url.starts_with("www.") {
        format!("https://{url}")
    } else {
        return None;
    };
    let parsed = url::Url::parse(&candidate).ok()?;
    let host = parsed.host_str()?;
    (matches!(parsed.scheme(), "http" | "https") && !host.is_empty()).then_some(candidate)
}

/// A declared source as a domain: `www.NhanDan.vn` → `nhandan.vn`; a URL → its host; an
/// outlet name (`Nhân Dân`) is kept only when the URL gives no domain.
fn clean_source(given: Option<String>, url: Option<&str>) -> Option<String> {
    let from_url = url.and_then(host_of);
    match given {
        Some(source) if source.contains("://") => host_of(&source).or(from_url),
        Some(source) if !source.contains(char::is_whitespace) && source.contains('.') => {
            let lower = source.to_lowercase();
            Some(lower.strip_prefix("www.").unwrap_or(&lower).to_string())
        }
        Some(name) => from_url.or(Some(name)),
        None => from_url,
    }
}

/// A short title from the first sentence of the text (never empty for a text with a letter
/// or digit).
pub(crate) fn lead_title(text: &str) -> String {
    // A stamp, a widget or a wire dateline opening the text (`24 août 17:54`, `HANOI
    // (Reuters)`) says nothing of the story: start at the first paragraph that may name it.
    let paragraphs: Vec<&str> = text.trim().split("\n\n").collect();
    let skip = paragraphs
        .iter()
        .position(|p| !not_headline_material(p.trim()))
        .unwrap_or(0);
    let text = paragraphs[skip..].join("\n\n");
    let text = text.trim();
    let first = text.split("\n\n").next().unwrap_or(text).trim();
    let mut sentence = first;
    for (at, c) in first.char_indices() {
        if matches!(c, '.' | '!' | '?') {
            let next = first[at + c.len_utf8()..].chars().next();
            if next.is_none_or(char::is_whitespace)
                && first[..at].chars().any(char::is_alphanumeric)
            {
                // A question or an exclamation keeps its mark: it is part of what it says.
                let end = if c == '.' { at } else { at + c.len_utf8() };
                sentence = first[..end].trim();
                break;
            }
        }
    }
    // A first paragraph of punctuation only: take the start of the whole text instead.
    if !sentence.chars().any(char::is_alphanumeric) {
        sentence = text;
    }
    let sentence = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    if sentence.chars().count() <= LEAD_TITLE_CHARS {
        return sentence;
    }
    let mut cut = String::new();
    for word in sentence.split_whitespace() {
        if !cut.is_empty() && cut.chars().count() + word.chars().count() + 1 > LEAD_TITLE_CHARS - 1
        {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    let cut: String = cut.chars().take(LEAD_TITLE_CHARS - 1).collect();
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// Stable id from the content: xxh3 of the URL, else of title and text.
fn content_id(url: Option<&str>, title: &str, text: &str) -> String {
    let hash = match url {
        Some(url) => xxh3_64(url.as_bytes()),
        None => xxh3_64(format!("{title}\n{text}").as_bytes()),
    };
    format!("{hash:016x}")
}

/// Cleans a raw record into an article, or gives the reason it cannot be indexed.
pub(crate) fn finish(
    raw: Raw,
    origin: &str,
    file_stem: Option<&str>,
    options: Finish,
) -> Result<Article, String> {
    let text = clean_text(&raw.text);
    if !text.chars().any(char::is_alphanumeric) {
        return Err("empty article text".to_string());
    }
    let title = non_empty(raw.title);
    let probe = format!("{}\n{}", title.as_deref().unwrap_or(""), text);
    if let Some(encoding) = detect_legacy(&probe) {
        return Err(format!("legacy Vietnamese encoding ({encoding})"));
    }
    let mut warnings = raw.warnings;
    let url = non_empty(raw.url).and_then(|url| match web_url(&url) {
        Some(url) => Some(url),
        None => {
            let shown: String = url.chars().take(80).collect();
            warnings.push(format!("url {shown:?} is not a web address; ignored"));
            None
        }
    });
    let source = clean_source(non_empty(raw.source), url.as_deref());
    let date = raw.date.or_else(|| url.as_deref().and_then(date_from_url));
    // Without a day, the month the URL or the input states (`/2024/09/slug`).
    let month = date
        .is_none()
        .then(|| url.as_deref().and_then(month_from_url).or(raw.month))
        .flatten();

    let detection = detect_language(&text);
    let declared = non_empty(raw.lang);
    let text_chars = text.chars().count();
    let clear = detection.confidence >= CONTRADICTION_CONFIDENCE
        && text_chars >= CONTRADICTION_MIN_CHARS
        && detection.code != "und";
    let (lang, confidence) = match declared.as_deref().map(|d| (d, Lang::parse(d))) {
        Some((_, Some(lang))) if lang != Lang::Other && lang == detection.lang => (lang, 1.0),
        Some((name, Some(lang))) if lang != Lang::Other => {
            if clear {
                warnings.push(format!(
                    "declared language {name:?} contradicted by the text (detected {}, confidence {:.2})",
                    detection.code, detection.confidence
                ));
                (detection.lang, detection.confidence)
            } else {
                (lang, 0.5)
            }
        }
        Some((name, _)) => {
            if detection.lang != Lang::Other {
                warnings.push(format!(
                    "declared language {name:?} is not vi/fr/en; detected {} (confidence {:.2})",
                    detection.code, detection.confidence
                ));
            }
            (detection.lang, detection.confidence)
        }
        None => (detection.lang, detection.confidence),
    };
    let lang_detected = (lang == Lang::Other).then(|| detection.code.clone());

    if options.check_mixed {
        if let Some(note) = mixed_note(&text) {
            warnings.push(note);
        }
    }
    let id = raw
        .id
        .or_else(|| file_stem.map(str::to_string))
        .unwrap_or_else(|| content_id(url.as_deref(), title.as_deref().unwrap_or(""), &text));
    if id.len() > MAX_ID_BYTES {
        return Err(format!("id longer than {MAX_ID_BYTES} bytes"));
    }
    let title = match title {
        Some(title) => title,
        None => {
            warnings.push("title taken from the first sentence".to_string());
            lead_title(&text)
        }
    };
    let mut article = Article::new(id, lang);
    article.url = url;
    article.source = source;
    article.title = title;
    article.date = date;
    article.month = month;
    article.lang_detected = lang_detected;
    article.lang_confidence = (confidence * 1000.0).round() / 1000.0;
    article.text = text;
    article.warnings = warnings;
    article.origin = origin.to_string();
    Ok(article)
}

/// Paragraphs judged for the mixed-language check, spread evenly over the article: enough to
/// see a second language that fills a fifth of it, at a bounded cost per article.
const MIXED_SAMPLE_PARAGRAPHS: usize = 12;

/// A warning naming the languages of a mixed-language article, if it is one.
fn mixed_note(text: &str) -> Option<String> {
    let paragraphs: Vec<&str> = text
        .split("\n\n")
        .filter(|p| p.chars().count() >= 40)
        .collect();
    let step = paragraphs.len().div_ceil(MIXED_SAMPLE_PARAGRAPHS).max(1);
    let sample: Vec<&str> = paragraphs.iter().step_by(step).copied().collect();
    let langs = detect_paragraph_languages(&sample.join("\n\n"));
    let mut counts: Vec<(Lang, usize)> = Lang::ANALYSED
        .iter()
        .map(|lang| (*lang, langs.iter().filter(|l| *l == lang).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    counts.sort_by_key(|count| std::cmp::Reverse(count.1));
    let minority = counts.get(1)?.1;
    let share = minority as f64 / langs.len().max(1) as f64;
    (minority >= MIXED_MIN_PARAGRAPHS && share >= MIXED_MIN_SHARE).then(|| {
        let parts: Vec<String> = counts
            .iter()
            .map(|(lang, n)| format!("{lang} {n}"))
            .collect();
        format!("mixed languages (paragraphs: {})", parts.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FR: &str = "Lors de la conférence, le vice-ministre des Sciences et de la Technologie a présenté le contenu clé de la résolution, publiée par le Bureau politique, sur les avancées dans le développement scientifique et la transformation numérique nationale.";
    const EN: &str = "At the conference, after listening to the report on the implementation of the resolution of the Politburo on breakthroughs in science and technology, the General Secretary highly appreciated the efforts of ministries and agencies.";
    const OPTIONS: Finish = Finish { check_mixed: true };

    fn raw(text: &str) -> Raw {
        Raw {
            text: text.to_string(),
            ..Raw::default()
        }
    }

    #[test]
    fn declared_language_is_kept_unless_clearly_contradicted() {
        let mut confirmed = raw(FR);
        confirmed.lang = Some("fr-FR".into());
        let article = finish(confirmed, "x", None, OPTIONS).unwrap();
        assert_eq!((article.lang, article.lang_confidence), (Lang::Fr, 1.0));
        assert!(article.warnings.iter().all(|w| !w.contains("declared")));

        let mut wrong = raw(FR);
        wrong.lang = Some("en".into());
        let article = finish(wrong, "x", None, OPTIONS).unwrap();
        assert_eq!(article.lang, Lang::Fr);
        assert!(
            article.warnings.iter().any(|w| w.contains("contradicted")),
            "{:?}",
            article.warnings
        );

        // Too short to contradict anything: the declaration stands.
        let mut short = raw("la réunion du comité");
        short.lang = Some("en".into());
        assert_eq!(finish(short, "x", None, OPTIONS).unwrap().lang, Lang::En);
    }

    #[test]
    fn other_language_keeps_its_code() {
        let article = finish(
            raw("Die Bundesregierung hat am Mittwoch beschlossen, die Förderung für Forschung und Entwicklung in den kommenden Jahren deutlich zu erhöhen, um die Wettbewerbsfähigkeit der deutschen Wirtschaft zu stärken."),
            "x",
            None,
            OPTIONS,
        )
        .unwrap();
        assert_eq!(article.lang, Lang::Other);
        assert_eq!(article.lang_detected.as_deref(), Some("deu"));
    }

    #[test]
    fn ids_sources_dates_and_titles() {
        let mut input = raw(FR);
        input.url = Some("https://www.vtv.vn/a-b-100250924160008877.htm".into());
        let article = finish(input.clone(), "f.jsonl:3", None, OPTIONS).unwrap();
        assert_eq!(article.source.as_deref(), Some("vtv.vn"));
        assert_eq!(article.date, Date::new(2025, 9, 24));
        assert_eq!(article.id.len(), 16);
        assert_eq!(article.origin, "f.jsonl:3");
        assert!(article
            .warnings
            .contains(&"title taken from the first sentence".to_string()));
        assert!(!article.title.is_empty() && article.title.chars().count() <= LEAD_TITLE_CHARS);
        // Same input, same id.
        assert_eq!(
            finish(input.clone(), "other", None, OPTIONS).unwrap().id,
            article.id
        );
        assert_eq!(
            finish(input, "f.txt", Some("stem"), OPTIONS).unwrap().id,
            "stem"
        );
    }

    #[test]
    fn stored_title_and_text_keep_typographic_quotes_and_soft_hyphens() {
        let mut input = raw(&format!(
            "\u{201C}Une inno\u{00AD}vation\u{201D}, dit-il\u{00A0}: {FR}"
        ));
        input.title = Some("L\u{2019}État  mise sur l\u{2019}innovation\u{200B}".into());
        let article = finish(input, "x", None, OPTIONS).unwrap();
        assert_eq!(article.title, "L\u{2019}État mise sur l\u{2019}innovation");
        assert!(
            article
                .text
                .starts_with("\u{201C}Une inno\u{00AD}vation\u{201D}, dit-il : Lors"),
            "{}",
            article.text
        );
    }

    #[test]
    fn only_web_urls_are_kept() {
        for (url, want) in [
            (
                "https://nhandan.vn/a.html",
                Some("https://nhandan.vn/a.html"),
            ),
            ("http://x.fr/a?b=c#d", Some("http://x.fr/a?b=c#d")),
            ("www.vtv.vn/a.htm", Some("https://www.vtv.vn/a.htm")),
            ("javascript:alert(1)", None),
            ("JavaScript://%0aalert(1)", None),
            ("data:text/html,<script>alert(1)</script>", None),
            ("file:///etc/passwd", None),
            ("http://[::1", None),
            ("https://", None),
            ("not a url", None),
            ("/relative/path.html", None),
        ] {
            assert_eq!(web_url(url).as_deref(), want, "{url}");
        }
        let long = format!("https://x.vn/{}", "a".repeat(MAX_URL_BYTES));
        assert_eq!(web_url(&long), None);

        let mut input = raw(FR);
        input.url = Some("javascript:alert(1)".into());
        let article = finish(input, "x", None, OPTIONS).unwrap();
        assert_eq!(article.url, None);
        assert!(
            article
                .warnings
                .iter()
                .any(|w| w.contains("not a web address")),
            "{:?}",
            article.warnings
        );
    }

    #[test]
    fn overlong_ids_are_rejected() {
        // Regression (hostile corpus): a 100k-character id was indexed but `show` could not
        // find it, and a rerun could not replace it.
        let mut input = raw(FR);
        input.id = Some("i".repeat(MAX_ID_BYTES + 1));
        assert_eq!(
            finish(input, "x", None, OPTIONS).unwrap_err(),
            "id longer than 1024 bytes"
        );
        let mut input = raw(FR);
        input.id = Some("é".repeat(MAX_ID_BYTES / 2));
        assert_eq!(
            finish(input, "x", None, OPTIONS).unwrap().id.len(),
            MAX_ID_BYTES
        );
    }

    #[test]
    fn source_table() {
        for (given, url, want) in [
            (Some("www.NhanDan.vn"), None, Some("nhandan.vn")),
            (
                Some("Nhân Dân"),
                Some("https://nhandan.vn/x"),
                Some("nhandan.vn"),
            ),
            (Some("Nhân Dân"), None, Some("Nhân Dân")),
            (Some("https://www.vtv.vn/"), None, Some("vtv.vn")),
            (None, Some("not a url"), None),
        ] {
            assert_eq!(
                clean_source(given.map(str::to_string), url).as_deref(),
                want,
                "{given:?} {url:?}"
            );
        }
    }

    #[test]
    fn lead_title_table() {
        assert_eq!(lead_title("Short lead. Then more."), "Short lead");
        assert_eq!(lead_title("No final stop"), "No final stop");
        assert_eq!(lead_title("Le n° 57-NQ/TW. Suite"), "Le n° 57-NQ/TW");
        assert_eq!(
            lead_title("Giá xăng sẽ tăng? Chưa chắc."),
            "Giá xăng sẽ tăng?"
        );
        assert_eq!(lead_title("Enfin ! La suite"), "Enfin !");
        let long = lead_title(&"mot ".repeat(100));
        assert!(
            long.ends_with('…') && long.chars().count() <= LEAD_TITLE_CHARS,
            "{long}"
        );
        assert_eq!(
            lead_title(&"x".repeat(300)).chars().count(),
            LEAD_TITLE_CHARS
        );
        // Regression (found by proptest): a text starting with a lone full stop gave "".
        assert_eq!(lead_title(".\n\na"), ".\n\na".replace("\n\n", " "));
        assert_eq!(lead_title("... Vraiment. Oui"), "... Vraiment");
        assert_eq!(
            lead_title("24 août 17:54\n\nLe conseil a voté le budget. Suite."),
            "Le conseil a voté le budget"
        );
        assert_eq!(
            lead_title("HANOI (Reuters)\n\nThe council voted. More."),
            "The council voted"
        );
    }

    #[test]
    fn rejects_empty_and_legacy_text() {
        assert_eq!(
            finish(raw(" \n "), "x", None, OPTIONS).unwrap_err(),
            "empty article text"
        );
        assert_eq!(
            finish(
                raw("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"),
                "x",
                None,
                OPTIONS
            )
            .unwrap_err(),
            "legacy Vietnamese encoding (VNI)"
        );
    }

    #[test]
    fn mixed_articles_are_flagged() {
        let text = format!("{FR}\n\n{FR}\n\n{EN}\n\n{EN}\n\n{FR}");
        let note = mixed_note(&text).unwrap();
        assert_eq!(note, "mixed languages (paragraphs: fr 3, en 2)");
        assert_eq!(mixed_note(&format!("{FR}\n\n{FR}\n\n{FR}\n\n{EN}")), None);
    }
}
