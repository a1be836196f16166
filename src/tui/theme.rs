//! Colour themes: YAML files in `themes/`, embedded in the binary —
//! `default` (dark), `light`, `high-contrast` and `mono` — each naming the
//! styles of the screen's roles, and a theme may start from another
//! (`inherits:`) and change only some. Colours are the 16 ANSI names, or
//! `"#rrggbb"` / `"color123"` where the terminal says it shows them
//! (`COLORTERM=truecolor`, a `TERM` with `256color`); elsewhere such a
//! colour becomes the nearest of the 16 (SSH does not forward `COLORTERM`,
//! so PuTTY and Windows Terminal get the 16 unless they say otherwise).
//! `NO_COLOR` gives `mono`.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use crate::core::yaml;

/// The built-in themes, by name, in the order they are listed.
const BUILTIN: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.yaml")),
    ("light", include_str!("../../themes/light.yaml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.yaml"),
    ),
    ("mono", include_str!("../../themes/mono.yaml")),
];

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Depth {
    Ansi16,
    Ansi256,
    #[default]
    TrueColor,
}

impl Depth {
    /// What the environment says: `COLORTERM` (`truecolor`, `24bit`), else a
    /// `TERM` naming 256 colours, else the 16 every terminal has.
    pub fn from_env() -> Depth {
        let colorterm = std::env::var("COLORTERM").unwrap_or_default();
        let term = std::env::var("TERM").unwrap_or_default();
        if colorterm.eq_ignore_ascii_case("truecolor") || colorterm.eq_ignore_ascii_case("24bit") {
            Depth::TrueColor
        } else if term.contains("256color") {
            Depth::Ansi256
        } else {
            Depth::Ansi16
        }
    }
}

/// Every style the screens use, by role.
#[derive(Debug, Clone)]
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

/// A theme file: every role optional when it `inherits` another.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: String,
    #[serde(default)]
    inherits: Option<String>,
    text: Option<StyleSpec>,
    dim: Option<StyleSpec>,
    heading: Option<StyleSpec>,
    header: Option<StyleSpec>,
    footer: Option<StyleSpec>,
    border: Option<StyleSpec>,
    border_focus: Option<StyleSpec>,
    selected: Option<StyleSpec>,
    deleted: Option<StyleSpec>,
    inserted: Option<StyleSpec>,
    marker: Option<StyleSpec>,
    error: Option<StyleSpec>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleSpec {
    #[serde(default)]
    fg: Option<ColorSpec>,
    #[serde(default)]
    bg: Option<ColorSpec>,
    #[serde(default)]
    modifiers: Vec<ModifierName>,
    /// Set when the theme is made for a terminal: the colours it shows.
    #[serde(skip)]
    depth: Depth,
}

/// A colour as a theme names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColorSpec {
    Named(Color),
    Indexed(u8),
    Rgb(u8, u8, u8),
}

impl<'de> Deserialize<'de> for ColorSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ColorSpec::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is no colour: use one of the 16 names (black, red, … light-cyan, white, reset), \"#rrggbb\" or \"color0\"…\"color255\""
            ))
        })
    }
}

impl ColorSpec {
    fn parse(s: &str) -> Option<ColorSpec> {
        let named = match s {
            "reset" => Color::Reset,
            "black" => Color::Black,
            "red" => Color::Red,
            "green" => Color::Green,
            "yellow" => Color::Yellow,
            "blue" => Color::Blue,
            "magenta" => Color::Magenta,
            "cyan" => Color::Cyan,
            "gray" => Color::Gray,
            "dark-gray" => Color::DarkGray,
            "light-red" => Color::LightRed,
            "light-green" => Color::LightGreen,
            "light-yellow" => Color::LightYellow,
            "light-blue" => Color::LightBlue,
            "light-magenta" => Color::LightMagenta,
            "light-cyan" => Color::LightCyan,
            "white" => Color::White,
            _ => {
                if let Some(hex) = s.strip_prefix('#').filter(|h| h.len() == 6) {
                    let n = u32::from_str_radix(hex, 16).ok()?;
                    return Some(ColorSpec::Rgb((n >> 16) as u8, (n >> 8) as u8, n as u8));
                }
                return s
                    .strip_prefix("color")
                    .and_then(|n| n.parse::<u8>().ok())
                    .map(ColorSpec::Indexed);
            }
        };
        Some(ColorSpec::Named(named))
    }

