//! The AWS shared credentials file (`~/.aws/credentials`, or `AWS_SHARED_CREDENTIALS_FILE`).
//!
//! The INI format is read by hand, not with an INI crate: those copy every value (secrets
//! included) into `String`s and maps that are never wiped. This scanner only borrows slices of
//! the caller's wiped buffer and copies the one secret asked for into a locked page. It follows
//! what the AWS CLI accepts: `[name]` sections, `key = value` lines, `#`/`;` comment lines,
//! indented lines continuing the previous value (ignored here).

use crate::i18n::t;
use crate::tr;
use std::path::PathBuf;

use super::{ImportError, Imported, SourceFile};
use crate::secret::SecretText;

/// One `key = value` line.
struct Entry<'a> {
    key: &'a str,
    value: &'a [u8],
    line: u64,
}

/// One profile, possibly gathered from several sections of the same name.
struct Section<'a> {
    name: String,
    line: u64,
    entries: Vec<Entry<'a>>,
}

impl<'a> Section<'a> {
    /// The last entry for `key` (later lines win, as in the AWS CLI).
    fn get(&self, key: &str) -> Option<&Entry<'a>> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.key.eq_ignore_ascii_case(key))
    }
}

/// Profile names listed in a message before the rest are only counted.
const LIST_MAX: usize = 20;

fn sections(bytes: &[u8]) -> Vec<Section<'_>> {
    // An editor's UTF-8 BOM is not part of the first line (`[default]`).
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut out: Vec<Section<'_>> = Vec::new();
    // Name -> index in `out`: sections of the same name merge, found in constant time (a
    // search through `out` made 700 000 sections take minutes).
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut current: Option<usize> = None;
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = i as u64 + 1;
        let indented = raw.first().is_some_and(|b| b.is_ascii_whitespace());
        let text = raw.trim_ascii();
        if text.is_empty() || text[0] == b'#' || text[0] == b';' || indented {
            continue;
        }
        if text[0] == b'[' {
            let Some(name) = text.strip_prefix(b"[").and_then(|t| t.strip_suffix(b"]")) else {
                current = None;
                continue;
            };
            let name = String::from_utf8_lossy(name.trim_ascii()).into_owned();
            let next = out.len();
            let idx = *index.entry(name.clone()).or_insert(next);
            if idx == next {
                out.push(Section {
                    name,
                    line,
                    entries: Vec::new(),
                });
            }
            current = Some(idx);
            continue;
        }
        let (Some(idx), Some(eq)) = (current, text.iter().position(|&b| b == b'=')) else {
            continue;
        };
        let Ok(key) = std::str::from_utf8(text[..eq].trim_ascii()) else {
            continue;
        };
        out[idx].entries.push(Entry {
            key,
            value: text[eq + 1..].trim_ascii(),
            line,
        });
    }
    out
}

/// Why a profile cannot give a key for SES SMTP, and the line to point at.
fn problem(s: &Section<'_>) -> Option<(u64, String)> {
    let name = &crate::text::visible(&s.name);
    if let Some(e) = s.get("aws_session_token") {
        return Some((e.line, tr!("import.profile.session_token", name = name)));
    }
    if let Some(e) = s.get("aws_security_token") {
        return Some((e.line, tr!("import.profile.security_token", name = name)));
    }
    if let Some(e) = s.get("credential_process") {
        return Some((
            e.line,
            tr!("import.profile.credential_process", name = name),
        ));
    }
    if let Some(e) = s.entries.iter().find(|e| {
        e.key.len() > 4 && e.key[..4].eq_ignore_ascii_case("sso_") && e.key.is_char_boundary(4)
    }) {
        return Some((
            e.line,
            tr!("import.profile.sso", name = name, setting = e.key),
        ));
    }
    if let Some(e) = s.get("role_arn") {
        return Some((e.line, tr!("import.profile.role", name = name)));
    }
    match s.get("aws_secret_access_key") {
        None => Some((s.line, tr!("import.profile.no_secret", name = name))),
        Some(e) if e.value.is_empty() => {
            Some((e.line, tr!("import.profile.secret_empty", name = name)))
        }
        Some(e) if std::str::from_utf8(e.value).is_err() => {
            Some((e.line, tr!("import.profile.secret_not_text", name = name)))
        }
        Some(_) => None,
    }
}

