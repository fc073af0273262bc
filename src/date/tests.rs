//! Every form, error and ordering rule of the date model.

use super::*;

impl EventDate {
    /// [`EventDate::start_instant`] as an RFC 3339 instant (feeds print it this way).
    fn to_rfc3339_start(self) -> String {
        self.start_instant()
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    }
}

fn p(s: &str) -> EventDate {
    EventDate::parse(s).unwrap()
}

fn err(s: &str) -> DateError {
    EventDate::parse(s).unwrap_err()
}

fn d(y: i64, m: u32, day: u32) -> Day {
    let d = Day::clamped(y, m, day);
    assert_eq!((d.month, d.day), (m, day));
    d
}

fn point(s: &str) -> DatePoint {
    match p(s) {
        EventDate::Point(pt) => pt,
        other => panic!("not a point: {other:?}"),
    }
}

fn off(secs: i32) -> FixedOffset {
    FixedOffset::east_opt(secs).unwrap()
}

fn hm(h: u32, m: u32, s: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, s).unwrap()
}

// ----- accepted forms -------------------------------------------------

#[test]
fn year() {
    assert_eq!(p("2014"), EventDate::Point(DatePoint::from_year(2014)));
    assert_eq!(p("2014").precision(), Precision::Year);
}

#[test]
fn year_bounds() {
    assert_eq!(point("1000").year, 1000);
    assert_eq!(point("9999").year, 9999);
}

#[test]
fn month() {
    let pt = point("2022-07");
    assert_eq!((pt.year, pt.month, pt.day), (2022, Some(7), None));
    assert_eq!(pt.precision(), Precision::Month);
}

#[test]
fn day() {
    let pt = point("2022-09-07");
    assert_eq!(
        (pt.year, pt.month, pt.day, pt.time),
        (2022, Some(9), Some(7), None)
    );
    assert_eq!(pt.precision(), Precision::Day);
}

#[test]
fn time_with_offset() {
    let pt = point("2022-09-07T10:30:00+02:00");
    assert_eq!(pt.time, Some((hm(10, 30, 0), off(7200))));
    assert_eq!(pt.precision(), Precision::Time);
    assert_eq!(pt.day, Some(7));
}

#[test]
fn time_z() {
    assert_eq!(
        point("2022-09-07T10:30:15Z").time,
        Some((hm(10, 30, 15), off(0)))
    );
}

#[test]
fn time_without_seconds() {
    assert_eq!(
        point("2022-09-07T10:30+02:00").time,
        Some((hm(10, 30, 0), off(7200)))
    );
    assert_eq!(
        point("2022-09-07T10:30Z").time,
        Some((hm(10, 30, 0), off(0)))
    );
}

#[test]
fn time_negative_and_half_hour_offsets() {
    assert_eq!(
        point("2022-09-07T10:30-05:00").time,
        Some((hm(10, 30, 0), off(-5 * 3600)))
    );
    assert_eq!(
        point("2022-09-07T10:30+05:30").time,
        Some((hm(10, 30, 0), off(5 * 3600 + 1800)))
    );
    assert_eq!(
        point("2022-09-07T00:00-00:00").time,
        Some((hm(0, 0, 0), off(0)))
    );
}

#[test]
fn time_extremes() {
    assert_eq!(
        point("2022-09-07T23:59:59+23:59").time.unwrap().0,
        hm(23, 59, 59)
    );
    assert_eq!(point("2022-09-07T00:00:00Z").time.unwrap().0, hm(0, 0, 0));
}

#[test]
fn whitespace_trimmed() {
    assert_eq!(p("  2022-07 \n"), p("2022-07"));
    assert_eq!(p("\t2013-05/2016-09 "), p("2013-05/2016-09"));
}

#[test]
fn whitespace_around_slash() {
    assert_eq!(p("2013-05 / 2016-09"), p("2013-05/2016-09"));
    assert_eq!(p("2016 / .."), p("2016/.."));
}

#[test]
fn range_days() {
    let r = p("2022-07-15/2022-07-17");
    let EventDate::Range {
        start: RangeSide::Date(s),
        end: RangeSide::Date(e),
    } = r
    else {
        panic!("not a closed range")
    };
    assert_eq!(s.first_day(), d(2022, 7, 15));
    assert_eq!(e.first_day(), d(2022, 7, 17));
}

#[test]
fn range_across_precisions() {
    let r = p("2013-05/2016-09");
    assert_eq!(r.earliest_day(), d(2013, 5, 1));
    assert_eq!(r.latest_day(), Some(d(2016, 9, 30)));
    assert_eq!(r.precision(), Precision::Month);
    let r = p("2013/2016-09-02");
    assert_eq!(r.precision(), Precision::Year);
    assert_eq!(r.latest_day(), Some(d(2016, 9, 2)));
}

