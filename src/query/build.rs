//! Parsed query → tantivy query, highlight needles and an explanation.
//!
//! Each atom (word or phrase, after synonym expansion) is analysed twice, with
//! the morphological and the bigram analyzer, and searched in every field of
//! its scope in both analyses at once (an [`EitherPhraseQuery`]: the tokens at
//! the analyzer's positions, bigram positions read only where the whole words
//! did not match). The morphological match is boosted by [`MORPH_BOOST`]; the
//! bigram phrase guarantees that any substring of two or more CJK characters
//! is found. The same token sequences become the
//! [`Needles`] that snippets highlight.
//!
//! Two expansions cover what plain analysis misses:
//! - an atom written in kana (with at least one hiragana) is also searched by
//!   sound: its katakana reading ([`crate::analysis::reading`]) as bigrams in
//!   the reading fields (`<name>_r`), boosted by only [`READING_BOOST`], so
//!   ちいき finds 地域 below records with a literal ちいき;
//! - an atom of one CJK character (`課`), which the bigram analyzer keeps as a
//!   unigram that matches only where the character stands alone, also matches
//!   every bigram containing it (`課題`, `策課`), through a term regex.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, RegexQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Index, Searcher, Term};

use super::parse::{Atom, Clause, ParsedQuery, Scope};
use super::phrase::EitherPhraseQuery;
use super::relax;
use super::synonyms::Synonyms;
use crate::analysis;
use crate::index::schema::Fields;

/// Boost of a match in the morphological analysis over a bigram match.
pub const MORPH_BOOST: f32 = 2.0;
/// Boost of a match by reading only (kana query, kanji text), relative to a
/// bigram match.
pub const READING_BOOST: f32 = 0.3;
/// Boost of a bigram containing a one-character query, relative to a bigram
/// match.
pub const CONTAINS_BOOST: f32 = 0.8;
/// Extra share of the score a plan record gets over a passage (page text
/// outside plan records) matching alike, so that records outrank passages
/// that merely repeat their words: the collector multiplies a plan record's
/// score by `1 + PLAN_RECORD_BONUS`.
pub const PLAN_RECORD_BONUS: f32 = 2.0;

/// A token sequence: (position relative to the first token, token text).
pub type Sequence = Vec<(usize, String)>;

/// What snippets highlight: the positive token sequences of the query, per
/// analysis.
#[derive(Debug, Clone, Default)]
pub struct Needles {
    /// Sequences in the morphological analysis.
    pub morph: Vec<Sequence>,
    /// Sequences in the bigram analysis.
    pub bigram: Vec<Sequence>,
    /// Katakana readings of kana atoms (matched against the text's reading).
    pub reading: Vec<String>,
    /// One-character atoms (marked wherever the character occurs).
    pub chars: Vec<char>,
    /// The words of the atoms, normalised and lower-cased: what a passage
    /// of the text must contain to be worth analysing (see `snippet`).
    pub words: Vec<String>,
}

/// A compiled query.
pub(crate) struct Compiled {
    /// The tantivy query (filters are applied by the collector).
    pub query: Box<dyn Query>,
    /// True when no positive clause constrains the text (browse mode).
    pub browse: bool,
    /// Token sequences to highlight.
    pub needles: Needles,
    /// Human-readable lines describing the query.
    pub explain: Vec<String>,
    /// Atoms that produced no tokens, and the like.
    pub warnings: Vec<String>,
}

/// Analyses `text` with the analyzer `name`: one token per position.
pub(crate) fn analyze(index: &Index, name: &str, text: &str) -> Vec<(usize, String, usize, usize)> {
    let Some(mut analyzer) = index.tokenizers().get(name) else {
        return Vec::new();
    };
    let mut stream = analyzer.token_stream(text);
    let mut out: Vec<(usize, String, usize, usize)> = Vec::new();
    while stream.advance() {
        let t = stream.token();
        if t.text.is_empty() {
            continue;
        }
        out.push((t.position, t.text.clone(), t.offset_from, t.offset_to));
    }
    out
}

