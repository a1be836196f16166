//! The layers as the file tree shows them (`docs/architecture.md`): git2 is
//! named only in `src/store`, and no source file needs a table of contents
//! (none is over 900 lines).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the folder reads") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).expect("the source reads");
            (f, text)
        })
        .collect()
}

fn in_store(path: &Path) -> bool {
    path.components().any(|c| c.as_os_str() == "store")
}

#[test]
fn git2_is_named_only_in_the_store() {
    for (path, text) in sources().iter().filter(|(p, _)| !in_store(p)) {
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            assert!(
                !code.contains("git2"),
                "{}:{}: names git2 outside src/store: {line}",
                path.display(),
                n + 1
            );
        }
    }
}

/// Issue 9: no source file over 900 lines, anywhere in `src`.
#[test]
fn no_source_file_is_over_900_lines() {
    for (path, text) in sources() {
        let lines = text.lines().count();
        assert!(lines <= 900, "{} has {lines} lines", path.display());
    }
}

/// The layers of `src/lib.rs`: each names only the layers beneath it —
/// `core` nothing of duyet's, `store` only `core`, `ops` only `core` and
/// `store`. (The screen and the command line sit on top and may name all.)
#[test]
fn each_layer_names_only_the_layers_beneath_it() {
    let below: &[(&str, &[&str])] = &[
        ("core", &["store", "ops", "tui", "cli", "demo"]),
        ("store", &["ops", "tui", "cli", "demo"]),
        ("ops", &["tui", "cli", "demo"]),
    ];
    for (path, text) in sources() {
        let Some(layer) = path
            .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
            .ok()
            .and_then(|p| p.components().next())
            .and_then(|c| c.as_os_str().to_str())
            .map(|s| s.trim_end_matches(".rs").to_owned())
        else {
            continue;
        };
        let Some((_, above)) = below.iter().find(|(l, _)| *l == layer) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for upper in *above {
                assert!(
                    !code.contains(&format!("crate::{upper}::"))
                        && !code.contains(&format!("crate::{upper};"))
                        && !code.contains(&format!("crate::{upper}}}")),
                    "{}:{}: `{layer}` names `{upper}`, a layer above it: {line}",
                    path.display(),
                    n + 1
                );
            }
        }
    }
}

/// Every folder of `src` says, in the doc comment of its `mod.rs`, what it
/// owns — at least a few lines a newcomer can read before opening a file.
#[test]
fn every_folder_says_what_it_owns() {
    fn folders(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("the folder reads") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                out.push(path.clone());
                folders(&path, out);
            }
        }
    }
    let mut all = Vec::new();
    folders(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut all);
    assert!(all.len() >= 6, "{all:?}");
    for folder in all {
        let module = folder.join("mod.rs");
        let text = std::fs::read_to_string(&module)
            .unwrap_or_else(|e| panic!("{}: {e}", module.display()));
        let doc = text.lines().take_while(|l| l.starts_with("//!")).count();
        assert!(
            doc >= 3,
            "{} says in {doc} lines what the folder owns",
            module.display()
        );
    }
}
