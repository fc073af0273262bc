//! An event's date with its precision: single dates, ranges, open ends, EDTF qualifiers.
//!
//! # Accepted text (a subset of EDTF level 1)
//!
//! | form                   | example                                  |
//! |------------------------|------------------------------------------|
//! | year                   | `2014`                                   |
//! | month                  | `2022-07`                                |
//! | day                    | `2022-09-07`                             |
//! | day with time          | `2022-09-07T10:30:00+02:00`, `…T10:30Z`  |
//! | range                  | `2022-07-15/2022-07-17`, `2013-05/2016-09` |
//! | open end (ongoing)     | `2016/..`                                |
//! | open start (before)    | `../2013-05`                             |
//! | approximate            | `2022-07~`                               |
//! | uncertain              | `2022?`                                  |
//! | approximate, uncertain | `2022%`                                  |
//!
//! Years have exactly four digits (1000–9999), months and days two. A time
//! needs a UTC offset (`Z` or `±hh:mm`); seconds are optional. Qualifiers
//! belong to one point, so in a range each side has its own (`2013~/2016`).
//! An open side of a range is written `..`; an empty side is an error.
//! Surrounding whitespace, and whitespace around the `/`, is ignored.
//!
//! # Calendar dates, not instants
//!
//! A day is a calendar date: no time zone can move it. A value with a time
//! keeps the calendar date it was written with, so `2022-09-07T23:30:00-05:00`
//! is on 7 September for display, grouping and sorting; only
//! [`EventDate::start_instant`] converts it to UTC.
//!
//! # Ordering
//!
//! [`EventDate::sort_key`] is (earliest possible day, precision), coarser
//! precision first, so `2022` < `2022-01` < `2022-01-01` < `2022-01-01T10:00Z`.
//! A range sorts by its start. An open-start range (`../2013-05`) has no
//! earliest day, so it sorts at the first day of its end, with the end's
//! precision: it then sits where readers look for the end date, next to
//! other events of that month, instead of at the beginning of time. The
//! caller breaks remaining ties (by slug).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The general hint shown with most parse errors.
const HINT: &str = "write the date as YYYY, YYYY-MM or YYYY-MM-DD; ranges as START/END";
const TIME_HINT: &str =
    "write a time as YYYY-MM-DDThh:mm or YYYY-MM-DDThh:mm:ss followed by Z or +hh:mm, e.g. 2022-09-07T10:30+02:00";
const RANGE_HINT: &str =
    "write a range as START/END, e.g. 2022-07-15/2022-07-17; open ends as 2016/.. or ../2013-05";

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

/// How precisely a date is known. Ordered coarse first:
/// `Year < Month < Day < Time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
    Time,
}

/// EDTF qualifiers of one date: `~` approximate, `?` uncertain, `%` both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Qualifiers {
    pub approximate: bool,
    pub uncertain: bool,
}

impl Qualifiers {
    /// No qualifier.
    pub const NONE: Qualifiers = Qualifiers {
        approximate: false,
        uncertain: false,
    };

    /// True when neither approximate nor uncertain.
    pub fn is_none(&self) -> bool {
        !self.approximate && !self.uncertain
    }

    /// The EDTF suffix: "", "~", "?" or "%".
    pub fn edtf_suffix(&self) -> &'static str {
        match (self.approximate, self.uncertain) {
            (false, false) => "",
            (true, false) => "~",
            (false, true) => "?",
            (true, true) => "%",
        }
    }
}

/// One date: a year, optionally refined by month, day and time.
///
/// `month`, `day` and `time` refine in that order: a `day` without a
/// `month`, or a `time` without a `day`, is ignored. Values that came out of
/// the parser are always valid; hand-built invalid values never panic, they
/// are clamped to the nearest real date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DatePoint {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
    /// Local time of day and the UTC offset it was written with.
    pub time: Option<(NaiveTime, FixedOffset)>,
    pub qualifiers: Qualifiers,
}

/// An event's date: one point, or a range with at most one open side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventDate {
    Point(DatePoint),
    /// `None` is an open side (`..`). Parsed ranges have at least one side.
    Range {
        start: Option<DatePoint>,
        end: Option<DatePoint>,
    },
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateError {
    /// What is wrong, e.g. "2022-02-30 is not a date: February 2022 has 28 days".
    pub message: String,
    /// How to write it instead.
    pub hint: String,
    /// 0-based character offset into the input where the problem is (best effort).
    pub column: usize,
}