#[test]
fn range_with_times() {
    let r = p("2022-09-07T10:00Z/2022-09-07T12:00Z");
    assert_eq!(r.precision(), Precision::Time);
    assert_eq!(r.latest_day(), Some(d(2022, 9, 7)));
}

#[test]
fn open_end() {
    let r = p("2016/..");
    assert_eq!(
        r,
        EventDate::Range {
            start: RangeSide::Date(DatePoint::from_year(2016)),
            end: RangeSide::Open
        }
    );
    assert!(r.is_ongoing());
    assert_eq!(r.latest_day(), None);
    assert_eq!(r.earliest_day(), d(2016, 1, 1));
}

#[test]
fn open_start() {
    let r = p("../2013-05");
    assert!(matches!(
        r,
        EventDate::Range {
            start: RangeSide::Open,
            end: RangeSide::Date(_)
        }
    ));
    assert!(!r.is_ongoing());
    assert_eq!(r.latest_day(), Some(d(2013, 5, 31)));
}

#[test]
fn qualifier_approximate() {
    let q = point("2022-07~").qualifiers;
    assert!(q.approximate && !q.uncertain);
}

#[test]
fn qualifier_uncertain() {
    let q = point("2022?").qualifiers;
    assert!(!q.approximate && q.uncertain);
}

#[test]
fn qualifier_both() {
    let q = point("2022%").qualifiers;
    assert!(q.approximate && q.uncertain);
}

#[test]
fn qualifier_on_day_and_time() {
    assert!(point("2022-07-15~").qualifiers.approximate);
    let pt = point("2022-07-15T10:00Z?");
    assert!(pt.qualifiers.uncertain);
    assert_eq!(pt.precision(), Precision::Time);
}

#[test]
fn qualifiers_per_point_in_range() {
    let EventDate::Range {
        start: RangeSide::Date(s),
        end: RangeSide::Date(e),
    } = p("2013~/2016")
    else {
        panic!()
    };
    assert!(s.qualifiers.approximate);
    assert!(e.qualifiers.is_none());
    let EventDate::Range {
        start: RangeSide::Date(s),
        end: RangeSide::Date(e),
    } = p("2013/2016-05?")
    else {
        panic!()
    };
    assert!(s.qualifiers.is_none());
    assert!(e.qualifiers.uncertain);
    let EventDate::Range {
        start: RangeSide::Date(s),
        end: RangeSide::Open,
    } = p("2013%/..")
    else {
        panic!()
    };
    assert!(s.qualifiers.approximate && s.qualifiers.uncertain);
}

#[test]
fn no_qualifier_is_none() {
    assert!(point("2022").qualifiers.is_none());
    assert_eq!(Qualifiers::default(), Qualifiers::NONE);
}

#[test]
fn same_start_and_end_allowed() {
    assert!(EventDate::parse("2022-07-15/2022-07-15").is_ok());
    assert!(EventDate::parse("2022/2022").is_ok());
}

#[test]
fn end_inside_coarser_start_allowed() {
    assert!(EventDate::parse("2022-07/2022-07-15").is_ok());
    assert!(EventDate::parse("2022-07-15/2022-07").is_ok());
    assert!(EventDate::parse("2022/2022-01-01").is_ok());
    assert!(EventDate::parse("2022-12-31/2022").is_ok());
}

#[test]
fn from_str_works() {
    let r: EventDate = "2022-07".parse().unwrap();
    assert_eq!(r, p("2022-07"));
    let pt: DatePoint = "2022-07".parse().unwrap();
    assert_eq!(pt, point("2022-07"));
}

// ----- errors ---------------------------------------------------------

#[test]
fn error_feb_30() {
    let e = err("2022-02-30");
    assert_eq!(
        e.message,
        "2022-02-30 is not a date: February 2022 has 28 days"
    );
    assert_eq!(e.hint, HINT);
    assert_eq!(e.column, 8);
}

#[test]
fn leap_years() {
    assert!(EventDate::parse("2024-02-29").is_ok());
    assert!(EventDate::parse("2000-02-29").is_ok());
    assert_eq!(
        err("2023-02-29").message,
        "2023-02-29 is not a date: February 2023 has 28 days"
    );
    assert_eq!(
        err("1900-02-29").message,
        "1900-02-29 is not a date: February 1900 has 28 days"
    );
    assert_eq!(
        err("2024-02-30").message,
        "2024-02-30 is not a date: February 2024 has 29 days"
    );
}

