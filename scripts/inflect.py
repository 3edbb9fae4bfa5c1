"""Case forms of country and capital names in inflecting languages, for
scripts/gen_data.py.

News text names a country in whatever case the sentence needs: German
"in den Vereinigten Staaten", "Russlands Präsident"; Russian "в Саудовской
Аравии"; Polish "w Polsce", "w Stanach Zjednoczonych"; Czech "v Rusku". The
gazetteers give the nominative only, so these functions derive the other
cases by rule. They over-generate on purpose: a form that no text ever
contains costs a line and nothing else, while a missing one loses the place.
The caller drops any derived form that is already a place or an English
word.

Written for wirewatch from the grammars' regular endings; the few names too
irregular for a rule are listed by hand (IRREGULAR).
"""

from __future__ import annotations

import re

# Cases the Slavic rules produce, in this order (the nominative is the input).
# Accusative is the nominative for masculine inanimate and plural nouns.
GEN, DAT, ACC, INS, LOC = range(5)

# Names whose cases follow no rule here, written out.
IRREGULAR = {
    "pl": {
        "Niemcy": ["Niemiec", "Niemcom", "Niemcami", "Niemczech"],
        "Czechy": ["Czech", "Czechom", "Czechami", "Czechach"],
        "Chiny": ["Chin", "Chinom", "Chinami", "Chinach"],
        "Węgry": ["Węgier", "Węgrom", "Węgrami", "Węgrzech"],
        "Włochy": ["Włoch", "Włochom", "Włochami", "Włoszech"],
        "Stany Zjednoczone": ["Stanów Zjednoczonych", "Stanom Zjednoczonym", "Stanami Zjednoczonymi",
                              "Stanach Zjednoczonych"],
        "Zjednoczone Królestwo": ["Zjednoczonego Królestwa", "Zjednoczonemu Królestwu",
                                  "Zjednoczonym Królestwem", "Zjednoczonym Królestwie"],
        "Zjednoczone Emiraty Arabskie": ["Zjednoczonych Emiratów Arabskich", "Zjednoczonym Emiratom Arabskim",
                                         "Zjednoczonymi Emiratami Arabskimi", "Zjednoczonych Emiratach Arabskich"],
        "Filipiny": ["Filipin", "Filipinom", "Filipinami", "Filipinach"],
        "Indie": ["Indii", "Indiom", "Indiami", "Indiach"],
        "Białoruś": ["Białorusi", "Białorusią"],
        "Damaszek": ["Damaszku", "Damaszkowi", "Damaszkiem"],
        "Kijów": ["Kijowa", "Kijowowi", "Kijowem", "Kijowie"],
        "Paryż": ["Paryża", "Paryżowi", "Paryżem", "Paryżu"],
        "Waszyngton": ["Waszyngtonu", "Waszyngtonowi", "Waszyngtonem", "Waszyngtonie"],
    },
    "cs": {
        "Spojené státy": ["Spojených států", "Spojeným státům", "Spojenými státy", "Spojených státech"],
        "Spojené království": ["Spojeného království", "Spojenému království", "Spojeným královstvím",
                               "Spojeném království"],
        "Spojené arabské emiráty": ["Spojených arabských emirátů", "Spojeným arabským emirátům",
                                    "Spojenými arabskými emiráty", "Spojených arabských emirátech"],
        "Jižní Korea": ["Jižní Koreje", "Jižní Koreji", "Jižní Koreu", "Jižní Koreou"],
        "Severní Korea": ["Severní Koreje", "Severní Koreji", "Severní Koreu", "Severní Koreou"],
        "Kyjev": ["Kyjeva", "Kyjevu", "Kyjevem", "Kyjevě"],
        "Paříž": ["Paříže", "Paříži", "Paříží"],
        "Vídeň": ["Vídně", "Vídni", "Vídní"],
        "Budapešť": ["Budapešti", "Budapeští"],
        "Nový Zéland": ["Nového Zélandu", "Novému Zélandu", "Novým Zélandem", "Novém Zélandu"],
    },
}


