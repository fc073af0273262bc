//! The parser of event dates: text in, an [`EventDate`] or a [`DateError`] with the
//! column of the fault and a hint out. Never panics. Points are read by
//! `parse_point.rs`, times of day by `parse_time.rs`.

use super::parse_point::parse_point;
use super::{DateError, DatePoint, EventDate, RangeSide, Unspecified, HINT, RANGE_HINT};

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

/// Reads a whole event date: a point or a range.
pub(super) fn parse_event(s: &str) -> Result<EventDate, DateError> {
    let (text, base) = prepare(s)?;
    if let Some(e) = set_error(text, base) {
        return Err(e);
    }
    let slashes: Vec<usize> = text.match_indices('/').map(|(i, _)| i).collect();
    match slashes.as_slice() {
        [] => {
            if text == ".." {
                return Err(DateError::new(
                    "'..' marks an open side of a range and needs a date on the other side",
                    RANGE_HINT,
                    base,
                ));
            }
            parse_point(text, base).map(EventDate::Point)
        }
        [slash] => parse_range(text, base, *slash),
        [_, second, ..] => Err(DateError::new(
            "a range has exactly one '/' between its start and its end",
            format!("{RANGE_HINT}; write the parts of a date with '-', e.g. 2022-07-15"),
            base + second,
        )),
    }
}

/// EDTF level 2's sets (`[1667,1668]`, `{1960,1961}`) and the `..` between two
/// dates that only sets use.
fn set_error(text: &str, base: usize) -> Option<DateError> {
    if text.starts_with(['[', '{']) {
        return Some(DateError::new(
            format!("'{text}' is a set of dates, which timeline does not read (EDTF level 2)"),
            "write one date, or a range as START/END, e.g. 1667/1668",
            base,
        ));
    }
    let dots = text.as_bytes().windows(2).position(|w| w == b"..")?;
    let (before, after) = (&text[..dots], &text[dots + 2..]);
    let dated = |s: &str| {
        let s = s.trim();
        !s.is_empty() && !s.ends_with('/') && !s.starts_with('/')
    };
    (dated(before) || dated(after)).then(|| {
        let hint = if dated(before) && dated(after) {
            format!("write a range with '/': {before}/{after}")
        } else if dated(before) {
            format!("write an open end after a '/': {before}/..")
        } else {
            format!("write an open start before a '/': ../{after}")
        };
        DateError::new(
            format!("'..' in '{text}' stands for an open side of a range, after or before a '/'"),
            hint,
            base + dots,
        )
    })
}

fn parse_range(text: &str, base: usize, slash: usize) -> Result<EventDate, DateError> {
    let (left, right) = (&text[..slash], &text[slash + 1..]);
    let start = parse_side(left, base)?;
    let end = parse_side(right, base + slash + 1)?;
    check_specified(text, start, end, base, base + slash + 1)?;
    match (start, end) {
        (RangeSide::Date(s), RangeSide::Date(e)) => {
            let end_column = base + slash + 1 + (right.len() - right.trim_start().len());
            check_order(&s, &e, end_column)?;
        }
        (RangeSide::Date(_), _) | (_, RangeSide::Date(_)) => {}
        _ => {
            return Err(DateError::new(
                format!("a range needs a date on at least one side; '{text}' has none"),
                format!("{RANGE_HINT}; an unknown end is left empty, as in 2022/ or /2022"),
                base,
            ))
        }
    }
    Ok(EventDate::Range { start, end })
}

/// One side of a range, starting at char column `column`: `..` is open, empty
/// is unknown, else a point.
fn parse_side(side: &str, column: usize) -> Result<RangeSide, DateError> {
    let lead = side.len() - side.trim_start().len();
    match side.trim() {
        "" => Ok(RangeSide::Unknown),
        ".." => Ok(RangeSide::Open),
        trimmed => parse_point(trimmed, column + lead).map(RangeSide::Date),
    }
}

/// EDTF level 1 has no `X` digits in a range's ends (level 2 has): the hint writes
/// each such end at what is known of it, with the same bounds (`201X/2022` as
/// `2010/2022`, `2004-06-XX/2004-07-03` as `2004-06/2004-07-03`).
fn check_specified(
    text: &str,
    start: RangeSide,
    end: RangeSide,
    start_column: usize,
    end_column: usize,
) -> Result<(), DateError> {
    let unspecified = |side: RangeSide| {
        side.date()
            .is_some_and(|p| p.unspecified != Unspecified::None)
    };
    let column = match (unspecified(start), unspecified(end)) {
        (true, _) => start_column,
        (false, true) => end_column,
        (false, false) => return Ok(()),
    };
    let known = |side: RangeSide, is_start: bool| match side {
        RangeSide::Date(p) => known_part(&p, is_start).to_edtf(),
        other => other.to_edtf(),
    };
    Err(DateError::new(
        format!("'{text}': the ends of a range have no X digits in EDTF level 1"),
        format!(
            "write {}/{}, with the same bounds",
            known(start, true),
            known(end, false)
        ),
        column,
    ))
}

/// A point with `X` digits written at what is known of it: a decade or a century
/// as its first year (a start) or its last (an end), `2004-XX` as `2004`,
/// `2004-06-XX` as `2004-06`.
fn known_part(p: &DatePoint, is_start: bool) -> DatePoint {
    let mut known = *p;
    known.unspecified = Unspecified::None;
    match p.unspecified {
        Unspecified::Decade | Unspecified::Century => {
            let (first, last) = p.year_span();
            known.year = if is_start { first } else { last };
        }
        Unspecified::Month | Unspecified::MonthAndDay => {
            (known.month, known.day) = (None, None);
        }
        Unspecified::Day => known.day = None,
        Unspecified::None => {}
    }
    known
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
