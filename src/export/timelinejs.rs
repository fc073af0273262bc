//! The TimelineJS3 export: a topic's (or the whole site's) events in the JSON format of
//! TimelineJS3's documentation (`json-format`), and a locale file of our own per
//! language that TimelineJS loads by URL (`language: ".../timelinejs-locale.json"`).
//!
//! - `start_date` and `end_date` carry only the parts the event's precision knows: a
//!   year is `{year}`, a month `{year, month}`; a decade or a century spans its first
//!   to its last year, a season its first to its last month. Years before 1 CE are
//!   historical there (`-500` is 500 BCE: TimelineJS prints the absolute value with
//!   its era label and has no year 0), astronomical in our dates (`-0499`).
//! - Every slide has `display_date`, the date exactly as the pages show it ("c. 2013",
//!   "since 2016", "15–17 July 2022", «15–17 تموز/يوليو 2022»): TimelineJS would
//!   otherwise print a decade, an approximate or an open date as if it were exact. An
//!   open or unknown end has no `end_date`; an open or unknown start starts at the end.
//! - `unique_id` is the slug made safe: ASCII letters, digits and dashes, starting with
//!   a letter; a slug with other characters (an Arabic one) keeps its ASCII part and
//!   gets a short hash of the whole slug, so ids stay unique and stable.
//! - `group` is the topic's title; phases become `eras`. TimelineJS refuses an era whose
//!   ends are equal (a phase written as one year has `{year: 2014}` at both ends): such
//!   an era is widened to the first and last day its dates can mean (and a phase of one
//!   day to the next day); a phase with an open or unknown end cannot be an era and is
//!   left out, with a warning from the build ([`era_warnings`]).

use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::json_object::JsonObject;
use super::records::{Fields, Record};
use crate::config::{Config, Language, MonthNames, Phase};
use crate::date::{DatePoint, Day, EventDate, Precision, RangeSide};
use crate::error::Diagnostic;
use crate::html::escape;

/// A TimelineJS3 file, as printed: its title slide, events and eras.
#[derive(Debug, Hash)]
pub(crate) struct TimelineView {
    pub arabic: bool,
    pub headline: String,
    pub text: String,
    /// (record, its group: the topic's title).
    pub events: Vec<(Arc<Record>, String)>,
    pub eras: Vec<(String, EventDate)>,
}

/// A TimelineJS date object at the precision known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
struct TlDate {
    year: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hour: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minute: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    second: Option<u32>,
}

/// TimelineJS's years: historical before 1 CE (no year 0).
fn tl_year(astronomical: i64) -> i64 {
    match astronomical {
        y if y <= 0 => y.saturating_sub(1),
        y => y,
    }
}

fn of_day(d: Day) -> TlDate {
    TlDate {
        year: tl_year(d.year),
        month: Some(d.month),
        day: Some(d.day),
        ..TlDate::default()
    }
}

/// The earliest (`last` false) or latest side of a point, at its precision.
fn side(p: &DatePoint, last: bool) -> TlDate {
    let year = |y: i64| TlDate {
        year: tl_year(y),
        ..TlDate::default()
    };
    match p.precision() {
        Precision::Century | Precision::Decade => {
            let (a, b) = p.year_span();
            year(if last { b } else { a })
        }
        Precision::Year => year(p.year),
        Precision::Season => {
            let d = if last { p.last_day() } else { p.first_day() };
            TlDate {
                day: None,
                ..of_day(d)
            }
        }
        Precision::Month => TlDate {
            month: p.month,
            ..year(p.year)
        },
        Precision::Day => of_day(p.first_day()),
        Precision::Time => {
            let mut d = of_day(p.first_day());
            if let Some((t, _)) = p.time_of_day() {
                use chrono::Timelike;
                d.hour = Some(t.hour());
                d.minute = Some(t.minute());
                d.second = Some(t.second());
            }
            d
        }
    }
}

/// The start and end of a date as TimelineJS dates (no end for an open or unknown one,
/// nor for a point whose ends are the same).
fn span(date: &EventDate) -> Option<(TlDate, Option<TlDate>)> {
    let (start, end) = match date {
        EventDate::Point(p) => (side(p, false), Some(side(p, true))),
        EventDate::Range { start, end } => match (start, end) {
            (RangeSide::Date(s), RangeSide::Date(e)) => (side(s, false), Some(side(e, true))),
            (RangeSide::Date(s), _) => (side(s, false), None),
            (_, RangeSide::Date(e)) => (side(e, false), Some(side(e, true))),
            _ => return None,
        },
    };
    Some((start, end.filter(|e| *e != start)))
}

