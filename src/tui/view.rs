//! Rendering only: draws the state, decides nothing.
//!
//! A secret is never copied into a `String` here: a masked field is drawn as one `•` per
//! character (built from the length alone), and a revealed one borrows the secret's `&str`.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::check::Outcome as CheckOutcome;
use crate::clipboard::{Destination, Outcome as ClipOutcome};
use crate::i18n::t;
use crate::region::RegionChoice;
use crate::settings::{PORTS, TlsMode};
use crate::tr;
use crate::tui::app::{App, CheckState, RegionItem, Step, Tone};
use crate::tui::keymap;
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
    let stepper = wrap(&[stepper_line(app, theme)], area.width, true);
    let stepper_h = if stepper.len() <= 1 { 1 } else { 2 };
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
            Span::raw(format!(" {}", t("tui.tagline"))),
        ])),
        header,
    );
    frame.render_widget(Paragraph::new(stepper), steps);

    let block = Block::bordered().title(Span::styled(
        format!(
            " {} ",
            tr!(
                "tui.panel_title",
                n = app.step.number(),
                title = app.step.title()
            )
        ),
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
                Paragraph::new(wrap(
                    &[Line::styled(message.as_str(), style)],
                    guide.width.saturating_sub(2),
                    true,
                ))
                .block(Block::bordered().title(Span::styled(
                    format!(" {} ", t("tui.guide.login_title")),
                    theme.title(),
                ))),
                guide,
            );
        }
        _ => frame.render_widget(
            Paragraph::new(wrap(
                &[Line::raw(guidance(app.step))],
                guide.width.saturating_sub(2),
                true,
            ))
            .block(Block::bordered().title(Span::styled(
                format!(" {} ", t("tui.guide.title")),
                theme.title(),
            ))),
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
            Paragraph::new(format!(" {}", tr!("tui.clip.clears_in", n = n))).style(theme.dim()),
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
    mend_wide_glyphs(frame.buffer_mut());
}

fn too_small(frame: &mut Frame, area: Rect, theme: Theme) {
    let text = vec![
        Line::styled(t("tui.small.title"), theme.title()),
        Line::raw(tr!(
            "tui.small.need",
            min_w = MIN_SIZE.0,
            min_h = MIN_SIZE.1,
            w = area.width,
            h = area.height
        )),
        Line::raw(t("tui.small.quit")),
    ];
    let h = 4.min(area.height);
    let y = area.y + area.height.saturating_sub(h) / 2;
    frame.render_widget(
        Paragraph::new(wrap(&text, area.width, true)).centered(),
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
                t("tui.stepper.imported")
            } else if skipped {
                t("tui.stepper.skipped")
            } else {
                t("tui.stepper.done")
            };
            spans.push(Span::styled(format!("✓ {label} ({word})"), theme.ok()));
        } else {
            spans.push(Span::styled(format!("○ {label}"), theme.dim()));
        }
    }
    Line::from(spans)
}

/// A one-line text field: `> text█`, showing the tail when the text is wider than the area.
/// Everything is measured in terminal columns (a Hangul syllable takes two).
fn field_line<'a>(label: &'a str, text: FieldText<'a>, width: u16, theme: Theme) -> Line<'a> {
    let room = usize::from(width).saturating_sub(label.width() + 3).max(1);
    let shown: Span<'a> = match text {
        FieldText::Plain(s) => Span::raw(tail(s, room)),
        FieldText::Masked(n) => Span::raw("•".repeat(n.min(room))),
    };
    let clipped = match text {
        FieldText::Plain(s) => s.width() > room,
        FieldText::Masked(n) => n > room,
    };
    Line::from(vec![
        Span::styled(label, theme.title()),
        Span::raw(if clipped { " …" } else { "  " }),
        shown,
        Span::styled(" ", theme.cursor()),
    ])
}

/// The longest end of `s` that fits in `room` columns.
fn tail(s: &str, room: usize) -> &str {
    let mut used = 0;
    let mut start = s.len();
    for (i, c) in s.char_indices().rev() {
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used > room {
            break;
        }
        start = i;
    }
    &s[start..]
}

/// `s` followed by spaces up to `width` columns (by display width, unlike `format!("{:<w$}")`,
/// which counts characters and so misaligns double-width text).
fn pad(s: &str, width: usize) -> String {
    let mut out = String::with_capacity(s.len() + width);
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(s.width())));
    out
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
            t("tui.refused_see_above").into(),
        )],
        Some(r) => vec![finding("✗ ", theme.error(), r.clone())],
        None => vec![],
    }
}

