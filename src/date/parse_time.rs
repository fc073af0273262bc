//! The time of a point: `hh:mm[:ss]` and a UTC offset (`Z` or `±hh:mm`).

use chrono::{FixedOffset, NaiveTime};

use super::digits::{digits_value, first_non_digit, unexpected};
use super::{DateError, TIME_HINT};

const OFFSET_HINT: &str = "write the UTC offset as Z or ±hh:mm, e.g. +02:00 or -05:00";

/// Parses `hh:mm[:ss](Z|±hh:mm)`; `tp` starts at char column `column`.
pub(super) fn parse_time(
    text: &str,
    tp: &str,
    column: usize,
) -> Result<(NaiveTime, FixedOffset), DateError> {
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
    let time = parse_clock(text, &tp[..zone_at], column)?;
    let offset = parse_offset(&tp[zone_at..], column + zone_at)?;
    Ok((time, offset))
}

/// `hh:mm` or `hh:mm:ss`.
fn parse_clock(text: &str, clock: &str, column: usize) -> Result<NaiveTime, DateError> {
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
    NaiveTime::from_hms_opt(hour, minute, second)
        .ok_or_else(|| DateError::new(format!("'{clock}' is not a time of day"), TIME_HINT, column))
}

/// `Z` or `±hh:mm`, at char column `column`.
fn parse_offset(zone: &str, column: usize) -> Result<FixedOffset, DateError> {
    let bad = || DateError::new(format!("'{zone}' is not a UTC offset"), OFFSET_HINT, column);
    if zone == "Z" {
        return FixedOffset::east_opt(0).ok_or_else(bad);
    }
    let bytes = zone.as_bytes();
    let well_formed = bytes.len() == 6
        && (bytes[0] == b'+' || bytes[0] == b'-')
        && bytes[1].is_ascii_digit()
        && bytes[2].is_ascii_digit()
        && bytes[3] == b':'
        && bytes[4].is_ascii_digit()
        && bytes[5].is_ascii_digit();
    if !well_formed {
        return Err(bad());
    }
    let hours = digits_value(&zone[1..3]);
    let minutes = digits_value(&zone[4..6]);
    if hours > 23 || minutes > 59 {
        return Err(DateError::new(
            format!("'{zone}' is not a UTC offset: hours run to 23, minutes to 59"),
            OFFSET_HINT,
            column,
        ));
    }
    // At most 23*3600+59*60, fits in i32.
    let secs = i32::try_from(hours * 3600 + minutes * 60).unwrap_or(0);
    let offset = if bytes[0] == b'-' {
        FixedOffset::west_opt(secs)
    } else {
        FixedOffset::east_opt(secs)
    };
    offset.ok_or_else(bad)
}
