//! One policy for every URL a site's files give: no script or data URLs, no user names or
//! passwords (they would be published), and https where a field promises it.

/// Schemes a link may use at all.
const LINK_SCHEMES: [&str; 4] = ["https", "http", "mailto", "tel"];

/// A link that may be relative (`/about/`, `photo.jpg`) or absolute with a safe scheme.
pub fn check_link(s: &str) -> Result<(), String> {
    match url::Url::parse(s) {
        Ok(u) => check_absolute(s, &u, &LINK_SCHEMES),
        // Relative: no scheme can hide in it (a `javascript:` URL parses as absolute).
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            if s.trim_start()
                .to_ascii_lowercase()
                .starts_with("javascript")
                || s.contains(['\0', '\n', '\r'])
            {
                Err(format!("{s:?} is not a usable link"))
            } else {
                Ok(())
            }
        }
        Err(e) => Err(format!("{s:?} is not a valid link: {e}")),
    }
}

/// An absolute web link: `https://` or `http://`.
pub fn check_web(s: &str) -> Result<(), String> {
    let u = url::Url::parse(s).map_err(|e| format!("{s:?} is not an absolute URL: {e}"))?;
    check_absolute(s, &u, &["https", "http"])
}

/// An absolute `https://` link.
pub fn check_https(s: &str) -> Result<(), String> {
    let u = url::Url::parse(s).map_err(|e| format!("{s:?} is not an absolute URL: {e}"))?;
    check_absolute(s, &u, &["https"])
}

fn check_absolute(s: &str, u: &url::Url, schemes: &[&str]) -> Result<(), String> {
    if !schemes.contains(&u.scheme()) {
        let allowed: Vec<String> = schemes.iter().map(|s| format!("{s}:")).collect();
        return Err(format!(
            "{s:?} must be a {} link, not {}:",
            allowed.join(" or "),
            u.scheme()
        ));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err(format!(
            "{:?} holds a user name or password, which would be published: remove it",
            redact(u)
        ));
    }
    if matches!(u.scheme(), "https" | "http") && u.host_str().is_none_or(str::is_empty) {
        return Err(format!("{s:?} has no host"));
    }
    Ok(())
}

/// The URL without its credentials, for messages.
fn redact(u: &url::Url) -> String {
    let mut u = u.clone();
    u.set_username("").ok();
    u.set_password(None).ok();
    u.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_policy() {
        for ok in [
            "/about/",
            "photo.jpg",
            "https://x.org/a",
            "mailto:a@b.org",
            "#top",
        ] {
            assert!(check_link(ok).is_ok(), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "https://user:secret@x.org/",
            "file:///etc/passwd",
        ] {
            assert!(check_link(bad).is_err(), "{bad}");
        }
        assert!(check_https("http://x.org/").is_err());
        assert!(check_https("https://x.org/").is_ok());
        let e = check_https("https://user:secret@forms.example/f").unwrap_err();
        assert!(!e.contains("secret"), "{e}");
        assert!(check_web("http://x.org/").is_ok());
        assert!(check_web("https:///").is_err());
    }
}
