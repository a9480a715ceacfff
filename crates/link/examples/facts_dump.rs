use newsindex_core::Article;
use newsindex_link::LinkInput;
use std::io::BufRead;
fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        if line.trim().is_empty() {
            continue;
        }
        let a: Article = serde_json::from_str(&line).unwrap();
        let i = LinkInput::from_article(&a);
        println!(
            "== {} {:?} concepts={} title_anchors={}",
            i.id,
            i.lang,
            i.content.concepts.len(),
            i.title_anchors
        );
        for an in &i.anchors {
            print!("[{:?} {} | {}] ", an.kind, an.value, an.surface);
        }
        println!();
    }
}
