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

// ---------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------

/// Trims the input and checks it is non-empty ASCII. Returns the trimmed
/// text and the character column where it starts in `s`.
fn prepare(s: &str) -> Result<(&str, usize), DateError> {
    let start_trimmed = s.trim_start();
    let lead = s.len() - start_trimmed.len();
    let base = s[..lead].chars().count();
    let text = start_trimmed.trim_end();
    if text.is_empty() {
        return Err(DateError::new("the date is empty", HINT, base));
    }
    if let Some((i, c)) = text.char_indices().find(|(_, c)| !c.is_ascii()) {
        let column = base + text[..i].chars().count();
        let hint = match c {
            '\u{2013}' | '\u{2014}' | '\u{2212}' => {
                "write a range with '/' between its start and end, e.g. 2013/2016".to_string()
            }
            '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => {
                "write the digits as 0-9; they are shown in Arabic-Indic digits if the site asks for it"
                    .to_string()
            }
            _ => HINT.to_string(),
        };
        return Err(DateError::new(
            format!("unexpected character '{c}' in '{text}'"),
            hint,
            column,
        ));
    }
    Ok((text, base))
}

/// Offset of the first byte that is not an ASCII digit.
fn first_non_digit(s: &str) -> Option<usize> {
    s.bytes().position(|b| !b.is_ascii_digit())
}

/// Parses an all-digit string (at most a few digits, checked by callers).
fn digits_value(s: &str) -> u32 {
    s.bytes().fold(0u32, |acc, b| {
        acc.saturating_mul(10).saturating_add(u32::from(b - b'0'))
    })
}

/// "unexpected 'c' in 'whole'", `c` being the char at `rel` in `piece`.
fn unexpected(piece: &str, rel: usize, whole: &str, column: usize, hint: &str) -> DateError {
    let c = piece[rel..].chars().next().unwrap_or(' ');
    DateError::new(format!("unexpected '{c}' in '{whole}'"), hint, column)
}

fn parse_range(text: &str, base: usize, slash: usize) -> Result<EventDate, DateError> {
    let left = &text[..slash];
    let right = &text[slash + 1..];

    let start = parse_side(text, left, base, base + slash, true)?;
    let end = parse_side(text, right, base + slash + 1, base + slash + 1, false)?;

    match (start, end) {
        (None, None) => Err(DateError::new(
            "a range needs a date on at least one side; '../..' has none",
            RANGE_HINT,
            base,
        )),
        (Some(s), Some(e)) => {
            let end_column = base + slash + 1 + (right.len() - right.trim_start().len());
            check_order(&s, &e, end_column)?;
            Ok(EventDate::Range {
                start: Some(s),
                end: Some(e),
            })
        }
        (start, end) => Ok(EventDate::Range { start, end }),
    }
}

/// One side of a range: `..` is open, empty is an error, else a point.
/// `column` is where `side` starts; `empty_column` where to point when empty.
fn parse_side(
    whole: &str,
    side: &str,
    column: usize,
    empty_column: usize,
    is_start: bool,
) -> Result<Option<DatePoint>, DateError> {
    let lead = side.len() - side.trim_start().len();
    let trimmed = side.trim();
    if trimmed.is_empty() {
        let other = if is_start {
            whole.split('/').nth(1).unwrap_or("").trim()
        } else {
            whole.split('/').next().unwrap_or("").trim()
        };
        let (message, hint) = if is_start {
            (
                "the start of the range is missing",
                format!("write an open start as ../{other}"),
            )
        } else {
            (
                "the end of the range is missing",
                format!("write an ongoing range as {other}/.."),
            )
        };
        return Err(DateError::new(message, hint, empty_column));
    }
    if trimmed == ".." {
        return Ok(None);
    }
    parse_point(trimmed, column + lead).map(Some)
}

fn check_order(start: &DatePoint, end: &DatePoint, end_column: usize) -> Result<(), DateError> {
    if end.last_day() < start.first_day() {
        return Err(DateError::new(
            format!(
                "the range ends ({}) before it starts ({})",
                end.to_edtf(),
                start.to_edtf()
            ),
            "put the earlier date first: START/END",
            end_column,
        ));
    }
    if let (Some(s), Some(e)) = (start.utc_datetime(), end.utc_datetime()) {
        if e < s {
            return Err(DateError::new(
                format!(
                    "the range ends ({}) before it starts ({}) once the UTC offsets are applied",
                    end.to_edtf(),
                    start.to_edtf()
                ),
                "put the earlier time first: START/END",
                end_column,
            ));
        }
    }
    Ok(())
}

