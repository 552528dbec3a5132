//! Messages in the operator's language (Korean or English), from the catalogues
//! `assets/locales/en.toml` and `assets/locales/ko.toml`, embedded at compile time.
//!
//! - [`t`]`("validate.secret_empty")` gives a message; [`tr!`](crate::tr)`("key", name = value)`
//!   fills its `{name}` placeholders. Keys are the TOML tables and keys joined with dots.
//! - A missing key falls back to English, then to the key itself: never a panic. Tests guard
//!   that both catalogues hold the same keys with the same placeholders, and that every key the
//!   code names exists.
//! - The language is a process-wide setting made once at start ([`set`], from [`detect`]), with a
//!   per-thread override ([`with_lang`]) so parallel tests can render both languages.
//!
//! One small module rather than a framework: the messages are plain strings with named
//! placeholders, and both languages need no plural rules the messages cannot word around.

use std::cell::Cell;
use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};

/// A language seskey speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Lang {
    /// English (the default, and the fallback for a missing message).
    En,
    /// Korean.
    Ko,
}

impl Lang {
    /// Both languages, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The catalogue file stem: `en`, `ko`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// Korean for a value starting with `ko` (`ko`, `ko_KR.UTF-8`, `KO`), else English.
    pub fn from_locale(value: &str) -> Lang {
        if value.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("ko")) {
            Lang::Ko
        } else {
            Lang::En
        }
    }
}

// `EN` and `KO`: the catalogues of `assets/locales/`, compiled into sorted tables by build.rs.
include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The messages of `lang`: (dotted key, message), sorted by key.
pub fn catalogue(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::En => EN,
        Lang::Ko => KO,
    }
}

/// The message `key` in `lang` exactly, without falling back.
pub fn get(lang: Lang, key: &str) -> Option<&'static str> {
    let c = catalogue(lang);
    c.binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|i| c[i].1)
}

/// 0: never set (English); otherwise `Lang as u8 + 1`.
static GLOBAL: AtomicU8 = AtomicU8::new(0);

thread_local! {
    static OVERRIDE: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Sets the process-wide language (once, at start, before other threads run).
pub fn set(lang: Lang) {
    GLOBAL.store(lang as u8 + 1, Ordering::Relaxed);
}

/// The language of this thread: its [`with_lang`] override, else the process-wide one, else
/// English.
pub fn current() -> Lang {
    OVERRIDE
        .with(Cell::get)
        .unwrap_or_else(|| match GLOBAL.load(Ordering::Relaxed) {
            2 => Lang::Ko,
            _ => Lang::En,
        })
}

/// Runs `f` with this thread's language set to `lang` (restored afterwards, also on panic), so
/// that tests running in parallel threads never race on the process-wide language.
pub fn with_lang<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            OVERRIDE.with(|o| o.set(self.0));
        }
    }
    let _restore = Restore(OVERRIDE.with(|o| o.replace(Some(lang))));
    f()
}

/// The message `key` in the current language, or `None` when neither it nor English has it.
/// For keys built at run time (e.g. `region.<code>`); code with a fixed key uses [`t`].
pub fn lookup(key: &str) -> Option<&'static str> {
    lookup_in(current(), key)
}

/// The message `key` in `lang`, falling back to English.
pub fn lookup_in(lang: Lang, key: &str) -> Option<&'static str> {
    get(lang, key).or_else(|| get(Lang::En, key))
}

