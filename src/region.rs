//! The SES SMTP region catalogue, read from `assets/regions.tsv` embedded at compile time.

use std::fmt;
use std::sync::LazyLock;

use serde::Serialize;

use crate::i18n::t;
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

    /// The SMTP host: the catalogue's, or `email-smtp.CODE.DOMAIN` with the domain of the
    /// code's partition (`amazonaws.com`, `amazonaws.eu` in the European Sovereign Cloud).
    pub fn smtp_host(&self) -> String {
        match self {
            RegionChoice::Known(r) => r.smtp_host.to_string(),
            RegionChoice::Custom(c) => {
                let domain = partition_of(c).map_or("amazonaws.com", |p| p.dns_suffix);
                format!("email-smtp.{c}.{domain}")
            }
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
            RegionChoice::Custom(c) => Some(RegionWarning::NotInCatalogue {
                code: c.clone(),
                host: self.smtp_host(),
            }),
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
    /// Shaped like a region of a partition with SES, but not in seskey's list (AWS may have
    /// added it since): the host is assumed.
    NotInCatalogue {
        /// The region code.
        code: String,
        /// The SMTP host assumed for it.
        host: String,
    },
}

impl fmt::Display for RegionWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegionWarning::NotInCatalogue { code, host } => f.write_str(&tr!(
                "region_msg.not_in_catalogue",
                code = code,
                host = host
            )),
        }
    }
}

/// Why a region could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionError {
    /// Nothing was given.
    Empty,
    /// Shaped like key material (probably the secret in the region's place): not repeated.
    LooksLikeKey,
    /// Neither a region code nor a name seskey knows, and nothing close to it.
    Unknown(String),
    /// Not one region exactly: these are close (a partial name, several matches, a typo).
    DidYouMean {
        /// What was given.
        input: String,
        /// The closest regions, best first.
        choices: Vec<&'static Region>,
    },
    /// A region of a partition where AWS offers no SES (China, the isolated partitions).
    NoSes {
        /// The region code.
        code: String,
        /// The partition's id, e.g. `aws-cn`.
        partition: &'static str,
    },
}

impl fmt::Display for RegionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            RegionError::Empty => t("region_msg.empty").to_string(),
            RegionError::LooksLikeKey => t("region_msg.looks_like_key").to_string(),
            RegionError::Unknown(s) => tr!("region_msg.unknown", input = format!("{s:?}")),
            RegionError::DidYouMean { input, choices } => tr!(
                "region_msg.did_you_mean",
                input = format!("{input:?}"),
                choices = choice_list(choices),
                example = choices.first().map_or("eu-west-1", |r| r.code)
            ),
            RegionError::NoSes { code, partition } => {
                tr!("region_msg.no_ses", code = code, partition = partition)
            }
        })
    }
}

impl std::error::Error for RegionError {}

/// `a (A), b (B) or c (C)` in the current language, names shortened to the city; past
/// [`SHOWN_CHOICES`], the first ones and "and N more (`seskey regions` lists all)".
fn choice_list(choices: &[&Region]) -> String {
    let items: Vec<String> = choices
        .iter()
        .map(|r| tr!("region_msg.choice", code = r.code, name = r.short_name()))
        .collect();
    if items.len() > SHOWN_CHOICES {
        return tr!(
            "region_msg.and_more",
            choices = items[..SHOWN_CHOICES].join(", "),
            more = items.len() - SHOWN_CHOICES
        );
    }
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{}{last}", rest.join(", "), t("region_msg.or")),
    }
}

/// An AWS partition: its region codes' shape and DNS domain, and whether AWS offers SES there.
/// From botocore 1.44.8 `data/partitions.json` (`regionRegex`, `dnsSuffix`) and
/// `data/endpoints.json` (service `email`), checked 2026-11-29.
#[derive(Debug, PartialEq, Eq)]
pub struct Partition {
    /// Partition id, e.g. `aws-cn`.
    pub id: &'static str,
    /// What comes before `-NAME-N` in its region codes (botocore's `regionRegex`).
    pub heads: &'static [&'static str],
    /// DNS domain of its endpoints.
    pub dns_suffix: &'static str,
    /// Whether botocore lists the SES (`email`) service in it.
    pub has_ses: bool,
}

