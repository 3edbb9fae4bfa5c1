//! The `command` sink: runs a program once per alert, alert JSON on stdin.
//!
//! No shell is involved unless the config asks for one (`shell = true`), so
//! alert text can never be interpreted as shell syntax. Exit 0 is Delivered,
//! an exit code listed in `reject_exit_codes` is Rejected, anything else
//! (other codes, signals, the timeout) is Errored and retried.

use std::process::Stdio;

use tokio::io::AsyncWriteExt;
use tokio::process::Command;

use super::{Delivery, Outgoing, SinkError};
use crate::config::CommandSpec;

/// Runs a program per alert.
#[derive(Debug)]
pub struct CommandSink {
    name: String,
    spec: CommandSpec,
}

/// Longest part of the program's stderr kept in an error message.
const STDERR_KEPT: usize = 500;

impl CommandSink {
    pub(super) fn new(name: &str, spec: &CommandSpec) -> CommandSink {
        CommandSink { name: name.to_string(), spec: spec.clone() }
    }

    pub(super) fn healthcheck(&self) -> Result<(), SinkError> {
        let program = std::path::Path::new(&self.spec.program);
        if program.components().count() > 1 {
            std::fs::metadata(program).map(drop).map_err(|source| SinkError::Command {
                sink: self.name.clone(),
                program: self.spec.program.clone(),
                source,
            })?;
        }
        Ok(())
    }

    pub(super) async fn deliver(&self, doc: &Outgoing) -> Delivery {
        let mut child = match Command::new(&self.spec.program)
            .args(&self.spec.args)
            .env("WIREWATCH_ALERT_ID", &doc.id)
            .env("WIREWATCH_RULE", &doc.rule)
            .env("WIREWATCH_FEED", &doc.feed)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
        {
            Ok(child) => child,
            Err(e) => return Delivery::errored(format!("cannot start '{}': {e}", self.spec.program)),
        };
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let input = doc.raw.clone();
        let run = async move {
            // A program that does not read its input is not an error.
            let _ = stdin.write_all(input.as_bytes()).await;
            drop(stdin);
            child.wait_with_output().await
        };
        match tokio::time::timeout(self.spec.timeout, run).await {
            Err(_) => Delivery::errored(format!(
                "'{}' did not finish within {:?}; killed",
                self.spec.program, self.spec.timeout
            )),
            Ok(Err(e)) => Delivery::errored(format!("waiting for '{}' failed: {e}", self.spec.program)),
            Ok(Ok(output)) => {
                let stderr = String::from_utf8_lossy(&output.stderr);
                let stderr: String = stderr.trim().chars().take(STDERR_KEPT).collect();
                match output.status.code() {
                    Some(0) => Delivery::Delivered,
                    Some(code) if self.spec.reject_exit_codes.contains(&code) => {
                        Delivery::rejected(format!("'{}' exited with {code} (rejected): {stderr}", self.spec.program))
                    }
                    Some(code) => Delivery::errored(format!("'{}' exited with {code}: {stderr}", self.spec.program)),
                    None => Delivery::errored(format!("'{}' was killed by a signal: {stderr}", self.spec.program)),
                }
            }
        }
    }
}
