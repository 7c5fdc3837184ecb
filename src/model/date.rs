//! A calendar date (ISO `YYYY-MM-DD`), the only date type in the model.

use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar date without time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// Parse a strict ISO date `YYYY-MM-DD`; the message says what is wrong.
    pub fn parse(text: &str) -> Result<Date, String> {
        let t = text.trim();
        let b = t.as_bytes();
        let shaped = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shaped {
            return Err(format!("`{t}` is not a date in the form YYYY-MM-DD"));
        }
        let num = |r: std::ops::Range<usize>| t[r].parse::<i16>().unwrap_or(0);
        let (y, m, d) = (num(0..4), num(5..7), num(8..10));
        jiff::civil::Date::new(y, m as i8, d as i8)
            .map(Date)
            .map_err(|_| format!("`{t}` is not a real calendar date"))
    }

    /// Build from parts; None if impossible.
    pub fn from_ymd(year: i16, month: i8, day: i8) -> Option<Date> {
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// Today's date from a Unix timestamp (UTC).
    pub fn from_unix_seconds(seconds: i64) -> Option<Date> {
        let ts = jiff::Timestamp::from_second(seconds).ok()?;
        Some(Date(ts.to_zoned(jiff::tz::TimeZone::UTC).date()))
    }

    /// Year.
    pub fn year(self) -> i16 {
        self.0.year()
    }

    /// Month 1-12.
    pub fn month(self) -> i8 {
        self.0.month()
    }

    /// Day of month.
    pub fn day(self) -> i8 {
        self.0.day()
    }

    /// Days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i64 {
        let a = self.0.to_zoned(jiff::tz::TimeZone::UTC);
        let b = other.0.to_zoned(jiff::tz::TimeZone::UTC);
        match (a, b) {
            (Ok(a), Ok(b)) => (b.timestamp().as_second() - a.timestamp().as_second()) / 86_400,
            _ => 0,
        }
    }

    /// This date plus `days` (saturating at the calendar's ends).
    pub fn add_days(self, days: i64) -> Date {
        self.0
            .checked_add(jiff::Span::new().days(days))
            .map(Date)
            .unwrap_or(self)
    }

    /// This date plus `months`, clamping the day to the month's end.
    pub fn add_months(self, months: i64) -> Date {
        self.0
            .checked_add(jiff::Span::new().months(months))
            .map(Date)
            .unwrap_or(self)
    }

    /// `YYYY-MM`.
    pub fn month_key(self) -> String {
        format!("{:04}-{:02}", self.year(), self.month())
    }

    /// `YYYY-Qn`.
    pub fn quarter_key(self) -> String {
        format!("{:04}-Q{}", self.year(), (self.month() - 1) / 3 + 1)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_strict_iso_dates() {
        assert_eq!(Date::parse("2025-03-14").unwrap().to_string(), "2025-03-14");
        assert!(Date::parse("2025-02-30")
            .unwrap_err()
            .contains("real calendar"));
        assert!(Date::parse("14/03/2025")
            .unwrap_err()
            .contains("YYYY-MM-DD"));
        assert!(Date::parse("2025-3-14").is_err());
    }

    #[test]
    fn arithmetic() {
        let d = Date::parse("2024-01-31").unwrap();
        assert_eq!(d.add_months(1).to_string(), "2024-02-29");
        assert_eq!(d.add_days(30).to_string(), "2024-03-01");
        assert_eq!(d.days_until(Date::parse("2024-03-01").unwrap()), 30);
        assert_eq!(d.quarter_key(), "2024-Q1");
        assert_eq!(
            Date::from_unix_seconds(0).unwrap().to_string(),
            "1970-01-01"
        );
    }
}