/// The partitions, most specific heads first (`us-gov` before `us`).
pub const PARTITIONS: &[Partition] = &[
    Partition {
        id: "aws-us-gov",
        heads: &["us-gov"],
        dns_suffix: "amazonaws.com",
        has_ses: true,
    },
    Partition {
        id: "aws-iso",
        heads: &["us-iso"],
        dns_suffix: "c2s.ic.gov",
        has_ses: false,
    },
    Partition {
        id: "aws-iso-b",
        heads: &["us-isob"],
        dns_suffix: "sc2s.sgov.gov",
        has_ses: false,
    },
    Partition {
        id: "aws-iso-e",
        heads: &["eu-isoe"],
        dns_suffix: "cloud.adc-e.uk",
        has_ses: false,
    },
    Partition {
        id: "aws-iso-f",
        heads: &["us-isof"],
        dns_suffix: "csp.hci.ic.gov",
        has_ses: false,
    },
    Partition {
        id: "aws-eusc",
        heads: &["eusc-de"],
        dns_suffix: "amazonaws.eu",
        has_ses: true,
    },
    Partition {
        id: "aws-cn",
        heads: &["cn"],
        dns_suffix: "amazonaws.com.cn",
        has_ses: false,
    },
    Partition {
        id: "aws",
        heads: &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"],
        dns_suffix: "amazonaws.com",
        has_ses: true,
    },
];

/// The partition whose region codes `code` is shaped like (`HEAD-NAME-N`, lower case), if any.
pub fn partition_of(code: &str) -> Option<&'static Partition> {
    PARTITIONS.iter().find(|p| {
        p.heads.iter().any(|head| {
            code.strip_prefix(head)
                .and_then(|rest| rest.strip_prefix('-'))
                .and_then(|rest| rest.split_once('-'))
                .is_some_and(|(name, n)| {
                    !name.is_empty()
                        && name
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                        && !n.is_empty()
                        && n.len() <= 2
                        && n.bytes().all(|b| b.is_ascii_digit())
                })
        })
    })
}

/// True for codes seskey can build an SES SMTP host for: shaped like a region of a partition
/// where AWS offers SES (`me-central-1`, `us-gov-west-1`, `eusc-de-east-1`), or like a
/// commercial region code with a head botocore does not list yet (`xx-name-N`: AWS adds new
/// geographies, e.g. `mx` in 2025). China and the isolated partitions are not (see [`parse`]).
pub fn is_well_formed(code: &str) -> bool {
    partition_of(code).map_or_else(|| plain_shape(code), |p| p.has_ses)
}

