//! Lineage of initiatives across editions (not implemented yet).
