//! `--help` in the current language: the clap definition (`args.rs`, English doc comments) is
//! rewritten at run time from the catalogues' `help.*` keys.
//!
//! Keys: `help.about`, `help.long_about`, `help.after_help` and `help.arg.<id>` for the top
//! level; `help.<subcommand>.about`, `.after_help` and `.arg.<id>` for a subcommand, where a
//! subcommand's argument falls back to `help.arg.<id>` (shared by flattened groups such as the
//! login check's options); `help.value.<enum>.<value>` for the values of an option;
//! `help.heading.<slug>` for a heading. `tests::every_argument_has_help` keeps them complete.
//! Clap's own words ("Usage", "Options", "Print help") stay English.

use std::marker::PhantomData;

use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};
use clap::{Arg, ArgMatches, Command, CommandFactory, FromArgMatches, ValueEnum};

use super::Cli;
use crate::i18n::{lookup, t};

/// The subcommands whose help is localized (the visible ones); a test keeps it in step with clap.
const LOCALIZED: &[&str] = &[
    "derive",
    "check",
    "regions",
    "batch",
    "policy",
    "keys",
    "rotate",
    "create-user",
    "completions",
];

/// The clap command with every help text in the current language.
pub fn command() -> Command {
    command_for(None)
}

/// The clap command localized for one run: with `only`, the subcommand argv names, the other
/// subcommands keep clap's English definition (their help cannot be shown in that run, and
/// parsing does not depend on it). Localizing all of them cost `seskey derive` a third of its
/// start-up instructions once the rotation commands arrived.
fn command_for(only: Option<&str>) -> Command {
    let wanted = |name: &str| only.is_none_or(|o| o == name);
    let cmd = Cli::command()
        .about(t("help.about"))
        .long_about(t("help.long_about"))
        .after_help(t("help.after_help"))
        .mut_args(|a| localize_arg(a, None))
        .mut_arg("lang", |a| {
            a.value_parser(Localized::<crate::i18n::Lang>::new("lang"))
        })
        // The wizard's login check options (`NetArgs`) at the top level, as under `derive`/`check`.
        .mut_arg("tls", |a| {
            a.value_parser(Localized::<super::check::TlsArg>::new("tls"))
        })
        .mut_subcommands(|sub| {
            let name = sub.get_name().to_string();
            if sub.is_hide_set() || !wanted(&name) {
                return sub;
            }
            let mut sub = sub.mut_args(|a| localize_arg(a, Some(&name)));
            if let Some(about) = lookup(&format!("help.{name}.about")) {
                sub = sub.about(about).long_about(None::<&str>);
            }
            if let Some(after) = lookup(&format!("help.{name}.after_help")) {
                sub = sub.after_help(after);
            }
            sub
        });
    let subs: [(&str, Localize); 7] = [
        ("derive", |c| {
            localize_delivery(c.mut_arg("region", region_hints))
        }),
        ("check", |c| {
            c.mut_arg("region", region_hints)
                .mut_arg("format", |a| {
                    a.value_parser(Localized::<super::check::CheckFormat>::new("check_format"))
                })
                .mut_arg("tls", |a| {
                    a.value_parser(Localized::<super::check::TlsArg>::new("tls"))
                })
        }),
        ("batch", |c| c.mut_arg("region", region_hints)),
        ("keys", |c| {
            c.mut_arg("format", |a| {
                a.value_parser(Localized::<super::keys::KeysFormat>::new("keys_format"))
            })
        }),
        ("rotate", localize_delivery),
        ("create-user", localize_delivery),
        ("regions", |c| {
            c.mut_arg("format", |a| {
                a.value_parser(Localized::<super::args::RegionsFormat>::new(
                    "regions_format",
                ))
            })
        }),
    ];
    subs.into_iter()
        .filter(|(name, _)| wanted(name))
        .fold(cmd, |cmd, (name, f)| cmd.mut_subcommand(name, f))
}

/// A step that localizes one subcommand's value help.
type Localize = fn(Command) -> Command;

/// The value help of the options `derive`, `rotate` and `create-user` share.
fn localize_delivery(c: Command) -> Command {
    c.mut_arg("format", |a| {
        a.value_parser(Localized::<super::args::DeriveFormat>::new("derive_format"))
    })
    .mut_arg("tls", |a| {
        a.value_parser(Localized::<super::check::TlsArg>::new("tls"))
    })
}

fn localize_arg(a: Arg, sub: Option<&str>) -> Arg {
    if a.is_hide_set() {
        return a;
    }
    let id = a.get_id().as_str().to_string();
    let own = sub.and_then(|s| lookup(&format!("help.{s}.arg.{id}")));
    let mut a = match own.or_else(|| lookup(&format!("help.arg.{id}"))) {
        Some(help) => a.help(help).long_help(None::<&str>),
        None => a,
    };
    if a.get_help_heading() == Some("Login check") {
        a = a.help_heading(t("help.heading.login_check"));
    }
    a
}

