//! The query language, shared by the CLI, the HTTP API and the web page.
//!
//! ```text
//! query   := (clause | "OR" | filter)*
//! clause  := ["-"] [scope ":"] (word | '"' phrase '"')
//! scope   := title | summary | text | dept | actor | url
//! filter  := key (":" | "=") value        key: see FilterKey (dept/actor need "=")
//!          | key (">=" | ">" | "<=" | "<") value   e.g. year>=2011, indicator.target>=1000
//! ```
//!
//! Clauses are AND-ed; `a OR b` makes one clause with two alternatives; `-w`
//! excludes. A word without spaces is matched as a phrase of its tokens, which
//! is what a Japanese word is. Parsing never fails: anything malformed
//! (unbalanced quotes, a lone `-`, a dangling `OR`, an empty `title:`, an
//! overlong query) is repaired or dropped, and a warning says so.

use super::filter::{Filter, FilterKey};
use super::numeric::Cmp;
use crate::dimension::{self, Dim};

/// Longest query, in characters, that is read; the rest is dropped.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Most clauses a query may have; the rest are dropped.
pub const MAX_CLAUSES: usize = 32;

/// Which part of a record a word is matched in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Every text dimension.
    Any,
    /// One text dimension usable as a scope ([`crate::dimension::TextRole::scope`]),
    /// e.g. `title:`, `summary:` (the body), `dept:`, `actor:`, `url:`.
    Only(Dim),
}

impl Scope {
    /// The scope named by a `name:` prefix (a dimension's name or alias).
    pub fn from_prefix(name: &str) -> Option<Scope> {
        dimension::texts()
            .find(|(d, t)| t.scope && d.is_named(name))
            .map(|(d, _)| Scope::Only(d))
    }

    /// The prefix written for this scope (empty for [`Scope::Any`]).
    pub fn prefix(self) -> String {
        match self {
            Scope::Any => String::new(),
            Scope::Only(d) => format!("{}:", d.name),
        }
    }

    /// The text dimensions this scope searches.
    pub fn dims(self) -> Vec<Dim> {
        match self {
            Scope::Any => dimension::texts().map(|(d, _)| d).collect(),
            Scope::Only(d) => vec![d],
        }
    }

    /// Whether matches in this scope are marked in titles and snippets.
    pub fn marked(self) -> bool {
        match self {
            Scope::Any => true,
            Scope::Only(d) => d.text.as_ref().is_some_and(|t| t.marked),
        }
    }
}

/// One word or phrase to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    /// Where to match it.
    pub scope: Scope,
    /// The text, NFKC-normalised.
    pub text: String,
    /// Whether it was written in quotes.
    pub quoted: bool,
}

/// A conjunct of the query: any of its atoms must match (or, when negated,
/// none may).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// `-` was written before it.
    pub negated: bool,
    /// The OR-ed alternatives (at least one).
    pub atoms: Vec<Atom>,
}

/// The result of parsing: clauses, inline filters and what was repaired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// AND-ed clauses.
    pub clauses: Vec<Clause>,
    /// Filters written inline (`year:2015`, `dept=…`).
    pub filters: Vec<Filter>,
    /// What was malformed and how it was handled.
    pub warnings: Vec<String>,
}

enum Token {
    Or,
    Term { negated: bool, atom: Atom },
}

/// Parses `input`; never fails.
pub fn parse(input: &str) -> ParsedQuery {
    let mut out = ParsedQuery::default();
    let chars = prepare(input, &mut out.warnings);
    let tokens = lex(&chars, &mut out);
    let mut pending_or = false;
    let mut dropped = false;
    for token in tokens {
        match token {
            Token::Or => {
                let joinable = out.clauses.last().is_some_and(|c| !c.negated);
                if !joinable || pending_or {
                    out.warnings
                        .push("OR without a word before it was ignored".into());
                } else {
                    pending_or = true;
                }
            }
            Token::Term { negated, atom } => {
                if pending_or && !negated {
                    if let Some(last) = out.clauses.last_mut() {
                        last.atoms.push(atom);
                    }
                    pending_or = false;
                    continue;
                }
                if pending_or {
                    out.warnings
                        .push("OR before an excluded word was ignored".into());
                    pending_or = false;
                }
                if out.clauses.len() >= MAX_CLAUSES {
                    dropped = true;
                    continue;
                }
                out.clauses.push(Clause {
                    negated,
                    atoms: vec![atom],
                });
            }
        }
    }
    if pending_or {
        out.warnings
            .push("OR at the end of the query was ignored".into());
    }
    if dropped {
        out.warnings
            .push(format!("only the first {MAX_CLAUSES} words were used"));
    }
    out
}

