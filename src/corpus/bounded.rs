//! Reading a file that a user named (a page, a config, the browser's state) with a hard bound,
//! so that no file can hang kanbao or exhaust its memory:
//! - only regular files are read (after following symlinks): a FIFO, a device, a socket or a
//!   directory is refused with an error saying what it is, and is never opened in blocking mode.
//!   The type is checked on the path first (so a device is not even opened) and again on the
//!   opened handle (so a file swapped for a FIFO in between is still caught);
//! - at most `limit + 1` bytes are ever read (`Read::take`), whatever size the file claims, so a
//!   file that grows while it is read, or lies about its size, still stops at the limit.

use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::Path;

use thiserror::Error;

/// Why a file could not be read within its bound.
#[derive(Debug, Error)]
pub(crate) enum ReadError {
    #[error("not a regular file (it is {kind}); give kanbao a text file")]
    NotRegular { kind: &'static str },
    #[error(
        "{} bytes, over the {limit} byte limit for {what}{hint}",
        match size { Some(n) => n.to_string(), None => format!("more than {limit}") }
    )]
    TooLarge {
        /// The size, when the file told it truthfully; `None` when reading found it out.
        size: Option<u64>,
        limit: usize,
        what: &'static str,
        hint: &'static str,
    },
    #[error("cannot read: {0}")]
    Io(#[from] io::Error),
}

/// What is being read, for the limit and the message.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bound {
    pub limit: usize,
    /// "one page", "a config file" …
    pub what: &'static str,
    /// Appended to the too-large message ("; split it …"), or empty.
    pub hint: &'static str,
}

/// One newspaper page (see [`super::decode::MAX_PAGE_BYTES`]).
pub(crate) const PAGE: Bound = Bound {
    limit: super::decode::MAX_PAGE_BYTES,
    what: "one page",
    hint: "; split it into one file per printed page",
};

/// Reads the page file at `path` within [`PAGE`].
pub(crate) fn read_page(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_file(path, PAGE)
}

/// Reads the regular file at `path`, at most `bound.limit` bytes (see the module docs).
pub(crate) fn read_file(path: &Path, bound: Bound) -> Result<Vec<u8>, ReadError> {
    check_regular(&fs::metadata(path)?)?;
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    check_regular(&meta)?;
    if meta.len() > bound.limit as u64 {
        return Err(too_large(Some(meta.len()), bound));
    }
    // The size is only a hint for the buffer: the bound is enforced while reading.
    read_bounded(file, bound, meta.len() as usize)
}

/// Reads all of `reader` unless it holds more than `bound.limit` bytes; never reads more than
/// `limit + 1`. `expected` pre-sizes the buffer (capped by the limit).
pub(crate) fn read_bounded(
    reader: impl Read,
    bound: Bound,
    expected: usize,
) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(expected.min(bound.limit) + 1);
    reader
        .take(bound.limit as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > bound.limit {
        return Err(too_large(None, bound));
    }
    Ok(bytes)
}

fn too_large(size: Option<u64>, bound: Bound) -> ReadError {
    ReadError::TooLarge {
        size,
        limit: bound.limit,
        what: bound.what,
        hint: bound.hint,
    }
}

fn check_regular(meta: &Metadata) -> Result<(), ReadError> {
    if meta.is_file() {
        return Ok(());
    }
    Err(ReadError::NotRegular {
        kind: file_kind(meta),
    })
}

fn file_kind(meta: &Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Opens for reading without ever blocking on the open itself (a FIFO with no writer) and
/// without making a terminal the controlling one.
fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that never ends, counting what was taken from it.
    struct Endless {
        served: u64,
    }

    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            buf.fill(b'a');
            self.served += buf.len() as u64;
            Ok(buf.len())
        }
    }

    const SMALL: Bound = Bound {
        limit: 1000,
        what: "a test",
        hint: "",
    };

    #[test]
    fn an_endless_reader_stops_just_past_the_limit() {
        let mut endless = Endless { served: 0 };
        let err = read_bounded(&mut endless, SMALL, usize::MAX).unwrap_err();
        assert!(
            matches!(err, ReadError::TooLarge { size: None, .. }),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "more than 1000 bytes, over the 1000 byte limit for a test"
        );
        // `take` hands out at most limit + 1 bytes, whatever the reader would give.
        assert_eq!(endless.served, 1001);
    }

    #[test]
    fn a_reader_at_the_limit_is_read_whole() {
        let bytes = read_bounded(&[7u8; 1000][..], SMALL, 0).unwrap();
        assert_eq!(bytes.len(), 1000);
    }

    #[test]
    fn a_directory_is_refused_by_kind() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_page(dir.path()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "not a regular file (it is a directory); give kanbao a text file"
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused_by_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        fs::write(&path, vec![b'x'; 1001]).unwrap();
        let err = read_file(&path, SMALL).unwrap_err();
        assert_eq!(
            err.to_string(),
            "1001 bytes, over the 1000 byte limit for a test"
        );
    }
}
