//! The IAM console's CSV files: the access-key file (`Access key ID,Secret access key`) and the
//! older new-user file (`User name,Password,Access key ID,Secret access key,Console login link`).
//!
//! Headers are matched by name, case-insensitively and in any order; extra columns are ignored;
//! a UTF-8 BOM, CRLF line ends, quoted fields and blank lines are accepted.
//!
//! Parsing uses `csv-core`, the engine of the `csv` crate, rather than `csv::Reader`: `csv-core`
//! works on buffers the caller owns, so the input chunk and the current row live in two locked,
//! wipe-on-drop [`SecretBuf`] pages, each row wiped when the next is read, and memory stays flat
//! however long the input is. `csv::Reader` keeps rows in growable vectors it never wipes.

use crate::i18n::t;
use crate::tr;
use std::io::{self, Read};

use csv_core::{ReadRecordResult, Reader as CoreReader};

use super::{ImportError, Imported, SourceFile, user_name_from_file_name};
use crate::secret::{SECRET_CAPACITY, SecretBuf, SecretText};
use crate::validate;

/// Most columns a row may have (the IAM files have 2 and 5; exports from other tools have
/// dozens).
pub const MAX_COLUMNS: usize = 1024;

/// What to write as the first line of a CSV that lacks it.
pub const HEADER_HINT: &str = "Access key ID,Secret access key";

/// Reads CSV records one at a time through two locked pages.
struct RecordReader<R> {
    src: R,
    core: CoreReader,
    /// Bytes read from `src`, consumed from `pos`.
    input: SecretBuf,
    pos: usize,
    eof: bool,
    started: bool,
    /// The current record's fields, back to back; `ends[..nends]` are their end offsets.
    record: SecretBuf,
    /// Field end offsets (not secret), `MAX_COLUMNS` of them, on the heap.
    ends: Box<[usize]>,
    nends: usize,
}

/// A record could not be taken whole.
enum RecordProblem {
    TooLong,
    TooManyColumns,
}

impl<R: Read> RecordReader<R> {
    fn new(src: R) -> Self {
        Self {
            src,
            core: CoreReader::new(),
            input: SecretBuf::new(),
            pos: 0,
            eof: false,
            started: false,
            record: SecretBuf::new(),
            ends: vec![0; MAX_COLUMNS].into_boxed_slice(),
            nends: 0,
        }
    }

    /// Refills the input page once it is used up; false at the end of the input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.pos < self.input.len() {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        self.input.clear();
        self.pos = 0;
        loop {
            let src = &mut self.src;
            match self.input.write_with(|spare| match src.read(spare) {
                Ok(n) => (n, Ok(n)),
                Err(e) => (0, Err(e)),
            }) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(_) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if !self.started {
            self.started = true;
            // The BOM is dropped here rather than by csv-core so that blank lines can be
            // skipped below (and counted) before csv-core sees any byte.
            if self.input.as_bytes().starts_with(b"\xef\xbb\xbf") {
                self.pos = 3;
                return self.fill();
            }
        }
        Ok(true)
    }

    /// Reads the next record. `Ok(None)` at the end; the outer `Ok(Err(_))` is a record that
    /// was read past but cannot be used. Returns the 1-based line the record starts on.
    fn next(&mut self) -> io::Result<Option<(u64, Result<(), RecordProblem>)>> {
        self.record.clear();
        self.nends = 0;
        // Skip blank lines ourselves, so the line a record starts on is known.
        loop {
            if !self.fill()? {
                return Ok(None);
            }
            match self.input.as_bytes()[self.pos] {
                b'\n' => {
                    self.core.set_line(self.core.line() + 1);
                    self.pos += 1;
                }
                b'\r' => self.pos += 1,
                _ => break,
            }
        }
        let line = self.core.line();
        let mut problem = None;
        loop {
            self.fill()?;
            let input = &self.input.as_bytes()[self.pos..];
            let (core, ends) = (&mut self.core, &mut self.ends[self.nends..]);
            let (res, nin, nend) = self.record.write_with(|out| {
                let (res, nin, nout, nend) = core.read_record(input, out, ends);
                (nout, (res, nin, nend))
            });
            self.pos += nin;
            self.nends += nend;
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    // Read past the rest of the record, wiping what was taken of it.
                    self.record.clear();
                    problem = Some(RecordProblem::TooLong);
                }
                ReadRecordResult::OutputEndsFull => {
                    self.nends = 0;
                    problem.get_or_insert(RecordProblem::TooManyColumns);
                }
                ReadRecordResult::Record | ReadRecordResult::End => {
                    return Ok(Some((line, problem.map_or(Ok(()), Err))));
                }
            }
        }
    }

    /// Field `i` of the current record (empty past the last field).
    fn field(&self, i: usize) -> &[u8] {
        if i >= self.nends {
            return &[];
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.record
            .as_bytes()
            .get(start..self.ends[i])
            .unwrap_or(&[])
    }

    fn columns(&self) -> usize {
        self.nends
    }
}

