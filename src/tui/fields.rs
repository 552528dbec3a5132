//! The wizard's field rules, each written once: what a key does to the access key ID field (step 1
//! and the card's), the secret field, the region filter, and a list's selection. A fix to one of
//! these rules is a change here, in one function; `update` and the import overlay only say what
//! the outcome means on their screen (a status line, a refusal, which step was edited).
//!
//! The security rule behind most of them: a visible field refuses key material, so a secret
//! typed or pasted into the wrong place never shows on screen.

use zeroize::Zeroize;

use crate::secret::SecretText;
use crate::tui::event::Key;
use crate::validate::{self, KeyIdError};

/// Longest access key ID accepted in the field (AWS IDs have 16 to 128 characters).
pub const MAX_KEY_ID: usize = 128;
/// Longest region filter accepted.
pub const MAX_FILTER: usize = 40;

/// What a key did to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// The field refused the key (the text is unchanged, or wiped for [`Refusal::KeyMaterial`]).
    Refused(Refusal),
}

/// Why a field refused a key or a paste.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Key material in a visible field: the field was wiped (typed) or the paste dropped.
    KeyMaterial,
    /// A character no access key ID starts with (`AKIA`/`ASIA`, then capitals and digits).
    NotIdForm,
    /// A lower-case letter where its capital would continue the ID: IDs are capitals (Caps
    /// Lock?). Nothing is wiped, the letter is kept (the field changed): the field holds, in
    /// capitals, only the start of an ID.
    Lowercase,
    /// The field is full.
    TooLong,
    /// Pasted text that cannot be a region (control characters, too long).
    NotRegion,
}

/// A character of the key alphabet that no access key ID holds: someone is typing (or a terminal
/// without bracketed paste is delivering) the secret into a visible field.
fn secret_only_char(c: char) -> bool {
    c.is_ascii_lowercase() || c == '+' || c == '/'
}

/// Whether typing `c` keeps `field` the start of an access key ID (`AKIA`/`ASIA`, then capitals
/// and digits). Typed text that is not is refused: it is more likely a secret being typed where
/// it shows than an ID (pastes are checked whole instead).
fn id_prefix_accepts(field: &str, c: char) -> bool {
    if !(c.is_ascii_uppercase() || c.is_ascii_digit()) {
        return false;
    }
    if field.len() >= 4 {
        return true;
    }
    let mut buf = [0u8; 4];
    let head = &mut buf[..=field.len()];
    head[..field.len()].copy_from_slice(field.as_bytes());
    head[field.len()] = c as u8;
    // A lower-case start (kept by the caps rule of `key_id_key`) counts as its capitals.
    head.make_ascii_uppercase();
    b"AKIA".starts_with(head) || b"ASIA".starts_with(head)
}

/// Whether `s` is an access key ID, or its start, typed with lower-case letters: in capitals it
/// would be one (`akia`, `AKIA7w`). The live check then says "use capitals" rather than naming
/// the first lower-case letter as a bad character.
pub fn lowercase_id_start(s: &str) -> bool {
    let s = s.trim();
    if !s.bytes().any(|b| b.is_ascii_lowercase()) || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let head = s[..s.len().min(4)].to_ascii_uppercase();
    "AKIA".starts_with(&head) || "ASIA".starts_with(&head)
}

/// Whether pasted text is a secret access key, to keep out of a visible field (the key ID, the
/// CSV path): checked whole, since a paste arrives at once.
pub fn pasted_key_material(text: &str) -> bool {
    validate::check_access_key_id(text) == Err(KeyIdError::LooksLikeSecret)
}

/// Whether a region filter holds key material: no region code or name holds '+' or '/', or 16
/// letters and digits in a row.
fn filter_key_material(s: &str) -> bool {
    s.contains(['+', '/']) || validate::looks_like_key_material(s)
}

/// A key in an access key ID field (step 1's and the card's: one rule); `None` when the key is
/// not for the field or changed nothing. Only what keeps the field the start of an ID is taken.
/// A lower-case letter whose capital would fit (what was typed so far, in capitals, still
/// starts an ID) is kept and answered with [`Refusal::Lowercase`], so that an ID typed in lower
/// case from its first letter is told to use capitals all along (as its paste is); any other
/// character of key material wipes the field: what came before was likely the secret's start,
/// shown in clear.
pub fn key_id_key(field: &mut String, k: Key) -> Option<Edit> {
    match k {
        Key::Char(c)
            if c.is_ascii_lowercase() && id_prefix_accepts(field, c.to_ascii_uppercase()) =>
        {
            if field.chars().count() >= MAX_KEY_ID {
                return Some(Edit::Refused(Refusal::TooLong));
            }
            field.push(c);
            return Some(Edit::Refused(Refusal::Lowercase));
        }
        Key::Char(c) if secret_only_char(c) => {
            field.zeroize();
            return Some(Edit::Refused(Refusal::KeyMaterial));
        }
        Key::Char(c) if !id_prefix_accepts(field, c) => {
            return Some(Edit::Refused(Refusal::NotIdForm));
        }
        Key::Char(c) if field.chars().count() < MAX_KEY_ID => field.push(c),
        Key::Char(_) => return Some(Edit::Refused(Refusal::TooLong)),
        Key::Backspace => {
            field.pop()?;
        }
        Key::Ctrl('u') => field.zeroize(),
        _ => return None,
    }
    Some(Edit::Changed)
}