def german(form: str) -> list[str]:
    """German genitive and declined adjectives: "Russland" -> "Russlands";
    "Vereinigte Staaten" -> "Vereinigten Staaten"; "Vereinigtes Königreich"
    -> "Vereinigten Königreich", "Vereinigten Königreichs"; "Vereinigte
    Arabische Emirate" -> "Vereinigten Arabischen Emiraten"; "Niederlande" ->
    "Niederlanden"."""
    if not re.fullmatch(r"[\w\- ]+", form):
        return []
    words = form.split(" ")
    out = []
    genitive = _german_genitive(words[-1])
    # Leading adjectives (capitalised in a name: "Vereinigte", "Arabische")
    # take -en after an article, in every case but the nominative.
    n = 0
    while n < len(words) - 1 and re.search(r"[a-zäöü](e|es|er)$", words[n]):
        n += 1
    if n == 0 and genitive:
        out.append(" ".join(words[:-1] + [genitive]))
    if n:
        neuter = words[0].endswith("es")
        adjectives = [re.sub(r"(e|es|er)$", "en", w) for w in words[:n]]
        rest = words[n:]
        out.append(" ".join(adjectives + rest))
        head = rest[0]
        if len(rest) == 1 and head.endswith("e"):
            out.append(" ".join(adjectives + [head + "n"]))  # den Vereinigten Arabischen Emiraten
        if neuter and genitive:
            out.append(" ".join(adjectives + rest[:-1] + [genitive]))  # des Vereinigten Königreichs
    elif len(words) == 1 and form.endswith("lande"):
        out.append(form + "n")  # in den Niederlanden
    return out


# German country names that are plurals, and so take no genitive -s.
GERMAN_PLURALS = ("Philippinen", "Malediven", "Seychellen", "Salomonen", "Komoren", "Staaten", "Inseln", "inseln",
                  "Emirate", "Niederlande", "Bahamas")


def swedish(form: str) -> list[str]:
    """The Swedish genitive: "Ryssland" -> "Rysslands", "Iran" -> "Irans"
    (none after s, x or z)."""
    if not form[-1:].isalpha() or not form[-1].islower() or form[-1] in "sxz":
        return []
    return [form + "s"]


def _german_genitive(word: str) -> str | None:
    """The genitive -s of a name that is neither feminine nor plural:
    feminine names end in -e or -ei ("Ukraine", "Türkei"), the plurals are
    listed, and a sibilant takes no -s. "Polen", "Jemen" and "Spanien" do."""
    if not word[-1:].isalpha() or not word[-1].islower() or word[-1] in "sxzß":
        return None
    if word.endswith(("e", "ei")) or word.endswith(GERMAN_PLURALS):
        return None
    return word + "s"


# --- Russian and Ukrainian: adjective + noun names --------------------------
# Endings of the cases GEN, DAT, ACC, INS, LOC by nominative ending. None
# keeps the nominative (masculine inanimate and plural accusative).
RU_ADJECTIVE = {
    "ая": ("ой", "ой", "ую", "ой", "ой"),
    "яя": ("ей", "ей", "юю", "ей", "ей"),
    "ый": ("ого", "ому", None, "ым", "ом"),
    "ой": ("ого", "ому", None, "ым", "ом"),
    "ий": ("ого", "ому", None, "им", "ом"),
    "ое": ("ого", "ому", None, "ым", "ом"),
    "ые": ("ых", "ым", None, "ыми", "ых"),
    "ие": ("их", "им", None, "ими", "их"),
}
RU_NOUN = {
    "острова": ("островов", "островам", None, "островами", "островах"),
    "ия": ("ии", "ии", "ию", "ией", "ии"),
    "ея": ("еи", "ее", "ею", "еей", "ее"),
    "ка": ("ки", "ке", "ку", "кой", "ке"),
    "а": ("ы", "е", "у", "ой", "е"),
    "я": ("и", "е", "ю", "ей", "е"),
    "ство": ("ства", "ству", None, "ством", "стве"),
    "ы": ("ов", "ам", None, "ами", "ах"),
    "й": ("я", "ю", None, "ем", "е"),
    "": ("а", "у", None, "ом", "е"),
}
UK_ADJECTIVE = {
    "а": ("ої", "ій", "у", "ою", "ій"),
    "я": ("ьої", "ій", "ю", "ьою", "ій"),
    "ий": ("ого", "ому", None, "им", "ому"),
    "е": ("ого", "ому", None, "им", "ому"),
    "і": ("их", "им", None, "ими", "их"),
}
UK_NOUN = {
    "острови": ("островів", "островам", None, "островами", "островах"),
    "ія": ("ії", "ії", "ію", "ією", "ії"),
    "ка": ("ки", "ці", "ку", "кою", "ці"),
    "га": ("ги", "зі", "гу", "гою", "зі"),
    "ея": ("еї", "еї", "ею", "еєю", "еї"),
    "а": ("и", "і", "у", "ою", "і"),
    "я": ("і", "і", "ю", "ею", "і"),
    "ство": ("ства", "ству", None, "ством", "стві"),
    "и": ("ів", "ам", None, "ами", "ах"),
    "": ("у", "у", None, "ом", "і"),
}