/// Where the columns of interest are.
#[derive(Debug, Clone, Copy)]
struct Columns {
    user_name: Option<usize>,
    access_key_id: usize,
    secret: usize,
}

fn normalise(name: &[u8]) -> String {
    String::from_utf8_lossy(name)
        .trim()
        .to_ascii_lowercase()
        .replace(['_', '-'], " ")
}

/// One row of a key CSV, borrowed from the reader until the next row is read.
#[derive(Debug)]
pub struct KeyRow<'a> {
    /// 1-based row number among the data rows (blank lines and the header not counted).
    pub row: usize,
    /// 1-based line the row starts on.
    pub line: u64,
    /// The IAM user name, in the new-user CSV.
    pub user_name: Option<&'a str>,
    /// The access key ID (the SMTP username); never empty.
    pub access_key_id: &'a str,
    /// Warnings about the pair (an unusual length, an unusual ID), for people.
    pub warnings: Vec<String>,
    secret: &'a str,
}

impl<'a> KeyRow<'a> {
    /// The secret access key, trimmed and checked. Expose it only to derive from it or to copy it
    /// into a [`SecretText`].
    pub fn secret(&self) -> &'a str {
        self.secret
    }
}

/// Streams the key rows of an IAM CSV from any reader, one row at a time with flat memory.
pub struct KeyReader<R> {
    records: RecordReader<R>,
    columns: Columns,
    name: String,
    rows: usize,
    rules: validate::SecretRules,
}

impl<R: Read> KeyReader<R> {
    /// Reads the header of `src`; `name` stands for the input in messages. Rows are checked with
    /// [`validate::key_id`] and [`validate::secret`] under `rules`, the rule of every other way a
    /// key comes in: the caller says what it allows, so no import is laxer than the prompt.
    pub fn new(src: R, name: &str, rules: validate::SecretRules) -> Result<Self, ImportError> {
        let mut records = RecordReader::new(src);
        let io_err =
            |e: io::Error| ImportError::unreadable(name, tr!("import.read_failed", error = e));
        let Some((line, taken)) = records.next().map_err(io_err)? else {
            return Err(ImportError::invalid(
                name,
                None,
                tr!("import.csv.empty", hint = HEADER_HINT),
            ));
        };
        match taken {
            Ok(()) => {}
            Err(RecordProblem::TooLong) => {
                let why = tr!("import.csv.header_too_long", max = SECRET_CAPACITY);
                return Err(not_a_header(name, line, Some(&why)));
            }
            Err(RecordProblem::TooManyColumns) => {
                let why = tr!("import.csv.header_too_many_columns", max = MAX_COLUMNS);
                return Err(not_a_header(name, line, Some(&why)));
            }
        }
        let mut user_name = None;
        let mut access_key_id = None;
        let mut secret = None;
        for i in 0..records.columns() {
            let (slot, column) = match normalise(records.field(i)).as_str() {
                "user name" | "iam user name" => (&mut user_name, "User name"),
                "access key id" => (&mut access_key_id, "Access key ID"),
                "secret access key" => (&mut secret, "Secret access key"),
                _ => continue,
            };
            // Two columns of the same name: taking either one would be a guess.
            if let Some(first) = *slot {
                records.record.clear();
                return Err(ImportError::invalid(
                    name,
                    Some(line),
                    tr!(
                        "import.csv.duplicate_column",
                        column = column,
                        first = first + 1,
                        second = i + 1
                    ),
                ));
            }
            *slot = Some(i);
        }
        let looks_like_data = (0..records.columns()).any(|i| {
            let f = String::from_utf8_lossy(records.field(i));
            validate::key_id(&f).is_ok_and(|id| id.is_some())
        });
        // Never quote the line: without a header it is a key pair.
        records.record.clear();
        let columns = match (access_key_id, secret) {
            _ if looks_like_data => {
                return Err(not_a_header(
                    name,
                    line,
                    Some(t("import.csv.header_is_data")),
                ));
            }
            (Some(access_key_id), Some(secret)) => Columns {
                user_name,
                access_key_id,
                secret,
            },
            (None, Some(_)) => return Err(missing_column(name, line, "Access key ID")),
            (Some(_), None) => return Err(missing_column(name, line, "Secret access key")),
            (None, None) => return Err(not_a_header(name, line, None)),
        };
        Ok(Self {
            records,
            columns,
            name: name.to_string(),
            rows: 0,
            rules,
        })
    }