/// A paste into an access key ID field: trimmed, refused whole when it is a secret or would
/// overfill the field.
pub fn key_id_paste(field: &mut String, text: &str) -> Result<(), Refusal> {
    let pasted = text.trim();
    if pasted_key_material(pasted) {
        return Err(Refusal::KeyMaterial);
    }
    if field.chars().count() + pasted.chars().count() > MAX_KEY_ID {
        return Err(Refusal::TooLong);
    }
    field.push_str(pasted);
    Ok(())
}

/// An imported access key ID that would be refused in the field (too long for it).
pub fn key_id_fits(id: &str) -> bool {
    id.chars().count() <= MAX_KEY_ID
}

/// A key in the secret field; `None` when it changed nothing. `confirmed`: a secret was
/// confirmed before (emptying the field then still counts, as it forgets that one).
pub fn secret_key(secret: &mut SecretText, k: Key, confirmed: bool) -> Option<Edit> {
    match k {
        Key::Char(c) => {
            if secret.push(c).is_err() {
                return Some(Edit::Refused(Refusal::TooLong));
            }
        }
        Key::Backspace => {
            if !secret.pop() && !confirmed {
                return None;
            }
        }
        Key::Ctrl('u') => {
            if secret.is_empty() && !confirmed {
                return None;
            }
            secret.clear();
        }
        _ => return None,
    }
    Some(Edit::Changed)
}

/// A paste into the secret field, straight into its locked page.
pub fn secret_paste(secret: &mut SecretText, text: &str) -> Result<(), Refusal> {
    secret.push_str(text).map_err(|_| Refusal::TooLong)
}

/// A character of the secret access key's alphabet.
fn key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '+' || c == '/'
}

/// Typed text that names no region and has the shape of a key's start: a capital after a letter
/// or digit (`wJ`, `EX`), or a letter next to a digit (`K7`). Region codes and names have
/// neither outside what matches (`GovCloud`, `us-east-1`), so a filter that matches nothing and
/// has one is a secret being typed, caught a few characters in.
fn typed_key_shape(s: &str) -> bool {
    if crate::region::catalogue()
        .iter()
        .any(|r| crate::region::matches(r, s))
    {
        return false;
    }
    let chars: Vec<char> = s.chars().collect();
    chars.windows(2).any(|w| {
        let (a, b) = (w[0], w[1]);
        (a.is_ascii_alphanumeric() && b.is_ascii_uppercase())
            || (a.is_ascii_alphabetic() && b.is_ascii_digit())
            || (a.is_ascii_digit() && b.is_ascii_alphabetic())
    })
}

/// A key in the region filter; `None` when it changed nothing. A filter that now holds key
/// material, or has a key's shape and matches nothing, is wiped, and the filter goes `quiet`:
/// the rest of the key's characters are dropped, so no tail of a secret typed here stays on
/// screen (or picks a region on Enter). Backspace, Ctrl-U, or a character no key holds (a space,
/// `-`, Hangul) ends it.
pub fn filter_key(filter: &mut String, quiet: &mut bool, k: Key) -> Option<Edit> {
    match k {
        Key::Char(c) if *quiet && key_char(c) => return Some(Edit::Refused(Refusal::KeyMaterial)),
        Key::Char(c) if filter.chars().count() < MAX_FILTER => {
            *quiet = false;
            filter.push(c);
        }
        Key::Char(_) => return None,
        Key::Backspace => {
            if !std::mem::take(quiet) {
                filter.pop()?;
            }
        }
        Key::Ctrl('u') => {
            *quiet = false;
            filter.zeroize();
        }
        _ => return None,
    }
    if filter_key_material(filter) || typed_key_shape(filter) {
        filter.zeroize();
        *quiet = true;
        return Some(Edit::Refused(Refusal::KeyMaterial));
    }
    Some(Edit::Changed)
}

