//! The import overlay (Ctrl-O on steps 1 and 2): takes the access key ID and the secret access
//! key from `~/.aws/credentials`, the environment or an IAM console CSV, instead of retyping them.
//!
//! Like the rest of the wizard, the decisions here are pure: a choice returns an
//! [`Effect::Import`] with a [`Job`], the runtime runs it ([`jobs::execute`]: reading files,
//! listing, loading) and feeds the outcome back as an [`ImportEvent`]. A loaded secret travels
//! inside the event by move, in its locked page, and goes through the same confirmation as a
//! typed one: only the [`crate::derive::Deriver`] is kept. The file read for a listing
//! ([`SourceFile`], wiped on drop) is kept only while the user picks from it.

pub mod jobs;

use zeroize::Zeroize;

use crate::import::credentials::ProfileEntry;
use crate::import::csv::CsvEntry;
use crate::import::{Imported, SourceFile};
use crate::tr;
use crate::tui::app::{App, Step, Tone};
use crate::tui::fields::{self, Edit, Refusal};
use crate::tui::update::{Effect, confirm, edited, status};
use crate::validate;

/// Longest CSV path accepted in the field.
pub const MAX_PATH: usize = 1024;

/// A place a key can come from, as listed on the overlay's first screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The AWS shared credentials file.
    Credentials,
    /// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (listed only when the secret is set).
    Env,
    /// An IAM console CSV at a typed path.
    Csv,
}

/// Which list the overlay shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The sources.
    Sources,
    /// The profiles of the credentials file.
    Profiles,
    /// The rows of a CSV file.
    Rows,
}

/// Work for the runtime. The inputs (path, profile, row) are read from the state when it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Find the credentials file and count its profiles; see whether the variables are set.
    Scan,
    /// Read and list the credentials file.
    ListCredentials,
    /// Read and list the CSV file at [`ImportState::csv_path`].
    ListCsv,
    /// Load the selected profile or row from [`ImportState::file`].
    LoadSelected,
    /// Load the key from the environment.
    LoadEnv,
}

/// How many profiles the credentials file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileCount {
    /// Every profile.
    pub total: usize,
    /// Those holding a long-term key.
    pub usable: usize,
}

/// What [`Job::Scan`] found. Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    /// The credentials file, as shown (`~/.aws/credentials`).
    pub credentials_path: String,
    /// Its profile count, or why it cannot be read.
    pub credentials: Result<ProfileCount, String>,
    /// `Some` when `AWS_SECRET_ACCESS_KEY` is set, with `AWS_ACCESS_KEY_ID` when that is.
    pub env: Option<Option<String>>,
}

/// What a listing found (never a secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing {
    /// The profiles of a credentials file.
    Profiles(Vec<ProfileEntry>),
    /// The rows of a CSV file.
    Rows(Vec<CsvEntry>),
}

/// A file read and listed, to pick from.
#[derive(Debug)]
pub struct Listed {
    /// The file's bytes (wiped on drop), for the load that follows the pick.
    pub file: SourceFile,
    /// The file's name as shown (`~` for the home folder).
    pub shown_name: String,
    /// What it holds.
    pub listing: Listing,
}

/// The outcome of a [`Job`], fed back to [`crate::tui::update::update`]. Errors are messages
/// for people (an [`crate::import::ImportError`] displayed), never holding a secret.
#[derive(Debug)]
pub enum ImportEvent {
    /// [`Job::Scan`] finished.
    Scanned(Scan),
    /// [`Job::ListCredentials`] or [`Job::ListCsv`] finished.
    Listed(Result<Listed, String>),
    /// [`Job::LoadSelected`] or [`Job::LoadEnv`] finished: the key pair, moved in.
    Loaded(Result<Imported, String>),
}

