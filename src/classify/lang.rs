//! Language guess for items whose feed does not say: the script decides for
//! non-Latin text, a count of very common function words for Latin text.

use std::sync::OnceLock;

use super::tokenize::{FxMap, Tokens, Zone};

const LANGS: [&str; 13] = ["en", "de", "fr", "es", "pt", "it", "nl", "pl", "tr", "sv", "cs", "ca", "ro"];

/// Function words per language, lower-cased and diacritic-folded as the
/// tokenizer leaves them.
const STOPWORDS: [&str; 13] = [
    "the and of to is that for with was on are from by this have has were said will its it",
    "der die und das ist nicht mit den von zu ein eine sich auf dem des im fur auch wird wurde",
    "le la les et des est une du que dans pour sur pas au aux ont sont qui il par avec cette",
    "el la los las y que en un una por con para del se al es lo como fue sus su mas",
    "o a os as e que do da em um uma para com nao no na dos das foi ao pelo pela",
    "il la di che e un una per del della con non sono gli le al nel alla dei stato",
    "de het een en van is niet op met dat voor zijn werd aan bij ook",
    "i w na z sie nie do ze jest to od przez dla po oraz jak tym",
    "ve bir bu icin ile da de olarak olan gibi daha cok sonra",
    "och att det som en pa ar av for med till inte har den",
    "a v se na je ze s z do o ve by jsou jako pro",
    "el la i de que els les amb per una al va es del seva",
    "si de la in cu pe este care din un o sa au mai",
];

fn table() -> &'static FxMap<&'static str, u16> {
    static T: OnceLock<FxMap<&'static str, u16>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: FxMap<&'static str, u16> = FxMap::default();
        for (i, words) in STOPWORDS.iter().enumerate() {
            for w in words.split_whitespace() {
                *m.entry(w).or_default() |= 1 << i;
            }
        }
        m
    })
}

/// Normalises a language tag to its primary subtag ("de-DE" → "de").
pub(crate) fn normalise(tag: &str) -> Option<String> {
    let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    (!primary.is_empty()).then_some(primary)
}

/// Guesses the language of the title and text tokens.
pub(crate) fn detect(raw_title: &str, raw_text: &str, tokens: &Tokens) -> Option<String> {
    let (mut latin, mut cyr, mut arab, mut han, mut kana, mut hangul, mut other) =
        (0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32);
    let (mut ukr, mut persian) = (0u32, 0u32);
    // Most items are plain ASCII: their script is Latin without looking further.
    let head = |s: &str| s.as_bytes()[..s.len().min(1000)].is_ascii();
    if head(raw_title) && head(raw_text) {
        return detect_latin(tokens);
    }
    for c in raw_title.chars().chain(raw_text.chars()).take(1000) {
        let o = c as u32;
        if !c.is_alphabetic() {
            continue;
        }
        match o {
            0..=0x24F | 0x1E00..=0x1EFF => latin += 1,
            0x400..=0x52F => {
                cyr += 1;
                if matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є') {
                    ukr += 1;
                }
            }
            0x600..=0x6FF | 0x750..=0x77F => {
                arab += 1;
                if matches!(c, 'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی') {
                    persian += 1;
                }
            }
            0x3040..=0x30FF => kana += 1,
            0x3400..=0x9FFF => han += 1,
            0xAC00..=0xD7AF => hangul += 1,
            _ => other += 1,
        }
    }
    let cjk = han + kana;
    let max = latin.max(cyr).max(arab).max(cjk).max(hangul).max(other);
    if max == 0 {
        return None;
    }
    let lang = if max == cjk {
        if kana * 10 >= cjk {
            "ja"
        } else {
            "zh"
        }
    } else if max == cyr {
        if ukr > 0 {
            "uk"
        } else {
            "ru"
        }
    } else if max == arab {
        if persian * 20 > arab {
            "fa"
        } else {
            "ar"
        }
    } else if max == hangul {
        "ko"
    } else if max == latin {
        return detect_latin(tokens);
    } else {
        return None;
    };
    Some(lang.to_owned())
}

fn detect_latin(tokens: &Tokens) -> Option<String> {
    let table = table();
    let mut counts = [0u32; LANGS.len()];
    let mut seen = 0;
    for i in 0..tokens.toks.len() {
        if tokens.toks[i].zone == Zone::Category {
            continue;
        }
        seen += 1;
        if seen > 200 {
            break;
        }
        if let Some(&mask) = table.get(tokens.text(i)) {
            for (l, c) in counts.iter_mut().enumerate() {
                if mask & (1 << l) != 0 {
                    *c += 1;
                }
            }
        }
    }
    let (best, &n) = counts.iter().enumerate().max_by_key(|(i, c)| (**c, std::cmp::Reverse(*i)))?;
    (n >= 2).then(|| LANGS[best].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guess(title: &str, text: &str) -> Option<String> {
        let mut t = Tokens::with_capacity(256);
        t.push_field(title, Zone::Title);
        t.push_field(text, Zone::Lead);
        detect(title, text, &t)
    }

    #[test]
    fn detects_common_languages() {
        assert_eq!(guess("The talks", "The talks came as both sides said that it was over.").as_deref(), Some("en"));
        assert_eq!(
            guess("Gespräche", "Die Gespräche in Dschidda sind für die Ukraine wichtig und nicht einfach.").as_deref(),
            Some("de")
        );
        assert_eq!(guess("", "Переговоры в Джидде продолжаются").as_deref(), Some("ru"));
        assert_eq!(guess("", "Переговори в Джидді тривають, заявила Україна").as_deref(), Some("uk"));
        assert_eq!(guess("", "東京で大雨が降りました").as_deref(), Some("ja"));
        assert_eq!(guess("", "美国和乌克兰在沙特举行会谈").as_deref(), Some("zh"));
        assert_eq!(normalise("de-DE").as_deref(), Some("de"));
    }
}
