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

/// The clap command with every help text in the current language.
pub fn command() -> Command {
    let cmd = Cli::command()
        .about(t("help.about"))
        .long_about(t("help.long_about"))
        .after_help(t("help.after_help"))
        .mut_args(|a| localize_arg(a, None))
        .mut_arg("lang", |a| {
            a.value_parser(Localized::<crate::i18n::Lang>::new("lang"))
        })
        .mut_subcommands(|sub| {
            let name = sub.get_name().to_string();
            if sub.is_hide_set() {
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
    cmd.mut_subcommand("derive", |c| {
        c.mut_arg("format", |a| {
            a.value_parser(Localized::<super::args::DeriveFormat>::new("derive_format"))
        })
        .mut_arg("tls", |a| {
            a.value_parser(Localized::<super::check::TlsArg>::new("tls"))
        })
    })
    .mut_subcommand("check", |c| {
        c.mut_arg("format", |a| {
            a.value_parser(Localized::<super::check::CheckFormat>::new("check_format"))
        })
        .mut_arg("tls", |a| {
            a.value_parser(Localized::<super::check::TlsArg>::new("tls"))
        })
    })
    .mut_subcommand("keys", |c| {
        c.mut_arg("format", |a| {
            a.value_parser(Localized::<super::keys::KeysFormat>::new("keys_format"))
        })
    })
    .mut_subcommand("rotate", localize_delivery)
    .mut_subcommand("create-user", localize_delivery)
    .mut_subcommand("regions", |c| {
        c.mut_arg("format", |a| {
            a.value_parser(Localized::<super::args::RegionsFormat>::new(
                "regions_format",
            ))
        })
    })
}

/// The value help of the options `rotate` and `create-user` share with `derive`.
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

/// Parses `argv` with the localized command.
pub fn parse(argv: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    let matches: ArgMatches = command().try_get_matches_from(argv)?;
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

#[cfg(test)]
mod tests {
    use super::*;
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
                assert_eq!(d.region, "eu-west-1");
                assert_eq!(d.format, super::super::args::DeriveFormat::Password);
            }
            other => panic!("{other:?}"),
        }
    }
}
