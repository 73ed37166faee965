//! Integration tests: `tilmech tm`.
