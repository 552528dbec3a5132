//! Word wrapping by display width, done here rather than by `Paragraph::wrap`.
//!
//! ratatui 0.30's word wrapper checks for overflow before it adds a glyph, which is right for
//! one-column glyphs but lets a two-column one (Hangul) end a line one column past its edge: the
//! glyph then lands on the border, or half of it is cut. These lines are wrapped so that no line
//! is wider than the area, and `Paragraph` only has to truncate (which it does correctly).

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// One grapheme with its style and width in columns.
struct Glyph {
    symbol: String,
    style: Style,
    width: usize,
}

/// `lines` wrapped at word boundaries to at most `width` columns each; a word wider than a line
/// is split between glyphs. With `trim`, whitespace at the start of the first line goes too
/// (as `Wrap { trim: true }` does); whitespace at a break always goes. Styles and each line's
/// alignment are kept.
pub fn wrap(lines: &[Line], width: u16, trim: bool) -> Vec<Line<'static>> {
    lines
        .iter()
        .flat_map(|line| wrap_line(line, usize::from(width), trim, 0))
        .collect()
}

/// `line` wrapped as [`wrap`] does without `trim`, with a hanging indent: every row after the
/// first starts `hang` columns in, under the first row's text from there (a key table's
/// description, the text after a mark) instead of back at the edge. At most half the width
/// hangs, so a narrow area keeps room for words.
pub fn wrap_hanging(line: &Line, width: u16, hang: usize) -> Vec<Line<'static>> {
    let max = usize::from(width);
    // Two columns at least are left for words (a Hangul syllable takes two).
    let hang = hang.min(max / 2).min(max.saturating_sub(2));
    wrap_line(line, max, false, hang)
}

fn wrap_line(line: &Line, max: usize, trim: bool, hang: usize) -> Vec<Line<'static>> {
    let glyphs: Vec<Glyph> = line
        .styled_graphemes(Style::default())
        .map(|g| Glyph {
            width: g.symbol.width(),
            symbol: g.symbol.to_string(),
            style: g.style,
        })
        .filter(|g| g.width > 0 && g.width <= max)
        .collect();
    // Rows after the first have `hang` columns fewer for text.
    let room = |rows: &Vec<Vec<Glyph>>| if rows.is_empty() { max } else { max - hang };
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    let mut row: Vec<Glyph> = Vec::new();
    let mut row_w = 0;
    let mut space: Vec<Glyph> = Vec::new();
    let mut space_w = 0;
    let mut glyphs = glyphs.into_iter().peekable();
    while let Some(g) = glyphs.next() {
        if g.symbol.chars().all(char::is_whitespace) {
            // Leading whitespace of a wrapped row (and, with trim, of the first) is dropped.
            if row.is_empty() && (trim || !rows.is_empty()) {
                continue;
            }
            space_w += g.width;
            space.push(g);
            continue;
        }
        let mut word = vec![g];
        while let Some(next) = glyphs.next_if(|n| !n.symbol.chars().all(char::is_whitespace)) {
            word.push(next);
        }
        let word_w: usize = word.iter().map(|g| g.width).sum();
        if row_w + space_w + word_w <= room(&rows) {
            row_w += space_w + word_w;
            row.append(&mut space);
            row.append(&mut word);
            space_w = 0;
            continue;
        }
        if !row.is_empty() {
            rows.push(std::mem::take(&mut row));
            row_w = 0;
        }
        space.clear();
        space_w = 0;
        for g in word {
            if row_w + g.width > room(&rows) && !row.is_empty() {
                rows.push(std::mem::take(&mut row));
                row_w = 0;
            }
            row_w += g.width;
            row.push(g);
        }
    }
    if !trim && row.is_empty() && rows.is_empty() {
        row.append(&mut space);
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(row);
    }
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| {
            let mut spans = spans(r);
            if i > 0 && hang > 0 {
                spans.insert(0, Span::raw(" ".repeat(hang)));
            }
            let mut l = Line::from(spans);
            l.alignment = line.alignment;
            l
        })
        .collect()
}

/// Glyphs as spans, one per run of the same style.
fn spans(glyphs: Vec<Glyph>) -> Vec<Span<'static>> {
    let mut out: Vec<Span<'static>> = Vec::new();
    for g in glyphs {
        match out.last_mut() {
            Some(last) if last.style == g.style => last.content.to_mut().push_str(&g.symbol),
            _ => out.push(Span::styled(g.symbol, g.style)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Stylize;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn wraps_at_words_and_never_past_the_width() {
        let l = [Line::raw("ab c한 de")];
        assert_eq!(texts(&wrap(&l, 5, true)), ["ab", "c한", "de"]);
        let l = [Line::raw("창을 더 크게 하십시오")];
        for w in 1..=12 {
            for row in wrap(&l, w, true) {
                assert!(row.width() <= usize::from(w), "{w}: {row}");
            }
        }
        assert_eq!(
            texts(&wrap(&l, 3, true)),
            ["창", "을", "더", "크", "게", "하", "십", "시", "오"]
        );
        assert_eq!(texts(&wrap(&l, 1, true)), [""]);
    }

    #[test]
    fn keeps_styles_alignment_and_indentation() {
        let l = [Line::from(vec![" a".red(), "b c".into()]).centered()];
        let w = wrap(&l, 2, false);
        assert_eq!(texts(&w), ["ab", "c"]);
        assert_eq!(w[0].alignment, Some(ratatui::layout::Alignment::Center));
        assert_eq!(w[0].spans[0].style, Style::new().red());
        assert_eq!(texts(&wrap(&l, 10, true)), ["ab c"]);
        assert_eq!(texts(&wrap(&[Line::raw("")], 10, true)), [""]);
    }

    #[test]
    fn hanging_rows_start_under_the_text() {
        let l = Line::from(vec![" k   ".bold(), "one two three 넷 다섯".into()]);
        assert_eq!(
            texts(&wrap_hanging(&l, 14, 5)),
            [" k   one two", "     three 넷", "     다섯"]
        );
        // Every width: no row wider than the area, every wrapped row hangs, no word lost.
        for w in 1..=30 {
            let rows = wrap_hanging(&l, w, 5);
            let hang = 5
                .min(usize::from(w) / 2)
                .min(usize::from(w).saturating_sub(2));
            for row in &rows {
                assert!(row.width() <= usize::from(w), "{w}: {row}");
            }
            for row in rows.iter().skip(1) {
                let s = row.to_string();
                assert!(s.starts_with(&" ".repeat(hang)), "{w}: {s:?}");
                assert!(!s[hang..].starts_with(' '), "{w}: {s:?}");
            }
            if w >= 10 {
                let words: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
                let words = words.join(" ");
                let words: Vec<&str> = words.split_whitespace().collect();
                assert_eq!(words, ["k", "one", "two", "three", "넷", "다섯"], "{w}");
            }
        }
        // The first row keeps its style; the indent is unstyled.
        let rows = wrap_hanging(&l, 14, 5);
        assert_eq!(rows[0].spans[0].style, Style::new().bold());
        assert_eq!(rows[1].spans[0].style, Style::new());
        // Nothing hangs when nothing wraps, and an empty line stays one row.
        assert_eq!(
            texts(&wrap_hanging(&l, 40, 5)),
            [" k   one two three 넷 다섯"]
        );
        assert_eq!(texts(&wrap_hanging(&Line::raw(""), 10, 3)), [""]);
    }
}
