//! [`EitherPhraseQuery`] against the two phrase queries it replaces, on a
//! small index whose fields hold pre-split tokens (whitespace tokenizer):
//! a whole-word field and a bigram field.

use std::collections::BTreeMap;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED};
use tantivy::{doc, DocId, Index, Searcher, Term};

use super::build::{Sequence, MORPH_BOOST};
use super::phrase::EitherPhraseQuery;

/// Space-separated bigrams of `text`, starting a new run at each space (as
/// the bigram analyzer does at a run boundary: positions run on).
fn bigrams(text: &str) -> String {
    let mut out = Vec::new();
    for run in text.split(' ') {
        let chars: Vec<char> = run.chars().collect();
        if chars.len() == 1 {
            out.push(run.to_string());
        }
        for pair in chars.windows(2) {
            out.push(pair.iter().collect());
        }
    }
    out.join(" ")
}

struct Fixture {
    searcher: Searcher,
    word: Field,
    bigram: Field,
}

/// One document per text: words separated by spaces (the bigram field gets
/// the bigrams of the same runs).
fn fixture(texts: &[&str]) -> Fixture {
    let mut schema = Schema::builder();
    let indexed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("whitespace")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let word = schema.add_text_field("word", indexed.clone());
    let bigram = schema.add_text_field("bigram", indexed);
    let _ = schema.add_u64_field("n", STORED);
    let index = Index::create_in_ram(schema.build());
    let mut writer = index
        .writer_with_num_threads(1, 15_000_000)
        .expect("writer");
    for text in texts {
        let runs: String = text.split(' ').collect::<Vec<_>>().join(" ");
        let words = text.replace('|', " ");
        writer
            .add_document(doc!(word => words, bigram => bigrams(&runs.replace('|', ""))))
            .expect("add");
    }
    writer.commit().expect("commit");
    let searcher = index.reader().expect("reader").searcher();
    Fixture {
        searcher,
        word,
        bigram,
    }
}

fn seq(tokens: &[&str]) -> Sequence {
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| (i, t.to_string()))
        .collect()
}

/// Matching documents and their scores.
fn hits(searcher: &Searcher, query: &dyn Query) -> BTreeMap<DocId, f32> {
    searcher
        .search(query, &TopDocs::with_limit(100).order_by_score())
        .expect("search")
        .into_iter()
        .map(|(score, addr)| (addr.doc_id, score))
        .collect()
}

/// The query the either-phrase replaces: the two phrases (or terms) summed.
fn reference(f: &Fixture, word: &Sequence, bigram: &Sequence) -> BooleanQuery {
    let side = |field: Field, seq: &Sequence| -> Box<dyn Query> {
        let terms: Vec<(usize, Term)> = seq
            .iter()
            .map(|(p, t)| (*p, Term::from_field_text(field, t)))
            .collect();
        if terms.len() == 1 {
            Box::new(TermQuery::new(
                terms[0].1.clone(),
                IndexRecordOption::WithFreqs,
            ))
        } else {
            Box::new(PhraseQuery::new_with_offset(terms))
        }
    };
    BooleanQuery::new(vec![
        (
            Occur::Should,
            Box::new(BoostQuery::new(side(f.word, word), MORPH_BOOST)),
        ),
        (Occur::Should, side(f.bigram, bigram)),
    ])
}

fn either(f: &Fixture, word: &Sequence, bigram: &Sequence) -> EitherPhraseQuery {
    EitherPhraseQuery::new(Some((f.word, word)), Some((f.bigram, bigram)), MORPH_BOOST)
        .expect("query")
}

/// Words are separated by `|` inside a run, runs by spaces.
const TEXTS: [&str; 7] = [
    "電子|自治|体|の|推進",              // whole word and substring
    "医療 福祉|の|連携",                 // words adjacent, characters not
    "電子|自治|体制|の|整備",            // substring only
    "自治|体|の|電子|化",                // every term, no phrase
    "電子|自治|体|と|電子|自治|体|連携", // twice
    "県|の|医療|福祉|計画",              // whole word and substring
    "福祉|医療",                         // reversed
];

#[test]
fn matches_what_either_phrase_matches() {
    let f = fixture(&TEXTS);
    let cases = [
        (
            seq(&["電子", "自治", "体"]),
            seq(&["電子", "子自", "自治", "治体"]),
        ),
        (seq(&["医療", "福祉"]), seq(&["医療", "療福", "福祉"])),
        (seq(&["自治"]), seq(&["自治"])),
        (seq(&["連携"]), seq(&["連携"])),
        (seq(&["福祉", "計画"]), seq(&["福祉", "祉計", "計画"])),
    ];
    for (word, bigram) in &cases {
        let want = hits(&f.searcher, &reference(&f, word, bigram));
        let got = hits(&f.searcher, &either(&f, word, bigram));
        assert_eq!(
            want.keys().collect::<Vec<_>>(),
            got.keys().collect::<Vec<_>>(),
            "{word:?}"
        );
        for (doc, score) in &want {
            let diff = (score - got[doc]).abs();
            assert!(
                diff <= 1e-4 * score,
                "{word:?} doc {doc}: {score} vs {}",
                got[doc]
            );
        }
    }
}

#[test]
fn whole_word_and_substring_matches_are_each_found() {
    let f = fixture(&TEXTS);
    let word = seq(&["電子", "自治", "体"]);
    let bigram = seq(&["電子", "子自", "自治", "治体"]);
    let got = hits(&f.searcher, &either(&f, &word, &bigram));
    // 0 and 4 as whole words, 2 by substring (体制), never 3.
    assert_eq!(got.keys().copied().collect::<Vec<_>>(), vec![0, 2, 4]);
    assert!(got[&0] > got[&2], "a whole-word match outranks a substring");
    let word = seq(&["医療", "福祉"]);
    let bigram = seq(&["医療", "療福", "福祉"]);
    let got = hits(&f.searcher, &either(&f, &word, &bigram));
    assert_eq!(got.keys().copied().collect::<Vec<_>>(), vec![1, 5]);
}

#[test]
fn seeks_inside_a_conjunction() {
    let f = fixture(&TEXTS);
    let word = seq(&["電子", "自治", "体"]);
    let bigram = seq(&["電子", "子自", "自治", "治体"]);
    let and = |other: &str| {
        BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(either(&f, &word, &bigram)) as Box<dyn Query>,
            ),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.word, other),
                    IndexRecordOption::Basic,
                )),
            ),
        ])
    };
    assert_eq!(hits(&f.searcher, &and("連携")).len(), 1);
    assert!(hits(&f.searcher, &and("連携")).contains_key(&4));
    assert_eq!(
        hits(&f.searcher, &and("の"))
            .keys()
            .copied()
            .collect::<Vec<_>>(),
        vec![0, 2]
    );
}

#[test]
fn a_side_with_an_absent_term_matches_nothing_on_its_own() {
    let f = fixture(&TEXTS);
    let word = seq(&["電子", "未知"]);
    let bigram = seq(&["電子", "子未", "未知"]);
    assert!(hits(&f.searcher, &either(&f, &word, &bigram)).is_empty());
    let only_bigram = EitherPhraseQuery::new(None, Some((f.bigram, &seq(&["知未"]))), MORPH_BOOST)
        .expect("query");
    assert!(hits(&f.searcher, &only_bigram).is_empty());
    let only_word =
        EitherPhraseQuery::new(Some((f.word, &seq(&["福祉"]))), None, MORPH_BOOST).expect("query");
    assert_eq!(hits(&f.searcher, &only_word).len(), 3);
    assert!(EitherPhraseQuery::new(None, None, MORPH_BOOST).is_none());
}
