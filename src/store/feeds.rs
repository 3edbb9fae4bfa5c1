//! Per-feed poll state: validators, effective URL, failures, next due time.

use rusqlite::{params, OptionalExtension, Row};

use super::{now_ms, Store, StoreError};
use crate::config::FeedSpec;

/// What the store remembers about one feed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FeedState {
    /// Feed name (the key).
    pub name: String,
    /// The URL in the config when this state was written.
    pub config_url: String,
    /// The URL to poll: the config URL, or where a permanent redirect led.
    pub url: String,
    /// The last `ETag`, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The last `Last-Modified`, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// When the feed was last polled (Unix ms).
    pub last_poll: Option<i64>,
    /// When a poll last succeeded (Unix ms).
    pub last_success: Option<i64>,
    /// Outcome of the last poll (`ok`, `not_modified`, or an error kind).
    pub last_status: Option<String>,
    /// The last error message, cleared on success.
    pub last_error: Option<String>,
    /// Failed polls since the last success.
    pub consecutive_failures: u32,
    /// When the feed should next be polled (Unix ms).
    pub next_due: Option<i64>,
    /// Whether a first successful poll has happened (the first-run guard).
    pub initialized: bool,
    /// Items recorded from this feed, ever.
    pub items_seen: u64,
    /// When the current run of failures began (Unix ms); `None` while healthy.
    pub failing_since: Option<i64>,
    /// Whether a "failing" health event was sent for the current run of failures.
    pub health_alerted: bool,
}

impl FeedState {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<FeedState> {
        Ok(FeedState {
            name: r.get("name")?,
            config_url: r.get("config_url")?,
            url: r.get("url")?,
            etag: r.get("etag")?,
            last_modified: r.get("last_modified")?,
            last_poll: r.get("last_poll")?,
            last_success: r.get("last_success")?,
            last_status: r.get("last_status")?,
            last_error: r.get("last_error")?,
            consecutive_failures: r.get("consecutive_failures")?,
            next_due: r.get("next_due")?,
            initialized: r.get("initialized")?,
            items_seen: r.get::<_, i64>("items_seen")? as u64,
            failing_since: r.get("failing_since")?,
            health_alerted: r.get("health_alerted")?,
        })
    }
}

/// The state a poll leaves behind.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedUpdate {
    /// Where to poll next time (changed by a permanent redirect).
    pub url: Option<String>,
    /// New `ETag`, if the response carried one.
    pub etag: Option<String>,
    /// New `Last-Modified`, if the response carried one.
    pub last_modified: Option<String>,
    /// Keep the old validators (a 304 or an error does not replace them).
    pub keep_validators: bool,
    /// Outcome label.
    pub status: String,
    /// Error message, `None` on success.
    pub error: Option<String>,
    /// Failures since the last success, after this poll.
    pub consecutive_failures: u32,
    /// Next due time (Unix ms).
    pub next_due: i64,
    /// Whether the poll succeeded (sets `initialized` and `last_success`).
    pub success: bool,
    /// Start of the current run of failures, `None` after a success.
    pub failing_since: Option<i64>,
    /// Whether a "failing" health event has been sent for this run of failures.
    pub health_alerted: bool,
}

impl Store {
    /// Makes the feeds table match the config: adds new feeds, and resets the
    /// stored URL and validators of feeds whose configured URL changed.
    /// Returns the state of every configured feed, in config order.
    pub fn sync_feeds(&self, feeds: &[FeedSpec]) -> Result<Vec<FeedState>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut out = Vec::with_capacity(feeds.len());
        {
            let mut get = tx.prepare_cached("SELECT * FROM feeds WHERE name = ?1")?;
            let mut insert = tx.prepare_cached("INSERT INTO feeds (name, config_url, url) VALUES (?1, ?2, ?2)")?;
            let mut reset = tx.prepare_cached(
                "UPDATE feeds SET config_url = ?2, url = ?2, etag = NULL, last_modified = NULL, next_due = NULL WHERE name = ?1",
            )?;
            for f in feeds {
                let url = f.url.as_str();
                let state = get.query_row([&f.name], FeedState::from_row).optional()?;
                match state {
                    Some(s) if s.config_url == url => {}
                    Some(_) => {
                        reset.execute(params![f.name, url])?;
                    }
                    None => {
                        insert.execute(params![f.name, url])?;
                    }
                }
                out.push(get.query_row([&f.name], FeedState::from_row)?);
            }
        }
        tx.commit()?;
        Ok(out)
    }

    /// The state of one feed.
    pub fn feed_state(&self, name: &str) -> Result<Option<FeedState>, StoreError> {
        let conn = self.conn();
        Ok(conn.query_row("SELECT * FROM feeds WHERE name = ?1", [name], FeedState::from_row).optional()?)
    }

    /// Every feed's state, by name.
    pub fn feed_states(&self) -> Result<Vec<FeedState>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT * FROM feeds ORDER BY name")?;
        let rows = stmt.query_map([], FeedState::from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(super) fn apply_feed_update(
        tx: &rusqlite::Transaction<'_>,
        name: &str,
        u: &FeedUpdate,
        new_items: u64,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        tx.prepare_cached(
            "UPDATE feeds SET
                url = COALESCE(?2, url),
                etag = CASE WHEN ?3 THEN etag ELSE ?4 END,
                last_modified = CASE WHEN ?3 THEN last_modified ELSE ?5 END,
                last_poll = ?6,
                last_success = CASE WHEN ?7 THEN ?6 ELSE last_success END,
                last_status = ?8,
                last_error = ?9,
                consecutive_failures = ?10,
                next_due = ?11,
                initialized = CASE WHEN ?7 THEN 1 ELSE initialized END,
                items_seen = items_seen + ?12,
                failing_since = ?13,
                health_alerted = ?14
             WHERE name = ?1",
        )?
        .execute(params![
            name,
            u.url,
            u.keep_validators,
            u.etag,
            u.last_modified,
            now,
            u.success,
            u.status,
            u.error,
            u.consecutive_failures,
            u.next_due,
            new_items as i64,
            u.failing_since,
            u.health_alerted,
        ])?;
        Ok(())
    }
}
