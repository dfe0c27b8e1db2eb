//! `services.yaml`: what the business does for customers, each service with its
//! description, how long it takes, its price (or the price it starts from) and where to
//! book it.

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::listfile::{Checker, with_markdown};
use super::money::{Amount, Currency};
use crate::error::Diagnostics;
use crate::i18n::localized::{Text, spanned};
use crate::layout::SERVICES_FILE;

/// `services.yaml` as written. On a site of several languages each text may be one per
/// language (`name: {en: ..., fr: ...}`): the file is read once for each language.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    intro: Option<String>,
    currency: Option<Spanned<Currency>>,
    #[serde(default, deserialize_with = "crate::i18n::localized::strings")]
    area_served: Vec<String>,
    services: Spanned<Vec<RawService>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    name: Spanned<Text>,
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    description: Option<String>,
    duration: Option<Minutes>,
    price: Option<Spanned<Amount>>,
    price_from: Option<Spanned<Amount>>,
    booking_url: Option<Spanned<String>>,
    #[serde(default)]
    area_served: Option<Vec<Text>>,
    id: Option<Spanned<String>>,
}

/// A duration in minutes: `45`, `"45 min"`, `"2 h"`, `"1h30"` or `"1 h 30 min"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Minutes(pub u32);

impl<'de> Deserialize<'de> for Minutes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        const WANT: &str = "`duration` is minutes (`45`) or hours and minutes (`\"1h30\"`, `\"2 h\"`, `\"45 min\"`)";
        impl serde::de::Visitor<'_> for V {
            type Value = Minutes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a duration")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Minutes, E> {
                match u32::try_from(v) {
                    Ok(m) if m > 0 && m <= 60 * 24 * 7 => Ok(Minutes(m)),
                    _ => Err(E::custom(format!(
                        "{WANT}, from 1 minute to a week, not {v}"
                    ))),
                }
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Minutes, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom(format!("{WANT}, not {v}"))),
                }
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Minutes, E> {
                Err(E::custom(format!("{WANT}, not {v}")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Minutes, E> {
                parse_duration(v)
                    .ok_or_else(|| E::custom(format!("{WANT}, not {v:?}")))
                    .and_then(|m| self.visit_u64(u64::from(m)))
            }
        }
        d.deserialize_any(V)
    }
}

/// `"1h30"`, `"1 h 30 min"`, `"2 h"`, `"45 min"`, `"90"` in minutes.
fn parse_duration(s: &str) -> Option<u32> {
    let s = s.trim().to_ascii_lowercase().replace(' ', "");
    if let Ok(m) = s.parse::<u32>() {
        return Some(m).filter(|m| *m > 0);
    }
    let (hours, rest) = match s.split_once('h') {
        Some((h, rest)) => (h.parse::<u32>().ok()?, rest),
        None => (0, s.as_str()),
    };
    let rest = rest.trim_end_matches("min").trim_end_matches('m');
    let minutes = if rest.is_empty() {
        0
    } else {
        rest.parse::<u32>().ok().filter(|m| *m < 60 || hours == 0)?
    };
    Some(hours.checked_mul(60)?.checked_add(minutes)?).filter(|m| *m > 0)
}

/// The checked services, descriptions still Markdown.
#[derive(Debug, Clone, Hash)]
pub struct ServicesSource {
    /// Markdown shown above the list.
    pub intro: Option<String>,
    /// The services in order.
    pub services: Vec<Service<String>>,
}

/// The services with their descriptions rendered: what the page and its JSON-LD show.
#[derive(Debug, Clone, Hash)]
pub struct Services {
    /// The intro, rendered.
    pub intro_html: Option<String>,
    /// The services, descriptions rendered.
    pub services: Vec<Service<String>>,
}

/// One service (its description Markdown or HTML).
#[derive(Debug, Clone, Hash)]
pub struct Service<D> {
    /// What it is called.
    pub name: String,
    /// What it is (Markdown in the source, HTML once rendered).
    pub description: Option<D>,
    /// How long it takes.
    pub duration: Option<Minutes>,
    /// What it costs: exactly, or from.
    pub price: Option<Price>,
    /// An `https://` page where customers book it.
    pub booking_url: Option<String>,
    /// The places it is offered in.
    pub area_served: Vec<String>,
    /// The anchor: `id` as written, else the name made into a slug.
    pub id: String,
}

