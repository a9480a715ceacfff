//! The router: JSON endpoints over the engine, the embedded page, and the layers that bound
//! every request (body size, time, concurrent index work) and keep errors JSON.

use crate::assets;
use crate::error::ApiError;
use crate::params::{decode, search_request, Endpoint};
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use newsindex_query::Engine;
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tower_http::limit::RequestBodyLimitLayer;

/// Largest request body accepted, in bytes (the API only reads query strings).
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// Longest a request may take before it is answered with 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest accepted article or story id, in bytes.
const MAX_ID_BYTES: usize = 512;

/// Bounds on the work the server accepts.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// Longest a request may take.
    pub timeout: Duration,
    /// Most searches and lookups running at once; more wait for a turn (within the timeout).
    pub max_concurrent: usize,
}

impl Default for Config {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Config {
            timeout: REQUEST_TIMEOUT,
            max_concurrent: (cores * 2).max(4),
        }
    }
}

#[derive(Clone)]
struct AppState {
    engine: Engine,
    permits: Arc<Semaphore>,
    timeout: Duration,
}

/// The whole application (API, page and assets) over `engine`, with default bounds.
pub fn router(engine: Engine) -> Router {
    router_with(engine, Config::default())
}

/// The whole application over `engine` with the given bounds.
pub fn router_with(engine: Engine, config: Config) -> Router {
    let state = AppState {
        engine,
        permits: Arc::new(Semaphore::new(config.max_concurrent.max(1))),
        timeout: config.timeout,
    };
    let timeout = config.timeout;
    Router::new()
        .route("/", get(assets::page))
        .route("/assets/{name}", get(assets::asset))
        .route("/healthz", get(healthz))
        .route("/api/search", get(search))
        .route("/api/histogram", get(histogram))
        .route("/api/stats", get(stats))
        .route("/api/articles/{id}", get(article))
        .route("/api/articles/{id}/translations", get(translations))
        .route("/api/stories/{id}", get(story))
        .route("/api/stories/{id}/compare", get(compare))
        .fallback(unknown_route)
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::from_fn(move |request, next| {
            guard(timeout, request, next)
        }))
}

/// Outermost layer: a deadline on the whole request, security headers, and JSON bodies for
/// errors produced by layers or extractors that answer in plain text.
async fn guard(timeout: Duration, request: Request, next: Next) -> Response {
    // Index work has its own deadline (see `blocking`); this one catches everything else,
    // with a margin so that the more precise message wins.
    let mut response =
        match tokio::time::timeout(timeout + Duration::from_secs(1), next.run(request)).await {
            Ok(response) => response,
            Err(_) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("the request took longer than {} s", timeout.as_secs()),
            )
            .into_response(),
        };
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let reason = status.canonical_reason().unwrap_or("error").to_lowercase();
        let mut json = ApiError::new(status, reason).into_response();
        for (name, value) in response.headers() {
            if name == header::ALLOW || name == header::RETRY_AFTER {
                json.headers_mut().insert(name.clone(), value.clone());
            }
        }
        response = json;
    }
    let headers = response.headers_mut();
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Runs index work on a blocking thread, bounded in concurrency and time.
async fn blocking<T, F>(state: &AppState, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Engine) -> Result<T, ApiError> + Send + 'static,
{
    let deadline = tokio::time::Instant::now() + state.timeout;
    let too_slow = || {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the search took longer than {} s; narrow the query or try again",
                state.timeout.as_secs()
            ),
        )
    };
    let permit = tokio::time::timeout_at(deadline, state.permits.clone().acquire_owned())
        .await
        .map_err(|_| too_slow())?
        .map_err(|err| ApiError::internal("search permits closed", &err))?;
    let engine = state.engine.clone();
    // The permit moves into the task: a search abandoned on timeout still holds its slot
    // until it really ends, so slow searches cannot pile up threads.
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work(&engine)
    });
    match tokio::time::timeout_at(deadline, task).await {
        Err(_) => Err(too_slow()),
        Ok(Err(join)) => Err(ApiError::internal("search task failed", &join)),
        Ok(Ok(result)) => result,
    }
}

fn id_of(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    let Path(id) = path.map_err(|err| ApiError::bad_request(format!("bad id in path: {err}")))?;
    if id.is_empty() || id.len() > MAX_ID_BYTES {
        return Err(ApiError::bad_request(format!(
            "an id has 1 to {MAX_ID_BYTES} bytes"
        )));
    }
    Ok(id)
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    articles: u64,
}

async fn healthz(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok",
        articles: state.engine.searcher().num_docs(),
    })
}

async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let result = async {
        let request = search_request(Endpoint::Search, &decode(raw.as_deref()))?;
        blocking(&state, move |engine| Ok(engine.search(&request)?)).await
    }
    .await;
    json(result)
}

async fn histogram(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let result = async {
        let request = search_request(Endpoint::Histogram, &decode(raw.as_deref()))?;
        blocking(&state, move |engine| {
            let response = engine.search(&request)?;
            response
                .histogram
                .ok_or_else(|| ApiError::internal("histogram", &"the engine computed none"))
        })
        .await
    }
    .await;
    json(result)
}

async fn stats(State(state): State<AppState>) -> Response {
    json(blocking(&state, |engine| Ok(engine.index().stats()?)).await)
}

async fn article(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let result = async {
        let id = id_of(path)?;
        blocking(&state, move |engine| Ok(engine.article(&id)?)).await
    }
    .await;
    json(result)
}

async fn translations(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let result = async {
        let id = id_of(path)?;
        blocking(&state, move |engine| Ok(engine.translations(&id)?)).await
    }
    .await;
    json(result)
}

async fn story(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let result = async {
        let id = id_of(path)?;
        blocking(&state, move |engine| Ok(engine.story(&id)?)).await
    }
    .await;
    json(result)
}

async fn compare(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let result = async {
        let story = id_of(path)?;
        // `?article=ID` compares from that member of the story; by default from the story's
        // id, which is its smallest member's id.
        let article = decode(raw.as_deref())
            .into_iter()
            .find(|(key, _)| key == "article")
            .map(|(_, value)| value);
        blocking(&state, move |engine| {
            let pivot = match article {
                Some(id) => {
                    if engine.article(&id)?.story != story {
                        return Err(ApiError::not_found(format!(
                            "article {id:?} is not in story {story:?}"
                        )));
                    }
                    id
                }
                None => story,
            };
            Ok(crate::compare::compare_article(engine, &pivot)?)
        })
        .await
    }
    .await;
    json(result)
}

async fn unknown_route(request: Request<Body>) -> ApiError {
    ApiError::not_found(format!(
        "no such page or endpoint: {}",
        request.uri().path()
    ))
}

fn json<T: Serialize>(result: Result<T, ApiError>) -> Response {
    match result {
        Ok(value) => {
            let mut response = Json(value).into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(err) => err.into_response(),
    }
}
