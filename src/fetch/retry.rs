//! Which failures are retried when, in one place: `Retry-After` parsing and
//! exponential backoff with full jitter.

use std::time::{Duration, SystemTime};

/// Parses a `Retry-After` value: delay-seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Delay before the next poll of a feed that has failed `failures` times in a
/// row: the normal interval plus a full-jitter backoff that doubles with each
/// failure, never more than `max_backoff` in total.
///
/// Full jitter (a uniform draw from zero to the exponential bound) spreads the
/// retries of feeds that failed together, e.g. when a shared host went down.
pub fn backoff_delay(interval: Duration, failures: u32, max_backoff: Duration, random: f64) -> Duration {
    if failures == 0 {
        return interval;
    }
    let exp = 2f64.powi(failures.saturating_sub(1).min(30) as i32);
    let bound = (interval.as_secs_f64() * exp).min(max_backoff.as_secs_f64());
    let delay = interval.as_secs_f64() + random.clamp(0.0, 1.0) * bound;
    Duration::from_secs_f64(delay.min(max_backoff.as_secs_f64().max(interval.as_secs_f64())))
}

/// A regular poll delay: the interval with ±10 % jitter, so that feeds with
/// the same interval drift apart instead of polling in lockstep.
pub fn jittered_interval(interval: Duration, random: f64) -> Duration {
    interval.mul_f64(0.9 + 0.2 * random.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(300));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(300)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(300));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let i = Duration::from_secs(600);
        let cap = Duration::from_secs(6 * 3600);
        assert_eq!(backoff_delay(i, 0, cap, 0.7), i);
        assert_eq!(backoff_delay(i, 1, cap, 1.0), Duration::from_secs(1200));
        assert_eq!(backoff_delay(i, 3, cap, 1.0), Duration::from_secs(600 + 2400));
        assert_eq!(backoff_delay(i, 3, cap, 0.0), i);
        assert_eq!(backoff_delay(i, 40, cap, 1.0), cap);
    }

    #[test]
    fn jitter_stays_within_ten_percent() {
        let i = Duration::from_secs(100);
        assert_eq!(jittered_interval(i, 0.0), Duration::from_secs(90));
        assert_eq!(jittered_interval(i, 1.0), Duration::from_secs(110));
    }
}