/// NFKC, curly quotes to `"`, control characters to spaces, length cap.
fn prepare(input: &str, warnings: &mut Vec<String>) -> Vec<char> {
    let mut chars: Vec<char> = crate::unicode::nfkc(input)
        .chars()
        .map(|c| match c {
            '“' | '”' | '„' | '″' => '"',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    if chars.len() > MAX_QUERY_CHARS {
        chars.truncate(MAX_QUERY_CHARS);
        warnings.push(format!(
            "query longer than {MAX_QUERY_CHARS} characters was cut"
        ));
    }
    chars
}

/// Splits prepared characters into tokens, collecting inline filters.
fn lex(chars: &[char], out: &mut ParsedQuery) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
            continue;
        }
        let negated = chars.get(i) == Some(&'-');
        if negated {
            i += 1;
            if chars.get(i).is_none_or(|c| c.is_whitespace()) {
                out.warnings.push("a lone '-' was ignored".into());
                continue;
            }
        }
        let prefix = read_prefix(chars, i);
        if let Some((_, _, _, next)) = prefix {
            i = next;
        }
        let (text, quoted, next) = read_value(chars, i, &mut out.warnings);
        // Every branch above moved past at least one character or returned.
        i = next.max(i + 1);
        let prefix = prefix.map(|(name, op, colon, _)| (name, op, colon));
        match classify(prefix.as_ref()) {
            Prefix::Filter(key, op) => {
                if negated {
                    out.warnings.push(format!(
                        "excluding by {} is not supported; ignored",
                        key.name()
                    ));
                } else if text.trim().is_empty() {
                    out.warnings
                        .push(format!("empty {}: filter ignored", key.name()));
                } else {
                    out.filters.push(Filter::compare(key, op, text.trim()));
                }
            }
            Prefix::Scope(scope) if text.trim().is_empty() => {
                out.warnings
                    .push(format!("empty {} ignored", scope.prefix()));
            }
            Prefix::Scope(scope) => tokens.push(Token::Term {
                negated,
                atom: Atom {
                    scope,
                    text,
                    quoted,
                },
            }),
            Prefix::None if !quoted && !negated && text == "OR" => tokens.push(Token::Or),
            Prefix::None if text.trim().is_empty() => {
                if quoted {
                    out.warnings.push("empty quotes ignored".into());
                }
            }
            Prefix::None => tokens.push(Token::Term {
                negated,
                atom: Atom {
                    scope: Scope::Any,
                    text,
                    quoted,
                },
            }),
        }
    }
    tokens
}

enum Prefix {
    None,
    Scope(Scope),
    Filter(FilterKey, Cmp),
}

/// What a `name:`/`name=`/`name>=` prefix means: `dept:` and `actor:` scope
/// a word, `dept=` and `actor=` filter; other filter keys filter with any
/// operator (whether the key accepts it is the filter's business).
fn classify(prefix: Option<&(String, Cmp, bool)>) -> Prefix {
    let Some((name, op, colon)) = prefix else {
        return Prefix::None;
    };
    let scope = Scope::from_prefix(name);
    let filter = FilterKey::from_name(name);
    match (scope, filter, *colon) {
        (Some(s), _, true) => Prefix::Scope(s),
        (_, Some(k), _) => Prefix::Filter(k, *op),
        (Some(s), None, _) => Prefix::Scope(s),
        (None, None, _) => Prefix::None,
    }
}

/// A known `name` followed by an operator (`:`, `=`, `>=`, `>`, `<=`, `<`;
/// `:` may be followed by another, as in `year:>=2011`) at `start`:
/// (name, operator, whether it was a bare `:`, index after it).
fn read_prefix(chars: &[char], start: usize) -> Option<(String, Cmp, bool, usize)> {
    let mut j = start;
    while chars
        .get(j)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == '_' || *c == '.')
    {
        j += 1;
    }
    if j == start {
        return None;
    }
    let name: String = chars.get(start..j)?.iter().collect();
    let known = Scope::from_prefix(&name).is_some() || FilterKey::from_name(&name).is_some();
    if !known {
        return None;
    }
    let ahead: String = chars.get(j..(j + 3).min(chars.len()))?.iter().collect();
    let (mut op, mut len) = Cmp::at_start(&ahead)?;
    let mut colon = ahead.starts_with(':');
    if colon {
        if let Some((inner, l)) = ahead.get(1..).and_then(Cmp::at_start) {
            (op, len, colon) = (inner, 1 + l, false);
        }
    }
    Some((name, op, colon, j + len))
}

/// Reads a word or a quoted phrase at `start`: (text, quoted, index after it).
fn read_value(chars: &[char], start: usize, warnings: &mut Vec<String>) -> (String, bool, usize) {
    if chars.get(start) == Some(&'"') {
        let body = start + 1;
        let close = chars
            .get(body..)
            .and_then(|rest| rest.iter().position(|c| *c == '"'))
            .map(|p| body + p);
        return match close {
            Some(end) => (collect(chars, body, end), true, end + 1),
            None => {
                warnings
                    .push("unbalanced quote: the rest of the query was read as a phrase".into());
                (collect(chars, body, chars.len()), true, chars.len())
            }
        };
    }
    let mut end = start;
    while chars.get(end).is_some_and(|c| !c.is_whitespace()) {
        end += 1;
    }
    let raw = collect(chars, start, end);
    let text: String = raw.chars().filter(|c| *c != '"').collect();
    if text.len() != raw.len() {
        warnings.push(format!("stray quote in {raw:?} was ignored"));
    }
    (text, false, end)
}

