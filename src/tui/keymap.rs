//! The one table of the wizard's keys: which key, its label, and where it applies. The key bar
//! and the help overlay are both drawn from it, and a test (`update/tests.rs`) checks that every
//! key it shows does something in `update` where it is shown.

use crate::i18n::t;
use crate::tui::app::{App, CheckState, Step};
use crate::tui::event::Key;
use crate::tui::import::{Screen, Source};
use crate::tui::rotation::{self, FinishPhase, Path, Screen as RScreen};

/// Where the wizard is, as far as the keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The import overlay, on this screen.
    Import(Screen),
    /// The help overlay.
    Help,
    /// A step (the card while it is not asking for the key ID).
    Step(Step),
    /// The card's field asking for the skipped key ID.
    AskKeyId,
    /// The start screen or an IAM path's screen.
    Rotation(RScreen),
}

impl Place {
    /// Where `app` is: the overlays first, then the card's field, then the step.
    pub fn of(app: &App) -> Place {
        if let Some(st) = &app.import {
            Place::Import(st.screen)
        } else if app.help {
            Place::Help
        } else if let Some(st) = &app.rotation {
            Place::Rotation(st.screen)
        } else if app.step == Step::Card && matches!(app.check, CheckState::AskKeyId { .. }) {
            Place::AskKeyId
        } else {
            Place::Step(app.step)
        }
    }
}

/// A key as the key bar shows it.
#[derive(Debug)]
pub struct Binding {
    /// The bar's order (lower first): the bar is cut at the terminal's width, so the keys that
    /// matter most in a place come first.
    pub rank: u8,
    /// The key, as shown.
    pub shown: &'static str,
    /// The keys `update` receives for it.
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "read by the test that update handles every key shown"
        )
    )]
    pub keys: &'static [Key],
    /// Its label in the bar for this state; `None` where it does not apply.
    pub label: fn(&App) -> Option<&'static str>,
}

/// Text that is the same in every language, or a message key.
#[derive(Debug, Clone, Copy)]
pub enum Text {
    /// Shown as it is (`Enter`).
    Plain(&'static str),
    /// A catalogue key (`tui.help.key.tab`).
    Message(&'static str),
}

impl Text {
    /// The text in the current language.
    pub fn get(self) -> &'static str {
        match self {
            Text::Plain(s) => s,
            Text::Message(key) => t(key),
        }
    }
}

/// One line of the help overlay and the key-bar entries it stands for.
#[derive(Debug)]
pub struct Row {
    /// The keys, as the help shows them.
    pub key: Text,
    /// What they do (a catalogue key).
    pub what: &'static str,
    /// Their entries in the key bar.
    pub bindings: &'static [Binding],
}

fn on_step(app: &App, steps: &[Step]) -> bool {
    matches!(Place::of(app), Place::Step(s) if steps.contains(&s))
}

fn on_card(app: &App) -> bool {
    on_step(app, &[Step::Card])
}

fn checking(app: &App) -> bool {
    matches!(app.check, CheckState::Running { .. })
}

fn shown_or_hidden(shown: bool) -> &'static str {
    if shown {
        t("tui.keys.hide")
    } else {
        t("tui.keys.show")
    }
}

