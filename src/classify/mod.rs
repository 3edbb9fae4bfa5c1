//! Topic and region classification of feed items.
//!
//! This module owns everything between an item's text and its
//! [`Classification`]: the embedded taxonomy and gazetteer data (IPTC Media
//! Topics, ISO 3166-1 countries with UN M49 roll-up, place names), the
//! tokenizer, the phrase matcher, the scoring policy, and the evaluation
//! harness in [`eval`]. It knows nothing about feeds or HTTP.
//!
//! # How it works
//!
//! The title, body text and feed categories are tokenized once into one
//! lower-cased, diacritic-folded buffer. Every token of every vocabulary
//! phrase (place names and topic terms) is interned as an integer id, so
//! each document token is looked up once (through a per-thread cache) and
//! phrases are matched by comparing ids; the longest matching phrase wins,
//! so "air strike" is conflict while "strike" alone is labour, and "Saudi
//! Arabia" is not also "Arabia". Whole tokens only: "ambassador" never
//! contains "Syria"-like substrings.
//!
//! Scores: every mention is weighted by where it occurs (title > lead >
//! later text; categories high), repeats have diminishing returns, long
//! texts are normalised, and the result is saturated into [0, 1]. A score of
//! at least 0.5 means the item is *about* the topic or country. Ambiguous
//! place names (Georgia, Jordan, Chad, Nice, Reading …) count only when
//! other evidence for the same country corroborates them; a city right
//! before a state ("Paris, Texas") belongs to the state's country. The only
//! country an item names, or one far ahead of the rest, is where the item is
//! set. A feed's home region is a weak prior: it resolves ambiguous names
//! nothing else decides and marks items that name no place, below 0.5.
//!
//! Other languages: stems for inflected languages (and compound heads in
//! German, Dutch and the Scandinavian languages); English terms count for
//! less in items in other languages, and not at all where they are an
//! everyday word of the item's language (German "war" is "was"). Custom
//! topics and extra terms from the config ([`ClassifierSettings`]) join the
//! same lexicon.
//!
//! # Layout
//!
//! * `tokenize` — normalisation and tokens (with case flags).
//! * `gazetteer` — embedded data files, taxonomy tables, the phrase lexicon.
//! * `lang` — language guess when the feed gives none.
//! * `evidence` — [`Evidence`] and the shared weighting arithmetic.
//! * `topic`, `region` — scoring.
//! * [`model`] — the optional learned topic model (`wirewatch train`).
//! * [`eval`] — scoring against a labelled JSONL set.

pub mod eval;
mod evidence;
mod gazetteer;
mod lang;
pub mod model;
mod region;
mod tokenize;
mod topic;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

pub use evidence::Evidence;
pub use gazetteer::TopicInfo;
pub use region::RegionScore;
pub use topic::TopicScore;

use gazetteer::{
    country_index, country_table, topic_index, topic_table, Candidate, Dots, Lexicon, PlaceKind, Target, TokenInfo,
    AMBIGUOUS, INFLECTED, MAX_PHRASE_TOKENS, NEED_CAP, NEED_UPPER, NO_TOKEN, PROPER, WORD,
};
use region::PlaceHit;
use tokenize::{Tokens, Zone, CAP, CASELESS, DOTTED, NO_CAPITALISED_WORD, TITLE_CASE, UPPER};

/// Errors building a [`Classifier`].
#[derive(Debug, thiserror::Error)]
pub enum ClassifyError {
    /// An embedded data file is malformed (a build problem: regenerate with
    /// `scripts/gen_data.py`).
    #[error("malformed classifier data in data/{file} line {line}: {message}")]
    Data {
        /// File name under `data/`.
        file: &'static str,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A setting names a topic that does not exist.
    #[error("unknown topic '{0}' in classifier settings (use a short name such as 'politics' or a medtop code)")]
    UnknownTopic(String),
    /// A setting names a country that does not exist.
    #[error("unknown country '{0}' in classifier settings (use an ISO 3166-1 alpha-2 code such as 'UA')")]
    UnknownCountry(String),
    /// A custom topic is declared twice or has a built-in topic's name.
    #[error("custom topic '{0}' is declared twice or has the name of a built-in topic")]
    DuplicateTopic(String),
    /// A setting has an empty term.
    #[error("empty term in classifier settings for '{0}'")]
    EmptyTerm(String),
    /// The learned model knows a topic the settings do not declare (a
    /// custom topic of the config it was trained with).
    #[error(
        "the learned model knows topic '{0}', which is not declared here: use the config the model was \
         trained with (--config), or declare the topic in [classify.custom_topics]"
    )]
    ModelTopic(String),
    /// A setting has a term with no letters or digits.
    #[error("term '{0}' has no word in it (no letters or digits), so it could never match")]
    NoWord(String),
    /// A setting has a term of more words than a phrase may have.
    #[error("term '{0}…' has more than {MAX_TERM_WORDS} words: a term is a word or a short phrase")]
    TermTooLong(String),
}

