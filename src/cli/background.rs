//! The search index built in the background: when a search finds that the index would take
//! more than about a second to build or update (first use of a large archive, an analyzer
//! change, many pages imported by hand), it answers by scanning and starts `kanbao index` as a
//! process of its own, which outlives the search and takes the index's writer lock. The next
//! searches scan too (they find the lock held) until its commit, then use the index.

use std::fs::File;
use std::process::{Command, Stdio};

use super::Context;
use crate::dirs::background_index_log;

/// Starts `kanbao index` for this context's pages and cache, detached from the terminal (its
/// own process group, so a Ctrl-C that ends the search leaves it running) with its output in
/// the cache's log. Returns the log's path, or why it could not start.
pub(crate) fn start_indexer(ctx: &Context) -> Result<std::path::PathBuf, String> {
    let cache = ctx
        .dirs
        .cache
        .as_deref()
        .ok_or_else(|| "there is no cache directory".to_string())?;
    let exe = std::env::current_exe().map_err(|e| format!("cannot find kanbao's binary: {e}"))?;
    let log_path = background_index_log(cache);
    let log =
        File::create(&log_path).map_err(|e| format!("cannot write {}: {e}", log_path.display()))?;
    let errors = log
        .try_clone()
        .map_err(|e| format!("cannot write {}: {e}", log_path.display()))?;
    let mut command = Command::new(exe);
    if let Some(data) = &ctx.cli_data {
        command.arg("--data").arg(data);
    }
    command
        .arg("--cache")
        .arg(cache)
        .arg("index")
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(errors);
    detach(&mut command);
    // Not waited for: it outlives this process, and init reaps it.
    #[allow(clippy::zombie_processes)]
    command
        .spawn()
        .map_err(|e| format!("cannot start `kanbao index`: {e}"))?;
    Ok(log_path)
}

#[cfg(unix)]
fn detach(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    command.process_group(0);
}

#[cfg(not(unix))]
fn detach(_: &mut Command) {}
