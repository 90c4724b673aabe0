//! Calendar helpers shared by case parsing, FHIR import and de-identification: ISO dates as day
//! numbers, and partial FHIR dates (`2019`, `2019-03`) padded to whole ones.

/// Days since 1970-01-01 of an ISO date or date-time (its first 10 characters).
pub fn iso_day_number(date: &str) -> Option<i64> {
    let day = chrono::NaiveDate::parse_from_str(date.get(..10)?, "%Y-%m-%d").ok()?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    Some((day - epoch).num_days())
}

/// A partial date (`YYYY` or `YYYY-MM`) as the first day it can mean; anything else unchanged.
pub fn pad_date(date: &str) -> String {
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_pad_to_the_first_day() {
        assert_eq!(pad_date("2019"), "2019-01-01");
        assert_eq!(pad_date("2019-03"), "2019-03-01");
        assert_eq!(pad_date("2019-03-04"), "2019-03-04");
        assert_eq!(iso_day_number("1970-01-02T10:00:00Z"), Some(1));
        assert_eq!(iso_day_number("2019"), None);
    }
}
