//! Fetching feed documents politely.
//!
//! One shared `reqwest::Client`; redirects are followed here rather than by
//! reqwest so that each hop takes its host's permit and so that we know
//! whether every hop was permanent (then the feed's stored URL moves). The
//! order of politeness is fixed: per-host permit, then the request. Bodies
//! are streamed and cut off at the feed's size cap. `file://` URLs are read
//! from disk with the file's mtime standing in for `Last-Modified`.

pub mod host;
pub mod retry;

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::StatusCode;
use url::Url;

use host::{HostKey, HostPool};

/// Most redirects followed for one fetch.
pub const MAX_REDIRECTS: usize = 5;

/// What to fetch and how.
#[derive(Debug, Clone)]
pub struct FetchRequest<'a> {
    /// The URL to fetch (the stored URL, which may differ from the config's).
    pub url: &'a Url,
    /// Validator for `If-None-Match`.
    pub etag: Option<&'a str>,
    /// Validator for `If-Modified-Since`.
    pub last_modified: Option<&'a str>,
    /// Deadline for the whole fetch, body included.
    pub timeout: Duration,
    /// Largest body accepted.
    pub max_body_size: u64,
}

/// A successful fetch.
#[derive(Debug, Clone)]
pub enum FetchOutcome {
    /// The server answered 304: nothing changed since the validators.
    NotModified {
        /// Set when every redirect hop was permanent: the feed's new URL.
        moved_to: Option<Url>,
    },
    /// A new document.
    Fetched {
        /// The raw body (decompressed).
        body: Bytes,
        /// The response `ETag`.
        etag: Option<String>,
        /// The response `Last-Modified`.
        last_modified: Option<String>,
        /// Set when every redirect hop was permanent: the feed's new URL.
        moved_to: Option<Url>,
        /// The URL the document came from (after redirects), for resolving links.
        final_url: Url,
    },
}

/// Why a fetch failed. Each variant names the URL it concerns.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The whole fetch took longer than its deadline.
    #[error("timed out after {timeout:?} fetching '{url}'")]
    Timeout {
        /// The URL.
        url: Url,
        /// The deadline.
        timeout: Duration,
    },
    /// The server answered with an error status.
    #[error("'{url}' answered HTTP {status}")]
    Status {
        /// The URL.
        url: Url,
        /// The status.
        status: StatusCode,
        /// The server's `Retry-After`, if any.
        retry_after: Option<Duration>,
    },
    /// The body is larger than the cap.
    #[error("body of '{url}' exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The URL.
        url: Url,
        /// The cap.
        limit: u64,
    },
    /// More than [`MAX_REDIRECTS`] redirects.
    #[error("too many redirects (more than {MAX_REDIRECTS}) starting at '{url}'")]
    TooManyRedirects {
        /// The URL.
        url: Url,
    },
    /// A redirect without a usable `Location`.
    #[error("'{url}' sent a redirect without a valid Location")]
    BadRedirect {
        /// The URL.
        url: Url,
    },
    /// Connecting or talking to the server failed.
    #[error("request to '{url}' failed")]
    Http {
        /// The URL.
        url: Url,
        /// The cause.
        #[source]
        source: reqwest::Error,
    },
    /// A `file://` feed could not be read.
    #[error("cannot read '{url}'")]
    File {
        /// The URL.
        url: Url,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

impl FetchError {
    /// A short, stable label for logs and state: `timeout`, `http_404`, `too_large`...
    pub fn kind(&self) -> String {
        match self {
            FetchError::Timeout { .. } => "timeout".into(),
            FetchError::Status { status, .. } => format!("http_{}", status.as_u16()),
            FetchError::TooLarge { .. } => "too_large".into(),
            FetchError::TooManyRedirects { .. } => "too_many_redirects".into(),
            FetchError::BadRedirect { .. } => "bad_redirect".into(),
            FetchError::Http { source, .. } if source.is_connect() => "connect".into(),
            FetchError::Http { source, .. } if source.is_timeout() => "timeout".into(),
            FetchError::Http { source, .. } if source.is_decode() || source.is_body() => "body".into(),
            FetchError::Http { .. } => "http".into(),
            FetchError::File { .. } => "file".into(),
        }
    }

    /// How long the server asked us to wait, for 429 and 503.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { status, retry_after, .. }
                if *status == StatusCode::TOO_MANY_REQUESTS || *status == StatusCode::SERVICE_UNAVAILABLE =>
            {
                *retry_after
            }
            _ => None,
        }
    }
}

/// Fetches documents with one shared client.
#[derive(Debug)]
pub struct Fetcher {
    client: reqwest::Client,
    hosts: HostPool,
}

/// Settings of the shared client.
#[derive(Debug, Clone)]
pub struct FetcherSettings {
    /// The `User-Agent` header.
    pub user_agent: String,
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Concurrent requests per host.
    pub per_host_concurrency: usize,
}

