//! One-pass collector: filtering, top hits and multi-select facet counts.
//!
//! The text query is run alone; filters are applied here, from the postings
//! of the filter keys (see [`crate::index::facet_key`] and `postings`),
//! followed forward as the matching documents come. For every matching document the
//! collector works out which filter groups (one per facet dimension) it
//! satisfies, as a bit mask, and then:
//! - if it satisfies all groups, it is a hit: counted in `total` and ranked;
//! - its facet keys are counted at *level 0* if it satisfies all groups, and
//!   at *level g+1* if it satisfies every group except perhaps group `g`.
//!
//! Numeric conditions ([`NumericCondition`]) on the indicator columns are
//! checked first: a document that fails one is neither a hit nor counted in
//! any facet, since no facet selection can bring it back.
//!
//! A facet whose dimension has a selected filter (group `g`) reads its counts
//! from level `g+1`, so its other values keep their counts (multi-select);
//! every other facet reads level 0, which honours all filters. Counting is
//! over term ordinals of the count column, which holds count keys only, so
//! it is linear in the matched documents
//! and needs no tantivy `FacetCollector` (which only counts direct children).
//! The count keys of a segment, by ordinal, are read from its dictionary and
//! decoded once (see `keys`), so harvesting costs no dictionary lookups and
//! segments merge their counts by key id.
//!
//! A text query's score gets the plan-record bonus here
//! ([`PLAN_RECORD_BONUS`]): a document without the passage kind's key scores
//! ×(1 + bonus), read from the count keys the collector reads anyway (the
//! kind facet's `passage` key).

use std::cmp::Ordering;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::Field;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::build::PLAN_RECORD_BONUS;
use super::collapse::{merge_groups, segment_groups, Group, SegmentGroups};
use super::counts::KeyCounts;
use super::keys::{segment_keys, SegmentKeys};
use super::numeric::{sort_key, NumericCondition};
use super::postings::KeyCursor;
use super::Sort;
use crate::index::schema::{FACET_COUNT, FACET_FILTER, LINEAGE_GROUP, SORT_EDITION, SORT_ID};
use crate::plan::RecordKind;

/// The rank of a hit: its score, or its sort key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Rank {
    /// Relevance score (higher first).
    Score(Score),
    /// Sort key (lower first).
    Key(String),
    /// Numeric sort key (lower first; see [`sort_key`]).
    Number(u64),
}

/// Orders ranks best first; ties broken by document address.
pub(crate) fn rank_order(a: &(Rank, DocAddress), b: &(Rank, DocAddress)) -> Ordering {
    let kind = |r: &Rank| match r {
        Rank::Score(_) => 0,
        Rank::Key(_) => 1,
        Rank::Number(_) => 2,
    };
    let by_rank = match (&a.0, &b.0) {
        (Rank::Score(x), Rank::Score(y)) => y.total_cmp(x),
        (Rank::Key(x), Rank::Key(y)) => x.cmp(y),
        (Rank::Number(x), Rank::Number(y)) => x.cmp(y),
        (x, y) => kind(x).cmp(&kind(y)),
    };
    by_rank.then_with(|| a.1.cmp(&b.1))
}

/// The collector's result.
#[derive(Debug, Default)]
pub(crate) struct Harvest {
    /// Documents that match the query and every filter.
    pub total: usize,
    /// The best `want` of them, best first (none when collapsing).
    pub top: Vec<(Rank, DocAddress)>,
    /// When collapsing by lineage: the number of groups the hits form.
    pub group_total: usize,
    /// When collapsing by lineage: the best `want` groups, best first.
    pub groups: Vec<Group>,
    /// A segment's groups, before [`PlanCollector::merge_fruits`] merges them.
    pub segment_groups: SegmentGroups,
    /// Count key → count per level (see the module doc), by key id.
    pub counts: KeyCounts,
}