#[test]
fn error_day_31_in_30_day_month() {
    assert_eq!(
        err("2022-04-31").message,
        "2022-04-31 is not a date: April 2022 has 30 days"
    );
    assert!(EventDate::parse("2022-12-31").is_ok());
}

#[test]
fn error_day_32() {
    assert_eq!(
        err("2022-01-32").message,
        "2022-01-32 is not a date: January 2022 has 31 days"
    );
}

#[test]
fn error_month_13() {
    let e = err("2022-13");
    assert_eq!(
        e.message,
        "month 13 does not exist: months run from 01 to 12"
    );
    assert_eq!(e.column, 5);
    assert!(err("2022-13-01").message.contains("month 13"));
}

#[test]
fn error_month_00() {
    assert_eq!(
        err("2022-00").message,
        "month 00 does not exist: months run from 01 to 12"
    );
}

#[test]
fn error_day_00() {
    let e = err("2022-07-00");
    assert_eq!(e.message, "2022-07-00 is not a date: days run from 01");
    assert_eq!(e.column, 8);
}

#[test]
fn error_month_one_digit() {
    let e = err("2022-7");
    assert_eq!(e.message, "the month must have 2 digits, found '7'");
    assert_eq!(e.hint, "write the month with 2 digits: 2022-07");
    assert_eq!(e.column, 5);
}

#[test]
fn error_month_three_digits() {
    assert_eq!(
        err("2022-007").message,
        "the month must have 2 digits, found '007'"
    );
}

#[test]
fn error_day_one_digit() {
    let e = err("2022-07-5");
    assert_eq!(e.message, "the day must have 2 digits, found '5'");
    assert_eq!(e.hint, "write the day with 2 digits: 2022-07-05");
    assert_eq!(e.column, 8);
}

#[test]
fn error_year_digits() {
    let e = err("999");
    assert_eq!(e.message, "the year must have 4 digits, found '999'");
    assert_eq!(e.column, 0);
    assert!(err("12345").message.contains("4 digits"));
    assert!(err("22-07-15").message.contains("4 digits"));
}

#[test]
fn years_before_1000_and_bce_are_accepted() {
    // Once errors (years ran from 1000): EDTF level 1 reads them.
    assert_eq!(point("0999").year, 999);
    assert_eq!(point("0000").year, 0);
    assert_eq!(point("-0500").year, -500);
}

#[test]
fn error_compact_date_suggests_dashes() {
    let e = err("20220715");
    assert_eq!(e.hint, "write the parts of a date with '-': 2022-07-15");
}

#[test]
fn error_letters() {
    let e = err("July 2022");
    assert_eq!(e.message, "unexpected 'J' in 'July 2022'");
    assert_eq!(e.column, 0);
    let e = err("2022-Jul");
    assert_eq!(e.column, 5);
    let e = err("2022-07-1x");
    assert_eq!(e.column, 9);
}

#[test]
fn error_lowercase_t() {
    let e = err("2022-09-07t10:30Z");
    assert_eq!(e.column, 10);
}

#[test]
fn error_hour_25() {
    let e = err("2022-07-15T25:00:00Z");
    assert_eq!(
        e.message,
        "hour 25 does not exist in '25:00:00': hours run from 00 to 23"
    );
    assert_eq!(e.column, 11);
    assert_eq!(e.hint, TIME_HINT);
}

#[test]
fn error_hour_24() {
    assert!(err("2022-07-15T24:00Z").message.starts_with("hour 24"));
}

#[test]
fn error_minute_60() {
    let e = err("2022-07-15T10:60Z");
    assert!(e.message.starts_with("minute 60"), "{}", e.message);
    assert_eq!(e.column, 14);
}

#[test]
fn error_second_60() {
    let e = err("2022-07-15T10:00:60Z");
    assert!(e.message.starts_with("second 60"), "{}", e.message);
    assert_eq!(e.column, 17);
}

#[test]
fn error_time_without_offset() {
    let e = err("2022-07-15T10:30");
    assert_eq!(
        e.message,
        "the time in '2022-07-15T10:30' has no UTC offset"
    );
    assert_eq!(e.column, 16);
}

#[test]
fn error_time_forms() {
    assert!(err("2022-07-15T10Z").message.contains("not a time of day"));
    assert!(err("2022-07-15T1:30Z").message.contains("2 digits"));
    assert!(err("2022-07-15T10:30:00:00Z")
        .message
        .contains("not a time of day"));
    let e = err("2022-07-15T10:30:00.5Z");
    assert!(e.message.starts_with("unexpected '.'"), "{}", e.message);
    assert_eq!(e.column, 19);
}

