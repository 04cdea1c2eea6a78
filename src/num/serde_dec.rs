use super::*;
use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;

#[derive(Clone, Copy)]
struct DecVisitor;

impl Visitor<'_> for DecVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, e.g. \"1234.56\" or \"20%\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_decimal_in(v, reading()).map_err(|e| E::custom(e.0))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
        Decimal::try_from_i128_with_scale(v, 0).map_err(|_| E::custom(format!("{v} is too large")))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
        i128::try_from(v)
            .ok()
            .and_then(|v| Decimal::try_from_i128_with_scale(v, 0).ok())
            .ok_or_else(|| E::custom(format!("{v} is too large")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        if !v.is_finite() {
            return Err(E::custom(format!("{v} is not a number we accept")));
        }
        // Rust prints the shortest text that reads back as the same float.
        let shortest = format!("{v}");
        let digits = shortest
            .trim_start_matches('-')
            .chars()
            .filter(|c| c.is_ascii_digit())
            .collect::<String>();
        let significant = digits.trim_start_matches('0').trim_end_matches('0').len();
        if significant > 15 || shortest.contains('e') {
            return Err(E::custom(format!(
                "the bare number {shortest} cannot be read exactly; write it in quotes, \
                 e.g. \"12345678901234.56789\""
            )));
        }
        parse_decimal(&shortest).map_err(|e| E::custom(e.0))
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(DecVisitor)
}

/// Plain decimals (factors, counts, metric values): `"1.5"`.
pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&plain(*v))
}

/// Money: rounded to cents, trailing zeros dropped (`"98325.5"` stays exact, `"98325"`).
/// A percentage is refused (`ote: "50%"` is a mistake, not fifty cents).
pub mod money {
    use super::*;

    #[derive(Clone, Copy)]
    pub(super) struct MoneyVisitor;

    impl Visitor<'_> for MoneyVisitor {
        type Value = Decimal;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an amount of money, e.g. \"120000\" or \"$120,000\"")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            parse_money_in(v, reading()).map_err(|e| E::custom(e.0))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
            DecVisitor.visit_i64(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
            DecVisitor.visit_u64(v)
        }
        fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
            DecVisitor.visit_i128(v)
        }
        fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
            DecVisitor.visit_u128(v)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
            let d = DecVisitor.visit_f64(v)?;
            whole_cents(&format!("{v}"), d).map_err(|e| E::custom(e.0))
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(MoneyVisitor)
    }

    pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&plain(cents(*v)))
    }
}

/// Rates and shares written as percentages: `"20%"`, `"12.5%"`.
pub mod pct {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(PctVisitor)
    }

    pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&pct_exact(*v))
    }
}

/// A percentage field: as [`DecVisitor`], with a bare number above
/// [`BARE_PERCENT_LIMIT`] refused as a likely missing `%` (see [`parse_pct`]).
#[derive(Clone, Copy)]
struct PctVisitor;

fn bare_pct<E: de::Error>(text: &str, v: Decimal) -> Result<Decimal, E> {
    match bare_percent_slip(text, v, BARE_PERCENT_LIMIT) {
        Some(e) => Err(E::custom(e.0)),
        None => Ok(v),
    }
}

impl Visitor<'_> for PctVisitor {
    type Value = Decimal;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a percentage, e.g. \"20%\" or \"0.2\"")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_pct(v, BARE_PERCENT_LIMIT).map_err(|e| E::custom(e.0))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        bare_pct(&v.to_string(), DecVisitor.visit_i64(v)?)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        bare_pct(&v.to_string(), DecVisitor.visit_u64(v)?)
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
        bare_pct(&v.to_string(), DecVisitor.visit_i128(v)?)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
        bare_pct(&v.to_string(), DecVisitor.visit_u128(v)?)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        bare_pct(&format!("{v}"), DecVisitor.visit_f64(v)?)
    }
}

/// An optional value read with the visitor of its kind: `None`, `Some("150%")` or the bare
/// value.
struct OptWith<V>(V);

impl<'de, V: Visitor<'de, Value = Decimal> + Copy> Visitor<'de> for OptWith<V> {
    type Value = Option<Decimal>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(", or None")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self.0).map(Some)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.0.visit_str(v).map(Some)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.visit_i64(v).map(Some)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.visit_u64(v).map(Some)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.visit_f64(v).map(Some)
    }
}

/// An optional percentage: written as `"150%"` or left out; read from a string,
/// `Some("150%")` or `None`.
pub mod opt_pct {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_any(OptWith(PctVisitor))
    }
    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(&pct_exact(*v)),
            None => s.serialize_none(),
        }
    }
}

/// An optional plain decimal (a target): written as `"0.9"` or left out.
pub mod opt {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_any(OptWith(DecVisitor))
    }
    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(&plain(*v)),
            None => s.serialize_none(),
        }
    }
}

/// An optional amount of money: written as `"750"` or left out.
pub mod opt_money {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_any(OptWith(money::MoneyVisitor))
    }
    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(&plain(cents(*v))),
            None => s.serialize_none(),
        }
    }
}

/// An optional currency, written as its code (`currency: "EUR"`) or left out.
pub mod opt_currency {
    use super::*;
    pub fn serialize<S: Serializer>(v: &Option<Currency>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(c) => s.serialize_str(c.code()),
            None => s.serialize_none(),
        }
    }
}

/// A map from ids that a file fills one id at a time, refusing an id given twice.
pub trait UniqueMap<V>: Default {
    /// Adds `id`; false when it is already there.
    fn add(&mut self, id: String, value: V) -> bool;
}