fn key_id_panel(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let mut lines = vec![
        Line::raw(t("tui.step1.intro")),
        Line::raw(""),
        field_line(
            t("tui.step.key_id"),
            FieldText::Plain(&app.key_id),
            area.width,
            theme,
        ),
        Line::raw(""),
    ];
    let mut live_error = None;
    match app.key_id_check() {
        Ok(None) => lines.push(finding("· ", theme.dim(), t("tui.step1.empty").into())),
        Ok(Some(w)) if w.is_empty() => {
            lines.push(finding("✓ ", theme.ok(), t("tui.step1.ok").into()))
        }
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
    frame.render_widget(Paragraph::new(wrap(&lines, area.width, true)), area);
}

fn secret_panel(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let n = app.secret.char_count();
    let text = if app.reveal_secret {
        // Shown because the user asked (Ctrl-R); borrowed, never copied.
        FieldText::Plain(app.secret.expose())
    } else {
        FieldText::Masked(n)
    };
    let count = if app.reveal_secret {
        tr!("tui.step2.count_shown", n = n)
    } else {
        tr!("tui.step2.count_hidden", n = n)
    };
    let mut lines = vec![
        Line::raw(t("tui.step2.intro")),
        Line::raw(""),
        field_line(t("tui.step2.field"), text, area.width, theme),
        Line::styled(count, theme.dim()),
        Line::raw(""),
    ];
    let mut live_error = None;
    match app.secret_check() {
        Err(crate::validate::SecretError::Empty) if app.deriver.is_some() => lines.push(finding(
            "✓ ",
            theme.ok(),
            tr!("tui.step2.confirmed", n = app.secret_len),
        )),
        Err(crate::validate::SecretError::Empty) => {
            lines.push(finding("· ", theme.dim(), t("tui.step2.waiting").into()))
        }
        Err(e) => {
            let text = e.to_string();
            lines.push(finding("✗ ", theme.error(), text.clone()));
            live_error = Some(text);
        }
        Ok(w) if w.is_empty() => lines.push(finding("✓ ", theme.ok(), t("tui.step2.ok").into())),
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
    frame.render_widget(Paragraph::new(wrap(&lines, area.width, true)), area);
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
        notes.push(finding("· ", theme.dim(), t("tui.step3.no_match").into()));
    }
    notes.extend(refusal_lines(app, theme, None));
    let notes_h = if notes.is_empty() {
        0
    } else {
        wrapped_height(&notes, area.width, true).min(area.height.saturating_sub(3))
    };
    let [filter, list, note] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(notes_h),
    ])
    .areas(area);
    let hint = if app.filter.is_empty() {
        Span::styled(format!("  {}", t("tui.step3.filter_hint")), theme.dim())
    } else {
        Span::styled(
            format!("  {}", tr!("tui.step3.matches", n = items.len())),
            theme.dim(),
        )
    };
    let mut line = field_line(
        t("tui.step3.filter"),
        FieldText::Plain(&app.filter),
        filter.width,
        theme,
    );
    line.spans.push(hint);
    frame.render_widget(Paragraph::new(line), filter);

    let rows: Vec<ListItem> = items
        .iter()
        .map(|i| match i {
            RegionItem::Known(r) => ListItem::new(Line::from(vec![
                Span::raw(pad(r.code, 15)),
                Span::raw(" — "),
                Span::raw(r.display_name()),
                Span::styled(
                    if r.fips_host.is_some() {
                        format!("  {}", t("tui.step3.fips"))
                    } else {
                        String::new()
                    },
                    theme.dim(),
                ),
            ])),
            RegionItem::Custom(c) => ListItem::new(Line::from(vec![
                Span::raw(tr!("tui.step3.custom", code = c)),
                Span::styled(format!("  {}", t("tui.step3.not_listed")), theme.warn()),
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
    frame.render_widget(Paragraph::new(wrap(&notes, note.width, true)), note);
}

fn card_panel(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(region) = &app.region else {
        frame.render_widget(Paragraph::new(t("tui.card.no_region")), area);
        return;
    };
    let label = |s: &str| card_label(s, theme);
    let region_name = match region {
        RegionChoice::Known(r) => format!("{} · {}", r.code, r.display_name()),
        RegionChoice::Custom(c) => tr!("tui.card.custom_region", code = c),
    };
    let mut lines = vec![
        Line::from(vec![label(t("tui.card.region")), Span::raw(region_name)]),
        Line::from(vec![
            label(t("tui.card.server")),
            Span::raw(region.smtp_host()),
        ]),
    ];
    if let Some(f) = region.fips_host() {
        lines.push(Line::from(vec![label(t("tui.card.fips")), Span::raw(f)]));
    }
    for (i, mode) in [TlsMode::Starttls, TlsMode::Tls].into_iter().enumerate() {
        let ports: Vec<String> = PORTS
            .iter()
            .filter(|p| p.tls == mode)
            .map(|p| p.port.to_string())
            .collect();
        lines.push(Line::from(vec![
            label(if i == 0 { t("tui.card.ports") } else { "" }),
            Span::raw(pad(&ports.join(", "), 15)),
            Span::raw(mode.label()),
        ]));
    }
    match (app.username(), &app.check) {
        // `t` asked for the skipped key ID: the username row is its field.
        (None, CheckState::AskKeyId { text, .. }) => lines.push(Line::from(vec![
            label(t("tui.card.username")),
            Span::raw(text.as_str()),
            Span::styled(" ", theme.cursor()),
            Span::styled(format!("  {}", t("tui.card.ask_hint")), theme.dim()),
        ])),
        (Some(u), _) => lines.push(Line::from(vec![
            label(t("tui.card.username")),
            Span::raw(u),
        ])),
        (None, _) => lines.push(Line::from(vec![
            label(t("tui.card.username")),
            Span::styled(t("tui.card.skipped"), theme.warn()),
        ])),
    }
    let password = match &app.password {
        // Shown because the user pressed r; borrowed, never copied.
        Some(p) if app.reveal_password => vec![
            label(t("tui.card.password")),
            Span::raw(p.expose()),
            Span::styled(format!("  {}", t("tui.card.hides")), theme.dim()),
        ],
        Some(p) => vec![
            label(t("tui.card.password")),
            // The password is base64 (ASCII): one column per character.
            Span::raw("•".repeat(p.expose().len())),
            Span::styled(format!("  {}", t("tui.card.reveals")), theme.dim()),
        ],
        None => vec![
            label(t("tui.card.password")),
            Span::raw(t("tui.card.not_derived")),
        ],
    };
    lines.push(Line::from(password));
    lines.push(clipboard_line(app, theme));
    lines.extend(check_lines(app, theme));
    if let Some(w) = region.warning() {
        lines.push(finding("⚠ ", theme.warn(), w.to_string()));
    }
    frame.render_widget(Paragraph::new(hanging(&lines, area.width)), area);
}

/// A label of the card, padded to its column (13 columns wide, by display width).
fn card_label(s: &str, theme: Theme) -> Span<'static> {
    Span::styled(pad(s, CARD_LABEL_W), theme.title())
}

/// Width of the card's label column.
const CARD_LABEL_W: usize = 13;

/// The card's lines wrapped with a hanging indent: a value too long for its line goes on under
/// itself, not under the labels.
fn hanging(lines: &[Line], width: u16) -> Vec<Line<'static>> {
    let indent = u16::try_from(CARD_LABEL_W).unwrap_or(0);
    let mut out = Vec::new();
    for line in lines {
        let labelled = line.spans.len() > 1
            && line.spans[0].content.width() == CARD_LABEL_W
            && width > indent + 10;
        if !labelled {
            out.extend(wrap(std::slice::from_ref(line), width, false));
            continue;
        }
        let value = Line::from(line.spans[1..].to_vec());
        for (i, mut row) in wrap(&[value], width - indent, false)
            .into_iter()
            .enumerate()
        {
            let head = if i == 0 {
                let l = &line.spans[0];
                Span::styled(l.content.to_string(), l.style)
            } else {
                Span::raw(" ".repeat(CARD_LABEL_W))
            };
            row.spans.insert(0, head);
            out.push(row);
        }
    }
    out
}

/// The card's clipboard row: off, copying, the countdown, or how the last copy ended.
fn clipboard_line(app: &App, theme: Theme) -> Line<'static> {
    let label = card_label(t("tui.card.clipboard"), theme);
    let c = &app.clipboard;
    let (text, style) = if !c.enabled {
        (t("tui.clip.off").to_string(), theme.warn())
    } else if c.busy.is_some() {
        (t("tui.clip.copying").to_string(), Style::new())
    } else if let Some(p) = &c.pending {
        let when = match p.secs_left {
            _ if p.clearing => t("tui.clip.clearing").to_string(),
            Some(n) => tr!("tui.clip.clears_in", n = n),
            None => t("tui.clip.never").into(),
        };
        let text = match &p.destination {
            Destination::System { .. } => tr!("tui.clip.copied", when = when),
            Destination::Osc52 => tr!("tui.clip.sent_osc52", when = when),
        };
        (text, theme.ok())
    } else if let Some(o) = c.last {
        let text = match o {
            ClipOutcome::Cleared => t("tui.clip.cleared").to_string(),
            ClipOutcome::Replaced => t("tui.clip.replaced").into(),
            ClipOutcome::Superseded => t("tui.clip.superseded").into(),
            ClipOutcome::Failed => o.to_string(),
        };
        let style = if o == ClipOutcome::Failed {
            theme.error()
        } else {
            theme.dim()
        };
        (text, style)
    } else {
        let text = match c.clear_after {
            Some(d) => tr!("tui.clip.hint", n = d.as_secs()),
            None => t("tui.clip.hint_never").into(),
        };
        (text, theme.dim())
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
    let label = card_label(t("tui.card.login"), theme);
    match &app.check {
        CheckState::Idle => vec![Line::from(vec![
            label,
            Span::styled(t("tui.check.idle"), theme.dim()),
        ])],
        CheckState::AskKeyId { refusal, .. } => vec![match refusal {
            Some(r) => Line::from(vec![label, Span::styled(format!("✗ {r}"), theme.error())]),
            None => Line::from(vec![label, Span::styled(t("tui.check.ask"), theme.dim())]),
        }],
        CheckState::Running { stage, frame, .. } => vec![Line::from(vec![
            label,
            Span::styled(
                format!("{} ", SPINNER[frame % SPINNER.len()]),
                theme.title(),
            ),
            Span::raw(tr!("tui.check.running", stage = stage.label())),
            Span::styled(format!("  {}", t("tui.check.esc_cancels")), theme.dim()),
        ])],
        CheckState::Done { outcome, .. } => {
            let word = match outcome {
                CheckOutcome::Accepted => t("tui.check.accepted"),
                CheckOutcome::Refused => t("tui.check.refused"),
                CheckOutcome::NotChecked => t("tui.check.not_checked"),
                CheckOutcome::Cancelled => t("tui.check.cancelled"),
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
        Step::AccessKeyId => t("tui.guide.key_id"),
        Step::Secret => t("tui.guide.secret"),
        Step::Region => t("tui.guide.region"),
        Step::Card => t("tui.guide.card"),
    }
}

fn key_bar(app: &App, theme: Theme, width: u16) -> Line<'static> {
    let keys = keymap::bar(app);
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (k, label) in keys {
        // By display width: a Hangul label takes two columns per syllable.
        let w = k.width() + label.width() + 4;
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
    let mut lines: Vec<Line> = keymap::help()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!(" {}", pad(k, 18)), theme.title()),
                Span::raw(what),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" {}", t("tui.help.policy")),
        theme.title(),
    ));
    lines.push(Line::raw(format!(" {IAM_POLICY}")));
    let w = area.width.saturating_sub(4).min(76);
    let lines = wrap(&lines, w.saturating_sub(2), false);
    let rows = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let h = area.height.saturating_sub(2).min(rows.saturating_add(2));
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(Span::styled(
            format!(" {} ", t("tui.help.title")),
            theme.title(),
        ))),
        popup,
    );
}

