//! One atom in one text dimension, matched in both of its analyses at once.
//!
//! An atom matches a text when its whole-word (morphological) token
//! sequence occurs there as a phrase, or its bigram sequence does (any
//! substring of two or more characters). Searching the two as separate
//! phrase queries reads the positions of every term of both sequences in
//! every document that has all of them, and for a frequent phrase nearly all
//! of those documents match in both analyses: at a million records, reading
//! positions was two thirds of the slowest phrase queries.
//!
//! [`EitherPhraseQuery`] walks both sequences' candidates together and reads
//! bigram positions only where the whole-word phrase did not match: the
//! documents found by substring alone (`電子自治体制` for 電子自治体) or by
//! bigrams alone. A whole-word phrase can also match where the bigrams do
//! not (`医療・福祉` for 医療福祉: the words are adjacent, the characters
//! are not), so neither side can stand in for the other's matching.
//!
//! Scores are those of the two phrase queries summed (BM25 of each side's
//! phrase count, the whole-word side boosted), with one approximation: where
//! the whole-word phrase matched and the document has every bigram, the
//! bigram phrase count is taken to be the whole-word count (each whole-word
//! occurrence is a substring occurrence) instead of being counted.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use super::build::Sequence;

/// Terms of one analysis at their positions relative to the first token.
#[derive(Debug, Clone)]
struct Phrase {
    terms: Vec<(usize, Term)>,
}

impl Phrase {
    /// The sequence `seq` in `field`; `None` when it has no token.
    fn new(field: Field, seq: &Sequence) -> Option<Phrase> {
        let terms: Vec<(usize, Term)> = seq
            .iter()
            .map(|(p, t)| (*p, Term::from_field_text(field, t)))
            .collect();
        (!terms.is_empty()).then_some(Phrase { terms })
    }

    fn field(&self) -> Field {
        self.terms[0].1.field()
    }

    fn term_list(&self) -> Vec<Term> {
        self.terms.iter().map(|(_, t)| t.clone()).collect()
    }
}

/// An atom's whole-word and bigram sequences in one text dimension, matched
/// as one query: see the module documentation.
#[derive(Debug, Clone)]
pub(crate) struct EitherPhraseQuery {
    word: Option<Phrase>,
    bigram: Option<Phrase>,
    /// Boost of the whole-word side relative to the bigram side.
    word_boost: Score,
}

impl EitherPhraseQuery {
    /// The query for sequences `word` in `word_field` and `bigram` in
    /// `bigram_field`; `None` when both are empty.
    pub(crate) fn new(
        word: Option<(Field, &Sequence)>,
        bigram: Option<(Field, &Sequence)>,
        word_boost: Score,
    ) -> Option<EitherPhraseQuery> {
        let word = word.and_then(|(f, s)| Phrase::new(f, s));
        let bigram = bigram.and_then(|(f, s)| Phrase::new(f, s));
        (word.is_some() || bigram.is_some()).then_some(EitherPhraseQuery {
            word,
            bigram,
            word_boost,
        })
    }
}

/// A phrase's BM25 weight, or `None` when scoring is disabled.
fn bm25(phrase: &Phrase, scoring: &EnableScoring<'_>) -> tantivy::Result<Option<Bm25Weight>> {
    match scoring {
        EnableScoring::Enabled {
            statistics_provider,
            ..
        } => Bm25Weight::for_terms(*statistics_provider, &phrase.term_list()).map(Some),
        EnableScoring::Disabled { .. } => Ok(None),
    }
}

impl Query for EitherPhraseQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let side = |p: &Option<Phrase>| -> tantivy::Result<Option<(Phrase, Option<Bm25Weight>)>> {
            match p {
                Some(p) => Ok(Some((p.clone(), bm25(p, &scoring)?))),
                None => Ok(None),
            }
        };
        Ok(Box::new(EitherPhraseWeight {
            word: side(&self.word)?,
            bigram: side(&self.bigram)?,
            word_boost: self.word_boost,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for phrase in self.word.iter().chain(&self.bigram) {
            for (_, term) in &phrase.terms {
                visitor(term, phrase.terms.len() > 1);
            }
        }
    }
}

/// The weight of an [`EitherPhraseQuery`].
struct EitherPhraseWeight {
    word: Option<(Phrase, Option<Bm25Weight>)>,
    bigram: Option<(Phrase, Option<Bm25Weight>)>,
    word_boost: Score,
}

impl EitherPhraseWeight {
    fn either_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<EitherScorer> {
        let word = match &self.word {
            Some((p, w)) => Side::open(reader, p, w.as_ref(), boost * self.word_boost)?,
            None => None,
        };
        let bigram = match &self.bigram {
            Some((p, w)) => Side::open(reader, p, w.as_ref(), boost)?,
            None => None,
        };
        let mut scorer = EitherScorer {
            word,
            bigram,
            doc: 0,
            score: 0.0,
        };
        scorer.settle();
        Ok(scorer)
    }
}

impl Weight for EitherPhraseWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorer = self.either_scorer(reader, boost)?;
        if scorer.word.is_none() && scorer.bigram.is_none() {
            return Ok(Box::new(EmptyScorer));
        }
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.either_scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document #{doc} does not match the query"
            )));
        }
        Ok(Explanation::new(
            "whole-word or substring phrase",
            scorer.score(),
        ))
    }
}

/// One analysis' postings, aligned on the documents that have every term.
struct Side {
    /// Postings with the shift that brings each term's positions onto the
    /// phrase's last position; the rarest term first.
    postings: Vec<(u32, SegmentPostings)>,
    bm25: Option<Bm25Weight>,
    fieldnorms: FieldNormReader,
    /// The current candidate: a document with every term, or TERMINATED.
    doc: DocId,
    left: Vec<u32>,
    right: Vec<u32>,
}

