//! `seskey batch`: converts a CSV of access keys into the SMTP credentials CSV the SES console
//! gives, streaming, with flat memory.
//!
//! The input is read twice: first to check every row (so every bad row is reported at once and,
//! without `--keep-going`, nothing is written, not even to standard output), then to convert.
//! A file output is written to a temporary file (mode 0600) in the same directory and renamed
//! into place only once complete.

use std::fs::File;
use std::io;
use std::os::fd::{AsFd, BorrowedFd};
use std::path::{Path, PathBuf};

use clap::Args;
use csv_core::{WriteResult, Writer};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::import::cli_error;
use super::{CliError, say, warn};
use crate::derive::Deriver;
use crate::i18n::t;
use crate::import::csv::KeyReader;
use crate::import::{self, ErrorKind, ImportError};
use crate::region::{self, RegionChoice};
use crate::secret::{SecretBuf, SecretText};
use crate::sys::fdio;
use crate::tr;

/// Rows from which a progress bar is worth showing.
const PROGRESS_MIN_ROWS: usize = 5_000;
/// Bad rows and warnings listed one by one before the rest are only counted.
const LIST_MAX: usize = 20;

/// Options of `seskey batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Region of the SES SMTP endpoint; repeat for several (adds Region and Smtp Host columns).
    #[arg(
        long,
        short = 'r',
        value_name = "REGION",
        required_unless_present = "all_regions"
    )]
    pub region: Vec<String>,

    /// One row per key and per region with an SES SMTP endpoint (adds Region and Smtp Host).
    #[arg(long, conflicts_with = "region")]
    pub all_regions: bool,

    /// The keys: the IAM console's access-key or new-user CSV, or any CSV with `Access key ID`
    /// and `Secret access key` columns (and optionally `User name`). Must be a regular file.
    #[arg(value_name = "INPUT.csv")]
    pub input: PathBuf,

    /// Where to write the SMTP credentials; `-` (the default) is standard output.
    #[arg(long, short = 'o', value_name = "OUTPUT.csv", default_value = "-")]
    pub output: PathBuf,

    /// Replace OUTPUT when it exists.
    #[arg(long)]
    pub force: bool,

    /// Skip rows that cannot be converted (each is reported) instead of failing.
    #[arg(long)]
    pub keep_going: bool,

    /// Take secret access keys that are not 40 characters (AWS's are; for AWS-compatible systems).
    #[arg(long)]
    pub allow_nonstandard_secret: bool,
}

impl BatchArgs {
    /// The rules every row is checked with, the same as `derive`'s.
    fn rules(&self) -> crate::validate::SecretRules {
        crate::validate::SecretRules {
            allow_nonstandard_length: self.allow_nonstandard_secret,
        }
    }
}

/// Runs `seskey batch`.
pub fn run(args: &BatchArgs) -> Result<(), CliError> {
    let regions = regions(args)?;
    let name = args.input.display().to_string();
    let to_stdout = args.output.as_os_str() == "-";
    if !to_stdout {
        check_output(&args.output, &args.input, args.force)?;
    }

    let good = check_rows(&args.input, &name, args.keep_going, args.rules())?;

    // From before the temporary file exists until it is renamed or removed, the terminating
    // signals are caught (`SignalPipe`) and checked row by row, so that an interrupted run
    // removes its temporary file full of passwords instead of dying beside it.
    let signals = if to_stdout {
        None
    } else {
        Some(crate::sys::signals::SignalPipe::new().map_err(write_failure)?)
    };
    let caught = || signals.as_ref().and_then(|s| s.caught());
    let tmp = if to_stdout {
        None
    } else {
        let dir = match args.output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        // Created with mode 0600 and removed on drop unless persisted.
        let file = tempfile::Builder::new()
            .prefix(".seskey-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| {
                CliError::failure(tr!(
                    "batch.temp_file_failed",
                    dir = dir.display(),
                    error = e
                ))
            })?;
        Some(file)
    };
    let fd = match &tmp {
        Some(t) => t.as_file().as_fd(),
        None => rustix::stdio::stdout(),
    };
    let converted = convert(args, &name, &regions, fd, good, to_stdout, &caught);
    let exit_if_caught = |tmp: Option<tempfile::NamedTempFile>| {
        if let Some(sig) = caught() {
            // Removes the temporary file (its drop), then leaves as the signal asked.
            drop(tmp);
            std::process::exit(128 + sig);
        }
        tmp
    };
    let tmp = exit_if_caught(tmp);
    let converted = converted?;

    if let Some(tmp) = tmp {
        tmp.as_file().sync_all().map_err(write_failure)?;
        let tmp = exit_if_caught(Some(tmp)).expect("kept when no signal came");
        // Checked again just before the rename: --force replaces only a regular file.
        check_output(&args.output, &args.input, args.force)?;
        let r = if args.force {
            tmp.persist(&args.output).map(drop)
        } else {
            tmp.persist_noclobber(&args.output).map(drop)
        };
        r.map_err(|e| {
            let file = args.output.display();
            CliError::failure(if e.error.kind() == io::ErrorKind::AlreadyExists {
                tr!("batch.output_appeared", file = file, error = e.error)
            } else {
                tr!("batch.output_failed", file = file, error = e.error)
            })
        })?;
        let wrote = tr!(
            "batch.wrote",
            credentials = converted * regions.len(),
            keys = converted,
            file = args.output.display()
        );
        say(wrote);
    }
    if let Some(sig) = caught() {
        // The output is complete; still leave as the signal asked.
        std::process::exit(128 + sig);
    }
    drop(signals);
    Ok(())
}

