//! Cleaning of scraped article pages saved as text (`.txt`, `.md`): site banners, image
//! placeholders and captions, wire-agency prefixes, source footers, comment widgets and
//! related-article lists, machine-translation labels. Each rule is one row of a table of
//! patterns, so a new site's chrome is a new row rather than new code.

use crate::dates::{
    date_from_url, find_date_in, is_stamp, numeric_order, parse_date, weekday_before, NumericOrder,
};
use crate::slug::{slug_words, spelling};
use newsindex_core::{Date, Month};
use regex::Regex;
use std::sync::LazyLock;

/// What a scraped page yields once its chrome is removed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CleanedPage {
    /// The headline, when the page shows one.
    pub title: Option<String>,
    /// The article URL from a `Source: URL` footer.
    pub url: Option<String>,
    /// The outlet's name from an `outlet + date` line (`Báo Nhân dân`).
    pub outlet: Option<String>,
    /// The publication date: from an `outlet + date` line, a dateline near the top, the
    /// `Source:` URL, the store's ` date ` note or, last, a dated lead.
    pub date: Option<Date>,
    /// The publication month when the page states no day: the store's ` date 2024-09 ` note.
    pub month: Option<Month>,
    /// The body: clean paragraphs separated by blank lines.
    pub text: String,
    /// What was odd about the page.
    pub warnings: Vec<String>,
}

/// What a whole line of chrome means.
#[derive(Debug, Clone, Copy, PartialEq)]
enum LineKind {
    /// Not part of the article; drop it.
    Chrome,
    /// The article ends here: drop this line and everything after it.
    End,
    /// The article ends here once a paragraph of it has been read (tags, a comment prompt);
    /// above the first paragraph the line is chrome, so no article is cut at its top.
    EndOfText,
    /// `Source: URL`: remember the URL, drop the line.
    SourceUrl,
}

/// Whole-line rules, tried in order; the first match decides.
static LINE_RULES: LazyLock<Vec<(&'static str, Regex, LineKind)>> = LazyLock::new(|| {
    let rule = |name, pattern: &str, kind| (name, Regex::new(pattern).expect("valid regex"), kind);
    vec![
        rule(
            "comment widget",
            r"(?i)^(comments?|bình luận|commentaires?|ý kiến|réactions?)\s*\(\d+\)$",
            LineKind::End,
        ),
        rule(
            "comment prompt",
            r"(?i)^(comments?|commentaires?|bình luận|ý kiến bạn đọc|gửi bình luận|viết bình luận|gửi ý kiến|leave a (comment|reply)|post a comment|add a comment|laisser un commentaire|réagir à cet article|connectez-vous pour (commenter|réagir))\s*:?$",
            LineKind::EndOfText,
        ),
        rule(
            "tags line",
            r"(?i)^(tags?|từ khóa|từ khoá|mots[- ]clés|topics)\s*(:\s*\S.{0,300})?$",
            LineKind::EndOfText,
        ),
        rule(
            "advertisement label",
            r"(?i)^(advertisement|advertising|sponsored content|publicité|quảng cáo)$",
            LineKind::Chrome,
        ),
        rule(
            "related-articles block",
            r"(?i)^(same category|same author|same topic|related|related (news|articles|posts|stories|content|coverage)|read more|read also|also read|see also|more news|more stories|most read|most popular|tin liên quan|bài liên quan|tin khác|các tin khác|tin cùng chuyên mục|cùng chuyên mục|cùng tác giả|xem thêm|đọc thêm|đọc nhiều|xem nhiều|tin đọc nhiều|même catégorie|même auteur|articles? (liés|similaires|connexes)|à lire aussi|lire aussi|à lire également|lire également|voir aussi|les plus lus|dans la même rubrique|sur le même sujet)\s*:?$",
            LineKind::End,
        ),
        rule(
            "skip link",
            r"(?i)^(skip to (the )?(main )?content|skip to main|skip navigation|aller au contenu( principal)?|passer au contenu( principal)?|aller à la navigation|chuyển đến nội dung( chính)?|bỏ qua nội dung)$",
            LineKind::Chrome,
        ),
        rule(
            "empty widget",
            r"(?i)^(no data|no videos? available|no comments? yet|không có dữ liệu|chưa có bình luận|aucune donnée|aucun commentaire)$",
            LineKind::Chrome,
        ),
        rule(
            "media fallback",
            r"(?i)^(your browser does not support|votre navigateur ne (supporte|prend en charge) pas|trình duyệt (của bạn )?không hỗ trợ)\b.{0,80}$",
            LineKind::Chrome,
        ),
        rule(
            "related link",
            r"(?i)^(read more|read also|also read|see also|related|lire aussi|à lire aussi|lire également|à lire également|voir aussi|xem thêm|đọc thêm|tin liên quan)\s*[:>»–-]\s*\S.{0,200}$",
            LineKind::Chrome,
        ),
        rule(
            "share bar",
            r"(?i)^((share( this( article| story| page| post)?)?|chia sẻ( bài viết)?|partager( cet article)?|partagez( cet article)?|facebook|twitter|x|email|e-mail|zalo|linkedin|whatsapp|messenger|telegram|print|imprimer|in bài|copy link|copier le lien|sao chép liên kết)\s*[:|,·•/]?\s*)+$",
            LineKind::Chrome,
        ),
        rule(
            "subscription prompt",
            r"(?i)^((subscribe|sign up|abonnez-vous|inscrivez-vous|đăng ký)\b.{0,80}\b(newsletter|to read|to continue|to get|lire la suite|pour lire|pour recevoir|lettre d'information|bản tin|nhận tin|đọc tiếp)\b.{0,80}|(to continue reading|continue reading|pour lire la suite|lire la suite|đọc tiếp)\b.{0,100})$",
            LineKind::Chrome,
        ),
        rule(
            "feed subscription",
            r"(?i)^(subscribe to\b.{1,60}\b(feed|rss)|(s'abonner|abonnez-vous) au flux( rss)?|đăng ký (nhận )?rss)\b.{0,60}$",
            LineKind::Chrome,
        ),
        rule(
            "paid offer",
            r"(?i)^(try|subscribe|essayez|abonnez-vous|profitez|dùng thử|đăng ký)\b(.{0,80}([$€£]\s?\d|\d\s?[$€£]).{0,60}\b(a|per|par|le|du|/)?\s?(days?|weeks?|months?|years?|jours?|semaines?|mois|ans?|ngày|tuần|tháng|năm)\b|.{0,60}\b(days?|weeks?|months?|jours?|semaines?|mois|ngày|tuần|tháng)\b.{0,60}([$€£]\s?\d|\d\s?[$€£])).{0,40}$",
            LineKind::Chrome,
        ),
        rule(
            "loading notice",
            r"(?i)^(loading|chargement( en cours)?|đang tải)\s*(\.{3}|…)?$",
            LineKind::Chrome,
        ),
        rule(
            "author label",
            r"(?i)^(author|auteur|autrice|auteur/autrice|auteure|tác giả)\s*:\s*[^.!?:]{1,60}$",
            LineKind::Chrome,
        ),
        rule(
            "copyright line",
            r"(?i)^((©|\(c\)\s|(copyright|bản quyền)\s*(©|\(c\)|\d{4}|thuộc về)).{0,200}|.{0,200}\b(all rights reserved|tous droits réservés|bảo lưu mọi quyền)\b.{0,100})$",
            LineKind::Chrome,
        ),
        rule(
            "cookie notice",
            r"(?i)^.{0,120}\bcookies?\b.{0,200}\b(privacy|consent|accept|policy|politique|confidentialité|accepter|chính sách|đồng ý)\b.{0,120}$",
            LineKind::Chrome,
        ),
        rule(
            "media player clock",
            r"^\d{1,2}:\d{2}(:\d{2})?(\s*/\s*\d{1,2}:\d{2}(:\d{2})?)?$",
            LineKind::Chrome,
        ),
        rule(
            "markdown image",
            r"^(!\[[^\]]*\]\([^)]*\)\s*)+\|?$",
            LineKind::Chrome,
        ),
        rule(
            "image file name",
            r"(?i)^\S*\.(jpe?g|png|webp|gif|avif|svg)\)?\s*\|?$",
            LineKind::Chrome,
        ),
        rule(
            "image alt text",
            r"(?i)^.{1,250}\s(photo|photos|ảnh|hình|image|illustration)\s*\d{1,2}$",
            LineKind::Chrome,
        ),
        rule(
            "photo caption with credit",
            r"(?i)^.{0,300}\((photos?|ảnh|hình|image|crédit photo|credit|nguồn ảnh|source photo)\s*:\s*[^()]{1,80}\)\s*\|?$",
            LineKind::Chrome,
        ),
        rule(
            "photo credit",
            r"(?i)^(photos?|ảnh|crédit photo|credit|nguồn ảnh)\s*:\s*[^.!?]{1,60}$",
            LineKind::Chrome,
        ),
        rule(
            "source footer",
            r"(?i)^(source|sources|nguồn|theo)\s*:\s*https?://\S+$",
            LineKind::SourceUrl,
        ),
    ]
});

/// A site banner (`Vietnam.vn - Nền tảng quảng bá Việt Nam`): a domain, a dash, a tagline.
static BANNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\p{L}\d-]+(\.[\p{L}\d-]+)+\s*[-–—|]\s*\S.{0,100}$").expect("valid regex")
});
/// The outlet name doubled and glued to a date (`Báo Nhân dânBáo Nhân dân29/05/2025`), as
/// aggregators render an outlet logo and a dateline.
static OUTLET_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([^.!?:;,\d]{3,80}?)\s*(\d{1,2}/\d{1,2}/\d{4})(\s+\d{1,2}:\d{2}(:\d{2})?)?$")
        .expect("valid regex")
});
/// A wire or outlet prefix on the lead: `NDO - `, `VOV - `, `TTXVN - `, `(Chinhphu.vn) - `.
static WIRE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\(?(\p{Lu}[\p{Lu}\d]{1,9}(\.\p{L}{2,3})?|[\p{L}\d]+\.(vn|com|net|org|fr))\)?\s*[-–—]\s+",
    )
    .expect("valid regex")
});
/// A language-switcher label glued to a paragraph by a machine translator (`Français Le ...`).
static MT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(Français|English|Tiếng Việt|Vietnamese|Anglais|Vietnamien|Deutsch|Español)\s+(\p{Lu}\p{L}*['’]?)(\s+(\S+))?")
        .expect("valid regex")
});
/// Words that start a sentence, so a capitalised word after them does not mean a proper noun.
const SENTENCE_STARTERS: [&str; 16] = [
    "Le", "La", "Les", "L'", "Un", "Une", "Des", "Ce", "Cette", "The", "A", "An", "This", "In",
    "Ông", "Bà",
];
/// A day and month near the start of a lead (`Le matin du 15 octobre`, `On May 29`, `Sáng 13/1`).
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2}(er)?\s+(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)|(january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2}|\d{1,2}\s+(january|february|march|april|may|june|july|august|september|october|november|december)|ngày\s+\d{1,2}|\d{1,2}/\d{1,2})\b")
        .expect("valid regex")
});
static INLINE_IMAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!\[[^\]]*\]\([^)]*\)").expect("valid regex"));
static SPACE_COMMA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+,").expect("valid regex"));
static SENTENCE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[.!?]\s+\p{Lu}").expect("valid regex"));

