//! The files `assets/man/` and `assets/completions/` hold, generated from the clap definition as
//! `--help` shows it in each language (`seskey::generate::command`), plus the man-only sections
//! (`man.*` keys of the catalogues). Shared by the generator (`main.rs`) and by
//! `tests/assets.rs`, which fails when the checked-in files differ from what this produces.

use std::path::PathBuf;

use clap::Command;
use clap_complete::Shell;
use roff::{Roff, bold, roman};
use seskey::generate::{Lang, lookup, with_lang};

/// Every generated file: its path under `assets/` and its contents.
pub fn files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for lang in Lang::ALL {
        with_lang(lang, || man_pages(lang, &mut out));
    }
    // Completions in English: the shells show the option descriptions (zsh, fish) whatever the
    // user's language, and English is what `seskey completions` gives without a Korean locale.
    with_lang(Lang::En, || {
        for (shell, name) in [
            (Shell::Bash, "seskey.bash"),
            (Shell::Zsh, "_seskey"),
            (Shell::Fish, "seskey.fish"),
        ] {
            let mut buf = Vec::new();
            seskey::generate::completions(shell, &mut buf);
            out.push((PathBuf::from("completions").join(name), buf));
        }
    });
    out
}

fn text(key: &str) -> &'static str {
    lookup(key).unwrap_or_else(|| panic!("catalogue key {key} is missing"))
}

/// `seskey.1` and `seskey-SUBCOMMAND.1` for the current language, under `man/<lang>/`.
fn man_pages(lang: Lang, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    // The plain version: the commit in `--version` would make the pages stale at every commit.
    // `seskey help` is not a page of its own: hidden, like clap's `help` would be.
    let mut root = seskey::generate::manual_command()
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_help_heading(text("man.heading.subcommands"))
        .mut_subcommand("help", |s| s.hide(true))
        .mut_args(plain_options)
        .mut_subcommands(|s| s.mut_args(plain_options));
    root.build();
    let dir = PathBuf::from("man").join(lang.code());
    let subs: Vec<Command> = root
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .cloned()
        .collect();
    out.push((dir.join("seskey.1"), page(&root, true, &subs)));
    for sub in &subs {
        let name = format!("{}.1", sub.get_display_name().unwrap_or(sub.get_name()));
        out.push((dir.join(name), page(sub, false, &[])));
    }
}

/// An argument under `--help`'s plain `Options`/`Arguments` heading goes back to no heading:
/// clap_mangen gives each heading a section of its own, and these belong in its OPTIONS.
fn plain_options(a: clap::Arg) -> clap::Arg {
    let plain = [text("help.heading.options"), text("help.heading.arguments")];
    match a.get_help_heading() {
        Some(h) if plain.contains(&h) => a.help_heading(None),
        _ => a,
    }
}

/// clap_mangen's section headings, in the page's language (it writes them in English).
fn localized_headings(rendered: &str) -> String {
    let mut out = String::with_capacity(rendered.len());
    for line in rendered.split_inclusive('\n') {
        let heading = match line.trim_end() {
            ".SH NAME" => Some("man.heading.name"),
            ".SH SYNOPSIS" => Some("man.heading.synopsis"),
            ".SH DESCRIPTION" => Some("man.heading.description"),
            ".SH OPTIONS" => Some("man.heading.options"),
            _ => None,
        };
        match heading {
            Some(key) => {
                let mut r = Roff::new();
                r.control("SH", [text(key)]);
                out.push_str(without_preamble(r.render().as_bytes()));
            }
            None => out.push_str(line),
        }
    }
    out
}