    /// The colour as a terminal of `depth` can show it.
    fn color(self, depth: Depth) -> Color {
        match (self, depth) {
            (ColorSpec::Named(c), _) => c,
            (ColorSpec::Rgb(r, g, b), Depth::TrueColor) => Color::Rgb(r, g, b),
            (ColorSpec::Rgb(r, g, b), Depth::Ansi256) => Color::Indexed(cube(r, g, b)),
            (ColorSpec::Indexed(i), Depth::TrueColor | Depth::Ansi256) => Color::Indexed(i),
            (ColorSpec::Rgb(r, g, b), Depth::Ansi16) => nearest16(r, g, b),
            (ColorSpec::Indexed(i), Depth::Ansi16) => {
                let (r, g, b) = rgb_of_index(i);
                nearest16(r, g, b)
            }
        }
    }
}

/// The 16 ANSI colours as xterm shows them.
const ANSI16: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

fn nearest16(r: u8, g: u8, b: u8) -> Color {
    let d = |(x, y, z): (u8, u8, u8)| {
        let sq = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        sq(x, r) + sq(y, g) + sq(z, b)
    };
    ANSI16
        .iter()
        .min_by_key(|(_, rgb)| d(*rgb))
        .map_or(Color::Reset, |(c, _)| *c)
}

/// The nearest colour of xterm's 6×6×6 cube (indices 16–231).
fn cube(r: u8, g: u8, b: u8) -> u8 {
    let level = |v: u8| ((u16::from(v) * 5 + 127) / 255) as u8;
    16 + 36 * level(r) + 6 * level(g) + level(b)
}

fn rgb_of_index(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => ANSI16[usize::from(i)].1,
        16..=231 => {
            let i = i - 16;
            let v = |n: u8| if n == 0 { 0 } else { 55 + n * 40 };
            (v(i / 36), v((i / 6) % 6), v(i % 6))
        }
        _ => {
            let v = 8 + (i - 232) * 10;
            (v, v, v)
        }
    }
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
            s = s.fg(c.color(self.depth));
        }
        if let Some(c) = self.bg {
            s = s.bg(c.color(self.depth));
        }
        for m in &self.modifiers {
            s = s.add_modifier(m.modifier());
        }
        s
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

/// A theme that cannot be used: its name and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThemeError {
    #[error("there is no theme `{name}` (themes: {})", Theme::names().join(", "))]
    Unknown { name: String },
    #[error("theme `{name}`: {why}")]
    Invalid { name: String, why: String },
}

impl Theme {
    /// The built-in themes' names.
    pub fn names() -> Vec<&'static str> {
        BUILTIN.iter().map(|(n, _)| *n).collect()
    }

    /// The built-in theme `name`, for a terminal of `depth`.
    pub fn named(name: &str, depth: Depth) -> Result<Theme, ThemeError> {
        let file = file(name, 0)?;
        let mut theme = resolve(&file, 0)?;
        theme.name = name.to_owned();
        theme.set_depth(depth);
        Ok(theme)
    }

    /// The theme to draw with: `chosen` (`--theme`, else the person's
    /// setting), else `mono` under `NO_COLOR`, else `default`.
    pub fn choose(chosen: Option<&str>, no_color: bool, depth: Depth) -> Result<Theme, ThemeError> {
        let name = chosen.unwrap_or(if no_color { "mono" } else { "default" });
        Theme::named(name, depth)
    }

    /// The built-in theme: colourless when `no_color` (the `NO_COLOR`
    /// convention), else the default in the 16 colours.
    pub fn builtin(no_color: bool) -> Theme {
        Theme::choose(None, no_color, Depth::Ansi16).unwrap_or_else(|_| Theme::plain())
    }

    fn set_depth(&mut self, depth: Depth) {
        for spec in self.specs_mut() {
            spec.depth = depth;
        }
    }

    fn specs_mut(&mut self) -> [&mut StyleSpec; 12] {
        [
            &mut self.text,
            &mut self.dim,
            &mut self.heading,
            &mut self.header,
            &mut self.footer,
            &mut self.border,
            &mut self.border_focus,
            &mut self.selected,
            &mut self.deleted,
            &mut self.inserted,
            &mut self.marker,
            &mut self.error,
        ]
    }

    /// Every style of the theme, for checks.
    pub fn styles(&self) -> Vec<Style> {
        [
            &self.text,
            &self.dim,
            &self.heading,
            &self.header,
            &self.footer,
            &self.border,
            &self.border_focus,
            &self.selected,
            &self.deleted,
            &self.inserted,
            &self.marker,
            &self.error,
        ]
        .iter()
        .map(|s| s.style())
        .collect()
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

/// A built-in theme's file, parsed. `depth` counts `inherits` steps, so a
/// loop of themes inheriting each other ends.
fn file(name: &str, depth: usize) -> Result<ThemeFile, ThemeError> {
    let src = BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, src)| *src)
        .ok_or_else(|| ThemeError::Unknown {
            name: name.to_owned(),
        })?;
    if depth > BUILTIN.len() {
        return Err(ThemeError::Invalid {
            name: name.to_owned(),
            why: "its `inherits` go round in a circle".to_owned(),
        });
    }
    yaml::parse(src).map_err(|e| ThemeError::Invalid {
        name: name.to_owned(),
        why: format!("{}:{}: {}", e.line, e.column, e.message),
    })
}

