//! Checking: locale completeness and correctness for CI.
