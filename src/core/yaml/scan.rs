//! The shape check every YAML text passes before the library reads it.

use std::collections::HashMap;

use super::YamlError;
use crate::core::problem::Problem;

/// Deepest nesting of YAML collections accepted. A section nested 8 deep (the
/// schema's limit, `load::MAX_DEPTH`) sits 18 levels down, so this leaves room
/// for the schema's own message while staying well under the YAML library's
/// recursion limit (128) and the stack of any thread.
pub const MAX_NESTING: usize = 64;

/// Most YAML values (scalars, and collections counted twice, as the library
/// stores a start and an end) accepted in one file. The library keeps every
/// value of a document in memory (~100 bytes each) before building anything,
/// and comparing two revisions holds up to five copies of a draft (both
/// revisions, the merge base, the store's cache of parsed drafts) and their
/// word diff: about 400 bytes a value in all, so this keeps `duyet diff` under
/// 300 MB. A report has a few thousand values; this is ~60 000 sections.
pub const MAX_VALUES: usize = 500_000;

/// Checks the shape of YAML text before the YAML library reads it, in one
/// pass and constant memory per level of nesting, so that no input makes the
/// library expand, nest or allocate without bound:
///
/// - anchors (`&a`) and aliases (`*a`) are refused: an alias makes the library
///   copy the anchored value each time it is used (a 1 MB file can expand to
///   gigabytes), and no draft, `duyet.yaml` or theme needs them;
/// - tags (`!x`, `!!binary`) and merge keys (`<<`) are refused: the formats
///   have no use for them, and a clear word beats a confusing type error;
/// - a second document (`---` after content) is refused;
/// - nesting deeper than `MAX_NESTING` and more than `MAX_VALUES` values are
///   refused (the library's own quadratic scanning of deep flow collections
///   and its per-value memory).
///
/// It follows YAML's rules for what is text — comments, quoted, block and
/// multi-line plain scalars — closely enough that an `&`, `*` or `!` inside
/// text is never taken for an anchor, alias or tag. Where it is less precise
/// than the library, it errs on input the library refuses anyway.
/// Text given here has passed `load::decode`: no tabs, and no line breaks but
/// `\n` and `\r\n`.
pub fn scan(src: &str) -> Result<(), YamlError> {
    let mut s = Scanner::default();
    for (i, line) in src.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        s.line = i + 1;
        s.text = line;
        s.scan_line()?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Map,
    Seq,
}

/// What a line continues from the lines before it.
#[derive(Debug, Clone, Copy, Default)]
enum Carry {
    #[default]
    None,
    /// Inside flow collections (`[`, `{`); `plain` when a plain scalar ran to
    /// the end of the previous line (its next line continues it).
    Flow { plain: bool },
    /// Inside a quoted scalar.
    Quote { quote: u8 },
    /// The lines of a block scalar (`|`, `>`): more indented than `parent`,
    /// and at least `indent` once known.
    Block {
        parent: isize,
        indent: Option<usize>,
    },
    /// A plain scalar's continuation lines, more indented than `parent`.
    Plain { parent: isize },
}

#[derive(Default)]
struct Scanner<'a> {
    line: usize,
    text: &'a str,
    /// Open block collections: column and kind, outermost first.
    block: Vec<(usize, Kind)>,
    /// For each entry of `block`: the keys of a mapping so far, with their
    /// line (a key written twice is refused with both lines).
    keys: Vec<HashMap<String, usize>>,
    flow: usize,
    carry: Carry,
    values: usize,
    /// Something other than comments and directives was seen.
    content: bool,
    /// A `---` was seen; an `...` ended the document.
    started: bool,
    ended: bool,
}

/// `true` for a space or the end of the line: what follows an indicator.
fn blank_at(text: &[u8], at: usize) -> bool {
    text.get(at).is_none_or(|&b| b == b' ' || b == b'\r')
}

impl<'a> Scanner<'a> {
    fn error(&self, at: usize, problem: Problem) -> YamlError {
        let column = self.text.get(..at).map_or(at, |s| s.chars().count()) + 1;
        YamlError::new(self.line, column, problem)
    }

