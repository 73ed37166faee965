//! The translation memory: units, the store, interchange (TMX, TSV),
//! segmentation, fuzzy scoring and indexed lookup.

pub mod align;
pub mod segment;
pub mod unit;
