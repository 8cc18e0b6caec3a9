//! Dates as news files write them: ISO, "Wednesday, January 23, 2019",
//! "23 January 2019", "Jan. 23, 2019", RFC 2822 in HTML meta tags, Nexis
//! Uni's "February 18, 2025 Tuesday".

use crate::model::Date;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

pub fn month_number(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)) || (w == "sept"))
        .map(|i| if w == "sept" { 9 } else { i as u8 + 1 })
}

pub fn is_weekday(word: &str) -> bool {
    let w = word.trim_end_matches([',', '.']).to_ascii_lowercase();
    WEEKDAYS.iter().any(|d| *d == w || (w.len() == 3 && d.starts_with(&w)))
}

/// Parses a string that is only a date (possibly with a time part).
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Some(d) = Date::parse_iso(s) {
        return Some(d);
    }
    if let Some(d) = parse_slashed(s) {
        return Some(d);
    }
    parse_words(s, false)
}

/// `2019/01/23`
fn parse_slashed(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s.split(['/', '.']).collect();
    if parts.len() == 3 && parts[0].len() == 4 {
        return Date::new(
            parts[0].parse().ok()?,
            parts[1].parse().ok()?,
            parts[2].trim().parse().ok()?,
        );
    }
    None
}

/// A Wikinews-style dateline at the very start of `text`
/// ("Wednesday, January 23, 2019"); returns the date and the byte length consumed.
pub fn leading_dateline(text: &str) -> Option<(Date, usize)> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    let line = &text[..first_line_end];
    if line.trim().len() > 40 {
        return None;
    }
    let date = parse_words(line, true)?;
    Some((date, first_line_end))
}

/// Month-name dates in either order. With `whole`, nothing but a weekday, the
/// date and punctuation may appear.
fn parse_words(s: &str, whole: bool) -> Option<Date> {
    let (mut day, mut month, mut year) = (None, None, None);
    for token in s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
    {
        let t = token.trim_end_matches('.');
        if month.is_none()
            && let Some(m) = month_number(t)
        {
            month = Some(m);
            continue;
        }
        if is_weekday(t) {
            continue;
        }
        // "23rd" counts as 23.
        let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        match digits.parse::<u32>() {
            Ok(n) if t.len() == 4 && year.is_none() && (1000..=9999).contains(&n) => year = Some(n as i32),
            Ok(n) if day.is_none() && (1..=31).contains(&n) && t.len() <= 4 => day = Some(n as u8),
            _ if whole => return None,
            // Trailing matter such as a time of day ends a complete date.
            _ if month.is_some() && year.is_some() && day.is_some() => break,
            _ => {}
        }
    }
    Date::new(year?, month?, day?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_news_date_forms() {
        let d = Date::new(2019, 1, 23);
        assert_eq!(parse_date("2019-01-23"), d);
        assert_eq!(parse_date("Wednesday, January 23, 2019"), d);
        assert_eq!(parse_date("January 23, 2019"), d);
        assert_eq!(parse_date("23 January 2019"), d);
        assert_eq!(parse_date("Jan. 23, 2019"), d);
        assert_eq!(parse_date("Wed, 23 Jan 2019 10:12:00 +0000"), d);
        assert_eq!(parse_date("2019/01/23"), d);
        assert_eq!(parse_date("Sept. 5, 2020"), Date::new(2020, 9, 5));
        // Nexis Uni's date lines: weekday after the date, a time after that.
        assert_eq!(parse_date("February 18, 2025 Tuesday"), Date::new(2025, 2, 18));
        assert_eq!(
            parse_date("February 18, 2025 Tuesday 4:05 PM GMT"),
            Date::new(2025, 2, 18)
        );
        assert_eq!(parse_date("February 30, 2019"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn dateline_only_when_the_line_is_a_date() {
        let text = "Wednesday, January 23, 2019 \n\nGermany on Monday banned...";
        let (d, len) = leading_dateline(text).unwrap();
        assert_eq!(d, Date::new(2019, 1, 23).unwrap());
        assert_eq!(&text[len..len + 2], "\n\n");
        assert_eq!(
            leading_dateline("Germany on Monday, January 21, 2019, banned flights"),
            None
        );
        assert_eq!(leading_dateline("May 2019 was warm"), None);
    }
}
