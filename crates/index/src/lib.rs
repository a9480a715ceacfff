//! The tantivy schema, analyzer registration, batch (re)indexing with atomic publish, stats and record lookup.
