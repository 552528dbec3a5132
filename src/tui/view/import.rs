//! The import overlay (drawing only). It shows names, line numbers and access key IDs; it never
//! has a secret to show.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Padding, Paragraph, Wrap};

use super::{FieldText, field_line, finding, wrapped_height};
use crate::tui::app::App;
use crate::tui::import::{ImportState, Job, Screen, Source};
use crate::tui::theme::Theme;

/// Draws the overlay over `area`.
pub(super) fn overlay(st: &ImportState, frame: &mut Frame, area: Rect, theme: Theme) {
    let w = area.width.saturating_sub(4).min(76);
    let inner_w = w.saturating_sub(4);
    let (top, items) = match st.screen {
        Screen::Sources => (sources_lines(st, inner_w, theme), Vec::new()),
        Screen::Profiles => (
            vec![Line::raw(format!(
                "Profiles in {} (their secrets are never shown):",
                st.file_name
            ))],
            profile_items(st, theme),
        ),
        Screen::Rows => (
            vec![
                Line::raw(format!(
                    "Rows of {} (their secrets are never shown):",
                    st.file_name
                )),
                Line::styled(
                    format!(
                        "  {:<5}{:<6}{:<user_w$}{}",
                        "Row",
                        "Line",
                        "User name",
                        "Access key ID",
                        user_w = user_width(st)
                    ),
                    theme.dim(),
                ),
            ],
            row_items(st, theme),
        ),
    };
    let bottom = bottom_lines(st, theme);
    let top_h = wrapped_height(&top, inner_w);
    let bottom_h = wrapped_height(&bottom, inner_w);
    let list_h = u16::try_from(items.len()).unwrap_or(u16::MAX);
    let want = top_h
        .saturating_add(list_h)
        .saturating_add(bottom_h)
        .saturating_add(3);
    let h = area.height.saturating_sub(2).min(want);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .padding(Padding::horizontal(1))
        .title(Span::styled(" Import a key · Esc closes ", theme.title()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [top_a, list_a, gap, bottom_a] = Layout::vertical([
        Constraint::Length(top_h),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(bottom_h),
    ])
    .areas(inner);
    let _ = gap;
    frame.render_widget(Paragraph::new(top).wrap(Wrap { trim: false }), top_a);
    if !items.is_empty() {
        let mut state = ListState::default().with_selected(Some(st.selected));
        frame.render_stateful_widget(
            List::new(items)
                .highlight_symbol("▶ ")
                .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
                .highlight_style(theme.selected()),
            list_a,
            &mut state,
        );
    }
    frame.render_widget(Paragraph::new(bottom).wrap(Wrap { trim: false }), bottom_a);
}

fn sources_lines(st: &ImportState, width: u16, theme: Theme) -> Vec<Line<'_>> {
    let mut lines = vec![
        Line::raw("Where is the key? Enter picks; the key fills steps 1 and 2."),
        Line::raw(""),
    ];
    for source in st.sources() {
        let selected = source == st.source;
        let mark = if selected { "▶ " } else { "  " };
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let line = match source {
            Source::Credentials => {
                let (path, detail) = match &st.scan {
                    None => ("~/.aws/credentials".to_string(), "looking…".to_string()),
                    Some(s) => (
                        s.credentials_path.clone(),
                        match &s.credentials {
                            Ok(c) => format!(
                                "{} profile{}, {} usable",
                                c.total,
                                if c.total == 1 { "" } else { "s" },
                                c.usable
                            ),
                            Err(e) => e.clone(),
                        },
                    ),
                };
                Line::from(vec![
                    Span::styled(format!("{mark}AWS credentials file {path}"), style),
                    Span::styled(format!(" · {detail}"), theme.dim()),
                ])
            }
            Source::Env => {
                let label = format!(
                    "{mark}Environment variables AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY"
                );
                // The key ID when there is room for it on the line.
                let id = match st.scan.as_ref().and_then(|s| s.env.clone()).flatten() {
                    Some(id)
                        if label.chars().count() + id.chars().count() + 3 <= usize::from(width) =>
                    {
                        format!(" · {id}")
                    }
                    _ => String::new(),
                };
                Line::from(vec![
                    Span::styled(label, style),
                    Span::styled(id, theme.dim()),
                ])
            }
            Source::Csv => {
                let mut line = field_line(
                    "CSV file from the IAM console, path:",
                    FieldText::Plain(&st.csv_path),
                    width.saturating_sub(2),
                    theme,
                );
                line.spans.insert(0, Span::styled(mark, style));
                if !selected {
                    // No cursor in a field that does not take keys.
                    line.spans.pop();
                    if st.csv_path.is_empty() {
                        line.spans
                            .push(Span::styled("type or paste a path", theme.dim()));
                    }
                }
                line
            }
        };
        lines.push(line);
    }
    lines
}

fn profile_items<'a>(st: &'a ImportState, theme: Theme) -> Vec<ListItem<'a>> {
    let name_w = st
        .profiles
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, 20);
    st.profiles
        .iter()
        .map(|p| {
            let id = p.access_key_id.as_deref().unwrap_or("(no access key ID)");
            let text = format!("{:<name_w$}  {id:<20}", p.name);
            match &p.problem {
                None => ListItem::new(Line::raw(text)),
                Some(why) => ListItem::new(Line::from(vec![
                    Span::raw(text),
                    Span::raw("  "),
                    Span::raw(short_reason(why)),
                ]))
                .style(theme.dim()),
            }
        })
        .collect()
}