/// User-supplied additions to the built-in vocabulary.
#[derive(Debug, Clone, Default)]
pub struct ClassifierSettings {
    /// Extra topic terms: (topic as accepted by [`resolve_topic`], term,
    /// weight). Typical weights: 1.0 for a clear term, 0.5 for a hint.
    pub extra_topic_terms: Vec<(String, String, f32)>,
    /// Extra place aliases: (alias, ISO alpha-2 code). They count as names of
    /// the country, without corroboration.
    pub place_aliases: Vec<(String, String)>,
    /// Custom topics: (key, display name). They score like built-in topics
    /// from their terms in `extra_topic_terms` and appear with the id
    /// `custom:<key>`.
    pub custom_topics: Vec<(String, String)>,
    /// A learned topic model to blend with the rules (see [`model`]).
    pub model: Option<std::sync::Arc<model::TopicModel>>,
    /// The model's share of a blended topic score, in [0, 1]; `None` for
    /// [`DEFAULT_MODEL_WEIGHT`].
    pub model_weight: Option<f32>,
}

/// The learned model's share of a topic score unless the config sets one.
pub const DEFAULT_MODEL_WEIGHT: f32 = 0.7;

/// A document to classify. Borrowed so classifying allocates no copies of
/// the input.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// Headline.
    pub title: &'a str,
    /// Plain-text body or summary.
    pub text: &'a str,
    /// The feed's own categories or tags (a strong signal).
    pub categories: &'a [String],
    /// Language from the feed, if any (e.g. `"en"`, `"de-DE"`).
    pub language: Option<&'a str>,
    /// The feed's home country (ISO alpha-2, from the feed's `region`): a weak
    /// prior for items that name no place, or only ambiguous ones.
    pub home_region: Option<&'a str>,
}

impl<'a> Document<'a> {
    /// A document with only a title and a text.
    pub fn new(title: &'a str, text: &'a str) -> Document<'a> {
        Document { title, text, categories: &[], language: None, home_region: None }
    }
}

/// Topics and regions of a document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Classification {
    /// ISO 639-1 language: as given by the feed, or guessed from the text.
    pub language: Option<String>,
    /// Topics, by score (descending); at most 8, each scoring over 0.05.
    pub topics: Vec<TopicScore>,
    /// Countries, by score (descending); at most 10, each scoring over 0.1.
    pub regions: Vec<RegionScore>,
}

impl Classification {
    /// Topics scoring at least 0.5 (the item is about them).
    pub fn main_topics(&self) -> impl Iterator<Item = &TopicScore> {
        self.topics.iter().filter(|t| t.score >= 0.5)
    }

    /// Countries scoring at least 0.5 (the item is about them).
    pub fn main_regions(&self) -> impl Iterator<Item = &RegionScore> {
        self.regions.iter().filter(|r| r.score >= 0.5)
    }
}

/// The classifier: an immutable lexicon built once and shared (it is `Send`
/// and `Sync`; wrap it in an `Arc`).
#[derive(Debug)]
pub struct Classifier {
    lex: Lexicon,
    /// (id, display name) per topic index: the 17 IPTC topics in qcode
    /// order, then the custom topics (`custom:<key>`) in settings order.
    topic_labels: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    /// Tells this classifier's look-up caches from another's.
    instance: u64,
    /// The learned model, if the settings give one.
    blend: Option<model::Blend>,
}

