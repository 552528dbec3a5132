//! Styles, with and without colour. `NO_COLOR` is read once by the runtime and passed in, so
//! rendering stays deterministic (and testable) whatever the environment holds.

use ratatui::style::{Color, Modifier, Style};

/// The styles the view uses. Without colour, only modifiers (bold, reversed, underline) remain,
/// and every meaning also has a symbol or word, so the screen stays readable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours may be used.
    pub color: bool,
}

impl Theme {
    /// The theme for a `NO_COLOR` setting (<https://no-color.org>: set and not empty).
    pub fn new(no_color: bool) -> Self {
        Self { color: !no_color }
    }

    /// Reads `NO_COLOR` from the environment (the runtime's job, not the view's).
    pub fn from_env() -> Self {
        Self::new(std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()))
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// The product name and panel titles.
    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The step being worked on, in the stepper.
    pub fn current(self) -> Style {
        self.fg(Color::Cyan)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Finished steps and good news.
    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }

    /// Warnings.
    pub fn warn(self) -> Style {
        self.fg(Color::Yellow)
    }

    /// Errors and refusals.
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Secondary text.
    pub fn dim(self) -> Style {
        self.fg(Color::DarkGray)
    }

    /// A key name in the key bar and help.
    pub fn key(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// The selected line of a list.
    pub fn selected(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The text cursor drawn at the end of a field.
    pub fn cursor(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
}
