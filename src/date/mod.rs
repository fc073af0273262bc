//! An event's date with its precision: the whole of EDTF level 1 (the Library of
//! Congress's Extended Date/Time Format, ISO 8601-2 Annex A), and times of day.
//!
//! # Accepted text
//!
//! | form                         | example                                    |
//! |------------------------------|--------------------------------------------|
//! | year                         | `2014`, `0044`, `0000` (1 BCE), `-0499` (500 BCE) |
//! | year beyond four digits      | `Y170000002`, `Y-170000002`                |
//! | decade, century (`X` digits) | `201X` (2010–2019), `19XX` (1900–1999)     |
//! | season                       | `2022-21` spring, `-22` summer, `-23` autumn, `-24` winter |
//! | month                        | `2022-07`                                  |
//! | unspecified month or day     | `2004-XX`, `2004-07-XX`, `1985-XX-XX`      |
//! | day                          | `2022-09-07`                               |
//! | day with time                | `2022-09-07T10:30:00+02:00`, `…T10:30Z`    |
//! | range                        | `2022-07-15/2022-07-17`, `2013-05/2016-09` |
//! | open end (ongoing), start    | `2016/..`, `../2013-05`                    |
//! | unknown end, start           | `2022/`, `/2022`                           |
//! | approximate, uncertain, both | `2022-07~`, `2022?`, `2022%`               |
//!
//! Years are astronomical: `0000` is 1 BCE and `-0499` 500 BCE. A four-digit year
//! needs all four digits (`0044`); a longer one the `Y` prefix, and then stands alone.
//! `X` replaces digits from the right only: one or two of the year's (a year-only
//! date of year 0 or later), the month, the day, or both. Seasons (21–24) are the
//! northern meteorological ones: spring March–May, summer June–August, autumn
//! September–November, winter December to the February after. A time needs a UTC
//! offset (`Z` or `±hh:mm`); seconds are optional. A qualifier closes a whole date
//! (`2004-06-11%`), so in a range each side has its own (`2013~/2016`). Surrounding
//! whitespace, and whitespace around the `/`, is ignored. Everything else, including
//! EDTF level 2 (`2004?-06`, `Y17E7`, `1950S2`, `[1667,1668]`, seasons 25–41) is an
//! error whose hint names the nearest form that is accepted.
//!
//! # Calendar dates, not instants
//!
//! A day is a calendar date: no time zone can move it. A value with a time
//! keeps the calendar date it was written with, so `2022-09-07T23:30:00-05:00`
//! is on 7 September for display, grouping and sorting; only
//! [`EventDate::start_instant`] converts it to UTC.
//!
//! # Bounds and ordering
//!
//! Every point has a first and a last [`Day`] ([`DatePoint::first_day`],
//! [`DatePoint::last_day`]): `201X` is 2010-01-01 to 2019-12-31, `2022-24`
//! 2022-12-01 to 2023-02-28, `-0499` the year 500 BCE. [`Day`] holds any year, so
//! `Y170000002` has bounds too. A range's earliest day is its start's first, its
//! latest its end's last; an open or unknown side has none.
//!
//! [`EventDate::sort_key`] is (earliest possible day, precision), coarser
//! precision first, so `20XX` < `200X` < `2000` < `2000-01` < `2000-01-01` <
//! `2000-01-01T10:00Z`, and spring (`2022-21`) comes before March 2022. A range
//! sorts by its start. A range whose start is open or unknown (`../2013-05`,
//! `/2013-05`) sorts at the first day of its end, with the end's precision: it then
//! sits where readers look for the end date instead of at the beginning of time.
//! `2004-XX` is known to the year, `2004-07-XX` to the month: they sort with
//! `2004` and `2004-07`. The caller breaks remaining ties (by slug).

use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, NaiveTime};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The general hint shown with most parse errors.
const HINT: &str = "write the date as YYYY, YYYY-MM or YYYY-MM-DD; ranges as START/END";
const TIME_HINT: &str =
    "write a time as YYYY-MM-DDThh:mm or YYYY-MM-DDThh:mm:ss followed by Z or +hh:mm, e.g. 2022-09-07T10:30+02:00";
const RANGE_HINT: &str =
    "write a range as START/END, e.g. 2022-07-15/2022-07-17; open ends as 2016/.. or ../2013-05";

/// The English month names (error hints here, and the English display of dates).
pub(crate) const MONTHS_EN: [&str; 12] = [
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
/// `Century < Decade < Year < Season < Month < Day < Time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// `19XX`: a hundred years.
    Century,
    /// `201X`: ten years.
    Decade,
    Year,
    /// `2022-21`: three months.
    Season,
    Month,
    Day,
    Time,
}

impl Precision {
    /// "century", "decade", "year", "season", "month", "day" or "time".
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Century => "century",
            Precision::Decade => "decade",
            Precision::Year => "year",
            Precision::Season => "season",
            Precision::Month => "month",
            Precision::Day => "day",
            Precision::Time => "time",
        }
    }
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

/// Which digits of a point were written `X` (unspecified, EDTF level 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Unspecified {
    #[default]
    None,
    /// `201X`: the year's last digit; `year` holds the decade's first year.
    Decade,
    /// `19XX`: the year's last two digits; `year` holds the century's first year.
    Century,
    /// `2004-XX`: the month (and so the day).
    Month,
    /// `2004-07-XX`: the day.
    Day,
    /// `1985-XX-XX`: month and day of a date known to the day.
    MonthAndDay,
}

/// The first season code (spring); 22 summer, 23 autumn, 24 winter.
pub const SPRING: u32 = 21;
/// The last season code (winter).
pub const WINTER: u32 = 24;

/// One date: a year, optionally refined by month (or season), day and time.
///
/// `month`, `day` and `time` refine in that order: a `day` without a
/// `month`, or a `time` without a `day`, is ignored; so is a `day` of a season.
/// Values that came out of the parser are always valid; hand-built invalid values
/// never panic, they are clamped to the nearest real date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DatePoint {
    /// Astronomical: `0` is 1 BCE, `-499` is 500 BCE.
    pub year: i64,
    /// 1–12, or a season 21–24.
    pub month: Option<u32>,
    pub day: Option<u32>,
    /// Local time of day and the UTC offset it was written with.
    pub time: Option<(NaiveTime, FixedOffset)>,
    pub qualifiers: Qualifiers,
    pub unspecified: Unspecified,
}

/// One side of a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RangeSide {
    Date(DatePoint),
    /// `..`: open, without limit (`2016/..` is ongoing).
    Open,
    /// Empty: there is a limit, but it is not known (`2022/`, `/2022`).
    Unknown,
}

impl RangeSide {
    /// The date of this side, if it has one.
    pub fn date(&self) -> Option<&DatePoint> {
        match self {
            RangeSide::Date(p) => Some(p),
            RangeSide::Open | RangeSide::Unknown => None,
        }
    }

    fn to_edtf(self) -> String {
        match self {
            RangeSide::Date(p) => p.to_edtf(),
            RangeSide::Open => "..".to_string(),
            RangeSide::Unknown => String::new(),
        }
    }
}

/// An event's date: one point, or a range. Parsed ranges have a date on at least
/// one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventDate {
    Point(DatePoint),
    Range { start: RangeSide, end: RangeSide },
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

impl fmt::Display for DatePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_edtf())
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

mod day;
mod digits;
mod event;
mod parse;
mod parse_point;
mod parse_time;
mod parse_unspecified;
mod point;

pub use day::{days_in_month, is_leap, Day};
pub use event::parse_published;
pub use point::{edtf_year, season_months};

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests_edtf;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
