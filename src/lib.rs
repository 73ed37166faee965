//! tilmech renders press releases in English, Russian and Kyrgyz from one set
//! of event data, checks that every locale can render them, and keeps a
//! translation memory that translators draw on for the free-text parts.
//!
//! The library is layered; each layer uses only those below it:
//!
//! - [`grammar`]: Russian declension and agreement, Kyrgyz case suffixes;
//!   knows nothing of templates or files.
//! - [`event`]: the event data a press officer writes, and its validation.
//! - [`render`]: Fluent bundles with tilmech's functions, the template engine
//!   and the document writers.
//! - [`check`]: locale completeness and correctness for CI.
//! - [`tm`]: the translation memory: store, interchange, segmentation, lookup.
//! - [`draft`]: pre-translation from the memory, review files, review import.
//! - [`serve`]: the web app (`tilmech serve`), a second front end over the
//!   same library calls as the CLI.
//! - [`cli`]: one module per command; the binary only calls [`cli::main`].
#![deny(missing_docs)]

pub mod check;
pub mod cli;
pub mod draft;
pub mod event;
pub mod fsutil;
pub mod grammar;
pub mod limits;
pub mod output;
pub mod project;
pub mod render;
pub mod serve;
pub mod tm;
pub mod xml;