/// Collects hits and facet counts under filter groups.
pub(crate) struct PlanCollector {
    /// Filter keys per group; a document satisfies a group if it has any.
    pub groups: Vec<Vec<String>>,
    /// Numeric conditions, all of which a document must satisfy.
    pub numeric: Vec<NumericCondition>,
    /// How many top hits (or groups, when collapsing) to keep (offset + limit).
    pub want: usize,
    /// Group the hits by lineage ([`super::Collapse::Lineage`]).
    pub collapse: bool,
    /// Ranking.
    pub sort: Sort,
    /// Whether plan records score ×(1 + [`PLAN_RECORD_BONUS`]) over passages
    /// (a text query; browsing ranks by id).
    pub plan_bonus: bool,
}

impl Collector for PlanCollector {
    type Fruit = Harvest;
    type Child = PlanSegmentCollector;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<PlanSegmentCollector> {
        let fast = reader.fast_fields();
        let facets = fast.str(FACET_COUNT)?;
        let filter_field: Field = reader.schema().get_field(FACET_FILTER)?;
        let inverted = reader.inverted_index(filter_field)?;
        let (sort_column, sort_number) = match self.sort {
            Sort::Relevance => (None, None),
            Sort::Id => (fast.str(SORT_ID)?, None),
            Sort::Edition => (fast.str(SORT_EDITION)?, None),
            Sort::Indicator {
                measure,
                descending,
            } => (
                None,
                Some((fast.column_opt::<f64>(measure.column())?, descending)),
            ),
        };
        let mut numeric = Vec::with_capacity(self.numeric.len());
        for condition in &self.numeric {
            let unit = match condition.unit_key() {
                None => None,
                Some(key) => Some(KeyCursor::new(Arc::clone(&inverted), filter_field, [&key])?),
            };
            numeric.push(SegmentCondition {
                condition: condition.clone(),
                column: fast.column_opt::<f64>(condition.measure.column())?,
                unit,
            });
        }
        let mut group_cursors = Vec::with_capacity(self.groups.len());
        for keys in &self.groups {
            group_cursors.push(KeyCursor::new(Arc::clone(&inverted), filter_field, keys)?);
        }
        let levels = 1 + self.groups.len();
        let keys = match &facets {
            Some(col) => segment_keys(reader.segment_id(), col)?,
            None => Arc::default(),
        };
        let passage_ord = if self.plan_bonus {
            passage_ord(&keys)
        } else {
            None
        };
        let terms = keys.len();
        let lineage_groups = if self.collapse {
            Some(fast.u64(LINEAGE_GROUP)?)
        } else {
            None
        };
        Ok(PlanSegmentCollector {
            lineage_groups,
            segment_ord,
            all: (1u32 << self.groups.len()) - 1,
            groups: self.groups.len(),
            facets,
            keys,
            sort_column,
            sort_number,
            numeric,
            group_cursors,
            passage_ord,
            plan_bonus: self.plan_bonus,
            counts: vec![vec![0; terms]; levels],
            total: 0,
            hits: Vec::new(),
            want: self.want,
            buf: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        // Relevance ranks by score; other sorts only need the matches.
        self.sort == Sort::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<Harvest>) -> tantivy::Result<Harvest> {
        let mut out = Harvest::default();
        let mut counts = Vec::with_capacity(fruits.len());
        let mut groups = Vec::with_capacity(fruits.len());
        for f in fruits {
            out.total += f.total;
            out.top.extend(f.top);
            counts.push(f.counts);
            groups.push(f.segment_groups);
        }
        out.counts = KeyCounts::merge(counts);
        out.top.sort_by(rank_order);
        out.top.truncate(self.want);
        if self.collapse {
            (out.group_total, out.groups) = merge_groups(groups, self.want, rank_order);
        }
        Ok(out)
    }
}

/// The ordinal of the count key every passage (page text outside plan
/// records) carries, the kind facet's `passage`, among a segment's count keys.
/// A record has it exactly when it has the filter key `kind=passage`: both
/// are written from its one kind value (`crate::index::document`).
fn passage_ord(keys: &SegmentKeys) -> Option<u64> {
    let passage = RecordKind::Passage.as_str();
    let ord = keys.iter().position(|k| {
        k.as_ref().is_some_and(|k| {
            *k.dim == crate::dimension::KIND
                && matches!(k.path.as_slice(), [seg] if seg.value == passage)
        })
    })?;
    u64::try_from(ord).ok()
}

/// A numeric condition bound to one segment's columns.
pub(crate) struct SegmentCondition {
    condition: NumericCondition,
    /// The measure's column; `None` when no document of the segment has one.
    column: Option<Column<f64>>,
    /// The postings of the unit's filter key when the condition names a unit.
    unit: Option<KeyCursor>,
}

impl SegmentCondition {
    /// Whether `doc`'s value lies in the condition's range.
    fn in_range(&self, doc: DocId) -> bool {
        let value = self.column.as_ref().and_then(|c| c.first(doc));
        value.is_some_and(|x| self.condition.contains(x))
    }

    /// Whether `doc` has the condition's unit (true when it names none).
    fn unit_matches(&mut self, doc: DocId) -> bool {
        self.unit.as_mut().is_none_or(|u| u.contains(doc))
    }
}

/// Per-segment part of [`PlanCollector`].
pub(crate) struct PlanSegmentCollector {
    segment_ord: SegmentOrdinal,
    /// The lineage-group column, when collapsing.
    lineage_groups: Option<Column<u64>>,
    /// Mask with one bit per group.
    all: u32,
    /// Number of groups.
    groups: usize,
    facets: Option<StrColumn>,
    /// Count keys by ordinal.
    keys: Arc<SegmentKeys>,
    sort_column: Option<StrColumn>,
    /// Numeric sort column and whether it sorts largest first.
    sort_number: Option<(Option<Column<f64>>, bool)>,
    /// Numeric conditions.
    numeric: Vec<SegmentCondition>,
    /// The filter keys of each group, followed through their postings.
    group_cursors: Vec<KeyCursor>,
    /// Ordinal of the passage kind's count key, when a passage is here.
    passage_ord: Option<u64>,
    /// Whether plan records get [`PLAN_RECORD_BONUS`].
    plan_bonus: bool,
    /// counts[level][ordinal].
    counts: Vec<Vec<u32>>,
    total: usize,
    /// (score or sort ordinal, doc) of every full match.
    hits: Vec<(f32, u64, DocId)>,
    want: usize,
    buf: Vec<u64>,
}

impl SegmentCollector for PlanSegmentCollector {
    type Fruit = Harvest;

    fn collect(&mut self, doc: DocId, score: Score) {
        // Ranges first: a document out of range costs no facet read.
        if !self.numeric.iter().all(|c| c.in_range(doc)) {
            return;
        }
        if !self.numeric.iter_mut().all(|c| c.unit_matches(doc)) {
            return;
        }
        let mut mask = 0u32;
        for (gi, cursor) in self.group_cursors.iter_mut().enumerate() {
            if cursor.contains(doc) {
                mask |= 1 << gi;
            }
        }
        self.buf.clear();
        if let Some(col) = &self.facets {
            // One bulk read of the document's ordinals: per-value reads
            // through the column's iterator were most of the time of a
            // search with many hits.
            let ords = col.ords();
            let rows = ords.index.value_row_ids(doc);
            self.buf.resize(rows.len(), 0);
            ords.values.get_range(u64::from(rows.start), &mut self.buf);
        }
        if mask == self.all {
            self.total += 1;
            let key = match (&self.sort_column, &self.sort_number) {
                (Some(col), _) => col.ords().first(doc).unwrap_or(u64::MAX),
                (None, Some((col, descending))) => col
                    .as_ref()
                    .and_then(|c| c.first(doc))
                    .map_or(u64::MAX, |x| sort_key(x, *descending)),
                (None, None) => 0,
            };
            let passage = self.passage_ord.is_some_and(|p| self.buf.contains(&p));
            let score = if self.plan_bonus && !passage {
                score * (1.0 + PLAN_RECORD_BONUS)
            } else {
                score
            };
            self.hits.push((score, key, doc));
        }
        for (level, counts) in self.counts.iter_mut().enumerate() {
            let need = match level {
                0 => self.all,
                l if l <= self.groups => self.all & !(1u32 << (l - 1)),
                _ => continue,
            };
            if mask & need != need {
                continue;
            }
            for &ord in &self.buf {
                if let Some(c) = usize::try_from(ord).ok().and_then(|o| counts.get_mut(o)) {
                    *c += 1;
                }
            }
        }
    }

    fn harvest(mut self) -> Harvest {
        let by_score = self.sort_column.is_none() && self.sort_number.is_none();
        let order = |a: &(f32, u64, DocId), b: &(f32, u64, DocId)| {
            let primary = if by_score {
                b.0.total_cmp(&a.0)
            } else {
                a.1.cmp(&b.1)
            };
            primary.then_with(|| a.2.cmp(&b.2))
        };
        let mut key = String::new();
        let mut ranked = |&(score, ord, doc): &(f32, u64, DocId)| {
            let rank = match (&self.sort_column, &self.sort_number) {
                (Some(col), _) => {
                    key.clear();
                    let found = col.ord_to_str(ord, &mut key).unwrap_or(false);
                    Rank::Key(if found { key.clone() } else { String::new() })
                }
                (None, Some(_)) => Rank::Number(ord),
                (None, None) => Rank::Score(score),
            };
            (rank, DocAddress::new(self.segment_ord, doc))
        };
        let (top, segment_groups) = match &self.lineage_groups {
            Some(column) => {
                // Every hit is grouped; a document without a key (none is
                // written so) is a group of its own.
                let own =
                    |doc: DocId| u64::MAX - (u64::from(self.segment_ord) << 32 | u64::from(doc));
                let keys: Vec<u64> = self
                    .hits
                    .iter()
                    .map(|h| column.first(h.2).unwrap_or_else(|| own(h.2)))
                    .collect();
                let hits = &self.hits;
                let better = |i: usize, j: usize| order(&hits[i], &hits[j]) == Ordering::Less;
                let mut groups = segment_groups(&keys, better);
                let distinct = groups.iter().map(|g| g.0).collect();
                // Only the segment's best `want` groups can be among the best
                // of all (`merge_groups`): the others are not ranked, which
                // spares reading a sort key per group.
                let by_best = |a: &(u64, usize), b: &(u64, usize)| order(&hits[a.1], &hits[b.1]);
                if groups.len() > self.want && self.want > 0 {
                    groups.select_nth_unstable_by(self.want - 1, by_best);
                }
                groups.truncate(self.want);
                let ranked_groups = groups
                    .iter()
                    .map(|&(key, best)| Group {
                        key,
                        best: ranked(&hits[best]),
                        others: Vec::new(),
                    })
                    .collect();
                let address = |doc: DocId| DocAddress::new(self.segment_ord, doc);
                let grouped = SegmentGroups {
                    ranked: ranked_groups,
                    distinct,
                    hits: keys
                        .iter()
                        .zip(hits)
                        .map(|(k, h)| (*k, address(h.2)))
                        .collect(),
                };
                (Vec::new(), grouped)
            }
            None => {
                if self.hits.len() > self.want && self.want > 0 {
                    self.hits.select_nth_unstable_by(self.want - 1, order);
                }
                self.hits.truncate(self.want);
                self.hits.sort_by(order);
                let top = self.hits.iter().map(&mut ranked).collect();
                (top, SegmentGroups::default())
            }
        };
        let mut counts = KeyCounts::new(self.counts.len());
        for (ord, key) in self.keys.iter().enumerate() {
            let Some(key) = key else { continue };
            let count = |c: &Vec<u32>| u64::from(c.get(ord).copied().unwrap_or(0));
            if self.counts.iter().any(|c| count(c) > 0) {
                counts.push(key, self.counts.iter().map(count));
            }
        }
        Harvest {
            total: self.total,
            top,
            group_total: 0,
            groups: Vec::new(),
            segment_groups,
            counts,
        }
    }
}
