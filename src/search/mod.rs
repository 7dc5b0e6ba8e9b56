//! Search: the tantivy index, Chinese analysis, queries and snippets. The only module that uses tantivy.
