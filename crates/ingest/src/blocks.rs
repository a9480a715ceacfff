//! Main text of an HTML page by block scoring: the page is cut into text blocks (paragraphs,
//! headings, list items, cells), each measured by its text length and link density; every
//! element is a candidate container scored by the good text it holds minus the boilerplate it
//! drags along; inside the chosen container, link lists, small furniture subtrees and short
//! blocks before the first or after the last good block are dropped (jusText's context rule).
//! Class and id words (`comment`, `sidebar`, `article-body`, ...) only weigh scores: a body
//! whose wrapper is called `l-sidebar-fixed` is still found.

use ego_tree::{NodeId, NodeRef};
use scraper::Node;
use std::collections::HashMap;

/// Deepest element nesting walked; deeper markup is refused before parsing (`html_depth`).
const MAX_DEPTH: usize = 1000;

/// Elements that never hold article text.
const DROPPED: [&str; 17] = [
    "nav",
    "footer",
    "aside",
    "script",
    "style",
    "figure",
    "figcaption",
    "noscript",
    "iframe",
    "svg",
    "button",
    "template",
    "select",
    "textarea",
    "head",
    "label",
    "menu",
];
/// Elements that end a text block (`br` only breaks the line inside its block).
const BLOCK_TAGS: [&str; 31] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "tr",
    "table",
    "hr",
    "dd",
    "dt",
    "dl",
    "address",
    "center",
    "details",
    "summary",
    "fieldset",
    "form",
    "body",
    "caption",
];
/// Class or id words of page furniture: weak evidence against the text under them.
const FURNITURE: [&str; 26] = [
    "comment",
    "sidebar",
    "share",
    "sharing",
    "social",
    "related",
    "breadcrumb",
    "menu",
    "navbar",
    "advert",
    "cookie",
    "newsletter",
    "footer",
    "banner",
    "widget",
    "promo",
    "sponsor",
    "subscribe",
    "popup",
    "modal",
    "recommend",
    "teaser",
    "caption",
    "byline",
    "author",
    "meta",
];
/// Class or id words of article bodies: weak evidence for the text under them.
const CONTENT: [&str; 9] = [
    "article", "content", "entry", "post", "story", "text", "body", "main", "blog",
];
/// Score factor of an element named like furniture.
const FURNITURE_FACTOR: f64 = 0.35;
/// Score factor of an element named like an article body.
const CONTENT_FACTOR: f64 = 1.25;
/// A block with more of its characters in links is navigation, not prose.
const MAX_LINK_DENSITY: f64 = 0.5;
/// Most link characters a good (prose) block may have.
const GOOD_LINK_DENSITY: f64 = 0.3;
/// Blocks shorter than this (non-space characters) are "short": kept only between good blocks.
const SHORT_CHARS: usize = 40;
/// Weight of the boilerplate a candidate container drags along.
const BAD_WEIGHT: f64 = 0.6;

/// One text block of a page.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// Text, inline whitespace collapsed, `<br>` as a newline.
    pub text: String,
    /// Non-space characters.
    chars: usize,
    /// Non-space characters inside links.
    link_chars: usize,
    /// Whether it is a heading (`h1`–`h6`).
    heading: bool,
    /// Enclosing elements, outermost first.
    path: Vec<NodeId>,
}

impl Block {
    fn link_density(&self) -> f64 {
        self.link_chars as f64 / self.chars.max(1) as f64
    }

    /// Prose characters it contributes, before hints: nothing for link lists.
    fn value(&self) -> f64 {
        let density = self.link_density();
        if density > MAX_LINK_DENSITY {
            return 0.0;
        }
        let prose = (self.chars - self.link_chars) as f64;
        let shape = if self.chars < SHORT_CHARS { 0.3 } else { 1.0 };
        prose * (1.0 - density) * shape
    }

    /// Characters of boilerplate it brings: links, and whole short link-heavy blocks.
    fn waste(&self) -> f64 {
        if self.link_density() > MAX_LINK_DENSITY {
            self.chars as f64
        } else {
            self.link_chars as f64
        }
    }
}

/// Per element: its class/id factor, and the totals of the blocks under it.
#[derive(Debug, Clone, Copy, Default)]
struct Candidate {
    factor: f64,
    depth: usize,
    good: f64,
    bad: f64,
}