fn key_id(s: &Section<'_>) -> Option<String> {
    s.get("aws_access_key_id")
        .map(|e| String::from_utf8_lossy(e.value).into_owned())
        .filter(|v| !v.is_empty())
}

/// A profile as the TUI lists it: never its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileEntry {
    /// The profile name (`default`, `ses-smtp`, ...), as `--profile` takes it.
    pub name: String,
    /// 1-based line of its `[name]` header.
    pub line: u64,
    /// Its access key ID, if it has one.
    pub access_key_id: Option<String>,
    /// Why it cannot be used (temporary credentials, SSO, no secret...); `None` when usable.
    pub problem: Option<String>,
}

/// The credentials file to read: `AWS_SHARED_CREDENTIALS_FILE` when set, else
/// `~/.aws/credentials`, as the AWS CLI does.
pub fn default_path() -> Result<PathBuf, ImportError> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty());
    if let Some(p) = std::env::var_os("AWS_SHARED_CREDENTIALS_FILE").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return Ok(match (p.strip_prefix("~"), home) {
            (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
            _ => p,
        });
    }
    match home {
        Some(home) => Ok(PathBuf::from(home).join(".aws").join("credentials")),
        None => Err(ImportError::unreadable(
            "~/.aws/credentials",
            t("import.profile.no_home"),
        )),
    }
}

/// Lists the profiles of a credentials file, in file order, with why each cannot be used.
pub fn list(file: &SourceFile) -> Vec<ProfileEntry> {
    sections(file.bytes())
        .iter()
        .map(|s| ProfileEntry {
            name: s.name.clone(),
            line: s.line,
            access_key_id: key_id(s),
            problem: problem(s).map(|(_, m)| m),
        })
        .collect()
}

