//! duyet: review and assemble official reports drafted as YAML in git.
//!
//! Layers (see `docs/architecture.md`): `core` is the pure model, `store` the
//! only module that touches git, `tui` the only one that draws, `cli` the
//! commands. The binary in `main.rs` only calls `cli::main`, with
//! `tui::emergency::Allocator` as its allocator.

pub mod cli;
pub mod core;
pub mod demo;
pub mod i18n;
pub mod ops;
pub mod store;
pub mod tui;
