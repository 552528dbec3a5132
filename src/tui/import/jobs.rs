//! The import overlay's I/O, run by the runtime: reading and listing files on a worker thread
//! (a path may name a FIFO or a slow mount, and the wizard must stay responsive), loading the
//! picked entry from the file already in memory.

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::{ImportEvent, Job, Listed, Listing, ProfileCount, Scan, Screen};
use crate::i18n::with_lang;
use crate::import::{Imported, SourceFile, credentials, csv, env};
use crate::tr;
use crate::tui::app::App;

/// Runs `job` with the inputs it needs from `app`; `send` gets the outcome (from a worker
/// thread for file reads, right away otherwise).
pub fn execute(job: Job, app: &App, send: impl FnOnce(ImportEvent) + Send + 'static) {
    let Some(st) = &app.import else {
        return;
    };
    let home = home();
    // Messages made on a worker are worded in the wizard's language.
    let lang = crate::i18n::current();
    match job {
        Job::Scan => {
            std::thread::spawn(move || {
                send(with_lang(lang, || {
                    ImportEvent::Scanned(scan(home.as_deref()))
                }))
            });
        }
        Job::ListCredentials => {
            std::thread::spawn(move || {
                let listed = with_lang(lang, || list_credentials(home.as_deref()));
                send(ImportEvent::Listed(listed))
            });
        }
        Job::ListCsv => {
            let path = expand_path(&st.csv_path, home.as_deref());
            std::thread::spawn(move || {
                let listed = with_lang(lang, || list_csv(&path, home.as_deref()));
                send(ImportEvent::Listed(listed))
            });
        }
        Job::LoadSelected => {
            let result = match (&st.file, st.screen) {
                (Some(file), Screen::Profiles) => match st.profiles.get(st.selected) {
                    Some(p) => credentials::load(file, &p.name).map_err(|e| e.to_string()),
                    None => Err(tr!("tui.import.no_profile_selected")),
                },
                (Some(file), Screen::Rows) => match st.rows.get(st.selected) {
                    Some(r) => csv::load(file, r.row).map_err(|e| e.to_string()),
                    None => Err(tr!("tui.import.no_row_selected")),
                },
                _ => Err(tr!("tui.import.nothing_selected")),
            };
            let name = st.file.as_ref().map(|f| f.name().to_string());
            send(ImportEvent::Loaded(shorten_result(
                result,
                name.as_deref(),
                &st.file_name,
            )));
        }
        Job::LoadEnv => {
            // The variable is not wiped from the environment here (`env::forget_secret`):
            // that needs no other thread touching the environment, which the wizard's workers
            // cannot promise. It stays where it was since the process started.
            send(ImportEvent::Loaded(env::load().map_err(|e| e.to_string())));
        }
    }
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// Finds the credentials file and counts its profiles; notes the environment variables.
pub fn scan(home: Option<&Path>) -> Scan {
    let (credentials_path, credentials) = match credentials::default_path() {
        Err(e) => ("~/.aws/credentials".to_string(), Err(e.message)),
        Ok(path) => {
            let shown = shown_name(&path, home);
            let count = SourceFile::read(&path)
                .map(|f| {
                    let list = credentials::list(&f);
                    ProfileCount {
                        total: list.len(),
                        usable: list.iter().filter(|p| p.problem.is_none()).count(),
                    }
                })
                .map_err(|e| e.message);
            (shown, count)
        }
    };
    // std hands out a copy of the secret: wiped as soon as its presence is known.
    let secret_set = std::env::var_os(env::SECRET_VAR)
        .map(|v| Zeroizing::new(v.into_encoded_bytes()))
        .is_some_and(|v| !v.trim_ascii().is_empty());
    let env = secret_set.then(|| {
        std::env::var(env::KEY_ID_VAR)
            .ok()
            .filter(|v| !v.trim().is_empty())
    });
    Scan {
        credentials_path,
        credentials,
        env,
    }
}

/// Reads and lists the credentials file.
pub fn list_credentials(home: Option<&Path>) -> Result<Listed, String> {
    let path = credentials::default_path().map_err(|e| e.to_string())?;
    list_credentials_at(&path, home)
}

fn list_credentials_at(path: &Path, home: Option<&Path>) -> Result<Listed, String> {
    let shown = shown_name(path, home);
    let file = SourceFile::read(path).map_err(|e| shorten(&e.to_string(), path, &shown))?;
    Ok(Listed {
        listing: Listing::Profiles(credentials::list(&file)),
        file,
        shown_name: shown,
    })
}

/// Reads and lists a CSV file.
pub fn list_csv(path: &Path, home: Option<&Path>) -> Result<Listed, String> {
    let shown = shown_name(path, home);
    let file = SourceFile::read(path).map_err(|e| shorten(&e.to_string(), path, &shown))?;
    let rows = csv::list(&file).map_err(|e| shorten(&e.to_string(), path, &shown))?;
    Ok(Listed {
        listing: Listing::Rows(rows),
        file,
        shown_name: shown,
    })
}

/// The typed or pasted path as a file path: trimmed, surrounding quotes and a `file://` prefix
/// (what file managers paste) removed, and `~` or `~/…` expanded to the home folder.
pub fn expand_path(typed: &str, home: Option<&Path>) -> PathBuf {
    let mut t = typed.trim();
    for q in ['\'', '"'] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            t = &t[1..t.len() - 1];
        }
    }
    let t = t.strip_prefix("file://").unwrap_or(t);
    match (t, home) {
        ("~", Some(h)) => h.to_path_buf(),
        (t, Some(h)) if t.starts_with("~/") => h.join(&t[2..]),
        (t, _) => PathBuf::from(t),
    }
}