    /// The next row: `None` at the end; `Some(Err)` for a row that cannot be used (the reader
    /// carries on with the next one) or for a read failure ([`super::ErrorKind::Unreadable`]:
    /// stop there).
    pub fn next_row(&mut self) -> Option<Result<KeyRow<'_>, ImportError>> {
        let (line, taken) = match self.next_filled() {
            Ok(Some(r)) => r,
            Ok(None) => return None,
            Err(e) => {
                return Some(Err(ImportError::unreadable(
                    &self.name,
                    tr!("import.read_failed", error = e),
                )));
            }
        };
        self.rows += 1;
        let row = self.rows;
        let records = &self.records;
        let bad = |m: String| Some(Err(ImportError::invalid(&self.name, Some(line), m)));
        match taken {
            Ok(()) => {}
            Err(RecordProblem::TooLong) => {
                return bad(tr!("import.csv.row_too_long", max = SECRET_CAPACITY));
            }
            Err(RecordProblem::TooManyColumns) => {
                return bad(tr!("import.csv.too_many_columns", max = MAX_COLUMNS));
            }
        }
        let c = self.columns;
        let needed = c.access_key_id.max(c.secret).max(c.user_name.unwrap_or(0)) + 1;
        if records.columns() < needed {
            return bad(tr!(
                "import.csv.too_few_columns",
                n = records.columns(),
                needed = needed
            ));
        }
        let text = |i: usize, what: &str| {
            std::str::from_utf8(records.field(i))
                .map(str::trim)
                .map_err(|_| tr!("import.csv.not_text", what = what))
        };
        let fields = (|| {
            let user = c
                .user_name
                .map(|i| text(i, t("import.csv.field_user_name")))
                .transpose()?;
            let user = user.filter(|u| !u.is_empty());
            let id = text(c.access_key_id, t("import.csv.field_key_id"))?;
            let secret = text(c.secret, t("import.csv.field_secret"))?;
            Ok::<_, String>((user, id, secret))
        })();
        let (user_name, access_key_id, secret) = match fields {
            Ok(f) => f,
            Err(m) => return bad(m),
        };
        match check_pair(user_name, access_key_id, secret, self.rules) {
            Ok(warnings) => Some(Ok(KeyRow {
                row,
                line,
                user_name,
                access_key_id,
                warnings,
                secret,
            })),
            Err(m) => bad(m),
        }
    }

    /// The next record that is not blank (a line of only spaces and commas is blank to people).
    fn next_filled(&mut self) -> io::Result<Option<(u64, Result<(), RecordProblem>)>> {
        loop {
            let Some((line, taken)) = self.records.next()? else {
                return Ok(None);
            };
            let r = &self.records;
            if taken.is_err() || (0..r.columns()).any(|i| !r.field(i).trim_ascii().is_empty()) {
                return Ok(Some((line, taken)));
            }
        }
    }
}

fn not_a_header(name: &str, line: u64, why: Option<&str>) -> ImportError {
    let message = match why {
        Some(why) => tr!(
            "import.csv.not_a_header_because",
            why = why,
            hint = HEADER_HINT
        ),
        None => tr!("import.csv.not_a_header", hint = HEADER_HINT),
    };
    ImportError::invalid(name, Some(line), message)
}

fn missing_column(name: &str, line: u64, column: &str) -> ImportError {
    ImportError::invalid(
        name,
        Some(line),
        tr!(
            "import.csv.missing_column",
            column = column,
            hint = HEADER_HINT
        ),
    )
}

