//! Splits a Markdown file into YAML front matter and body.

/// The two parts of a source file.
pub struct Split<'a> {
    /// YAML between the `---` lines.
    pub yaml: &'a str,
    /// Markdown after the closing `---`.
    pub body: &'a str,
    /// Line (1-based) on which the body starts.
    pub body_line: u32,
}

/// Splits `text`; the error is a message for line 1 of the file.
pub fn split(text: &str) -> Result<Split<'_>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err("missing front matter: the file must start with a `---` line, then YAML with at least `title`, then `---`".into());
    }
    let mut offset = first_end;
    let mut line = 2u32;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        if text[offset..end].trim_end() == "---" {
            return Ok(Split {
                yaml: &text[first_end..offset],
                body: &text[end..],
                body_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err("front matter is not closed: add a `---` line after the YAML".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitle: x\ndate: 2020-01-01\n---\nHello\n").unwrap();
        assert_eq!(s.yaml, "title: x\ndate: 2020-01-01\n");
        assert_eq!(s.body, "Hello\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn crlf_and_unclosed() {
        let s = split("---\r\ntitle: x\r\n---\r\nHi").unwrap();
        assert_eq!(s.body, "Hi");
        assert!(split("---\ntitle: x\n").is_err());
        assert!(split("title: x\n").is_err());
    }
}
