//! The SES SMTP region catalogue, read from `assets/regions.tsv` embedded at compile time.

use std::fmt;
use std::sync::LazyLock;

use serde::Serialize;

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
            RegionWarning::NotInCatalogue(c) => write!(
                f,
                "AWS lists no SES SMTP endpoint in {c}; the password is derived for it, but \
                 check that SES offers SMTP there (run `seskey regions` for the known ones)"
            ),
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
}

impl fmt::Display for RegionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<&str> = catalogue().iter().map(|r| r.code).collect();
        match self {
            RegionError::Empty => write!(f, "no region given; choose one of: {}", known.join(", ")),
            RegionError::Malformed(s) => write!(
                f,
                "{s:?} is not an AWS region code (they look like eu-west-1); choose one of: {}",
                known.join(", ")
            ),
        }
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
