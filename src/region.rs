//! The SES SMTP region catalogue, read from `assets/regions.tsv` embedded at compile time.

use std::fmt;
use std::sync::LazyLock;

use serde::Serialize;

use crate::tr;

const CATALOGUE_TSV: &str = include_str!("../assets/regions.tsv");

/// One AWS region with an SES SMTP endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// Region code, e.g. `eu-west-1`.
    pub code: &'static str,
    /// Human-readable name, e.g. `Europe (Ireland)`.
    pub name: &'static str,
    /// SMTP endpoint host.
    pub smtp_host: &'static str,
    /// FIPS SMTP endpoint host, where one exists (same password as the region).
    pub fips_host: Option<&'static str>,
    /// AWS partition (`aws`, `aws-us-gov`).
    pub partition: &'static str,
}

impl Region {
    /// The name in the current language (`region.<code>` of the catalogues, e.g.
    /// 아시아 태평양(서울)); `name` stays the English one, as AWS lists it.
    pub fn display_name(&self) -> &'static str {
        crate::i18n::lookup(&format!("region.{}", self.code)).unwrap_or(self.name)
    }
}

static CATALOGUE: LazyLock<Vec<Region>> = LazyLock::new(|| parse_catalogue(CATALOGUE_TSV));

fn parse_catalogue(tsv: &'static str) -> Vec<Region> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let f: Vec<&'static str> = line.split('\t').collect();
            // The file is part of the source tree; `catalogue_is_well_formed` guards it.
            assert_eq!(f.len(), 5, "assets/regions.tsv: bad row {line:?}");
            Region {
                code: f[0],
                name: f[1],
                smtp_host: f[2],
                fips_host: (f[3] != "-").then_some(f[3]),
                partition: f[4],
            }
        })
        .collect()
}

/// Every region with an SES SMTP endpoint, in catalogue order.
pub fn catalogue() -> &'static [Region] {
    &CATALOGUE
}

/// The catalogue entry for `code` (exact, lower-case match).
pub fn find(code: &str) -> Option<&'static Region> {
    catalogue().iter().find(|r| r.code == code)
}

/// A region the user chose: one from the catalogue, or a well-formed code AWS lists no SMTP
/// endpoint for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionChoice {
    /// A catalogue region.
    Known(&'static Region),
    /// A well-formed code outside the catalogue; the password is still derivable.
    Custom(String),
}

impl RegionChoice {
    /// The region code, as used in the derivation.
    pub fn code(&self) -> &str {
        match self {
            RegionChoice::Known(r) => r.code,
            RegionChoice::Custom(c) => c,
        }
    }

    /// The SMTP host: the catalogue's, or the usual pattern for a custom region.
    pub fn smtp_host(&self) -> String {
        match self {
            RegionChoice::Known(r) => r.smtp_host.to_string(),
            RegionChoice::Custom(c) => format!("email-smtp.{c}.amazonaws.com"),
        }
    }

    /// The FIPS host, where the catalogue lists one.
    pub fn fips_host(&self) -> Option<&'static str> {
        match self {
            RegionChoice::Known(r) => r.fips_host,
            RegionChoice::Custom(_) => None,
        }
    }

    /// The warning to show for this choice, if any.
    pub fn warning(&self) -> Option<RegionWarning> {
        match self {
            RegionChoice::Known(_) => None,
            RegionChoice::Custom(c) => Some(RegionWarning::NotInCatalogue(c.clone())),
        }
    }

    /// The region's name in the current language; `None` for a custom region.
    pub fn display_name(&self) -> Option<&'static str> {
        match self {
            RegionChoice::Known(r) => Some(r.display_name()),
            RegionChoice::Custom(_) => None,
        }
    }
}

/// A region that is accepted but deserves a word of caution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionWarning {
    /// Well formed, but AWS lists no SES SMTP endpoint there.
    NotInCatalogue(String),
}

impl fmt::Display for RegionWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegionWarning::NotInCatalogue(c) => {
                f.write_str(&tr!("region_msg.not_in_catalogue", code = c))
            }
        }
    }
}

/// Why a region could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionError {
    /// Nothing was given.
    Empty,
    /// Not shaped like an AWS region code.
    Malformed(String),
    /// Shaped like key material (probably the secret in the region's place): not repeated.
    LooksLikeKey,
}

