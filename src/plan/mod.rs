//! The plan parser: laid-out pages → plan records.
pub mod page;
pub mod record;
pub mod text;
pub use record::{Department, Edition, Indicator, IndicatorValue, Record, RecordKind, ScheduleSpan, Source};
