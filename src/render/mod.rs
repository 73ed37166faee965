//! Rendering: Fluent bundles with tilmech functions, templates, document writers.
