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

use crate::i18n::t;
use crate::region::RegionChoice;
use crate::tr;
use crate::tui::app::{App, RegionItem, Step, Tone};
use crate::tui::keymap;
use crate::tui::theme::Theme;

/// Smallest useful terminal size (columns, rows).
pub const MIN_SIZE: (u16, u16) = (60, 16);

/// Widest the wizard draws: beyond it lines are hard to read and a card's values drift far from
/// their labels, so a wider terminal gets a centred column this wide.
pub const MAX_WIDTH: u16 = 100;

/// Below this height the frame shrinks: the title and the stepper share a row, the panel loses
/// its box, and the guidance box keeps only its title row.
const COMPACT_HEIGHT: u16 = 20;

/// The key bar's most rows: it wraps rather than cutting keys off.
const KEY_BAR_ROWS: usize = 2;

/// The status line's most rows.
const STATUS_ROWS: usize = 3;

/// Draws the whole screen for `app`.
pub fn view(app: &App, frame: &mut Frame, theme: Theme) {
    let full = frame.area();
    if full.width < MIN_SIZE.0 || full.height < MIN_SIZE.1 {
        too_small(frame, full, theme);
        return;
    }
    let width = full.width.min(MAX_WIDTH);
    let area = Rect::new(
        full.x + (full.width - width) / 2,
        full.y,
        width,
        full.height,
    );
    let compact = area.height < COMPACT_HEIGHT;

    let top = if compact {
        wrap(
            &[Line::from(
                [
                    vec![Span::styled(" seskey ", theme.title())],
                    stepper_line(app, theme, true).spans,
                ]
                .concat(),
            )],
            area.width,
            false,
        )
    } else {
        let mut top = vec![Line::from(vec![
            Span::styled(" seskey ", theme.title()),
            Span::raw(format!(" {}", t("tui.tagline"))),
        ])];
        let full_stepper = wrap(&[stepper_line(app, theme, false)], area.width, true);
        if full_stepper.len() <= 1 {
            top.extend(full_stepper);
        } else {
            top.extend(wrap(&[stepper_line(app, theme, true)], area.width, true));
        }
        top
    };
    let keys = key_bar(app, theme, area.width);
    let status = status_lines(app, theme, area.width);
    let top_h = rows(top.len());
    let keys_h = rows(keys.len());
    let status_h = rows(status.len().clamp(1, STATUS_ROWS));

    // The panel's box: full in a roomy terminal; none when compact (the top row names the step).
    let panel_border: u16 = if compact { 0 } else { 2 };
    let guide_border: u16 = if compact { 1 } else { 2 };
    let inner_w = if compact { area.width } else { area.width - 2 };
    let panel_lines = match app.step {
        Step::AccessKeyId => Some(key_id_lines(app, theme, inner_w)),
        Step::Secret => Some(secret_lines(app, theme, inner_w)),
        Step::Region => None,
        Step::Card => Some(card_lines(app, theme, inner_w)),
    };
    let (guide_title, guide_text) = guide_text(app, theme);
    let guide_need = rows(wrap(&guide_text, inner_w, true).len()) + guide_border;
    let avail = area.height.saturating_sub(top_h + keys_h + status_h);
    // The panel first (every row of the card matters), the guidance in what is left: at least
    // its title and one row.
    let guide_min = (guide_border + 1).min(guide_need);
    let (panel_h, guide_h) = match &panel_lines {
        Some(lines) => {
            let panel_h = (rows(lines.len()) + panel_border).min(avail.saturating_sub(guide_min));
            (panel_h, guide_need.min(avail - panel_h))
        }
        // The region list takes what the guidance leaves, which takes at most a third.
        None => {
            let guide_h = guide_need.min((avail / 3).max(guide_min));
            (avail - guide_h, guide_h)
        }
    };
    let [top_a, panel, guide, _, status_a, keys_a] = Layout::vertical([
        Constraint::Length(top_h),
        Constraint::Length(panel_h),
        Constraint::Length(guide_h),
        Constraint::Min(0),
        Constraint::Length(status_h),
        Constraint::Length(keys_h),
    ])
    .areas(area);

    frame.render_widget(Paragraph::new(top), top_a);
    let inner = if compact {
        panel
    } else {
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
        inner
    };
    match panel_lines {
        Some(lines) => {
            // Cut at the smallest sizes: the last row says where the rest is (the help holds
            // the step's refusals whole).
            let lines = widgets::fit(lines, Vec::new(), usize::from(inner.height), theme);
            frame.render_widget(Paragraph::new(lines), inner)
        }
        None => region_panel(app, frame, inner, theme),
    }

    let block = if compact {
        Block::new().borders(ratatui::widgets::Borders::TOP)
    } else {
        Block::bordered()
    }
    .title(Span::styled(format!(" {guide_title} "), theme.title()));
    let guide_inner = block.inner(guide);
    frame.render_widget(block, guide);
    frame.render_widget(
        Paragraph::new(fit_sentences(
            &guide_text,
            guide_inner.width,
            guide_inner.height,
            theme,
        )),
        guide_inner,
    );
    frame.render_widget(Paragraph::new(status), status_a);
    frame.render_widget(Paragraph::new(keys), keys_a);

    if let Some(st) = &app.rotation {
        let above = Rect {
            height: area.height.saturating_sub(status_h + keys_h),
            ..area
        };
        rotation::overlay(st, frame, above, theme);
    }
    if app.help {
        help::overlay(app, frame, area, theme);
    }
    if let Some(st) = &app.import {
        import::overlay(st, &app.list_rows, frame, area, theme);
    }
    mend_wide_glyphs(frame.buffer_mut());
}

