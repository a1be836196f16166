//! The one way the command line writes. Every human-readable line — results,
//! errors, warnings, notes, the problems `check` finds, clap's own messages,
//! a panic's — goes through `core::text::sanitize`, the sanitiser the screen
//! uses, here and nowhere else: the rest of `cli` formats strings and hands
//! them over (a test checks that it never prints by itself).
//!
//! JSON (`--json`) is for scripts and keeps every string exact, but is
//! written so that it is safe on a terminal too: the characters `sanitize`
//! replaces (control characters, zero-width and bidi characters) are written
//! as `\uXXXX` escapes, which parse back to the very same string.

use std::io::Write;

use crate::core::text::{hides_or_reorders, sanitize};

/// One line on `out`: a newline or tab in it becomes a space, so a value from
/// a draft or a commit never starts a line of its own. A write to a closed
/// pipe (`duyet log … | head`) is ignored.
pub fn outln(out: &mut impl Write, line: &str) {
    let _ = writeln!(out, "{}", sanitize(line, false));
}

/// Text of several lines on `out` (a section's marked-up body): its newlines
/// are kept.
pub fn out_text(out: &mut impl Write, text: &str) {
    let _ = writeln!(out, "{}", sanitize(text, true));
}

/// A message on stderr (an error, a warning, a note, a diagnostic): its
/// newlines are kept, since a message may list several problems.
pub fn errln(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{}", sanitize(text, true));
}

/// `value` as indented JSON on `out` (see the module's note on escapes).
pub fn json_out(out: &mut impl Write, value: &impl serde::Serialize) {
    let mut bytes = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, TerminalSafe::new());
    if value.serialize(&mut serializer).is_ok() {
        bytes.push(b'\n');
        let _ = out.write_all(&bytes);
    }
}

/// serde_json's pretty formatter, with every character `sanitize` would
/// replace written as an escape. serde_json escapes only C0, `"` and `\`
/// itself; DEL, C1 (U+009B is a CSI to many terminals) and bidi overrides it
/// writes raw.
struct TerminalSafe(serde_json::ser::PrettyFormatter<'static>);

impl TerminalSafe {
    fn new() -> Self {
        TerminalSafe(serde_json::ser::PrettyFormatter::new())
    }
}

/// The escapes of one character, as UTF-16 code units (`\uDB40\uDC41` for
/// a character beyond U+FFFF).
fn write_escaped<W: ?Sized + Write>(writer: &mut W, c: char) -> std::io::Result<()> {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        write!(writer, "\\u{unit:04x}")?;
    }
    Ok(())
}

/// Forwards the layout to `PrettyFormatter`; only string contents differ.
macro_rules! forward {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $name<W: ?Sized + Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> std::io::Result<()> {
            self.0.$name(writer $(, $arg)*)
        })*
    };
}

impl serde_json::ser::Formatter for TerminalSafe {
    forward! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        begin_object_value();
        end_object_value();
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if c.is_control() || hides_or_reorders(c) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                write_escaped(writer, c)?;
                start = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// Clap's messages (a bad `--as` quotes the value given) are written like
/// every other, sanitised (`e` is rendered with plain styles, so its text is
/// clap's words and the arguments as typed). Help and `--version` are clap's
/// own text and go to stdout as clap writes them.
pub fn clap_error(e: &clap::Error) -> std::process::ExitCode {
    if e.use_stderr() {
        errln(e.render().ansi().to_string().trim_end());
    } else {
        let _ = e.print();
    }
    std::process::ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

/// A panic's message goes through `errln` too (it may quote a value); a
/// backtrace follows when `RUST_BACKTRACE` asks for one.
pub fn sanitise_panics() {
    std::panic::set_hook(Box::new(|info| {
        errln(&format!("duyet: internal error (please report it): {info}"));
        let trace = std::backtrace::Backtrace::capture();
        if trace.status() == std::backtrace::BacktraceStatus::Captured {
            errln(&trace.to_string());
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_what_the_sanitiser_replaces_and_parses_back_exactly() {
        let hostile = "a\u{1b}]52;c;eA==\u{7} \u{9b}31m \u{7f} \u{202E}x\u{2066} \u{200B}\u{FEFF} \u{E0041} Việt";
        let value = serde_json::json!({ "name": hostile, "list": [hostile] });
        let mut out = Vec::new();
        json_out(&mut out, &value);
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || hides_or_reorders(c)),
            "{text:?}"
        );
        assert!(text.contains(r"\u009b31m"), "{text}");
        assert!(text.contains(r"\u202e"), "{text}");
        assert!(text.contains(r"\udb40\udc41"), "{text}");
        assert!(text.contains("Việt"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        // The layout is serde_json's own pretty one.
        assert_eq!(
            text.replace(r"\u009b", "\u{9b}")
                .replace(r"\u007f", "\u{7f}")
                .replace(r"\u202e", "\u{202E}")
                .replace(r"\u2066", "\u{2066}")
                .replace(r"\u200b", "\u{200B}")
                .replace(r"\ufeff", "\u{FEFF}")
                .replace(r"\udb40\udc41", "\u{E0041}"),
            serde_json::to_string_pretty(&value).unwrap() + "\n"
        );
    }

    #[test]
    fn a_line_is_one_line_and_text_keeps_its_lines() {
        let mut out = Vec::new();
        outln(&mut out, "a\nb\u{1b}[2J\tc");
        out_text(&mut out, "d\ne\u{202E}");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a b\u{FFFD}[2J c\nd\ne\u{FFFD}\n"
        );
    }
}
