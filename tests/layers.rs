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
