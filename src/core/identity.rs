//! Who is acting: a name and an e-mail, as git and `--as "Name <email>"` give them.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
}

impl Identity {
    /// Parses `Name <email>`. The name may be Vietnamese; the e-mail may not be empty.
    pub fn parse(s: &str) -> Result<Identity, String> {
        let s = s.trim();
        let (name, rest) = s
            .split_once('<')
            .ok_or_else(|| format!("`{s}` is not of the form \"Name <email>\""))?;
        let email = rest
            .strip_suffix('>')
            .ok_or_else(|| format!("`{s}` is not of the form \"Name <email>\" (missing `>`)"))?
            .trim();
        let name = name.trim();
        if name.is_empty() || email.is_empty() || email.contains(['<', '>']) {
            return Err(format!("`{s}` is not of the form \"Name <email>\""));
        }
        Ok(Identity {
            name: super::text::nfc(name),
            email: email.to_owned(),
        })
    }
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
