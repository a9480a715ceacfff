//! The web page and its assets, embedded in the binary so the server works offline.

use crate::error::ApiError;
use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// One embedded file.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const PAGE: &str = include_str!("../assets/index.html");

const ASSETS: &[Asset] = &[
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/app.js"),
    },
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/app.css"),
    },
    Asset {
        name: "icon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../assets/icon.svg"),
    },
];

fn with_type(content_type: &'static str, body: &'static [u8]) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Small files that change with the binary: revalidate rather than cache stale copies.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// `GET /`: the search page.
pub async fn page() -> Response {
    with_type("text/html; charset=utf-8", PAGE.as_bytes())
}

/// `GET /assets/{name}`: a script, style sheet or icon of the page.
pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|asset| asset.name == name) {
        Some(asset) => with_type(asset.content_type, asset.body),
        None => ApiError::not_found(format!("no asset named {name:?}")).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_references_only_embedded_assets() {
        // A reference to a missing asset (or to a CDN) would break the page offline.
        let mut rest = PAGE;
        let mut found = 0;
        while let Some(at) = rest.find("/assets/") {
            rest = &rest[at + "/assets/".len()..];
            let end = rest.find(['"', '\'']).unwrap_or(rest.len());
            let name = &rest[..end];
            assert!(
                ASSETS.iter().any(|a| a.name == name),
                "page references missing asset {name}"
            );
            found += 1;
        }
        assert!(
            found >= 3,
            "the page should load its script, style and icon"
        );
        for asset in ASSETS.iter().map(|a| a.body).chain([PAGE.as_bytes()]) {
            // SVG's namespace is an identifier, not a download.
            let text = String::from_utf8_lossy(asset).replace("http://www.w3.org/2000/svg", "");
            assert!(
                !text.contains("http://") && !text.contains("https://"),
                "assets must not load anything from the network"
            );
        }
    }
}
