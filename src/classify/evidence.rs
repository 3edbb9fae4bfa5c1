//! Evidence: which terms matched, in which field, how often and with what
//! weight, and the saturating arithmetic that turns it into scores.
//!
//! Owns the weighting policy shared by topics and regions: title above
//! lead above later text, diminishing returns for repeats, and length
//! normalisation so long articles do not saturate every topic.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::tokenize::{FxMap, Zone};

/// One piece of evidence for a topic or region.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Evidence {
    /// The matched term as listed in the vocabulary or gazetteer (e.g.
    /// `"Kremlin"`, `"ceasefire"`). Borrowed from the built-in vocabulary
    /// where it can be, so that evidence costs no allocation per term.
    pub term: Cow<'static, str>,
    /// Document field: `"title"`, `"text"` or `"category"`; `"feed"` for
    /// the feed's home region (a prior, not a match in the text).
    pub field: Cow<'static, str>,
    /// How many times the term matched in that field.
    pub count: u32,
    /// The share of the raw score that this term contributed in that
    /// field (before length normalisation and saturation).
    pub weight: f32,
}

/// Weight of one mention in a zone.
#[inline]
pub(crate) fn zone_weight(zone: Zone) -> f32 {
    match zone {
        Zone::Title => 3.0,
        Zone::Lead => 1.6,
        Zone::Body => 1.0,
        Zone::Category => 2.5,
    }
}

/// Diminishing returns for repeated mentions: one body mention ≈ 1.4, a
/// title mention ≈ 2.8, ten body mentions ≈ 4.8.
#[inline]
pub(crate) fn damp(zone_sum: f32) -> f32 {
    2.0 * (1.0 + zone_sum).ln()
}

/// Length normaliser: 1 for short items, growing slowly with body length.
#[inline]
pub(crate) fn length_norm(body_tokens: usize) -> f32 {
    1.0 + 0.5 * (1.0 + body_tokens as f32 / 80.0).ln()
}

/// Saturating map of a normalised raw score to [0, 1).
#[inline]
pub(crate) fn saturate(x: f32, scale: f32) -> f32 {
    (1.0 - (-x / scale).exp()).clamp(0.0, 1.0)
}

/// Per-(owner, term) accumulator of mentions by field.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// (owner, term) → index into `rows`.
    index: FxMap<(u16, u32), usize>,
    /// For [`Tally::add_by_term`]: term → index into `rows`, or
    /// [`Tally::NO_ROW`]; only the entries of `rows` are ever set.
    by_term: Vec<u32>,
    pub(crate) rows: Vec<TallyRow>,
    /// Scratch for [`Tally::evidence_for_each`]: each owner's strongest
    /// pieces so far, as (weight, row, field).
    pieces: Vec<(f32, u32, u8)>,
    lens: Vec<usize>,
}

/// Mentions of one term for one owner (topic or country).
#[derive(Debug, Clone)]
pub(crate) struct TallyRow {
    pub(crate) owner: u16,
    pub(crate) term: u32,
    /// Sum of zone weights over all mentions.
    pub(crate) zone_sum: f32,
    /// Counts and zone-weight sums per field: title, text, category.
    pub(crate) fields: [(u32, f32); 3],
}

impl Tally {
    /// Empties the tally for the next document, keeping its memory: a
    /// tally is made for every document, and its hash table is most of
    /// the allocation a classification makes.
    pub(crate) fn clear(&mut self) {
        for row in &self.rows {
            if let Some(slot) = self.by_term.get_mut(row.term as usize) {
                *slot = Tally::NO_ROW;
            }
        }
        self.index.clear();
        self.rows.clear();
    }

    const NO_ROW: u32 = u32::MAX;

    /// [`Tally::add`] for terms that each belong to one owner (topic
    /// terms): the row is found by the term in a table indexed by term
    /// rather than by hashing, which counted for a fifth of topic scoring.
    /// A tally takes either this or [`Tally::add`] between two clears.
    pub(crate) fn add_by_term(&mut self, owner: u16, term: u32, zone: Zone) {
        let t = term as usize;
        if t >= self.by_term.len() {
            self.by_term.resize(t + 1, Tally::NO_ROW);
        }
        let i = match self.by_term[t] {
            Tally::NO_ROW => {
                self.by_term[t] = self.rows.len() as u32;
                self.rows.push(TallyRow { owner, term, zone_sum: 0.0, fields: [(0, 0.0); 3] });
                self.rows.len() - 1
            }
            i => i as usize,
        };
        self.rows[i].count(zone);
    }