/// Pass 2: derives and writes every good row to `fd`; returns how many keys were converted.
fn convert(
    args: &BatchArgs,
    name: &str,
    regions: &[RegionChoice],
    fd: BorrowedFd<'_>,
    good: usize,
    to_stdout: bool,
    caught: &dyn Fn() -> Option<i32>,
) -> Result<usize, CliError> {
    let file_user = import::user_name_from_file_name(&args.input);
    let bar = progress_bar(good, to_stdout);
    let mut sink = CsvSink::new(fd);
    let multi = regions.len() > 1;
    let mut header: Vec<&[u8]> = vec![b"IAM User Name", b"Smtp Username", b"Smtp Password"];
    if multi {
        header.extend([b"Region".as_slice(), b"Smtp Host"]);
    }
    sink.row(&header).map_err(write_failure)?;

    let hosts: Vec<String> = regions.iter().map(RegionChoice::smtp_host).collect();
    let n = if multi { 5 } else { 3 };
    // One locked page for every password: `password_into` overwrites it row after row.
    let mut password = SecretText::new();
    let mut reader =
        KeyReader::new(open(&args.input, name)?, name, args.rules()).map_err(cli_error)?;
    let mut converted = 0;
    while let Some(row) = reader.next_row() {
        let row = match row {
            Ok(row) => row,
            Err(e) if e.kind == ErrorKind::Invalid && args.keep_going => continue,
            Err(e) => return Err(changed_or(e)),
        };
        if caught().is_some() {
            return Err(CliError::failure(t("batch.interrupted")));
        }
        let user = row.user_name.or(file_user.as_deref());
        if unsafe_user(user) {
            // Refused in pass 1: only here with --keep-going (or a file changed meanwhile).
            if args.keep_going {
                continue;
            }
            return Err(CliError::failure(tr!(
                "batch.row_changed",
                error = unsafe_user_message(name, row.line)
            )));
        }
        let user = spreadsheet_safe(user.unwrap_or(""));
        // The region-independent first HMAC step, once per key.
        let deriver = Deriver::new(row.secret());
        for (region, host) in regions.iter().zip(&hosts) {
            deriver.password_into(region.code(), &mut password);
            let fields: [&[u8]; 5] = [
                &*user,
                row.access_key_id.as_bytes(),
                password.expose().as_bytes(),
                region.code().as_bytes(),
                host.as_bytes(),
            ];
            sink.row(&fields[..n]).map_err(write_failure)?;
        }
        converted += 1;
        bar.inc(1);
    }
    password.clear();
    sink.flush().map_err(write_failure)?;
    bar.finish_and_clear();
    if converted != good {
        return Err(CliError::failure(tr!(
            "batch.input_changed",
            file = name,
            checked = good,
            read = converted
        )));
    }
    Ok(converted)
}

