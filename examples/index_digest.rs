//! A digest of what an index holds, independent of segments and document order:
//! `cargo run --release --example index_digest -- INDEX_DIR`. For every indexed field it sums a
//! hash of each (term, article id, positions) posting and of each article's field norm, so two
//! builds of the same corpus can be compared (`diff` the outputs) whatever their segmentation.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use tantivy::postings::Postings;
use tantivy::schema::{FieldType, IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Index, TERMINATED, TantivyDocument};

fn hash_of(parts: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

fn main() -> tantivy::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: index_digest INDEX_DIR");
    let index = Index::open_in_dir(dir)?;
    let schema = index.schema();
    let id_field = schema.get_field("id")?;
    let searcher = index.reader()?.searcher();
    println!(
        "docs {} segments {}",
        searcher.num_docs(),
        searcher.segment_readers().len()
    );
    for (field, entry) in schema.fields() {
        if !entry.is_indexed() {
            continue;
        }
        let with_positions = matches!(entry.field_type(), FieldType::Str(_));
        let (mut postings_digest, mut norms_digest) = (0u64, 0u64);
        let (mut postings_count, mut tokens) = (0u64, 0u64);
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let ids: Vec<String> = (0..segment.max_doc())
                .map(|doc| {
                    let stored: TantivyDocument = searcher
                        .doc(DocAddress::new(ord as u32, doc))
                        .expect("stored document");
                    stored
                        .get_first(id_field)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_string()
                })
                .collect();
            let inverted = segment.inverted_index(field)?;
            tokens += inverted.total_num_tokens();
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                let option = if with_positions {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::Basic
                };
                let mut postings = inverted.read_postings_from_terminfo(stream.value(), option)?;
                let mut positions = Vec::new();
                while postings.doc() != TERMINATED {
                    positions.clear();
                    if with_positions {
                        postings.positions(&mut positions);
                    }
                    postings_count += 1;
                    postings_digest = postings_digest.wrapping_add(hash_of((
                        stream.key(),
                        &ids[postings.doc() as usize],
                        &positions,
                    )));
                    postings.advance();
                }
            }
            if entry.has_fieldnorms() {
                let norms = segment.get_fieldnorms_reader(field)?;
                for (doc, id) in ids.iter().enumerate() {
                    norms_digest =
                        norms_digest.wrapping_add(hash_of((id, norms.fieldnorm_id(doc as u32))));
                }
            }
        }
        println!(
            "{:<14} postings {postings_count:>9} tokens {tokens:>9} postings# {postings_digest:016x} norms# {norms_digest:016x}",
            entry.name()
        );
    }
    Ok(())
}
