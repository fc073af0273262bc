//! The display of every date form in English and Arabic, in every style.
use super::super::date_words::{locale_month, MONTHS_EN};
use super::*;
use crate::config::DateStyle;
use crate::config::MonthNames;
use chrono::Locale as ChronoLocale;

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
        calendar: Default::default(),
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
            digits: Digits::Western,
            calendar: Default::default(),
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
        start: crate::date::RangeSide::Open,
        end: crate::date::RangeSide::Open,
    };
    assert_eq!(format_event_date(&open, &Locale::of("en", both())), "");
    let odd = DatePoint {
        year: 2022,
        month: Some(13),
        day: Some(40),
        time: None,
        qualifiers: Qualifiers::NONE,
        unspecified: crate::date::Unspecified::None,
    };
    assert_eq!(format_point(&odd, &Locale::of("en", both())), "40 13 2022");
    assert_eq!(
        format_point(&odd, &Locale::of("ar", style(MonthNames::Both, AI))),
        "٤٠ ١٣ ٢٠٢٢"
    );
}
