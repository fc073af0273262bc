//! The EDTF level 1 forms: what each means (bounds, precision, canonical text), how
//! they sort, every error with its hint and column; a seeded property test against
//! edtf-core, and the naughty strings.

use super::*;

fn p(s: &str) -> EventDate {
    EventDate::parse(s).unwrap()
}

fn err(s: &str) -> DateError {
    EventDate::parse(s).unwrap_err()
}

fn day(s: &str) -> Day {
    let (neg, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let mut it = rest.split('-').map(|x| x.parse::<i64>().unwrap());
    let (y, m, d) = (it.next().unwrap(), it.next().unwrap(), it.next().unwrap());
    Day {
        year: if neg { -y } else { y },
        month: m as u32,
        day: d as u32,
    }
}

/// (EDTF, earliest day, latest day, precision, canonical text).
const FORMS: &[(&str, &str, &str, Precision, &str)] = &[
    (
        "201X",
        "2010-01-01",
        "2019-12-31",
        Precision::Decade,
        "201X",
    ),
    (
        "19XX",
        "1900-01-01",
        "1999-12-31",
        Precision::Century,
        "19XX",
    ),
    ("000X", "0-01-01", "9-12-31", Precision::Decade, "000X"),
    (
        "2004-XX",
        "2004-01-01",
        "2004-12-31",
        Precision::Year,
        "2004-XX",
    ),
    (
        "2004-07-XX",
        "2004-07-01",
        "2004-07-31",
        Precision::Month,
        "2004-07-XX",
    ),
    (
        "1985-XX-XX",
        "1985-01-01",
        "1985-12-31",
        Precision::Year,
        "1985-XX-XX",
    ),
    (
        "2022-21",
        "2022-03-01",
        "2022-05-31",
        Precision::Season,
        "2022-21",
    ),
    (
        "2022-22",
        "2022-06-01",
        "2022-08-31",
        Precision::Season,
        "2022-22",
    ),
    (
        "2022-23",
        "2022-09-01",
        "2022-11-30",
        Precision::Season,
        "2022-23",
    ),
    (
        "2023-24",
        "2023-12-01",
        "2024-02-29",
        Precision::Season,
        "2023-24",
    ),
    (
        "Y170000002",
        "170000002-01-01",
        "170000002-12-31",
        Precision::Year,
        "Y170000002",
    ),
    (
        "Y-170000002",
        "-170000002-01-01",
        "-170000002-12-31",
        Precision::Year,
        "Y-170000002",
    ),
    (
        "-0499",
        "-499-01-01",
        "-499-12-31",
        Precision::Year,
        "-0499",
    ),
    ("0000", "0-01-01", "0-12-31", Precision::Year, "0000"),
    ("0044", "44-01-01", "44-12-31", Precision::Year, "0044"),
    (
        "-0044-03-15",
        "-44-03-15",
        "-44-03-15",
        Precision::Day,
        "-0044-03-15",
    ),
    (
        "0000-02-29",
        "0-02-29",
        "0-02-29",
        Precision::Day,
        "0000-02-29",
    ),
    (
        "1450~",
        "1450-01-01",
        "1450-12-31",
        Precision::Year,
        "1450~",
    ),
    (
        "201X?",
        "2010-01-01",
        "2019-12-31",
        Precision::Decade,
        "201X?",
    ),
    (
        "2022-21%",
        "2022-03-01",
        "2022-05-31",
        Precision::Season,
        "2022-21%",
    ),
    (
        "-0499~/-0400?",
        "-499-01-01",
        "-400-12-31",
        Precision::Year,
        "-0499~/-0400?",
    ),
    (
        "2010/2022-21",
        "2010-01-01",
        "2022-05-31",
        Precision::Year,
        "2010/2022-21",
    ),
];

#[test]
fn every_form_has_bounds_a_precision_and_canonical_text() {
    for &(edtf, first, last, precision, canonical) in FORMS {
        let d = p(edtf);
        assert_eq!(d.earliest_bound(), Some(day(first)), "{edtf} earliest");
        assert_eq!(d.earliest_day(), day(first), "{edtf} earliest day");
        assert_eq!(d.latest_day(), Some(day(last)), "{edtf} latest");
        assert_eq!(d.precision(), precision, "{edtf} precision");
        assert_eq!(d.to_edtf(), canonical, "{edtf} text");
        assert_eq!(p(canonical), d, "{edtf} round trip");
    }
}

#[test]
fn unknown_and_open_ends() {
    let until = p("/2022");
    assert_eq!(until.earliest_bound(), None);
    assert_eq!(until.earliest_day(), day("2022-01-01"));
    assert_eq!(until.latest_day(), Some(day("2022-12-31")));
    assert!(!until.is_ongoing());
    assert_eq!(until.to_edtf(), "/2022");
    let from = p("2022-07~/");
    assert_eq!(from.earliest_bound(), Some(day("2022-07-01")));
    assert_eq!(from.latest_day(), None);
    assert!(!from.is_ongoing());
    assert_eq!(from.to_edtf(), "2022-07~/");
    assert!(p("2016/..").is_ongoing());
    assert_eq!(p("../2019?").to_edtf(), "../2019?");
    assert_eq!(p(" / 2022 "), until);
    assert_eq!(p("2022-21/"), p("2022-21 /"));
}

#[test]
fn grouping_year_and_month() {
    assert_eq!((p("201X").year(), p("201X").month()), (2010, None));
    assert_eq!((p("19XX").year(), p("19XX").month()), (1900, None));
    assert_eq!((p("2004-XX").year(), p("2004-XX").month()), (2004, None));
    assert_eq!(p("2004-07-XX").month(), Some(7));
    assert_eq!(p("2022-24").month(), Some(24));
    assert_eq!(p("-0499").year(), -499);
    assert_eq!(p("/2022-21").month(), Some(21));
}

#[test]
fn hand_built_unspecified_points_do_not_panic() {
    let mut odd = DatePoint::from_year(i64::MIN);
    for u in [
        Unspecified::Century,
        Unspecified::Decade,
        Unspecified::Month,
        Unspecified::Day,
        Unspecified::MonthAndDay,
    ] {
        odd.unspecified = u;
        odd.month = Some(23);
        let _ = (
            odd.first_day(),
            odd.last_day(),
            odd.to_edtf(),
            odd.precision(),
        );
        odd.year = i64::MAX;
        let _ = (odd.first_day(), odd.last_day(), odd.to_edtf());
        let _ = EventDate::Point(odd).start_instant();
    }
}

// ----- ordering ---------------------------------------------------------

fn sorted(inputs: &[&str]) -> Vec<String> {
    let mut dates: Vec<(EventDate, &str)> = inputs.iter().map(|s| (p(s), *s)).collect();
    dates.sort_by(|(a, sa), (b, sb)| a.sort_key().cmp(&b.sort_key()).then(sa.cmp(sb)));
    dates.into_iter().map(|(_, s)| s.to_string()).collect()
}

#[test]
fn coarser_first_from_century_to_time() {
    let order = [
        "20XX",
        "200X",
        "2000",
        "2000-01",
        "2000-01-01",
        "2000-01-01T10:00Z",
    ];
    let mut shuffled = order;
    shuffled.reverse();
    assert_eq!(sorted(&shuffled), order);
}

#[test]
fn seasons_sort_at_their_first_month_before_it() {
    assert_eq!(
        sorted(&["2022-03", "2022-21", "2022-02-28", "2022-03-01", "2022"]),
        ["2022", "2022-02-28", "2022-21", "2022-03", "2022-03-01"]
    );
    // Winter starts in December and sorts there.
    assert_eq!(
        sorted(&["2022-12", "2022-24", "2022-11-30", "2023-01"]),
        ["2022-11-30", "2022-24", "2022-12", "2023-01"]
    );
}

#[test]
fn bce_years_sort_before_the_common_era_and_far_years_at_the_ends() {
    assert_eq!(
        sorted(&[
            "0001",
            "0000",
            "-0001",
            "Y-170000002",
            "-0499",
            "2022",
            "Y170000002",
            "0044"
        ]),
        [
            "Y-170000002",
            "-0499",
            "-0001",
            "0000",
            "0001",
            "0044",
            "2022",
            "Y170000002"
        ]
    );
}

#[test]
fn unspecified_parts_sort_with_what_is_known() {
    // 2004-XX is known to the year: it ties with 2004, and the slug decides.
    assert_eq!(p("2004-XX").sort_key(), p("2004").sort_key());
    assert_eq!(p("2004-07-XX").sort_key(), p("2004-07").sort_key());
    assert!(p("2004-XX").sort_key() < p("2004-01").sort_key());
}

#[test]
fn unknown_start_sorts_at_its_end_like_an_open_start() {
    assert_eq!(p("/2013-05").sort_key(), p("../2013-05").sort_key());
    assert_eq!(p("/2013-05").sort_key(), p("2013-05").sort_key());
    assert_eq!(p("2013-05/").sort_key(), p("2013-05/..").sort_key());
}

// ----- errors -----------------------------------------------------------

/// (input, message, hint, column).
const ERRORS: &[(&str, &str, &str, usize)] = &[
    ("Y2022", "'Y2022': the Y prefix is only for years of more than four digits", "write 2022", 0),
    ("Y-44", "'Y-44': the Y prefix is only for years of more than four digits", "write -0044", 0),
    ("Y17E7", "'Y17E7' gives the year with an exponent (E), which is EDTF level 2", "write the year in full: Y170000000", 3),
    ("Y171010000S3", "'Y171010000S3' gives significant digits (S), which is EDTF level 2", "write the year alone (Y171010000), or the years as a range", 10),
    ("1950S2", "'1950S2' gives significant digits (S), which is EDTF level 2", "write a decade or a century with X (195X, 19XX), or the years as a range (1950/1959)", 4),
    ("Y170000002-05", "'Y170000002-05': a year written with Y stands alone, without month or day", "write Y170000002", 10),
    ("Y", "'Y' has no year after the Y", "write a year beyond ±9999 as Y170000002 or Y-170000002", 1),
    ("Y1234567890123456789", "the year in 'Y1234567890123456789' has 19 digits; timeline reads at most 18", "write a year of at most 18 digits after the Y", 1),
    ("1XXX", "'1XXX' leaves 3 digits of the year unspecified; EDTF level 1 allows one or two (201X, 20XX)", "write the years as a range: 1000/1999", 1),
    ("XXXX", "'XXXX' leaves 4 digits of the year unspecified; EDTF level 1 allows one or two (201X, 20XX)", "write the years as a range: 0000/9999", 0),
    ("20X4", "'20X4': X replaces digits from the right only (EDTF level 1)", "write 20XX, or the year in full", 2),
    ("-201X", "'-201X': X digits are for years 0000 to 9999 (EDTF level 1)", "write the years before the common era as a range: -2019/-2010", 0),
    ("201X-05", "'201X-05': a year with X stands alone, without month or day (EDTF level 1)", "write 201X alone, or the year in full", 4),
    ("201x", "unexpected 'x' in '201x'", "write an unspecified digit as a capital X: 201X", 3),
    ("2004-X5", "'2004-X5': X5 is not a month; an unspecified month is XX (EDTF level 1)", "write 2004-XX, or the month in full", 5),
    ("2004-XX-05", "'2004-XX-05' gives a day of an unspecified month, which is EDTF level 2", "write 2004-XX-XX, or the month and the day in full", 8),
    ("2004-07-X1", "'2004-07-X1': X1 is not a day; an unspecified day is XX (EDTF level 1)", "write 2004-07-XX, or the day in full", 8),
    ("2022-25", "'2022-25': 25 is a season of a hemisphere, a quarter or a half-year, which is EDTF level 2", "write a season as YYYY-21 (spring), -22 (summer), -23 (autumn) or -24 (winter), or the months as a range, e.g. 2022-01/2022-03", 5),
    ("2022-21-05", "'2022-21-05': a season has no day", "write the season alone (2022-21), or a date such as 2022-03-21", 7),
    ("2004?-06", "'2004?-06' qualifies a part of the date; a qualifier closes the whole date (EDTF level 1)", "write 2004-06?, with the qualifier at the end", 4),
    ("?2004", "'?2004' qualifies a part of the date; a qualifier closes the whole date (EDTF level 1)", "write 2004?, with the qualifier at the end", 0),
    ("2004-06~-11%", "'2004-06~-11%' qualifies a part of the date; a qualifier closes the whole date (EDTF level 1)", "write 2004-06-11%, with the qualifier at the end", 7),
    ("[1667,1668]", "'[1667,1668]' is a set of dates, which timeline does not read (EDTF level 2)", "write one date, or a range as START/END, e.g. 1667/1668", 0),
    ("2004..2006", "'..' in '2004..2006' stands for an open side of a range, after or before a '/'", "write a range with '/': 2004/2006", 4),
    ("+2022", "unexpected '+' in '+2022'", "write a year without a sign (2022); a year before the common era as -0499 (500 BCE)", 0),
    ("44", "the year must have 4 digits, found '44'", "write the year with four digits: 0044", 0),
    ("-499", "the year must have 4 digits, found '499'", "write the year with four digits: -0499", 0),
    ("-12345", "the year must have 4 digits, found '12345'", "write a year of more than four digits with a Y in front: Y-12345", 0),
    ("-0000", "'-0000' is not a year: there is no -0000", "year 0000 is 1 BCE: write 0000", 0),
    ("2004-07-XXT10:00Z", "'2004-07-XXT10:00Z' has a time but no full date", TIME_HINT, 10),
    ("2010/2005", "the range ends (2005) before it starts (2010)", "put the earlier date first: START/END", 5),
    ("201X/2022", "'201X/2022': the ends of a range have no X digits in EDTF level 1", "write 2010/2022, with the same bounds", 0),
    ("../201X?", "'../201X?': the ends of a range have no X digits in EDTF level 1", "write ../2019?, with the same bounds", 3),
    ("2004-06-XX/2004-07-03", "'2004-06-XX/2004-07-03': the ends of a range have no X digits in EDTF level 1", "write 2004-06/2004-07-03, with the same bounds", 0),
    ("2004/2005-XX~", "'2004/2005-XX~': the ends of a range have no X digits in EDTF level 1", "write 2004/2005~, with the same bounds", 5),
    ("-0045-02-29", "-0045-02-29 is not a date: February 46 BCE has 28 days", HINT, 9),
];

#[test]
fn every_error_names_the_nearest_accepted_form() {
    for &(input, message, hint, column) in ERRORS {
        let e = err(input);
        assert_eq!(
            (e.message.as_str(), e.hint.as_str(), e.column),
            (message, hint, column),
            "{input}"
        );
    }
}

#[test]
fn a_hint_that_names_a_form_names_an_accepted_one() {
    for &(input, _, hint, _) in ERRORS {
        if let Some(form) = hint
            .strip_prefix("write ")
            .and_then(|h| h.split([',', ' ']).next())
        {
            if form.starts_with(|c: char| c.is_ascii_digit() || c == 'Y' || c == '-') {
                assert!(EventDate::parse(form).is_ok(), "{input}: the hint's {form}");
            }
        }
    }
}

#[path = "tests_property.rs"]
mod property;
