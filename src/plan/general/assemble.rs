//! Events → records with SCHEMA.md ids: the outline stack gives each
//! initiative its 分野/項目 levels (levels a document does not have are left
//! out), unnumbered initiatives are numbered u1, u2… and nested ones .n.

use std::collections::HashMap;

use super::fill::{fill, join};
use super::numbering::{Numbering, Style};
use super::{Entry, Event};
use crate::pdf::Rect;
use crate::plan::record::{BBox, Record, RecordKind};
use crate::plan::text;

/// A numbered outline level: (number, name).
type Numbered = Option<(u32, String)>;

/// One open outline level.
#[derive(Debug, Clone)]
struct Level {
    key: String,
    style: Style,
    no: Option<u32>,
    name: String,
    /// Record id when this level is an initiative.
    id: Option<String>,
    children: u32,
}

/// Builds records from events.
#[derive(Debug, Default)]
pub struct Assembler {
    edition: String,
    file: String,
    stack: Vec<Level>,
    counters: HashMap<String, u32>,
    /// Records so far.
    pub records: Vec<Record>,
    /// Per record: (id, how it was read) for `--explain`.
    pub explain: Vec<(String, String)>,
}

impl Assembler {
    /// An assembler for `edition`, reading `file`.
    pub fn new(edition: &str, file: &str) -> Assembler {
        Assembler {
            edition: edition.to_string(),
            file: file.to_string(),
            ..Default::default()
        }
    }

    fn next(&mut self, key: String) -> u32 {
        let c = self.counters.entry(key).or_insert(0);
        *c += 1;
        *c
    }

    /// Open a level of `numbering`'s style: a level of the same style and
    /// everything under it close first.
    fn open(&mut self, n: &Numbering, id: Option<String>) {
        let key = n.style.key();
        if let Some(i) = self.stack.iter().position(|l| l.key == key) {
            self.stack.truncate(i);
        }
        self.stack.push(Level {
            key,
            style: n.style.clone(),
            no: n.no,
            name: n.rest.clone(),
            id,
            children: 0,
        });
    }

    /// The 分野 and 項目 levels above the current position.
    fn ancestors(&self) -> (Numbered, Numbered) {
        let levels: Vec<&Level> = self
            .stack
            .iter()
            .filter(|l| l.id.is_none() && l.style != Style::Chapter && l.no.is_some())
            .collect();
        let get = |l: &&Level| l.no.map(|n| (n, l.name.clone()));
        match levels.len() {
            0 => (None, None),
            1 => (levels.first().and_then(get), None),
            n => (
                levels.get(n - 2).and_then(get),
                levels.get(n - 1).and_then(get),
            ),
        }
    }

    fn prefix(f: &Numbered, i: &Numbered) -> String {
        [f.as_ref().map(|x| x.0), i.as_ref().map(|x| x.0)]
            .iter()
            .flatten()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join("-")
    }

    fn record(&self, id: String, kind: RecordKind, page: u32, bbox: Option<Rect>) -> Record {
        let (f, i) = self.ancestors();
        let mut r = Record::empty(id, self.edition.clone(), kind, page);
        r.field_no = f.as_ref().map(|x| x.0);
        r.field = f.map(|x| x.1);
        r.item_no = i.as_ref().map(|x| x.0);
        r.item = i.map(|x| x.1);
        r.source.file = self.file.clone();
        r.source.page = page;
        r.source.bbox = bbox.map(BBox::from);
        r
    }

