//! The words and marks a date is written with, in English and Arabic: month and
//! season names, era marks, "since" and "until", digits and number grouping, and the
//! dash that joins two parts. date_format.rs and hijri.rs both write with them.

use std::fmt::Write as _;

use chrono::{Locale as ChronoLocale, NaiveDate};

use crate::config::{Digits, Locale, MonthNames};
pub(super) use crate::date::MONTHS_EN;

/// Seasons 21–24, in the text of a date and as a heading.
pub(super) const SEASONS_EN: [&str; 4] = ["spring", "summer", "autumn", "winter"];
pub(super) const SEASON_HEADINGS_EN: [&str; 4] = ["Spring", "Summer", "Autumn", "Winter"];
pub(super) const SEASONS_AR: [&str; 4] = ["ربيع", "صيف", "خريف", "شتاء"];
pub(super) const SEASON_HEADINGS_AR: [&str; 4] = ["الربيع", "الصيف", "الخريف", "الشتاء"];

/// The language-dependent words and marks.
#[derive(Clone, Copy)]
pub(super) struct Words<'a> {
    pub(super) arabic: bool,
    pub(super) locale: &'a Locale,
}

/// An English and an Arabic word.
pub(super) fn pick(arabic: bool, en: &'static str, ar: &'static str) -> &'static str {
    if arabic {
        ar
    } else {
        en
    }
}

impl<'a> Words<'a> {
    pub(super) fn new(locale: &'a Locale) -> Self {
        Words {
            arabic: locale.arabic,
            locale,
        }
    }

    pub(super) fn approximate(&self) -> &'static str {
        pick(self.arabic, "c. ", "نحو ")
    }

    pub(super) fn uncertain(&self) -> &'static str {
        pick(self.arabic, "?", "؟")
    }

    pub(super) fn comma(&self) -> &'static str {
        pick(self.arabic, ",", "،")
    }

    pub(super) fn since(&self) -> &'static str {
        pick(self.arabic, "since", "منذ")
    }

    pub(super) fn before(&self) -> &'static str {
        pick(self.arabic, "before", "قبل")
    }

    pub(super) fn from(&self) -> &'static str {
        pick(self.arabic, "from", "من")
    }

    pub(super) fn until(&self) -> &'static str {
        pick(self.arabic, "until", "حتى")
    }

    pub(super) fn month(&self, month: u32) -> String {
        if let Some(i) = season_index(month) {
            return pick(self.arabic, SEASONS_EN[i], SEASONS_AR[i]).to_string();
        }
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

    /// A number, its digits grouped by thousands from five digits on: "170,000,002",
    /// or with the Arabic thousands separator when Arabic-Indic digits are asked for.
    pub(super) fn number(&self, n: u128) -> String {
        let digits = n.to_string();
        if digits.len() < 5 {
            return digits;
        }
        let sep = if self.arabic && self.locale.digits == Digits::ArabicIndic {
            '\u{066C}'
        } else {
            ','
        };
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    /// A year as a number and its era mark: ("2022", ""), ("44", " CE"), ("500", " BCE").
    pub(super) fn year_parts(&self, year: i64) -> (String, &'static str) {
        match year {
            1000.. => (self.number(u128::from(year.unsigned_abs())), ""),
            1..=999 => (year.to_string(), pick(self.arabic, " CE", " م")),
            _ => (
                self.number(1 + u128::from(year.unsigned_abs())),
                pick(self.arabic, " BCE", " ق.م"),
            ),
        }
    }

    /// A year with its era mark when it needs one: "2022", "44 CE", "500 BCE".
    pub(super) fn year(&self, year: i64) -> String {
        let (n, era) = self.year_parts(year);
        format!("{n}{era}")
    }

    /// Applies the digit style (Arabic output only).
    pub(super) fn finish(&self, text: String) -> String {
        if self.locale.digits == Digits::ArabicIndic {
            to_arabic_indic(&text)
        } else {
            text
        }
    }
}

/// 0–3 for a season code 21–24.
pub(super) fn season_index(month: u32) -> Option<usize> {
    (21..=24).contains(&month).then(|| (month - 21) as usize)
}

/// The month's name in a chrono locale; `None` for a month outside 1..=12.
pub(super) fn locale_month(month: u32, locale: ChronoLocale) -> Option<String> {
    let date = NaiveDate::from_ymd_opt(2000, month, 1)?;
    let mut name = String::new();
    write!(name, "{}", date.format_localized("%B", locale)).ok()?;
    Some(name)
}

pub(super) fn to_arabic_indic(text: &str) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(0x0660 + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Joins two differing parts with an en dash, spaced when a part has spaces
/// (or a '/', as in the combined Arabic month names).
pub(super) fn join(a: &str, b: &str) -> String {
    let spaced = |s: &str| s.contains(' ') || s.contains('/');
    if spaced(a) || spaced(b) {
        format!("{a} – {b}")
    } else {
        format!("{a}–{b}")
    }
}
