//! Rendering only: draws the state, decides nothing.
//!
//! A secret is never copied into a `String` here: a masked field is drawn as one `•` per
//! character (built from the length alone), and a revealed one borrows the secret's `&str`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph, Wrap};

use crate::check::Outcome as CheckOutcome;
use crate::clipboard::{Destination, Outcome as ClipOutcome};
use crate::region::RegionChoice;
use crate::settings::{PORTS, TlsMode};
use crate::tui::app::{App, CheckState, RegionItem, Step, Tone};
use crate::tui::theme::Theme;

/// Smallest useful terminal size (columns, rows).
pub const MIN_SIZE: (u16, u16) = (60, 16);

/// The IAM policy statement the SMTP user needs.
pub const IAM_POLICY: &str =
    r#"{"Effect": "Allow", "Action": "ses:SendRawEmail", "Resource": "*"}"#;

/// Draws the whole screen for `app`.
pub fn view(app: &App, frame: &mut Frame, theme: Theme) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        too_small(frame, area, theme);
        return;
    }
    let stepper = stepper_line(app, theme);
    let stepper_h = if stepper.width() <= usize::from(area.width) {
        1
    } else {
        2
    };
    let rest = area.height.saturating_sub(3 + stepper_h);
    let guide_h = if rest >= 20 {
        8
    } else {
        rest.saturating_sub(8).clamp(3, 7)
    };
    let [header, steps, panel, guide, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(stepper_h),
        Constraint::Min(0),
        Constraint::Length(guide_h),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);

    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" seskey ", theme.title()),
            Span::raw(" AWS secret access key → Amazon SES SMTP password"),
        ])),
        header,
    );
    frame.render_widget(Paragraph::new(stepper).wrap(Wrap { trim: true }), steps);

    let block = Block::bordered().title(Span::styled(
        format!(" Step {} of 4 · {} ", app.step.number(), app.step.title()),
        theme.title(),
    ));
    let inner = block.inner(panel);
    frame.render_widget(block, panel);
    match app.step {
        Step::AccessKeyId => key_id_panel(app, frame, inner, theme),
        Step::Secret => secret_panel(app, frame, inner, theme),
        Step::Region => region_panel(app, frame, inner, theme),
        Step::Card => card_panel(app, frame, inner, theme),
    }

    match (&app.check, app.step) {
        // The verdict says what to do next; it takes the guidance's place on the card.
        (CheckState::Done { outcome, message }, Step::Card)
            if *outcome != CheckOutcome::Cancelled =>
        {
            let style = check_style(*outcome, theme);
            frame.render_widget(
                Paragraph::new(Line::styled(message.as_str(), style))
                    .wrap(Wrap { trim: true })
                    .block(Block::bordered().title(Span::styled(" Login test ", theme.title()))),
                guide,
            );
        }
        _ => frame.render_widget(
            Paragraph::new(guidance(app.step))
                .wrap(Wrap { trim: true })
                .block(Block::bordered().title(Span::styled(" What to do ", theme.title()))),
            guide,
        ),
    }
    if app.status.is_none()
        && let Some(p) = &app.clipboard.pending
        && let Some(n) = p.secs_left
        && !p.clearing
    {
        // The countdown shows on every step, when nothing else is said.
        frame.render_widget(
            Paragraph::new(format!(" clipboard clears in {n} s")).style(theme.dim()),
            status,
        );
    }
    if let Some(s) = &app.status {
        let style = match s.tone {
            Tone::Info => Style::new(),
            Tone::Success => theme.ok(),
            Tone::Error => theme.error(),
        };
        let mark = match s.tone {
            Tone::Info => "",
            Tone::Success => "✓ ",
            Tone::Error => "✗ ",
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::raw(" "),
                Span::styled(mark, style),
                Span::styled(s.text.as_str(), style),
            ])),
            status,
        );
    }
    frame.render_widget(Paragraph::new(key_bar(app, theme, keys.width)), keys);

    if app.help {
        help_overlay(frame, area, theme);
    }
    if let Some(st) = &app.import {
        import::overlay(st, frame, area, theme);
    }
}