/// An era's ends: never equal (widened to the days they can mean, then by a day);
/// `None` for a phase with an open or unknown side.
fn era_span(date: &EventDate) -> Option<(TlDate, TlDate)> {
    let (start, end) = match date {
        EventDate::Point(p) => (*p, *p),
        EventDate::Range {
            start: RangeSide::Date(s),
            end: RangeSide::Date(e),
        } => (*s, *e),
        EventDate::Range { .. } => return None,
    };
    let (a, b) = (side(&start, false), side(&end, true));
    if a != b {
        return Some((a, b));
    }
    let (first, last) = (start.first_day(), end.last_day());
    if first != last {
        return Some((of_day(first), of_day(last)));
    }
    let next = last
        .to_naive()
        .and_then(|d| d.succ_opt())
        .map_or(Day::clamped(last.year + 1, 1, 1), Day::from);
    Some((of_day(first), of_day(next)))
}

/// Warnings for the phases no era can show (an open or unknown end).
pub(crate) fn era_warnings(config: &Config) -> Vec<Diagnostic> {
    let lang = &config.default_language().code;
    config
        .topics
        .iter()
        .flat_map(|t| t.phases.iter().map(move |p| (t, p)))
        .filter(|(_, p)| era_span(&p.date).is_none())
        .map(|(t, p)| {
            Diagnostic::warning(format!(
                "the phase `{}` of topic `{}` ({}) has an open or unknown end: the TimelineJS3 export leaves it out (TimelineJS3 eras need both ends)",
                p.title.get(lang, lang),
                t.id,
                p.date
            ))
        })
        .collect()
}

/// The phases of `phases` as eras: (title, date).
pub(crate) fn eras(phases: &[&Phase], lang: &Language, fallback: &str) -> Vec<(String, EventDate)> {
    phases
        .iter()
        .map(|p| (p.title.get(&lang.code, fallback), p.date))
        .collect()
}

/// The words of a slide's link.
fn read_more(arabic: bool) -> &'static str {
    match arabic {
        true => "اقرأ الحدث كاملًا",
        false => "Read the full event",
    }
}

/// A slug as a TimelineJS id: ASCII, starting with a letter.
fn safe_id(slug: &str) -> String {
    let mut ascii = String::new();
    for c in slug.chars() {
        match c {
            'a'..='z' | '0'..='9' | '-' => ascii.push(c),
            'A'..='Z' => ascii.push(c.to_ascii_lowercase()),
            _ => {
                if !ascii.ends_with('-') && !ascii.is_empty() {
                    ascii.push('-');
                }
            }
        }
    }
    let mut id = ascii.trim_matches('-').to_string();
    if !slug.is_ascii() || slug.chars().any(|c| c.is_ascii_uppercase()) {
        let hash = crate::fingerprint::hash_bytes(slug.as_bytes()) as u32;
        if !id.is_empty() {
            id.push('-');
        }
        let _ = write!(id, "{hash:08x}");
    }
    if id.is_empty() || !ascii.starts_with(|c: char| c.is_ascii_lowercase()) {
        id.insert_str(0, "event-");
    }
    id
}

/// Ids made unique in order (a second `x` is `x-2`).
fn unique_ids(slugs: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    slugs
        .map(|id| {
            let mut candidate = id.clone();
            let mut n = 2;
            while !seen.insert(candidate.clone()) {
                candidate = format!("{id}-{n}");
                n += 1;
            }
            candidate
        })
        .collect()
}

fn date_value(d: TlDate) -> Value {
    serde_json::to_value(d).unwrap_or(Value::Null)
}

fn slide(r: &Fields, group: &str, id: String, arabic: bool) -> Value {
    let mut s = Map::new();
    if let Some((start, end)) = span(&r.event_date) {
        s.insert("start_date".into(), date_value(start));
        if let Some(end) = end {
            s.insert("end_date".into(), date_value(end));
        }
    }
    s.insert("display_date".into(), Value::String(r.date_text.clone()));
    let mut text = String::new();
    if !r.summary.is_empty() {
        let _ = write!(text, "<p>{}</p>", escape(&r.summary));
    }
    let _ = write!(
        text,
        "<p><a href=\"{}\">{}</a></p>",
        escape(&r.url),
        read_more(arabic)
    );
    s.insert(
        "text".into(),
        json!({ "headline": escape(&r.title), "text": text }),
    );
    if let Some(image) = &r.image {
        let mut m = Map::new();
        m.insert("url".into(), Value::String(image.url.clone()));
        m.insert("alt".into(), Value::String(image.alt.clone()));
        if let Some(credit) = &image.credit {
            m.insert("credit".into(), Value::String(escape(credit)));
        }
        s.insert("media".into(), Value::Object(m));
    }
    s.insert("group".into(), Value::String(group.to_string()));
    s.insert("unique_id".into(), Value::String(id));
    s.insert("autolink".into(), Value::Bool(false));
    Value::Object(s)
}

