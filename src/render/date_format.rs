//! Shows an EventDate as its precision allows, in English or Arabic.
//!
//! A date is never shown more precisely than it is known: `2014` stays
//! "2014", `2022-07` is "July 2022", `2022-09-07` is "7 September 2022".
//! Ranges share what their sides have in common ("15–17 July 2022",
//! "30 June – 2 July 2022"); the en dash gets spaces only when the parts it
//! joins contain spaces (or, in Arabic, a `/` between month names). Open
//! ends read "since 2016" / "منذ 2016", open starts "before May 2013" /
//! "قبل أيار/مايو 2013". Approximate dates get "c. " / "نحو " in front,
//! uncertain ones "?" / "؟" after. Sides with a qualifier or a time are not
//! merged with the other side, except two times on the same day with the
//! same UTC offset ("7 September 2022, 10:30–12:00 (UTC+02:00)").
//!
//! # Years, eras, decades, seasons
//!
//! Years from 1000 on are shown as they are ("2022"). Earlier ones carry their era:
//! "44 CE" / «44 م», and astronomical `0000` and `-0499` are "1 BCE" / «1 ق.م» and
//! "500 BCE" / «500 ق.م». Years of five digits or more are grouped ("170,000,002";
//! «١٧٠٬٠٠٠٬٠٠٢» with Arabic-Indic digits). A decade (`201X`) is "the 2010s" /
//! «عقد 2010»: the Arabic names the decade by its first year, which is exact (the
//! ordinal «العقد الثاني من القرن الحادي والعشرين» strictly means 2011–2020, one
//! year off) and reads the same for every century and with either digits. A century
//! (`19XX`) is shown as the span of its years, "1900–1999" / «1900–1999», for the
//! same reason (and because "the 1900s" would also name the decade `190X`). Seasons
//! are "spring 2022" / «ربيع 2022», summer / صيف, autumn / خريف, winter / شتاء.
//! Unspecified digits say what is unknown: `2004-XX` is "2004 (month unknown)" /
//! «2004 (الشهر غير معروف)», `2004-07-XX` "July 2004 (day unknown)". A range with an
//! unknown end reads "from 2022" / «من 2022», with an unknown start "until 2022" /
//! «حتى 2022».
//!
//! # Languages
//!
//! Each function takes the page language's [`Locale`], decided once in config: Arabic
//! words, month names and digits for Arabic, English ones for every other language;
//! with `calendar = "gregorian+hijri"`, Arabic dates are followed by their Hijri
//! date (see [`super::hijri`]).
//!
//! # Arabic month names
//!
//! Arabic has two sets of month names in everyday use: the Syriac-derived
//! Levantine names (كانون الثاني، شباط، … تموز) used in Syria, Lebanon,
//! Jordan, Palestine and Iraq, and the Latin-derived names (يناير، فبراير، …
//! يوليو) used in Egypt, the Gulf and the Maghreb. Both come from chrono's
//! locale data (`ar_SY` and `ar_EG`). The default is [`MonthNames::Both`],
//! written "تموز/يوليو": it is understood across the Levant, Iraq, the Gulf
//! and Egypt, and it is what major pan-Arab outlets print, so a reader from
//! any of these regions recognises the month at once.
//!
//! # Digits
//!
//! [`Digits::ArabicIndic`] turns every digit of Arabic output into
//! U+0660..U+0669 ("٢٠٢٢"). English output always uses Western digits.

use chrono::{FixedOffset, NaiveTime, Timelike};

use super::date_words::{
    join, pick, season_index, to_arabic_indic, Words, SEASON_HEADINGS_AR, SEASON_HEADINGS_EN,
};
use super::hijri;
use crate::config::{Digits, Locale};
use crate::date::{DatePoint, EventDate, Precision, Qualifiers, RangeSide, Unspecified};

/// A count in the page's digits: `12` or `١٢` (Arabic pages with `digits = "arabic-indic"`).
pub(crate) fn format_number(n: i64, locale: &Locale) -> String {
    if locale.digits == Digits::ArabicIndic {
        to_arabic_indic(&n.to_string())
    } else {
        n.to_string()
    }
}

