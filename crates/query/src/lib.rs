//! Cross-language query parsing, expansion, search, grouping by story, facets and snippets.