/// A slide's JSON text: what [`slide`] prints, made of the two parts of its record that
/// are the same in every file that lists it (the keys before `group`, and those between
/// it and `unique_id`, in the sorted order serde_json prints keys in), kept by a record
/// that keeps its lines, and the file's own `group` and `unique_id`.
fn slide_text(r: &Record, group: &str, id: &str, arabic: bool) -> String {
    let parts = r.slide_parts(|fields| {
        let Value::Object(mut s) = slide(fields, group, id.to_string(), arabic) else {
            return Default::default();
        };
        s.remove("group");
        s.remove("unique_id");
        let (before, after): (Map<String, Value>, Map<String, Value>) =
            s.into_iter().partition(|(k, _)| k.as_str() < "group");
        let inner = |m: Map<String, Value>| {
            let text = serde_json::to_string(&Value::Object(m)).unwrap_or_default();
            let inside = text.strip_prefix('{').and_then(|t| t.strip_suffix('}'));
            inside.unwrap_or_default().to_string()
        };
        (inner(before), inner(after))
    });
    let (before, after) = &*parts;
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    format!(
        "{{{before},\"group\":{},{after},\"unique_id\":{}}}",
        quoted(group),
        quoted(id)
    )
}

/// The file's JSON text.
pub(crate) fn json(view: &TimelineView) -> String {
    let mut title_text = String::new();
    if !view.text.is_empty() {
        let _ = write!(title_text, "<p>{}</p>", escape(&view.text));
    }
    let eras: Vec<Value> = view
        .eras
        .iter()
        .filter_map(|(title, date)| {
            let (start, end) = era_span(date)?;
            Some(json!({
                "start_date": date_value(start),
                "end_date": date_value(end),
                "text": { "headline": escape(title) },
            }))
        })
        .collect();
    let title = json!({
        "text": { "headline": escape(&view.headline), "text": title_text },
        "unique_id": "title",
    });
    let top = match eras.is_empty() {
        true => JsonObject::new(),
        false => JsonObject::new().array("eras", eras),
    };
    let ids = unique_ids(view.events.iter().map(|(r, _)| safe_id(&r.id)));
    let slides = view.events.iter().zip(ids);
    let top = match view.events.first().is_some_and(|(r, _)| r.keeps_lines()) {
        true => top.array_printed(
            "events",
            slides.map(|((r, group), id)| slide_text(r, group, &id, view.arabic)),
        ),
        false => top.array(
            "events",
            slides.map(|((r, group), id)| slide(r, group, id, view.arabic)),
        ),
    };
    top.field("title", &title).line()
}

pub(super) fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

