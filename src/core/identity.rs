//! Who is acting: a name and an e-mail, as git and `--as "Name <email>"` give
//! them, and the rules every identity must pass before it can be written into
//! a commit header (`Identity::check`).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
}

/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest e-mail accepted, in characters (an SMTP path holds 254).
pub const MAX_EMAIL_CHARS: usize = 254;

/// Which half of an identity a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityPart {
    Name,
    Email,
}

impl fmt::Display for IdentityPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IdentityPart::Name => "name",
            IdentityPart::Email => "e-mail",
        })
    }
}

/// Why an identity cannot be written into a commit. Characters are named by
/// their code point (`U+001B`) and counted from 1, so the message itself never
/// carries the bad character.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("the {0} is empty")]
    Empty(IdentityPart),
    #[error("the {part} is {chars} characters long; at most {max} are allowed")]
    TooLong {
        part: IdentityPart,
        chars: usize,
        max: usize,
    },
    #[error("the {part} contains a line break (character {at}); a commit header is one line")]
    LineBreak { part: IdentityPart, at: usize },
    #[error("the {part} contains the control character {} (character {at})", code(*ch))]
    Control {
        part: IdentityPart,
        ch: char,
        at: usize,
    },
    #[error(
        "the {part} contains the invisible character {} (character {at}), which can hide or reorder text",
        code(*ch)
    )]
    Invisible {
        part: IdentityPart,
        ch: char,
        at: usize,
    },
    #[error(
        "the {part} contains `{ch}` (character {at}); git writes the e-mail between < and >, so neither may hold them"
    )]
    AngleBracket {
        part: IdentityPart,
        ch: char,
        at: usize,
    },
    #[error("the {part} {} with {}, which git would drop from the commit", if *at_start { "begins" } else { "ends" }, shown(*ch))]
    Edge {
        part: IdentityPart,
        ch: char,
        at_start: bool,
    },
    #[error("the e-mail `{email}` is not an address: {why}")]
    Email { email: String, why: &'static str },
    #[error("not of the form \"Name <email>\" ({0})")]
    Form(&'static str),
}

impl IdentityError {
    /// The half of the identity that is wrong (`None` for `Name <email>` not
    /// being of that form at all).
    pub fn part(&self) -> Option<IdentityPart> {
        match self {
            IdentityError::Empty(part)
            | IdentityError::TooLong { part, .. }
            | IdentityError::LineBreak { part, .. }
            | IdentityError::Control { part, .. }
            | IdentityError::Invisible { part, .. }
            | IdentityError::AngleBracket { part, .. }
            | IdentityError::Edge { part, .. } => Some(*part),
            IdentityError::Email { .. } => Some(IdentityPart::Email),
            IdentityError::Form(_) => None,
        }
    }
}

/// `U+001B`.
fn code(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// A character as a message shows it: printable ones quoted, spaces by name.
fn shown(c: char) -> String {
    if c.is_whitespace() {
        format!("a space ({})", code(c))
    } else {
        format!("`{c}`")
    }
}

impl Identity {
    /// An identity from a name and an e-mail as typed or configured: trimmed,
    /// put in NFC, then checked (`Identity::check`).
    pub fn new(name: &str, email: &str) -> Result<Identity, IdentityError> {
        let name = super::text::nfc(name.trim());
        let email = super::text::nfc(email.trim());
        Identity::check(&name, &email)?;
        Ok(Identity { name, email })
    }

    /// Parses `Name <email>` (`--as`); the result has passed `Identity::check`.
    pub fn parse(s: &str) -> Result<Identity, IdentityError> {
        let (name, rest) = s
            .trim()
            .split_once('<')
            .ok_or(IdentityError::Form("no `<` before the e-mail"))?;
        let email = rest
            .strip_suffix('>')
            .ok_or(IdentityError::Form("it must end with `>` after the e-mail"))?;
        Identity::new(name, email)
    }

    /// Whether `name` and `email` can be written into a commit header as they
    /// are and read back the same: no control character (C0, DEL, C1) and no
    /// line break anywhere; no character that hides or reorders text
    /// (`text::hides_or_reorders`: zero-width, bidi controls); no `<` or `>`;
    /// nothing git trims from either end; at most `MAX_NAME_CHARS` /
    /// `MAX_EMAIL_CHARS` characters; and an e-mail that looks like an address
    /// (one `@`, something on each side, no spaces, a domain of letters —
    /// any script, for international domain names — digits, `-` and `.`).
    ///
    /// Every way an identity comes in (`--as`, git's `user.name` and
    /// `user.email`, the people of `duyet.yaml`) and the one place a commit
    /// signature is built call this, so no path writes a header that breaks
    /// reading the repository for everyone.
    pub fn check(name: &str, email: &str) -> Result<(), IdentityError> {
        check_part(IdentityPart::Name, name, MAX_NAME_CHARS)?;
        check_part(IdentityPart::Email, email, MAX_EMAIL_CHARS)?;
        check_address(email)
    }
}

/// The rules a name and an e-mail share.
fn check_part(part: IdentityPart, s: &str, max: usize) -> Result<(), IdentityError> {
    if s.is_empty() {
        return Err(IdentityError::Empty(part));
    }
    for (i, ch) in s.chars().enumerate() {
        let at = i + 1;
        if matches!(ch, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            return Err(IdentityError::LineBreak { part, at });
        }
        if ch.is_control() {
            return Err(IdentityError::Control { part, ch, at });
        }
        if super::text::hides_or_reorders(ch) {
            return Err(IdentityError::Invisible { part, ch, at });
        }
        if matches!(ch, '<' | '>') {
            return Err(IdentityError::AngleBracket { part, ch, at });
        }
    }
    let chars = s.chars().count();
    if chars > max {
        return Err(IdentityError::TooLong { part, chars, max });
    }
    for (ch, at_start) in [(s.chars().next(), true), (s.chars().next_back(), false)] {
        if let Some(ch) = ch.filter(|&c| trimmed_by_git(c)) {
            return Err(IdentityError::Edge { part, ch, at_start });
        }
    }
    Ok(())
}

/// What libgit2 (and git) cut from both ends of a name or an e-mail when it
/// builds a signature (`is_crud` in libgit2's signature.c), and any other
/// space: a value that begins or ends with one would be written differently
/// from the one checked.
fn trimmed_by_git(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ':' | ';' | '<' | '>' | '"' | '\\' | '\'')
}

/// A plausible address; `email` has passed `check_part`.
fn check_address(email: &str) -> Result<(), IdentityError> {
    let bad = |why| {
        Err(IdentityError::Email {
            email: email.to_owned(),
            why,
        })
    };
    if email.contains(char::is_whitespace) {
        return bad("it contains a space");
    }
    let Some((local, domain)) = email.split_once('@') else {
        return bad("it has no `@`");
    };
    if domain.contains('@') {
        return bad("it has more than one `@`");
    }
    if local.is_empty() {
        return bad("there is nothing before the `@`");
    }
    if domain.is_empty() {
        return bad("there is nothing after the `@`");
    }
    if local.contains(['"', '(', ')', ',', ':', ';', '[', ']', '\\']) {
        return bad(
            "the part before the `@` holds a character addresses do not use (\" ( ) , : ; [ ] \\)",
        );
    }
    if !domain
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.'))
    {
        return bad("the domain may hold only letters, digits, `-` and `.`");
    }
    if domain.split('.').any(str::is_empty) {
        return bad("the domain has an empty part (a dot at an end, or two dots)");
    }
    Ok(())
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} <{}>", self.name, self.email)
    }
}