impl Classifier {
    /// Builds the classifier from the embedded data plus `settings`.
    ///
    /// A term in `extra_topic_terms` names a built-in topic (short name,
    /// qcode or IPTC name) or a custom topic's key (optionally written
    /// `custom:<key>`). A term the topic already has is re-weighted rather
    /// than added twice. Weights are clamped to [-5, 5]; a negative weight
    /// counts against the topic.
    pub fn new(settings: &ClassifierSettings) -> Result<Classifier, ClassifyError> {
        let mut lex = Lexicon::from_embedded()?;
        let mut topic_labels: Vec<(Cow<'static, str>, Cow<'static, str>)> =
            topic_table().iter().map(|t| (Cow::Borrowed(t.id), Cow::Borrowed(t.name))).collect();
        let mut custom_keys: Vec<&str> = Vec::new();
        for (key, name) in &settings.custom_topics {
            let key = key.trim();
            if key.is_empty() {
                return Err(ClassifyError::EmptyTerm("custom topic".into()));
            }
            if resolve_topic(key).is_some() || custom_keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
                return Err(ClassifyError::DuplicateTopic(key.to_owned()));
            }
            custom_keys.push(key);
            let name = if name.trim().is_empty() { key } else { name.trim() };
            topic_labels.push((format!("custom:{key}").into(), name.to_owned().into()));
        }
        if topic_labels.len() > usize::from(u16::MAX) {
            return Err(ClassifyError::DuplicateTopic("(too many custom topics)".into()));
        }
        for (topic, term, weight) in &settings.extra_topic_terms {
            let t = match resolve_topic(topic) {
                Some(info) => topic_index(info.short).expect("topic from the table"),
                None => {
                    let key = topic.trim();
                    let key = key.strip_prefix("custom:").unwrap_or(key);
                    let k = custom_keys
                        .iter()
                        .position(|c| c.eq_ignore_ascii_case(key))
                        .ok_or_else(|| ClassifyError::UnknownTopic(topic.clone()))?;
                    (topic_table().len() + k) as u16
                }
            };
            if term.trim().is_empty() {
                return Err(ClassifyError::EmptyTerm(topic.clone()));
            }
            check_term_length(term)?;
            let w = if weight.is_finite() { weight.clamp(-5.0, 5.0) } else { 0.0 };
            lex.set_term(term.trim(), t, w);
        }
        for (alias, code) in &settings.place_aliases {
            let c =
                country_index(&code.to_ascii_uppercase()).ok_or_else(|| ClassifyError::UnknownCountry(code.clone()))?;
            if alias.trim().is_empty() {
                return Err(ClassifyError::EmptyTerm(code.clone()));
            }
            check_term_length(alias)?;
            lex.add_alias(Cow::Owned(alias.trim().to_owned()), vec![c].into_boxed_slice());
        }
        lex.finish();
        let blend = match &settings.model {
            None => None,
            Some(m) => {
                let mut topic_of_class = Vec::with_capacity(m.classes().len());
                for class in m.classes() {
                    let t = topic_labels
                        .iter()
                        .position(|(id, _)| id == class)
                        .ok_or_else(|| ClassifyError::ModelTopic(class.clone()))?;
                    topic_of_class.push(t);
                }
                let weight = settings.model_weight.unwrap_or(DEFAULT_MODEL_WEIGHT);
                let weight = if weight.is_finite() { weight.clamp(0.0, 1.0) } else { DEFAULT_MODEL_WEIGHT };
                Some(model::Blend { model: m.clone(), weight, topic_of_class })
            }
        };
        static INSTANCES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let instance = INSTANCES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(Classifier { lex, topic_labels, instance, blend })
    }

    /// Classifies one document. Deterministic: the same input always gives
    /// the same output.
    pub fn classify(&self, doc: &Document<'_>) -> Classification {
        with_scratch(|scratch| self.classify_with(doc, scratch, true))
    }

    /// Classifies one document with the rules alone and returns its tokens
    /// too (what the learned model's features are made of).
    pub(crate) fn classify_tokens(&self, doc: &Document<'_>) -> (Classification, Tokens) {
        with_scratch(|scratch| (self.classify_with(doc, scratch, false), scratch.tokens.clone()))
    }

    fn classify_with(&self, doc: &Document<'_>, scratch: &mut Scratch, use_model: bool) -> Classification {
        let Scratch { tokens, infos, topic_hits, place_hits, id_cache, tally, feature_counts } = scratch;
        if id_cache.owner != self.instance {
            id_cache.reset(self.instance);
        }
        tokens.clear();
        tokens.push_field(doc.title, Zone::Title);
        tokens.push_field(doc.text, Zone::Lead);
        for c in doc.categories {
            tokens.push_field(c, Zone::Category);
        }
        infos.clear();
        self.lex.lookup_all(tokens, id_cache, infos);
        let language = doc.language.and_then(lang::normalise).or_else(|| {
            lang::detect(doc.title, doc.text, |hints| {
                lang::detect_latin(
                    tokens
                        .toks
                        .iter()
                        .zip(infos.iter())
                        .filter(|(t, _)| t.zone != Zone::Category)
                        .map(|(_, info)| self.lex.stop_mask(info.id)),
                    hints,
                )
            })
        });
        let body_tokens = tokens.toks.iter().filter(|t| matches!(t.zone, Zone::Lead | Zone::Body)).count();

        let stems = language
            .as_deref()
            .filter(|l| *l != "en")
            .map(|l| Stems { lang: self.lex.lang_code(l), compounds: COMPOUNDING.contains(&l) });
        let home = doc.home_region.and_then(|h| country_index(&h.trim().to_ascii_uppercase()));
        topic_hits.clear();
        place_hits.clear();
        let term_lang = topic::TermLanguage::of(&self.lex, language.as_deref());
        let doc_lang =
            DocLanguage { topic_lang: term_lang.code, latin_bit: language.as_deref().map_or(0, lang::latin_bit) };
        self.find(tokens, infos, stems, doc_lang, topic_hits, place_hits);
        let mut c = Classification {
            topics: topic::score(&self.lex, &self.topic_labels, topic_hits, term_lang, body_tokens, tally),
            regions: region::score(&self.lex, place_hits, body_tokens, home, tally),
            language,
        };
        if let Some(blend) = self.blend.as_ref().filter(|_| use_model) {
            blend.apply(&mut c, tokens, &self.topic_labels, feature_counts);
        }
        c
    }

    /// The phrase matcher over the tokens' lexicon `infos`; the longest
    /// match wins. Where no term of the document's language matched a
    /// token, it is tried against the `stems` of the document's language
    /// (see [`Stems`]), or, in English, without its inflection; a word
    /// inside a place name is not tried. Terms of languages other than the
    /// document's (see [`DocLanguage`]) match, and so take their tokens from
    /// shorter terms, but are not hits; so do one-word English terms that
    /// are everyday words of the document's language: German "war" is
    /// "was". Case forms of place names are read only in documents of
    /// their language.
    // The index is the token position: phrases look ahead from it and hits record it.
    #[allow(clippy::needless_range_loop)]
    fn find(
        &self,
        tokens: &Tokens,
        infos: &[TokenInfo],
        stems: Option<Stems>,
        DocLanguage { topic_lang, latin_bit }: DocLanguage,
        topic_hits: &mut Vec<(u32, Zone)>,
        place_hits: &mut Vec<PlaceHit>,
    ) {
        let toks = &tokens.toks;
        let stems_lang = stems.map(|s| s.lang);
        let (mut place_skip, mut topic_skip) = (0usize, 0usize);
        // The end of the last place name that counts without corroboration:
        // a word inside one is not read by its stem ("Vereinigten" is not
        // "verein*", a club; "Recife" is not "recife*", a reef).
        let mut name_until = 0usize;
        for i in 0..toks.len() {
            let info = infos[i];
            // Most tokens start no phrase and have no English base term:
            // in English there is nothing more to do for them.
            if stems.is_none() && info.cands.is_empty() && info.base_term == NO_TOKEN {
                continue;
            }
            let tok = toks[i];
            // Phrases of two tokens or more filed under this token and the
            // next, then the token's own.
            let longer = match infos.get(i + 1) {
                Some(next) if info.cands.paired() && next.id != NO_TOKEN && toks[i + 1].field_no == tok.field_no => {
                    self.lex.pair_candidates(info.id, next.id)
                }
                _ => &[],
            };
            let free = i >= topic_skip;
            let mut place_done = i < place_skip;
            let mut topic_len = if free { None } else { Some(usize::MAX) };
            // Whether a term that counts in the document's language matched here.
            let mut in_language = false;
            let hits_here = topic_hits.len();
            for cand in longer.iter().chain(self.lex.candidates(info.cands)) {
                let len = cand.len();
                let want = match cand.target {
                    Target::Place(_) => !place_done,
                    Target::Topic(_) => topic_len.is_none_or(|l| l == len),
                };
                if !want || !rest_matches(tokens, infos, i, self.lex.rest(cand)) {
                    continue;
                }
                match cand.target {
                    Target::Place(p) => {
                        let Some(mut weak) = case_check(cand.flags, tok.flags, tok.zone) else { continue };
                        let place = &self.lex.places[p as usize];
                        // A demonym among the feed's categories is as often
                        // the edition's language ("chinese_simplified",
                        // "English") as the country: it needs corroboration.
                        weak |= place.kind == PlaceKind::Demonym && tok.zone == Zone::Category;
                        if place.flags & INFLECTED != 0 && place.langs & latin_bit == 0 {
                            continue;
                        }
                        let dotted = match place.dots {
                            Dots::Any => true,
                            Dots::After => tokens.byte_after(i + len - 1) == Some(b'.'),
                            Dots::Between => tok.flags & DOTTED != 0,
                        };
                        if !dotted {
                            continue;
                        }
                        // "US$42", "HK$3": a currency, which stories of any
                        // country convert their amounts into.
                        if place.kind == PlaceKind::Short && tokens.byte_after(i + len - 1) == Some(b'$') {
                            continue;
                        }
                        if place.kind == PlaceKind::Wider {
                            // "South America": no country, and not "America" either.
                            place_done = true;
                            place_skip = i + len;
                            name_until = i + len;
                            continue;
                        }
                        if is_model_number(tokens, i + len) {
                            continue;
                        }
                        // The second half of a hyphenated name ("McDonnell-Douglas",
                        // "Garmisch-Partenkirchen") is a town only with corroboration.
                        if matches!(place.kind, PlaceKind::City | PlaceKind::Capital)
                            && is_joined_to_capitalised_word(tokens, i)
                        {
                            weak = true;
                        }
                        // A one-word name right after a given name or a
                        // title is a surname ("Whitney Houston", "Judge
                        // Anderson"), and one that is a given name itself,
                        // right before a capitalised word, is a given name
                        // ("Vincent McCormack"): part of a person's name, it
                        // counts only where the item's other places agree.
                        let surname = len == 1
                            && place.kind != PlaceKind::Metonym
                            && ((i > 0 && self.lex.is_given_name(infos[i - 1].id) && follows_given_name(tokens, i))
                                || (i + 1 < toks.len()
                                    && self.lex.is_given_name(info.id)
                                    && toks[i + 1].flags & CAP != 0
                                    && follows_given_name(tokens, i + 1)));
                        // "hit Turkey": capitalised mid-sentence, in text
                        // written in both cases, the name is the country.
                        let firm = place.sentence_case
                            && tok.flags & CAP != 0
                            && tok.flags & (tokenize::SENT_START | TITLE_CASE | CASELESS | UPPER) == 0
                            && tok.zone != Zone::Category;
                        place_hits.push(PlaceHit {
                            entry: p,
                            zone: tok.zone,
                            firm: firm && !weak && !surname,
                            weak: weak || surname,
                            start: i as u32,
                            end: (i + len) as u32,
                            qualified: None,
                            after_name: surname || follows_capitalised_word(tokens, i),
                            surname,
                        });
                        if !weak && place.flags & (AMBIGUOUS | WORD) == 0 {
                            name_until = i + len;
                        }
                        place_done = true;
                        place_skip = i + len;
                    }
                    Target::Topic(t) => {
                        // A name that is also a word needs its capital to be
                        // telling: not in a Title Case or all-caps field.
                        if cand.flags != 0 && case_check(cand.flags, tok.flags, tok.zone) != Some(false) {
                            continue;
                        }
                        let false_friend = cand.english
                            && len == 1
                            && latin_bit != 0
                            && self.lex.false_friend_mask(info.id) & latin_bit != 0;
                        if (cand.lang == 0 || cand.lang == topic_lang) && !false_friend {
                            topic_hits.push((t, tok.zone));
                        }
                        topic_len = Some(len);
                        topic_skip = i + len;
                        in_language |= counts_in(cand, stems_lang);
                    }
                }
            }
            // The hits of whole terms at this position all have one length.
            let term_hits_end = topic_hits.len();
            // No term of the document's language matched here: try stems
            // (other languages) or English endings. Where a one-word term
            // of the language did match, its stem still adds the topics the
            // term lacks: German "Hurrikan" is filed under disaster as a
            // word and under weather as "hurrikan*", as English "hurricane"
            // is under both.
            let one_word_term = in_language && topic_len == Some(1);
            if free && (!in_language || (one_word_term && stems.is_some())) && i >= name_until {
                match stems {
                    Some(Stems { lang, compounds }) => {
                        let word = tokens.text(i);
                        let terms = self.stem_match(word, lang).or_else(|| {
                            if compounds {
                                self.tail_match(word, lang)
                            } else {
                                None
                            }
                        });
                        if let Some(terms) = terms {
                            for &t in terms {
                                let topic = self.lex.terms[t as usize].topic;
                                let term_lacks = || {
                                    !topic_hits[hits_here..term_hits_end]
                                        .iter()
                                        .any(|&(h, _)| self.lex.terms[h as usize].topic == topic)
                                };
                                if !in_language || term_lacks() {
                                    topic_hits.push((t, tok.zone));
                                }
                            }
                        }
                    }
                    // An English inflection of a one-word term.
                    None if info.base_term != NO_TOKEN => topic_hits.push((info.base_term, tok.zone)),
                    None => {}
                }
            }
            if topic_hits.len() > hits_here + 1 {
                // A stem is one word: it doubles only a one-word term.
                let same_words = if topic_len == Some(1) { topic_hits.len() } else { term_hits_end };
                self.drop_doubled_hits(topic_hits, hits_here, same_words, topic_lang);
            }
        }
    }

    /// Where the same words are a term (or stem) of the document's
    /// language `lang` and a term of any language for the same topic
    /// (Portuguese and English "crime"; French "migrant*" and English
    /// "migrants"), keeps only the former: one word is one piece of
    /// evidence. `hits[from..]` are the hits of one position, of which
    /// `hits[from..same_words]` cover the same words. A term of another
    /// language (which does not count here) drops nothing.
    fn drop_doubled_hits(&self, hits: &mut Vec<(u32, Zone)>, from: usize, mut same_words: usize, lang: u8) {
        if lang == 0 {
            return;
        }
        let terms = &self.lex.terms;
        let mut i = from;
        while i < same_words {
            let term = &terms[hits[i].0 as usize];
            let doubled = term.lang == 0
                && hits[from..same_words].iter().any(|&(h, _)| {
                    let other = &terms[h as usize];
                    other.lang == lang && other.topic == term.topic
                });
            if doubled {
                hits.remove(i);
                same_words -= 1;
            } else {
                i += 1;
            }
        }
    }

    /// Whether `terms` (one stem's) include one of language code `lang`.
    fn has_language(&self, terms: &[u32], lang: u8) -> bool {
        lang != 0 && terms.iter().any(|&t| self.lex.terms[t as usize].lang == lang)
    }
}

