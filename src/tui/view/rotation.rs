//! The start screen and the IAM paths' screens (drawing only). They show user names, key IDs
//! and last uses; a new key's secret never reaches the state, so there is none to show.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use super::wrap;
use crate::i18n::t;
use crate::iam::plan::{self, FinishBlocked};
use crate::iam::{KeyInfo, SendPermission};
use crate::tr;
use crate::tui::rotation::{self, FinishPhase, Path, RotationState, Screen};
use crate::tui::theme::Theme;

/// The screen's title and its lines, before wrapping: the body, then whether IAM is being
/// talked to, then the last failure. The help shows them whole.
pub(super) fn screen_text(st: &RotationState, theme: Theme) -> (&'static str, Vec<Line<'static>>) {
    let (body, tail) = body_and_tail(st, theme);
    (title(st), body.into_iter().chain(tail).collect())
}

fn title(st: &RotationState) -> &'static str {
    match st.screen {
        Screen::Start => t("tui.rot.title_start"),
        Screen::Finish => t("tui.rot.title_finish"),
        _ => match st.path {
            Path::CreateUser => t("tui.rot.title_create"),
            _ => t("tui.rot.title_rotate"),
        },
    }
}

/// The screen's body, and what must stay on screen below it (working, the failure).
fn body_and_tail(st: &RotationState, theme: Theme) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let body = match st.screen {
        Screen::Start => start_lines(st, theme),
        Screen::User => user_lines(st, theme),
        Screen::Keys => keys_lines(st, theme),
        Screen::Confirm => confirm_lines(st, theme),
        Screen::Finish => finish_lines(st, theme),
    };
    let mut tail = Vec::new();
    if st.busy.is_some() {
        tail.push(Line::raw(""));
        tail.push(Line::styled(t("tui.rot.working"), theme.dim()));
    }
    if let Some(e) = &st.error {
        tail.push(Line::raw(""));
        tail.push(Line::styled(format!("✗ {e}"), theme.error()));
    }
    (body, tail)
}

/// Draws the overlay over `area` (the screen above the status line and the key bar).
pub(super) fn overlay(st: &RotationState, frame: &mut Frame, area: Rect, theme: Theme) {
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .padding(Padding::horizontal(1))
        .title(Span::styled(format!(" {} ", title(st)), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (body, tail) = body_and_tail(st, theme);
    let lines = super::widgets::fit(
        wrap(&body, inner.width, true),
        wrap(&tail, inner.width, true),
        usize::from(inner.height),
        theme,
    );
    frame.render_widget(Paragraph::new(lines), inner);
}

fn start_lines(st: &RotationState, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::raw(t("tui.rot.start_intro")), Line::raw("")];
    for (i, p) in Path::ALL.iter().enumerate() {
        lines.push(choice_line(i == st.choice, p.label(), theme));
    }
    lines
}

fn choice_line(selected: bool, text: &str, theme: Theme) -> Line<'static> {
    if selected {
        Line::styled(format!("› {text}"), theme.selected())
    } else {
        Line::raw(format!("  {text}"))
    }
}

fn user_lines(st: &RotationState, theme: Theme) -> Vec<Line<'static>> {
    let intro = match st.path {
        Path::CreateUser => t("tui.rot.user_intro_create"),
        _ => t("tui.rot.user_intro_rotate"),
    };
    let mut lines = vec![
        Line::raw(intro),
        Line::raw(""),
        Line::from(vec![
            Span::styled(format!("{}: ", t("tui.rot.user_label")), theme.dim()),
            Span::raw(format!("{}▏", st.user)),
        ]),
        Line::raw(""),
    ];
    match &st.users {
        None if st.listing.is_some() => {
            lines.push(Line::styled(t("tui.rot.users_loading"), theme.dim()))
        }
        None => {}
        // Worded by the job: a denied listing says to type the name, anything else what to do.
        Some(Err(e)) => lines.push(Line::styled(e.clone(), theme.dim())),
        Some(Ok(_)) => {
            let users = st.matching_users();
            if users.is_empty() {
                lines.push(Line::styled(t("tui.rot.users_none"), theme.dim()));
            }
            // At most a few lines: the list narrows as the name is typed.
            const SHOWN: usize = 6;
            let first = st.picked.unwrap_or(0).saturating_sub(SHOWN - 1);
            for (i, u) in users.iter().enumerate().skip(first).take(SHOWN) {
                lines.push(choice_line(st.picked == Some(i), u, theme));
            }
        }
    }
    lines
}

fn key_line(k: &KeyInfo) -> Line<'static> {
    let status = if k.active {
        t("iam.status_active")
    } else {
        t("iam.status_inactive")
    };
    Line::raw(format!(
        "{}  {}  {}",
        k.id,
        status,
        tr!("tui.rot.last_used", last_use = crate::iam::last_use(k))
    ))
}