    /// The token starting at `at`, for messages (`&anchor`, `!!binary`).
    fn token(&self, at: usize) -> &'a str {
        let rest = &self.text[at..];
        let end = rest
            .find(|c: char| c == ' ' || ",[]{}".contains(c))
            .unwrap_or(rest.len());
        let token = &rest[..end];
        match token.char_indices().nth(40) {
            Some((cut, _)) => &token[..cut],
            None => token,
        }
    }

    fn count(&mut self, values: usize, at: usize) -> Result<(), YamlError> {
        self.values += values;
        if self.values > MAX_VALUES {
            return Err(self.error(at, Problem::TooManyValues { limit: MAX_VALUES }));
        }
        Ok(())
    }

    fn depth_check(&self, at: usize) -> Result<(), YamlError> {
        if self.block.len() + self.flow > MAX_NESTING {
            return Err(self.error(
                at,
                Problem::NestedTooDeep {
                    limit: MAX_NESTING,
                    sections: crate::core::load::MAX_DEPTH,
                },
            ));
        }
        Ok(())
    }

    /// The column of the innermost block collection (-1 at top level): text
    /// that continues a scalar must be indented more than it.
    fn parent(&self) -> isize {
        self.block.last().map_or(-1, |&(col, _)| col as isize)
    }

    fn scan_line(&mut self) -> Result<(), YamlError> {
        let bytes = self.text.as_bytes();
        // `---` and `...` at the start of a line end whatever was open.
        let marker = (bytes.starts_with(b"---") || bytes.starts_with(b"...")) && blank_at(bytes, 3);
        if marker {
            return self.document_marker();
        }
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let blank = indent == bytes.len();
        match self.carry {
            Carry::None => {}
            Carry::Flow { plain } => return self.flow_from(0, plain),
            Carry::Quote { quote } => {
                return match self.quoted_end(0, quote) {
                    Some(after) if self.flow > 0 => {
                        self.carry = Carry::Flow { plain: false };
                        self.flow_from(after, false)
                    }
                    Some(after) => {
                        self.carry = Carry::None;
                        self.after_value(after, None)
                    }
                    None => Ok(()),
                };
            }
            Carry::Block {
                parent,
                indent: want,
            } => {
                if blank {
                    return Ok(());
                }
                match want {
                    None if indent as isize > parent => {
                        self.carry = Carry::Block {
                            parent,
                            indent: Some(indent),
                        };
                        return Ok(());
                    }
                    Some(want) if indent >= want => return Ok(()),
                    _ => self.carry = Carry::None,
                }
            }
            Carry::Plain { parent } => {
                if blank {
                    return Ok(());
                }
                if indent as isize > parent && bytes[indent] != b'#' {
                    // A comment ends the scalar; so does `: ` (an error the
                    // library reports).
                    if self.text.contains(" #") {
                        self.carry = Carry::None;
                    }
                    return Ok(());
                }
                self.carry = Carry::None;
            }
        }
        if blank || bytes[indent] == b'#' {
            return Ok(());
        }
        if bytes[0] == b'%' && !self.content {
            return Ok(()); // a directive (%YAML, %TAG)
        }
        self.content_at(indent)?;
        while self.block.last().is_some_and(|&(col, _)| col > indent) {
            self.block.pop();
            self.keys.pop();
        }
        self.node(indent)
    }

    fn content_at(&mut self, at: usize) -> Result<(), YamlError> {
        if self.ended {
            return Err(self.second_document(at));
        }
        self.content = true;
        Ok(())
    }

    fn second_document(&self, at: usize) -> YamlError {
        self.error(at, Problem::SecondDocument)
    }

    fn document_marker(&mut self) -> Result<(), YamlError> {
        self.carry = Carry::None;
        self.block.clear();
        self.keys.clear();
        self.flow = 0;
        if self.text.starts_with("...") {
            self.ended |= self.content || self.started;
            return Ok(());
        }
        if self.content || self.started {
            return Err(self.second_document(0));
        }
        self.started = true;
        let bytes = self.text.as_bytes();
        let at = 3 + bytes[3..].iter().take_while(|&&b| b == b' ').count();
        if at < bytes.len() && bytes[at] != b'#' {
            self.content = true;
            return self.node(at);
        }
        Ok(())
    }

    /// Opens (or continues) the block collection of `kind` whose entries
    /// start at column `col`, as the library's indentation rules do.
    fn open(&mut self, col: usize, kind: Kind) -> Result<(), YamlError> {
        if let Some(&(top, top_kind)) = self.block.last() {
            if top == col && top_kind == kind {
                return Ok(());
            }
            if top == col && kind == Kind::Map && top_kind == Kind::Seq {
                // A sequence at its mapping's indentation ends at the next key.
                self.block.pop();
                self.keys.pop();
                if self.block.last() == Some(&(col, Kind::Map)) {
                    return Ok(());
                }
            }
        }
        self.block.push((col, kind));
        self.keys.push(HashMap::new());
        self.count(2, col)?;
        self.depth_check(col)
    }

    /// Scans from `at`, where a node may start, to the end of the line (or
    /// into a carry).
    fn node(&mut self, mut at: usize) -> Result<(), YamlError> {
        let bytes = self.text.as_bytes();
        loop {
            while bytes.get(at) == Some(&b' ') {
                at += 1;
            }
            let Some(&c) = bytes.get(at) else {
                // Nothing after `key:` or `-`: a null value.
                return self.count(1, at);
            };
            match c {
                b'#' => return self.count(1, at),
                b'-' | b'?' if blank_at(bytes, at + 1) => {
                    self.open(at, if c == b'-' { Kind::Seq } else { Kind::Map })?;
                    at += 1;
                }
                b':' if blank_at(bytes, at + 1) => at += 1,
                b'*' | b'&' | b'!' => return Err(self.property(at)),
                b'[' | b'{' => {
                    self.carry = Carry::Flow { plain: false };
                    return self.flow_from(at, false);
                }
                b'"' | b'\'' => {
                    self.count(1, at)?;
                    match self.quoted_end(at + 1, c) {
                        Some(after) => {
                            if let Some(next) = self.key_after(after, at)? {
                                at = next;
                                continue;
                            }
                            return Ok(());
                        }
                        None => {
                            self.carry = Carry::Quote { quote: c };
                            return Ok(());
                        }
                    }
                }
                b'|' | b'>' => {
                    self.count(1, at)?;
                    let digits = bytes[at + 1..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit() || **b == b'+' || **b == b'-')
                        .filter(|b| b.is_ascii_digit())
                        .map(|b| usize::from(b - b'0'))
                        .next();
                    let parent = self.parent();
                    self.carry = Carry::Block {
                        parent,
                        indent: digits.map(|d| (parent + d as isize).max(0) as usize),
                    };
                    return Ok(());
                }
                _ => {
                    // A plain scalar: a key if `: ` follows on this line.
                    let start = at;
                    let mut i = at;
                    while i < bytes.len() {
                        match bytes[i] {
                            b':' if blank_at(bytes, i + 1) => break,
                            b'#' if bytes[i - 1] == b' ' => break,
                            _ => i += 1,
                        }
                    }
                    self.count(1, start)?;
                    if bytes.get(i) == Some(&b':') {
                        if self.text[start..i].trim_end() == "<<" {
                            return Err(self.error(start, Problem::MergeKey));
                        }
                        self.open(start, Kind::Map)?;
                        self.add_key(start, self.text[start..i].trim_end())?;
                        at = i + 1;
                        continue;
                    }
                    if bytes.get(i).is_none() {
                        self.carry = Carry::Plain {
                            parent: self.parent(),
                        };
                    }
                    return Ok(());
                }
            }
        }
    }

    /// After a complete value at `after` that started at `start`: a `:`
    /// makes it a key (the value follows); returns where the value starts.
    fn key_after(&mut self, after: usize, start: usize) -> Result<Option<usize>, YamlError> {
        let bytes = self.text.as_bytes();
        let mut i = after;
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        if bytes.get(i) == Some(&b':') {
            self.open(start, Kind::Map)?;
            if let Some(key) = self.text.get(start..after) {
                // A quoted key without escapes is the text between the quotes.
                let inner = &key[1.min(key.len())..key.len().saturating_sub(1)];
                let plain = key.len() >= 2 && !inner.contains(['\\', '"', '\'']);
                self.add_key(start, if plain { inner } else { key })?;
            }
            return Ok(Some(i + 1));
        }
        Ok(None)
    }

    /// Records a key of the innermost block mapping; refuses one written
    /// twice (serde would report it at the mapping's start, with no line).
    fn add_key(&mut self, at: usize, key: &str) -> Result<(), YamlError> {
        let line = self.line;
        let Some(keys) = self.keys.last_mut() else {
            return Ok(());
        };
        match keys.get(key) {
            Some(&first) => Err(self.error(
                at,
                Problem::RepeatedKey {
                    key: self.token_text(key).to_owned(),
                    first_line: first,
                },
            )),
            None => {
                keys.insert(key.to_owned(), line);
                Ok(())
            }
        }
    }

    /// A key as shown in a message: at most 40 characters.
    fn token_text<'k>(&self, key: &'k str) -> &'k str {
        match key.char_indices().nth(40) {
            Some((cut, _)) => &key[..cut],
            None => key,
        }
    }

    /// The rest of a line after a value that ended at `after` (a quoted
    /// scalar or a flow collection that began on an earlier line).
    fn after_value(&mut self, after: usize, start: Option<usize>) -> Result<(), YamlError> {
        if let Some(next) = self.key_after(after, start.unwrap_or(after))? {
            return self.node(next);
        }
        Ok(())
    }

    /// The error for an anchor, alias or tag at `at`.
    fn property(&self, at: usize) -> YamlError {
        let token = self.token(at).to_owned();
        let problem = match self.text.as_bytes()[at] {
            b'*' => Problem::Alias { token },
            b'&' => Problem::Anchor { token },
            _ => Problem::Tag { token },
        };
        self.error(at, problem)
    }

    /// Where a quoted scalar opened before `from` ends on this line (just
    /// past the closing quote), or `None` if it goes on.
    fn quoted_end(&self, from: usize, quote: u8) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut i = from;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if quote == b'"' => i += 2,
                b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
                b if b == quote => return Some(i + 1),
                _ => i += 1,
            }
        }
        None
    }

    /// Scans flow collections from `at` (where `[`/`{` opens one, or a line
    /// inside them starts); `plain` when the previous line ended inside a
    /// plain scalar.
    fn flow_from(&mut self, mut at: usize, mut plain: bool) -> Result<(), YamlError> {
        let bytes = self.text.as_bytes();
        let start = at;
        let began_here = self.flow == 0;
        loop {
            while bytes.get(at) == Some(&b' ') {
                at += 1;
            }
            let Some(&c) = bytes.get(at) else {
                self.carry = Carry::Flow { plain };
                return Ok(());
            };
            let comment = c == b'#' && (at == 0 || bytes[at - 1] == b' ');
            if comment {
                self.carry = Carry::Flow { plain: false };
                return Ok(());
            }
            let indicator = matches!(c, b',' | b'[' | b']' | b'{' | b'}')
                || (c == b':' && Self::flow_value_indicator(bytes, at));
            if plain && !indicator {
                // The plain scalar of the line before goes on.
                at = Self::plain_end_in_flow(bytes, at);
                plain = at == bytes.len();
                continue;
            }
            plain = false;
            match c {
                b'[' | b'{' => {
                    self.flow += 1;
                    self.count(2, at)?;
                    self.depth_check(at)?;
                    at += 1;
                }
                b']' | b'}' => {
                    self.flow = self.flow.saturating_sub(1);
                    at += 1;
                    if self.flow == 0 {
                        self.carry = Carry::None;
                        let key_start = began_here.then_some(start);
                        return self.after_value(at, key_start);
                    }
                }
                b',' | b':' => at += 1,
                b'?' if blank_at(bytes, at + 1) => at += 1,
                b'*' | b'&' | b'!' => return Err(self.property(at)),
                b'"' | b'\'' => {
                    self.count(1, at)?;
                    match self.quoted_end(at + 1, c) {
                        Some(after) => at = after,
                        None => {
                            // Back in the flow once the quote closes.
                            self.carry = Carry::Quote { quote: c };
                            return Ok(());
                        }
                    }
                }
                _ => {
                    self.count(1, at)?;
                    at = Self::plain_end_in_flow(bytes, at);
                    plain = at == bytes.len();
                }
            }
        }
    }

    /// A `:` inside a flow collection that separates a key from its value.
    fn flow_value_indicator(bytes: &[u8], at: usize) -> bool {
        blank_at(bytes, at + 1)
            || matches!(bytes.get(at + 1), Some(b',' | b'[' | b']' | b'{' | b'}'))
    }

    fn plain_end_in_flow(bytes: &[u8], mut at: usize) -> usize {
        while at < bytes.len() {
            match bytes[at] {
                b',' | b'[' | b']' | b'{' | b'}' => break,
                b':' if Self::flow_value_indicator(bytes, at) => break,
                b'#' if at > 0 && bytes[at - 1] == b' ' => break,
                _ => at += 1,
            }
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn refused(src: &str) -> (usize, usize, String) {
        match scan(src) {
            Ok(()) => panic!("should be refused:\n{src}"),
            Err(e) => (e.line, e.column, e.message),
        }
    }

    #[test]
    fn text_that_looks_like_an_alias_is_text() {
        for src in [
            "a: HĐND&UBND *ước* !quan trọng\n",
            "a: 'x *y &z !w'\n",
            "a: \"x \\\" *y\"\n",
            "a: |\n  *ước\n  &neo\n\n  !the\nb: c\n",
            "a: >-\n    *x\n    y\n",
            "a: dòng một\n  *dòng hai\n  &ba\n",
            "- một\n  *hai\n",
            "a: x # *y &z\n# *comment\n",
            "a: [x *y, 'z', \"w\"]\n",
            "a: [x\n  *y]\n",
            "a: {k: x*y}\n",
            "a: key:*y\n",
            "a: 'dòng một\n  *dòng hai'\nb: c\n",
            "--- |\n  *x\n",
        ] {
            assert_eq!(scan(src), Ok(()), "{src}");
        }
    }

    #[test]
    fn aliases_anchors_and_tags_are_refused_where_they_stand() {
        for (src, at, words) in [
            ("a: *x\n", (1, 4), "alias"),
            ("a:\n  - *x\n", (2, 5), "alias"),
            ("a: [b, *x]\n", (1, 8), "alias"),
            ("a: {b: *x}\n", (1, 8), "alias"),
            ("a: {\"b\":*x}\n", (1, 9), "alias"),
            ("a: &x b\n", (1, 4), "anchor"),
            ("&x a: b\n", (1, 1), "anchor"),
            ("a: |\n  text\nb: *x\n", (3, 4), "alias"),
            ("a: plain\n  more\n  # comment\nb: *x\n", (4, 4), "alias"),
            ("a: 'quoted\n  over lines'\nb: *x\n", (3, 4), "alias"),
            ("a: !!binary x\n", (1, 4), "tag"),
            ("- !t\n", (1, 3), "tag"),
            ("<<: {a: b}\n", (1, 1), "merge key"),
            ("a: b\n---\nc: d\n", (2, 1), "second YAML document"),
            ("a: b\n...\nc: d\n", (3, 1), "second YAML document"),
            (
                "a: b\na: c\n",
                (2, 1),
                "duplicate key `a` (first at line 1)",
            ),
            ("- a: b\n  'a': c\n", (2, 3), "duplicate key `a`"),
        ] {
            let (line, column, message) = refused(src);
            assert_eq!((line, column), at, "{src}: {message}");
            assert!(message.contains(words), "{src}: {message}");
        }
    }

    #[test]
    fn repeated_keys_in_different_mappings_are_fine() {
        let src = "a:\n  b: 1\nc:\n  b: 2\nd:\n- b: 3\n- b: 4\n";
        assert_eq!(scan(src), Ok(()));
    }

    #[test]
    fn nesting_and_values_are_bounded() {
        let deep = format!("a: {}", "[".repeat(MAX_NESTING + 10));
        let (line, column, message) = refused(&deep);
        assert_eq!((line, column), (1, 4 + MAX_NESTING - 1));
        assert!(message.contains("nested deeper"), "{message}");
        let dashes = format!("{}x\n", "- ".repeat(MAX_NESTING + 1));
        assert!(refused(&dashes).2.contains("nested deeper"));
        let ok = format!(
            "a: {}{}\n",
            "[".repeat(MAX_NESTING - 1),
            "]".repeat(MAX_NESTING - 1)
        );
        assert_eq!(scan(&ok), Ok(()));
        let many = format!("a: [{}1]\n", "1,".repeat(MAX_VALUES));
        assert!(refused(&many).2.contains("YAML values"));
    }

    #[test]
    fn the_library_error_keeps_where_to_look() {
        let e = parse::<serde_yaml::Value>("a: 'open\nb: c\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert_eq!(
            e.message,
            "found unexpected end of stream, while scanning a quoted scalar (from line 1, column 4)"
        );
    }
}
