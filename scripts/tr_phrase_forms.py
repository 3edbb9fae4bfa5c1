#!/usr/bin/env python3
"""Writes the inflected forms of the Turkish two-word phrases in
data/topic-intl-eu.tsv.

The classifier reads a one-word stem ("deprem*") by its prefix, but a phrase
of several words must be listed in every form it takes in text: "kurtarma
ekibi", "kurtarma ekibine", "hayatını kaybetti", "hayatını kaybeden".
Turkish adds its case and tense endings to the last word, and the endings
follow the word: vowel harmony (the last vowel decides between ı/i/u/ü and
a/e), a t for d after a voiceless consonant (-ta, -tı), a buffer consonant
after a vowel (-ya, -nın, -sı), and p/ç/t/k softened before a vowel in some
words (ekip → ekibi). This script applies those rules to the phrases below
and replaces, in the file, every Turkish line of each phrase's topic that
starts with the phrase's stem, so running it again changes nothing.

Usage: python3 scripts/tr_phrase_forms.py   (rewrites data/topic-intl-eu.tsv)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TSV = os.path.join(HERE, "..", "data", "topic-intl-eu.tsv")

# (topic, phrase, kind): kind "n" = noun phrase (case endings on the last
# word), "v" = verb phrase (the last word is a verb stem).
PHRASES = [
    ("crime", "silahlı saldırı", "n"),
    ("crime", "cinsel istismar", "n"),
    ("crime", "siber suç", "n"),
    ("disaster", "su baskın", "n"),
    ("disaster", "kurtarma ekip", "n"),
    ("disaster", "tahliye edil", "v"),
    ("disaster", "hayatını kaybet", "v"),
    ("disaster", "raydan çık", "v"),
    ("disaster", "cansız beden", "n"),
    ("environment", "geri dönüşüm", "n"),
    ("environment", "geri dönüştür", "v"),
    ("environment", "fosil yakıt", "n"),
    ("environment", "termik santral", "n"),
    ("environment", "nükleer santral", "n"),
    ("environment", "milli park", "n"),
    ("environment", "tabiat park", "n"),
    ("environment", "yabani hayvan", "n"),
    ("environment", "deniz kaplumbağa", "n"),
    ("education", "taban puan", "n"),
    ("education", "özel okul", "n"),
    ("education", "imam hatip", "n"),
    ("weather", "gök gürültü", "n"),
    ("health", "acil servis", "n"),
    ("health", "yoğun bakım", "n"),
    ("labour", "işten çıkar", "v"),
    ("labour", "işten atıl", "v"),
    ("labour", "iş bırak", "v"),
    ("economy", "altın fiyat", "n"),
    ("conflict", "paralı asker", "n"),
    ("conflict", "hava savunma", "n"),
    ("science", "bilim insan", "n"),
    ("science", "kara delik", "n"),
    ("science", "siber saldırı", "n"),
    ("science", "kişisel veri", "n"),
    ("science", "akıllı telefon", "n"),
    ("science", "yarı iletken", "n"),
    ("sport", "milli takım", "n"),
    ("sport", "teknik direktör", "n"),
    ("sport", "yarı final", "n"),
    ("sport", "çeyrek final", "n"),
    ("arts", "altın portakal", "n"),
    ("arts", "dijital platform", "n"),
    ("arts", "çizgi roman", "n"),
    ("society", "sosyal yardım", "n"),
    ("society", "sosyal hizmet", "n"),
    ("society", "düzensiz göç", "n"),
    ("society", "sınır dışı et", "v"),
    ("lifestyle", "video oyun", "n"),
    ("lifestyle", "evcil hayvan", "n"),
]

# Lines of the file to replace that do not start with the phrase itself.
REPLACES = {"sınır dışı et": "sınır dışı"}

BACK, FRONT = set("aıou"), set("eiöü")
VOICELESS = set("çfhkpsşt")
# Words whose final consonant softens before a vowel (ekip → ekibi, and
# for verbs, et → ed: kaybeden).
SOFTENED = {"ekip": "ekib", "delik": "deliğ", "hatip": "hatib", "kaybet": "kaybed", "et": "ed"}
# Loanwords that take front endings after a back vowel (santrali, finali).
FRONT_LOANS = {"santral", "final"}
# Passive stems of the transitive verbs (işten çıkarıldı).
PASSIVE = {"çıkar": "çıkarıl", "dönüştür": "dönüştürül", "et": "edil"}


def last_vowel(word):
    for ch in reversed(word):
        if ch in BACK or ch in FRONT:
            return ch
    return "e"


def i4(word):
    """The ı/i/u/ü of the word's vowel harmony."""
    if word in FRONT_LOANS:
        return "i"
    v = last_vowel(word)
    return {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "i": "i", "ö": "ü", "ü": "ü"}[v]