    pub(crate) fn add(&mut self, owner: u16, term: u32, zone: Zone) {
        let i = *self.index.entry((owner, term)).or_insert_with(|| {
            self.rows.push(TallyRow { owner, term, zone_sum: 0.0, fields: [(0, 0.0); 3] });
            self.rows.len() - 1
        });
        self.rows[i].count(zone);
    }
}

impl TallyRow {
    /// Counts one mention in `zone`.
    #[inline]
    fn count(&mut self, zone: Zone) {
        let w = zone_weight(zone);
        self.zone_sum += w;
        let f = match zone {
            Zone::Title => 0,
            Zone::Lead | Zone::Body => 1,
            Zone::Category => 2,
        };
        self.fields[f].0 += 1;
        self.fields[f].1 += w;
    }
}

/// Field names, indexed like [`TallyRow::fields`].
const FIELDS: [&str; 3] = ["title", "text", "category"];

impl Tally {
    /// The `n` strongest pieces of evidence for each of `owners` (distinct:
    /// an owner asked for twice would share its list between the two),
    /// in the order given: each row's contribution (`contrib`, parallel to
    /// `rows`) shared out by field, sorted by weight (descending), then
    /// term, then field. The rows are read once for all owners, and only
    /// the kept entries allocate, which matters for long articles with
    /// many matches.
    pub(crate) fn evidence_for_each<'a>(
        &mut self,
        owners: &[usize],
        contrib: &[f32],
        n: usize,
        term_of: impl Fn(u32) -> &'a Cow<'static, str>,
    ) -> Vec<Vec<Evidence>> {
        debug_assert!(owners.iter().enumerate().all(|(i, o)| !owners[..i].contains(o)), "owners are distinct");
        if n == 0 {
            return owners.iter().map(|_| Vec::new()).collect();
        }
        // Owners are topics or countries: a table on the stack finds their
        // slots, but for custom topics beyond it.
        const NOT_ASKED: u8 = u8::MAX;
        let mut slot_of = [NOT_ASKED; 256];
        let small = owners.len() < usize::from(NOT_ASKED) && owners.iter().all(|&o| o < slot_of.len());
        if small {
            for (slot, &owner) in owners.iter().enumerate() {
                slot_of[owner] = slot as u8;
            }
        }
        let slot = |owner: u16| -> Option<usize> {
            if small {
                slot_of.get(usize::from(owner)).filter(|&&s| s != NOT_ASKED).map(|&s| usize::from(s))
            } else {
                owners.iter().position(|&o| o == usize::from(owner))
            }
        };
        // Each owner's strongest `n` so far, in order: a piece comes before
        // another with more weight, or as much and an earlier term, then
        // field. Pieces arrive in row order and a new piece goes after the
        // ones it ties with, so the lists are what a stable sort of all
        // pieces would start with. Owner `slot`'s list is
        // `pieces[slot * n..][..lens[slot]]`.
        let rows = &self.rows;
        let order = |a: &(f32, u32, u8), b: &(f32, u32, u8)| {
            b.0.total_cmp(&a.0)
                .then_with(|| term_of(rows[a.1 as usize].term).cmp(term_of(rows[b.1 as usize].term)))
                .then_with(|| FIELDS[usize::from(a.2)].cmp(FIELDS[usize::from(b.2)]))
        };
        let (pieces, lens) = (&mut self.pieces, &mut self.lens);
        pieces.clear();
        pieces.resize(owners.len() * n, (0.0, 0, 0));
        lens.clear();
        lens.resize(owners.len(), 0);
        for (i, (row, &c)) in rows.iter().zip(contrib).enumerate() {
            // Rows that add nothing (stop stems, weight 0) are no evidence.
            let Some(slot) = slot(row.owner).filter(|_| c != 0.0) else { continue };
            let top = &mut pieces[slot * n..slot * n + n];
            for (f, &(count, w)) in row.fields.iter().enumerate() {
                if count == 0 {
                    continue;
                }
                let piece = (round3(c * w / row.zone_sum), i as u32, f as u8);
                let len = lens[slot];
                if len == n && order(&piece, &top[n - 1]).is_ge() {
                    continue;
                }
                let at = top[..len].partition_point(|p| order(p, &piece).is_le());
                top.copy_within(at..len.min(n - 1), at + 1);
                top[at] = piece;
                lens[slot] = (len + 1).min(n);
            }
        }
        lens.iter()
            .enumerate()
            .map(|(slot, &len)| {
                pieces[slot * n..][..len]
                    .iter()
                    .map(|&(weight, i, f)| {
                        let row = &rows[i as usize];
                        Evidence {
                            term: term_of(row.term).clone(),
                            field: Cow::Borrowed(FIELDS[usize::from(f)]),
                            count: row.fields[usize::from(f)].0,
                            weight,
                        }
                    })
                    .collect()
            })
            .collect()
    }
}

