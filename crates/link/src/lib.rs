//! Group the language versions of one story from language-neutral anchors.