/// What the phrase matcher needs to know of the document's language.
#[derive(Clone, Copy)]
struct DocLanguage {
    /// The [`Lexicon::lang_code`] of the terms that count.
    topic_lang: u8,
    /// The document language's `lang::latin_bit`, 0 where it has none
    /// (English, other scripts, no language known).
    latin_bit: u16,
}

/// Working memory of one classification, kept per thread so that
/// classifying a stream of items does not allocate it again for each.
#[derive(Default)]
struct Scratch {
    tokens: Tokens,
    /// Per token, what the lexicon knows of it.
    infos: Vec<TokenInfo>,
    topic_hits: Vec<(u32, Zone)>,
    place_hits: Vec<PlaceHit>,
    id_cache: gazetteer::IdCache,
    /// The evidence tally of topic and region scoring.
    tally: evidence::Tally,
    /// Feature counts of the learned model.
    feature_counts: tokenize::FxMap<u32, f32>,
}

impl Scratch {
    /// Gives back the memory of an unusually long document.
    fn trim(&mut self) {
        const KEEP_TOKENS: usize = 64 * 1024;
        if self.infos.capacity() > KEEP_TOKENS {
            // The look-up cache is fixed-size and stays.
            self.tokens = Tokens::default();
            self.infos = Vec::new();
            self.topic_hits = Vec::new();
            self.place_hits = Vec::new();
            self.tally = evidence::Tally::default();
        }
    }
}