/// The overlay's state; `None` in [`App::import`] when it is closed (dropping it wipes the file).
#[derive(Debug)]
pub struct ImportState {
    /// The list on screen.
    pub screen: Screen,
    /// The source selected on [`Screen::Sources`].
    pub source: Source,
    /// The selected line on [`Screen::Profiles`] or [`Screen::Rows`].
    pub selected: usize,
    /// The typed CSV path (not secret).
    pub csv_path: String,
    /// The path was wiped for key material: key characters are dropped for now
    /// ([`fields::path_key`]).
    pub path_quiet: bool,
    /// What the scan found; `None` until it comes back.
    pub scan: Option<Scan>,
    /// The file being picked from, while a listing is on screen.
    pub file: Option<SourceFile>,
    /// Its name as shown.
    pub file_name: String,
    /// The profiles listed.
    pub profiles: Vec<ProfileEntry>,
    /// The CSV rows listed.
    pub rows: Vec<CsvEntry>,
    /// The job the overlay waits for (keys other than Esc wait too).
    pub waiting: Option<Job>,
    /// What went wrong last, shown until the next key.
    pub error: Option<String>,
}

impl ImportState {
    fn new() -> Self {
        Self {
            screen: Screen::Sources,
            source: Source::Credentials,
            selected: 0,
            csv_path: String::new(),
            path_quiet: false,
            scan: None,
            file: None,
            file_name: String::new(),
            profiles: Vec::new(),
            rows: Vec::new(),
            waiting: None,
            error: None,
        }
    }

    /// The sources offered, in order: the environment only when its secret is set.
    pub fn sources(&self) -> Vec<Source> {
        let env = self.scan.as_ref().is_some_and(|s| s.env.is_some());
        let mut v = vec![Source::Credentials];
        if env {
            v.push(Source::Env);
        }
        v.push(Source::Csv);
        v
    }

    /// Lines in the list on screen (0 on the sources screen).
    pub fn list_len(&self) -> usize {
        match self.screen {
            Screen::Sources => 0,
            Screen::Profiles => self.profiles.len(),
            Screen::Rows => self.rows.len(),
        }
    }

    /// Why the selected profile or row cannot be used, if it cannot.
    fn selected_problem(&self) -> Option<String> {
        match self.screen {
            Screen::Sources => None,
            Screen::Profiles => self.profiles.get(self.selected).and_then(|p| {
                p.problem.as_ref().map(|why| {
                    // The problems of the import module name the profile already.
                    if why.contains(&format!("\"{}\"", p.name)) {
                        why.clone()
                    } else {
                        tr!("tui.import.profile_problem", name = p.name, why = why)
                    }
                })
            }),
            Screen::Rows => self.rows.get(self.selected).and_then(|r| {
                r.problem.as_ref().map(|why| {
                    tr!(
                        "tui.import.row_problem",
                        row = r.row,
                        line = r.line,
                        why = why
                    )
                })
            }),
        }
    }

    /// Back to the sources; the file picked from is wiped.
    fn back_to_sources(&mut self) {
        self.screen = Screen::Sources;
        self.file = None;
        self.profiles.clear();
        self.rows.clear();
        self.selected = 0;
    }
}

/// Ctrl-O: opens the overlay (steps 1 and 2 only) and asks for the scan.
pub fn open(app: &mut App) -> Option<Vec<Effect>> {
    if !matches!(app.step, Step::AccessKeyId | Step::Secret) || app.help {
        return None;
    }
    app.import = Some(ImportState::new());
    Some(vec![Effect::Import(Job::Scan)])
}

/// Closes the overlay; a load still running is dropped when it lands.
pub fn close(app: &mut App) {
    if let Some(mut st) = app.import.take() {
        st.csv_path.zeroize();
    }
}

/// A key while the overlay is open (`None`: nothing changed).
pub fn on_key(app: &mut App, k: crate::tui::event::Key) -> Option<Vec<Effect>> {
    use crate::tui::event::Key;
    if k == Key::Esc {
        close(app);
        return Some(vec![]);
    }
    let st = app.import.as_mut()?;
    if st.waiting.is_some() {
        return None;
    }
    let had_error = st.error.take().is_some();
    let fx = match st.screen {
        Screen::Sources => sources_key(st, k),
        Screen::Profiles | Screen::Rows => list_key(st, k, app.list_rows.get()),
    };
    match fx {
        None if had_error => Some(vec![]),
        fx => fx,
    }
}