#[test]
fn error_bad_offsets() {
    let e = err("2022-07-15T10:30+0200");
    assert_eq!(e.message, "'+0200' is not a UTC offset");
    assert_eq!(e.column, 16);
    assert!(err("2022-07-15T10:30+02")
        .message
        .contains("not a UTC offset"));
    assert!(err("2022-07-15T10:30+24:00")
        .message
        .contains("hours run to 23"));
    assert!(err("2022-07-15T10:30+02:60")
        .message
        .contains("not a UTC offset"));
    assert!(err("2022-07-15T10:30ZZ")
        .message
        .contains("not a UTC offset"));
}

#[test]
fn error_time_without_full_date() {
    let e = err("2022-07T10:30Z");
    assert_eq!(e.message, "'2022-07T10:30Z' has a time but no full date");
    assert_eq!(e.column, 7);
    assert!(err("2022T10:30Z").message.contains("no full date"));
}

#[test]
fn error_empty_time() {
    assert!(err("2022-07-15T").message.contains("no time after it"));
}

#[test]
fn error_trailing_dash() {
    assert!(err("2022-").message.contains("no month"));
    assert!(err("2022-07-").message.contains("no day"));
    assert!(err("2022--07").message.contains("no month"));
}

#[test]
fn error_too_many_parts() {
    let e = err("2022-07-15-01");
    assert!(e.message.contains("too many parts"));
    assert_eq!(e.column, 10);
}

#[test]
fn error_empty() {
    let e = err("");
    assert_eq!(e.message, "the date is empty");
    assert_eq!(e.column, 0);
    assert_eq!(err("   ").message, "the date is empty");
}

#[test]
fn error_two_slashes() {
    let e = err("2022/07/15");
    assert!(e.message.contains("exactly one '/'"));
    assert_eq!(e.column, 7);
}

#[test]
fn empty_sides_are_unknown() {
    // Once errors: EDTF level 1 reads an empty side as an unknown end.
    assert_eq!(
        p("2016/"),
        EventDate::Range {
            start: RangeSide::Date(DatePoint::from_year(2016)),
            end: RangeSide::Unknown
        }
    );
    assert!(matches!(
        p("/2013-05"),
        EventDate::Range {
            start: RangeSide::Unknown,
            end: RangeSide::Date(_)
        }
    ));
}

#[test]
fn error_no_date_on_either_side() {
    for s in ["../..", "/", "/..", "../", " / "] {
        let e = err(s);
        assert!(
            e.message.contains("at least one side"),
            "{s}: {}",
            e.message
        );
        assert!(e.hint.contains("2022/"), "{s}: {}", e.hint);
    }
}

#[test]
fn error_dots_alone() {
    assert!(err("..").message.contains("open side"));
}

#[test]
fn error_end_before_start() {
    let e = err("2022-07-17/2022-07-15");
    assert_eq!(
        e.message,
        "the range ends (2022-07-15) before it starts (2022-07-17)"
    );
    assert_eq!(e.column, 11);
    assert!(EventDate::parse("2016/2013").is_err());
    assert!(EventDate::parse("2022-08/2022-07-31").is_err());
    assert!(EventDate::parse("2023-01-01/2022").is_err());
}

#[test]
fn error_end_before_start_by_instant() {
    // Same calendar days would pass, but the instants are reversed.
    let e = err("2022-09-07T12:00Z/2022-09-07T10:00Z");
    assert!(e.message.contains("UTC offsets"), "{}", e.message);
    // 23:00-05:00 on the 7th is 04:00Z on the 8th, after 01:00Z on the 8th.
    assert!(EventDate::parse("2022-09-07T23:00-05:00/2022-09-08T01:00Z").is_err());
    assert!(EventDate::parse("2022-09-07T10:00Z/2022-09-07T10:00Z").is_ok());
    assert!(EventDate::parse("2022-09-07T10:00+02:00/2022-09-07T09:00Z").is_ok());
}

#[test]
fn error_double_qualifier() {
    let e = err("2022~?");
    assert!(e.message.contains("more than one qualifier"));
    assert_eq!(e.column, 4);
}

#[test]
fn error_qualifier_alone() {
    assert!(err("~").message.contains("needs a date"));
    assert!(err("2016/?").message.contains("needs a date"));
}

#[test]
fn error_qualifier_in_middle() {
    let e = err("2022~-07");
    assert_eq!(e.column, 4);
}

#[test]
fn error_en_dash_range() {
    let e = err("2013–2016");
    assert!(e.message.contains('–'));
    assert!(e.hint.contains("'/'"));
    assert_eq!(e.column, 4);
}

#[test]
fn error_arabic_digits() {
    let e = err("٢٠٢٢");
    assert!(e.hint.contains("0-9"));
    assert_eq!(e.column, 0);
}

