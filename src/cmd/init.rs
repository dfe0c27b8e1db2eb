//! `frontdesk init`: a starter site for the owner's own business (`starter/`, embedded in
//! the binary, filled in with the basics given as flags), or with `--example` the example
//! site.
//!
//! The stages: the flags are checked into [`Basics`] (each bad value an error naming its
//! flag), [`fill`] writes them into each starter file (every value quoted for YAML), and
//! [`write_all`] writes the files into a new or empty folder.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use super::Done;
use crate::cli::InitArgs;

/// The name of a business when `--name` is not given.
pub const DEFAULT_NAME: &str = "My Business";
/// The person who answers when `--person` is not given.
pub const DEFAULT_PERSON: &str = "Your Name";
/// The email address when neither `--email` nor `--phone` is given: a reserved domain
/// (RFC 2606), so nothing is ever sent to a stranger.
pub const DEFAULT_EMAIL: &str = "hello@example.com";

/// The values the starter is filled in with, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basics {
    /// The business's name (`site.yaml` `title`, `contact.yaml` `business`).
    pub name: String,
    /// The person who answers.
    pub person: String,
    /// The email address; None leaves the line commented out (a phone is given).
    pub email: Option<String>,
    /// The phone number.
    pub phone: Option<String>,
    /// The opening hours' time zone; None leaves the hours commented out.
    pub timezone: Option<String>,
    /// The site's language tag.
    pub language: String,
    /// The welcome post's date.
    pub today: NaiveDate,
}

/// Writes the starter (or the example) site into a new or empty folder.
pub fn run(args: &InitArgs) -> Result<Done> {
    let dir = &args.dir;
    if args.example {
        let files = crate::embedded::EXAMPLE_SITE
            .iter()
            .map(|(rel, bytes)| (*rel, bytes.to_vec()));
        let count = write_all(dir, files)?;
        return Ok(Done {
            summary: format!(
                "Wrote the example site of Harbor Coffee Roasters ({count} files) into {}",
                dir.display()
            ),
            next: Some(format!(
                "Next: preview it with `frontdesk serve {}`; `frontdesk init NEW-FOLDER` writes a starter for your own business",
                dir.display()
            )),
        });
    }
    let basics = check(args, chrono::Utc::now().date_naive())?;
    // Every file is filled in before the first is written: nothing is left half-made.
    let files = (crate::embedded::STARTER_SITE.iter())
        .map(|(rel, bytes)| {
            let text = std::str::from_utf8(bytes).expect("starter files are text");
            (*rel, fill(text, &basics).into_bytes())
        })
        .collect::<Vec<_>>();
    let count = write_all(dir, files)?;
    let d = dir.display();
    Ok(Done {
        summary: format!(
            "Wrote a starter site for {} ({count} files) into {d}",
            basics.name
        ),
        next: Some(format!(
            "Next: fill in {} (lines starting with # are notes and examples), preview with `frontdesk serve {d}`, then `frontdesk build {d}`",
            dir.join(crate::layout::CONTACT_FILE).display()
        )),
    })
}

/// The flags, checked; `today` dates the welcome post.
pub fn check(args: &InitArgs, today: NaiveDate) -> Result<Basics> {
    let name = one_line("--name", args.name.as_deref().unwrap_or(DEFAULT_NAME))?;
    let person = one_line("--person", args.person.as_deref().unwrap_or(DEFAULT_PERSON))?;
    let phone = match &args.phone {
        Some(p) => {
            let p = one_line("--phone", p)?;
            if p.chars().filter(char::is_ascii_digit).count() < 3 {
                bail!(
                    "--phone {p:?}: too few digits to dial; write the number as customers dial it, e.g. \"+1 207 555 0100\""
                );
            }
            Some(p)
        }
        None => None,
    };
    let email = match &args.email {
        Some(e) => {
            let e = one_line("--email", e)?;
            if !crate::text::is_email(&e) {
                bail!("--email {e:?}: not an email address; write it as name@example.com");
            }
            Some(e)
        }
        // Customers need one way to reach the business.
        None if phone.is_none() => Some(DEFAULT_EMAIL.to_string()),
        None => None,
    };
    let timezone = match &args.timezone {
        Some(tz) => Some(timezone(tz.trim())?),
        None => None,
    };
    let language = match &args.language {
        Some(l) => language(l.trim())?,
        None => "en".to_string(),
    };
    Ok(Basics {
        name,
        person,
        email,
        phone,
        timezone,
        language,
        today,
    })
}

