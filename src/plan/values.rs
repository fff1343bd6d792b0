//! Values derived from a [`Record`] that several stages read alike: its
//! prose ([`body`]), its natural sort key ([`natural_key`]), its 分野/項目
//! filter values and its indicator quantities.
//!
//! They live with the record model so that the index, the query side,
//! lineage and the exports take them from one place without importing each
//! other.

use super::quantity::{change, Quantity};
use super::Record;

/// Width digit runs are padded to in sort keys.
const SORT_PAD: usize = 8;

/// The prose of a record: `summary` or `text`, whichever is non-empty.
pub fn body(record: &Record) -> Option<&str> {
    [record.summary.as_deref(), record.text.as_deref()]
        .into_iter()
        .flatten()
        .find(|s| !s.trim().is_empty())
}

/// The 分野 value (number, else name) of a record.
pub fn field_value(record: &Record) -> Option<String> {
    match (record.field_no, &record.field) {
        (Some(n), _) => Some(n.to_string()),
        (None, Some(name)) if !name.is_empty() => Some(name.clone()),
        _ => None,
    }
}

/// The 項目 value of a record, `"<field>-<item>"`, e.g. "2-3".
pub fn item_value(record: &Record) -> Option<String> {
    let item = match (record.item_no, &record.item) {
        (Some(n), _) => n.to_string(),
        (None, Some(name)) if !name.is_empty() => name.clone(),
        _ => return None,
    };
    Some(format!("{}-{item}", field_value(record)?))
}

/// The primary indicator's values as quantities: (current, target, change),
/// each `None` when not a number (and all `None` without an indicator).
pub fn indicator_quantities(
    record: &Record,
) -> (Option<Quantity>, Option<Quantity>, Option<Quantity>) {
    let Some(i) = record.primary_indicator() else {
        return (None, None, None);
    };
    let quantity = |v: &Option<crate::plan::IndicatorValue>| v.as_ref().and_then(|v| v.quantity());
    let (current, target) = (quantity(&i.current), quantity(&i.target));
    let delta = match (&current, &target) {
        (Some(c), Some(t)) => change(c, t),
        _ => None,
    };
    (current, target, delta)
}

/// `id` with every digit run zero-padded, so string order is natural order
/// ("2-3-2" before "2-3-10").
pub fn natural_key(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 16);
    let mut digits = String::new();
    let flush = |out: &mut String, digits: &mut String| {
        if !digits.is_empty() {
            for _ in digits.len()..SORT_PAD {
                out.push('0');
            }
            out.push_str(digits);
            digits.clear();
        }
    };
    for c in id.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut out, &mut digits);
            out.push(c);
        }
    }
    flush(&mut out, &mut digits);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_key_orders_numbers() {
        assert!(natural_key("ict2014/2-3-2") < natural_key("ict2014/2-3-10"));
        assert!(natural_key("it2013/4-1-u2") < natural_key("it2013/4-1-u2.3"));
    }
}
