//! Language guess for items whose feed does not say: the script decides for
//! non-Latin text, a count of very common function words for Latin text.

use super::tokenize::{is_letter, FxMap};

const LANGS: [&str; 13] = ["en", "de", "fr", "es", "pt", "it", "nl", "pl", "tr", "sv", "cs", "ca", "ro"];

/// Function words per language, lower-cased and diacritic-folded as the
/// tokenizer leaves them.
const STOPWORDS: [&str; 13] = [
    // Headlines drop "the" but keep these; without them an English
    // headline with "a", "as" or "in" would read as Portuguese, Czech or
    // Romanian (ties go to the earlier language, English). "no" and "do"
    // are left to Portuguese and Spanish, where they are far more common.
    "the and of to is that for with was on are from by this have has were said will its it \
     in a as at an after over into be not but he his who up out new",
    "der die und das ist nicht mit den von zu ein eine sich auf dem des im fur auch wird wurde bei nach aus in an \
     zum zur sind hat haben seit einer einem eines uber wie sie",
    "le la les et des est une du que dans pour sur pas au aux ont sont qui il par avec cette de en \
     un ce ces se ne plus leur lui mais ou ete apres entre",
    "el la los las y que en un una por con para del se al es lo como fue sus su mas \
     de ha han este esta pero sobre desde hasta tras muy sido entre",
    "o a os as e que do da em um uma para com nao no na dos das foi ao pelo pela \
     de se mais por sobre entre tambem foram sao pelos",
    "il la di che e un una per del della con non sono gli le al nel alla dei stato",
    "de het een en van is niet op met dat voor zijn werd aan bij ook",
    "i w na z sie nie do ze jest to od przez dla po oraz jak tym",
    "ve bir bu icin ile da de olarak olan gibi daha cok sonra",
    "och att det som en pa ar av for med till inte har den \
     i ett om ska vid efter sin var kan hade",
    // Not "s" (with): it is also every English "'s"; Czech text has its letters.
    "a v se na je ze z do o ve by jsou jako pro",
    "el la i de que els les amb per una al va es del seva \
     dels pel pels aquest aquesta un ha han seu seus hi en als com",
    "si de la in cu pe este care din un o sa au mai",
];

/// Function words of other languages that are also English words, names
/// or abbreviations ("met", "die", "per"; "UN", "L.A.", "Las Vegas", "VAR",
/// "Le Pen"): a text whose only function word is one of them is not taken
/// for that language (see [`detect_latin`]).
const ALSO_ENGLISH: &str = "met die den van per pro sin till hi care plus par non con do i la de un au va com \
     als din sa var ska vid od hat fur mit aus uber des est pour il los las del para os e na dos se di che le al \
     en op w z jest da pa med v o les es";

/// The bit of a function word's mask (see [`stopwords`]) that marks it as
/// one of [`ALSO_ENGLISH`]; above the languages' bits.
pub(crate) const ALSO_ENGLISH_BIT: u16 = 1 << 15;
const _: () = assert!(LANGS.len() < 15);

/// English topic words that are everyday words of another language, per
/// [`LANGS`] entry: in an item in that language they are that word, not
/// the English term. German "war" is "was", "man" is "one", "Brand" a fire
/// and "Rat" a council ("Bär" folds to "bar"); French "court" is short and
/// "sale" dirty; Spanish "pie" is a foot; Portuguese, Polish and Romanian
/// "data" is a date.
const FALSE_FRIENDS: [&str; 13] = [
    "",
    "war man art brand chef rat rock taste bar",
    "court sale",
    "pie sale",
    "data",
    "sale",
    "brand",
    "data",
    "",
    "",
    "",
    "",
    "data",
];

/// Each false friend (see [`FALSE_FRIENDS`]) with the set of languages (a
/// bit per [`LANGS`] entry) in which it is not the English word.
pub(crate) fn false_friends() -> impl Iterator<Item = (&'static str, u16)> {
    word_masks(&FALSE_FRIENDS)
}

