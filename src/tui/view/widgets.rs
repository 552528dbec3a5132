//! Small drawing helpers the panels and the overlays share: a text field, a finding line,
//! padding by display width, and the wide-glyph repair after overlays.

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::wrap;
use crate::i18n::t;
use crate::tui::theme::Theme;

/// A one-line text field: `> text█`, showing the tail when the text is wider than the area.
/// Everything is measured in terminal columns (a Hangul syllable takes two).
pub(super) fn field_line<'a>(
    label: &'a str,
    text: FieldText<'a>,
    width: u16,
    theme: Theme,
) -> Line<'a> {
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
pub(super) fn tail(s: &str, room: usize) -> &str {
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
pub(super) fn pad(s: &str, width: usize) -> String {
    let mut out = String::with_capacity(s.len() + width);
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(s.width())));
    out
}

#[derive(Clone, Copy)]
pub(super) enum FieldText<'a> {
    Plain(&'a str),
    Masked(usize),
}

pub(super) fn finding(mark: &'static str, style: Style, text: String) -> Line<'static> {
    Line::from(vec![Span::styled(mark, style), Span::styled(text, style)])
}

/// Rows `lines` take when wrapped at `width` (as [`wrap`] with `trim` does).
pub(super) fn wrapped_height(lines: &[Line], width: u16, trim: bool) -> u16 {
    u16::try_from(wrap(lines, width, trim).len()).unwrap_or(u16::MAX)
}

/// Blanks every wide glyph whose continuation cells were drawn over (an overlay's border or
/// `Clear` landing on the second half of a Hangul syllable beneath it) or that would cross the
/// right edge, so the terminal never receives half a glyph.
pub(super) fn mend_wide_glyphs(buf: &mut Buffer) {
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

/// The body and the tail in `room` rows: when they do not fit, the body gives way first (the
/// tail, such as a failure, is what must be read), and a row says the rest is in the help.
pub(super) fn fit(
    mut body: Vec<Line<'static>>,
    mut tail: Vec<Line<'static>>,
    room: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    if body.len() + tail.len() <= room {
        body.extend(tail);
        return body;
    }
    let more = Line::styled(t("tui.guide.more"), theme.dim());
    if tail.len() >= room {
        // No room for the body at all: the failure first, without the blank row above it.
        while tail.first().is_some_and(|l| l.width() == 0) {
            tail.remove(0);
        }
        tail.truncate(room.saturating_sub(1));
        tail.push(more);
        return tail;
    }
    body.truncate(room - tail.len() - 1);
    body.push(more);
    body.extend(tail);
    body
}