/// A small deterministic generator (xorshift64) for the classifier's
/// randomised tests: the same cases on every run.
#[cfg(test)]
pub(crate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Runs `f` with this thread's scratch memory, trimmed afterwards.
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            let r = f(&mut scratch);
            scratch.trim();
            r
        }
        // Only reachable if classification re-entered itself on this thread.
        Err(_) => f(&mut Scratch::default()),
    })
}

impl Classifier {
    /// Longest stem of language `lang` that is a prefix of `word` (at least
    /// 3 characters), also trying `word` without common Arabic clitics. A
    /// stem only other languages have does not hide a shorter one of `lang`.
    fn stem_match(&self, word: &str, lang: u8) -> Option<&[u32]> {
        const ARABIC_PREFIXES: [&str; 6] = ["وال", "بال", "لل", "ال", "و", "ب"];
        let bare = ARABIC_PREFIXES.iter().filter_map(|p| word.strip_prefix(p));
        for w in std::iter::once(word).chain(bare) {
            let total = w.chars().count();
            if total < 3 {
                continue;
            }
            // Prefix ends, longest first: the whole word, then each char
            // start that leaves at least 3 characters.
            let ends = std::iter::once(w.len()).chain(w.char_indices().rev().map(|(i, _)| i).take(total - 3));
            for end in ends {
                if let Some(v) = self.lex.stems.get(&w[..end]) {
                    if self.has_language(v, lang) {
                        return Some(v);
                    }
                }
            }
        }
        None
    }
}