fn collect(chars: &[char], from: usize, to: usize) -> String {
    chars
        .get(from..to)
        .map(|s| s.iter().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atoms(q: &ParsedQuery) -> Vec<Vec<(Scope, &str, bool)>> {
        q.clauses
            .iter()
            .map(|c| {
                c.atoms
                    .iter()
                    .map(|a| (a.scope, a.text.as_str(), c.negated))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn words_phrases_or_and_negation() {
        let q = parse("クラウド \"電子 申請\" SNS OR ソーシャルメディア -宮城");
        assert!(q.warnings.is_empty(), "{:?}", q.warnings);
        assert_eq!(
            atoms(&q),
            vec![
                vec![(Scope::Any, "クラウド", false)],
                vec![(Scope::Any, "電子 申請", false)],
                vec![
                    (Scope::Any, "SNS", false),
                    (Scope::Any, "ソーシャルメディア", false)
                ],
                vec![(Scope::Any, "宮城", true)],
            ]
        );
        assert!(q.clauses[1].atoms[0].quoted);
    }

    #[test]
    fn scopes_and_inline_filters() {
        let q = parse(
            "title:クラウド dept:情報政策課 actor=県 year:H27 edition=ict2014 url:http://x/y",
        );
        assert_eq!(
            atoms(&q),
            vec![
                vec![(Scope::Only(&dimension::TITLE), "クラウド", false)],
                vec![(Scope::Only(&dimension::DEPT), "情報政策課", false)],
                vec![(Scope::Only(&dimension::URL), "http://x/y", false)],
            ]
        );
        assert_eq!(
            q.filters,
            vec![
                Filter::new(FilterKey::from_name("actor").unwrap(), "県"),
                Filter::new(FilterKey::from_name("year").unwrap(), "H27"),
                Filter::new(FilterKey::from_name("edition").unwrap(), "ict2014"),
            ]
        );
    }

    #[test]
    fn inline_comparisons() {
        let q = parse("クラウド year>=2011 indicator.target＞＝１,０００件 target:<5");
        assert_eq!(atoms(&q), vec![vec![(Scope::Any, "クラウド", false)]]);
        assert_eq!(
            q.filters,
            vec![
                Filter::compare(FilterKey::from_name("year").unwrap(), Cmp::Ge, "2011"),
                Filter::compare(
                    FilterKey::from_name("indicator.target").unwrap(),
                    Cmp::Ge,
                    "1,000件"
                ),
                Filter::compare(
                    FilterKey::from_name("indicator.target").unwrap(),
                    Cmp::Lt,
                    "5"
                ),
            ]
        );
        // An unknown name before an operator is a word.
        let q = parse("a<b");
        assert!(q.filters.is_empty());
        assert_eq!(atoms(&q), vec![vec![(Scope::Any, "a<b", false)]]);
    }

    #[test]
    fn full_width_operators_work() {
        let q = parse("ｔｉｔｌｅ：ＩＣＴ　－宮城");
        assert_eq!(
            atoms(&q),
            vec![
                vec![(Scope::Only(&dimension::TITLE), "ICT", false)],
                vec![(Scope::Any, "宮城", true)]
            ]
        );
    }

    #[test]
    fn malformed_input_degrades_with_warnings() {
        let q = parse("\"電子申請");
        assert_eq!(atoms(&q), vec![vec![(Scope::Any, "電子申請", false)]]);
        assert_eq!(q.warnings.len(), 1);

        let q = parse("- OR a OR OR b OR");
        assert_eq!(
            atoms(&q),
            vec![vec![(Scope::Any, "a", false), (Scope::Any, "b", false)]]
        );
        assert_eq!(q.warnings.len(), 4, "{:?}", q.warnings);

        let q = parse("title: \"\" a\"b -year:2015");
        assert_eq!(atoms(&q), vec![vec![(Scope::Any, "ab", false)]]);
        assert_eq!(q.warnings.len(), 4, "{:?}", q.warnings);

        let long = "情報".repeat(5000);
        let q = parse(&long);
        assert_eq!(q.clauses[0].atoms[0].text.chars().count(), MAX_QUERY_CHARS);
        assert_eq!(q.warnings.len(), 1);

        let many = "a ".repeat(100);
        let q = parse(&many);
        assert_eq!(q.clauses.len(), MAX_CLAUSES);
        assert_eq!(q.warnings.len(), 1);

        for odd in [
            "", "   ", "-", "\"", "\"\"", "OR", ":", "title:", "a:b", "--x", "\u{0}",
        ] {
            let _ = parse(odd);
        }
        assert_eq!(atoms(&parse("--x")), vec![vec![(Scope::Any, "-x", true)]]);
        assert_eq!(atoms(&parse("a:b")), vec![vec![(Scope::Any, "a:b", false)]]);
    }
}
