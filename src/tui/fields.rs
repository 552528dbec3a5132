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
/// Rows of the terminal that are not list lines, for paging: a page is the rest.
const PAGE_CHROME: u16 = 14;

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
    b"AKIA".starts_with(head) || b"ASIA".starts_with(head)
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

/// How strictly a key-ID field checks typed characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdForm {
    /// Only what an ID starts with is accepted (step 1).
    Checked,
    /// Any character but key material (the card's field).
    Loose,
}

/// A key in an access key ID field; `None` when the key is not for the field or changed
/// nothing. A character of key material wipes the field: what came before was likely the
/// secret's start, shown in clear.
pub fn key_id_key(field: &mut String, k: Key, form: IdForm) -> Option<Edit> {
    match k {
        Key::Char(c) if secret_only_char(c) => {
            field.zeroize();
            return Some(Edit::Refused(Refusal::KeyMaterial));
        }
        Key::Char(c) if form == IdForm::Checked && !id_prefix_accepts(field, c) => {
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

/// A key in the region filter; `None` when it changed nothing. A filter that now holds key
/// material is wiped.
pub fn filter_key(filter: &mut String, k: Key) -> Option<Edit> {
    match k {
        Key::Char(c) if filter.chars().count() < MAX_FILTER => filter.push(c),
        Key::Char(_) => return None,
        Key::Backspace => {
            filter.pop()?;
        }
        Key::Ctrl('u') => filter.zeroize(),
        _ => return None,
    }
    if filter_key_material(filter) {
        filter.zeroize();
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

/// Lines a page key moves on a terminal `rows` high.
pub fn page(rows: u16) -> usize {
    usize::from(rows.saturating_sub(PAGE_CHROME)).max(1)
}

/// The selection after a movement key in a list of `len` lines on a terminal `rows` high;
/// `None` when the key is not a movement or the selection stays.
pub fn list_move(selected: usize, len: usize, k: Key, rows: u16) -> Option<usize> {
    let page = page(rows);
    let last = len.saturating_sub(1);
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
            key_id_key(&mut f, Key::Char('/'), IdForm::Loose),
            Some(Edit::Refused(Refusal::KeyMaterial))
        );
        assert!(f.is_empty());
        assert_eq!(
            key_id_key(&mut f, Key::Char('X'), IdForm::Checked),
            Some(Edit::Refused(Refusal::NotIdForm))
        );
        assert_eq!(
            key_id_key(&mut f, Key::Char('X'), IdForm::Loose),
            Some(Edit::Changed)
        );
        assert_eq!(
            key_id_key(&mut f, Key::Backspace, IdForm::Loose),
            Some(Edit::Changed)
        );
        assert_eq!(key_id_key(&mut f, Key::Backspace, IdForm::Loose), None);
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
        assert_eq!(
            filter_key(&mut f, Key::Char('/')),
            Some(Edit::Refused(Refusal::KeyMaterial))
        );
        assert!(f.is_empty());
    }

    #[test]
    fn one_page_size_for_every_list() {
        assert_eq!(page(24), 10);
        assert_eq!(page(3), 1);
        assert_eq!(list_move(0, 20, Key::PageDown, 24), Some(10));
        assert_eq!(list_move(0, 20, Key::Up, 24), None);
        assert_eq!(list_move(5, 20, Key::End, 24), Some(19));
        assert_eq!(list_move(5, 20, Key::Char('x'), 24), None);
    }
}
