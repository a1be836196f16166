//! Colour themes: YAML files in `themes/`, embedded in the binary. `NO_COLOR`
//! selects the colourless theme.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use crate::core::yaml;

const DEFAULT: &str = include_str!("../../themes/default.yaml");
const MONO: &str = include_str!("../../themes/mono.yaml");

/// Every style the screens use, by role.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub name: String,
    pub text: StyleSpec,
    pub dim: StyleSpec,
    pub heading: StyleSpec,
    pub header: StyleSpec,
    pub footer: StyleSpec,
    pub border: StyleSpec,
    pub border_focus: StyleSpec,
    pub selected: StyleSpec,
    pub deleted: StyleSpec,
    pub inserted: StyleSpec,
    pub marker: StyleSpec,
    pub error: StyleSpec,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleSpec {
    #[serde(default)]
    fg: Option<ColorName>,
    #[serde(default)]
    bg: Option<ColorName>,
    #[serde(default)]
    modifiers: Vec<ModifierName>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum ColorName {
    Reset,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum ModifierName {
    Bold,
    Dim,
    Italic,
    Underlined,
    Reversed,
    CrossedOut,
}

impl StyleSpec {
    pub fn style(&self) -> Style {
        let mut s = Style::default();
        if let Some(c) = self.fg {
            s = s.fg(c.color());
        }
        if let Some(c) = self.bg {
            s = s.bg(c.color());
        }
        for m in &self.modifiers {
            s = s.add_modifier(m.modifier());
        }
        s
    }
}

impl ColorName {
    fn color(self) -> Color {
        match self {
            ColorName::Reset => Color::Reset,
            ColorName::Black => Color::Black,
            ColorName::Red => Color::Red,
            ColorName::Green => Color::Green,
            ColorName::Yellow => Color::Yellow,
            ColorName::Blue => Color::Blue,
            ColorName::Magenta => Color::Magenta,
            ColorName::Cyan => Color::Cyan,
            ColorName::Gray => Color::Gray,
            ColorName::DarkGray => Color::DarkGray,
            ColorName::LightRed => Color::LightRed,
            ColorName::LightGreen => Color::LightGreen,
            ColorName::LightYellow => Color::LightYellow,
            ColorName::LightBlue => Color::LightBlue,
            ColorName::LightMagenta => Color::LightMagenta,
            ColorName::LightCyan => Color::LightCyan,
            ColorName::White => Color::White,
        }
    }
}

impl ModifierName {
    fn modifier(self) -> Modifier {
        match self {
            ModifierName::Bold => Modifier::BOLD,
            ModifierName::Dim => Modifier::DIM,
            ModifierName::Italic => Modifier::ITALIC,
            ModifierName::Underlined => Modifier::UNDERLINED,
            ModifierName::Reversed => Modifier::REVERSED,
            ModifierName::CrossedOut => Modifier::CROSSED_OUT,
        }
    }
}

impl Theme {
    /// Parses a theme file's text.
    pub fn parse(src: &str) -> Result<Theme, String> {
        yaml::parse(src).map_err(|e| format!("{}:{}: {}", e.line, e.column, e.message))
    }

    /// The built-in theme: colourless when `no_color` (the `NO_COLOR` convention).
    pub fn builtin(no_color: bool) -> Theme {
        let src = if no_color { MONO } else { DEFAULT };
        // The embedded files are checked by a unit test; fall back to no styling
        // rather than fail to start if that were ever broken.
        Theme::parse(src).unwrap_or_else(|_| Theme::plain())
    }

    fn plain() -> Theme {
        let none = StyleSpec::default;
        Theme {
            name: "plain".into(),
            text: none(),
            dim: none(),
            heading: none(),
            header: none(),
            footer: none(),
            border: none(),
            border_focus: none(),
            selected: StyleSpec {
                modifiers: vec![ModifierName::Reversed],
                ..none()
            },
            deleted: none(),
            inserted: none(),
            marker: none(),
            error: none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_themes_parse() {
        for src in [DEFAULT, MONO] {
            Theme::parse(src).unwrap();
        }
        assert_eq!(Theme::builtin(true).name, "mono");
        assert_eq!(Theme::builtin(false).name, "default");
    }

    #[test]
    fn mono_uses_no_colour() {
        let t = Theme::builtin(true);
        for spec in [&t.deleted, &t.inserted, &t.selected, &t.header] {
            let s = spec.style();
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
    }
}
