//! Key import sources: the IAM console's CSV files ([`csv`]), the AWS shared credentials file
//! ([`credentials`]) and the environment ([`env`]).
//!
//! The parsers work on bytes the caller has read ([`SourceFile`]) or on any [`std::io::Read`]
//! (streaming, for batch conversion); they never print. Listing functions ([`csv::list`],
//! [`credentials::list`]) return what a person may see (line numbers, user names, access key IDs,
//! profile names) and never a secret; loading functions return an [`Imported`] whose secret sits
//! in a [`SecretText`] page. Every [`ImportError`] names the file, the line where known, and what
//! is wrong, and never holds secret material.

pub mod credentials;
pub mod csv;
pub mod env;

use crate::i18n::t;
use crate::tr;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use zeroize::Zeroizing;

use crate::secret::SecretText;

/// Largest file read whole (a CSV picked from in the TUI, a credentials file). Larger CSV files
/// go through `seskey batch`, which streams.
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// A key pair taken from a source, ready to validate and derive from.
#[derive(Debug)]
pub struct Imported {
    /// The secret access key (not yet validated beyond "not empty").
    pub secret: SecretText,
    /// The access key ID (the SMTP username), when the source holds one.
    pub access_key_id: Option<String>,
    /// The IAM user name, when the source holds one (the wizard's card shows it).
    pub user_name: Option<String>,
    /// Where the pair came from, for people: `keys.csv, row 2 (line 3)`, `profile "ses" in
    /// /home/me/.aws/credentials`, `environment (AWS_SECRET_ACCESS_KEY)`.
    pub origin: String,
}

/// Whether an import failed on reading or on the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file or variable could not be read (missing, permissions, I/O).
    Unreadable,
    /// It was read, but does not hold a usable key pair.
    Invalid,
}

/// Why a key pair could not be imported. The message never holds secret material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Reading or content.
    pub kind: ErrorKind,
    /// The file (as the user named it) or `environment`.
    pub source: String,
    /// 1-based line in the file, where the problem has one.
    pub line: Option<u64>,
    /// What is wrong and what to do.
    pub message: String,
}

impl ImportError {
    pub(crate) fn invalid(source: &str, line: Option<u64>, message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Invalid,
            source: source.to_string(),
            line,
            message: message.into(),
        }
    }

    pub(crate) fn unreadable(source: &str, message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Unreadable,
            source: source.to_string(),
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => f.write_str(&tr!(
                "import.at_line",
                source = self.source,
                line = line,
                message = self.message
            )),
            None => f.write_str(&tr!(
                "import.at_source",
                source = self.source,
                message = self.message
            )),
        }
    }
}

impl std::error::Error for ImportError {}

/// A whole file read into memory that is wiped when dropped.
///
/// A file can exceed a 4 KiB [`SecretText`] page, so it is held in a
/// `Zeroizing<Vec<u8>>` whose capacity is reserved from the file's size before reading: the
/// vector never grows, so no reallocation leaves a stale copy of the file in freed memory, and
/// the one buffer is wiped on drop. It is not `mlock`ed (it shares heap pages with other data);
/// the secrets parsed out of it go into locked [`SecretText`] pages.
pub struct SourceFile {
    name: String,
    bytes: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SourceFile({:?}, {} bytes)", self.name, self.bytes.len())
    }
}

