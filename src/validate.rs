//! Input validation shared by the CLI and the TUI. Messages say what is wrong and what to do, and
//! never repeat the secret. The words come from the catalogues (`validate.*`, see [`crate::i18n`]).

use std::fmt;

use crate::i18n::t;
use crate::tr;

/// Length of an AWS secret access key.
pub const SECRET_LEN: usize = 40;

/// A secret access key that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretError {
    /// Nothing but whitespace.
    Empty,
    /// Looks like an access key ID (`AKIA…`/`ASIA…`), pasted into the secret's place.
    LooksLikeAccessKeyId,
    /// A character outside `A–Z a–z 0–9 + /`, at 1-based `position` of the input as given.
    InvalidChar {
        /// 1-based character position in the input as given (before trimming).
        position: usize,
        /// A description of the character that never repeats secret material.
        what: CharKind,
    },
    /// An SMTP password (44 characters, base64 of a version byte and an HMAC), pasted where the
    /// secret access key goes: converting it again gives a password that cannot work.
    IsSmtpPassword,
    /// Not the 40 characters of an AWS secret access key ([`secret`] refuses it unless
    /// [`SecretRules::allow_nonstandard_length`]).
    Length(usize),
    /// Fewer than [`MIN_NONSTANDARD_LEN`] characters: not a whole key of any kind, even when
    /// non-standard lengths are allowed.
    TooShort(usize),
}

/// What kind of character was found, described without repeating key material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CharKind {
    /// A space.
    Space,
    /// A tab.
    Tab,
    /// A line break inside the value.
    LineBreak,
    /// Another control character.
    Control,
    /// A character outside ASCII.
    NonAscii,
    /// ASCII punctuation outside the key alphabet (safe to show: it is never part of a key).
    Symbol(char),
}

impl fmt::Display for CharKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CharKind::Space => f.write_str(t("validate.char.space")),
            CharKind::Tab => f.write_str(t("validate.char.tab")),
            CharKind::LineBreak => f.write_str(t("validate.char.line_break")),
            CharKind::Control => f.write_str(t("validate.char.control")),
            CharKind::NonAscii => f.write_str(t("validate.char.non_ascii")),
            CharKind::Symbol(c) => f.write_str(&tr!("validate.char.symbol", c = c)),
        }
    }
}

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretError::Empty => f.write_str(t("validate.secret_empty")),
            SecretError::LooksLikeAccessKeyId => f.write_str(t("validate.secret_is_key_id")),
            SecretError::InvalidChar { position, what } => f.write_str(&tr!(
                "validate.secret_bad_char",
                position = position,
                what = what
            )),
            SecretError::IsSmtpPassword => f.write_str(t("validate.secret_smtp_password_refused")),
            SecretError::Length(n) => f.write_str(&tr!("validate.secret_length_refused", n = n)),
            SecretError::TooShort(n) => f.write_str(&tr!("validate.secret_too_short", n = n)),
        }
    }
}

impl std::error::Error for SecretError {}

/// A secret access key that can be used but may be wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretWarning {
    /// Not 40 characters long.
    Length(usize),
    /// Already looks like an SMTP password (44 characters starting with `B`, or the old `A` form).
    LooksLikeSmtpPassword,
}

impl fmt::Display for SecretWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretWarning::Length(n) => f.write_str(&tr!("validate.secret_length", n = n)),
            SecretWarning::LooksLikeSmtpPassword => {
                f.write_str(t("validate.secret_is_smtp_password"))
            }
        }
    }
}

/// True for text shaped like key material (a secret access key, an SMTP password): 16 or more
/// characters of the base64 alphabet. Such text is never repeated in a message.
pub fn looks_like_key_material(s: &str) -> bool {
    s.len() >= 16
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '+' || c == '/'
}

