//! Integration tests: `tilmech check`.
