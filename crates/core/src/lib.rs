//! Plain data shared by every newsindex crate: the [`Lang`] of an article, the normalised
//! [`Article`] record that ingestion produces and the index stores, and the [`Story`] that
//! groups the language versions of one piece of news; and [`Interned`], the string table that
//! large runs keep ids and anchors in. No I/O lives here.
//!
//! ```
//! use newsindex_core::{Article, Lang};
//! let mut article = Article::new("dev-001", Lang::Vi);
//! article.title = "Nghị quyết 57".into();
//! assert_eq!(article.lang.code(), "vi");
//! assert_eq!(Lang::parse("FR"), Some(Lang::Fr));
//! ```

mod article;
mod interned;
mod lang;
mod story;

pub use article::{publication, Article, Date, Month};
pub use interned::Interned;
pub use lang::Lang;
pub use story::{Link, Relation, Story};
