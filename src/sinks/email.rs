//! The `email` sink: SMTP with STARTTLS, implicit TLS or (for a local relay)
//! none, with optional authentication.
//!
//! Each message's `Message-ID` is derived from the alert id, so a message
//! sent twice (at-least-once delivery) is recognisably the same message.
//! With `digest`, the deliverer groups a rule's alerts over the window and
//! this sink sends them as one message.

use std::time::Duration;

use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sha2::{Digest, Sha256};

use super::{template, Delivery, Outgoing, SinkError};
use crate::config::{EmailSpec, TlsMode};

/// Sends alerts as email.
#[derive(Debug)]
pub struct EmailSink {
    name: String,
    spec: EmailSpec,
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl EmailSink {
    pub(super) fn new(name: &str, spec: &EmailSpec) -> Result<EmailSink, SinkError> {
        let smtp = |source| SinkError::Smtp { sink: name.to_string(), source };
        let builder = match spec.tls {
            TlsMode::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&spec.host).map_err(smtp)?,
            TlsMode::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&spec.host).map_err(smtp)?,
            TlsMode::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&spec.host),
        };
        let mut builder = builder.port(spec.port).timeout(Some(spec.timeout));
        if let (Some(user), Some(password)) = (&spec.username, &spec.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.expose().to_string()));
        }
        Ok(EmailSink { name: name.to_string(), spec: spec.clone(), transport: builder.build() })
    }

    pub(super) async fn healthcheck(&self) -> Result<(), SinkError> {
        self.transport
            .test_connection()
            .await
            .map(drop)
            .map_err(|source| SinkError::Smtp { sink: self.name.clone(), source })
    }

    pub(super) fn digest_window(&self) -> Option<Duration> {
        self.spec.digest
    }

    /// Subject, text and optional HTML body for `batch`.
    fn render(&self, batch: &[Outgoing]) -> Result<(String, String, Option<String>), String> {
        let docs: Vec<serde_json::Value> = batch.iter().map(|o| o.json.clone()).collect();
        let render = |t: &str| {
            if batch.len() == 1 { template::render(t, &docs[0]) } else { template::render_digest(t, &docs) }
                .map_err(|e| format!("template failed: {e}"))
        };
        let subject = match &self.spec.subject {
            Some(t) => render(t)?,
            None if batch.len() == 1 => template::headline(&docs[0]),
            None => format!("[wirewatch] {} alerts for rule {}", batch.len(), batch[0].rule),
        };
        let text = match &self.spec.text_template {
            Some(t) => render(t)?,
            None => docs.iter().map(template::default_text).collect::<Vec<_>>().join("\n\n---\n\n"),
        };
        let html = self.spec.html_template.as_deref().map(render).transpose()?;
        Ok((subject.replace(['\r', '\n'], " "), text, html))
    }

    fn message_id(&self, batch: &[Outgoing]) -> String {
        let domain = self.spec.from.rsplit_once('@').map_or("wirewatch.invalid", |(_, d)| d.trim_end_matches('>'));
        let local = if batch.len() == 1 {
            batch[0].id.clone()
        } else {
            let mut h = Sha256::new();
            batch.iter().for_each(|o| h.update(o.id.as_bytes()));
            format!("digest-{}", h.finalize()[..16].iter().map(|b| format!("{b:02x}")).collect::<String>())
        };
        format!("<{local}.wirewatch@{domain}>")
    }

    pub(super) async fn deliver(&self, batch: &[Outgoing]) -> Delivery {
        let (subject, text, html) = match self.render(batch) {
            Ok(parts) => parts,
            Err(e) => return Delivery::rejected(e),
        };
        let mut builder = Message::builder().subject(subject).message_id(Some(self.message_id(batch)));
        match self.spec.from.parse::<Mailbox>() {
            Ok(from) => builder = builder.from(from),
            Err(e) => return Delivery::rejected(format!("invalid from address: {e}")),
        }
        for to in &self.spec.to {
            match to.parse::<Mailbox>() {
                Ok(m) => builder = builder.to(m),
                Err(e) => return Delivery::rejected(format!("invalid to address '{to}': {e}")),
            }
        }
        builder = builder.header(AlertIdHeader(batch.iter().map(|o| o.id.as_str()).collect::<Vec<_>>().join(" ")));
        let message = match html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(text, html)),
            None => builder.singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(text)),
        };
        let message = match message {
            Ok(m) => m,
            Err(e) => return Delivery::rejected(format!("cannot build the message: {e}")),
        };
        match self.transport.send(message).await {
            Ok(_) => Delivery::Delivered,
            Err(e) if e.is_permanent() => Delivery::rejected(format!("SMTP server refused the message: {e}")),
            Err(e) => Delivery::errored(format!("SMTP delivery failed: {e}")),
        }
    }
}

/// `X-Wirewatch-Alert-Id`: the ids of the alerts in the message.
#[derive(Debug, Clone)]
struct AlertIdHeader(String);

impl lettre::message::header::Header for AlertIdHeader {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("X-Wirewatch-Alert-Id")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AlertIdHeader(s.to_string()))
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), self.0.clone())
    }
}
