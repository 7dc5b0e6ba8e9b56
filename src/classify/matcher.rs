//! The longest-first Aho-Corasick matchers of the gazetteer and the theme rules, compiled on
//! first use. Most commands never match a place name or a theme phrase (a warm `kanbao search`
//! reads parsed articles from the snapshot), and compiling both matchers was about a sixth of
//! such a search's CPU time (docs/PERFORMANCE.md, "Budgets in the code").

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// A matcher over patterns its owner keeps, compiled the first time it is asked for.
#[derive(Debug, Clone, Default)]
pub(crate) struct LazyMatcher(OnceLock<AhoCorasick>);

impl LazyMatcher {
    /// The matcher, compiled from `patterns` (in pattern-index order) on the first call.
    ///
    /// Compiling cannot fail for pattern sets of this size (the automaton's limits are in the
    /// millions of states); the embedded data's matchers are compiled by the tests.
    pub(crate) fn get<'p, I>(&self, patterns: impl FnOnce() -> I) -> &AhoCorasick
    where
        I: IntoIterator<Item = &'p str>,
    {
        self.0.get_or_init(|| {
            compile(patterns()).expect("a matcher of a few thousand names always compiles")
        })
    }
}

/// One longest-first matcher over `patterns`.
pub(crate) fn compile<'p>(
    patterns: impl IntoIterator<Item = &'p str>,
) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_once_longest_first() {
        let patterns = ["义乌", "义乌市", "市"];
        let lazy = LazyMatcher::default();
        let calls = std::cell::Cell::new(0);
        let get = || {
            lazy.get(|| {
                calls.set(calls.get() + 1);
                patterns
            })
        };
        let found: Vec<usize> = get()
            .find_iter("义乌市总工会")
            .map(|m| m.pattern().as_usize())
            .collect();
        assert_eq!(found, vec![1], "the longest name wins");
        assert!(std::ptr::eq(get(), get()));
        assert_eq!(calls.get(), 1);
    }
}
