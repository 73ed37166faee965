//! tilmech's integration tests: one binary, one module per area.

mod align;
mod check;
mod common;
mod render;
mod segment;
mod tm;
