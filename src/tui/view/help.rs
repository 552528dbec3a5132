//! The help overlay (`?` or F1): the step's guidance whole, every error on screen whole, the IAM
//! policy, and the key table, in a popup that scrolls when the window is too small for it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::guide::guide_text;
use super::rows;
use super::widgets::pad;
use super::wrap::wrap_hanging;
use crate::i18n::t;
use crate::tr;
use crate::tui::app::{App, Step, Tone};
use crate::tui::keymap;
use crate::tui::theme::Theme;

/// The popup's widest: past it the help's lines get hard to read.
const MAX_WIDTH: u16 = 76;

/// Blank columns between the key column and the descriptions.
const KEY_GAP: usize = 2;

/// The IAM policy document the SMTP user needs, on one line (as `seskey policy` prints it, with
/// the line breaks folded so the help can wrap it between words).
pub(super) fn iam_policy_line() -> String {
    crate::policy::DOCUMENT
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Draws the help over `area`.
pub(super) fn overlay(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let lines = help_lines(app, theme);
    help_box(app, &lines, frame, area, theme);
}

/// The help's lines before wrapping, each with the column its wrapped rows hang at: the step's
/// guidance, every error on screen whole, the policy, the keys (wrapped under their description,
/// the key column kept clear).
pub(super) fn help_lines(app: &App, theme: Theme) -> Vec<(Line<'static>, usize)> {
    // The IAM screens cover the step: their text (and failure) is what the help must hold.
    let (title, text) = match &app.rotation {
        Some(st) => super::rotation::screen_text(st, theme),
        None => guide_text(app, theme),
    };
    let mut lines = vec![(Line::styled(format!(" {title}"), theme.title()), 1)];
    lines.extend(text.into_iter().map(|mut l| {
        l.spans.insert(0, Span::raw(" "));
        (l, 1)
    }));
    lines.push((Line::raw(""), 0));
    // Every error on screen, whole: the status line's and the step panel's may both be cut at
    // the smallest size.
    let mut errors: Vec<String> = Vec::new();
    match app.status.as_ref() {
        Some(s) if s.tone == Tone::Error => errors.push(s.text.clone()),
        // The status line may be cut too, and its pointer leads here.
        Some(s) => {
            let mark = " · ";
            lines.push((Line::raw(format!("{mark}{}", s.text)), mark.width()));
            lines.push((Line::raw(""), 0));
        }
        None => {}
    }
    let live = match app.step {
        Step::AccessKeyId => app.key_id_check().err().map(|e| e.to_string()),
        Step::Secret if !app.secret.expose().trim().is_empty() || app.refusal.is_some() => {
            app.secret_check().err().map(|e| e.to_string())
        }
        _ => None,
    };
    // The login test's key ID field on the card: its refusal is cut first at the smallest size.
    let asked = match &app.check {
        crate::tui::app::CheckState::AskKeyId { refusal, .. } => refusal.clone(),
        _ => None,
    };
    for e in live.into_iter().chain(app.refusal.clone()).chain(asked) {
        if !errors.contains(&e) {
            errors.push(e);
        }
    }
    // Enter was refused for an error listed here: the panel says so under it, and may be cut.
    if app.rotation.is_none() && app.refusal.as_ref().is_some_and(|r| errors.contains(r)) {
        errors.push(t("tui.refused_see_above").to_string());
    }
    for e in errors {
        // Wrapped rows hang past the mark, under the message.
        let mark = " ✗ ";
        lines.push((
            Line::styled(format!("{mark}{e}"), theme.error()),
            mark.width(),
        ));
        lines.push((Line::raw(""), 0));
    }
    // The step panel's way out for a secret of another length, whole too.
    if app.step == Step::Secret
        && app.rotation.is_none()
        && matches!(
            app.secret_check(),
            Err(crate::validate::SecretError::Length(_))
        )
    {
        let mark = " · ";
        lines.push((
            Line::raw(format!("{mark}{}", t("tui.step2.nonstandard"))),
            mark.width(),
        ));
        lines.push((Line::raw(""), 0));
    }
    // On the IAM screens, what the operator's own credentials need (what fails there).
    if app.rotation.is_some() {
        let actions = crate::iam::ACTIONS.join(", ");
        lines.push((
            Line::raw(format!(" {}", tr!("tui.help.operator", actions = actions))),
            1,
        ));
        lines.push((Line::raw(""), 0));
    }
    lines.extend([
        (
            Line::styled(format!(" {}", t("tui.help.policy")), theme.title()),
            1,
        ),
        (Line::raw(format!(" {}", iam_policy_line())), 1),
        (Line::raw(""), 0),
    ]);
    // The key column is as wide as the widest key in this language.
    let key_w = keymap::help(app).map(|(k, _)| k.width()).max().unwrap_or(0) + KEY_GAP;
    lines.extend(keymap::help(app).map(|(k, what)| {
        (
            Line::from(vec![
                Span::styled(format!(" {}", pad(k, key_w)), theme.title()),
                Span::raw(what),
            ]),
            1 + key_w,
        )
    }));
    lines
}

fn help_box(app: &App, lines: &[(Line, usize)], frame: &mut Frame, area: Rect, theme: Theme) {
    let w = area.width.saturating_sub(4).min(MAX_WIDTH);
    let mut lines: Vec<Line> = lines
        .iter()
        .flat_map(|(line, hang)| wrap_hanging(line, w.saturating_sub(2), *hang))
        .collect();
    let room = usize::from(area.height.saturating_sub(4));
    if lines.len() > room {
        // One row for the pointer; the rest shows from the scroll on.
        let shown = room.saturating_sub(1);
        let max = lines.len() - shown;
        let top = usize::from(app.help_scroll).min(max);
        app.help_rows.set((rows(shown), rows(max)));
        let below = lines.len() - top - shown;
        let pointer = if below > 0 {
            tr!("tui.help.more", n = below)
        } else {
            t("tui.help.end").to_string()
        };
        lines = lines.drain(top..top + shown).collect();
        lines.push(Line::styled(format!(" {pointer}"), theme.dim()));
    } else {
        app.help_rows.set((rows(room), 0));
    }
    let h = area
        .height
        .saturating_sub(2)
        .min(rows(lines.len()).saturating_add(2));
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