/// A service's price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Price {
    /// The amount in the currency.
    pub amount: Amount,
    /// The currency of `services.yaml`.
    pub currency: Currency,
    /// `price_from`: the least it costs.
    pub from: bool,
}

/// Parses and checks `services.yaml`.
pub fn parse(text: &str) -> Result<ServicesSource, Diagnostics> {
    let raw: Raw = crate::yaml::parse(text, Path::new(SERVICES_FILE), 0)?;
    let mut c = Checker::new(SERVICES_FILE);
    if raw.services.value.is_empty() {
        c.at(
            &raw.services.referenced,
            "`services` is empty: list what you do, each with at least a `name:`",
        );
    }
    let mut services = Vec::new();
    for s in raw.services.value {
        let s_name = spanned(s.name);
        let name = c.written(
            &s_name,
            "`name` is empty: name the service as customers ask for it",
        );
        let price = match (&s.price, &s.price_from) {
            (Some(_), Some(both)) => {
                c.at(
                    &both.referenced,
                    format!(
                        "{:?} has both `price` and `price_from`: keep `price` for a fixed price, or `price_from` for the least it costs",
                        s_name.value
                    ),
                );
                None
            }
            (Some(p), None) | (None, Some(p)) => {
                priced(&mut c, raw.currency.as_ref(), p, SERVICES_FILE).map(|(amount, currency)| {
                    Price {
                        amount,
                        currency,
                        from: s.price_from.is_some(),
                    }
                })
            }
            (None, None) => None,
        };
        if let Some(url) = &s.booking_url
            && let Err(m) = crate::url_policy::check_https(&url.value)
        {
            c.at(&url.referenced, format!("`booking_url`: {m}"));
        }
        let id = c.anchor(s.id.as_ref(), &s_name, "service");
        services.push(Service {
            name,
            description: s.description,
            duration: s.duration,
            price,
            booking_url: s.booking_url.map(|u| u.value),
            area_served: match s.area_served {
                Some(places) => places.into_iter().map(String::from).collect(),
                None => raw.area_served.clone(),
            },
            id,
        });
    }
    c.finish(ServicesSource {
        intro: raw.intro,
        services,
    })
}

/// The amount `p` in the file's `currency`: an error at the price when the file has no
/// currency, or when the price has more decimals than the currency.
pub fn priced(
    c: &mut Checker,
    currency: Option<&Spanned<Currency>>,
    p: &Spanned<Amount>,
    file: &str,
) -> Option<(Amount, Currency)> {
    match currency {
        Some(cur) => match cur.value.check(p.value) {
            Ok(()) => Some((p.value, cur.value)),
            Err(m) => {
                c.at(&p.referenced, m);
                None
            }
        },
        None => {
            c.at(
                &p.referenced,
                format!("a price needs its currency: add `currency:` at the top of {file} (an ISO 4217 code: USD, EUR, GBP, CAD...)"),
            );
            None
        }
    }
}

/// Renders the intro and the descriptions; their links resolve as from the services page.
pub fn render(src: &ServicesSource, links: &super::links::SiteLinks) -> Services {
    with_markdown(links, SERVICES_FILE, crate::routes::SERVICES, |md| {
        Services {
            intro_html: src.intro.as_deref().map(md),
            services: (src.services.iter())
                .map(|s| Service {
                    description: s.description.as_deref().map(md),
                    ..s.clone()
                })
                .collect(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_as_people_write_them() {
        assert_eq!(parse_duration("90"), Some(90));
        assert_eq!(parse_duration("1h30"), Some(90));
        assert_eq!(parse_duration("1 h 30 min"), Some(90));
        assert_eq!(parse_duration("2 h"), Some(120));
        assert_eq!(parse_duration("45 min"), Some(45));
        assert_eq!(parse_duration("1h75"), None);
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration("0"), None);
    }
}