/// The query's token sequence for `text` in analysis `name`: tokens with
/// positions relative to the first, one per position.
fn sequence(index: &Index, name: &str, text: &str) -> Sequence {
    let tokens = analyze(index, name, text);
    let Some(first) = tokens.iter().map(|t| t.0).min() else {
        return Vec::new();
    };
    let mut seq: Sequence = Vec::with_capacity(tokens.len());
    for (pos, term, _, _) in tokens {
        let rel = pos.saturating_sub(first);
        if !seq.iter().any(|(p, _)| *p == rel) {
            seq.push((rel, term));
        }
    }
    seq.sort_by_key(|(p, _)| *p);
    seq
}

/// A term query for one token, a phrase query for several.
fn sequence_query(field: Field, seq: &Sequence) -> Option<Box<dyn Query>> {
    match seq.as_slice() {
        [] => None,
        [(_, t)] => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, t),
            IndexRecordOption::WithFreqs,
        ))),
        _ => Some(Box::new(PhraseQuery::new_with_offset(
            seq.iter()
                .map(|(p, t)| (*p, Term::from_field_text(field, t)))
                .collect(),
        ))),
    }
}

/// The analyses of one atom.
pub(crate) struct Analysed {
    morph: Sequence,
    bigram: Sequence,
    /// Reading bigrams, for kana atoms.
    reading: Sequence,
    /// The character of a one-CJK-character atom.
    single: Option<char>,
}

/// Whether `text` is written in kana with at least one hiragana: a word
/// typed by sound. Katakana-only words (loanwords) are left to the other
/// analyses.
fn typed_by_sound(text: &str) -> bool {
    let kana = |c: char| matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}');
    let hiragana = |c: char| matches!(c, '\u{3041}'..='\u{3096}');
    text.chars().all(kana) && text.chars().any(hiragana)
}

/// The character of a one-character bigram sequence, when it is CJK.
fn single_cjk(seq: &Sequence) -> Option<char> {
    let [(_, t)] = seq.as_slice() else {
        return None;
    };
    let mut chars = t.chars();
    let c = chars.next()?;
    let cjk = matches!(c, '\u{3005}'..='\u{3007}' | '\u{3041}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}');
    (chars.next().is_none() && cjk).then_some(c)
}

/// Every bigram term of `field` containing `c`.
fn contains_query(field: Field, c: char) -> Option<Box<dyn Query>> {
    let one = regex::escape(&c.to_string());
    let pattern = format!("{one}.|.{one}");
    RegexQuery::from_pattern(&pattern, field)
        .ok()
        .map(|q| Box::new(q) as Box<dyn Query>)
}

/// Analyses the text of an atom in every way [`atom_query`] searches it, and
/// hands back the reading when the text was typed by sound.
pub(crate) fn analyse_with_sound(index: &Index, text: &str) -> (Analysed, Option<String>) {
    let bigram = sequence(index, analysis::BIGRAM, text);
    let sound = typed_by_sound(text).then(|| analysis::reading(text));
    let analysed = Analysed {
        morph: sequence(index, analysis::MORPH, text),
        reading: sound
            .as_deref()
            .map(|r| sequence(index, analysis::BIGRAM, r))
            .unwrap_or_default(),
        single: single_cjk(&bigram),
        bigram,
    };
    (analysed, sound)
}

/// [`analyse_with_sound`] without the reading.
pub(crate) fn analyse(index: &Index, text: &str) -> Analysed {
    analyse_with_sound(index, text).0
}

/// The morphological (whole-word) part of [`atom_query`] alone.
pub(crate) fn word_query(fields: &Fields, scope: Scope, a: &Analysed) -> Option<Box<dyn Query>> {
    let subs: Vec<(Occur, Box<dyn Query>)> = scope
        .dims()
        .into_iter()
        .filter_map(|tf| fields.morph(tf).and_then(|f| sequence_query(f, &a.morph)))
        .map(|q| (Occur::Should, q))
        .collect();
    (!subs.is_empty()).then(|| Box::new(BooleanQuery::new(subs)) as Box<dyn Query>)
}

