//! The SQLite store: per-feed state, de-duplication keys and the alert outbox.
//!
//! One database file in the state directory, in WAL mode so that `status`
//! can read while the daemon writes. All methods are blocking; the daemon
//! calls them from `spawn_blocking`. A whole poll — new seen keys, outbox rows
//! and the feed's new state — is written in one transaction, so a crash
//! leaves either all of it or none of it, and an alert is never owed without
//! its item being remembered (or the reverse).

mod feeds;
mod outbox;
mod seen;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::Connection;

pub use feeds::{FeedState, FeedUpdate};
pub use outbox::{FoldedGroup, OutboxCounts, OutboxRow, OutboxState};
pub use seen::{HealthEvent, NewAlert, PollItem, PollRecord, PollResult};

/// Errors from the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or created.
    #[error("cannot open state database '{}'", path.display())]
    Open {
        /// The database file.
        path: PathBuf,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// The state directory could not be created.
    #[error("cannot create state directory '{}'", path.display())]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A query failed.
    #[error("state database error")]
    Sqlite(#[from] rusqlite::Error),
}

/// Current time as Unix milliseconds, the unit of every timestamp in the store.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The state database.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
}

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS feeds (
    name                 TEXT PRIMARY KEY,
    config_url           TEXT NOT NULL,
    url                  TEXT NOT NULL,
    etag                 TEXT,
    last_modified        TEXT,
    last_poll            INTEGER,
    last_success         INTEGER,
    last_status          TEXT,
    last_error           TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_due             INTEGER,
    initialized          INTEGER NOT NULL DEFAULT 0,
    items_seen           INTEGER NOT NULL DEFAULT 0,
    failing_since        INTEGER,
    health_alerted       INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS seen (
    key        TEXT PRIMARY KEY,
    feed       TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS seen_last_seen ON seen(last_seen);
CREATE TABLE IF NOT EXISTS outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id     TEXT NOT NULL,
    sink         TEXT NOT NULL,
    kind         TEXT NOT NULL DEFAULT 'alert',
    rule         TEXT NOT NULL,
    feed         TEXT NOT NULL,
    item_key     TEXT NOT NULL,
    payload      TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending',
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt INTEGER NOT NULL,
    last_error   TEXT,
    fold_key     TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    delivered_at INTEGER,
    UNIQUE(alert_id, sink)
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox(sink, state, id);
CREATE INDEX IF NOT EXISTS outbox_delivered ON outbox(sink, state, delivered_at);
PRAGMA user_version = 1;
"#;

impl Store {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir { path: dir.to_path_buf(), source })?;
        }
        let open_err = |source| StoreError::Open { path: path.to_path_buf(), source };
        let conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(open_err)?;
        conn.execute_batch(SCHEMA).map_err(open_err)?;
        Ok(Store { conn: Mutex::new(conn), path: path.to_path_buf() })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-done transaction
        // behind (rusqlite rolls back on drop), so a poisoned lock is usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Checks that the database accepts writes (for health checks).
    pub fn check_writable(&self) -> Result<(), StoreError> {
        let conn = self.conn();
        // A health check must answer quickly: wait at most a second for a lock.
        conn.busy_timeout(Duration::from_secs(1))?;
        let result = conn.execute_batch("BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS health (x INTEGER); ROLLBACK;");
        conn.busy_timeout(Duration::from_secs(10))?;
        result?;
        Ok(())
    }

    /// Forgets de-duplication keys not seen in any feed for `retention`, and
    /// delivered outbox rows older than a week. Returns (keys, rows) removed.
    pub fn prune(&self, retention: Duration) -> Result<(usize, usize), StoreError> {
        let now = now_ms();
        let cutoff = now - retention.as_millis() as i64;
        let conn = self.conn();
        let keys = conn.execute("DELETE FROM seen WHERE last_seen < ?1", [cutoff])?;
        let rows =
            conn.execute("DELETE FROM outbox WHERE state = 'delivered' AND updated_at < ?1", [now - 7 * 86_400_000])?;
        Ok((keys, rows))
    }
}
