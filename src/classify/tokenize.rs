//! Tokenizer shared by the lexicon builder and the classifier.
//!
//! Owns the single normalisation step: text is lower-cased and Latin
//! diacritics are folded once, into one buffer, and tokens are byte ranges
//! into it. Letters and digits form tokens; every Han, Hiragana or Katakana
//! character is a token of its own (so phrases in Chinese and Japanese are
//! character sequences); apostrophes, hyphens and other punctuation separate
//! tokens; dotted abbreviations such as "U.S." become one token ("us").

use std::hash::{BuildHasherDefault, Hasher};

/// Where a token came from. Lead is the opening of the body text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Zone {
    Title = 0,
    Lead = 1,
    Body = 2,
    Category = 3,
}

/// Token starts with an upper-case letter.
pub(crate) const CAP: u8 = 1;
/// Every letter of the token is upper case.
pub(crate) const UPPER: u8 = 2;
/// Token opens a sentence (or a field).
pub(crate) const SENT_START: u8 = 4;
/// Token was a dotted abbreviation ("U.S.").
pub(crate) const DOTTED: u8 = 8;
/// The token's field has no case information (all upper or all lower case).
pub(crate) const CASELESS: u8 = 16;
/// The token's field is in Title Case ("Heat Wave Grips City"): a capital
/// letter there says nothing about a name.
pub(crate) const TITLE_CASE: u8 = 32;
/// The token's field has upper-case letters only in words written all in
/// capitals ("floods in pakistan kill dozens, UN says"): a lower-case
/// proper name there may still be the name.
pub(crate) const NO_CAPITALISED_WORD: u8 = 64;

/// Number of body tokens that count as the lead.
pub(crate) const LEAD_TOKENS: usize = 30;

/// One token: a range of [`Tokens::buf`] plus where it came from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) zone: Zone,
    pub(crate) flags: u8,
    /// Index of the field the token belongs to (title, text, each category).
    pub(crate) field_no: u16,
}

/// The tokens of a document, all pointing into one normalised buffer.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tokens {
    pub(crate) buf: String,
    pub(crate) toks: Vec<Token>,
    fields: u16,
    /// Scratch for [`Tokens::push_plain_field`]: the bit masks of the
    /// field being read, kept to save an allocation per field.
    blocks: Vec<ByteBlock>,
}

impl Tokens {
    pub(crate) fn with_capacity(bytes: usize) -> Tokens {
        Tokens {
            buf: String::with_capacity(bytes + 16),
            toks: Vec::with_capacity(bytes / 5 + 4),
            fields: 0,
            blocks: Vec::new(),
        }
    }

    /// Empties the tokens, keeping the memory.
    pub(crate) fn clear(&mut self) {
        self.buf.clear();
        self.toks.clear();
        self.fields = 0;
    }

    /// The normalised text of token `i`.
    #[inline]
    pub(crate) fn text(&self, i: usize) -> &str {
        let t = &self.toks[i];
        &self.buf[t.start as usize..t.end as usize]
    }

    /// The bytes of [`Tokens::text`] (no check for character boundaries:
    /// the look-up made for every token needs none).
    #[inline]
    pub(crate) fn bytes(&self, i: usize) -> &[u8] {
        let t = &self.toks[i];
        &self.buf.as_bytes()[t.start as usize..t.end as usize]
    }

    /// What lies between token `i - 1` and token `i`: the separators where
    /// the field's text was copied whole (the ASCII fast path), nothing
    /// where tokens were folded one by one. `None` for the first token and
    /// where the two are not in text order (a dotted abbreviation's letters
    /// are appended at the end of the buffer).
    #[inline]
    pub(crate) fn gap_before(&self, i: usize) -> Option<&[u8]> {
        let prev = self.toks.get(i.checked_sub(1)?)?;
        self.buf.as_bytes().get(prev.end as usize..self.toks.get(i)?.start as usize)
    }

    /// The byte that follows token `i` in the text: the dot of "Calif.",
    /// the dollar sign of "US$". Only text copied whole (the ASCII fast
    /// path) keeps what lies between tokens; where tokens were folded one
    /// by one, there is none.
    #[inline]
    pub(crate) fn byte_after(&self, i: usize) -> Option<u8> {
        self.toks.get(i).and_then(|t| self.buf.as_bytes().get(t.end as usize).copied())
    }

    /// The cache key of token `i` ([`TokenIds::cache_key`]), or `None` for
    /// a token over 16 bytes. Tokens are ranges of one buffer, so all but
    /// the last few are followed by 16 bytes of it: for those, one
    /// 16-byte load, masked to the token's length, is the key.
    #[inline]
    pub(crate) fn cache_key(&self, i: usize) -> Option<u128> {
        let t = &self.toks[i];
        let (start, len) = (t.start as usize, (t.end - t.start) as usize);
        if len == 0 || len > 16 {
            return if len == 0 { Some(0) } else { None };
        }
        match self.buf.as_bytes().get(start..start + 16) {
            Some(chunk) => {
                let word = u128::from_le_bytes(chunk.try_into().expect("16 bytes"));
                Some(word & KEY_MASKS[len])
            }
            None => TokenIds::cache_key(self.bytes(i)),
        }
    }

    /// Tokenizes `text` as one field. `zone` is the zone of its first
    /// tokens; for [`Zone::Lead`] tokens after [`LEAD_TOKENS`] become
    /// [`Zone::Body`].
    pub(crate) fn push_field(&mut self, text: &str, zone: Zone) {
        let first = self.toks.len();
        let base = self.buf.len();
        let case = match self.push_plain_field(text, zone) {
            Some(case) => case,
            None => {
                // Letters beyond ASCII: undo, and take the general path.
                self.toks.truncate(first);
                self.buf.truncate(base);
                self.push_any_field(text, zone)
            }
        };
        self.end_field(first, case);
    }

    /// Marks the case style of the field whose tokens start at `first`,
    /// given whether it has lower-case and upper-case letters.
    fn end_field(&mut self, first: usize, (has_lower, has_upper): (bool, bool)) {
        // Saturating: a caller may pass any number of categories, and past
        // 65,535 fields sharing a number costs nothing but a phrase across two.
        self.fields = self.fields.saturating_add(1);
        if !(has_lower && has_upper) {
            for t in &mut self.toks[first..] {
                t.flags |= CASELESS;
            }
        } else if self.is_title_case(first) {
            for t in &mut self.toks[first..] {
                t.flags |= TITLE_CASE;
            }
        } else if !self.toks[first..].iter().any(|t| t.flags & (CAP | UPPER) == CAP) {
            for t in &mut self.toks[first..] {
                t.flags |= NO_CAPITALISED_WORD;
            }
        }
    }

