//! The translation memory: store, interchange, segmentation, lookup.
