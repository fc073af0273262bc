//! Every EDTF level 1 form: its display in English and Arabic (Western and
//! Arabic-Indic digits, with and without the Hijri date) and its HTML `datetime`.

use super::*;
use crate::config::{Calendar, DateStyle, MonthNames};
use crate::render::views::date_view;

fn style(digits: Digits, calendar: Calendar) -> DateStyle {
    DateStyle {
        month_names: MonthNames::Both,
        digits,
        calendar,
    }
}

/// (EDTF, English, Arabic, Arabic with Hijri, Arabic with Arabic-Indic digits, datetime).
const FORMS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "1450~/1460?",
        "c. 1450 – 1460?",
        "نحو 1450 – 1460؟",
        "نحو 1450 – 1460؟، 853–865 هـ",
        "نحو ١٤٥٠ – ١٤٦٠؟",
        "1450",
    ),
    (
        "-0499/-0449",
        "500–450 BCE",
        "500–450 ق.م",
        "500–450 ق.م",
        "٥٠٠–٤٥٠ ق.م",
        "",
    ),
    (
        "201X",
        "the 2010s",
        "عقد 2010",
        "عقد 2010، 1431–1441 هـ",
        "عقد ٢٠١٠",
        "",
    ),
    (
        "19XX",
        "1900–1999",
        "1900–1999",
        "1900–1999، 1317–1420 هـ",
        "١٩٠٠–١٩٩٩",
        "",
    ),
    (
        "000X",
        "1 BCE – 9 CE",
        "1 ق.م – 9 م",
        "1 ق.م – 9 م",
        "١ ق.م – ٩ م",
        "",
    ),
    ("004X", "the 40s CE", "عقد 40 م", "عقد 40 م", "عقد ٤٠ م", ""),
    (
        "00XX",
        "1 BCE – 99 CE",
        "1 ق.م – 99 م",
        "1 ق.م – 99 م",
        "١ ق.م – ٩٩ م",
        "",
    ),
    (
        "01XX",
        "100–199 CE",
        "100–199 م",
        "100–199 م",
        "١٠٠–١٩٩ م",
        "",
    ),
    (
        "2004-XX",
        "2004 (month unknown)",
        "2004 (الشهر غير معروف)",
        "2004 (الشهر غير معروف)، 1424–1425 هـ",
        "٢٠٠٤ (الشهر غير معروف)",
        "2004",
    ),
    (
        "2004-07-XX",
        "July 2004 (day unknown)",
        "تموز/يوليو 2004 (اليوم غير معروف)",
        "تموز/يوليو 2004 (اليوم غير معروف)، جمادى الأولى – جمادى الآخرة 1425 هـ",
        "تموز/يوليو ٢٠٠٤ (اليوم غير معروف)",
        "2004-07",
    ),
    (
        "1985-XX-XX",
        "1985 (day unknown)",
        "1985 (اليوم غير معروف)",
        "1985 (اليوم غير معروف)، 1405–1406 هـ",
        "١٩٨٥ (اليوم غير معروف)",
        "1985",
    ),
    (
        "2022-21",
        "spring 2022",
        "ربيع 2022",
        "ربيع 2022، رجب – ذو القعدة 1443 هـ",
        "ربيع ٢٠٢٢",
        "",
    ),
    (
        "2022-22",
        "summer 2022",
        "صيف 2022",
        "صيف 2022، ذو القعدة 1443 – صفر 1444 هـ",
        "صيف ٢٠٢٢",
        "",
    ),
    (
        "2022-23",
        "autumn 2022",
        "خريف 2022",
        "خريف 2022، صفر – جمادى الأولى 1444 هـ",
        "خريف ٢٠٢٢",
        "",
    ),
    (
        "2022-24",
        "winter 2022",
        "شتاء 2022",
        "شتاء 2022، جمادى الأولى – شعبان 1444 هـ",
        "شتاء ٢٠٢٢",
        "",
    ),
    (
        "2022-21/2022-23",
        "spring–autumn 2022",
        "ربيع–خريف 2022",
        "ربيع–خريف 2022، رجب 1443 – جمادى الأولى 1444 هـ",
        "ربيع–خريف ٢٠٢٢",
        "",
    ),
    (
        "Y170000002",
        "170,000,002",
        "170,000,002",
        "170,000,002",
        "١٧٠٬٠٠٠٬٠٠٢",
        "170000002",
    ),
    (
        "Y-170000002",
        "170,000,003 BCE",
        "170,000,003 ق.م",
        "170,000,003 ق.م",
        "١٧٠٬٠٠٠٬٠٠٣ ق.م",
        "",
    ),
    ("-0499", "500 BCE", "500 ق.م", "500 ق.م", "٥٠٠ ق.م", ""),
    ("0000", "1 BCE", "1 ق.م", "1 ق.م", "١ ق.م", ""),
    ("0044", "44 CE", "44 م", "44 م", "٤٤ م", "0044"),
    (
        "0044-03-15",
        "15 March 44 CE",
        "15 آذار/مارس 44 م",
        "15 آذار/مارس 44 م",
        "١٥ آذار/مارس ٤٤ م",
        "0044-03-15",
    ),
    (
        "-0043-03-15",
        "15 March 44 BCE",
        "15 آذار/مارس 44 ق.م",
        "15 آذار/مارس 44 ق.م",
        "١٥ آذار/مارس ٤٤ ق.م",
        "",
    ),
    (
        "-0499/-0400",
        "500–401 BCE",
        "500–401 ق.م",
        "500–401 ق.م",
        "٥٠٠–٤٠١ ق.م",
        "",
    ),
    (
        "-0043/0014",
        "44 BCE – 14 CE",
        "44 ق.م – 14 م",
        "44 ق.م – 14 م",
        "٤٤ ق.م – ١٤ م",
        "",
    ),
    (
        "1450~",
        "c. 1450",
        "نحو 1450",
        "نحو 1450، 853–854 هـ",
        "نحو ١٤٥٠",
        "1450",
    ),
    (
        "/2022",
        "until 2022",
        "حتى 2022",
        "حتى 2022، 1443–1444 هـ",
        "حتى ٢٠٢٢",
        "2022",
    ),
    (
        "2022/",
        "from 2022",
        "من 2022",
        "من 2022، 1443–1444 هـ",
        "من ٢٠٢٢",
        "2022",
    ),
    (
        "2022-07~/..",
        "since c. July 2022",
        "منذ نحو تموز/يوليو 2022",
        "منذ نحو تموز/يوليو 2022، ذو الحجة 1443 – محرم 1444 هـ",
        "منذ نحو تموز/يوليو ٢٠٢٢",
        "2022-07",
    ),
    (
        "2022-09-07",
        "7 September 2022",
        "7 أيلول/سبتمبر 2022",
        "7 أيلول/سبتمبر 2022، 11 صفر 1444 هـ",
        "٧ أيلول/سبتمبر ٢٠٢٢",
        "2022-09-07",
    ),
    (
        "2022-09",
        "September 2022",
        "أيلول/سبتمبر 2022",
        "أيلول/سبتمبر 2022، صفر – ربيع الأول 1444 هـ",
        "أيلول/سبتمبر ٢٠٢٢",
        "2022-09",
    ),
    ("2022", "2022", "2022", "2022، 1443–1444 هـ", "٢٠٢٢", "2022"),
    (
        "2022-07-15/2022-07-17",
        "15–17 July 2022",
        "15–17 تموز/يوليو 2022",
        "15–17 تموز/يوليو 2022، 16–18 ذو الحجة 1443 هـ",
        "١٥–١٧ تموز/يوليو ٢٠٢٢",
        "2022-07-15",
    ),
    (
        "2022-09-07T10:30+02:00",
        "7 September 2022, 10:30 (UTC+02:00)",
        "7 أيلول/سبتمبر 2022، 10:30 (UTC+02:00)",
        "7 أيلول/سبتمبر 2022، 10:30 (UTC+02:00)، 11 صفر 1444 هـ",
        "٧ أيلول/سبتمبر ٢٠٢٢، ١٠:٣٠ (UTC+٠٢:٠٠)",
        "2022-09-07T10:30:00+02:00",
    ),
    (
        "1990/2000",
        "1990–2000",
        "1990–2000",
        "1990–2000، 1410–1421 هـ",
        "١٩٩٠–٢٠٠٠",
        "1990",
    ),
];