fn looks_like_access_key_id(s: &str) -> bool {
    s.len() == 20
        && (s.starts_with("AKIA") || s.starts_with("ASIA"))
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Checks a secret access key as the user gave it (surrounding whitespace is ignored).
/// `Ok` carries warnings; `Err` means the value cannot be used.
pub fn check_secret(input: &str) -> Result<Vec<SecretWarning>, SecretError> {
    let lead = input.chars().count() - input.trim_start().chars().count();
    let s = input.trim();
    if s.is_empty() {
        return Err(SecretError::Empty);
    }
    if looks_like_access_key_id(s) {
        return Err(SecretError::LooksLikeAccessKeyId);
    }
    if let Some((i, c)) = s.chars().enumerate().find(|&(_, c)| !is_key_char(c)) {
        let what = match c {
            ' ' => CharKind::Space,
            '\t' => CharKind::Tab,
            '\n' | '\r' => CharKind::LineBreak,
            c if c.is_control() => CharKind::Control,
            c if !c.is_ascii() => CharKind::NonAscii,
            c => CharKind::Symbol(c),
        };
        return Err(SecretError::InvalidChar {
            position: lead + i + 1,
            what,
        });
    }
    let n = s.len();
    if n == 44 && (s.starts_with('B') || s.starts_with('A')) {
        return Ok(vec![SecretWarning::LooksLikeSmtpPassword]);
    }
    if n != SECRET_LEN {
        return Ok(vec![SecretWarning::Length(n)]);
    }
    Ok(Vec::new())
}

/// An access key ID that cannot be used as the SMTP username.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyIdError {
    /// A temporary (STS) key: SES SMTP refuses credentials made from it.
    Temporary,
    /// Looks like a secret access key pasted into the ID field.
    LooksLikeSecret,
    /// A character outside `A–Z 0–9`, at 1-based `position`.
    InvalidChar {
        /// 1-based position in the trimmed value.
        position: usize,
    },
    /// Capitals and digits, but not `AKIA` + 16 of them (`AKIA123`, `AK`): cut short, or
    /// another kind of ID. Carries the length.
    Malformed(usize),
    /// A well-formed ID typed in lower case: IDs are case-sensitive capitals.
    Lowercase,
}

impl fmt::Display for KeyIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyIdError::Temporary => f.write_str(t("validate.key_id_temporary")),
            KeyIdError::LooksLikeSecret => f.write_str(t("validate.key_id_is_secret")),
            KeyIdError::InvalidChar { position } => {
                f.write_str(&tr!("validate.key_id_bad_char", position = position))
            }
            KeyIdError::Malformed(n) => f.write_str(&tr!("validate.key_id_malformed", n = n)),
            KeyIdError::Lowercase => f.write_str(t("validate.key_id_lowercase")),
        }
    }
}

impl std::error::Error for KeyIdError {}

/// An access key ID that can be used but looks unusual.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyIdWarning {
    /// Not the usual 20-character `AKIA…` form.
    UnusualForm,
}

impl fmt::Display for KeyIdWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyIdWarning::UnusualForm => f.write_str(t("validate.key_id_unusual")),
        }
    }
}

/// Checks an optional access key ID. `Ok(None)` when empty (the step may be skipped).
pub fn check_access_key_id(input: &str) -> Result<Option<Vec<KeyIdWarning>>, KeyIdError> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if looks_like_access_key_id(s) && s.starts_with("ASIA") {
        return Err(KeyIdError::Temporary);
    }
    if looks_like_access_key_id(s) {
        return Ok(Some(Vec::new()));
    }
    if s.len() >= 30 && s.chars().all(is_key_char) {
        return Err(KeyIdError::LooksLikeSecret);
    }
    if let Some(i) = s
        .chars()
        .position(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit()))
    {
        return Err(KeyIdError::InvalidChar { position: i + 1 });
    }
    Ok(Some(vec![KeyIdWarning::UnusualForm]))
}

/// Fewest characters [`secret`] takes even with non-standard lengths allowed: shorter is a
/// fragment (a stray key press, a cut-off paste), not a key.
pub const MIN_NONSTANDARD_LEN: usize = 16;

/// What [`secret`] lets through beyond a standard AWS secret access key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SecretRules {
    /// Take a secret whose length is not 40 (with a [`SecretWarning::Length`]), for the rare
    /// key from an AWS-compatible system that is not 40 characters. `--allow-nonstandard-secret`.
    pub allow_nonstandard_length: bool,
}

/// True for an SES SMTP password: 44 characters of base64 encoding 33 bytes, the first being
/// the version byte (0x04 for today's SigV4 passwords, 0x02 for the old form).
pub fn is_smtp_password(s: &str) -> bool {
    use base64::Engine as _;
    if s.len() != 44 || !(s.starts_with('B') || s.starts_with('A')) {
        return false;
    }
    let mut raw = zeroize::Zeroizing::new([0u8; 33]);
    match base64::engine::general_purpose::STANDARD.decode_slice(s, &mut raw[..]) {
        Ok(33) => raw[0] == 0x04 || raw[0] == 0x02,
        _ => false,
    }
}

