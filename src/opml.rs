//! OPML subscription lists: import into `[[feeds]]`, export the configured
//! feeds, and read `feeds_opml` files named by the config.
//!
//! Readers export OPML in many dialects (1.0 and 2.0, folders as nested
//! outlines or as a `category` attribute, entities from HTML). What matters
//! is every outline with an `xmlUrl`; the titles of the folders around it
//! and its `category` become the feed's tags.

use std::collections::HashSet;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::config::FeedSpec;

/// One subscription found in an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpmlFeed {
    /// `title`, else `text`, else the URL.
    pub title: String,
    /// The feed URL (`xmlUrl`).
    pub url: String,
    /// Folder titles and `category` values, outermost first.
    pub categories: Vec<String>,
}

/// An OPML document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum OpmlError {
    /// Not well-formed XML.
    #[error("not a readable OPML document (at byte {position})")]
    Xml {
        /// Where reading stopped.
        position: u64,
        /// The XML error.
        #[source]
        source: quick_xml::Error,
    },
    /// Well-formed, but no `<opml>` root.
    #[error("not an OPML document: the root element is not <opml>")]
    NotOpml,
}

fn attr(e: &BytesStart<'_>, name: &[u8], decoder: quick_xml::encoding::Decoder) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref().eq_ignore_ascii_case(name)).map(|a| {
        match a.decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, decoder) {
            Ok(v) => v.into_owned(),
            // HTML entities (&eacute;) are common in exports and not XML.
            Err(_) => html_escape::decode_html_entities(&String::from_utf8_lossy(&a.value)).into_owned(),
        }
        .trim()
        .to_string()
    })
}

/// Every subscription in `bytes`, in document order, duplicates removed.
pub fn parse(bytes: &[u8]) -> Result<Vec<OpmlFeed>, OpmlError> {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut saw_root = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|source| OpmlError::Xml { position: reader.buffer_position(), source })?;
        let (e, empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                if e.local_name().as_ref().eq_ignore_ascii_case(b"outline") {
                    folders.pop();
                }
                buf.clear();
                continue;
            }
            Event::Eof => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        let name = e.local_name();
        if name.as_ref().eq_ignore_ascii_case(b"opml") {
            saw_root = true;
        }
        if name.as_ref().eq_ignore_ascii_case(b"outline") {
            let decoder = reader.decoder();
            let title = attr(e, b"title", decoder)
                .filter(|t| !t.is_empty())
                .or_else(|| attr(e, b"text", decoder).filter(|t| !t.is_empty()));
            match attr(e, b"xmlUrl", decoder).filter(|u| !u.is_empty()) {
                Some(url) => {
                    let mut categories: Vec<String> = folders.iter().flatten().cloned().collect();
                    for c in attr(e, b"category", decoder).unwrap_or_default().split([',', '/']) {
                        let c = c.trim();
                        if !c.is_empty() && !categories.iter().any(|x| x == c) {
                            categories.push(c.to_string());
                        }
                    }
                    if seen.insert(url.clone()) {
                        out.push(OpmlFeed { title: title.unwrap_or_else(|| url.clone()), url, categories });
                    }
                    if !empty {
                        folders.push(None);
                    }
                }
                None if !empty => folders.push(title),
                None => {}
            }
        }
        buf.clear();
    }
    if !saw_root {
        return Err(OpmlError::NotOpml);
    }
    Ok(out)
}

/// A config-friendly feed name from a title: lower-case ASCII words joined by
/// dashes ("BBC News – World" → "bbc-news-world").
pub fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        let c = match c {
            'à'..='å' | 'À'..='Å' => 'a',
            'è'..='ë' | 'È'..='Ë' => 'e',
            'ì'..='ï' | 'Ì'..='Ï' => 'i',
            'ò'..='ö' | 'Ò'..='Ö' => 'o',
            'ù'..='ü' | 'Ù'..='Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.len() >= 48 {
            break;
        }
    }
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        "feed".into()
    } else {
        s
    }
}

