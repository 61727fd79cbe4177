//! Calendar dates as authors write them (`2023-03-21` or RFC 3339), shown
//! the way readers say them (« 21 mars 2023 »).

use serde::{Deserialize, Deserializer};
use std::fmt;

/// A date with an optional time of day. Ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    /// Seconds since midnight, when the author gave a time.
    pub seconds: Option<u32>,
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Parses `YYYY-MM-DD`, optionally followed by `T`/space and a time
    /// (RFC 3339). Returns `None` for anything that is not a real day.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let (date, time) = match text.find(['T', 't', ' ']) {
            Some(i) => (&text[..i], Some(&text[i + 1..])),
            None => (text, None),
        };
        let mut parts = date.splitn(3, '-');
        let year: i32 = parse_digits(parts.next()?, 4)?;
        let month: u8 = parse_digits(parts.next()?, 2)?;
        let day: u8 = parse_digits(parts.next()?, 2)?;
        let seconds = match time {
            Some(t) => Some(parse_time(t)?),
            None => None,
        };
        Some(Date {
            seconds,
            ..Date::from_ymd(year, month, day)?
        })
    }

    /// The day `year-month-day`, if the calendar has it.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            year,
            month,
            day,
            seconds: None,
        })
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days((secs / 86_400) as i64)
    }

    /// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date {
            year,
            month,
            day,
            seconds: None,
        }
    }

    /// `2023-03-21`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The same day without its time, for "is it upcoming?" comparisons.
    pub fn day_only(&self) -> Date {
        Date {
            seconds: None,
            ..*self
        }
    }

    /// « 21 mars 2023 » in French, "21 March 2023" otherwise; « 1er » for the
    /// first of the month, as French typography wants.
    pub fn long(&self, language: &str) -> String {
        let m = usize::from(self.month - 1);
        if is_french(language) {
            let day = if self.day == 1 {
                "1er".to_string()
            } else {
                self.day.to_string()
            };
            format!("{day} {} {}", MONTHS_FR[m], self.year)
        } else {
            format!("{} {} {}", self.day, MONTHS_EN[m], self.year)
        }
    }

    /// « mars 2023 », for agendas.
    pub fn month_year(&self, language: &str) -> String {
        let m = usize::from(self.month - 1);
        if is_french(language) {
            format!("{} {}", MONTHS_FR[m], self.year)
        } else {
            format!("{} {}", MONTHS_EN[m], self.year)
        }
    }

    /// RFC 3339 timestamp for feeds.
    pub fn rfc3339(&self) -> String {
        let s = self.seconds.unwrap_or(0);
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            self.iso(),
            s / 3600,
            s / 60 % 60,
            s % 60
        )
    }
}

pub fn is_french(language: &str) -> bool {
    language == "fr" || language.starts_with("fr-") || language.starts_with("fr_")
}

/// Month name alone (« mars »), 1-based.
pub fn month_name(month: u8, language: &str) -> &'static str {
    let m = usize::from(month.clamp(1, 12) - 1);
    if is_french(language) {
        MONTHS_FR[m]
    } else {
        MONTHS_EN[m]
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

fn parse_digits<T: std::str::FromStr>(s: &str, len: usize) -> Option<T> {
    if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn parse_time(t: &str) -> Option<u32> {
    let t = t.trim_end_matches(['Z', 'z']);
    // Drop a numeric offset: we keep the wall-clock time the author wrote.
    let t = match t.find(['+', '-']) {
        Some(i) => &t[..i],
        None => t,
    };
    let t = t.split('.').next()?;
    let mut parts = t.split(':');
    let h: u32 = parse_digits(parts.next()?, 2)?;
    let m: u32 = parse_digits(parts.next()?, 2)?;
    let s: u32 = match parts.next() {
        Some(s) => parse_digits(s, 2)?,
        None => 0,
    };
    (h < 24 && m < 60 && s < 61).then_some(h * 3600 + m * 60 + s)
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// How a date that does not parse starts its serde error, followed by the
/// text as written; `toml_errors` words it for the author.
pub const INVALID_DATE: &str = "carnet-invalid-date: ";

/// Front matter accepts a TOML date (`date = 2023-03-21`) or a string
/// (`date = "2023-03-21"`), both checked to be real days.
impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Toml(toml::value::Datetime),
            Text(String),
        }
        let text = match Raw::deserialize(deserializer)? {
            Raw::Toml(dt) => dt.to_string(),
            Raw::Text(s) => s,
        };
        Date::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("{INVALID_DATE}{text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_times() {
        let d = Date::parse("2023-03-21").unwrap();
        assert_eq!((d.year, d.month, d.day, d.seconds), (2023, 3, 21, None));
        let d = Date::parse("2023-03-21T14:30:00+01:00").unwrap();
        assert_eq!(d.seconds, Some(14 * 3600 + 30 * 60));
        assert!(Date::parse("2023-13-45").is_none());
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("21/03/2023").is_none());
    }

    #[test]
    fn french_long_dates() {
        assert_eq!(
            Date::parse("2023-03-21").unwrap().long("fr"),
            "21 mars 2023"
        );
        assert_eq!(
            Date::parse("2023-08-01").unwrap().long("fr"),
            "1er août 2023"
        );
        assert_eq!(
            Date::parse("2023-03-21").unwrap().long("en"),
            "21 March 2023"
        );
    }

    #[test]
    fn days_since_epoch() {
        assert_eq!(Date::from_days(0).iso(), "1970-01-01");
        assert_eq!(Date::from_days(19_437).iso(), "2023-03-21");
    }
}
