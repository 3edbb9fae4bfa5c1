//! The `stdout` sink: one JSON line per alert on standard output.

use tokio::io::AsyncWriteExt;

use super::{Delivery, Outgoing};

/// Writes alerts to standard output, one JSON object per line.
#[derive(Debug)]
pub struct StdoutSink;

impl StdoutSink {
    pub(super) async fn deliver(&self, batch: &[Outgoing]) -> Delivery {
        let mut out = tokio::io::stdout();
        let mut line = Vec::new();
        for doc in batch {
            line.extend_from_slice(doc.raw.as_bytes());
            line.push(b'\n');
        }
        match async {
            out.write_all(&line).await?;
            out.flush().await
        }
        .await
        {
            Ok(()) => Delivery::Delivered,
            Err(e) => Delivery::Errored { error: format!("cannot write to stdout: {e}"), retry_after: None },
        }
    }
}