/// How words that no term matched are tried against stems, in a document
/// not in English.
#[derive(Debug, Clone, Copy)]
struct Stems {
    /// The document's language (a [`Lexicon::lang_code`]): only its stems count.
    lang: u8,
    /// Whether the language writes compounds as one word, so that a stem
    /// also matches the tail of a token ("Verkehrsunfall" ends in "unfall").
    compounds: bool,
}

/// Languages that write compounds as one word: their stems also match the
/// tail of a token.
const COMPOUNDING: [&str; 5] = ["de", "nl", "sv", "da", "no"];

impl Classifier {
    /// Compound heads: the longest tail of `word` (after a first part of at
    /// least 3 characters) that is a stem plus at most 4 characters of
    /// ending ("verkehrsunfalls" → "unfall*").
    fn tail_match(&self, word: &str, lang: u8) -> Option<&[u32]> {
        const MAX_CHARS: usize = 63;
        let mut bounds = [0usize; MAX_CHARS + 1];
        let mut chars = 0;
        for (i, _) in word.char_indices() {
            if chars == MAX_CHARS {
                return None;
            }
            bounds[chars] = i;
            chars += 1;
        }
        bounds[chars] = word.len();
        for k in 3..chars.saturating_sub(3) {
            let tail_chars = chars - k;
            let min_stem = tail_chars.saturating_sub(4).max(4);
            for stem_chars in (min_stem..=tail_chars).rev() {
                if let Some(v) = self.lex.stems.get(&word[bounds[k]..bounds[k + stem_chars]]) {
                    if self.has_language(v, lang) {
                        return Some(v);
                    }
                }
            }
        }
        None
    }
}

/// Most words a term or place alias from the settings may have.
pub const MAX_TERM_WORDS: usize = MAX_PHRASE_TOKENS;

/// Refuses a term or place alias with more than [`MAX_TERM_WORDS`] words
/// (words as the classifier reads text): the matcher's tables keep phrase
/// lengths in a byte, and a paragraph is no term. Refuses one with no word
/// at all ("???"), which could never match.
pub fn check_term_length(term: &str) -> Result<(), ClassifyError> {
    let words = tokenize::term_tokens(term).len();
    if words > MAX_TERM_WORDS {
        let start: String = term.chars().take(40).collect();
        return Err(ClassifyError::TermTooLong(start));
    }
    if words == 0 {
        return Err(ClassifyError::NoWord(term.to_owned()));
    }
    Ok(())
}

