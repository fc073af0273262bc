//! One point of a date: its qualifier, year (four digits, `X` digits or a `Y`
//! year), month or season, day, and the time parse_time.rs reads. Each error
//! names the nearest form that is accepted.

use super::digits::{digits_value, first_non_digit, significant_digits, unexpected, MonthField};
use super::parse_time::parse_time;
use super::{
    days_in_month, DateError, DatePoint, Precision, Qualifiers, Unspecified, HINT, SPRING,
    TIME_HINT, WINTER,
};

const SEASON_HINT: &str =
    "write a season as YYYY-21 (spring), -22 (summer), -23 (autumn) or -24 (winter)";

/// Parses one point (no '/'), `text` being trimmed ASCII starting at char column `base`.
pub(super) fn parse_point(text: &str, base: usize) -> Result<DatePoint, DateError> {
    if text.is_empty() {
        return Err(DateError::new("a date is missing", HINT, base));
    }
    let (body, qualifiers) = split_qualifier(text, base)?;
    check_inner_qualifiers(text, body, qualifiers, base)?;
    let (date_part, time_at) = match body.find('T') {
        Some(t) => (&body[..t], Some(t)),
        None => (body, None),
    };
    let mut point = if date_part.starts_with('Y') {
        super::parse_unspecified::parse_y_year(text, date_part, base)?
    } else {
        parse_date(text, date_part, base)?
    };
    if let Some(t) = time_at {
        if point.precision() != Precision::Day {
            return Err(DateError::new(
                format!("'{text}' has a time but no full date"),
                TIME_HINT,
                base + t,
            ));
        }
        point.time = Some(parse_time(text, &body[t + 1..], base + t + 1)?);
    }
    point.qualifiers = qualifiers;
    Ok(point)
}

fn qualifier_of(b: u8) -> Option<Qualifiers> {
    let (approximate, uncertain) = match b {
        b'~' => (true, false),
        b'?' => (false, true),
        b'%' => (true, true),
        _ => return None,
    };
    Some(Qualifiers {
        approximate,
        uncertain,
    })
}

/// The text without its closing qualifier, and that qualifier.
fn split_qualifier(text: &str, base: usize) -> Result<(&str, Qualifiers), DateError> {
    let Some(q) = text.bytes().last().and_then(qualifier_of) else {
        return Ok((text, Qualifiers::NONE));
    };
    let body = &text[..text.len() - 1];
    if body.is_empty() {
        return Err(DateError::new(
            format!("the qualifier '{text}' needs a date before it"),
            "write e.g. 2022~ (approximate), 2022? (uncertain) or 2022% (both)",
            base,
        ));
    }
    if body.bytes().last().and_then(qualifier_of).is_some() {
        return Err(DateError::new(
            format!("'{text}' has more than one qualifier"),
            "use one qualifier: ~ approximate, ? uncertain, % both",
            base + body.len() - 1,
        ));
    }
    Ok((body, q))
}

/// A qualifier inside the date (`2004?-06`, `?2004`) qualifies a part: EDTF level 2.
/// The hint moves it, merged with any other, to the end.
fn check_inner_qualifiers(
    text: &str,
    body: &str,
    last: Qualifiers,
    base: usize,
) -> Result<(), DateError> {
    let Some(at) = body.bytes().position(|b| qualifier_of(b).is_some()) else {
        return Ok(());
    };
    let merged = body
        .bytes()
        .filter_map(qualifier_of)
        .fold(last, |a, q| Qualifiers {
            approximate: a.approximate || q.approximate,
            uncertain: a.uncertain || q.uncertain,
        });
    let bare: String = body
        .chars()
        .filter(|c| !matches!(c, '?' | '~' | '%'))
        .collect();
    Err(DateError::new(
        format!(
            "'{text}' qualifies a part of the date; a qualifier closes the whole date (EDTF level 1)"
        ),
        format!(
            "write {bare}{}, with the qualifier at the end",
            merged.edtf_suffix()
        ),
        base + at,
    ))
}

/// A date of year, month and day fields: `2022-07-15`, `-0499`, `201X`, `2004-XX`.
fn parse_date(text: &str, date_part: &str, base: usize) -> Result<DatePoint, DateError> {
    if date_part.starts_with('+') {
        return Err(DateError::new(
            format!("unexpected '+' in '{text}'"),
            "write a year without a sign (2022); a year before the common era as -0499 (500 BCE)",
            base,
        ));
    }
    let (negative, digits) = match date_part.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, date_part),
    };
    let sign = usize::from(negative);
    let mut fields: Vec<(usize, &str)> = Vec::new();
    let mut offset = sign;
    for piece in digits.split('-') {
        fields.push((offset, piece));
        offset += piece.len() + 1;
    }
    if fields.len() > 3 {
        return Err(DateError::new(
            format!("'{text}' has too many parts; a date has at most year, month and day"),
            HINT,
            base + fields[3].0 - 1,
        ));
    }
    let (_, year_text) = fields[0];
    let (year, unspecified) = parse_year(text, year_text, negative, fields.len(), base)?;
    let mut point = DatePoint::from_year(year);
    point.unspecified = unspecified;
    let Some(&(at, month_text)) = fields.get(1) else {
        return Ok(point);
    };
    // The year as written (four digits and a sign), for hints.
    let written = &date_part[..sign + year_text.len()];
    let month = parse_month(text, written, month_text, base + at)?;
    match month {
        MonthField::Month(m) | MonthField::Season(m) => point.month = Some(m),
        MonthField::Unspecified => point.unspecified = Unspecified::Month,
    }
    if let Some(&(at, day_text)) = fields.get(2) {
        parse_day_field(text, written, &mut point, month, day_text, base + at)?;
    }
    Ok(point)
}

