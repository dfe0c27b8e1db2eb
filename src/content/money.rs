//! Amounts of money as the owner writes them (`4.50`, `120`, `"12.00"`) and their currency
//! (an ISO 4217 code): exact decimals, never floating point, formatted by
//! [`crate::i18n::Language::money`].

use serde::Deserialize;

/// An exact amount: `units` × 10^-`scale` (`4.50` is 450 and 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Amount {
    /// The digits as an integer.
    pub units: i64,
    /// How many of them are decimals.
    pub scale: u8,
}

impl Amount {
    /// The amount as schema.org wants it: a plain decimal with a dot, with as many
    /// decimals as `currency` has (`120.00`, `1500` yen).
    pub fn decimal(&self, currency: Currency) -> String {
        let digits = currency.digits().max(self.scale) as usize;
        let scale = self.scale as usize;
        let s = format!("{:0>width$}", self.units, width = scale + 1);
        let (whole, frac) = s.split_at(s.len() - scale);
        let frac = format!("{frac:0<digits$}");
        if digits == 0 {
            whole.to_string()
        } else {
            format!("{whole}.{frac}")
        }
    }

    /// `"4.50"` or `"120"` (no sign, no thousands separator, at most 6 decimals).
    pub fn parse(s: &str) -> Option<Amount> {
        let s = s.trim();
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 6 {
            return None;
        }
        let units = format!("{whole}{frac}").parse::<i64>().ok()?;
        Some(Amount {
            units,
            scale: frac.len() as u8,
        })
    }
}

impl Amount {
    /// What a price copied from another site probably meant: `$2.75`, `2,75 €`,
    /// `£4.50 each` are `2.75`, `2.75`, `4.50` (the symbol and words around the number
    /// dropped, a decimal comma made a dot); `None` when the number is not clear (`2 Sushi
    /// $6.95` holds two).
    pub fn suggest(written: &str) -> Option<String> {
        let core = written.trim_matches(|c: char| !c.is_ascii_digit());
        let core = match core.split_once(',') {
            Some((whole, frac)) if !core.contains('.') && (1..=2).contains(&frac.len()) => {
                format!("{whole}.{frac}")
            }
            _ => core.to_string(),
        };
        Amount::parse(&core).map(|_| core)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        const WANT: &str =
            "a price is a number such as 12 or 4.50, without the currency (that is `currency:`)";
        impl serde::de::Visitor<'_> for V {
            type Value = Amount;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a price")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Amount, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Amount, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Amount, E> {
                // The shortest text that reads back as `v`: what the owner wrote, but for
                // trailing zeros (`4.50` is 4.5).
                self.visit_str(&v.to_string())
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
                Amount::parse(v).ok_or_else(|| match Amount::suggest(v) {
                    Some(s) => E::custom(format!("{WANT}, not {v:?}: did you mean `{s}`?")),
                    None => E::custom(format!("{WANT}, not {v:?}")),
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// An ISO 4217 currency code (`USD`, `EUR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency(pub [u8; 3]);

impl Currency {
    /// `USD`.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII")
    }

    /// How many decimals its prices have (ISO 4217's minor unit).
    pub fn digits(&self) -> u8 {
        match self.code() {
            "JPY" | "KRW" | "CLP" | "ISK" | "VND" | "UGX" | "PYG" | "XAF" | "XOF" | "XPF" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "IQD" | "LYD" => 3,
            _ => 2,
        }
    }

    /// Whether `a` fits the currency: no more decimals than its minor unit.
    pub fn check(&self, a: Amount) -> Result<(), String> {
        if a.scale > self.digits() {
            Err(format!(
                "{} prices have {} decimals at most: round this price",
                self.code(),
                self.digits()
            ))
        } else {
            Ok(())
        }
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let b = s.as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_uppercase) {
            Ok(Currency([b[0], b[1], b[2]]))
        } else {
            let hint = if s.len() == 3 {
                format!(": write {:?}", s.to_ascii_uppercase())
            } else {
                String::new()
            };
            Err(serde::de::Error::custom(format!(
                "`currency` is an ISO 4217 code such as USD, EUR, GBP or CAD, not {s:?}{hint}"
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_org_prices_are_plain_decimals() {
        let d = |units, scale, code: &str| {
            Amount { units, scale }.decimal(Currency(code.as_bytes().try_into().unwrap()))
        };
        assert_eq!(d(120, 0, "USD"), "120.00");
        assert_eq!(d(7, 0, "USD"), "7.00");
        assert_eq!(d(45, 1, "EUR"), "4.50");
        assert_eq!(d(5, 2, "EUR"), "0.05");
        assert_eq!(d(1500, 0, "JPY"), "1500");
    }

    /// Prices as they stand on a real restaurant's old site (`$2.75`, `$2.50 each`,
    /// `2 Sushi $6.95`) and in a French one (`2,75 €`).
    #[test]
    fn a_price_with_its_symbol_says_which_number_was_meant() {
        assert_eq!(Amount::suggest("$2.75").as_deref(), Some("2.75"));
        assert_eq!(Amount::suggest("$2.50 each").as_deref(), Some("2.50"));
        assert_eq!(Amount::suggest("2,75 €").as_deref(), Some("2.75"));
        assert_eq!(Amount::suggest("2 Sushi $6.95"), None);
        assert_eq!(Amount::suggest("1.234,50 €"), None);
        assert_eq!(Amount::suggest("1,234"), None);
        let e =
            crate::yaml::parse::<Vec<Amount>>("- $2.75\n", std::path::Path::new("menu.yaml"), 0)
                .unwrap_err()
                .to_string();
        assert!(
            e.starts_with("menu.yaml:1:3:") && e.contains("did you mean `2.75`?"),
            "{e}"
        );
    }

    #[test]
    fn amounts_are_exact() {
        assert_eq!(
            Amount::parse("4.50"),
            Some(Amount {
                units: 450,
                scale: 2
            })
        );
        assert_eq!(
            Amount::parse("120"),
            Some(Amount {
                units: 120,
                scale: 0
            })
        );
        assert_eq!(Amount::parse("-1"), None);
        assert_eq!(Amount::parse("1,50"), None);
        assert_eq!(Amount::parse("$4"), None);
    }
}
