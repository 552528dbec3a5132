//! `--help` in the current language: the clap definition (`args.rs`, English doc comments) is
//! rewritten at run time from the catalogues' `help.*` keys.
//!
//! Keys: `help.about`, `help.long_about`, `help.after_help` and `help.arg.<id>` for the top
//! level; `help.<subcommand>.about`, `.after_help` and `.arg.<id>` for a subcommand, where a
//! subcommand's argument falls back to `help.arg.<id>` (shared by flattened groups such as the
//! login check's options); `help.value.<enum>.<value>` for the values of an option;
//! `help.heading.<slug>` for a heading. `tests::every_argument_has_help` keeps them complete.
//! Clap's own words are replaced too: the `Usage:` heading (a help template), the `Commands`,
//! `Options` and `Arguments` headings (every argument gets an explicit heading), and the help
//! and version flags and the `help` subcommand (clap's are turned off and ours stand in).
//!
//! The after-help texts hold one logical line per paragraph or list item; [`wrap_notes`] fills
//! them to the terminal width, with a hanging indent for list items, and the same width is given
//! to clap, so that clap finds nothing left to wrap (clap alone would keep list continuations at
//! the item's indent).

use std::marker::PhantomData;

use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};
use clap::{Arg, ArgAction, ArgMatches, Command, CommandFactory, FromArgMatches, ValueEnum};
use unicode_width::UnicodeWidthStr;

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

/// The clap command with every help text in the current language, its after-help texts filled
/// to the width of the terminal (as clap measures it).
pub fn command() -> Command {
    command_for(None, Some(help_width()))
}

/// [`command`] with the after-help texts as logical lines (a paragraph or list item a line), for
/// the man pages, which are filled by `man` itself.
pub fn manual_command() -> Command {
    command_for(None, None)
}

/// The width clap wraps help to (`wrap_help`): the first of stdout, stderr and stdin that is a
/// terminal, else `COLUMNS`, else 100. Measured here too so that the after-help texts can be
/// filled with a hanging indent, which clap's wrapping does not do.
fn help_width() -> usize {
    use rustix::termios::{isatty, tcgetwinsize};
    use std::os::fd::BorrowedFd;
    let cols = |fd: BorrowedFd<'_>| {
        isatty(fd)
            .then(|| tcgetwinsize(fd).ok())
            .flatten()
            .filter(|w| w.ws_col > 0 && w.ws_row > 0)
            .map(|w| usize::from(w.ws_col))
    };
    cols(rustix::stdio::stdout())
        .or_else(|| cols(rustix::stdio::stderr()))
        .or_else(|| cols(rustix::stdio::stdin()))
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(100)
}

/// `text` (an after-help text: logical lines) filled to `width` columns. A line keeps its
/// indentation on its continuation lines; a list item (`TERM  text`, two or more spaces after
/// the term, or `- text`) hangs its continuation lines under its text, or, when the term takes
/// more than half the width, puts its text under the term, indented by four more columns.
/// A word wider than the room left stands alone on its line.
pub fn wrap_notes(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        let body = line.trim_start_matches(' ');
        let indent = " ".repeat(line.len() - body.len());
        match item_text_start(body) {
            Some(start) => {
                let head = format!("{indent}{}", &body[..start]);
                let hang = head.width();
                if hang <= width / 2 {
                    fill(head, &body[start..], hang, width, &mut out);
                } else {
                    out.push(head.trim_end().to_string());
                    let under = indent.len() + 4;
                    fill(" ".repeat(under), &body[start..], under, width, &mut out);
                }
            }
            None => fill(indent.clone(), body, indent.len(), width, &mut out),
        }
    }
    out.join("\n")
}

/// Where the text of a list item starts in `body` (a line without its indentation): after a
/// `- ` bullet, or after the first run of two or more spaces that follows the term.
pub fn item_text_start(body: &str) -> Option<usize> {
    if let Some(rest) = body.strip_prefix("- ") {
        return (!rest.trim().is_empty()).then_some(2);
    }
    let gap = body.find("  ")?;
    let start = gap + body[gap..].find(|c| c != ' ')?;
    (gap > 0).then_some(start)
}