fn regions(args: &BatchArgs) -> Result<Vec<RegionChoice>, CliError> {
    if args.all_regions {
        return Ok(region::catalogue()
            .iter()
            .map(RegionChoice::Known)
            .collect());
    }
    let mut out: Vec<RegionChoice> = Vec::new();
    for r in &args.region {
        let choice = region::parse(r).map_err(CliError::usage)?;
        if let Some(w) = choice.warning() {
            warn(w);
        }
        if !out.iter().any(|c| c.code() == choice.code()) {
            out.push(choice);
        }
    }
    Ok(out)
}

/// A user name as a spreadsheet cell that stays text (OWASP, CSV injection): a field starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula by Excel,
/// LibreOffice or Google Sheets, so it gets a leading `'`, which they take as "text".
fn spreadsheet_safe(user: &str) -> std::borrow::Cow<'_, [u8]> {
    match user.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => {
            let mut v = Vec::with_capacity(user.len() + 1);
            v.push(b'\'');
            v.extend_from_slice(user.as_bytes());
            std::borrow::Cow::Owned(v)
        }
        _ => std::borrow::Cow::Borrowed(user.as_bytes()),
    }
}

/// Refuses an existing output without --force, the input itself as output, and anything but a
/// regular file even with --force: a rename over /dev/null, a FIFO, a device node or a symbolic
/// link (say to /proc/self/fd/1) would replace that with a file of passwords.
fn check_output(output: &Path, input: &Path, force: bool) -> Result<(), CliError> {
    use std::os::unix::fs::MetadataExt;
    let Ok(out_meta) = std::fs::symlink_metadata(output) else {
        return Ok(());
    };
    if let Ok(in_meta) = std::fs::metadata(input)
        && (in_meta.dev(), in_meta.ino()) == (out_meta.dev(), out_meta.ino())
    {
        return Err(CliError::usage(tr!(
            "batch.output_is_input",
            file = output.display()
        )));
    }
    if out_meta.is_dir() {
        return Err(CliError::usage(tr!(
            "batch.output_is_dir",
            file = output.display()
        )));
    }
    if !out_meta.is_file() {
        return Err(CliError::usage(tr!(
            "batch.output_not_regular",
            file = output.display()
        )));
    }
    if !force {
        return Err(CliError::usage(tr!(
            "batch.output_exists",
            file = output.display()
        )));
    }
    Ok(())
}

fn open(path: &Path, name: &str) -> Result<File, CliError> {
    // stat first (it never blocks) for batch's own reason; `import::open` checks what it opened.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return Err(CliError::usage(tr!("batch.not_a_file", file = name)));
    }
    let file = import::open(path, name).map_err(cli_error)?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(CliError::usage(tr!("batch.not_a_file", file = name)));
    }
    Ok(file)
}

/// Pass 1: checks every row, reports bad rows and warnings, and returns how many rows convert.
fn check_rows(
    input: &Path,
    name: &str,
    keep_going: bool,
    rules: crate::validate::SecretRules,
) -> Result<usize, CliError> {
    let file_user = import::user_name_from_file_name(input);
    let mut reader = KeyReader::new(open(input, name)?, name, rules).map_err(cli_error)?;
    let (mut good, mut bad, mut warnings) = (0usize, 0usize, 0usize);
    // How a bad row is announced: skipped with --keep-going, else the error that stops the run.
    let what = if keep_going {
        t("batch.skipped")
    } else {
        t("cli.error")
    };
    while let Some(row) = reader.next_row() {
        match row {
            Ok(row) if unsafe_user(row.user_name.or(file_user.as_deref())) => {
                bad += 1;
                if bad <= LIST_MAX {
                    say(format_args!(
                        "{what}: {}",
                        unsafe_user_message(name, row.line)
                    ));
                }
            }
            Ok(row) => {
                good += 1;
                for w in &row.warnings {
                    warnings += 1;
                    if warnings <= LIST_MAX {
                        warn(tr!(
                            "batch.row_warning",
                            file = name,
                            line = row.line,
                            warning = w
                        ));
                    }
                }
            }
            Err(e) if e.kind == ErrorKind::Invalid => {
                bad += 1;
                if bad <= LIST_MAX {
                    say(format_args!("{what}: {e}"));
                }
            }
            Err(e) => return Err(cli_error(e)),
        }
    }
    if warnings > LIST_MAX {
        warn(tr!("batch.more_warnings", n = warnings - LIST_MAX));
    }
    if bad > LIST_MAX {
        say(tr!("batch.more_bad_rows", n = bad - LIST_MAX));
    }
    if bad > 0 && !keep_going {
        return Err(CliError::usage(tr!(
            "batch.bad_rows",
            bad = bad,
            file = name
        )));
    }
    if good == 0 {
        return Err(CliError::usage(tr!("batch.no_good_row", file = name)));
    }
    if bad > 0 {
        warn(tr!("batch.skipping", bad = bad, good = good));
    }
    Ok(good)
}

