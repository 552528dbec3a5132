//! Rendering only: draws the state, decides nothing.
//!
//! A secret is never copied into a `String` here: a masked field is drawn as one `•` per
//! character (built from the length alone), and a revealed one borrows the secret's `&str`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::check::LoginOutcome;
use crate::i18n::t;
use crate::region::RegionChoice;
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
            if *outcome != LoginOutcome::Cancelled =>
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
        import::overlay(st, &app.list_rows, frame, area, theme);
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
        Ok(Some(_)) => lines.push(finding("✓ ", theme.ok(), t("tui.step1.ok").into())),
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
    let n = app.secret_chars();
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
            if matches!(e, crate::validate::SecretError::Length(_)) {
                lines.push(finding(
                    "· ",
                    theme.dim(),
                    t("tui.step2.nonstandard").into(),
                ));
            }
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
    let pick = app.region_pick();
    if let Some(RegionItem::Custom(code)) = pick.and_then(|i| items.get(i)) {
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
            format!(
                "  {}",
                match items.len() {
                    1 => tr!("tui.step3.match_one"),
                    n => tr!("tui.step3.matches", n = n),
                }
            ),
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
    // Highlighted is what Enter takes: nothing, until the user moves or the filter decides.
    app.list_rows.set(list.height);
    let mut state = ListState::default().with_selected(pick);
    frame.render_stateful_widget(
        List::new(rows)
            .highlight_symbol("▶ ")
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
            .highlight_style(theme.selected()),
        list,
        &mut state,
    );
    frame.render_widget(Paragraph::new(wrap(&notes, note.width, true)), note);
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

/// Draws nothing: used to overwrite every cell (and ratatui's buffers) that showed a secret.
pub fn blank(frame: &mut Frame) {
    let area = frame.area();
    frame.render_widget(Clear, area);
}

mod card;
mod import;
mod widgets;
mod wrap;
use card::{card_panel, check_style};
use widgets::{FieldText, field_line, finding, mend_wide_glyphs, pad, wrapped_height};
use wrap::wrap;

#[cfg(test)]
mod tests;
