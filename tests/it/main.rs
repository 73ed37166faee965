//! tilmech's integration tests: one binary, one module per area.

mod align;
mod check;
mod cli;
mod common;
mod conventions;
mod draft;
mod event;
mod grammar_ky;
mod grammar_ru;
mod new;
mod render;
mod review;
mod segment;
mod serve;
mod term;
mod tm;
