//! Reading files a person or another program may have put anywhere, safely: never blocks
//! on a FIFO or a device, never reads more than a limit (counted on the bytes actually
//! read, not on what the file system claims), and refuses anything that is not a regular
//! file with a reason a person understands.
//!
//! Every file the tool reads — scenarios, rosters, recovery copies, settings, the list
//! cache — goes through [`read_regular`].

use std::io::{self, Read};
use std::path::Path;

/// The most bytes a scenario, roster or recovery file may have (256 MiB: a 10,000-CSM
/// scenario is about 5 MB).
pub const MAX_READ_BYTES: u64 = 256 << 20;

/// What kind of thing is at a path that is not a regular file, in plain words.
pub fn kind_of(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        return "a folder";
    }
    if ft.is_file() {
        return "a file";
    }
    "not a regular file"
}

/// The error for a path that is not a regular file.
fn not_regular(ft: std::fs::FileType) -> io::Error {
    let kind = kind_of(ft);
    if ft.is_dir() {
        return io::Error::new(io::ErrorKind::IsADirectory, "it is a folder, not a file");
    }
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {kind}, not a regular file; cscomp-tui reads only regular files"),
    )
}

/// The error for a file past the size limit.
pub fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "it is larger than {} MiB, too large to be a scenario or roster file",
            limit >> 20
        ),
    )
}

/// Reads a whole regular file of at most `limit` bytes. Symbolic links are followed, but
/// what they lead to must be a regular file too. A FIFO, device or socket is refused
/// without waiting for it (opened non-blocking, then checked on the open handle, so a file
/// swapped for a FIFO in between is refused as well).
pub fn read_regular(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    // A quick look first: a folder or a FIFO is refused without opening it at all.
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = opts.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// [`read_regular`] that maps a missing file to `None`.
pub fn read_if_exists(path: &Path, limit: u64) -> io::Result<Option<Vec<u8>>> {
    match read_regular(path, limit) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.ron");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let e = read_regular(&fifo, MAX_READ_BYTES).unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is a named pipe (FIFO), not a regular file; cscomp-tui reads only regular files"
        );
    }

    #[test]
    fn a_link_to_a_device_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero.ron");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let e = read_regular(&link, MAX_READ_BYTES).unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is a device, not a regular file; cscomp-tui reads only regular files"
        );
    }

    #[test]
    fn the_limit_counts_bytes_read() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("big.ron");
        std::fs::write(&f, vec![b'x'; 2000]).unwrap();
        assert_eq!(read_regular(&f, 2000).unwrap().len(), 2000);
        let e = read_regular(&f, 1999).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert!(
            read_if_exists(&dir.path().join("none"), 10)
                .unwrap()
                .is_none()
        );
    }
}
