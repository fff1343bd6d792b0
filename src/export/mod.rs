//! Exports: JSON Lines, CSV, OpenSearch bulk (not implemented yet).