/// A paste into the region filter: trimmed, refused whole when it holds key material or cannot
/// be a region.
pub fn filter_paste(filter: &mut String, text: &str) -> Result<(), Refusal> {
    let pasted = text.trim();
    if filter_key_material(pasted) {
        return Err(Refusal::KeyMaterial);
    }
    if filter.chars().count() + pasted.chars().count() > MAX_FILTER
        || pasted.chars().any(char::is_control)
    {
        return Err(Refusal::NotRegion);
    }
    filter.push_str(pasted);
    Ok(())
}

/// Whether the path component being typed has a key's shape: 16 or more characters of the key
/// alphabet (a secret's `/` splits components, so its longest run is caught) with a capital after
/// a lower-case letter or digit, or a letter next to a digit. File and directory names rarely
/// have both; a path with such a name can still be pasted.
fn path_key_material(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    last.len() >= 16
        && last.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+')
        && last.as_bytes().windows(2).any(|w| {
            let (a, b) = (w[0], w[1]);
            ((a.is_ascii_lowercase() || a.is_ascii_digit()) && b.is_ascii_uppercase())
                || (a.is_ascii_alphabetic() && b.is_ascii_digit())
                || (a.is_ascii_digit() && b.is_ascii_alphabetic())
        })
}

/// A key in a path field (the import's CSV path) of at most `max` characters; `None` when the
/// key is not for the field or changed nothing. Typed key material wipes the path and makes it
/// `quiet` as [`filter_key`] does, so a secret typed here does not stay on screen.
pub fn path_key(path: &mut String, quiet: &mut bool, k: Key, max: usize) -> Option<Edit> {
    match k {
        Key::Char(c) if *quiet && key_char(c) => return Some(Edit::Refused(Refusal::KeyMaterial)),
        Key::Char(_) if path.chars().count() >= max => {
            return Some(Edit::Refused(Refusal::TooLong));
        }
        Key::Char(c) => {
            *quiet = false;
            path.push(c);
        }
        Key::Backspace => {
            if !std::mem::take(quiet) {
                path.pop()?;
            }
        }
        Key::Ctrl('u') => {
            *quiet = false;
            path.zeroize();
        }
        _ => return None,
    }
    if path_key_material(path) {
        path.zeroize();
        *quiet = true;
        return Some(Edit::Refused(Refusal::KeyMaterial));
    }
    Some(Edit::Changed)
}

