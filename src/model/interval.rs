//! Planned intervals (`12 months`, `90 days`): how often a review, an audit
//! or a reassessment must happen.

use super::Date;
use std::fmt;

/// A length of time written in the source, in months or days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    /// Calendar months (`12 months`, `1 year`).
    Months(u32),
    /// Days (`90 days`, `2 weeks`).
    Days(u32),
}

impl Interval {
    /// Parse `N days|weeks|months|years` (singular or plural; `N` from 1).
    pub fn parse(text: &str) -> Result<Interval, String> {
        let text = text.trim();
        let (number, unit) = text
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("`{text}` is not an interval"))?;
        let n: u32 = number
            .parse()
            .ok()
            .filter(|&n| (1..=1200).contains(&n))
            .ok_or_else(|| format!("`{number}` is not a whole number from 1 to 1200"))?;
        match unit.trim().to_ascii_lowercase().trim_end_matches('s') {
            "day" => Ok(Interval::Days(n)),
            "week" => Ok(Interval::Days(n * 7)),
            "month" => Ok(Interval::Months(n)),
            "year" => Ok(Interval::Months(n * 12)),
            other => Err(format!("unknown unit `{other}`")),
        }
    }

    /// The date this interval after `date`.
    pub fn after(self, date: Date) -> Date {
        match self {
            Interval::Months(n) => date.add_months(i64::from(n)),
            Interval::Days(n) => date.add_days(i64::from(n)),
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match *self {
            Interval::Months(n) if n % 12 == 0 => (n / 12, "year"),
            Interval::Months(n) => (n, "month"),
            Interval::Days(n) => (n, "day"),
        };
        write!(f, "{n} {unit}{}", if n == 1 { "" } else { "s" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_adds() {
        assert_eq!(Interval::parse("12 months"), Ok(Interval::Months(12)));
        assert_eq!(Interval::parse("1 year"), Ok(Interval::Months(12)));
        assert_eq!(Interval::parse("2 weeks"), Ok(Interval::Days(14)));
        assert!(Interval::parse("twelve months").is_err());
        assert!(Interval::parse("12 fortnights").is_err());
        assert!(Interval::parse("0 days").is_err());
        let d = Date::parse("2024-01-31").expect("date");
        assert_eq!(Interval::Months(1).after(d).to_string(), "2024-02-29");
        assert_eq!(Interval::Days(90).after(d).to_string(), "2024-04-30");
        assert_eq!(Interval::Months(12).to_string(), "1 year");
        assert_eq!(Interval::Months(6).to_string(), "6 months");
    }
}