    /// [`Tokens::push_field`] for text whose words are all ASCII (most
    /// English text; curly quotes, dashes and no-break spaces are allowed,
    /// see [`is_separator`]), the fast way: the field is copied and
    /// lower-cased in one go, its bytes are classified 64 at a time into
    /// bit masks ([`ByteBlock`]), and words are found by bit scans, so that
    /// reading a word costs no branch per byte. Returns whether the field
    /// has lower-case and upper-case letters, or `None` at the first other
    /// non-ASCII character (the caller then undoes what was pushed and
    /// takes the general path). Where it returns `Some`, it gives the
    /// tokens of [`Tokens::push_any_field`] (tested).
    fn push_plain_field(&mut self, text: &str, zone: Zone) -> Option<(bool, bool)> {
        let base = self.buf.len();
        self.buf.push_str(text);
        self.buf[base..].make_ascii_lowercase();
        let mut blocks = std::mem::take(&mut self.blocks);
        ByteBlock::read(text.as_bytes(), &mut blocks);
        let field = FieldCursor::new(self.fields, zone);
        let words = self.push_plain_words(text, base, field, FieldBits(&blocks));
        let case = blocks.iter().fold((false, false), |(l, u), b| (l || b.lower != 0, u || b.upper != 0));
        self.blocks = blocks;
        words.map(|()| case)
    }

    /// The word loop of [`Tokens::push_plain_field`]: `text` is already at
    /// `base` of the buffer, lower-cased, and `bits` describes its bytes.
    ///
    /// It walks the blocks one at a time and, in each, the bits where a
    /// word starts, so that most words (all but those that run into the
    /// next block) are read from the one block's masks held in registers:
    /// a word's end, its case and the gap before it are each a mask or
    /// two, not a scan.
    fn push_plain_words(&mut self, text: &str, base: usize, mut field: FieldCursor, bits: FieldBits<'_>) -> Option<()> {
        let bytes = text.as_bytes();
        let len = bytes.len();
        // Where the text not yet read starts: the end of the last word, or
        // of a web address or dotted abbreviation read whole.
        let mut pos = 0usize;
        // Whether the gap since `pos`, in the blocks already passed, holds
        // punctuation that ends a sentence, or bytes beyond ASCII.
        let (mut gap_ends, mut gap_high) = (false, false);
        // Bit 0 set where the previous block ends inside a word.
        let mut carry = 0u64;
        for (bi, b) in bits.0.iter().enumerate() {
            let block_start = bi * 64;
            let mut starts = b.alnum & !(b.alnum << 1 | carry);
            carry = b.alnum >> 63;
            // The bits of this block at or after `pos`.
            let mut unread = bits_from(pos, block_start);
            while starts != 0 {
                let at = starts.trailing_zeros() as usize;
                starts &= starts - 1;
                let start = block_start + at;
                if start < pos {
                    // Inside a web address or an abbreviation read whole.
                    continue;
                }
                // The separators before the word: punctuation may end a
                // sentence; a character beyond ASCII must be a separator.
                let gap = unread & ((1u64 << at) - 1);
                if gap_high || b.high & gap != 0 {
                    read_plain_gap(&text[pos..start], &mut field)?;
                } else {
                    field.sentence_start |= gap_ends || b.ends & gap != 0;
                }
                (gap_ends, gap_high) = (false, false);
                let after = !b.alnum & (u64::MAX << at);
                // `punct`: whether the byte after the word may be
                // punctuation that ends a sentence (so possibly the "." or
                // ":" of an abbreviation or a web address).
                let (end, mut lower, mut upper, punct) = if after != 0 {
                    let stop = after.trailing_zeros();
                    let word = (u64::MAX << at) & !(u64::MAX << stop);
                    unread = u64::MAX << stop;
                    (block_start + stop as usize, b.lower & word != 0, b.upper & word != 0, b.ends >> stop & 1 != 0)
                } else {
                    // The word runs into the next block.
                    let end = bits.next(start, false, len);
                    let word = bits.span(start, end);
                    unread = 0;
                    (end, word.any(bits, |b| b.lower), word.any(bits, |b| b.upper), true)
                };
                pos = end;
                if punct && (3..=5).contains(&(end - start)) && matches!(bytes.get(end), Some(b':' | b'.')) {
                    if let Some(url_end) = self.skip_plain_url(text, base, start, end, &mut field) {
                        pos = url_end;
                        unread = bits_from(pos, block_start);
                        continue;
                    }
                }
                let mut flags = if b.upper >> at & 1 != 0 { CAP } else { 0 };
                let (mut tok_start, mut tok_end) = (base + start, base + end);
                if punct && end - start == 1 && bytes.get(end) == Some(&b'.') && plain_abbreviation_goes_on(bytes, end)?
                {
                    // A dotted abbreviation ("U.S."): its letters, without the
                    // dots, at the end of the buffer.
                    flags |= DOTTED;
                    tok_start = self.buf.len();
                    self.buf.push(char::from(bytes[start].to_ascii_lowercase()));
                    loop {
                        // At a dot followed by a letter and a dot.
                        let letter = bytes[pos + 1];
                        lower |= letter.is_ascii_lowercase();
                        upper |= letter.is_ascii_uppercase();
                        self.buf.push(char::from(letter.to_ascii_lowercase()));
                        pos += 2;
                        if !plain_abbreviation_goes_on(bytes, pos)? {
                            // The final dot ends the token, not the sentence.
                            pos += 1;
                            break;
                        }
                    }
                    tok_end = self.buf.len();
                    unread = bits_from(pos, block_start);
                }
                if upper && !lower {
                    flags |= UPPER;
                }
                field.push(&mut self.toks, tok_start, tok_end, flags);
            }
            // The end of the block is in the gap before the next word.
            gap_ends |= b.ends & unread != 0;
            gap_high |= b.high & unread != 0;
        }
        // The gap after the last word.
        if gap_high {
            read_plain_gap(&text[pos..], &mut field)?;
        }
        Some(())
    }

    /// For the word `start..end` of a field at `base` of the buffer, on the
    /// plain path: where the web address it starts ends, if it starts one;
    /// the label before the address ("Facebook: https://…") is taken back.
    /// Kept out of the word loop, which runs for every word.
    #[cold]
    #[inline(never)]
    fn skip_plain_url(
        &mut self,
        text: &str,
        base: usize,
        start: usize,
        end: usize,
        field: &mut FieldCursor,
    ) -> Option<usize> {
        let url_end = url_end(&self.buf.as_bytes()[base + start..base + end], text, end)?;
        if let Some(prev) = self.toks.last().filter(|t| field.count > 0 && t.flags & DOTTED == 0) {
            if is_label_gap(&text.as_bytes()[prev.end as usize - base..start]) {
                field.pop(&mut self.toks);
            }
        }
        Some(url_end)
    }

