//! duyet: review and assemble official reports drafted as YAML in git.
//!
//! Layers (see `docs/architecture.md`), each depending only on those above:
//! - `core` — the pure model: drafts, diff, merge, review state, policy.
//! - `store` — the only module that touches git.
//! - `ops` — each use case as a plain function over `core` and `store`.
//! - `tui` — the review screen, the only module that draws; `cli` — the
//!   commands. Both call `ops`.
//! - `demo` — the sample repository.
//! - `export` — a draft written as DOCX, HTML or Markdown (pure).
//!
//! The binary in `main.rs` only calls `cli::main`, with
//! `tui::emergency::Allocator` as its allocator.

pub mod cli;
pub mod core;
pub mod demo;
pub mod export;
pub mod i18n;
pub mod import;
pub mod ops;
pub mod store;
pub mod tui;