    /// Take one event.
    pub fn event(&mut self, e: Event) {
        match e {
            Event::Heading { numbering, .. } => {
                // A heading repeated as it stands (a sheet's 分野/項目 row) changes nothing.
                let same = self.stack.iter().any(|l| {
                    l.key == numbering.style.key()
                        && l.no == numbering.no
                        && l.name == numbering.rest
                });
                if !same {
                    self.open(&numbering, None);
                }
            }
            Event::Initiative(entry) => self.initiative(entry),
            Event::Site(entry) => {
                let (f, i) = self.ancestors();
                let fi = Self::prefix(&f, &i);
                let k = self.next(format!("site/{fi}"));
                let id = format!("{}/site/{fi}-{k}", self.edition);
                let mut r = self.record(id, RecordKind::Site, entry.page, entry.bbox);
                r.title = entry.title.clone();
                fill(&mut r, &entry);
                self.explain_entry(&r, &entry);
                self.records.push(r);
            }
            Event::Section {
                kind,
                title,
                lines,
                page,
                bbox,
            } => {
                let (f, i) = self.ancestors();
                let fi = Self::prefix(&f, &i);
                let id = if kind == RecordKind::Topic {
                    let k = self.next(format!("topic/{fi}"));
                    format!("{}/topic/{fi}-{k}", self.edition)
                } else {
                    format!("{}/overview/{fi}", self.edition)
                };
                let mut r = self.record(id, kind, page, Some(bbox));
                r.title = title;
                r.text = Some(
                    lines
                        .iter()
                        .map(|l| join(std::slice::from_ref(l)))
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
                self.explain.push((
                    r.id.clone(),
                    format!("{} section (general reader)", kind.as_str()),
                ));
                self.records.push(r);
            }
        }
    }

    fn initiative(&mut self, entry: Entry) {
        let n = entry.numbering.clone().unwrap_or(Numbering {
            style: Style::Row,
            no: None,
            nums: vec![],
            rest: String::new(),
        });
        let key = n.style.key();
        if let Some(i) = self.stack.iter().position(|l| l.key == key) {
            self.stack.truncate(i);
        }
        if n.style == Style::Compound && n.nums.len() > 1 {
            self.levels_from(&n.nums[..n.nums.len() - 1]);
        }
        let parent = self.stack.last().and_then(|l| l.id.clone());
        let (id, no, sub_no) = match &parent {
            Some(pid) => {
                let k = self.stack.last_mut().map_or(1, |l| {
                    l.children += 1;
                    l.children
                });
                let sub = match n.style {
                    Style::Paren | Style::Kana | Style::ParenKana | Style::Circled => n.no,
                    _ => None,
                };
                (format!("{pid}.{k}"), None, sub)
            }
            None => {
                let (f, i) = self.ancestors();
                let fi = Self::prefix(&f, &i);
                let sep = if fi.is_empty() { "" } else { "-" };
                match n.no {
                    Some(no) => (format!("{}/{fi}{sep}{no}", self.edition), Some(no), None),
                    None => {
                        let k = self.next(format!("u/{fi}"));
                        (format!("{}/{fi}{sep}u{k}", self.edition), None, None)
                    }
                }
            }
        };
        let mut r = self.record(id.clone(), RecordKind::Initiative, entry.page, entry.bbox);
        r.no = Some(no);
        r.sub_no = Some(sub_no);
        r.parent = Some(parent);
        r.title = entry.title.clone();
        fill(&mut r, &entry);
        // The same initiative printed again (its indicators in a table of
        // their own): what it adds joins the record read first.
        // An unnumbered row names it by its title alone, on a later page
        // (two such rows of one table are two rows).
        let by_title = no.is_none() && sub_no.is_none() && !r.title.trim().is_empty();
        let earlier = self.records.iter_mut().rev().find(|e| {
            e.kind == RecordKind::Initiative
                && (e.id == id || (by_title && e.page < r.page))
                && text::key(&e.title) == text::key(&r.title)
                && agree(e, &r)
        });
        match earlier {
            Some(e) => {
                merge_into(e, r);
                self.explain
                    .push((id.clone(), "printed again: merged".into()));
            }
            None => {
                self.explain_entry(&r, &entry);
                self.records.push(r);
            }
        }
        let mut level = n;
        level.rest = String::new();
        self.open(&level, Some(id));
    }

    /// A compound number (2-3-1) names its own 分野 and 項目: the outline
    /// levels above are made to match it, keeping the names printed for them.
    fn levels_from(&mut self, nums: &[u32]) {
        let (f, i) = self.ancestors();
        let have: Vec<u32> = [f, i].into_iter().flatten().map(|x| x.0).collect();
        if have == nums {
            return;
        }
        let named: Vec<Level> = self
            .stack
            .iter()
            .filter(|l| l.id.is_none())
            .cloned()
            .collect();
        self.stack.retain(|l| l.style == Style::Chapter);
        // The numbered levels printed last name the parts in order (分野 1 and
        // 項目 1 of 1-1-3); else any level printed with the part's number.
        let numbered: Vec<&Level> = named
            .iter()
            .filter(|l| l.no.is_some() && l.style != Style::Chapter)
            .collect();
        let tail = &numbered[numbered.len().saturating_sub(nums.len())..];
        let in_order =
            tail.len() == nums.len() && tail.iter().zip(nums).all(|(l, no)| l.no == Some(*no));
        for (k, no) in nums.iter().enumerate() {
            let name = match tail.get(k) {
                Some(l) if in_order => l.name.clone(),
                _ => named
                    .iter()
                    .rev()
                    .find(|l| l.no == Some(*no))
                    .map_or(String::new(), |l| l.name.clone()),
            };
            self.stack.push(Level {
                key: format!("compound:{k}"),
                style: Style::Compound,
                no: Some(*no),
                name,
                id: None,
                children: 0,
            });
        }
    }

    fn explain_entry(&mut self, r: &Record, entry: &Entry) {
        let labels: Vec<String> = entry
            .matched
            .iter()
            .map(|(w, f)| format!("{w}→{}", f.name()))
            .collect();
        self.explain.push((
            r.id.clone(),
            format!(
                "{} (general reader); labels: {}",
                entry.reading,
                if labels.is_empty() {
                    "none".to_string()
                } else {
                    labels.join(" ")
                }
            ),
        ));
    }
}

/// Whether `b`, read after `a` with the same title, can be the same
/// initiative printed again: a title, and no value that both hold and
/// print differently (then nothing of either is lost by merging them).
fn agree(a: &Record, b: &Record) -> bool {
    fn one<T: PartialEq>(x: &Option<Vec<T>>, y: &Option<Vec<T>>) -> bool {
        match (x.as_deref(), y.as_deref()) {
            (Some(x), Some(y)) if !x.is_empty() && !y.is_empty() => x == y,
            _ => true,
        }
    }
    let text = |x: &Option<String>, y: &Option<String>| match (x.as_deref(), y.as_deref()) {
        (Some(x), Some(y)) if !x.trim().is_empty() && !y.trim().is_empty() => x == y,
        _ => true,
    };
    !a.title.trim().is_empty()
        && text(&a.summary, &b.summary)
        && text(&a.notes.clone().flatten(), &b.notes.clone().flatten())
        && one(&a.methods, &b.methods)
        && one(&a.actors, &b.actors)
        && one(&a.departments, &b.departments)
        && one(&a.schedule, &b.schedule)
        && one(&a.urls, &b.urls)
        && one(&a.references, &b.references)
        && one(&a.projects, &b.projects)
}

/// Fills what `record` lacks from `again`, the same initiative read a second
/// time (indicators not already held are added).
fn merge_into(record: &mut Record, again: Record) {
    fn take<T>(to: &mut Option<Vec<T>>, from: Option<Vec<T>>) {
        if to.as_ref().is_none_or(Vec::is_empty) {
            if let Some(v) = from.filter(|v| !v.is_empty()) {
                *to = Some(v);
            }
        }
    }
    if let Some(more) = again.indicators {
        let held = record.indicators.get_or_insert_with(Vec::new);
        for ind in more {
            if !held.contains(&ind) {
                held.push(ind);
            }
        }
    }
    if record
        .summary
        .as_deref()
        .is_none_or(|s| s.trim().is_empty())
    {
        record.summary = again.summary.or(record.summary.take());
    }
    take(&mut record.methods, again.methods);
    take(&mut record.actors, again.actors);
    take(&mut record.departments, again.departments);
    take(&mut record.schedule, again.schedule);
    take(&mut record.urls, again.urls);
    take(&mut record.references, again.references);
    take(&mut record.projects, again.projects);
    if record.notes.as_ref().is_none_or(Option::is_none) {
        if let Some(Some(n)) = again.notes {
            record.notes = Some(Some(n));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::general::labels::Field;
    use crate::plan::general::numbering::numbering;

    fn heading(text: &str) -> Event {
        Event::Heading {
            numbering: numbering(text).expect("numbered"),
            page: 1,
        }
    }

    fn item(text: &str) -> Event {
        let mut n = numbering(text).expect("numbered");
        let title = std::mem::take(&mut n.rest);
        Event::Initiative(Entry {
            page: 1,
            title,
            numbering: Some(n),
            ..Default::default()
        })
    }

    fn ids(events: Vec<Event>) -> Vec<(String, Option<u32>, Option<String>)> {
        let mut a = Assembler::new("x", "x.pdf");
        for e in events {
            a.event(e);
        }
        a.records
            .iter()
            .map(|r| (r.id.clone(), r.item_no, r.parent.clone().flatten()))
            .collect()
    }

    fn with_values(text: &str, values: &[(Field, &str)]) -> Event {
        let Event::Initiative(mut e) = item(text) else {
            unreachable!()
        };
        e.values = values
            .iter()
            .map(|(f, v)| (*f, vec![v.to_string()]))
            .collect();
        Event::Initiative(e)
    }

    #[test]
    fn an_initiative_printed_again_is_one_record() {
        let mut a = Assembler::new("x", "x.pdf");
        for e in [
            heading("２ 行政の情報化"),
            with_values("① 共同クラウド", &[(Field::Summary, "推進します。")]),
            with_values("② 住基ネット", &[(Field::Summary, "運用します。")]),
            // A table of indicators apart: numbered, then by title alone.
            with_values(
                "① 共同クラウド",
                &[(Field::Indicator, "参加団体数"), (Field::Current, "3団体")],
            ),
            Event::Initiative(Entry {
                page: 2,
                title: "住基ネット".into(),
                values: vec![(Field::Indicator, vec!["利用件数".into()])],
                ..Default::default()
            }),
            // The same number with other content stays a record of its own.
            with_values("① 共同クラウド", &[(Field::Summary, "別の概要。")]),
        ] {
            a.event(e);
        }
        let got: Vec<(&str, usize)> = a
            .records
            .iter()
            .map(|r| (r.id.as_str(), r.indicators.as_ref().map_or(0, Vec::len)))
            .collect();
        assert_eq!(got, [("x/2-1", 1), ("x/2-2", 1), ("x/2-1", 0)]);
        assert_eq!(a.records[0].summary.as_deref(), Some("推進します。"));
    }

    #[test]
    fn outline_levels_give_field_item_and_number() {
        let got = ids(vec![
            heading("第３章 分野別の取組"),
            heading("２ 行政の情報化"),
            heading("（３）市町村行政の情報化"),
            item("① 総合行政ネットワーク"),
            item("ア 入れ子"),
            item("② 住基ネット"),
            item("○ 番号なし"),
        ]);
        assert_eq!(got[0], ("x/2-3-1".into(), Some(3), None));
        assert_eq!(
            got[1],
            ("x/2-3-1.1".into(), Some(3), Some("x/2-3-1".into()))
        );
        assert_eq!(got[2].0, "x/2-3-2");
        assert_eq!(got[3].0, "x/2-3-2.1", "○ under ② is nested");
    }

    #[test]
    fn a_level_the_document_lacks_is_left_out() {
        let got = ids(vec![
            heading("基本目標２ 行政の情報化"),
            item("施策① 総合行政"),
            item("・入れ子"),
            item("施策② 住基ネット"),
            heading("基本目標３ 環境"),
            item("施策① 再エネ"),
        ]);
        let got: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(got, ["x/2-1", "x/2-1.1", "x/2-2", "x/3-1"]);
    }

    #[test]
    fn compound_numbers_carry_their_levels() {
        let got = ids(vec![
            item("2-3-1 クラウド"),
            item("2-3-2 住基"),
            item("3-1-1 再エネ"),
        ]);
        let got: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(got, ["x/2-3-1", "x/2-3-2", "x/3-1-1"]);
    }

    #[test]
    fn unnumbered_rows_count_per_level() {
        let row = || {
            Event::Initiative(Entry {
                page: 1,
                title: "行".into(),
                ..Default::default()
            })
        };
        let got = ids(vec![
            heading("分野１ 安全"),
            heading("項目２ 防災"),
            row(),
            row(),
        ]);
        let got: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(got, ["x/1-2-u1", "x/1-2-u2"]);
    }

    #[test]
    fn compound_numbers_take_names_in_order_when_numbers_repeat() {
        // 分野 1 and 項目 1 both printed with the number 1: each part of 1-1-1
        // takes the name printed at its own level.
        let mut a = Assembler::new("x", "x.pdf");
        for e in [
            heading("１．安全・安心"),
            heading("（１）防災対策"),
            item("1-1-1 災害情報"),
        ] {
            a.event(e);
        }
        let r = &a.records[0];
        assert_eq!(r.id, "x/1-1-1");
        assert_eq!(r.field.as_deref(), Some("安全・安心"));
        assert_eq!(r.item.as_deref(), Some("防災対策"));
    }
}
