//! shisaku (施策): ingestion and faceted Japanese search for Japanese
//! government plan PDFs.
//!
//! The pipeline, one module per stage, each handing a typed value to the next:
//!
//! ```text
//! pdf (Page: glyph runs + rules) → layout (PageLayout: lines)
//!     → plan (Record, the JSON contract) → analysis + index (tantivy) → query (SearchResponse)
//! ```
//!
//! - [`pdf`] reads a PDF with lopdf and interprets content streams into
//!   positioned glyphs and rules;
//! - [`layout`] groups glyphs into lines in reading order;
//! - [`plan`] recognises cards, tables, prose boxes and site lists and turns
//!   them into [`plan::Record`]s;
//! - [`analysis`] holds the Japanese analysers (lindera morphology, CJK bigrams);
//! - [`index`] writes records into tantivy; [`query`] parses queries, searches,
//!   counts facets and builds snippets;
//! - [`cli`] is the thin command-line shell.
#![warn(missing_docs)]
#![recursion_limit = "256"]

pub mod analysis;
pub mod cli;
pub mod dimension;
pub mod export;
pub mod index;
pub mod ingest;
pub mod layout;
pub mod lineage;
pub mod pdf;
pub mod pipeline;
pub mod plan;
pub mod query;
pub mod serve;
pub mod unicode;