fn too_small(frame: &mut Frame, area: Rect, theme: Theme) {
    let text = vec![
        Line::styled("Make the window larger", theme.title()),
        Line::raw(format!(
            "seskey needs at least {}×{}; it is {}×{} now.",
            MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
        )),
        Line::raw("Ctrl-C quits."),
    ];
    let h = 4.min(area.height);
    let y = area.y + area.height.saturating_sub(h) / 2;
    frame.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }).centered(),
        Rect::new(
            area.x,
            y,
            area.width,
            area.height.saturating_sub(y - area.y),
        ),
    );
}

fn stepper_line(app: &App, theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (i, step) in Step::ALL.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        let done = step < app.reached;
        let label = format!("{} {}", step.number(), step.short_title());
        if step == app.step {
            spans.push(Span::styled(format!("▶ {label}"), theme.current()));
        } else if done {
            let skipped = step == Step::AccessKeyId && app.username().is_none();
            let word = if step <= Step::Secret && app.origin.is_some() && !skipped {
                "imported"
            } else if skipped {
                "skipped"
            } else {
                "done"
            };
            spans.push(Span::styled(format!("✓ {label} ({word})"), theme.ok()));
        } else {
            spans.push(Span::styled(format!("○ {label}"), theme.dim()));
        }
    }
    Line::from(spans)
}

/// A one-line text field: `> text█`, showing the tail when the text is wider than the area.
fn field_line<'a>(label: &'a str, text: FieldText<'a>, width: u16, theme: Theme) -> Line<'a> {
    let room = usize::from(width)
        .saturating_sub(label.chars().count() + 3)
        .max(1);
    let shown: Span<'a> = match text {
        FieldText::Plain(s) => {
            let n = s.chars().count();
            let skip = n.saturating_sub(room);
            let start = s.char_indices().nth(skip).map_or(s.len(), |(i, _)| i);
            Span::raw(&s[start..])
        }
        FieldText::Masked(n) => Span::raw("•".repeat(n.min(room))),
    };
    let clipped = match text {
        FieldText::Plain(s) => s.chars().count() > room,
        FieldText::Masked(n) => n > room,
    };
    Line::from(vec![
        Span::styled(label, theme.title()),
        Span::raw(if clipped { " …" } else { "  " }),
        shown,
        Span::styled(" ", theme.cursor()),
    ])
}

#[derive(Clone, Copy)]
enum FieldText<'a> {
    Plain(&'a str),
    Masked(usize),
}

fn finding(mark: &'static str, style: Style, text: String) -> Line<'static> {
    Line::from(vec![Span::styled(mark, style), Span::styled(text, style)])
}

fn refusal_lines(app: &App, theme: Theme, live_error: Option<&str>) -> Vec<Line<'static>> {
    match &app.refusal {
        Some(r) if Some(r.as_str()) == live_error => vec![finding(
            "✗ ",
            theme.error(),
            "Enter was refused: fix the value first (see above)".into(),
        )],
        Some(r) => vec![finding("✗ ", theme.error(), r.clone())],
        None => vec![],
    }
}