/// A value on one line, not blank.
fn one_line(flag: &str, value: &str) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        bail!("{flag}: must not be empty");
    }
    if value.chars().any(char::is_control) {
        bail!("{flag} {value:?}: must be one line of text, without control characters");
    }
    Ok(value.to_string())
}

/// An IANA time zone name (`Europe/Berlin`), or an error with the closest name.
fn timezone(tz: &str) -> Result<String> {
    if tz.parse::<chrono_tz::Tz>().is_ok() {
        return Ok(tz.to_string());
    }
    let names = || chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
    // The same name in other letter case, a city written with spaces (`new york`), the
    // city alone (`Berlin`), else a near spelling.
    let wanted = tz.replace(' ', "_").to_lowercase();
    let city = |n: &str| n.rsplit('/').next().unwrap_or(n).to_lowercase();
    let near = (names().find(|n| n.to_lowercase() == wanted))
        .or_else(|| names().find(|n| n.contains('/') && city(n) == wanted))
        .or_else(|| crate::text::closest(tz, names()));
    let hint = match near {
        Some(n) => format!("did you mean {n}?"),
        None => "write the zone as in America/New_York, Europe/Berlin or Australia/Sydney".into(),
    };
    bail!("--timezone {tz:?}: not a time zone name; {hint}")
}

/// A language tag as `<html lang>` takes it: a 2- or 3-letter language, then subtags of
/// 1 to 8 letters or digits (`en`, `pt-BR`, `zh-Hant-TW`, `es-419`).
fn language(tag: &str) -> Result<String> {
    let mut parts = tag.split('-');
    let lang_ok = (parts.next())
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if lang_ok && rest_ok {
        return Ok(tag.to_string());
    }
    bail!("--language {tag:?}: not a language tag; write one like en, de, pt-BR or fr-CA")
}

/// `value` as a YAML double-quoted string: quotes, backslashes and any character YAML
/// would read as syntax (`: `, `#`, a leading `'`) stay the value's own.
fn quoted(value: &str) -> String {
    // A JSON string is a YAML double-quoted scalar with the same escapes.
    serde_json::to_string(value).expect("a string serializes")
}

/// A starter file with the basics written in. A line starting `#?KEY ` is kept (without
/// its tag) when the value KEY is given, else written as a comment showing an example
/// for the owner to fill in; `__KEY__` is the value, quoted for YAML.
pub fn fill(template: &str, b: &Basics) -> String {
    let description = format!("{}: who we are, how to reach us, and our news.", b.name);
    let optional = [
        ("phone", b.phone.as_deref(), "+1 555 0100"),
        ("email", b.email.as_deref(), DEFAULT_EMAIL),
        ("timezone", b.timezone.as_deref(), "America/New_York"),
    ];
    let mut out = String::with_capacity(template.len() + 256);
    for line in template.split_inclusive('\n') {
        let mut line = line.to_string();
        for (key, value, example) in optional {
            let tag = format!("#?{key} ");
            if let Some(rest) = line.strip_prefix(&tag) {
                line = match value {
                    Some(_) => rest.to_string(),
                    None => format!("# {rest}"),
                };
            }
            line = line.replace(
                &format!("__{}__", key.to_uppercase()),
                &quoted(value.unwrap_or(example)),
            );
        }
        line = (line.replace("__NAME__", &quoted(&b.name)))
            .replace("__PERSON__", &quoted(&b.person))
            .replace("__LANGUAGE__", &quoted(&b.language))
            .replace("__DESCRIPTION__", &quoted(&description))
            .replace("__TODAY__", &b.today.format("%Y-%m-%d").to_string());
        out.push_str(&line);
    }
    out
}