/// `--region`: any text (names and new codes are resolved later, by `region::parse`), with the
/// catalogue's codes as possible values so that shell completion offers them. Hidden from
/// `--help`, where 29 codes would bury the rest (`seskey regions` lists them).
fn region_hints(a: Arg) -> Arg {
    a.value_parser(RegionHints).hide_possible_values(true)
}

/// The value parser of `--region`: accepts every string, proposes the catalogue's codes.
#[derive(Clone)]
struct RegionHints;

impl TypedValueParser for RegionHints {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            crate::region::catalogue()
                .iter()
                .map(|r| PossibleValue::new(r.code).help(r.display_name())),
        ))
    }
}

/// Writes the completion script for `shell`. Hidden subcommands (the clipboard keeper, which
/// seskey starts itself) and hidden arguments (`keys`' stand-ins for the clipboard options) are
/// left out: clap_complete lists hidden ones too, so the script is generated from a copy of the
/// command without them.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    let full = command();
    // The global options are handed down here, not by clap: clap would hand them to `keys`
    // again once its same-named hidden stand-ins are gone.
    let globals: Vec<Arg> = full
        .get_arguments()
        .filter(|a| a.is_global_set())
        .map(|a| a.clone().global(false))
        .collect();
    let mut cmd = Command::new("seskey")
        .args(full.get_arguments().map(|a| a.clone().global(false)))
        .subcommands(
            full.get_subcommands()
                .filter(|s| !s.is_hide_set())
                .map(|s| visible_only(s, &globals)),
        );
    if let Some(about) = full.get_about() {
        cmd = cmd.about(about.clone());
    }
    if full.get_version().is_some() {
        cmd = cmd.version(env!("CARGO_PKG_VERSION"));
    }
    clap_complete::generate(shell, &mut cmd, "seskey", out);
}

/// `sub` for completion: its visible arguments and subcommands, and each of `globals` it does
/// not define itself (a hidden stand-in keeps a global out, as with clap).
fn visible_only(sub: &Command, globals: &[Arg]) -> Command {
    let own = |id: &clap::Id| sub.get_arguments().any(|a| a.get_id() == id);
    let inherited: Vec<Arg> = globals
        .iter()
        .filter(|g| !own(g.get_id()))
        .cloned()
        .collect();
    let kept = |id: &clap::Id| {
        sub.get_arguments()
            .any(|a| a.get_id() == id && !a.is_hide_set())
    };
    // clap takes a new command's name only as `&'static str` (without its `string` feature): a
    // few short names, leaked once by a process that prints a script and exits.
    let name: &'static str = Box::leak(sub.get_name().to_owned().into_boxed_str());
    let mut cmd = Command::new(name)
        .args(sub.get_arguments().filter(|a| !a.is_hide_set()).cloned())
        .args(inherited.iter().cloned())
        .groups(sub.get_groups().filter(|g| g.get_args().all(kept)).cloned())
        .subcommands(
            sub.get_subcommands()
                .filter(|s| !s.is_hide_set())
                .map(|s| visible_only(s, &inherited)),
        );
    if let Some(about) = sub.get_about() {
        cmd = cmd.about(about.clone());
    }
    if let Some(about) = sub.get_long_about() {
        cmd = cmd.long_about(about.clone());
    }
    cmd
}

/// Parses `argv` with the localized command.
pub fn parse(argv: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    // argv[1] names the subcommand in every form but `seskey --lang ko derive` (options first),
    // which gets the whole localized command.
    let only = argv.get(1).and_then(|a| a.to_str());
    let known = only.filter(|o| LOCALIZED.contains(o));
    let matches: ArgMatches = command_for(known).try_get_matches_from(argv)?;
    Cli::from_arg_matches(&matches)
}

/// An enum's value parser whose possible values carry localized help (`help.value.<enum>.<v>`);
/// parsing is clap's own.
#[derive(Clone)]
struct Localized<T> {
    prefix: &'static str,
    _enum: PhantomData<fn() -> T>,
}

impl<T> Localized<T> {
    fn new(prefix: &'static str) -> Self {
        Self {
            prefix,
            _enum: PhantomData,
        }
    }
}

impl<T: ValueEnum + Clone + Send + Sync + 'static> TypedValueParser for Localized<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        EnumValueParser::<T>::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            T::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value)
                .map(|pv| {
                    let key = format!("help.value.{}.{}", self.prefix, pv.get_name());
                    match lookup(&key) {
                        Some(help) => pv.help(help),
                        None => pv,
                    }
                }),
        ))
    }
}