/// The selection after a movement key in a list of `len` lines of which `rows` are on screen
/// (a page); `None` when the key is not a movement or the selection stays. With nothing
/// selected yet (`None`), Down, PgDn and Home select the first line, Up, PgUp and End the last.
pub fn list_move(selected: Option<usize>, len: usize, k: Key, rows: u16) -> Option<usize> {
    let page = usize::from(rows).max(1);
    let last = len.checked_sub(1)?;
    let Some(selected) = selected else {
        return match k {
            Key::Down | Key::PageDown | Key::Home => Some(0),
            Key::Up | Key::PageUp | Key::End => Some(last),
            _ => None,
        };
    };
    let moved = match k {
        Key::Up => selected.saturating_sub(1),
        Key::Down => (selected + 1).min(last),
        Key::PageUp => selected.saturating_sub(page),
        Key::PageDown => (selected + page).min(last),
        Key::Home => 0,
        Key::End => last,
        _ => return None,
    };
    (moved != selected).then_some(moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_material_typed_into_the_id_field_wipes_it() {
        let mut f = String::from("AKIA");
        assert_eq!(
            key_id_key(&mut f, Key::Char('/')),
            Some(Edit::Refused(Refusal::KeyMaterial))
        );
        assert!(f.is_empty());
        assert_eq!(
            key_id_key(&mut f, Key::Char('X')),
            Some(Edit::Refused(Refusal::NotIdForm))
        );
        assert_eq!(key_id_key(&mut f, Key::Char('A')), Some(Edit::Changed));
        assert_eq!(key_id_key(&mut f, Key::Backspace), Some(Edit::Changed));
        assert_eq!(key_id_key(&mut f, Key::Backspace), None);
    }

    #[test]
    fn a_lower_case_id_is_refused_as_such_and_a_secret_still_wipes() {
        let mut f = String::from("AK");
        assert_eq!(
            key_id_key(&mut f, Key::Char('i')),
            Some(Edit::Refused(Refusal::Lowercase))
        );
        assert_eq!(f, "AKi");
        // Typed in lower case from its first letter: each letter is told so, none wipes.
        let mut g = String::new();
        for c in "akiaiosf7".chars() {
            assert_eq!(
                key_id_key(&mut g, Key::Char(c)),
                Some(Edit::Refused(Refusal::Lowercase))
                    .filter(|_| c.is_ascii_lowercase())
                    .or(Some(Edit::Changed)),
                "{c}"
            );
        }
        assert_eq!(g, "akiaiosf7");
        // `x` continues no ID in any case: key material.
        assert_eq!(
            key_id_key(&mut f, Key::Char('x')),
            Some(Edit::Refused(Refusal::KeyMaterial))
        );
        assert!(f.is_empty());
    }

    #[test]
    fn pastes_of_key_material_are_refused_whole() {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let mut f = String::new();
        assert_eq!(key_id_paste(&mut f, secret), Err(Refusal::KeyMaterial));
        assert_eq!(filter_paste(&mut f, secret), Err(Refusal::KeyMaterial));
        assert!(f.is_empty());
        assert_eq!(filter_paste(&mut f, " ohio\n"), Ok(()));
        assert_eq!(f, "ohio");
        let mut quiet = false;
        assert_eq!(
            filter_key(&mut f, &mut quiet, Key::Char('/')),
            Some(Edit::Refused(Refusal::KeyMaterial))
        );
        assert!(f.is_empty());
    }

    /// Types `s` into a filter; the filter and whether it is quiet.
    fn type_filter(s: &str) -> (String, bool) {
        let (mut f, mut quiet) = (String::new(), false);
        for c in s.chars() {
            filter_key(&mut f, &mut quiet, Key::Char(c));
        }
        (f, quiet)
    }

    #[test]
    fn a_secret_typed_into_the_filter_leaves_nothing_of_it() {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        // Whatever the secret's start, each prefix leaves at most one character of it.
        for end in 1..=secret.len() {
            let (f, _) = type_filter(&secret[..end]);
            assert!(f.len() <= 1, "{end}: {f}");
        }
        let (f, quiet) = type_filter(secret);
        assert!(f.is_empty() && quiet);
        for s in ["EXAMPLEKEY", "K7MDENG", "AbCd"] {
            assert_eq!(type_filter(s), (String::new(), true), "{s}");
        }
    }

    #[test]
    fn region_names_and_codes_type_freely() {
        for s in [
            "us-east-1",
            "Seoul",
            "FRANK",
            "sao paulo",
            "GovCloud",
            "서울",
            "ap-southeast-7",
        ] {
            assert_eq!(type_filter(s), (s.to_string(), false), "{s}");
        }
        // A typo stays, to be corrected.
        assert_eq!(type_filter("seoulx").0, "seoulx");
        // Quiet ends with Backspace, and with a character no key holds.
        let (mut f, mut quiet) = type_filter("wJ");
        assert_eq!(
            filter_key(&mut f, &mut quiet, Key::Char('x')),
            Some(Edit::Refused(Refusal::KeyMaterial))
        );
        assert_eq!(
            filter_key(&mut f, &mut quiet, Key::Backspace),
            Some(Edit::Changed)
        );
        assert!(!quiet);
        filter_key(&mut f, &mut quiet, Key::Char('o'));
        assert_eq!(f, "o");
    }

    #[test]
    fn a_secret_typed_as_a_path_is_wiped() {
        let (mut p, mut quiet) = (String::new(), false);
        for c in "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".chars() {
            path_key(&mut p, &mut quiet, Key::Char(c), 4096);
        }
        assert!(p.is_empty() && quiet);
        let (mut p, mut quiet) = (String::new(), false);
        for path in [
            "/home/alice/Downloads/ses-user_accessKeys.csv",
            "~/keys/Credentials2024.csv",
        ] {
            for c in path.chars() {
                path_key(&mut p, &mut quiet, Key::Char(c), 4096);
            }
            assert_eq!(p, path);
            path_key(&mut p, &mut quiet, Key::Ctrl('u'), 4096);
        }
    }

    #[test]
    fn one_page_is_the_lines_on_screen() {
        assert_eq!(list_move(Some(0), 20, Key::PageDown, 8), Some(8));
        assert_eq!(list_move(Some(0), 20, Key::PageDown, 0), Some(1));
        assert_eq!(list_move(Some(0), 20, Key::Up, 8), None);
        assert_eq!(list_move(Some(5), 20, Key::End, 8), Some(19));
        assert_eq!(list_move(Some(5), 20, Key::Char('x'), 8), None);
        assert_eq!(list_move(None, 20, Key::Down, 8), Some(0));
        assert_eq!(list_move(None, 20, Key::Up, 8), Some(19));
        assert_eq!(list_move(None, 0, Key::Down, 8), None);
    }
}
