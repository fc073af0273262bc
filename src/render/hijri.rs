//! The Hijri date beside the Gregorian one (`[dates] calendar = "gregorian+hijri"`, on
//! Arabic pages), at the precision the event has.
//!
//! The conversion is ICU4X's (`icu_calendar`), in the Umm al-Qura calendar
//! (`Hijri::new_umm_al_qura`): the official tables of Saudi Arabia (KACST) for
//! 1300–1600 AH (1882–2174), and outside them the tabular Islamic calendar (type II
//! leap years, Friday epoch), which ICU4X falls back to.
//!
//! - A day (or a time, by its local date): «11 صفر 1444 هـ».
//! - A month or a season spans parts of two or more Hijri months: the months of its
//!   first and last day, «محرم – صفر 1444 هـ» or «ذو الحجة 1443 – محرم 1444 هـ»; never
//!   an invented day.
//! - A year, a decade or a century: the Hijri years of its first and last day,
//!   «1443–1444 هـ».
//! - A range: its start's and its end's, joined by a dash when they differ.
//!
//! Dates before 1 Muharram 1 AH (19 July 622, proleptic Gregorian) or beyond
//! Gregorian 9999 have no Hijri date shown.

use icu_calendar::cal::Hijri;
use icu_calendar::Date;

use super::date_format::{join, Words};
use crate::date::{DatePoint, Day, Precision};

/// Hijri month names.
const MONTHS: [&str; 12] = [
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
];

/// The era mark: هـ (هجري).
const ERA: &str = " هـ";

/// A Hijri date: (year, month 1–12, day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HijriDay {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// The Umm al-Qura date of a Gregorian day; `None` before 1 AH or after 9999 CE.
pub fn to_hijri(day: Day) -> Option<HijriDay> {
    if !(622..=9999).contains(&day.year) {
        return None;
    }
    let year = i32::try_from(day.year).ok()?;
    let iso = Date::try_new_iso(
        year,
        u8::try_from(day.month).ok()?,
        u8::try_from(day.day).ok()?,
    )
    .ok()?;
    let h = iso.to_calendar(Hijri::new_umm_al_qura());
    let hijri = HijriDay {
        year: h.year().extended_year(),
        month: h.month().ordinal,
        day: h.day_of_month().0,
    };
    (hijri.year >= 1).then_some(hijri)
}

fn month_name(month: u8) -> &'static str {
    MONTHS[usize::from(month.clamp(1, 12)) - 1]
}

/// The Hijri text of one point at its precision, without the era mark.
fn point_text(p: &DatePoint) -> Option<String> {
    let (first, last) = (to_hijri(p.first_day())?, to_hijri(p.last_day())?);
    Some(match p.precision() {
        Precision::Day | Precision::Time => {
            format!("{} {} {}", first.day, month_name(first.month), first.year)
        }
        Precision::Season | Precision::Month => {
            let (a, b) = (month_name(first.month), month_name(last.month));
            if (first.year, first.month) == (last.year, last.month) {
                format!("{a} {}", first.year)
            } else if first.year == last.year {
                format!("{} {}", join(a, b), first.year)
            } else {
                join(
                    &format!("{a} {}", first.year),
                    &format!("{b} {}", last.year),
                )
            }
        }
        Precision::Year | Precision::Decade | Precision::Century => {
            if first.year == last.year {
                first.year.to_string()
            } else {
                join(&first.year.to_string(), &last.year.to_string())
            }
        }
    })
}

/// Appends «، <Hijri date> هـ» for `points` (one, or a range's start and end) to the
/// Gregorian `text`; nothing when a point has no Hijri date.
pub(super) fn append(text: &mut String, points: &[&DatePoint], words: Words) {
    let parts: Option<Vec<String>> = points.iter().map(|p| point_text(p)).collect();
    let Some(mut parts) = parts else { return };
    parts.dedup();
    let hijri = match parts.as_slice() {
        [one] => one.clone(),
        [a, b] => join(a, b),
        _ => return,
    };
    text.push_str(words.comma());
    text.push(' ');
    text.push_str(&hijri);
    text.push_str(ERA);
}