/// The bit of `lang` in the language masks of [`stopwords`] and
/// [`false_friends`]; 0 for English and for languages not in [`LANGS`].
pub(crate) fn latin_bit(lang: &str) -> u16 {
    LANGS.iter().position(|l| *l == lang).filter(|&i| i > 0).map_or(0, |i| 1 << i)
}

/// Each function word with the set of languages (a bit per [`LANGS`]
/// entry) it belongs to. The lexicon interns them, so that counting them
/// costs no look-up beyond the one every token gets.
pub(crate) fn stopwords() -> impl Iterator<Item = (&'static str, u16)> {
    let also_english: Vec<&str> = ALSO_ENGLISH.split_whitespace().collect();
    word_masks(&STOPWORDS)
        .map(move |(w, mask)| (w, if also_english.contains(&w) { mask | ALSO_ENGLISH_BIT } else { mask }))
}

/// The words of per-language lists, each with its languages' bits, sorted.
fn word_masks(lists: &[&'static str; LANGS.len()]) -> impl Iterator<Item = (&'static str, u16)> {
    let mut m: FxMap<&'static str, u16> = FxMap::default();
    for (i, words) in lists.iter().enumerate() {
        for w in words.split_whitespace() {
            *m.entry(w).or_default() |= 1 << i;
        }
    }
    let mut v: Vec<(&'static str, u16)> = m.into_iter().collect();
    v.sort_unstable();
    v.into_iter()
}

/// Normalises a language tag to its primary subtag ("de-DE" → "de").
pub(crate) fn normalise(tag: &str) -> Option<String> {
    let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    (!primary.is_empty()).then_some(primary)
}

/// Guesses the language of the title and text. `latin_words` is asked when the
/// script is Latin, with the letter hints of the text; see [`detect_latin`].
pub(crate) fn detect(
    raw_title: &str,
    raw_text: &str,
    latin_words: impl FnOnce(&LetterHints) -> Option<String>,
) -> Option<String> {
    let (mut latin, mut cyr, mut arab, mut han, mut kana, mut hangul, mut other) =
        (0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32);
    let (mut hebrew, mut devanagari) = (0u32, 0u32);
    // Scripts of one main language each: (first, last code point, language).
    const ONE_LANGUAGE_SCRIPTS: [(u32, u32, &str); 9] = [
        (0x370, 0x3FF, "el"),
        (0x530, 0x58F, "hy"),
        (0x980, 0x9FF, "bn"),
        (0xA80, 0xAFF, "gu"),
        (0xB80, 0xBFF, "ta"),
        (0xC00, 0xC7F, "te"),
        (0xD00, 0xD7F, "ml"),
        (0xE00, 0xE7F, "th"),
        (0x10A0, 0x10FF, "ka"),
    ];
    let mut single = [0u32; ONE_LANGUAGE_SCRIPTS.len()];
    let (mut ukr, mut persian, mut urdu) = (0u32, 0u32, 0u32);
    // Most items are plain ASCII: their script is Latin without looking further.
    let head = |s: &str| s.as_bytes()[..s.len().min(1000)].is_ascii();
    if head(raw_title) && head(raw_text) {
        return latin_words(&LetterHints::default());
    }
    let mut hints = LetterHints::default();
    // The first 1000 characters of title and text. Runs of ASCII are
    // counted in bulk; only the characters beyond ASCII are decoded.
    let mut budget = 1000usize;
    for s in [raw_title, raw_text] {
        let bytes = s.as_bytes();
        let mut at = 0;
        while budget > 0 {
            let run = bytes[at..].iter().take(budget).take_while(|b| b.is_ascii()).count();
            // ASCII letters are Latin and tell no language apart.
            latin += bytes[at..at + run].iter().filter(|b| b.is_ascii_alphabetic()).count() as u32;
            at += run;
            budget -= run;
            let Some(c) = s[at..].chars().next().filter(|_| budget > 0) else { break };
            at += c.len_utf8();
            budget -= 1;
            let o = c as u32;
            if !is_letter(c) {
                continue;
            }
            match o {
                0..=0x24F | 0x1E00..=0x1EFF => {
                    latin += 1;
                    hints.add(c);
                }
                0x400..=0x52F => {
                    cyr += 1;
                    if matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є') {
                        ukr += 1;
                    }
                }
                0x600..=0x6FF | 0x750..=0x77F => {
                    arab += 1;
                    // Letters Arabic does not use; Urdu adds some of its own.
                    if matches!(c, 'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی') {
                        persian += 1;
                    }
                    if matches!(c, 'ے' | 'ں' | 'ٹ' | 'ڈ' | 'ڑ' | 'ھ') {
                        urdu += 1;
                    }
                }
                0x590..=0x5FF => hebrew += 1,
                0x900..=0x97F => devanagari += 1,
                0x3040..=0x30FF => kana += 1,
                0x3400..=0x9FFF => han += 1,
                0xAC00..=0xD7AF => hangul += 1,
                // (No range above overlaps these scripts.)
                _ => match ONE_LANGUAGE_SCRIPTS.iter().position(|&(lo, hi, _)| (lo..=hi).contains(&o)) {
                    Some(k) => single[k] += 1,
                    None => other += 1,
                },
            }
        }
    }
    let cjk = han + kana;
    let (single_k, &single_max) =
        single.iter().enumerate().max_by_key(|&(k, n)| (*n, std::cmp::Reverse(k))).expect("scripts listed");
    let max = latin.max(cyr).max(arab).max(cjk).max(hangul).max(hebrew).max(devanagari).max(other).max(single_max);
    if max == 0 {
        return None;
    }
    if max == single_max && max > latin {
        return Some(ONE_LANGUAGE_SCRIPTS[single_k].2.to_owned());
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
        if urdu >= 2 {
            "ur"
        } else if persian >= 2 || persian * 20 > arab {
            "fa"
        } else {
            "ar"
        }
    } else if max == hangul {
        "ko"
    } else if max == hebrew {
        "he"
    } else if max == devanagari {
        "hi"
    } else if max == latin {
        return latin_words(&hints);
    } else {
        return None;
    };
    Some(lang.to_owned())
}

/// Letters that only a few Latin-script languages use, counted per
/// language in [`LANGS`] order: short items often have too few function
/// words, and "ł", "ř" or "ş" settle the question.
#[derive(Debug, Default)]
pub(crate) struct LetterHints([u32; LANGS.len()]);

impl LetterHints {
    fn add(&mut self, c: char) {
        // "İ" lower-cases to "i" and a combining dot: look at it first.
        let c = if c == 'İ' { 'ı' } else { c };
        let lang = match c.to_lowercase().next().unwrap_or(c) {
            'ł' | 'ą' | 'ę' | 'ś' | 'ź' | 'ż' | 'ń' => "pl",
            // Among the languages told apart here, only Czech uses these.
            'ř' | 'ě' | 'ů' | 'ý' | 'ž' | 'č' | 'ď' | 'ť' | 'ň' => "cs",
            'ă' | 'ș' | 'ț' => "ro",
            'ş' | 'ğ' | 'ı' => "tr",
            'ã' | 'õ' => "pt",
            'ñ' => "es",
            'å' => "sv",
            'ß' => "de",
            'ò' | 'ï' => "ca",
            'ù' | 'œ' | 'ë' | 'ê' | 'î' => "fr",
            _ => return,
        };
        if let Some(i) = LANGS.iter().position(|l| *l == lang) {
            self.0[i] += 1;
        }
    }
}

/// Function-word counts of the first [`SPLIT`] languages go in one `u128`
/// of 16-bit lanes, the rest in another.
const SPLIT: u32 = 8;
const _: () = assert!(LANGS.len() <= 2 * SPLIT as usize);

/// `SPREAD[m]` has a 1 in 16-bit lane `i` for each bit `i` of `m` (eight
/// bits of a function word's language mask): adding them counts each
/// language's function words in its own lane (at most 200 words, far below
/// a lane's limit).
static SPREAD: [u128; 1 << SPLIT] = {
    let mut t = [0u128; 1 << SPLIT];
    let mut m = 0;
    while m < 1 << SPLIT {
        let mut bit = 0;
        while bit < SPLIT {
            if m >> bit & 1 != 0 {
                t[m] |= 1 << (16 * bit);
            }
            bit += 1;
        }
        m += 1;
    }
    t
};

/// The language whose function words are most frequent among the first
/// 200 tokens, given each token's language bits (0 for other words), with
/// each distinctive letter ([`LetterHints`]) counting as half a word; one
/// word's worth is needed. One function word that is also an English word,
/// name or abbreviation ([`ALSO_ENGLISH`]) is not enough alone to make a
/// text another language than English: "Met Office forecasts wet weekend"
/// is not Dutch, nor "UN chief warns Sudan faces famine" French.
pub(crate) fn detect_latin(masks: impl Iterator<Item = u16>, hints: &LetterHints) -> Option<String> {
    let mut counts = [0u32; LANGS.len()];
    // In halves: a function word counts 2, a distinctive letter 1 (at most 8).
    let letters = hints.0.map(|h| h.min(8));
    for (c, h) in counts.iter_mut().zip(letters) {
        *c += h;
    }
    // The languages each word is a function word of, one bit each, added
    // up in 16-bit lanes of two words: a table look-up per half of the mask
    // instead of a branch per bit (whether a word is a function word, and
    // of which languages, is data: a branch on it is often mispredicted).
    let (mut low, mut high) = (0u128, 0u128);
    // The languages that a function word not also English speaks for.
    let mut firm = 0u16;
    for mask in masks.take(200) {
        let langs = mask & !ALSO_ENGLISH_BIT;
        low += SPREAD[usize::from(langs & 0xff)];
        high += SPREAD[usize::from(langs >> SPLIT)];
        if mask & ALSO_ENGLISH_BIT == 0 {
            firm |= langs;
        }
    }
    for (i, c) in counts.iter_mut().enumerate() {
        let lanes = if i < SPLIT as usize { low >> (16 * i) } else { high >> (16 * (i - SPLIT as usize)) };
        // Counted in halves: a function word counts 2.
        *c += 2 * (lanes as u16) as u32;
    }
    let (best, &n) = counts.iter().enumerate().max_by_key(|(i, c)| (**c, std::cmp::Reverse(*i)))?;
    // n = 2 with no letter is one word.
    let english_word_alone = best != 0 && n == 2 && letters[best] == 0 && firm & 1 << best == 0;
    (n >= 2 && !english_word_alone).then(|| LANGS[best].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::classify::tokenize::{Tokens, Zone};

    fn guess(title: &str, text: &str) -> Option<String> {
        let mut t = Tokens::with_capacity(256);
        t.push_field(title, Zone::Title);
        t.push_field(text, Zone::Lead);
        let masks: FxMap<&str, u16> = stopwords().collect();
        detect(title, text, |hints| {
            detect_latin((0..t.toks.len()).map(|i| masks.get(t.text(i)).copied().unwrap_or(0)), hints)
        })
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

    #[test]
    fn english_headlines_are_english() {
        // Headlines drop "the"; their "a", "as", "in" and "'s" are also
        // Portuguese, Czech or Romanian function words.
        for title in [
            "Man arrested in Leeds",
            "Obama's plan wins a vote",
            "Police find a body",
            "Airlines cut fares as price war spreads",
        ] {
            assert_eq!(guess(title, "").as_deref(), Some("en"), "{title}");
        }
        // Real Portuguese, Czech and German text still reads as such.
        assert_eq!(guess("", "O presidente disse que a reforma fica para o ano").as_deref(), Some("pt"));
        assert_eq!(guess("", "Policie v Praze zadržela muže a jeho auto").as_deref(), Some("cs"));
        assert_eq!(guess("", "Der Zug kam in Berlin an und die Fahrgäste stiegen aus").as_deref(), Some("de"));
        // Short Portuguese, Spanish and French headlines keep their language.
        assert_eq!(guess("Acidente no centro do Porto", "").as_deref(), Some("pt"));
        assert_eq!(guess("El Gobierno no descarta nuevas medidas", "").as_deref(), Some("es"));
        assert_eq!(guess("Le ministre s'est rendu à Lyon", "").as_deref(), Some("fr"));
    }

    #[test]
    fn romance_and_nordic_neighbours_are_told_apart() {
        // Spanish and Portuguese share "de" with French and Catalan: each
        // list has it, and the words only one language uses decide.
        assert_eq!(
            guess("", "Los bomberos apagaron el incendio de la fábrica y no hubo heridos").as_deref(),
            Some("es")
        );
        assert_eq!(guess("", "El piloto de la aerolínea murió en pleno vuelo").as_deref(), Some("es"));
        assert_eq!(
            guess("", "O governo anunciou hoje novas regras para as escolas de todo o estado").as_deref(),
            Some("pt")
        );
        assert_eq!(guess("", "Un home ha estat detingut per la policia a Girona").as_deref(), Some("ca"));
        assert_eq!(guess("", "Les pompiers ont éteint l'incendie et il n'y a pas de blessés").as_deref(), Some("fr"));
        assert_eq!(guess("", "Minst tio personer dog i olyckan vid bron").as_deref(), Some("sv"));
    }

    #[test]
    fn one_word_that_is_also_english_makes_no_other_language() {
        // "met" is Dutch, "un" French, Spanish and Italian, "die" German.
        for title in
            ["Met Office forecasts wet weekend", "UN chief warns Sudan faces famine", "Six Die As Fire Guts Home"]
        {
            assert!(guess(title, "").is_none_or(|l| l == "en"), "{title}: {:?}", guess(title, ""));
        }
        // Every word of the list is a function word of some language.
        for w in ALSO_ENGLISH.split_whitespace() {
            assert!(stopwords().any(|(s, mask)| s == w && mask & ALSO_ENGLISH_BIT != 0), "{w}");
        }
        // A second function word, or one that is no English word, still decides.
        assert_eq!(guess("", "Doppler-Radar-Aufnahme der Gewitter vom 22.").as_deref(), Some("de"));
        assert_eq!(guess("", "Nun fliegen sie wieder, die Maikäfer.").as_deref(), Some("de"));
        assert_eq!(guess("Le Pen et Macron", "").as_deref(), Some("fr"));
    }

    #[test]
    fn short_items_are_told_apart_by_their_letters() {
        assert_eq!(guess("", "Policie zadržela muže, který řídil opilý.").as_deref(), Some("cs"));
        assert_eq!(guess("", "Polis, şüpheliyi gözaltına aldı.").as_deref(), Some("tr"));
        // Only the dotted capital tells this one from Portuguese ("da").
        assert_eq!(guess("", "Dilara Darabi önceki gün İran'da idam edildi.").as_deref(), Some("tr"));
        assert_eq!(guess("", "Sąd skazał mężczyznę za kradzież.").as_deref(), Some("pl"));
        assert_eq!(guess("", "המשטרה עצרה חשוד").as_deref(), Some("he"));
        assert_eq!(guess("", "पुलिस ने चोर को गिरफ्तार किया").as_deref(), Some("hi"));
        assert_eq!(guess("", "پولیس نے ملزم کو گرفتار کر لیا ہے").as_deref(), Some("ur"));
        assert_eq!(guess("", "پلیس یک مظنون را بازداشت کرد").as_deref(), Some("fa"));
        assert_eq!(guess("", "পুলিশ চোরকে গ্রেপ্তার করেছে").as_deref(), Some("bn"));
        assert_eq!(guess("", "Η αστυνομία συνέλαβε τον ύποπτο").as_deref(), Some("el"));
        assert_eq!(guess("", "ตำรวจจับกุมผู้ต้องสงสัย").as_deref(), Some("th"));
    }
}
