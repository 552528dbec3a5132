//! The import overlay (drawing only). It shows names, line numbers and access key IDs; it never
//! has a secret to show.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Padding, Paragraph};

use unicode_width::UnicodeWidthStr;

use super::widgets::{FieldText, field_line, finding, pad, wrapped_height};
use super::wrap;
use crate::i18n::t;
use crate::tr;
use crate::tui::app::App;
use crate::tui::import::{ImportState, Job, Screen, Source};
use crate::tui::theme::Theme;

/// Draws the overlay over `area`; records its list's height in `list_rows` (for paging).
pub(super) fn overlay(
    st: &ImportState,
    list_rows: &std::cell::Cell<u16>,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let w = area.width.saturating_sub(4).min(76);
    let inner_w = w.saturating_sub(4);
    let (top, items) = match st.screen {
        Screen::Sources => (sources_lines(st, inner_w, theme), Vec::new()),
        Screen::Profiles => (
            vec![Line::raw(tr!(
                "tui.import.profiles_in",
                file = st.file_name
            ))],
            profile_items(st, theme),
        ),
        Screen::Rows => (
            vec![
                Line::raw(tr!("tui.import.rows_of", file = st.file_name)),
                Line::styled(
                    format!(
                        "  {}{}{}{}",
                        pad(t("tui.import.col_row"), 5),
                        pad(t("tui.import.col_line"), 6),
                        pad(t("tui.import.col_user"), user_width(st)),
                        t("tui.import.col_key_id"),
                    ),
                    theme.dim(),
                ),
            ],
            row_items(st, theme, inner_w),
        ),
    };
    let bottom = bottom_lines(st, theme);
    let top_h = wrapped_height(&top, inner_w, false);
    let bottom_h = wrapped_height(&bottom, inner_w, false);
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
        .title(Span::styled(
            format!(" {} ", t("tui.import.title")),
            theme.title(),
        ));
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
    frame.render_widget(Paragraph::new(wrap(&top, top_a.width, false)), top_a);
    if !items.is_empty() {
        list_rows.set(list_a.height);
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
    frame.render_widget(
        Paragraph::new(wrap(&bottom, bottom_a.width, false)),
        bottom_a,
    );
}

fn sources_lines(st: &ImportState, width: u16, theme: Theme) -> Vec<Line<'_>> {
    let mut lines = vec![Line::raw(t("tui.import.where")), Line::raw("")];
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
                    None => (
                        "~/.aws/credentials".to_string(),
                        t("tui.import.looking").to_string(),
                    ),
                    Some(s) => (
                        s.credentials_path.clone(),
                        match &s.credentials {
                            Ok(c) if c.total == 1 => tr!(
                                "tui.import.profile_count_one",
                                total = c.total,
                                usable = c.usable
                            ),
                            Ok(c) => tr!(
                                "tui.import.profile_count",
                                total = c.total,
                                usable = c.usable
                            ),
                            Err(e) => e.clone(),
                        },
                    ),
                };
                Line::from(vec![
                    Span::styled(
                        format!("{mark}{}", tr!("tui.import.credentials", path = path)),
                        style,
                    ),
                    Span::styled(format!(" · {detail}"), theme.dim()),
                ])
            }
            Source::Env => {
                let label = format!("{mark}{}", t("tui.import.env"));
                // The key ID when there is room for it on the line.
                let id = match st.scan.as_ref().and_then(|s| s.env.clone()).flatten() {
                    Some(id) if label.width() + id.width() + 3 <= usize::from(width) => {
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
                    t("tui.import.csv"),
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
                            .push(Span::styled(t("tui.import.type_path"), theme.dim()));
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
        .map(|p| p.name.width())
        .max()
        .unwrap_or(0)
        .clamp(8, 20);
    st.profiles
        .iter()
        .map(|p| {
            let id = p
                .access_key_id
                .as_deref()
                .unwrap_or(t("tui.import.no_key_id"));
            let text = format!("{}  {}", pad(&p.name, name_w), pad(id, 20));
            match &p.problem {
                None => ListItem::new(Line::raw(text)),
                Some(why) => ListItem::new(Line::from(vec![
                    Span::raw(text),
                    Span::raw("  "),
                    Span::raw(short_reason(&p.name, why)),
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
        .map(|u| u.width() + 2)
        .max()
        .unwrap_or(0)
        .clamp(t("tui.import.col_user").width() + 2, 24)
}

/// The rows of a CSV; a problem too long for the line ends in `…` (Enter shows it whole).
fn row_items<'a>(st: &'a ImportState, theme: Theme, width: u16) -> Vec<ListItem<'a>> {
    let user_w = user_width(st);
    // What is left of the line after the highlight mark, the row, line and user columns.
    let room = usize::from(width).saturating_sub(2 + 5 + 6 + user_w);
    st.rows
        .iter()
        .map(|r| {
            let user = r.user_name.as_deref().unwrap_or("—");
            let head = format!(
                "{:<5}{:<6}{}",
                r.row,
                r.line,
                pad(&fit(user, user_w - 2), user_w)
            );
            match (&r.problem, &r.access_key_id) {
                (None, id) => {
                    ListItem::new(Line::raw(format!("{head}{}", id.as_deref().unwrap_or(""))))
                }
                (Some(why), _) => {
                    ListItem::new(Line::raw(format!("{head}{}", fit(why, room)))).style(theme.dim())
                }
            }
        })
        .collect()
}

/// `s`, cut with `…` to at most `width` columns.
fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// The gist of profile `name`'s problem for its list line (the full text shows on Enter). The
/// setting names are in the message in either language; the rest is recognised as a whole.
fn short_reason(name: &str, why: &str) -> String {
    let gist = [
        ("aws_session_token", t("tui.import.why_session_token")),
        ("credential_process", t("tui.import.why_credential_process")),
        ("SSO", t("tui.import.why_sso")),
        ("role_arn", t("tui.import.why_role")),
    ];
    if let Some((_, g)) = gist.iter().find(|(k, _)| why.contains(k)) {
        return g.to_string();
    }
    if why == tr!("import.profile.no_secret", name = name) {
        t("tui.import.why_no_secret").into()
    } else if why == tr!("import.profile.secret_empty", name = name) {
        t("tui.import.why_secret_empty").into()
    } else {
        why.to_string()
    }
}

fn bottom_lines(st: &ImportState, theme: Theme) -> Vec<Line<'static>> {
    if let Some(job) = st.waiting {
        let what = match job {
            Job::Scan | Job::ListCredentials | Job::ListCsv => t("tui.import.reading"),
            Job::LoadSelected | Job::LoadEnv => t("tui.import.loading"),
        };
        return vec![Line::styled(what, theme.dim())];
    }
    if let Some(e) = &st.error {
        return vec![finding("✗ ", theme.error(), e.clone())];
    }
    let hint = match st.screen {
        Screen::Sources => t("tui.import.hint_sources"),
        Screen::Profiles => t("tui.import.hint_profiles"),
        Screen::Rows => t("tui.import.hint_rows"),
    };
    vec![finding("· ", theme.dim(), hint.into())]
}

/// "Imported from …" for steps 1 and 2, when the fields came from an import.
pub(super) fn origin_line(app: &App, theme: Theme) -> Option<Line<'static>> {
    app.origin
        .as_ref()
        .map(|o| finding("✓ ", theme.ok(), tr!("tui.import.origin", origin = o)))
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
    use crate::tui::test_support::{keys, screen, text, typed};
    use crate::tui::theme::Theme;
    use crate::tui::update::update;
    use crate::tui::view::view;

    fn fixture(name: &str, shown: &str) -> SourceFile {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/import")
            .join(name);
        SourceFile::from_bytes(shown, Zeroizing::new(std::fs::read(path).unwrap()))
    }

    /// The overlay open on step 1 with the scan back (credentials file and environment found).
    fn opened() -> App {
        let mut app = App::new(None);
        keys(&mut app, &[Key::Ctrl('o')]);
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
        keys(&mut app, &[Key::Enter]);
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
        keys(&mut app, &[Key::Up]);
        insta::assert_snapshot!(screen(&app).backend());
    }

    #[test]
    fn import_profiles() {
        let mut app = with_profiles();
        keys(&mut app, &[Key::Down]);
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
        keys(&mut app, &[Key::Down, Key::Down, Key::Enter]);
        insta::assert_snapshot!(screen(&app).backend());
    }

    /// The overlay listing the rows of a CSV file, the last one selected.
    fn csv_rows() -> App {
        let mut app = opened();
        typed(&mut app, "~/keys.csv");
        keys(&mut app, &[Key::Enter]);
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
        keys(&mut app, &[Key::End]);
        app
    }

    #[test]
    fn import_csv_rows() {
        let t = screen(&csv_rows());
        assert!(!text(&t).contains("6OMByx"));
        insta::assert_snapshot!(t.backend());
    }

    #[test]
    fn import_csv_error() {
        let mut app = opened();
        for c in "~/Downloads/key.csv".chars() {
            update(&mut app, Event::Key(Key::Char(c)));
        }
        keys(&mut app, &[Key::Enter]);
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
        keys(&mut app, &[Key::Down, Key::Enter]);
        let (tx, rx) = std::sync::mpsc::channel();
        crate::tui::import::jobs::execute(crate::tui::import::Job::LoadSelected, &app, move |ev| {
            tx.send(ev).unwrap()
        });
        update(&mut app, Event::Import(rx.recv().unwrap()));
        let t = screen(&app);
        assert!(text(&t).contains("(imported)"));
        insta::assert_snapshot!(t.backend());
        // Back on step 1, the panel says where the ID came from.
        keys(&mut app, &[Key::BackTab, Key::BackTab]);
        assert!(text(&screen(&app)).contains("Imported from profile \"ses-smtp\""));
    }

    fn ko<R>(f: impl FnOnce() -> R) -> R {
        crate::i18n::with_lang(crate::i18n::Lang::Ko, f)
    }

    #[test]
    fn ko_import_sources() {
        ko(|| {
            let mut app = opened();
            for c in "~/Downloads/smtp-relay_accessKeys.csv".chars() {
                update(&mut app, Event::Key(Key::Char(c)));
            }
            keys(&mut app, &[Key::Up]);
            let t = screen(&app);
            assert!(text(&t).contains("프로필 6개, 사용 가능 2개"));
            insta::assert_snapshot!(t.backend());
        });
    }

    #[test]
    fn ko_import_profiles() {
        ko(|| {
            let mut app = with_profiles();
            keys(&mut app, &[Key::Down]);
            let t = screen(&app);
            assert!(text(&t).contains("AKIAIOSFODNN7EXAMPL2"));
            insta::assert_snapshot!(t.backend());
        });
    }

    #[test]
    fn ko_import_profile_refused() {
        ko(|| {
            let mut app = with_profiles();
            keys(&mut app, &[Key::Down, Key::Down, Key::Enter]);
            insta::assert_snapshot!(screen(&app).backend());
        });
    }

    #[test]
    fn ko_import_csv_rows() {
        ko(|| insta::assert_snapshot!(screen(&csv_rows()).backend()));
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