fn key_id_panel(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let mut lines = vec![
        Line::raw("The access key ID is your SMTP username. It is optional here."),
        Line::raw(""),
        field_line(
            "Access key ID",
            FieldText::Plain(&app.key_id),
            area.width,
            theme,
        ),
        Line::raw(""),
    ];
    let mut live_error = None;
    match app.key_id_check() {
        Ok(None) => lines.push(finding(
            "· ",
            theme.dim(),
            "Empty: Enter skips this step (the settings card then says where the username \
             comes from)."
                .into(),
        )),
        Ok(Some(w)) if w.is_empty() => lines.push(finding(
            "✓ ",
            theme.ok(),
            "Looks like an IAM user's access key ID.".into(),
        )),
        Ok(Some(w)) => {
            for w in w {
                lines.push(finding("⚠ ", theme.warn(), w.to_string()));
            }
        }
        Err(e) => {
            let text = e.to_string();
            lines.push(finding("✗ ", theme.error(), text.clone()));
            live_error = Some(text);
        }
    }
    lines.extend(refusal_lines(app, theme, live_error.as_deref()));
    lines.extend(import::origin_line(app, theme));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

fn secret_panel(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let n = app.secret.char_count();
    let text = if app.reveal_secret {
        // Shown because the user asked (Ctrl-R); borrowed, never copied.
        FieldText::Plain(app.secret.expose())
    } else {
        FieldText::Masked(n)
    };
    let state = if app.reveal_secret {
        "shown: Ctrl-R hides it"
    } else {
        "hidden: Ctrl-R shows it"
    };
    let mut lines = vec![
        Line::raw("Paste or type the secret access key. It never leaves this machine."),
        Line::raw(""),
        field_line("Secret", text, area.width, theme),
        Line::styled(format!("{n} characters, {state}"), theme.dim()),
        Line::raw(""),
    ];
    let mut live_error = None;
    match app.secret_check() {
        Err(crate::validate::SecretError::Empty) if app.deriver.is_some() => lines.push(finding(
            "✓ ",
            theme.ok(),
            format!(
                "A secret access key of {} characters was confirmed. It was wiped from \
                     memory; only what the password needs is kept. Enter keeps it; typing or \
                     pasting replaces it.",
                app.secret_len
            ),
        )),
        Err(crate::validate::SecretError::Empty) => lines.push(finding(
            "· ",
            theme.dim(),
            "Waiting for the 40-character secret access key.".into(),
        )),
        Err(e) => {
            let text = e.to_string();
            lines.push(finding("✗ ", theme.error(), text.clone()));
            live_error = Some(text);
        }
        Ok(w) if w.is_empty() => lines.push(finding(
            "✓ ",
            theme.ok(),
            "40 characters of the right alphabet: looks like a secret access key.".into(),
        )),
        Ok(w) => {
            for w in w {
                lines.push(finding("⚠ ", theme.warn(), w.to_string()));
            }
        }
    }
    if app.refusal.is_some() && live_error.is_none() {
        // The refusal for an empty field is the core's "empty" message.
        live_error = app.secret_check().err().map(|e| e.to_string());
        if let Some(t) = &live_error {
            lines.push(finding("✗ ", theme.error(), t.clone()));
        }
    }
    lines.extend(refusal_lines(app, theme, live_error.as_deref()));
    lines.extend(import::origin_line(app, theme));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

fn region_panel(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let items = app.region_items();
    let mut notes: Vec<Line> = Vec::new();
    if let Some(RegionItem::Custom(code)) = items.get(app.selected) {
        let w = RegionChoice::Custom(code.clone()).warning();
        if let Some(w) = w {
            notes.push(finding("⚠ ", theme.warn(), w.to_string()));
        }
    }
    if items.is_empty() {
        notes.push(finding(
            "· ",
            theme.dim(),
            "No region matches. Backspace or Ctrl-U changes the filter; a full region code \
             such as me-central-1 can be used even when it is not listed."
                .into(),
        ));
    }
    notes.extend(refusal_lines(app, theme, None));
    let notes_h = if notes.is_empty() {
        0
    } else {
        wrapped_height(&notes, area.width).min(area.height.saturating_sub(3))
    };
    let [filter, list, note] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(notes_h),
    ])
    .areas(area);
    let hint = if app.filter.is_empty() {
        Span::styled("  type a code or name to filter", theme.dim())
    } else {
        Span::styled(format!("  {} match", items.len()), theme.dim())
    };
    let mut line = field_line("Filter", FieldText::Plain(&app.filter), filter.width, theme);
    line.spans.push(hint);
    frame.render_widget(Paragraph::new(line), filter);

    let rows: Vec<ListItem> = items
        .iter()
        .map(|i| match i {
            RegionItem::Known(r) => ListItem::new(Line::from(vec![
                Span::raw(format!("{:<15}", r.code)),
                Span::raw(" — "),
                Span::raw(r.name),
                Span::styled(
                    if r.fips_host.is_some() {
                        "  (FIPS too)"
                    } else {
                        ""
                    },
                    theme.dim(),
                ),
            ])),
            RegionItem::Custom(c) => ListItem::new(Line::from(vec![
                Span::raw("use custom region "),
                Span::raw(c.clone()),
                Span::styled("  (not in the catalogue)", theme.warn()),
            ])),
        })
        .collect();
    let mut state = ListState::default().with_selected((!items.is_empty()).then_some(app.selected));
    frame.render_stateful_widget(
        List::new(rows)
            .highlight_symbol("▶ ")
            .highlight_style(theme.selected()),
        list,
        &mut state,
    );
    frame.render_widget(Paragraph::new(notes).wrap(Wrap { trim: true }), note);
}

