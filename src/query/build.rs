//! Parsed query → tantivy query, highlight needles and an explanation.
//!
//! Each atom (word or phrase, after synonym expansion) is analysed twice, with
//! the morphological and the bigram analyzer, and searched in every field of
//! its scope in both analyses: a single token as a term query, several as a
//! phrase at the analyzer's positions. The morphological match is boosted by
//! [`MORPH_BOOST`]; the bigram phrase guarantees that any substring of two or
//! more CJK characters is found. The same token sequences become the
//! [`Needles`] that snippets highlight.

use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Index, Term};

use super::parse::{Atom, Clause, ParsedQuery, Scope};
use super::synonyms::Synonyms;
use crate::analysis;
use crate::index::schema::{Fields, TextField};

/// Boost of a match in the morphological analysis over a bigram match.
pub const MORPH_BOOST: f32 = 2.0;
/// Boost of a match in the title over other fields.
pub const TITLE_BOOST: f32 = 1.5;

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

/// The text fields a scope searches.
fn scope_fields(scope: Scope) -> &'static [TextField] {
    match scope {
        Scope::Any => &TextField::ALL,
        Scope::Title => &[TextField::Title],
        Scope::Summary => &[TextField::Body],
        Scope::Dept => &[TextField::Dept],
        Scope::Actor => &[TextField::Actor],
        Scope::Url => &[TextField::Url],
    }
}

/// Both analyses of one atom.
struct Analysed {
    morph: Sequence,
    bigram: Sequence,
}

fn atom_query(fields: &Fields, scope: Scope, a: &Analysed) -> Option<Box<dyn Query>> {
    let mut subs: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for &tf in scope_fields(scope) {
        let field_boost = if tf == TextField::Title {
            TITLE_BOOST
        } else {
            1.0
        };
        let pairs = [
            (fields.morph(tf), &a.morph, MORPH_BOOST * field_boost),
            (fields.bigram(tf), &a.bigram, field_boost),
        ];
        for (field, seq, boost) in pairs {
            if let Some(q) = field.and_then(|f| sequence_query(f, seq)) {
                subs.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
            }
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
        if !out.iter().any(|(o, _)| o.scope == a.scope && o.text == a.text) {
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
    index: &Index,
    fields: &Fields,
    synonyms: &Synonyms,
) -> Compiled {
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
            let analysed = Analysed {
                morph: sequence(index, analysis::MORPH, &atom.text),
                bigram: sequence(index, analysis::BIGRAM, &atom.text),
            };
            explain.push(format!(
                "  {}{}: morph {} ×{MORPH_BOOST} | bigram {}",
                atom.scope.prefix(),
                atom.text,
                show(&analysed.morph),
                show(&analysed.bigram)
            ));
            let Some(q) = atom_query(fields, atom.scope, &analysed) else {
                continue;
            };
            let q: Box<dyn Query> = if synonym { Box::new(BoostQuery::new(q, SYNONYM_BOOST)) } else { q };
            alternatives.push((Occur::Should, q));
            let highlighted = matches!(atom.scope, Scope::Any | Scope::Title | Scope::Summary);
            if !clause.negated && highlighted {
                needles.morph.push(analysed.morph);
                needles.bigram.push(analysed.bigram);
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
    let browse = !subs.iter().any(|(o, _)| *o == Occur::Must);
    if browse {
        subs.push((Occur::Must, Box::new(AllQuery)));
    }
    Compiled {
        query: Box::new(BooleanQuery::new(subs)),
        browse,
        needles,
        explain,
        warnings,
    }
}
