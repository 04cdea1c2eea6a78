//! Currencies: the ISO 4217 codes, which are dollars, and the symbols and codes money
//! may be written with.

use super::*;

// ---------------------------------------------------------------------------------------
// Currencies

/// A currency, by its ISO 4217 code (`USD`, `EUR`). A plan pays in one currency — USD
/// unless its file names another — and money written in another is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// The ISO 4217 codes of the currencies in use.
pub(super) const ISO_CODES: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND \
     BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN \
     ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD \
     JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT \
     MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR \
     RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND \
     TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG";

/// The currencies called dollars: `$` means the plan's currency only in one of these.
pub(super) const DOLLARS: &[&str] = &[
    "USD", "AUD", "BBD", "BMD", "BND", "BSD", "BZD", "CAD", "FJD", "GYD", "HKD", "JMD", "KYD",
    "LRD", "NAD", "NZD", "SBD", "SGD", "SRD", "TTD", "TWD", "XCD",
];

/// The symbols read before an amount: the symbol, the word for it in messages, and the
/// currencies it may stand for (the plan's, when the plan's is one of them).
pub(super) const SYMBOLS: &[(char, &str, &[&str])] = &[
    ('$', "dollars", DOLLARS),
    ('€', "euros", &["EUR"]),
    ('£', "pounds", &["GBP", "FKP", "GIP", "SHP"]),
    ('¥', "yen or yuan", &["JPY", "CNY"]),
];

impl Currency {
    /// US dollars: the currency of a plan that names none.
    pub const USD: Currency = Currency(*b"USD");

    /// The currency with this ISO code (in any case: `eur` is EUR); `None` when the text
    /// is not the code of a currency in use.
    pub fn from_code(code: &str) -> Option<Currency> {
        if !is_code(code) {
            return None;
        }
        let upper = code.to_ascii_uppercase();
        let bytes: [u8; 3] = upper.as_bytes().try_into().ok()?;
        ISO_CODES
            .split_ascii_whitespace()
            .any(|c| c == upper)
            .then_some(Currency(bytes))
    }

    /// [`Currency::from_code`], with a message when it is not a currency.
    pub fn parse(code: &str) -> Result<Currency, NumError> {
        Currency::from_code(code.trim()).ok_or_else(|| {
            NumError(format!(
                "`{}` is not a currency code: write an ISO 4217 code such as USD, EUR, GBP or CAD",
                code.trim()
            ))
        })
    }

    /// The ISO code: `USD`.
    pub fn code(&self) -> &str {
        // Built only from ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("USD")
    }

    /// True for the dollars (USD, CAD, AUD, ...), which `$` stands for.
    pub fn is_dollar(self) -> bool {
        DOLLARS.contains(&self.code())
    }
}

impl Default for Currency {
    fn default() -> Currency {
        Currency::USD
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl serde::Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Currency, D::Error> {
        struct CodeVisitor;
        impl serde::de::Visitor<'_> for CodeVisitor {
            type Value = Currency;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a currency code, e.g. \"USD\" or \"EUR\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Currency, E> {
                Currency::parse(v).map_err(|e| E::custom(e.0))
            }
        }
        d.deserialize_str(CodeVisitor)
    }
}

/// The currency a number was written in: a symbol (`$`), or an ISO code (`USD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Symbol(char),
    Code(Currency),
}

impl Marker {
    /// The currencies a symbol may stand for (none for a code).
    pub(super) fn family(self) -> Option<(&'static str, &'static [&'static str])> {
        match self {
            Marker::Symbol(c) => SYMBOLS
                .iter()
                .find(|(s, _, _)| *s == c)
                .map(|(_, word, codes)| (*word, *codes)),
            Marker::Code(_) => None,
        }
    }

    /// True when money written with this is in `currency`.
    pub fn fits(self, currency: Currency) -> bool {
        match (self, self.family()) {
            (Marker::Code(c), _) => c == currency,
            (_, Some((_, codes))) => codes.contains(&currency.code()),
            _ => false,
        }
    }

    /// What it names, for messages: `EUR`, `dollars`.
    pub(super) fn names(self) -> String {
        match (self, self.family()) {
            (Marker::Code(c), _) => c.to_string(),
            (_, Some((word, _))) => word.to_string(),
            (Marker::Symbol(c), None) => c.to_string(),
        }
    }

    /// One currency from two written for the same amount (`$82,000 USD`): the code, when
    /// the symbol may stand for it; `None` when they name two currencies.
    pub(super) fn and(self, other: Marker) -> Option<Marker> {
        match (self, other) {
            (Marker::Code(a), Marker::Code(b)) => (a == b).then_some(self),
            (Marker::Code(c), s) | (s, Marker::Code(c)) => s.fits(c).then_some(Marker::Code(c)),
            (a, b) => (a == b).then_some(a),
        }
    }
}
