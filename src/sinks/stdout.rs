//! The `stdout` sink: one JSON line per alert on standard output.

use tokio::io::AsyncWriteExt;

use super::Delivery;
use crate::store::OutboxRow;

/// Writes alerts to standard output, one JSON object per line.
#[derive(Debug)]
pub struct StdoutSink;

impl StdoutSink {
    pub(super) async fn deliver(&self, row: &OutboxRow) -> Delivery {
        let mut out = tokio::io::stdout();
        let mut line = row.payload.clone().into_bytes();
        line.push(b'\n');
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