/// The words of `parts`, in order, with at most `slop` other words between
/// them, over the whole-word (morphological) fields of `scope`: 人材 … 育成
/// finds 人材の育成 and ＩＣＴ産業人材の育成.
pub(crate) fn near_query(
    fields: &Fields,
    scope: Scope,
    parts: &[Analysed],
    slop: u32,
) -> Option<Box<dyn Query>> {
    let mut words: Vec<String> = Vec::new();
    for part in parts {
        words.extend(part.morph.iter().map(|(_, t)| t.clone()));
    }
    if words.len() < 2 {
        return None;
    }
    let subs: Vec<(Occur, Box<dyn Query>)> = scope
        .dims()
        .into_iter()
        .filter_map(|tf| fields.morph(tf))
        .map(|field| {
            let terms = words
                .iter()
                .map(|w| Term::from_field_text(field, w))
                .collect();
            let mut phrase = PhraseQuery::new(terms);
            phrase.set_slop(slop);
            (Occur::Should, Box::new(phrase) as Box<dyn Query>)
        })
        .collect();
    (!subs.is_empty()).then(|| Box::new(BooleanQuery::new(subs)) as Box<dyn Query>)
}

/// The query of one analysed atom over the fields of `scope`.
pub(crate) fn atom_query(fields: &Fields, scope: Scope, a: &Analysed) -> Option<Box<dyn Query>> {
    let mut subs: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for tf in scope.dims() {
        let field_boost = tf.text.as_ref().map_or(1.0, |t| t.boost);
        let word = fields.morph(tf).map(|f| (f, &a.morph));
        let bigram = fields.bigram(tf).map(|f| (f, &a.bigram));
        if let Some(q) = EitherPhraseQuery::new(word, bigram, MORPH_BOOST) {
            subs.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(q), field_boost)),
            ));
        }
        if let Some(q) = fields
            .reading(tf)
            .and_then(|f| sequence_query(f, &a.reading))
        {
            let boost = READING_BOOST * field_boost;
            subs.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
        }
        let contains = a.single.zip(fields.bigram(tf));
        if let Some(q) = contains.and_then(|(c, f)| contains_query(f, c)) {
            let boost = CONTAINS_BOOST * field_boost;
            subs.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
        }
    }
    (!subs.is_empty()).then(|| Box::new(BooleanQuery::new(subs)) as Box<dyn Query>)
}

fn show(seq: &Sequence) -> String {
    let terms: Vec<&str> = seq.iter().map(|(_, t)| t.as_str()).collect();
    format!("[{}]", terms.join(" "))
}

/// Weight of a match found only through a synonym, relative to the word typed.
const SYNONYM_BOOST: f32 = 0.4;

/// The atoms of a clause with synonyms added (flagged `true`), deduplicated.
fn expand(clause: &Clause, synonyms: &Synonyms, explain: &mut Vec<String>) -> Vec<(Atom, bool)> {
    let mut out: Vec<(Atom, bool)> = Vec::new();
    let push = |a: Atom, synonym: bool, out: &mut Vec<(Atom, bool)>| {
        if !out
            .iter()
            .any(|(o, _)| o.scope == a.scope && o.text == a.text)
        {
            out.push((a, synonym));
        }
    };
    for atom in &clause.atoms {
        push(atom.clone(), false, &mut out);
        if let Some(group) = synonyms.group(&atom.text) {
            let others: Vec<&str> = group
                .iter()
                .map(String::as_str)
                .filter(|m| *m != atom.text)
                .collect();
            explain.push(format!(
                "  synonyms of {}: {}",
                atom.text,
                others.join(", ")
            ));
            for m in group {
                push(
                    Atom {
                        scope: atom.scope,
                        text: m.clone(),
                        quoted: atom.quoted,
                    },
                    true,
                    &mut out,
                );
            }
        }
    }
    out
}