fn keys_lines(st: &RotationState, theme: Theme) -> Vec<Line<'static>> {
    let Some(l) = &st.lookup else {
        return Vec::new();
    };
    let mut lines = vec![Line::raw(tr!("iam.keys_of", user = st.user))];
    if l.keys.is_empty() {
        lines.push(Line::raw(tr!("iam.no_keys", user = st.user)));
    }
    lines.extend(l.keys.iter().map(key_line));
    lines.push(Line::raw(""));
    match &l.permission {
        SendPermission::Allowed => {}
        SendPermission::Denied(d) => lines.push(Line::styled(
            tr!("tui.rot.may_not_send", user = st.user, decision = d),
            theme.warn(),
        )),
        SendPermission::Unknown(r) => lines.push(Line::styled(
            tr!("iam.send_unchecked", reason = r),
            theme.dim(),
        )),
    }
    match st.plan() {
        Some(Ok(p)) => {
            if let Some(k) = &p.delete_first {
                lines.push(Line::raw(tr!("tui.rot.delete_first", key = k.id)));
            }
            lines.push(Line::raw(match &p.old {
                Some(old) => tr!("tui.rot.plan_rotate", user = st.user, key = old.id),
                None => tr!("tui.rot.plan_first", user = st.user),
            }));
        }
        Some(Err(_)) => lines.push(Line::styled(rotation::blocked_text(st), theme.warn())),
        None => {}
    }
    lines
}

fn confirm_lines(st: &RotationState, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    match st.path {
        Path::CreateUser => lines.push(Line::raw(tr!(
            "tui.rot.confirm_create",
            user = st.user,
            // The help's spaced form: it wraps between tokens, not inside `"Action"`.
            policy = super::help::iam_policy_line()
        ))),
        _ => {
            let plan = st.plan().and_then(Result::ok);
            if let Some(k) = plan.as_ref().and_then(|p| p.delete_first.as_ref()) {
                lines.push(Line::raw(tr!("tui.rot.confirm_delete_first", key = k.id)));
            }
            lines.push(Line::raw(
                match plan.as_ref().and_then(|p| p.old.as_ref()) {
                    Some(old) => tr!("tui.rot.confirm_rotate", user = st.user, key = old.id),
                    None => tr!("tui.rot.plan_first", user = st.user),
                },
            ));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(t("tui.rot.secret_note"), theme.dim()));
    lines.push(Line::raw(""));
    lines.push(Line::styled(t("tui.rot.confirm_keys"), theme.warn()));
    lines
}

fn finish_lines(st: &RotationState, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::raw(tr!("iam.keys_of", user = st.user))];
    lines.extend(st.finish_keys.iter().map(key_line));
    lines.push(Line::raw(""));
    match st.finish {
        FinishPhase::Loading => {}
        FinishPhase::Ready => match st.finish_plan() {
            Ok(p) => lines.push(Line::raw(match p.deactivate.first() {
                Some(k) => tr!(
                    "tui.rot.finish_ready",
                    key = k.id,
                    last_use = crate::iam::last_use(k)
                ),
                None => t("tui.rot.finish_already").to_string(),
            })),
            Err(FinishBlocked::StillInUse { key }) => lines.push(Line::styled(
                tr!(
                    "tui.rot.still_in_use",
                    key = key.id,
                    last_use = crate::iam::last_use(&key)
                ),
                theme.warn(),
            )),
            Err(FinishBlocked::NothingToRetire) => {
                lines.push(Line::raw(tr!("iam.nothing_to_retire", user = st.user)))
            }
            Err(FinishBlocked::KeepInactive { key }) => lines.push(Line::styled(
                tr!("iam.keep_inactive", key = key.id, user = st.user),
                theme.warn(),
            )),
        },
        FinishPhase::Deactivated => {
            let ids: Vec<String> = st.to_delete().into_iter().map(|k| k.id).collect();
            lines.push(Line::raw(tr!(
                "tui.rot.deactivated_ask",
                keys = ids.join(", "),
                command = format!("seskey rotate {} --finish --delete", st.user)
            )));
        }
        FinishPhase::Deleted => {
            let keep = plan::newest(&st.finish_keys)
                .map(|i| st.finish_keys[i].id.clone())
                .unwrap_or_default();
            lines.push(Line::styled(
                tr!("tui.rot.finished", key = keep),
                theme.ok(),
            ));
        }
    }
    if st.force && st.finish == FinishPhase::Ready {
        lines.push(Line::styled(t("tui.rot.forced"), theme.warn()));
    }
    lines
}