def slavic_cyrillic(form: str, lang: str) -> list[str]:
    """Russian or Ukrainian cases of a name of two or more words whose
    leading words are adjectives: "Саудовская Аравия" -> "Саудовской
    Аравии", "Саудовскую Аравию"…; "Соединённые Штаты Америки" ->
    "Соединённых Штатах Америки"…. The adjectives and the first noun after
    them decline together; later words (a genitive, a foreign name) stay."""
    adjectives, nouns = (RU_ADJECTIVE, RU_NOUN) if lang == "ru" else (UK_ADJECTIVE, UK_NOUN)
    words = form.split(" ")
    n = 0
    while n < len(words) - 1 and _ending(words[n], adjectives) is not None and words[n][0].isupper():
        n += 1
    if n == 0:
        return []
    head = _ending(words[n], nouns)
    if head is None or len(_ending(words[n], adjectives) or "") >= 2:
        return []  # not a noun: "Специальный административный район"
    out = []
    for case in (GEN, DAT, ACC, INS, LOC):
        declined = [_decline(w, adjectives, case) for w in words[:n]] + [_decline(words[n], nouns, case)]
        out.append(" ".join(declined + words[n + 1:]))
    return out


# --- Polish and Czech -------------------------------------------------------
# Locative (and Polish dative) of feminine nouns in -a: the consonant before
# it softens.
PL_SOFT = {"k": "ce", "g": "dze", "d": "dzie", "t": "cie", "r": "rze", "ch": "sze", "n": "nie", "w": "wie",
           "m": "mie", "b": "bie", "p": "pie", "f": "fie", "s": "sie", "z": "zie", "ł": "le", "l": "li"}
CS_SOFT = {"k": "ce", "g": "ze", "h": "ze", "ch": "še", "r": "ře", "d": "dě", "t": "tě", "n": "ně", "b": "bě",
           "p": "pě", "v": "vě", "m": "mě", "f": "fě", "s": "se", "z": "ze", "l": "le"}
PL_ADJECTIVE = r"(sk|ck|dzk|ow|lk|n)a$"


def polish(form: str) -> list[str]:
    """Polish cases: "Polska" -> "Polski", "Polsce", "Polskę", "Polską";
    "Iran" -> "Iranu", "Iranie", "Iranem"; "Arabia Saudyjska" -> "Arabii
    Saudyjskiej"…."""
    if form in IRREGULAR["pl"]:
        return IRREGULAR["pl"][form]
    words = form.split(" ")
    if len(words) == 1:
        return _polish_noun(form)
    if len(words) != 2:
        return []
    first, second = words
    if re.search(PL_ADJECTIVE, second) and not re.search(PL_ADJECTIVE, first):
        noun, adjective, noun_first = first, second, True
    elif re.search(PL_ADJECTIVE, first):
        adjective, noun, noun_first = first, second, False
    else:
        return []
    cases = _polish_feminine(noun)
    if not cases:
        return []
    oblique = re.sub(r"(k|g)a$", r"\1iej", adjective)
    oblique = re.sub(r"a$", "ej", oblique) if oblique == adjective else oblique
    adj = {GEN: oblique, DAT: oblique, LOC: oblique, ACC: adjective[:-1] + "ą", INS: adjective[:-1] + "ą"}
    return [f"{cases[c]} {adj[c]}" if noun_first else f"{adj[c]} {cases[c]}" for c in (GEN, DAT, ACC, INS, LOC)]


