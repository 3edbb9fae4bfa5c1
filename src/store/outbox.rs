//! The outbox: one row per (document, sink), kept until the sink confirms.
//!
//! Rows are delivered in id order, which is detection order. A row stays
//! `pending` until its sink reports Delivered; an Errored attempt only moves
//! its `next_attempt`; a Rejected one (or one past the sink's retry limits)
//! moves to `dead`, kept for inspection and `wirewatch outbox retry`. Rows
//! over a rate limit become `folded` until their window ends, when one
//! summary row replaces them (`summarized`).

use rusqlite::{params, Row};

use super::{now_ms, Store, StoreError};

/// Where a row is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Owed to its sink.
    Pending,
    /// Confirmed by its sink.
    Delivered,
    /// Given up on (rejected, or past its retry limits).
    Dead,
    /// Over a rate limit; waits for the summary at the end of its window.
    Folded,
    /// Delivered as part of a summary.
    Summarized,
}

impl OutboxState {
    /// The name stored in the database and shown to operators.
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Delivered => "delivered",
            OutboxState::Dead => "dead",
            OutboxState::Folded => "folded",
            OutboxState::Summarized => "summarized",
        }
    }

    fn parse(s: &str) -> OutboxState {
        match s {
            "delivered" => OutboxState::Delivered,
            "dead" => OutboxState::Dead,
            "folded" => OutboxState::Folded,
            "summarized" => OutboxState::Summarized,
            _ => OutboxState::Pending,
        }
    }
}

/// One row of the outbox.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OutboxRow {
    /// Row id; delivery order.
    pub id: i64,
    /// The document's stable id.
    pub alert_id: String,
    /// The sink it is owed to.
    pub sink: String,
    /// `alert`, `summary` or `feed_health`.
    pub kind: String,
    /// The rule that raised it (`""` for feed-health events).
    pub rule: String,
    /// The feed the item came from.
    pub feed: String,
    /// The document JSON.
    #[serde(skip)]
    pub payload: String,
    /// Its state.
    pub state: OutboxState,
    /// Attempts so far.
    pub attempts: u32,
    /// Time of the next attempt (Unix ms).
    pub next_attempt: i64,
    /// The last error, if an attempt failed.
    pub last_error: Option<String>,
    /// When the row was queued (Unix ms).
    pub created_at: i64,
}

impl OutboxRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<OutboxRow> {
        Ok(OutboxRow {
            id: r.get("id")?,
            alert_id: r.get("alert_id")?,
            sink: r.get("sink")?,
            kind: r.get("kind")?,
            rule: r.get("rule")?,
            feed: r.get("feed")?,
            payload: r.get("payload")?,
            state: OutboxState::parse(&r.get::<_, String>("state")?),
            attempts: r.get("attempts")?,
            next_attempt: r.get("next_attempt")?,
            last_error: r.get("last_error")?,
            created_at: r.get("created_at")?,
        })
    }
}

/// Rows of one sink folded under one key whose window has ended.
#[derive(Debug, Clone)]
pub struct FoldedGroup {
    /// The rule whose limit folded them, or `""` for the sink's own limit.
    pub fold_key: String,
    /// When the window ended (Unix ms).
    pub window_end: i64,
    /// The folded rows, in order.
    pub rows: Vec<OutboxRow>,
}

/// Row counts for one sink.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct OutboxCounts {
    /// Sink name.
    pub sink: String,
    /// Rows owed.
    pub pending: u64,
    /// Rows delivered (alone or in a summary) and not yet pruned.
    pub delivered: u64,
    /// Rows waiting for their summary.
    pub folded: u64,
    /// Rows given up on.
    pub dead: u64,
}

