//! A small map from ids to values, for what each CSM has per metric, SPIF or period.
//!
//! A CSM has a handful of results, so a sorted list is both smaller and quicker than a
//! tree, and ids of up to 24 bytes are kept in place rather than each in an allocation of
//! its own: a team of 100,000 takes a fraction of the memory. It reads like the standard
//! `BTreeMap` (sorted by id, one value per id) so code reads the same.
//!
//! Owns: the map. Must not: know what the ids mean.

use compact_str::CompactString;
use std::fmt;

/// An id as a map keeps it.
pub type Id = CompactString;

/// A map from ids to values, sorted by id.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdMap<V> {
    entries: Vec<(Id, V)>,
}

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<V: fmt::Debug> fmt::Debug for IdMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V> IdMap<V> {
    pub const fn new() -> Self {
        IdMap {
            entries: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn find(&self, id: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(id))
    }

    pub fn get(&self, id: &str) -> Option<&V> {
        self.find(id).ok().map(|i| &self.entries[i].1)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut V> {
        self.find(id).ok().map(|i| &mut self.entries[i].1)
    }

    pub fn contains_key(&self, id: &str) -> bool {
        self.find(id).is_ok()
    }

    /// Sets the value of `id`, giving back the one it replaces.
    pub fn insert(&mut self, id: impl AsRef<str>, value: V) -> Option<V> {
        let id = id.as_ref();
        match self.find(id) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (Id::from(id), value));
                None
            }
        }
    }

    /// Adds `id` unless it is there: false (and nothing changed) when it is.
    pub fn insert_new(&mut self, id: impl AsRef<str>, value: V) -> bool {
        let id = id.as_ref();
        match self.find(id) {
            Ok(_) => false,
            Err(i) => {
                self.entries.insert(i, (Id::from(id), value));
                true
            }
        }
    }

    pub fn remove(&mut self, id: &str) -> Option<V> {
        self.find(id).ok().map(|i| self.entries.remove(i).1)
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The map of `entries` (in any order); `None` when an id is given twice.
    pub fn from_entries(mut entries: Vec<(Id, V)>) -> Option<Self> {
        if !entries.is_sorted_by(|a, b| a.0 < b.0) {
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            if entries.windows(2).any(|w| w[0].0 == w[1].0) {
                return None;
            }
        }
        entries.shrink_to_fit();
        Some(IdMap { entries })
    }

    /// Gives back the room kept for entries not added.
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&Id, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }

    /// The place of `id` in the map, to fill when it has no value.
    pub fn entry(&mut self, id: impl AsRef<str>) -> Entry<'_, V> {
        let id = id.as_ref();
        match self.find(id) {
            Ok(i) => Entry {
                map: self,
                at: i,
                new: None,
            },
            Err(i) => Entry {
                map: self,
                at: i,
                new: Some(Id::from(id)),
            },
        }
    }

    pub fn iter(&self) -> Iter<'_, V> {
        Iter(self.entries.iter())
    }

    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (&Id, &mut V)> {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Id> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }
}

/// The place of an id in a map ([`IdMap::entry`]).
pub struct Entry<'a, V> {
    map: &'a mut IdMap<V>,
    at: usize,
    /// The id, when the map has no value for it yet.
    new: Option<Id>,
}

impl<'a, V> Entry<'a, V> {
    /// The value, made with `make` when there is none.
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        if let Some(id) = self.new {
            self.map.entries.insert(self.at, (id, make()));
        }
        &mut self.map.entries[self.at].1
    }

    /// The value, the default when there is none.
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }
}

/// The entries of a map, in order of id.
#[derive(Clone)]
pub struct Iter<'a, V>(std::slice::Iter<'a, (Id, V)>);

impl<'a, V> Iterator for Iter<'a, V> {
    type Item = (&'a Id, &'a V);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<V> DoubleEndedIterator for Iter<'_, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k, v))
    }
}

impl<V> ExactSizeIterator for Iter<'_, V> {}

impl<'a, V> IntoIterator for &'a IdMap<V> {
    type Item = (&'a Id, &'a V);
    type IntoIter = Iter<'a, V>;
    fn into_iter(self) -> Iter<'a, V> {
        self.iter()
    }
}

impl<V> IntoIterator for IdMap<V> {
    type Item = (Id, V);
    type IntoIter = std::vec::IntoIter<(Id, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// Collects entries; of an id given twice the last value stands, as in a `BTreeMap`.
impl<K: AsRef<str>, V> FromIterator<(K, V)> for IdMap<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut m = IdMap::new();
        m.extend(iter);
        m
    }
}

impl<K: AsRef<str>, V> Extend<(K, V)> for IdMap<V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<K: AsRef<str>, V, const N: usize> From<[(K, V); N]> for IdMap<V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<V> std::ops::Index<&str> for IdMap<V> {
    type Output = V;
    /// The value of `id`; panics when there is none, as a `BTreeMap` does.
    fn index(&self, id: &str) -> &V {
        match self.get(id) {
            Some(v) => v,
            None => panic!("no entry for `{id}`"),
        }
    }
}

impl<V: serde::Serialize> serde::Serialize for IdMap<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter().map(|(k, v)| (k.as_str(), v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_keeps_ids_sorted_and_one_value_each() {
        let mut m: IdMap<u32> = [
            ("nps", 1),
            ("grr", 2),
            ("a-very-long-metric-id-over-24-bytes", 3),
        ]
        .into();
        assert_eq!(m.insert("grr", 5), Some(2));
        assert!(!m.insert_new("nps", 9));
        assert!(m.insert_new("churn", 4));
        let ids: Vec<&str> = m.keys().map(|k| k.as_str()).collect();
        assert_eq!(
            ids,
            ["a-very-long-metric-id-over-24-bytes", "churn", "grr", "nps"]
        );
        assert_eq!(m.get("grr"), Some(&5));
        assert_eq!(m["nps"], 1);
        assert_eq!(m.remove("churn"), Some(4));
        assert_eq!(m.get("churn"), None);
        *m.entry("x").or_default() += 7;
        *m.entry("x").or_default() += 1;
        assert_eq!(m.get("x"), Some(&8));
        let again: IdMap<u32> = [("b", 1), ("a", 2), ("b", 3)].into();
        assert_eq!(format!("{again:?}"), r#"{"a": 2, "b": 3}"#);
    }
}
