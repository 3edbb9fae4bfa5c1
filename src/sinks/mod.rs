//! Where alerts go.
//!
//! Each sink is built from its validated [`SinkSpec`] and reports every
//! delivery as [`Delivery::Delivered`], [`Delivery::Errored`] (try again
//! later) or [`Delivery::Rejected`] (will never succeed). Sinks never touch
//! the store: the deliverer in [`crate::daemon`] records the outcome in the
//! outbox, so a row is marked sent only after its sink confirmed it.

mod file;
mod log;
mod stdout;

use std::time::Duration;

use crate::config::{SinkKind, SinkSpec};
use crate::store::OutboxRow;

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

/// A sink failed its start-up check.
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
}

impl Sink {
    /// Builds the sink described by `spec`.
    pub fn build(spec: &SinkSpec) -> Sink {
        match &spec.kind {
            SinkKind::File { path } => Sink::File(file::FileSink::new(&spec.name, path.clone())),
            SinkKind::Stdout => Sink::Stdout(stdout::StdoutSink),
            SinkKind::Log => Sink::Log(log::LogSink),
        }
    }

    /// Checks that the sink can work; a failure is logged at start but does
    /// not stop the daemon: alerts stay owed until the sink recovers.
    pub async fn healthcheck(&self) -> Result<(), SinkError> {
        match self {
            Sink::File(s) => s.healthcheck().await,
            Sink::Stdout(_) | Sink::Log(_) => Ok(()),
        }
    }

    /// Delivers one outbox row.
    pub async fn deliver(&self, row: &OutboxRow) -> Delivery {
        match self {
            Sink::File(s) => s.deliver(row).await,
            Sink::Stdout(s) => s.deliver(row).await,
            Sink::Log(s) => s.deliver(row),
        }
    }
}
