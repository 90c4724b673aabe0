//! Date elements: what a date in text looks like, and how it is generalized or shifted.
//!
//! Safe Harbor allows the year only; the alternative keeps intervals by moving every date of a
//! patient by the same number of days. Both keep the written style of the date where possible
//! ("March 4, 2019" stays a month-name date), so notes still read naturally.

use chrono::{Datelike as _, Duration, NaiveDate};

/// What to do with dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateMode {
    /// Move every date of a patient by one per-patient number of days (keeps intervals).
    #[default]
    Shift,
    /// Keep only the year (Safe Harbor's literal rule).
    Year,
}

impl DateMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Shift => "shift",
            Self::Year => "year",
        }
    }
}

/// How an all-numeric date whose first two numbers could both be a month is read: 03/04/2021
/// is March 4 month first (US), 3 April day first. A date that can be read one way only
/// (13/04/2021) is read that way whatever the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    #[default]
    MonthFirst,
    DayFirst,
}

impl DateOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MonthFirst => "month-first",
            Self::DayFirst => "day-first",
        }
    }
}

/// How a date was written, so the replacement can be written the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// 2019-03-04 (with any time suffix kept as written).
    Iso,
    /// 3/4/2019 or 3-4-2019 (`sep`), month first or day first.
    Numeric { sep: char, day_first: bool },
    /// March 4, 2019 / 4 March 2019 (`long` = full month name).
    MonthName { long: bool, day_first: bool },
    /// March 2019.
    MonthYear { long: bool },
    /// 03/2019.
    NumericMonthYear,
    /// 20190304.
    Compact,
}

/// A date found in text. `year` is None when the text gave no year ("on 3/14", "March 4").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
    pub style: Style,
}

const LONG: [&str; 12] = [
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

/// Month number (1-12) of an English month name or abbreviation, any case.
pub fn month_number(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    LONG.iter()
        .position(|m| {
            let m = m.to_ascii_lowercase();
            m == lower || (m.starts_with(&lower) && (lower.len() == 3 || lower == "sept"))
        })
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Two-digit years: 00-49 → 2000s, 50-99 → 1900s.
pub fn full_year(text: &str) -> Option<i32> {
    let y: i32 = text.parse().ok()?;
    Some(match text.len() {
        2 if y < 50 => 2000 + y,
        2 => 1900 + y,
        _ => y,
    })
}

/// The replacement text for a found date.
pub fn replace(found: &FoundDate, mode: DateMode, offset_days: i64) -> String {
    match mode {
        DateMode::Year => found
            .year
            .map_or_else(|| "[DATE]".to_string(), |y| y.to_string()),
        DateMode::Shift => {
            // Without a year, shift within a leap year so that Feb 29 exists.
            let year = found.year.unwrap_or(2000);
            let day = if matches!(
                found.style,
                Style::MonthYear { .. } | Style::NumericMonthYear
            ) {
                15
            } else {
                found.day
            };
            let Some(date) = NaiveDate::from_ymd_opt(year, found.month, day) else {
                return "[DATE]".into();
            };
            let shifted = date + Duration::days(offset_days);
            let month_name = |long: bool| {
                let name = LONG[shifted.month0() as usize];
                if long {
                    name.to_string()
                } else {
                    name[..3].to_string()
                }
            };
            let with_year = found.year.is_some();
            match found.style {
                Style::Iso => shifted.format("%Y-%m-%d").to_string(),
                Style::Compact => shifted.format("%Y%m%d").to_string(),
                Style::Numeric { sep, day_first } => {
                    let (a, b) = if day_first {
                        (shifted.day(), shifted.month())
                    } else {
                        (shifted.month(), shifted.day())
                    };
                    if with_year {
                        format!("{a}{sep}{b}{sep}{}", shifted.year())
                    } else {
                        format!("{a}{sep}{b}")
                    }
                }
                Style::MonthName { long, day_first } => {
                    let m = month_name(long);
                    match (day_first, with_year) {
                        (true, true) => format!("{} {m} {}", shifted.day(), shifted.year()),
                        (true, false) => format!("{} {m}", shifted.day()),
                        (false, true) => format!("{m} {}, {}", shifted.day(), shifted.year()),
                        (false, false) => format!("{m} {}", shifted.day()),
                    }
                }
                Style::MonthYear { long } => format!("{} {}", month_name(long), shifted.year()),
                Style::NumericMonthYear => format!("{:02}/{}", shifted.month(), shifted.year()),
            }
        }
    }
}

/// Generalize or shift a structured date field ("2019-03-04", "2019-03-04T10:00:00Z", "2019-03",
/// "2019"). Unparseable values become "[DATE]" (never passed through).
pub fn transform_field(value: &str, mode: DateMode, offset_days: i64) -> String {
    let year = value.get(..4).and_then(|y| y.parse::<i32>().ok());
    match mode {
        DateMode::Year => year.map_or_else(|| "[DATE]".into(), |y| y.to_string()),
        DateMode::Shift => {
            let padded = crate::cases::pad_date(value.get(..10).unwrap_or(value));
            let Some(date) = padded
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            else {
                return "[DATE]".into();
            };
            let shifted = (date + Duration::days(offset_days))
                .format("%Y-%m-%d")
                .to_string();
            match value.len() {
                4 => shifted[..4].to_string(),
                7 => shifted[..7].to_string(),
                _ => format!("{shifted}{}", value.get(10..).unwrap_or("")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names() {
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("MAR"), Some(3));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Mayday"), None);
    }

    #[test]
    fn shifting_keeps_the_style() {
        let d = FoundDate {
            year: Some(2019),
            month: 3,
            day: 4,
            style: Style::MonthName {
                long: true,
                day_first: false,
            },
        };
        assert_eq!(replace(&d, DateMode::Shift, 30), "April 3, 2019");
        assert_eq!(replace(&d, DateMode::Year, 30), "2019");
        let d = FoundDate {
            year: None,
            month: 12,
            day: 31,
            style: Style::Numeric {
                sep: '/',
                day_first: false,
            },
        };
        assert_eq!(replace(&d, DateMode::Shift, 1), "1/1");
        assert_eq!(replace(&d, DateMode::Year, 1), "[DATE]");
        let d = FoundDate {
            year: Some(2021),
            month: 4,
            day: 13,
            style: Style::Numeric {
                sep: '.',
                day_first: true,
            },
        };
        assert_eq!(replace(&d, DateMode::Shift, 20), "3.5.2021");
    }

    #[test]
    fn structured_fields() {
        assert_eq!(
            transform_field("2019-03-04T10:00:00Z", DateMode::Shift, -4),
            "2019-02-28T10:00:00Z"
        );
        assert_eq!(transform_field("2019-03-04", DateMode::Year, -4), "2019");
        assert_eq!(transform_field("2019", DateMode::Shift, 400), "2020");
        assert_eq!(transform_field("garbage", DateMode::Shift, 1), "[DATE]");
    }
}