    /// [`Tokens::push_field`] for any text: each token is normalised
    /// (lower-cased, diacritics folded) onto the end of the buffer. Returns
    /// whether the field has lower-case and upper-case letters.
    // The token-finishing macro resets state that the final call never reads.
    #[allow(unused_assignments)]
    fn push_any_field(&mut self, text: &str, zone: Zone) -> (bool, bool) {
        let mut field = FieldCursor::new(self.fields, zone);
        let (mut has_lower, mut has_upper) = (false, false);
        let bytes = text.as_bytes();
        let mut pos = 0usize;
        self.buf.reserve(text.len());
        // The token being read: `cur_start..cur_end` of the buffer, always
        // at its end.
        let mut cur_start: Option<usize> = None;
        // Where in `text` the token being read starts, and where the last
        // token pushed ended (for the label of a web address).
        let (mut cur_text_start, mut cur_text_end, mut prev_text_end) = (0usize, 0usize, 0usize);
        let mut cur_end = 0usize;
        let mut cur_flags = 0u8;
        let mut cur_letters = 0usize;
        let mut cur_upper = true;
        let mut seg_chars = 0usize;

        macro_rules! finish {
            () => {
                if let Some(s) = cur_start.take() {
                    let mut flags = cur_flags;
                    if cur_letters > 0 && cur_upper {
                        flags |= UPPER;
                    }
                    field.push(&mut self.toks, s, cur_end, flags);
                    prev_text_end = cur_text_end;
                    cur_flags = 0;
                    cur_letters = 0;
                    cur_upper = true;
                    seg_chars = 0;
                }
            };
        }

        while pos < bytes.len() {
            let class = ASCII_CLASS[usize::from(bytes[pos])];
            if class & (LOWER_ASCII | UPPER_ASCII | DIGIT_ASCII) != 0 {
                // Fast path: a run of ASCII letters and digits, classified
                // by one table look-up per byte, then copied and
                // lower-cased in one go.
                let run_start = pos;
                let mut seen = 0u8;
                while pos < bytes.len() {
                    let c = ASCII_CLASS[usize::from(bytes[pos])];
                    if c & (LOWER_ASCII | UPPER_ASCII | DIGIT_ASCII) == 0 {
                        break;
                    }
                    seen |= c;
                    pos += 1;
                }
                let opens = cur_start.is_none();
                if opens {
                    cur_text_start = run_start;
                }
                let at = self.buf.len();
                cur_start.get_or_insert(at);
                self.buf.push_str(&text[run_start..pos]);
                if seen & UPPER_ASCII != 0 {
                    self.buf[at..].make_ascii_lowercase();
                }
                cur_end = self.buf.len();
                if opens && class & UPPER_ASCII != 0 {
                    cur_flags |= CAP;
                }
                if seen & (LOWER_ASCII | UPPER_ASCII) != 0 {
                    cur_letters += 1;
                }
                if seen & LOWER_ASCII != 0 {
                    cur_upper = false;
                    has_lower = true;
                }
                has_upper |= seen & UPPER_ASCII != 0;
                seg_chars += pos - run_start;
                cur_text_end = pos;
                continue;
            }
            if class & OTHER_ASCII != 0 {
                if let Some(url_end) = cur_start
                    .filter(|_| matches!(bytes[pos], b':' | b'.'))
                    .and_then(|s| url_end(&self.buf.as_bytes()[s..cur_end], text, pos))
                {
                    // A web address: no token, but its letters tell the
                    // field's case, as on the plain path. The label before
                    // it goes too.
                    self.buf.truncate(cur_start.take().expect("checked"));
                    if self.toks.last().is_some_and(|t| field.count > 0 && t.flags & DOTTED == 0)
                        && is_label_gap(&bytes[prev_text_end..cur_text_start])
                    {
                        field.pop(&mut self.toks);
                    }
                    (cur_flags, cur_letters, cur_upper, seg_chars) = (0, 0, true, 0);
                    for &b in &bytes[pos..url_end] {
                        has_lower |= b.is_ascii_lowercase();
                        has_upper |= b.is_ascii_uppercase();
                    }
                    pos = url_end;
                    continue;
                }
                // ASCII space or punctuation: a separator, read as a byte.
                pos += 1;
                if bytes[pos - 1] == b'.' && cur_start.is_some() && seg_chars == 1 {
                    // Dotted abbreviation: single letters separated by dots.
                    if abbreviation_goes_on(&text[pos..]) {
                        cur_flags |= DOTTED;
                        seg_chars = 0;
                        continue;
                    }
                    if cur_flags & DOTTED != 0 {
                        // the final dot of "U.S." ends the token, not the sentence
                        finish!();
                        continue;
                    }
                }
                finish!();
                field.sentence_start |= class & ENDS_SENTENCE != 0;
                continue;
            }
            // A non-ASCII character.
            let c = text[pos..].chars().next().expect("pos is on a char boundary");
            pos += c.len_utf8();
            if is_ideograph(c) {
                finish!();
                let s = self.buf.len();
                self.buf.push(c);
                field.push(&mut self.toks, s, self.buf.len(), 0);
                prev_text_end = pos;
                continue;
            }
            let punctuation = is_separator(c);
            let letter = !punctuation && is_letter(c);
            if letter || (!punctuation && (c.is_numeric() || (cur_start.is_some() && is_mark(c)))) {
                if cur_start.is_none() {
                    cur_text_start = pos - c.len_utf8();
                    cur_start = Some(self.buf.len());
                    if c.is_uppercase() {
                        cur_flags |= CAP;
                    }
                }
                if letter {
                    cur_letters += 1;
                    if c.is_lowercase() {
                        cur_upper = false;
                        has_lower = true;
                    } else if c.is_uppercase() {
                        has_upper = true;
                    }
                }
                seg_chars += 1;
                push_folded(&mut self.buf, c);
                cur_end = self.buf.len();
                cur_text_end = pos;
                continue;
            }
            finish!();
            field.sentence_start |= matches!(c, '。' | '！' | '？' | '“');
        }
        finish!();
        (has_lower, has_upper)
    }

    /// Whether the tokens from `first` on read as Title Case: at least three
    /// words of four letters or more (short words such as "of" stay lower
    /// case in Title Case), nearly all of them capitalised.
    fn is_title_case(&self, first: usize) -> bool {
        // The first 40 such words decide: a long text does not change case style.
        let (mut words, mut capitalised) = (0usize, 0usize);
        for (i, t) in self.toks.iter().enumerate().skip(first) {
            if words == 40 {
                break;
            }
            let text = self.text(i);
            if text.len() < 4 || !text.bytes().all(|b| b.is_ascii_alphabetic()) {
                continue;
            }
            words += 1;
            capitalised += usize::from(t.flags & CAP != 0);
        }
        words >= 3 && capitalised * 10 >= words * 9
    }
}

/// [`ASCII_CLASS`] bits.
const LOWER_ASCII: u8 = 1;
const UPPER_ASCII: u8 = 2;
const DIGIT_ASCII: u8 = 4;
const OTHER_ASCII: u8 = 8;
/// Punctuation after which a new sentence (or list item) starts.
const ENDS_SENTENCE: u8 = 16;

/// The bytes that are [`ENDS_SENTENCE`].
const SENTENCE_ENDS: [u8; 8] = [b'.', b'!', b'?', b'\n', b':', b';', b'"', b'|'];

