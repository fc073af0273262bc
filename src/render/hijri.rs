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

use super::date_words::{join, Words};
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
pub(crate) struct HijriDay {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// The Umm al-Qura date of a Gregorian day; `None` before 1 AH or after 9999 CE.
pub(crate) fn to_hijri(day: Day) -> Option<HijriDay> {
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

/// The Hijri text of the days from `first` to `last` at `precision`, without the
/// era mark, each part said once: «11 صفر 1444», «16–18 ذو الحجة 1443»,
/// «ذو القعدة 1443 – صفر 1444», «1443–1444».
fn span_text(first: Day, last: Day, precision: Precision) -> Option<String> {
    let (a, b) = (to_hijri(first)?, to_hijri(last)?);
    let (ma, mb) = (month_name(a.month), month_name(b.month));
    let same_year = a.year == b.year;
    let same_month = same_year && a.month == b.month;
    Some(match precision {
        Precision::Day | Precision::Time if a == b => format!("{} {ma} {}", a.day, a.year),
        Precision::Day | Precision::Time if same_month => {
            format!(
                "{} {ma} {}",
                join(&a.day.to_string(), &b.day.to_string()),
                a.year
            )
        }
        Precision::Day | Precision::Time if same_year => format!(
            "{} {}",
            join(&format!("{} {ma}", a.day), &format!("{} {mb}", b.day)),
            a.year
        ),
        Precision::Day | Precision::Time => join(
            &format!("{} {ma} {}", a.day, a.year),
            &format!("{} {mb} {}", b.day, b.year),
        ),
        Precision::Season | Precision::Month if same_month => format!("{ma} {}", a.year),
        Precision::Season | Precision::Month if same_year => format!("{} {}", join(ma, mb), a.year),
        Precision::Season | Precision::Month => {
            join(&format!("{ma} {}", a.year), &format!("{mb} {}", b.year))
        }
        Precision::Year | Precision::Decade | Precision::Century if same_year => a.year.to_string(),
        Precision::Year | Precision::Decade | Precision::Century => {
            join(&a.year.to_string(), &b.year.to_string())
        }
    })
}

/// Appends «، <Hijri date> هـ» to the Gregorian `text` of the days from `start`'s
/// first to `end`'s last (one point: the same twice), at the coarser precision of the
/// two; nothing when a day has no Hijri date.
pub(super) fn append(text: &mut String, start: &DatePoint, end: &DatePoint, words: Words) {
    let precision = start.precision().min(end.precision());
    let Some(hijri) = span_text(start.first_day(), end.last_day(), precision) else {
        return;
    };
    text.push_str(words.comma());
    text.push(' ');
    text.push_str(&hijri);
    text.push_str(ERA);
}
