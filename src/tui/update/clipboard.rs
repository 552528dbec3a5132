//! The clipboard's side of `update`: copies that finished, the countdown, how a copy ended.

use std::time::Instant;

use crate::clipboard::{ClearOutcome, ClipboardError, Destination, Multiplexer};
use crate::tr;
use crate::tui::app::{App, CheckState, PendingCopy, Tone};
use crate::tui::event::{Copied, CopyWhat};

use super::*;

/// Advances the spinner and the clipboard countdown; at the timeout, asks for the clear.
pub(super) fn on_tick(app: &mut App, now: Instant) -> Option<Vec<Effect>> {
    let mut changed = false;
    let mut fx = vec![];
    if let CheckState::Running { frame, .. } = &mut app.check {
        *frame = frame.wrapping_add(1);
        changed = true;
    }
    if let Some(p) = &mut app.clipboard.pending
        && let Some(at) = p.clears_at
        && !p.clearing
    {
        let left = at.saturating_duration_since(now);
        let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        if secs == 0 {
            p.clearing = true;
            fx.push(Effect::ClearClipboard);
        }
        if p.secs_left != Some(secs) {
            p.secs_left = Some(secs);
            changed = true;
        }
    }
    changed.then_some(fx)
}

/// What was copied and where it went, for the status line.
pub(super) fn copied_text(what: CopyWhat, d: &Destination) -> String {
    match (what, d) {
        (CopyWhat::Password, Destination::System { display }) => {
            tr!("tui.status.password_copied", display = display)
        }
        (CopyWhat::Username, Destination::System { display }) => {
            tr!("tui.status.username_copied", display = display)
        }
        (CopyWhat::Password, Destination::Osc52) => tr!("tui.status.password_osc52"),
        (CopyWhat::Username, Destination::Osc52) => tr!("tui.status.username_osc52"),
    }
}

/// A copy came back: said and kept ([`Effect::KeepCopy`]) if it is for the conversion shown,
/// dropped ([`Effect::DropCopy`]) and not said if it is stale.
pub(super) fn on_copied(
    app: &mut App,
    what: CopyWhat,
    ticket: u64,
    result: Result<Copied, ClipboardError>,
) -> Vec<Effect> {
    // One copy runs at a time, whatever conversion it was for.
    app.clipboard.busy = None;
    if ticket != app.clipboard.ticket {
        return vec![Effect::DropCopy];
    }
    let copied = match result {
        Ok(c) => c,
        Err(ClipboardError::TmuxDrops(setting)) => {
            // Known: nothing was copied. The card says so (with the way out) until a copy works.
            app.clipboard.relay.multiplexer = Some(Multiplexer::Tmux(setting));
            if what == CopyWhat::Password {
                app.clipboard.dropped = true;
                app.clipboard.owner = app.clipboard.ticket;
            }
            let e = ClipboardError::TmuxDrops(setting);
            let text = match what {
                CopyWhat::Password => tr!("tui.status.password_copy_failed", error = e),
                CopyWhat::Username => tr!("tui.status.username_copy_failed", error = e),
            };
            status(app, Tone::Error, &text);
            return vec![];
        }
        Err(e) => {
            let text = match what {
                CopyWhat::Password => tr!("tui.status.password_copy_failed", error = e),
                CopyWhat::Username => tr!("tui.status.username_copy_failed", error = e),
            };
            status(app, Tone::Error, &text);
            return vec![];
        }
    };
    app.clipboard.relay = copied.relay;
    app.clipboard.dropped = false;
    let text = copied_text(what, &copied.destination);
    // OSC 52 is a request nobody can check (and tmux's default drops it): not a success.
    let tone = match copied.destination {
        Destination::System { .. } => Tone::Success,
        Destination::Osc52 => Tone::Info,
    };
    match what {
        CopyWhat::Password => {
            app.clipboard.pending = Some(PendingCopy {
                destination: copied.destination,
                clears_at: copied.clears_at,
                secs_left: copied
                    .clears_at
                    .and(app.clipboard.clear_after)
                    .map(|d| d.as_secs()),
                clearing: false,
            });
            app.clipboard.last = None;
            app.clipboard.owner = app.clipboard.ticket;
        }
        CopyWhat::Username => {
            // The username took the password's place on the clipboard.
            if app.clipboard.pending.take().is_some() {
                app.clipboard.last = Some(ClearOutcome::Superseded);
            }
        }
    }
    status(app, tone, &text);
    vec![Effect::KeepCopy]
}

pub(super) fn on_clip_outcome(app: &mut App, o: ClearOutcome) -> Option<Vec<Effect>> {
    // Only the pending copy has an outcome to report; anything else is stale.
    let pending = app.clipboard.pending.take()?;
    app.clipboard.last = Some(o);
    // An OSC 52 clear is a request the terminal may ignore, and tmux keeps its own copy.
    app.clipboard.last_osc52 = pending.destination == Destination::Osc52;
    let tmux = app.clipboard.relay.through_tmux();
    let (tone, text) = match o {
        ClearOutcome::Cleared if app.clipboard.last_osc52 && tmux => {
            (Tone::Info, tr!("tui.status.clip_tmux_cleared"))
        }
        ClearOutcome::Cleared if app.clipboard.last_osc52 => {
            (Tone::Info, tr!("tui.status.clip_osc52_cleared"))
        }
        ClearOutcome::Cleared => (Tone::Success, tr!("tui.status.clip_cleared")),
        ClearOutcome::Replaced => (Tone::Info, tr!("tui.status.clip_replaced")),
        ClearOutcome::Superseded => (Tone::Info, tr!("tui.status.clip_superseded")),
        ClearOutcome::Failed => (Tone::Error, o.to_string()),
    };
    status(app, tone, &text);
    Some(vec![])
}