/// A note some page stores put before a page's first line (` date 2024-09 `): it belongs to
/// the store, not to the headline.
static STORE_NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^date (\d{4}(?:-\d{2}){0,2})(?:\s+|$)").expect("valid regex"));
/// A menu or breadcrumb line: items joined by separators, or led by the home link. A `»`
/// or `›` between two words without spaces (`Site»Kinh tế»Tài chính`) joins crumbs: a
/// French closing quote is followed by a space or punctuation, never a capital.
static MENU_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(home|trang chủ|accueil)\s+\S|\s[|»›>•·/]\s|^[|»›>•·]|[|»›>•·]$|\p{L}[»›]\p{Lu}",
    )
    .expect("valid regex")
});
/// A label that says the date after it is the last update, not the publication
/// (`Cập nhật: 23/12/2024`, `Updated Dec. 23, 2024`, `Mis à jour le 23 décembre 2024`).
static UPDATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(cập nhật|updated?|last modified|modified|mis à jour|mise à jour|modifié|actualisé)\b")
        .expect("valid regex")
});
/// A label that says the date after it is the publication (`Published June 4, 2025`,
/// `Article publié dans … du 14 juin 2024`, `Ngày đăng: 04/06/2025`): such a line dates the
/// page wherever it stands in the opening.
static PUBLISHED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(published|posted|publié|publiée|mis en ligne|paru|parue|ngày đăng|đăng lúc|đăng ngày|xuất bản)\b")
        .expect("valid regex")
});
/// An inline HTML tag left in scraped text (`<p>`, `</strong>`, `<br/>`): markup, not words.
static INLINE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)</?(p|br|b|i|u|em|strong|span|div|a|h[1-6]|small|sup|sub|figure|figcaption|blockquote|li|ul|ol)(\s[^<>]{0,200})?/?>")
        .expect("valid regex")
});
/// A wire dateline alone on its line (`HANOI (Reuters)`, `PARIS –`, `NEW YORK (AP) —`): a
/// place in capitals, then a source in brackets or a dash, the story starting on the next line.
static WIRE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{Lu}\p{M}.'’-]*(\s+\p{Lu}[\p{Lu}\p{M}.'’-]*){0,2},?\s*(\([^()]{2,30}\)\s*[-–—:]?|[-–—])$")
        .expect("valid regex")
});
/// What follows a stamp closing a headline's line: the page's age (`( 13 minutes ago )`,
/// `(il y a 2 heures)`, `(2 giờ trước)`) or a clock (`| 08:15`, `- 10h30`).
static STAMP_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^([|–—-]\s*)?(\(\s*(\d+|an?|one)\s+\p{L}+\s+ago\s*\)|\(\s*il y a\s+[^()]{1,25}\)|\(\s*\d+\s+\p{L}+\s+trước\s*\)|\d{1,2}[:h]\d{2}(\s*(am|pm))?)$")
        .expect("valid regex")
});
/// A sticky header that repeats the headline while the page scrolls (`Reading: …`): the
/// headline stands on its own line elsewhere.
static READING_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(reading|now reading|you are reading|vous lisez|en cours de lecture|đang đọc)\s*:",
    )
    .expect("valid regex")
});
/// A byline (`By The Associated Press`, `Par Jean Dupont`): never the headline.
static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(By|BY|Par|PAR)\s+\p{Lu}").expect("valid regex"));

/// The fewest words a headline below other lines must have: shorter lines above the body are
/// section names and menu items (`Thời sự`, `Politics & Law`, `Advertisement`).
const MIN_HEADLINE_WORDS: usize = 4;
/// The fewest words of a headline the page prints twice (see [`headline_printed_twice`]).
const MIN_REPEATED_HEADLINE_WORDS: usize = 3;
/// A line this short (in words) above the headline is chrome: a section name, a label.
const MAX_CHROME_WORDS: usize = 3;
/// The most words besides the date in a dateline (`Publié le … à 14h30`, `By X Y Z …`).
const MAX_DATELINE_WORDS: usize = 6;
/// The longest outlet name read from an `outlet + date` line.
const MAX_OUTLET_CHARS: usize = 40;
/// Lead lines searched for a date in running text when the page has no dateline.
const LEAD_LINES: usize = 3;
/// How far into a lead line (in characters) its opening date may start (`On 3 March 2025`).
const MAX_LEAD_DATE_OFFSET: usize = 12;
/// A line with this many words is a paragraph of the body (datelines come before the second).
const MIN_PARAGRAPH_WORDS: usize = 12;
/// Lines searched for the headline and for a dateline.
const TITLE_LINES: usize = 6;
const DATE_LINES: usize = 10;
/// Lines searched for a headline when only chrome stands above it: a site menu written one
/// item a line fills dozens.
const CHROME_LINES: usize = 80;

/// A line this short (in words and characters) right above a longer headline is a section
/// name: Vietnamese words are syllables, so `Văn hóa nông thôn` (rural culture) counts four.
const MAX_SECTION_WORDS: usize = 4;
const MAX_SECTION_CHARS: usize = 32;
/// Lines searched for a headline named by a breadcrumb when the top lines are not the
/// headline: menus and notices can fill dozens.
const BREADCRUMB_LINES: usize = 80;

/// The longest label ending on a colon (`Tìm thấy 3 kết quả:`) taken for chrome; a longer line
/// ending so is a sentence that introduces a quote or a list.
const MAX_LABEL_CHARS: usize = 40;

/// The fewest words of four letters or more, and the share of them capitalised, of a line
/// in title case.
const MIN_TITLE_CASE_WORDS: usize = 6;
const TITLE_CASE_PERCENT: usize = 85;
/// How many lines below a headline-shaped line its dateline may stand (captions, a paywall
/// notice and a byline come between), when the page opens on its lead.
const DATELINE_REACH: usize = 5;

/// The longest headline accepted without further evidence.
const MAX_HEADLINE_CHARS: usize = 160;
/// The longest one-sentence summary accepted as the headline when a dateline follows it.
const MAX_SUMMARY_TITLE_CHARS: usize = 250;
/// Lines near the top that may carry a banner, an outlet+date line or a wire prefix.
const HEAD_LINES: usize = 8;

fn ends_with_punctuation(line: &str) -> bool {
    line.ends_with(['.', '!', '?', ':', ';', ',', '…'])
}

/// Whether a line ends as a headline cannot: a headline may ask or exclaim (`Why now?`), but
/// does not end on a full stop, a colon or a trailing comma, unless it is written in title
/// case (`Rate Cuts Are Coming. History Says the Market Will Rise.`): sentences are not.
fn ends_unlike_a_headline(line: &str) -> bool {
    if line.ends_with('.') && in_title_case(line) {
        return false;
    }
    line.ends_with(['.', ':', ';', ',', '…'])
}

/// Whether nearly every longer word of a line starts with a capital, as English headlines
/// are written (`in`, `the`, `of` stay small): a sentence capitalises only its first word and
/// names. Vietnamese names are several capitalised syllables, so the share asked for is high.
fn in_title_case(line: &str) -> bool {
    let words: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    words.len() >= MIN_TITLE_CASE_WORDS && capitalised * 100 >= words.len() * TITLE_CASE_PERCENT
}

fn classify(line: &str) -> Option<LineKind> {
    LINE_RULES
        .iter()
        .find(|(_, pattern, _)| pattern.is_match(line))
        .map(|(_, _, kind)| *kind)
}

/// Removes a machine-translation label from the start of a paragraph, unless the label is
/// the first word of a proper noun (`English Premier League`).
fn strip_mt_label(line: &str) -> &str {
    let Some(c) = MT_LABEL.captures(line) else {
        return line;
    };
    let (Some(label), Some(next)) = (c.get(1), c.get(2)) else {
        return line;
    };
    let after_next_capitalised = c
        .get(4)
        .and_then(|m| m.as_str().chars().next())
        .is_some_and(char::is_uppercase);
    let next = next.as_str().replace('’', "'");
    if after_next_capitalised && !SENTENCE_STARTERS.contains(&next.as_str()) {
        return line;
    }
    line[label.end()..].trim_start()
}