/// A count of rows as a height.
fn rows(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// The status line (or the countdown, when nothing else is said), wrapped: never cut mid-word.
fn status_lines(app: &App, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let line = if let Some(s) = &app.status {
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
        Line::from(vec![
            Span::styled(mark, style),
            Span::styled(s.text.clone(), style),
        ])
    } else if let Some(p) = &app.clipboard.pending
        && let Some(n) = p.secs_left
        && !p.clearing
    {
        // The countdown shows on every step, when nothing else is said.
        Line::styled(tr!("tui.clip.clears_in", n = n), theme.dim())
    } else {
        return Vec::new();
    };
    // A cut status ends with the guidance's pointer: the help overlay shows it whole at its top.
    let mut lines = fit_sentences(&[line], width.saturating_sub(1), STATUS_ROWS as u16, theme);
    for l in &mut lines {
        l.spans.insert(0, Span::raw(" "));
    }
    lines
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

fn stepper_line(app: &App, theme: Theme, compact: bool) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (i, step) in Step::ALL.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(if compact { " " } else { "  " }));
        }
        let done = step < app.reached;
        // Compact: the numbers and marks, with the current step's name only.
        let label = if compact && step != app.step {
            step.number().to_string()
        } else {
            format!("{} {}", step.number(), step.short_title())
        };
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
            let text = if compact {
                format!("✓{label}")
            } else {
                format!("✓ {label} ({word})")
            };
            spans.push(Span::styled(text, theme.ok()));
        } else if compact {
            spans.push(Span::styled(format!("○{label}"), theme.dim()));
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

fn key_id_lines(app: &App, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::raw(t("tui.step1.intro")),
        Line::raw(""),
        field_line(
            t("tui.step.key_id"),
            FieldText::Plain(&app.key_id),
            width,
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
    wrap(&lines, width, true)
}

fn secret_lines(app: &App, theme: Theme, width: u16) -> Vec<Line<'static>> {
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
        field_line(t("tui.step2.field"), text, width, theme),
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
    wrap(&lines, width, true)
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
    // With nothing listed, the note above already says what Enter's refusal would repeat.
    let live_error = items.is_empty().then(|| tr!("tui.status.no_region"));
    if items.is_empty() {
        notes.push(finding("· ", theme.dim(), t("tui.step3.no_match").into()));
    }
    notes.extend(refusal_lines(app, theme, live_error.as_deref()));
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
    // When the list overflows, its last row says how many are out of sight and which way.
    let overflows = items.len() > usize::from(list.height) && list.height > 1;
    let [list, more] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(u16::from(overflows))])
            .areas(list);
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
    if overflows {
        let above = state.offset();
        let below = items.len().saturating_sub(above + usize::from(list.height));
        let mut hints = Vec::new();
        if above > 0 {
            hints.push(tr!("tui.step3.more_above", n = above));
        }
        if below > 0 {
            hints.push(tr!("tui.step3.more_below", n = below));
        }
        frame.render_widget(
            Paragraph::new(Line::styled(format!("  {}", hints.join("  ")), theme.dim())),
            more,
        );
    }
    frame.render_widget(Paragraph::new(wrap(&notes, note.width, true)), note);
}

/// Whether the key bar must show this key at any width: the ways out and the help.
fn essential(key: &str) -> bool {
    matches!(key, "q" | "Esc" | "?" | "Ctrl-C")
}

/// The key bar, on up to [`KEY_BAR_ROWS`] rows. Keys go in the table's order; when they do not
/// all fit, the least important are left out, but never the ways to quit and the help.
fn key_bar(app: &App, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let keys = keymap::bar(app);
    // By display width: a Hangul label takes two columns per syllable.
    let cost = |(k, label): &(&str, &str)| k.width() + label.width() + 4;
    let max = usize::from(width).saturating_sub(1);
    let pack = |chosen: &[(&'static str, &'static str)]| -> Vec<Vec<(&'static str, &'static str)>> {
        let mut rows: Vec<Vec<_>> = vec![Vec::new()];
        let mut used = 0;
        for entry in chosen {
            let w = cost(entry);
            if used + w > max && used > 0 {
                rows.push(Vec::new());
                used = 0;
            }
            used += w;
            if let Some(r) = rows.last_mut() {
                r.push(*entry);
            }
        }
        rows
    };
    let mut keep: Vec<bool> = keys.iter().map(|(k, _)| essential(k)).collect();
    for i in 0..keys.len() {
        if keep[i] {
            continue;
        }
        keep[i] = true;
        let chosen: Vec<_> = keys
            .iter()
            .zip(&keep)
            .filter_map(|(e, &k)| k.then_some(*e))
            .collect();
        if pack(&chosen).len() > KEY_BAR_ROWS {
            keep[i] = false;
        }
    }
    let chosen: Vec<_> = keys
        .iter()
        .zip(&keep)
        .filter_map(|(e, &k)| k.then_some(*e))
        .collect();
    pack(&chosen)
        .into_iter()
        .map(|row| {
            let mut spans = vec![Span::raw(" ")];
            for (k, label) in row {
                spans.push(Span::styled(format!(" {k} "), theme.key()));
                spans.push(Span::raw(format!(" {label}")));
                spans.push(Span::raw(" "));
            }
            Line::from(spans)
        })
        .collect()
}

/// Draws nothing: used to overwrite every cell (and ratatui's buffers) that showed a secret.
pub fn blank(frame: &mut Frame) {
    let area = frame.area();
    frame.render_widget(Clear, area);
}

mod card;
mod guide;
mod help;
mod import;
mod rotation;
mod widgets;
mod wrap;
use card::card_lines;
use guide::{fit_sentences, guide_text};
use widgets::{FieldText, field_line, finding, mend_wide_glyphs, pad, wrapped_height};
use wrap::wrap;

#[cfg(test)]
mod tests;
