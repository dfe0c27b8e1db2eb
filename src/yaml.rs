//! YAML via serde-saphyr, with errors mapped to file, line and column.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::Diagnostic;

/// Parses `text` (which starts at line `line_offset + 1` of `path`) into `T`.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    line_offset: u32,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(text).map_err(|e| to_diagnostic(&e, path, line_offset))
}

fn to_diagnostic(e: &serde_saphyr::Error, path: &Path, line_offset: u32) -> Diagnostic {
    let opts = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
    let rendered = e.render_with_options(opts);
    let message = strip_location(&rendered).to_string();
    match e.location() {
        Some(loc) if loc.line() > 0 => Diagnostic::at(
            path,
            loc.line() as u32 + line_offset,
            loc.column() as u32,
            message,
        ),
        _ => Diagnostic::file(path, message),
    }
}

/// saphyr appends " at line N, column M"; we print the location ourselves.
fn strip_location(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(", column ") => &msg[..i],
        _ => msg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        rating: Option<u8>,
    }

    #[test]
    fn error_has_line_column_offset_and_clean_message() {
        let err = parse::<Doc>("title: x\nrating: five\n", Path::new("t.yaml"), 1).unwrap_err();
        assert_eq!(err.to_string(), "t.yaml:3:9: invalid u8");
    }

    #[test]
    fn unknown_key_is_an_error() {
        let err = parse::<Doc>("title: x\ntitel: y\n", Path::new("s.yaml"), 0).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("s.yaml:2:1: unknown field `titel`"),
            "{err}"
        );
    }
}
