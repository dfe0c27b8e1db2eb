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
                Amount::parse(v).ok_or_else(|| E::custom(format!("{WANT}, not {v:?}")))
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

/// The amount as schema.org wants it: a plain decimal with a dot and the currency's
/// decimals (`120.00`, `1500` yen).
pub fn decimal(amount: Amount, currency: Currency) -> String {
    let digits = currency.digits().max(amount.scale) as usize;
    let scale = amount.scale as usize;
    let s = format!("{:0>width$}", amount.units, width = scale + 1);
    let (whole, frac) = s.split_at(s.len() - scale);
    let frac = format!("{frac:0<digits$}");
    if digits == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
