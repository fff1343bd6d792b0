//! The dimension registry: every record dimension declared once.
//!
//! A *dimension* is one thing people search, filter, count or sort records
//! by: the title, the 担当 departments, the fiscal years of the schedule, the
//! indicator's target value. Each is one [`Dimension`] value in [`ALL`]
//! (declared in `defs.rs`), naming
//! - its `name` (the index field, the filter key, the facet key in JSON) and
//!   the `aliases` accepted in queries and filters;
//! - its Japanese `label`;
//! - its roles, which together are its kind:
//!   - [`TextRole`]: searchable text, indexed with both analyses (and a
//!     reading when people type it by sound), optionally a `name:` scope;
//!   - [`FacetRole`]: a facet, flat or hierarchical ([`FacetRole::child`]),
//!     counted, filtered by `name=value`, listed in the sidebar and exports;
//!   - a [`Measure`]: a numeric column for comparisons and sorts;
//! - and, in each role, the function that takes its values from a
//!   [`Record`] (with its [`Context`]: lineage and issuer).
//!
//! Everything else walks [`ALL`]: the index schema and the document builder
//! (`crate::index`), the query scopes, filters and facet collection
//! (`crate::query`), the web page sidebar (`crate::serve`), the CLI text
//! output and the exports. Adding a facet is one entry in `defs.rs` plus its
//! extractor.
//!
//! ```
//! use shisaku::dimension;
//! let dept = dimension::named("department").expect("an alias of dept");
//! assert_eq!(dept.name, "dept");
//! assert_eq!(dept.label, "担当");
//! assert!(dept.text.is_some() && dept.facet.is_some());
//! ```

mod defs;
pub mod read;

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};

use crate::lineage::RecordLineage;
use crate::plan::quantity::Quantity;
use crate::plan::Record;

pub use defs::*;

/// A handle on a registered dimension (compared and hashed by name).
pub type Dim = &'static Dimension;

/// One record dimension and every role it plays.
pub struct Dimension {
    /// The name: index field base name, filter key, facet key in JSON.
    pub name: &'static str,
    /// Other names accepted in queries (`name:`) and filters (`name=`).
    pub aliases: &'static [&'static str],
    /// Japanese label (filter chips, CLI text, record page).
    pub label: &'static str,
    /// Searchable text, when the dimension is searched.
    pub text: Option<TextRole>,
    /// Facet, when the dimension is counted and filtered.
    pub facet: Option<FacetRole>,
    /// Numeric column, when the dimension is compared as a number.
    pub numeric: Option<NumericRole>,
}

/// How a dimension is searched as text.
pub struct TextRole {
    /// Also indexed as a katakana reading (`<name>_r`), so kana finds kanji.
    pub reading: bool,
    /// Usable as a `name:` scope in queries.
    pub scope: bool,
    /// Matches in it are marked in titles and snippets.
    pub marked: bool,
    /// Relevance weight of a match in it.
    pub boost: f32,
    /// The text values of a record (empty when its kind has none).
    pub values: fn(&Record) -> Vec<String>,
}

/// How a dimension is counted and filtered as a facet.
pub struct FacetRole {
    /// The second level of a hierarchical facet, when it has its own filter
    /// key (項目 under 分野). A hierarchical facet without one (bureau →
    /// division) filters both levels by the dimension's own key.
    pub child: Option<ChildKey>,
    /// Order of values in the output.
    pub order: Order,
    /// Values are fiscal years: comparisons and ranges (`year>=2011`,
    /// `year=H23..H25`) select the years they admit.
    pub years: bool,
    /// Reads a filter value into the stored value (`H27` → `2015`);
    /// `None` when the value is not one.
    pub parse: fn(&str) -> Option<String>,
    /// What `parse` accepts, in words (for the message refusing a value).
    pub accepts: &'static str,
    /// A shorter filter value a stored value also answers to, when it has
    /// one (分野 `ict2014:2` also answers to `2`; see [`FacetRole::plain`]).
    pub plain: fn(&str) -> Option<String>,
    /// How a value (with its stored label) is shown to people.
    pub show: fn(&str, Option<&str>) -> String,
    /// The sidebar section, when the page lists the facet.
    pub sidebar: Option<Sidebar>,
    /// Whether exports carry the values as a column of their own (for
    /// values that are not already a key of the record).
    pub export: bool,
    /// The value paths of a record, each root first (one segment for a flat
    /// facet, up to two for a hierarchical one).
    pub values: fn(&Record, &Context) -> Vec<Vec<Segment>>,
}

/// The filter key of the second level of a hierarchical facet.
pub struct ChildKey {
    /// The key, e.g. `item`.
    pub name: &'static str,
    /// Japanese label, e.g. 項目.
    pub label: &'static str,
}

/// A dimension's numeric column.
pub struct NumericRole {
    /// Which indicator value it holds.
    pub measure: Measure,
    /// The value of a record, as a quantity.
    pub value: fn(&Record) -> Option<Quantity>,
}

/// Order of facet values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Most frequent first, then by value.
    Count,
    /// By value, numbers in natural order (years, 分野 numbers).
    Natural,
}

/// Where and how the sidebar lists a facet.
#[derive(Debug, Clone, Copy)]
pub struct Sidebar {
    /// Position among sections (smallest first).
    pub rank: u8,
    /// Section heading.
    pub heading: &'static str,
    /// Open by default.
    pub open: bool,
}

