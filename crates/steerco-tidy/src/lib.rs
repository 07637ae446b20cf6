//! Tidy tests only (`tests/`): they read the repository and a freshly migrated
//! workspace, and fail when the documentation or the schema registry drifts from
//! the code. Run with `cargo test -p steerco-tidy` (part of `make test` and
//! `make check`).