fn card_panel(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(region) = &app.region else {
        frame.render_widget(Paragraph::new("Confirm a region first (step 3)."), area);
        return;
    };
    let label = |s: &'static str| Span::styled(format!("{s:<13}"), theme.title());
    let region_name = match region {
        RegionChoice::Known(r) => format!("{} · {}", r.code, r.name),
        RegionChoice::Custom(c) => format!("{c} · not in the catalogue"),
    };
    let mut lines = vec![
        Line::from(vec![label("Region"), Span::raw(region_name)]),
        Line::from(vec![label("SMTP server"), Span::raw(region.smtp_host())]),
    ];
    if let Some(f) = region.fips_host() {
        lines.push(Line::from(vec![label("FIPS server"), Span::raw(f)]));
    }
    for (i, mode) in [TlsMode::Starttls, TlsMode::Tls].into_iter().enumerate() {
        let ports: Vec<String> = PORTS
            .iter()
            .filter(|p| p.tls == mode)
            .map(|p| p.port.to_string())
            .collect();
        lines.push(Line::from(vec![
            label(if i == 0 { "Ports" } else { "" }),
            Span::raw(format!("{:<15}", ports.join(", "))),
            Span::raw(mode.label()),
        ]));
    }
    match (app.username(), &app.check) {
        // `t` asked for the skipped key ID: the username row is its field.
        (None, CheckState::AskKeyId { text, .. }) => lines.push(Line::from(vec![
            label("Username"),
            Span::raw(text.as_str()),
            Span::styled(" ", theme.cursor()),
            Span::styled("  the access key ID (AKIA…)", theme.dim()),
        ])),
        (Some(u), _) => lines.push(Line::from(vec![label("Username"), Span::raw(u)])),
        (None, _) => lines.push(Line::from(vec![
            label("Username"),
            Span::styled(
                "skipped: it is your access key ID (AKIA…), shown next to the secret in \
                 IAM › Users › Security credentials",
                theme.warn(),
            ),
        ])),
    }
    let password = match &app.password {
        // Shown because the user pressed r; borrowed, never copied.
        Some(p) if app.reveal_password => vec![
            label("Password"),
            Span::raw(p.expose()),
            Span::styled("  r hides", theme.dim()),
        ],
        Some(p) => vec![
            label("Password"),
            Span::raw("•".repeat(p.expose().chars().count())),
            Span::styled("  r reveals", theme.dim()),
        ],
        None => vec![label("Password"), Span::raw("(not derived)")],
    };
    lines.push(Line::from(password));
    lines.push(clipboard_line(app, theme));
    lines.extend(check_lines(app, theme));
    if let Some(w) = region.warning() {
        lines.push(finding("⚠ ", theme.warn(), w.to_string()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// The card's clipboard row: off, copying, the countdown, or how the last copy ended.
fn clipboard_line(app: &App, theme: Theme) -> Line<'static> {
    let label = Span::styled(format!("{:<13}", "Clipboard"), theme.title());
    let c = &app.clipboard;
    let (text, style) = if !c.enabled {
        (
            "copying is off (--no-clipboard): r reveals the password to copy it by hand".into(),
            theme.warn(),
        )
    } else if c.busy.is_some() {
        ("copying…".into(), Style::new())
    } else if let Some(p) = &c.pending {
        let place = match &p.destination {
            Destination::System { .. } => "password copied",
            Destination::Osc52 => "password sent via OSC 52",
        };
        let when = match p.secs_left {
            _ if p.clearing => "clearing…".to_string(),
            Some(n) => format!("clipboard clears in {n} s"),
            None => "never cleared (--clear-after 0)".into(),
        };
        (format!("{place} · {when}"), theme.ok())
    } else if let Some(o) = c.last {
        let text = match o {
            ClipOutcome::Cleared => "clipboard cleared".to_string(),
            ClipOutcome::Replaced => "another application replaced it: left alone".into(),
            ClipOutcome::Superseded => "replaced by a newer copy".into(),
            ClipOutcome::Failed => o.to_string(),
        };
        let style = if o == ClipOutcome::Failed {
            theme.error()
        } else {
            theme.dim()
        };
        (text, style)
    } else {
        let when = match c.clear_after {
            Some(d) => format!("cleared after {} s", d.as_secs()),
            None => "never cleared (--clear-after 0)".into(),
        };
        (format!("c copies the password, {when}"), theme.dim())
    };
    Line::from(vec![label, Span::styled(text, style)])
}

fn check_style(outcome: CheckOutcome, theme: Theme) -> Style {
    match outcome {
        CheckOutcome::Accepted => theme.ok(),
        CheckOutcome::Refused => theme.error(),
        CheckOutcome::NotChecked => theme.warn(),
        CheckOutcome::Cancelled => theme.dim(),
    }
}

/// The card's login-test row: the hint, the field asking for the key ID, the spinner, or the
/// verdict in a word (its message is in the guidance box).
fn check_lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
    const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    let label = Span::styled(format!("{:<13}", "Login test"), theme.title());
    match &app.check {
        CheckState::Idle => vec![Line::from(vec![
            label,
            Span::styled(
                "t logs in to the SMTP server with these (sends no mail)",
                theme.dim(),
            ),
        ])],
        CheckState::AskKeyId { refusal, .. } => vec![match refusal {
            Some(r) => Line::from(vec![label, Span::styled(format!("✗ {r}"), theme.error())]),
            None => Line::from(vec![
                label,
                Span::styled(
                    "type the username above: Enter tests the login, Esc cancels",
                    theme.dim(),
                ),
            ]),
        }],
        CheckState::Running { stage, frame, .. } => vec![Line::from(vec![
            label,
            Span::styled(
                format!("{} ", SPINNER[frame % SPINNER.len()]),
                theme.title(),
            ),
            Span::raw(format!("testing the login: {}…", stage.label())),
            Span::styled("  Esc cancels", theme.dim()),
        ])],
        CheckState::Done { outcome, .. } => {
            let word = match outcome {
                CheckOutcome::Accepted => "✓ accepted: these credentials work (see below)",
                CheckOutcome::Refused => "✗ refused by the server (see below)",
                CheckOutcome::NotChecked => "⚠ could not be checked (see below)",
                CheckOutcome::Cancelled => "cancelled: t tries again",
            };
            vec![Line::from(vec![
                label,
                Span::styled(word, check_style(*outcome, theme)),
            ])]
        }
    }
}

/// Guidance for a non-expert: where the value is, why it is needed, what to watch out for.
fn guidance(step: Step) -> &'static str {
    match step {
        Step::AccessKeyId => {
            "Where: IAM console › Users › (your SMTP user) › Security credentials › Access keys. \
             It starts with AKIA. Why: it is the SMTP username; seskey only needs it to show it \
             on the settings card. Watch out: keys starting with ASIA are temporary and do not \
             work for SMTP."
        }
        Step::Secret => {
            "Where: shown only once, when the access key was created (or in the .csv file you \
             downloaded then). Lost it? Create a new access key. Why: the SMTP password is \
             computed from it, here, offline. Watch out: paste the secret (40 characters), not \
             the access key ID, and not an existing SMTP password."
        }
        Step::Region => {
            "Pick the region where you use Amazon SES (SES console, top right). Why: SMTP \
             passwords are per region; a password made for another region is refused with \
             \"535 Authentication Credentials Invalid\". The list shows regions with an SES \
             SMTP endpoint."
        }
        Step::Card => {
            "Next: put the server, port, username and password into your mail client or \
             application (c copies the password). Rotating keys? Test the new credentials \
             first, then deactivate and delete the old access key in IAM. The user needs the \
             ses:SendRawEmail permission (? shows the policy)."
        }
    }
}

fn key_bar(app: &App, theme: Theme, width: u16) -> Line<'static> {
    let mut keys: Vec<(&str, &str)> = Vec::new();
    if let Some(st) = &app.import {
        keys.extend(import::keys(st));
        keys.push(("Ctrl-C", "quit"));
    } else if app.help {
        keys.extend([("Esc", "close help"), ("q", "quit"), ("Ctrl-C", "quit")]);
    } else {
        match app.step {
            Step::AccessKeyId => keys.extend([
                (
                    "Enter",
                    if app.key_id.trim().is_empty() {
                        "skip"
                    } else {
                        "next"
                    },
                ),
                ("Ctrl-O", "import"),
                ("Esc", "quit"),
                ("Ctrl-U", "clear"),
            ]),
            Step::Secret => keys.extend([
                ("Enter", "next"),
                ("Ctrl-O", "import"),
                ("Esc", "back"),
                ("Ctrl-R", if app.reveal_secret { "hide" } else { "show" }),
                ("Ctrl-U", "clear"),
            ]),
            Step::Region => keys.extend([
                ("Enter", "choose"),
                ("↑↓", "move"),
                ("PgUp/PgDn", "page"),
                ("Esc", "back"),
            ]),
            Step::Card if matches!(app.check, CheckState::AskKeyId { .. }) => keys.extend([
                ("Enter", "test login"),
                ("Esc", "cancel"),
                ("Ctrl-U", "clear"),
            ]),
            Step::Card => {
                if matches!(app.check, CheckState::Running { .. }) {
                    keys.push(("Esc", "cancel test"));
                }
                keys.push(("r", if app.reveal_password { "hide" } else { "show" }));
                if app.clipboard.enabled {
                    keys.extend([("c", "copy password"), ("u", "copy user")]);
                } else {
                    keys.push(("c/u", "copying off"));
                }
                keys.extend([("t", "test login"), ("q", "quit")]);
            }
        }
        let asking = matches!(app.check, CheckState::AskKeyId { .. });
        let checking = matches!(app.check, CheckState::Running { .. });
        if !(app.step == Step::Card && asking) {
            keys.push(("?", "help"));
        }
        if app.step == Step::Card && !asking {
            // After help: at 80 columns it does not fit (help lists it).
            keys.push(("n", "new"));
        }
        if app.step == Step::Card && !asking && !checking {
            keys.push(("Esc", "back"));
        }
        keys.push(("Ctrl-C", "quit"));
        if app.step.next().is_some_and(|n| n <= app.reached) {
            keys.push(("Tab", "next step"));
        }
        if app.step.prev().is_some() {
            keys.push(("S-Tab", "previous step"));
        }
    }
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (k, label) in keys {
        let w = k.chars().count() + label.chars().count() + 4;
        if used + w > usize::from(width) {
            break;
        }
        used += w;
        spans.push(Span::styled(format!(" {k} "), theme.key()));
        spans.push(Span::raw(format!(" {label}")));
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

fn help_overlay(frame: &mut Frame, area: Rect, theme: Theme) {
    let rows: [(&str, &str); 15] = [
        ("Enter", "confirm this step and go on"),
        ("Esc", "one step back; on step 1 it quits"),
        ("Tab, Shift-Tab", "move between steps already reached"),
        ("? or F1", "open or close this help"),
        ("Ctrl-C", "quit, from anywhere"),
        ("q", "quit, on the settings card and in this help"),
        ("Backspace, Ctrl-U", "delete a character, clear the field"),
        ("Ctrl-R", "show or hide the secret access key (step 2)"),
        (
            "Ctrl-O",
            "import the key from a file or env (steps 1 and 2)",
        ),
        ("↑ ↓ PgUp PgDn", "move in the region list (Home, End: ends)"),
        ("r", "show or hide the SMTP password (step 4)"),
        ("c", "copy the SMTP password to the clipboard"),
        ("u", "copy the SMTP username to the clipboard"),
        ("t", "test the login on the SMTP server (sends no mail)"),
        ("n", "new conversion: wipe every field, back to step 1"),
    ];
    let mut lines: Vec<Line> = rows
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!(" {k:<18}"), theme.title()),
                Span::raw(*what),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " The IAM user needs this permission (IAM policy statement):",
        theme.title(),
    ));
    lines.push(Line::raw(format!(" {IAM_POLICY}")));
    let w = area.width.saturating_sub(4).min(76);
    let h = area.height.saturating_sub(2).min(lines.len() as u16 + 2);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered().title(Span::styled(" Help · Esc, ? or F1 closes ", theme.title())),
        ),
        popup,
    );
}

/// Rows `lines` take when wrapped at `width` (an estimate by character count).
fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    let w = usize::from(width).max(1);
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(w).max(1)).sum();
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// Draws nothing: used to overwrite every cell (and ratatui's buffers) that showed a secret.
pub fn blank(frame: &mut Frame) {
    let area = frame.area();
    frame.render_widget(Clear, area);
}

mod import;

#[cfg(test)]
mod tests;
