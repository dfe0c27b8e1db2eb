//! Code highlighting with syntect, as CSS classes (`hl-*`) that the theme styles.

use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The class prefix the theme's `syntax.css` targets.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Code blocks longer than this, or with a line longer than [`MAX_LINE`], are shown plain:
/// highlighting costs time per byte (and a pathological line can cost far more), and no
/// reader scrolls through a block this size for its colours.
pub const MAX_HIGHLIGHTED: usize = 256 * 1024;
/// Longest line highlighted.
pub const MAX_LINE: usize = 4096;

/// Renders a fenced code block as `<pre class="code">`; unknown languages come out plain.
pub fn code_block(lang: &str, code: &str) -> String {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let too_big = code.len() > MAX_HIGHLIGHTED || code.lines().any(|l| l.len() > MAX_LINE);
    let syntax = (!lang.is_empty() && !too_big)
        .then(|| SYNTAXES.find_syntax_by_token(lang))
        .flatten();
    let mut out = String::with_capacity(code.len() * 2 + 64);
    match syntax {
        Some(syntax) => {
            let mut generator =
                ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
            let highlighted = LinesWithEndings::from(code)
                .try_for_each(|line| generator.parse_html_for_line_which_includes_newline(line));
            out.push_str("<pre tabindex=\"0\" class=\"code\" data-lang=\"");
            pulldown_cmark_escape::escape_html(&mut out, lang).ok();
            out.push_str("\"><code>");
            match highlighted {
                Ok(()) => out.push_str(&generator.finalize()),
                Err(_) => {
                    pulldown_cmark_escape::escape_html_body_text(&mut out, code).ok();
                }
            }
        }
        None => {
            out.push_str("<pre tabindex=\"0\" class=\"code\"><code>");
            pulldown_cmark_escape::escape_html_body_text(&mut out, code).ok();
        }
    }
    out.push_str("</code></pre>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let html = code_block("rust", "fn main() {}\n");
        assert!(html.starts_with("<pre tabindex=\"0\" class=\"code\" data-lang=\"rust\"><code>"));
        assert!(
            html.contains("hl-keyword") || html.contains("hl-storage"),
            "{html}"
        );
    }

    #[test]
    fn unknown_language_is_plain_and_escaped() {
        let html = code_block("nosuchlang", "<b>&</b>\n");
        assert_eq!(
            html,
            "<pre tabindex=\"0\" class=\"code\"><code>&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>\n"
        );
    }
}