def _polish_noun(word: str) -> list[str]:
    if word.endswith("a"):
        cases = _polish_feminine(word)
        return [cases[c] for c in (GEN, DAT, ACC, INS, LOC)] if cases else []
    if re.search(r"[bcdfghjklłmnprstwzż]$", word):
        # Masculine: genitive in -u for most country names ("Iraku"),
        # in -a for some ("Izraela"); locative softens like the feminine.
        # Genitive in -u ("Iraku") or -a ("Izraela", "Berlina"); the
        # instrumental is -iem after k and g ("Irakiem").
        hard = word.endswith(("k", "g", "ch", "j", "ż", "sz", "cz", "l", "c"))
        instrumental = word + ("iem" if word.endswith(("k", "g")) else "em")
        return [word + "u", word + "a", word + "owi", instrumental,
                word + "u" if hard else _soften(word, PL_SOFT, word + "u")]
    return []


def _polish_feminine(word: str) -> dict[int, str] | None:
    if word.endswith("ia"):
        stem = word[:-1]
        oblique = stem + "i"  # Hiszpania -> Hiszpanii
    elif word.endswith("ja"):
        stem = word[:-1]
        oblique = word[:-2] + "ji"  # Rosja -> Rosji
    elif word.endswith("ea"):
        stem = word[:-1]
        oblique = word[:-1] + "i"  # Korea -> Korei
    elif word.endswith("a"):
        stem = word[:-1]
        softened = _soften(stem, PL_SOFT, "")
        if not softened:
            return None
        genitive = stem + ("i" if stem.endswith(("k", "g", "l")) else "y")
        return {GEN: genitive, DAT: softened, ACC: stem + "ę", INS: stem + "ą", LOC: softened}
    else:
        return None
    return {GEN: oblique, DAT: oblique, ACC: stem + "ę", INS: stem + "ą", LOC: oblique}


def czech(form: str) -> list[str]:
    """Czech cases: "Rusko" -> "Ruska", "Rusku", "Ruskem"; "Ukrajina" ->
    "Ukrajiny", "Ukrajině", "Ukrajinu", "Ukrajinou"; "Francie" -> "Francii",
    "Francií"; "Saúdská Arábie" -> "Saúdské Arábie"…."""
    if form in IRREGULAR["cs"]:
        return IRREGULAR["cs"][form]
    words = form.split(" ")
    if len(words) == 1:
        return list(_czech_noun(form).values())
    if len(words) != 2 or not words[0].endswith("á"):
        return []
    # A feminine adjective before its noun.
    noun = _czech_noun(words[1])
    if not noun:
        return []
    stem = words[0][:-1]
    adj = {GEN: stem + "é", DAT: stem + "é", ACC: stem + "ou", INS: stem + "ou", LOC: stem + "é"}
    return [f"{adj[c]} {noun[c]}" for c in (GEN, DAT, ACC, INS, LOC) if c in noun]


def _czech_noun(word: str) -> dict[int, str]:
    if word.endswith("ea"):
        stem = word[:-1]  # Korea -> Koreje, Koreji
        return {GEN: stem + "je", DAT: stem + "ji", ACC: stem + "u", INS: stem + "ou", LOC: stem + "ji"}
    if word.endswith("ie"):
        stem = word[:-1]
        return {GEN: word, DAT: stem + "i", ACC: stem + "i", INS: stem + "í", LOC: stem + "i"}
    if word.endswith("o"):
        stem = word[:-1]
        return {GEN: stem + "a", DAT: stem + "u", INS: stem + "em", LOC: stem + "u"}
    if word.endswith("a"):
        stem = word[:-1]
        softened = _soften(stem, CS_SOFT, "")
        genitive = stem + ("i" if stem.endswith(("ž", "š", "č", "ř", "c", "j", "ď", "ť", "ň")) else "y")
        cases = {GEN: genitive, ACC: stem + "u", INS: stem + "ou"}
        if softened:
            cases[DAT] = cases[LOC] = softened
        return cases
    if word.endswith("l"):
        return {GEN: word + "e", DAT: word + "i", INS: word + "em", LOC: word + "i"}  # Izrael
    if re.search(r"[bcčdfghjkmnňprřsštťvzž]$", word):
        # The locative is -u ("v Íránu") or, for many towns, -ě ("v Londýně").
        cases = {GEN: word + "u", INS: word + "em", LOC: word + "u"}
        softened = _soften(word, CS_SOFT, "")
        if softened and not word.endswith(("k", "g", "h", "ch")):
            cases[DAT] = softened
        return cases
    return {}


