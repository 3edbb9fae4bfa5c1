//! Where alerts go.
//!
//! Each sink is built from its validated [`SinkSpec`] and reports every
//! delivery as [`Delivery::Delivered`], [`Delivery::Errored`] (try again
//! later) or [`Delivery::Rejected`] (will never succeed). Sinks never touch
//! the store: the deliverer in [`crate::daemon`] records the outcome in the
//! outbox, so a row is marked sent only after its sink confirmed it.
//!
//! What a sink delivers is an [`Outgoing`] document: an alert, a summary of
//! alerts folded by a rate limit, or a feed-health event. Every one carries a
//! stable id that receivers can use to drop the rare duplicate.

mod command;
mod email;
mod file;
mod log;
mod stdout;
pub mod template;
mod webhook;

use std::time::Duration;

use crate::config::{SinkKind, SinkSpec};

/// The outcome of one delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// The sink has the alert.
    Delivered,
    /// A temporary failure; retry later (after the given delay, if the sink asked for one).
    Errored {
        /// What went wrong.
        error: String,
        /// A delay the receiver asked for.
        retry_after: Option<Duration>,
    },
    /// A permanent failure; retrying will not help.
    Rejected {
        /// What went wrong.
        error: String,
    },
}

impl Delivery {
    /// A temporary failure without a requested delay.
    pub fn errored(error: impl Into<String>) -> Delivery {
        Delivery::Errored { error: error.into(), retry_after: None }
    }

    /// A permanent failure.
    pub fn rejected(error: impl Into<String>) -> Delivery {
        Delivery::Rejected { error: error.into() }
    }
}

/// One document to deliver.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// Stable id (alert id, summary id or health event id).
    pub id: String,
    /// The rule that raised it (`""` for feed-health events).
    pub rule: String,
    /// The feed it concerns.
    pub feed: String,
    /// The document as JSON text, exactly as written to files and webhooks.
    pub raw: String,
    /// The same document, parsed, for templates.
    pub json: serde_json::Value,
}

impl Outgoing {
    /// Wraps a JSON document; `None` if `raw` is not JSON.
    pub fn new(id: &str, rule: &str, feed: &str, raw: String) -> Result<Outgoing, serde_json::Error> {
        let json = serde_json::from_str(&raw)?;
        Ok(Outgoing { id: id.to_string(), rule: rule.to_string(), feed: feed.to_string(), raw, json })
    }
}

/// A sink failed its start-up check or could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    /// The file sink's file cannot be opened for appending.
    #[error("sink '{sink}' cannot open '{}' for appending", path.display())]
    File {
        /// The sink.
        sink: String,
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The sink's HTTP client could not be built.
    #[error("sink '{sink}' cannot build its HTTP client")]
    Client {
        /// The sink.
        sink: String,
        /// Why.
        #[source]
        source: reqwest::Error,
    },
    /// The SMTP transport could not be built or the server is unreachable.
    #[error("sink '{sink}' cannot reach its SMTP server")]
    Smtp {
        /// The sink.
        sink: String,
        /// Why.
        #[source]
        source: lettre::transport::smtp::Error,
    },
    /// The command sink's program does not exist or is not executable.
    #[error("sink '{sink}' cannot run '{program}'")]
    Command {
        /// The sink.
        sink: String,
        /// The program.
        program: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// A runtime sink.
#[derive(Debug)]
pub enum Sink {
    /// JSON lines appended to a file.
    File(file::FileSink),
    /// JSON lines on standard output.
    Stdout(stdout::StdoutSink),
    /// One tracing event per alert.
    Log(log::LogSink),
    /// HTTP POST, plain or for a chat service.
    Webhook(webhook::WebhookSink),
    /// Email over SMTP (boxed: the transport is large).
    Email(Box<email::EmailSink>),
    /// A program run per alert.
    Command(command::CommandSink),
}

impl Sink {
    /// Builds the sink described by `spec`.
    pub fn build(spec: &SinkSpec) -> Result<Sink, SinkError> {
        Ok(match &spec.kind {
            SinkKind::File { path } => Sink::File(file::FileSink::new(&spec.name, path.clone())),
            SinkKind::Stdout => Sink::Stdout(stdout::StdoutSink),
            SinkKind::Log => Sink::Log(log::LogSink),
            SinkKind::Webhook(w) => Sink::Webhook(webhook::WebhookSink::new(&spec.name, w)?),
            SinkKind::Email(e) => Sink::Email(Box::new(email::EmailSink::new(&spec.name, e)?)),
            SinkKind::Command(c) => Sink::Command(command::CommandSink::new(&spec.name, c)),
        })
    }

    /// Checks that the sink can work; a failure is logged at start but does
    /// not stop the daemon: alerts stay owed until the sink recovers.
    pub async fn healthcheck(&self) -> Result<(), SinkError> {
        match self {
            Sink::File(s) => s.healthcheck().await,
            Sink::Email(s) => s.healthcheck().await,
            Sink::Command(s) => s.healthcheck(),
            Sink::Stdout(_) | Sink::Log(_) | Sink::Webhook(_) => Ok(()),
        }
    }

    /// The digest window, for sinks that group a rule's alerts into one delivery.
    pub fn digest_window(&self) -> Option<Duration> {
        match self {
            Sink::Email(s) => s.digest_window(),
            _ => None,
        }
    }

    /// Delivers `batch`: one document, or a digest of several of one rule.
    pub async fn deliver(&self, batch: &[Outgoing]) -> Delivery {
        let Some(first) = batch.first() else { return Delivery::Delivered };
        match self {
            Sink::File(s) => s.deliver(batch).await,
            Sink::Stdout(s) => s.deliver(batch).await,
            Sink::Log(s) => {
                batch.iter().for_each(|o| s.deliver(o));
                Delivery::Delivered
            }
            Sink::Webhook(s) => s.deliver(first).await,
            Sink::Email(s) => s.deliver(batch).await,
            Sink::Command(s) => s.deliver(first).await,
        }
    }
}