/// `path` as shown to people: the home folder as `~`.
pub fn shown_name(path: &Path, home: Option<&Path>) -> String {
    match home.and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) if rest.as_os_str().is_empty() => "~".into(),
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}

/// `text` with the full file name replaced by its shown name.
fn shorten(text: &str, path: &Path, shown: &str) -> String {
    text.replace(&path.display().to_string(), shown)
}

fn shorten_result(
    r: Result<Imported, String>,
    full: Option<&str>,
    shown: &str,
) -> Result<Imported, String> {
    let Some(full) = full.filter(|f| !f.is_empty() && !shown.is_empty()) else {
        return r;
    };
    match r {
        Ok(mut imp) => {
            imp.origin = imp.origin.replace(full, shown);
            Ok(imp)
        }
        Err(e) => Err(e.replace(full, shown)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/import")
            .join(name)
    }

    #[test]
    fn paths_expand_and_shorten() {
        let home = Path::new("/home/me");
        assert_eq!(
            expand_path(" ~/Downloads/k.csv\n", Some(home)),
            Path::new("/home/me/Downloads/k.csv")
        );
        assert_eq!(expand_path("~", Some(home)), home);
        assert_eq!(
            expand_path("'/tmp/a b.csv'", Some(home)),
            Path::new("/tmp/a b.csv")
        );
        assert_eq!(
            expand_path("file:///tmp/k.csv", None),
            Path::new("/tmp/k.csv")
        );
        assert_eq!(expand_path("~/k.csv", None), Path::new("~/k.csv"));
        assert_eq!(
            expand_path("~bob/k.csv", Some(home)),
            Path::new("~bob/k.csv")
        );
        assert_eq!(
            shown_name(Path::new("/home/me/.aws/credentials"), Some(home)),
            "~/.aws/credentials"
        );
        assert_eq!(shown_name(Path::new("/etc/x"), Some(home)), "/etc/x");
        assert_eq!(shown_name(Path::new("rel.csv"), None), "rel.csv");
    }

    #[test]
    fn csv_listing_and_errors_name_the_file_as_shown() {
        let dir = data("");
        let listed = list_csv(&data("user-credentials.csv"), Some(&dir)).unwrap();
        assert_eq!(listed.shown_name, "~/user-credentials.csv");
        let Listing::Rows(rows) = &listed.listing else {
            panic!("rows expected")
        };
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].user_name.as_deref(), Some("bob"));
        let e = list_csv(&data("missing.csv"), Some(&dir)).err().unwrap();
        assert_eq!(e, "~/missing.csv: cannot open the file: no such file");
        let e = list_csv(&data("no-header.csv"), None).err().unwrap();
        assert!(e.contains("no-header.csv"), "{e}");
    }

    #[test]
    fn credentials_listing_never_holds_a_secret() {
        let home = data("");
        let listed = list_credentials_at(&data("credentials"), Some(&home)).unwrap();
        assert_eq!(listed.shown_name, "~/credentials");
        let Listing::Profiles(p) = &listed.listing else {
            panic!("profiles expected")
        };
        let names: Vec<&str> = p.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "default",
                "ses-smtp",
                "session",
                "process",
                "sso",
                "empty-secret"
            ]
        );
        let shown = format!("{:?}", listed.listing);
        assert!(!shown.contains("6OMByx") && !shown.contains("vaHYdK"));
        let e = list_credentials_at(&data("nope"), Some(&home))
            .err()
            .unwrap();
        assert_eq!(e, "~/nope: cannot open the file: no such file");
    }

    #[test]
    fn loading_the_selected_row_shortens_the_origin() {
        let home = data("");
        let listed = list_csv(&data("user-credentials.csv"), Some(&home)).unwrap();
        let mut app = App::new(None);
        let mut st = super::super::ImportState::new();
        let Listing::Rows(rows) = listed.listing else {
            unreachable!()
        };
        st.rows = rows;
        st.file = Some(listed.file);
        st.file_name = listed.shown_name;
        st.screen = Screen::Rows;
        st.selected = 2;
        app.import = Some(st);
        let (tx, rx) = std::sync::mpsc::channel();
        execute(Job::LoadSelected, &app, move |ev| tx.send(ev).unwrap());
        let ImportEvent::Loaded(Ok(imp)) = rx.recv().unwrap() else {
            panic!("a loaded key expected")
        };
        assert_eq!(imp.origin, "~/user-credentials.csv, row 3 (line 4)");
        assert_eq!(imp.access_key_id.as_deref(), Some("AKIAIOSFODNN7EXAMPL3"));
        assert_eq!(
            imp.secret.expose(),
            "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"
        );
    }
}