/// A moment as git records it: seconds since the epoch and the author's UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Moment {
    pub seconds: i64,
    pub offset_minutes: i32,
}

impl Moment {
    /// Local date and time fields (year, month, day, hour, minute).
    pub fn local(self) -> (i64, u32, u32, u32, u32) {
        let t = self.seconds + i64::from(self.offset_minutes) * 60;
        let days = t.div_euclid(86_400);
        let secs = t.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (y, m, d, (secs / 3600) as u32, ((secs % 3600) / 60) as u32)
    }

    /// "14/12/2023 09:30", the way dates are written in Vietnam.
    pub fn display(self) -> String {
        let (y, m, d, h, min) = self.local();
        format!("{d:02}/{m:02}/{y} {h:02}:{min:02}")
    }

    /// "14/12 09:30", for comments in a narrow pane.
    pub fn day_and_time(self) -> String {
        let (_, m, d, h, min) = self.local();
        format!("{d:02}/{m:02} {h:02}:{min:02}")
    }

    /// "14/12", for dense lists.
    pub fn short(self) -> String {
        let (_, m, d, _, _) = self.local();
        format!("{d:02}/{m:02}")
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_vietnamese_identity() {
        let id = Identity::parse(" Lê Thị Hoa <hoa.lt@tanyen.example> ").unwrap();
        assert_eq!(id.name, "Lê Thị Hoa");
        assert_eq!(id.email, "hoa.lt@tanyen.example");
        assert_eq!(id.to_string(), "Lê Thị Hoa <hoa.lt@tanyen.example>");
        assert!(Identity::parse("Lê Thị Hoa").is_err());
        assert!(Identity::parse("<a@b>").is_err());
        assert!(Identity::parse("A <a@b").is_err());
    }

    #[test]
    fn names_are_put_in_nfc() {
        let id = Identity::parse("Le\u{302}\u{300} Thi\u{323} Hoa <hoa@tanyen.example>").unwrap();
        assert_eq!(id.name, "Lề Thị Hoa");
        let id = Identity::new("  Trần Văn Bình ", " binh@tanyen.example ").unwrap();
        assert_eq!(id.name, "Trần Văn Bình");
        assert_eq!(id.email, "binh@tanyen.example");
    }

    #[test]
    fn ordinary_names_and_addresses_pass() {
        for (name, email) in [
            ("Nguyễn Văn Thắng", "thang.nv@tanyen.example"),
            (
                "Đặng Văn Sơn (Phòng GD-ĐT)",
                "son.dv+duyet@tanyen.bacgiang.gov.vn",
            ),
            ("O'Brien", "o'brien@example.org"),
            ("Nguyễn V.", "nv@ủybannhândân.vn"),
            ("李小龍", "li@例え.jp"),
            ("A", "a@localhost"),
        ] {
            assert_eq!(Identity::check(name, email), Ok(()), "{name} <{email}>");
        }
    }

    fn refused(name: &str, email: &str) -> String {
        match Identity::check(name, email) {
            Ok(()) => panic!("{name:?} <{email:?}> was accepted"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_line_break_anywhere_is_refused() {
        assert_eq!(
            refused("Evil\nx", "e@x"),
            "the name contains a line break (character 5); a commit header is one line"
        );
        assert!(refused("a", "e@x\ncommitter y").starts_with("the e-mail contains a line break"));
        for c in ['\r', '\u{85}', '\u{2028}', '\u{2029}'] {
            assert!(
                refused(&format!("a{c}b"), "e@x").contains("line break"),
                "{c:?}"
            );
        }
    }

    #[test]
    fn control_and_invisible_characters_are_refused_by_code_point() {
        assert_eq!(
            refused("Người \u{1b}[1mLạ", "la@x"),
            "the name contains the control character U+001B (character 7)"
        );
        assert!(refused("a\u{7}", "e@x").contains("U+0007"));
        assert!(refused("a\u{7f}b", "e@x").contains("U+007F"));
        assert!(refused("a\u{9b}b", "e@x").contains("U+009B"));
        assert!(refused("a\tb", "e@x").contains("U+0009"));
        assert!(refused("a", "e\u{0}@x").contains("U+0000"));
        for c in [
            '\u{202E}',
            '\u{2066}',
            '\u{200B}',
            '\u{200D}',
            '\u{061C}',
            '\u{FEFF}',
            '\u{E0041}',
        ] {
            let e = refused(&format!("a{c}b"), "e@x");
            assert!(e.contains("invisible character"), "{c:?}: {e}");
            let e = refused("a", &format!("e{c}@x"));
            assert!(
                e.starts_with("the e-mail contains the invisible"),
                "{c:?}: {e}"
            );
        }
    }

    #[test]
    fn angle_brackets_are_refused() {
        assert!(refused("Evil x <e@x", "e@x").contains("`<` (character 8)"));
        assert!(refused("a", "e@x>").contains("e-mail contains `>`"));
        assert!(Identity::parse("Evil <e@x> <f@y>").is_err());
        assert!(Identity::parse("A <b<c@x>").is_err());
        assert!(Identity::parse("A > <c@x>").is_err());
    }

    #[test]
    fn what_git_would_trim_is_refused() {
        assert_eq!(
            refused("'Hoa'", "h@x"),
            "the name begins with `'`, which git would drop from the commit"
        );
        assert!(refused("Hoa,", "h@x").contains("ends with `,`"));
        assert!(refused(" Hoa", "h@x").contains("begins with a space (U+0020)"));
        assert!(refused("Hoa\u{a0}", "h@x").contains("ends with a space (U+00A0)"));
        assert!(refused("Hoa", "'h@x").contains("e-mail begins with `'`"));
    }

    #[test]
    fn an_email_must_look_like_an_address() {
        assert_eq!(refused("a", ""), "the e-mail is empty");
        assert_eq!(refused("", "a@b"), "the name is empty");
        assert!(Identity::parse("A <>").is_err());
        assert!(Identity::parse("A < >").is_err());
        for (email, why) in [
            ("ab", "no `@`"),
            ("a@b@c", "more than one `@`"),
            ("@b", "nothing before"),
            ("a@", "nothing after"),
            ("a b@c", "a space"),
            ("a@b c", "a space"),
            ("a\"b@c", "a character addresses do not use"),
            ("a@b_c", "only letters"),
            ("a@b..c", "empty part"),
            ("a@.b", "empty part"),
            ("a@b.", "empty part"),
        ] {
            let e = refused("A", email);
            assert!(e.contains(why), "{email}: {e}");
            assert!(e.starts_with("the e-mail `"), "{email}: {e}");
        }
    }

    #[test]
    fn lengths_are_limited() {
        let name = "á".repeat(MAX_NAME_CHARS);
        assert_eq!(Identity::check(&name, "a@b"), Ok(()));
        assert_eq!(
            refused(&format!("{name}b"), "a@b"),
            "the name is 201 characters long; at most 200 are allowed"
        );
        let email = format!("{}@b", "a".repeat(MAX_EMAIL_CHARS - 2));
        assert_eq!(Identity::check("A", &email), Ok(()));
        assert!(refused("A", &format!("a{email}")).contains("e-mail is 255 characters"));
    }

    #[test]
    fn the_form_is_named_without_echoing_the_input() {
        assert_eq!(
            Identity::parse("Evil\u{1b}]0;x\u{7}")
                .unwrap_err()
                .to_string(),
            "not of the form \"Name <email>\" (no `<` before the e-mail)"
        );
        assert_eq!(
            Identity::parse("A <b@c").unwrap_err().to_string(),
            "not of the form \"Name <email>\" (it must end with `>` after the e-mail)"
        );
    }

    #[test]
    fn dates_in_vietnam_time() {
        // 2023-12-14 02:30 UTC is 09:30 in Hanoi (UTC+7).
        let m = Moment {
            seconds: 1_702_521_000,
            offset_minutes: 420,
        };
        assert_eq!(m.display(), "14/12/2023 09:30");
        assert_eq!(m.short(), "14/12");
        let epoch = Moment {
            seconds: 0,
            offset_minutes: 0,
        };
        assert_eq!(epoch.display(), "01/01/1970 00:00");
        let leap = Moment {
            seconds: 951_782_400, // 2000-02-29
            offset_minutes: 0,
        };
        assert_eq!(leap.short(), "29/02");
    }
}