#[test]
fn error_column_counts_chars_and_trimmed_space() {
    // Two leading spaces: the bad month is at char 7.
    assert_eq!(err("  2022-13").column, 7);
    // A non-breaking space is whitespace (trimmed) but 2 bytes.
    assert_eq!(err("\u{a0}2022-13").column, 6);
    // Errors in the end of a range point into the end.
    assert_eq!(err("2022-01/2022-13").column, 13);
    assert_eq!(err("2022-01 / 2022-13").column, 15);
}

#[test]
fn error_display() {
    let e = err("2022-02-30");
    assert_eq!(
        e.to_string(),
        format!("2022-02-30 is not a date: February 2022 has 28 days (hint: {HINT})")
    );
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert!(!boxed.to_string().is_empty());
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "",
        "/",
        "//",
        "..",
        "../",
        "/..",
        "~",
        "%",
        "?",
        "T",
        "-",
        "--",
        "2022-",
        "2022T",
        "2022-07-15T",
        "2022-07-15TZ",
        "2022-07-15T:Z",
        "2022-07-15T::Z",
        "2022-07-15T10:30+",
        "2022-07-15T10:30-",
        "2022-07-15T+02:00",
        "9999-12-31T23:59:59-23:59",
        "é",
        "2022é",
        "2022-07-15T10:30+02:00é",
        "💥/..",
        "../💥",
        "2022/2023/",
        "99999999999999999999",
        "2022-99999999999999999",
        "2022-07-9999999999",
        "2022-07-15T99999999999:00Z",
        "..~",
        "~/..",
        "2022-07-15T10:30Z/..",
        "../2022-07-15T10:30Z",
    ];
    for input in inputs {
        let _ = EventDate::parse(input);
        let _ = parse_published(input);
    }
}

// ----- published ------------------------------------------------------

#[test]
fn published_point_forms() {
    assert_eq!(parse_published("2022").unwrap(), DatePoint::from_year(2022));
    assert_eq!(
        parse_published(" 2022-09-07 ").unwrap(),
        point("2022-09-07")
    );
    assert_eq!(
        parse_published("2022-09-07T10:30+02:00")
            .unwrap()
            .precision(),
        Precision::Time
    );
    assert!(parse_published("2022-09~").unwrap().qualifiers.approximate);
}

#[test]
fn published_rejects_ranges() {
    let e = parse_published("2022/2023").unwrap_err();
    assert!(e.message.contains("not a range"));
    assert_eq!(e.column, 4);
    assert!(parse_published("2016/..").is_err());
    assert!(parse_published("../2016").is_err());
    assert!(parse_published("..").is_err());
    assert!(parse_published("2022-02-30").is_err());
}

// ----- DatePoint days -------------------------------------------------

#[test]
fn point_first_and_last_days() {
    let y = point("2022");
    assert_eq!(
        (y.first_day(), y.last_day()),
        (d(2022, 1, 1), d(2022, 12, 31))
    );
    let m = point("2024-02");
    assert_eq!(
        (m.first_day(), m.last_day()),
        (d(2024, 2, 1), d(2024, 2, 29))
    );
    let m = point("2023-02");
    assert_eq!(m.last_day(), d(2023, 2, 28));
    let m = point("2022-12");
    assert_eq!(m.last_day(), d(2022, 12, 31));
    let m = point("2022-04");
    assert_eq!(m.last_day(), d(2022, 4, 30));
    let day = point("2022-09-07");
    assert_eq!(
        (day.first_day(), day.last_day()),
        (d(2022, 9, 7), d(2022, 9, 7))
    );
}

#[test]
fn time_keeps_local_calendar_date() {
    let pt = point("2022-09-07T23:30:00-05:00");
    assert_eq!(pt.first_day(), d(2022, 9, 7));
    assert_eq!(pt.last_day(), d(2022, 9, 7));
    let pt = point("2022-09-07T00:30:00+05:00");
    assert_eq!(pt.first_day(), d(2022, 9, 7));
    let r = p("2022-09-07T23:30:00-05:00");
    assert_eq!(r.sort_key(), (d(2022, 9, 7), Precision::Time));
    assert_eq!(r.month(), Some(9));
}

