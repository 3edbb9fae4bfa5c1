//! When each feed is due: a min-heap of (instant, feed index).
//!
//! Due times are stored as wall-clock milliseconds (they survive restarts)
//! and turned into `tokio::time::Instant`s here, so the scheduler runs on
//! tokio's clock and can be tested with paused time.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Duration;

use tokio::time::Instant;

/// Feeds ordered by when they are due.
#[derive(Debug, Default)]
pub struct DueQueue {
    heap: BinaryHeap<Reverse<(Instant, usize)>>,
}

impl DueQueue {
    /// An empty queue.
    pub fn new() -> DueQueue {
        DueQueue::default()
    }

    /// Schedules feed `idx` at the wall-clock time `due_ms`, given that the
    /// wall clock reads `now_ms` at tokio instant `now`. Past times are due now.
    pub fn push_wall(&mut self, idx: usize, due_ms: i64, now_ms: i64, now: Instant) {
        self.push(idx, now + Duration::from_millis((due_ms - now_ms).max(0) as u64));
    }

    /// Schedules feed `idx` at `at`.
    pub fn push(&mut self, idx: usize, at: Instant) {
        self.heap.push(Reverse((at, idx)));
    }

    /// The earliest due time, if any feed is scheduled.
    pub fn next_at(&self) -> Option<Instant> {
        self.heap.peek().map(|Reverse((at, _))| *at)
    }

    /// Removes and returns every feed due at or before `now`.
    pub fn pop_due(&mut self, now: Instant) -> Vec<usize> {
        let mut due = Vec::new();
        while let Some(Reverse((at, idx))) = self.heap.peek().copied() {
            if at > now {
                break;
            }
            self.heap.pop();
            due.push(idx);
        }
        due
    }

    /// Number of scheduled feeds.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether nothing is scheduled.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A feed told to come back in two hours (Retry-After) is not polled
    /// before then, while a feed on a five-minute interval is.
    #[tokio::test(start_paused = true)]
    async fn retry_after_delays_the_next_poll() {
        let mut queue = DueQueue::new();
        let wall = 1_700_000_000_000;
        let start = Instant::now();
        queue.push_wall(0, wall + 7_200_000, wall, start); // 429, Retry-After: 7200
        queue.push_wall(1, wall + 300_000, wall, start); // regular interval

        let mut polled: Vec<(usize, Duration)> = Vec::new();
        while polled.len() < 2 {
            let at = queue.next_at().expect("scheduled");
            tokio::time::sleep_until(at).await;
            for idx in queue.pop_due(Instant::now()) {
                polled.push((idx, Instant::now() - start));
            }
        }
        assert_eq!(polled, vec![(1, Duration::from_secs(300)), (0, Duration::from_secs(7200))]);
    }

    #[tokio::test(start_paused = true)]
    async fn overdue_feeds_are_due_at_once_in_order() {
        let mut queue = DueQueue::new();
        let now = Instant::now();
        queue.push_wall(3, 500, 1_000, now);
        queue.push_wall(4, 900, 1_000, now);
        queue.push(5, now + Duration::from_secs(1));
        assert_eq!(queue.pop_due(now), vec![3, 4]);
        assert_eq!(queue.len(), 1);
    }
}
