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
//! # Languages
//!
//! Each function takes the page language's [`Locale`], decided once in config: Arabic
//! words, month names and digits for Arabic, English ones for every other language.
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

use std::fmt::Write as _;

use chrono::{FixedOffset, Locale as ChronoLocale, NaiveDate, NaiveTime, Timelike};

use crate::config::{Digits, Locale, MonthNames};
use crate::date::{DatePoint, EventDate, Precision, Qualifiers};

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

/// The language-dependent words and marks.
#[derive(Clone, Copy)]
struct Words<'a> {
    arabic: bool,
    locale: &'a Locale,
}

impl<'a> Words<'a> {
    fn new(locale: &'a Locale) -> Self {
        Words {
            arabic: locale.arabic,
            locale,
        }
    }

    fn approximate(&self) -> &'static str {
        if self.arabic {
            "نحو "
        } else {
            "c. "
        }
    }

    fn uncertain(&self) -> &'static str {
        if self.arabic {
            "؟"
        } else {
            "?"
        }
    }

    fn comma(&self) -> &'static str {
        if self.arabic {
            "،"
        } else {
            ","
        }
    }

    fn since(&self) -> &'static str {
        if self.arabic {
            "منذ"
        } else {
            "since"
        }
    }

    fn before(&self) -> &'static str {
        if self.arabic {
            "قبل"
        } else {
            "before"
        }
    }

    fn month(&self, month: u32) -> String {
        if !self.arabic {
            return match month {
                1..=12 => MONTHS_EN[(month - 1) as usize].to_string(),
                _ => month.to_string(),
            };
        }
        let name = match self.locale.month_names {
            MonthNames::Levantine => locale_month(month, ChronoLocale::ar_SY),
            MonthNames::Egyptian => locale_month(month, ChronoLocale::ar_EG),
            MonthNames::Both => locale_month(month, ChronoLocale::ar_SY)
                .zip(locale_month(month, ChronoLocale::ar_EG))
                .map(|(levantine, egyptian)| format!("{levantine}/{egyptian}")),
        };
        name.unwrap_or_else(|| month.to_string())
    }

    /// Applies the digit style (Arabic output only).
    fn finish(&self, text: String) -> String {
        if self.locale.digits == Digits::ArabicIndic {
            to_arabic_indic(&text)
        } else {
            text
        }
    }
}

/// The month's name in a chrono locale; `None` for a month outside 1..=12.
fn locale_month(month: u32, locale: ChronoLocale) -> Option<String> {
    let date = NaiveDate::from_ymd_opt(2000, month, 1)?;
    let mut name = String::new();
    write!(name, "{}", date.format_localized("%B", locale)).ok()?;
    Some(name)
}

/// A count in the page's digits: `12` or `١٢` (Arabic pages with `digits = "arabic-indic"`).
pub(crate) fn format_number(n: i64, locale: &Locale) -> String {
    if locale.digits == Digits::ArabicIndic {
        to_arabic_indic(&n.to_string())
    } else {
        n.to_string()
    }
}

fn to_arabic_indic(text: &str) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(0x0660 + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The name of a month (1..=12) for headings; other numbers are shown as numbers.
pub(crate) fn month_name(month: u32, locale: &Locale) -> String {
    let words = Words::new(locale);
    words.finish(words.month(month))
}

/// A year, in the style's digits.
pub(crate) fn format_year(year: i32, locale: &Locale) -> String {
    Words::new(locale).finish(year.to_string())
}

/// One date, with its qualifiers.
pub(crate) fn format_point(p: &DatePoint, locale: &Locale) -> String {
    let words = Words::new(locale);
    words.finish(full(p, words))
}

/// An event's date: a point, a range, or a range with an open side.
pub(crate) fn format_event_date(date: &EventDate, locale: &Locale) -> String {
    let words = Words::new(locale);
    let text = match date {
        EventDate::Point(p) => full(p, words),
        EventDate::Range {
            start: Some(start),
            end: Some(end),
        } => range(start, end, words),
        EventDate::Range {
            start: Some(start),
            end: None,
        } => format!("{} {}", words.since(), full(start, words)),
        EventDate::Range {
            start: None,
            end: Some(end),
        } => format!("{} {}", words.before(), full(end, words)),
        EventDate::Range {
            start: None,
            end: None,
        } => String::new(),
    };
    words.finish(text)
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
        p.year
    )
}