#[test]
fn every_form_in_both_languages_with_its_datetime() {
    let en = Locale::of("en", style(Digits::ArabicIndic, Calendar::GregorianHijri));
    let ar = Locale::of("ar", style(Digits::Western, Calendar::Gregorian));
    let ar_hijri = Locale::of("ar", style(Digits::Western, Calendar::GregorianHijri));
    let ar_indic = Locale::of("ar", style(Digits::ArabicIndic, Calendar::Gregorian));
    for &(edtf, shown_en, shown_ar, shown_hijri, shown_indic, datetime) in FORMS {
        let d = EventDate::parse(edtf).unwrap();
        assert_eq!(format_event_date(&d, &en), shown_en, "{edtf} en");
        assert_eq!(format_event_date(&d, &ar), shown_ar, "{edtf} ar");
        assert_eq!(
            format_event_date(&d, &ar_hijri),
            shown_hijri,
            "{edtf} ar+hijri"
        );
        assert_eq!(
            format_event_date(&d, &ar_indic),
            shown_indic,
            "{edtf} ar digits"
        );
        for locale in [&en, &ar, &ar_hijri] {
            assert_eq!(date_view(&d, locale).datetime, datetime, "{edtf} datetime");
        }
    }
}

#[test]
fn hijri_digits_follow_the_digit_setting() {
    let locale = Locale::of("ar", style(Digits::ArabicIndic, Calendar::GregorianHijri));
    let d = EventDate::parse("2022-09-07").unwrap();
    assert_eq!(
        format_event_date(&d, &locale),
        "٧ أيلول/سبتمبر ٢٠٢٢، ١١ صفر ١٤٤٤ هـ"
    );
    let d = EventDate::parse("2022-07").unwrap();
    assert_eq!(
        format_event_date(&d, &locale),
        "تموز/يوليو ٢٠٢٢، ذو الحجة ١٤٤٣ – محرم ١٤٤٤ هـ"
    );
}