/// `xx-name-N` or `xx-name-name-N`: two lower-case letters, words, a number of one or two digits.
fn plain_shape(code: &str) -> bool {
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

/// Parses what a user typed: a region code (any case), or a region's name in English or Korean
/// (accents and case ignored) when it names exactly one region; see [`lookup`].
pub fn parse(input: &str) -> Result<RegionChoice, RegionError> {
    let trimmed = input.trim();
    let code = trimmed.to_ascii_lowercase();
    if code.is_empty() {
        return Err(RegionError::Empty);
    }
    if let Some(r) = find(&code) {
        return Ok(RegionChoice::Known(r));
    }
    if let Some(p) = partition_of(&code) {
        return if p.has_ses {
            Ok(RegionChoice::Custom(code))
        } else {
            Err(RegionError::NoSes {
                code,
                partition: p.id,
            })
        };
    }
    if plain_shape(&code) {
        return Ok(RegionChoice::Custom(code));
    }
    if crate::validate::looks_like_key_material(trimmed) {
        return Err(RegionError::LooksLikeKey);
    }
    match lookup(trimmed) {
        Lookup::Found(r) => Ok(RegionChoice::Known(r)),
        Lookup::Choices(choices) => Err(RegionError::DidYouMean {
            input: trimmed.to_string(),
            choices,
        }),
        Lookup::Nothing => Err(RegionError::Unknown(trimmed.to_string())),
    }
}

impl Region {
    /// The part of the current language's name in parentheses (`Seoul`, `서울`), or the whole
    /// name when it has none.
    pub fn short_name(&self) -> &'static str {
        let name = self.display_name();
        name.split_once('(')
            .and_then(|(_, rest)| rest.strip_suffix(')'))
            .unwrap_or(name)
    }

    /// Every word the region answers to, folded (see [`fold`]): its code, the code's parts, and
    /// the words of its English and Korean names.
    fn words(&self) -> Vec<String> {
        let mut words = vec![self.code.to_string()];
        words.extend(self.code.split('-').map(str::to_string));
        let ko = crate::i18n::lookup_in(crate::i18n::Lang::Ko, &format!("region.{}", self.code));
        for name in [Some(self.name), ko].into_iter().flatten() {
            words.extend(
                fold(name)
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_string),
            );
        }
        words
    }
}

/// Lower case without accents, for matching names as people type them (`São` → `sao`).
/// Hand-written for the Latin letters with diacritics: region names and what people type for
/// them need no more, and a full Unicode decomposition table would be a dependency for two
/// letters. Hangul and everything else pass through lower-cased.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'ì'..='ï' | 'ī' | 'į' | 'ı' => 'i',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò'..='ö' | 'ø' | 'ō' | 'ő' => 'o',
            'ù'..='ü' | 'ū' | 'ů' | 'ű' => 'u',
            'ý' | 'ÿ' => 'y',
            'ś' | 'š' => 's',
            'ź' | 'ż' | 'ž' => 'z',
            'ł' => 'l',
            'ř' => 'r',
            'ß' => {
                out.push_str("ss");
                continue;
            }
            c => c,
        };
        out.push(plain);
    }
    out
}