def a2(word):
    """The a/e of the word's vowel harmony."""
    if word in FRONT_LOANS:
        return "e"
    return "a" if last_vowel(word) in BACK else "e"


def d(word):
    return "t" if word[-1] in VOICELESS else "d"


def ends_in_vowel(word):
    return word[-1] in BACK or word[-1] in FRONT


def noun_forms(w):
    """The last word of a noun phrase in its common case forms, bare and
    with the third-person possessive of compound nouns (su baskını)."""
    soft = SOFTENED.get(w, w)
    i, a = i4(w), a2(w)
    v = ends_in_vowel(w)
    forms = [w]
    # Plain cases.
    forms.append(w + "y" + i if v else soft + i)  # accusative
    forms.append(w + "y" + a if v else soft + a)  # dative
    forms.append(w + d(w) + a)  # locative
    forms.append(w + d(w) + a + "n")  # ablative
    forms.append(w + "n" + i + "n" if v else soft + i + "n")  # genitive
    pl = w + "l" + a + "r"
    pl_i, pl_a = i4(pl), a2(pl)
    forms += [pl, pl + pl_i, pl + "d" + pl_a, pl + pl_a, pl + "d" + pl_a + "n", pl + pl_i + "n"]
    # Possessive (compound nouns) and its cases.
    poss = w + "s" + i if v else soft + i
    forms += [poss, poss + "n" + a, poss + "nd" + a, poss + "nd" + a + "n", poss + "n" + i + "n"]
    plp = pl + pl_i
    forms += [plp + "n" + pl_a, plp + "nd" + pl_a, plp + "nd" + pl_a + "n", plp + "n" + pl_i + "n"]
    return forms


def verb_forms(stem):
    """A verb stem's past, perfect, participles, verbal noun, future and
    present forms, and the passive's where the verb is transitive."""
    forms = []
    for s in [stem] + ([PASSIVE[stem]] if stem in PASSIVE else []):
        soft = SOFTENED.get(s, s)
        i, a = i4(s), a2(s)
        di = s + d(s) + i
        forms += [
            di,  # past: çıktı
            di + "l" + a + "r",  # past plural: çıktılar
            di + "ğ" + i,  # object participle: çıktığı
            s + "m" + i + "ş",  # perfect: çıkmış
            soft + a + "n",  # participle: çıkan
            soft + a + "nl" + a + "r",  # participle plural: çıkanlar
            s + "m" + a,  # verbal noun: çıkma
            s + "m" + a + "s" + i,  # its possessive: çıkması
            soft + a + "c" + a + "k",  # future: çıkacak
            soft + i + "yor",  # present: çıkıyor
            soft + i + "yorlar",  # present plural: çıkıyorlar ("yor" keeps its o)
        ]
    return forms


def phrase_forms(phrase, kind):
    *head, last = phrase.split(" ")
    make = noun_forms if kind == "n" else verb_forms
    seen, out = set(), []
    # A phrase listed without its verb ("sınır dışı") keeps that form too.
    bare = [REPLACES[phrase]] if phrase in REPLACES else []
    for f in bare + make(last):
        term = f if f in bare else " ".join(head + [f])
        if term not in seen:
            seen.add(term)
            out.append(term)
    return out


def main():
    with open(TSV, encoding="utf-8") as fh:
        out = fh.read().split("\n")
    fields = [line.split("\t") for line in out]
    for topic, phrase, kind in PHRASES:
        # The lines to replace: those of the phrase's topic that start with
        # it, up to the consonant that softens (kurtarma ekip, ekibi).
        *head, last = phrase.split(" ")
        stem = os.path.commonprefix([last, SOFTENED.get(last, last)])
        prefix = REPLACES.get(phrase, " ".join(head + [stem]))
        hits = [
            n
            for n, f in enumerate(fields)
            if out[n] is not None and len(f) >= 4 and f[0] == topic and f[3] == "tr" and f[1].startswith(prefix)
        ]
        if not hits:
            sys.exit(f"{phrase!r} ({topic}) is not in {TSV}")
        weight = fields[hits[0]][2]
        out[hits[0]] = "\n".join(f"{topic}\t{t}\t{weight}\ttr" for t in phrase_forms(phrase, kind))
        for n in hits[1:]:
            out[n] = None
    with open(TSV, "w", encoding="utf-8") as fh:
        fh.write("\n".join(line for line in out if line is not None))


if __name__ == "__main__":
    main()