/// Whether a user name holds a character a terminal acts on or that reorders text (C0, DEL, C1,
/// bidi overrides: the rule of [`crate::text::visible`]). Such a name would reach standard
/// output, or an -o file later `cat`ed, raw and drive the terminal; the output has no way to
/// show it escaped (it is the name IAM knows), so the row is refused.
fn unsafe_user(user: Option<&str>) -> bool {
    user.is_some_and(|u| matches!(crate::text::visible(u), std::borrow::Cow::Owned(_)))
}

/// The refusal of [`unsafe_user`]: names the row, never repeats the name.
fn unsafe_user_message(file: &str, line: u64) -> String {
    tr!("batch.unsafe_user", file = file, line = line)
}

/// A row that was good in pass 1 and is not now: the file changed in between.
fn changed_or(e: ImportError) -> CliError {
    match e.kind {
        ErrorKind::Invalid => CliError::failure(tr!("batch.row_changed", error = e)),
        ErrorKind::Unreadable => cli_error(e),
    }
}

fn write_failure(e: io::Error) -> CliError {
    CliError::failure(tr!("batch.write_failed", error = e))
}

fn progress_bar(rows: usize, to_stdout: bool) -> ProgressBar {
    let stderr = rustix::stdio::stderr();
    // On a terminal that also shows the output, a bar would tear the rows apart.
    let shown = rows >= PROGRESS_MIN_ROWS
        && fdio::is_terminal(stderr)
        && !(to_stdout && fdio::is_terminal(rustix::stdio::stdout()));
    if !shown {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(rows as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(t("batch.progress")) {
        bar.set_style(style);
    }
    bar
}

/// Writes CSV rows through one locked page (the passwords pass through it) straight to a file
/// descriptor with write(2), never through std's buffered stdout.
struct CsvSink<'a> {
    fd: BorrowedFd<'a>,
    buf: SecretBuf,
    writer: Writer,
}

impl<'a> CsvSink<'a> {
    fn new(fd: BorrowedFd<'a>) -> Self {
        Self {
            fd,
            buf: SecretBuf::new(),
            writer: Writer::new(),
        }
    }

    /// Writes out and wipes what the page holds.
    fn flush(&mut self) -> io::Result<()> {
        fdio::write_all(self.fd, self.buf.as_bytes())?;
        self.buf.clear();
        Ok(())
    }

    /// Runs one csv-core write step, flushing the page whenever it is full.
    fn step(
        &mut self,
        mut f: impl FnMut(&mut Writer, &mut [u8]) -> (WriteResult, usize),
    ) -> io::Result<()> {
        loop {
            let writer = &mut self.writer;
            let res = self.buf.write_with(|out| {
                let (res, nout) = f(writer, out);
                (nout, res)
            });
            match res {
                WriteResult::InputEmpty => return Ok(()),
                WriteResult::OutputFull => self.flush()?,
            }
        }
    }

    fn row(&mut self, fields: &[&[u8]]) -> io::Result<()> {
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                self.step(|w, out| w.delimiter(out))?;
            }
            let mut rest: &[u8] = field;
            self.step(|w, out| {
                let (r, nin, nout) = w.field(rest, out);
                rest = &rest[nin..];
                (r, nout)
            })?;
        }
        self.step(|w, out| w.terminator(out))?;
        // Keep room for a whole usual row, so most rows go out in one piece.
        if self.buf.spare_len() < 1024 {
            self.flush()?;
        }
        Ok(())
    }
}