/// The message `key` in the current language; English when the language lacks it, and the key
/// itself when English lacks it too.
pub fn t(key: &'static str) -> &'static str {
    lookup(key).unwrap_or(key)
}

/// Replaces each `{name}` of `template` with its value from `args`; other braces stay as they are.
/// Used by [`tr!`](crate::tr).
pub fn fill(template: &str, args: &[(&str, &dyn fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (close, v))
        });
        match value {
            Some((close, v)) => {
                out.push_str(&v.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a message (identifier characters between braces), sorted.
#[cfg(test)]
pub fn placeholders(message: &str) -> Vec<&str> {
    let mut names: Vec<&str> = message
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// A message of the current language with its `{name}` placeholders filled:
/// `tr!("region_msg.not_in_catalogue", code = c)`. Gives a `String`.
#[macro_export]
macro_rules! tr {
    ($key:literal $(,)?) => {
        ::std::string::String::from($crate::i18n::t($key))
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::fill(
            $crate::i18n::t($key),
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+],
        )
    };
}

/// The language to speak: `--lang` (already parsed), else `SESKEY_LANG`, else the first non-empty
/// of `LC_ALL`, `LC_MESSAGES`, `LANG` (POSIX precedence). `ko…` means Korean, anything else
/// English. `var` reads the environment (a parameter so that tests need not change it).
pub fn detect(flag: Option<Lang>, var: impl Fn(&str) -> Option<String>) -> Lang {
    if let Some(lang) = flag {
        return lang;
    }
    ["SESKEY_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .find_map(|name| var(name).filter(|v| !v.is_empty()))
        .map_or(Lang::En, |v| Lang::from_locale(&v))
}

/// The value of `--lang` in `argv` (program name first), read before clap parses, so that
/// clap's help and errors can be built in that language. Stops at `--`; a value that is not a
/// language is left for clap to report.
pub fn lang_from_args<S: AsRef<std::ffi::OsStr>>(argv: &[S]) -> Option<Lang> {
    let mut found = None;
    let mut args = argv.iter().skip(1).map(|a| a.as_ref().to_str());
    while let Some(arg) = args.next() {
        let value = match arg {
            Some("--") => break,
            Some("--lang") => args.next().flatten(),
            Some(a) => a.strip_prefix("--lang="),
            None => None,
        };
        if let Some(v) = value {
            found = match v {
                "en" => Some(Lang::En),
                "ko" => Some(Lang::Ko),
                _ => found,
            };
        }
    }
    found
}

/// Detects the language from `argv` and the environment and makes it the process-wide one.
pub fn init_from<S: AsRef<std::ffi::OsStr>>(argv: &[S]) -> Lang {
    let lang = detect(lang_from_args(argv), |name| {
        std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
    });
    set(lang);
    lang
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// build.rs fails the build on a catalogue that does not parse or holds anything but
    /// messages; here: both are real, and sorted without duplicates (lookups binary-search).
    #[test]
    fn catalogues_are_compiled_sorted_and_unique() {
        for lang in [Lang::En, Lang::Ko] {
            let c = catalogue(lang);
            assert!(c.len() > 100, "{}", lang.code());
            assert!(c.windows(2).all(|w| w[0].0 < w[1].0), "{}", lang.code());
        }
        assert_eq!(
            get(Lang::Ko, "region.ap-northeast-2"),
            Some("아시아 태평양(서울)")
        );
        assert_eq!(get(Lang::Ko, "no.such.key"), None);
    }

    /// Every key is in both catalogues, with the same placeholders, and no message is empty.
    #[test]
    fn catalogues_have_the_same_keys_and_placeholders() {
        let en = catalogue(Lang::En);
        let ko = catalogue(Lang::Ko);
        let en_keys: BTreeSet<&str> = en.iter().map(|(k, _)| *k).collect();
        let ko_keys: BTreeSet<&str> = ko.iter().map(|(k, _)| *k).collect();
        let only_en: Vec<_> = en_keys.difference(&ko_keys).collect();
        let only_ko: Vec<_> = ko_keys.difference(&en_keys).collect();
        assert!(only_en.is_empty(), "keys missing from ko.toml: {only_en:?}");
        assert!(only_ko.is_empty(), "keys missing from en.toml: {only_ko:?}");
        let mut differ = Vec::new();
        for (k, e) in en {
            let Some(k_msg) = get(Lang::Ko, k) else {
                continue;
            };
            assert!(
                !e.trim().is_empty() && !k_msg.trim().is_empty(),
                "{k} is empty"
            );
            if placeholders(e) != placeholders(k_msg) {
                differ.push(format!(
                    "{k}: en {:?}, ko {:?}",
                    placeholders(e),
                    placeholders(k_msg)
                ));
            }
        }
        assert!(differ.is_empty(), "placeholders differ: {differ:#?}");
    }

    /// Every key named in the code by `t("…")`, `lookup("…")` or `tr!("…"` exists in both catalogues.
    #[test]
    fn every_key_used_in_the_code_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        let mut used = 0;
        let mut missing = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            for key in keys_used(&text) {
                used += 1;
                for lang in Lang::ALL {
                    if get(lang, key).is_none() {
                        missing.push(format!("{}: {key} ({})", file.display(), lang.code()));
                    }
                }
            }
        }
        assert!(used > 150, "the scan found only {used} keys");
        assert!(
            missing.is_empty(),
            "keys missing from a catalogue: {missing:#?}"
        );
    }

    /// The keys in `t("…")`, `lookup("…")` and `tr!("…"` calls of a source text (whitespace may
    /// follow the parenthesis).
    fn keys_used(text: &str) -> Vec<&str> {
        let mut keys = Vec::new();
        for opener in ["t(", "tr!(", "lookup("] {
            let mut from = 0;
            while let Some(i) = text[from..].find(opener) {
                let at = from + i;
                from = at + opener.len();
                // `t(` must not be the end of a longer name (`split(`, `print(`).
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let Some(rest) = text[from..].trim_start().strip_prefix('"') else {
                    continue;
                };
                if let Some(end) = rest.find('"') {
                    let key = &rest[..end];
                    // Keys are lower-case ASCII words joined by dots (`validate.secret_empty`).
                    let is_key =
                        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
                    if key.contains('.') && key.chars().all(is_key) {
                        keys.push(key);
                    }
                }
            }
        }
        keys
    }

    #[test]
    fn the_key_scan_finds_calls_only() {
        let src = concat!(
            "t(\"a.b\") i18n::t(\"c.d\") split(\"g\") tr!(\"e.f\", x = 1) ",
            "tr!(\n  \"g.h\", x = 1) t(key)"
        );
        assert_eq!(keys_used(src), ["a.b", "c.d", "e.f", "g.h"]);
    }

    #[test]
    fn lookups_fall_back_without_panicking() {
        let unknown: &'static str = concat!("no.such", ".key");
        assert_eq!(t(unknown), unknown);
        assert_eq!(lookup(unknown), None);
        with_lang(Lang::Ko, || {
            assert_eq!(t("region.ap-northeast-2"), "아시아 태평양(서울)");
            assert_eq!(t(unknown), unknown);
        });
        assert_eq!(t("region.ap-northeast-2"), "Asia Pacific (Seoul)");
    }

    #[test]
    fn fill_substitutes_named_placeholders_only() {
        let n = 3;
        assert_eq!(
            fill(
                "{n} of {total} {unknown} {",
                &[("n", &n), ("total", &"ten")]
            ),
            "3 of ten {unknown} {"
        );
        assert_eq!(placeholders("a {x} {y_1} {x} {not one} {}"), ["x", "y_1"]);
    }

    #[test]
    fn with_lang_overrides_this_thread_only() {
        with_lang(Lang::Ko, || {
            assert_eq!(current(), Lang::Ko);
            let other = std::thread::spawn(current).join().unwrap();
            assert_eq!(other, Lang::En);
            with_lang(Lang::En, || assert_eq!(current(), Lang::En));
            assert_eq!(current(), Lang::Ko);
        });
        assert_eq!(current(), Lang::En);
    }

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn language_precedence() {
        let all = [
            ("SESKEY_LANG", "ko"),
            ("LC_ALL", "en_US.UTF-8"),
            ("LC_MESSAGES", "ko_KR.UTF-8"),
            ("LANG", "en_GB.UTF-8"),
        ];
        // --lang beats everything.
        assert_eq!(detect(Some(Lang::En), env(&all)), Lang::En);
        assert_eq!(detect(Some(Lang::Ko), env(&[("LANG", "C")])), Lang::Ko);
        // SESKEY_LANG beats the locale.
        assert_eq!(detect(None, env(&all)), Lang::Ko);
        assert_eq!(
            detect(None, env(&[("SESKEY_LANG", "en"), ("LANG", "ko_KR")])),
            Lang::En
        );
        // LC_ALL beats LC_MESSAGES beats LANG.
        assert_eq!(detect(None, env(&all[1..])), Lang::En);
        assert_eq!(detect(None, env(&all[2..])), Lang::Ko);
        assert_eq!(detect(None, env(&all[3..])), Lang::En);
        assert_eq!(
            detect(None, env(&[("LC_ALL", "ko_KR.UTF-8"), ("LANG", "C")])),
            Lang::Ko
        );
        // Empty values are skipped, as POSIX says.
        assert_eq!(
            detect(
                None,
                env(&[("SESKEY_LANG", ""), ("LC_ALL", ""), ("LANG", "ko_KR.UTF-8")])
            ),
            Lang::Ko
        );
        // Nothing set, C, other languages: English.
        assert_eq!(detect(None, env(&[])), Lang::En);
        assert_eq!(detect(None, env(&[("LANG", "C.UTF-8")])), Lang::En);
        assert_eq!(detect(None, env(&[("LANG", "fr_FR.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale("KO"), Lang::Ko);
        assert_eq!(Lang::from_locale("k"), Lang::En);
    }

    #[test]
    fn lang_flag_is_found_before_clap() {
        let f = |args: &[&str]| lang_from_args(args);
        assert_eq!(f(&["seskey", "--lang", "ko", "regions"]), Some(Lang::Ko));
        assert_eq!(f(&["seskey", "regions", "--lang=ko"]), Some(Lang::Ko));
        assert_eq!(f(&["seskey", "--lang=ko", "--lang", "en"]), Some(Lang::En));
        assert_eq!(f(&["seskey", "--lang", "fr"]), None);
        assert_eq!(f(&["seskey", "--lang"]), None);
        assert_eq!(f(&["seskey", "--", "--lang", "ko"]), None);
        assert_eq!(f(&["seskey", "derive"]), None);
    }
}
