//! A bounded memo of one rule's rewrites of words, kept per thread by the filters whose rule
//! costs more than a lookup (tone placement, stemming): news text repeats its words, so most
//! tokens are answered from it.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::thread::LocalKey;

/// Word → its rewritten form, or `None` when the rule leaves it as it is; cleared when it
/// reaches its capacity, so its memory is bounded whatever the corpus.
pub(crate) struct Memo {
    rewrites: FxHashMap<Box<str>, Option<Box<str>>>,
    capacity: usize,
}

impl Memo {
    /// An empty memo that holds at most `capacity` words.
    pub(crate) fn new(capacity: usize) -> Memo {
        Memo {
            rewrites: FxHashMap::default(),
            capacity,
        }
    }

    /// Writes `rule`'s rewrite of `word` to `out`, from the memo when it holds the word; true
    /// when the word changes. `rule` writes to `out` and says whether it changed the word.
    pub(crate) fn rewrite(
        &mut self,
        word: &str,
        out: &mut String,
        rule: impl FnOnce(&str, &mut String) -> bool,
    ) -> bool {
        if let Some(hit) = self.rewrites.get(word) {
            return match hit {
                Some(rewritten) => {
                    out.clear();
                    out.push_str(rewritten);
                    true
                }
                None => false,
            };
        }
        let changed = rule(word, out);
        if self.rewrites.len() >= self.capacity {
            self.rewrites.clear();
        }
        self.rewrites
            .insert(Box::from(word), changed.then(|| Box::from(out.as_str())));
        changed
    }

    /// Number of words held.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.rewrites.len()
    }
}

/// [`Memo::rewrite`] through this thread's memo `memo`, or `rule` alone while that memo is
/// in use (a rule never re-enters its own filter, but a panic must not turn into a second).
pub(crate) fn rewrite_through(
    memo: &'static LocalKey<RefCell<Memo>>,
    word: &str,
    out: &mut String,
    rule: impl FnOnce(&str, &mut String) -> bool,
) -> bool {
    memo.with(|cell| match cell.try_borrow_mut() {
        Ok(mut memo) => memo.rewrite(word, out, rule),
        Err(_) => rule(word, out),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upper(word: &str, out: &mut String) -> bool {
        out.clear();
        out.push_str(&word.to_uppercase());
        out != word
    }

    #[test]
    fn answers_as_the_rule_and_stays_bounded() {
        let mut memo = Memo::new(4);
        let mut out = String::new();
        for _ in 0..2 {
            assert!(memo.rewrite("abc", &mut out, upper) && out == "ABC");
            assert!(!memo.rewrite("ABC", &mut out, upper));
        }
        // A hit never runs the rule.
        assert!(memo.rewrite("abc", &mut out, |_, _| unreachable!()) && out == "ABC");
        for n in 0..10 {
            memo.rewrite(&format!("w{n}"), &mut out, upper);
            assert!(memo.len() <= 4);
        }
    }
}