/// Rewrites one kept body line: inline images, leading `*`, a machine-translation label,
/// a space before a comma, a trailing table bar.
fn tidy_line(line: &str) -> String {
    let line = INLINE_IMAGE.replace_all(line, "");
    let line = line.trim().trim_start_matches('*').trim_start();
    let line = strip_mt_label(line);
    let line = line.trim_end_matches('|').trim_end();
    let line = SPACE_COMMA.replace_all(line, ",");
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Removes the doubled outlet name: `Báo Nhân dânBáo Nhân dân` → `Báo Nhân dân`.
fn dedupe_halves(name: &str) -> &str {
    let name = name.trim();
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    if chars.len() & 1 == 0 && !chars.is_empty() {
        let mid = chars[chars.len() / 2].0;
        if name[..mid].trim() == name[mid..].trim() {
            return name[..mid].trim();
        }
    }
    name
}

/// Cleans a scraped article page. The input should already be cleaned text (see
/// `newsindex_analysis::clean_text`: typographic quotes kept); lines are paragraphs.
pub fn clean_page(text: &str) -> CleanedPage {
    let mut page = CleanedPage::default();
    let mut lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let (mut note_date, mut note_month) = (None, None);
    if let Some(first) = lines.first_mut() {
        if let Some(c) = STORE_NOTE.captures(first) {
            note_date = Date::parse_iso(&c[1]);
            note_month = Month::parse_iso(&c[1]);
            *first = first[c.get(0).map_or(0, |m| m.end())..].trim();
        }
    }
    lines.retain(|l| !l.is_empty());
    let mut start = 0;
    let mut had_banner = false;
    if lines.first().is_some_and(|l| BANNER.is_match(l)) {
        start = 1;
        had_banner = true;
    }
    let body_lines = clean_lines(&lines[start..], &mut page);
    let order = numeric_order(text);
    let (title, body) = page
        .url
        .as_deref()
        .and_then(|url| headline_spelled_by_the_url(&body_lines, url))
        .map_or_else(
            || split_title(&body_lines, had_banner),
            |at| title_at(&body_lines, at),
        );
    let (mut published, mut updated) = top_dateline(&body_lines, order);
    // The dateline below the headline: a headline found below many lines of chrome has its
    // dateline there, not at the top.
    let (below, below_updated) = top_dateline(&body, order);
    if published.is_none() {
        published = below;
        updated = updated.or(below_updated);
    }
    // A date stamp above the headline later than the headline's own dateline or the URL's
    // date is the day the page was shown (a site's clock, `March 3rd, 2025`): a page is
    // published before any day it shows. A stamp earlier than them is the publication.
    if let (Some(stamp), Some(title)) = (published, &title) {
        let stamped_above = body_lines
            .iter()
            .take_while(|l| *l != title)
            .any(|l| is_stamp(l) && dateline(l, order) == Some(Dated::Published(stamp)));
        if stamped_above {
            let below = below.or_else(|| page.url.as_deref().and_then(date_from_url));
            published = below.filter(|date| *date < stamp).or(published);
        }
    }
    // The page's own dateline first, then its URL, then a line anywhere in the opening that
    // says it gives the publication, then the date it was last updated (the same day or later
    // than the publication), then the store's note. A stamp closing the headline's own line
    // comes after the URL.
    if page.date.is_none() {
        page.date = published
            .or_else(|| page.url.as_deref().and_then(date_from_url))
            .or_else(|| {
                title
                    .as_deref()
                    .and_then(|t| date_closing_the_headline(t, order))
            })
            .or_else(|| labelled_publication(&body_lines, order))
            .or(updated)
            .or(note_date);
    }
    // Last, a lead that opens on a date with a year (`Ngày 12 tháng 6 năm 2025, ...`): a news
    // lead dates its story on the day it is published or the day before. A date further into
    // the sentence is often another one (`la résolution du 22 décembre 2024`), unless the
    // lead names its weekday (`a entamé ce dimanche 25 mai 2025`): that is the news day.
    if page.date.is_none() {
        page.date = body.iter().take(LEAD_LINES).find_map(|l| {
            let (date, span) = find_date_in(l, order)?;
            let before = &l[..span.start];
            (before.chars().count() <= MAX_LEAD_DATE_OFFSET || weekday_before(before))
                .then_some(date)
        });
    }
    page.month = page.date.is_none().then_some(note_month).flatten();
    page.title = title;
    page.text = body.join("\n\n");
    page
}

/// The date of a stamp that closes the headline's line, followed by the page's age or clock
/// (`… Monday, 26 October 2020 ( 13 minutes ago )`, `… 9/5/2022 | 08:15`): aggregators print
/// the publication there. A date closing a headline without such a tail is the story's
/// (`Vietnam to vote on 23 May 2021`), not the page's.
fn date_closing_the_headline(title: &str, order: NumericOrder) -> Option<Date> {
    let (date, span) = find_date_in(title, order)?;
    let tail = title[span.end..].trim();
    (!tail.is_empty() && STAMP_TAIL.is_match(tail)).then_some(date)
}

/// The dates of the first publication dateline and of the first update dateline above the
/// body: the search stops at the second paragraph, since a short dated line further down is
/// a truncated sentence or another story's date. A paragraph ends with punctuation: a long
/// headline or breadcrumb above the dateline is not one. A page that shows its update first
/// (`Cập nhật 23/12/2024` above `Đăng 22/12/2024`) is dated by its publication.
fn top_dateline(lines: &[String], order: NumericOrder) -> (Option<Date>, Option<Date>) {
    let (mut paragraphs, mut updated) = (0, None);
    for line in lines.iter().take(DATE_LINES) {
        match dateline(line, order) {
            Some(Dated::Published(date)) => return (Some(date), updated),
            Some(Dated::Updated(date)) => {
                updated = updated.or(Some(date));
            }
            None => {}
        }
        if is_paragraph(line) && ends_with_punctuation(line) {
            paragraphs += 1;
            if paragraphs == 2 {
                break;
            }
        }
    }
    (None, updated)
}

/// The date of the first line that labels itself the publication's (`Published June 4,
/// 2025`, `Article publié dans Le Journal du 14 juin 2024`), wherever it stands: the label
/// says what the date is, so the line need not be near the top.
fn labelled_publication(lines: &[String], order: NumericOrder) -> Option<Date> {
    lines.iter().find_map(|line| match dateline(line, order) {
        Some(Dated::Published(date)) if PUBLISHED_LABEL.is_match(line) => Some(date),
        _ => None,
    })
}

/// What a dateline says its date is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Dated {
    /// The publication date (or a date without a label).
    Published(Date),
    /// The date of the last update: only a fallback for the publication date.
    Updated(Date),
}

/// The date of a dateline: a line holding a date with a year and at most a few other words
/// (`27/06/2025 22:36 GMT+7`, `Publié le 22 décembre 2024`, `PV - CTV October 24, 2025`).
/// Of the dates on the line, the first not labelled as an update is the publication
/// (`Updated Dec. 23, 2024 | Published Dec. 22, 2024`).
fn dateline(line: &str, order: NumericOrder) -> Option<Dated> {
    let words = |s: &str| {
        s.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count()
    };
    // Every date of the line, and the words around them.
    let mut dates = Vec::new();
    let (mut end, mut date_words) = (0, 0);
    while let Some((date, found)) = find_date_in(&line[end..], order) {
        let span = end + found.start..end + found.end;
        date_words += words(&line[end..span.start]);
        end = span.end;
        dates.push((date, span));
    }
    if dates.is_empty() {
        return None;
    }
    date_words += words(&line[end..]);
    // A line with a publication and an update date carries a label and a time for each.
    let allowed = if dates.len() > 1 && UPDATE_LABEL.is_match(line) {
        2 * MAX_DATELINE_WORDS
    } else {
        MAX_DATELINE_WORDS
    };
    if date_words > allowed {
        return None;
    }
    let mut from = 0;
    let mut updated = None;
    for (date, span) in dates {
        if !UPDATE_LABEL.is_match(&line[from..span.start]) {
            return Some(Dated::Published(date));
        }
        updated = updated.or(Some(date));
        from = span.end;
    }
    updated.map(Dated::Updated)
}

/// Applies the line rules to a page's lines; fills the page's URL, outlet and date, and
/// returns the kept, tidied paragraphs.
pub(crate) fn clean_lines(lines: &[&str], page: &mut CleanedPage) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        // Markup left in the text is removed first, so `<p>Tin liên quan</p>` still ends the
        // article and no tag reaches the headline or the index.
        let unmarked = strip_tags(line);
        let line = unmarked.trim();
        // A line without a letter or digit (`•`, `|`, `* * *`) is a menu's bullet or a
        // separator: it says nothing and would hide the headline below it.
        if !line.chars().any(char::is_alphanumeric) {
            continue;
        }
        match classify(line) {
            Some(LineKind::End) if !kept.is_empty() => {
                source_url_below(&lines[index + 1..], page);
                break;
            }
            Some(LineKind::EndOfText) if kept.iter().any(|l| is_paragraph(l)) => {
                source_url_below(&lines[index + 1..], page);
                break;
            }
            Some(LineKind::End | LineKind::EndOfText | LineKind::Chrome) => continue,
            Some(LineKind::SourceUrl) => {
                if page.url.is_none() {
                    page.url = footer_url(line);
                }
                continue;
            }
            None => {}
        }
        if index < HEAD_LINES && page.date.is_none() {
            // `Cập nhật 23/12/2024` is an update label, not an outlet: left to the datelines.
            let outlet_date = OUTLET_DATE
                .captures(line)
                .filter(|c| !UPDATE_LABEL.is_match(&c[1]));
            if let Some(c) = outlet_date {
                if let Some(date) = parse_date(&c[2]) {
                    page.date = Some(date);
                    let name = dedupe_halves(&c[1]);
                    // A long text before the date is a headline dated on its line, not an
                    // outlet's name: keep it.
                    if name.chars().count() <= MAX_OUTLET_CHARS {
                        page.outlet = Some(name.to_string());
                        continue;
                    }
                }
            }
        }
        let mut tidy = tidy_line(line);
        if kept.len() < 3 {
            if let Some(m) = WIRE_PREFIX.find(&tidy) {
                tidy = tidy[m.end()..].to_string();
            }
        }
        if !tidy.is_empty() {
            kept.push(tidy);
        }
    }
    kept
}

/// The index of the first line near the top that spells the page URL's slug (see
/// [`crate::slug`]): not a menu or breadcrumb line, no longer than a summary headline, and
/// with text below it (a page of one line is its own lead). The first, since a page may show
/// its headline as updated (`12 Dead…`) above the one its address kept (`10 Dead…`).
fn headline_spelled_by_the_url(lines: &[String], url: &str) -> Option<usize> {
    let slug = slug_words(url);
    if slug.is_empty() {
        return None;
    }
    lines
        .iter()
        .enumerate()
        .take(CHROME_LINES.min(lines.len().saturating_sub(1)))
        .find(|(_, line)| {
            line.chars().count() <= MAX_SUMMARY_TITLE_CHARS
                && !MENU_LINE.is_match(line)
                && !READING_LABEL.is_match(line)
                && !not_headline_material(line)
                && spelling(line, &slug).is_some()
        })
        .map(|(at, _)| at)
}

/// The headline at `at` and the body: the lines below it (its repeats dropped) and, when it
/// stands among the top lines, the paragraphs above it (a teaser of the lead printed first).
fn title_at(lines: &[String], at: usize) -> (Option<String>, Vec<String>) {
    let title = &lines[at];
    let above = lines[..at]
        .iter()
        .filter(|l| at < TITLE_LINES && is_paragraph(l));
    let below = lines[at + 1..].iter().filter(|l| *l != title);
    (Some(title.clone()), above.chain(below).cloned().collect())
}