/// Every key of the wizard, in the help overlay's order.
pub static KEYS: [Row; 18] = [
    Row {
        key: Text::Plain("Enter"),
        what: "tui.help.enter",
        bindings: &[Binding {
            rank: 0,
            shown: "Enter",
            keys: &[Key::Enter],
            label: |app| match Place::of(app) {
                Place::Import(Screen::Sources) => Some(t("tui.keys.choose")),
                Place::Import(_) => Some(t("tui.keys.import")),
                Place::Step(Step::AccessKeyId) if app.key_id.trim().is_empty() => {
                    Some(t("tui.keys.skip"))
                }
                Place::Step(Step::AccessKeyId | Step::Secret) => Some(t("tui.keys.next")),
                Place::Step(Step::Region) => Some(t("tui.keys.choose")),
                Place::AskKeyId => Some(t("tui.keys.test_login")),
                Place::Rotation(RScreen::Start | RScreen::User) => Some(t("tui.keys.choose")),
                Place::Rotation(RScreen::Keys) => Some(t("tui.keys.next")),
                Place::Rotation(RScreen::Finish) => app
                    .rotation
                    .as_ref()
                    .filter(|st| st.finish == FinishPhase::Deleted)
                    .map(|_| t("tui.keys.close")),
                Place::Rotation(RScreen::Confirm) => None,
                Place::Help | Place::Step(Step::Card) => None,
            },
        }],
    },
    Row {
        key: Text::Plain("Esc"),
        what: "tui.help.esc",
        bindings: &[
            Binding {
                rank: 1,
                shown: "Esc",
                keys: &[Key::Esc],
                label: |app| (on_card(app) && checking(app)).then(|| t("tui.keys.cancel_test")),
            },
            Binding {
                rank: 5,
                shown: "Esc",
                keys: &[Key::Esc],
                label: |app| match Place::of(app) {
                    Place::Help => Some(t("tui.keys.close_help")),
                    Place::Step(Step::AccessKeyId) if app.esc_to_start() => {
                        Some(t("tui.keys.back"))
                    }
                    Place::Step(Step::AccessKeyId) => Some(t("tui.keys.quit")),
                    // The new key's discard question is asked: Esc now drops its password.
                    Place::Step(Step::Region)
                        if app.fresh.as_ref().is_some_and(|f| f.discard_armed) =>
                    {
                        Some(t("tui.keys.drop_key"))
                    }
                    Place::Step(Step::Secret | Step::Region) => Some(t("tui.keys.back")),
                    Place::AskKeyId => Some(t("tui.keys.cancel")),
                    Place::Rotation(RScreen::Start) => Some(t("tui.keys.quit")),
                    Place::Rotation(RScreen::Finish) => Some(t("tui.keys.close")),
                    Place::Rotation(_) => Some(t("tui.keys.back")),
                    Place::Import(_) | Place::Step(Step::Card) => None,
                },
            },
            Binding {
                rank: 18,
                shown: "Esc",
                keys: &[Key::Esc],
                label: |app| match Place::of(app) {
                    Place::Import(_) => Some(t("tui.keys.close")),
                    Place::Step(Step::Card) if !checking(app) => Some(t("tui.keys.back")),
                    _ => None,
                },
            },
        ],
    },
    Row {
        key: Text::Message("tui.help.key.tab"),
        what: "tui.help.tab",
        bindings: &[
            Binding {
                rank: 20,
                shown: "Tab",
                keys: &[Key::Tab],
                label: |app| {
                    let here = matches!(Place::of(app), Place::Step(_) | Place::AskKeyId);
                    let next = app.step.next().is_some_and(|n| n <= app.reached);
                    (here && next).then(|| t("tui.keys.next_step"))
                },
            },
            Binding {
                rank: 21,
                shown: "S-Tab",
                keys: &[Key::BackTab],
                label: |app| {
                    // Not while the card asks for the key ID: every key but Esc goes to its field.
                    let here = matches!(Place::of(app), Place::Step(_));
                    (here && app.step.prev().is_some()).then(|| t("tui.keys.previous_step"))
                },
            },
        ],
    },
    Row {
        key: Text::Message("tui.help.key.help"),
        what: "tui.help.help",
        bindings: &[Binding {
            rank: 16,
            shown: "?",
            keys: &[Key::Char('?'), Key::F(1)],
            label: |app| {
                matches!(
                    Place::of(app),
                    Place::Step(_) | Place::Rotation(_) | Place::AskKeyId
                )
                .then(|| t("tui.keys.help"))
            },
        }],
    },
    Row {
        key: Text::Plain("Ctrl-C"),
        what: "tui.help.ctrl_c",
        bindings: &[Binding {
            rank: 19,
            shown: "Ctrl-C",
            keys: &[Key::Ctrl('c')],
            label: |_| Some(t("tui.keys.quit")),
        }],
    },
    Row {
        key: Text::Plain("q"),
        what: "tui.help.q",
        bindings: &[Binding {
            rank: 15,
            shown: "q",
            keys: &[Key::Char('q')],
            // In the help `q` closes it (Esc is shown for that).
            label: |app| on_card(app).then(|| t("tui.keys.quit")),
        }],
    },
    Row {
        key: Text::Plain("Backspace, Ctrl-U"),
        what: "tui.help.edit",
        bindings: &[Binding {
            rank: 7,
            shown: "Ctrl-U",
            keys: &[Key::Ctrl('u')],
            label: |app| match Place::of(app) {
                Place::Import(Screen::Sources)
                    if app
                        .import
                        .as_ref()
                        .is_some_and(|st| st.source == Source::Csv) =>
                {
                    Some(t("tui.keys.clear_path"))
                }
                Place::Step(Step::AccessKeyId | Step::Secret) | Place::AskKeyId => {
                    Some(t("tui.keys.clear"))
                }
                Place::Rotation(RScreen::User) if idle(app) => Some(t("tui.keys.clear")),
                _ => None,
            },
        }],
    },
    Row {
        key: Text::Plain("Ctrl-R"),
        what: "tui.help.ctrl_r",
        bindings: &[Binding {
            rank: 6,
            shown: "Ctrl-R",
            keys: &[Key::Ctrl('r')],
            label: |app| on_step(app, &[Step::Secret]).then(|| shown_or_hidden(app.reveal_secret)),
        }],
    },
    Row {
        key: Text::Plain("Ctrl-O"),
        what: "tui.help.ctrl_o",
        bindings: &[Binding {
            rank: 4,
            shown: "Ctrl-O",
            keys: &[Key::Ctrl('o')],
            label: |app| {
                on_step(app, &[Step::AccessKeyId, Step::Secret]).then(|| t("tui.keys.import"))
            },
        }],
    },
    Row {
        key: Text::Plain("↑ ↓ PgUp PgDn"),
        what: "tui.help.arrows",
        bindings: &[
            Binding {
                rank: 2,
                shown: "↑↓",
                keys: &[Key::Up, Key::Down],
                label: |app| {
                    let list = match Place::of(app) {
                        Place::Import(_) | Place::Step(Step::Region) => true,
                        Place::Rotation(RScreen::Start) => true,
                        Place::Rotation(RScreen::User) => app
                            .rotation
                            .as_ref()
                            .is_some_and(|st| !st.matching_users().is_empty() && idle(app)),
                        Place::Help => return Some(t("tui.keys.scroll")),
                        _ => false,
                    };
                    list.then(|| t("tui.keys.move"))
                },
            },
            Binding {
                rank: 3,
                shown: "PgUp/PgDn",
                keys: &[Key::PageUp, Key::PageDown],
                label: |app| {
                    let list = matches!(
                        Place::of(app),
                        Place::Step(Step::Region)
                            | Place::Import(Screen::Profiles | Screen::Rows)
                            | Place::Help
                    );
                    list.then(|| t("tui.keys.page"))
                },
            },
            Binding {
                rank: 8,
                shown: "←",
                keys: &[Key::Left],
                label: |app| {
                    matches!(
                        Place::of(app),
                        Place::Import(Screen::Profiles | Screen::Rows)
                    )
                    .then(|| t("tui.keys.sources"))
                },
            },
        ],
    },
    Row {
        key: Text::Plain("r"),
        what: "tui.help.r",
        bindings: &[Binding {
            rank: 9,
            shown: "r",
            keys: &[Key::Char('r')],
            label: |app| on_card(app).then(|| shown_or_hidden(app.reveal_password)),
        }],
    },
    Row {
        key: Text::Plain("c"),
        what: "tui.help.c",
        bindings: &[
            Binding {
                rank: 10,
                shown: "c",
                keys: &[Key::Char('c')],
                label: |app| {
                    (on_card(app) && app.clipboard.enabled).then(|| t("tui.keys.copy_password"))
                },
            },
            Binding {
                rank: 12,
                shown: "c/u",
                keys: &[Key::Char('c'), Key::Char('u')],
                label: |app| {
                    (on_card(app) && !app.clipboard.enabled).then(|| t("tui.keys.copying_off"))
                },
            },
        ],
    },
    Row {
        key: Text::Plain("u"),
        what: "tui.help.u",
        bindings: &[Binding {
            rank: 11,
            shown: "u",
            keys: &[Key::Char('u')],
            label: |app| (on_card(app) && app.clipboard.enabled).then(|| t("tui.keys.copy_user")),
        }],
    },
    Row {
        key: Text::Plain("t"),
        what: "tui.help.t",
        bindings: &[Binding {
            rank: 13,
            shown: "t",
            keys: &[Key::Char('t')],
            // Hidden while a test runs: `t` then does nothing (Esc cancels it).
            label: |app| (on_card(app) && !checking(app)).then(|| t("tui.keys.test_login")),
        }],
    },
    Row {
        key: Text::Plain("n"),
        what: "tui.help.n",
        bindings: &[Binding {
            // After help: at 80 columns it does not fit (help lists it).
            rank: 17,
            shown: "n",
            keys: &[Key::Char('n')],
            label: |app| on_card(app).then(|| t("tui.keys.new")),
        }],
    },
    Row {
        key: Text::Plain("y"),
        what: "tui.help.rot_y",
        bindings: &[Binding {
            rank: 22,
            shown: "y",
            keys: &[Key::Char('y')],
            label: |app| {
                let st = app.rotation.as_ref().filter(|_| idle(app))?;
                match (Place::of(app), st.finish) {
                    (Place::Rotation(RScreen::Confirm), _) => Some(match st.path {
                        Path::CreateUser => t("tui.rot.key_create_user"),
                        _ => t("tui.rot.key_create_key"),
                    }),
                    (Place::Rotation(RScreen::Finish), FinishPhase::Ready) => st
                        .finish_plan()
                        .is_ok()
                        .then(|| t("tui.rot.key_deactivate")),
                    (Place::Rotation(RScreen::Finish), FinishPhase::Deactivated) => {
                        (!st.to_delete().is_empty()).then(|| t("tui.rot.key_delete"))
                    }
                    _ => None,
                }
            },
        }],
    },
    Row {
        key: Text::Plain("d"),
        what: "tui.help.rot_d",
        bindings: &[Binding {
            rank: 23,
            shown: "d",
            keys: &[Key::Char('d')],
            label: |app| {
                let st = app.rotation.as_ref().filter(|_| idle(app))?;
                (st.screen == RScreen::Keys && rotation::can_delete(st)).then(|| {
                    if st.delete_inactive {
                        t("tui.rot.key_keep_inactive")
                    } else {
                        t("tui.rot.key_delete_inactive")
                    }
                })
            },
        }],
    },
    Row {
        key: Text::Plain("f"),
        what: "tui.help.rot_f",
        bindings: &[Binding {
            rank: 14,
            shown: "f",
            keys: &[Key::Char('f')],
            label: |app| {
                if on_card(app) {
                    return app
                        .fresh
                        .as_ref()
                        .filter(|f| f.path == Path::Rotate)
                        .map(|_| t("tui.rot.key_finish"));
                }
                let st = app.rotation.as_ref().filter(|_| idle(app))?;
                let blocked = matches!(
                    st.finish_plan(),
                    Err(crate::iam::plan::FinishBlocked::StillInUse { .. })
                );
                (st.screen == RScreen::Finish && st.finish == FinishPhase::Ready && blocked)
                    .then(|| t("tui.rot.key_force"))
            },
        }],
    },
];