/// Compiles a parsed query.
pub(crate) fn compile(
    parsed: &ParsedQuery,
    searcher: &Searcher,
    fields: &Fields,
    synonyms: &Synonyms,
) -> Compiled {
    let index = searcher.index();
    let mut subs: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut needles = Needles::default();
    let mut explain = Vec::new();
    let mut warnings = Vec::new();
    for clause in &parsed.clauses {
        let sign = if clause.negated { "-" } else { "+" };
        let written: Vec<String> = clause
            .atoms
            .iter()
            .map(|a| format!("{}{}", a.scope.prefix(), a.text))
            .collect();
        explain.push(format!("{sign} {}", written.join(" OR ")));
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (atom, synonym) in expand(clause, synonyms, &mut explain) {
            let (analysed, sound) = analyse_with_sound(index, &atom.text);
            let mut line = format!(
                "  {}{}: morph {} ×{MORPH_BOOST} | bigram {}",
                atom.scope.prefix(),
                atom.text,
                show(&analysed.morph),
                show(&analysed.bigram)
            );
            if let Some(r) = &sound {
                line.push_str(&format!(" | reading {r} ×{READING_BOOST}"));
            }
            if let Some(c) = analysed.single {
                line.push_str(&format!(" | bigrams containing {c} ×{CONTAINS_BOOST}"));
            }
            explain.push(line);
            let Some(q) = atom_query(fields, atom.scope, &analysed) else {
                continue;
            };
            let relaxable = !clause.negated && !atom.quoted && !synonym;
            let mut relaxed = Vec::new();
            if relaxable {
                let literal = relax::Literal {
                    any: q.as_ref(),
                    word: word_query(fields, atom.scope, &analysed),
                };
                for r in relax::relax(searcher, fields, atom.scope, &atom.text, literal) {
                    explain.push(r.explain);
                    alternatives.push((Occur::Should, r.query));
                    relaxed.extend(r.parts);
                }
            }
            let q: Box<dyn Query> = if synonym {
                Box::new(BoostQuery::new(q, SYNONYM_BOOST))
            } else {
                q
            };
            alternatives.push((Occur::Should, q));
            let highlighted = atom.scope.marked();
            if !clause.negated && highlighted {
                for part in relaxed {
                    needles.morph.push(part.morph);
                    needles.bigram.push(part.bigram);
                    needles.chars.extend(part.single);
                }
                needles.morph.push(analysed.morph);
                needles.bigram.push(analysed.bigram);
                needles.reading.extend(sound);
                needles.chars.extend(analysed.single);
                needles.words.extend(
                    analysis::normalize(&atom.text)
                        .text
                        .to_lowercase()
                        .split_whitespace()
                        .map(str::to_string),
                );
            }
        }
        if alternatives.is_empty() {
            warnings.push(format!(
                "{} has nothing searchable; ignored",
                written.join(" OR ")
            ));
            continue;
        }
        let occur = if clause.negated {
            Occur::MustNot
        } else {
            Occur::Must
        };
        subs.push((occur, Box::new(BooleanQuery::new(alternatives))));
    }
    let asked = parsed.clauses.iter().any(|c| !c.negated);
    let constrained = subs.iter().any(|(o, _)| *o == Occur::Must);
    if asked && !constrained {
        // Words were typed but none is searchable (「、。！？」): nothing
        // matches, rather than everything.
        return Compiled {
            query: Box::new(EmptyQuery),
            browse: false,
            needles,
            explain,
            warnings,
        };
    }
    let browse = !constrained;
    if browse {
        subs.push((Occur::Must, Box::new(AllQuery)));
    }
    // Plan records get their bonus over passages ([`PLAN_RECORD_BONUS`]) in
    // the collector, from the kind key it reads anyway: as a query clause the
    // bonus scored the whole query a second time.
    Compiled {
        query: Box::new(BooleanQuery::new(subs)),
        browse,
        needles,
        explain,
        warnings,
    }
}