/// Reads a `Source: URL` footer among the lines below the article's end (a related list or
/// the tags stand between the text and the footer a scraper appends).
fn source_url_below(lines: &[&str], page: &mut CleanedPage) {
    if page.url.is_some() {
        return;
    }
    page.url = lines
        .iter()
        .map(|line| line.trim())
        .find(|line| classify(line) == Some(LineKind::SourceUrl))
        .and_then(footer_url);
}

/// The URL of a `Source: URL` footer line.
fn footer_url(line: &str) -> Option<String> {
    line.split_whitespace().last().map(str::to_string)
}

/// Picks the headline: the first headline-shaped line near the top that only chrome (section
/// names, menus, datelines, bylines) precedes, the chrome dropped; else the first line when it
/// is a short line without final punctuation or a one-sentence summary followed by a dateline.
fn split_title(lines: &[String], had_banner: bool) -> (Option<String>, Vec<String>) {
    if let Some(at) = headline_printed_twice(lines) {
        return title_at(lines, at);
    }
    // A headline far down, below a long menu, is taken unless a breadcrumb names another
    // line as the page's heading (the menus of such pages hold headline-shaped notices).
    let below = headline_below_chrome(lines)
        .filter(|&at| at < TITLE_LINES || headline_ending_a_breadcrumb(lines).is_none());
    if let Some(at) = below {
        let title = lines[at].clone();
        let mut rest = &lines[at + 1..];
        // Some pages repeat the headline (a heading and a share title).
        if rest.first() == Some(&title) {
            rest = &rest[1..];
        }
        return (Some(title), rest.to_vec());
    }
    let Some(first) = lines.first() else {
        return (None, Vec::new());
    };
    let rest = &lines[1..];
    let chars = first.chars().count();
    let headline_shaped = chars <= MAX_HEADLINE_CHARS
        && !ends_unlike_a_headline(first)
        && !not_headline_material(first);
    if headline_shaped && (had_banner || !rest.is_empty()) {
        return (Some(first.clone()), rest.to_vec());
    }
    let one_sentence = !SENTENCE_BREAK.is_match(first);
    let dateline_follows = rest.first().is_some_and(|next| {
        let head: String = next.chars().take(60).collect();
        DATELINE.is_match(&head)
    });
    // A line ending on a colon introduces what follows (`Economic indicators:`): a label.
    if chars <= MAX_SUMMARY_TITLE_CHARS
        && one_sentence
        && dateline_follows
        && !DATELINE.is_match(first)
        && !first.ends_with(':')
    {
        let title = first.trim_end_matches(['.', ' ']).to_string();
        return (Some(title), rest.to_vec());
    }
    if let Some(at) =
        headline_ending_a_breadcrumb(lines).or_else(|| headline_above_a_dateline(lines))
    {
        let title = &lines[at];
        let rest = lines[at + 1..].iter().filter(|l| *l != title).cloned();
        return (Some(title.clone()), rest.collect());
    }
    (None, lines.to_vec())
}

/// The index of a line the top of a page prints twice, one right below the other or with a
/// line between (a heading and its share title, a headline above and inside a teaser box),
/// below the first line and with no headline-shaped line or paragraph above it (below a
/// paragraph, lines printed twice are an aggregator's list of other stories): such a line is
/// the headline even when it is shorter than a headline found by its shape alone must be
/// (`This Ain't Colorado!`). A first line printed twice is the ordinary first-line headline.
fn headline_printed_twice(lines: &[String]) -> Option<usize> {
    (1..lines.len().min(TITLE_LINES)).find(|&at| {
        let line = &lines[at];
        words_with_letters(line) >= MIN_REPEATED_HEADLINE_WORDS
            && line.chars().count() <= MAX_HEADLINE_CHARS
            && !not_headline_material(line)
            && !ends_unlike_a_headline(line)
            && !MENU_LINE.is_match(line)
            && !BYLINE.is_match(line)
            && lines[at + 1..].iter().take(2).any(|l| l == line)
            && !lines[..at]
                .iter()
                .any(|l| is_headline(l) || is_paragraph(l))
    })
}

/// The index of the headline-shaped line below a page's opening lead that the page's
/// publication dateline follows within a few lines: a page that opens on a teaser of its lead
/// shows its headline below it, with the byline and date under the headline. The dateline
/// must say it is the publication's, or be a bare stamp: a date in a fact sheet below a
/// caption (`Né le : 3/4/1961`) dates no page.
fn headline_above_a_dateline(lines: &[String]) -> Option<usize> {
    (1..lines.len().min(TITLE_LINES)).find(|&at| {
        lines[..at].iter().filter(|l| is_paragraph(l)).count() <= 1
            && is_headline(&lines[at])
            && lines[at + 1..].iter().take(DATELINE_REACH).any(|l| {
                dateline(l, NumericOrder::DayFirst).is_some()
                    && (PUBLISHED_LABEL.is_match(l) || is_stamp(l))
            })
    })
}

/// The index of the first headline-shaped line that a breadcrumb of the page ends with
/// (`Home > World > Maps show the smoke forecast`, then the heading itself): when menus and
/// notices fill the top of a page, the breadcrumb names the headline.
fn headline_ending_a_breadcrumb(lines: &[String]) -> Option<usize> {
    let top = &lines[..lines.len().min(BREADCRUMB_LINES)];
    let crumbs: Vec<&str> = top
        .iter()
        .filter(|l| MENU_LINE.is_match(l))
        .map(String::as_str)
        .collect();
    top.iter()
        .position(|line| crumbs.iter().any(|crumb| crumb_names(crumb, line)))
}

/// Whether a breadcrumb ends with `line`, a headline-shaped line (see [`named_by_a_crumb`]):
/// the breadcrumb names it as the page's heading.
fn crumb_names(crumb: &str, line: &str) -> bool {
    crumb.len() > line.len() && crumb.ends_with(line) && named_by_a_crumb(line)
}

/// Whether a line is shaped as a headline a breadcrumb may name: the breadcrumb says it is the
/// page's title, so it may hold the breadcrumb's own separator or a date (`Press review /
/// 1 to 15-04-2025`), which would make another line a menu or a dateline.
fn named_by_a_crumb(line: &str) -> bool {
    line.chars().count() <= MAX_HEADLINE_CHARS
        && line.split_whitespace().count() >= MIN_HEADLINE_WORDS
        && !not_headline_material(line)
        && !ends_unlike_a_headline(line)
}

/// Whether the line at `at` ends the breadcrumb right above it (`Home / News / Press review
/// / 1 to 15-04-2025`, then `Press review / 1 to 15-04-2025`): the page's heading.
fn ends_the_crumb_above(lines: &[String], at: usize) -> bool {
    at > 0 && MENU_LINE.is_match(&lines[at - 1]) && crumb_names(&lines[at - 1], &lines[at])
}

/// Whether a headline-shaped line is a section name above the real headline: a short line
/// (a few words, Vietnamese syllables counted as words) right above a longer headline.
fn section_name_above(line: &str, next: &str) -> bool {
    let words = |s: &str| s.split_whitespace().count();
    section_sized(line) && is_headline(next) && words(next) > words(line)
}

/// Whether a line is no longer than a section name (Vietnamese syllables counted as words).
fn section_sized(line: &str) -> bool {
    line.split_whitespace().count() <= MAX_SECTION_WORDS
        && line.chars().count() <= MAX_SECTION_CHARS
}

/// The index of the first headline-shaped line among the top lines, when every line above it
/// is chrome and body text follows it.
fn headline_below_chrome(lines: &[String]) -> Option<usize> {
    for (at, line) in lines.iter().enumerate().take(CHROME_LINES) {
        if at + 1 >= lines.len() {
            return None;
        }
        if ends_the_crumb_above(lines, at) {
            return Some(at);
        }
        if is_headline(line) && !in_a_menu(lines, at) {
            let section = at + 2 < lines.len() && section_name_above(line, &lines[at + 1]);
            // Far down a page, a headline-shaped line is a notice of the menus (`Have an
            // existing account? Sign In`) unless the article starts under it.
            let far = at >= TITLE_LINES && !article_starts_below(lines, at);
            if !section && !far {
                return Some(at);
            }
            continue;
        }
        if !is_chrome_above_headline(line) && !in_a_menu(lines, at) {
            return None;
        }
    }
    None
}

/// Removes inline HTML tags: a block tag (`<p>`, `<br>`) separates words, an inline one
/// (`<strong>`) does not, so `a</p><p>b` stays two words and `<b>x</b>.` stays `x.`.
fn strip_tags(line: &str) -> std::borrow::Cow<'_, str> {
    INLINE_TAG.replace_all(line, |c: &regex::Captures| {
        let name = c[1].to_ascii_lowercase();
        let inline = [
            "b", "i", "u", "em", "strong", "span", "a", "small", "sup", "sub",
        ];
        if inline.contains(&name.as_str()) {
            ""
        } else {
            " "
        }
    })
}

/// The words of a line that hold at least two letters: a time, a number, a symbol or a unit
/// (`17:54`, `+`, `↺`, `16`) is not a word of a headline, nor is a lone letter.
fn words_with_letters(line: &str) -> usize {
    line.split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count()
}

/// A line that cannot be a headline whatever surrounds it: fewer than two words of letters
/// (a time stamp, a widget), a date stamp (`mardi 4 mars 2025`), a wire dateline alone,
/// or a short label that introduces what follows (`Tìm thấy 3 kết quả:`, `Economic indicators:`).
pub(crate) fn not_headline_material(line: &str) -> bool {
    words_with_letters(line) < 2
        || WIRE_DATELINE.is_match(line)
        || is_stamp(line)
        || (line.ends_with(':') && line.chars().count() <= MAX_LABEL_CHARS)
}

/// A line shaped like a headline: a few words up to a short paragraph's length, no final
/// punctuation, not a menu, a dateline or a byline.
fn is_headline(line: &str) -> bool {
    line.chars().count() <= MAX_HEADLINE_CHARS
        && line.split_whitespace().count() >= MIN_HEADLINE_WORDS
        && !not_headline_material(line)
        && !ends_unlike_a_headline(line)
        && !MENU_LINE.is_match(line)
        && !BYLINE.is_match(line)
        && dateline(line, NumericOrder::DayFirst).is_none()
}

/// Whether a line is a paragraph of running text, not a headline, label or dateline.
fn is_paragraph(line: &str) -> bool {
    line.split_whitespace().count() >= MIN_PARAGRAPH_WORDS
}

