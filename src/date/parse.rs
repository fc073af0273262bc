//! The parser of event dates: text in, a [`EventDate`] or a [`DateError`] with the
//! column of the fault and a hint out. Never panics.

use chrono::{FixedOffset, NaiveTime};

use super::*;

/// Trims the input and checks it is non-empty ASCII. Returns the trimmed
/// text and the character column where it starts in `s`.
pub(super) fn prepare(s: &str) -> Result<(&str, usize), DateError> {
    let start_trimmed = s.trim_start();
    let lead = s.len() - start_trimmed.len();
    let base = s[..lead].chars().count();
    let text = start_trimmed.trim_end();
    if text.is_empty() {
        return Err(DateError::new("the date is empty", HINT, base));
    }
    if let Some((i, c)) = text.char_indices().find(|(_, c)| !c.is_ascii()) {
        let column = base + text[..i].chars().count();
        let hint = match c {
            '\u{2013}' | '\u{2014}' | '\u{2212}' => {
                "write a range with '/' between its start and end, e.g. 2013/2016".to_string()
            }
            '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => {
                "write the digits as 0-9; they are shown in Arabic-Indic digits if the site asks for it"
                    .to_string()
            }
            _ => HINT.to_string(),
        };
        return Err(DateError::new(
            format!("unexpected character '{c}' in '{text}'"),
            hint,
            column,
        ));
    }
    Ok((text, base))
}

/// Offset of the first byte that is not an ASCII digit.
fn first_non_digit(s: &str) -> Option<usize> {
    s.bytes().position(|b| !b.is_ascii_digit())
}

/// Parses an all-digit string (at most a few digits, checked by callers).
fn digits_value(s: &str) -> u32 {
    s.bytes().fold(0u32, |acc, b| {
        acc.saturating_mul(10).saturating_add(u32::from(b - b'0'))
    })
}

/// "unexpected 'c' in 'whole'", `c` being the char at `rel` in `piece`.
fn unexpected(piece: &str, rel: usize, whole: &str, column: usize, hint: &str) -> DateError {
    let c = piece[rel..].chars().next().unwrap_or(' ');
    DateError::new(format!("unexpected '{c}' in '{whole}'"), hint, column)
}

pub(super) fn parse_range(text: &str, base: usize, slash: usize) -> Result<EventDate, DateError> {
    let left = &text[..slash];
    let right = &text[slash + 1..];

    let start = parse_side(text, left, base, base + slash, true)?;
    let end = parse_side(text, right, base + slash + 1, base + slash + 1, false)?;

    match (start, end) {
        (None, None) => Err(DateError::new(
            "a range needs a date on at least one side; '../..' has none",
            RANGE_HINT,
            base,
        )),
        (Some(s), Some(e)) => {
            let end_column = base + slash + 1 + (right.len() - right.trim_start().len());
            check_order(&s, &e, end_column)?;
            Ok(EventDate::Range {
                start: Some(s),
                end: Some(e),
            })
        }
        (start, end) => Ok(EventDate::Range { start, end }),
    }
}

/// One side of a range: `..` is open, empty is an error, else a point.
/// `column` is where `side` starts; `empty_column` where to point when empty.
fn parse_side(
    whole: &str,
    side: &str,
    column: usize,
    empty_column: usize,
    is_start: bool,
) -> Result<Option<DatePoint>, DateError> {
    let lead = side.len() - side.trim_start().len();
    let trimmed = side.trim();
    if trimmed.is_empty() {
        let other = if is_start {
            whole.split('/').nth(1).unwrap_or("").trim()
        } else {
            whole.split('/').next().unwrap_or("").trim()
        };
        let (message, hint) = if is_start {
            (
                "the start of the range is missing",
                format!("write an open start as ../{other}"),
            )
        } else {
            (
                "the end of the range is missing",
                format!("write an ongoing range as {other}/.."),
            )
        };
        return Err(DateError::new(message, hint, empty_column));
    }
    if trimmed == ".." {
        return Ok(None);
    }
    parse_point(trimmed, column + lead).map(Some)
}

fn check_order(start: &DatePoint, end: &DatePoint, end_column: usize) -> Result<(), DateError> {
    if end.last_day() < start.first_day() {
        return Err(DateError::new(
            format!(
                "the range ends ({}) before it starts ({})",
                end.to_edtf(),
                start.to_edtf()
            ),
            "put the earlier date first: START/END",
            end_column,
        ));
    }
    if let (Some(s), Some(e)) = (start.utc_datetime(), end.utc_datetime()) {
        if e < s {
            return Err(DateError::new(
                format!(
                    "the range ends ({}) before it starts ({}) once the UTC offsets are applied",
                    end.to_edtf(),
                    start.to_edtf()
                ),
                "put the earlier time first: START/END",
                end_column,
            ));
        }
    }
    Ok(())
}