impl Store {
    /// The oldest pending rows of `sink`, in delivery order, at most `limit`.
    /// Rows not yet due are included: the deliverer keeps order by stopping
    /// at the first row that is not due.
    pub fn pending(&self, sink: &str, limit: usize) -> Result<Vec<OutboxRow>, StoreError> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare_cached("SELECT * FROM outbox WHERE sink = ?1 AND state = 'pending' ORDER BY id LIMIT ?2")?;
        let rows = stmt.query_map(params![sink, limit as i64], OutboxRow::from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Pending rows of `sink` and `rule`, oldest first (a digest's members).
    pub fn pending_for_rule(&self, sink: &str, rule: &str, limit: usize) -> Result<Vec<OutboxRow>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT * FROM outbox WHERE sink = ?1 AND rule = ?2 AND state = 'pending' ORDER BY id LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![sink, rule, limit as i64], OutboxRow::from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Marks rows delivered.
    pub fn mark_delivered(&self, ids: &[i64]) -> Result<(), StoreError> {
        let now = now_ms();
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE outbox SET state = 'delivered', attempts = attempts + 1, last_error = NULL,
                 updated_at = ?2, delivered_at = ?2 WHERE id = ?1",
            )?;
            for id in ids {
                stmt.execute(params![id, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Records a failed attempt on rows and when to try again.
    pub fn mark_retry(&self, ids: &[i64], next_attempt: i64, error: &str) -> Result<(), StoreError> {
        self.update_many(ids, "UPDATE outbox SET attempts = attempts + 1, next_attempt = ?2, last_error = ?3, updated_at = ?4 WHERE id = ?1", next_attempt, error)
    }

    /// Gives up on rows.
    pub fn mark_dead(&self, ids: &[i64], error: &str) -> Result<(), StoreError> {
        self.update_many(ids, "UPDATE outbox SET state = 'dead', attempts = attempts + 1, next_attempt = ?2, last_error = ?3, updated_at = ?4 WHERE id = ?1", 0, error)
    }

    fn update_many(&self, ids: &[i64], sql: &str, next: i64, error: &str) -> Result<(), StoreError> {
        let now = now_ms();
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(sql)?;
            for id in ids {
                stmt.execute(params![id, next, error, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Folds a row over a rate limit until `window_end`.
    pub fn mark_folded(&self, id: i64, fold_key: &str, window_end: i64) -> Result<(), StoreError> {
        let conn = self.conn();
        conn.prepare_cached(
            "UPDATE outbox SET state = 'folded', fold_key = ?2, next_attempt = ?3, updated_at = ?4 WHERE id = ?1",
        )?
        .execute(params![id, fold_key, window_end, now_ms()])?;
        Ok(())
    }

    /// Documents (alerts or summaries) delivered by `sink` since `since`,
    /// optionally only those of `rule`: what a rate limit counts.
    pub fn delivered_since(&self, sink: &str, rule: Option<&str>, since: i64) -> Result<u32, StoreError> {
        let conn = self.conn();
        let n: i64 = match rule {
            None => conn
                .prepare_cached("SELECT COUNT(*) FROM outbox WHERE sink = ?1 AND state = 'delivered' AND delivered_at >= ?2")?
                .query_row(params![sink, since], |r| r.get(0))?,
            Some(rule) => conn
                .prepare_cached(
                    "SELECT COUNT(*) FROM outbox WHERE sink = ?1 AND rule = ?3 AND state = 'delivered' AND delivered_at >= ?2",
                )?
                .query_row(params![sink, since, rule], |r| r.get(0))?,
        };
        Ok(n as u32)
    }

    /// The earliest end of a fold window of `sink` still waiting, if any.
    pub fn next_fold_end(&self, sink: &str) -> Result<Option<i64>, StoreError> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare_cached("SELECT MIN(next_attempt) FROM outbox WHERE sink = ?1 AND state = 'folded'")?;
        let min: Option<i64> = stmt.query_row([sink], |r| r.get(0))?;
        Ok(min)
    }

    /// Folded rows of `sink` whose window ended by `now`, grouped by fold key and window.
    pub fn folded_due(&self, sink: &str, now: i64) -> Result<Vec<FoldedGroup>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT * FROM outbox WHERE sink = ?1 AND state = 'folded' AND next_attempt <= ?2 ORDER BY fold_key, next_attempt, id",
        )?;
        let mut groups: Vec<FoldedGroup> = Vec::new();
        let rows = stmt.query_map(params![sink, now], |r| {
            Ok((r.get::<_, Option<String>>("fold_key")?, OutboxRow::from_row(r)?))
        })?;
        for row in rows {
            let (key, row) = row?;
            let key = key.unwrap_or_default();
            match groups.last_mut() {
                Some(g) if g.fold_key == key && g.window_end == row.next_attempt => g.rows.push(row),
                _ => groups.push(FoldedGroup { fold_key: key, window_end: row.next_attempt, rows: vec![row] }),
            }
        }
        Ok(groups)
    }

    /// Replaces folded rows by one summary row, in one transaction.
    pub fn summarize(
        &self,
        sink: &str,
        folded: &[i64],
        summary_id: &str,
        rule: &str,
        payload: &str,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO outbox (alert_id, sink, kind, rule, feed, item_key, payload, next_attempt, created_at, updated_at)
             VALUES (?1, ?2, 'summary', ?3, '', '', ?4, ?5, ?5, ?5)",
        )?
        .execute(params![summary_id, sink, rule, payload, now])?;
        {
            let mut stmt =
                tx.prepare_cached("UPDATE outbox SET state = 'summarized', updated_at = ?2 WHERE id = ?1")?;
            for id in folded {
                stmt.execute(params![id, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Rows in `states` (all states when empty), newest first, at most `limit`.
    pub fn outbox_rows(
        &self,
        states: &[OutboxState],
        sink: Option<&str>,
        limit: usize,
    ) -> Result<Vec<OutboxRow>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT * FROM outbox ORDER BY id DESC")?;
        let rows = stmt.query_map([], OutboxRow::from_row)?;
        let mut out = Vec::new();
        for row in rows {
            let row = row?;
            if (states.is_empty() || states.contains(&row.state)) && sink.is_none_or(|s| s == row.sink) {
                out.push(row);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Makes dead rows (optionally only of `sink`, or only `ids`) pending and due now.
    /// Returns how many were revived.
    pub fn retry_dead(&self, sink: Option<&str>, ids: &[i64]) -> Result<usize, StoreError> {
        let conn = self.conn();
        let now = now_ms();
        let mut n = 0;
        if ids.is_empty() {
            n += conn.execute(
                "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt = ?2, updated_at = ?2
                 WHERE state = 'dead' AND (?1 IS NULL OR sink = ?1)",
                params![sink, now],
            )?;
        } else {
            for id in ids {
                n += conn.execute(
                    "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt = ?2, updated_at = ?2
                     WHERE state = 'dead' AND id = ?1",
                    params![id, now],
                )?;
            }
        }
        Ok(n)
    }

    /// Deletes rows in `states` (optionally only of `sink`). Returns how many.
    pub fn purge(&self, states: &[OutboxState], sink: Option<&str>) -> Result<usize, StoreError> {
        let conn = self.conn();
        let mut n = 0;
        for state in states {
            n += conn.execute(
                "DELETE FROM outbox WHERE state = ?1 AND (?2 IS NULL OR sink = ?2)",
                params![state.as_str(), sink],
            )?;
        }
        Ok(n)
    }

    /// Counts per sink and state.
    pub fn outbox_counts(&self) -> Result<Vec<OutboxCounts>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT sink, state, COUNT(*) FROM outbox GROUP BY sink, state ORDER BY sink")?;
        let mut out: Vec<OutboxCounts> = Vec::new();
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?;
        for row in rows {
            let (sink, state, n) = row?;
            if out.last().is_none_or(|c| c.sink != sink) {
                out.push(OutboxCounts { sink: sink.clone(), ..Default::default() });
            }
            let c = out.last_mut().expect("pushed above");
            match OutboxState::parse(&state) {
                OutboxState::Pending => c.pending += n as u64,
                OutboxState::Delivered | OutboxState::Summarized => c.delivered += n as u64,
                OutboxState::Folded => c.folded += n as u64,
                OutboxState::Dead => c.dead += n as u64,
            }
        }
        Ok(out)
    }
}