/// Rounds to three decimals so serialised output is stable and readable.
pub(crate) fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_by_term_is_counting_by_owner_and_term() {
        type Row = (u16, u32, f32, [(u32, f32); 3]);
        let rows = |t: &Tally| -> Vec<Row> { t.rows.iter().map(|r| (r.owner, r.term, r.zone_sum, r.fields)).collect() };
        let zones = [Zone::Title, Zone::Lead, Zone::Body, Zone::Category];
        let (mut by_term, mut by_key) = (Tally::default(), Tally::default());
        for round in 0..50u32 {
            by_term.clear();
            by_key.clear();
            for i in 0..(round * 7 % 60) {
                // Each term has one owner, as topic terms do.
                let term = (i * 31 + round * 17) % 97 + 1000 * (round % 3);
                let owner = (term % 5) as u16;
                by_term.add_by_term(owner, term, zones[(i % 4) as usize]);
                by_key.add(owner, term, zones[(i % 4) as usize]);
            }
            assert_eq!(rows(&by_term), rows(&by_key));
            // The same tally used the hashed way in between (as region scoring does).
            by_term.clear();
            by_term.add(1, round, Zone::Body);
            assert_eq!(rows(&by_term).len(), 1);
        }
    }

    #[test]
    fn evidence_is_the_head_of_a_stable_sort_of_all_pieces() {
        // Few terms and weights, so that ties between pieces are common.
        let terms: Vec<Cow<'static, str>> = ["ceasefire", "kremlin", "talks", "war"].map(Cow::Borrowed).to_vec();
        let zones = [Zone::Title, Zone::Lead, Zone::Body, Zone::Category];
        let mut rng = crate::classify::xorshift(0x2545_f491_4f6c_dd1d);
        let mut next = move |m: u64| rng() % m;
        let mut tally = Tally::default();
        for _ in 0..500 {
            tally.clear();
            for _ in 0..next(40) {
                tally.add(next(5) as u16, next(terms.len() as u64) as u32, zones[next(4) as usize]);
            }
            let contrib: Vec<f32> = tally.rows.iter().map(|_| [0.0, 1.0, 2.0][next(3) as usize]).collect();
            let owners: Vec<usize> = (0..5).filter(|_| next(3) > 0).collect();
            let n = next(5) as usize;
            let got = tally.evidence_for_each(&owners, &contrib, n, |t| &terms[t as usize]);
            for (&owner, got) in owners.iter().zip(&got) {
                // The reference: every piece of the owner in row order, a stable sort, the first n.
                let mut all = Vec::new();
                for (row, &c) in tally.rows.iter().zip(&contrib) {
                    for (f, &(count, w)) in row.fields.iter().enumerate() {
                        if usize::from(row.owner) == owner && c != 0.0 && count > 0 {
                            all.push(Evidence {
                                term: terms[row.term as usize].clone(),
                                field: Cow::Borrowed(FIELDS[f]),
                                count,
                                weight: round3(c * w / row.zone_sum),
                            });
                        }
                    }
                }
                all.sort_by(|a, b| {
                    b.weight.total_cmp(&a.weight).then_with(|| a.term.cmp(&b.term)).then_with(|| a.field.cmp(&b.field))
                });
                all.truncate(n);
                assert_eq!(got, &all);
            }
        }
    }

    #[test]
    fn title_outweighs_body_and_repeats_diminish() {
        assert!(damp(zone_weight(Zone::Title)) > damp(zone_weight(Zone::Lead)));
        assert!(damp(zone_weight(Zone::Lead)) > damp(zone_weight(Zone::Body)));
        assert!(damp(10.0) < 10.0 * damp(1.0) / 2.0);
        assert!(saturate(1e9, 1.0) <= 1.0);
    }
}