/// Whether the article starts right below the line at `at`: a byline, a dateline or a
/// paragraph of the body.
fn article_starts_below(lines: &[String], at: usize) -> bool {
    lines.get(at + 1).is_some_and(|next| {
        BYLINE.is_match(next)
            || WIRE_DATELINE.is_match(next)
            || dateline(next, NumericOrder::DayFirst).is_some()
            || is_paragraph(next)
    })
}

/// Whether the line at `at` is an item of a site menu written one item a line: a short
/// line (`Tin theo khu vực`: four syllables, two Vietnamese words) between two short labels.
fn in_a_menu(lines: &[String], at: usize) -> bool {
    let short = |line: &str| section_sized(line) && !ends_with_punctuation(line);
    at > 0
        && at + 1 < lines.len()
        && short(&lines[at])
        && short(&lines[at - 1])
        && short(&lines[at + 1])
}

/// A line that may stand above the headline: a section name or label, a menu or breadcrumb,
/// a dateline, a byline.
fn is_chrome_above_headline(line: &str) -> bool {
    let short_label = line.split_whitespace().count() <= MAX_CHROME_WORDS
        && line.chars().count() <= 40
        && !ends_with_punctuation(line);
    short_label
        || (line.ends_with(':') && line.chars().count() <= MAX_LABEL_CHARS)
        || MENU_LINE.is_match(line)
        || BYLINE.is_match(line)
        || WIRE_DATELINE.is_match(line)
        || is_stamp(line)
        || dateline(line, NumericOrder::DayFirst).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_rules_table() {
        for (line, want) in [
            ("Comment (0)", Some(LineKind::End)),
            ("Bình luận (12)", Some(LineKind::End)),
            ("Same category", Some(LineKind::End)),
            ("Tin liên quan", Some(LineKind::End)),
            ("Tin khác", Some(LineKind::End)),
            ("Related", Some(LineKind::End)),
            ("À lire également :", Some(LineKind::End)),
            ("Related to the budget, the council said more.", None),
            ("No data", Some(LineKind::Chrome)),
            ("Skip to main content", Some(LineKind::Chrome)),
            (
                "Từ khóa: giá vàng, SJC, lãi suất",
                Some(LineKind::EndOfText),
            ),
            ("Tags: Vietnam, semiconductors", Some(LineKind::EndOfText)),
            (
                "Mots-clés : Vietnam, semi-conducteurs",
                Some(LineKind::EndOfText),
            ),
            ("Tags are sold at the market for a dollar.", None),
            ("Gửi bình luận", Some(LineKind::EndOfText)),
            ("Connectez-vous pour commenter", Some(LineKind::EndOfText)),
            ("Commentaires", Some(LineKind::EndOfText)),
            ("Advertisement", Some(LineKind::Chrome)),
            ("Publicité", Some(LineKind::Chrome)),
            (
                "Share this article: Facebook | Twitter | LinkedIn",
                Some(LineKind::Chrome),
            ),
            ("Chia sẻ bài viết: Facebook Zalo", Some(LineKind::Chrome)),
            (
                "Abonnez-vous pour lire la suite de cet article",
                Some(LineKind::Chrome),
            ),
            (
                "Subscribe to our newsletter to get the latest news.",
                Some(LineKind::Chrome),
            ),
            ("Đăng ký nhận bản tin của chúng tôi", Some(LineKind::Chrome)),
            (
                "Subscribe to Local News feed Local News",
                Some(LineKind::Chrome),
            ),
            ("S'abonner au flux RSS", Some(LineKind::Chrome)),
            ("Subscribers to the feed-in tariff were paid twice.", None),
            ("Try our app for 7 days for $1", Some(LineKind::Chrome)),
            ("Abonnez-vous : 1 € le premier mois", Some(LineKind::Chrome)),
            ("Try to imagine a $4 billion bridge", None),
            ("Chargement...", Some(LineKind::Chrome)),
            ("Loading…", Some(LineKind::Chrome)),
            ("Loading docks reopen after the strike", None),
            ("Auteur/autrice : Jean Martin", Some(LineKind::Chrome)),
            ("Tác giả: Nguyễn Văn A", Some(LineKind::Chrome)),
            ("Author: the council says the plan is late. It is.", None),
            ("Continue reading", Some(LineKind::Chrome)),
            (
                "Đăng ký tham gia chương trình có hơn 3.000 doanh nghiệp.",
                None,
            ),
            (
                "Subscribers rose by a third this year, the company said.",
                None,
            ),
            (
                "© Le Journal 2024 - Tous droits réservés",
                Some(LineKind::Chrome),
            ),
            (
                "Copyright © 2024 The Daily Example. All rights reserved.",
                Some(LineKind::Chrome),
            ),
            ("Bản quyền thuộc về Báo ABC.", Some(LineKind::Chrome)),
            ("The copyright of the song is disputed in court.", None),
            ("Copyright holders sued the platform on Monday.", None),
            (
                "Bản quyền âm nhạc là vấn đề được nhiều nghệ sĩ quan tâm.",
                None,
            ),
            (
                "Lire aussi : Le Vietnam signe un accord avec la Corée du Sud",
                Some(LineKind::Chrome),
            ),
            (
                "Read more: Vietnam signs a deal with South Korea",
                Some(LineKind::Chrome),
            ),
            ("Related to the deal, the minister said more.", None),
            ("Aller au contenu principal", Some(LineKind::Chrome)),
            ("Skip to the content of the report, he said.", None),
            ("![]() |", Some(LineKind::Chrome)),
            ("![alt](https://x.vn/a.jpg)", Some(LineKind::Chrome)),
            (".jpg)", Some(LineKind::Chrome)),
            ("https://cdn.x.vn/2025/img_01.webp", Some(LineKind::Chrome)),
            (
                "Focus on removing bottlenecks photo 1",
                Some(LineKind::Chrome),
            ),
            ("Toàn cảnh hội nghị ảnh 2", Some(LineKind::Chrome)),
            (
                "Le secrétaire général To Lam a prononcé un discours. (Photo : Dang Khoa) |",
                Some(LineKind::Chrome),
            ),
            (
                "Prime Minister speaks. (Photo: Dang Khoa)",
                Some(LineKind::Chrome),
            ),
            ("Quang cảnh hội nghị. (Ảnh: TTXVN)", Some(LineKind::Chrome)),
            ("Photo: VNA", Some(LineKind::Chrome)),
            (
                "Source : https://nhandan.vn/a-post1.html",
                Some(LineKind::SourceUrl),
            ),
            ("Nguồn: https://vtv.vn/a.htm", Some(LineKind::SourceUrl)),
            ("The source of growth is innovation.", None),
            (
                "Your browser does not support the video tag.",
                Some(LineKind::Chrome),
            ),
            (
                "Trình duyệt của bạn không hỗ trợ video này.",
                Some(LineKind::Chrome),
            ),
            ("Share | Facebook | Twitter | Email", Some(LineKind::Chrome)),
            ("Chia sẻ", Some(LineKind::Chrome)),
            ("Partager", Some(LineKind::Chrome)),
            ("Facebook said it would appeal the ruling.", None),
            ("Share prices fell on Monday.", None),
            ("0:00 / 0:00", Some(LineKind::Chrome)),
            ("0:00", Some(LineKind::Chrome)),
            ("10:30 22/12/2024", None),
            ("Défis et besoins urgents", None),
            ("He said the photo 1 was fake, adding more.", None),
            (
                "This site uses cookies to improve your experience, you accept our Privacy Policy",
                Some(LineKind::Chrome),
            ),
            (
                "Ce site utilise des cookies : en continuant, vous acceptez la politique du site.",
                Some(LineKind::Chrome),
            ),
            ("Cookies are baked for the city fair on Sunday.", None),
        ] {
            assert_eq!(classify(line), want, "{line}");
        }
    }

    #[test]
    fn tidy_line_table() {
        for (line, want) in [
            (
                "*Avant la réunion, le Conseil",
                "Avant la réunion, le Conseil",
            ),
            ("la science , la technologie", "la science, la technologie"),
            ("Français Soulignant que la mise", "Soulignant que la mise"),
            (
                "Français Le Premier ministre a suggéré",
                "Le Premier ministre a suggéré",
            ),
            (
                "English Premier League clubs spent more",
                "English Premier League clubs spent more",
            ),
            ("Tiếng Việt Thủ tướng yêu cầu", "Thủ tướng yêu cầu"),
            (
                "Français et Vietnamiens ont signé",
                "Français et Vietnamiens ont signé",
            ),
            ("texte ![](x.png) suite |", "texte suite"),
        ] {
            assert_eq!(tidy_line(line), want, "{line}");
        }
    }

    #[test]
    fn stamps_widgets_and_wire_datelines_are_not_headlines() {
        let body =
            "The council met in the city hall and approved the annual budget after a long debate.";
        for first in [
            "24 août 17:54",
            "+ ↺ − 16 px",
            "HANOI (Reuters)",
            "PARIS –",
            "HÀ NỘI —",
            "Your browser does not support the video tag.",
        ] {
            let page = clean_page(&format!("{first}\n\n{body}"));
            assert_eq!(page.title, None, "{first}");
        }
        // Above a headline they are chrome, and the headline below them is found.
        let page = clean_page(&format!(
            "NEW YORK (AP) —\nCity council approves the new budget\n{body}"
        ));
        assert_eq!(
            page.title.as_deref(),
            Some("City council approves the new budget")
        );
        // An all-capitals headline is still a headline.
        let page = clean_page(&format!("CITY COUNCIL APPROVES THE NEW BUDGET\n{body}"));
        assert_eq!(
            page.title.as_deref(),
            Some("CITY COUNCIL APPROVES THE NEW BUDGET")
        );
        let page = clean_page(&format!("Bão số 3\n{body}"));
        assert_eq!(page.title.as_deref(), Some("Bão số 3"));
    }

    #[test]
    fn date_stamps_and_labels_are_chrome_not_headlines() {
        let body = "Les élèves ont retrouvé leurs classes ce matin, sous un grand soleil et dans la bonne humeur.";
        // A blog heads its post with the day; the short title below it names the post.
        let page = clean_page(&format!(
            "mardi 4 mars 2025\n\nRentrée des classes\n\n{body}"
        ));
        assert_eq!(page.title, None);
        assert_eq!(crate::record::lead_title(&page.text), "Rentrée des classes");
        assert_eq!(page.date, Date::new(2025, 3, 4));
        // A site's clock above a menu and the headline.
        let page = clean_page(&format!(
            "Wed Jan 8 10:12:44 PST 2025\nNews · Weather\nCounty roads flood after the storm\n{body}"
        ));
        assert_eq!(
            page.title.as_deref(),
            Some("County roads flood after the storm")
        );
        // A count of search results, then the first result's headline (repeated).
        let page = clean_page(&format!(
            "Tìm thấy 3 kết quả:\nPhiên tòa xét xử kéo dài ba ngày\nPhiên tòa xét xử kéo dài ba ngày\n{body}"
        ));
        assert_eq!(
            page.title.as_deref(),
            Some("Phiên tòa xét xử kéo dài ba ngày")
        );
        // With nothing headline-shaped below it, a label still does not name the story.
        let page = clean_page(&format!("Số liệu nổi bật:\n{body}"));
        assert_eq!(crate::record::lead_title(&page.text), "Les élèves ont retrouvé leurs classes ce matin, sous un grand soleil et dans la bonne humeur");
    }

    #[test]
    fn a_breadcrumb_names_the_heading_below_it() {
        let body = "The weekly review gathers the news of the fortnight, from energy to trade and farming.";
        let page = clean_page(&format!(
            "Home / News / Press review / from 1 to 15-04-2025\n\nPress review / from 1 to 15-04-2025\n\n{body}"
        ));
        assert_eq!(
            page.title.as_deref(),
            Some("Press review / from 1 to 15-04-2025")
        );
        assert_eq!(page.text, body);
        // A line the breadcrumb does not end with is still a menu line.
        let page = clean_page(&format!(
            "Home / News / Press review\n\nMarkets / Energy / Trade / Farming\n\n{body}"
        ));
        assert_ne!(
            page.title.as_deref(),
            Some("Markets / Energy / Trade / Farming")
        );
    }

    #[test]
    fn title_case_headlines_may_end_on_a_full_stop() {
        let body =
            "The central bank kept its rates on hold and said cuts could come later this year.";
        let page = clean_page(&format!(
            "Rate Cuts Are Coming in 2025. History Says the Market Will Rise.\n\n{body}"
        ));
        assert_eq!(
            page.title.as_deref(),
            Some("Rate Cuts Are Coming in 2025. History Says the Market Will Rise.")
        );
        // A sentence is not a headline for its capitalised names.
        let lead = "Prime Minister Pham Minh Chinh met the Japanese ambassador in Hanoi on Monday to discuss trade.";
        let page = clean_page(&format!("{lead}\n\n{body}"));
        assert_eq!(page.title, None);
        assert!(!in_title_case(lead));
        assert!(!in_title_case("Short Line."));
    }

    #[test]
    fn a_headline_below_the_opening_lead_is_named_by_its_dateline() {
        let page = clean_page(
            "Trois boulangeries du quartier ont fermé cette année et deux autres cherchent un repreneur, alors que la mairie promet une aide aux artisans qui voudront bien s'installer près de la pla\nCHRONIQUE\nLes boulangeries du centre-ville ferment les unes après les autres\nRéservé aux abonnés\npar Jeanne Martin\npublié le 7 juin 2025 à 08h15\nLa suite de l'article.",
        );
        assert_eq!(
            page.title.as_deref(),
            Some("Les boulangeries du centre-ville ferment les unes après les autres")
        );
        assert_eq!(page.date, Date::new(2025, 6, 7));
        // A date in a fact sheet below a line is not a publication dateline.
        let page = clean_page(
            "Avec 301 voix sur 305, le conseil a élu la nouvelle présidente de la région pour le mandat en cours, dit le communiqué.\nPrésidente de la région : Marie Exemple Durand\nNée le : 3/4/1961\nOrigine : une ville du sud",
        );
        assert_eq!(page.title, None);
    }

    #[test]
    fn a_stamp_above_the_headline_later_than_its_dateline_is_the_day_shown() {
        let lead = "Stocks rose on Wednesday after the central bank said it still expects three rate cuts this year.";
        // The site's day above the headline, the URL's date below.
        let page = clean_page(&format!(
            "March 3rd, 2025\n\nStocks rally to records as rate cuts stay on the table\n\nBy A Reporter and Another Reporter of The Wire Service on February 27, 2025.\n\n{lead}\n\nSource: https://news.example.com/business/2025/02/27/stocks-rally/"
        ));
        assert_eq!(page.date, Date::new(2025, 2, 27));
        // The site's day above the headline, the story's dateline below its lead.
        let page = clean_page(
            "Thứ 3, 14/01/2025, 08:05[GMT+7]\nCả nước phấn đấu có thêm nhiều xã đạt chuẩn nông thôn mới\nĐến cuối năm, cả nước có hơn sáu nghìn xã đạt chuẩn nông thôn mới, tăng so với năm trước...\n21.05.2024 | 09:30 AM",
        );
        assert_eq!(page.date, Date::new(2024, 5, 21));
        // A stamp earlier than the date below the headline (an update) is the publication.
        let page = clean_page(&format!(
            "October 9, 2024\n\nEvacuation and wildfire update for the county\n\nOctober 10, 2024 4:15 PM\n\n{lead}"
        ));
        assert_eq!(page.date, Date::new(2024, 10, 9));
    }

    #[test]
    fn markup_left_in_the_text_is_removed() {
        let page = clean_page(
            "<p>City council approves the new budget</p>\n<p>The vote <strong>was</strong> close.</p><p>Members left.</p>\n<p>Tin liên quan</p>\n<p>Mayor resigns 12/11/2024</p>",
        );
        assert_eq!(
            page.title.as_deref(),
            Some("City council approves the new budget")
        );
        assert_eq!(page.text, "The vote was close. Members left.");
        assert_eq!(page.date, None);
        assert_eq!(strip_tags("a<br/>b <a href=\"x\">c</a>."), "a b c.");
        assert_eq!(strip_tags("x < y and y > z"), "x < y and y > z");
    }

    #[test]
    fn share_bars_and_player_clocks_leave_the_body() {
        let page = clean_page(
            "City council approves the new budget\nShare\nFacebook\nTwitter\n0:00 / 0:00\nDecember 22, 2024\nThe council met and voted.",
        );
        assert_eq!(page.date, Date::new(2024, 12, 22));
        assert_eq!(page.text, "December 22, 2024\n\nThe council met and voted.");
    }

    #[test]
    fn outlet_date_and_wire_prefix() {
        let page = clean_page(
            "Headline of the day here\nNDO - On May 29, in Hanoi, the meeting opened.\nBáo Nhân dânBáo Nhân dân29/05/2025\nSecond paragraph of the body.",
        );
        assert_eq!(page.title.as_deref(), Some("Headline of the day here"));
        assert_eq!(page.date, Date::new(2025, 5, 29));
        assert_eq!(page.outlet.as_deref(), Some("Báo Nhân dân"));
        assert_eq!(
            page.text,
            "On May 29, in Hanoi, the meeting opened.\n\nSecond paragraph of the body."
        );
        for (line, want) in [
            ("VOV - Hà Nội", "Hà Nội"),
            ("(Chinhphu.vn) - Sáng 13/1", "Sáng 13/1"),
            ("TTXVN — Chiều nay", "Chiều nay"),
            ("COVID-19 cases rose", "COVID-19 cases rose"),
        ] {
            let got = WIRE_PREFIX.replace(line, "");
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn banner_title_and_end_of_article() {
        let page = clean_page(
            "Vietnam.vn - Nền tảng quảng bá Việt Nam\n\nA headline without a full stop\n\nBody one.\n\nSource: https://nhandan.vn/x-post1.html\n\nComment (0)\n\nNo data\nSame category\nUnrelated headline",
        );
        assert_eq!(
            page.title.as_deref(),
            Some("A headline without a full stop")
        );
        assert_eq!(page.url.as_deref(), Some("https://nhandan.vn/x-post1.html"));
        assert_eq!(page.text, "Body one.");
    }

    #[test]
    fn summary_title_needs_a_dateline_after_it() {
        let with = clean_page("Le Comité a tenu sa réunion sur la science.\nLe matin du 15 octobre, le Comité a tenu une conférence.\nSuite.");
        assert_eq!(
            with.title.as_deref(),
            Some("Le Comité a tenu sa réunion sur la science")
        );
        let without = clean_page(
            "Le Comité a tenu sa réunion sur la science.\nIl a ensuite parlé longuement.",
        );
        assert_eq!(without.title, None);
        assert!(without.text.starts_with("Le Comité"));
    }

    #[test]
    fn headline_below_section_labels_menus_and_datelines() {
        for (page, want) in [
            ("Thời sự\nÔng A được bầu làm chủ tịch hội\nÔng A, 60 tuổi, được bầu.", "Ông A được bầu làm chủ tịch hội"),
            ("Advertisement\nCity opens its new river park\nThe park opened on Monday.", "City opens its new river park"),
            ("Politics & Law\nHome Politics & Law\nLeader starts a visit to France\nThe visit began.", "Leader starts a visit to France"),
            ("26/05/2025 10:54 GMT+7\nLễ đón tổng thống tại thủ đô\nSáng 26-5, lễ đón diễn ra.", "Lễ đón tổng thống tại thủ đô"),
            ("Accueil » Monde » Asie\nLe pays adopte une nouvelle loi\nLe texte a été voté.", "Le pays adopte une nouvelle loi"),
        ] {
            let cleaned = clean_page(page);
            assert_eq!(cleaned.title.as_deref(), Some(want), "{page}");
            assert!(!cleaned.text.contains("Advertisement") && !cleaned.text.contains("Thời sự"));
        }
        // A byline or a long first sentence is never skipped to reach a later line.
        let page = clean_page("By A Reporter\nCity opens its new river park\nBody.");
        assert_eq!(page.title.as_deref(), Some("City opens its new river park"));
        let page = clean_page(
            "The council met on Monday and voted the budget.\nA later line without stop\nBody.",
        );
        assert_eq!(page.title, None);
        // A short first headline stays the headline when nothing headline-shaped follows.
        let page = clean_page("Bão số 3\nCơn bão đã đổ bộ vào đất liền.");
        assert_eq!(page.title.as_deref(), Some("Bão số 3"));
    }

    #[test]
    fn a_site_menu_written_one_item_a_line_is_not_the_headline() {
        let vietnamese = "Trang chủ\nThời sự\nKinh doanh\nThế giới\nGiải trí\nThể thao\n\
            Pháp luật\nGiáo dục\nSức khỏe\nKinh doanh > Doanh nghiệp\n\
            Doanh nghiệp nhỏ tăng tốc chuyển đổi số nhờ chính sách mới\n\
            Thứ Hai, 02/12/2024 - 09:15\n\
            Nhiều doanh nghiệp nhỏ và vừa tại Hà Nội đã bắt đầu ứng dụng các nền tảng số.";
        let page = clean_page(vietnamese);
        assert_eq!(
            page.title.as_deref(),
            Some("Doanh nghiệp nhỏ tăng tốc chuyển đổi số nhờ chính sách mới")
        );
        // The dateline under the headline is found, and the menu is not in the text.
        assert_eq!(page.date, Date::new(2024, 12, 2));
        assert!(!page.text.contains("Giải trí"), "{}", page.text);
        // A four-syllable item between two others is a menu item, not a headline.
        let page = clean_page(
            "VnExpress\nMới nhất\nTin theo khu vực\nInternational\nKinh doanh\n\
             Thứ hai, 2/12/2024, 09:15 (GMT+7)\nGiá vàng tăng mạnh sau tin Fed giảm lãi suất\n\
             Giá vàng miếng tăng thêm 500.000 đồng mỗi lượng trong sáng nay.",
        );
        assert_eq!(
            page.title.as_deref(),
            Some("Giá vàng tăng mạnh sau tin Fed giảm lãi suất")
        );
        let english = "Skip to main content\nMenu\nSearch\nSign in\nWorld | Asia\n\
            Vietnam bets on chips to power its next decade of growth\nBy Jane Doe, Reuters\n\
            December 2, 2024 9:15 AM GMT+7\n\
            HANOI, Dec 2 (Reuters) - Vietnam unveiled a plan on Monday to attract investment.";
        let page = clean_page(english);
        assert_eq!(
            page.title.as_deref(),
            Some("Vietnam bets on chips to power its next decade of growth")
        );
        assert_eq!(page.date, Date::new(2024, 12, 2));
        // A short headline between a section name and its lead is still the headline.
        let page = clean_page(
            "Thế giới\nBão lớn đổ bộ Philippines\nCơn bão đã đổ bộ vào đất liền sáng nay.",
        );
        assert_eq!(page.title.as_deref(), Some("Bão lớn đổ bộ Philippines"));
    }

    #[test]
    fn tags_and_comment_prompts_end_the_article_only_below_its_text() {
        let body =
            "Giá vàng miếng tăng thêm 500.000 đồng mỗi lượng trong sáng nay tại các cửa hàng.";
        let page = clean_page(&format!(
            "Giá vàng tăng mạnh sau tin Fed giảm lãi suất\n{body}\nTừ khóa: giá vàng, SJC\nTin cũ hơn về giá vàng tuần trước\nGửi bình luận"
        ));
        assert_eq!(page.text, body);
        // Above the first paragraph they are chrome: the article below them is kept.
        let page = clean_page(&format!(
            "Giá vàng tăng mạnh sau tin Fed giảm lãi suất\nTags: giá vàng, SJC\n{body}\nAdvertisement\nCác chuyên gia nhận định giá vàng sẽ còn biến động."
        ));
        assert_eq!(
            page.text,
            format!("{body}\n\nCác chuyên gia nhận định giá vàng sẽ còn biến động.")
        );
    }

    #[test]
    fn repeated_headline_is_dropped_from_the_body() {
        let page =
            clean_page("City opens its new river park\nCity opens its new river park\nBody.");
        assert_eq!(page.text, "Body.");
    }

    #[test]
    fn a_headline_printed_twice_below_a_label_is_the_headline() {
        let body =
            "The ferry service resumed on Monday after a week of repairs to the northern pier.";
        let page = clean_page(&format!(
            "Latest Local stories\nRiver Town Votes No!\n\nRiver Town Votes No!\n{body}"
        ));
        assert_eq!(page.title.as_deref(), Some("River Town Votes No!"));
        assert_eq!(page.text, body);
        // A promotion and a caption above it are not the headline either.
        let page = clean_page(&format!(
            "Try our app for 10 days only $0.99\nJane Doe\nThe ferry returns to the north pier\nThe ferry returns to the north pier\n{body}"
        ));
        assert_eq!(
            page.title.as_deref(),
            Some("The ferry returns to the north pier")
        );
        // A headline first keeps its place when a shorter line below is printed twice.
        let page = clean_page(&format!(
            "The council approves the new budget for schools\nMore from the city\nMore from the city\n{body}"
        ));
        assert_eq!(
            page.title.as_deref(),
            Some("The council approves the new budget for schools")
        );
        // Below a paragraph, a line printed twice is another story's (an aggregator's list).
        let page = clean_page(&format!(
            "{body}\nFerries return to the north pier today\nFerries return to the north pier today\nMore"
        ));
        assert_eq!(page.title, None);
        // A two-word section name printed twice is not a headline.
        let page = clean_page(&format!(
            "Thời sự\nThời sự\nGiá xăng giảm mạnh từ chiều nay\n{body}"
        ));
        assert_eq!(
            page.title.as_deref(),
            Some("Giá xăng giảm mạnh từ chiều nay")
        );
    }

    #[test]
    fn the_line_the_url_spells_is_the_headline() {
        let teaser = "Le conseil a voté mardi soir le budget des écoles, après trois heures de débat sur les cantines.";
        let body = "Les élus ont adopté le texte par vingt voix contre huit, et les travaux commenceront au printemps prochain.";
        let page = clean_page(&format!(
            "{teaser}\nLe budget des écoles adopté après trois heures de débat\nPublié le 05/02/2026\n{body}\nSource: https://x.fr/actu/le-budget-des-ecoles-adopte-apres-trois-heures-de-debat-12345.html"
        ));
        assert_eq!(
            page.title.as_deref(),
            Some("Le budget des écoles adopté après trois heures de débat")
        );
        assert!(page.text.starts_with(teaser), "{}", page.text);
        assert_eq!(page.date, Date::new(2026, 2, 5));
        // The headline as updated, above the one the address kept, is the headline.
        let page = clean_page(&format!(
            "14 Hurt as Storm Crosses the Coast Overnight\nBy Staff\n12 Hurt as Storm Crosses the Coast Overnight\n{body}\nSource: https://x.com/story/12-hurt-as-storm-crosses-the-coast-overnight.html"
        ));
        assert_eq!(
            page.title.as_deref(),
            Some("14 Hurt as Storm Crosses the Coast Overnight")
        );
        // A sticky header repeating the headline is not it.
        let page = clean_page(&format!(
            "Reading: Ferries return to the north pier after repairs\nFerries return to the north pier after repairs\n{body}\nSource: https://x.com/ferries-return-to-the-north-pier-after-repairs/"
        ));
        assert_eq!(
            page.title.as_deref(),
            Some("Ferries return to the north pier after repairs")
        );
        // A page of one line is its own lead, whatever its address spells.
        let page = clean_page(
            "Prix du gaz : comment expliquer la hausse cet hiver\nSource: https://x.fr/prix-du-gaz-comment-expliquer-la-hausse-cet-hiver/42",
        );
        assert_eq!(
            page.text,
            "Prix du gaz : comment expliquer la hausse cet hiver"
        );
    }

    #[test]
    fn a_stamp_closing_the_headline_with_the_page_age_dates_the_page() {
        let body =
            "About two thousand people were told to leave their homes before the winds rose.";
        for (headline, want) in [
            (
                "Fires Prompt Evacuation Near the Coast Monday, 26 October 2020 ( 13 minutes ago )",
                Date::new(2020, 10, 26),
            ),
            (
                "Cháy rừng lan rộng ở miền Tây 26/10/2020 | 08:15",
                Date::new(2020, 10, 26),
            ),
            // A date a headline announces is the story's, not the page's.
            (
                "Vietnam to vote in its general election on 23 May 2021",
                None,
            ),
        ] {
            let page = clean_page(&format!("{headline}\n{body}"));
            assert_eq!(page.title.as_deref(), Some(headline));
            assert_eq!(page.date, want, "{headline}");
        }
    }

    #[test]
    fn a_source_footer_below_a_related_list_is_read() {
        let page = clean_page(
            "Ferries return to the north pier\nThe ferry service resumed on Monday after a week of repairs to the pier.\nAlso read:\nAnother story of the site\nSource: https://x.com/2017/08/ferries-return.html",
        );
        assert_eq!(
            page.url.as_deref(),
            Some("https://x.com/2017/08/ferries-return.html")
        );
        assert!(!page.text.contains("Another story"));
    }

    #[test]
    fn a_breadcrumb_without_spaces_names_the_headline() {
        let body = "Chỉ số giảm phiên thứ tư liên tiếp, xuống mức thấp nhất kể từ đầu năm ngoái.";
        let page = clean_page(&format!(
            "Báo»Kinh tế»Tài chính»Chứng khoán giảm mạnh phiên chiều nay\nChứng khoán giảm mạnh phiên chiều nay\n16:10 - 28/09/2022\n{body}"
        ));
        assert_eq!(
            page.title.as_deref(),
            Some("Chứng khoán giảm mạnh phiên chiều nay")
        );
        assert_eq!(page.date, Date::new(2022, 9, 28));
        // A French closing quote is no crumb separator.
        let page = clean_page("«Il faut agir vite», insiste la mairie\nLe maire a annoncé mardi un plan pour les écoles de la ville.");
        assert_eq!(
            page.title.as_deref(),
            Some("«Il faut agir vite», insiste la mairie")
        );
    }

    #[test]
    fn a_loading_notice_and_a_feed_name_above_a_stamp_leave_the_headline() {
        let body = "Le conseil municipal a voté mardi soir le budget de l’année, après trois heures de débat sur les écoles.";
        let page = clean_page(&format!(
            "Flux Savoyards\nInfo Lac Annecy\nchargement...\nTue, 14 Mar 2023 09:05:00 +0100\nLe budget des écoles adopté à Annecy\n{body}"
        ));
        assert_eq!(
            page.title.as_deref(),
            Some("Le budget des écoles adopté à Annecy")
        );
    }

    #[test]
    fn store_note_is_not_the_headline_and_dates_last() {
        let page =
            clean_page(" date 2025-07 Đội A giành ngôi vô địch giải đấu\n\nTối 12/7, đội A thắng.");
        assert_eq!(
            page.title.as_deref(),
            Some("Đội A giành ngôi vô địch giải đấu")
        );
        assert_eq!(page.date, None);
        let page = clean_page("date 2025-09-13 Ngày 13/9, mưa lớn gây sạt lở.\nĐường bị chặn.");
        assert_eq!(page.date, Date::new(2025, 9, 13));
        assert!(page.text.starts_with("Ngày 13/9"));
    }

    #[test]
    fn dates_from_datelines_url_and_lead() {
        for (page, want) in [
            ("A headline for the test page\nOctober 04, 2024 - 08:14\nBody.", Date::new(2024, 10, 4)),
            ("Un titre pour la page de test\nPublié le 22 décembre 2024 à 10h12\nCorps.", Date::new(2024, 12, 22)),
            ("Một tiêu đề cho trang thử\nThứ Hai, 06/01/2025 14:30\nNội dung.", Date::new(2025, 1, 6)),
            ("A headline for the test page\nBy A Reporter Jul. 27, 2024 | 10:47 AM | PARIS\nBody.", Date::new(2024, 7, 27)),
            // The URL when the page shows no dateline; a dateline beats the URL.
            ("A headline for the test page\nBody.\nSource: https://x.com/a/2024/12/22/b", Date::new(2024, 12, 22)),
            ("A headline for the test page\n22 Dec 2024\nBody.\nSource: https://x.com/a/2024/12/21/b", Date::new(2024, 12, 22)),
            // Last, a dated lead.
            ("A headline for the test page\nOn 3 March 2025, the council met and voted at length.", Date::new(2025, 3, 3)),
            // A date far into the lead when it names its weekday: the news day.
            ("Un titre pour la page de test\nLe président de la République a entamé ce dimanche 25 mai 2025 une tournée en Asie.", Date::new(2025, 5, 25)),
            // A page that writes month names first reads its numeric dates month-first.
            ("A headline for the test page\n4/11/2024\nOn April 11, the council met and voted at length.", Date::new(2024, 4, 11)),
            ("Un titre pour la page de test\n04/11/2024\nLe 4 novembre, le conseil a voté le budget.", Date::new(2024, 11, 4)),
            // Long headline-shaped lines above the dateline (a breadcrumb, the headline) are
            // not paragraphs of the body.
            ("Home News World A long breadcrumb line that names the section and the headline\nA long headline of the test page that has more than twelve words in it\nDate de publication : 01/05/2025\nBody.", Date::new(2025, 5, 1)),
        ] {
            assert_eq!(clean_page(page).date, want, "{page}");
        }
        // A short dated line below two paragraphs (a truncated sentence) is no dateline.
        let page = clean_page("A headline for the test page\nThe first paragraph of the body is long enough to count as one.\nThe second paragraph of the body is long enough to count as one.\nA third paragraph.\nOn 13/10/2025, he went");
        assert_eq!(page.date, None);
        // A date further into the lead is often another one: not the page's date.
        let page = clean_page("A headline for the test page\nThe council applied the law of 22 December 2024 to the budget.");
        assert_eq!(page.date, None);
        // A date in a long sentence far below the top is not the page's date.
        let page = clean_page(
            "A headline for the test page\nOne.\nTwo.\nThree.\nOn 3 March 2019, the council began a long review of the budget.",
        );
        assert_eq!(page.date, None);
    }

    #[test]
    fn an_update_date_gives_way_to_the_publication() {
        for (page, want) in [
            // The update shown above the publication, on its own line or on one line.
            ("Cập nhật: 23/12/2024 10:00\nĐăng: 22/12/2024 08:00\nThủ tướng dự hội nghị về kinh tế số\nSáng 22/12, hội nghị khai mạc.", Date::new(2024, 12, 22)),
            ("Un titre pour la page de test\nMis à jour le 23/12/2024 à 10h00\nPublié le 22/12/2024 à 08h00\nCorps.", Date::new(2024, 12, 22)),
            ("A headline for the test page\nUpdated December 23, 2024 at 10:00 a.m. | Published December 22, 2024 at 8:00 a.m.\nBody.", Date::new(2024, 12, 22)),
            ("Un titre pour la page de test\nPublié le 22/12/2024 à 08h00 Mis à jour le 23/12/2024 à 10h00\nCorps.", Date::new(2024, 12, 22)),
            // The URL's date beats an update; an update alone still dates the page.
            ("A headline for the test page\nLast updated 23 Dec 2024\nBody.\nSource: https://x.com/a/2024/12/21/b", Date::new(2024, 12, 21)),
            ("A headline for the test page\nLast updated 23 Dec 2024\nBody.", Date::new(2024, 12, 23)),
            // An outlet glued to a date is not an update label, and the reverse.
            ("Một tiêu đề cho trang thử nghiệm\nCập nhật 23/12/2024 10:00\nĐăng 22/12/2024\nNội dung.", Date::new(2024, 12, 22)),
        ] {
            assert_eq!(clean_page(page).date, want, "{page}");
        }
        let page =
            clean_page("Một tiêu đề cho trang thử nghiệm\nCập nhật 23/12/2024 10:00\nNội dung.");
        assert_eq!(page.outlet, None);
        assert_eq!(page.date, Date::new(2024, 12, 23));
    }

    #[test]
    fn a_related_list_does_not_date_the_page() {
        let page = clean_page("A headline for the test page\nThe council voted the budget on Sunday after a long debate.\nRelated\nMayor resigns after scandal 12/11/2024");
        assert_eq!(page.date, None);
        assert!(!page.text.contains("Mayor"));
    }

    #[test]
    fn a_headline_may_ask_or_exclaim() {
        for headline in [
            "Why did the council vote the budget so late?",
            "Le budget enfin voté !",
        ] {
            let page = clean_page(&format!(
                "{headline}\nThe council voted the budget on Tuesday after a long debate in the hall."
            ));
            assert_eq!(page.title.as_deref(), Some(headline));
        }
        // A full stop still ends a sentence of the body, not a headline.
        let page = clean_page(
            "The council voted.\nThe council voted the budget on Tuesday after a long debate.",
        );
        assert_eq!(page.title, None);
    }

    #[test]
    fn headline_with_its_date_on_the_line_is_kept() {
        let page = clean_page(
            "Tổng thống lên đường thăm cấp nhà nước nước bạn 10/08/2025 06:23\nNội dung bài.",
        );
        assert_eq!(page.date, Date::new(2025, 8, 10));
        assert_eq!(page.outlet, None);
        assert_eq!(
            page.title.as_deref(),
            Some("Tổng thống lên đường thăm cấp nhà nước nước bạn 10/08/2025 06:23")
        );
    }

    #[test]
    fn bullets_and_separators_alone_are_dropped() {
        let page = clean_page(
            "•\n•\n|\n* * *\nCity opens its new river park\nThe park opened on Monday after years of work.",
        );
        assert_eq!(page.title.as_deref(), Some("City opens its new river park"));
        assert!(!page.text.contains('•'));
    }

    #[test]
    fn a_short_section_name_above_a_longer_headline_is_chrome() {
        // Four Vietnamese syllables are two words: a section name, not the headline.
        let page = clean_page(
            "Đời sống xã hội\nThành phố khai trương công viên mới bên bờ sông\nSáng nay, công viên mở cửa đón khách.",
        );
        assert_eq!(
            page.title.as_deref(),
            Some("Thành phố khai trương công viên mới bên bờ sông")
        );
        assert!(!page.text.contains("Đời sống"));
        // A headline with no longer headline-shaped line below it stays the headline.
        let page =
            clean_page("River park opens today\nThe park opened on Monday after years of work.");
        assert_eq!(page.title.as_deref(), Some("River park opens today"));
    }

    #[test]
    fn a_breadcrumb_names_the_headline_below_long_chrome() {
        let menu = [
            "Sign In",
            "The Coast Post",
            "• Home",
            "• World",
            "• Politics",
            "• Sports",
            "Have an existing account? Sign In",
        ]
        .join("\n");
        let page = clean_page(&format!(
            "This website uses cookies to deliver a better experience, you accept the Privacy Policy\nAccept\n{menu}\nThe Coast Post > News > Storm closes the coastal road for a week\nNews\nStorm closes the coastal road for a week\nStaff Writer Published March 3, 2025\nShare\nThe storm hit the coast on Monday and the road was closed."
        ));
        assert_eq!(
            page.title.as_deref(),
            Some("Storm closes the coastal road for a week")
        );
        // Its dateline is below it, far from the top of the page.
        assert_eq!(page.date, Date::new(2025, 3, 3));
        assert!(page.text.starts_with("Staff Writer"));
        // Without the breadcrumb, a line far down is not taken for the headline.
        let page = clean_page(&format!(
            "Accept\n{menu}\nNews\nStorm closes the coastal road for a week\nThe storm hit the coast on Monday."
        ));
        assert_eq!(page.title, None);
    }

    #[test]
    fn a_line_labelled_as_the_publication_dates_the_page_from_further_down() {
        let body = "Le conseil a voté le budget après un long débat dans la salle municipale.\nLes élus ont ensuite discuté des travaux prévus pour la rentrée dans les écoles.";
        let page = clean_page(&format!(
            "Un titre pour la page de test\n{body}\nArticle publié dans Le Journal du 14 juin 2024"
        ));
        assert_eq!(page.date, Date::new(2024, 6, 14));
        let page = clean_page(&format!(
            "A headline for the test page\n{body}\nPosted on May 2, 2024 by the desk"
        ));
        assert_eq!(page.date, Date::new(2024, 5, 2));
        // Without the label, a short dated line below the body is not the page's date.
        let page = clean_page(&format!(
            "Un titre pour la page de test\n{body}\nLe Journal du 14 juin 2024"
        ));
        assert_eq!(page.date, None);
    }

    #[test]
    fn a_label_ending_on_a_colon_is_not_a_headline() {
        let page = clean_page(
            "Số liệu nổi bật:\nNgày 20/6/2025, tỷ giá trung tâm được điều chỉnh giảm nhẹ.\nNội dung.",
        );
        assert_eq!(page.title, None);
    }

    #[test]
    fn end_marker_on_the_first_line_does_not_empty_the_page() {
        let page = clean_page("Comment (0)\nLe texte commence ici, enfin.");
        assert_eq!(page.text, "Le texte commence ici, enfin.");
    }

    #[test]
    fn dedupe_halves_only_when_equal() {
        assert_eq!(dedupe_halves("Báo Nhân dânBáo Nhân dân"), "Báo Nhân dân");
        assert_eq!(dedupe_halves("VTV News"), "VTV News");
        assert_eq!(dedupe_halves(""), "");
    }
}