#[test]
fn hand_built_invalid_points_do_not_panic() {
    let bad = DatePoint {
        year: 2022,
        month: Some(13),
        day: Some(40),
        time: None,
        qualifiers: Qualifiers::NONE,
        unspecified: Unspecified::None,
    };
    assert_eq!(bad.first_day(), d(2022, 12, 31));
    assert_eq!(bad.last_day(), d(2022, 12, 31));
    let zero = DatePoint {
        year: 2022,
        month: Some(0),
        day: Some(0),
        time: None,
        qualifiers: Qualifiers::NONE,
        unspecified: Unspecified::None,
    };
    assert_eq!(zero.first_day(), d(2022, 1, 1));
    let huge = DatePoint::from_year(i64::MAX);
    assert_eq!(huge.first_day(), Day::first_of_year(i64::MAX));
    assert_eq!(
        DatePoint::from_year(i64::MIN).last_day(),
        Day::last_of_year(i64::MIN)
    );
    let both_open = EventDate::Range {
        start: RangeSide::Open,
        end: RangeSide::Open,
    };
    assert_eq!(both_open.earliest_day(), Day::first_of_year(i64::MIN));
    assert_eq!(both_open.precision(), Precision::Year);
    assert_eq!(both_open.latest_day(), None);
    assert_eq!(both_open.to_edtf(), "../..");
    let _ = both_open.year();
    let _ = both_open.to_rfc3339_start();
    // Day without month and time without day are ignored.
    let odd = DatePoint {
        year: 2022,
        month: None,
        day: Some(5),
        time: Some((hm(10, 0, 0), off(0))),
        qualifiers: Qualifiers::NONE,
        unspecified: Unspecified::None,
    };
    assert_eq!(odd.precision(), Precision::Year);
    assert_eq!(odd.to_edtf(), "2022");
    let far = DatePoint {
        year: 262_142,
        month: Some(12),
        day: Some(31),
        time: Some((hm(23, 0, 0), off(-23 * 3600))),
        qualifiers: Qualifiers::NONE,
        unspecified: Unspecified::None,
    };
    let _ = EventDate::Point(far).to_rfc3339_start();
}

// ----- EventDate accessors --------------------------------------------

#[test]
fn precision_of_each_form() {
    assert_eq!(p("2022").precision(), Precision::Year);
    assert_eq!(p("2022-07").precision(), Precision::Month);
    assert_eq!(p("2022-07-01").precision(), Precision::Day);
    assert_eq!(p("2022-07-01T10:00Z").precision(), Precision::Time);
    assert_eq!(p("2013-05/2016").precision(), Precision::Month);
    assert_eq!(p("../2013-05-02").precision(), Precision::Day);
    assert_eq!(p("2016/..").precision(), Precision::Year);
}

#[test]
fn precision_order() {
    assert!(Precision::Year < Precision::Month);
    assert!(Precision::Month < Precision::Day);
    assert!(Precision::Day < Precision::Time);
}

#[test]
fn earliest_and_latest_days() {
    assert_eq!(p("2022").earliest_day(), d(2022, 1, 1));
    assert_eq!(p("2022").latest_day(), Some(d(2022, 12, 31)));
    assert_eq!(p("2022-07").latest_day(), Some(d(2022, 7, 31)));
    assert_eq!(p("2022-07-15/2022-07-17").earliest_day(), d(2022, 7, 15));
    assert_eq!(
        p("2022-07-15/2022-07-17").latest_day(),
        Some(d(2022, 7, 17))
    );
    assert_eq!(p("../2013-05").earliest_day(), d(2013, 5, 1));
}

#[test]
fn year_and_month_for_grouping() {
    assert_eq!((p("2014").year(), p("2014").month()), (2014, None));
    assert_eq!((p("2022-07").year(), p("2022-07").month()), (2022, Some(7)));
    assert_eq!(p("2022-09-07").month(), Some(9));
    assert_eq!(
        (p("2013-05/2016-09").year(), p("2013-05/2016-09").month()),
        (2013, Some(5))
    );
    assert_eq!(
        (p("../2013-05").year(), p("../2013-05").month()),
        (2013, Some(5))
    );
    assert_eq!((p("2016/..").year(), p("2016/..").month()), (2016, None));
    assert_eq!(p("2013/2016-09").month(), None);
}

#[test]
fn is_ongoing_only_for_open_end() {
    assert!(p("2016/..").is_ongoing());
    assert!(p("2016-05-01/..").is_ongoing());
    assert!(!p("2016").is_ongoing());
    assert!(!p("2016/2017").is_ongoing());
    assert!(!p("../2016").is_ongoing());
}

#[test]
fn start_and_end_accessors() {
    let pt = p("2022");
    assert_eq!(pt.start(), pt.end());
    assert_eq!(p("2016/..").end(), None);
    assert_eq!(p("../2016").start(), None);
    assert_eq!(p("2013/2016").end().map(|e| e.year), Some(2016));
}

// ----- ordering -------------------------------------------------------