impl fmt::Display for RegionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let codes = catalogue()
            .iter()
            .map(|r| r.code)
            .collect::<Vec<_>>()
            .join(", ");
        f.write_str(&match self {
            RegionError::Empty => tr!("region_msg.empty", codes = codes),
            RegionError::LooksLikeKey => tr!("region_msg.looks_like_key", codes = codes),
            RegionError::Malformed(s) => {
                tr!(
                    "region_msg.malformed",
                    input = format!("{s:?}"),
                    codes = codes
                )
            }
        })
    }
}

impl std::error::Error for RegionError {}

/// True for codes shaped like AWS region codes: `xx-name-N`, e.g. `me-central-1`, `us-gov-west-1`.
pub fn is_well_formed(code: &str) -> bool {
    let parts: Vec<&str> = code.split('-').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return false;
    };
    first.len() == 2
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && !middle.is_empty()
        && middle
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && !last.is_empty()
        && last.len() <= 2
        && last.bytes().all(|b| b.is_ascii_digit())
}

/// Parses what a user typed: trimmed, case-insensitive for catalogue codes.
pub fn parse(input: &str) -> Result<RegionChoice, RegionError> {
    let code = input.trim().to_ascii_lowercase();
    if code.is_empty() {
        return Err(RegionError::Empty);
    }
    if let Some(r) = find(&code) {
        return Ok(RegionChoice::Known(r));
    }
    if is_well_formed(&code) {
        Ok(RegionChoice::Custom(code))
    } else if crate::validate::looks_like_key_material(input.trim()) {
        Err(RegionError::LooksLikeKey)
    } else {
        Err(RegionError::Malformed(input.trim().to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_well_formed() {
        let c = catalogue();
        assert_eq!(c.len(), 20);
        for r in c {
            assert!(is_well_formed(r.code), "{}", r.code);
            assert_eq!(r.smtp_host, format!("email-smtp.{}.amazonaws.com", r.code));
            assert!(!r.name.is_empty());
            assert!(r.partition == "aws" || r.partition == "aws-us-gov");
        }
        let fips: Vec<&str> = c
            .iter()
            .filter(|r| r.fips_host.is_some())
            .map(|r| r.code)
            .collect();
        assert_eq!(fips, ["us-east-1", "us-west-2", "us-gov-west-1"]);
        assert_eq!(find("sa-east-1").unwrap().name, "South America (São Paulo)");
    }

    #[test]
    fn every_region_has_a_name_in_both_languages() {
        use crate::i18n::{Lang, lookup_in, with_lang};
        for r in catalogue() {
            let key = format!("region.{}", r.code);
            assert_eq!(lookup_in(Lang::En, &key), Some(r.name), "{key}");
            let ko = crate::i18n::get(Lang::Ko, &key);
            assert!(
                ko.is_some_and(|k| k != r.name || r.code.starts_with("us-gov")),
                "{key}"
            );
        }
        let seoul = find("ap-northeast-2").unwrap();
        assert_eq!(seoul.display_name(), "Asia Pacific (Seoul)");
        with_lang(Lang::Ko, || {
            assert_eq!(seoul.display_name(), "아시아 태평양(서울)");
            assert_eq!(seoul.name, "Asia Pacific (Seoul)");
            assert!(parse("").unwrap_err().to_string().contains("리전"));
        });
    }

    #[test]
    fn parse_known_custom_and_bad() {
        assert_eq!(parse(" EU-West-1 ").unwrap().code(), "eu-west-1");
        assert!(parse("eu-west-1").unwrap().warning().is_none());
        let custom = parse("me-central-1").unwrap();
        assert_eq!(custom, RegionChoice::Custom("me-central-1".into()));
        assert!(
            custom
                .warning()
                .unwrap()
                .to_string()
                .contains("me-central-1")
        );
        assert_eq!(custom.smtp_host(), "email-smtp.me-central-1.amazonaws.com");
        assert_eq!(parse(""), Err(RegionError::Empty));
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assert_eq!(parse(secret), Err(RegionError::LooksLikeKey));
        assert!(!RegionError::LooksLikeKey.to_string().contains(secret));
        for bad in [
            "europe",
            "eu-west",
            "eu-1",
            "e-west-1",
            "eu--1",
            "eu-west-x",
            "eu_west_1",
        ] {
            let err = parse(bad).unwrap_err();
            assert!(err.to_string().contains("us-east-1"), "{bad}: {err}");
        }
    }
}
