//! Timestamps as GoTrue writes them, without a date-time library.
//!
//! GoTrue serialises Go `time.Time` as RFC 3339 with zero to nine fractional digits
//! (`2018-05-12T06:35:13Z`, `2018-05-25T20:28:04.436230023Z`). [`Timestamp`] keeps the exact text
//! it was given, so a value read from the wire is written back unchanged, and converts to and from
//! unix time on demand. The parser is hand-written to keep `chrono`/`time` out of the wasm build.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a timestamp could not be read or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// The text is not an RFC 3339 date-time; the payload names the part that failed.
    #[error("not an RFC 3339 timestamp: bad {0}")]
    Invalid(&'static str),
    /// The instant lies outside the years 0000–9999 that RFC 3339 can spell.
    #[error("timestamp is outside the years 0000-9999")]
    OutOfRange,
}

/// An instant as whole unix seconds plus nanoseconds (`0..1_000_000_000`).
///
/// ```
/// use identity_core::time::UnixTime;
/// let t = UnixTime::parse_rfc3339("1970-01-01T00:00:01.5Z").unwrap();
/// assert_eq!(t, UnixTime { secs: 1, nanos: 500_000_000 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime {
    /// Seconds since 1970-01-01T00:00:00Z (negative before).
    pub secs: i64,
    /// Nanoseconds within that second.
    pub nanos: u32,
}

impl UnixTime {
    /// Parses RFC 3339 leniently: `T`, `t` or a space between date and time, `Z`, `z` or a
    /// `±HH:MM` offset, and any number of fractional digits (only the first nine count).
    pub fn parse_rfc3339(text: &str) -> Result<Self, TimeError> {
        parse(text.as_bytes())
    }

    /// Formats as RFC 3339 in UTC, the way Go's `RFC3339Nano` does: no fraction when the
    /// nanoseconds are zero, otherwise the fraction without trailing zeros.
    ///
    /// ```
    /// use identity_core::time::UnixTime;
    /// let t = UnixTime { secs: 1_767_225_600, nanos: 436_230_000 };
    /// assert_eq!(t.to_rfc3339().unwrap(), "2026-01-01T00:00:00.43623Z");
    /// ```
    pub fn to_rfc3339(self) -> Result<String, TimeError> {
        if self.nanos >= 1_000_000_000 {
            return Err(TimeError::OutOfRange);
        }
        let days = self.secs.div_euclid(86_400);
        let secs_of_day = self.secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        if !(0..=9999).contains(&year) {
            return Err(TimeError::OutOfRange);
        }
        let mut out = format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            secs_of_day / 3600,
            secs_of_day % 3600 / 60,
            secs_of_day % 60
        );
        if self.nanos != 0 {
            let frac = format!("{:09}", self.nanos);
            out.push('.');
            out.push_str(frac.trim_end_matches('0'));
        }
        out.push('Z');
        Ok(out)
    }
}

/// A wire timestamp: the exact RFC 3339 text GoTrue sent, parsed only when asked.
///
/// Deserialising never fails on the content of the string, so an odd timestamp from a server
/// does not make a whole `User` unreadable; call [`Timestamp::unix`] to interpret it.
///
/// ```
/// use identity_core::time::Timestamp;
/// let t = Timestamp::from_unix(1_767_225_600).unwrap();
/// assert_eq!(t.as_str(), "2026-01-01T00:00:00Z");
/// assert_eq!(t.unix_seconds(), Ok(1_767_225_600));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    /// Wraps text as it is, without checking it.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The UTC timestamp for whole unix seconds, e.g. `2026-01-01T00:00:00Z`.
    pub fn from_unix(secs: i64) -> Result<Self, TimeError> {
        Self::from_unix_time(UnixTime { secs, nanos: 0 })
    }

    /// The UTC timestamp for an instant with nanoseconds, formatted like Go's `RFC3339Nano`.
    pub fn from_unix_time(time: UnixTime) -> Result<Self, TimeError> {
        time.to_rfc3339().map(Self)
    }

    /// The text exactly as received or built.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses the text (see [`UnixTime::parse_rfc3339`]).
    pub fn unix(&self) -> Result<UnixTime, TimeError> {
        UnixTime::parse_rfc3339(&self.0)
    }

    /// Whole unix seconds, rounding fractions down.
    pub fn unix_seconds(&self) -> Result<i64, TimeError> {
        self.unix().map(|t| t.secs)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, count: usize, what: &'static str) -> Result<i64, TimeError> {
        let end = self.pos + count;
        let slice = self
            .bytes
            .get(self.pos..end)
            .ok_or(TimeError::Invalid(what))?;
        let mut value = 0i64;
        for &b in slice {
            if !b.is_ascii_digit() {
                return Err(TimeError::Invalid(what));
            }
            value = value * 10 + i64::from(b - b'0');
        }
        self.pos = end;
        Ok(value)
    }

    fn expect(&mut self, allowed: &[u8], what: &'static str) -> Result<u8, TimeError> {
        match self.bytes.get(self.pos) {
            Some(b) if allowed.contains(b) => {
                self.pos += 1;
                Ok(*b)
            }
            _ => Err(TimeError::Invalid(what)),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }
}

