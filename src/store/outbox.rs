//! The outbox: one row per (alert, sink), kept until the sink confirms.
//!
//! Rows are delivered in id order, which is detection order. A row stays
//! `pending` until its sink reports Delivered; an Errored attempt only moves
//! its `next_attempt`; a Rejected one moves it to `dead`, kept for inspection.

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
}

impl OutboxState {
    fn as_str(self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Delivered => "delivered",
            OutboxState::Dead => "dead",
        }
    }
}

/// One owed delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    /// Row id; delivery order.
    pub id: i64,
    /// The alert's stable id.
    pub alert_id: String,
    /// The sink it is owed to.
    pub sink: String,
    /// The rule that raised it.
    pub rule: String,
    /// The feed the item came from.
    pub feed: String,
    /// The alert JSON.
    pub payload: String,
    /// Attempts so far.
    pub attempts: u32,
    /// Time of the next attempt (Unix ms).
    pub next_attempt: i64,
}

impl OutboxRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<OutboxRow> {
        Ok(OutboxRow {
            id: r.get("id")?,
            alert_id: r.get("alert_id")?,
            sink: r.get("sink")?,
            rule: r.get("rule")?,
            feed: r.get("feed")?,
            payload: r.get("payload")?,
            attempts: r.get("attempts")?,
            next_attempt: r.get("next_attempt")?,
        })
    }
}

/// Row counts for one sink.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct OutboxCounts {
    /// Sink name.
    pub sink: String,
    /// Rows owed.
    pub pending: u64,
    /// Rows delivered and not yet pruned.
    pub delivered: u64,
    /// Rows given up on.
    pub dead: u64,
}

impl Store {
    /// The oldest pending rows of `sink`, in delivery order, at most `limit`.
    /// Rows not yet due are included: the deliverer keeps order by stopping
    /// at the first row that is not due.
    pub fn pending(&self, sink: &str, limit: usize) -> Result<Vec<OutboxRow>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT * FROM outbox WHERE sink = ?1 AND state = 'pending' ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![sink, limit as i64], OutboxRow::from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Marks a row delivered.
    pub fn mark_delivered(&self, id: i64) -> Result<(), StoreError> {
        self.set_state(id, OutboxState::Delivered, None, None)
    }

    /// Records a failed attempt and when to try again.
    pub fn mark_retry(&self, id: i64, next_attempt: i64, error: &str) -> Result<(), StoreError> {
        self.set_state(id, OutboxState::Pending, Some(next_attempt), Some(error))
    }

    /// Gives up on a row.
    pub fn mark_dead(&self, id: i64, error: &str) -> Result<(), StoreError> {
        self.set_state(id, OutboxState::Dead, None, Some(error))
    }

    fn set_state(&self, id: i64, state: OutboxState, next_attempt: Option<i64>, error: Option<&str>) -> Result<(), StoreError> {
        let conn = self.conn();
        conn.prepare_cached(
            "UPDATE outbox SET state = ?2, attempts = attempts + 1, next_attempt = COALESCE(?3, next_attempt),
             last_error = ?4, updated_at = ?5 WHERE id = ?1",
        )?
        .execute(params![id, state.as_str(), next_attempt, error, now_ms()])?;
        Ok(())
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
            match state.as_str() {
                "pending" => c.pending = n as u64,
                "delivered" => c.delivered = n as u64,
                _ => c.dead += n as u64,
            }
        }
        Ok(out)
    }
}