/// A theme file with what it inherits filled in.
fn resolve(f: &ThemeFile, depth: usize) -> Result<Theme, ThemeError> {
    let base = match &f.inherits {
        Some(parent) => resolve(&file(parent, depth + 1)?, depth + 1)?,
        None => {
            let missing = [
                (&f.text, "text"),
                (&f.dim, "dim"),
                (&f.heading, "heading"),
                (&f.header, "header"),
                (&f.footer, "footer"),
                (&f.border, "border"),
                (&f.border_focus, "border_focus"),
                (&f.selected, "selected"),
                (&f.deleted, "deleted"),
                (&f.inserted, "inserted"),
                (&f.marker, "marker"),
                (&f.error, "error"),
            ]
            .iter()
            .filter(|(s, _)| s.is_none())
            .map(|(_, n)| *n)
            .collect::<Vec<_>>();
            if !missing.is_empty() {
                return Err(ThemeError::Invalid {
                    name: f.name.clone(),
                    why: format!(
                        "it inherits no theme, so it must name every role; missing: {}",
                        missing.join(", ")
                    ),
                });
            }
            Theme::plain()
        }
    };
    let pick = |own: &Option<StyleSpec>, inherited: StyleSpec| own.clone().unwrap_or(inherited);
    Ok(Theme {
        name: f.name.clone(),
        text: pick(&f.text, base.text),
        dim: pick(&f.dim, base.dim),
        heading: pick(&f.heading, base.heading),
        header: pick(&f.header, base.header),
        footer: pick(&f.footer, base.footer),
        border: pick(&f.border, base.border),
        border_focus: pick(&f.border_focus, base.border_focus),
        selected: pick(&f.selected, base.selected),
        deleted: pick(&f.deleted, base.deleted),
        inserted: pick(&f.inserted, base.inserted),
        marker: pick(&f.marker, base.marker),
        error: pick(&f.error, base.error),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_theme_loads_at_every_depth() {
        for name in Theme::names() {
            for depth in [Depth::Ansi16, Depth::Ansi256, Depth::TrueColor] {
                let t = Theme::named(name, depth).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(t.name, name);
            }
        }
        assert_eq!(Theme::builtin(true).name, "mono");
        assert_eq!(Theme::builtin(false).name, "default");
        assert!(matches!(
            Theme::named("nosuch", Depth::Ansi16),
            Err(ThemeError::Unknown { .. })
        ));
    }

    #[test]
    fn mono_uses_no_colour() {
        let t = Theme::builtin(true);
        for s in t.styles() {
            assert_eq!((s.fg, s.bg), (None, None));
        }
    }

    #[test]
    fn sixteen_colours_are_all_a_terminal_without_more_gets() {
        for name in Theme::names() {
            let t = Theme::named(name, Depth::Ansi16).unwrap();
            for s in t.styles() {
                for c in [s.fg, s.bg].into_iter().flatten() {
                    assert!(
                        !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                        "{name}: {c:?} in 16 colours"
                    );
                }
            }
        }
        assert_eq!(nearest16(250, 250, 250), Color::White);
        assert_eq!(nearest16(10, 10, 120), Color::Blue);
        assert_eq!(cube(255, 0, 0), 196);
    }
}
