//! Shared helpers for the token-table tests of every tokenizer, filter and analyzer.

use tantivy::tokenizer::{TextAnalyzer, Token, TokenizerManager};

/// Every token `analyzer` produces for `text`.
pub(crate) fn collect_tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    stream.process(&mut |token: &Token| tokens.push(token.clone()));
    tokens
}

/// The texts of the tokens `analyzer` produces for `text`.
pub(crate) fn token_texts(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    collect_tokens(analyzer, text)
        .into_iter()
        .map(|token| token.text)
        .collect()
}

/// A manager with every newsindex analyzer registered.
pub(crate) fn manager() -> TokenizerManager {
    let manager = TokenizerManager::default();
    crate::analyzers::register_analyzers(&manager);
    manager
}

/// Checks a table of `(input, expected token texts)` against the analyzer named `name`.
pub(crate) fn assert_token_table(name: &str, cases: &[(&str, &[&str])]) {
    let manager = manager();
    for (input, want) in cases {
        let got = crate::analyzers::analyze(&manager, name, input);
        assert_eq!(got, *want, "{name}({input:?})");
    }
}

/// Checks that each pair of inputs gives identical tokens under the analyzer named `name`.
pub(crate) fn assert_same_tokens(name: &str, pairs: &[(&str, &str)]) {
    let manager = manager();
    for (a, b) in pairs {
        let left = crate::analyzers::analyze(&manager, name, a);
        assert!(!left.is_empty(), "{name}({a:?}) gave no token");
        assert_eq!(
            left,
            crate::analyzers::analyze(&manager, name, b),
            "{name}: {a:?} vs {b:?}"
        );
    }
}
