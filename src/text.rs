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