fn parse(bytes: &[u8]) -> Result<UnixTime, TimeError> {
    let mut c = Cursor { bytes, pos: 0 };
    let year = c.digits(4, "year")?;
    c.expect(b"-", "date separator")?;
    let month = c.digits(2, "month")?;
    c.expect(b"-", "date separator")?;
    let day = c.digits(2, "day")?;
    c.expect(b"Tt ", "date-time separator")?;
    let hour = c.digits(2, "hour")?;
    c.expect(b":", "time separator")?;
    let minute = c.digits(2, "minute")?;
    c.expect(b":", "time separator")?;
    let second = c.digits(2, "second")?;

    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(TimeError::Invalid("date"));
    }
    // 60 is a leap second; it is kept and simply rolls into the next minute.
    if hour > 23 || minute > 59 || second > 60 {
        return Err(TimeError::Invalid("time"));
    }

    let mut nanos = 0u32;
    if c.peek() == Some(b'.') {
        c.pos += 1;
        let start = c.pos;
        let mut scale = 100_000_000u32;
        while let Some(b) = c.peek().filter(u8::is_ascii_digit) {
            nanos += u32::from(b - b'0') * scale;
            scale /= 10;
            c.pos += 1;
        }
        if c.pos == start {
            return Err(TimeError::Invalid("fraction"));
        }
    }

    let offset = match c.expect(b"Zz+-", "offset")? {
        b'Z' | b'z' => 0,
        sign => {
            let oh = c.digits(2, "offset")?;
            c.expect(b":", "offset")?;
            let om = c.digits(2, "offset")?;
            if oh > 23 || om > 59 {
                return Err(TimeError::Invalid("offset"));
            }
            let total = oh * 3600 + om * 60;
            if sign == b'-' {
                -total
            } else {
                total
            }
        }
    };
    if c.pos != bytes.len() {
        return Err(TimeError::Invalid("trailing text"));
    }

    // Narrowing is safe: every part was range-checked above.
    let days = days_from_civil(year, month as u32, day as u32);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset;
    Ok(UnixTime { secs, nanos })
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (400-year era arithmetic).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Count years from March so the leap day is the last day of the counted year.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // day is 1..=31 and month 1..=12 by construction.
    (year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn secs(text: &str) -> i64 {
        UnixTime::parse_rfc3339(text).map(|t| t.secs).unwrap()
    }

    #[test]
    fn parses_gotrue_timestamps_with_and_without_fraction() {
        assert_eq!(secs("1970-01-01T00:00:00Z"), 0);
        assert_eq!(secs("2018-05-12T06:35:13Z"), 1_526_106_913);
        let t = UnixTime::parse_rfc3339("2018-05-25T20:28:04.436230023Z").unwrap();
        assert_eq!(t.secs, 1_527_280_084);
        assert_eq!(t.nanos, 436_230_023);
    }

    #[test]
    fn applies_offsets_and_lenient_separators() {
        assert_eq!(
            secs("2026-01-01T02:00:00+02:00"),
            secs("2026-01-01T00:00:00Z")
        );
        assert_eq!(
            secs("2025-12-31T23:30:00-00:30"),
            secs("2026-01-01T00:00:00Z")
        );
        assert_eq!(secs("2026-01-01t00:00:00z"), secs("2026-01-01 00:00:00Z"));
    }

    #[test]
    fn keeps_only_nine_fraction_digits() {
        let t = UnixTime::parse_rfc3339("2026-01-01T00:00:00.1234567899Z").unwrap();
        assert_eq!(t.nanos, 123_456_789);
    }

    #[test]
    fn go_zero_time_parses() {
        assert_eq!(secs("0001-01-01T00:00:00Z"), -62_135_596_800);
    }

    #[test]
    fn rejects_malformed_text() {
        for bad in [
            "",
            "2026-01-01",
            "2026-01-01T00:00:00",
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00Zjunk",
            "2026-01-01T00:00:00+0200",
            "２026-01-01T00:00:00Z",
        ] {
            assert!(UnixTime::parse_rfc3339(bad).is_err(), "{bad:?} parsed");
        }
        assert!(UnixTime::parse_rfc3339("2024-02-29T00:00:00Z").is_ok());
    }

    #[test]
    fn formats_like_go_rfc3339_nano() {
        let t = UnixTime {
            secs: 1_527_280_084,
            nanos: 436_230_023,
        };
        assert_eq!(t.to_rfc3339().unwrap(), "2018-05-25T20:28:04.436230023Z");
        assert_eq!(
            Timestamp::from_unix(-1).unwrap().as_str(),
            "1969-12-31T23:59:59Z"
        );
    }

    #[test]
    fn refuses_years_rfc3339_cannot_spell() {
        assert_eq!(Timestamp::from_unix(i64::MAX), Err(TimeError::OutOfRange));
        assert_eq!(
            Timestamp::from_unix(253_402_300_800),
            Err(TimeError::OutOfRange)
        );
    }

    #[test]
    fn timestamp_is_transparent_on_the_wire() {
        let t: Timestamp = serde_json::from_str("\"whatever\"").unwrap();
        assert_eq!(t.as_str(), "whatever");
        assert!(t.unix().is_err());
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"whatever\"");
    }

    proptest! {
        // A fixed seed: the suite runs the same cases every time (a failure reproduces);
        // PROPTEST_CASES sets how many (256 by default; `cargo xtask fuzz` runs more).
        #![proptest_config(ProptestConfig {
            rng_seed: proptest::test_runner::RngSeed::Fixed(15),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn format_then_parse_round_trips(
            secs in -62_167_219_200i64..253_402_300_800,
            nanos in 0u32..1_000_000_000,
        ) {
            let t = UnixTime { secs, nanos };
            let text = t.to_rfc3339().unwrap();
            prop_assert_eq!(UnixTime::parse_rfc3339(&text), Ok(t));
        }

        #[test]
        fn parse_never_panics(text in ".{0,40}") {
            let _ = UnixTime::parse_rfc3339(&text);
        }

        #[test]
        fn parse_never_panics_on_near_misses(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,12})?([Zz]|[+-][0-9]{2}:[0-9]{2})?") {
            let _ = UnixTime::parse_rfc3339(&text);
        }
    }
}