/// Whether a topic term counts in a document of language `lang` (a
/// [`Lexicon::lang_code`]; `None`: English or unknown).
#[inline]
fn counts_in(term: &Candidate, lang: Option<u8>) -> bool {
    match term.lang {
        0 => lang.is_none() || !term.english,
        l => Some(l) == lang,
    }
}

/// Whether token `i`, itself mid-sentence, follows a capitalised word of
/// its field with only a space between ("Tom Moore", not "Shawnee,
/// Moore"), in a field whose case tells names apart (not Title Case, not
/// all capitals).
fn follows_capitalised_word(tokens: &Tokens, i: usize) -> bool {
    let toks = &tokens.toks;
    let Some(prev) = i.checked_sub(1).map(|p| toks[p]) else { return false };
    let tok = toks[i];
    only_space_before(tokens, i)
        && tok.flags & (tokenize::SENT_START | TITLE_CASE | CASELESS) == 0
        && prev.field_no == tok.field_no
        && prev.flags & CAP != 0
        && prev.flags & (tokenize::SENT_START | UPPER) == 0
}

/// Whether token `i` and the one before it, of the same field and with
/// only a space (or a title's full stop) between, are both capitalised as
/// names are: where case tells nothing (all capitals, no capitals), the
/// pair still reads as a name. Unlike [`follows_capitalised_word`], the
/// first may open the sentence ("Chris Murray said").
fn follows_given_name(tokens: &Tokens, i: usize) -> bool {
    let (prev, tok) = (tokens.toks[i - 1], tokens.toks[i]);
    let caseless = tok.flags & (CASELESS | UPPER) != 0;
    // "Mr. Holland", "Sen. Warner": a title's full stop may come between.
    let gap_ok = tokens.gap_before(i).is_none_or(|g| {
        let g = g.strip_prefix(b".").unwrap_or(g);
        std::str::from_utf8(g).is_ok_and(|g| g.chars().all(char::is_whitespace))
    });
    // "DR Congo" is no doctor: a name is not written in capitals in text
    // that has lower case.
    let name_case = prev.flags & CAP != 0 && prev.flags & UPPER == 0 && tok.flags & CAP != 0;
    prev.field_no == tok.field_no && gap_ok && (caseless || name_case)
}

/// Whether only white space separates token `i` from the token before it.
/// Where tokens are folded one by one, nothing is kept between them, and
/// the gap is taken as a space.
fn only_space_before(tokens: &Tokens, i: usize) -> bool {
    tokens.gap_before(i).is_none_or(|g| std::str::from_utf8(g).is_ok_and(|g| g.chars().all(char::is_whitespace)))
}

/// Whether token `next` is a number joined by a hyphen to the token before
/// it in the same field: then the two are a model or a code ("DC-9",
/// "MiG-29"), and the first is no place ("D.C."). Seen only where text is
/// copied whole (see [`Tokens::gap_before`]).
fn is_model_number(tokens: &Tokens, next: usize) -> bool {
    tokens.gap_before(next) == Some(b"-".as_slice())
        && tokens.toks[next - 1].field_no == tokens.toks[next].field_no
        && tokens.bytes(next).iter().all(u8::is_ascii_digit)
}

/// Whether token `i` is joined by a hyphen to a capitalised word before it
/// in the same field ("McDonnell-Douglas"), other than a prefix ("Ex-Dallas
/// cop", "Anti-Paris", "Greater-London"). Seen only where text is copied
/// whole (see [`Tokens::gap_before`]).
fn is_joined_to_capitalised_word(tokens: &Tokens, i: usize) -> bool {
    const PREFIXES: [&[u8]; 16] = [
        b"ex", b"pre", b"post", b"anti", b"pro", b"non", b"mid", b"neo", b"pan", b"trans", b"greater", b"north",
        b"south", b"east", b"west", b"central",
    ];
    tokens.gap_before(i) == Some(b"-".as_slice()) && {
        let (prev, tok) = (tokens.toks[i - 1], tokens.toks[i]);
        prev.field_no == tok.field_no && prev.flags & CAP != 0 && !PREFIXES.contains(&tokens.bytes(i - 1))
    }
}

/// Whether the tokens after `i` (looked up as `infos`) are `rest`, within
/// the same field.
#[inline]
fn rest_matches(tokens: &Tokens, infos: &[TokenInfo], i: usize, rest: &[u32]) -> bool {
    let Some(next) = infos.get(i + 1..i + 1 + rest.len()) else { return false };
    let field = tokens.toks[i].field_no;
    next.iter().zip(rest).all(|(a, &b)| a.id == b)
        && tokens.toks[i + 1..i + 1 + rest.len()].iter().all(|t| t.field_no == field)
}