/// Parses one point (no '/'), `text` being trimmed ASCII starting at char column `base`.
// Split by precision in the EDTF level 1 rework of the parser.
#[allow(clippy::too_many_lines)]
pub(super) fn parse_point(text: &str, base: usize) -> Result<DatePoint, DateError> {
    if text.is_empty() {
        return Err(DateError::new("a date is missing", HINT, base));
    }
    // Qualifier suffix.
    let (body, qualifiers) = match text.as_bytes()[text.len() - 1] {
        b'~' => (
            &text[..text.len() - 1],
            Qualifiers {
                approximate: true,
                uncertain: false,
            },
        ),
        b'?' => (
            &text[..text.len() - 1],
            Qualifiers {
                approximate: false,
                uncertain: true,
            },
        ),
        b'%' => (
            &text[..text.len() - 1],
            Qualifiers {
                approximate: true,
                uncertain: true,
            },
        ),
        _ => (text, Qualifiers::NONE),
    };
    if body.is_empty() {
        return Err(DateError::new(
            format!("the qualifier '{text}' needs a date before it"),
            "write e.g. 2022~ (approximate), 2022? (uncertain) or 2022% (both)",
            base,
        ));
    }
    if matches!(body.as_bytes()[body.len() - 1], b'~' | b'?' | b'%') {
        return Err(DateError::new(
            format!("'{text}' has more than one qualifier"),
            "use one qualifier: ~ approximate, ? uncertain, % both",
            base + body.len() - 1,
        ));
    }

    let (date_part, time_part) = match body.find('T') {
        Some(t) => (&body[..t], Some(t)),
        None => (body, None),
    };

    // Split the date into '-' separated fields with their offsets.
    let mut fields: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    for piece in date_part.split('-') {
        fields.push((offset, piece));
        offset += piece.len() + 1;
    }
    if fields.len() > 3 {
        let (at, _) = fields[3];
        return Err(DateError::new(
            format!("'{text}' has too many parts; a date has at most year, month and day"),
            HINT,
            base + at - 1,
        ));
    }

    // Year.
    let (_, year_text) = fields[0];
    if year_text.is_empty() {
        let hint = if date_part.starts_with('-') {
            "years before 1000 are not supported; write years as YYYY between 1000 and 9999"
        } else {
            HINT
        };
        return Err(DateError::new(
            format!("'{text}' has no year; a date starts with a 4-digit year"),
            hint,
            base,
        ));
    }
    if let Some(i) = first_non_digit(year_text) {
        return Err(unexpected(year_text, i, text, base + i, HINT));
    }
    if year_text.len() != 4 {
        let hint = if year_text.len() == 8 && fields.len() == 1 {
            format!(
                "write the parts of a date with '-': {}-{}-{}",
                &year_text[..4],
                &year_text[4..6],
                &year_text[6..]
            )
        } else {
            "write years as YYYY, from 1000 to 9999".to_string()
        };
        return Err(DateError::new(
            format!("the year must have 4 digits, found '{year_text}'"),
            hint,
            base,
        ));
    }
    let year_value = digits_value(year_text);
    if year_value < 1000 {
        return Err(DateError::new(
            format!("year {year_text} is out of range: years run from 1000 to 9999"),
            "write years as YYYY, from 1000 to 9999",
            base,
        ));
    }
    // 1000..=9999 always fits.
    let year = i32::try_from(year_value).unwrap_or(9999);

    // Month.
    let month = match fields.get(1) {
        None => None,
        Some(&(at, month_text)) => Some(parse_month(text, year_text, month_text, base + at)?),
    };

    // Day.
    let day = match (month, fields.get(2)) {
        (Some(m), Some(&(at, day_text))) => Some(parse_day(text, year, m, day_text, base + at)?),
        _ => None,
    };

    // Time.
    let time = match time_part {
        None => None,
        Some(t) => {
            if day.is_none() {
                return Err(DateError::new(
                    format!("'{text}' has a time but no full date"),
                    TIME_HINT,
                    base + t,
                ));
            }
            Some(parse_time(text, &body[t + 1..], base + t + 1)?)
        }
    };

    Ok(DatePoint {
        year,
        month,
        day,
        time,
        qualifiers,
    })
}

fn parse_month(
    text: &str,
    year_text: &str,
    month_text: &str,
    column: usize,
) -> Result<u32, DateError> {
    if month_text.is_empty() {
        return Err(DateError::new(
            format!("'{text}' has a '-' but no month after it"),
            HINT,
            column,
        ));
    }
    if let Some(i) = first_non_digit(month_text) {
        return Err(unexpected(month_text, i, text, column + i, HINT));
    }
    if month_text.len() != 2 {
        let hint = if month_text.len() == 1 {
            format!("write the month with 2 digits: {year_text}-0{month_text}")
        } else {
            HINT.to_string()
        };
        return Err(DateError::new(
            format!("the month must have 2 digits, found '{month_text}'"),
            hint,
            column,
        ));
    }
    let month = digits_value(month_text);
    if !(1..=12).contains(&month) {
        return Err(DateError::new(
            format!("month {month_text} does not exist: months run from 01 to 12"),
            HINT,
            column,
        ));
    }
    Ok(month)
}