/// Greedy fill: `first` opens the first line, continuation lines start with `hang` spaces.
fn fill(first: String, text: &str, hang: usize, width: usize, out: &mut Vec<String>) {
    let mut line = first;
    let mut used = line.width();
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = word.width();
        if !empty && used + 1 + w > width {
            out.push(std::mem::replace(&mut line, " ".repeat(hang)));
            used = hang;
            empty = true;
        }
        if !empty {
            line.push(' ');
            used += 1;
        }
        line.push_str(word);
        used += w;
        empty = false;
    }
    out.push(if empty {
        line.trim_end().to_string()
    } else {
        line
    });
}

/// The clap command localized for one run: with `only`, the subcommand argv names, the other
/// subcommands keep clap's English definition (their help cannot be shown in that run, and
/// parsing does not depend on it). Localizing all of them cost `seskey derive` a third of its
/// start-up instructions once the rotation commands arrived.
///
/// With `width`, the after-help texts are filled to it and clap wraps the rest to it too;
/// without, they stay logical lines.
fn command_for(only: Option<&str>, width: Option<usize>) -> Command {
    let wanted = |name: &str| only.is_none_or(|o| o == name);
    let notes = |text: &str| match width {
        Some(w) => wrap_notes(text, w),
        None => text.to_string(),
    };
    let mut cmd = Cli::command();
    if let Some(w) = width {
        cmd = cmd.term_width(w);
    }
    let cmd = cmd
        .about(t("help.about"))
        .long_about(t("help.long_about"))
        .after_help(notes(t("help.after_help")))
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
                sub = sub.after_help(notes(after));
            }
            sub
        });
    let cmd = clap_words(cmd, &wanted);
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
    let cmd = subs
        .into_iter()
        .filter(|(name, _)| wanted(name))
        .fold(cmd, |cmd, (name, f)| cmd.mut_subcommand(name, f));
    // Clap's English words are right for English; elsewhere its bracketed notes and list of
    // values are written here instead (for the terminal only: the man pages keep clap_mangen's).
    match width.filter(|_| crate::i18n::current() != crate::i18n::Lang::En) {
        Some(w) => {
            let notes = |a: Arg| value_notes(a, w);
            cmd.mut_args(notes).mut_subcommands(|s| {
                if wanted(s.get_name()) {
                    s.mut_args(notes)
                } else {
                    s
                }
            })
        }
        None => cmd,
    }
}

/// The name of our `help` subcommand, which stands in for clap's.
const HELP: &str = "help";

/// Clap's own words in the current language: the `Usage:` heading, `Commands`, the headings of
/// arguments without one (`Options`, `Arguments`), the help and version flags and the `help`
/// subcommand. Clap hard-codes these (before `build`, its flags and `help` subcommand do not
/// exist yet), so its are turned off and these stand in.
fn clap_words(cmd: Command, wanted: &dyn Fn(&str) -> bool) -> Command {
    let usage = cmd.get_styles().get_usage();
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{}{}{} {{usage}}\n\n{{all-args}}{{after-help}}",
        usage.render(),
        t("help.heading.usage"),
        usage.render_reset()
    );
    let words = |c: Command| {
        c.help_template(template.clone())
            .subcommand_help_heading(t("help.heading.commands"))
            .mut_args(|a| match a.get_help_heading() {
                Some(_) => a,
                None if a.is_positional() => a.help_heading(t("help.heading.arguments")),
                None => a.help_heading(t("help.heading.options")),
            })
    };
    let help_flag = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .global(true)
        .help(t("help.flag.help"))
        .long_help(t("help.flag.help_long"))
        .help_heading(t("help.heading.options"));
    let version = Arg::new("version")
        .short('V')
        .long("version")
        .action(ArgAction::Version)
        .help(t("help.flag.version"))
        .help_heading(t("help.heading.options"));
    let help_command = Command::new(HELP).about(t("help.help_command.about")).arg(
        Arg::new("command")
            .action(ArgAction::Append)
            .num_args(..)
            .value_name("COMMAND")
            .help(t("help.help_command.arg")),
    );
    words(cmd)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .arg(help_flag)
        .arg(version)
        .subcommand(help_command)
        // Only the subcommand argv names is ever shown (as for the localization above): the
        // others' arguments are left alone, which keeps `derive`'s start-up short.
        .mut_subcommands(|s| if wanted(s.get_name()) { words(s) } else { s })
}

