//! HTML → plain text.
//!
//! Feed titles, summaries and content are often HTML, sometimes escaped
//! twice. Classification and alerts want plain text: no tags, entities
//! decoded, scripts and styles dropped, whitespace collapsed. This is a
//! small tolerant scanner rather than an HTML5 parser: we only need the text,
//! and feeds are full of fragments no parser would call a document.

/// Elements whose content is never text a reader sees.
const SKIPPED: &[&str] = &["script", "style", "noscript", "template", "head", "svg", "iframe", "object"];

/// Elements that break a line; their boundaries become whitespace so that
/// words in neighbouring paragraphs do not run together.
const BLOCKS: &[&str] = &[
    "p",
    "br",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "hr",
    "pre",
    "dd",
    "dt",
    "dl",
    "aside",
    "nav",
    "img",
];

/// Converts an HTML fragment (or plain text) into plain text.
pub fn html_to_text(input: &str) -> String {
    let stripped = if looks_like_markup(input) { strip_tags(input) } else { input.to_string() };
    let decoded = html_escape::decode_html_entities(&stripped);
    // Double-escaped markup ("&lt;p&gt;") shows up as tags only after decoding.
    let decoded = if looks_like_markup(&decoded) && !looks_like_markup(&stripped) {
        strip_tags(&decoded)
    } else {
        decoded.into_owned()
    };
    collapse_whitespace(&decoded)
}

fn looks_like_markup(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

fn strip_tags(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let starts_tag =
            after.as_bytes().first().is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!' || *b == b'?');
        if !starts_tag {
            out.push('<');
            rest = after;
            continue;
        }
        if let Some(comment) = after.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(gt) = after.find('>') else {
            // An unterminated tag at the end: drop it.
            rest = "";
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if !tag.starts_with('/') && !tag.ends_with('/') && SKIPPED.contains(&name.as_str()) {
            let close = format!("</{name}");
            rest = find_ascii_case_insensitive(rest, &close)
                .map_or("", |i| rest[i..].find('>').map_or("", |j| &rest[i + j + 1..]));
            out.push(' ');
        } else if BLOCKS.contains(&name.as_str()) {
            out.push('\n');
        }
    }
    out.push_str(rest);
    out
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.len() > h.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Collapses runs of whitespace; keeps paragraph breaks as single newlines.
fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut pending_newline = false;
    for c in s.chars() {
        if c == '\n' || c == '\r' {
            pending_newline = true;
        } else if c.is_whitespace() || c == '\u{200b}' {
            pending_space = true;
        } else {
            if !out.is_empty() {
                if pending_newline {
                    out.push('\n');
                } else if pending_space {
                    out.push(' ');
                }
            }
            pending_space = false;
            pending_newline = false;
            out.push(c);
        }
    }
    out
}

/// The first `max_chars` characters of `s`, cut at a word boundary, with "…" when cut.
pub fn truncate_words(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let cut: String = s.chars().take(max_chars).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max_chars / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_decodes_entities() {
        assert_eq!(
            html_to_text("<p>Fish &amp; chips</p><p>Caf&eacute; &#8211; 5&nbsp;€</p>"),
            "Fish & chips\nCafé – 5 €"
        );
    }

    #[test]
    fn drops_scripts_styles_and_comments() {
        let html = "<style>p{color:red}</style>Hello <script>alert('x<y')</script>world<!-- hidden -->!";
        assert_eq!(html_to_text(html), "Hello world!");
    }

    #[test]
    fn handles_double_escaped_markup() {
        assert_eq!(html_to_text("&lt;b&gt;Bold&lt;/b&gt; news"), "Bold news");
    }

    #[test]
    fn leaves_plain_comparisons_alone() {
        assert_eq!(html_to_text("a < b and c > d"), "a < b and c > d");
    }

    #[test]
    fn blocks_separate_words() {
        assert_eq!(html_to_text("<div>one</div><div>two</div>"), "one\ntwo");
        assert_eq!(html_to_text("line<br/>break"), "line\nbreak");
    }

    #[test]
    fn truncates_at_word_boundary() {
        assert_eq!(truncate_words("the quick brown fox", 12), "the quick…");
        assert_eq!(truncate_words("short", 12), "short");
    }
}
