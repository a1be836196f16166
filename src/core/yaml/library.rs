//! What the YAML library said, as a `Problem`: serde's well-known phrasing
//! ("missing field `x`", "unknown field `y`, expected one of …", "invalid
//! type: …, expected …") recognised into typed values, so it can be said in
//! the person's language; anything else kept in the library's words.

use crate::core::problem::Problem;

/// `said` is the library's message without its position (see `parse`). The
/// English a person reads is the library's with serde's "field" called a
/// "key" (`friendlier`); a recognised problem reads exactly the same, or
/// the text is kept as it is.
pub(super) fn recognise(said: &str) -> Problem {
    let english = friendlier(said);
    match typed(said) {
        Some(problem) if problem.to_string() == english => problem,
        _ => Problem::Yaml { text: english },
    }
}

/// serde's message with the place it names (`sections[0]: …`), if any.
fn typed(said: &str) -> Option<Problem> {
    let (path, message) = match said.split_once(": ") {
        Some((path, rest)) if is_path(path) => (Some(path.to_owned()), rest),
        _ => (None, said),
    };
    if let Some(key) = message
        .strip_prefix("missing field `")
        .and_then(|m| m.strip_suffix('`'))
    {
        return Some(Problem::MissingKey {
            path,
            key: key.to_owned(),
        });
    }
    if let Some(key) = message
        .strip_prefix("duplicate field `")
        .and_then(|m| m.strip_suffix('`'))
    {
        return Some(Problem::DuplicateKey {
            path,
            key: key.to_owned(),
        });
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, expected) = unknown(rest, "fields")?;
        return Some(Problem::UnknownKey {
            path,
            key,
            expected,
        });
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = unknown(rest, "variants")?;
        return Some(Problem::UnknownValue {
            path,
            value,
            expected,
        });
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        // What was found may be the person's text; what was expected is ours.
        let (found, expected) = rest.rsplit_once(", expected ")?;
        return Some(Problem::WrongType {
            path,
            found: found.to_owned(),
            expected: expected.to_owned(),
        });
    }
    None
}

/// A place as serde names it: `sections[0].title`, `signature`.
fn is_path(path: &str) -> bool {
    !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.[]".contains(c))
}

/// `name`, expected … (after "unknown field `"): the name and the names
/// allowed (none when serde says "there are no fields").
fn unknown(rest: &str, things: &str) -> Option<(String, Vec<String>)> {
    if let Some(name) = rest.strip_suffix(&format!("`, there are no {things}")) {
        return Some((name.to_owned(), Vec::new()));
    }
    // The name is the person's and may hold anything; the list is ours.
    let (name, list) = rest.rsplit_once("`, expected ")?;
    let list = list.strip_prefix("one of ").unwrap_or(list);
    let list = list.strip_prefix('`')?.strip_suffix('`')?;
    let names = if let Some((a, b)) = list.split_once("` or `") {
        vec![a.to_owned(), b.to_owned()]
    } else {
        list.split("`, `").map(str::to_owned).collect()
    };
    Some((name.to_owned(), names))
}

/// serde speaks of "fields"; a person editing YAML sees "keys".
fn friendlier(message: &str) -> String {
    let message = message
        .replace("unknown field", "unknown key")
        .replace("missing field", "missing key")
        .replace("duplicate field", "duplicate key")
        .replace("invalid type: ", "wrong type: found ");
    // What `scan` lets through should never reach these, but say what to do.
    if message.ends_with("recursion limit exceeded") {
        format!("{message}: the file is nested too deeply")
    } else if message.ends_with("repetition limit exceeded") {
        format!("{message}: aliases (`*name`) are not allowed")
    } else {
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_phrasing_is_recognised_and_reads_as_before() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        for (said, problem) in [
            (
                "missing field `owner`",
                Problem::MissingKey {
                    path: None,
                    key: "owner".into(),
                },
            ),
            (
                "sections[0]: unknown field `tittle`, expected one of `id`, `number`, `title`",
                Problem::UnknownKey {
                    path: Some("sections[0]".into()),
                    key: "tittle".into(),
                    expected: s(&["id", "number", "title"]),
                },
            ),
            (
                "approval.required[1]: unknown variant `chu-tich`, expected `owner-reviewer` or `office`",
                Problem::UnknownValue {
                    path: Some("approval.required[1]".into()),
                    value: "chu-tich".into(),
                    expected: s(&["owner-reviewer", "office"]),
                },
            ),
            (
                "unknown field `a`, expected `b`, there are no fields",
                Problem::UnknownKey {
                    path: None,
                    key: "a`, expected `b".into(),
                    expected: Vec::new(),
                },
            ),
            (
                "schema: invalid type: string \"1, expected u32\", expected u32",
                Problem::WrongType {
                    path: Some("schema".into()),
                    found: "string \"1, expected u32\"".into(),
                    expected: "u32".into(),
                },
            ),
            (
                "duplicate field `id`",
                Problem::DuplicateKey {
                    path: None,
                    key: "id".into(),
                },
            ),
        ] {
            assert_eq!(recognise(said), problem, "{said}");
            assert_eq!(problem.to_string(), friendlier(said));
        }
    }

    #[test]
    fn anything_else_is_kept_in_the_library_words() {
        for said in [
            "mapping values are not allowed in this context",
            "found unexpected end of stream, while scanning a quoted scalar (from line 1, column 4)",
            "recursion limit exceeded",
            // A person's key that holds serde's words is not taken apart.
            "unknown field `missing field x`, expected `id`",
        ] {
            let Problem::Yaml { text } = recognise(said) else {
                panic!("{said}: {:?}", recognise(said));
            };
            assert_eq!(text, friendlier(said));
        }
    }
}