/// Loads profile `name` of a credentials file.
pub fn load(file: &SourceFile, name: &str) -> Result<Imported, ImportError> {
    let all = sections(file.bytes());
    let Some(s) = all.iter().find(|s| s.name == name) else {
        // Names from the file are shown, not acted on by the terminal, and at most LIST_MAX.
        let mut names: Vec<String> = all
            .iter()
            .take(LIST_MAX)
            .map(|s| crate::text::visible(&s.name).into_owned())
            .collect();
        if all.len() > LIST_MAX {
            names.push(tr!("import.profile.more", n = all.len() - LIST_MAX));
        }
        let hint = if names.is_empty() {
            t("import.profile.none").to_string()
        } else {
            tr!("import.profile.list", names = names.join(", "))
        };
        return Err(ImportError::invalid(
            file.name(),
            None,
            tr!(
                "import.profile.not_found",
                name = crate::text::visible(name),
                hint = hint
            ),
        ));
    };
    if let Some((line, message)) = problem(s) {
        return Err(ImportError::invalid(file.name(), Some(line), message));
    }
    let e = s.get("aws_secret_access_key").ok_or_else(|| {
        ImportError::invalid(file.name(), Some(s.line), t("import.profile.no_secret_key"))
    })?;
    let mut secret = SecretText::new();
    std::str::from_utf8(e.value)
        .ok()
        .and_then(|v| secret.push_str(v).ok())
        .ok_or_else(|| {
            ImportError::invalid(
                file.name(),
                Some(e.line),
                t("import.profile.secret_unusable"),
            )
        })?;
    Ok(Imported {
        secret,
        access_key_id: key_id(s),
        user_name: None,
        origin: tr!(
            "import.profile.origin",
            name = crate::text::visible(name),
            file = file.name()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use zeroize::Zeroizing;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    fn file(text: &str) -> SourceFile {
        SourceFile::from_bytes("creds", Zeroizing::new(text.as_bytes().to_vec()))
    }

    fn sample() -> SourceFile {
        file(&format!(
            "# comment\r\n[default]\r\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\r\n\
             aws_secret_access_key={SECRET}\r\n\n\
             [temp]\naws_access_key_id=ASIAIOSFODNN7EXAMPLE\naws_secret_access_key={SECRET}\n\
             aws_session_token = FwoGZXIvYXdzE\n\
             [proc]\ncredential_process = /usr/bin/get-creds\n\
             [sso]\nsso_start_url = https://x.awsapps.com/start\nsso_role_name = R\n\
             [role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = default\n\
             [nosecret]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n\
             [empty]\naws_secret_access_key =\n\
             [ default ]\nregion = eu-west-1\n"
        ))
    }

    #[test]
    fn lists_profiles_with_their_problems_and_no_secret() {
        let l = list(&sample());
        let names: Vec<&str> = l.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "default", "temp", "proc", "sso", "role", "nosecret", "empty"
            ]
        );
        assert_eq!(l[0].problem, None);
        assert_eq!(l[0].line, 2);
        assert_eq!(l[0].access_key_id.as_deref(), Some("AKIAIOSFODNN7EXAMPLE"));
        assert!(l[1..].iter().all(|p| p.problem.is_some()));
        assert!(!format!("{l:?}").contains(SECRET));
    }

    #[test]
    fn loads_a_long_term_profile() {
        let got = load(&sample(), "default").unwrap();
        assert_eq!(got.secret.expose(), SECRET);
        assert_eq!(got.access_key_id.as_deref(), Some("AKIAIOSFODNN7EXAMPLE"));
        assert_eq!(got.origin, "profile \"default\" in creds");
    }

    #[test]
    fn refuses_temporary_and_indirect_credentials_with_the_line() {
        let f = sample();
        let msg = |n: &str| load(&f, n).unwrap_err().to_string();
        assert!(msg("temp").starts_with("creds, line 9: profile \"temp\" holds aws_session_token"));
        assert!(
            msg("proc").contains("line 11: profile \"proc\" gets its keys from credential_process")
        );
        assert!(msg("sso").contains(
            "line 13: profile \"sso\" signs in with IAM Identity Center (SSO, sso_start_url)"
        ));
        assert!(msg("role").contains("assumes a role"));
        assert!(
            msg("nosecret").contains("line 18: profile \"nosecret\" has no aws_secret_access_key")
        );
        assert!(
            msg("empty").contains("line 21: profile \"empty\": aws_secret_access_key is empty")
        );
        let e = msg("nope");
        assert!(
            e.contains("there is no profile \"nope\"; its profiles are: default, temp"),
            "{e}"
        );
        assert!(
            ["temp", "proc", "sso", "nope"]
                .iter()
                .all(|n| !msg(n).contains(SECRET))
        );
        assert!(
            load(&file(""), "x")
                .unwrap_err()
                .to_string()
                .contains("holds no profile")
        );
    }

    #[test]
    fn a_bom_the_old_token_name_and_escapes_in_names() {
        let f = file(&format!(
            "\u{feff}[default]\naws_secret_access_key={SECRET}\n\
             [old]\naws_secret_access_key={SECRET}\naws_security_token=x\n\
             [\x1b]2;PWNED\x07]\naws_secret_access_key={SECRET}\n"
        ));
        assert_eq!(load(&f, "default").unwrap().secret.expose(), SECRET);
        let e = load(&f, "old").unwrap_err().to_string();
        assert!(
            e.contains("line 5: profile \"old\" holds aws_security_token"),
            "{e}"
        );
        let e = load(&f, "nope").unwrap_err().to_string();
        assert!(e.contains("default, old, \\u{1b}]2;PWNED\\u{7}"), "{e}");
        assert!(!e.contains('\x1b'));
    }

    #[test]
    fn many_sections_parse_in_linear_time_and_the_list_is_capped() {
        // 200 000 distinct sections: a search through the sections for each header makes 2e10
        // comparisons (minutes, and this test never ends); the index makes it 200 000 lookups.
        let mut text = String::with_capacity(2_000_000);
        for i in 0..200_000 {
            text.push_str(&format!("[p{i}]\nx=1\n"));
        }
        text.push_str("[p7]\nx=2\n");
        let all = sections(text.as_bytes());
        assert_eq!(all.len(), 200_000);
        assert_eq!(all[7].entries.len(), 2, "a repeated section merges");
        let e = load(&file(&text), "nope").unwrap_err().to_string();
        assert!(
            e.contains("p0, p1,") && e.contains("p19, … and 199980 more"),
            "{e}"
        );
        assert!(e.len() < 500);
    }
}