/// The year field (without its sign) at column `base`.
fn parse_year(
    text: &str,
    year_text: &str,
    negative: bool,
    fields: usize,
    base: usize,
) -> Result<(i64, Unspecified), DateError> {
    let sign = if negative { "-" } else { "" };
    if year_text.is_empty() {
        return Err(DateError::new(
            format!("'{text}' has no year; a date starts with a 4-digit year"),
            "write years with four digits: 2022, 0044, or -0499 for 500 BCE",
            base,
        ));
    }
    if year_text.contains(['X', 'x']) {
        return super::parse_unspecified::parse_x_year(text, year_text, negative, fields, base);
    }
    if let Some(i) = first_non_digit(year_text) {
        if year_text.as_bytes()[i] == b'S' {
            return Err(significant_digits(text, base + usize::from(negative) + i));
        }
        return Err(unexpected(
            year_text,
            i,
            text,
            base + usize::from(negative) + i,
            HINT,
        ));
    }
    if year_text.len() != 4 {
        return Err(DateError::new(
            format!("the year must have 4 digits, found '{year_text}'"),
            year_length_hint(year_text, sign, fields),
            base,
        ));
    }
    let value = i64::from(digits_value(year_text));
    if negative && value == 0 {
        return Err(DateError::new(
            format!("'{text}' is not a year: there is no -0000"),
            "year 0000 is 1 BCE: write 0000",
            base,
        ));
    }
    Ok((if negative { -value } else { value }, Unspecified::None))
}

fn year_length_hint(year_text: &str, sign: &str, fields: usize) -> String {
    if year_text.len() == 8 && fields == 1 && sign.is_empty() {
        return format!(
            "write the parts of a date with '-': {}-{}-{}",
            &year_text[..4],
            &year_text[4..6],
            &year_text[6..]
        );
    }
    let trimmed = year_text.trim_start_matches('0');
    if year_text.len() > 4 && trimmed.len() > 4 {
        format!("write a year of more than four digits with a Y in front: Y{sign}{trimmed}")
    } else {
        format!("write the year with four digits: {sign}{trimmed:0>4}")
    }
}

fn parse_month(
    text: &str,
    year_text: &str,
    month_text: &str,
    column: usize,
) -> Result<MonthField, DateError> {
    if month_text.is_empty() {
        return Err(DateError::new(
            format!("'{text}' has a '-' but no month after it"),
            HINT,
            column,
        ));
    }
    if month_text.contains('X') {
        return super::parse_unspecified::x_month(text, year_text, month_text, column);
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
    match digits_value(month_text) {
        month @ 1..=12 => Ok(MonthField::Month(month)),
        season @ SPRING..=WINTER => Ok(MonthField::Season(season)),
        25..=41 => Err(DateError::new(
            format!(
                "'{text}': {month_text} is a season of a hemisphere, a quarter or a half-year, which is EDTF level 2"
            ),
            format!("{SEASON_HINT}, or the months as a range, e.g. {year_text}-01/{year_text}-03"),
            column,
        )),
        _ => Err(DateError::new(
            format!("month {month_text} does not exist: months run from 01 to 12"),
            HINT,
            column,
        )),
    }
}

/// The day field of `point`, whose month field was `month`.
fn parse_day_field(
    text: &str,
    year: &str,
    point: &mut DatePoint,
    month: MonthField,
    day_text: &str,
    column: usize,
) -> Result<(), DateError> {
    match month {
        MonthField::Season(season) => Err(DateError::new(
            format!("'{text}': a season has no day"),
            format!("write the season alone ({year}-{season}), or a date such as {year}-03-21"),
            column - 1,
        )),
        MonthField::Unspecified => {
            super::parse_unspecified::day_of_x_month(text, year, day_text, column)?;
            point.unspecified = Unspecified::MonthAndDay;
            Ok(())
        }
        MonthField::Month(m) if day_text.contains('X') => {
            super::parse_unspecified::x_day(text, year, m, day_text, column)?;
            point.unspecified = Unspecified::Day;
            Ok(())
        }
        MonthField::Month(m) => {
            point.day = Some(parse_day(text, year, point.year, m, day_text, column)?);
            Ok(())
        }
    }
}

fn parse_day(
    text: &str,
    y: &str,
    year: i64,
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
            format!("write the day with 2 digits: {y}-{month:02}-0{day_text}")
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
            format!("{y}-{month:02}-00 is not a date: days run from 01"),
            HINT,
            column,
        ));
    }
    if day > last {
        return Err(DateError::new(
            format!(
                "{y}-{month:02}-{day_text} is not a date: {} {} has {last} days",
                super::MONTHS_EN[(month - 1) as usize % 12],
                super::point::plain_year(year)
            ),
            HINT,
            column,
        ));
    }
    Ok(day)
}
