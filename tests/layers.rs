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
/// `store`, `export` and `import` only `core`. (The screen and the command line sit on top and may name all.)
#[test]
fn each_layer_names_only_the_layers_beneath_it() {
    let below: &[(&str, &[&str])] = &[
        ("core", &["store", "ops", "tui", "cli", "demo"]),
        ("store", &["ops", "tui", "cli", "demo"]),
        ("ops", &["tui", "cli", "demo"]),
        // The writers of `duyet export` are pure: the model, nothing else.
        ("export", &["store", "ops", "tui", "cli", "demo", "i18n"]),
        // The import is a pure function of a text: the model only.
        ("import", &["store", "ops", "tui", "cli", "demo", "i18n"]),
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

/// The module of `src/tui` a file belongs to: each direct child (a file,
/// or a folder with everything in it) is one; `src/tui/mod.rs` is `tui`.
/// Also the file's own path of modules, to resolve `super::`.
fn tui_module(rel: &Path) -> (String, Vec<String>) {
    let parts: Vec<String> = rel
        .components()
        .map(|c| {
            c.as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_owned()
        })
        .collect();
    let mut path = parts.clone();
    if path.last().is_some_and(|p| p == "mod") {
        path.pop();
    }
    let module = path.first().cloned().unwrap_or_else(|| "tui".to_owned());
    (module, path)
}

/// The first names of a path's tail: `app::{App, Msg}` gives `app`,
/// `{app::App, keys}` gives `app` and `keys`.
fn heads(tail: &str) -> Vec<String> {
    let tail = tail.trim_start();
    if let Some(group) = tail.strip_prefix('{') {
        // The top level of the group only.
        let (mut depth, mut item, mut out) = (0, String::new(), Vec::new());
        for c in group.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => out.push(std::mem::take(&mut item)),
                _ => {}
            }
            if depth == 0 && c != ',' {
                item.push(c);
            }
        }
        out.push(item);
        return out
            .iter()
            .flat_map(|i| heads(i.trim().trim_start_matches('{')))
            .collect();
    }
    let name: String = tail
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    vec![name]
}

/// Every module of `src/tui` each one names, through `super::…` or
/// `crate::tui::…` (in `use` lines and in paths written in the code);
/// a file's unit tests module is left out.
fn tui_graph() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let children: std::collections::BTreeSet<String> = files
        .iter()
        .map(|f| tui_module(f.strip_prefix(&root).unwrap()).0)
        .collect();
    let mut graph = std::collections::BTreeMap::<String, std::collections::BTreeSet<String>>::new();
    for file in &files {
        let (module, path) = tui_module(file.strip_prefix(&root).unwrap());
        let text = std::fs::read_to_string(file).expect("the source reads");
        let edges = graph.entry(module.clone()).or_default();
        let lines: Vec<&str> = text.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            // A file's unit tests (`#[cfg(test)] mod tests {`, at its end)
            // see the module from inside: `super::` is the file itself.
            let test_module = line.trim_start().starts_with("#[cfg(test)]")
                && lines.get(n + 1).is_some_and(|next| {
                    next.trim_start().starts_with("mod ") && next.ends_with('{')
                });
            if test_module {
                break;
            }
            let code = line.split("//").next().unwrap_or_default();
            let mut targets = Vec::new();
            for (at, _) in code.match_indices("crate::tui::") {
                targets.extend(heads(&code[at + "crate::tui::".len()..]));
            }
            let mut rest = code;
            while let Some(at) = rest.find("super::") {
                // `super::super::x` from `a/b.rs` is the same as `super::x`
                // from `a.rs`: count how far up it goes.
                let before = &rest[..at];
                if before.ends_with("super::") {
                    rest = &rest[at + "super::".len()..];
                    continue;
                }
                let mut ups = 1;
                let mut tail = &rest[at + "super::".len()..];
                while let Some(t) = tail.strip_prefix("super::") {
                    ups += 1;
                    tail = t;
                }
                if ups >= path.len() {
                    // Up to `src/tui`: the next name is a child (or `tui`'s own).
                    let up_to_root = path.len() - ups.min(path.len());
                    if up_to_root == 0 {
                        targets.extend(heads(tail));
                    }
                } // else: within the same child
                rest = tail;
            }
            if module == "tui" {
                // `src/tui/mod.rs` names its children without a prefix.
                for child in &children {
                    if code.contains(&format!("{child}::")) {
                        targets.push(child.clone());
                    }
                }
            }
            for t in targets {
                let t = if children.contains(&t) {
                    t
                } else {
                    "tui".to_owned()
                };
                if t != module {
                    edges.insert(t);
                }
            }
        }
    }
    graph
}

/// A cycle in `graph`, as the modules in order (the first again at the end).
fn find_cycle(
    graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = std::collections::BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

/// Issue 9: the modules of `src/tui` are layers (i18n, theme, wrap, keys →
/// model, content, review, editor → board, job → app → update, search,
/// view → the event loop): no module names one that names it back, however
/// far round.
#[test]
fn no_import_circle_among_the_modules_of_the_screen() {
    let graph = tui_graph();

    assert!(graph.len() > 10, "the modules were found: {graph:?}");
    // The reader sees what it should.
    assert!(graph["view"].contains("app"), "{graph:?}");
    assert!(graph["guarded"].contains("job"), "{graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "src/tui has an import circle: {}\n(each module names the next)",
            cycle.join(" → ")
        );
    }
}

#[test]
fn the_circle_finder_finds_a_circle() {
    let graph = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]
        .iter()
        .fold(std::collections::BTreeMap::new(), |mut g, (from, to)| {
            g.entry(from.to_string())
                .or_insert_with(std::collections::BTreeSet::new)
                .insert(to.to_string());
            g
        });
    assert_eq!(
        find_cycle(&graph).map(|c| c.join(" → ")).as_deref(),
        Some("a → b → c → a")
    );
    assert_eq!(
        heads("{app::{App, Msg}, keys::Action}"),
        vec!["app", "keys"]
    );
    assert_eq!(heads("review::Buttons;"), vec!["review"]);
}