impl Side {
    /// Opens the postings of `phrase`; `None` when a term is absent from the
    /// segment (then the side matches nothing).
    fn open(
        reader: &SegmentReader,
        phrase: &Phrase,
        bm25: Option<&Bm25Weight>,
        boost: Score,
    ) -> tantivy::Result<Option<Side>> {
        let field = phrase.field();
        let inverted = reader.inverted_index(field)?;
        let option = if phrase.terms.len() > 1 {
            IndexRecordOption::WithFreqsAndPositions
        } else {
            IndexRecordOption::WithFreqs
        };
        let last = phrase.terms.iter().map(|(p, _)| *p).max().unwrap_or(0);
        let mut postings = Vec::with_capacity(phrase.terms.len());
        for (offset, term) in &phrase.terms {
            match inverted.read_postings(term, option)? {
                Some(p) => postings.push(((last - offset) as u32, p)),
                None => return Ok(None),
            }
        }
        postings.sort_by_key(|(_, p)| p.doc_freq());
        let fieldnorms = match reader.fieldnorms_readers().get_field(field)? {
            Some(f) if bm25.is_some() => f,
            _ => FieldNormReader::constant(reader.max_doc(), 1),
        };
        let mut side = Side {
            postings,
            bm25: bm25.map(|w| w.boost_by(boost)),
            fieldnorms,
            doc: 0,
            left: Vec::new(),
            right: Vec::new(),
        };
        let first = side.postings[0].1.doc();
        side.doc = side.align(first);
        Ok(Some(side))
    }

    /// The first document at or after `target` that has every term, with
    /// every postings list on it.
    fn align(&mut self, mut target: DocId) -> DocId {
        'candidates: loop {
            let lead = &mut self.postings[0].1;
            let candidate = if lead.doc() < target {
                lead.seek(target)
            } else {
                lead.doc()
            };
            if candidate == TERMINATED {
                return TERMINATED;
            }
            for (_, p) in &mut self.postings[1..] {
                let d = if p.doc() < candidate {
                    p.seek(candidate)
                } else {
                    p.doc()
                };
                if d != candidate {
                    if d == TERMINATED {
                        return TERMINATED;
                    }
                    target = d;
                    continue 'candidates;
                }
            }
            return candidate;
        }
    }

    /// Moves to the first candidate at or after `target`.
    fn seek(&mut self, target: DocId) {
        if self.doc < target {
            self.doc = self.align(target);
        }
    }

    /// Moves past the current candidate.
    fn next(&mut self) {
        if self.doc != TERMINATED {
            self.doc = self.align(self.doc + 1);
        }
    }

    /// How often the phrase occurs in the current candidate.
    fn count(&mut self) -> u32 {
        if self.postings.len() == 1 {
            return self.postings[0].1.term_freq();
        }
        let (shift, first) = &mut self.postings[0];
        self.left.clear();
        first.append_positions_with_offset(*shift, &mut self.left);
        for (shift, p) in &mut self.postings[1..] {
            self.right.clear();
            p.append_positions_with_offset(*shift, &mut self.right);
            keep_common(&mut self.left, &self.right);
            if self.left.is_empty() {
                return 0;
            }
        }
        self.left.len() as u32
    }

    /// The side's score for `count` occurrences in the current candidate.
    fn score(&self, count: u32) -> Score {
        match &self.bm25 {
            Some(w) => w.score(self.fieldnorms.fieldnorm_id(self.doc), count),
            None => 1.0,
        }
    }
}

/// Keeps in `left` the values also in `right` (both ascending).
fn keep_common(left: &mut Vec<u32>, right: &[u32]) {
    let mut kept = 0;
    let mut j = 0;
    for i in 0..left.len() {
        let v = left[i];
        while j < right.len() && right[j] < v {
            j += 1;
        }
        if j == right.len() {
            break;
        }
        if right[j] == v {
            left[kept] = v;
            kept += 1;
        }
    }
    left.truncate(kept);
}

/// The scorer of an [`EitherPhraseQuery`] in one segment.
struct EitherScorer {
    word: Option<Side>,
    bigram: Option<Side>,
    doc: DocId,
    score: Score,
}

impl EitherScorer {
    fn candidate(side: &Option<Side>) -> DocId {
        side.as_ref().map_or(TERMINATED, |s| s.doc)
    }

    /// From the sides' current candidates on, stops at the first document
    /// either phrase matches and scores it.
    fn settle(&mut self) {
        loop {
            let doc = Self::candidate(&self.word).min(Self::candidate(&self.bigram));
            self.doc = doc;
            if doc == TERMINATED {
                return;
            }
            let mut score = 0.0;
            let mut word_count = 0;
            if let Some(w) = self.word.as_mut().filter(|s| s.doc == doc) {
                word_count = w.count();
                if word_count > 0 {
                    score += w.score(word_count);
                }
                w.next();
            }
            let mut matched = word_count > 0;
            if let Some(b) = self.bigram.as_mut().filter(|s| s.doc == doc) {
                let count = if matched { word_count } else { b.count() };
                if count > 0 {
                    score += b.score(count);
                    matched = true;
                }
                b.next();
            }
            if matched {
                self.score = score;
                return;
            }
        }
    }
}

impl DocSet for EitherScorer {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            self.settle();
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for side in [&mut self.word, &mut self.bigram].into_iter().flatten() {
            side.seek(target);
        }
        self.settle();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        [&self.word, &self.bigram]
            .into_iter()
            .flatten()
            .map(|s| s.postings[0].1.size_hint())
            .sum()
    }
}

impl Scorer for EitherScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}