impl DateError {
    fn new(message: impl Into<String>, hint: impl Into<String>, column: usize) -> Self {
        DateError {
            message: message.into(),
            hint: hint.into(),
            column,
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (hint: {})", self.message, self.hint)
    }
}

impl std::error::Error for DateError {}

// ---------------------------------------------------------------------------
// Calendar helpers (never panic)
// ---------------------------------------------------------------------------

fn days_in_month(year: i32, month: u32) -> u32 {
    let month = month.clamp(1, 12);
    let (next_year, next_month) = if month == 12 {
        (year.saturating_add(1), 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)
        .and_then(|d| d.pred_opt())
        .map_or(31, |d| d.day())
}

/// A real date as close as possible to (year, month, day).
fn ymd_clamped(year: i32, month: u32, day: u32) -> NaiveDate {
    let month = month.clamp(1, 12);
    let day = day.clamp(1, days_in_month(year, month));
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(if year < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

fn month_name_en(month: u32) -> &'static str {
    match month {
        1..=12 => MONTHS_EN[(month - 1) as usize],
        _ => "?",
    }
}

fn offset_text(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    if secs == 0 {
        return "Z".to_string();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
}

// ---------------------------------------------------------------------------
// DatePoint
// ---------------------------------------------------------------------------

impl DatePoint {
    /// A point with only a year.
    pub fn from_year(year: i32) -> Self {
        DatePoint {
            year,
            month: None,
            day: None,
            time: None,
            qualifiers: Qualifiers::NONE,
        }
    }

    /// How precisely this point is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day, self.time) {
            (None, _, _) => Precision::Year,
            (Some(_), None, _) => Precision::Month,
            (Some(_), Some(_), None) => Precision::Day,
            (Some(_), Some(_), Some(_)) => Precision::Time,
        }
    }

    /// The first calendar day this point can mean (its local date for a time).
    pub fn first_day(&self) -> NaiveDate {
        match self.precision() {
            Precision::Year => ymd_clamped(self.year, 1, 1),
            Precision::Month => ymd_clamped(self.year, self.month.unwrap_or(1), 1),
            Precision::Day | Precision::Time => {
                ymd_clamped(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            }
        }
    }

    /// The last calendar day this point can mean: the last day of its month
    /// or year, or the day itself.
    pub fn last_day(&self) -> NaiveDate {
        match self.precision() {
            Precision::Year => ymd_clamped(self.year, 12, 31),
            Precision::Month => ymd_clamped(self.year, self.month.unwrap_or(12), 31),
            Precision::Day | Precision::Time => self.first_day(),
        }
    }

    /// The local time and offset, when the precision is [`Precision::Time`].
    pub fn time_of_day(&self) -> Option<(NaiveTime, FixedOffset)> {
        match self.precision() {
            Precision::Time => self.time,
            _ => None,
        }
    }

    /// The UTC instant of a time-bearing point, as "YYYY-MM-DDThh:mm:ss"
    /// (naive, in UTC). `None` without a time.
    fn utc_datetime(&self) -> Option<chrono::NaiveDateTime> {
        let (time, offset) = self.time_of_day()?;
        let local = self.first_day().and_time(time);
        let shift = TimeDelta::try_seconds(i64::from(offset.local_minus_utc()))?;
        local.checked_sub_signed(shift)
    }

    /// Canonical EDTF text of this point; round-trips through parsing.
    pub fn to_edtf(&self) -> String {
        let mut out = format!("{:04}", self.year);
        let precision = self.precision();
        if precision >= Precision::Month {
            out.push_str(&format!("-{:02}", self.month.unwrap_or(1)));
        }
        if precision >= Precision::Day {
            out.push_str(&format!("-{:02}", self.day.unwrap_or(1)));
        }
        if let Some((time, offset)) = self.time_of_day() {
            out.push_str(&format!(
                "T{:02}:{:02}:{:02}{}",
                time.hour(),
                time.minute(),
                time.second(),
                offset_text(offset)
            ));
        }
        out.push_str(self.qualifiers.edtf_suffix());
        out
    }
}

impl fmt::Display for DatePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_edtf())
    }
}

// ---------------------------------------------------------------------------
// EventDate
// ---------------------------------------------------------------------------

impl EventDate {
    /// Reads an event date; see the module documentation for the syntax.
    pub fn parse(s: &str) -> Result<EventDate, DateError> {
        let (text, base) = prepare(s)?;
        let slashes: Vec<usize> = text.match_indices('/').map(|(i, _)| i).collect();
        match slashes.as_slice() {
            [] => {
                if text == ".." {
                    return Err(DateError::new(
                        "'..' marks an open side of a range and needs a date on the other side",
                        RANGE_HINT,
                        base,
                    ));
                }
                parse_point(text, base).map(EventDate::Point)
            }
            [slash] => parse_range(text, base, *slash),
            [_, second, ..] => Err(DateError::new(
                "a range has exactly one '/' between its start and its end",
                format!("{RANGE_HINT}; write the parts of a date with '-', e.g. 2022-07-15"),
                base + second,
            )),
        }
    }

