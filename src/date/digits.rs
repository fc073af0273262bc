//! The small readers every part of a date's parser shares: digits, their value, and
//! the errors for an unexpected character or an EDTF level 2 form.

use super::DateError;

/// Offset of the first byte that is not an ASCII digit.
pub(super) fn first_non_digit(s: &str) -> Option<usize> {
    s.bytes().position(|b| !b.is_ascii_digit())
}

/// Parses an all-digit string (at most a few digits, checked by callers).
pub(super) fn digits_value(s: &str) -> u32 {
    s.bytes().fold(0u32, |acc, b| {
        acc.saturating_mul(10)
            .saturating_add(u32::from(b.wrapping_sub(b'0')))
    })
}

/// "unexpected 'c' in 'whole'", `c` being the char at `rel` in `piece`.
pub(super) fn unexpected(
    piece: &str,
    rel: usize,
    whole: &str,
    column: usize,
    hint: &str,
) -> DateError {
    let c = piece[rel..].chars().next().unwrap_or(' ');
    DateError::new(format!("unexpected '{c}' in '{whole}'"), hint, column)
}

/// What a month field holds.
#[derive(Clone, Copy)]
pub(super) enum MonthField {
    Month(u32),
    Season(u32),
    Unspecified,
}

/// The error for significant digits (`S`), an EDTF level 2 form.
pub(super) fn significant_digits(text: &str, column: usize) -> DateError {
    DateError::new(
        format!("'{text}' gives significant digits (S), which is EDTF level 2"),
        "write a decade or a century with X (195X, 19XX), or the years as a range (1950/1959)",
        column,
    )
}