const MONTHS_EGYPTIAN: [&str; 12] = [
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
const MONTHS_LEVANTINE: [&str; 12] = [
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

/// The locale file of a language: TimelineJS3's Arabic one prints "BCE" in English and
/// the month before the day ("mmmm d, yyyy"), and only the Levantine month names; ours
/// writes the day first, «ق.م», and the month names site.toml asks for. The English one
/// writes the day first too ("7 September 2022"), as the pages do. What it does not set
/// falls back to TimelineJS3's English.
pub(crate) fn locale(lang: &Language) -> String {
    let l = &lang.locale;
    let v = if l.arabic {
        let months: Vec<String> = (0..12)
            .map(|i| match l.month_names {
                MonthNames::Levantine => MONTHS_LEVANTINE[i].to_string(),
                MonthNames::Egyptian => MONTHS_EGYPTIAN[i].to_string(),
                MonthNames::Both => format!("{}/{}", MONTHS_LEVANTINE[i], MONTHS_EGYPTIAN[i]),
            })
            .collect();
        // The time axis has little room: one name there (the Egyptian ones are the
        // shorter and understood everywhere) when the pages show both.
        let abbr: Vec<String> = (0..12)
            .map(|i| match l.month_names {
                MonthNames::Levantine => MONTHS_LEVANTINE[i].to_string(),
                MonthNames::Egyptian | MonthNames::Both => MONTHS_EGYPTIAN[i].to_string(),
            })
            .collect();
        json!({
            "name": "العربية (timeline)",
            "lang": lang.code,
            "direction": "rtl",
            "api": { "wikipedia": "ar" },
            "messages": {
                "loading": "جارٍ التحميل",
                "return_to_title": "العودة إلى البداية",
                "go_to_end": "الانتقال إلى آخر شريحة",
                "loading_content": "جارٍ تحميل المحتوى",
                "loading_timeline": "جارٍ تحميل الخط الزمني… ",
                "swipe_to_navigate": "اسحب للتنقل<br><span class='tl-button'>حسنًا</span>",
                "zoom_in": "تكبير",
                "zoom_out": "تصغير",
                "error": "خطأ",
                "wikipedia": "من ويكيبيديا، الموسوعة الحرة",
            },
            "era_labels": {
                "positive_year": { "prefix": "", "suffix": "" },
                "negative_year": { "prefix": "", "suffix": "ق.م" },
            },
            "date": {
                "month": months,
                "month_abbr": abbr,
                "day": ["الأحد", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"],
                "day_abbr": ["الأحد", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"],
            },
            "period_labels": { "t": ["ص", "م"], "tt": ["ص", "م"], "T": ["ص", "م"], "TT": ["ص", "م"] },
            "dateformats": dateformats(),
            // The time axis of deep time (TimelineJS3 prints "170.0 MYA" otherwise).
            "bigdateformats": {
                "fallback": big_arabic(),
                "compact": big_arabic(),
                "verbose": big_arabic(),
            },
        })
    } else {
        json!({
            "name": "English (timeline)",
            "lang": lang.code,
            "era_labels": {
                "positive_year": { "prefix": "", "suffix": "" },
                "negative_year": { "prefix": "", "suffix": "BCE" },
            },
            "dateformats": dateformats(),
        })
    };
    pretty(&v)
}

/// Years ago, in Arabic, for TimelineJS3's scale of deep time.
fn big_arabic() -> Value {
    json!([
        [1_000_000_000, "قبل %.2f مليار سنة"],
        [1_000_000, "قبل %.1f مليون سنة"],
        [1000, "قبل %.1f ألف سنة"],
        [1, "قبل %f سنة"],
    ])
}

/// Day before month, as the pages write dates.
fn dateformats() -> Value {
    json!({
        "year": "yyyy",
        "month_short": "mmm",
        "month": "mmmm yyyy",
        "full_short": "d mmm",
        "full": "d mmmm yyyy",
        "time": "HH:MM:ss'<small>'d mmmm yyyy'</small>'",
        "time_short": "HH:MM:ss",
        "time_no_seconds_short": "HH:MM",
        "time_no_minutes_short": "HH",
        "time_no_seconds_small_date": "HH:MM'<br/><small>'d mmmm yyyy'</small>'",
        "time_milliseconds": "l",
        "full_long": "d mmm yyyy HH:MM",
        "full_long_small_date": "HH:MM'<br/><small>'d mmm yyyy'</small>'",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> EventDate {
        EventDate::parse(s).expect("date")
    }

    #[test]
    fn dates_carry_only_the_parts_known() {
        let (s, e) = span(&d("2014")).expect("span");
        assert_eq!((s.year, s.month, e), (2014, None, None));
        let (s, e) = span(&d("2022-07")).expect("span");
        assert_eq!((s.month, s.day, e), (Some(7), None, None));
        let (s, e) = span(&d("201X")).expect("span");
        assert_eq!((s.year, e.map(|e| e.year)), (2010, Some(2019)));
        let (s, e) = span(&d("2022-24")).expect("span");
        assert_eq!((s.year, s.month), (2022, Some(12)));
        assert_eq!(
            e.map(|e| (e.year, e.month, e.day)),
            Some((2023, Some(2), None))
        );
        let (s, e) = span(&d("2016/..")).expect("span");
        assert_eq!((s.year, e), (2016, None));
        let (s, e) = span(&d("../2013-05")).expect("span");
        assert_eq!((s.year, s.month, e), (2013, Some(5), None));
        // 500 BCE is -500 for TimelineJS, -0499 for EDTF; 1 BCE is -1.
        assert_eq!(span(&d("-0499")).expect("span").0.year, -500);
        assert_eq!(span(&d("0000")).expect("span").0.year, -1);
    }

    #[test]
    fn eras_never_have_equal_ends() {
        let (a, b) = era_span(&d("2014")).expect("era");
        assert_eq!(
            (a.month, a.day, b.month, b.day),
            (Some(1), Some(1), Some(12), Some(31))
        );
        let (a, b) = era_span(&d("2014-03-02")).expect("era");
        assert_eq!((a.day, b.day), (Some(2), Some(3)));
        let (a, b) = era_span(&d("2013-05/2016-09")).expect("era");
        assert_eq!(
            (a.year, a.month, b.year, b.month),
            (2013, Some(5), 2016, Some(9))
        );
        assert!(era_span(&d("2016/..")).is_none());
    }

    #[test]
    fn ids_are_ascii_start_with_a_letter_and_stay_unique() {
        assert_eq!(safe_id("2022-cyberattack"), "event-2022-cyberattack");
        assert_eq!(safe_id("attack"), "attack");
        let arabic = safe_id("الهجوم");
        assert!(
            arabic.starts_with("event-") && arabic.is_ascii(),
            "{arabic}"
        );
        assert_ne!(safe_id("الهجوم"), safe_id("الرد"));
        assert_eq!(
            unique_ids(["a".to_string(), "a".to_string(), "b".to_string()].into_iter()),
            ["a", "a-2", "b"]
        );
    }
}
