//! The indentation of an HTML template's literal text, removed once when the
//! template is loaded: a theme is written indented for its editors, and that
//! indentation would otherwise be copied into every page (about 600 bytes a
//! page, 8 MB on a 10,000-article site). A newline already separates the
//! words of the lines it joins, so browsers render the page the same, except
//! inside `<pre>` and `<textarea>`, whose whitespace is kept as written.
//! Tera's own text (`{{ … }}`, `{% … %}`, `{# … #}`) is never changed.

/// How many bytes each line of a template lost, to give Tera's error
/// columns back as the editor sees them.
#[derive(Debug, Default)]
pub(super) struct Removed {
    /// Bytes removed at the start of each line (index 0 is line 1).
    removed: Vec<usize>,
}

impl Removed {
    /// The column, in the file as written, of `column` on the 1-based
    /// `line` of the dedented text.
    pub fn column(&self, line: usize, column: usize) -> usize {
        let removed = line
            .checked_sub(1)
            .and_then(|index| self.removed.get(index))
            .copied()
            .unwrap_or(0);
        column + removed
    }

    /// Whether any line lost its indentation.
    pub fn changed(&self) -> bool {
        self.removed.iter().any(|&n| n > 0)
    }
}

/// Where the scanner is in the template.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Literal text, as Tera copies it to the page.
    Text,
    /// Inside `{{ … }}` or `{% … %}`: up to `close`, skipping strings.
    Tag { close: &'static [u8] },
    /// Inside a Tera string in a tag, ended by `quote` (backslash escapes).
    Str { close: &'static [u8], quote: u8 },
    /// Inside `{# … #}`.
    Comment,
    /// Between `{% raw %}` and `{% endraw %}`: literal text where `{{` is
    /// text too.
    Raw,
}

/// Elements whose whitespace the browser shows as written.
const PRESERVED: [&[u8]; 2] = [b"pre", b"textarea"];

/// Removes spaces and tabs at the start of each line of literal text,
/// keeping newlines, outside `<pre>` and `<textarea>`.
pub(super) fn dedent(source: &str) -> (String, Removed) {
    let bytes = source.as_bytes();
    let mut text = Vec::with_capacity(bytes.len());
    let mut removed = Vec::new();
    let mut state = State::Text;
    // The preserved element we are inside, by its index in PRESERVED.
    let mut preserved: Option<usize> = None;
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        if line_start {
            line_start = false;
            let literal = matches!(state, State::Text | State::Raw);
            let mut skipped = 0;
            if literal && preserved.is_none() {
                while matches!(bytes.get(i + skipped), Some(b' ' | b'\t')) {
                    skipped += 1;
                }
            }
            removed.push(skipped);
            i += skipped;
            continue;
        }
        let rest = &bytes[i..];
        let (state_after, length) = step(state, rest, &mut preserved);
        let chunk = &rest[..length];
        text.extend_from_slice(chunk);
        // A newline inside a tag starts a line with nothing removed.
        let newlines = chunk.iter().filter(|&&byte| byte == b'\n').count();
        line_start = chunk.ends_with(b"\n");
        removed.extend(std::iter::repeat_n(0, newlines - usize::from(line_start)));
        state = state_after;
        i += length;
    }
    // Only ASCII spaces and tabs at the start of lines were removed.
    let text = String::from_utf8(text).expect("whole characters removed");
    (text, Removed { removed })
}

/// What the scanner does at the start of `rest` in `state`: the next state
/// and how many bytes to copy (at least one).
fn step(state: State, rest: &[u8], preserved: &mut Option<usize>) -> (State, usize) {
    match state {
        State::Text => {
            if let Some(after) = raw_tag(rest, b"raw") {
                return (State::Raw, after);
            }
            if rest.starts_with(b"{{") {
                return (State::Tag { close: b"}}" }, 2);
            }
            if rest.starts_with(b"{%") {
                return (State::Tag { close: b"%}" }, 2);
            }
            if rest.starts_with(b"{#") {
                return (State::Comment, 2);
            }
            track_preserved(rest, preserved);
            (State::Text, 1)
        }
        State::Raw => match raw_tag(rest, b"endraw") {
            Some(after) => (State::Text, after),
            None => {
                track_preserved(rest, preserved);
                (State::Raw, 1)
            }
        },
        State::Tag { close } => match rest[0] {
            _ if rest.starts_with(close) => (State::Text, close.len()),
            quote @ (b'"' | b'\'' | b'`') => (State::Str { close, quote }, 1),
            _ => (state, 1),
        },
        State::Str { close, quote } => match rest[0] {
            b'\\' if rest.len() > 1 => (state, 2),
            byte if byte == quote => (State::Tag { close }, 1),
            _ => (state, 1),
        },
        State::Comment if rest.starts_with(b"#}") => (State::Text, 2),
        State::Comment => (state, 1),
    }
}

/// Notes the opening or closing of a `<pre>` or `<textarea>` at `rest`.
fn track_preserved(rest: &[u8], preserved: &mut Option<usize>) {
    if rest[0] != b'<' {
        return;
    }
    match *preserved {
        None => {
            *preserved = PRESERVED
                .iter()
                .position(|name| starts_element(&rest[1..], name));
        }
        Some(index) => {
            if rest.get(1) == Some(&b'/') && starts_element(&rest[2..], PRESERVED[index]) {
                *preserved = None;
            }
        }
    }
}