/// The name of a month (1..=12) or a season (21..=24) for headings; other numbers
/// are shown as numbers.
pub(crate) fn month_name(month: u32, locale: &Locale) -> String {
    let words = Words::new(locale);
    if let Some(i) = season_index(month) {
        return pick(words.arabic, SEASON_HEADINGS_EN[i], SEASON_HEADINGS_AR[i]).to_string();
    }
    words.finish(words.month(month))
}

/// A year, in the style's digits, with its era before 1000: "2014", "44 CE", "500 BCE".
pub(crate) fn format_year(year: i64, locale: &Locale) -> String {
    let words = Words::new(locale);
    words.finish(words.year(year))
}

/// One date, with its qualifiers (and, when asked for, its Hijri date).
pub(crate) fn format_point(p: &DatePoint, locale: &Locale) -> String {
    let words = Words::new(locale);
    let mut text = full(p, words);
    if locale.hijri {
        hijri::append(&mut text, p, p, words);
    }
    words.finish(text)
}

/// An event's date: a point, a range, or a range with an open or unknown side.
pub(crate) fn format_event_date(date: &EventDate, locale: &Locale) -> String {
    let words = Words::new(locale);
    let mut text = match date {
        EventDate::Point(p) => full(p, words),
        EventDate::Range { start, end } => match (start, end) {
            (RangeSide::Date(start), RangeSide::Date(end)) => range(start, end, words),
            (RangeSide::Date(start), RangeSide::Open) => side(words.since(), start, words),
            (RangeSide::Date(start), RangeSide::Unknown) => side(words.from(), start, words),
            (RangeSide::Open, RangeSide::Date(end)) => side(words.before(), end, words),
            (RangeSide::Unknown, RangeSide::Date(end)) => side(words.until(), end, words),
            _ => String::new(),
        },
    };
    if let (true, Some(start), Some(end)) =
        (locale.hijri, date.anchor(), date.end().or(date.anchor()))
    {
        hijri::append(&mut text, start, end, words);
    }
    words.finish(text)
}

fn side(word: &str, p: &DatePoint, words: Words) -> String {
    format!("{word} {}", full(p, words))
}

// ---------------------------------------------------------------------------
// Pieces (Western digits; `finish` converts at the end)
// ---------------------------------------------------------------------------

fn clock(time: NaiveTime) -> String {
    if time.second() == 0 {
        format!("{:02}:{:02}", time.hour(), time.minute())
    } else {
        format!(
            "{:02}:{:02}:{:02}",
            time.hour(),
            time.minute(),
            time.second()
        )
    }
}