fn sorted(inputs: &[&str]) -> Vec<String> {
    let mut dates: Vec<(EventDate, &str)> = inputs.iter().map(|s| (p(s), *s)).collect();
    dates.sort_by_key(|(date, slug)| (date.sort_key(), *slug));
    dates.into_iter().map(|(date, _)| date.to_edtf()).collect()
}

#[test]
fn coarser_first_on_same_day() {
    assert!(p("2022").sort_key() < p("2022-01").sort_key());
    assert!(p("2022-01").sort_key() < p("2022-01-01").sort_key());
    assert!(p("2022-01-01").sort_key() < p("2022-01-01T10:00Z").sort_key());
    assert_eq!(
        sorted(&["2022-01-01T10:00Z", "2022-01-01", "2022", "2022-01"]),
        ["2022", "2022-01", "2022-01-01", "2022-01-01T10:00:00Z"]
    );
}

#[test]
fn earlier_day_first_regardless_of_precision() {
    assert!(p("2021-12-31").sort_key() < p("2022").sort_key());
    assert!(p("2022-01-15").sort_key() < p("2022-02").sort_key());
    assert!(p("2022").sort_key() < p("2022-01-02").sort_key());
}

#[test]
fn range_sorts_by_start() {
    assert_eq!(
        p("2013-05/2016-09").sort_key(),
        (d(2013, 5, 1), Precision::Month)
    );
    assert!(p("2013-05/2016-09").sort_key() < p("2014").sort_key());
    assert!(p("2013/2020").sort_key() < p("2013-05/2014").sort_key());
}

#[test]
fn open_start_sorts_at_end_first_day() {
    assert_eq!(
        p("../2013-05").sort_key(),
        (d(2013, 5, 1), Precision::Month)
    );
    assert_eq!(p("../2013-05").sort_key(), p("2013-05").sort_key());
    assert!(p("2013-04-30").sort_key() < p("../2013-05").sort_key());
    assert!(p("../2013-05").sort_key() < p("2013-05-01").sort_key());
}

#[test]
fn open_end_sorts_at_start() {
    assert_eq!(p("2016/..").sort_key(), (d(2016, 1, 1), Precision::Year));
}

#[test]
fn qualifiers_do_not_change_order() {
    assert_eq!(p("2022~").sort_key(), p("2022").sort_key());
    assert_eq!(p("2022-07%").sort_key(), p("2022-07").sort_key());
}

#[test]
fn time_sorts_by_local_date() {
    // 23:30-05:00 on the 7th is the 8th in UTC but sorts on the 7th.
    assert!(p("2022-09-07T23:30-05:00").sort_key() < p("2022-09-08").sort_key());
    assert!(p("2022-09-07").sort_key() < p("2022-09-07T23:30-05:00").sort_key());
}

#[test]
fn mixed_sort() {
    assert_eq!(
        sorted(&[
            "2016/..",
            "2022-07-15/2022-07-17",
            "../2013-05",
            "2013-05/2016-09",
            "2014",
            "2013",
            "2022-07",
        ]),
        [
            "2013",
            "../2013-05",
            "2013-05/2016-09",
            "2014",
            "2016/..",
            "2022-07",
            "2022-07-15/2022-07-17"
        ]
    );
}

// ----- RFC 3339 -------------------------------------------------------

#[test]
fn rfc3339_for_dates() {
    assert_eq!(p("2014").to_rfc3339_start(), "2014-01-01T00:00:00Z");
    assert_eq!(p("2022-07").to_rfc3339_start(), "2022-07-01T00:00:00Z");
    assert_eq!(p("2022-09-07").to_rfc3339_start(), "2022-09-07T00:00:00Z");
    assert_eq!(
        p("2013-05/2016-09").to_rfc3339_start(),
        "2013-05-01T00:00:00Z"
    );
    assert_eq!(p("../2013-05").to_rfc3339_start(), "2013-05-01T00:00:00Z");
    assert_eq!(p("2016/..").to_rfc3339_start(), "2016-01-01T00:00:00Z");
    assert_eq!(p("2022~").to_rfc3339_start(), "2022-01-01T00:00:00Z");
}

#[test]
fn rfc3339_for_times_in_utc() {
    assert_eq!(
        p("2022-09-07T10:30:00+02:00").to_rfc3339_start(),
        "2022-09-07T08:30:00Z"
    );
    assert_eq!(
        p("2022-09-07T10:30:15Z").to_rfc3339_start(),
        "2022-09-07T10:30:15Z"
    );
    assert_eq!(
        p("2022-09-07T23:30:00-05:00").to_rfc3339_start(),
        "2022-09-08T04:30:00Z"
    );
    assert_eq!(
        p("2022-01-01T01:00+05:30").to_rfc3339_start(),
        "2021-12-31T19:30:00Z"
    );
    assert_eq!(
        p("2022-09-07T10:30+02:00/2022-09-08").to_rfc3339_start(),
        "2022-09-07T08:30:00Z"
    );
    assert_eq!(
        p("../2022-09-07T10:30+02:00").to_rfc3339_start(),
        "2022-09-07T08:30:00Z"
    );
}