/// For a clap error caused by an argument shaped like key material (`seskey SECRET`,
/// `seskey derive SECRET`): what to do instead, without the value. `None` for other errors.
pub fn secret_as_argument(e: &clap::Error) -> Option<(String, String)> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let kind = match e.kind() {
        ErrorKind::InvalidSubcommand => ContextKind::InvalidSubcommand,
        ErrorKind::UnknownArgument => ContextKind::InvalidArg,
        _ => return None,
    };
    let Some(ContextValue::String(value)) = e.get(kind) else {
        return None;
    };
    if !crate::validate::looks_like_key_material(value) {
        return None;
    }
    let message = if kind == ContextKind::InvalidSubcommand {
        t("cli.secret_without_region").to_string()
    } else {
        // clap names the subcommand in its usage line: `seskey derive [OPTIONS] ...`.
        let usage = e
            .get(ContextKind::Usage)
            .map(ToString::to_string)
            .unwrap_or_default();
        let command = ["derive", "check", "batch"]
            .into_iter()
            .find(|c| usage.contains(&format!("seskey {c}")))
            .unwrap_or("derive");
        crate::tr!("cli.secret_argument", command = command)
    };
    Some((value.clone(), message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_localized_list_names_every_visible_subcommand() {
        let mut visible: Vec<String> = Cli::command()
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .map(|s| s.get_name().to_string())
            .collect();
        let mut listed: Vec<String> = LOCALIZED.iter().map(|s| s.to_string()).collect();
        visible.sort();
        listed.sort();
        assert_eq!(visible, listed);
    }
    use crate::i18n::{Lang, lookup_in, with_lang};

    #[test]
    fn localized_definition_is_consistent() {
        for lang in Lang::ALL {
            with_lang(lang, || command().debug_assert());
        }
    }

    /// Every visible subcommand, argument and value has its help in both catalogues.
    #[test]
    fn every_argument_has_help() {
        let mut missing = Vec::new();
        let has = |key: &str| Lang::ALL.iter().all(|&l| lookup_in(l, key).is_some());
        for key in ["help.about", "help.long_about", "help.after_help"] {
            if !has(key) {
                missing.push(key.to_string());
            }
        }
        let root = Cli::command();
        let arg_ok = |sub: Option<&str>, a: &Arg| {
            let id = a.get_id().as_str();
            a.is_hide_set()
                || sub.is_some_and(|s| has(&format!("help.{s}.arg.{id}")))
                || has(&format!("help.arg.{id}"))
        };
        for a in root.get_arguments() {
            if !arg_ok(None, a) {
                missing.push(format!("help.arg.{}", a.get_id()));
            }
        }
        for sub in root.get_subcommands().filter(|s| !s.is_hide_set()) {
            let name = sub.get_name();
            if !has(&format!("help.{name}.about")) {
                missing.push(format!("help.{name}.about"));
            }
            for a in sub.get_arguments() {
                if !arg_ok(Some(name), a) {
                    missing.push(format!("help.{name}.arg.{}", a.get_id()));
                }
            }
        }
        assert!(missing.is_empty(), "help texts missing: {missing:#?}");
    }

    #[test]
    fn help_is_in_the_chosen_language() {
        let render = |lang| with_lang(lang, || command().render_long_help().to_string());
        let en = render(Lang::En);
        let ko = render(Lang::Ko);
        assert!(en.contains("Turn an AWS IAM secret access key"), "{en}");
        assert!(en.contains("Exit codes:"));
        assert!(ko.contains("비밀 액세스 키"), "{ko}");
        assert!(ko.contains("종료 코드"), "{ko}");
        let derive = |lang| {
            with_lang(lang, || {
                command()
                    .find_subcommand_mut("derive")
                    .unwrap()
                    .render_long_help()
                    .to_string()
            })
        };
        let ko = derive(Lang::Ko);
        assert!(ko.contains("리전"), "{ko}");
        assert!(ko.contains("로그인 확인"), "{ko}");
        assert!(derive(Lang::En).contains("The password alone"));
    }

    #[test]
    fn localized_parsing_gives_the_same_arguments() {
        let argv: Vec<std::ffi::OsString> = ["seskey", "--lang", "ko", "derive", "-r", "eu-west-1"]
            .iter()
            .map(Into::into)
            .collect();
        let cli = with_lang(Lang::Ko, || parse(&argv)).unwrap();
        assert_eq!(cli.lang, Some(Lang::Ko));
        match cli.command {
            Some(super::super::args::Command::Derive(d)) => {
                assert_eq!(d.region.as_deref(), Some("eu-west-1"));
                assert_eq!(d.format, super::super::args::DeriveFormat::Password);
            }
            other => panic!("{other:?}"),
        }
    }
}