/// Class of each byte: ASCII lower, upper, digit or other (space and
/// punctuation, some of which ends a sentence); 0 for the bytes of
/// non-ASCII characters.
static ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'a'..=b'z' => LOWER_ASCII,
            b'A'..=b'Z' => UPPER_ASCII,
            b'0'..=b'9' => DIGIT_ASCII,
            _ => OTHER_ASCII,
        };
        b += 1;
    }
    let mut i = 0;
    while i < SENTENCE_ENDS.len() {
        t[SENTENCE_ENDS[i] as usize] |= ENDS_SENTENCE;
        i += 1;
    }
    t
};

/// Non-ASCII characters common in English news text that are never part of
/// a word: Latin-1 punctuation and symbols (no-break space, "£", "°", "«"),
/// General Punctuation (curly quotes, dashes, spaces; but for the
/// zero-width non-joiner inside Persian words) and currency signs ("€").
/// Told apart without the Unicode tables.
#[inline]
fn is_separator(c: char) -> bool {
    matches!(c as u32,
        0xA0..=0xA9 | 0xAB..=0xB1 | 0xB4 | 0xB6..=0xB8 | 0xBB | 0xBF | 0xD7 | 0xF7
        | 0x2000..=0x200B | 0x200D..=0x206F | 0x20A0..=0x20CF)
}

/// `KEY_MASKS[n]` keeps the low `n` bytes of a 16-byte word: a table,
/// since a variable 128-bit shift costs a dozen instructions per token.
static KEY_MASKS: [u128; 17] = {
    let mut t = [0u128; 17];
    let mut n = 1;
    while n <= 16 {
        t[n] = u128::MAX >> (128 - 8 * n);
        n += 1;
    }
    t
};

/// What 64 bytes of a field are, one bit per byte (bit `i` is byte `i`):
/// ASCII letters and digits (the bytes of words), upper- and lower-case
/// ASCII letters, punctuation that ends a sentence, and the bytes of
/// characters beyond ASCII.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct ByteBlock {
    alnum: u64,
    upper: u64,
    lower: u64,
    ends: u64,
    high: u64,
}

impl ByteBlock {
    /// Fills `blocks` with the blocks of `bytes`; the last block is padded
    /// with bytes that are none of the kinds.
    fn read(bytes: &[u8], blocks: &mut Vec<ByteBlock>) {
        blocks.clear();
        let mut chunks = bytes.chunks_exact(64);
        blocks.extend(chunks.by_ref().map(|c| ByteBlock::of(c.try_into().expect("64 bytes"))));
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut padded = [0u8; 64];
            padded[..rest.len()].copy_from_slice(rest);
            blocks.push(ByteBlock::of(&padded));
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[inline]
    fn of(chunk: &[u8; 64]) -> ByteBlock {
        // SAFETY: SSE2 is part of the x86_64 baseline, so every x86_64
        // processor has it.
        unsafe { ByteBlock::of_sse2(chunk) }
    }

    #[cfg(not(target_arch = "x86_64"))]
    #[inline]
    fn of(chunk: &[u8; 64]) -> ByteBlock {
        ByteBlock::of_scalar(chunk)
    }

    /// [`ByteBlock::of`] with 16-byte compares: a byte range test is an add
    /// and a signed compare, and `movemask` gathers a bit per byte.
    ///
    /// # Safety
    /// The processor must have SSE2 (every x86_64 processor has).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "sse2")]
    unsafe fn of_sse2(chunk: &[u8; 64]) -> ByteBlock {
        use std::arch::x86_64::{
            __m128i, _mm_add_epi8, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
            _mm_set1_epi8,
        };
        // Bytes in `lo..lo + n`: shifted so that `lo` is -128, they are the
        // bytes below -128 + n.
        macro_rules! in_range {
            ($v:expr, $lo:expr, $n:expr) => {
                _mm_cmplt_epi8(
                    _mm_add_epi8($v, _mm_set1_epi8(0x80u8.wrapping_sub($lo) as i8)),
                    _mm_set1_epi8(0x80u8.wrapping_add($n) as i8),
                )
            };
        }
        let mut b = ByteBlock::default();
        for k in 0..4 {
            // SAFETY: `chunk[16 * k..16 * k + 16]` is in bounds; the load
            // needs no alignment.
            let v = _mm_loadu_si128(chunk[16 * k..].as_ptr().cast::<__m128i>());
            let (upper, lower, digit) = (in_range!(v, b'A', 26), in_range!(v, b'a', 26), in_range!(v, b'0', 10));
            let mut ends = _mm_cmpeq_epi8(v, _mm_set1_epi8(SENTENCE_ENDS[0] as i8));
            for &e in &SENTENCE_ENDS[1..] {
                ends = _mm_or_si128(ends, _mm_cmpeq_epi8(v, _mm_set1_epi8(e as i8)));
            }
            let shift = 16 * k;
            // movemask gathers the sign bit of each byte: all ones where a
            // compare held, and for `v` itself, the bytes beyond ASCII.
            b.alnum |= u64::from(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(upper, lower), digit)) as u16) << shift;
            b.upper |= u64::from(_mm_movemask_epi8(upper) as u16) << shift;
            b.lower |= u64::from(_mm_movemask_epi8(lower) as u16) << shift;
            b.ends |= u64::from(_mm_movemask_epi8(ends) as u16) << shift;
            b.high |= u64::from(_mm_movemask_epi8(v) as u16) << shift;
        }
        b
    }

    /// [`ByteBlock::of`] a byte at a time, from [`ASCII_CLASS`]: for other
    /// processors, and the reference the fast version is tested against.
    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    fn of_scalar(chunk: &[u8; 64]) -> ByteBlock {
        let mut b = ByteBlock::default();
        for (i, &byte) in chunk.iter().enumerate() {
            let class = ASCII_CLASS[usize::from(byte)];
            let bit = 1u64 << i;
            if class & (LOWER_ASCII | UPPER_ASCII | DIGIT_ASCII) != 0 {
                b.alnum |= bit;
            }
            if class & UPPER_ASCII != 0 {
                b.upper |= bit;
            }
            if class & LOWER_ASCII != 0 {
                b.lower |= bit;
            }
            if class & ENDS_SENTENCE != 0 {
                b.ends |= bit;
            }
            if byte >= 0x80 {
                b.high |= bit;
            }
        }
        b
    }
}

/// A range of a field's bytes: its first and last block, and the bits of
/// the range in each (the blocks between are wholly inside it).
#[derive(Clone, Copy)]
struct Span {
    first: usize,
    last: usize,
    from: u64,
    to: u64,
}

impl Span {
    /// Whether any byte of the span has a bit in `mask`.
    #[inline]
    fn any(self, bits: FieldBits<'_>, mask: impl Fn(&ByteBlock) -> u64) -> bool {
        let blocks = bits.0;
        if self.first == self.last {
            return mask(&blocks[self.first]) & self.from & self.to != 0;
        }
        mask(&blocks[self.first]) & self.from != 0
            || blocks[self.first + 1..self.last].iter().any(|b| mask(b) != 0)
            || mask(&blocks[self.last]) & self.to != 0
    }
}

/// The blocks of one field, with the bit scans the word loop needs.
#[derive(Clone, Copy)]
struct FieldBits<'a>(&'a [ByteBlock]);

