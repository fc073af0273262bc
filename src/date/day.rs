//! A calendar day of the proleptic Gregorian calendar at any year an EDTF date can
//! name. chrono's `NaiveDate` stops at ±262,143, and `Y170000002` is far beyond, so
//! bounds and ordering use this value; [`Day::to_naive`] converts where chrono can.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// A day: astronomical year (0 is 1 BCE, -1 is 2 BCE), month 1–12, day 1–31. The
/// derived order is the calendar's: by year, then month, then day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

/// A Gregorian leap year (astronomical numbering: year 0 is one).
pub fn is_leap(year: i64) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

/// Days of `month` (clamped to 1–12) in `year`.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month.clamp(1, 12) {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Day {
    /// The real day nearest to (year, month, day): the month is clamped to 1–12, the
    /// day to the month's length.
    pub fn clamped(year: i64, month: u32, day: u32) -> Day {
        let month = month.clamp(1, 12);
        Day {
            year,
            month,
            day: day.clamp(1, days_in_month(year, month)),
        }
    }

    /// The first day of `year`.
    pub fn first_of_year(year: i64) -> Day {
        Day::clamped(year, 1, 1)
    }

    /// The last day of `year`.
    pub fn last_of_year(year: i64) -> Day {
        Day::clamped(year, 12, 31)
    }

    /// The last day of `month` of `year`.
    pub fn last_of_month(year: i64, month: u32) -> Day {
        Day::clamped(year, month, 31)
    }

    /// The same day as a chrono date, when chrono can hold its year.
    pub fn to_naive(self) -> Option<NaiveDate> {
        let year = i32::try_from(self.year).ok()?;
        NaiveDate::from_ymd_opt(year, self.month, self.day)
    }

    /// [`Day::to_naive`], clamped to chrono's first or last day beyond its years.
    pub fn to_naive_clamped(self) -> NaiveDate {
        self.to_naive().unwrap_or(if self.year < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
    }
}

impl From<NaiveDate> for Day {
    fn from(d: NaiveDate) -> Day {
        Day {
            year: i64::from(d.year()),
            month: d.month(),
            day: d.day(),
        }
    }
}

impl fmt::Display for Day {
    /// `2022-07-01`, `-0499-01-01`, `170000002-12-31`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.year < 0 { "-" } else { "" };
        write!(
            f,
            "{sign}{:04}-{:02}-{:02}",
            self.year.unsigned_abs(),
            self.month,
            self.day
        )
    }
}
