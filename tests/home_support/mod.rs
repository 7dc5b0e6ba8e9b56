//! A private home for tests that run the real `kanbao` binary: XDG data, cache, state and config
//! inside a temp dir, no inherited `KANBAO_DATA`, no colour. One copy for `cli.rs`, `harden.rs`
//! and `parse_check.rs`.
#![allow(dead_code)]

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_kanbao");

/// The first bundled page.
pub const PAGE_000: &str = "000_b4d91279af1e54d0.txt";

/// How long one run may take before it is killed and fails the test (a hang is the bug some
/// tests are about).
const HANG: Duration = Duration::from_secs(60);

pub struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The user's library, where `kanbao import` puts pages.
    pub fn library(&self) -> PathBuf {
        self.path().join("data/kanbao/pages")
    }

    /// A page directory for `--data`, created.
    pub fn pages(&self) -> PathBuf {
        let dir = self.path().join("pages");
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The command, with this home's environment, not yet run.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        let home = self.path();
        cmd.args(args)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env_remove("KANBAO_DATA")
            .env("NO_COLOR", "1");
        cmd
    }

    /// Runs kanbao with no input; a run over [`HANG`] is killed and fails the test. Its output
    /// is read while it runs, so a long one never blocks on a full pipe.
    pub fn run(&self, args: &[&str]) -> Output {
        let mut child = self
            .cmd(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run kanbao");
        let drain = |pipe: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                if let Some(mut pipe) = pipe {
                    pipe.read_to_end(&mut bytes).expect("read kanbao's output");
                }
                bytes
            })
        };
        let stdout = drain(
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        );
        let stderr = drain(
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        );
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if started.elapsed() > HANG {
                let _ = child.kill();
                panic!("kanbao {args:?} hung for {} s", HANG.as_secs());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Output {
            status,
            stdout: stdout.join().expect("stdout reader"),
            stderr: stderr.join().expect("stderr reader"),
        }
    }

    /// Runs kanbao, which must succeed, and reads its standard output as JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        serde_json::from_slice(&out.stdout).expect("JSON")
    }
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A bundled page's file in the repository.
pub fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/pages")
        .join(name)
}
