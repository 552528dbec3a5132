//! The guidance box's text, and fitting it into the rows the box gets without stopping
//! mid-sentence unsaid.

use ratatui::text::{Line, Span};

use super::card::{self, check_style};
use super::wrap::wrap;
use crate::check::LoginOutcome;
use crate::i18n::t;
use crate::tui::app::{App, CheckState, Step};
use crate::tui::theme::Theme;

/// The guidance box's title and text: the step's guidance; on the card after a login test, the
/// verdict first, then what to do next, then what the test does not prove.
pub(super) fn guide_text(app: &App, theme: Theme) -> (&'static str, Vec<Line<'static>>) {
    match (&app.check, app.step) {
        (CheckState::Done { outcome, message }, Step::Card)
            if *outcome != LoginOutcome::Cancelled =>
        {
            let verdict = Line::styled(message.clone(), check_style(*outcome, theme));
            // Accepted: the next steps first (the card's row already says it worked), and what
            // the test does not prove right after the verdict.
            let lines = if *outcome == LoginOutcome::Accepted {
                vec![
                    Line::raw(t("tui.guide.after_login")),
                    verdict,
                    Line::styled(t("tui.guide.login_not_sending"), theme.warn()),
                ]
            } else {
                vec![verdict, Line::raw(guidance(app.step))]
            };
            (t("tui.guide.login_title"), with_osc52_note(app, lines, 1))
        }
        _ => {
            let mut lines = vec![Line::raw(guidance(app.step))];
            // The card's username row only says "skipped": where to find it comes first here
            // (unless `t` is asking for it already).
            if app.step == Step::Card
                && app.username().is_none()
                && !matches!(app.check, CheckState::AskKeyId { .. })
            {
                lines.insert(0, Line::raw(t("tui.guide.no_username")));
            }
            (t("tui.guide.title"), with_osc52_note(app, lines, 0))
        }
    }
}

/// `lines` with the pending OSC 52 copy's note (if any) at `at`, on the card only.
fn with_osc52_note(app: &App, mut lines: Vec<Line<'static>>, at: usize) -> Vec<Line<'static>> {
    if app.step == Step::Card
        && let Some(note) = card::osc52_note(app)
    {
        lines.insert(at.min(lines.len()), Line::raw(note));
    }
    lines
}

/// `lines` wrapped at `width` in at most `height` rows. When they do not all fit, every row but
/// the last is filled (ending on a whole sentence when that fills them, else with as many words
/// as fit) and the last row says where the rest is, so no text stops without saying so.
pub(super) fn fit_sentences(
    lines: &[Line],
    width: u16,
    height: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let all = wrap(lines, width, true);
    if all.len() <= usize::from(height) {
        return all;
    }
    let more = Line::styled(t("tui.guide.more"), theme.dim());
    let room = usize::from(height.saturating_sub(1));
    let paragraphs: Vec<Vec<Line>> = lines.iter().map(sentences).collect();
    let mut best: Vec<Line<'static>> = Vec::new();
    'grow: for (p, sents) in paragraphs.iter().enumerate() {
        for k in 1..=sents.len() {
            let mut candidate: Vec<Line> = paragraphs[..p].iter().map(|s| join(s)).collect();
            candidate.push(join(&sents[..k]));
            let wrapped = wrap(&candidate, width, true);
            if wrapped.len() > room {
                break 'grow;
            }
            best = wrapped;
        }
    }
    if best.len() < room {
        // Whole sentences would leave rows empty: fill them; the pointer follows at once.
        best = all;
        best.truncate(room);
    }
    best.push(more);
    best.truncate(usize::from(height));
    best
}

/// A line cut into its sentences (after `.` or `!` and a space, where a word ends), styles
/// kept. A question stays with the sentence after it (its answer): "Lost it?" alone says
/// nothing.
fn sentences(line: &Line) -> Vec<Line<'static>> {
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut cur: Vec<Span<'static>> = Vec::new();
    for span in &line.spans {
        let text = span.content.as_ref();
        let style = line.style.patch(span.style);
        let mut start = 0;
        let mut prev: Option<char> = None;
        let mut it = text.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            let ends = matches!(c, '.' | '!')
                && prev.is_some_and(|p| !p.is_whitespace() && p != '(')
                && it.peek().is_some_and(|&(_, n)| n == ' ');
            if ends {
                let end = i + c.len_utf8();
                cur.push(Span::styled(text[start..end].to_string(), style));
                out.push(Line::from(std::mem::take(&mut cur)));
                start = end;
            }
            prev = Some(c);
        }
        if start < text.len() {
            cur.push(Span::styled(text[start..].to_string(), style));
        }
    }
    if !cur.is_empty() {
        out.push(Line::from(cur));
    }
    out
}

/// Sentences joined back into one line.
fn join(sents: &[Line<'static>]) -> Line<'static> {
    Line::from(
        sents
            .iter()
            .flat_map(|l| l.spans.clone())
            .collect::<Vec<_>>(),
    )
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