impl FieldBits<'_> {
    /// The first byte at or after `pos` that is (`word` true) or is not a
    /// letter or digit; `len`, the field's length, if there is none.
    #[inline]
    fn next(self, pos: usize, word: bool, len: usize) -> usize {
        let flip = if word { 0 } else { u64::MAX };
        let mut i = pos / 64;
        let Some(block) = self.0.get(i) else { return len };
        let mut bits = (block.alnum ^ flip) & (u64::MAX << (pos % 64));
        loop {
            if bits != 0 {
                return (i * 64 + bits.trailing_zeros() as usize).min(len);
            }
            i += 1;
            match self.0.get(i) {
                Some(block) => bits = block.alnum ^ flip,
                None => return len,
            }
        }
    }

    /// The bytes `start..end` (not empty), as masks over their blocks.
    #[inline]
    fn span(self, start: usize, end: usize) -> Span {
        Span {
            first: start / 64,
            last: (end - 1) / 64,
            from: u64::MAX << (start % 64),
            to: u64::MAX >> (63 - (end - 1) % 64),
        }
    }
}

/// Where a field's tokenizer is, for what every token of the field is
/// stamped with: its field, its zone (the lead ends after [`LEAD_TOKENS`]
/// tokens), and whether it opens a sentence.
struct FieldCursor {
    field_no: u16,
    zone: Zone,
    /// Tokens pushed so far.
    count: usize,
    /// The next token opens a sentence.
    sentence_start: bool,
    /// The count from which tokens are [`Zone::Body`]: [`LEAD_TOKENS`] in
    /// the lead, never elsewhere.
    lead_end: usize,
}

impl FieldCursor {
    fn new(field_no: u16, zone: Zone) -> FieldCursor {
        let lead_end = if zone == Zone::Lead { LEAD_TOKENS } else { usize::MAX };
        FieldCursor { field_no, zone, count: 0, sentence_start: true, lead_end }
    }

    /// Pushes the token `start..end` of the buffer with `flags` (plus
    /// [`SENT_START`] where it opens a sentence).
    #[inline]
    fn push(&mut self, toks: &mut Vec<Token>, start: usize, end: usize, mut flags: u8) {
        if self.sentence_start {
            flags |= SENT_START;
            self.sentence_start = false;
        }
        let zone = if self.count >= self.lead_end { Zone::Body } else { self.zone };
        self.count += 1;
        toks.push(Token { start: start as u32, end: end as u32, zone, flags, field_no: self.field_no });
    }

    /// Takes back the last token pushed (one of this field's).
    fn pop(&mut self, toks: &mut Vec<Token>) {
        if let Some(t) = toks.pop() {
            self.count -= 1;
            self.sentence_start |= t.flags & SENT_START != 0;
        }
    }
}

/// Where a web address ends, if the word `word` (lower case) that ends at
/// `text[at]` starts one ("https" before "://", "www" before ".x"): at
/// the first space, quote or angle bracket, or at punctuation beyond ASCII
/// (a no-break space, a curly quote); letters beyond ASCII are part of it. A web
/// address is not prose, and its words are not evidence: the share and
/// follow links that video and social feeds append ("Facebook:
/// https://www.facebook.com/…") would otherwise make every item a
/// technology story.
#[inline]
fn url_end(word: &[u8], text: &str, at: usize) -> Option<usize> {
    let rest = &text.as_bytes()[at..];
    let starts = match word {
        b"http" | b"https" => rest.starts_with(b"://"),
        b"www" => rest.len() > 1 && rest[0] == b'.' && rest[1].is_ascii_alphanumeric(),
        _ => false,
    };
    if !starts {
        return None;
    }
    let len = text[at..]
        .char_indices()
        .find(|&(_, c)| c.is_ascii_whitespace() || matches!(c, '"' | '<' | '>') || is_separator(c))
        .map_or(rest.len(), |(i, _)| i);
    Some(at + len)
}

/// Whether the text between a word and a web address makes the word its
/// label: a colon, then spaces ("Twitter: https://…").
#[inline]
fn is_label_gap(gap: &[u8]) -> bool {
    gap.first() == Some(&b':') && gap[1..].iter().all(|&b| b == b' ' || b == b'\t')
}

/// The bits of the block starting at byte `block_start` that are at or
/// after byte `pos`.
#[inline]
fn bits_from(pos: usize, block_start: usize) -> u64 {
    match pos.saturating_sub(block_start) {
        0 => u64::MAX,
        n if n >= 64 => 0,
        n => u64::MAX << n,
    }
}

/// A gap between words on the plain path that holds characters beyond
/// ASCII, read a character at a time: `None` at one that is not a
/// separator (a letter, for the general path to fold).
#[cold]
fn read_plain_gap(gap: &str, field: &mut FieldCursor) -> Option<()> {
    for c in gap.chars() {
        if c.is_ascii() {
            field.sentence_start |= ASCII_CLASS[c as usize] & ENDS_SENTENCE != 0;
        } else if is_separator(c) {
            // An opening curly quote starts a sentence, as a straight one does.
            field.sentence_start |= c == '“';
        } else {
            return None;
        }
    }
    Some(())
}

/// [`abbreviation_goes_on`] for [`Tokens::push_plain_field`], at the dot
/// `bytes[dot]`: `None` when a non-ASCII character follows it (a letter
/// there is for the general path to fold).
#[inline]
fn plain_abbreviation_goes_on(bytes: &[u8], dot: usize) -> Option<bool> {
    match bytes.get(dot + 1) {
        Some(&b) if b >= 0x80 => None,
        Some(&b) => Some(b.is_ascii_alphabetic() && bytes.get(dot + 2) == Some(&b'.')),
        None => Some(false),
    }
}

/// Whether `rest`, the text after a dot that follows a single letter,
/// goes on as a dotted abbreviation: a letter, then a dot ("S." after "U.").
#[inline]
fn abbreviation_goes_on(rest: &str) -> bool {
    let mut look = rest.chars();
    matches!(look.next(), Some(x) if x.is_alphabetic() && !is_ideograph(x)) && look.next() == Some('.')
}

/// Whether `c` is alphabetic, answered from the ranges of the common
/// alphabets (Latin, Greek, Cyrillic, Hebrew, Arabic letters) before the
/// general Unicode tables, which cost a binary search per character.
#[inline]
pub(crate) fn is_letter(c: char) -> bool {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A => true,
        0xC0..=0x24F => c != '×' && c != '÷',
        0x391..=0x3A1 | 0x3A3..=0x3C9 => true,
        0x400..=0x481 | 0x48A..=0x52F => true,
        0x5D0..=0x5EA => true,
        0x620..=0x64A | 0x671..=0x6D3 => true,
        _ => c.is_alphabetic(),
    }
}

/// Han, Hiragana and Katakana characters: one token each.
#[inline]
pub(crate) fn is_ideograph(c: char) -> bool {
    let o = c as u32;
    (0x3040..0x3100).contains(&o)
        || (0x3400..0x4DC0).contains(&o)
        || (0x4E00..0xA000).contains(&o)
        || (0xF900..0xFB00).contains(&o)
        || (0x31F0..0x3200).contains(&o)
        || o == 0x30FC
}