#[test]
fn hijri_only_on_arabic_pages_and_only_from_1_ah() {
    let en = Locale::of("en", style(Digits::Western, Calendar::GregorianHijri));
    assert!(!en.hijri);
    let ar = Locale::of("ar", style(Digits::Western, Calendar::GregorianHijri));
    let before_hijra = EventDate::parse("0600").unwrap();
    assert_eq!(format_event_date(&before_hijra, &ar), "600 م");
    // 1 Muharram 1 AH is 19 July 622 (proleptic Gregorian).
    let first = EventDate::parse("0622-07-19").unwrap();
    assert_eq!(
        format_event_date(&first, &ar),
        "19 تموز/يوليو 622 م، 1 محرم 1 هـ"
    );
    let p = crate::date::parse_published("2022-09-07").unwrap();
    assert_eq!(format_point(&p, &ar), "7 أيلول/سبتمبر 2022، 11 صفر 1444 هـ");
}

#[test]
fn hijri_month_names() {
    use crate::date::Day;
    use crate::render::hijri::to_hijri;
    const NAMES: [&str; 12] = [
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
    // 1 Muharram 1444 was 30 July 2022; Ramadan 1444 began on 23 March 2023.
    let h = to_hijri(Day::clamped(2022, 7, 30)).unwrap();
    assert_eq!((h.year, h.month, h.day), (1444, 1, 1));
    let h = to_hijri(Day::clamped(2023, 3, 23)).unwrap();
    assert_eq!((h.year, h.month, h.day), (1444, 9, 1));
    // The 15th of each month of 1444 AH, shown with its name.
    let ar = Locale::of("ar", style(Digits::Western, Calendar::GregorianHijri));
    let start = chrono::NaiveDate::from_ymd_opt(2022, 7, 30).unwrap();
    let mut seen = Vec::new();
    for n in 0..354 {
        let day = Day::from(start + chrono::Days::new(n));
        let h = to_hijri(day).unwrap();
        if h.day == 15 {
            let d = EventDate::parse(&day.to_string()).unwrap();
            let shown = format_event_date(&d, &ar);
            let name = NAMES[usize::from(h.month) - 1];
            assert!(shown.ends_with(&format!("، 15 {name} 1444 هـ")), "{shown}");
            seen.push(h.month);
        }
    }
    assert_eq!(seen, (1..=12).collect::<Vec<u8>>());
}

#[test]
fn season_and_bce_headings() {
    let en = Locale::of("en", DateStyle::default());
    let ar = Locale::of("ar", DateStyle::default());
    assert_eq!(month_name(21, &en), "Spring");
    assert_eq!(month_name(24, &ar), "الشتاء");
    assert_eq!(format_year(-499, &en), "500 BCE");
    assert_eq!(format_year(-499, &ar), "500 ق.م");
    assert_eq!(format_year(44, &en), "44 CE");
    assert_eq!(format_year(2022, &ar), "2022");
    let indic = Locale::of("ar", style(Digits::ArabicIndic, Calendar::Gregorian));
    assert_eq!(format_year(-170_000_002, &indic), "١٧٠٬٠٠٠٬٠٠٣ ق.م");
}