/// Width of the user name column (with its gap).
fn user_width(st: &ImportState) -> usize {
    st.rows
        .iter()
        .filter_map(|r| r.user_name.as_deref())
        .map(|u| u.chars().count() + 2)
        .max()
        .unwrap_or(0)
        .clamp(11, 24)
}

fn row_items<'a>(st: &'a ImportState, theme: Theme) -> Vec<ListItem<'a>> {
    let user_w = user_width(st);
    st.rows
        .iter()
        .map(|r| {
            let user = r.user_name.as_deref().unwrap_or("—");
            let head = format!("{:<5}{:<6}{:<user_w$}", r.row, r.line, user);
            match (&r.problem, &r.access_key_id) {
                (None, id) => {
                    ListItem::new(Line::raw(format!("{head}{}", id.as_deref().unwrap_or(""))))
                }
                (Some(why), _) => {
                    ListItem::new(Line::raw(format!("{head}{why}"))).style(theme.dim())
                }
            }
        })
        .collect()
}

/// The gist of a profile's problem for its list line (the full text shows on Enter).
fn short_reason(why: &str) -> String {
    let gist = [
        ("aws_session_token", "temporary keys (session token)"),
        ("credential_process", "uses credential_process"),
        ("SSO", "IAM Identity Center (SSO)"),
        ("role_arn", "assumes a role"),
        ("no aws_secret_access_key", "no secret access key"),
        ("is empty", "empty secret access key"),
    ];
    gist.iter()
        .find(|(k, _)| why.contains(k))
        .map_or_else(|| why.to_string(), |(_, g)| g.to_string())
}

fn bottom_lines(st: &ImportState, theme: Theme) -> Vec<Line<'static>> {
    if let Some(job) = st.waiting {
        let what = match job {
            Job::Scan | Job::ListCredentials | Job::ListCsv => "Reading the file…",
            Job::LoadSelected | Job::LoadEnv => "Loading the key…",
        };
        return vec![Line::styled(what, theme.dim())];
    }
    if let Some(e) = &st.error {
        return vec![finding("✗ ", theme.error(), e.clone())];
    }
    let hint = match st.screen {
        Screen::Sources => {
            "The CSV is the file the IAM console offers when a key is created (…_accessKeys.csv)."
        }
        Screen::Profiles => {
            "Enter takes the selected profile. Greyed profiles cannot be used for SES SMTP; \
             ← goes back."
        }
        Screen::Rows => "Enter takes the selected row; ← goes back.",
    };
    vec![finding("· ", theme.dim(), hint.into())]
}

/// The keys for the key bar while the overlay is open.
pub(super) fn keys(st: &ImportState) -> Vec<(&'static str, &'static str)> {
    match st.screen {
        Screen::Sources => vec![
            ("Enter", "choose"),
            ("↑↓", "move"),
            ("Ctrl-U", "clear path"),
            ("Esc", "close"),
        ],
        Screen::Profiles | Screen::Rows => vec![
            ("Enter", "import"),
            ("↑↓", "move"),
            ("←", "sources"),
            ("Esc", "close"),
        ],
    }
}

/// "Imported from …" for steps 1 and 2, when the fields came from an import.
pub(super) fn origin_line(app: &App, theme: Theme) -> Option<Line<'static>> {
    app.origin
        .as_ref()
        .map(|o| finding("✓ ", theme.ok(), format!("Imported from {o}.")))
}

#[cfg(test)]
mod tests {
    //! Snapshots of the overlay at 80×24 (`INSTA_UPDATE=always` after an intended change).

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use zeroize::Zeroizing;

    use crate::import::{SourceFile, credentials, csv};
    use crate::tui::app::App;
    use crate::tui::event::{Event, Key};
    use crate::tui::import::{ImportEvent, Listed, Listing, ProfileCount, Scan};
    use crate::tui::theme::Theme;
    use crate::tui::update::update;
    use crate::tui::view::view;

