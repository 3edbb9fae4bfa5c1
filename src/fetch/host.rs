//! Per-host politeness: at most N requests open to one host at a time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Hosts are keyed by lower-case host name plus port.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HostKey(String);

impl HostKey {
    /// The key of `url`'s host.
    pub fn of(url: &url::Url) -> HostKey {
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        HostKey(match url.port_or_known_default() {
            Some(port) => format!("{host}:{port}"),
            None => host,
        })
    }
}

/// The semaphores of every host seen so far.
#[derive(Debug)]
pub struct HostPool {
    per_host: usize,
    hosts: Mutex<HashMap<HostKey, Arc<Semaphore>>>,
}

impl HostPool {
    /// A pool allowing `per_host` concurrent requests per host.
    pub fn new(per_host: usize) -> HostPool {
        HostPool { per_host: per_host.max(1), hosts: Mutex::new(HashMap::new()) }
    }

    /// Waits for a request slot on `host`.
    pub async fn acquire(&self, host: &HostKey) -> OwnedSemaphorePermit {
        let sem = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
            // Idle hosts are dropped now and then so the map stays bounded.
            if hosts.len() > 4096 {
                hosts.retain(|_, s| s.available_permits() < self.per_host);
            }
            hosts.entry(host.clone()).or_insert_with(|| Arc::new(Semaphore::new(self.per_host))).clone()
        };
        sem.acquire_owned().await.expect("host semaphores are never closed")
    }
}
