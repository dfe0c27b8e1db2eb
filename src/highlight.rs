//! Code highlighting with syntect, as CSS classes (`hl-*`) that the theme styles.

use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The class prefix the theme's `syntax.css` targets.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Renders a fenced code block as `<pre class="code">`; unknown languages come out plain.
pub fn code_block(lang: &str, code: &str) -> String {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let syntax = (!lang.is_empty())
        .then(|| SYNTAXES.find_syntax_by_token(lang))
        .flatten();
    let mut out = String::with_capacity(code.len() * 2 + 64);
    match syntax {
        Some(syntax) => {
            let mut generator =
                ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
            let highlighted = LinesWithEndings::from(code)
                .try_for_each(|line| generator.parse_html_for_line_which_includes_newline(line));
            out.push_str("<pre class=\"code\" data-lang=\"");
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
            out.push_str("<pre class=\"code\"><code>");
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
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"rust\"><code>"));
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
            "<pre class=\"code\"><code>&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>\n"
        );
    }
}