/// The point without qualifiers.
fn bare(p: &DatePoint, words: Words) -> String {
    match p.precision() {
        Precision::Year => p.year.to_string(),
        Precision::Month => format!("{} {}", words.month(p.month.unwrap_or(1)), p.year),
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

fn full(p: &DatePoint, words: Words) -> String {
    qualify(bare(p, words), p.qualifiers, words)
}

/// Joins two differing parts with an en dash, spaced when a part has spaces
/// (or a '/', as in the combined Arabic month names).
fn join(a: &str, b: &str) -> String {
    let spaced = |s: &str| s.contains(' ') || s.contains('/');
    if spaced(a) || spaced(b) {
        format!("{a} – {b}")
    } else {
        format!("{a}–{b}")
    }
}

fn range(start: &DatePoint, end: &DatePoint, words: Words) -> String {
    if start == end {
        return full(start, words);
    }
    let plain = start.qualifiers.is_none() && end.qualifiers.is_none();
    if plain && start.precision() == end.precision() {
        let same_year = start.year == end.year;
        let same_month = same_year && start.month == end.month;
        match start.precision() {
            Precision::Month if same_year => {
                return format!(
                    "{} {}",
                    join(
                        &words.month(start.month.unwrap_or(1)),
                        &words.month(end.month.unwrap_or(1))
                    ),
                    start.year
                );
            }
            Precision::Day if same_month => {
                return format!(
                    "{} {} {}",
                    join(
                        &start.day.unwrap_or(1).to_string(),
                        &end.day.unwrap_or(1).to_string()
                    ),
                    words.month(start.month.unwrap_or(1)),
                    start.year
                );
            }
            Precision::Day if same_year => {
                let side = |p: &DatePoint| {
                    format!(
                        "{} {}",
                        p.day.unwrap_or(1),
                        words.month(p.month.unwrap_or(1))
                    )
                };
                return format!("{} {}", join(&side(start), &side(end)), start.year);
            }
            Precision::Time if same_month && start.day == end.day => {
                if let (Some((t1, o1)), Some((t2, o2))) = (start.time_of_day(), end.time_of_day()) {
                    if o1 == o2 {
                        return format!(
                            "{}{} {} {}",
                            day_month_year(start, words),
                            words.comma(),
                            join(&clock(t1), &clock(t2)),
                            utc_label(o1)
                        );
                    }
                }
            }
            _ => {}
        }
    }
    join(&full(start, words), &full(end, words))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::config::DateStyle;

    const LEV: [&str; 12] = [
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
    ];
    const EGY: [&str; 12] = [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ];

    fn style(month_names: MonthNames, digits: Digits) -> DateStyle {
        DateStyle {
            month_names,
            digits,
        }
    }

    const W: Digits = Digits::Western;
    const AI: Digits = Digits::ArabicIndic;

    fn both() -> DateStyle {
        DateStyle::default()
    }

    fn en(s: &str) -> String {
        format_event_date(&EventDate::parse(s).unwrap(), &Locale::of("en", both()))
    }

    fn ar(s: &str) -> String {
        format_event_date(&EventDate::parse(s).unwrap(), &Locale::of("ar", both()))
    }

    fn ar_with(s: &str, st: DateStyle) -> String {
        format_event_date(&EventDate::parse(s).unwrap(), &Locale::of("ar", st))
    }

    fn en_with(s: &str, st: DateStyle) -> String {
        format_event_date(&EventDate::parse(s).unwrap(), &Locale::of("en", st))
    }

    // ----- style settings ---------------------------------------------------

    #[test]
    fn defaults() {
        assert_eq!(MonthNames::default(), MonthNames::Both);
        assert_eq!(Digits::default(), Digits::Western);
        assert_eq!(
            DateStyle::default(),
            DateStyle {
                month_names: MonthNames::Both,
                digits: Digits::Western
            }
        );
    }

    #[test]
    fn serde_names_are_kebab_case() {
        assert_eq!(
            serde_json::to_string(&Digits::ArabicIndic).unwrap(),
            "\"arabic-indic\""
        );
        assert_eq!(
            serde_json::to_string(&Digits::Western).unwrap(),
            "\"western\""
        );
        assert_eq!(
            serde_json::to_string(&MonthNames::Levantine).unwrap(),
            "\"levantine\""
        );
        assert_eq!(
            serde_json::to_string(&MonthNames::Egyptian).unwrap(),
            "\"egyptian\""
        );
        assert_eq!(
            serde_json::to_string(&MonthNames::Both).unwrap(),
            "\"both\""
        );
        let d: Digits = serde_json::from_str("\"arabic-indic\"").unwrap();
        assert_eq!(d, Digits::ArabicIndic);
        let m: MonthNames = serde_json::from_str("\"egyptian\"").unwrap();
        assert_eq!(m, MonthNames::Egyptian);
        assert!(serde_json::from_str::<Digits>("\"ArabicIndic\"").is_err());
    }

    #[test]
    fn style_fields_default_when_missing() {
        let s: DateStyle = serde_json::from_str("{}").unwrap();
        assert_eq!(s, DateStyle::default());
        let s: DateStyle = serde_json::from_str(r#"{"digits":"arabic-indic"}"#).unwrap();
        assert_eq!(s, style(MonthNames::Both, AI));
        let s: DateStyle = serde_json::from_str(r#"{"month_names":"levantine"}"#).unwrap();
        assert_eq!(s, style(MonthNames::Levantine, W));
    }

    #[test]
    fn arabic_language_detection() {
        for lang in ["ar", "AR", "ar-SY", "ar_EG"] {
            assert!(Locale::of(lang, both()).arabic, "{lang}");
        }
        for lang in ["en", "", "a", "arz", "fr-ar", "ár", "en-GB"] {
            assert!(!Locale::of(lang, both()).arabic, "{lang}");
        }
        assert_eq!(
            format_year(2014, &Locale::of("ar-SY", style(MonthNames::Both, AI))),
            "٢٠١٤"
        );
    }

    #[test]
    fn chrono_locale_month_names() {
        for m in 1..=12u32 {
            let i = (m - 1) as usize;
            assert_eq!(locale_month(m, ChronoLocale::ar_SY).unwrap(), LEV[i]);
            assert_eq!(locale_month(m, ChronoLocale::ar_EG).unwrap(), EGY[i]);
        }
        assert_eq!(locale_month(0, ChronoLocale::ar_SY), None);
        assert_eq!(locale_month(13, ChronoLocale::ar_EG), None);
    }

    #[test]
    fn month_names_english() {
        let names: Vec<String> = (1..=12)
            .map(|m| month_name(m, &Locale::of("en", both())))
            .collect();
        assert_eq!(names, MONTHS_EN);
        // Arabic settings do not affect English.
        assert_eq!(
            month_name(7, &Locale::of("en", style(MonthNames::Levantine, AI))),
            "July"
        );
    }

    #[test]
    fn month_names_levantine() {
        let st = style(MonthNames::Levantine, W);
        for m in 1..=12u32 {
            assert_eq!(month_name(m, &Locale::of("ar", st)), LEV[(m - 1) as usize]);
        }
        assert_eq!(month_name(7, &Locale::of("ar", st)), "تموز");
    }

    #[test]
    fn month_names_egyptian() {
        let st = style(MonthNames::Egyptian, W);
        for m in 1..=12u32 {
            assert_eq!(month_name(m, &Locale::of("ar", st)), EGY[(m - 1) as usize]);
        }
        assert_eq!(month_name(7, &Locale::of("ar", st)), "يوليو");
    }

    #[test]
    fn month_names_both() {
        let st = style(MonthNames::Both, W);
        for m in 1..=12u32 {
            let i = (m - 1) as usize;
            assert_eq!(
                month_name(m, &Locale::of("ar", st)),
                format!("{}/{}", LEV[i], EGY[i])
            );
        }
        assert_eq!(month_name(7, &Locale::of("ar", st)), "تموز/يوليو");
        assert_eq!(month_name(1, &Locale::of("ar", st)), "كانون الثاني/يناير");
    }

    #[test]
    fn month_name_out_of_range() {
        assert_eq!(month_name(0, &Locale::of("en", both())), "0");
        assert_eq!(month_name(13, &Locale::of("ar", both())), "13");
        assert_eq!(
            month_name(13, &Locale::of("ar", style(MonthNames::Levantine, AI))),
            "١٣"
        );
    }

    // ----- years and digits -------------------------------------------------

    #[test]
    fn years_in_every_style() {
        assert_eq!(format_year(2014, &Locale::of("en", both())), "2014");
        assert_eq!(
            format_year(2014, &Locale::of("en", style(MonthNames::Both, AI))),
            "2014"
        );
        assert_eq!(
            format_year(2014, &Locale::of("ar", style(MonthNames::Both, W))),
            "2014"
        );
        assert_eq!(
            format_year(2014, &Locale::of("ar", style(MonthNames::Both, AI))),
            "٢٠١٤"
        );
        assert_eq!(
            format_year(1990, &Locale::of("ar", style(MonthNames::Levantine, AI))),
            "١٩٩٠"
        );
    }

    #[test]
    fn arabic_indic_digit_map() {
        assert_eq!(to_arabic_indic("0123456789"), "٠١٢٣٤٥٦٧٨٩");
        assert_eq!(to_arabic_indic("a1–2 (UTC+02:00)"), "a١–٢ (UTC+٠٢:٠٠)");
    }

    // ----- year precision ---------------------------------------------------

    #[test]
    fn year_english() {
        assert_eq!(en("2014"), "2014");
        assert_eq!(en_with("2014", style(MonthNames::Levantine, AI)), "2014");
    }

    #[test]
    fn year_arabic_all_styles() {
        for names in [
            MonthNames::Levantine,
            MonthNames::Egyptian,
            MonthNames::Both,
        ] {
            assert_eq!(ar_with("2014", style(names, W)), "2014");
            assert_eq!(ar_with("2014", style(names, AI)), "٢٠١٤");
        }
    }

    // ----- month precision --------------------------------------------------

    #[test]
    fn month_english() {
        assert_eq!(en("2022-07"), "July 2022");
        assert_eq!(
            en_with("2022-07", style(MonthNames::Egyptian, AI)),
            "July 2022"
        );
    }

    #[test]
    fn month_arabic_all_styles() {
        assert_eq!(
            ar_with("2022-07", style(MonthNames::Both, W)),
            "تموز/يوليو 2022"
        );
        assert_eq!(
            ar_with("2022-07", style(MonthNames::Both, AI)),
            "تموز/يوليو ٢٠٢٢"
        );
        assert_eq!(
            ar_with("2022-07", style(MonthNames::Levantine, W)),
            "تموز 2022"
        );
        assert_eq!(
            ar_with("2022-07", style(MonthNames::Levantine, AI)),
            "تموز ٢٠٢٢"
        );
        assert_eq!(
            ar_with("2022-07", style(MonthNames::Egyptian, W)),
            "يوليو 2022"
        );
        assert_eq!(
            ar_with("2022-07", style(MonthNames::Egyptian, AI)),
            "يوليو ٢٠٢٢"
        );
    }

    // ----- day precision ----------------------------------------------------

    #[test]
    fn day_english() {
        assert_eq!(en("2022-09-07"), "7 September 2022");
        assert_eq!(en("2022-09-17"), "17 September 2022");
        assert_eq!(
            en_with("2022-09-07", style(MonthNames::Levantine, AI)),
            "7 September 2022"
        );
    }

    #[test]
    fn day_arabic_all_styles() {
        assert_eq!(
            ar_with("2022-09-07", style(MonthNames::Both, W)),
            "7 أيلول/سبتمبر 2022"
        );
        assert_eq!(
            ar_with("2022-09-07", style(MonthNames::Both, AI)),
            "٧ أيلول/سبتمبر ٢٠٢٢"
        );
        assert_eq!(
            ar_with("2022-09-07", style(MonthNames::Levantine, W)),
            "7 أيلول 2022"
        );
        assert_eq!(
            ar_with("2022-09-07", style(MonthNames::Levantine, AI)),
            "٧ أيلول ٢٠٢٢"
        );
        assert_eq!(
            ar_with("2022-09-07", style(MonthNames::Egyptian, W)),
            "7 سبتمبر 2022"
        );
        assert_eq!(
            ar_with("2022-09-07", style(MonthNames::Egyptian, AI)),
            "٧ سبتمبر ٢٠٢٢"
        );
    }

    // ----- time precision ---------------------------------------------------

    #[test]
    fn time_english() {
        assert_eq!(
            en("2022-09-07T10:30:00+02:00"),
            "7 September 2022, 10:30 (UTC+02:00)"
        );
        assert_eq!(en("2022-09-07T10:30Z"), "7 September 2022, 10:30 (UTC)");
        assert_eq!(
            en("2022-09-07T10:30:15-05:30"),
            "7 September 2022, 10:30:15 (UTC-05:30)"
        );
        assert_eq!(
            en_with("2022-09-07T10:30+02:00", style(MonthNames::Both, AI)),
            "7 September 2022, 10:30 (UTC+02:00)"
        );
    }

    #[test]
    fn time_keeps_its_local_date() {
        assert_eq!(
            en("2022-09-07T23:30:00-05:00"),
            "7 September 2022, 23:30 (UTC-05:00)"
        );
    }

    #[test]
    fn time_arabic_all_styles() {
        let t = "2022-09-07T10:30+02:00";
        assert_eq!(
            ar_with(t, style(MonthNames::Both, W)),
            "7 أيلول/سبتمبر 2022، 10:30 (UTC+02:00)"
        );
        assert_eq!(
            ar_with(t, style(MonthNames::Both, AI)),
            "٧ أيلول/سبتمبر ٢٠٢٢، ١٠:٣٠ (UTC+٠٢:٠٠)"
        );
        assert_eq!(
            ar_with(t, style(MonthNames::Levantine, W)),
            "7 أيلول 2022، 10:30 (UTC+02:00)"
        );
        assert_eq!(
            ar_with(t, style(MonthNames::Levantine, AI)),
            "٧ أيلول ٢٠٢٢، ١٠:٣٠ (UTC+٠٢:٠٠)"
        );
        assert_eq!(
            ar_with(t, style(MonthNames::Egyptian, W)),
            "7 سبتمبر 2022، 10:30 (UTC+02:00)"
        );
        assert_eq!(
            ar_with(t, style(MonthNames::Egyptian, AI)),
            "٧ سبتمبر ٢٠٢٢، ١٠:٣٠ (UTC+٠٢:٠٠)"
        );
    }

    // ----- qualifiers -------------------------------------------------------

    #[test]
    fn qualifiers_english() {
        assert_eq!(en("2022-07~"), "c. July 2022");
        assert_eq!(en("2022?"), "2022?");
        assert_eq!(en("2022%"), "c. 2022?");
        assert_eq!(en("2022-09-07~"), "c. 7 September 2022");
        assert_eq!(en("2022-09-07?"), "7 September 2022?");
        assert_eq!(en("2022-09-07T10:30Z?"), "7 September 2022, 10:30 (UTC)?");
    }

    #[test]
    fn qualifiers_arabic() {
        assert_eq!(ar("2013~"), "نحو 2013");
        assert_eq!(ar("2022-07~"), "نحو تموز/يوليو 2022");
        assert_eq!(ar("2022?"), "2022؟");
        assert_eq!(ar("2022%"), "نحو 2022؟");
        assert_eq!(ar("2022-09-07?"), "7 أيلول/سبتمبر 2022؟");
        assert_eq!(
            ar_with("2022-07%", style(MonthNames::Egyptian, AI)),
            "نحو يوليو ٢٠٢٢؟"
        );
        assert_eq!(
            ar_with("2013~", style(MonthNames::Levantine, AI)),
            "نحو ٢٠١٣"
        );
    }

    #[test]
    fn format_point_matches_event_date() {
        for s in [
            "2014",
            "2022-07~",
            "2022-09-07",
            "2022-09-07T10:30+02:00",
            "2022%",
        ] {
            let date = EventDate::parse(s).unwrap();
            let EventDate::Point(p) = date else { panic!() };
            for lang in ["en", "ar"] {
                for st in [style(MonthNames::Both, W), style(MonthNames::Levantine, AI)] {
                    assert_eq!(
                        format_point(&p, &Locale::of(lang, st)),
                        format_event_date(&date, &Locale::of(lang, st))
                    );
                }
            }
        }
        let p = crate::date::parse_published("2022-09-07").unwrap();
        assert_eq!(
            format_point(&p, &Locale::of("ar", style(MonthNames::Egyptian, AI))),
            "٧ سبتمبر ٢٠٢٢"
        );
    }

    // ----- ranges: English --------------------------------------------------

    #[test]
    fn range_days_same_month_english() {
        assert_eq!(en("2022-07-15/2022-07-17"), "15–17 July 2022");
        assert_eq!(en("2022-07-01/2022-07-31"), "1–31 July 2022");
    }

    #[test]
    fn range_days_across_months_english() {
        assert_eq!(en("2022-06-30/2022-07-02"), "30 June – 2 July 2022");
    }

    #[test]
    fn range_days_across_years_english() {
        assert_eq!(
            en("2021-12-30/2022-01-02"),
            "30 December 2021 – 2 January 2022"
        );
    }

    #[test]
    fn range_months_english() {
        assert_eq!(en("2021-12/2022-01"), "December 2021 – January 2022");
        assert_eq!(en("2016-05/2016-09"), "May–September 2016");
    }

    #[test]
    fn range_mixed_precision_english() {
        assert_eq!(en("2013-05/2016-09"), "May 2013 – September 2016");
        assert_eq!(en("2013/2016-09"), "2013 – September 2016");
        assert_eq!(en("2022-07/2022-07-15"), "July 2022 – 15 July 2022");
        assert_eq!(en("2022-07-15/2022-09"), "15 July 2022 – September 2022");
    }

    #[test]
    fn range_years_english() {
        assert_eq!(en("2013/2016"), "2013–2016");
    }

    #[test]
    fn range_same_both_sides_is_one_date() {
        assert_eq!(en("2022/2022"), "2022");
        assert_eq!(en("2022-07-15/2022-07-15"), "15 July 2022");
        assert_eq!(ar("2022-07/2022-07"), "تموز/يوليو 2022");
    }

    #[test]
    fn range_with_qualifiers_english() {
        assert_eq!(en("2013~/2016"), "c. 2013 – 2016");
        assert_eq!(en("2013?/2016"), "2013?–2016");
        assert_eq!(
            en("2022-07-15~/2022-07-17"),
            "c. 15 July 2022 – 17 July 2022"
        );
        assert_eq!(en("2016-05/2016-09?"), "May 2016 – September 2016?");
    }

    #[test]
    fn range_times_english() {
        assert_eq!(
            en("2022-09-07T10:30+02:00/2022-09-07T12:00+02:00"),
            "7 September 2022, 10:30–12:00 (UTC+02:00)"
        );
        assert_eq!(
            en("2022-09-07T10:30+02:00/2022-09-07T12:00Z"),
            "7 September 2022, 10:30 (UTC+02:00) – 7 September 2022, 12:00 (UTC)"
        );
        assert_eq!(
            en("2022-09-07T22:00Z/2022-09-08T02:00Z"),
            "7 September 2022, 22:00 (UTC) – 8 September 2022, 02:00 (UTC)"
        );
        assert_eq!(
            en("2022-09-07/2022-09-07T12:00Z"),
            "7 September 2022 – 7 September 2022, 12:00 (UTC)"
        );
    }

    #[test]
    fn open_end_english() {
        assert_eq!(en("2016/.."), "since 2016");
        assert_eq!(en("2016-05/.."), "since May 2016");
        assert_eq!(en("2016-05-03/.."), "since 3 May 2016");
        assert_eq!(en("2016~/.."), "since c. 2016");
    }

    #[test]
    fn open_start_english() {
        assert_eq!(en("../2013-05"), "before May 2013");
        assert_eq!(en("../2013"), "before 2013");
        assert_eq!(en("../2013-05-02"), "before 2 May 2013");
        assert_eq!(en("../2013?"), "before 2013?");
    }

    #[test]
    fn english_ignores_arabic_digits_setting_in_ranges() {
        assert_eq!(
            en_with("2013/2016", style(MonthNames::Both, AI)),
            "2013–2016"
        );
        assert_eq!(
            en_with("2016/..", style(MonthNames::Levantine, AI)),
            "since 2016"
        );
    }

    #[test]
    fn unknown_language_is_english() {
        let date = EventDate::parse("2022-07").unwrap();
        assert_eq!(
            format_event_date(&date, &Locale::of("fr", both())),
            "July 2022"
        );
        assert_eq!(
            format_event_date(&date, &Locale::of("", both())),
            "July 2022"
        );
    }

    // ----- ranges: Arabic ---------------------------------------------------

    #[test]
    fn range_days_same_month_arabic() {
        assert_eq!(ar("2022-07-15/2022-07-17"), "15–17 تموز/يوليو 2022");
        assert_eq!(
            ar_with("2022-07-15/2022-07-17", style(MonthNames::Levantine, W)),
            "15–17 تموز 2022"
        );
        assert_eq!(
            ar_with("2022-07-15/2022-07-17", style(MonthNames::Egyptian, AI)),
            "١٥–١٧ يوليو ٢٠٢٢"
        );
        assert_eq!(
            ar_with("2022-07-15/2022-07-17", style(MonthNames::Both, AI)),
            "١٥–١٧ تموز/يوليو ٢٠٢٢"
        );
    }

    #[test]
    fn range_days_across_months_arabic() {
        assert_eq!(
            ar("2022-06-30/2022-07-02"),
            "30 حزيران/يونيو – 2 تموز/يوليو 2022"
        );
        assert_eq!(
            ar_with("2022-06-30/2022-07-02", style(MonthNames::Egyptian, W)),
            "30 يونيو – 2 يوليو 2022"
        );
    }

    #[test]
    fn range_days_across_years_arabic() {
        assert_eq!(
            ar_with("2021-12-30/2022-01-02", style(MonthNames::Levantine, AI)),
            "٣٠ كانون الأول ٢٠٢١ – ٢ كانون الثاني ٢٠٢٢"
        );
    }

    #[test]
    fn range_months_arabic() {
        assert_eq!(
            ar("2021-12/2022-01"),
            "كانون الأول/ديسمبر 2021 – كانون الثاني/يناير 2022"
        );
        assert_eq!(ar("2016-05/2016-09"), "أيار/مايو – أيلول/سبتمبر 2016");
        assert_eq!(
            ar_with("2016-05/2016-09", style(MonthNames::Egyptian, W)),
            "مايو–سبتمبر 2016"
        );
        assert_eq!(
            ar_with("2016-01/2016-03", style(MonthNames::Levantine, W)),
            "كانون الثاني – آذار 2016"
        );
    }

    #[test]
    fn range_mixed_precision_arabic() {
        assert_eq!(ar("2013-05/2016-09"), "أيار/مايو 2013 – أيلول/سبتمبر 2016");
        assert_eq!(
            ar_with("2013-05/2016-09", style(MonthNames::Egyptian, AI)),
            "مايو ٢٠١٣ – سبتمبر ٢٠١٦"
        );
    }

    #[test]
    fn range_years_arabic() {
        assert_eq!(ar("2013/2016"), "2013–2016");
        assert_eq!(
            ar_with("2013/2016", style(MonthNames::Levantine, AI)),
            "٢٠١٣–٢٠١٦"
        );
    }

    #[test]
    fn range_with_qualifiers_arabic() {
        assert_eq!(ar("2013~/2016"), "نحو 2013 – 2016");
        assert_eq!(ar("2013/2016?"), "2013–2016؟");
    }

    #[test]
    fn range_times_arabic() {
        assert_eq!(
            ar_with(
                "2022-09-07T10:30+02:00/2022-09-07T12:00+02:00",
                style(MonthNames::Both, AI)
            ),
            "٧ أيلول/سبتمبر ٢٠٢٢، ١٠:٣٠–١٢:٠٠ (UTC+٠٢:٠٠)"
        );
    }

    #[test]
    fn open_end_arabic() {
        assert_eq!(ar("2016/.."), "منذ 2016");
        assert_eq!(ar("2016-05/.."), "منذ أيار/مايو 2016");
        assert_eq!(ar_with("2016/..", style(MonthNames::Both, AI)), "منذ ٢٠١٦");
        assert_eq!(ar("2016~/.."), "منذ نحو 2016");
    }

    #[test]
    fn open_start_arabic() {
        assert_eq!(ar("../2013-05"), "قبل أيار/مايو 2013");
        assert_eq!(
            ar_with("../2013-05", style(MonthNames::Levantine, W)),
            "قبل أيار 2013"
        );
        assert_eq!(
            ar_with("../2013-05", style(MonthNames::Egyptian, AI)),
            "قبل مايو ٢٠١٣"
        );
        assert_eq!(ar("../2013"), "قبل 2013");
    }

    // ----- robustness -------------------------------------------------------

    #[test]
    fn hand_built_values_do_not_panic() {
        let open = EventDate::Range {
            start: None,
            end: None,
        };
        assert_eq!(format_event_date(&open, &Locale::of("en", both())), "");
        let odd = DatePoint {
            year: 2022,
            month: Some(13),
            day: Some(40),
            time: None,
            qualifiers: Qualifiers::NONE,
        };
        assert_eq!(format_point(&odd, &Locale::of("en", both())), "40 13 2022");
        assert_eq!(
            format_point(&odd, &Locale::of("ar", style(MonthNames::Both, AI))),
            "٤٠ ١٣ ٢٠٢٢"
        );
    }
}