impl<V> UniqueMap<V> for std::collections::BTreeMap<String, V> {
    fn add(&mut self, id: String, value: V) -> bool {
        match self.entry(id) {
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(value);
                true
            }
            std::collections::btree_map::Entry::Occupied(_) => false,
        }
    }
}

impl<V> UniqueMap<V> for crate::idmap::IdMap<V> {
    fn add(&mut self, id: String, value: V) -> bool {
        self.insert_new(id, value)
    }
}

/// A map from ids to event counts, refusing an id given twice.
pub fn unique_counts<'de, D: Deserializer<'de>, M: UniqueMap<u32>>(d: D) -> Result<M, D::Error> {
    unique_map(d, "a map such as {\"c-level\": 2}")
}

/// A map from ids to any value, refusing an id given twice (a map read by serde's
/// default keeps the last of two silently).
pub fn unique_map<'de, D, V, M>(d: D, expecting: &'static str) -> Result<M, D::Error>
where
    D: Deserializer<'de>,
    V: serde::Deserialize<'de>,
    M: UniqueMap<V>,
{
    use serde::de::MapAccess;
    struct UniqueVisitor<V, M>(&'static str, std::marker::PhantomData<(V, M)>);
    impl<'de, V: serde::Deserialize<'de>, M: UniqueMap<V>> Visitor<'de> for UniqueVisitor<V, M> {
        type Value = M;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<M, A::Error> {
            let mut out = M::default();
            while let Some((k, v)) = a.next_entry::<String, V>()? {
                let said = format!("`{k}` is given twice");
                if !out.add(k, v) {
                    return Err(de::Error::custom(said));
                }
            }
            Ok(out)
        }
    }
    d.deserialize_map(UniqueVisitor::<V, M>(expecting, std::marker::PhantomData))
}

/// A CSM's results by period, refusing a period given twice.
pub fn unique_periods<'de, D, V, M>(d: D) -> Result<M, D::Error>
where
    D: Deserializer<'de>,
    V: serde::Deserialize<'de>,
    M: UniqueMap<V>,
{
    unique_map(
        d,
        "a map such as {\"Q1\": (actuals: {\"activities\": \"0.82\"})}",
    )
}

/// Writes a map from ids to decimals, each decimal as `write` words it.
fn serialize_map_with<'a, S: Serializer, M, K>(
    v: &'a M,
    s: S,
    write: fn(Decimal) -> String,
) -> Result<S::Ok, S::Error>
where
    &'a M: IntoIterator<Item = (&'a K, &'a Decimal)>,
    K: AsRef<str> + 'a + ?Sized,
{
    use serde::ser::SerializeMap;
    let entries = v.into_iter();
    let mut m = s.serialize_map(entries.size_hint().1)?;
    for (k, d) in entries {
        m.serialize_entry(k.as_ref(), &write(*d))?;
    }
    m.end()
}

/// A map from ids to percentages (per-period weights): `{"Q1": "25%"}`.
pub mod pct_map {
    use super::*;

    #[derive(serde::Deserialize)]
    #[serde(transparent)]
    struct Wrapped(#[serde(with = "super::pct")] Decimal);

    impl From<Wrapped> for Decimal {
        fn from(w: Wrapped) -> Decimal {
            w.0
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>, M: super::UniqueMap<Decimal>>(
        d: D,
    ) -> Result<M, D::Error> {
        super::map::unique::<D, Wrapped, M>(d, "a map such as {\"Q1\": \"25%\"}")
    }

    pub fn serialize<'a, S: Serializer, M, K>(v: &'a M, s: S) -> Result<S::Ok, S::Error>
    where
        &'a M: IntoIterator<Item = (&'a K, &'a Decimal)>,
        K: AsRef<str> + 'a + ?Sized,
    {
        super::serialize_map_with(v, s, pct_exact)
    }
}

/// A map from ids to plain decimals.
pub mod map {
    use super::*;
    use serde::de::MapAccess;

    #[derive(serde::Deserialize)]
    #[serde(transparent)]
    struct Wrapped(#[serde(with = "super")] Decimal);

    impl From<Wrapped> for Decimal {
        fn from(w: Wrapped) -> Decimal {
            w.0
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>, M: super::UniqueMap<Decimal>>(
        d: D,
    ) -> Result<M, D::Error> {
        unique::<D, Wrapped, M>(d, "a map such as {\"grr\": \"0.927\"}")
    }

    /// A map from ids to decimals read as `W`, refusing an id given twice.
    pub(in crate::num) fn unique<'de, D, W, M>(d: D, expecting: &'static str) -> Result<M, D::Error>
    where
        D: Deserializer<'de>,
        W: serde::Deserialize<'de> + Into<Decimal>,
        M: super::UniqueMap<Decimal>,
    {
        struct MapVisitor<W, M>(&'static str, std::marker::PhantomData<(W, M)>);
        impl<'de, W, M> Visitor<'de> for MapVisitor<W, M>
        where
            W: serde::Deserialize<'de> + Into<Decimal>,
            M: super::UniqueMap<Decimal>,
        {
            type Value = M;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(self.0)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<M, A::Error> {
                let mut out = M::default();
                while let Some((k, v)) = a.next_entry::<String, W>()? {
                    let said = format!("`{k}` is given twice");
                    if !out.add(k, v.into()) {
                        return Err(de::Error::custom(said));
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(MapVisitor::<W, M>(expecting, std::marker::PhantomData))
    }

    pub fn serialize<'a, S: Serializer, M, K>(v: &'a M, s: S) -> Result<S::Ok, S::Error>
    where
        &'a M: IntoIterator<Item = (&'a K, &'a Decimal)>,
        K: AsRef<str> + 'a + ?Sized,
    {
        super::serialize_map_with(v, s, plain)
    }
}