/// Walk state: blocks made so far and the one being filled.
struct Walker {
    blocks: Vec<Block>,
    text: String,
    chars: usize,
    link_chars: usize,
    heading: bool,
    path: Vec<NodeId>,
    factors: HashMap<NodeId, f64>,
}

/// Endings that keep a furniture word's meaning (`commentlist`, `sharebar`), unlike
/// `commentary`.
const FURNITURE_SUFFIXES: [&str; 10] = [
    "", "s", "list", "bar", "box", "area", "block", "wrap", "wrapper", "links",
];

/// Whether a class or id value names furniture: one of its words (split at `-`, `_`, spaces)
/// is a furniture word, its plural, or the word glued to a container ending.
fn names_furniture(value: &str) -> bool {
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .any(|part| {
            FURNITURE.iter().any(|word| {
                part.strip_prefix(word)
                    .is_some_and(|rest| FURNITURE_SUFFIXES.contains(&rest))
            })
        })
}

/// An element's weak evidence: below 1 for furniture names, above 1 for article-body names.
fn hint_factor(element: &scraper::node::Element) -> f64 {
    let mut factor = 1.0;
    let names = [element.attr("class"), element.attr("id")];
    let value = names
        .iter()
        .flatten()
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let value = value.to_ascii_lowercase();
    if names_furniture(&value) {
        factor *= FURNITURE_FACTOR;
    }
    if CONTENT.iter().any(|word| value.contains(word))
        || element.attr("itemprop") == Some("articleBody")
    {
        factor *= CONTENT_FACTOR;
    }
    if matches!(element.name(), "article" | "main") || element.attr("role") == Some("main") {
        factor *= CONTENT_FACTOR;
    }
    factor
}

fn hidden(element: &scraper::node::Element) -> bool {
    element.attr("hidden").is_some()
        || element.attr("aria-hidden") == Some("true")
        || element.attr("style").is_some_and(|style| {
            let style = style.to_ascii_lowercase().replace(' ', "");
            style.contains("display:none") || style.contains("visibility:hidden")
        })
}

impl Walker {
    fn flush(&mut self) {
        if self.chars > 0 {
            self.blocks.push(Block {
                text: std::mem::take(&mut self.text),
                chars: self.chars,
                link_chars: self.link_chars,
                heading: self.heading,
                path: self.path.clone(),
            });
        }
        self.text.clear();
        self.chars = 0;
        self.link_chars = 0;
        self.heading = false;
    }

    fn push_text(&mut self, text: &str, in_link: bool) {
        for (index, piece) in text.split_whitespace().enumerate() {
            let needs_space = index > 0 || text.starts_with(char::is_whitespace);
            if needs_space && !self.text.is_empty() && !self.text.ends_with('\n') {
                self.text.push(' ');
            }
            self.text.push_str(piece);
            let count = piece.chars().count();
            self.chars += count;
            if in_link {
                self.link_chars += count;
            }
        }
        if text.ends_with(char::is_whitespace) && !self.text.is_empty() {
            self.text.push(' ');
        }
    }

    fn walk(&mut self, node: NodeRef<'_, Node>, depth: usize, in_link: bool) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in node.children() {
            match child.value() {
                Node::Text(text) => self.push_text(text, in_link),
                Node::Element(element) => {
                    let name = element.name();
                    if DROPPED.contains(&name) || hidden(element) {
                        continue;
                    }
                    if name == "br" {
                        self.text.truncate(self.text.trim_end_matches(' ').len());
                        self.text.push('\n');
                        continue;
                    }
                    if matches!(name, "td" | "th") && !self.text.ends_with([' ', '\n']) {
                        // Cells of a row share its block, apart.
                        self.text.push(' ');
                    }
                    let block = BLOCK_TAGS.contains(&name);
                    if block {
                        self.flush();
                        self.heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                    }
                    self.factors.insert(child.id(), hint_factor(element));
                    self.path.push(child.id());
                    self.walk(child, depth + 1, in_link || name == "a");
                    self.path.pop();
                    if block {
                        self.flush();
                    }
                }
                _ => {}
            }
        }
    }
}