/// No IAM job is awaited (keys other than Esc wait meanwhile).
fn idle(app: &App) -> bool {
    app.rotation.as_ref().is_none_or(|st| st.busy.is_none())
}

/// The key that suspends the wizard to the shell, everywhere (the terminal's SUSP character,
/// delivered as a byte in raw mode). Not in the bar or the help: every terminal program
/// suspends on it.
pub const SUSPEND: Key = Key::Ctrl('z');

/// The key bar's entries for `app`, in the bar's order: (key, label).
pub fn bar(app: &App) -> Vec<(&'static str, &'static str)> {
    let mut entries: Vec<(u8, &'static str, &'static str)> = KEYS
        .iter()
        .flat_map(|row| row.bindings)
        .filter_map(|b| (b.label)(app).map(|label| (b.rank, b.shown, label)))
        .collect();
    entries.sort_by_key(|&(rank, ..)| rank);
    entries.into_iter().map(|(_, k, l)| (k, l)).collect()
}

/// The help overlay's lines: (keys, what they do).
pub fn help(app: &App) -> impl Iterator<Item = (&'static str, &'static str)> + use<> {
    // Esc's row is the one whose description depends on how the wizard was opened.
    let esc_to_start = app.start_screen;
    KEYS.iter().map(move |row| {
        let what = match row.what {
            "tui.help.esc" if esc_to_start => "tui.help.esc_start",
            what => what,
        };
        (row.key.get(), t(what))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clipboard::ClipboardConfig;
    use crate::import::{SourceFile, credentials};
    use crate::secret::SecretText;
    use crate::tui::app::ClipState;
    use crate::tui::event::Event;
    use crate::tui::import::{ImportEvent, Listed, Listing, ProfileCount, Scan};
    use crate::tui::test_support::{keys, typed};
    use crate::tui::update::update;
    use std::collections::BTreeSet;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /// A wizard on the card with `id` typed on step 1 (empty: skipped), region us-east-1.
    fn card(id: &str) -> App {
        let mut app = App::new(None);
        typed(&mut app, id);
        keys(&mut app, &[Key::Enter]);
        update(
            &mut app,
            Event::Paste(SecretText::from_str_checked(SECRET).unwrap()),
        );
        keys(&mut app, &[Key::Enter]);
        typed(&mut app, "us-east-1");
        keys(&mut app, &[Key::Enter]);
        app
    }

    /// The region step with every step up to it reached and a line mid-list selected.
    fn region() -> App {
        let mut app = card("AKIAIOSFODNN7EXAMPLE");
        keys(
            &mut app,
            &[Key::Esc, Key::Ctrl('u'), Key::Down, Key::Down, Key::Down],
        );
        app
    }

    fn import(path: &str, then: &[Key]) -> App {
        let mut app = App::new(None);
        keys(&mut app, &[Key::Ctrl('o')]);
        let scan = Scan {
            credentials_path: "~/.aws/credentials".into(),
            credentials: Ok(ProfileCount {
                total: 6,
                usable: 2,
            }),
            env: Some(None),
        };
        update(&mut app, Event::Import(ImportEvent::Scanned(scan)));
        typed(&mut app, path);
        keys(&mut app, then);
        app
    }

    fn profiles(then: &[Key]) -> App {
        let mut app = import("", &[Key::Enter]);
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/credentials");
        let file = SourceFile::from_bytes(
            "~/.aws/credentials",
            zeroize::Zeroizing::new(std::fs::read(path).unwrap()),
        );
        let listing = Listing::Profiles(credentials::list(&file));
        let listed = Listed {
            file,
            shown_name: "~/.aws/credentials".into(),
            listing,
        };
        update(&mut app, Event::Import(ImportEvent::Listed(Ok(listed))));
        keys(&mut app, then);
        app
    }

    /// Sample states of each place, where its keys are meant to work.
    /// A place's name and ways to get there.
    type Sample = (&'static str, Vec<fn() -> App>);

    fn places() -> Vec<Sample> {
        vec![
            (
                "step 1",
                vec![|| {
                    let mut app = region();
                    keys(&mut app, &[Key::Esc, Key::Esc]);
                    app
                }],
            ),
            (
                "step 2",
                vec![|| {
                    let mut app = region();
                    keys(&mut app, &[Key::Esc]);
                    app
                }],
            ),
            ("step 3", vec![region]),
            (
                "card",
                vec![|| card("AKIAIOSFODNN7EXAMPLE"), || {
                    let mut app = card("AKIAIOSFODNN7EXAMPLE");
                    app.clipboard = ClipState::new(ClipboardConfig::new(true, 45));
                    app
                }],
            ),
            (
                "card, login test running",
                vec![|| {
                    let mut app = card("AKIAIOSFODNN7EXAMPLE");
                    keys(&mut app, &[Key::Char('t')]);
                    app
                }],
            ),
            (
                "card, asking for the key ID",
                vec![|| {
                    let mut app = card("");
                    keys(&mut app, &[Key::Char('t')]);
                    app
                }],
            ),
            (
                "help",
                vec![|| {
                    let mut app = App::new(None);
                    keys(&mut app, &[Key::Char('?')]);
                    app
                }],
            ),
            (
                "import sources",
                vec![|| import("", &[]), || import("x.csv", &[])],
            ),
            (
                "rotation: start, user, keys, confirm",
                vec![
                    || {
                        let mut app = App::new(None);
                        crate::tui::rotation::open_start(&mut app);
                        app
                    },
                    || crate::tui::rotation::tests::at_user(crate::tui::rotation::Path::Rotate),
                    || crate::tui::rotation::tests::at_keys(Vec::new()),
                    || {
                        let mut app = crate::tui::rotation::tests::at_keys(Vec::new());
                        keys(&mut app, &[Key::Enter]);
                        app
                    },
                ],
            ),
            (
                "card after a rotation",
                vec![crate::tui::rotation::tests::rotated],
            ),
            (
                "import profiles",
                vec![|| profiles(&[]), || profiles(&[Key::End])],
            ),
        ]
    }

    /// Keys the bar shows where `update` ignores them: wrong, reported for the next issue, and
    /// kept here so that the test fails when one is fixed (then remove it from this list).
    const KNOWN_DEAD: &[(&str, &str, Key)] = &[];

    #[test]
    fn every_key_the_table_shows_does_something_in_update() {
        let mut dead = BTreeSet::new();
        for (place, states) in places() {
            let mut shown = BTreeSet::new();
            let mut live = BTreeSet::new();
            for state in &states {
                let app = state();
                for b in KEYS.iter().flat_map(|r| r.bindings) {
                    if (b.label)(&app).is_none() {
                        continue;
                    }
                    for &k in b.keys {
                        let key = (b.rank, b.shown, format!("{k:?}"));
                        shown.insert(key.clone());
                        let mut app = state();
                        if !update(&mut app, Event::Key(k)).is_empty() {
                            live.insert(key);
                        }
                    }
                }
            }
            assert!(!shown.is_empty(), "{place}: no key shown");
            for (_, k, key) in shown.difference(&live) {
                dead.insert((place, *k, key.clone()));
            }
        }
        let known: BTreeSet<_> = KNOWN_DEAD
            .iter()
            .map(|&(p, k, key)| (p, k, format!("{key:?}")))
            .collect();
        assert_eq!(dead, known, "keys shown in the bar that do nothing");
    }

    #[test]
    fn ranks_are_unique() {
        let mut ranks: Vec<u8> = KEYS
            .iter()
            .flat_map(|r| r.bindings)
            .map(|b| b.rank)
            .collect();
        let n = ranks.len();
        ranks.sort_unstable();
        ranks.dedup();
        assert_eq!(ranks.len(), n);
    }

    /// The help's key descriptions read as one table: short phrases, not sentences. English
    /// ones start lower-case and end without a full stop; Korean ones end as a noun phrase
    /// (no 합니다체 ending, no full stop) with a note in brackets attached, as in `표시/숨기기(2단계)`.
    #[test]
    fn key_descriptions_read_alike() {
        use crate::i18n::{Lang, with_lang};
        for lang in Lang::ALL {
            with_lang(lang, || {
                let mut from_start = App::new(None);
                crate::tui::rotation::open_start(&mut from_start);
                let both = help(&App::new(None)).chain(help(&from_start));
                for (key, what) in both {
                    let first = what.chars().next().unwrap_or(' ');
                    assert!(!what.ends_with('.'), "{lang:?} {key}: {what:?}");
                    assert!(!first.is_whitespace(), "{lang:?} {key}: {what:?}");
                    match lang {
                        Lang::En => {
                            assert!(first.is_lowercase(), "{key}: {what:?} starts upper-case")
                        }
                        Lang::Ko => {
                            assert!(!what.contains("니다"), "{key}: {what:?} is a sentence");
                            assert!(!what.contains(" ("), "{key}: {what:?}: a space before (");
                        }
                    }
                }
            });
        }
    }
}