/// Combining marks that continue a token (Latin, Arabic, and Devanagari and
/// Bengali vowel signs, viramas and nuktas).
#[inline]
fn is_mark(c: char) -> bool {
    let o = c as u32;
    (0x300..0x370).contains(&o)
        || (0x610..0x61B).contains(&o)
        || (0x64B..0x660).contains(&o)
        || o == 0x670
        || o == 0x200C
        || (0x900..0x904).contains(&o)
        || (0x93A..0x950).contains(&o)
        || (0x951..0x958).contains(&o)
        || (0x9BC..0x9D8).contains(&o)
}

/// Pushes the lower-cased, diacritic-folded form of `c`.
#[inline]
fn push_folded(buf: &mut String, c: char) {
    if c.is_ascii() {
        buf.push(c.to_ascii_lowercase());
        return;
    }
    let o = c as u32;
    if (0x300..0x370).contains(&o) || (0x64B..0x660).contains(&o) || o == 0x670 || o == 0x640 {
        return; // combining accents, Arabic vowel marks and tatweel: dropped by folding
    }
    if let Some((base, nukta)) = nukta_parts(o) {
        // Devanagari and Bengali letters with a nukta come both ways: one
        // code point ("য়", as keyboards type it) or letter plus nukta (as
        // Unicode normalisation writes it). Both read as the latter.
        buf.push(base);
        buf.push(nukta);
        return;
    }
    for l in c.to_lowercase() {
        // Lower-casing can itself produce a combining mark (Turkish "İ"
        // becomes "i" plus a dot above): folding drops it too.
        if !(0x300..0x370).contains(&(l as u32)) {
            buf.push(fold(l));
        }
    }
}

/// The letter and nukta of a precomposed Devanagari (क़ … य़) or Bengali
/// (ড়, ঢ়, য়) letter, which Unicode normalisation decomposes.
#[inline]
fn nukta_parts(o: u32) -> Option<(char, char)> {
    const DEVANAGARI: [char; 8] = ['क', 'ख', 'ग', 'ज', 'ड', 'ढ', 'फ', 'य'];
    match o {
        0x958..=0x95F => Some((DEVANAGARI[(o - 0x958) as usize], '\u{93C}')),
        0x9DC => Some(('ড', '\u{9BC}')),
        0x9DD => Some(('ঢ', '\u{9BC}')),
        0x9DF => Some(('য', '\u{9BC}')),
        _ => None,
    }
}

/// Folds Latin letters with diacritics to their base letter.
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ŧ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'ё' => 'е',
        // Arabic-script spelling variants: Persian and Arabic yeh and kaf,
        // alef maksura, and hamza or madda on alef.
        'ی' | 'ى' => 'ي',
        'ک' => 'ك',
        'أ' | 'إ' | 'آ' => 'ا',
        other => other,
    }
}

/// Tokenizes a lexicon term the same way as document text and returns the
/// normalised tokens.
pub(crate) fn term_tokens(term: &str) -> Vec<String> {
    let mut t = Tokens::with_capacity(term.len());
    t.push_field(term, Zone::Body);
    (0..t.toks.len()).map(|i| t.text(i).to_owned()).collect()
}

/// A small, fast, non-cryptographic hasher (FxHash) for lexicon look-ups.
/// The keys come from our own data, so hash flooding is not a concern.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

pub(crate) const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Token → id map for the look-up made once per document token. Tokens of
/// up to 8 or 16 bytes (nearly all) are packed into an integer key, so that
/// a look-up hashes and compares integers instead of calling `memcmp`, and
/// the common short tokens sit in a table with 16-byte slots.
#[derive(Debug, Default)]
pub(crate) struct TokenIds {
    short: FxMap<u64, u32>,
    medium: FxMap<u128, u32>,
    long: FxMap<Box<[u8]>, u32>,
    /// A Bloom filter of the tokens in the maps, two bits each: most of the
    /// document tokens that miss the per-thread cache are in no phrase,
    /// and the filter, small enough to stay in a core's cache, tells them
    /// so without a probe of the large tables (a trip to main memory).
    filter: Box<[u64]>,
}

/// A token's bytes, zero-padded. Tokens hold no NUL, so the packing is
/// one-to-one.
enum Packed<'a> {
    Short(u64),
    Medium(u128),
    Long(&'a [u8]),
}

impl TokenIds {
    #[inline]
    fn pack(token: &[u8]) -> Packed<'_> {
        let b = token;
        if b.len() <= 8 {
            Packed::Short(load_le(b))
        } else if b.len() <= 16 {
            Packed::Medium(u128::from(load_le(&b[..8])) | u128::from(load_le(&b[8..])) << 64)
        } else {
            Packed::Long(token)
        }
    }

    /// Filter size: 2^20 bits (128 KiB) keep false positives near 2 % for
    /// the built-in vocabulary of about 80,000 tokens.
    const FILTER_BITS: u32 = 20;

    /// The two filter bits of a packed token.
    #[inline]
    fn filter_bits(packed: &Packed<'_>) -> (usize, usize) {
        let h = match *packed {
            Packed::Short(k) => (k ^ k >> 31).wrapping_mul(SEED),
            Packed::Medium(k) => ((k as u64) ^ ((k >> 64) as u64).rotate_left(23)).wrapping_mul(SEED),
            Packed::Long(s) => {
                let mut h = FxHasher::default();
                h.write(s);
                h.finish().wrapping_mul(SEED)
            }
        };
        let h = h ^ h >> 32;
        let mask = (1usize << TokenIds::FILTER_BITS) - 1;
        ((h as usize) & mask, (h >> 40) as usize & mask)
    }

    #[inline]
    pub(crate) fn get(&self, token: &[u8]) -> Option<u32> {
        let packed = Self::pack(token);
        let (a, b) = Self::filter_bits(&packed);
        let f = &self.filter;
        if f.is_empty() || f[a / 64] & 1 << (a % 64) == 0 || f[b / 64] & 1 << (b % 64) == 0 {
            return None;
        }
        match packed {
            Packed::Short(k) => self.short.get(&k).copied(),
            Packed::Medium(k) => self.medium.get(&k).copied(),
            Packed::Long(k) => self.long.get(k).copied(),
        }
    }

    pub(crate) fn insert(&mut self, token: &str, id: u32) {
        let packed = Self::pack(token.as_bytes());
        if self.filter.is_empty() {
            self.filter = vec![0u64; (1 << TokenIds::FILTER_BITS) / 64].into_boxed_slice();
        }
        let (a, b) = Self::filter_bits(&packed);
        self.filter[a / 64] |= 1 << (a % 64);
        self.filter[b / 64] |= 1 << (b % 64);
        match packed {
            Packed::Short(k) => self.short.insert(k, id),
            Packed::Medium(k) => self.medium.insert(k, id),
            Packed::Long(k) => self.long.insert(k.into(), id),
        };
    }

    /// The cache key of a token of up to 16 bytes: its bytes, zero-padded
    /// (one-to-one, as tokens hold no NUL).
    #[inline]
    pub(crate) fn cache_key(token: &[u8]) -> Option<u128> {
        match Self::pack(token) {
            Packed::Short(k) => Some(u128::from(k)),
            Packed::Medium(k) => Some(k),
            Packed::Long(_) => None,
        }
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.short.shrink_to_fit();
        self.medium.shrink_to_fit();
        self.long.shrink_to_fit();
    }
}