fn utc_label(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    if secs == 0 {
        return "(UTC)".to_string();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    format!("(UTC{sign}{:02}:{:02})", abs / 3600, (abs % 3600) / 60)
}

/// "7 September 2022" (the day part of a day or time point).
fn day_month_year(p: &DatePoint, words: Words) -> String {
    format!(
        "{} {} {}",
        p.day.unwrap_or(1),
        words.month(p.month.unwrap_or(1)),
        words.year(p.year)
    )
}

/// Two years joined, the era written once when they share it: "2013–2016",
/// "500–401 BCE", "1 BCE – 9 CE".
fn year_span(first: i64, last: i64, words: Words) -> String {
    let ((a, era_a), (b, era_b)) = (words.year_parts(first), words.year_parts(last));
    if era_a == era_b {
        format!("{}{era_a}", join(&a, &b))
    } else {
        join(&format!("{a}{era_a}"), &format!("{b}{era_b}"))
    }
}

/// "the 2010s", "عقد 2010"; a decade before 1000 carries its era, the first decade
/// (years 0–9, from 1 BCE) is shown as its span.
fn decade(p: &DatePoint, words: Words) -> String {
    let (first, last) = p.year_span();
    if first <= 0 {
        return year_span(first, last, words);
    }
    let (n, era) = words.year_parts(first);
    if words.arabic {
        format!("عقد {n}{era}")
    } else {
        format!("the {n}s{era}")
    }
}

/// The point without qualifiers.
fn bare(p: &DatePoint, words: Words) -> String {
    match p.precision() {
        Precision::Century => {
            let (first, last) = p.year_span();
            year_span(first, last, words)
        }
        Precision::Decade => decade(p, words),
        Precision::Year => words.year(p.year),
        Precision::Season | Precision::Month => {
            format!(
                "{} {}",
                words.month(p.month.unwrap_or(1)),
                words.year(p.year)
            )
        }
        Precision::Day => day_month_year(p, words),
        Precision::Time => match p.time_of_day() {
            Some((time, offset)) => format!(
                "{}{} {} {}",
                day_month_year(p, words),
                words.comma(),
                clock(time),
                utc_label(offset)
            ),
            None => day_month_year(p, words),
        },
    }
}

fn qualify(text: String, q: Qualifiers, words: Words) -> String {
    let prefix = if q.approximate {
        words.approximate()
    } else {
        ""
    };
    let suffix = if q.uncertain { words.uncertain() } else { "" };
    format!("{prefix}{text}{suffix}")
}

/// What an unspecified part leaves unknown: " (month unknown)", " (day unknown)".
fn unknown_note(p: &DatePoint, words: Words) -> &'static str {
    match p.unspecified {
        Unspecified::Month => pick(words.arabic, " (month unknown)", " (الشهر غير معروف)"),
        Unspecified::Day | Unspecified::MonthAndDay => {
            pick(words.arabic, " (day unknown)", " (اليوم غير معروف)")
        }
        Unspecified::None | Unspecified::Decade | Unspecified::Century => "",
    }
}

fn full(p: &DatePoint, words: Words) -> String {
    let mut text = qualify(bare(p, words), p.qualifiers, words);
    text.push_str(unknown_note(p, words));
    text
}

/// Two points with the same precision and no qualifier or unknown part, written
/// with what they share said once ("15–17 July 2022", "spring–autumn 2022",
/// "500–401 BCE"); `None` when they share nothing to merge.
fn merged(start: &DatePoint, end: &DatePoint, words: Words) -> Option<String> {
    let plain = |p: &DatePoint| p.qualifiers.is_none() && p.unspecified == Unspecified::None;
    if !(plain(start) && plain(end)) || start.precision() != end.precision() {
        return None;
    }
    let same_year = start.year == end.year;
    let same_month = same_year && start.month == end.month;
    let month = |p: &DatePoint| words.month(p.month.unwrap_or(1));
    let day = |p: &DatePoint| p.day.unwrap_or(1).to_string();
    let year = words.year(start.year);
    match start.precision() {
        Precision::Year if !words.year_parts(start.year).1.is_empty() => {
            Some(year_span(start.year, end.year, words))
        }
        Precision::Month | Precision::Season if same_year => {
            Some(format!("{} {year}", join(&month(start), &month(end))))
        }
        Precision::Day if same_month => Some(format!(
            "{} {} {year}",
            join(&day(start), &day(end)),
            month(start)
        )),
        Precision::Day if same_year => {
            let side = |p: &DatePoint| format!("{} {}", day(p), month(p));
            Some(format!("{} {year}", join(&side(start), &side(end))))
        }
        Precision::Time if same_month && start.day == end.day => {
            let ((t1, o1), (t2, o2)) = (start.time_of_day()?, end.time_of_day()?);
            (o1 == o2).then(|| {
                format!(
                    "{}{} {} {}",
                    day_month_year(start, words),
                    words.comma(),
                    join(&clock(t1), &clock(t2)),
                    utc_label(o1)
                )
            })
        }
        _ => None,
    }
}

fn range(start: &DatePoint, end: &DatePoint, words: Words) -> String {
    if start == end {
        return full(start, words);
    }
    merged(start, end, words).unwrap_or_else(|| join(&full(start, words), &full(end, words)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "date_format_tests.rs"]
mod tests;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "date_format_edtf_tests.rs"]
mod edtf_tests;