fn sources_key(st: &mut ImportState, k: crate::tui::event::Key) -> Option<Vec<Effect>> {
    use crate::tui::event::Key;
    let sources = st.sources();
    let at = sources.iter().position(|&s| s == st.source).unwrap_or(0);
    match k {
        Key::Up => st.source = sources[at.checked_sub(1)?],
        Key::Down => st.source = *sources.get(at + 1)?,
        Key::Home => st.source = sources[0],
        Key::End => st.source = *sources.last()?,
        Key::Enter => return Some(pick_source(st)),
        Key::Char(_) => {
            st.source = Source::Csv;
            return path_key(st, k);
        }
        Key::Backspace | Key::Ctrl('u') if st.source == Source::Csv => return path_key(st, k),
        _ => return None,
    }
    Some(vec![])
}

/// A key on the CSV path: the field's rule is [`fields::path_key`].
fn path_key(st: &mut ImportState, k: crate::tui::event::Key) -> Option<Vec<Effect>> {
    match fields::path_key(&mut st.csv_path, &mut st.path_quiet, k, MAX_PATH)? {
        Edit::Changed => {}
        Edit::Refused(Refusal::KeyMaterial) => st.error = Some(tr!("tui.import.path_not_key")),
        Edit::Refused(_) => st.error = Some(tr!("tui.import.path_too_long")),
    }
    Some(vec![])
}

fn pick_source(st: &mut ImportState) -> Vec<Effect> {
    let job = match st.source {
        Source::Credentials => Job::ListCredentials,
        Source::Env => Job::LoadEnv,
        Source::Csv if st.csv_path.trim().is_empty() => {
            st.error = Some(tr!("tui.import.path_first"));
            return vec![];
        }
        Source::Csv => Job::ListCsv,
    };
    st.waiting = Some(job);
    vec![Effect::Import(job)]
}

fn list_key(st: &mut ImportState, k: crate::tui::event::Key, rows: u16) -> Option<Vec<Effect>> {
    use crate::tui::event::Key;
    if let Some(sel) = fields::list_move(Some(st.selected), st.list_len(), k, rows) {
        st.selected = sel;
        return Some(vec![]);
    }
    match k {
        Key::Up | Key::Down | Key::PageUp | Key::PageDown | Key::Home | Key::End => None,
        Key::Enter => {
            if let Some(why) = st.selected_problem() {
                st.error = Some(why);
                return Some(vec![]);
            }
            st.waiting = Some(Job::LoadSelected);
            Some(vec![Effect::Import(Job::LoadSelected)])
        }
        Key::Left | Key::Backspace => {
            st.back_to_sources();
            Some(vec![])
        }
        _ => None,
    }
}

/// A paste while the overlay is open: it goes to the CSV path.
pub fn on_paste(app: &mut App, text: &str) -> Option<Vec<Effect>> {
    let st = app.import.as_mut()?;
    if st.waiting.is_some() || st.screen != Screen::Sources {
        return None;
    }
    let t = text.trim();
    // Keep a secret pasted into the wrong field out of the plain-text path.
    if fields::pasted_key_material(t) {
        st.error = Some(tr!("tui.import.secret_not_pasted"));
        return Some(vec![]);
    }
    if t.chars().any(char::is_control) || st.csv_path.chars().count() + t.chars().count() > MAX_PATH
    {
        st.error = Some(tr!("tui.import.not_a_path"));
        return Some(vec![]);
    }
    st.error = None;
    st.source = Source::Csv;
    st.path_quiet = false;
    st.csv_path.push_str(t);
    Some(vec![])
}

