//! The translation memory: units, the store, interchange (TMX, TSV),
//! segmentation, alignment, fuzzy scoring and indexed lookup.

pub mod align;
pub mod diff;
pub mod index;
pub mod lookup;
pub mod score;
pub mod segment;
pub mod store;
pub mod tmx;
pub mod tsv;
pub mod unit;