/// Cuts the page under `root` into text blocks; returns them with each element's hint factor.
fn collect(root: NodeRef<'_, Node>) -> (Vec<Block>, HashMap<NodeId, f64>) {
    let mut walker = Walker {
        blocks: Vec::new(),
        text: String::new(),
        chars: 0,
        link_chars: 0,
        heading: false,
        // The root counts as a container too, for text directly under `<body>`.
        path: vec![root.id()],
        factors: HashMap::new(),
    };
    walker.walk(root, 0, false);
    walker.flush();
    (walker.blocks, walker.factors)
}

/// A block's hint from its enclosing elements (from `from` down): furniture and content
/// evidence count once each, however many wrappers repeat them (page builders put `widget`
/// on every level).
fn block_hint(block: &Block, factors: &HashMap<NodeId, f64>, from: usize) -> f64 {
    let path = &block.path[from.min(block.path.len())..];
    let factors = path
        .iter()
        .map(|id| factors.get(id).copied().unwrap_or(1.0));
    factors.product()
}

/// Scores every element by the text under it; returns the best container's id and depth.
fn best_container(blocks: &[Block], factors: &HashMap<NodeId, f64>) -> Option<(NodeId, usize)> {
    let mut candidates: HashMap<NodeId, Candidate> = HashMap::new();
    for block in blocks {
        let good = block.value() * block_hint(block, factors, 0);
        let bad = block.waste();
        for (depth, id) in block.path.iter().enumerate() {
            let entry = candidates.entry(*id).or_default();
            entry.depth = depth;
            entry.factor = factors.get(id).copied().unwrap_or(1.0);
            entry.good += good;
            entry.bad += bad;
        }
    }
    let score = |c: &Candidate| (c.good - BAD_WEIGHT * c.bad) * c.factor.sqrt();
    candidates
        .iter()
        .filter(|(_, c)| c.good > 0.0)
        .max_by(|(ia, a), (ib, b)| {
            score(a)
                .total_cmp(&score(b))
                // On a tie the deeper (tighter) container wins, then document order.
                .then(a.depth.cmp(&b.depth))
                .then(ib.cmp(ia))
        })
        .map(|(id, c)| (*id, c.depth))
}

/// Whether a block is prose: long enough and not a link list.
fn is_good(block: &Block, hint: f64) -> bool {
    block.chars >= SHORT_CHARS
        && block.link_density() <= GOOD_LINK_DENSITY
        && hint > FURNITURE_FACTOR
}

/// Whether a text ends like a sentence (not like a menu item, a date or a byline).
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', '…', '"', '»', '”', ')'])
}

/// What the block scoring finds on a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct MainText {
    /// The main text's paragraphs.
    pub paragraphs: Vec<String>,
    /// Short blocks around the start of the main text, nearest first (bylines and datelines
    /// live there): up to `LEAD_BEFORE` before its first good block, then `LEAD_AFTER` from it.
    pub lead: Vec<String>,
}

/// Blocks looked at before the main text's first good block for a byline or dateline.
const LEAD_BEFORE: usize = 12;
/// Blocks looked at from the main text's first good block on.
const LEAD_AFTER: usize = 3;
/// Longest block taken as a byline or dateline.
const LEAD_CHARS: usize = 150;

/// The main text of the page under `root`, and the short blocks around its start.
pub(crate) fn main_text(root: NodeRef<'_, Node>) -> MainText {
    let (blocks, factors) = collect(root);
    let paragraphs = main_paragraphs(&blocks, &factors);
    let start = paragraphs
        .first()
        .and_then(|first| blocks.iter().position(|b| b.text.trim() == first))
        .unwrap_or(0);
    let before = blocks[start.saturating_sub(LEAD_BEFORE)..start]
        .iter()
        .rev();
    let after = blocks[start..].iter().take(LEAD_AFTER);
    let lead = before
        .chain(after)
        .filter(|b| b.chars <= LEAD_CHARS)
        .map(|b| b.text.trim().to_string())
        .collect();
    MainText { paragraphs, lead }
}