/// The words of a query: folded, split at spaces and punctuation other than `-` (kept so that
/// `us-east` matches codes).
fn query_words(query: &str) -> Vec<String> {
    fold(query)
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when every word of `query` begins a word of the region (code, code part, English or
/// Korean name; accents and case ignored): `seoul`, `서울`, `sao paulo`, `us-east`, `asia pac`.
/// An empty query matches every region. For filtering a list as the user types.
pub fn matches(region: &Region, query: &str) -> bool {
    let words = region.words();
    query_words(query)
        .iter()
        .all(|q| words.iter().any(|w| w.starts_with(q.as_str())))
}

/// What a typed region name or code designates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Exactly one region: the code, or whole words that fit only this region.
    Found(&'static Region),
    /// Not one region exactly, but these are close (best first): partial words, several
    /// regions, or a typo.
    Choices(Vec<&'static Region>),
    /// Nothing near.
    Nothing,
}

/// Most near misses (typos) listed in [`Lookup::Choices`]; word matches are all listed, since
/// dropping one (`europe` without eu-north-1) hides a right answer.
const MAX_CHOICES: usize = 6;

/// Most choices a did-you-mean message names before "and N more".
const SHOWN_CHOICES: usize = 8;

/// Resolves what a user typed to a catalogue region without guessing: the code, or whole words
/// (`seoul`, `서울`, `sao paulo`, `n virginia`) that fit one region only. A part of a word
/// (`seo`), words that fit several regions (`europe`, `us-east`) or a near miss (`seol`) give
/// [`Lookup::Choices`] to ask about. Used by the command line; a list filter uses [`matches`].
pub fn lookup(query: &str) -> Lookup {
    let q = query_words(query);
    if q.is_empty() {
        return Lookup::Nothing;
    }
    if let Some(r) = find(&fold(query.trim())) {
        return Lookup::Found(r);
    }
    let mut exact = Vec::new();
    let mut partial = Vec::new();
    for r in catalogue() {
        let words = r.words();
        if q.iter().all(|w| words.contains(w)) {
            exact.push(r);
        } else if q
            .iter()
            .all(|w| words.iter().any(|x| x.starts_with(w.as_str())))
        {
            partial.push(r);
        }
    }
    match exact.as_slice() {
        [one] => return Lookup::Found(one),
        [] => {}
        _ => return Lookup::Choices(exact),
    }
    if !partial.is_empty() {
        return Lookup::Choices(partial);
    }
    let near = near_misses(&q);
    if near.is_empty() {
        Lookup::Nothing
    } else {
        Lookup::Choices(near)
    }
}

/// Regions with a word (or code) within a small edit distance of the query's words, closest
/// first: `seol` → Seoul, `frankfrut` → Frankfurt, `eu-wset-1` → eu-west-1.
fn near_misses(q: &[String]) -> Vec<&'static Region> {
    let whole = q.join(" ");
    let budget = |n: usize| match n {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    };
    let mut scored: Vec<(usize, &'static Region)> = catalogue()
        .iter()
        .filter_map(|r| {
            let words = r.words();
            let best = q
                .iter()
                .chain(std::iter::once(&whole))
                .filter_map(|w| {
                    let d = words
                        .iter()
                        .map(|x| strsim::damerau_levenshtein(w, x))
                        .min()?;
                    (d <= budget(w.chars().count())).then_some(d)
                })
                .min()?;
            Some((best, r))
        })
        .collect();
    scored.sort_by_key(|&(d, _)| d);
    scored
        .into_iter()
        .take(MAX_CHOICES)
        .map(|(_, r)| r)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The nine regions issue 14 found missing: one list, which tests/journey_cli.rs reads too.
    fn added() -> Vec<&'static str> {
        let text = include_str!("../tests/data/regions-added.txt");
        text.lines().filter(|l| !l.starts_with('#')).collect()
    }

    #[test]
    fn catalogue_is_well_formed() {
        let c = catalogue();
        assert_eq!(c.len(), 29);
        assert_eq!(c.iter().filter(|r| r.partition == "aws").count(), 27);
        assert_eq!(c.iter().filter(|r| r.partition == "aws-us-gov").count(), 2);
        for r in c {
            assert!(is_well_formed(r.code), "{}", r.code);
            assert_eq!(partition_of(r.code).unwrap().id, r.partition, "{}", r.code);
            assert_eq!(r.smtp_host, format!("email-smtp.{}.amazonaws.com", r.code));
            assert!(!r.name.is_empty());
        }
        let added = added();
        assert_eq!(added.len(), 9, "tests/data/regions-added.txt: {added:?}");
        for code in added {
            assert!(find(code).is_some(), "{code}");
        }
        let fips: Vec<&str> = c
            .iter()
            .filter(|r| r.fips_host.is_some())
            .map(|r| r.code)
            .collect();
        assert_eq!(fips, ["us-east-1", "us-west-2", "us-gov-west-1"]);
        assert_eq!(find("sa-east-1").unwrap().name, "South America (São Paulo)");
        assert_eq!(find("me-central-1").unwrap().name, "Middle East (UAE)");
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
            assert_eq!(seoul.short_name(), "서울");
            assert_eq!(find("il-central-1").unwrap().short_name(), "텔아비브");
            assert_eq!(seoul.name, "Asia Pacific (Seoul)");
            assert!(parse("").unwrap_err().to_string().contains("리전"));
        });
    }

    #[test]
    fn parse_known_custom_and_bad() {
        assert_eq!(parse(" EU-West-1 ").unwrap().code(), "eu-west-1");
        assert!(parse("eu-west-1").unwrap().warning().is_none());
        assert!(parse("me-central-1").unwrap().warning().is_none());
        let custom = parse("ap-southeast-7").unwrap();
        assert_eq!(custom, RegionChoice::Custom("ap-southeast-7".into()));
        let w = custom.warning().unwrap().to_string();
        assert!(w.contains("ap-southeast-7"), "{w}");
        assert!(w.contains("not in seskey's list"), "{w}");
        assert!(w.contains("2026-11-29"), "{w}");
        assert!(!w.contains("AWS lists no"), "{w}");
        assert_eq!(
            custom.smtp_host(),
            "email-smtp.ap-southeast-7.amazonaws.com"
        );
        assert_eq!(parse(""), Err(RegionError::Empty));
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assert_eq!(parse(secret), Err(RegionError::LooksLikeKey));
        assert!(!RegionError::LooksLikeKey.to_string().contains(secret));
        for bad in [
            "eu-1",
            "e-west-1",
            "eu--1",
            "eu-west-x",
            "europe-west",
            "xyzzy",
        ] {
            let err = parse(bad).unwrap_err();
            assert!(
                matches!(
                    err,
                    RegionError::Unknown(_) | RegionError::DidYouMean { .. }
                ),
                "{bad}: {err:?}"
            );
            assert!(err.to_string().contains("seskey"), "{bad}: {err}");
        }
    }

    #[test]
    fn other_partitions_get_their_own_domain_or_are_refused() {
        // The European Sovereign Cloud: SES listed by botocore, domain amazonaws.eu.
        let eusc = parse("eusc-de-east-1").unwrap();
        assert_eq!(eusc.smtp_host(), "email-smtp.eusc-de-east-1.amazonaws.eu");
        assert!(eusc.warning().unwrap().to_string().contains("amazonaws.eu"));
        // China and the isolated partitions: no SES, so no host is made up.
        for (code, partition) in [
            ("cn-north-1", "aws-cn"),
            ("cn-northwest-1", "aws-cn"),
            ("us-iso-east-1", "aws-iso"),
            ("us-isob-east-1", "aws-iso-b"),
            ("eu-isoe-west-1", "aws-iso-e"),
        ] {
            let e = parse(code).unwrap_err();
            assert_eq!(
                e,
                RegionError::NoSes {
                    code: code.into(),
                    partition
                }
            );
            assert!(e.to_string().contains("no SES"), "{e}");
            assert!(!is_well_formed(code), "{code}");
        }
        assert_eq!(partition_of("us-gov-west-1").unwrap().id, "aws-us-gov");
        assert_eq!(partition_of("mx-central-1").unwrap().id, "aws");
        assert!(partition_of("eu-west").is_none());
        // A head botocore does not list yet: accepted for the commercial domain, with the warning.
        let new_head = parse("zz-west-1").unwrap();
        assert_eq!(new_head.smtp_host(), "email-smtp.zz-west-1.amazonaws.com");
        assert!(new_head.warning().is_some());
    }

    fn found(q: &str) -> &'static str {
        match lookup(q) {
            Lookup::Found(r) => r.code,
            other => panic!("{q}: {other:?}"),
        }
    }

    fn choices(q: &str) -> Vec<&'static str> {
        match lookup(q) {
            Lookup::Choices(v) => v.iter().map(|r| r.code).collect(),
            other => panic!("{q}: {other:?}"),
        }
    }

    #[test]
    fn names_in_english_and_korean_find_one_region() {
        assert_eq!(found("seoul"), "ap-northeast-2");
        assert_eq!(found("Seoul"), "ap-northeast-2");
        assert_eq!(found("서울"), "ap-northeast-2");
        assert_eq!(found("sao paulo"), "sa-east-1");
        assert_eq!(found("São Paulo"), "sa-east-1");
        assert_eq!(found("SAO PAULO"), "sa-east-1");
        assert_eq!(found("상파울루"), "sa-east-1");
        assert_eq!(found("N. Virginia"), "us-east-1");
        assert_eq!(found("Asia Pacific (Seoul)"), "ap-northeast-2");
        assert_eq!(found("아시아 태평양(서울)"), "ap-northeast-2");
        assert_eq!(found("zürich"), "eu-central-2");
        assert_eq!(found("Tel Aviv"), "il-central-1");
        assert_eq!(found("uae"), "me-central-1");
        assert_eq!(found("바레인"), "me-south-1");
        assert_eq!(found("AP-NORTHEAST-2"), "ap-northeast-2");
    }

    #[test]
    fn partial_or_shared_words_ask_instead_of_guessing() {
        assert_eq!(choices("us-east"), ["us-east-1", "us-east-2"]);
        assert_eq!(choices("canada"), ["ca-central-1", "ca-west-1"]);
        assert_eq!(choices("seo"), ["ap-northeast-2"]);
        assert_eq!(choices("middle east"), ["me-central-1", "me-south-1"]);
        let europe = choices("europe");
        assert!(europe.len() > 1 && europe.iter().all(|c| c.starts_with("eu-")));
        // A secret's tail typed where a region goes (issue 14) names nothing.
        assert_eq!(lookup("EY"), Lookup::Nothing);
        // Typos: the nearest regions are offered.
        assert_eq!(choices("seol"), ["ap-northeast-2"]);
        assert_eq!(choices("frankfrut"), ["eu-central-1"]);
        assert!(choices("eu-wset-1").contains(&"eu-west-1"));
        assert_eq!(lookup("xyzzy"), Lookup::Nothing);
        assert_eq!(lookup("  "), Lookup::Nothing);
    }

    #[test]
    fn did_you_mean_drops_no_candidate_silently() {
        // `europe` fits seven regions: all seven are named, eu-north-1 included.
        let europe = choices("europe");
        assert_eq!(europe.len(), 7, "{europe:?}");
        let e = parse("europe").unwrap_err().to_string();
        for code in &europe {
            assert!(e.contains(code), "{code} missing from {e}");
        }
        assert!(e.contains("eu-north-1"), "{e}");
        // `asia` fits more than a message lists: the rest are counted, not dropped unsaid.
        let asia = choices("asia");
        assert!(asia.len() > SHOWN_CHOICES, "{asia:?}");
        let e = parse("asia").unwrap_err().to_string();
        let more = asia.len() - SHOWN_CHOICES;
        assert!(
            e.contains(&format!("and {more} more (`seskey regions` lists all)")),
            "{e}"
        );
        let ko = crate::i18n::with_lang(crate::i18n::Lang::Ko, || {
            parse("asia").unwrap_err().to_string()
        });
        assert!(ko.contains(&format!("외 {more}개")), "{ko}");
    }

    #[test]
    fn did_you_mean_names_code_and_city() {
        let e = parse("seol").unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"seol\" does not name one region seskey knows: did you mean ap-northeast-2 \
             (Seoul)? Give its code, e.g. ap-northeast-2"
        );
        let e = parse("us-east").unwrap_err().to_string();
        assert!(
            e.contains("us-east-1 (N. Virginia) or us-east-2 (Ohio)"),
            "{e}"
        );
        let ko = crate::i18n::with_lang(crate::i18n::Lang::Ko, || {
            parse("us-east").unwrap_err().to_string()
        });
        assert!(
            ko.contains("us-east-1(버지니아 북부) 또는 us-east-2(오하이오)"),
            "{ko}"
        );
    }

    #[test]
    fn the_filter_matches_word_beginnings_without_accents() {
        let sa = find("sa-east-1").unwrap();
        for q in [
            "sao paulo",
            "São",
            "paulo",
            "sa-east",
            "남아",
            "",
            "south am",
        ] {
            assert!(matches(sa, q), "{q}");
        }
        let sydney = find("ap-southeast-2").unwrap();
        assert!(!matches(sydney, "EY"));
        assert!(matches(sydney, "syd"));
        assert_eq!(fold("São Paulo ZÜRICH"), "sao paulo zurich");
    }
}
