//! Integration tests: `tilmech render`.