/// The main text's paragraphs among a page's blocks.
fn main_paragraphs(blocks: &[Block], factors: &HashMap<NodeId, f64>) -> Vec<String> {
    let Some((container, depth)) = best_container(blocks, factors) else {
        return Vec::new();
    };
    let inside: Vec<&Block> = blocks
        .iter()
        .filter(|b| b.path.get(depth) == Some(&container))
        .collect();
    // Hints below the container only: furniture words on the container's own wrappers say
    // nothing about which of its blocks are furniture.
    let hints: Vec<f64> = inside
        .iter()
        .map(|b| block_hint(b, factors, depth + 1))
        .collect();
    let good: Vec<bool> = inside
        .iter()
        .zip(&hints)
        .map(|(b, &h)| is_good(b, h))
        .collect();
    let runs = main_runs(&inside, &good, &hints);
    if runs.is_empty() {
        return inside
            .iter()
            .filter(|b| b.link_density() <= MAX_LINK_DENSITY)
            .map(|b| b.text.trim().to_string())
            .collect();
    }
    let mut kept = Vec::new();
    for (index, block) in inside.iter().enumerate() {
        let keep_here = runs.iter().any(|&(first, last)| {
            // A short closing sentence right after a run's last good block ends it; a
            // heading right before its first good block introduces it.
            let closing =
                index > last && index <= last + 2 && !good[index] && ends_sentence(&block.text);
            let lead_heading = block.heading && index + 1 == first;
            (first..=last).contains(&index) || closing || lead_heading
        });
        let keep = keep_here
            && block.link_density() <= MAX_LINK_DENSITY
            && (good[index] || hints[index] > FURNITURE_FACTOR);
        if keep {
            kept.push(block.text.trim().to_string());
        }
    }
    kept
}

/// Furniture blocks (link lists, furniture-named) that split two runs of good blocks.
const RUN_BREAK_FURNITURE: usize = 1;
/// Non-good blocks in a row that split two runs of good blocks.
const RUN_BREAK_GAP: usize = 8;
/// A run is kept when its prose is at least this share of the richest run's.
const RUN_SHARE: f64 = 0.05;