    /// The point that places this date: the start, or the end when the
    /// start is open.
    fn anchor(&self) -> Option<&DatePoint> {
        match self {
            EventDate::Point(p) => Some(p),
            EventDate::Range {
                start: Some(start), ..
            } => Some(start),
            EventDate::Range { start: None, end } => end.as_ref(),
        }
    }

    /// The start point (`None` for an open start).
    pub fn start(&self) -> Option<&DatePoint> {
        match self {
            EventDate::Point(p) => Some(p),
            EventDate::Range { start, .. } => start.as_ref(),
        }
    }

    /// The end point (the point itself for a single date, `None` for an open end).
    pub fn end(&self) -> Option<&DatePoint> {
        match self {
            EventDate::Point(p) => Some(p),
            EventDate::Range { end, .. } => end.as_ref(),
        }
    }

    /// The earliest day the event can be on. For an open start (`../2013-05`)
    /// this is the first day of the end, see the module documentation.
    pub fn earliest_day(&self) -> NaiveDate {
        self.anchor().map_or(NaiveDate::MIN, DatePoint::first_day)
    }

    /// The latest day the event can be on; `None` for an open end.
    pub fn latest_day(&self) -> Option<NaiveDate> {
        self.end().map(DatePoint::last_day)
    }

    /// The precision of the start, or of the end when the start is open.
    pub fn precision(&self) -> Precision {
        self.anchor().map_or(Precision::Year, DatePoint::precision)
    }

    /// (earliest day, precision): sorts coarser dates before finer ones on
    /// the same day. Callers add the slug as the last tiebreak.
    pub fn sort_key(&self) -> (NaiveDate, Precision) {
        (self.earliest_day(), self.precision())
    }

    /// The year to group under: the start year, or the end year for an open start.
    pub fn year(&self) -> i32 {
        self.anchor().map_or(self.earliest_day().year(), |p| p.year)
    }

    /// The month to group under (same point as [`EventDate::year`]); `None`
    /// when only the year is known.
    pub fn month(&self) -> Option<u32> {
        self.anchor().and_then(|p| p.month)
    }

    /// True for a range with an open end (`2016/..`).
    pub fn is_ongoing(&self) -> bool {
        matches!(self, EventDate::Range { end: None, .. })
    }

    /// The instant it starts, in UTC: the earliest day at 00:00, or, when that point
    /// has a time, the real instant converted to UTC.
    pub fn start_instant(&self) -> NaiveDateTime {
        self.anchor()
            .and_then(DatePoint::utc_datetime)
            .unwrap_or_else(|| self.earliest_day().and_time(NaiveTime::MIN))
    }

    /// Canonical EDTF text; parsing it gives back an equal value.
    pub fn to_edtf(&self) -> String {
        match self {
            EventDate::Point(p) => p.to_edtf(),
            EventDate::Range { start, end } => {
                let side =
                    |p: &Option<DatePoint>| p.map_or_else(|| "..".to_string(), |p| p.to_edtf());
                format!("{}/{}", side(start), side(end))
            }
        }
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_edtf())
    }
}

impl FromStr for EventDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventDate::parse(s)
    }
}

impl FromStr for DatePoint {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_published(s)
    }
}

/// Reads a single date for the `published` / `updated` fields: any point
/// form (year to time, qualifiers allowed), but no range.
pub fn parse_published(s: &str) -> Result<DatePoint, DateError> {
    let (text, base) = prepare(s)?;
    if let Some(slash) = text.find('/') {
        return Err(DateError::new(
            "a published or updated date is a single date, not a range",
            "write one date as YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm+hh:mm",
            base + slash,
        ));
    }
    parse_point(text, base)
}

// ---------------------------------------------------------------------------
// Serde: both serialize as canonical EDTF text. Deserializing accepts text,
// and integers too (YAML reads `date: 2014` as a number).
// ---------------------------------------------------------------------------

impl Serialize for EventDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_edtf())
    }
}

impl Serialize for DatePoint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_edtf())
    }
}

struct DateVisitor<T>(fn(&str) -> Result<T, DateError>);

impl<T> Visitor<'_> for DateVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date such as 2014, 2022-07, 2022-09-07 or 2013-05/2016-09")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        self.visit_str(&v.to_string())
    }
}

impl<'de> Deserialize<'de> for EventDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor(EventDate::parse))
    }
}

impl<'de> Deserialize<'de> for DatePoint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor(parse_published))
    }
}

mod parse;

use parse::{parse_point, parse_range, prepare};

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
