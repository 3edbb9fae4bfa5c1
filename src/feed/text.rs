//! HTML → plain text.
//!
//! Feed titles, summaries and content are often HTML, sometimes escaped
//! twice. Classification and alerts want plain text: no tags, entities
//! decoded, scripts and styles dropped, whitespace collapsed. This is a
//! small tolerant scanner rather than an HTML5 parser: we only need the text,
//! and feeds are full of fragments no parser would call a document.

use std::borrow::Cow;

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
    // Before whitespace is collapsed: "à" read wrongly is "Ã" and a no-break space.
    collapse_whitespace(&repair_mojibake(&decoded))
}

/// Repairs UTF-8 that some server or CMS upstream decoded as Windows-1252
/// or Latin-1 and encoded again ("Ã©tÃ©" → "été", "â€™" → "’"), which
/// feeds in the wild carry and which would otherwise reach alerts as
/// gibberish and mislead the language guess. Only the forms of Western
/// European text are repaired: accented letters and symbols ("Ã©", "Â°")
/// and curly punctuation ("â€™"), where their single-byte characters
/// form one valid UTF-8 character. A capital "Ã" or "Â" that ends a
/// word in capitals is left alone ("CAMPEÃ»", "AMANHÃ”" are Portuguese),
/// and so is every other character ("ß“", "É»").
pub fn repair_mojibake(s: &str) -> Cow<'_, str> {
    const LEADS: [char; 3] = ['Ã', 'Â', 'â'];
    if !s.contains(LEADS) {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut done = 0;
    let mut prev: Option<char> = None;
    let mut rest_at = 0;
    while let Some(c) = s[rest_at..].chars().next() {
        let here = &s[rest_at..];
        let fixed = LEADS.contains(&c).then(|| misdecoded_char(here)).flatten().filter(|&(_, used, second)| {
            if c == 'â' {
                return true;
            }
            let next = here[used..].chars().next();
            match prev {
                // A capital before: only inside a word that goes on
                // ("BÃ¼rger", "ENCHÃˆRES"), never before a no-break space.
                Some(p) if p.is_uppercase() => second != 0xA0 && next.is_some_and(char::is_alphabetic),
                _ => true,
            }
        });
        match fixed {
            Some((f, used, _)) => {
                out.push_str(&s[done..rest_at]);
                out.push(f);
                rest_at += used;
                done = rest_at;
                prev = Some(f);
            }
            None => {
                rest_at += c.len_utf8();
                prev = Some(c);
            }
        }
    }
    if done == 0 {
        return Cow::Borrowed(s);
    }
    out.push_str(&s[done..]);
    Cow::Owned(out)
}

/// The character that `s` starts with, if its first characters are the
/// Windows-1252 reading of one UTF-8 character; how many bytes of `s` they
/// take; and the second byte.
fn misdecoded_char(s: &str) -> Option<(char, usize, u8)> {
    let mut chars = s.char_indices();
    let lead = single_byte(chars.next()?.1)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    for byte in bytes.iter_mut().take(len).skip(1) {
        *byte = single_byte(chars.next()?.1).filter(|b| (0x80..=0xBF).contains(b))?;
    }
    let used = chars.next().map_or(s.len(), |(at, _)| at);
    // from_utf8 refuses overlong forms and surrogates.
    let decoded = std::str::from_utf8(&bytes[..len]).ok()?;
    Some((decoded.chars().next()?, used, bytes[1]))
}

/// The byte that `c` stands for in Windows-1252 (or Latin-1, for the C1
/// controls that Windows-1252 leaves undefined).
fn single_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{80}'..='\u{ff}' => c as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
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
    fn mojibake_is_repaired_and_real_text_is_not() {
        // UTF-8 read as Windows-1252, as feeds in the wild carry it.
        let cases = [
            ("VidÃ©o 360Â°, visite de la chapelle", "Vidéo 360°, visite de la chapelle"),
            ("lâ€™ancien ministre a attirÃ© prÃ¨s dâ€™un millier", "l’ancien ministre a attiré près d’un millier"),
            ("Bautzens BÃ¼rgermeister Ã¼ber FlÃ¼chtlinge", "Bautzens Bürgermeister über Flüchtlinge"),
            ("un courtisan Ã\u{a0} Versailles", "un courtisan à Versailles"),
            ("Ã‰tat", "État"),
            ("ENCHÃˆRES - RÃ‰TROSPECTIVE", "ENCHÈRES - RÉTROSPECTIVE"),
        ];
        for (broken, fixed) in cases {
            assert_eq!(html_to_text(broken), fixed, "{broken}");
        }
        // Text that is right stays as it is, borrowed: Portuguese capitals
        // before punctuation, German "ß“", other scripts.
        for good in [
            "São Paulo NÃO vai parar",
            "«CAMPEÃ» outra vez",
            "“AMANHÃ” é outro dia",
            "A IRMÃ… e o resto",
            "CAMPEÃ\u{a0}da Europa",
            "„Grüße aus dem Fuß“ – sagte er",
            "Ã alone, Â alone, â alone",
            "plain ASCII",
            "Превед, 東京",
        ] {
            assert!(matches!(repair_mojibake(good), Cow::Borrowed(_)), "{good}");
        }
        // Broken bytes next to correct text: only the broken part changes.
        assert_eq!(html_to_text("VidÃ©o «LIBERTÉ» et Fuß“"), "Vidéo «LIBERTÉ» et Fuß“");
    }

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
