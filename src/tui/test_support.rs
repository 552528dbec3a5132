//! Helpers the wizard's unit and snapshot tests share: feeding keys to `update`, drawing `view`
//! on a `TestBackend`, and reading the drawn text back.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::tui::app::App;
use crate::tui::event::{Event, Key};
use crate::tui::theme::Theme;
use crate::tui::update::{Effect, update};
use crate::tui::view::view;

/// Feeds `ks` to `update` in turn; returns every effect asked for.
pub fn keys(app: &mut App, ks: &[Key]) -> Vec<Effect> {
    ks.iter()
        .flat_map(|&k| update(app, Event::Key(k)))
        .collect()
}

/// Types `s` character by character.
pub fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        update(app, Event::Key(Key::Char(c)));
    }
}

/// Draws the state on a `w`×`h` test terminal.
pub fn render(app: &App, theme: Theme, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view(app, f, theme)).unwrap();
    t
}

/// Draws the state at 80×24 with colours.
pub fn screen(app: &App) -> Terminal<TestBackend> {
    render(app, Theme::new(false), 80, 24)
}

/// The screen's text, row after row, without the blank cells a wide glyph covers.
pub fn text(t: &Terminal<TestBackend>) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = String::new();
    let mut covered = 0;
    for c in t.backend().buffer().content() {
        if covered > 0 {
            covered -= 1;
            continue;
        }
        out.push_str(c.symbol());
        covered = c.symbol().width().saturating_sub(1);
    }
    out
}

/// A copy of `what` comes back for the conversion shown (the app's current ticket).
pub fn deliver(
    app: &mut App,
    what: crate::tui::event::CopyWhat,
    result: Result<crate::tui::event::Copied, crate::clipboard::ClipboardError>,
) -> Vec<Effect> {
    let ticket = app.clipboard.ticket;
    update(
        app,
        Event::Clipboard {
            what,
            ticket,
            result,
        },
    )
}