/// Rows `lines` take when wrapped at `width` (as [`wrap`] with `trim` does).
fn wrapped_height(lines: &[Line], width: u16, trim: bool) -> u16 {
    u16::try_from(wrap(lines, width, trim).len()).unwrap_or(u16::MAX)
}

/// Blanks every wide glyph whose continuation cells were drawn over (an overlay's border or
/// `Clear` landing on the second half of a Hangul syllable beneath it) or that would cross the
/// right edge, so the terminal never receives half a glyph.
fn mend_wide_glyphs(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let w = u16::try_from(buf[(x, y)].symbol().width().max(1)).unwrap_or(1);
            let covered = x.saturating_add(1)..x.saturating_add(w);
            let broken = covered
                .clone()
                .any(|c| c >= area.right() || buf[(c, y)].symbol() != " ");
            if broken {
                buf[(x, y)].set_symbol(" ");
                x += 1;
            } else {
                x = x.saturating_add(w);
            }
        }
    }
}

/// Draws nothing: used to overwrite every cell (and ratatui's buffers) that showed a secret.
pub fn blank(frame: &mut Frame) {
    let area = frame.area();
    frame.render_widget(Clear, area);
}

mod import;
mod wrap;
use wrap::wrap;

#[cfg(test)]
mod tests;
