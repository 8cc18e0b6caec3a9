//! Calendar dates and timestamps without a date-time dependency: the app only
//! needs civil dates (article dates, time buckets) and UTC instants (audit times).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A calendar date (proleptic Gregorian), serialised as `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(1000..=9999).contains(&year) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, also accepting a trailing time part (`2019-01-23T10:00Z`).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let s = s.trim();
        let head = s.get(..10)?;
        let rest = &s[10..];
        if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
            return None;
        }
        let b = head.as_bytes();
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = head[..4].parse().ok()?;
        let month = head[5..7].parse().ok()?;
        let day = head[8..10].parse().ok()?;
        Date::new(year, month, day)
    }

    /// `2019`, `2019-03` or `2019-03-05`: a date or a whole year or month.
    /// A partial date means its first day, or with `end` its last day, so
    /// that "from 2019-03 to 2019-03" covers all of March.
    pub fn parse_partial(s: &str, end: bool) -> Option<Date> {
        let s = s.trim();
        if let Some(d) = Date::parse_iso(s) {
            return Some(d);
        }
        let mut parts = s.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: Option<u8> = match parts.next() {
            Some(m) => Some(m.parse().ok()?),
            None => None,
        };
        let day: Option<u8> = match parts.next() {
            Some(d) => Some(d.parse().ok()?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        match (month, day) {
            (Some(m), Some(d)) => Date::new(year, m, d),
            (Some(m), None) => Date::new(year, m, if end { days_in_month(year, m) } else { 1 }),
            (None, _) if end => Date::new(year, 12, 31),
            (None, _) => Date::new(year, 1, 1),
        }
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        days_from_civil(self.year as i64, self.month as i64, self.day as i64)
    }

    pub fn from_days(days: i64) -> Date {
        let (y, m, d) = civil_from_days(days);
        Date {
            year: y as i32,
            month: m as u8,
            day: d as u8,
        }
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        ((self.to_days() + 3).rem_euclid(7)) as u8
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("invalid date {s:?}, expected YYYY-MM-DD")))
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's algorithms, exact over the whole i64 range we use.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Milliseconds since the Unix epoch, UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn now() -> Timestamp {
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        Timestamp(ms)
    }

    pub fn date(self) -> Date {
        Date::from_days(self.0.div_euclid(86_400_000))
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC, to the second: what spreadsheets and pandas parse.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.div_euclid(1000);
        let day_secs = secs.rem_euclid(86_400);
        write!(
            f,
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            day_secs / 3600,
            (day_secs / 60) % 60,
            day_secs % 60
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-800_000i64, -1, 0, 1, 17_919, 20_137, 2_932_896] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(Date::new(2025, 2, 18).unwrap().to_days(), 20_137);
    }

    #[test]
    fn parse_iso_accepts_dates_and_rejects_garbage() {
        assert_eq!(Date::parse_iso("2019-01-23"), Date::new(2019, 1, 23));
        assert_eq!(Date::parse_iso("2019-01-23T08:00:00Z"), Date::new(2019, 1, 23));
        assert_eq!(Date::parse_iso("2019-02-29"), None);
        assert_eq!(Date::parse_iso("2020-02-29"), Date::new(2020, 2, 29));
        assert_eq!(Date::parse_iso("2019-13-01"), None);
        assert_eq!(Date::parse_iso("20190123"), None);
        assert_eq!(Date::parse_iso("2019-01-2x"), None);
        assert_eq!(Date::parse_iso("é019-01-23"), None);
    }

    #[test]
    fn partial_dates_cover_their_period() {
        assert_eq!(Date::parse_partial("2019", false), Date::new(2019, 1, 1));
        assert_eq!(Date::parse_partial("2019", true), Date::new(2019, 12, 31));
        assert_eq!(Date::parse_partial("2020-02", true), Date::new(2020, 2, 29));
        assert_eq!(Date::parse_partial("2019-03", false), Date::new(2019, 3, 1));
        assert_eq!(Date::parse_partial(" 2019-03-05 ", true), Date::new(2019, 3, 5));
        assert_eq!(Date::parse_partial("2019-13", false), None);
        assert_eq!(Date::parse_partial("2019-03-x", false), None);
        assert_eq!(Date::parse_partial("", false), None);
    }

    #[test]
    fn weekday_and_timestamp_format() {
        // 2019-01-23 was a Wednesday.
        assert_eq!(Date::new(2019, 1, 23).unwrap().weekday(), 2);
        assert_eq!(Timestamp(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp(1_739_871_000_000).to_string(), "2025-02-18T09:30:00Z");
    }
}