/// The outcome of a job (`None`: ignored, e.g. the overlay was closed meanwhile; a late key
/// pair is dropped, which wipes it).
pub fn on_event(app: &mut App, ev: ImportEvent) -> Option<Vec<Effect>> {
    let st = app.import.as_mut()?;
    match ev {
        ImportEvent::Scanned(scan) => {
            st.scan = Some(scan);
            if !st.sources().contains(&st.source) {
                st.source = Source::Credentials;
            }
            Some(vec![])
        }
        ImportEvent::Listed(result) => {
            if !matches!(st.waiting, Some(Job::ListCredentials | Job::ListCsv)) {
                return None;
            }
            st.waiting = None;
            match result {
                Err(msg) => st.error = Some(msg),
                Ok(listed) => return Some(show_listing(st, listed)),
            }
            Some(vec![])
        }
        ImportEvent::Loaded(result) => {
            if !matches!(st.waiting, Some(Job::LoadSelected | Job::LoadEnv)) {
                return None;
            }
            st.waiting = None;
            match result {
                Err(msg) => st.error = Some(msg),
                Ok(imported) => apply(app, imported),
            }
            Some(vec![])
        }
    }
}

fn show_listing(st: &mut ImportState, listed: Listed) -> Vec<Effect> {
    let Listed {
        file,
        shown_name,
        listing,
    } = listed;
    let (screen, usable, empty) = match listing {
        Listing::Profiles(p) => {
            let usable: Vec<bool> = p.iter().map(|e| e.problem.is_none()).collect();
            st.profiles = p;
            let empty = tr!("tui.import.no_profile", file = shown_name);
            (Screen::Profiles, usable, empty)
        }
        Listing::Rows(r) => {
            let usable: Vec<bool> = r.iter().map(|e| e.problem.is_none()).collect();
            st.rows = r;
            let empty = tr!("tui.import.no_row", file = shown_name);
            (Screen::Rows, usable, empty)
        }
    };
    if usable.is_empty() {
        st.error = Some(empty);
        st.back_to_sources();
        return vec![];
    }
    st.screen = screen;
    st.file = Some(file);
    st.file_name = shown_name;
    st.selected = usable.iter().position(|&u| u).unwrap_or(0);
    // A CSV with one usable row and nothing else: nothing to pick, take it.
    if screen == Screen::Rows && usable == [true] {
        st.waiting = Some(Job::LoadSelected);
        return vec![Effect::Import(Job::LoadSelected)];
    }
    vec![]
}

/// Checks the pair like steps 1 and 2 would, then fills both and confirms the secret exactly as
/// Enter on step 2 does. A pair that would be refused stays out of the fields (and is wiped);
/// the overlay says why.
fn apply(app: &mut App, imported: Imported) {
    let Imported {
        secret,
        access_key_id,
        user_name,
        origin,
    } = imported;
    let id = access_key_id.unwrap_or_default();
    let refused = if !fields::key_id_fits(&id) {
        Some(tr!("tui.import.key_id_too_long", origin = origin))
    } else if let Err(e) = validate::key_id(&id) {
        Some(tr!("tui.import.bad_key_id", origin = origin, error = e))
    } else if let Err(e) = validate::secret(secret.expose(), validate::SecretRules::default()) {
        Some(tr!("tui.import.bad_secret", origin = origin, error = e))
    } else {
        None
    };
    if let Some(why) = refused {
        if let Some(st) = app.import.as_mut() {
            st.error = Some(why);
        }
        return;
    }
    close(app);
    edited(app, Step::AccessKeyId);
    app.key_id.zeroize();
    app.key_id.push_str(&id);
    // The previous field content (typed, unconfirmed) is wiped as it is dropped.
    app.secret = secret;
    app.reveal_secret = false;
    app.step = Step::Secret;
    app.reached = Step::Secret;
    confirm(app);
    let text = if id.is_empty() {
        tr!("tui.import.done_no_key_id", origin = origin)
    } else {
        tr!("tui.import.done", origin = origin)
    };
    status(app, Tone::Success, &text);
    app.origin = Some(origin);
    app.iam_user = user_name.and_then(|n| shown_user_name(&n));
}

/// A user name from a file, fit to show: no control characters (escape sequences), at most 64
/// characters, and never anything shaped like key material (a secret in the wrong column).
fn shown_user_name(name: &str) -> Option<String> {
    let name: String = name
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(64)
        .collect();
    (!name.is_empty() && !validate::looks_like_key_material(&name)).then_some(name)
}

#[cfg(test)]
mod tests;