/// The bytes of `b` (at most 8) as a little-endian integer, zero-padded.
/// Overlapping loads instead of a copy into a buffer: this runs for every
/// document token, and a variable-length copy is a call to `memcpy`.
#[inline]
fn load_le(b: &[u8]) -> u64 {
    let n = b.len();
    debug_assert!(n <= 8);
    if n >= 4 {
        let lo = u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let hi = u64::from(u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]));
        // The two loads overlap where n < 8; overlapping bytes are equal, so OR is exact.
        lo | hi << (8 * (n - 4))
    } else if n > 0 {
        u64::from(b[0]) | u64::from(b[n / 2]) << (8 * (n / 2)) | u64::from(b[n - 1]) << (8 * (n - 1))
    } else {
        0
    }
}

/// Hash-map builder using [`FxHasher`].
pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
/// Hash map using [`FxHasher`].
pub(crate) type FxMap<K, V> = std::collections::HashMap<K, V, FxBuild>;

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        term_tokens(s)
    }

    #[test]
    fn splits_and_folds() {
        assert_eq!(words("Ukraine’s drone-strikes"), ["ukraine", "s", "drone", "strikes"]);
        assert_eq!(words("São Paulo, Élysée"), ["sao", "paulo", "elysee"]);
        assert_eq!(words("乌克兰"), ["乌", "克", "兰"]);
        // Turkish dotted capital I, and Arabic-script variants: Persian yeh
        // and kaf, vowel marks, tatweel and hamza on alef fold together.
        assert_eq!(words("İstanbul"), ["istanbul"]);
        assert_eq!(words("کشتی"), words("كشتي"));
        assert_eq!(words("مسيّرة"), words("مسيرة"));
        assert_eq!(words("الأمن"), words("الامن"));
        assert_eq!(words("جـــيش"), words("جيش"));
    }

    #[test]
    fn nukta_letters_read_alike_either_way() {
        // Bengali "Russia" with য় as one code point and as য plus nukta.
        assert_eq!(words("রাশি\u{9DF}া"), words("রাশি\u{9AF}\u{9BC}া"));
        assert_eq!(words("গিরফ\u{9DC}"), words("গিরফ\u{9A1}\u{9BC}"));
        assert_eq!(words("गिरफ\u{95B}्तार"), words("गिरफ\u{91C}\u{93C}्तार"));
        assert_ne!(words("\u{9AF}"), words("\u{9AF}\u{9BC}"));
    }

    #[test]
    fn web_addresses_are_not_words() {
        assert_eq!(
            words("Facebook: https://www.facebook.com/1NewsNZ/ and www.tvnz.co.nz, or http://x.y."),
            ["and", "or"]
        );
        // Only a whole word starts one: "Zwww.de" and "https" alone are words.
        assert_eq!(words("Zwww.de says https"), ["zwww", "de", "says", "https"]);
        // Beyond ASCII, on the general path, the same.
        assert_eq!(words("Zürich: https://zürich.ch/ü ok"), ["ok"]);
        // A word before it that is no label stays.
        assert_eq!(words("See https://x.io: ok"), ["see", "ok"]);
    }

    #[test]
    fn dotted_abbreviations_are_one_token() {
        let mut t = Tokens::with_capacity(64);
        t.push_field("The U.S. and the U.K. said. Us too", Zone::Title);
        let texts: Vec<&str> = (0..t.toks.len()).map(|i| t.text(i)).collect();
        assert_eq!(texts, ["the", "us", "and", "the", "uk", "said", "us", "too"]);
        assert!(t.toks[1].flags & DOTTED != 0 && t.toks[1].flags & UPPER != 0);
        assert!(t.toks[6].flags & UPPER == 0);
        assert!(t.toks[6].flags & SENT_START != 0);
    }

    #[test]
    fn general_punctuation_separates_but_zero_width_non_joiner_joins() {
        // Curly quotes, dashes and the ellipsis are separators; an opening
        // curly quote starts a sentence as a straight one does.
        assert_eq!(words("“U.S. troops”—said…the"), ["us", "troops", "said", "the"]);
        let mut t = Tokens::with_capacity(64);
        t.push_field("he said “Kyiv will", Zone::Body);
        assert!(t.toks[2].flags & SENT_START != 0);
        // Persian writes some words with a zero-width non-joiner inside.
        assert_eq!(words("می\u{200C}خواهد").len(), 1);
    }

    #[test]
    fn letter_ranges_agree_with_unicode() {
        for c in (0u32..0x800).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "U+{:04X}", c as u32);
        }
    }

    /// What tokenizing one field gives (each token's text, flags and zone),
    /// by [`Tokens::push_field`] or by the general path alone.
    fn tokens_of(text: &str, zone: Zone, general_only: bool) -> Vec<(String, u8, Zone)> {
        let mut t = Tokens::with_capacity(text.len());
        t.push_field("first field", Zone::Title);
        let first = t.toks.len();
        if general_only {
            let case = t.push_any_field(text, zone);
            t.end_field(first, case);
        } else {
            t.push_field(text, zone);
        }
        (first..t.toks.len()).map(|i| (t.text(i).to_owned(), t.toks[i].flags, t.toks[i].zone)).collect()
    }

    #[test]
    fn the_plain_path_gives_the_tokens_of_the_general_path() {
        // Random text from pieces that exercise abbreviations, sentence
        // ends, case, curly quotes and dashes, and the lead/body boundary.
        const PIECES: [&str; 47] = [
            "U.S.",
            "u.s.",
            "U.S",
            "A.B.C",
            "U.K.'s",
            "U.S.A.",
            "N.",
            ". ",
            "Kyiv",
            "KYIV",
            "said",
            "x",
            "9",
            "2024",
            " ",
            "  ",
            "!",
            "?\n",
            ": ",
            "; ",
            "\"",
            "|",
            "-",
            "e.g.",
            "“",
            "”",
            "’s",
            "—",
            "\u{A0}",
            "U.“S.",
            "£5bn",
            "€",
            "°C", // Letters beyond ASCII, after an abbreviation's dot too: the general path's.
            "é",
            "U.é.",
            "U.한.",
            "Ａ.",
            "Zürich", // Web addresses, whole and in pieces.
            "https://t.co/X?a=1",
            "HTTP",
            "://",
            "www",
            "www.É.com",
            ".",
            "Twitter:",
            "京:",
            ":\t",
        ];
        let mut next = crate::classify::xorshift(0x2545_f491_4f6c_dd1du64);
        for _ in 0..3000 {
            let n = next() % 80;
            let text: String = (0..n).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
            for zone in [Zone::Title, Zone::Lead] {
                assert_eq!(tokens_of(&text, zone, false), tokens_of(&text, zone, true), "{text:?}");
            }
        }
        // Random characters: ASCII, Latin-1, combining marks, Arabic,
        // General Punctuation, Hangul and Han, mostly ASCII.
        const RANGES: [(u32, u32); 8] = [
            (0x20, 0x7F),
            (0x20, 0x7F),
            (0x20, 0x7F),
            (0xA0, 0x180),
            (0x300, 0x370),
            (0x600, 0x700),
            (0x2000, 0x2070),
            (0xAC00, 0xAC20),
        ];
        for _ in 0..3000 {
            let n = next() % 40;
            let text: String = (0..n)
                .filter_map(|_| {
                    let (lo, hi) = RANGES[(next() % RANGES.len() as u64) as usize];
                    char::from_u32(lo + (next() % u64::from(hi - lo)) as u32)
                })
                .collect();
            assert_eq!(tokens_of(&text, Zone::Lead, false), tokens_of(&text, Zone::Lead, true), "{text:?}");
        }
    }

    #[test]
    fn byte_blocks_agree_with_the_byte_table() {
        let mut next = crate::classify::xorshift(0x9e37_79b9_7f4a_7c15u64);
        let mut chunk = [0u8; 64];
        // Every byte value in every position, then random blocks.
        for shift in 0..64usize {
            for first in (0..=255u8).step_by(64) {
                for (i, b) in chunk.iter_mut().enumerate() {
                    *b = first.wrapping_add(((i + shift) % 64) as u8);
                }
                assert_eq!(ByteBlock::of(&chunk), ByteBlock::of_scalar(&chunk), "{chunk:?}");
            }
        }
        for _ in 0..2000 {
            for b in &mut chunk {
                *b = next() as u8;
            }
            assert_eq!(ByteBlock::of(&chunk), ByteBlock::of_scalar(&chunk), "{chunk:?}");
        }
    }

    #[test]
    fn words_across_and_longer_than_blocks() {
        // Words and gaps that end on, straddle and outrun the 64-byte
        // blocks, in fields of every length around them (multiples of 64
        // included); a curly quote keeps the fast path, a letter beyond
        // ASCII at the end sends the field to the general path.
        let long = "Ab".repeat(40);
        for pad in 0..140 {
            let (y, q) = ("y".repeat(pad), "Q".repeat(pad % 70));
            for text in [
                format!("{y} {long} U.S. x{q}’"),
                format!("{y} {long} U.S. x{q}é"),
                format!("{y}. {long}, U.S. {q}"),
                format!("{y}.{}? {long}", " ".repeat(pad)),
                format!("a{}.{}b{y}", " ".repeat(pad + 70), " ".repeat(70)),
                // Web addresses and abbreviations across a block's end.
                format!("{y} Web: https://x.example/{long}?a=b. Kyiv U.S.A. {q}"),
                format!("{y}. U.S.A.’s{q} www.x.org {long}"),
            ] {
                assert_eq!(tokens_of(&text, Zone::Lead, false), tokens_of(&text, Zone::Lead, true), "{text:?}");
            }
            let text = format!("{y}. {long}, U.S. {q}");
            assert_eq!(words(&text).len(), 2 + usize::from(pad > 0) + usize::from(pad % 70 > 0));
        }
        // A gap over three blocks that ends a sentence in its middle block.
        let mut t = Tokens::with_capacity(256);
        t.push_field(&format!("a{}.{}b", " ".repeat(70), " ".repeat(70)), Zone::Lead);
        assert_eq!(t.toks[1].flags & SENT_START, SENT_START);
    }

    #[test]
    fn letters_beyond_ascii_take_the_general_path() {
        let mut t = Tokens::with_capacity(64);
        assert_eq!(t.push_plain_field("Kyiv said “no” to Zürich", Zone::Body), None);
        // push_field undoes the partial work and folds the letters.
        let mut t = Tokens::with_capacity(64);
        t.push_field("Kyiv said “no” to Zürich", Zone::Body);
        let texts: Vec<&str> = (0..t.toks.len()).map(|i| t.text(i)).collect();
        assert_eq!(texts, ["kyiv", "said", "no", "to", "zurich"]);
        // A letter beyond ASCII after an abbreviation's dot joins it, as in
        // the general path (this once sliced inside the letter and panicked).
        assert_eq!(words("Hi U.é. now"), ["hi", "ue", "now"]);
        assert_eq!(words("Hi U.한. now"), ["hi", "u한", "now"]);
    }

    #[test]
    fn separators_are_never_part_of_a_word() {
        let seps: Vec<char> = (0x80u32..0x3000).filter_map(char::from_u32).filter(|&c| is_separator(c)).collect();
        assert!(seps.contains(&'£') && seps.contains(&'“') && seps.contains(&'€') && !seps.contains(&'\u{200C}'));
        for c in seps {
            assert!(!c.is_alphanumeric() && !is_mark(c) && !is_ideograph(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn field_numbers_saturate_past_the_last() {
        // A caller may pass any number of categories: past 65,535 fields
        // the numbers stop, rather than overflow.
        let mut t = Tokens::default();
        for _ in 0..70_000 {
            t.push_field("tag", Zone::Category);
        }
        assert_eq!(t.toks.len(), 70_000);
        assert_eq!(t.toks[65_534].field_no, 65_534);
        assert_eq!(t.toks.last().unwrap().field_no, u16::MAX);
    }

    #[test]
    fn packing_is_the_zero_padded_bytes() {
        for s in ["", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh"] {
            let mut a = [0u8; 8];
            a[..s.len()].copy_from_slice(s.as_bytes());
            assert_eq!(load_le(s.as_bytes()), u64::from_le_bytes(a), "{s}");
        }
        let mut a = [0u8; 16];
        a[..11].copy_from_slice(b"abcdefghijk");
        assert_eq!(TokenIds::cache_key(b"abcdefghijk"), Some(u128::from_le_bytes(a)));
        assert_eq!(TokenIds::cache_key(b"abcdefghijklmnopq"), None);
    }

    #[test]
    fn keys_loaded_from_the_buffer_are_the_packed_tokens() {
        // Every length from 1 to 17 bytes, in the middle of the buffer and
        // within 16 bytes of its end, on both tokenizer paths.
        let words: Vec<String> = (1..=17).map(|n| "abcdefghijklmnopq"[..n].to_string()).collect();
        for text in [words.join(" "), format!("{} é", words.join(" "))] {
            let mut t = Tokens::default();
            t.push_field(&text, Zone::Lead);
            t.push_field("x yz", Zone::Category);
            for i in 0..t.toks.len() {
                assert_eq!(t.cache_key(i), TokenIds::cache_key(t.bytes(i)), "token {i} of {text:?}");
            }
        }
    }

    #[test]
    fn caseless_fields_are_marked() {
        let mut t = Tokens::with_capacity(64);
        t.push_field("US TO CUT RATES", Zone::Title);
        assert!(t.toks.iter().all(|t| t.flags & CASELESS != 0));
    }
}