/// What a record's facets take from outside the record itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// Its stored lineage.
    pub lineage: Option<&'a RecordLineage>,
    /// Its edition's issuer.
    pub issuer: Option<&'a str>,
    /// Its edition's plan title (the label of its 版 facet value).
    pub edition_title: Option<&'a str>,
}

/// One level of a facet value: the value a filter uses and an optional label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The value, e.g. "2" (分野 number) or "情報政策課".
    pub value: String,
    /// A display label, e.g. "行政の情報化".
    pub label: Option<String>,
}

impl Segment {
    /// A segment without a label.
    pub fn plain(value: impl Into<String>) -> Segment {
        Segment {
            value: value.into(),
            label: None,
        }
    }
}

/// Which number of an indicator a condition or a sort reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// 現状値.
    Current,
    /// 目標値.
    Target,
    /// 目標値 − 現状値, when both are quantities of the same unit.
    Change,
}

impl Measure {
    /// Every measure.
    pub const ALL: [Measure; 3] = [Measure::Current, Measure::Target, Measure::Change];

    /// The short name (`current`, `target`, `change`).
    pub fn name(self) -> &'static str {
        match self {
            Measure::Current => "current",
            Measure::Target => "target",
            Measure::Change => "change",
        }
    }

    /// The fast column holding this measure.
    pub fn column(self) -> &'static str {
        match self {
            Measure::Current => "indicator_current",
            Measure::Target => "indicator_target",
            Measure::Change => "indicator_change",
        }
    }

    /// The measure's label on the web page.
    pub fn label(self) -> &'static str {
        match self {
            Measure::Current => "現状値",
            Measure::Target => "目標値",
            Measure::Change => "増減",
        }
    }
}

impl Dimension {
    /// Whether `name` names this dimension (its name or an alias, any case).
    pub fn is_named(&self, name: &str) -> bool {
        let name = name.trim();
        self.name.eq_ignore_ascii_case(name)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    }

    /// The filter key naming values at `depth` (0 = top) of this facet.
    pub fn filter_name(&self, depth: usize) -> &'static str {
        match self.facet.as_ref().and_then(|f| f.child.as_ref()) {
            Some(child) if depth > 0 => child.name,
            _ => self.name,
        }
    }

    /// How a value of this facet is shown (the value itself for non-facets).
    pub fn show(&self, value: &str, label: Option<&str>) -> String {
        match &self.facet {
            Some(f) => (f.show)(value, label),
            None => value.to_string(),
        }
    }
}

impl fmt::Debug for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Dimension({})", self.name)
    }
}

impl PartialEq for Dimension {
    fn eq(&self, other: &Dimension) -> bool {
        self.name == other.name
    }
}

impl Eq for Dimension {}

impl Hash for Dimension {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl PartialOrd for Dimension {
    fn partial_cmp(&self, other: &Dimension) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Dimension {
    fn cmp(&self, other: &Dimension) -> Ordering {
        self.name.cmp(other.name)
    }
}

/// The dimension called `name` (or one of its aliases).
pub fn named(name: &str) -> Option<Dim> {
    ALL.iter().copied().find(|d| d.is_named(name))
}

/// The dimensions searched as text, in schema order.
pub fn texts() -> impl Iterator<Item = (Dim, &'static TextRole)> {
    ALL.iter().filter_map(|d| Some((*d, d.text.as_ref()?)))
}

/// The facet dimensions, in output order.
pub fn facets() -> impl Iterator<Item = (Dim, &'static FacetRole)> {
    ALL.iter().filter_map(|d| Some((*d, d.facet.as_ref()?)))
}

/// The numeric dimensions, in schema order.
pub fn numerics() -> impl Iterator<Item = (Dim, &'static NumericRole)> {
    ALL.iter().filter_map(|d| Some((*d, d.numeric.as_ref()?)))
}

/// The facet whose values the sidebar lists, in sidebar order.
pub fn sidebar() -> Vec<(Dim, Sidebar)> {
    let mut sections: Vec<(Dim, Sidebar)> = facets()
        .filter_map(|(d, f)| Some((d, f.sidebar?)))
        .collect();
    sections.sort_by_key(|(_, s)| s.rank);
    sections
}

/// The facets exports carry as columns of their own, with the values of
/// `record` (leaf values of each path; joined by the caller).
pub fn export_values(record: &Record) -> Vec<(Dim, Vec<String>)> {
    facets()
        .filter(|(_, f)| f.export)
        .map(|(d, f)| {
            let values = (f.values)(record, &Context::default())
                .into_iter()
                .filter_map(|path| path.last().map(|s| s.value.clone()))
                .collect();
            (d, values)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for d in ALL {
            for n in std::iter::once(d.name).chain(d.aliases.iter().copied()) {
                assert!(seen.insert(n.to_ascii_lowercase()), "{n} twice");
            }
            if let Some(child) = d.facet.as_ref().and_then(|f| f.child.as_ref()) {
                assert!(seen.insert(child.name.to_string()), "{} twice", child.name);
            }
        }
    }

    #[test]
    fn every_dimension_plays_a_role_and_sidebar_ranks_differ() {
        for d in ALL {
            assert!(
                d.text.is_some() || d.facet.is_some() || d.numeric.is_some(),
                "{}",
                d.name
            );
        }
        let ranks: std::collections::BTreeSet<u8> = sidebar().iter().map(|(_, s)| s.rank).collect();
        assert_eq!(ranks.len(), sidebar().len());
    }
}
