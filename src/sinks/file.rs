//! The `file` sink: one JSON line per alert, appended and synced.

use std::path::PathBuf;

use tokio::io::AsyncWriteExt;

use super::{Delivery, Outgoing, SinkError};

/// Appends alerts to a JSONL file.
///
/// The file is opened for each delivery rather than kept open, so that log
/// rotation (rename, then a new file) needs no signal; and the data is synced
/// before the delivery counts, so a power cut cannot lose a delivered alert.
#[derive(Debug)]
pub struct FileSink {
    name: String,
    path: PathBuf,
}

impl FileSink {
    pub(super) fn new(name: &str, path: PathBuf) -> FileSink {
        FileSink { name: name.to_string(), path }
    }

    async fn open(&self) -> std::io::Result<tokio::fs::File> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            tokio::fs::create_dir_all(dir).await?;
        }
        tokio::fs::OpenOptions::new().create(true).append(true).open(&self.path).await
    }

    pub(super) async fn healthcheck(&self) -> Result<(), SinkError> {
        self.open().await.map(drop).map_err(|source| SinkError::File {
            sink: self.name.clone(),
            path: self.path.clone(),
            source,
        })
    }

    pub(super) async fn deliver(&self, batch: &[Outgoing]) -> Delivery {
        let result = async {
            let mut file = self.open().await?;
            let mut lines = Vec::new();
            for doc in batch {
                lines.extend_from_slice(doc.raw.as_bytes());
                lines.push(b'\n');
            }
            file.write_all(&lines).await?;
            file.sync_data().await
        }
        .await;
        match result {
            Ok(()) => Delivery::Delivered,
            Err(e) => Delivery::Errored {
                error: format!("cannot append to '{}': {e}", self.path.display()),
                retry_after: None,
            },
        }
    }
}