/// Checks one pair with the rules of the prompt and the command line ([`validate::key_id`],
/// [`validate::secret`]); `Ok` carries warnings. Messages never quote the secret.
fn check_pair(
    user: Option<&str>,
    id: &str,
    secret: &str,
    rules: validate::SecretRules,
) -> Result<Vec<String>, String> {
    if id.is_empty() && secret.is_empty() {
        return Err(match user {
            Some(u) => tr!(
                "import.csv.user_without_key",
                user = crate::text::visible(u)
            ),
            None => tr!("import.csv.pair_empty"),
        });
    }
    if secret.is_empty() {
        return Err(tr!("import.csv.secret_empty"));
    }
    if id.is_empty() {
        return Err(tr!("import.csv.key_id_empty"));
    }
    if let Err(e) = validate::key_id(id) {
        return Err(tr!("cli.key_id_error", error = e));
    }
    match validate::secret(secret, rules) {
        Ok(w) => Ok(w.iter().map(|w| w.to_string()).collect()),
        Err(e @ validate::SecretError::Length(_)) => {
            Err(tr!("import.csv.secret_length_hint", error = e))
        }
        Err(e) => Err(e.to_string()),
    }
}

/// A row as the TUI lists it: everything but the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvEntry {
    /// 1-based row number, as [`load`] and `seskey derive --row` take it.
    pub row: usize,
    /// 1-based line in the file.
    pub line: u64,
    /// The IAM user name (from the new-user CSV, else from a `USER_accessKeys.csv` file name).
    pub user_name: Option<String>,
    /// The access key ID, when the row is usable.
    pub access_key_id: Option<String>,
    /// Why the row cannot be used, for rows that cannot; `None` for usable rows.
    pub problem: Option<String>,
}

/// [`list_with`] the default (strict) [`validate::SecretRules`]: the wizard's import.
pub fn list(file: &SourceFile) -> Result<Vec<CsvEntry>, ImportError> {
    list_with(file, validate::SecretRules::default())
}

/// Lists the rows of a key CSV read whole, checked under `rules`. Fails only when the file
/// itself is unusable (no header); bad rows are listed with their [`CsvEntry::problem`].
pub fn list_with(
    file: &SourceFile,
    rules: validate::SecretRules,
) -> Result<Vec<CsvEntry>, ImportError> {
    let file_user = user_name_from_file_name(std::path::Path::new(file.name()));
    let mut reader = KeyReader::new(file.bytes(), file.name(), rules)?;
    let mut entries = Vec::new();
    // Each item is one row (a read failure ends the listing).
    let mut row = 0;
    while let Some(r) = reader.next_row() {
        row += 1;
        entries.push(match r {
            Ok(k) => CsvEntry {
                row: k.row,
                line: k.line,
                user_name: k
                    .user_name
                    .map(str::to_string)
                    .or_else(|| file_user.clone()),
                access_key_id: Some(k.access_key_id.to_string()),
                problem: None,
            },
            Err(e) if e.kind == super::ErrorKind::Invalid => CsvEntry {
                row,
                line: e.line.unwrap_or(0),
                user_name: None,
                access_key_id: None,
                problem: Some(e.message),
            },
            Err(e) => return Err(e),
        });
    }
    Ok(entries)
}

/// [`load_with`] the default (strict) [`validate::SecretRules`]: the wizard's import.
pub fn load(file: &SourceFile, row: usize) -> Result<Imported, ImportError> {
    load_with(file, row, validate::SecretRules::default())
}

