//! Text from outside (arguments, file contents, user and profile names) made safe to show: key
//! material redacted, control characters made visible. Pure functions, shared by the command
//! line and anything else that prints such text.

use std::borrow::Cow;

/// What stands in for redacted key material.
pub const REDACTED: &str = "[redacted]";

/// Shortest run of key-alphabet characters treated as possible key material.
const MIN_RUN: usize = 16;

/// The base64 alphabet of secret access keys and SMTP passwords. Not `=`: neither has padding,
/// and `--option=VALUE` then keeps its option name.
fn is_key_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// Whether a run of key-alphabet characters could be a secret access key (or a part of one, or an
/// SMTP password): 16 or more characters that mix lower case with upper case or digits. Runs that
/// are only lower case (`/usr/local/bin/seskey`) or only upper case and digits with the length of
/// an AWS identifier (`AKIAIOSFODNN7EXAMPLE`) are left alone; they are paths, words and IDs,
/// which messages must keep showing.
fn is_key_material(run: &[u8]) -> bool {
    if run.len() < MIN_RUN {
        return false;
    }
    let lower = run.iter().any(u8::is_ascii_lowercase);
    let upper = run.iter().any(u8::is_ascii_uppercase);
    let digit = run.iter().any(u8::is_ascii_digit);
    if lower {
        upper || digit
    } else {
        // Secrets are mixed case; a long caseless run is still suspicious.
        run.len() > 24
    }
}

/// True when `s` holds a run of characters that could be key material (see [`redact`]).
pub fn holds_key_material(s: &str) -> bool {
    runs(s).any(|(a, b)| material_at(s, a, b))
}

/// Whether the run `s[a..b]` is key material, allowing an IAM or SES action name (`iam:` or
/// `ses:` then letters only, `iam:GetAccessKeyLastUsed`): messages name the denied action. A
/// secret has digits or `+`/`/` (all but never letters alone), so it stays redacted there.
fn material_at(s: &str, a: usize, b: usize) -> bool {
    let run = &s.as_bytes()[a..b];
    let action = (s[..a].ends_with("iam:") || s[..a].ends_with("ses:"))
        && run.iter().all(u8::is_ascii_alphabetic);
    !action && is_key_material(run)
}

fn runs(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && !is_key_char(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        while i < b.len() && is_key_char(b[i]) {
            i += 1;
        }
        Some((start, i))
    })
}

/// `text` with every run of 16 or more characters that could be key material replaced by
/// [`REDACTED`]. The one rule for every message seskey prints: whichever argument, option,
/// variable or file field a secret landed in, and however a message quotes it (trimmed, inside
/// a path, after `=`), it does not reach the terminal or a log.
pub fn redact(text: &str) -> Cow<'_, str> {
    if !holds_key_material(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (a, b) in runs(text) {
        if material_at(text, a, b) {
            out.push_str(&text[last..a]);
            out.push_str(REDACTED);
            last = b;
        }
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// Characters that a terminal acts on or that reorder what is shown: C0 and C1 controls (escape
/// sequences, BEL, CR, backspace) and the Unicode bidirectional overrides and isolates.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every control character shown as an escape (`\u{1b}`) instead of acted on: for a
/// name taken from a file (a CSV user name, a profile name) before it goes into a message.
pub fn visible(text: &str) -> Cow<'_, str> {
    visible_keeping(text, false)
}

/// [`visible`] that keeps newlines: for a whole message, whose own lines are meant.
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    visible_keeping(text, true)
}

fn visible_keeping(text: &str, newlines: bool) -> Cow<'_, str> {
    let bad = |c: char| is_unsafe(c) && !(newlines && c == '\n');
    if !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if bad(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A message for people: key material redacted, control characters other than newlines shown as
/// escapes. Every message the command line prints goes through it.
pub fn for_terminal(message: &str) -> String {
    visible_lines(&redact(message)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[test]
    fn action_names_are_kept_but_a_secret_after_iam_is_not() {
        let m = "denied: iam:GetAccessKeyLastUsed, iam:SimulatePrincipalPolicy, ses:SendRawEmail";
        assert_eq!(redact(m), m);
        let leaked = format!("iam:{SECRET} ses:wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12");
        assert_eq!(redact(&leaked), "iam:[redacted] ses:[redacted]");
        assert!(holds_key_material(&format!("iam:{SECRET}")));
    }

    #[test]
    fn key_material_is_redacted_wherever_it_sits() {
        for (given, want) in [
            (format!("'{SECRET} '"), "'[redacted] '".to_string()),
            (format!("--lang={SECRET} x"), "--lang=[redacted] x".into()),
            (format!("/nonexistent/{SECRET}"), "[redacted]".into()),
            (format!("{SECRET}:x"), "[redacted]:x".into()),
            (format!("a\n{SECRET}\tb"), "a\n[redacted]\tb".into()),
            // A part of a secret is still a secret.
            ("K7MDENGbPxRfiCYEX".into(), "[redacted]".into()),
            (
                "BCKR7SzjIg7slosnMG/fJ6Fn9/y5GcVG61DJB4CoNsEo".into(),
                "[redacted]".into(),
            ),
        ] {
            assert_eq!(redact(&given), want, "{given}");
        }
    }

    #[test]
    fn paths_words_and_key_ids_are_kept() {
        for s in [
            "/usr/local/bin/seskey: no such file",
            "/nonexistent/seskey-test-home/.aws/credentials",
            "AKIAIOSFODNN7EXAMPLE",
            "email-smtp.us-east-1.amazonaws.com:587",
            "us-east-1",
            "keys.csv, line 3",
            "cannot write /tmp/.tmpAbc123/out.csv",
        ] {
            assert_eq!(redact(s), s);
            assert!(!holds_key_material(s), "{s}");
        }
        assert!(holds_key_material(&format!("x {SECRET}")));
    }

    #[test]
    fn control_characters_are_shown_not_acted_on() {
        assert_eq!(visible("a\x1b]2;PWNED\x07b"), "a\\u{1b}]2;PWNED\\u{7}b");
        assert_eq!(visible("x\ny\rz"), "x\\u{a}y\\u{d}z");
        assert_eq!(visible("r\u{202e}l"), "r\\u{202e}l");
        assert_eq!(visible("plain 이름"), "plain 이름");
        assert_eq!(visible_lines("one\ntwo\x1b[2J"), "one\ntwo\\u{1b}[2J");
        assert_eq!(
            for_terminal(&format!("user \x1b[31m{SECRET}\n")),
            "user \\u{1b}[[redacted]\n"
        );
    }
}
