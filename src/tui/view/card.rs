//! The card (step 4): the SMTP settings, the password, the clipboard and login-test rows.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::widgets::{finding, pad};
use super::wrap;
use crate::check::LoginOutcome;
use crate::clipboard::{ClearOutcome, Destination, Multiplexer, TmuxClipboard};
use crate::i18n::t;
use crate::region::RegionChoice;
use crate::settings::{PORTS, TlsMode};
use crate::tr;
use crate::tui::app::{App, CheckState};
use crate::tui::theme::Theme;

/// The card's rows, wrapped at `width` with the values under each other.
pub(super) fn card_lines(app: &App, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let Some(region) = &app.region else {
        return wrap(&[Line::raw(t("tui.card.no_region"))], width, true);
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
    // In plain words: which port to try first, and what "SSL/TLS" means.
    for (i, mode) in [TlsMode::Starttls, TlsMode::Tls].into_iter().enumerate() {
        let ports: Vec<String> = PORTS
            .iter()
            .filter(|p| p.tls == mode)
            .map(|p| p.port.to_string())
            .collect();
        let ports = ports.join(", ");
        lines.push(Line::from(vec![
            label(if i == 0 { t("tui.card.ports") } else { "" }),
            Span::raw(match mode {
                TlsMode::Starttls => {
                    tr!(
                        "tui.card.ports_starttls",
                        ports = ports,
                        mode = mode.label()
                    )
                }
                TlsMode::Tls => tr!("tui.card.ports_tls", ports = ports, mode = mode.label()),
            }),
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
        (Some(u), _) => {
            let mut spans = vec![label(t("tui.card.username")), Span::raw(u)];
            if let Some(name) = &app.iam_user {
                let user = tr!("tui.card.iam_user", name = name);
                spans.push(Span::styled(format!("  ({user})"), theme.dim()));
            }
            lines.push(Line::from(spans));
        }
        (None, _) => lines.push(Line::from(vec![
            label(t("tui.card.username")),
            Span::styled(t("tui.card.skipped"), theme.warn()),
        ])),
    }
    // The `r` hint only where it fits on the row: the key bar says it too.
    let room = usize::from(width).saturating_sub(CARD_LABEL_W);
    let hint = |shown: usize, text: &str| {
        (shown + 2 + text.width() <= room).then(|| Span::styled(format!("  {text}"), theme.dim()))
    };
    let password: Vec<Span> = match &app.password {
        // Shown because the user pressed r; borrowed, never copied.
        Some(p) if app.reveal_password => [
            Some(label(t("tui.card.password"))),
            Some(Span::raw(p.expose())),
            hint(p.expose().len(), t("tui.card.hides")),
        ]
        .into_iter()
        .flatten()
        .collect(),
        Some(p) => [
            Some(label(t("tui.card.password"))),
            // The password is base64 (ASCII): one column per character.
            Some(Span::raw("•".repeat(p.expose().len()))),
            hint(p.expose().len(), t("tui.card.reveals")),
        ]
        .into_iter()
        .flatten()
        .collect(),
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
    hanging(&lines, width)
}

/// A label of the card, padded to its column (13 columns wide, by display width).
pub(super) fn card_label(s: &str, theme: Theme) -> Span<'static> {
    Span::styled(pad(s, CARD_LABEL_W), theme.title())
}

/// Width of the card's label column.
pub(super) const CARD_LABEL_W: usize = 13;

/// The card's lines wrapped with a hanging indent: a value too long for its line goes on under
/// itself, not under the labels.
pub(super) fn hanging(lines: &[Line], width: u16) -> Vec<Line<'static>> {
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
pub(super) fn clipboard_line(app: &App, theme: Theme) -> Line<'static> {
    let label = card_label(t("tui.card.clipboard"), theme);
    let c = &app.clipboard;
    let (text, style) = if !c.enabled {
        (t("tui.clip.off").to_string(), theme.warn())
    } else if c.busy.is_some() {
        (t("tui.clip.copying").to_string(), Style::new())
    } else if !c.is_current() {
        // What the clipboard holds (or held) is another conversion's: this card copied nothing.
        hint(c, theme)
    } else if c.dropped {
        // tmux said it drops OSC 52: nothing is anywhere to count down or clear.
        (t("tui.clip.tmux_dropped").to_string(), theme.warn())
    } else if let Some(p) = &c.pending {
        let tmux = c.relay.through_tmux();
        let when = match (&p.destination, p.secs_left) {
            _ if p.clearing => t("tui.clip.clearing").to_string(),
            (Destination::System { .. }, Some(n)) => tr!("tui.clip.clears_in", n = n),
            (Destination::System { .. }, None) => t("tui.clip.never").into(),
            // tmux ignores a clear: a space is copied over the password (tmux keeps its buffer).
            (Destination::Osc52, Some(n)) if tmux => tr!("tui.clip.tmux_on_clears_in", n = n),
            (Destination::Osc52, Some(n)) => tr!("tui.clip.osc52_clears_in", n = n),
            (Destination::Osc52, None) => t("tui.clip.osc52_never").into(),
        };
        // One short row, worded by what is known (a request is not a success): the
        // explanations (paste before quitting, what a multiplexer does with it) are in the
        // guidance, where they can wrap without pushing the login-test row off the screen.
        let text = match (&p.destination, c.relay.multiplexer) {
            (Destination::System { .. }, _) => tr!("tui.clip.copied", when = when),
            (Destination::Osc52, None) => tr!("tui.clip.sent_osc52", when = when),
            (Destination::Osc52, Some(Multiplexer::Tmux(TmuxClipboard::On))) => {
                tr!("tui.clip.tmux_on", when = when)
            }
            (Destination::Osc52, Some(Multiplexer::Tmux(_))) => {
                tr!("tui.clip.asked_tmux", when = when)
            }
            (Destination::Osc52, Some(Multiplexer::Screen)) => {
                tr!("tui.clip.asked_screen", when = when)
            }
        };
        // A request to the terminal nobody can check is not shown as a success.
        let style = match p.destination {
            Destination::System { .. } => theme.ok(),
            Destination::Osc52 => Style::new(),
        };
        (text, style)
    } else if let Some(o) = c.last {
        let text = match o {
            ClearOutcome::Cleared if c.last_osc52 && c.relay.through_tmux() => {
                t("tui.clip.tmux_overwritten").to_string()
            }
            ClearOutcome::Cleared if c.last_osc52 => t("tui.clip.osc52_cleared").to_string(),
            ClearOutcome::Cleared => t("tui.clip.cleared").to_string(),
            ClearOutcome::Replaced => t("tui.clip.replaced").into(),
            ClearOutcome::Superseded => t("tui.clip.superseded").into(),
            ClearOutcome::Failed => o.to_string(),
        };
        let style = if o == ClearOutcome::Failed {
            theme.error()
        } else {
            theme.dim()
        };
        (text, style)
    } else {
        hint(c, theme)
    };
    Line::from(vec![label, Span::styled(text, style)])
}

/// The row before anything was copied: what `c` does.
fn hint(c: &crate::tui::app::ClipState, theme: Theme) -> (String, Style) {
    let text = match c.clear_after {
        Some(d) => tr!("tui.clip.hint", n = d.as_secs()),
        None => t("tui.clip.hint_never").into(),
    };
    (text, theme.dim())
}

/// What an OSC 52 copy still needs saying, for the guidance: that tmux dropped it (and the way
/// out), or paste before quitting (when it is cleared) and what a multiplexer in between does
/// with it. `None` without a pending or dropped OSC 52 copy.
pub(super) fn osc52_note(app: &App) -> Option<String> {
    let c = &app.clipboard;
    if !c.is_current() {
        return None;
    }
    if c.dropped {
        let setting = match c.relay.multiplexer {
            Some(Multiplexer::Tmux(s)) => s.name(),
            _ => TmuxClipboard::Unknown.name(),
        };
        return Some(format!(
            "{}.",
            tr!("tui.clip.tmux_dropped_note", setting = setting)
        ));
    }
    let p = c
        .pending
        .as_ref()
        .filter(|p| p.destination == Destination::Osc52)?;
    let mut parts: Vec<&str> = Vec::new();
    if p.secs_left.is_some() {
        // Through tmux quitting only copies a space over it: tmux keeps the password.
        parts.push(if c.relay.through_tmux() {
            t("tui.clip.paste_before_quit_tmux")
        } else {
            t("tui.clip.paste_before_quit")
        });
    }
    match c.relay.multiplexer {
        Some(Multiplexer::Tmux(TmuxClipboard::On)) => parts.push(t("tui.clip.tmux_on_note")),
        Some(Multiplexer::Tmux(_)) => parts.push(t("tui.clip.via_tmux")),
        Some(Multiplexer::Screen) => parts.push(t("tui.clip.via_screen")),
        None => {}
    }
    (!parts.is_empty()).then(|| format!("{}.", parts.join(". ")))
}

pub(super) fn check_style(outcome: LoginOutcome, theme: Theme) -> Style {
    match outcome {
        LoginOutcome::Accepted => theme.ok(),
        LoginOutcome::Refused => theme.error(),
        LoginOutcome::NotChecked => theme.warn(),
        LoginOutcome::Cancelled => theme.dim(),
    }
}

/// The card's login-test row: the hint, the field asking for the key ID, the spinner, or the
/// verdict in a word (its message is in the guidance box).
pub(super) fn check_lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
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
                LoginOutcome::Accepted => t("tui.check.accepted"),
                LoginOutcome::Refused => t("tui.check.refused"),
                LoginOutcome::NotChecked => t("tui.check.not_checked"),
                LoginOutcome::Cancelled => t("tui.check.cancelled"),
            };
            vec![Line::from(vec![
                label,
                Span::styled(word, check_style(*outcome, theme)),
            ])]
        }
    }
}
