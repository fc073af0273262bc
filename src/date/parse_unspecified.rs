//! Unspecified digits (`X`) and `Y` years: what EDTF level 1 allows of them, and
//! hints towards it for the rest (level 2's exponents and significant digits).

use super::digits::{first_non_digit, significant_digits, unexpected};
use super::point::edtf_year;
use super::{DateError, DatePoint, Unspecified, HINT};

/// A year field holding `X` (or `x`): `201X` a decade, `20XX` a century.
pub(super) fn parse_x_year(
    text: &str,
    year_text: &str,
    negative: bool,
    fields: usize,
    base: usize,
) -> Result<(i64, Unspecified), DateError> {
    let column = base + usize::from(negative);
    if let Some(i) = year_text.find('x') {
        return Err(DateError::new(
            format!("unexpected 'x' in '{text}'"),
            format!(
                "write an unspecified digit as a capital X: {}",
                year_text.to_ascii_uppercase()
            ),
            column + i,
        ));
    }
    if year_text.len() != 4 || first_non_digit(&year_text.replace('X', "0")).is_some() {
        let i = first_non_digit(&year_text.replace('X', "0")).unwrap_or(0);
        if year_text.len() == 4 {
            return Err(unexpected(year_text, i, text, column + i, HINT));
        }
        return Err(DateError::new(
            format!("the year must have 4 digits, found '{year_text}'"),
            "write one or two X at the end of a four-digit year: 201X (the 2010s), 20XX (the 2000s)",
            base,
        ));
    }
    let first_x = year_text.find('X').unwrap_or(4);
    let low = year_text.replace('X', "0");
    let high = year_text.replace('X', "9");
    if year_text[first_x..].bytes().any(|b| b != b'X') {
        return Err(DateError::new(
            format!("'{text}': X replaces digits from the right only (EDTF level 1)"),
            format!(
                "write {}{}, or the year in full",
                &year_text[..first_x],
                "X".repeat(4 - first_x)
            ),
            column + first_x,
        ));
    }
    if negative {
        return Err(DateError::new(
            format!("'{text}': X digits are for years 0000 to 9999 (EDTF level 1)"),
            format!("write the years before the common era as a range: -{high}/-{low}"),
            base,
        ));
    }
    let unspecified = match 4 - first_x {
        1 => Unspecified::Decade,
        2 => Unspecified::Century,
        n => {
            return Err(DateError::new(
                format!("'{text}' leaves {n} digits of the year unspecified; EDTF level 1 allows one or two (201X, 20XX)"),
                format!("write the years as a range: {low}/{high}"),
                column + first_x,
            ))
        }
    };
    if fields > 1 {
        return Err(DateError::new(
            format!("'{text}': a year with X stands alone, without month or day (EDTF level 1)"),
            format!("write {year_text} alone, or the year in full"),
            column + 4,
        ));
    }
    Ok((i64::from(super::digits::digits_value(&low)), unspecified))
}

/// A month field holding `X`: only `XX` is level 1.
pub(super) fn x_month(
    text: &str,
    year: &str,
    month_text: &str,
    column: usize,
) -> Result<super::digits::MonthField, DateError> {
    if month_text == "XX" {
        return Ok(super::digits::MonthField::Unspecified);
    }
    Err(DateError::new(
        format!("'{text}': {month_text} is not a month; an unspecified month is XX (EDTF level 1)"),
        format!("write {year}-XX, or the month in full"),
        column,
    ))
}

/// The day after an unspecified month: only `XX` is level 1.
pub(super) fn day_of_x_month(
    text: &str,
    year: &str,
    day_text: &str,
    column: usize,
) -> Result<(), DateError> {
    if day_text == "XX" {
        return Ok(());
    }
    Err(DateError::new(
        format!("'{text}' gives a day of an unspecified month, which is EDTF level 2"),
        format!("write {year}-XX-XX, or the month and the day in full"),
        column,
    ))
}

/// A day field holding `X`: only `XX` is level 1.
pub(super) fn x_day(
    text: &str,
    year: &str,
    month: u32,
    day_text: &str,
    column: usize,
) -> Result<(), DateError> {
    if day_text == "XX" {
        return Ok(());
    }
    Err(DateError::new(
        format!("'{text}': {day_text} is not a day; an unspecified day is XX (EDTF level 1)"),
        format!("write {year}-{month:02}-XX, or the day in full"),
        column,
    ))
}

/// `Y17E7` (exponent) and `Y171010000S3` (significant digits) are level 2.
pub(super) fn level2_y_year(
    text: &str,
    sign: &str,
    digits: &str,
    column: usize,
) -> Option<DateError> {
    if let Some(s) = digits.find('S') {
        let mut e = significant_digits(text, column + s);
        e.hint = format!(
            "write the year alone (Y{sign}{}), or the years as a range",
            &digits[..s]
        );
        return Some(e);
    }
    let e = digits.find('E')?;
    let (significand, exponent) = (&digits[..e], &digits[e + 1..]);
    let full = significand
        .parse::<i64>()
        .ok()
        .zip(exponent.parse::<u32>().ok())
        .and_then(|(s, x)| s.checked_mul(10i64.checked_pow(x)?))
        .filter(|v| *v > 9999);
    let hint = match full {
        Some(v) => format!("write the year in full: Y{sign}{v}"),
        None => "write the year in full after the Y, e.g. Y170000000".to_string(),
    };
    Some(DateError::new(
        format!("'{text}' gives the year with an exponent (E), which is EDTF level 2"),
        hint,
        column + e,
    ))
}

/// A year written with `Y` (more than four digits); it stands alone.
pub(super) fn parse_y_year(
    text: &str,
    date_part: &str,
    base: usize,
) -> Result<DatePoint, DateError> {
    let rest = &date_part[1..];
    let (sign, digits) = match rest.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", rest),
    };
    let column = base + 1 + sign.len();
    if let Some(e) = level2_y_year(text, sign, digits, column) {
        return Err(e);
    }
    if let Some(dash) = digits.find('-') {
        return Err(DateError::new(
            format!("'{text}': a year written with Y stands alone, without month or day"),
            format!("write Y{sign}{}", &digits[..dash]),
            column + dash,
        ));
    }
    if digits.is_empty() {
        return Err(DateError::new(
            format!("'{text}' has no year after the Y"),
            "write a year beyond ±9999 as Y170000002 or Y-170000002",
            column,
        ));
    }
    if let Some(i) = first_non_digit(digits) {
        return Err(unexpected(digits, i, text, column + i, HINT));
    }
    let trimmed = digits.trim_start_matches('0');
    if trimmed.len() > 18 {
        return Err(DateError::new(
            format!(
                "the year in '{text}' has {} digits; timeline reads at most 18",
                trimmed.len()
            ),
            "write a year of at most 18 digits after the Y",
            column,
        ));
    }
    let value = trimmed.parse::<i64>().unwrap_or(0);
    let year = if sign.is_empty() { value } else { -value };
    if value <= 9999 {
        return Err(DateError::new(
            format!("'{text}': the Y prefix is only for years of more than four digits"),
            format!("write {}", edtf_year(year)),
            base,
        ));
    }
    Ok(DatePoint::from_year(year))
}