def _soften(stem: str, table: dict[str, str], fallback: str) -> str:
    """`stem` with its final consonant replaced as `table` says."""
    for tail in sorted(table, key=len, reverse=True):
        if stem.endswith(tail):
            return stem[: -len(tail)] + table[tail]
    return fallback


def _ending(word: str, table: dict[str, tuple]) -> str | None:
    for end in sorted(table, key=len, reverse=True):
        if word.endswith(end) and (end or re.search(r"[бвгджзклмнпрстфхцчшщ]$", word)):
            return end
    return None


def _decline(word: str, table: dict[str, tuple], case: int) -> str:
    end = _ending(word, table)
    new = table[end][case]
    if new is None:
        return word
    stem = word[: len(word) - len(end)]
    # Russian spelling: и, not ы, after к, г, х and the hushing consonants.
    if new.startswith("ы") and stem[-1:] in ("к", "г", "х", "ж", "ш", "ч", "щ"):
        new = "и" + new[1:]
    return stem + new


# --- Arabic and Korean: clitics and particles --------------------------------
# Arabic writes "and", "in/by" and "for/to" as letters joined to the next
# word: "والعراق" (and Iraq), "بالعراق" (in Iraq), "للعراق" (for Iraq; "li"
# before the article drops its alif).
AR_PROCLITICS = ("و", "ب", "ل", "وب")


def arabic(form: str) -> list[str]:
    """Arabic forms with joined conjunctions and prepositions:
    "العراق" -> "والعراق", "بالعراق", "للعراق", "وبالعراق"; "روسيا" ->
    "وروسيا", "بروسيا"…."""
    out = []
    for p in AR_PROCLITICS:
        if form.startswith("ال") and p.endswith("ل"):
            out.append(p[:-1] + "لل" + form[2:])
        else:
            out.append(p + form)
    return out


def arabic_nisba(form: str) -> list[str]:
    """The adjective of a one-word Arabic country name, masculine and
    feminine, bare and with the article: "روسيا" -> "روسي", "روسية",
    "الروسي", "الروسية" (as in "الرئيس الروسي", the Russian president);
    "السعودية" -> "سعودي"…; "مصر" -> "مصري"…."""
    if " " in form:
        return []
    stem = form[2:] if form.startswith("ال") else form
    if stem.endswith("ية"):
        adj = stem[:-1]
    elif stem.endswith("يا"):
        adj = stem[:-1]
    elif stem.endswith("ا"):
        adj = stem[:-1] + "ي"
    else:
        adj = stem + "ي"
    if len(adj) < 4:
        return []
    return [adj, adj + "ة", "ال" + adj, "ال" + adj + "ة"]


# Korean particles written joined to the noun, by whether the noun's last
# syllable ends in a consonant (batchim): "미국과" (with the US), "미국에서"
# (in the US), "한국의" (Korea's), "일본은"….
KO_AFTER_CONSONANT = ("과", "은", "이", "을", "으로")
KO_AFTER_VOWEL = ("와", "는", "가", "를", "로")
KO_ANY = ("에서", "에", "의", "도")


def korean(form: str) -> list[str]:
    """Korean forms with particles: "미국" -> "미국과", "미국에서"…."""
    last = form[-1]
    if not "가" <= last <= "힣":
        return []
    has_batchim = (ord(last) - 0xAC00) % 28 != 0
    return [form + p for p in (KO_AFTER_CONSONANT if has_batchim else KO_AFTER_VOWEL) + KO_ANY]