impl Fetcher {
    /// Builds the shared client.
    pub fn new(settings: &FetcherSettings) -> Result<Fetcher, reqwest::Error> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_static("application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"),
        );
        let client = reqwest::Client::builder()
            .user_agent(&settings.user_agent)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(settings.connect_timeout)
            .pool_idle_timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(2)
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .build()?;
        Ok(Fetcher { client, hosts: HostPool::new(settings.per_host_concurrency) })
    }

    /// Fetches `req.url`, within `req.timeout` in total.
    pub async fn fetch(&self, req: &FetchRequest<'_>) -> Result<FetchOutcome, FetchError> {
        match tokio::time::timeout(req.timeout, self.fetch_inner(req)).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout { url: req.url.clone(), timeout: req.timeout }),
        }
    }

    async fn fetch_inner(&self, req: &FetchRequest<'_>) -> Result<FetchOutcome, FetchError> {
        if req.url.scheme() == "file" {
            return fetch_file(req).await;
        }
        let mut url = req.url.clone();
        let mut all_permanent = true;
        let mut moved = false;
        for _ in 0..=MAX_REDIRECTS {
            let _permit = self.hosts.acquire(&HostKey::of(&url)).await;
            let mut request = self.client.get(url.clone());
            if let Some(etag) = req.etag {
                request = request.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = req.last_modified {
                request = request.header(header::IF_MODIFIED_SINCE, lm);
            }
            let response = request
                .send()
                .await
                .map_err(|source| FetchError::Http { url: url.clone(), source: source.without_url() })?;
            let status = response.status();
            let moved_to = || (moved && all_permanent).then(|| url.clone());
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let next = response
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .and_then(|l| url.join(l).ok())
                    .filter(|u| matches!(u.scheme(), "http" | "https"))
                    .ok_or_else(|| FetchError::BadRedirect { url: url.clone() })?;
                all_permanent &= matches!(status, StatusCode::MOVED_PERMANENTLY | StatusCode::PERMANENT_REDIRECT);
                moved = true;
                url = next;
                continue;
            }
            if status == StatusCode::NOT_MODIFIED {
                return Ok(FetchOutcome::NotModified { moved_to: moved_to() });
            }
            if !status.is_success() {
                let retry_after = response
                    .headers()
                    .get(header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| retry::parse_retry_after(v, SystemTime::now()));
                return Err(FetchError::Status { url: url.clone(), status, retry_after });
            }
            let header_str =
                |name| response.headers().get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_string);
            let etag = header_str(header::ETAG);
            let last_modified = header_str(header::LAST_MODIFIED);
            let moved_to = moved_to();
            let body = read_capped(response, &url, req.max_body_size).await?;
            return Ok(FetchOutcome::Fetched { body, etag, last_modified, moved_to, final_url: url });
        }
        Err(FetchError::TooManyRedirects { url: req.url.clone() })
    }
}

/// Reads a body, failing as soon as it grows past `limit`: a hostile or
/// broken server cannot make us buffer more than the cap.
async fn read_capped(mut response: reqwest::Response, url: &Url, limit: u64) -> Result<Bytes, FetchError> {
    let too_large = || FetchError::TooLarge { url: url.clone(), limit };
    // Content-Length describes the compressed body; only trust it to reject early.
    if response.content_length().is_some_and(|n| n > limit)
        && response.headers().get(header::CONTENT_ENCODING).is_none()
    {
        return Err(too_large());
    }
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) =
        response.chunk().await.map_err(|source| FetchError::Http { url: url.clone(), source: source.without_url() })?
    {
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

async fn fetch_file(req: &FetchRequest<'_>) -> Result<FetchOutcome, FetchError> {
    let file_err = |source| FetchError::File { url: req.url.clone(), source };
    let path = req
        .url
        .to_file_path()
        .map_err(|()| file_err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a local file path")))?;
    let meta = tokio::fs::metadata(&path).await.map_err(file_err)?;
    if meta.len() > req.max_body_size {
        return Err(FetchError::TooLarge { url: req.url.clone(), limit: req.max_body_size });
    }
    // The mtime has one-second resolution as an HTTP date; the size and the
    // nanosecond mtime in a pseudo-ETag catch rewrites within the same second.
    let modified = meta.modified().ok();
    let last_modified = modified.map(httpdate::fmt_http_date);
    let etag = modified
        .and_then(|m| m.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map(|d| format!("\"file-{}-{}\"", meta.len(), d.as_nanos()));
    if etag.is_some() && etag.as_deref() == req.etag {
        return Ok(FetchOutcome::NotModified { moved_to: None });
    }
    let body = tokio::fs::read(&path).await.map_err(file_err)?;
    if body.len() as u64 > req.max_body_size {
        return Err(FetchError::TooLarge { url: req.url.clone(), limit: req.max_body_size });
    }
    Ok(FetchOutcome::Fetched { body: body.into(), etag, last_modified, moved_to: None, final_url: req.url.clone() })
}
