//! One point's precision, bounds and EDTF text.

use chrono::{NaiveDateTime, NaiveTime, TimeDelta, Timelike};

use super::{DatePoint, Day, FixedOffset, Precision, Qualifiers, Unspecified, SPRING, WINTER};

/// The first and last month of a season (21 spring … 24 winter); winter ends in
/// the February of the next year. The table is edtf-core's (northern hemisphere,
/// meteorological seasons).
pub fn season_months(season: u32) -> (u32, u32) {
    match season {
        21 => (3, 5),
        22 => (6, 8),
        23 => (9, 11),
        _ => (12, 2),
    }
}

/// Years of four digits or fewer print as four (`0044`, `-0499`); longer ones with
/// the `Y` prefix EDTF requires (`Y170000002`).
pub fn edtf_year(year: i64) -> String {
    if year.unsigned_abs() > 9999 {
        format!("Y{year}")
    } else if year < 0 {
        format!("-{:04}", year.unsigned_abs())
    } else {
        format!("{year:04}")
    }
}

/// A year for people, in English: `2022`, `500 BCE` (astronomical `-499`).
pub(crate) fn plain_year(year: i64) -> String {
    if year > 0 {
        year.to_string()
    } else {
        format!("{} BCE", 1 - i128::from(year))
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

impl DatePoint {
    /// A point with only a year.
    pub fn from_year(year: i64) -> Self {
        DatePoint {
            year,
            month: None,
            day: None,
            time: None,
            qualifiers: Qualifiers::NONE,
            unspecified: Unspecified::None,
        }
    }

    /// How precisely this point is known: `2004-XX` is known to the year,
    /// `2004-07-XX` to the month.
    pub fn precision(&self) -> Precision {
        match self.unspecified {
            Unspecified::Century => return Precision::Century,
            Unspecified::Decade => return Precision::Decade,
            Unspecified::Month | Unspecified::MonthAndDay => return Precision::Year,
            Unspecified::Day | Unspecified::None => {}
        }
        let day_known = self.unspecified == Unspecified::None && self.day.is_some();
        match self.month {
            None => Precision::Year,
            Some(SPRING..=WINTER) => Precision::Season,
            Some(_) if !day_known => Precision::Month,
            Some(_) if self.time.is_none() => Precision::Day,
            Some(_) => Precision::Time,
        }
    }

    /// The calendar month (1–12), when the point is known to the month or finer.
    pub fn calendar_month(&self) -> Option<u32> {
        match self.precision() {
            Precision::Month | Precision::Day | Precision::Time => self.month,
            _ => None,
        }
    }

    /// The season (21–24), when the point is one.
    pub fn season(&self) -> Option<u32> {
        match self.precision() {
            Precision::Season => self.month,
            _ => None,
        }
    }

    /// The first and last year of a decade, a century or a year.
    pub fn year_span(&self) -> (i64, i64) {
        let (first, len) = match self.precision() {
            Precision::Century => (self.year.saturating_sub(self.year.rem_euclid(100)), 100),
            Precision::Decade => (self.year.saturating_sub(self.year.rem_euclid(10)), 10),
            _ => (self.year, 1),
        };
        (first, first.saturating_add(len - 1))
    }

    /// The first calendar day this point can mean (its local date for a time).
    pub fn first_day(&self) -> Day {
        match self.precision() {
            Precision::Century | Precision::Decade | Precision::Year => {
                Day::first_of_year(self.year_span().0)
            }
            Precision::Season => {
                let (first, _) = season_months(self.month.unwrap_or(SPRING));
                Day::clamped(self.year, first, 1)
            }
            Precision::Month => Day::clamped(self.year, self.month.unwrap_or(1), 1),
            Precision::Day | Precision::Time => {
                Day::clamped(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            }
        }
    }

    /// The last calendar day this point can mean: the last day of its month, season,
    /// year, decade or century, or the day itself.
    pub fn last_day(&self) -> Day {
        match self.precision() {
            Precision::Century | Precision::Decade | Precision::Year => {
                Day::last_of_year(self.year_span().1)
            }
            Precision::Season => {
                let (first, last) = season_months(self.month.unwrap_or(SPRING));
                let year = if last < first {
                    self.year.saturating_add(1)
                } else {
                    self.year
                };
                Day::last_of_month(year, last)
            }
            Precision::Month => Day::last_of_month(self.year, self.month.unwrap_or(12)),
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

    /// The UTC instant of a time-bearing point (naive, in UTC). `None` without a
    /// time, or beyond chrono's years.
    pub(super) fn utc_datetime(&self) -> Option<NaiveDateTime> {
        let (time, offset) = self.time_of_day()?;
        let local = self.first_day().to_naive()?.and_time(time);
        let shift = TimeDelta::try_seconds(i64::from(offset.local_minus_utc()))?;
        local.checked_sub_signed(shift)
    }

    /// The written digits without the qualifier: `2022-07`, `201X`, `2004-XX`.
    fn edtf_body(&self) -> String {
        let (y, m, d) = (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1));
        match (self.unspecified, self.precision()) {
            (Unspecified::Century, _) => format!("{:02}XX", self.year_span().0 / 100),
            (Unspecified::Decade, _) => format!("{:03}X", self.year_span().0 / 10),
            (Unspecified::Month, _) => format!("{}-XX", edtf_year(y)),
            (Unspecified::MonthAndDay, _) => format!("{}-XX-XX", edtf_year(y)),
            (Unspecified::Day, Precision::Month) => format!("{}-{m:02}-XX", edtf_year(y)),
            (_, Precision::Century | Precision::Decade | Precision::Year) => edtf_year(y),
            (_, Precision::Season | Precision::Month) => format!("{}-{m:02}", edtf_year(y)),
            (_, Precision::Day | Precision::Time) => format!("{}-{m:02}-{d:02}", edtf_year(y)),
        }
    }

    /// Canonical EDTF text of this point; round-trips through parsing.
    pub fn to_edtf(&self) -> String {
        let mut out = self.edtf_body();
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