/// Parses one point (no '/'), `text` being trimmed ASCII starting at char column `base`.
fn parse_point(text: &str, base: usize) -> Result<DatePoint, DateError> {
    if text.is_empty() {
        return Err(DateError::new("a date is missing", HINT, base));
    }
    // Qualifier suffix.
    let (body, qualifiers) = match text.as_bytes()[text.len() - 1] {
        b'~' => (
            &text[..text.len() - 1],
            Qualifiers {
                approximate: true,
                uncertain: false,
            },
        ),
        b'?' => (
            &text[..text.len() - 1],
            Qualifiers {
                approximate: false,
                uncertain: true,
            },
        ),
        b'%' => (
            &text[..text.len() - 1],
            Qualifiers {
                approximate: true,
                uncertain: true,
            },
        ),
        _ => (text, Qualifiers::NONE),
    };
    if body.is_empty() {
        return Err(DateError::new(
            format!("the qualifier '{text}' needs a date before it"),
            "write e.g. 2022~ (approximate), 2022? (uncertain) or 2022% (both)",
            base,
        ));
    }
    if matches!(body.as_bytes()[body.len() - 1], b'~' | b'?' | b'%') {
        return Err(DateError::new(
            format!("'{text}' has more than one qualifier"),
            "use one qualifier: ~ approximate, ? uncertain, % both",
            base + body.len() - 1,
        ));
    }

    let (date_part, time_part) = match body.find('T') {
        Some(t) => (&body[..t], Some(t)),
        None => (body, None),
    };

    // Split the date into '-' separated fields with their offsets.
    let mut fields: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    for piece in date_part.split('-') {
        fields.push((offset, piece));
        offset += piece.len() + 1;
    }
    if fields.len() > 3 {
        let (at, _) = fields[3];
        return Err(DateError::new(
            format!("'{text}' has too many parts; a date has at most year, month and day"),
            HINT,
            base + at - 1,
        ));
    }

    // Year.
    let (_, year_text) = fields[0];
    if year_text.is_empty() {
        let hint = if date_part.starts_with('-') {
            "years before 1000 are not supported; write years as YYYY between 1000 and 9999"
        } else {
            HINT
        };
        return Err(DateError::new(
            format!("'{text}' has no year; a date starts with a 4-digit year"),
            hint,
            base,
        ));
    }
    if let Some(i) = first_non_digit(year_text) {
        return Err(unexpected(year_text, i, text, base + i, HINT));
    }
    if year_text.len() != 4 {
        let hint = if year_text.len() == 8 && fields.len() == 1 {
            format!(
                "write the parts of a date with '-': {}-{}-{}",
                &year_text[..4],
                &year_text[4..6],
                &year_text[6..]
            )
        } else {
            "write years as YYYY, from 1000 to 9999".to_string()
        };
        return Err(DateError::new(
            format!("the year must have 4 digits, found '{year_text}'"),
            hint,
            base,
        ));
    }
    let year_value = digits_value(year_text);
    if year_value < 1000 {
        return Err(DateError::new(
            format!("year {year_text} is out of range: years run from 1000 to 9999"),
            "write years as YYYY, from 1000 to 9999",
            base,
        ));
    }
    // 1000..=9999 always fits.
    let year = i32::try_from(year_value).unwrap_or(9999);

    // Month.
    let month = match fields.get(1) {
        None => None,
        Some(&(at, month_text)) => Some(parse_month(text, year_text, month_text, base + at)?),
    };

    // Day.
    let day = match (month, fields.get(2)) {
        (Some(m), Some(&(at, day_text))) => Some(parse_day(text, year, m, day_text, base + at)?),
        _ => None,
    };

    // Time.
    let time = match time_part {
        None => None,
        Some(t) => {
            if day.is_none() {
                return Err(DateError::new(
                    format!("'{text}' has a time but no full date"),
                    TIME_HINT,
                    base + t,
                ));
            }
            Some(parse_time(text, &body[t + 1..], base + t + 1)?)
        }
    };

    Ok(DatePoint {
        year,
        month,
        day,
        time,
        qualifiers,
    })
}

fn parse_month(
    text: &str,
    year_text: &str,
    month_text: &str,
    column: usize,
) -> Result<u32, DateError> {
    if month_text.is_empty() {
        return Err(DateError::new(
            format!("'{text}' has a '-' but no month after it"),
            HINT,
            column,
        ));
    }
    if let Some(i) = first_non_digit(month_text) {
        return Err(unexpected(month_text, i, text, column + i, HINT));
    }
    if month_text.len() != 2 {
        let hint = if month_text.len() == 1 {
            format!("write the month with 2 digits: {year_text}-0{month_text}")
        } else {
            HINT.to_string()
        };
        return Err(DateError::new(
            format!("the month must have 2 digits, found '{month_text}'"),
            hint,
            column,
        ));
    }
    let month = digits_value(month_text);
    if !(1..=12).contains(&month) {
        return Err(DateError::new(
            format!("month {month_text} does not exist: months run from 01 to 12"),
            HINT,
            column,
        ));
    }
    Ok(month)
}

fn parse_day(
    text: &str,
    year: i32,
    month: u32,
    day_text: &str,
    column: usize,
) -> Result<u32, DateError> {
    if day_text.is_empty() {
        return Err(DateError::new(
            format!("'{text}' has a '-' but no day after it"),
            HINT,
            column,
        ));
    }
    if let Some(i) = first_non_digit(day_text) {
        return Err(unexpected(day_text, i, text, column + i, HINT));
    }
    if day_text.len() != 2 {
        let hint = if day_text.len() == 1 {
            format!("write the day with 2 digits: {year:04}-{month:02}-0{day_text}")
        } else {
            HINT.to_string()
        };
        return Err(DateError::new(
            format!("the day must have 2 digits, found '{day_text}'"),
            hint,
            column,
        ));
    }
    let day = digits_value(day_text);
    let last = days_in_month(year, month);
    if day == 0 {
        return Err(DateError::new(
            format!("{year:04}-{month:02}-00 is not a date: days run from 01"),
            HINT,
            column,
        ));
    }
    if day > last {
        return Err(DateError::new(
            format!(
                "{year:04}-{month:02}-{day_text} is not a date: {} {year} has {last} days",
                month_name_en(month)
            ),
            HINT,
            column,
        ));
    }
    Ok(day)
}

