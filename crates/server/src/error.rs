//! API errors: a JSON body `{"error": "..."}` with the status that says whose fault it is;
//! internal failures are logged and answered without their details.

use crate::params::ParamError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use newsindex_index::IndexError;
use newsindex_query::SearchError;
use serde::Serialize;

/// An error answered to an API client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong, for the person who sent the request.
    pub message: String,
    /// Character column of a query syntax error, when known.
    pub column: Option<usize>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

impl ApiError {
    /// An error with a status and a message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            column: None,
        }
    }

    /// A 400: the request is the caller's to fix.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// A 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// A 500 whose details go to the server log only.
    pub fn internal(context: &str, detail: &dyn std::fmt::Display) -> ApiError {
        eprintln!("newsindex serve: {context}: {detail}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error; the server log has the details",
        )
    }
}

impl From<ParamError> for ApiError {
    fn from(err: ParamError) -> ApiError {
        ApiError::bad_request(err.0)
    }
}

impl From<SearchError> for ApiError {
    fn from(err: SearchError) -> ApiError {
        match err {
            SearchError::Syntax(syntax) => ApiError {
                status: StatusCode::BAD_REQUEST,
                message: syntax.message,
                column: syntax.column,
            },
            SearchError::BadRequest(message) => ApiError::bad_request(message),
            SearchError::NotFound(message) => ApiError::not_found(message),
            other => ApiError::internal("search failed", &other),
        }
    }
}

impl From<IndexError> for ApiError {
    fn from(err: IndexError) -> ApiError {
        ApiError::internal("reading the index failed", &err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            error: &self.message,
            column: self.column,
        };
        (self.status, Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsindex_query::{parse, Limits};

    #[test]
    fn engine_errors_map_to_statuses() {
        let syntax = parse("\"unclosed", &Limits::default()).unwrap_err();
        let cases = [
            (SearchError::from(syntax), StatusCode::BAD_REQUEST),
            (
                SearchError::BadRequest("limit".into()),
                StatusCode::BAD_REQUEST,
            ),
            (
                SearchError::NotFound("no article".into()),
                StatusCode::NOT_FOUND,
            ),
            (
                SearchError::Index(IndexError::UnknownId("x".into())),
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
        ];
        for (err, status) in cases {
            let api = ApiError::from(err);
            assert_eq!(api.status, status, "{}", api.message);
        }
    }

    #[test]
    fn internal_errors_hide_their_details() {
        let api = ApiError::from(SearchError::Index(IndexError::UnknownId(
            "/secret/path".into(),
        )));
        assert!(!api.message.contains("secret"), "{}", api.message);
    }

    #[test]
    fn syntax_errors_keep_their_column() {
        let syntax = parse("tamarin \"unclosed", &Limits::default()).unwrap_err();
        assert_eq!(syntax.column, Some(9));
        let api = ApiError::from(SearchError::from(syntax));
        assert_eq!(api.column, Some(9));
        assert!(api.message.contains("quote"), "{}", api.message);
    }
}