fn page(cmd: &Command, root: bool, subs: &[Command]) -> Vec<u8> {
    let man = clap_mangen::Man::new(cmd.clone());
    // The title line by hand: clap_mangen drops an empty date argument, shifting the others.
    let title = cmd.get_display_name().unwrap_or(cmd.get_name());
    let mut out = format!(
        ".TH {} 1 \"\" \"seskey {}\" \"{}\"\n",
        title.to_uppercase(),
        env!("CARGO_PKG_VERSION"),
        text("man.manual")
    );
    // clap_mangen's sections (their headings stay English, like clap's words in --help), then
    // ours instead of its "EXTRA" (after_help) and "VERSION" (in the title line already).
    type Section = fn(&clap_mangen::Man, &mut dyn std::io::Write) -> std::io::Result<()>;
    let mut sections: Vec<Section> = vec![
        clap_mangen::Man::render_name_section,
        clap_mangen::Man::render_synopsis_section,
        clap_mangen::Man::render_description_section,
        clap_mangen::Man::render_options_section,
    ];
    if root {
        sections.push(clap_mangen::Man::render_subcommands_section);
    }
    for render in sections {
        let mut buf = Vec::new();
        render(&man, &mut buf).expect("render to memory");
        out.push_str(&localized_headings(without_preamble(&buf)));
    }
    let mut r = Roff::new();
    if let Some(after) = cmd.get_after_help() {
        r.control("SH", [text("man.heading.notes")]);
        notes(&mut r, &after.to_string());
    }
    if root {
        root_sections(&mut r);
    }
    r.control("SH", [text("man.heading.see_also")]);
    if root {
        let names: Vec<String> = subs
            .iter()
            .map(|s| format!("{}(1)", s.get_display_name().unwrap_or(s.get_name())))
            .collect();
        r.text([roman(names.join(", "))]);
    } else {
        r.text([
            roman(text("man.see_also.main")),
            roman(" "),
            bold("seskey"),
            roman("(1)"),
        ]);
    }
    out.push_str(without_preamble(r.render().as_bytes()));
    // Every roff render starts with the apostrophe preamble; once, at the top, is enough.
    let mut page = Roff::new().render();
    page.push_str(&out);
    page.into_bytes()
}

fn without_preamble(rendered: &[u8]) -> &str {
    let text = std::str::from_utf8(rendered).expect("roff output is UTF-8");
    text.strip_prefix(Roff::new().render().as_str())
        .expect("every roff render starts with its preamble")
}

/// `--help`'s after-help text (logical lines: a paragraph or list item a line) as filled roff,
/// so that `man` wraps it to the reader's width: a plain line is a paragraph (`.PP`, or `.IP`
/// when indented), a list item (`TERM  text`) a tagged paragraph (`.TP`).
fn notes(r: &mut Roff, text: &str) {
    let mut indented_block = false;
    for line in text.lines() {
        let body = line.trim_start();
        if body.is_empty() {
            if indented_block {
                r.control("RE", []);
                indented_block = false;
            }
            continue;
        }
        let indented = body.len() < line.len();
        if indented && !indented_block {
            r.control("RS", []);
            indented_block = true;
        }
        match seskey::generate::item_text_start(body) {
            Some(start) if indented => {
                r.control("TP", []);
                r.text([roman(body[..start].trim_end())]);
                r.text([roman(&body[start..])]);
            }
            _ => {
                r.control("PP", []);
                r.text([roman(body)]);
            }
        }
    }
    if indented_block {
        r.control("RE", []);
    }
}

fn item(r: &mut Roff, term: &str, key: &str) {
    r.control("TP", []);
    r.text([bold(term)]);
    r.text([roman(text(key))]);
}

fn root_sections(r: &mut Roff) {
    r.control("SH", [text("man.heading.wizard")]);
    r.control("PP", []);
    r.text([roman(text("man.wizard"))]);

    r.control("SH", [text("man.heading.exit_status")]);
    for code in ["0", "1", "2", "3", "4", "5"] {
        item(r, code, &format!("man.exit.{code}"));
    }
    item(r, "128+N", "man.exit.signal");

    r.control("SH", [text("man.heading.environment")]);
    for (var, key) in [
        ("SESKEY_LANG", "man.env.seskey_lang"),
        ("LC_ALL, LC_MESSAGES, LANG", "man.env.locale"),
        ("SESKEY_CLEAR_AFTER", "man.env.seskey_clear_after"),
        ("AWS_SECRET_ACCESS_KEY", "man.env.aws_secret_access_key"),
        ("AWS_ACCESS_KEY_ID", "man.env.aws_access_key_id"),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "man.env.aws_shared_credentials_file",
        ),
        ("AWS_CONFIG_FILE", "man.env.aws_config_file"),
        ("AWS_REGION, AWS_DEFAULT_REGION", "man.env.aws_region"),
        ("NO_COLOR", "man.env.no_color"),
        ("DISPLAY, WAYLAND_DISPLAY", "man.env.display"),
    ] {
        item(r, var, key);
    }

    r.control("SH", [text("man.heading.files")]);
    item(r, "~/.aws/credentials", "man.files.credentials");
    item(r, "~/.aws/config", "man.files.config");

    r.control("SH", [text("man.heading.security")]);
    for n in 1..=4 {
        r.control("PP", []);
        r.text([roman(text(&format!("man.security.{n}")))]);
    }
}
