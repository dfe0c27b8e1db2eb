//! Small text helpers shared by the stages.

/// 1-based line and column (in characters) of a byte offset into `text`.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    (line, col)
}

/// The first character of `s` that must not reach an email header or any other one-line
/// value: a control character (C0 such as NUL, tab or a vertical tab, DEL, C1 such as
/// U+0085 "next line") or a line or paragraph separator.
pub fn line_breaker(s: &str) -> Option<char> {
    s.chars()
        .find(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
}

/// `U+000B (vertical tab)`: a character's code point and, when it has one, its name.
pub fn char_name(c: char) -> String {
    let name = match c {
        '\0' => "NUL",
        '\t' => "tab",
        '\n' => "line feed",
        '\r' => "carriage return",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\u{1b}' => "escape",
        '\u{7f}' => "delete",
        '\u{85}' => "next line",
        '\u{a0}' => "no-break space",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        _ => "",
    };
    let code = format!("U+{:04X}", u32::from(c));
    if name.is_empty() {
        code
    } else {
        format!("{code} ({name})")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lines_and_columns_count_characters() {
        assert_eq!(super::line_col("ab\ncé d", 6), (2, 3));
        assert_eq!(
            super::line_col("ab\ncé d", 5),
            (2, 2),
            "inside é: its start"
        );
        assert_eq!(super::line_col("x", 0), (1, 1));
    }
}
