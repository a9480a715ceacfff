//! Trilingual lexicon (placeholder until the curated glossary lands; same API).

/// One concept: its forms in vi, fr and en (in `Lang::ANALYSED` order).
#[derive(Clone, Debug, Default)]
pub struct Entry {
    /// Synonyms per language, vi = 0, fr = 1, en = 2.
    pub forms: [Vec<String>; 3],
}

/// A set of concepts with their translations.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    entries: Vec<Entry>,
}

impl Lexicon {
    /// The lexicon built into the binary.
    pub fn builtin() -> Lexicon {
        Lexicon::default()
    }

    /// Every concept.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
}
