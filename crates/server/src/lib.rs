//! HTTP API and the embedded web page for journalists.
