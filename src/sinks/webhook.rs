//! The `webhook` sink and its chat presets (Slack, Discord, Microsoft Teams,
//! Mattermost, ntfy, Telegram).
//!
//! Every request carries the document id as `Idempotency-Key` and
//! `X-Wirewatch-Alert-Id`, so receivers can drop duplicates, and, when a
//! secret is configured, `X-Wirewatch-Signature: sha256=<hex HMAC of the body>`.
//! Outcomes: 2xx Delivered; 408, 429, 5xx and network errors Errored (429 and
//! 503 with their `Retry-After`); any other status Rejected. The URL is a
//! secret (chat webhooks carry their token in it) and never appears in logs.

use std::time::{Duration, SystemTime};

use hmac::{Hmac, Mac};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, RETRY_AFTER};
use reqwest::StatusCode;
use sha2::Sha256;

use super::{template, Delivery, Outgoing, SinkError};
use crate::config::{WebhookPreset, WebhookSpec};

/// POSTs documents to an HTTP endpoint.
#[derive(Debug)]
pub struct WebhookSink {
    name: String,
    spec: WebhookSpec,
    client: reqwest::Client,
}

/// Discord rejects messages over 2,000 characters; Slack truncates at 40,000.
const DISCORD_MAX: usize = 2000;

impl WebhookSink {
    pub(super) fn new(name: &str, spec: &WebhookSpec) -> Result<WebhookSink, SinkError> {
        let client = reqwest::Client::builder()
            .user_agent(crate::config::default_user_agent())
            .timeout(spec.timeout)
            .redirect(reqwest::redirect::Policy::limited(3))
            .build()
            .map_err(|source| SinkError::Client { sink: name.to_string(), source })?;
        Ok(WebhookSink { name: name.to_string(), spec: spec.clone(), client })
    }

    /// The message text: the template's output, or the default text.
    fn text(&self, doc: &Outgoing) -> Result<String, String> {
        match &self.spec.template {
            Some(t) => template::render(t, &doc.json).map_err(|e| format!("template failed: {e}")),
            None => Ok(template::default_text(&doc.json)),
        }
    }

    /// Body and content type for `doc` under the sink's preset.
    fn body(&self, doc: &Outgoing) -> Result<(Vec<u8>, &'static str), String> {
        let json = |v: serde_json::Value| (serde_json::to_vec(&v).expect("JSON values serialize"), "application/json");
        Ok(match self.spec.preset {
            WebhookPreset::Plain => match &self.spec.template {
                Some(_) => (self.text(doc)?.into_bytes(), "application/json"),
                None => (doc.raw.clone().into_bytes(), "application/json"),
            },
            WebhookPreset::Slack | WebhookPreset::Mattermost => json(serde_json::json!({ "text": self.text(doc)? })),
            WebhookPreset::Discord => {
                let text: String = self.text(doc)?.chars().take(DISCORD_MAX).collect();
                json(serde_json::json!({ "content": text, "allowed_mentions": { "parse": [] } }))
            }
            WebhookPreset::Teams => {
                let headline = template::headline(&doc.json);
                json(serde_json::json!({
                    "@type": "MessageCard",
                    "@context": "https://schema.org/extensions",
                    "summary": headline,
                    "title": headline,
                    "text": self.text(doc)?.replace('\n', "\n\n"),
                }))
            }
            WebhookPreset::Telegram => json(serde_json::json!({
                "chat_id": self.spec.chat_id,
                "text": self.text(doc)?,
                "disable_web_page_preview": false,
            })),
            WebhookPreset::Ntfy => (self.text(doc)?.into_bytes(), "text/plain; charset=utf-8"),
        })
    }

    pub(super) async fn deliver(&self, doc: &Outgoing) -> Delivery {
        let (body, content_type) = match self.body(doc) {
            Ok(b) => b,
            // A template that fails on this document will fail every time.
            Err(e) => return Delivery::rejected(e),
        };
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Ok(id) = HeaderValue::from_str(&doc.id) {
            headers.insert(HeaderName::from_static("idempotency-key"), id.clone());
            headers.insert(HeaderName::from_static("x-wirewatch-alert-id"), id);
        }
        if self.spec.preset == WebhookPreset::Ntfy {
            let title = template::headline(&doc.json);
            if let Ok(v) = HeaderValue::from_str(&title.replace(['\r', '\n'], " ")) {
                headers.insert(HeaderName::from_static("title"), v);
            }
            if let Some(link) = doc.json.pointer("/item/link").and_then(|v| v.as_str()) {
                if let Ok(v) = HeaderValue::from_str(link) {
                    headers.insert(HeaderName::from_static("click"), v);
                }
            }
            if let Some(token) = &self.spec.token {
                if let Ok(v) = HeaderValue::from_str(&format!("Bearer {}", token.expose())) {
                    headers.insert(reqwest::header::AUTHORIZATION, v);
                }
            }
        }
        for (name, value) in &self.spec.headers {
            if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value.expose())) {
                headers.insert(n, v);
            }
        }
        if let Some(secret) = &self.spec.secret {
            let mut mac =
                Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes()).expect("HMAC takes any key length");
            mac.update(&body);
            let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
            headers.insert(
                HeaderName::from_static("x-wirewatch-signature"),
                HeaderValue::from_str(&format!("sha256={hex}")).expect("hex is a valid header"),
            );
        }
        let response = self.client.post(self.spec.url.expose()).headers(headers).body(body).send().await;
        match response {
            Err(e) => Delivery::errored(format!("request failed: {}", e.without_url())),
            Ok(r) => classify_status(&self.name, r.status(), r.headers().get(RETRY_AFTER)),
        }
    }
}

/// Maps an HTTP status to a delivery outcome.
fn classify_status(sink: &str, status: StatusCode, retry_after: Option<&HeaderValue>) -> Delivery {
    if status.is_success() {
        return Delivery::Delivered;
    }
    let error = format!("sink '{sink}' got HTTP {status}");
    if status == StatusCode::REQUEST_TIMEOUT || status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
        let retry_after = retry_after
            .filter(|_| status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| crate::fetch::retry::parse_retry_after(v, SystemTime::now()))
            .map(|d| d.max(Duration::from_millis(100)));
        return Delivery::Errored { error, retry_after };
    }
    Delivery::Rejected { error }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_outcomes() {
        assert_eq!(classify_status("s", StatusCode::NO_CONTENT, None), Delivery::Delivered);
        assert!(matches!(
            classify_status("s", StatusCode::BAD_GATEWAY, None),
            Delivery::Errored { retry_after: None, .. }
        ));
        assert!(matches!(classify_status("s", StatusCode::REQUEST_TIMEOUT, None), Delivery::Errored { .. }));
        assert!(matches!(classify_status("s", StatusCode::NOT_FOUND, None), Delivery::Rejected { .. }));
        assert!(matches!(classify_status("s", StatusCode::FORBIDDEN, None), Delivery::Rejected { .. }));
        let ra = HeaderValue::from_static("30");
        assert_eq!(
            classify_status("s", StatusCode::TOO_MANY_REQUESTS, Some(&ra)),
            Delivery::Errored {
                error: "sink 's' got HTTP 429 Too Many Requests".into(),
                retry_after: Some(Duration::from_secs(30))
            }
        );
        // Retry-After on a 500 is not a promise the server makes.
        assert!(matches!(
            classify_status("s", StatusCode::INTERNAL_SERVER_ERROR, Some(&ra)),
            Delivery::Errored { retry_after: None, .. }
        ));
    }
}
