//! SES SMTP password derivation (the SigV4 scheme AWS documents).
//!
//! `kDate = HMAC("AWS4" + secret, "11111111")`, then `kRegion`, `kService` (`ses`), `kTerminal`
//! (`aws4_request`), `kMessage` (`SendRawEmail`); the password is base64 of `0x04 || kMessage`.
//! The first step does not depend on the region, so [`Deriver`] computes it once.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

use crate::secret::{Key32, SecretText};

/// Version byte of SigV4 SMTP passwords.
pub const VERSION: u8 = 0x04;
/// Length of a derived password in characters.
pub const PASSWORD_LEN: usize = 44;

const DATE: &[u8] = b"11111111";
const SERVICE: &[u8] = b"ses";
const TERMINAL: &[u8] = b"aws4_request";
const MESSAGE: &[u8] = b"SendRawEmail";

fn hmac(key: &[u8], data: &[u8]) -> Key32 {
    // HMAC accepts keys of any length; the error arm cannot happen.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(data);
    let mut out = mac.finalize().into_bytes();
    let mut key = Key32([0; 32]);
    key.0.copy_from_slice(&out);
    out.zeroize();
    key
}

/// A derived SES SMTP password (44 base64 characters). Wiped on drop; no `Clone`, redacted
/// `Debug`.
#[derive(Debug)]
pub struct SmtpPassword(SecretText);

impl SmtpPassword {
    /// The password text. Expose it only to show, copy or send it on the user's request.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

/// Derives passwords from one secret access key, sharing the region-independent first step.
#[derive(Debug)]
pub struct Deriver {
    k_date: Key32,
}

impl Deriver {
    /// Runs the region-independent step for `secret` (the bytes as the user gave them).
    pub fn new(secret: &str) -> Self {
        // "AWS4" + secret is at most one HMAC block for any real key: assemble it in a stack
        // block wiped right after. Longer input takes what HMAC itself does with a key longer
        // than a block (key it with the SHA-256 of the key), fed in pieces so no copy is made.
        const BLOCK: usize = 64;
        let k_date = if secret.len() <= BLOCK - 4 {
            let mut key = [0u8; BLOCK];
            key[..4].copy_from_slice(b"AWS4");
            key[4..4 + secret.len()].copy_from_slice(secret.as_bytes());
            let k = hmac(&key[..4 + secret.len()], DATE);
            key.zeroize();
            k
        } else {
            let mut h = <Sha256 as Digest>::new();
            h.update(b"AWS4");
            h.update(secret.as_bytes());
            let mut hashed = h.finalize();
            let k = hmac(&hashed, DATE);
            hashed.zeroize();
            k
        };
        Self { k_date }
    }

    /// The SMTP password for `region` (any region code; validation is the caller's job).
    pub fn password(&self, region: &str) -> SmtpPassword {
        let mut out = SecretText::new();
        self.password_into(region, &mut out);
        SmtpPassword(out)
    }

    /// Writes the password for `region` into `out` (cleared first): lets batch conversion reuse
    /// one locked buffer for every row.
    pub fn password_into(&self, region: &str, out: &mut SecretText) {
        let k_region = hmac(&self.k_date.0, region.as_bytes());
        let k_service = hmac(&k_region.0, SERVICE);
        let k_terminal = hmac(&k_service.0, TERMINAL);
        let k_message = hmac(&k_terminal.0, MESSAGE);

        let mut raw = [0u8; 33];
        raw[0] = VERSION;
        raw[1..].copy_from_slice(&k_message.0);
        let mut text = [0u8; PASSWORD_LEN];
        // 33 bytes always encode to exactly 44 characters.
        let n = STANDARD.encode_slice(raw, &mut text).unwrap_or(0);
        out.clear();
        // ASCII always fits a fresh page.
        let _ = out.push_str(std::str::from_utf8(&text[..n]).unwrap_or_default());
        raw.zeroize();
        text.zeroize();
    }
}

/// Derives the SES SMTP password for one secret access key and region.
pub fn smtp_password(secret: &str, region: &str) -> SmtpPassword {
    Deriver::new(secret).password(region)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vectors() -> Vec<(String, String, String)> {
        include_str!("../tests/data/smtp-password.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f[0].into(), f[1].into(), f[2].into())
            })
            .collect()
    }

    #[test]
    fn every_known_answer_vector_matches() {
        let v = vectors();
        assert!(v.len() >= 170);
        for (region, secret, want) in v {
            let got = smtp_password(&secret, &region);
            assert_eq!(got.expose(), want, "{region}");
            assert_eq!(got.expose().len(), PASSWORD_LEN);
            assert!(got.expose().starts_with('B'));
        }
    }

    #[test]
    fn one_deriver_serves_many_regions() {
        let v = vectors();
        let (_, secret, _) = &v[0];
        let d = Deriver::new(secret);
        for r in crate::region::catalogue() {
            assert_eq!(
                d.password(r.code).expose(),
                smtp_password(secret, r.code).expose()
            );
        }
        // And it agrees with the vectors for the same secret.
        assert_eq!(d.password(&v[0].0).expose(), v[0].2);
    }

    #[test]
    fn long_secrets_hash_like_hmac_does() {
        // Keys longer than a block are hashed: both paths agree with a plain HMAC.
        for n in [59, 60, 61, 200] {
            let secret = "a".repeat(n);
            let key = format!("AWS4{secret}");
            let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key.as_bytes()).unwrap();
            mac.update(DATE);
            let want: [u8; 32] = mac.finalize().into_bytes().into();
            assert_eq!(Deriver::new(&secret).k_date.0, want, "{n}");
        }
    }

    #[test]
    fn debug_never_shows_the_password() {
        let p = smtp_password("x", "us-east-1");
        assert!(!format!("{p:?}").contains(p.expose()));
        assert!(!format!("{:?}", Deriver::new("x")).contains("x"));
    }
}
