//! Plain 分野 / 項目 filters (`field=2`, `item=2-3`): a number names a 分野
//! only within one edition, so a plain one is accepted when exactly one
//! edition's 分野 (or 項目) among the records the other filters admit
//! answers to it, and refused otherwise, naming the edition-qualified values
//! to choose from (`ict2014:2`, `it2013:2`).

use super::facets::{FacetValue, Facets};
use super::filter::{Filter, FilterError};
use crate::dimension::{self, FIELD};
use crate::index::facet_key::normalize_value;

/// Whether `f` is a 分野 or 項目 filter without an edition.
pub(crate) fn is_plain(f: &Filter) -> bool {
    f.key.dim() == Some(&FIELD) && f.op == super::Cmp::Eq && !f.value.contains(':')
}

/// Checks the plain 分野 / 項目 filters among `filters` against the 分野
/// facet of their search (which ignores 分野 and 項目 filters, honouring
/// the others): each must answer to exactly one edition-qualified value.
pub(crate) fn check(filters: &[Filter], facets: &Facets) -> Result<(), FilterError> {
    for f in filters.iter().filter(|f| is_plain(f)) {
        let want = normalize_value(&f.value);
        let child = f.key.name() != FIELD.name;
        let values: Vec<&FacetValue> = facets
            .get(FIELD.name)
            .iter()
            .flat_map(|v| {
                if child {
                    v.children.iter().collect::<Vec<_>>()
                } else {
                    vec![v]
                }
            })
            .filter(|v| dimension::unqualified(&v.value).map(normalize_value) == Some(want.clone()))
            .collect();
        if values.len() > 1 {
            let choices = values
                .iter()
                .map(|v| (v.value.clone(), v.label.clone()))
                .collect();
            return Err(FilterError::Ambiguous {
                key: f.key.name(),
                value: f.value.clone(),
                choices,
            });
        }
    }
    Ok(())
}