/// Writes `files` into `dir`, which must be new or empty; gives how many.
fn write_all<'a>(dir: &Path, files: impl IntoIterator<Item = (&'a str, Vec<u8>)>) -> Result<usize> {
    if dir.exists() {
        let mut entries =
            fs::read_dir(dir).with_context(|| format!("{}: cannot read", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{}: folder is not empty; init only writes into a new or empty folder",
                dir.display()
            );
        }
    }
    fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let mut count = 0;
    for (rel, bytes) in files {
        let dest = dir.join(rel);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create", parent.display()))?;
        }
        fs::write(&dest, bytes).with_context(|| format!("{}: cannot write", dest.display()))?;
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn args(flags: &[&str]) -> InitArgs {
        let argv = ["frontdesk", "init", "dir"].iter().chain(flags);
        match Cli::parse_from(argv).command {
            Command::Init(a) => a,
            _ => unreachable!("init"),
        }
    }

    fn basics(flags: &[&str]) -> Result<Basics> {
        check(&args(flags), NaiveDate::from_ymd_opt(2026, 12, 6).unwrap())
    }

    fn filled(flags: &[&str]) -> Vec<(String, String)> {
        let b = basics(flags).unwrap();
        (crate::embedded::STARTER_SITE.iter())
            .map(|(rel, bytes)| {
                (
                    rel.to_string(),
                    fill(std::str::from_utf8(bytes).unwrap(), &b),
                )
            })
            .collect()
    }

    #[test]
    fn every_placeholder_is_filled_in_with_and_without_flags() {
        for flags in [
            &[][..],
            &[
                "--phone",
                "+49 30 1234",
                "--timezone",
                "Europe/Berlin",
                "--language",
                "de",
            ],
        ] {
            for (rel, text) in filled(flags) {
                assert!(!text.contains("__"), "{rel}: {text}");
                assert!(!text.contains("#?"), "{rel}: {text}");
            }
        }
    }

    #[test]
    fn values_are_quoted_for_yaml_and_read_back_as_given() {
        let name = "Joe's: \"Café\" #1 \\ - [x] {y} &z *w !v | > %u @t `s`";
        let files = filled(&["--name", name, "--person", "Zoë O'Neil: #1"]);
        let contact = &files.iter().find(|(r, _)| r == "contact.yaml").unwrap().1;
        #[derive(serde::Deserialize)]
        struct C {
            business: String,
            person: P,
        }
        #[derive(serde::Deserialize)]
        struct P {
            name: String,
        }
        let c: C = serde_saphyr::from_str(contact).unwrap();
        assert_eq!(c.business, name);
        assert_eq!(c.person.name, "Zoë O'Neil: #1");
    }

    #[test]
    fn optional_lines_are_examples_in_comments_until_given() {
        let files = filled(&[]);
        let contact = &files.iter().find(|(r, _)| r == "contact.yaml").unwrap().1;
        assert!(
            contact.contains("\n# phone: \"+1 555 0100\"\n"),
            "{contact}"
        );
        assert!(
            contact.contains("\nemail: \"hello@example.com\"\n"),
            "{contact}"
        );
        assert!(
            contact.contains("\n# hours:\n#   timezone: \"America/New_York\"\n"),
            "{contact}"
        );
        let files = filled(&["--phone", "030 1234", "--timezone", "Europe/Berlin"]);
        let contact = &files.iter().find(|(r, _)| r == "contact.yaml").unwrap().1;
        assert!(contact.contains("\nphone: \"030 1234\"\n"), "{contact}");
        // A phone and no email: no stand-in address to publish.
        assert!(
            contact.contains("\n# email: \"hello@example.com\"\n"),
            "{contact}"
        );
        assert!(
            contact.contains("\nhours:\n  timezone: \"Europe/Berlin\"\n"),
            "{contact}"
        );
    }

    #[test]
    fn bad_values_name_their_flag() {
        let err = |flags: &[&str]| basics(flags).unwrap_err().to_string();
        assert_eq!(
            err(&["--timezone", "Europe/Berln"]),
            "--timezone \"Europe/Berln\": not a time zone name; did you mean Europe/Berlin?"
        );
        assert!(err(&["--timezone", "new york"]).ends_with("did you mean America/New_York?"));
        assert!(err(&["--timezone", "Lisbon"]).ends_with("did you mean Europe/Lisbon?"));
        assert!(
            err(&["--email", "joe.example.com"])
                .starts_with("--email \"joe.example.com\": not an email address")
        );
        assert!(
            err(&["--language", "english"])
                .starts_with("--language \"english\": not a language tag")
        );
        assert!(err(&["--language", "en_US"]).starts_with("--language \"en_US\""));
        assert!(err(&["--phone", "call us"]).starts_with("--phone \"call us\": too few digits"));
        assert!(err(&["--name", "  "]).starts_with("--name: must not be empty"));
        assert!(
            err(&["--person", "Ann\nBob"]).starts_with("--person \"Ann\\nBob\": must be one line")
        );
        for good in ["en", "pt-BR", "zh-Hant-TW", "es-419", "gsw"] {
            assert_eq!(basics(&["--language", good]).unwrap().language, good);
        }
    }
}