impl SourceFile {
    /// Reads `path` whole (at most [`MAX_FILE_SIZE`] bytes).
    pub fn read(path: &Path) -> Result<Self, ImportError> {
        let name = path.display().to_string();
        let mut file = open(path, &name)?;
        let size = file
            .metadata()
            .map_err(|e| ImportError::unreadable(&name, tr!("import.read_failed", error = e)))?
            .len();
        let too_large = || {
            ImportError::invalid(
                &name,
                None,
                tr!("import.file_too_large", mib = MAX_FILE_SIZE >> 20),
            )
        };
        if size > MAX_FILE_SIZE {
            return Err(too_large());
        }
        // One spare byte tells a file that grew since `metadata` from one that did not. The
        // buffer is filled in place (no `read_to_end`, which may grow and copy the vector).
        let cap = usize::try_from(size).map_err(|_| too_large())? + 1;
        let mut bytes = Zeroizing::new(vec![0u8; cap]);
        let mut filled = 0;
        while filled < cap {
            match file.read(&mut bytes[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(ImportError::unreadable(
                        &name,
                        tr!("import.read_failed", error = e),
                    ));
                }
            }
        }
        if filled == cap {
            return Err(ImportError::unreadable(
                &name,
                t("import.changed_while_read"),
            ));
        }
        bytes.truncate(filled);
        Ok(Self { name, bytes })
    }

    /// Wraps bytes already in memory (tests, pasted text). `name` stands for the file in errors.
    #[cfg(test)]
    pub fn from_bytes(name: impl Into<String>, bytes: Zeroizing<Vec<u8>>) -> Self {
        Self {
            name: name.into(),
            bytes,
        }
    }

    /// The file name as the user gave it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The content.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// Opens a file for reading, with messages for the usual failures. Only a regular file is
/// accepted: a FIFO is opened without blocking (with no writer, a plain open would wait forever)
/// and refused, like devices and sockets, by the type of what was opened.
pub(crate) fn open(path: &Path, name: &str) -> Result<File, ImportError> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(|e| {
            let why = match e.kind() {
                io::ErrorKind::NotFound => t("import.no_such_file").to_string(),
                io::ErrorKind::PermissionDenied => t("import.permission_denied").to_string(),
                _ => e.to_string(),
            };
            ImportError::unreadable(name, tr!("import.open_failed", why = why))
        })?;
    let meta = file
        .metadata()
        .map_err(|e| ImportError::unreadable(name, tr!("import.read_failed", error = e)))?;
    if meta.is_dir() {
        return Err(ImportError::unreadable(name, t("import.is_directory")));
    }
    if !meta.is_file() {
        return Err(ImportError::invalid(name, None, t("import.not_regular")));
    }
    // Back to blocking reads (regular files ignore the flag, but say what is meant).
    let _ = rustix::fs::fcntl_setfl(&file, rustix::fs::OFlags::empty());
    Ok(file)
}

/// The IAM user name in a file name the IAM console gives (`USER_accessKeys.csv`), if any.
pub fn user_name_from_file_name(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let user = stem.strip_suffix("_accessKeys")?;
    (!user.is_empty()).then(|| user.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_whole_and_names_it_in_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k.csv");
        std::fs::write(&p, b"abc").unwrap();
        let f = SourceFile::read(&p).unwrap();
        assert_eq!(f.bytes(), b"abc");
        assert!(!format!("{f:?}").contains("abc"));
        let e = SourceFile::read(&dir.path().join("missing.csv")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Unreadable);
        assert!(
            e.to_string()
                .contains("missing.csv: cannot open the file: no such file")
        );
        let e = SourceFile::read(dir.path()).unwrap_err();
        assert!(e.to_string().contains("directory"), "{e}");
        // A FIFO with no writer: refused at once, not waited on.
        let fifo = dir.path().join("fifo");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
        )
        .unwrap();
        let e = SourceFile::read(&fifo).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Invalid);
        assert!(e.to_string().contains("not a regular file"), "{e}");
        assert!(SourceFile::read(Path::new("/dev/zero")).is_err());
    }

    #[test]
    fn user_name_comes_from_the_console_file_name() {
        assert_eq!(
            user_name_from_file_name(Path::new("/x/ses-smtp_accessKeys.csv")).as_deref(),
            Some("ses-smtp")
        );
        assert_eq!(user_name_from_file_name(Path::new("keys.csv")), None);
        assert_eq!(user_name_from_file_name(Path::new("_accessKeys.csv")), None);
    }
}