/// Loads row `row` (1-based, as [`list`] numbers them) of a key CSV read whole, checked under
/// `rules`.
pub fn load_with(
    file: &SourceFile,
    row: usize,
    rules: validate::SecretRules,
) -> Result<Imported, ImportError> {
    let file_user = user_name_from_file_name(std::path::Path::new(file.name()));
    let mut reader = KeyReader::new(file.bytes(), file.name(), rules)?;
    let mut last = 0;
    while let Some(r) = reader.next_row() {
        last += 1;
        if last != row {
            match r {
                Err(e) if e.kind == super::ErrorKind::Unreadable => return Err(e),
                _ => continue,
            }
        }
        let k = r?;
        let mut secret = SecretText::new();
        // A row is at most one page, so its secret fits one.
        secret.push_str(k.secret()).map_err(|_| {
            ImportError::invalid(file.name(), Some(k.line), t("import.csv.secret_too_long"))
        })?;
        return Ok(Imported {
            secret,
            access_key_id: Some(k.access_key_id.to_string()),
            user_name: k.user_name.map(str::to_string).or(file_user),
            origin: tr!(
                "import.csv.origin",
                file = file.name(),
                row = row,
                line = k.line
            ),
        });
    }
    Err(ImportError::invalid(
        file.name(),
        None,
        tr!("import.csv.no_such_row", row = row, last = last),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use zeroize::Zeroizing;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const ID: &str = "AKIAIOSFODNN7EXAMPLE";
    const STRICT: validate::SecretRules = validate::SecretRules {
        allow_nonstandard_length: false,
    };

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile::from_bytes(name, Zeroizing::new(text.as_bytes().to_vec()))
    }

    type Row = (u64, Option<String>, String, String);

    fn rows(text: &str) -> Vec<Result<Row, String>> {
        let mut r = KeyReader::new(text.as_bytes(), "t.csv", STRICT).unwrap();
        let mut out = Vec::new();
        while let Some(row) = r.next_row() {
            out.push(
                row.map(|k| {
                    (
                        k.line,
                        k.user_name.map(str::to_string),
                        k.access_key_id.to_string(),
                        k.secret().to_string(),
                    )
                })
                .map_err(|e| e.to_string()),
            );
        }
        out
    }

    #[test]
    fn reads_the_access_key_csv_with_bom_and_crlf() {
        let got = rows(&format!(
            "\u{feff}Access key ID,Secret access key\r\n{ID},{SECRET}\r\n"
        ));
        assert_eq!(got, vec![Ok((2, None, ID.into(), SECRET.into()))]);
    }

    #[test]
    fn reads_the_user_csv_with_quotes_in_any_case_and_order() {
        let text = format!(
            "user name,PASSWORD,access KEY id,Secret Access Key,Console login link\n\
             \"smtp,user\",\"p,w\"\"d\",{ID},\"{SECRET}\",https://x.signin.aws.amazon.com/console\n\
             \n\
             \n\
             other,,{ID},{SECRET},\n"
        );
        let got = rows(&text);
        assert_eq!(
            got,
            vec![
                Ok((2, Some("smtp,user".into()), ID.into(), SECRET.into())),
                Ok((5, Some("other".into()), ID.into(), SECRET.into())),
            ]
        );
    }

    #[test]
    fn a_quoted_field_spanning_lines_keeps_line_numbers_right() {
        let text = format!(
            "User name,Access key ID,Secret access key\n\"two\nlines\",{ID},{SECRET}\nb,{ID},\n"
        );
        let got = rows(&text);
        assert!(got[0].is_ok());
        assert_eq!(
            got[1],
            Err("t.csv, line 4: the secret access key is empty".into())
        );
    }

    #[test]
    fn header_problems_are_named_without_quoting_the_line() {
        let err = |t: &str| {
            KeyReader::new(t.as_bytes(), "t.csv", STRICT)
                .err()
                .unwrap()
                .to_string()
        };
        assert!(err("").contains("t.csv: the file is empty"));
        assert!(err("\n\n").contains("the file is empty"));
        let e = err(&format!("{ID},{SECRET}\n"));
        assert!(
            e.starts_with("t.csv, line 1: this is not a header line;"),
            "{e}"
        );
        assert!(e.contains("header line is missing"), "{e}");
        assert!(!e.contains(SECRET) && !e.contains(ID));
        assert!(err("Access key ID,Password\n").contains("no `Secret access key` column"));
        assert!(
            err("\n\nSecret access key\n").contains("line 3: the header has no `Access key ID`")
        );
        assert!(err("a,b\n").contains("not a header line"));
    }

    #[test]
    fn bad_rows_are_reported_and_skipped() {
        let text = format!(
            "Access key ID,Secret access key\n{ID}\n,{SECRET}\n{ID},wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE!\n \
             , \nASIAIOSFODNN7EXAMPLE,{SECRET}\n{ID},{SECRET}\n"
        );
        let got = rows(&text);
        let errs: Vec<String> = got.iter().filter_map(|r| r.clone().err()).collect();
        assert_eq!(errs.len(), 4, "{errs:?}");
        assert!(errs[0].contains("line 2: the row has 1 column(s)"));
        assert!(errs[1].contains("line 3: the access key ID is empty"));
        assert!(errs[2].contains("line 4: character 40 of the secret access key is '!'"));
        assert!(errs[3].contains("line 6: access key ID: this is a temporary"));
        assert!(errs.iter().all(|e| !e.contains("wJalr")));
        assert_eq!(got[4], Ok((7, None, ID.into(), SECRET.into())));
    }

    #[test]
    fn an_oversize_row_is_refused_and_the_next_one_read() {
        let text = format!(
            "Access key ID,Secret access key\n{ID},{}\n{ID},{SECRET}\n",
            "a".repeat(10_000)
        );
        let got = rows(&text);
        assert!(
            got[0]
                .as_ref()
                .unwrap_err()
                .contains("line 2: the row is longer")
        );
        assert_eq!(got[1], Ok((3, None, ID.into(), SECRET.into())));
    }

    #[test]
    fn rows_longer_than_the_input_page_still_parse() {
        // Rows straddle the 4 KiB chunk boundary many times over.
        let mut text = String::from("Access key ID,Secret access key,Note\n");
        for i in 0..500 {
            text.push_str(&format!("{ID},{SECRET},\"{}\"\n", "x,".repeat(i % 40)));
        }
        let got = rows(&text);
        assert_eq!(got.len(), 500);
        assert!(got.iter().all(|r| r.as_ref().is_ok_and(|r| r.3 == SECRET)));
        assert_eq!(got[499].as_ref().unwrap().0, 501);
    }

    #[test]
    fn list_shows_no_secret_and_load_takes_one_row() {
        let f = file(
            "/tmp/ses_accessKeys.csv",
            &format!("Access key ID,Secret access key\n{ID},{SECRET}\n,\n{ID},\n"),
        );
        let entries = list(&f).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].access_key_id.as_deref(), Some(ID));
        assert_eq!(entries[0].user_name.as_deref(), Some("ses"));
        assert_eq!(entries[1].row, 2);
        assert_eq!(entries[1].line, 4);
        assert!(entries[1].problem.as_deref().unwrap().contains("empty"));
        assert!(!format!("{entries:?}").contains(SECRET));
        let got = load(&f, 1).unwrap();
        assert_eq!(got.secret.expose(), SECRET);
        assert_eq!(got.origin, "/tmp/ses_accessKeys.csv, row 1 (line 2)");
        assert!(load(&f, 2).unwrap_err().to_string().contains("line 4"));
        assert!(
            load(&f, 3)
                .unwrap_err()
                .to_string()
                .contains("no row 3: the file has 2")
        );
    }

    #[test]
    fn duplicate_key_columns_are_refused_and_wide_headers_read() {
        let err = |t: &str| {
            KeyReader::new(t.as_bytes(), "t.csv", STRICT)
                .err()
                .unwrap()
                .to_string()
        };
        let e = err(&format!(
            "Access key ID,Secret access key,secret_access_key\n{ID},{SECRET},{SECRET}\n"
        ));
        assert!(
            e.contains("line 1: the header has two `Secret access key` columns (columns 2 and 3)"),
            "{e}"
        );
        assert!(
            err("Access key ID,access key id,Secret access key\n").contains("two `Access key ID`")
        );
        // 72 columns, the keys among them.
        let mut header: Vec<String> = (0..70).map(|i| format!("Extra {i}")).collect();
        header.insert(30, "Access key ID".into());
        header.insert(50, "Secret access key".into());
        let mut row = vec![String::new(); 72];
        row[30] = ID.into();
        row[50] = SECRET.into();
        let got = rows(&format!("{}\n{}\n", header.join(","), row.join(",")));
        assert_eq!(got, vec![Ok((2, None, ID.into(), SECRET.into()))]);
        let e = err(&format!("{}\n", "x,".repeat(MAX_COLUMNS + 1)));
        assert!(e.contains("more than 1024 columns"), "{e}");
    }

    #[test]
    fn rows_are_checked_with_the_prompt_rules() {
        let pw = "BNSPZY0jlomEr4Z6voxNGBKDK4qcWk6/DsLPMg466vEX";
        let text = format!(
            "Access key ID,Secret access key\n{ID},{}\n{ID},w\n{ID},{pw}\nAKIA123,{SECRET}\n",
            &SECRET[..39]
        );
        let strict = rows(&text);
        assert!(strict.iter().all(Result::is_err), "{strict:?}");
        let msgs: Vec<String> = strict.into_iter().map(Result::unwrap_err).collect();
        assert!(msgs[0].contains("39 characters") && msgs[0].contains("--allow-nonstandard"));
        assert!(msgs[1].contains("only 1 characters"), "{}", msgs[1]);
        assert!(msgs[2].contains("SMTP password"), "{}", msgs[2]);
        assert!(msgs[3].contains("AKIA followed by 16"), "{}", msgs[3]);
        let lenient = validate::SecretRules {
            allow_nonstandard_length: true,
        };
        let mut r = KeyReader::new(text.as_bytes(), "t.csv", lenient).unwrap();
        let first = r.next_row().unwrap().unwrap();
        assert_eq!(first.warnings.len(), 1);
        assert!(first.warnings[0].contains("39 characters"));
        assert!((0..3).all(|_| r.next_row().unwrap().is_err()));
    }
}