    fn screen(app: &App) -> Terminal<TestBackend> {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| view(app, f, Theme::new(false))).unwrap();
        t
    }

    fn text(t: &Terminal<TestBackend>) -> String {
        t.backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect()
    }

    fn send(app: &mut App, keys: &[Key]) {
        for &k in keys {
            update(app, Event::Key(k));
        }
    }

    fn fixture(name: &str, shown: &str) -> SourceFile {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/import")
            .join(name);
        SourceFile::from_bytes(shown, Zeroizing::new(std::fs::read(path).unwrap()))
    }

    /// The overlay open on step 1 with the scan back (credentials file and environment found).
    fn opened() -> App {
        let mut app = App::new(None);
        send(&mut app, &[Key::Ctrl('o')]);
        update(
            &mut app,
            Event::Import(ImportEvent::Scanned(Scan {
                credentials_path: "~/.aws/credentials".into(),
                credentials: Ok(ProfileCount {
                    total: 6,
                    usable: 2,
                }),
                env: Some(Some("AKIAIOSFODNN7EXAMPLE".into())),
            })),
        );
        app
    }

    fn with_profiles() -> App {
        let mut app = opened();
        send(&mut app, &[Key::Enter]);
        let file = fixture("credentials", "~/.aws/credentials");
        let listing = Listing::Profiles(credentials::list(&file));
        update(
            &mut app,
            Event::Import(ImportEvent::Listed(Ok(Listed {
                file,
                shown_name: "~/.aws/credentials".into(),
                listing,
            }))),
        );
        app
    }

    #[test]
    fn import_sources() {
        let mut app = opened();
        for c in "~/Downloads/smtp-relay_accessKeys.csv".chars() {
            update(&mut app, Event::Key(Key::Char(c)));
        }
        send(&mut app, &[Key::Up]);
        insta::assert_snapshot!(screen(&app).backend());
    }

    #[test]
    fn import_profiles() {
        let mut app = with_profiles();
        send(&mut app, &[Key::Down]);
        let t = screen(&app);
        // Key IDs are listed; no secret of the file is.
        assert!(text(&t).contains("AKIAIOSFODNN7EXAMPL2"));
        for secret in ["6OMByx", "vaHYdK", "Hz/Hmh", "IQoJb3"] {
            assert!(!text(&t).contains(secret));
        }
        insta::assert_snapshot!(t.backend());
    }

    #[test]
    fn import_profile_refused() {
        let mut app = with_profiles();
        send(&mut app, &[Key::Down, Key::Down, Key::Enter]);
        insta::assert_snapshot!(screen(&app).backend());
    }

    #[test]
    fn import_csv_rows() {
        let mut app = opened();
        for c in "~/keys.csv".chars() {
            update(&mut app, Event::Key(Key::Char(c)));
        }
        send(&mut app, &[Key::Enter]);
        let file = fixture("user-without-key.csv", "~/keys.csv");
        let listing = Listing::Rows(csv::list(&file).unwrap());
        update(
            &mut app,
            Event::Import(ImportEvent::Listed(Ok(Listed {
                file,
                shown_name: "~/keys.csv".into(),
                listing,
            }))),
        );
        send(&mut app, &[Key::End]);
        let t = screen(&app);
        assert!(!text(&t).contains("6OMByx"));
        insta::assert_snapshot!(t.backend());
    }

    #[test]
    fn import_csv_error() {
        let mut app = opened();
        for c in "~/Downloads/key.csv".chars() {
            update(&mut app, Event::Key(Key::Char(c)));
        }
        send(&mut app, &[Key::Enter]);
        update(
            &mut app,
            Event::Import(ImportEvent::Listed(Err(
                "~/Downloads/key.csv: cannot open the file: no such file".into(),
            ))),
        );
        insta::assert_snapshot!(screen(&app).backend());
    }

    #[test]
    fn imported_key_on_the_region_step() {
        let mut app = with_profiles();
        send(&mut app, &[Key::Down, Key::Enter]);
        let (tx, rx) = std::sync::mpsc::channel();
        crate::tui::import::jobs::execute(crate::tui::import::Job::LoadSelected, &app, move |ev| {
            tx.send(ev).unwrap()
        });
        update(&mut app, Event::Import(rx.recv().unwrap()));
        let t = screen(&app);
        assert!(text(&t).contains("(imported)"));
        insta::assert_snapshot!(t.backend());
        // Back on step 1, the panel says where the ID came from.
        send(&mut app, &[Key::BackTab, Key::BackTab]);
        assert!(text(&screen(&app)).contains("Imported from profile \"ses-smtp\""));
    }

    #[test]
    fn overlay_renders_at_every_size() {
        let apps = [opened(), with_profiles()];
        for app in &apps {
            for w in (1..=100).step_by(3) {
                for h in 1..=30 {
                    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                    t.draw(|f| view(app, f, Theme::new(false))).unwrap();
                }
            }
        }
    }
}