#[test]
fn rfc3339_is_valid_rfc3339() {
    for s in ["2014", "2022-09-07T23:30:00-05:00", "../2013-05"] {
        let out = p(s).to_rfc3339_start();
        assert!(chrono::DateTime::parse_from_rfc3339(&out).is_ok(), "{out}");
    }
}

// ----- EDTF round trip ------------------------------------------------

#[test]
fn edtf_canonical_text() {
    assert_eq!(p("2014").to_edtf(), "2014");
    assert_eq!(p(" 2022-07 ").to_edtf(), "2022-07");
    assert_eq!(p("2022-09-07").to_edtf(), "2022-09-07");
    assert_eq!(
        p("2022-09-07T10:30+02:00").to_edtf(),
        "2022-09-07T10:30:00+02:00"
    );
    assert_eq!(
        p("2022-09-07T10:30-00:00").to_edtf(),
        "2022-09-07T10:30:00Z"
    );
    assert_eq!(
        p("2022-09-07T10:30-05:30").to_edtf(),
        "2022-09-07T10:30:00-05:30"
    );
    assert_eq!(p("2013-05 / 2016-09").to_edtf(), "2013-05/2016-09");
    assert_eq!(p("2016/..").to_edtf(), "2016/..");
    assert_eq!(p("../2013-05").to_edtf(), "../2013-05");
    assert_eq!(p("2022-07~").to_edtf(), "2022-07~");
    assert_eq!(p("2022?").to_edtf(), "2022?");
    assert_eq!(p("2022%").to_edtf(), "2022%");
    assert_eq!(p("2013~/2016?").to_edtf(), "2013~/2016?");
    assert_eq!(p("2022").to_string(), "2022");
    assert_eq!(point("2022-07~").to_string(), "2022-07~");
}

#[test]
fn edtf_round_trips() {
    let inputs = [
        "2014",
        "2022-07",
        "2022-09-07",
        "2022-09-07T10:30:00+02:00",
        "2022-09-07T10:30Z",
        "2022-09-07T10:30:59-11:45",
        "2022-07-15/2022-07-17",
        "2013-05/2016-09",
        "2016/..",
        "../2013-05",
        "2022-07~",
        "2022?",
        "2022%",
        "2013~/2016",
        "../2022-09-07T10:30Z?",
        "2022-09-07T10:30Z%/..",
    ];
    for input in inputs {
        let date = p(input);
        assert_eq!(p(&date.to_edtf()), date, "{input}");
    }
}

// ----- serde ----------------------------------------------------------

#[test]
fn serializes_as_edtf_text() {
    assert_eq!(
        serde_json::to_string(&p("2013-05/2016-09")).unwrap(),
        "\"2013-05/2016-09\""
    );
    assert_eq!(serde_json::to_string(&point("2022~")).unwrap(), "\"2022~\"");
    assert_eq!(
        serde_json::to_string(&Precision::Month).unwrap(),
        "\"month\""
    );
    assert_eq!(
        serde_json::to_string(&Qualifiers {
            approximate: true,
            uncertain: false
        })
        .unwrap(),
        r#"{"approximate":true,"uncertain":false}"#
    );
    let e = err("2022-13");
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["column"], 5);
}

#[test]
fn deserializes_from_text_and_numbers() {
    let date: EventDate = serde_json::from_str("\"2022-07/..\"").unwrap();
    assert_eq!(date, p("2022-07/.."));
    let date: EventDate = serde_json::from_str("2014").unwrap();
    assert_eq!(date, p("2014"));
    let pt: DatePoint = serde_json::from_str("\"2022-09-07\"").unwrap();
    assert_eq!(pt, point("2022-09-07"));
    let pt: DatePoint = serde_json::from_str("2022").unwrap();
    assert_eq!(pt, DatePoint::from_year(2022));
    let bad = serde_json::from_str::<EventDate>("\"2022-02-30\"").unwrap_err();
    assert!(bad.to_string().contains("February 2022 has 28 days"));
    let bce: EventDate = serde_json::from_str("-2014").unwrap();
    assert_eq!(bce, EventDate::Point(DatePoint::from_year(-2014)));
    assert!(serde_json::from_str::<EventDate>("true").is_err());
    assert!(serde_json::from_str::<DatePoint>("\"2013/2014\"").is_err());
}