/// Clap's notes after an argument's help (`[env: …]`, `[default: …]`, `[possible values: …]`,
/// and with `--help` the list of values with their help) in the current language: clap's are
/// hidden and the same text, translated, is appended to the help. The list is filled here to
/// the room clap leaves it (`width` less the 10-column indent of `--help`'s argument help),
/// with its continuation lines hanging two columns in, as clap lays it out.
fn value_notes(a: Arg, width: usize) -> Arg {
    if a.is_hide_set() {
        return a;
    }
    let mut short = Vec::new();
    let mut long = Vec::new();
    if let Some(name) = a.get_env().filter(|_| !a.is_hide_env_set()) {
        let value = std::env::var_os(name).unwrap_or_default();
        let note = format!(
            "[{}: {}={}]",
            t("help.note.env"),
            name.to_string_lossy(),
            value.to_string_lossy()
        );
        short.push(note.clone());
        long.push(note);
    }
    let takes_value =
        a.get_num_args().is_none_or(|n| n.takes_values()) && a.get_action().takes_values();
    if takes_value && !a.is_hide_default_value_set() && !a.get_default_values().is_empty() {
        let values: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        let note = format!("[{}: {}]", t("help.note.default"), values.join(" "));
        short.push(note.clone());
        long.push(note);
    }
    let values: Vec<PossibleValue> = a
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    let mut list = None;
    if takes_value && !a.is_hide_possible_values_set() && !values.is_empty() {
        let names: Vec<&str> = values.iter().map(PossibleValue::get_name).collect();
        short.push(format!(
            "[{}: {}]",
            t("help.note.possible_values"),
            names.join(", ")
        ));
        if values.iter().any(|v| v.get_help().is_some()) {
            let longest = names.iter().map(|n| n.width()).max().unwrap_or(0);
            let mut lines = vec![format!("{}:", t("help.note.possible_values_heading"))];
            for v in &values {
                let (name, help) = (v.get_name(), v.get_help().map(ToString::to_string));
                let pad = " ".repeat(longest - name.width());
                let head = match help {
                    Some(_) => format!("- {name}: {pad}"),
                    None => format!("- {name}"),
                };
                let room = width.saturating_sub(10);
                fill(head, &help.unwrap_or_default(), 2, room, &mut lines);
            }
            list = Some(lines.join("\n"));
        } else {
            long.push(short.last().cloned().unwrap_or_default());
        }
    }
    if short.is_empty() && list.is_none() {
        return a;
    }
    let help = a.get_help().map(ToString::to_string).unwrap_or_default();
    let short_help = std::iter::once(help.clone())
        .chain(short)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let long_help = [help, list.unwrap_or_default(), long.join("\n")]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    a.help(short_help)
        .long_help(long_help)
        .hide_env(true)
        .hide_default_value(true)
        .hide_possible_values(true)
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
    // again once its same-named hidden stand-ins are gone. Our help and version flags and `help`
    // subcommand are left to clap's own, which the new command gets (and which complete
    // subcommand names after `help`).
    let globals: Vec<Arg> = full
        .get_arguments()
        .filter(|a| a.is_global_set() && !is_clap_word(a))
        .map(|a| a.clone().global(false))
        .collect();
    let mut cmd = Command::new("seskey")
        .args(
            full.get_arguments()
                .filter(|a| !is_clap_word(a))
                .map(|a| a.clone().global(false)),
        )
        .subcommands(
            full.get_subcommands()
                .filter(|s| !s.is_hide_set() && s.get_name() != HELP)
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

/// Our stand-ins for clap's help and version flags.
fn is_clap_word(a: &Arg) -> bool {
    matches!(a.get_id().as_str(), "help" | "version")
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
        .args(
            sub.get_arguments()
                .filter(|a| !a.is_hide_set() && !is_clap_word(a))
                .cloned(),
        )
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

/// Whether `argv` may ask for the help or the version (`-h`, `--help`, `help`, `-V`,
/// `--version`, or a cluster of short flags holding `h` or `V`). A miss only costs the notes'
/// filling: clap fills them again to the terminal.
fn asks_for_help(argv: &[std::ffi::OsString]) -> bool {
    argv.iter().skip(1).filter_map(|a| a.to_str()).any(|a| {
        matches!(a, "--help" | "help" | "--version")
            || (a.starts_with('-') && !a.starts_with("--") && a.contains(['h', 'V']))
    })
}

/// Parses `argv` with the localized command.
pub fn parse(argv: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    // argv[1] names the subcommand in every form but `seskey --lang ko derive` (options first),
    // which gets the whole localized command.
    let only = argv.get(1).and_then(|a| a.to_str());
    let known = only.filter(|o| LOCALIZED.contains(o));
    // Filling the notes to the terminal costs start-up time: only when help may be printed.
    let width = asks_for_help(argv).then(help_width);
    let matches: ArgMatches = command_for(known, width).try_get_matches_from(argv)?;
    if let Some((HELP, m)) = matches.subcommand() {
        // `seskey help derive` is `seskey derive --help`, which clap answers with the help.
        let mut again = vec![argv[0].clone()];
        again.extend(
            m.get_many::<String>("command")
                .into_iter()
                .flatten()
                .map(Into::into),
        );
        again.push("--help".into());
        return parse(&again);
    }
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

    /// The notes are filled only when help or the version may be printed; every way of asking
    /// for them is seen.
    #[test]
    fn asks_for_help_sees_every_way_of_asking() {
        let argv = |s: &str| -> Vec<std::ffi::OsString> {
            std::iter::once("seskey")
                .chain(s.split_whitespace())
                .map(Into::into)
                .collect()
        };
        for yes in [
            "--help",
            "-h",
            "derive -h",
            "derive --help",
            "help derive",
            "-V",
            "--version",
            "derive -rh",
            "--lang ko keys -h",
        ] {
            assert!(asks_for_help(&argv(yes)), "{yes}");
        }
        for no in [
            "derive -r eu-west-1",
            "",
            "regions --format csv",
            "check --lang ko",
        ] {
            assert!(!asks_for_help(&argv(no)), "{no}");
        }
    }

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
    fn notes_fill_to_the_width_with_hanging_items() {
        let text = "Heading:\n  0  one two three four five six\n\nPlain words go on and on here";
        assert_eq!(
            wrap_notes(text, 20),
            "Heading:\n  0  one two three\n     four five six\n\nPlain words go on\nand on here"
        );
        // A term wider than half the width puts its text under it; a word wider than the
        // room stands alone; Korean counts two columns a character.
        let text = "  a-long-term-here  the text\n- 가나다라 마바사";
        assert_eq!(
            wrap_notes(text, 14),
            "  a-long-term-here\n      the text\n- 가나다라\n  마바사"
        );
        assert_eq!(
            wrap_notes("  x  a waytoolongforit", 10),
            "  x  a\n     waytoolongforit"
        );
    }

    #[test]
    fn help_subcommand_is_the_help_flag() {
        let argv = |a: &[&str]| -> Vec<std::ffi::OsString> { a.iter().map(Into::into).collect() };
        let via_command = with_lang(Lang::Ko, || parse(&argv(&["seskey", "help", "derive"])));
        let via_flag = with_lang(Lang::Ko, || parse(&argv(&["seskey", "derive", "--help"])));
        let (a, b) = (via_command.unwrap_err(), via_flag.unwrap_err());
        assert_eq!(a.kind(), clap::error::ErrorKind::DisplayHelp);
        assert_eq!(a.render().to_string(), b.render().to_string());
        assert!(a.render().to_string().contains("사용법:"));
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