/// Whether `rest` starts with the element name `name` (any case), ended by
/// `>`, `/` or whitespace.
fn starts_element(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(rest[name.len()], b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
}

/// The length of a `{% name %}` tag (with Tera's optional `-`) at the start
/// of `rest`, as Tera's lexer recognises `raw` and `endraw`.
fn raw_tag(rest: &[u8], name: &[u8]) -> Option<usize> {
    let mut at = rest.strip_prefix(b"{%")?;
    at = at.strip_prefix(b"-").unwrap_or(at);
    at = at.trim_ascii_start();
    at = at.strip_prefix(name)?;
    at = at.trim_ascii_start();
    at = at.strip_prefix(b"-").unwrap_or(at);
    at = at.strip_prefix(b"%}")?;
    Some(rest.len() - at.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(source: &str) -> String {
        dedent(source).0
    }

    #[test]
    fn indentation_goes_newlines_stay() {
        assert_eq!(
            text("<ul>\n  <li>a</li>\n\t\t<li>b</li>\n</ul>\n"),
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
        );
        // Spaces inside a line are text, not indentation.
        assert_eq!(text("  a  b\n"), "a  b\n");
    }

    #[test]
    fn pre_and_textarea_keep_their_whitespace() {
        let source =
            "<div>\n  <PRE class=\"x\">\n    code\n      more\n  </pre>\n  <p>x</p>\n</div>";
        assert_eq!(
            text(source),
            "<div>\n<PRE class=\"x\">\n    code\n      more\n  </pre>\n<p>x</p>\n</div>"
        );
        let source = "<form>\n  <textarea>\n  kept\n  </textarea>\n  <p>\n</form>";
        assert_eq!(
            text(source),
            "<form>\n<textarea>\n  kept\n  </textarea>\n<p>\n</form>"
        );
        // <prefix> is not <pre>.
        assert_eq!(text("<prefix>\n  a\n"), "<prefix>\na\n");
    }

    #[test]
    fn tera_text_is_never_changed() {
        let source =
            "  {% if a\n     and b %}\n  x {{ \"a\n   b\" }}\n  {# note\n   note #}\n  y\n";
        assert_eq!(
            text(source),
            "{% if a\n     and b %}\nx {{ \"a\n   b\" }}\n{# note\n   note #}\ny\n"
        );
        // A closing delimiter inside a string does not end the tag.
        let source = "{{ \"%}}\\\"\n  \" }}\n  z";
        assert_eq!(text(source), "{{ \"%}}\\\"\n  \" }}\nz");
    }

    #[test]
    fn raw_blocks_are_literal_text() {
        let source = "{%- raw %}\n  {{ \"\n  {% endraw -%}\n  z";
        assert_eq!(text(source), "{%- raw %}\n{{ \"\n{% endraw -%}\nz");
    }

    #[test]
    fn columns_are_given_back() {
        let (_, dedented) = dedent("a\n    {{ b }}\n\t{% c %}\n");
        assert!(dedented.changed());
        assert_eq!(dedented.column(1, 1), 1);
        assert_eq!(dedented.column(2, 4), 8);
        assert_eq!(dedented.column(3, 1), 2);
        assert_eq!(dedented.column(9, 3), 3);
        assert!(!dedent("a\nb").1.changed());
        // Lines are counted inside tags too.
        let (_, dedented) = dedent("{% raw\n %}\n  x{% endraw\n %}\n  {{ y }}");
        assert_eq!(dedented.column(2, 1), 1);
        assert_eq!(dedented.column(3, 1), 3);
        assert_eq!(dedented.column(5, 1), 3);
    }

    #[test]
    fn dedented_templates_still_parse_and_render() {
        let source = "<ul>\n  {%- for x in xs %}\n  <li>{{ x }}</li>\n  {%- endfor %}\n</ul>\n<pre>\n  {{ xs | length }}\n</pre>";
        let mut tera = tera::Tera::new();
        tera.add_raw_template("t.html", &text(source)).unwrap();
        let mut context = tera::Context::new();
        context.insert("xs", &["a", "b"]);
        assert_eq!(
            tera.render("t.html", &context).unwrap(),
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<pre>\n  2\n</pre>"
        );
    }

    use proptest::prelude::*;

    /// `text` with the spaces and tabs that begin each line removed.
    fn stripped(text: &str) -> String {
        text.split('\n')
            .map(|line| line.trim_start_matches([' ', '\t']))
            .collect::<Vec<_>>()
            .join("\n")
    }

    proptest! {
        /// Whatever the template (unclosed tags, strings, comments, raw
        /// blocks, `<pre>`), dedenting only removes spaces and tabs that
        /// begin lines, and accounts for one entry per line.
        #[test]
        fn only_line_starting_blanks_go(
            source in "(\\{\\{|\\}\\}|\\{%|%\\}|\\{#|#\\}|\\{% raw %\\}|\\{% endraw %\\}|<pre>|</pre>|\"|'|\\\\|\\n|  |\\t|é|a|<|>)*"
        ) {
            let (text, removed) = dedent(&source);
            prop_assert_eq!(stripped(&text), stripped(&source));
            prop_assert!(text.len() <= source.len());
            prop_assert!(removed.removed.len() <= source.split('\n').count());
        }
    }
}