/// Parses `hh:mm[:ss](Z|±hh:mm)`; `tp` starts at char column `column`.
fn parse_time(text: &str, tp: &str, column: usize) -> Result<(NaiveTime, FixedOffset), DateError> {
    if tp.is_empty() {
        return Err(DateError::new(
            format!("'{text}' has a 'T' but no time after it"),
            TIME_HINT,
            column,
        ));
    }
    let Some(zone_at) = tp.find(['Z', '+', '-']) else {
        return Err(DateError::new(
            format!("the time in '{text}' has no UTC offset"),
            "add Z (UTC) or the offset, e.g. 2022-09-07T10:30Z or 2022-09-07T10:30+02:00",
            column + tp.len(),
        ));
    };
    let clock = &tp[..zone_at];
    let zone = &tp[zone_at..];

    // Clock: hh:mm or hh:mm:ss.
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return Err(DateError::new(
            format!("'{clock}' is not a time of day"),
            TIME_HINT,
            column,
        ));
    }
    let mut values = [0u32; 3];
    let mut at = 0;
    for (i, part) in parts.iter().enumerate() {
        if let Some(j) = first_non_digit(part) {
            return Err(unexpected(part, j, text, column + at + j, TIME_HINT));
        }
        if part.len() != 2 {
            return Err(DateError::new(
                format!("'{clock}' is not a time of day: hours, minutes and seconds have 2 digits"),
                TIME_HINT,
                column + at,
            ));
        }
        values[i] = digits_value(part);
        at += part.len() + 1;
    }
    let [hour, minute, second] = values;
    let limits = [
        (hour, 23, "hour"),
        (minute, 59, "minute"),
        (second, 59, "second"),
    ];
    for (i, (value, max, name)) in limits.iter().enumerate() {
        if value > max {
            return Err(DateError::new(
                format!(
                    "{name} {value:02} does not exist in '{clock}': {name}s run from 00 to {max}"
                ),
                TIME_HINT,
                column + 3 * i,
            ));
        }
    }
    let time = NaiveTime::from_hms_opt(hour, minute, second).ok_or_else(|| {
        DateError::new(format!("'{clock}' is not a time of day"), TIME_HINT, column)
    })?;

    // Offset: Z or ±hh:mm.
    let zone_column = column + zone_at;
    let offset_hint = "write the UTC offset as Z or ±hh:mm, e.g. +02:00 or -05:00";
    let offset = if zone == "Z" {
        FixedOffset::east_opt(0)
    } else {
        let bytes = zone.as_bytes();
        let well_formed = bytes.len() == 6
            && (bytes[0] == b'+' || bytes[0] == b'-')
            && bytes[1].is_ascii_digit()
            && bytes[2].is_ascii_digit()
            && bytes[3] == b':'
            && bytes[4].is_ascii_digit()
            && bytes[5].is_ascii_digit();
        if !well_formed {
            return Err(DateError::new(
                format!("'{zone}' is not a UTC offset"),
                offset_hint,
                zone_column,
            ));
        }
        let hours = digits_value(&zone[1..3]);
        let minutes = digits_value(&zone[4..6]);
        if hours > 23 || minutes > 59 {
            return Err(DateError::new(
                format!("'{zone}' is not a UTC offset: hours run to 23, minutes to 59"),
                offset_hint,
                zone_column,
            ));
        }
        // At most 23*3600+59*60, fits in i32.
        let secs = i32::try_from(hours * 3600 + minutes * 60).unwrap_or(0);
        if bytes[0] == b'-' {
            FixedOffset::west_opt(secs)
        } else {
            FixedOffset::east_opt(secs)
        }
    };
    let offset = offset.ok_or_else(|| {
        DateError::new(
            format!("'{zone}' is not a UTC offset"),
            offset_hint,
            zone_column,
        )
    })?;
    Ok((time, offset))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    impl EventDate {
        /// [`EventDate::start_instant`] as an RFC 3339 instant (feeds print it this way).
        fn to_rfc3339_start(self) -> String {
            self.start_instant()
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        }
    }

    fn p(s: &str) -> EventDate {
        EventDate::parse(s).unwrap()
    }

    fn err(s: &str) -> DateError {
        EventDate::parse(s).unwrap_err()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn point(s: &str) -> DatePoint {
        match p(s) {
            EventDate::Point(pt) => pt,
            other => panic!("not a point: {other:?}"),
        }
    }

    fn off(secs: i32) -> FixedOffset {
        FixedOffset::east_opt(secs).unwrap()
    }

    fn hm(h: u32, m: u32, s: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, s).unwrap()
    }

    // ----- accepted forms -------------------------------------------------

    #[test]
    fn year() {
        assert_eq!(p("2014"), EventDate::Point(DatePoint::from_year(2014)));
        assert_eq!(p("2014").precision(), Precision::Year);
    }

    #[test]
    fn year_bounds() {
        assert_eq!(point("1000").year, 1000);
        assert_eq!(point("9999").year, 9999);
    }

    #[test]
    fn month() {
        let pt = point("2022-07");
        assert_eq!((pt.year, pt.month, pt.day), (2022, Some(7), None));
        assert_eq!(pt.precision(), Precision::Month);
    }

    #[test]
    fn day() {
        let pt = point("2022-09-07");
        assert_eq!(
            (pt.year, pt.month, pt.day, pt.time),
            (2022, Some(9), Some(7), None)
        );
        assert_eq!(pt.precision(), Precision::Day);
    }

    #[test]
    fn time_with_offset() {
        let pt = point("2022-09-07T10:30:00+02:00");
        assert_eq!(pt.time, Some((hm(10, 30, 0), off(7200))));
        assert_eq!(pt.precision(), Precision::Time);
        assert_eq!(pt.day, Some(7));
    }

    #[test]
    fn time_z() {
        assert_eq!(
            point("2022-09-07T10:30:15Z").time,
            Some((hm(10, 30, 15), off(0)))
        );
    }

    #[test]
    fn time_without_seconds() {
        assert_eq!(
            point("2022-09-07T10:30+02:00").time,
            Some((hm(10, 30, 0), off(7200)))
        );
        assert_eq!(
            point("2022-09-07T10:30Z").time,
            Some((hm(10, 30, 0), off(0)))
        );
    }

    #[test]
    fn time_negative_and_half_hour_offsets() {
        assert_eq!(
            point("2022-09-07T10:30-05:00").time,
            Some((hm(10, 30, 0), off(-5 * 3600)))
        );
        assert_eq!(
            point("2022-09-07T10:30+05:30").time,
            Some((hm(10, 30, 0), off(5 * 3600 + 1800)))
        );
        assert_eq!(
            point("2022-09-07T00:00-00:00").time,
            Some((hm(0, 0, 0), off(0)))
        );
    }

    #[test]
    fn time_extremes() {
        assert_eq!(
            point("2022-09-07T23:59:59+23:59").time.unwrap().0,
            hm(23, 59, 59)
        );
        assert_eq!(point("2022-09-07T00:00:00Z").time.unwrap().0, hm(0, 0, 0));
    }

    #[test]
    fn whitespace_trimmed() {
        assert_eq!(p("  2022-07 \n"), p("2022-07"));
        assert_eq!(p("\t2013-05/2016-09 "), p("2013-05/2016-09"));
    }

    #[test]
    fn whitespace_around_slash() {
        assert_eq!(p("2013-05 / 2016-09"), p("2013-05/2016-09"));
        assert_eq!(p("2016 / .."), p("2016/.."));
    }

    #[test]
    fn range_days() {
        let r = p("2022-07-15/2022-07-17");
        let EventDate::Range {
            start: Some(s),
            end: Some(e),
        } = r
        else {
            panic!("not a closed range")
        };
        assert_eq!(s.first_day(), d(2022, 7, 15));
        assert_eq!(e.first_day(), d(2022, 7, 17));
    }

    #[test]
    fn range_across_precisions() {
        let r = p("2013-05/2016-09");
        assert_eq!(r.earliest_day(), d(2013, 5, 1));
        assert_eq!(r.latest_day(), Some(d(2016, 9, 30)));
        assert_eq!(r.precision(), Precision::Month);
        let r = p("2013/2016-09-02");
        assert_eq!(r.precision(), Precision::Year);
        assert_eq!(r.latest_day(), Some(d(2016, 9, 2)));
    }

    #[test]
    fn range_with_times() {
        let r = p("2022-09-07T10:00Z/2022-09-07T12:00Z");
        assert_eq!(r.precision(), Precision::Time);
        assert_eq!(r.latest_day(), Some(d(2022, 9, 7)));
    }

    #[test]
    fn open_end() {
        let r = p("2016/..");
        assert_eq!(
            r,
            EventDate::Range {
                start: Some(DatePoint::from_year(2016)),
                end: None
            }
        );
        assert!(r.is_ongoing());
        assert_eq!(r.latest_day(), None);
        assert_eq!(r.earliest_day(), d(2016, 1, 1));
    }

    #[test]
    fn open_start() {
        let r = p("../2013-05");
        assert!(matches!(
            r,
            EventDate::Range {
                start: None,
                end: Some(_)
            }
        ));
        assert!(!r.is_ongoing());
        assert_eq!(r.latest_day(), Some(d(2013, 5, 31)));
    }

    #[test]
    fn qualifier_approximate() {
        let q = point("2022-07~").qualifiers;
        assert!(q.approximate && !q.uncertain);
    }

    #[test]
    fn qualifier_uncertain() {
        let q = point("2022?").qualifiers;
        assert!(!q.approximate && q.uncertain);
    }

    #[test]
    fn qualifier_both() {
        let q = point("2022%").qualifiers;
        assert!(q.approximate && q.uncertain);
    }

    #[test]
    fn qualifier_on_day_and_time() {
        assert!(point("2022-07-15~").qualifiers.approximate);
        let pt = point("2022-07-15T10:00Z?");
        assert!(pt.qualifiers.uncertain);
        assert_eq!(pt.precision(), Precision::Time);
    }

    #[test]
    fn qualifiers_per_point_in_range() {
        let EventDate::Range {
            start: Some(s),
            end: Some(e),
        } = p("2013~/2016")
        else {
            panic!()
        };
        assert!(s.qualifiers.approximate);
        assert!(e.qualifiers.is_none());
        let EventDate::Range {
            start: Some(s),
            end: Some(e),
        } = p("2013/2016-05?")
        else {
            panic!()
        };
        assert!(s.qualifiers.is_none());
        assert!(e.qualifiers.uncertain);
        let EventDate::Range {
            start: Some(s),
            end: None,
        } = p("2013%/..")
        else {
            panic!()
        };
        assert!(s.qualifiers.approximate && s.qualifiers.uncertain);
    }

    #[test]
    fn no_qualifier_is_none() {
        assert!(point("2022").qualifiers.is_none());
        assert_eq!(Qualifiers::default(), Qualifiers::NONE);
    }

    #[test]
    fn same_start_and_end_allowed() {
        assert!(EventDate::parse("2022-07-15/2022-07-15").is_ok());
        assert!(EventDate::parse("2022/2022").is_ok());
    }

    #[test]
    fn end_inside_coarser_start_allowed() {
        assert!(EventDate::parse("2022-07/2022-07-15").is_ok());
        assert!(EventDate::parse("2022-07-15/2022-07").is_ok());
        assert!(EventDate::parse("2022/2022-01-01").is_ok());
        assert!(EventDate::parse("2022-12-31/2022").is_ok());
    }

    #[test]
    fn from_str_works() {
        let r: EventDate = "2022-07".parse().unwrap();
        assert_eq!(r, p("2022-07"));
        let pt: DatePoint = "2022-07".parse().unwrap();
        assert_eq!(pt, point("2022-07"));
    }

    // ----- errors ---------------------------------------------------------

    #[test]
    fn error_feb_30() {
        let e = err("2022-02-30");
        assert_eq!(
            e.message,
            "2022-02-30 is not a date: February 2022 has 28 days"
        );
        assert_eq!(e.hint, HINT);
        assert_eq!(e.column, 8);
    }

    #[test]
    fn leap_years() {
        assert!(EventDate::parse("2024-02-29").is_ok());
        assert!(EventDate::parse("2000-02-29").is_ok());
        assert_eq!(
            err("2023-02-29").message,
            "2023-02-29 is not a date: February 2023 has 28 days"
        );
        assert_eq!(
            err("1900-02-29").message,
            "1900-02-29 is not a date: February 1900 has 28 days"
        );
        assert_eq!(
            err("2024-02-30").message,
            "2024-02-30 is not a date: February 2024 has 29 days"
        );
    }

    #[test]
    fn error_day_31_in_30_day_month() {
        assert_eq!(
            err("2022-04-31").message,
            "2022-04-31 is not a date: April 2022 has 30 days"
        );
        assert!(EventDate::parse("2022-12-31").is_ok());
    }

    #[test]
    fn error_day_32() {
        assert_eq!(
            err("2022-01-32").message,
            "2022-01-32 is not a date: January 2022 has 31 days"
        );
    }

    #[test]
    fn error_month_13() {
        let e = err("2022-13");
        assert_eq!(
            e.message,
            "month 13 does not exist: months run from 01 to 12"
        );
        assert_eq!(e.column, 5);
        assert!(err("2022-13-01").message.contains("month 13"));
    }

    #[test]
    fn error_month_00() {
        assert_eq!(
            err("2022-00").message,
            "month 00 does not exist: months run from 01 to 12"
        );
    }

    #[test]
    fn error_day_00() {
        let e = err("2022-07-00");
        assert_eq!(e.message, "2022-07-00 is not a date: days run from 01");
        assert_eq!(e.column, 8);
    }

    #[test]
    fn error_month_one_digit() {
        let e = err("2022-7");
        assert_eq!(e.message, "the month must have 2 digits, found '7'");
        assert_eq!(e.hint, "write the month with 2 digits: 2022-07");
        assert_eq!(e.column, 5);
    }

    #[test]
    fn error_month_three_digits() {
        assert_eq!(
            err("2022-007").message,
            "the month must have 2 digits, found '007'"
        );
    }

    #[test]
    fn error_day_one_digit() {
        let e = err("2022-07-5");
        assert_eq!(e.message, "the day must have 2 digits, found '5'");
        assert_eq!(e.hint, "write the day with 2 digits: 2022-07-05");
        assert_eq!(e.column, 8);
    }

    #[test]
    fn error_year_digits() {
        let e = err("999");
        assert_eq!(e.message, "the year must have 4 digits, found '999'");
        assert_eq!(e.column, 0);
        assert!(err("12345").message.contains("4 digits"));
        assert!(err("22-07-15").message.contains("4 digits"));
    }

    #[test]
    fn error_year_out_of_range() {
        let e = err("0999");
        assert_eq!(
            e.message,
            "year 0999 is out of range: years run from 1000 to 9999"
        );
        assert!(err("0000").message.contains("out of range"));
    }

    #[test]
    fn error_negative_year() {
        let e = err("-0500");
        assert!(e.message.contains("no year"), "{}", e.message);
        assert!(e.hint.contains("1000"));
    }

    #[test]
    fn error_compact_date_suggests_dashes() {
        let e = err("20220715");
        assert_eq!(e.hint, "write the parts of a date with '-': 2022-07-15");
    }

    #[test]
    fn error_letters() {
        let e = err("July 2022");
        assert_eq!(e.message, "unexpected 'J' in 'July 2022'");
        assert_eq!(e.column, 0);
        let e = err("2022-Jul");
        assert_eq!(e.column, 5);
        let e = err("2022-07-1x");
        assert_eq!(e.column, 9);
    }

    #[test]
    fn error_lowercase_t() {
        let e = err("2022-09-07t10:30Z");
        assert_eq!(e.column, 10);
    }

    #[test]
    fn error_hour_25() {
        let e = err("2022-07-15T25:00:00Z");
        assert_eq!(
            e.message,
            "hour 25 does not exist in '25:00:00': hours run from 00 to 23"
        );
        assert_eq!(e.column, 11);
        assert_eq!(e.hint, TIME_HINT);
    }

    #[test]
    fn error_hour_24() {
        assert!(err("2022-07-15T24:00Z").message.starts_with("hour 24"));
    }

    #[test]
    fn error_minute_60() {
        let e = err("2022-07-15T10:60Z");
        assert!(e.message.starts_with("minute 60"), "{}", e.message);
        assert_eq!(e.column, 14);
    }

    #[test]
    fn error_second_60() {
        let e = err("2022-07-15T10:00:60Z");
        assert!(e.message.starts_with("second 60"), "{}", e.message);
        assert_eq!(e.column, 17);
    }

    #[test]
    fn error_time_without_offset() {
        let e = err("2022-07-15T10:30");
        assert_eq!(
            e.message,
            "the time in '2022-07-15T10:30' has no UTC offset"
        );
        assert_eq!(e.column, 16);
    }

    #[test]
    fn error_time_forms() {
        assert!(err("2022-07-15T10Z").message.contains("not a time of day"));
        assert!(err("2022-07-15T1:30Z").message.contains("2 digits"));
        assert!(err("2022-07-15T10:30:00:00Z")
            .message
            .contains("not a time of day"));
        let e = err("2022-07-15T10:30:00.5Z");
        assert!(e.message.starts_with("unexpected '.'"), "{}", e.message);
        assert_eq!(e.column, 19);
    }

    #[test]
    fn error_bad_offsets() {
        let e = err("2022-07-15T10:30+0200");
        assert_eq!(e.message, "'+0200' is not a UTC offset");
        assert_eq!(e.column, 16);
        assert!(err("2022-07-15T10:30+02")
            .message
            .contains("not a UTC offset"));
        assert!(err("2022-07-15T10:30+24:00")
            .message
            .contains("hours run to 23"));
        assert!(err("2022-07-15T10:30+02:60")
            .message
            .contains("not a UTC offset"));
        assert!(err("2022-07-15T10:30ZZ")
            .message
            .contains("not a UTC offset"));
    }

    #[test]
    fn error_time_without_full_date() {
        let e = err("2022-07T10:30Z");
        assert_eq!(e.message, "'2022-07T10:30Z' has a time but no full date");
        assert_eq!(e.column, 7);
        assert!(err("2022T10:30Z").message.contains("no full date"));
    }

    #[test]
    fn error_empty_time() {
        assert!(err("2022-07-15T").message.contains("no time after it"));
    }

    #[test]
    fn error_trailing_dash() {
        assert!(err("2022-").message.contains("no month"));
        assert!(err("2022-07-").message.contains("no day"));
        assert!(err("2022--07").message.contains("no month"));
    }

    #[test]
    fn error_too_many_parts() {
        let e = err("2022-07-15-01");
        assert!(e.message.contains("too many parts"));
        assert_eq!(e.column, 10);
    }

    #[test]
    fn error_empty() {
        let e = err("");
        assert_eq!(e.message, "the date is empty");
        assert_eq!(e.column, 0);
        assert_eq!(err("   ").message, "the date is empty");
    }

    #[test]
    fn error_two_slashes() {
        let e = err("2022/07/15");
        assert!(e.message.contains("exactly one '/'"));
        assert_eq!(e.column, 7);
    }

    #[test]
    fn error_empty_end() {
        let e = err("2016/");
        assert_eq!(e.message, "the end of the range is missing");
        assert_eq!(e.hint, "write an ongoing range as 2016/..");
        assert_eq!(e.column, 5);
    }

    #[test]
    fn error_empty_start() {
        let e = err("/2013-05");
        assert_eq!(e.message, "the start of the range is missing");
        assert_eq!(e.hint, "write an open start as ../2013-05");
        assert_eq!(e.column, 0);
    }

    #[test]
    fn error_both_open() {
        assert!(err("../..").message.contains("at least one side"));
        assert!(err("/").message.contains("missing"));
    }

    #[test]
    fn error_dots_alone() {
        assert!(err("..").message.contains("open side"));
    }

    #[test]
    fn error_end_before_start() {
        let e = err("2022-07-17/2022-07-15");
        assert_eq!(
            e.message,
            "the range ends (2022-07-15) before it starts (2022-07-17)"
        );
        assert_eq!(e.column, 11);
        assert!(EventDate::parse("2016/2013").is_err());
        assert!(EventDate::parse("2022-08/2022-07-31").is_err());
        assert!(EventDate::parse("2023-01-01/2022").is_err());
    }

    #[test]
    fn error_end_before_start_by_instant() {
        // Same calendar days would pass, but the instants are reversed.
        let e = err("2022-09-07T12:00Z/2022-09-07T10:00Z");
        assert!(e.message.contains("UTC offsets"), "{}", e.message);
        // 23:00-05:00 on the 7th is 04:00Z on the 8th, after 01:00Z on the 8th.
        assert!(EventDate::parse("2022-09-07T23:00-05:00/2022-09-08T01:00Z").is_err());
        assert!(EventDate::parse("2022-09-07T10:00Z/2022-09-07T10:00Z").is_ok());
        assert!(EventDate::parse("2022-09-07T10:00+02:00/2022-09-07T09:00Z").is_ok());
    }

    #[test]
    fn error_double_qualifier() {
        let e = err("2022~?");
        assert!(e.message.contains("more than one qualifier"));
        assert_eq!(e.column, 4);
    }

    #[test]
    fn error_qualifier_alone() {
        assert!(err("~").message.contains("needs a date"));
        assert!(err("2016/?").message.contains("needs a date"));
    }

    #[test]
    fn error_qualifier_in_middle() {
        let e = err("2022~-07");
        assert_eq!(e.column, 4);
    }

    #[test]
    fn error_en_dash_range() {
        let e = err("2013–2016");
        assert!(e.message.contains('–'));
        assert!(e.hint.contains("'/'"));
        assert_eq!(e.column, 4);
    }

    #[test]
    fn error_arabic_digits() {
        let e = err("٢٠٢٢");
        assert!(e.hint.contains("0-9"));
        assert_eq!(e.column, 0);
    }

    #[test]
    fn error_column_counts_chars_and_trimmed_space() {
        // Two leading spaces: the bad month is at char 7.
        assert_eq!(err("  2022-13").column, 7);
        // A non-breaking space is whitespace (trimmed) but 2 bytes.
        assert_eq!(err("\u{a0}2022-13").column, 6);
        // Errors in the end of a range point into the end.
        assert_eq!(err("2022-01/2022-13").column, 13);
        assert_eq!(err("2022-01 / 2022-13").column, 15);
    }

    #[test]
    fn error_display() {
        let e = err("2022-02-30");
        assert_eq!(
            e.to_string(),
            format!("2022-02-30 is not a date: February 2022 has 28 days (hint: {HINT})")
        );
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(!boxed.to_string().is_empty());
    }

    #[test]
    fn garbage_never_panics() {
        let inputs = [
            "",
            "/",
            "//",
            "..",
            "../",
            "/..",
            "~",
            "%",
            "?",
            "T",
            "-",
            "--",
            "2022-",
            "2022T",
            "2022-07-15T",
            "2022-07-15TZ",
            "2022-07-15T:Z",
            "2022-07-15T::Z",
            "2022-07-15T10:30+",
            "2022-07-15T10:30-",
            "2022-07-15T+02:00",
            "9999-12-31T23:59:59-23:59",
            "é",
            "2022é",
            "2022-07-15T10:30+02:00é",
            "💥/..",
            "../💥",
            "2022/2023/",
            "99999999999999999999",
            "2022-99999999999999999",
            "2022-07-9999999999",
            "2022-07-15T99999999999:00Z",
            "..~",
            "~/..",
            "2022-07-15T10:30Z/..",
            "../2022-07-15T10:30Z",
        ];
        for input in inputs {
            let _ = EventDate::parse(input);
            let _ = parse_published(input);
        }
    }

    // ----- published ------------------------------------------------------

    #[test]
    fn published_point_forms() {
        assert_eq!(parse_published("2022").unwrap(), DatePoint::from_year(2022));
        assert_eq!(
            parse_published(" 2022-09-07 ").unwrap(),
            point("2022-09-07")
        );
        assert_eq!(
            parse_published("2022-09-07T10:30+02:00")
                .unwrap()
                .precision(),
            Precision::Time
        );
        assert!(parse_published("2022-09~").unwrap().qualifiers.approximate);
    }

    #[test]
    fn published_rejects_ranges() {
        let e = parse_published("2022/2023").unwrap_err();
        assert!(e.message.contains("not a range"));
        assert_eq!(e.column, 4);
        assert!(parse_published("2016/..").is_err());
        assert!(parse_published("../2016").is_err());
        assert!(parse_published("..").is_err());
        assert!(parse_published("2022-02-30").is_err());
    }

    // ----- DatePoint days -------------------------------------------------

    #[test]
    fn point_first_and_last_days() {
        let y = point("2022");
        assert_eq!(
            (y.first_day(), y.last_day()),
            (d(2022, 1, 1), d(2022, 12, 31))
        );
        let m = point("2024-02");
        assert_eq!(
            (m.first_day(), m.last_day()),
            (d(2024, 2, 1), d(2024, 2, 29))
        );
        let m = point("2023-02");
        assert_eq!(m.last_day(), d(2023, 2, 28));
        let m = point("2022-12");
        assert_eq!(m.last_day(), d(2022, 12, 31));
        let m = point("2022-04");
        assert_eq!(m.last_day(), d(2022, 4, 30));
        let day = point("2022-09-07");
        assert_eq!(
            (day.first_day(), day.last_day()),
            (d(2022, 9, 7), d(2022, 9, 7))
        );
    }

    #[test]
    fn time_keeps_local_calendar_date() {
        let pt = point("2022-09-07T23:30:00-05:00");
        assert_eq!(pt.first_day(), d(2022, 9, 7));
        assert_eq!(pt.last_day(), d(2022, 9, 7));
        let pt = point("2022-09-07T00:30:00+05:00");
        assert_eq!(pt.first_day(), d(2022, 9, 7));
        let r = p("2022-09-07T23:30:00-05:00");
        assert_eq!(r.sort_key(), (d(2022, 9, 7), Precision::Time));
        assert_eq!(r.month(), Some(9));
    }

    #[test]
    fn hand_built_invalid_points_do_not_panic() {
        let bad = DatePoint {
            year: 2022,
            month: Some(13),
            day: Some(40),
            time: None,
            qualifiers: Qualifiers::NONE,
        };
        assert_eq!(bad.first_day(), d(2022, 12, 31));
        assert_eq!(bad.last_day(), d(2022, 12, 31));
        let zero = DatePoint {
            year: 2022,
            month: Some(0),
            day: Some(0),
            time: None,
            qualifiers: Qualifiers::NONE,
        };
        assert_eq!(zero.first_day(), d(2022, 1, 1));
        let huge = DatePoint::from_year(i32::MAX);
        assert_eq!(huge.first_day(), NaiveDate::MAX);
        assert_eq!(DatePoint::from_year(i32::MIN).last_day(), NaiveDate::MIN);
        let both_open = EventDate::Range {
            start: None,
            end: None,
        };
        assert_eq!(both_open.earliest_day(), NaiveDate::MIN);
        assert_eq!(both_open.precision(), Precision::Year);
        assert_eq!(both_open.latest_day(), None);
        assert_eq!(both_open.to_edtf(), "../..");
        let _ = both_open.year();
        let _ = both_open.to_rfc3339_start();
        // Day without month and time without day are ignored.
        let odd = DatePoint {
            year: 2022,
            month: None,
            day: Some(5),
            time: Some((hm(10, 0, 0), off(0))),
            qualifiers: Qualifiers::NONE,
        };
        assert_eq!(odd.precision(), Precision::Year);
        assert_eq!(odd.to_edtf(), "2022");
        let far = DatePoint {
            year: 262_142,
            month: Some(12),
            day: Some(31),
            time: Some((hm(23, 0, 0), off(-23 * 3600))),
            qualifiers: Qualifiers::NONE,
        };
        let _ = EventDate::Point(far).to_rfc3339_start();
    }

    // ----- EventDate accessors --------------------------------------------

    #[test]
    fn precision_of_each_form() {
        assert_eq!(p("2022").precision(), Precision::Year);
        assert_eq!(p("2022-07").precision(), Precision::Month);
        assert_eq!(p("2022-07-01").precision(), Precision::Day);
        assert_eq!(p("2022-07-01T10:00Z").precision(), Precision::Time);
        assert_eq!(p("2013-05/2016").precision(), Precision::Month);
        assert_eq!(p("../2013-05-02").precision(), Precision::Day);
        assert_eq!(p("2016/..").precision(), Precision::Year);
    }

    #[test]
    fn precision_order() {
        assert!(Precision::Year < Precision::Month);
        assert!(Precision::Month < Precision::Day);
        assert!(Precision::Day < Precision::Time);
    }

    #[test]
    fn earliest_and_latest_days() {
        assert_eq!(p("2022").earliest_day(), d(2022, 1, 1));
        assert_eq!(p("2022").latest_day(), Some(d(2022, 12, 31)));
        assert_eq!(p("2022-07").latest_day(), Some(d(2022, 7, 31)));
        assert_eq!(p("2022-07-15/2022-07-17").earliest_day(), d(2022, 7, 15));
        assert_eq!(
            p("2022-07-15/2022-07-17").latest_day(),
            Some(d(2022, 7, 17))
        );
        assert_eq!(p("../2013-05").earliest_day(), d(2013, 5, 1));
    }

    #[test]
    fn year_and_month_for_grouping() {
        assert_eq!((p("2014").year(), p("2014").month()), (2014, None));
        assert_eq!((p("2022-07").year(), p("2022-07").month()), (2022, Some(7)));
        assert_eq!(p("2022-09-07").month(), Some(9));
        assert_eq!(
            (p("2013-05/2016-09").year(), p("2013-05/2016-09").month()),
            (2013, Some(5))
        );
        assert_eq!(
            (p("../2013-05").year(), p("../2013-05").month()),
            (2013, Some(5))
        );
        assert_eq!((p("2016/..").year(), p("2016/..").month()), (2016, None));
        assert_eq!(p("2013/2016-09").month(), None);
    }

    #[test]
    fn is_ongoing_only_for_open_end() {
        assert!(p("2016/..").is_ongoing());
        assert!(p("2016-05-01/..").is_ongoing());
        assert!(!p("2016").is_ongoing());
        assert!(!p("2016/2017").is_ongoing());
        assert!(!p("../2016").is_ongoing());
    }

    #[test]
    fn start_and_end_accessors() {
        let pt = p("2022");
        assert_eq!(pt.start(), pt.end());
        assert_eq!(p("2016/..").end(), None);
        assert_eq!(p("../2016").start(), None);
        assert_eq!(p("2013/2016").end().map(|e| e.year), Some(2016));
    }

    // ----- ordering -------------------------------------------------------

    fn sorted(inputs: &[&str]) -> Vec<String> {
        let mut dates: Vec<(EventDate, &str)> = inputs.iter().map(|s| (p(s), *s)).collect();
        dates.sort_by_key(|(date, slug)| (date.sort_key(), *slug));
        dates.into_iter().map(|(date, _)| date.to_edtf()).collect()
    }

    #[test]
    fn coarser_first_on_same_day() {
        assert!(p("2022").sort_key() < p("2022-01").sort_key());
        assert!(p("2022-01").sort_key() < p("2022-01-01").sort_key());
        assert!(p("2022-01-01").sort_key() < p("2022-01-01T10:00Z").sort_key());
        assert_eq!(
            sorted(&["2022-01-01T10:00Z", "2022-01-01", "2022", "2022-01"]),
            ["2022", "2022-01", "2022-01-01", "2022-01-01T10:00:00Z"]
        );
    }

    #[test]
    fn earlier_day_first_regardless_of_precision() {
        assert!(p("2021-12-31").sort_key() < p("2022").sort_key());
        assert!(p("2022-01-15").sort_key() < p("2022-02").sort_key());
        assert!(p("2022").sort_key() < p("2022-01-02").sort_key());
    }

    #[test]
    fn range_sorts_by_start() {
        assert_eq!(
            p("2013-05/2016-09").sort_key(),
            (d(2013, 5, 1), Precision::Month)
        );
        assert!(p("2013-05/2016-09").sort_key() < p("2014").sort_key());
        assert!(p("2013/2020").sort_key() < p("2013-05/2014").sort_key());
    }

    #[test]
    fn open_start_sorts_at_end_first_day() {
        assert_eq!(
            p("../2013-05").sort_key(),
            (d(2013, 5, 1), Precision::Month)
        );
        assert_eq!(p("../2013-05").sort_key(), p("2013-05").sort_key());
        assert!(p("2013-04-30").sort_key() < p("../2013-05").sort_key());
        assert!(p("../2013-05").sort_key() < p("2013-05-01").sort_key());
    }

    #[test]
    fn open_end_sorts_at_start() {
        assert_eq!(p("2016/..").sort_key(), (d(2016, 1, 1), Precision::Year));
    }

    #[test]
    fn qualifiers_do_not_change_order() {
        assert_eq!(p("2022~").sort_key(), p("2022").sort_key());
        assert_eq!(p("2022-07%").sort_key(), p("2022-07").sort_key());
    }

    #[test]
    fn time_sorts_by_local_date() {
        // 23:30-05:00 on the 7th is the 8th in UTC but sorts on the 7th.
        assert!(p("2022-09-07T23:30-05:00").sort_key() < p("2022-09-08").sort_key());
        assert!(p("2022-09-07").sort_key() < p("2022-09-07T23:30-05:00").sort_key());
    }

    #[test]
    fn mixed_sort() {
        assert_eq!(
            sorted(&[
                "2016/..",
                "2022-07-15/2022-07-17",
                "../2013-05",
                "2013-05/2016-09",
                "2014",
                "2013",
                "2022-07",
            ]),
            [
                "2013",
                "../2013-05",
                "2013-05/2016-09",
                "2014",
                "2016/..",
                "2022-07",
                "2022-07-15/2022-07-17"
            ]
        );
    }

    // ----- RFC 3339 -------------------------------------------------------

    #[test]
    fn rfc3339_for_dates() {
        assert_eq!(p("2014").to_rfc3339_start(), "2014-01-01T00:00:00Z");
        assert_eq!(p("2022-07").to_rfc3339_start(), "2022-07-01T00:00:00Z");
        assert_eq!(p("2022-09-07").to_rfc3339_start(), "2022-09-07T00:00:00Z");
        assert_eq!(
            p("2013-05/2016-09").to_rfc3339_start(),
            "2013-05-01T00:00:00Z"
        );
        assert_eq!(p("../2013-05").to_rfc3339_start(), "2013-05-01T00:00:00Z");
        assert_eq!(p("2016/..").to_rfc3339_start(), "2016-01-01T00:00:00Z");
        assert_eq!(p("2022~").to_rfc3339_start(), "2022-01-01T00:00:00Z");
    }

    #[test]
    fn rfc3339_for_times_in_utc() {
        assert_eq!(
            p("2022-09-07T10:30:00+02:00").to_rfc3339_start(),
            "2022-09-07T08:30:00Z"
        );
        assert_eq!(
            p("2022-09-07T10:30:15Z").to_rfc3339_start(),
            "2022-09-07T10:30:15Z"
        );
        assert_eq!(
            p("2022-09-07T23:30:00-05:00").to_rfc3339_start(),
            "2022-09-08T04:30:00Z"
        );
        assert_eq!(
            p("2022-01-01T01:00+05:30").to_rfc3339_start(),
            "2021-12-31T19:30:00Z"
        );
        assert_eq!(
            p("2022-09-07T10:30+02:00/2022-09-08").to_rfc3339_start(),
            "2022-09-07T08:30:00Z"
        );
        assert_eq!(
            p("../2022-09-07T10:30+02:00").to_rfc3339_start(),
            "2022-09-07T08:30:00Z"
        );
    }

    #[test]
    fn rfc3339_is_valid_rfc3339() {
        for s in ["2014", "2022-09-07T23:30:00-05:00", "../2013-05"] {
            let out = p(s).to_rfc3339_start();
            assert!(chrono::DateTime::parse_from_rfc3339(&out).is_ok(), "{out}");
        }
    }

    // ----- EDTF round trip ------------------------------------------------

    #[test]
    fn edtf_canonical_text() {
        assert_eq!(p("2014").to_edtf(), "2014");
        assert_eq!(p(" 2022-07 ").to_edtf(), "2022-07");
        assert_eq!(p("2022-09-07").to_edtf(), "2022-09-07");
        assert_eq!(
            p("2022-09-07T10:30+02:00").to_edtf(),
            "2022-09-07T10:30:00+02:00"
        );
        assert_eq!(
            p("2022-09-07T10:30-00:00").to_edtf(),
            "2022-09-07T10:30:00Z"
        );
        assert_eq!(
            p("2022-09-07T10:30-05:30").to_edtf(),
            "2022-09-07T10:30:00-05:30"
        );
        assert_eq!(p("2013-05 / 2016-09").to_edtf(), "2013-05/2016-09");
        assert_eq!(p("2016/..").to_edtf(), "2016/..");
        assert_eq!(p("../2013-05").to_edtf(), "../2013-05");
        assert_eq!(p("2022-07~").to_edtf(), "2022-07~");
        assert_eq!(p("2022?").to_edtf(), "2022?");
        assert_eq!(p("2022%").to_edtf(), "2022%");
        assert_eq!(p("2013~/2016?").to_edtf(), "2013~/2016?");
        assert_eq!(p("2022").to_string(), "2022");
        assert_eq!(point("2022-07~").to_string(), "2022-07~");
    }

    #[test]
    fn edtf_round_trips() {
        let inputs = [
            "2014",
            "2022-07",
            "2022-09-07",
            "2022-09-07T10:30:00+02:00",
            "2022-09-07T10:30Z",
            "2022-09-07T10:30:59-11:45",
            "2022-07-15/2022-07-17",
            "2013-05/2016-09",
            "2016/..",
            "../2013-05",
            "2022-07~",
            "2022?",
            "2022%",
            "2013~/2016",
            "../2022-09-07T10:30Z?",
            "2022-09-07T10:30Z%/..",
        ];
        for input in inputs {
            let date = p(input);
            assert_eq!(p(&date.to_edtf()), date, "{input}");
        }
    }

    // ----- serde ----------------------------------------------------------

    #[test]
    fn serializes_as_edtf_text() {
        assert_eq!(
            serde_json::to_string(&p("2013-05/2016-09")).unwrap(),
            "\"2013-05/2016-09\""
        );
        assert_eq!(serde_json::to_string(&point("2022~")).unwrap(), "\"2022~\"");
        assert_eq!(
            serde_json::to_string(&Precision::Month).unwrap(),
            "\"month\""
        );
        assert_eq!(
            serde_json::to_string(&Qualifiers {
                approximate: true,
                uncertain: false
            })
            .unwrap(),
            r#"{"approximate":true,"uncertain":false}"#
        );
        let e = err("2022-13");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["column"], 5);
    }

    #[test]
    fn deserializes_from_text_and_numbers() {
        let date: EventDate = serde_json::from_str("\"2022-07/..\"").unwrap();
        assert_eq!(date, p("2022-07/.."));
        let date: EventDate = serde_json::from_str("2014").unwrap();
        assert_eq!(date, p("2014"));
        let pt: DatePoint = serde_json::from_str("\"2022-09-07\"").unwrap();
        assert_eq!(pt, point("2022-09-07"));
        let pt: DatePoint = serde_json::from_str("2022").unwrap();
        assert_eq!(pt, DatePoint::from_year(2022));
        let bad = serde_json::from_str::<EventDate>("\"2022-02-30\"").unwrap_err();
        assert!(bad.to_string().contains("February 2022 has 28 days"));
        assert!(serde_json::from_str::<EventDate>("-2014").is_err());
        assert!(serde_json::from_str::<EventDate>("true").is_err());
        assert!(serde_json::from_str::<DatePoint>("\"2013/2014\"").is_err());
    }
}
