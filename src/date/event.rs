//! An event's date as a whole: its sides, bounds, sort key and EDTF text.

use chrono::{NaiveDateTime, NaiveTime};

use super::parse::{parse_event, prepare};
use super::parse_point::parse_point;
use super::{DateError, DatePoint, Day, EventDate, Precision, RangeSide};

impl EventDate {
    /// Reads an event date; see the module documentation for the syntax.
    pub fn parse(s: &str) -> Result<EventDate, DateError> {
        parse_event(s)
    }

    /// The point that places this date: the start, or the end when the
    /// start is open or unknown.
    pub fn anchor(&self) -> Option<&DatePoint> {
        match self {
            EventDate::Point(p) => Some(p),
            EventDate::Range { start, end } => start.date().or(end.date()),
        }
    }

    /// The start point (`None` for an open or unknown start).
    pub fn start(&self) -> Option<&DatePoint> {
        match self {
            EventDate::Point(p) => Some(p),
            EventDate::Range { start, .. } => start.date(),
        }
    }

    /// The end point (the point itself for a single date, `None` for an open or
    /// unknown end).
    pub fn end(&self) -> Option<&DatePoint> {
        match self {
            EventDate::Point(p) => Some(p),
            EventDate::Range { end, .. } => end.date(),
        }
    }

    /// The earliest day the event can be on, the first day of its start. For an
    /// open or unknown start (`../2013-05`, `/2013-05`) there is none: this is then
    /// the first day of the end, where it sorts (see the module documentation).
    pub fn earliest_day(&self) -> Day {
        self.anchor()
            .map_or(Day::first_of_year(i64::MIN), DatePoint::first_day)
    }

    /// The earliest possible day; `None` when the start is open or unknown.
    pub fn earliest_bound(&self) -> Option<Day> {
        self.start().map(DatePoint::first_day)
    }

    /// The latest day the event can be on; `None` for an open or unknown end.
    pub fn latest_day(&self) -> Option<Day> {
        self.end().map(DatePoint::last_day)
    }

    /// The precision of the start, or of the end when the start is open or unknown.
    pub fn precision(&self) -> Precision {
        self.anchor().map_or(Precision::Year, DatePoint::precision)
    }

    /// (earliest day, precision): sorts coarser dates before finer ones on
    /// the same day. Callers add the slug as the last tiebreak.
    pub fn sort_key(&self) -> (Day, Precision) {
        (self.earliest_day(), self.precision())
    }

    /// The year to group under: the anchor's first year (2010 for `201X`).
    pub fn year(&self) -> i64 {
        self.anchor().map_or(0, |p| p.year_span().0)
    }

    /// The month to group under (same point as [`EventDate::year`]): 1–12, or a
    /// season 21–24; `None` when the point is known only to the year or coarser.
    pub fn month(&self) -> Option<u32> {
        self.anchor()
            .and_then(|p| p.calendar_month().or(p.season()))
    }

    /// True for a range with an open end (`2016/..`).
    pub fn is_ongoing(&self) -> bool {
        matches!(
            self,
            EventDate::Range {
                end: RangeSide::Open,
                ..
            }
        )
    }

    /// The instant it starts, in UTC: the earliest day at 00:00, or, when that point
    /// has a time, the real instant converted to UTC. Beyond chrono's years it is
    /// chrono's first or last day; feeds clamp further (see `publish::xml`).
    pub fn start_instant(&self) -> NaiveDateTime {
        self.anchor()
            .and_then(DatePoint::utc_datetime)
            .unwrap_or_else(|| {
                self.earliest_day()
                    .to_naive_clamped()
                    .and_time(NaiveTime::MIN)
            })
    }

    /// Canonical EDTF text; parsing it gives back an equal value.
    pub fn to_edtf(&self) -> String {
        match self {
            EventDate::Point(p) => p.to_edtf(),
            EventDate::Range { start, end } => format!("{}/{}", start.to_edtf(), end.to_edtf()),
        }
    }
}

/// Reads a single date for the `published` / `updated` fields: any point
/// form (qualifiers allowed), but no range.
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