/// The runs (first, last index) of good blocks that make the article: good blocks are
/// grouped into runs split by share bars, link lists or long stretches of short lines, and
/// the runs with a fair share of the prose are kept (teasers after a share bar are not).
fn main_runs(inside: &[&Block], good: &[bool], hints: &[f64]) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize, f64)> = Vec::new();
    let (mut furniture, mut gap) = (0usize, 0usize);
    for (index, block) in inside.iter().enumerate() {
        if !good[index] {
            gap += 1;
            if block.link_density() > MAX_LINK_DENSITY || hints[index] <= FURNITURE_FACTOR {
                furniture += 1;
            }
            continue;
        }
        let prose = block.value();
        match runs.last_mut() {
            Some(run) if furniture < RUN_BREAK_FURNITURE && gap < RUN_BREAK_GAP => {
                run.1 = index;
                run.2 += prose;
            }
            _ => runs.push((index, index, prose)),
        }
        furniture = 0;
        gap = 0;
    }
    let richest = runs.iter().map(|run| run.2).fold(0.0, f64::max);
    runs.into_iter()
        .filter(|run| run.2 >= RUN_SHARE * richest)
        .map(|(first, last, _)| (first, last))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn paragraphs(body: &str) -> Vec<String> {
        let document = Html::parse_document(&format!("<html><body>{body}</body></html>"));
        main_text(document.tree.root()).paragraphs
    }

    const PROSE: &str =
        "The council met on Tuesday to discuss the new budget for schools and roads.";
    const MORE: &str =
        "Members agreed to spend more on repairs, and the vote passed by a wide margin.";

    #[test]
    fn furniture_words_on_the_wrapper_do_not_veto_the_body() {
        // Issue 15: `l-sidebar-fixed` on the page wrapper deleted the whole article.
        let got = paragraphs(&format!(
            "<div class='l-sidebar-fixed'><div class='l-article-body'><p>{PROSE}</p><p>{MORE}</p></div>\
             <div class='share'><a href='/f'>Facebook</a> <a href='/t'>Twitter</a></div></div>"
        ));
        assert_eq!(got, [PROSE, MORE]);
    }

    #[test]
    fn the_richest_of_many_articles_wins() {
        // Issue 15: the first of sixteen `<article>` elements was taken.
        let teaser =
            "<article><p><a href='/x'>Another story about the weather today</a></p></article>";
        let got = paragraphs(&format!(
            "{teaser}{teaser}<article><p>{PROSE}</p><p>{MORE}</p></article>{teaser}"
        ));
        assert_eq!(got, [PROSE, MORE]);
    }

    #[test]
    fn link_lists_and_short_edge_lines_are_dropped() {
        let got = paragraphs(&format!(
            "<div><div>Home</div><div>31 May</div><p>{PROSE}</p><p>Short line</p><p>{MORE}</p>\
             <ul><li><a href='/a'>First related story</a></li><li><a href='/b'>Second one</a></li></ul>\
             <div>Imprint</div></div>"
        ));
        // The short line between two good blocks stays; "Home", the date and "Imprint" go.
        assert_eq!(got, [PROSE, "Short line", MORE]);
    }

    #[test]
    fn a_short_closing_sentence_stays() {
        let got = paragraphs(&format!(
            "<div><p>{PROSE}</p><p>{MORE}</p><p>That is all.</p></div>"
        ));
        assert_eq!(got, [PROSE, MORE, "That is all."]);
    }

    #[test]
    fn hidden_elements_and_scripts_are_skipped() {
        let got = paragraphs(&format!(
            "<div><p>{PROSE}</p><p style='display: none'>{MORE}</p><script>var a = 1;</script>\
             <p hidden>{MORE}</p><p>{MORE}</p></div>"
        ));
        assert_eq!(got, [PROSE, MORE]);
    }

    #[test]
    fn a_comment_thread_loses_to_the_article() {
        let comment = format!("<div class='comment'><p>{MORE} I fully agree with this.</p></div>");
        let got = paragraphs(&format!(
            "<div class='post'><p>{PROSE}</p><p>{PROSE} Again.</p></div><div class='comments'>{comment}{comment}</div>"
        ));
        assert_eq!(got, [PROSE.to_string(), format!("{PROSE} Again.")]);
    }

    #[test]
    fn table_cells_share_a_line() {
        let got = paragraphs(&format!(
            "<div><p>{PROSE}</p><table><tr><td>Flour</td><td>200 g</td></tr></table><p>{MORE}</p></div>"
        ));
        assert_eq!(got, [PROSE, "Flour 200 g", MORE]);
    }

    #[test]
    fn lead_holds_the_dateline_nearest_first() {
        let document = Html::parse_document(&format!(
            "<html><body><div>Site menu</div><h1>Title</h1><div>By Ann, 3 May 2024</div>\
             <p>{PROSE}</p><p>{MORE}</p></body></html>"
        ));
        let lead = main_text(document.tree.root()).lead;
        assert_eq!(lead[..3], ["By Ann, 3 May 2024", "Title", "Site menu"]);
    }

    #[test]
    fn teasers_after_a_share_bar_are_a_separate_run() {
        // Below the article, a share bar and then a teaser long enough to pass as prose: the
        // share bar splits the runs and the teaser's run is too small beside the article's.
        let article = format!("<p>{PROSE}</p><p>{MORE}</p>").repeat(10);
        let got = paragraphs(&format!(
            "<div>{article}<div><a href='/f'>Share on Facebook</a></div>\
             <p>Subscribe now to our print edition for the full story every day.</p></div>"
        ));
        assert_eq!(got.len(), 20);
        assert!(!got.iter().any(|p| p.starts_with("Subscribe")), "{got:?}");
    }

    #[test]
    fn furniture_names_are_words() {
        for (value, want) in [
            ("l-sidebar-fixed", true),
            ("comments", true),
            ("commentlist", true),
            ("share_bar", true),
            ("commentary article", false),
            ("shareholder-news", false),
            ("", false),
        ] {
            assert_eq!(names_furniture(value), want, "{value}");
        }
    }

    #[test]
    fn odd_pages_do_not_panic() {
        for body in [
            "",
            "<p>",
            "<a><a><a>x",
            "<td>x</td>",
            "<br><br>",
            "<div hidden>x</div>",
        ] {
            let _ = paragraphs(body);
        }
        let deep = format!("{}x{}", "<div>".repeat(1500), "</div>".repeat(1500));
        let _ = paragraphs(&deep);
    }
}
