//! URL slugs for tags, headings and file names.

/// Lower-cases, keeps letters and digits, joins words with `-`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '\u{2019}' {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("  Maria's Café  "), "marias-café");
        assert_eq!(slugify("C++ & Rust"), "c-rust");
        assert_eq!(slugify("---"), "");
    }
}
