//! `/services/`: what the business does, each service with its price, duration and
//! booking link, and one `Service` JSON-LD each with the business as `provider`.

use std::borrow::Cow;
use std::path::PathBuf;

use serde_json::{Value, json};

use super::{Job, Kind};
use crate::content::services::{Price, Services as ServicesData};
use crate::error::Diagnostic;
use crate::i18n::Language;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::site::Site;
use crate::routes;

/// `/services/`, when the site has `services.yaml`: its job holds the services it shows.
#[derive(Debug, Hash)]
pub struct Services<'r>(&'r ServicesData);

impl<'r> Kind<'r> for Services<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        r.content.services.iter().map(Services).collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::SERVICES)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(crate::layout::SERVICES_FILE)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let data = self.0;
        site.page(routes::SERVICES, |cx| {
            let lang = site.lang();
            cx.titled(
                &lang.t("services_title", &[]),
                Some(&lang.t("services_description", &[("site", site.name())])),
            );
            cx.meta.jsonld = Some(jsonld(data, site, &cx.meta.canonical));
            cx.insert("intro_html", &data.intro_html);
            cx.insert("services", &view(data, lang));
            "services.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// `$120.00`, or `from $80.00`, in the site's language.
fn price_text(p: &Price, lang: &Language) -> String {
    let amount = lang.money(p.amount, p.currency);
    if p.from {
        lang.t("services_price_from", &[("price", &amount)])
    } else {
        amount
    }
}

/// `45 minutes`, `2 hours`, `1 hour 30 minutes`.
pub fn duration_text(minutes: u32, lang: &Language) -> String {
    let (h, m) = (u64::from(minutes / 60), u64::from(minutes % 60));
    match (h, m) {
        (0, m) => lang.t_n("services_minutes", m, &[]),
        (h, 0) => lang.t_n("services_hours", h, &[]),
        (h, m) => lang.t(
            "services_hours_minutes",
            &[
                ("hours", &lang.t_n("services_hours", h, &[])),
                ("minutes", &lang.t_n("services_minutes", m, &[])),
            ],
        ),
    }
}

/// The services as the template shows them.
fn view(data: &ServicesData, lang: &Language) -> Value {
    let list: Vec<Value> = (data.services.iter())
        .map(|s| {
            json!({
                "name": s.name,
                "id": s.id,
                "description_html": s.description,
                "duration": s.duration.map(|d| duration_text(d.0, lang)),
                "price": s.price.as_ref().map(|p| price_text(p, lang)),
                "booking_url": s.booking_url,
                "area_served": (!s.area_served.is_empty()).then(|| s.area_served.join(", ")),
            })
        })
        .collect();
    Value::Array(list)
}

/// One `Service` a service, in an `@graph`: `provider` the business (with its address when
/// `contact.yaml` gives one), `offers` an `Offer` with the price (a `PriceSpecification`
/// with `minPrice` for a "from" price), `areaServed` where given.
fn jsonld(data: &ServicesData, site: &Site, canonical: &str) -> String {
    let provider = match site.contact {
        Some(c) => {
            json!({ "@type": "LocalBusiness", "name": c.business, "url": site.config.base_url.as_str() })
        }
        None => {
            json!({ "@type": "Organization", "name": site.name(), "url": site.config.base_url.as_str() })
        }
    };
    let graph: Vec<Value> = (data.services.iter())
        .map(|s| {
            let mut v = json!({
                "@type": "Service",
                "name": s.name,
                "url": format!("{canonical}#{}", s.id),
                "provider": provider,
            });
            if let Some(d) = &s.description {
                v["description"] = json!(crate::text::plain_text(d));
            }
            if !s.area_served.is_empty() {
                v["areaServed"] = json!(s.area_served);
            }
            if let Some(p) = &s.price {
                let amount = crate::content::money::decimal(p.amount, p.currency);
                let mut offer = json!({ "@type": "Offer", "priceCurrency": p.currency.code() });
                if p.from {
                    offer["priceSpecification"] = json!({
                        "@type": "PriceSpecification",
                        "minPrice": amount,
                        "priceCurrency": p.currency.code(),
                    });
                } else {
                    offer["price"] = json!(amount);
                }
                if let Some(b) = &s.booking_url {
                    offer["url"] = json!(b);
                }
                v["offers"] = offer;
            }
            v
        })
        .collect();
    let v = json!({ "@context": "https://schema.org", "@graph": graph });
    crate::text::script_safe(&serde_json::to_string(&v).expect("JSON-LD serializes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(p: &Price) -> String {
        crate::content::money::decimal(p.amount, p.currency)
    }

    #[test]
    fn schema_org_prices_are_plain_decimals() {
        let p = |units, scale, code: &str| Price {
            amount: crate::content::money::Amount { units, scale },
            currency: crate::content::money::Currency(code.as_bytes().try_into().unwrap()),
            from: false,
        };
        assert_eq!(dec(&p(120, 0, "USD")), "120.00");
        assert_eq!(dec(&p(65, 0, "USD")), "65.00");
        assert_eq!(dec(&p(7, 0, "USD")), "7.00");
        assert_eq!(dec(&p(45, 1, "EUR")), "4.50");
        assert_eq!(dec(&p(5, 2, "EUR")), "0.05");
        assert_eq!(dec(&p(1500, 0, "JPY")), "1500");
    }
}