/// Checks a place entry's case requirements against a token. `None` means
/// "no match"; `Some(weak)` says whether the case could not confirm it.
#[inline]
fn case_check(entry_flags: u8, tok_flags: u8, zone: Zone) -> Option<bool> {
    let caseless = tok_flags & (CASELESS | TITLE_CASE) != 0 || zone == Zone::Category;
    let mut weak = false;
    if entry_flags & NEED_UPPER != 0 {
        if tok_flags & UPPER == 0 {
            return None;
        }
        if caseless && tok_flags & DOTTED == 0 {
            weak = true;
        }
    }
    if entry_flags & PROPER != 0 && tok_flags & CAP == 0 && !caseless && tok_flags & NO_CAPITALISED_WORD == 0 {
        return None;
    }
    if entry_flags & NEED_CAP != 0 && tok_flags & CAP == 0 {
        if caseless {
            weak = true;
        } else {
            return None;
        }
    }
    Some(weak)
}

/// The 17 IPTC Media Topics top-level topics.
pub fn topics() -> &'static [TopicInfo] {
    topic_table()
}

/// Looks up a topic by short name (`"politics"`), qcode (`"medtop:11000000"`
/// or `"11000000"`) or full IPTC name, case-insensitively.
pub fn resolve_topic(name: &str) -> Option<&'static TopicInfo> {
    let n = name.trim();
    let code = n.strip_prefix("medtop:").or_else(|| n.strip_prefix("MEDTOP:")).unwrap_or(n);
    topic_table().iter().find(|t| {
        t.short.eq_ignore_ascii_case(n) || t.name.eq_ignore_ascii_case(n) || t.id.strip_prefix("medtop:") == Some(code)
    })
}

/// Resolves an ISO 3166-1 alpha-2 code (`"UA"`), an English country name
/// (`"Ukraine"`) or a UN M49 region, sub-region or intermediate-region name
/// (`"Eastern Europe"`, `"Europe"`, `"South America"`), case-insensitively,
/// to the alpha-2 codes it covers.
pub fn resolve_region(name: &str) -> Option<Vec<&'static str>> {
    let n = name.trim();
    let table = country_table();
    if let Some(c) = table.iter().find(|c| c.code.eq_ignore_ascii_case(n) || c.name.eq_ignore_ascii_case(n)) {
        return Some(vec![c.code]);
    }
    let codes: Vec<&'static str> = table
        .iter()
        .filter(|c| {
            c.region.eq_ignore_ascii_case(n)
                || c.subregion.eq_ignore_ascii_case(n)
                || c.intermediate.eq_ignore_ascii_case(n)
        })
        .map(|c| c.code)
        .collect();
    (!codes.is_empty()).then_some(codes)
}

/// Every name [`resolve_region`] accepts that is a code or an M49 group
/// (alpha-2 codes first, then M49 names), for "did you mean" suggestions.
pub fn region_names() -> Vec<&'static str> {
    let table = country_table();
    let mut names: Vec<&'static str> = table.iter().map(|c| c.code).collect();
    let mut groups: Vec<&'static str> =
        table.iter().flat_map(|c| [c.region, c.subregion, c.intermediate]).filter(|s| !s.is_empty()).collect();
    groups.sort_unstable();
    groups.dedup();
    names.extend(groups);
    names
}

/// English short name of an ISO 3166-1 alpha-2 code (case-insensitive).
pub fn country_name(code: &str) -> Option<&'static str> {
    country_index(&code.trim().to_ascii_uppercase()).map(|i| country_table()[i as usize].name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_topics_and_regions() {
        assert_eq!(resolve_topic("Conflict").unwrap().id, "medtop:16000000");
        assert_eq!(resolve_topic("16000000").unwrap().short, "conflict");
        assert_eq!(resolve_topic("medtop:11000000").unwrap().short, "politics");
        assert_eq!(resolve_topic("crime, law and justice").unwrap().short, "crime");
        assert!(resolve_topic("nonsense").is_none());
        assert_eq!(resolve_region("ua").unwrap(), vec!["UA"]);
        assert!(resolve_region("Eastern Europe").unwrap().contains(&"UA"));
        assert!(resolve_region("south america").unwrap().contains(&"BR"));
        assert!(resolve_region("Eastern Asia").unwrap().contains(&"TW"));
        assert!(region_names().contains(&"Europe"));
        assert_eq!(country_name("ua"), Some("Ukraine"));
    }

    #[test]
    fn case_rules() {
        assert_eq!(case_check(NEED_UPPER, 0, Zone::Body), None);
        assert_eq!(case_check(NEED_UPPER, UPPER | CAP, Zone::Body), Some(false));
        assert_eq!(case_check(NEED_UPPER, UPPER | CAP | CASELESS, Zone::Title), Some(true));
        assert_eq!(case_check(NEED_UPPER, UPPER | CAP | CASELESS | DOTTED, Zone::Title), Some(false));
        assert_eq!(case_check(NEED_CAP, 0, Zone::Body), None);
    }
}