/// Picks a unique name for each new feed and drops feeds whose URL is already
/// known. Returns `(name, feed)` pairs and the number of duplicates skipped.
pub fn plan_import<'f>(
    feeds: &'f [OpmlFeed],
    taken_names: &HashSet<String>,
    known_urls: &HashSet<String>,
) -> (Vec<(String, &'f OpmlFeed)>, usize) {
    let mut names = taken_names.clone();
    let mut out = Vec::new();
    let mut skipped = 0;
    for f in feeds {
        if known_urls.contains(&f.url) {
            skipped += 1;
            continue;
        }
        let base = slug(&f.title);
        let mut name = base.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        names.insert(name.clone());
        out.push((name, f));
    }
    (out, skipped)
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `[[feeds]]` tables for the planned feeds.
pub fn to_toml(planned: &[(String, &OpmlFeed)]) -> String {
    let mut out = String::new();
    for (name, f) in planned {
        out.push_str(&format!(
            "\n[[feeds]]\n# {}\nname = {}\nurl = {}\n",
            f.title.replace('\n', " "),
            toml_string(name),
            toml_string(&f.url)
        ));
        if !f.categories.is_empty() {
            let tags: Vec<String> = f.categories.iter().map(|c| toml_string(c)).collect();
            out.push_str(&format!("tags = [{}]\n", tags.join(", ")));
        }
    }
    out
}

/// The configured feeds as an OPML 2.0 document; tags become `category`.
pub fn export(feeds: &[FeedSpec], title: &str) -> String {
    use quick_xml::escape::escape;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n");
    out.push_str(&format!("    <title>{}</title>\n", escape(title)));
    out.push_str(&format!(
        "    <dateCreated>{}</dateCreated>\n",
        httpdate::fmt_http_date(std::time::SystemTime::now())
    ));
    out.push_str("  </head>\n  <body>\n");
    for f in feeds {
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{name}\" title=\"{name}\" xmlUrl=\"{url}\"",
            name = escape(f.name.as_str()),
            url = escape(f.url.as_str())
        ));
        if !f.tags.is_empty() {
            out.push_str(&format!(" category=\"{}\"", escape(f.tags.join(",").as_str())));
        }
        out.push_str("/>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_and_categories_become_tags() {
        let doc = br#"<?xml version="1.0"?><opml version="1.0"><body>
            <outline text="News"><outline text="World" title="World"><outline text="BBC &amp; co" xmlUrl="https://bbc.test/rss" category="uk"/></outline></outline>
            <outline text="Flat" type="rss" xmlUrl="https://flat.test/rss"/>
            <outline text="Again" xmlUrl="https://flat.test/rss"/>
        </body></opml>"#;
        let feeds = parse(doc).unwrap();
        assert_eq!(feeds.len(), 2, "duplicates are dropped");
        assert_eq!(
            feeds[0],
            OpmlFeed {
                title: "BBC & co".into(),
                url: "https://bbc.test/rss".into(),
                categories: vec!["News".into(), "World".into(), "uk".into()]
            }
        );
        assert!(feeds[1].categories.is_empty());
    }

    #[test]
    fn names_are_unique_slugs_and_known_urls_are_skipped() {
        let feeds = vec![
            OpmlFeed { title: "Le Monde – À la une".into(), url: "https://a.test".into(), categories: vec![] },
            OpmlFeed { title: "Le Monde: à la Une!".into(), url: "https://b.test".into(), categories: vec![] },
            OpmlFeed { title: "Old".into(), url: "https://known.test".into(), categories: vec![] },
        ];
        let known: HashSet<String> = ["https://known.test".to_string()].into();
        let (planned, skipped) = plan_import(&feeds, &HashSet::new(), &known);
        assert_eq!(skipped, 1);
        assert_eq!(
            planned.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
            ["le-monde-a-la-une", "le-monde-a-la-une-2"]
        );
    }

    #[test]
    fn not_opml_is_an_error() {
        assert!(matches!(parse(b"<rss><channel/></rss>"), Err(OpmlError::NotOpml)));
        assert!(parse(b"<opml><body><outline").is_err() || parse(b"<opml><body><outline").unwrap().is_empty());
    }
}
