//! Strings interned as dense ids, so that the facts of 100,000 reports hold the
//! names, roles and keys they share once.
//!
//! Symbols are never removed: the set grows with the vocabulary of names and
//! keys the corpus has ever held, not with the number of reports.

use indexmap::IndexSet;
use rustc_hash::FxBuildHasher;

/// An interned string.
pub type Sym = u32;

/// No symbol (an absent optional string).
pub const NO_SYM: Sym = u32::MAX;

/// The interned strings of one corpus.
#[derive(Debug, Default)]
pub struct Symbols {
    set: IndexSet<Box<str>, FxBuildHasher>,
}

impl Symbols {
    pub fn new() -> Symbols {
        Symbols::default()
    }

    /// The id of `s`, interning it when new.
    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(i) = self.set.get_index_of(s) {
            return i as Sym;
        }
        self.set.insert_full(s.into()).0 as Sym
    }

    /// The id of an optional string ([`NO_SYM`] for `None`).
    pub fn intern_opt(&mut self, s: Option<&str>) -> Sym {
        s.map_or(NO_SYM, |s| self.intern(s))
    }

    /// The id of `s` when it is interned.
    pub fn get(&self, s: &str) -> Option<Sym> {
        self.set.get_index_of(s).map(|i| i as Sym)
    }

    /// The string of an id ("" for [`NO_SYM`] or an unknown id).
    pub fn name(&self, id: Sym) -> &str {
        self.set.get_index(id as usize).map_or("", |s| s)
    }

    /// The string of an optional id.
    pub fn opt(&self, id: Sym) -> Option<&str> {
        (id != NO_SYM).then(|| self.name(id))
    }

    pub fn len(&self) -> usize {
        self.set.len()
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// Bytes held on the heap (approximately).
    pub fn heap_bytes(&self) -> usize {
        self.set.iter().map(|s| s.len() + 24).sum::<usize>() + self.set.capacity() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_is_stable() {
        let mut s = Symbols::new();
        let a = s.intern("lavrov");
        let b = s.intern("nato");
        assert_eq!(s.intern("lavrov"), a);
        assert_ne!(a, b);
        assert_eq!(s.name(b), "nato");
        assert_eq!(s.get("osce"), None);
        assert_eq!(s.intern_opt(None), NO_SYM);
        assert_eq!(s.opt(NO_SYM), None);
        assert_eq!(s.opt(a), Some("lavrov"));
    }
}