/// Checks a secret access key as the user gave it (surrounding whitespace is ignored), refusing
/// what cannot work: everything [`check_secret`] refuses, an SMTP password, a length other than
/// 40 (unless `rules` allow it) and fragments under [`MIN_NONSTANDARD_LEN`]. `Ok` carries
/// warnings. The rule the command line applies, and the one for the wizard.
pub fn secret(input: &str, rules: SecretRules) -> Result<Vec<SecretWarning>, SecretError> {
    check_secret(input)?;
    let s = input.trim();
    if is_smtp_password(s) {
        return Err(SecretError::IsSmtpPassword);
    }
    match s.len() {
        SECRET_LEN => Ok(Vec::new()),
        n if n < MIN_NONSTANDARD_LEN => Err(SecretError::TooShort(n)),
        n if rules.allow_nonstandard_length => Ok(vec![SecretWarning::Length(n)]),
        n => Err(SecretError::Length(n)),
    }
}

/// Checks an optional access key ID, refusing all but `AKIA` + 16 capitals or digits.
/// `Ok(None)` when empty (the ID may be left out); `Ok(Some(id))` is the trimmed ID. The rule
/// the command line applies, and the one for the wizard.
pub fn key_id(input: &str) -> Result<Option<&str>, KeyIdError> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if !looks_like_access_key_id(s) && looks_like_access_key_id(&s.to_ascii_uppercase()) {
        return Err(KeyIdError::Lowercase);
    }
    check_access_key_id(s)?;
    if looks_like_access_key_id(s) {
        return Ok(Some(s));
    }
    if is_smtp_password(s) {
        return Err(KeyIdError::LooksLikeSecret);
    }
    if let Some(i) = s
        .chars()
        .position(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit()))
    {
        return Err(KeyIdError::InvalidChar { position: i + 1 });
    }
    Err(KeyIdError::Malformed(s.chars().count()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[test]
    fn good_secret_has_no_findings() {
        assert_eq!(check_secret(SECRET), Ok(vec![]));
        assert_eq!(check_secret(&format!("  {SECRET}\n")), Ok(vec![]));
        assert_eq!(check_secret(&format!("{SECRET}\r\n")), Ok(vec![]));
    }

    #[test]
    fn empty_is_an_error() {
        assert_eq!(check_secret(""), Err(SecretError::Empty));
        assert_eq!(check_secret(" \n\t"), Err(SecretError::Empty));
    }

    #[test]
    fn bad_characters_name_their_position_not_the_secret() {
        let with_space = format!("{} {}", &SECRET[..10], &SECRET[10..]);
        let err = check_secret(&with_space).unwrap_err();
        assert_eq!(
            err,
            SecretError::InvalidChar {
                position: 11,
                what: CharKind::Space
            }
        );
        assert!(err.to_string().contains("character 11"));
        assert!(!err.to_string().contains(&SECRET[..10]));
        // Leading whitespace is trimmed but positions still count from the input as given.
        let e = check_secret(&format!("  {}-x", &SECRET[..39])).unwrap_err();
        assert_eq!(
            e,
            SecretError::InvalidChar {
                position: 42,
                what: CharKind::Symbol('-')
            }
        );
        for (input, kind) in [
            ("abc\tdef", CharKind::Tab),
            ("abc\ndef", CharKind::LineBreak),
            ("abc\u{7}def", CharKind::Control),
            ("abcédef", CharKind::NonAscii),
            ("abc=def", CharKind::Symbol('=')),
        ] {
            assert_eq!(
                check_secret(input),
                Err(SecretError::InvalidChar {
                    position: 4,
                    what: kind
                })
            );
        }
    }

    #[test]
    fn wrong_length_is_a_warning() {
        assert_eq!(
            check_secret(&SECRET[..39]),
            Ok(vec![SecretWarning::Length(39)])
        );
        assert!(
            SecretWarning::Length(39)
                .to_string()
                .contains("39 characters")
        );
    }

    #[test]
    fn access_key_id_in_the_secret_field_is_an_error() {
        assert_eq!(
            check_secret("AKIAIOSFODNN7EXAMPLE"),
            Err(SecretError::LooksLikeAccessKeyId)
        );
        assert_eq!(
            check_secret("ASIAIOSFODNN7EXAMPLE"),
            Err(SecretError::LooksLikeAccessKeyId)
        );
    }

    #[test]
    fn smtp_password_as_secret_is_a_warning() {
        let pw = "BNSPZY0jlomEr4Z6voxNGBKDK4qcWk6/DsLPMg466vEX";
        assert_eq!(
            check_secret(pw),
            Ok(vec![SecretWarning::LooksLikeSmtpPassword])
        );
        let v2 = "AnSPZY0jlomEr4Z6voxNGBKDK4qcWk6/DsLPMg466vEX";
        assert_eq!(
            check_secret(v2),
            Ok(vec![SecretWarning::LooksLikeSmtpPassword])
        );
    }

    #[test]
    fn access_key_ids() {
        assert_eq!(check_access_key_id(""), Ok(None));
        assert_eq!(check_access_key_id("  "), Ok(None));
        assert_eq!(
            check_access_key_id(" AKIAIOSFODNN7EXAMPLE\n"),
            Ok(Some(vec![]))
        );
        assert_eq!(
            check_access_key_id("ASIAIOSFODNN7EXAMPLE"),
            Err(KeyIdError::Temporary)
        );
        assert!(KeyIdError::Temporary.to_string().contains("temporary"));
        assert_eq!(
            check_access_key_id(SECRET),
            Err(KeyIdError::LooksLikeSecret)
        );
        assert_eq!(
            check_access_key_id("AKIA-1"),
            Err(KeyIdError::InvalidChar { position: 5 })
        );
        assert_eq!(
            check_access_key_id("AIDAIOSFODNN7EXAMPLE"),
            Ok(Some(vec![KeyIdWarning::UnusualForm]))
        );
    }

    const RULES: SecretRules = SecretRules {
        allow_nonstandard_length: false,
    };
    const LENIENT: SecretRules = SecretRules {
        allow_nonstandard_length: true,
    };

    #[test]
    fn strict_secret_refuses_what_cannot_work() {
        assert_eq!(secret(SECRET, RULES), Ok(vec![]));
        assert_eq!(secret(&format!(" {SECRET}\n"), RULES), Ok(vec![]));
        // The SMTP password of the AWS example secret (us-east-1), pasted back.
        let pw = "BNSPZY0jlomEr4Z6voxNGBKDK4qcWk6/DsLPMg466vEX";
        assert!(is_smtp_password(pw));
        assert_eq!(secret(pw, RULES), Err(SecretError::IsSmtpPassword));
        assert_eq!(secret(pw, LENIENT), Err(SecretError::IsSmtpPassword));
        let msg = SecretError::IsSmtpPassword.to_string();
        assert!(msg.contains("40-character secret access key"), "{msg}");
        assert!(!msg.contains(pw));
        // 44 characters starting with B but not a version-4 password: just a wrong length.
        let not_pw = format!("BZ{SECRET}AB");
        assert!(!is_smtp_password(&not_pw));
        assert_eq!(secret(&not_pw, RULES), Err(SecretError::Length(44)));
        assert_eq!(secret(&SECRET[..39], RULES), Err(SecretError::Length(39)));
        assert_eq!(
            secret(&SECRET[..39], LENIENT),
            Ok(vec![SecretWarning::Length(39)])
        );
        assert_eq!(secret("w", RULES), Err(SecretError::TooShort(1)));
        assert_eq!(secret("w", LENIENT), Err(SecretError::TooShort(1)));
        assert_eq!(
            secret(&SECRET[..15], LENIENT),
            Err(SecretError::TooShort(15))
        );
        assert_eq!(secret(" ", RULES), Err(SecretError::Empty));
        assert_eq!(
            secret("AKIAIOSFODNN7EXAMPLE", LENIENT),
            Err(SecretError::LooksLikeAccessKeyId)
        );
        assert!(SecretError::Length(39).to_string().contains("39"));
        crate::i18n::with_lang(crate::i18n::Lang::Ko, || {
            assert!(SecretError::IsSmtpPassword.to_string().contains("SMTP"));
        });
    }

    #[test]
    fn strict_key_id_is_akia_and_sixteen() {
        assert_eq!(key_id(""), Ok(None));
        assert_eq!(
            key_id(" AKIAIOSFODNN7EXAMPLE\n"),
            Ok(Some("AKIAIOSFODNN7EXAMPLE"))
        );
        assert_eq!(key_id("AKIA123"), Err(KeyIdError::Malformed(7)));
        assert_eq!(key_id("AK"), Err(KeyIdError::Malformed(2)));
        assert_eq!(
            key_id("AIDAIOSFODNN7EXAMPLE"),
            Err(KeyIdError::Malformed(20))
        );
        assert_eq!(key_id("ASIAIOSFODNN7EXAMPLE"), Err(KeyIdError::Temporary));
        assert_eq!(key_id("akiaiosfodnn7example"), Err(KeyIdError::Lowercase));
        assert_eq!(key_id(SECRET), Err(KeyIdError::LooksLikeSecret));
        assert_eq!(
            key_id("BNSPZY0jlomEr4Z6voxNGBKDK4qcWk6/DsLPMg466vEX"),
            Err(KeyIdError::LooksLikeSecret)
        );
        assert_eq!(
            key_id("AKIA-1"),
            Err(KeyIdError::InvalidChar { position: 5 })
        );
        let m = KeyIdError::Malformed(7).to_string();
        assert!(
            m.contains("AKIA") && m.contains("20") && m.contains('7'),
            "{m}"
        );
    }
}