fn parse_day(
    text: &str,
    year: i32,
    month: u32,
    day_text: &str,
    column: usize,
) -> Result<u32, DateError> {
    if day_text.is_empty() {
        return Err(DateError::new(
            format!("'{text}' has a '-' but no day after it"),
            HINT,
            column,
        ));
    }
    if let Some(i) = first_non_digit(day_text) {
        return Err(unexpected(day_text, i, text, column + i, HINT));
    }
    if day_text.len() != 2 {
        let hint = if day_text.len() == 1 {
            format!("write the day with 2 digits: {year:04}-{month:02}-0{day_text}")
        } else {
            HINT.to_string()
        };
        return Err(DateError::new(
            format!("the day must have 2 digits, found '{day_text}'"),
            hint,
            column,
        ));
    }
    let day = digits_value(day_text);
    let last = days_in_month(year, month);
    if day == 0 {
        return Err(DateError::new(
            format!("{year:04}-{month:02}-00 is not a date: days run from 01"),
            HINT,
            column,
        ));
    }
    if day > last {
        return Err(DateError::new(
            format!(
                "{year:04}-{month:02}-{day_text} is not a date: {} {year} has {last} days",
                month_name_en(month)
            ),
            HINT,
            column,
        ));
    }
    Ok(day)
}

/// Parses `hh:mm[:ss](Z|±hh:mm)`; `tp` starts at char column `column`.
// Split in the EDTF level 1 rework of the parser.
#[allow(clippy::too_many_lines)]
fn parse_time(text: &str, tp: &str, column: usize) -> Result<(NaiveTime, FixedOffset), DateError> {
    if tp.is_empty() {
        return Err(DateError::new(
            format!("'{text}' has a 'T' but no time after it"),
            TIME_HINT,
            column,
        ));
    }
    let Some(zone_at) = tp.find(['Z', '+', '-']) else {
        return Err(DateError::new(
            format!("the time in '{text}' has no UTC offset"),
            "add Z (UTC) or the offset, e.g. 2022-09-07T10:30Z or 2022-09-07T10:30+02:00",
            column + tp.len(),
        ));
    };
    let clock = &tp[..zone_at];
    let zone = &tp[zone_at..];

    // Clock: hh:mm or hh:mm:ss.
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return Err(DateError::new(
            format!("'{clock}' is not a time of day"),
            TIME_HINT,
            column,
        ));
    }
    let mut values = [0u32; 3];
    let mut at = 0;
    for (i, part) in parts.iter().enumerate() {
        if let Some(j) = first_non_digit(part) {
            return Err(unexpected(part, j, text, column + at + j, TIME_HINT));
        }
        if part.len() != 2 {
            return Err(DateError::new(
                format!("'{clock}' is not a time of day: hours, minutes and seconds have 2 digits"),
                TIME_HINT,
                column + at,
            ));
        }
        values[i] = digits_value(part);
        at += part.len() + 1;
    }
    let [hour, minute, second] = values;
    let limits = [
        (hour, 23, "hour"),
        (minute, 59, "minute"),
        (second, 59, "second"),
    ];
    for (i, (value, max, name)) in limits.iter().enumerate() {
        if value > max {
            return Err(DateError::new(
                format!(
                    "{name} {value:02} does not exist in '{clock}': {name}s run from 00 to {max}"
                ),
                TIME_HINT,
                column + 3 * i,
            ));
        }
    }
    let time = NaiveTime::from_hms_opt(hour, minute, second).ok_or_else(|| {
        DateError::new(format!("'{clock}' is not a time of day"), TIME_HINT, column)
    })?;

    // Offset: Z or ±hh:mm.
    let zone_column = column + zone_at;
    let offset_hint = "write the UTC offset as Z or ±hh:mm, e.g. +02:00 or -05:00";
    let offset = if zone == "Z" {
        FixedOffset::east_opt(0)
    } else {
        let bytes = zone.as_bytes();
        let well_formed = bytes.len() == 6
            && (bytes[0] == b'+' || bytes[0] == b'-')
            && bytes[1].is_ascii_digit()
            && bytes[2].is_ascii_digit()
            && bytes[3] == b':'
            && bytes[4].is_ascii_digit()
            && bytes[5].is_ascii_digit();
        if !well_formed {
            return Err(DateError::new(
                format!("'{zone}' is not a UTC offset"),
                offset_hint,
                zone_column,
            ));
        }
        let hours = digits_value(&zone[1..3]);
        let minutes = digits_value(&zone[4..6]);
        if hours > 23 || minutes > 59 {
            return Err(DateError::new(
                format!("'{zone}' is not a UTC offset: hours run to 23, minutes to 59"),
                offset_hint,
                zone_column,
            ));
        }
        // At most 23*3600+59*60, fits in i32.
        let secs = i32::try_from(hours * 3600 + minutes * 60).unwrap_or(0);
        if bytes[0] == b'-' {
            FixedOffset::west_opt(secs)
        } else {
            FixedOffset::east_opt(secs)
        }
    };
    let offset = offset.ok_or_else(|| {
        DateError::new(
            format!("'{zone}' is not a UTC offset"),
            offset_hint,
            zone_column,
        )
    })?;
    Ok((time, offset))
}
