#!/usr/bin/env python3
"""Generate wirewatch's classifier data files from the shared gazetteer.

Usage: python3 scripts/gen_data.py [GAZETTEER_DIR] [OUT_DIR]

Defaults: ../shared/gazetteer (relative to the repository root) and data/.
Python 3.11 standard library only, plus the Debian word lists (apt-get
install wamerican wngerman wpolish) to tell place names from ordinary words. Output
is deterministic (sorted), so a re-run on the same inputs gives the same bytes.

Outputs
  data/countries.tsv   alpha-2, English short name, M49 region, sub-region,
                       intermediate region
  data/places.tsv      surface form -> country code(s), kind, flags, language
  data/topics.tsv      the 17 IPTC top-level Media Topics
  data/topic-iptc.tsv  vocabulary derived from IPTC level-2+ labels (all
                       languages in the sheet), one term per line

data/topic-core.tsv (hand-written English and multilingual core vocabulary)
is not generated; it is read here only to avoid duplicating its terms.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import inflect
import places_south_asia

ROOT = Path(__file__).resolve().parent.parent
GAZ = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "gazetteer"
OUT = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "data"
# The hand-written vocabulary the generated files are checked against is
# read from the repository, so that writing into another directory (to
# compare with what is committed) gives the same bytes.
HAND_WRITTEN = ROOT / "data"

CITY_MIN_POP = 150_000
BIG_CITY_POP = 1_000_000
# A name shared by cities in several countries goes to the biggest one only
# when it is this many times bigger than the runner-up.
DOMINANCE = 4.0
# US towns from this size are known, mainly so that a US story's "Paris" or
# "Dublin" can go to the US when the story is corroborated as American.
US_TOWN_MIN_POP = 15_000
# How much bigger a town abroad must be than its US namesake to be a
# candidate for the name too (see the US towns in main).
NAMESAKE_ABROAD = 1.5
# Endings that make a one-word US town name unlikely to be a person's name.
TOWN_ENDINGS = ("ville", "burg", "burgh", "field", "ford", "port", "town", "wood", "dale",
                "boro", "borough", "polis", "haven", "mouth", "ridge", "falls", "view")

# Short forms the news of other languages use for the most-reported
# countries, where the translations give only the full name: form ->
# (country, flags, language). Written for wirewatch.
LOCAL_SHORT_FORMS = {
    "Stati Uniti": ("US", "", "it"), "EE.UU.": ("US", "u", "es"), "EEUU": ("US", "u", "es"),
    # Read only in Portuguese text: "EUA" is also EU carbon allowances and
    # the German acronym of the European Environment Agency.
    "EUA": ("US", "ui", "pt"),
    "Соединённые Штаты": ("US", "", "ru"), "Сполучені Штати": ("US", "", "uk"),
    "Сполучені Штати Америки": ("US", "", "uk"), "ОАЭ": ("AE", "u", "ru"), "ЮАР": ("ZA", "u", "ru"),
    "Emiratos Árabes": ("AE", "", "es"), "ABD": ("US", "u", "tr"),
    # Read only in Polish text (flag i): "RPA" is also robotic process automation.
    "ZEA": ("AE", "ui", "pl"), "RPA": ("ZA", "ui", "pl"), "Stany": ("US", "ci", "pl"),
    "米国": ("US", "", "ja"), "沙特": ("SA", "", "zh"), "基辅": ("UA", "", "zh"),
}

# Parts of continents and seas whose names hold a country's name or
# adjective: matched so that the name inside does not count ("South
# America" is not the US, "Persian Gulf" not Iran). Written for wirewatch.
WIDER_REGIONS = [
    "South America", "Latin America", "Central America", "North America", "the Americas", "Americas",
    "South American", "South Americans", "Latin American", "Latin Americans", "Central American",
    "Central Americans", "North American", "North Americans", "Pan-American", "Pan American",
    "Inter-American", "Indian Ocean", "Persian Gulf", "Indischer Ozean", "Indischen Ozean",
    "Persischer Golf", "Persischen Golf", "المحيط الهندي", "بالمحيط الهندي", "والمحيط الهندي",
    "للمحيط الهندي", "الخليج الفارسي", "بالخليج الفارسي", "والخليج الفارسي", "للخليج الفارسي",
    "Amérique latine", "Amérique du Sud", "Amérique centrale", "Amérique du Nord", "Amériques",
    "latino-américain", "latino-américaine", "latino-américains", "latino-américaines",
    "sud-américain", "sud-américaine", "sud-américains", "sud-américaines",
    "nord-américain", "nord-américaine", "nord-américains", "nord-américaines", "océan Indien", "golfe Persique",
    "América Latina", "América del Sur", "América Central", "América del Norte", "América do Sul",
    "América do Norte", "America Latina", "America del Sud", "America centrale", "America del Nord",
    "océano Índico", "oceano Indiano", "oceano Índico", "golfo Pérsico", "golfo Persico",
    # The Indian Ocean in the cases of the languages whose adjectives of
    # India are listed below ("в Индийском океане", "na Oceanie Indyjskim").
    "Индийский океан", "Индийского океана", "Индийскому океану", "Индийским океаном", "Индийском океане",
    "Індійський океан", "Індійського океану", "Індійському океану", "Індійським океаном",
    "Індійському океані", "Ocean Indyjski", "Oceanu Indyjskiego", "Oceanowi Indyjskiemu",
    "Oceanem Indyjskim", "Oceanie Indyjskim",
]

# Capitals whose Arabic names take joined conjunctions and prepositions
# ("وموسكو", "بالرياض"). Only these: GeoNames' Arabic-script names of other
# capitals hold words ("سيول", Seoul, is also "torrents"). Written for
# wirewatch.
AR_CAPITALS = {"موسكو", "كييف", "واشنطن", "بغداد", "دمشق", "طهران", "الرياض", "القاهرة", "بيروت", "لندن",
               "باريس", "برلين", "بكين", "أنقرة", "القدس", "صنعاء", "الدوحة", "أبوظبي", "الرباط", "عمّان"}

# Capitals as German, Polish and Czech news write them, whose case forms are derived
# like the country names' (see scripts/inflect.py).
# Those missing from the gazetteers are added, read only in their language.
LOCAL_CAPITALS = {
    "de": {"Moskau": "RU", "Kiew": "UA", "Peking": "CN", "Warschau": "PL", "Prag": "CZ", "Wien": "AT",
           "Rom": "IT", "Athen": "GR", "Brüssel": "BE", "Kairo": "EG", "Bagdad": "IQ", "Teheran": "IR",
           "Jerusalem": "IL", "Minsk": "BY", "Ankara": "TR", "Kabul": "AF", "Belgrad": "RS", "Berlin": "DE",
           "London": "GB", "Washington": "US", "Madrid": "ES", "Tokio": "JP", "Lissabon": "PT",
           "Kopenhagen": "DK", "Stockholm": "SE", "Oslo": "NO", "Helsinki": "FI", "Budapest": "HU",
           "Bukarest": "RO", "Beirut": "LB", "Riad": "SA", "Doha": "QA", "Seoul": "KR",
           "Pjöngjang": "KP", "Taipeh": "TW", "Neu-Delhi": "IN", "Islamabad": "PK", "Ottawa": "CA",
           "Canberra": "AU", "Havanna": "CU", "Nairobi": "KE", "Khartum": "SD", "Algier": "DZ"},
    "pl": {"Moskwa": "RU", "Warszawa": "PL", "Kijów": "UA", "Londyn": "GB", "Paryż": "FR", "Waszyngton": "US",
           "Berlin": "DE", "Pekin": "CN", "Mińsk": "BY", "Wilno": "LT", "Praga": "CZ", "Rzym": "IT",
           "Wiedeń": "AT", "Teheran": "IR", "Damaszek": "SY", "Bagdad": "IQ", "Kabul": "AF"},
    "cs": {"Moskva": "RU", "Varšava": "PL", "Kyjev": "UA", "Londýn": "GB", "Paříž": "FR", "Washington": "US",
           "Berlín": "DE", "Peking": "CN", "Vídeň": "AT", "Řím": "IT", "Bratislava": "SK", "Budapešť": "HU",
           "Teherán": "IR", "Bagdád": "IQ"},
}

# Derived Czech forms that are everyday Czech words (there is no Czech word
# list to check them against, as there is for German and Polish).
CZECH_WORDS = {"Samou", "Samoy", "Kubu", "Malty", "Maltu", "Konga", "Kongu"}

# ---------------------------------------------------------------------------
# Hand-written lists (facts, written for wirewatch)
# ---------------------------------------------------------------------------

# Short forms and abbreviations. Flag "u" = must be written in capitals.
SHORT_FORMS = {
    "US": ("US", "u"), "U.S.": ("US", "u"), "USA": ("US", "u"), "U.S.A.": ("US", "u"),
    "America": ("US", ""), "United States": ("US", ""),
    "UK": ("GB", "u"), "U.K.": ("GB", "u"), "Britain": ("GB", ""), "Great Britain": ("GB", ""),
    "England": ("GB", ""), "Scotland": ("GB", ""), "Wales": ("GB", ""),
    "Northern Ireland": ("GB", ""),
    "UAE": ("AE", "u"), "U.A.E.": ("AE", "u"), "Emirates": ("AE", ""),
    "DRC": ("CD", "u"), "DR Congo": ("CD", ""), "PRC": ("CN", "u"),
    "DPRK": ("KP", "u"), "North Korea": ("KP", ""), "South Korea": ("KR", ""),
    "Korea": ("KR", ""), "ROK": ("KR", "u"), "Holland": ("NL", ""),
    "The Netherlands": ("NL", ""), "Czech Republic": ("CZ", ""), "Czechia": ("CZ", ""),
    "Ivory Coast": ("CI", ""), "Burma": ("MM", ""), "Persia": ("IR", ""),
    "Vatican": ("VA", ""), "Taiwan": ("TW", ""), "Macedonia": ("MK", ""),
    "East Timor": ("TL", ""), "Swaziland": ("SZ", ""), "Zaire": ("CD", ""),
    "Kampuchea": ("KH", ""), "Cape Verde": ("CV", ""), "Russia": ("RU", ""),
    "Syria": ("SY", ""), "Iran": ("IR", ""), "Laos": ("LA", ""), "Vietnam": ("VN", ""),
    "Moldova": ("MD", ""), "Bolivia": ("BO", ""), "Venezuela": ("VE", ""),
    "Tanzania": ("TZ", ""), "Palestine": ("PS", ""), "Brunei": ("BN", ""),
    "NZ": ("NZ", "u"), "West Germany": ("DE", ""), "East Germany": ("DE", ""),
    # English news names these so; mledoze gives "Türkiye", "Vatican City"
    # and the full names. "Turkey" is also a bird: see AMBIGUOUS_WORDS.
    "Turkey": ("TR", ""), "Holy See": ("VA", ""), "Falklands": ("FK", ""),
    "Turks and Caicos": ("TC", ""),
    # "Réunion" alone needs corroboration: Spanish "reunión", Italian
    # "riunione" and French "réunion" are a meeting.
    "Reunion Island": ("RE", ""), "Réunion Island": ("RE", ""), "île de la Réunion": ("RE", ""),
}

# Demonyms and adjectives that mledoze lacks or that need a fixed owner.
# Capitals and the most-reported cities as French, Spanish, Italian,
# Portuguese, German and Japanese news write them, where the gazetteers give
# no such name (GeoNames' alternate names are read only where they start
# with the English name's letter, which keeps other places' names out but
# also "Pékin" and "Varsovia"). Left out: names that are words ("Seul",
# French "alone"; "Damas", Spanish "ladies"; "Vienne", also a French town).
# Written for wirewatch.
CAPITAL_EXONYMS = {
    "CN": "Pékin Pekín Pechino Pequim", "PL": "Varsovie Varsovia Varsavia Varsóvia",
    "RU": "Moscou Moscú", "IR": "Téhéran Teherán Teerã", "EG": "Le Caire|El Cairo|Il Cairo",
    "AT": "Viena", "GR": "Athènes Atenas Atene", "BE": "Bruselas Bruxelas",
    "PT": "Lisbonne Lisbona", "DK": "Copenhague Copenaghen", "CZ": "Praga",
    "IL": "Jérusalem Jerusalén Gerusalemme Jerusalém", "SY": "Damasco", "LB": "Beyrouth",
    "SA": "Riade Djeddah Dschidda Gedda Yeda Jedda", "IN": "Nouvelle-Delhi|Nueva Delhi|Nuova Delhi|Nova Deli",
    "MX": "Ciudad de México|Città del Messico|Cidade do México", "CU": "La Havane|La Habana|L'Avana",
    "KR": "Séoul Seúl", "JP": "Tokio", "RO": "Bucarest Bucareste", "RS": "Belgrado",
    "SE": "Estocolmo Stoccolma", "CH": "Genève Ginebra Ginevra Genebra Genf", "AF": "Kaboul Cabul",
    "IQ": "Bagdá", "DZ": "Argel Algeri", "ET": "Addis-Abeba|Adís Abeba", "US": "ワシントン",
    "KP": "Pjöngjang",
}

def english_plural(demonym: str) -> str | None:
    """The plural of an English demonym that is also a noun ("Pakistani" →
    "Pakistanis", "Frenchman" → "Frenchmen"); None for one that is an
    adjective only or the same in the plural ("French", "Swedish",
    "Icelandic", "Swiss", "Chinese", "Kyrgyz")."""
    last = demonym.split()[-1]
    if "," in demonym or demonym in DEMONYMS_WITHOUT_PLURAL:
        return None
    if last.endswith("man") and last != "German":
        return demonym[:-3] + "men"
    if last == "Czech":
        return demonym + "s"
    if last.endswith(("ese", "ish", "ss", "sh", "ch", "ic", "z", "x", "s")):
        return None
    return demonym + "s"


# Demonyms whose plural is no "-s" form: adjectives only, the same in the
# plural, a prefixed plural (Batswana, Basotho), or the country's name.
DEMONYMS_WITHOUT_PLURAL = {"Soviet", "Philippine", "Malagasy", "Motswana", "Mosotho", "Ni-Vanuatu", "I-Kiribati",
                           "American Islander", "Djibouti", "Gibraltar"}


# Demonyms as nouns that mledoze does not give in any number ("Swedes",
# "Poles"); those that are English words count only capitalised
# (CAPITALISED_ONLY). Written for wirewatch.
ENGLISH_DEMONYM_PLURALS = {
    "Swedes": "SE", "Poles": "PL", "Danes": "DK", "Finns": "FI", "Brits": "GB", "Serbs": "RS", "Croats": "HR",
    "Slovenes": "SI", "Tajiks": "TJ", "Aussies": "AU", "Kiwis": "NZ", "Scotsmen": "GB", "Welshmen": "GB",
    "Englishmen": "GB", "Irishmen": "IE", "Dutchmen": "NL", "Frenchmen": "FR",
}

EXTRA_DEMONYMS = {
    "American": "US", "Americans": "US", "British": "GB", "Briton": "GB", "Britons": "GB",
    "English": "GB", "Scottish": "GB", "Welsh": "GB", "Scots": "GB",
    "Dutch": "NL", "Korean": "KR", "South Korean": "KR", "North Korean": "KP",
    "Saudi": "SA", "Saudis": "SA", "Emirati": "AE", "Israeli": "IL", "Israelis": "IL",
    "Palestinian": "PS", "Palestinians": "PS", "Kuwaiti": "KW", "Qatari": "QA",
    "Iraqi": "IQ", "Iraqis": "IQ", "Iranian": "IR", "Iranians": "IR", "Afghan": "AF",
    "Afghans": "AF", "Pakistani": "PK", "Filipino": "PH", "Philippine": "PH",
    "Swiss": "CH", "Chinese": "CN", "Japanese": "JP", "Vietnamese": "VN",
    "Lebanese": "LB", "Sudanese": "SD", "Congolese": "CD", "Czech": "CZ",
    "Soviet": "RU", "Taiwanese": "TW", "Ukrainians": "UA", "Russians": "RU",
    "Germans": "DE", "Canadians": "CA", "Mexicans": "MX", "Syrians": "SY",
    "Turks": "TR", "Greeks": "GR", "Brazilians": "BR", "Egyptians": "EG",
    "Indians": "IN", "Nigerians": "NG", "Australians": "AU", "Italians": "IT",
    "Spaniards": "ES", "Spanish": "ES", "French": "FR", "Frenchman": "FR",
    "Portuguese": "PT", "Argentine": "AR", "Argentines": "AR", "Colombian": "CO",
    "Kenyan": "KE", "Ethiopian": "ET", "Somali": "SO", "Libyan": "LY", "Yemeni": "YE",
    "Omani": "OM", "Bahraini": "BH", "Jordanian": "JO", "Turkish": "TR",
    "Chechen": "RU", "Kurdish": "IQ", "Tibetan": "CN", "Uighur": "CN", "Uyghur": "CN",
    "Kosovar": "RS", "Thai": "TH", "Malaysian": "MY", "Indonesian": "ID",
    "Bangladeshi": "BD", "Sri Lankan": "LK", "Nepalese": "NP", "New Zealander": "NZ",
    "Kiwi": "NZ", "Belgian": "BE", "Austrian": "AT", "Polish": "PL", "Hungarian": "HU",
    "Romanian": "RO", "Bulgarian": "BG", "Serbian": "RS", "Croatian": "HR",
    "Bosnian": "BA", "Albanian": "AL", "Georgian": "GE", "Armenian": "AM",
    "Azerbaijani": "AZ", "Azeri": "AZ", "Kazakh": "KZ", "Uzbek": "UZ", "Belarusian": "BY",
    "Lithuanian": "LT", "Latvian": "LV", "Estonian": "EE", "Finnish": "FI", "Swedish": "SE",
    "Norwegian": "NO", "Danish": "DK", "Icelandic": "IS", "Irish": "IE",
}

# Seats of power, institutions and currencies used as metonyms (weak).
METONYMS = {
    "Kremlin": "RU", "White House": "US", "Downing Street": "GB", "Whitehall": "GB",
    "Westminster": "GB", "Elysee": "FR", "Élysée": "FR", "Elysee Palace": "FR",
    "Quai d'Orsay": "FR", "Zhongnanhai": "CN", "Capitol Hill": "US", "Pentagon": "US",
    "State Department": "US", "Foggy Bottom": "US", "Wall Street": "US",
    "Federal Reserve": "US", "Congress": "US", "Senate": "US", "Bundestag": "DE",
    "Bundesbank": "DE", "Knesset": "IL", "Duma": "RU", "State Duma": "RU",
    "Bank of England": "GB", "Bank of Japan": "JP", "Bank of Canada": "CA",
    "Reserve Bank of India": "IN", "People's Bank of China": "CN", "Holyrood": "GB",
    "Blue House": "KR", "Kantei": "JP", "Lok Sabha": "IN", "Rajya Sabha": "IN",
    "Verkhovna Rada": "UA", "Bundesrat": "DE", "Riksdag": "SE", "Storting": "NO",
    "Folketing": "DK", "Dail": "IE", "Dáil": "IE", "Taoiseach": "IE", "Oireachtas": "IE",
    "Kiel": "DE", "Scotland Yard": "GB", "House of Commons": "GB", "House of Lords": "GB",
    "Wall St": "US", "Nasdaq": "US", "Dow Jones": "US", "FTSE": "GB", "Nikkei": "JP",
    "DAX": "DE", "yen": "JP", "yuan": "CN", "renminbi": "CN", "rouble": "RU", "ruble": "RU",
    "rupiah": "ID", "ringgit": "MY", "baht": "TH", "zloty": "PL", "forint": "HU",
    "hryvnia": "UA", "sterling": "GB", "Bundeswehr": "DE", "Mossad": "IL", "FBI": "US",
    "CIA": "US", "NASA": "US", "Hamas": "PS", "Hezbollah": "LB", "Taliban": "AF",
    # Company legal forms point to the country of incorporation.
    "Inc": "US", "Corp": "US", "Incorporated": "US", "plc": "GB", "GmbH": "DE",
    "SpA": "IT", "Pty": "AU", "Bhd": "MY",
    # US local-government vocabulary (see LOCAL_GOVERNMENT).
    "County": "US", "Township": "US", "Twp.": "US",
    # US federal agencies and markets, and the wire services' US-dollar
    # abbreviation ("dlrs"; other dollars are always qualified, "Canadian dlrs").
    "Securities and Exchange Commission": "US", "Federal Trade Commission": "US",
    "Commerce Department": "US", "Department of Commerce": "US",
    "Agriculture Department": "US", "Department of Agriculture": "US", "USDA": "US",
    "Justice Department": "US", "Department of Justice": "US", "Labor Department": "US",
    "Department of Labor": "US", "Treasury Department": "US", "Energy Department": "US",
    "Department of Energy": "US", "Energy Information Administration": "US",
    "Federal Home Loan Bank Board": "US", "Environmental Protection Agency": "US",
    "Food and Drug Administration": "US", "Federal Aviation Administration": "US",
    "Federal Communications Commission": "US", "Interstate Commerce Commission": "US",
    "Internal Revenue Service": "US", "New York Stock Exchange": "US",
    "American Stock Exchange": "US", "NYSE": "US", "Amex": "US", "dlrs": "US",
    "Medicaid": "US", "Medicare": "US", "Interstate": "US",
}

# People who stand for their country in the news: heads of state and of
# government since about 1980 and a few other leading figures, as metonyms
# ("Putin said", like "the Kremlin said"). A surname alone only where it
# names nobody else in the news; otherwise the full name ("Theresa May",
# "Gordon Brown", "Xi Jinping": "XI" is a team sheet). People whose office
# now is not their country's (a NATO secretary general, an ECB president;
# António Costa, Portugal's prime minister until 2024, presides over the
# European Council) are left out. Flag k: capitalised. Written for
# wirewatch from public fact.
LEADERS = {
    "US": "Ronald Reagan|Reagan|Jimmy Carter|George Bush|George H. W. Bush|George H.W. Bush|George W. Bush|"
          "President Bush|Bill Clinton|Hillary Clinton|Barack Obama|Obama|Donald Trump|Trump|"
          "Joe Biden|Biden|Kamala Harris|Mike Pence|JD Vance|J.D. Vance|Dick Cheney|Al Gore|"
          "Nancy Pelosi|Pelosi|Mitch McConnell|Chuck Schumer|Hegseth|Marco Rubio",
    "CA": "Justin Trudeau|Trudeau|Stephen Harper|Brian Mulroney|Mulroney|Jean Chrétien|"
          "Jean Chretien|Mark Carney|Pierre Poilievre|Poilievre",
    "MX": "Sheinbaum|López Obrador|Lopez Obrador|AMLO|Enrique Peña Nieto|Felipe Calderón|Vicente Fox",
    "BR": "Lula|Bolsonaro|Dilma Rousseff|Rousseff|Michel Temer|Fernando Henrique Cardoso",
    "AR": "Milei|Cristina Kirchner|Néstor Kirchner|Mauricio Macri|Macri",
    "VE": "Maduro|Hugo Chávez|Hugo Chavez",
    "CO": "Gustavo Petro|Álvaro Uribe|Alvaro Uribe|Juan Manuel Santos",
    "CL": "Gabriel Boric|Sebastián Piñera|Sebastian Pinera|Pinochet",
    "CU": "Fidel Castro|Raúl Castro|Raul Castro|Díaz-Canel|Diaz-Canel",
    "SV": "Bukele", "NI": "Daniel Ortega", "BO": "Evo Morales", "EC": "Daniel Noboa", "PE": "Alberto Fujimori",
    "GB": "Margaret Thatcher|Thatcher|John Major|Tony Blair|Gordon Brown|David Cameron|"
          "Theresa May|Boris Johnson|Liz Truss|Rishi Sunak|Sunak|Keir Starmer|Starmer|Nigel Farage|Farage",
    "IE": "Leo Varadkar|Varadkar|Micheál Martin|Micheal Martin|Enda Kenny|Bertie Ahern",
    "FR": "Emmanuel Macron|Macron|François Hollande|Francois Hollande|Nicolas Sarkozy|Sarkozy|"
          "Jacques Chirac|Chirac|François Mitterrand|Francois Mitterrand|Mitterrand|Marine Le Pen",
    "DE": "Angela Merkel|Merkel|Olaf Scholz|Scholz|Friedrich Merz|Merz|Helmut Kohl|"
          "Gerhard Schröder|Gerhard Schroeder|Frank-Walter Steinmeier|Steinmeier",
    "IT": "Giorgia Meloni|Meloni|Silvio Berlusconi|Berlusconi|Matteo Renzi|Renzi|Giuseppe Conte|"
          "Matteo Salvini|Salvini|Sergio Mattarella|Mattarella",
    "ES": "Mariano Rajoy|Rajoy|José Luis Rodríguez Zapatero|Zapatero|"
          "José María Aznar|Aznar",
    "PT": "Marcelo Rebelo de Sousa|Luís Montenegro",
    "GR": "Mitsotakis|Tsipras", "HU": "Viktor Orbán|Viktor Orban|Orbán|Orban",
    "PL": "Donald Tusk|Andrzej Duda|Jarosław Kaczyński|Jaroslaw Kaczynski|Karol Nawrocki",
    "SK": "Robert Fico", "RS": "Vučić|Vucic|Milošević|Milosevic", "BY": "Lukashenko|Lukashenka",
    "UA": "Zelensky|Zelenskyy|Zelenskiy|Zelenski|Selenskyj|Poroshenko|Yanukovych|Tymoshenko|Yushchenko",
    "RU": "Vladimir Putin|Putin|Dmitry Medvedev|Dmitri Medvedev|Boris Yeltsin|Yeltsin|"
          "Mikhail Gorbachev|Gorbachev|Sergei Lavrov|Lavrov|Peskov|Shoigu|Navalny",
    "TR": "Erdogan|Erdoğan", "AZ": "Ilham Aliyev", "AM": "Pashinyan",
    "KZ": "Tokayev|Nazarbayev", "GE": "Saakashvili",
    "IL": "Netanyahu|Ariel Sharon|Ehud Olmert|Ehud Barak|Naftali Bennett|Yair Lapid|Shimon Peres|"
          "Yitzhak Rabin|Isaac Herzog",
    "PS": "Mahmoud Abbas|Yasser Arafat|Arafat",
    "IR": "Khamenei|Khomeini|Rouhani|Ahmadinejad|Ebrahim Raisi|Pezeshkian",
    "SY": "Bashar al-Assad|Assad|al-Sharaa", "IQ": "Saddam Hussein|Saddam",
    "SA": "Mohammed bin Salman|bin Salman|King Salman", "EG": "Hosni Mubarak|el-Sisi|al-Sisi|Mohamed Morsi|Morsi",
    "LY": "Gaddafi|Qaddafi|Kadhafi", "TN": "Kais Saied", "DZ": "Bouteflika|Tebboune",
    "CN": "Xi Jinping|President Xi|Hu Jintao|Jiang Zemin|Li Keqiang|Wen Jiabao|Deng Xiaoping|Mao Zedong",
    "TW": "Tsai Ing-wen|Lai Ching-te|Ma Ying-jeou",
    "JP": "Shinzo Abe|Fumio Kishida|Kishida|Yoshihide Suga|Shigeru Ishiba|Ishiba|Sanae Takaichi|Takaichi|"
          "Junichiro Koizumi|Yasuhiro Nakasone|Nakasone",
    "KR": "Yoon Suk Yeol|Moon Jae-in|Lee Jae-myung|Park Geun-hye|Lee Myung-bak|Roh Moo-hyun",
    "KP": "Kim Jong Un|Kim Jong-un|Kim Jong Il|Kim Jong-il|Kim Il Sung|Kim Il-sung",
    "IN": "Narendra Modi|PM Modi|Prime Minister Modi|Modi|Manmohan Singh|Atal Bihari Vajpayee|Vajpayee|Rahul Gandhi|Indira Gandhi|Rajiv Gandhi",
    "PK": "Imran Khan|Nawaz Sharif|Shehbaz Sharif|Pervez Musharraf|Musharraf|Benazir Bhutto",
    "BD": "Sheikh Hasina|Khaleda Zia|Muhammad Yunus", "AF": "Hamid Karzai|Karzai|Ashraf Ghani",
    "LK": "Rajapaksa", "MM": "Aung San Suu Kyi|Suu Kyi|Min Aung Hlaing",
    "TH": "Thaksin|Prayuth|Prayut", "KH": "Hun Sen|Hun Manet",
    "PH": "Duterte|Bongbong Marcos|Ferdinand Marcos|Corazon Aquino",
    "ID": "Joko Widodo|Jokowi|Prabowo|Suharto", "MY": "Anwar Ibrahim|Mahathir|Najib Razak",
    "SG": "Lee Hsien Loong|Lee Kuan Yew|Lawrence Wong",
    "AU": "Anthony Albanese|Scott Morrison|Malcolm Turnbull|Kevin Rudd|Julia Gillard|Tony Abbott|Bob Hawke",
    "NZ": "Jacinda Ardern|Ardern|Christopher Luxon|Chris Luxon|Luxon",
    "ZA": "Ramaphosa|Jacob Zuma|Zuma|Thabo Mbeki|Mbeki|Nelson Mandela|Mandela",
    "ZW": "Mugabe|Mnangagwa", "RW": "Kagame", "UG": "Museveni", "KE": "Uhuru Kenyatta|William Ruto|Ruto",
    "NG": "Buhari|Tinubu|Goodluck Jonathan", "ET": "Abiy Ahmed", "CD": "Tshisekedi|Joseph Kabila",
    "SD": "Omar al-Bashir|al-Burhan|Hemedti",
}
# Chinese and Japanese spellings, added to the above (characters are read
# one by one, so only names that no longer word contains: "川普" is inside
# "四川普通话", Japanese "トランプ" is also playing cards).
LEADERS_CJK = {
    "US": "特朗普|拜登|バイデン", "RU": "普京|プーチン", "UA": "泽连斯基|澤倫斯基|ゼレンスキー",
    "CN": "习近平|習近平", "KP": "金正恩", "TR": "埃尔多安", "IL": "内塔尼亚胡", "FR": "马克龙", "IN": "莫迪",
}
# Russian and Ukrainian news names countries by abbreviation ("удар РФ",
# "в КНР"), by their people ("россияне", "українців") and by seats of power
# ("Кремль", "Білий дім"); every form is written out (the rule that adds
# case endings skips them). Written for wirewatch.
CYRILLIC_ABBREVIATIONS = {  # kind, flags: in capitals
    "РФ": ("RU", "s"), "КНР": ("CN", "s"), "ФРГ": ("DE", "s"), "ДНР": ("UA", "r"), "ЛНР": ("UA", "r"),
    "ВСУ": ("UA", "m"), "ЗСУ": ("UA", "m"),
}
CYRILLIC_PEOPLE = {  # demonyms as nouns, Russian then Ukrainian, each in its cases
    "RU": "россиянин россиянина россияне россиян россиянам россиянами россиянах "
          "росіянин росіянина росіяни росіян росіянам росіянами росіянах",
    "UA": "украинец украинца украинцы украинцев украинцам украинцами украинцах "
          "українець українця українці українців українцям українцями українцях",
    "BY": "белорус белоруса белорусы белорусов белорусам белорусами белорусах "
          "білорус білоруса білоруси білорусів білорусам білорусами білорусах",
    "US": "американец американца американцы американцев американцам американцами американцах "
          "американець американця американці американців американцям американцями американцях",
    "PL": "поляки поляков полякам поляками поляків",
    "CN": "китайцы китайцев китайцам китайці китайців китайцям",
    "DE": "немцы немцев немцам німці німців німцям",
    "GB": "британцы британцев британцам британці британців британцям",
    "FR": "французы французов французам французи французів французам",
    "IL": "израильтяне израильтян ізраїльтяни ізраїльтян",
}
CYRILLIC_SEATS_OF_POWER = {
    "RU": "Кремль|Кремля|Кремлю|Кремлем|Кремле|Кремлі|Госдума|Госдумы|Госдуме|Госдуму",
    "US": "Белый дом|Белого дома|Белому дому|Белом доме|Білий дім|Білого дому|Білому домі|"
          "Пентагон|Пентагона|Пентагоне|Пентагоні",
    "UA": "Верховна Рада|Верховної Ради|Верховній Раді|Верховну Раду|Верховная Рада|Верховной Рады|"
          "Верховной Раде|Верховную Раду",
}

# German adjectives of German-speaking cities, the same in every case ("die
# Wiener SPÖ", "im Kölner Dom"): local news names its city so more often
# than by name. Read in German text only (flag i): in English a wiener, a
# hamburger and a frankfurter are sausages. Foreign cities are left out
# ("Pariser Abkommen" is the Paris Agreement). Written for wirewatch.
GERMAN_CITY_ADJECTIVES = {
    "DE": "Berliner Münchner Hamburger Kölner Frankfurter Stuttgarter Düsseldorfer Dresdner Leipziger "
          "Bremer Nürnberger Bonner Dortmunder Mainzer Potsdamer Kieler Rostocker Freiburger "
          "Heidelberger Karlsruher Augsburger Regensburger Magdeburger Erfurter Hannoveraner",
    "AT": "Wiener Grazer Linzer Salzburger Innsbrucker Klagenfurter Bregenzer",
    "CH": "Zürcher Genfer Basler Berner Luzerner",
}

# Countries' names in their own languages that are other things: given
# names and surnames ("Maurice", Mauritius; "Komori", Comoros; "Moris";
# "Belau", Palau) and the Sorani word for "republic of" (Iraq's entry).
NATIVE_LEFT_OUT = {"Maurice", "Komori", "Moris", "Belau", "کۆماری"}

# Russian and Ukrainian spellings with their case forms, written out (a
# surname declines as a noun, "-ский" as an adjective; "Лукашенко" and
# "Нетаньяху" not at all).
LEADERS_CYRILLIC = {
    "RU": "Путин|Путина|Путину|Путиным|Путине|Путін|Путіна|Путіну|Путіним|Путіні|Лавров|Лаврова|Лаврову|"
          "Лавровым|Лавровим|Песков|Пескова|Пескову|Песковым|Шойгу|Навальный|Навального|Навальному|Навальным",
    "US": "Трамп|Трампа|Трампу|Трампом|Трампе|Трампі|Байден|Байдена|Байдену|Байденом|Байдене|Байдені",
    "UA": "Зеленский|Зеленского|Зеленскому|Зеленским|Зеленском|Зеленський|Зеленського|Зеленському|"
          "Зеленським|Зеленськім",
    "BY": "Лукашенко", "IL": "Нетаньяху|Нетаньягу",
    "TR": "Эрдоган|Эрдогана|Эрдогану|Эрдоганом|Ердоган|Ердогана|Ердогану|Ердоганом",
    "FR": "Макрон|Макрона|Макрону|Макроном", "CN": "Си Цзиньпин|Си Цзиньпина|Си Цзиньпину|Си Цзиньпином",
}

# Leaders' surnames that are also words of another language, which count
# only where the item names their country too: German "Modi" is the plural
# of "Modus".
LEADERS_NEEDING_CORROBORATION = {"Modi"}

# Parties, forces, agencies and services that belong to one country, as
# metonyms: acronyms count only in capitals (flag u: "NHS", not "nhs"),
# names only capitalised (flag k). Acronyms that are also other things are
# left out (PTI is Pakistan's party and the Press Trust of India; DPP,
# Taiwan's party and a prosecutor; FSB, a regulator; RBI, runs batted in;
# CSU, a Californian university; ANC, the Catalan National Assembly).
# Written for wirewatch from public fact.
PARTIES_AND_AGENCIES = {
    "u": {
        "NHS": "GB", "SNP": "GB", "MI5": "GB", "MI6": "GB", "GOP": "US", "G.O.P.": "US", "NYPD": "US",
        "LAPD": "US", "RCMP": "CA", "IDF": "IL", "IRGC": "IR", "SBU": "UA", "KGB": "RU",
        "BJP": "IN", "CDU": "DE", "SPD": "DE", "ÖVP": "AT", "SPÖ": "AT", "FPÖ": "AT",
        "KMT": "TW", "PKK": "TR", "AKP": "TR",
    },
    "k": {
        "Tories": "GB", "Tory": "GB", "Obamacare": "US", "Stasi": "DE", "AfD": "DE", "Likud": "IL",
        "Fidesz": "HU", "PiS": "PL", "Houthis": "YE", "Houthi": "YE", "Bundesliga": "DE",
        # Seats of government and parliaments, as their own press names them.
        "Moncloa": "ES", "Zarzuela": "ES", "Matignon": "FR", "Planalto": "BR", "Itamaraty": "BR",
        "Casa Rosada": "AR", "Quirinale": "IT", "Palazzo Chigi": "IT", "Farnesina": "IT",
        "Rideau Hall": "CA", "Parliament Hill": "CA", "Stormont": "GB", "Senedd": "GB", "Sejm": "PL",
        "Riigikogu": "EE", "Seimas": "LT", "Saeima": "LV", "Eduskunta": "FI", "Rashtrapati Bhavan": "IN",
    },
}

# Metonyms that mark local news (flag g): with them a foreign city that shares
# a US town's name ("Paris", "Athens") is the US town.
LOCAL_GOVERNMENT = {"County", "Township", "Twp."}

# Well-known places and subdivisions (US states come from GeoNames).
SUBDIVISIONS = {
    "Niger Delta": "NG",
    "Crimea": "UA", "Donbas": "UA", "Donbass": "UA", "Donetsk": "UA", "Luhansk": "UA",
    "Kharkiv": "UA", "Odesa": "UA", "Odessa": "UA", "Zaporizhzhia": "UA", "Kherson": "UA",
    "Kursk": "RU", "Belgorod": "RU", "Siberia": "RU", "Chechnya": "RU", "Dagestan": "RU",
    "Gaza": "PS", "Gaza Strip": "PS", "West Bank": "PS", "Golan Heights": "SY",
    "Tibet": "CN", "Xinjiang": "CN", "Hong Kong": "HK", "Macau": "MO", "Macao": "MO",
    "Sichuan": "CN", "Guangdong": "CN", "Yunnan": "CN", "Hubei": "CN", "Wuhan": "CN",
    "Inner Mongolia": "CN", "Manchuria": "CN",
    "Catalonia": "ES", "Basque Country": "ES", "Andalusia": "ES", "Galicia": "ES",
    "Bavaria": "DE", "Saxony": "DE", "Corsica": "FR", "Brittany": "FR", "Normandy": "FR",
    "Provence": "FR", "Sicily": "IT", "Sardinia": "IT", "Lombardy": "IT", "Tuscany": "IT",
    "Flanders": "BE", "Wallonia": "BE", "Transnistria": "MD", "Abkhazia": "GE",
    "South Ossetia": "GE", "Nagorno-Karabakh": "AZ", "Karabakh": "AZ", "Kosovo": "RS",
    "Kurdistan": "IQ", "Darfur": "SD", "Tigray": "ET", "Kashmir": "IN", "Kerala": "IN",
    "Gujarat": "IN", "Bihar": "IN", "Uttar Pradesh": "IN", "Maharashtra": "IN",
    "Tamil Nadu": "IN", "Assam": "IN", "Balochistan": "PK", "Baluchistan": "PK",
    "Waziristan": "PK", "Sindh": "PK", "Aceh": "ID", "Bali": "ID", "Sumatra": "ID",
    "Borneo": "ID", "Papua": "ID", "Mindanao": "PH", "Luzon": "PH", "Hokkaido": "JP",
    "Okinawa": "JP", "Fukushima": "JP", "Kyushu": "JP", "Honshu": "JP",
    "Quebec": "CA", "Ontario": "CA", "Alberta": "CA", "British Columbia": "CA",
    "Manitoba": "CA", "Saskatchewan": "CA", "Nova Scotia": "CA", "New Brunswick": "CA",
    "Newfoundland": "CA", "Yukon": "CA", "Nunavut": "CA",
    "Queensland": "AU", "New South Wales": "AU", "Tasmania": "AU", "Western Australia": "AU",
    "South Australia": "AU", "Northern Territory": "AU", "Patagonia": "AR",
    "Yucatan": "MX", "Chiapas": "MX", "Baja California": "MX", "Sinaloa": "MX",
    "Tijuana": "MX", "Ciudad Juarez": "MX", "Amazonas": "BR", "Bahia": "BR",
    "Rio Grande do Sul": "BR", "Sao Paulo": "BR", "Rio de Janeiro": "BR",
    "Punjab": "IN,PK", "Bengal": "IN,BD", "Mecca": "SA", "Medina": "SA",
    "Silicon Valley": "US", "Hollywood": "US", "Manhattan": "US", "Brooklyn": "US",
    "Midwest": "US", "New England": "US", "Long Island": "US", "Puerto Rico": "PR",
    "Guam": "GU", "Greenland": "GL", "Faroe Islands": "FO", "Canary Islands": "ES",
    "Balearic Islands": "ES", "Azores": "PT", "Madeira": "PT", "Zanzibar": "TZ",
    "Kurdish region": "IQ", "Idlib": "SY", "Aleppo": "SY", "Homs": "SY", "Raqqa": "SY",
    "Mosul": "IQ", "Basra": "IQ", "Fallujah": "IQ", "Kandahar": "AF", "Helmand": "AF",
    "Kunduz": "AF", "Benghazi": "LY", "Tripoli": "LY", "Sinai": "EG", "Negev": "IL",
    "Chernobyl": "UA", "Bakhmut": "UA", "Mariupol": "UA", "Kaliningrad": "RU",
    "Tatarstan": "RU", "Yakutia": "RU", "Lapland": "FI", "Jutland": "DK",
    "Scottish Highlands": "GB", "Cornwall": "GB", "Yorkshire": "GB", "Kent": "GB",
    "Jamaica Bay": "US", "Jamaica Plain": "US",
    "Essex": "GB", "Surrey": "GB", "Sussex": "GB", "Devon": "GB", "Merseyside": "GB",
    "Ulster": "GB", "Belfast": "GB", "Cardiff": "GB", "Edinburgh": "GB", "Glasgow": "GB",
    # Well-known subdivisions that count alone in English-language news.
    "Madhya Pradesh": "IN", "Andhra Pradesh": "IN", "Himachal Pradesh": "IN",
    "Arunachal Pradesh": "IN", "West Bengal": "IN", "Karnataka": "IN", "Rajasthan": "IN",
    "Odisha": "IN", "Telangana": "IN", "Jharkhand": "IN", "Chhattisgarh": "IN", "Uttarakhand": "IN",
    "Haryana": "IN", "Manipur": "IN", "Nagaland": "IN", "Mizoram": "IN", "Meghalaya": "IN",
    "Sikkim": "IN", "Khyber Pakhtunkhwa": "PK", "Nangarhar": "AF", "Mato Grosso": "BR",
    "Mato Grosso do Sul": "BR", "Minas Gerais": "BR", "Pernambuco": "BR", "Roraima": "BR",
    "Rondônia": "BR", "Maranhão": "BR", "Santa Catarina": "BR", "Zhejiang": "CN", "Jiangsu": "CN",
    "Shandong": "CN", "Henan": "CN", "Hebei": "CN", "Hunan": "CN", "Fujian": "CN", "Anhui": "CN",
    "Shaanxi": "CN", "Shanxi": "CN", "Guangxi": "CN", "Liaoning": "CN", "Heilongjiang": "CN",
    "Gansu": "CN", "Qinghai": "CN", "Ningxia": "CN", "Hainan": "CN", "Guizhou": "CN",
    "Jalisco": "MX", "Michoacán": "MX", "Oaxaca": "MX", "Tamaulipas": "MX", "Veracruz": "MX",
    "Nuevo León": "MX", "Quintana Roo": "MX", "Antioquia": "CO", "KwaZulu-Natal": "ZA",
    "Gauteng": "ZA", "Mpumalanga": "ZA", "Borno": "NG", "Zamfara": "NG", "North Kivu": "CD",
    "South Kivu": "CD", "Ituri": "CD", "Cabo Delgado": "MZ", "Amhara": "ET", "Oromia": "ET",
    "Puntland": "SO", "Somaliland": "SO", "Rakhine": "MM", "Anbar": "IQ", "Nineveh": "IQ",
    "Kirkuk": "IQ", "Deir ez-Zor": "SY", "Hodeidah": "YE", "Marib": "YE", "Dnipropetrovsk": "UA",
    "Mykolaiv": "UA", "Chernihiv": "UA", "Sarawak": "MY", "East Java": "ID", "West Java": "ID",
    "Central Java": "ID", "Lower Saxony": "DE", "North Rhine-Westphalia": "DE",
    "Saxony-Anhalt": "DE", "Rhineland-Palatinate": "DE", "Thuringia": "DE",
    "Prince Edward Island": "CA",
    # Georgia the US state in the words of its government, elections and
    # colleges: the country has a president, a parliament and Tbilisi.
    "Georgia governor": "US", "Governor of Georgia": "US", "Georgia senator": "US",
    "Senator from Georgia": "US", "Georgia Senate": "US", "Georgia House": "US",
    "Georgia legislature": "US", "Georgia General Assembly": "US", "Georgia lawmakers": "US",
    "Georgia Republicans": "US", "Georgia Democrats": "US", "Georgia voters": "US",
    "Georgia primary": "US", "Georgia runoff": "US", "Georgia Secretary of State": "US",
    "Georgia Tech": "US", "Georgia State University": "US", "University of Georgia": "US",
    "Georgia Bulldogs": "US",
}

# First-level subdivisions under their names in the country's own language
# and in its neighbours' news, and English names that need a flag (the
# unflagged English ones are in SUBDIVISIONS). Unlike the GeoNames names
# below, which all need corroboration, these count alone unless flagged.
# Written for wirewatch. The language
# column documents where a name is used; the classifier matches every name
# in every language. Flags as in places.tsv: "a" where the name is also a
# word, a person's or another place's, "c" where the lower-case form is a word.
LOCAL_SUBDIVISIONS = {
    # The most-reported regions in Russian, Ukrainian, Arabic, Chinese and
    # Japanese (their Cyrillic and Arabic case and clitic forms are derived).
    "Крым": ("UA", "", "ru"), "Крим": ("UA", "", "uk"), "القرم": ("UA", "", "ar"), "克里米亚": ("UA", "", "zh"),
    "クリミア": ("UA", "", "ja"), "Донбасс": ("UA", "", "ru"), "Донбас": ("UA", "", "uk"),
    "دونباس": ("UA", "", "ar"), "顿巴斯": ("UA", "", "zh"), "ドンバス": ("UA", "", "ja"),
    "Газа": ("PS", "", "ru"), "Сектор Газа": ("PS", "", "ru"), "غزة": ("PS", "", "ar"),
    "加沙": ("PS", "", "zh"), "ガザ": ("PS", "", "ja"), "الضفة الغربية": ("PS", "", "ar"),
    "约旦河西岸": ("PS", "", "zh"), "ヨルダン川西岸": ("PS", "", "ja"),
    "Кашмир": ("IN", "", "ru"), "كشمير": ("IN", "", "ar"), "克什米尔": ("IN", "", "zh"),
    "カシミール": ("IN", "", "ja"), "Тибет": ("CN", "", "ru"), "التبت": ("CN", "", "ar"),
    "西藏": ("CN", "", "zh"), "チベット": ("CN", "", "ja"), "Синьцзян": ("CN", "", "ru"),
    "شينجيانغ": ("CN", "", "ar"), "新疆": ("CN", "", "zh"),
    "Калифорния": ("US", "", "ru"), "Каліфорнія": ("US", "", "uk"), "كاليفورنيا": ("US", "", "ar"),
    "加州": ("US", "", "zh"), "加利福尼亚": ("US", "", "zh"), "カリフォルニア": ("US", "", "ja"),
    "Техас": ("US", "", "ru"), "تكساس": ("US", "", "ar"), "得克萨斯": ("US", "", "zh"),
    "テキサス": ("US", "", "ja"), "Флорида": ("US", "", "ru"),
    "فلوريدا": ("US", "", "ar"), "佛罗里达": ("US", "", "zh"), "フロリダ": ("US", "", "ja"),
    # German compounds of a compass point and a country.
    "Ostukraine": ("UA", "", "de"), "Westukraine": ("UA", "", "de"), "Südukraine": ("UA", "", "de"),
    "Nordsyrien": ("SY", "", "de"), "Nordirak": ("IQ", "", "de"), "Südlibanon": ("LB", "", "de"),
    "Nordisrael": ("IL", "", "de"), "Südisrael": ("IL", "", "de"), "Ostjerusalem": ("IL", "", "de"),
    # Germany (de)
    "Bayern": ("DE", "", "de"), "Sachsen": ("DE", "", "de"), "Thüringen": ("DE", "", "de"),
    "Hessen": ("DE", "", "de"), "Niedersachsen": ("DE", "", "de"),
    "Nordrhein-Westfalen": ("DE", "", "de"), "NRW": ("DE", "u", "de"),
    "Baden-Württemberg": ("DE", "", "de"), "Rheinland-Pfalz": ("DE", "", "de"),
    "Saarland": ("DE", "", "de"), "Sachsen-Anhalt": ("DE", "", "de"),
    "Schleswig-Holstein": ("DE", "", "de"), "Mecklenburg-Vorpommern": ("DE", "", "de"),
    "Brandenburg": ("DE", "", "de"), "Ruhrgebiet": ("DE", "", "de"),
    # Austria (de)
    "Tirol": ("AT", "", "de"), "Vorarlberg": ("AT", "", "de"), "Kärnten": ("AT", "", "de"),
    "Steiermark": ("AT", "", "de"), "Niederösterreich": ("AT", "", "de"),
    "Oberösterreich": ("AT", "", "de"), "Burgenland": ("AT", "", "de"),
    "Tyrol": ("AT", "", ""), "Styria": ("AT", "", ""), "Carinthia": ("AT", "", ""),
    # Switzerland (de, fr, it)
    "Graubünden": ("CH", "", "de"), "Tessin": ("CH", "a", "de"), "Ticino": ("CH", "", ""),
    "Aargau": ("CH", "", "de"), "Thurgau": ("CH", "", "de"), "Waadt": ("CH", "", "de"),
    "Vaud": ("CH", "", "fr"), "Valais": ("CH", "", "fr"), "Neuchâtel": ("CH", "", "fr"),
    # France (fr), and its regions in German, Spanish and Italian news
    "Bretagne": ("FR", "", "fr"), "Normandie": ("FR", "", "fr"), "Occitanie": ("FR", "", "fr"),
    "Nouvelle-Aquitaine": ("FR", "", "fr"), "Auvergne-Rhône-Alpes": ("FR", "", "fr"),
    "Bourgogne-Franche-Comté": ("FR", "", "fr"), "Centre-Val de Loire": ("FR", "", "fr"),
    "Grand Est": ("FR", "c", "fr"), "Hauts-de-France": ("FR", "", "fr"),
    "Île-de-France": ("FR", "", "fr"), "Pays de la Loire": ("FR", "", "fr"),
    "Provence-Alpes-Côte d'Azur": ("FR", "", "fr"), "Côte d'Azur": ("FR", "", "fr"),
    "Corse": ("FR", "c", "fr"), "Korsika": ("FR", "", "de"), "Córcega": ("FR", "", "es"),
    "Alsace": ("FR", "", ""), "Elsass": ("FR", "", "de"), "Alsacia": ("FR", "", "es"),
    "Bretaña": ("FR", "", "es"), "Normandía": ("FR", "", "es"),
    # Spain (es, ca, eu)
    "Andalucía": ("ES", "", "es"), "Aragón": ("ES", "a", "es"), "Cataluña": ("ES", "", "es"),
    "Catalunya": ("ES", "", "ca"), "Castilla y León": ("ES", "", "es"),
    "Castilla-La Mancha": ("ES", "", "es"), "Comunidad Valenciana": ("ES", "", "es"),
    "Comunitat Valenciana": ("ES", "", "ca"), "Islas Baleares": ("ES", "", "es"),
    "Illes Balears": ("ES", "", "ca"), "Islas Canarias": ("ES", "", "es"),
    "Canarias": ("ES", "", "es"), "Navarra": ("ES", "", "es"), "País Vasco": ("ES", "", "es"),
    "Euskadi": ("ES", "", "eu"), "Asturias": ("ES", "", ""), "Cantabria": ("ES", "", ""),
    "Extremadura": ("ES", "", ""), "Navarre": ("ES", "", ""),
    "Katalonien": ("ES", "", "de"), "Andalusien": ("ES", "", "de"), "Baskenland": ("ES", "", "de"),
    "Kanaren": ("ES", "", "de"), "Balearen": ("ES", "", "de"),
    "Catalogne": ("ES", "", "fr"), "Andalousie": ("ES", "", "fr"), "Pays basque": ("FR,ES", "a", "fr"),
    "Catalogna": ("ES", "", "it"), "Catalunha": ("ES", "", "pt"),
    # Italy (it), and its regions in other languages
    "Lombardia": ("IT", "", "it"), "Toscana": ("IT", "", "it"), "Piemonte": ("IT", "", "it"),
    "Lazio": ("IT", "", "it"), "Sicilia": ("IT", "", "it"), "Sardegna": ("IT", "", "it"),
    "Puglia": ("IT", "", "it"), "Emilia-Romagna": ("IT", "", ""), "Veneto": ("IT", "", ""),
    "Friuli-Venezia Giulia": ("IT", "", "it"), "Trentino-Alto Adige": ("IT", "", "it"),
    "Alto Adige": ("IT", "", "it"), "Südtirol": ("IT", "", "de"), "South Tyrol": ("IT", "", ""),
    "Valle d'Aosta": ("IT", "", "it"), "Basilicata": ("IT", "", ""), "Calabria": ("IT", "", ""),
    "Campania": ("IT", "", ""), "Liguria": ("IT", "", ""), "Umbria": ("IT", "", ""),
    "Abruzzo": ("IT", "", ""), "Apulia": ("IT", "", ""),
    "Lombardei": ("IT", "", "de"), "Toskana": ("IT", "", "de"), "Sizilien": ("IT", "", "de"),
    "Sardinien": ("IT", "", "de"), "Apulien": ("IT", "", "de"), "Kalabrien": ("IT", "", "de"),
    "Lombardie": ("IT", "", "fr"), "Toscane": ("IT", "", "fr"), "Sicile": ("IT", "", "fr"),
    "Sardaigne": ("IT", "", "fr"), "Cerdeña": ("IT", "", "es"), "Sicília": ("IT", "", "pt"),
    # Elsewhere in Europe
    "Vlaanderen": ("BE", "", "nl"), "Wallonie": ("BE", "", "fr"), "Flandre": ("BE", "", "fr"),
    "Flandern": ("BE", "", "de"), "Noord-Holland": ("NL", "", "nl"), "Zuid-Holland": ("NL", "", "nl"),
    "Noord-Brabant": ("NL", "", "nl"), "Gelderland": ("NL", "", "nl"), "Friesland": ("NL", "a", "nl"),
    "Fryslân": ("NL", "", "nl"), "Overijssel": ("NL", "", "nl"), "Drenthe": ("NL", "", "nl"),
    "Flevoland": ("NL", "", "nl"), "Zeeland": ("NL", "", "nl"),
    "Mazowsze": ("PL", "", "pl"), "Małopolska": ("PL", "", "pl"), "Wielkopolska": ("PL", "", "pl"),
    "Śląsk": ("PL", "", "pl"), "Pomorze": ("PL", "", "pl"), "Silesia": ("PL", "", ""),
    "Schlesien": ("PL", "", "de"), "Silésie": ("PL", "", "fr"),
    "Schottland": ("GB", "", "de"), "Écosse": ("GB", "", "fr"), "Escocia": ("GB", "", "es"),
    "Nordirland": ("GB", "", "de"), "Irlande du Nord": ("GB", "", "fr"),
    "Irlanda del Norte": ("GB", "", "es"), "Pays de Galles": ("GB", "", "fr"),
    "País de Gales": ("GB", "", "es"),
    # Well-known places of the hand-written English list, as other languages' news writes them
    "Krim": ("UA", "", "de"), "Crimée": ("UA", "", "fr"), "Donbas": ("UA", "", ""),
    "Donezk": ("UA", "", "de"), "Charkiw": ("UA", "", "de"), "Cherson": ("UA", "", "de"),
    "Saporischschja": ("UA", "", "de"), "Zaporijia": ("UA", "", "fr"),
    "Gazastreifen": ("PS", "", "de"), "Westjordanland": ("PS", "", "de"),
    "bande de Gaza": ("PS", "", "fr"), "Cisjordanie": ("PS", "", "fr"),
    "Franja de Gaza": ("PS", "", "es"), "Cisjordania": ("PS", "", "es"),
    "Striscia di Gaza": ("PS", "", "it"), "Cisgiordania": ("PS", "", "it"),
    "Faixa de Gaza": ("PS", "", "pt"), "Cisjordânia": ("PS", "", "pt"),
    "Golanhöhen": ("SY", "", "de"), "Tschetschenien": ("RU", "", "de"), "Tchétchénie": ("RU", "", "fr"),
    "Chechenia": ("RU", "", "es"), "Cecenia": ("RU", "", "it"), "Sibirien": ("RU", "", "de"),
    "Sibérie": ("RU", "", "fr"), "Kaschmir": ("IN", "a", "de"), "Cachemire": ("IN", "a", "fr"),
    "Cachemira": ("IN", "a", "es"), "Bavière": ("DE", "", "fr"), "Baviera": ("DE", "", "es"),
    "Sajonia": ("DE", "", "es"), "Saxe": ("DE", "ac", "fr"), "Québec": ("CA", "", "fr"),
    # Well-known subdivisions whose names are also words ("Sabah" is Turkish
    # for morning, "Sonora" Spanish for sonorous, "crête" French for a crest,
    # "goa" a gazelle), and French regions as French news names them.
    "Goa": ("IN", "c", ""), "Sonora": ("MX", "a", ""), "Crete": ("GR", "c", ""),
    "Sabah": ("MY", "a", ""), "Haute-Normandie": ("FR", "", "fr"),
    "Franche-Comté": ("FR", "", "fr"),
    # Names that contain one of the above but are other places: the longer
    # phrase wins ("Grande-Bretagne" is not Brittany).
    "Nouvelle-Écosse": ("CA", "", "fr"), "Nueva Escocia": ("CA", "", "es"),
    "Nouvelle-Bretagne": ("PG", "", "fr"), "Nueva Bretaña": ("PG", "", "es"),
    "Catalunya Nord": ("FR", "", "ca"), "Tirol del Sud": ("IT", "", "ca"),
    "Kalifornien": ("US", "", "de"), "Californie": ("US", "", "fr"), "Floride": ("US", "", "fr"),
}

# Great Britain in languages whose name for it contains Brittany's (the
# translations list the United Kingdom instead); the longer phrase wins.
GREAT_BRITAIN = {"Grande-Bretagne": "fr", "Gran Bretaña": "es", "Gran Bretagna": "it",
                 "Grã-Bretanha": "pt", "Großbritannien": "de", "Wielka Brytania": "pl",
                 "Velká Británie": "cs"}

# AP-style US state abbreviations that are not also common words.
US_STATE_ABBREVIATIONS = {
    "Calif.": "c", "Fla.": "c", "Tenn.": "c", "Ariz.": "c", "Colo.": "c", "Conn.": "c",
    "Mich.": "c", "Minn.": "c", "Okla.": "c", "Wis.": "c", "Nev.": "c", "Neb.": "c",
    "Kan.": "c", "Ark.": "c", "Ala.": "c", "Ky.": "c", "Va.": "c", "W.Va.": "c", "Vt.": "c",
    # Two capitals are also other things without their dots (SC: a supreme
    # court, DC: direct current, SD: a memory card): they need corroboration.
    "Ga.": "c", "Tex.": "c",
    "Wyo.": "c", "N.Y.": "u", "N.J.": "ua", "N.C.": "ua", "S.C.": "ua", "N.D.": "ua",
    "S.D.": "ua", "N.H.": "ua", "N.M.": "ua", "D.C.": "ua",
}

# Cities' initials with dots (flag d: only where the text has the dots; "LA"
# is also the French article of a rubric in capitals).
CITY_INITIALS = {"L.A.": "US"}

# English words (or very common given names and surnames) that are also
# place names. A place whose name is one of these must be capitalised and
# corroborated before it counts.
AMBIGUOUS_WORDS = """
nice reading mobile split bath chad jordan turkey georgia niger guinea victoria
florence charlotte eugene lincoln austin madison jackson irving tyler marion
aurora hamilton kingston salem orange santiago
mission independence concord columbia lafayette troy
phoenix buffalo lowell lawrence spring springfield surprise
temple college station sandy layton plano mesa miramar carmel bay midland
jersey normal sale of bar police best cork derby wells ely hull sterling
chester dover eagle sunrise fortune gary henderson norman peoria waco wilson
york man male congo dominica kennedy alexandra brent reunion riunione reuniao
""".split()

# Country adjectives as German writes them, in lower case inside a sentence
# and declined ("die russischen Truppen", "der britische Premier"): mledoze
# has English and French demonyms only. Each stem takes the endings -e, -en,
# -er, -es and -em, read only in German text. "deutsch" is left out: it is
# also the language. Written for wirewatch.
GERMAN_ADJECTIVES = {
    "amerikanisch": "US", "us-amerikanisch": "US", "britisch": "GB", "englisch": "GB", "französisch": "FR",
    "russisch": "RU", "ukrainisch": "UA", "chinesisch": "CN", "israelisch": "IL", "iranisch": "IR",
    "türkisch": "TR", "syrisch": "SY", "irakisch": "IQ", "saudisch": "SA", "saudi-arabisch": "SA",
    "japanisch": "JP", "indisch": "IN", "pakistanisch": "PK", "afghanisch": "AF", "italienisch": "IT",
    "spanisch": "ES", "polnisch": "PL", "österreichisch": "AT", "schweizerisch": "CH", "niederländisch": "NL",
    "belgisch": "BE", "griechisch": "GR", "ägyptisch": "EG", "libysch": "LY", "jemenitisch": "YE",
    "libanesisch": "LB", "palästinensisch": "PS", "nordkoreanisch": "KP", "südkoreanisch": "KR",
    "kanadisch": "CA", "mexikanisch": "MX", "brasilianisch": "BR", "argentinisch": "AR",
    "venezolanisch": "VE", "kubanisch": "CU", "australisch": "AU", "nigerianisch": "NG",
    "südafrikanisch": "ZA", "äthiopisch": "ET", "sudanesisch": "SD", "ungarisch": "HU", "rumänisch": "RO",
    "serbisch": "RS", "kroatisch": "HR", "tschechisch": "CZ", "slowakisch": "SK", "schwedisch": "SE",
    "norwegisch": "NO", "dänisch": "DK", "finnisch": "FI", "belarussisch": "BY", "weißrussisch": "BY",
    "georgisch": "GE", "armenisch": "AM", "aserbaidschanisch": "AZ", "kasachisch": "KZ",
    "taiwanisch": "TW", "vietnamesisch": "VN", "thailändisch": "TH", "indonesisch": "ID",
    "philippinisch": "PH", "katarisch": "QA", "jordanisch": "JO", "marokkanisch": "MA",
    "algerisch": "DZ", "tunesisch": "TN", "kenianisch": "KE", "kolumbianisch": "CO", "chilenisch": "CL",
    "peruanisch": "PE", "irisch": "IE", "portugiesisch": "PT", "bulgarisch": "BG", "slowenisch": "SI",
    "litauisch": "LT", "lettisch": "LV", "estnisch": "EE", "moldauisch": "MD", "bosnisch": "BA",
    "albanisch": "AL", "mazedonisch": "MK", "montenegrinisch": "ME", "isländisch": "IS",
    "luxemburgisch": "LU", "neuseeländisch": "NZ", "singapurisch": "SG", "malaysisch": "MY",
    "bangladeschisch": "BD", "nepalesisch": "NP", "myanmarisch": "MM", "kambodschanisch": "KH",
    "mongolisch": "MN", "somalisch": "SO", "malisch": "ML", "nigrisch": "NE", "kongolesisch": "CD",
    "ghanaisch": "GH", "senegalesisch": "SN", "ugandisch": "UG", "ruandisch": "RW", "tansanisch": "TZ",
    "simbabwisch": "ZW", "mosambikanisch": "MZ", "angolanisch": "AO", "emiratisch": "AE",
    "kuwaitisch": "KW", "omanisch": "OM", "bahrainisch": "BH", "usbekisch": "UZ", "kirgisisch": "KG",
    "tadschikisch": "TJ", "turkmenisch": "TM", "haitianisch": "HT", "bolivianisch": "BO",
    "ecuadorianisch": "EC", "uruguayisch": "UY", "paraguayisch": "PY", "nicaraguanisch": "NI",
    "guatemaltekisch": "GT", "honduranisch": "HN", "salvadorianisch": "SV", "panamaisch": "PA",
    "costa-ricanisch": "CR", "dominikanisch": "DO", "jamaikanisch": "JM", "sri-lankisch": "LK",
}

# Country adjectives as Spanish, Italian, Portuguese, Russian, Polish and
# Ukrainian news write them, in lower case and in every gender, number and
# case ("el ejército ruso", "le truppe russe", "as tropas russas",
# "российские войска", "rosyjskie wojska"): the same countries as the German
# list, keyed by the masculine singular, whose ending picks the paradigm
# (see romance_adjective_forms and slavic_adjective_forms). The adjective of
# the language's own country is left out, as German leaves out "deutsch":
# it is also the language's name, which its press writes constantly
# ("español", "italiano", "português", "русский", "polski"); "российский",
# Russia's state adjective, is no language and stays in (Ukrainian
# "російський" likewise). Written for wirewatch.
SPANISH_ADJECTIVES = {
    "estadounidense": "US", "norteamericano": "US", "americano": "US", "británico": "GB", "inglés": "GB",
    "francés": "FR", "ruso": "RU", "ucraniano": "UA", "chino": "CN", "israelí": "IL", "iraní": "IR",
    "turco": "TR", "sirio": "SY", "iraquí": "IQ", "saudí": "SA", "saudita": "SA", "japonés": "JP",
    "indio": "IN", "pakistaní": "PK", "paquistaní": "PK", "afgano": "AF", "italiano": "IT", "alemán": "DE",
    "polaco": "PL", "austriaco": "AT", "austríaco": "AT", "suizo": "CH", "neerlandés": "NL",
    "holandés": "NL", "belga": "BE", "griego": "GR", "egipcio": "EG", "libio": "LY", "yemení": "YE",
    "libanés": "LB", "palestino": "PS", "norcoreano": "KP", "surcoreano": "KR", "canadiense": "CA",
    "mexicano": "MX", "brasileño": "BR", "argentino": "AR", "venezolano": "VE", "cubano": "CU",
    "australiano": "AU", "nigeriano": "NG", "sudafricano": "ZA", "etíope": "ET", "sudanés": "SD",
    "húngaro": "HU", "rumano": "RO", "serbio": "RS", "croata": "HR", "checo": "CZ", "eslovaco": "SK",
    "sueco": "SE", "noruego": "NO", "danés": "DK", "finlandés": "FI", "bielorruso": "BY",
    "georgiano": "GE", "armenio": "AM", "azerbaiyano": "AZ", "kazajo": "KZ", "taiwanés": "TW",
    "vietnamita": "VN", "tailandés": "TH", "indonesio": "ID", "filipino": "PH", "catarí": "QA",
    "qatarí": "QA", "jordano": "JO", "marroquí": "MA", "argelino": "DZ", "tunecino": "TN",
    "keniano": "KE", "keniata": "KE", "colombiano": "CO", "chileno": "CL", "peruano": "PE",
    "irlandés": "IE", "portugués": "PT", "búlgaro": "BG", "esloveno": "SI", "lituano": "LT",
    "letón": "LV", "estonio": "EE", "moldavo": "MD", "bosnio": "BA", "albanés": "AL", "macedonio": "MK",
    "montenegrino": "ME", "islandés": "IS", "luxemburgués": "LU", "neozelandés": "NZ",
    "singapurense": "SG", "malasio": "MY", "bangladesí": "BD", "nepalí": "NP", "birmano": "MM",
    "camboyano": "KH", "mongol": "MN", "somalí": "SO", "maliense": "ML", "nigerino": "NE",
    "congoleño": "CD", "ghanés": "GH", "senegalés": "SN", "ugandés": "UG", "ruandés": "RW",
    "tanzano": "TZ", "zimbabuense": "ZW", "mozambiqueño": "MZ", "angoleño": "AO", "emiratí": "AE",
    "kuwaití": "KW", "omaní": "OM", "bareiní": "BH", "bahreiní": "BH", "uzbeko": "UZ", "kirguís": "KG",
    "tayiko": "TJ", "turcomano": "TM", "haitiano": "HT", "boliviano": "BO", "ecuatoriano": "EC",
    "uruguayo": "UY", "paraguayo": "PY", "nicaragüense": "NI", "guatemalteco": "GT", "hondureño": "HN",
    "salvadoreño": "SV", "panameño": "PA", "costarricense": "CR", "dominicano": "DO",
    "jamaiquino": "JM", "jamaicano": "JM", "esrilanqués": "LK", "ceilandés": "LK",
}
ITALIAN_ADJECTIVES = {
    "statunitense": "US", "americano": "US", "britannico": "GB", "inglese": "GB", "francese": "FR",
    "russo": "RU", "ucraino": "UA", "cinese": "CN", "israeliano": "IL", "iraniano": "IR", "turco": "TR",
    "siriano": "SY", "iracheno": "IQ", "saudita": "SA", "giapponese": "JP", "indiano": "IN",
    "pakistano": "PK", "afghano": "AF", "spagnolo": "ES", "tedesco": "DE", "polacco": "PL",
    "austriaco": "AT", "svizzero": "CH", "olandese": "NL", "belga": "BE", "greco": "GR",
    "egiziano": "EG", "libico": "LY", "yemenita": "YE", "libanese": "LB", "palestinese": "PS",
    "nordcoreano": "KP", "sudcoreano": "KR", "canadese": "CA", "messicano": "MX", "brasiliano": "BR",
    "argentino": "AR", "venezuelano": "VE", "cubano": "CU", "australiano": "AU", "nigeriano": "NG",
    "sudafricano": "ZA", "etiope": "ET", "sudanese": "SD", "ungherese": "HU", "rumeno": "RO",
    "romeno": "RO", "serbo": "RS", "croato": "HR", "ceco": "CZ", "slovacco": "SK", "svedese": "SE",
    "norvegese": "NO", "danese": "DK", "finlandese": "FI", "bielorusso": "BY", "georgiano": "GE",
    "armeno": "AM", "azero": "AZ", "azerbaigiano": "AZ", "kazako": "KZ", "taiwanese": "TW",
    "vietnamita": "VN", "thailandese": "TH", "indonesiano": "ID", "filippino": "PH", "qatariota": "QA",
    "giordano": "JO", "marocchino": "MA", "algerino": "DZ", "tunisino": "TN", "keniota": "KE",
    "colombiano": "CO", "cileno": "CL", "peruviano": "PE", "irlandese": "IE", "portoghese": "PT",
    "bulgaro": "BG", "sloveno": "SI", "lituano": "LT", "lettone": "LV", "estone": "EE",
    "moldavo": "MD", "bosniaco": "BA", "albanese": "AL", "macedone": "MK", "montenegrino": "ME",
    "islandese": "IS", "lussemburghese": "LU", "neozelandese": "NZ", "singaporiano": "SG",
    "malese": "MY", "malaysiano": "MY", "bengalese": "BD", "nepalese": "NP", "birmano": "MM",
    "cambogiano": "KH", "mongolo": "MN", "somalo": "SO", "maliano": "ML", "nigerino": "NE",
    "congolese": "CD", "ghanese": "GH", "senegalese": "SN", "ugandese": "UG", "ruandese": "RW",
    "tanzaniano": "TZ", "zimbabwese": "ZW", "mozambicano": "MZ", "angolano": "AO", "emiratino": "AE",
    "kuwaitiano": "KW", "omanita": "OM", "bahreinita": "BH", "uzbeko": "UZ", "kirghiso": "KG",
    "tagiko": "TJ", "turkmeno": "TM", "haitiano": "HT", "boliviano": "BO", "ecuadoriano": "EC",
    "uruguaiano": "UY", "paraguaiano": "PY", "nicaraguense": "NI", "guatemalteco": "GT",
    "honduregno": "HN", "salvadoregno": "SV", "panamense": "PA", "costaricano": "CR",
    "dominicano": "DO", "giamaicano": "JM", "srilankese": "LK", "cingalese": "LK",
}
# European and Brazilian spellings both ("polaco", "polonês"; "checo", "tcheco").
PORTUGUESE_ADJECTIVES = {
    "estadunidense": "US", "norte-americano": "US", "americano": "US", "britânico": "GB", "inglês": "GB",
    "francês": "FR", "russo": "RU", "ucraniano": "UA", "chinês": "CN", "israelense": "IL",
    "israelita": "IL", "iraniano": "IR", "turco": "TR", "sírio": "SY", "iraquiano": "IQ", "saudita": "SA",
    "japonês": "JP", "indiano": "IN", "paquistanês": "PK", "afegão": "AF", "italiano": "IT",
    "espanhol": "ES", "alemão": "DE", "polaco": "PL", "polonês": "PL", "austríaco": "AT", "suíço": "CH",
    "holandês": "NL", "neerlandês": "NL", "belga": "BE", "grego": "GR", "egípcio": "EG", "líbio": "LY",
    "iemenita": "YE", "libanês": "LB", "palestino": "PS", "norte-coreano": "KP", "sul-coreano": "KR",
    "canadense": "CA", "canadiano": "CA", "mexicano": "MX", "brasileiro": "BR", "argentino": "AR",
    "venezuelano": "VE", "cubano": "CU", "australiano": "AU", "nigeriano": "NG", "sul-africano": "ZA",
    "etíope": "ET", "sudanês": "SD", "húngaro": "HU", "romeno": "RO", "sérvio": "RS", "croata": "HR",
    "checo": "CZ", "tcheco": "CZ", "eslovaco": "SK", "sueco": "SE", "norueguês": "NO",
    "dinamarquês": "DK", "finlandês": "FI", "bielorrusso": "BY", "georgiano": "GE", "armênio": "AM",
    "arménio": "AM", "azerbaijano": "AZ", "cazaque": "KZ", "taiwanês": "TW", "vietnamita": "VN",
    "tailandês": "TH", "indonésio": "ID", "filipino": "PH", "catariano": "QA", "jordaniano": "JO",
    "marroquino": "MA", "argelino": "DZ", "tunisiano": "TN", "queniano": "KE", "colombiano": "CO",
    "chileno": "CL", "peruano": "PE", "irlandês": "IE", "búlgaro": "BG", "esloveno": "SI",
    "lituano": "LT", "letão": "LV", "estoniano": "EE", "moldavo": "MD", "bósnio": "BA", "albanês": "AL",
    "macedônio": "MK", "macedónio": "MK", "montenegrino": "ME", "islandês": "IS",
    "luxemburguês": "LU", "neozelandês": "NZ", "singapuriano": "SG", "malaio": "MY", "malásio": "MY",
    "bengali": "BD", "nepalês": "NP", "birmanês": "MM", "cambojano": "KH", "mongol": "MN",
    "somali": "SO", "malinês": "ML", "nigerino": "NE", "congolês": "CD", "ganês": "GH",
    "senegalês": "SN", "ugandense": "UG", "ruandês": "RW", "tanzaniano": "TZ", "zimbabuano": "ZW",
    "moçambicano": "MZ", "angolano": "AO", "emiradense": "AE", "emiratense": "AE", "kuwaitiano": "KW",
    "omanense": "OM", "bareinita": "BH", "uzbeque": "UZ", "quirguiz": "KG", "tajique": "TJ",
    "turcomeno": "TM", "haitiano": "HT", "boliviano": "BO", "equatoriano": "EC", "uruguaio": "UY",
    "paraguaio": "PY", "nicaraguense": "NI", "guatemalteco": "GT", "hondurenho": "HN",
    "salvadorenho": "SV", "panamenho": "PA", "costarriquenho": "CR", "dominicano": "DO",
    "jamaicano": "JM", "cingalês": "LK", "srilankês": "LK",
}
# All in -ский/-цкий, declined like "российский".
RUSSIAN_ADJECTIVES = {
    "американский": "US", "британский": "GB", "английский": "GB", "французский": "FR",
    "российский": "RU", "украинский": "UA", "китайский": "CN", "израильский": "IL", "иранский": "IR",
    "турецкий": "TR", "сирийский": "SY", "иракский": "IQ", "саудовский": "SA", "японский": "JP",
    "индийский": "IN", "пакистанский": "PK", "афганский": "AF", "итальянский": "IT", "испанский": "ES",
    "немецкий": "DE", "германский": "DE", "польский": "PL", "австрийский": "AT", "швейцарский": "CH",
    "нидерландский": "NL", "голландский": "NL", "бельгийский": "BE", "греческий": "GR",
    "египетский": "EG", "ливийский": "LY", "йеменский": "YE", "ливанский": "LB", "палестинский": "PS",
    "северокорейский": "KP", "южнокорейский": "KR", "канадский": "CA", "мексиканский": "MX",
    "бразильский": "BR", "аргентинский": "AR", "венесуэльский": "VE", "кубинский": "CU",
    "австралийский": "AU", "нигерийский": "NG", "южноафриканский": "ZA", "эфиопский": "ET",
    "суданский": "SD", "венгерский": "HU", "румынский": "RO", "сербский": "RS", "хорватский": "HR",
    "чешский": "CZ", "словацкий": "SK", "шведский": "SE", "норвежский": "NO", "датский": "DK",
    "финский": "FI", "белорусский": "BY", "грузинский": "GE", "армянский": "AM",
    "азербайджанский": "AZ", "казахстанский": "KZ", "казахский": "KZ", "тайваньский": "TW",
    "вьетнамский": "VN", "таиландский": "TH", "тайский": "TH", "индонезийский": "ID",
    "филиппинский": "PH", "катарский": "QA", "иорданский": "JO", "марокканский": "MA",
    "алжирский": "DZ", "тунисский": "TN", "кенийский": "KE", "колумбийский": "CO", "чилийский": "CL",
    "перуанский": "PE", "ирландский": "IE", "португальский": "PT", "болгарский": "BG",
    "словенский": "SI", "литовский": "LT", "латвийский": "LV", "эстонский": "EE", "молдавский": "MD",
    "боснийский": "BA", "албанский": "AL", "македонский": "MK", "черногорский": "ME",
    "исландский": "IS", "люксембургский": "LU", "новозеландский": "NZ", "сингапурский": "SG",
    "малайзийский": "MY", "бангладешский": "BD", "непальский": "NP", "мьянманский": "MM",
    "камбоджийский": "KH", "монгольский": "MN", "сомалийский": "SO", "малийский": "ML",
    "нигерский": "NE", "конголезский": "CD", "ганский": "GH", "сенегальский": "SN",
    "угандийский": "UG", "руандийский": "RW", "танзанийский": "TZ", "зимбабвийский": "ZW",
    "мозамбикский": "MZ", "ангольский": "AO", "эмиратский": "AE", "кувейтский": "KW",
    "оманский": "OM", "бахрейнский": "BH", "узбекский": "UZ", "киргизский": "KG", "кыргызский": "KG",
    "таджикский": "TJ", "туркменский": "TM", "гаитянский": "HT", "боливийский": "BO",
    "эквадорский": "EC", "уругвайский": "UY", "парагвайский": "PY", "никарагуанский": "NI",
    "гватемальский": "GT", "гондурасский": "HN", "сальвадорский": "SV", "панамский": "PA",
    "костариканский": "CR", "доминиканский": "DO", "ямайский": "JM", "шри-ланкийский": "LK",
}
# All in -ski/-cki/-dzki, declined like "rosyjski".
POLISH_ADJECTIVES = {
    "amerykański": "US", "brytyjski": "GB", "angielski": "GB", "francuski": "FR", "rosyjski": "RU",
    "ukraiński": "UA", "chiński": "CN", "izraelski": "IL", "irański": "IR", "turecki": "TR",
    "syryjski": "SY", "iracki": "IQ", "saudyjski": "SA", "japoński": "JP", "indyjski": "IN",
    "pakistański": "PK", "afgański": "AF", "włoski": "IT", "hiszpański": "ES", "niemiecki": "DE",
    "austriacki": "AT", "szwajcarski": "CH", "holenderski": "NL", "niderlandzki": "NL",
    "belgijski": "BE", "grecki": "GR", "egipski": "EG", "libijski": "LY", "jemeński": "YE",
    "libański": "LB", "palestyński": "PS", "północnokoreański": "KP", "południowokoreański": "KR",
    "kanadyjski": "CA", "meksykański": "MX", "brazylijski": "BR", "argentyński": "AR",
    "wenezuelski": "VE", "kubański": "CU", "australijski": "AU", "nigeryjski": "NG",
    "południowoafrykański": "ZA", "etiopski": "ET", "sudański": "SD", "węgierski": "HU",
    "rumuński": "RO", "serbski": "RS", "chorwacki": "HR", "czeski": "CZ", "słowacki": "SK",
    "szwedzki": "SE", "norweski": "NO", "duński": "DK", "fiński": "FI", "białoruski": "BY",
    "gruziński": "GE", "ormiański": "AM", "armeński": "AM", "azerski": "AZ", "azerbejdżański": "AZ",
    "kazachski": "KZ", "kazachstański": "KZ", "tajwański": "TW", "wietnamski": "VN", "tajski": "TH",
    "tajlandzki": "TH", "indonezyjski": "ID", "filipiński": "PH", "katarski": "QA", "jordański": "JO",
    "marokański": "MA", "algierski": "DZ", "tunezyjski": "TN", "kenijski": "KE", "kolumbijski": "CO",
    "chilijski": "CL", "peruwiański": "PE", "irlandzki": "IE", "portugalski": "PT", "bułgarski": "BG",
    "słoweński": "SI", "litewski": "LT", "łotewski": "LV", "estoński": "EE", "mołdawski": "MD",
    "bośniacki": "BA", "albański": "AL", "macedoński": "MK", "czarnogórski": "ME", "islandzki": "IS",
    "luksemburski": "LU", "nowozelandzki": "NZ", "singapurski": "SG", "malezyjski": "MY",
    "bangladeski": "BD", "nepalski": "NP", "birmański": "MM", "mjanmarski": "MM",
    "kambodżański": "KH", "mongolski": "MN", "somalijski": "SO", "malijski": "ML", "nigerski": "NE",
    "kongijski": "CD", "ghański": "GH", "senegalski": "SN", "ugandyjski": "UG", "rwandyjski": "RW",
    "tanzański": "TZ", "zimbabweński": "ZW", "mozambicki": "MZ", "angolski": "AO", "emiracki": "AE",
    "kuwejcki": "KW", "omański": "OM", "bahrajński": "BH", "uzbecki": "UZ", "kirgiski": "KG",
    "tadżycki": "TJ", "turkmeński": "TM", "haitański": "HT", "boliwijski": "BO", "ekwadorski": "EC",
    "urugwajski": "UY", "paragwajski": "PY", "nikaraguański": "NI", "gwatemalski": "GT",
    "honduraski": "HN", "salwadorski": "SV", "panamski": "PA", "kostarykański": "CR",
    "dominikański": "DO", "jamajski": "JM", "lankijski": "LK",
}
# All in -ський/-цький, declined like "російський".
UKRAINIAN_ADJECTIVES = {
    "американський": "US", "британський": "GB", "англійський": "GB", "французький": "FR",
    "російський": "RU", "китайський": "CN", "ізраїльський": "IL", "іранський": "IR",
    "турецький": "TR", "сирійський": "SY", "іракський": "IQ", "саудівський": "SA", "японський": "JP",
    "індійський": "IN", "пакистанський": "PK", "афганський": "AF", "італійський": "IT",
    "іспанський": "ES", "німецький": "DE", "польський": "PL", "австрійський": "AT",
    "швейцарський": "CH", "нідерландський": "NL", "голландський": "NL", "бельгійський": "BE",
    "грецький": "GR", "єгипетський": "EG", "лівійський": "LY", "єменський": "YE",
    "ліванський": "LB", "палестинський": "PS", "північнокорейський": "KP",
    "південнокорейський": "KR", "канадський": "CA", "мексиканський": "MX", "бразильський": "BR",
    "аргентинський": "AR", "венесуельський": "VE", "кубинський": "CU", "австралійський": "AU",
    "нігерійський": "NG", "південноафриканський": "ZA", "ефіопський": "ET", "суданський": "SD",
    "угорський": "HU", "румунський": "RO", "сербський": "RS", "хорватський": "HR", "чеський": "CZ",
    "словацький": "SK", "шведський": "SE", "норвезький": "NO", "данський": "DK", "фінський": "FI",
    "білоруський": "BY", "грузинський": "GE", "вірменський": "AM", "азербайджанський": "AZ",
    "казахстанський": "KZ", "тайванський": "TW", "в'єтнамський": "VN", "таїландський": "TH",
    "індонезійський": "ID", "філіппінський": "PH", "катарський": "QA", "йорданський": "JO",
    "марокканський": "MA", "алжирський": "DZ", "туніський": "TN", "кенійський": "KE",
    "колумбійський": "CO", "чилійський": "CL", "перуанський": "PE", "ірландський": "IE",
    "португальський": "PT", "болгарський": "BG", "словенський": "SI", "литовський": "LT",
    "латвійський": "LV", "естонський": "EE", "молдовський": "MD", "молдавський": "MD",
    "боснійський": "BA", "албанський": "AL", "македонський": "MK", "чорногорський": "ME",
    "ісландський": "IS", "люксембурзький": "LU", "новозеландський": "NZ", "сінгапурський": "SG",
    "малайзійський": "MY", "бангладеський": "BD", "непальський": "NP", "м'янманський": "MM",
    "камбоджійський": "KH", "монгольський": "MN", "сомалійський": "SO", "малійський": "ML",
    "нігерський": "NE", "конголезький": "CD", "ганський": "GH", "сенегальський": "SN",
    "угандійський": "UG", "руандійський": "RW", "танзанійський": "TZ", "зімбабвійський": "ZW",
    "мозамбіцький": "MZ", "ангольський": "AO", "еміратський": "AE", "кувейтський": "KW",
    "оманський": "OM", "бахрейнський": "BH", "узбецький": "UZ", "киргизький": "KG",
    "таджицький": "TJ", "туркменський": "TM", "гаїтянський": "HT", "болівійський": "BO",
    "еквадорський": "EC", "уругвайський": "UY", "парагвайський": "PY", "нікарагуанський": "NI",
    "гватемальський": "GT", "гондураський": "HN", "сальвадорський": "SV", "панамський": "PA",
    "костариканський": "CR", "домініканський": "DO", "ямайський": "JM", "шрі-ланкійський": "LK",
}
ADJECTIVES_BY_LANGUAGE = {"es": SPANISH_ADJECTIVES, "it": ITALIAN_ADJECTIVES, "pt": PORTUGUESE_ADJECTIVES,
                          "ru": RUSSIAN_ADJECTIVES, "pl": POLISH_ADJECTIVES, "uk": UKRAINIAN_ADJECTIVES}
# Forms of these adjectives that are also other words: left out. Spanish
# "china" is also a pebble, porcelain and, in Latin America, a girl;
# "indios" and "indias" are the Americas' indigenous peoples and the
# Indies; Italian "serbo" is also "in reserve" ("tenere in serbo").
ADJECTIVE_WORDS = {"es": {"china", "chinas", "indios", "indias"}, "it": {"serbo"}}
# Forms that are also common surnames or a well-known place in their
# language's news (Italian Russo, Greco, Tedesco, Albanese, Inglese,
# Giordano; Latin America's Alemán; Rio's Complexo do Alemão): they need
# corroboration (flag a), as the ambiguous words do. A form shared by two
# languages has one entry, so Portuguese "russo" needs it too.
ADJECTIVE_SURNAMES = {"it": {"russo", "greco", "tedesco", "albanese", "inglese", "giordano", "giordani"},
                      "es": {"alemán"}, "pt": {"alemão"}}

# Towns known the world over that the city list misses: under the population
# threshold (Davos, Bucha, Rafah) or under their own language's name only
# (Venezia for Venice, Hannover for Hanover). Added before the US towns, so
# that a US namesake ("Venice", Florida) is the second reading. Written for
# wirewatch.
WELL_KNOWN_TOWNS = {
    "Venice": "IT", "Cambridge": "GB", "Hanover": "DE", "Seville": "ES", "Bruges": "BE", "Ghent": "BE",
    "Heidelberg": "DE", "Cannes": "FR", "Pisa": "IT", "Siena": "IT", "Lausanne": "CH", "Innsbruck": "AT",
    "Dubrovnik": "HR", "Galway": "IE", "Aarhus": "DK", "Yalta": "UA", "Rafah": "PS",
    "Khan Younis": "PS", "Khan Yunis": "PS", "Jenin": "PS", "Nablus": "PS", "Bethlehem": "PS",
    "Misrata": "LY", "Timbuktu": "ML", "Lhasa": "CN", "Acapulco": "MX", "Cebu": "PH", "Davos": "CH",
    "Chamonix": "FR", "Lourdes": "FR", "Assisi": "IT", "Pompeii": "IT", "Auschwitz": "PL",
    "Srebrenica": "BA", "Mostar": "BA", "Pripyat": "UA", "Lockerbie": "GB", "Wimbledon": "GB",
    "Stonehenge": "GB", "Gallipoli": "TR", "Verdun": "FR", "Calais": "FR", "Dunkirk": "FR",
    "Lampedusa": "IT", "Bucha": "UA", "Irpin": "UA", "Avdiivka": "UA", "Pokrovsk": "UA",
    "Kramatorsk": "UA", "Sloviansk": "UA", "Slovyansk": "UA", "Izium": "UA", "Izyum": "UA",
    "Kupiansk": "UA", "Kupyansk": "UA", "Irpen": "UA", "Douma": "SY", "Daraa": "SY",
    "Tikrit": "IQ", "Mazar-i-Sharif": "AF", "Agadez": "NE", "Kidal": "ML", "Chibok": "NG", "Marawi": "PH",
    "Chiang Mai": "TH", "Phuket": "TH", "Pattaya": "TH", "Siem Reap": "KH", "Hoi An": "VN",
    "Zermatt": "CH", "Monte Carlo": "MC", "Ibiza": "ES", "Benidorm": "ES", "Mykonos": "GR",
    "Santorini": "GR", "Lesbos": "GR", "Capri": "IT", "Amalfi": "IT", "Sderot": "IL", "Ashkelon": "IL",
    "Eilat": "IL", "Nazareth": "IL", "Venice Beach": "US", "Milford Sound": "NZ", "La Palma": "ES",
}

# Towns of Ukraine, Russia and Belarus under their Ukrainian and Russian
# names, for news written in those languages. GeoNames gives Cyrillic names
# only to capitals and cities of a million (see BIG_CITY_POP), and its
# smaller cities' Cyrillic alternate names include districts ("Центральний"),
# old names that are now other cities or people ("Ставрополь" for Tolyatti,
# "Брежнев", "Молотов") and words, so these are hand-picked: the places the
# war and the border regions put in the news. Left out as words or names:
# Орел (eagle), Курган (mound), Киров, Энгельс, Владимир, Иваново. Each needs
# its capital (flag k: "Ізюм" the town, "ізюм" raisins) and gains its case
# forms below. Written for wirewatch.
CYRILLIC_TOWNS = {
    "UA": [
        "Херсон", "Запоріжжя", "Запорожье", "Миколаїв", "Николаев", "Дніпро", "Днепр", "Донецьк", "Донецк",
        "Луганськ", "Луганск", "Львів", "Львов", "Маріуполь", "Мариуполь", "Севастополь", "Сімферополь",
        "Симферополь", "Краматорськ", "Краматорск", "Бахмут", "Авдіївка", "Авдеевка", "Покровськ", "Покровск",
        "Суми", "Сумы", "Чернігів", "Чернигов", "Полтава", "Вінниця", "Винница", "Житомир", "Хмельницький",
        "Хмельницкий", "Рівне", "Ровно", "Луцьк", "Луцк", "Тернопіль", "Тернополь", "Івано-Франківськ",
        "Ивано-Франковск", "Ужгород", "Чернівці", "Черновцы", "Кропивницький", "Кропивницкий", "Кременчук",
        "Кременчуг", "Мелітополь", "Мелитополь", "Бердянськ", "Бердянск", "Енергодар", "Энергодар",
        "Ізюм", "Бровари", "Буча", "Ірпінь", "Ирпень", "Горлівка", "Горловка", "Макіївка", "Макеевка",
        "Костянтинівка", "Константиновка", "Вугледар", "Угледар", "Торецьк", "Торецк", "Селидове",
        "Очаків", "Очаков", "Ізмаїл", "Черкаси", "Черкассы",
        # Names that end in -о take no case forms below.
        "Дніпра", "Дніпрі", "Дніпру", "Днепра", "Днепре",
    ],
    "RU": [
        "Бєлгород", "Белгород", "Курськ", "Курск", "Брянськ", "Брянск", "Краснодар", "Саратов", "Пермь",
        "Тюмень", "Іркутськ", "Иркутск", "Хабаровськ", "Хабаровск", "Владивосток", "Томськ", "Томск",
        "Оренбург", "Калінінград", "Калининград", "Сочі", "Сочи", "Грозний", "Грозный", "Махачкала", "Тула",
        "Рязань", "Твер", "Тверь", "Ярославль", "Смоленськ", "Смоленск", "Псков", "Мурманськ", "Мурманск",
        "Архангельськ", "Архангельск", "Новоросійськ", "Новороссийск", "Таганрог", "Ліпецьк", "Липецк",
        "Пенза", "Астрахань", "Іжевськ", "Ижевск", "Барнаул", "Ульяновськ", "Ульяновск", "Кемерово",
        "Новокузнецьк", "Новокузнецк", "Чебоксари", "Чебоксары", "Калуга", "Ставрополь", "Владикавказ",
        "Нальчик", "Якутськ", "Якутск", "Чита", "Улан-Уде", "Сургут", "Магнітогорськ", "Магнитогорск",
        "Моздок", "Єйськ", "Ейск", "Туапсе", "Анапа", "Кронштадт", "Шебекіно", "Шебекино",
        "Суджа",
    ],
    "BY": ["Гомель", "Гродно", "Вітебськ", "Витебск", "Могильов", "Могилев", "Могилёв", "Брест", "Бобруйск"],
}

# Of those, names that are also everyday words or a common surname: they
# count only when the item's other places name the same country, even where
# nothing else names a place (flags a and w: "Ровно", exactly; "Рівне",
# even; "Суми", sums; "Николаев", a surname).
CYRILLIC_TOWNS_THAT_ARE_WORDS = {"Ровно", "Рівне", "Суми", "Николаев"}

# Ukrainian regions as Ukrainian news names them, one word for the oblast
# ("на Херсонщині", "з Харківщини"); they gain their case forms below.
# Written for wirewatch.
UKRAINIAN_REGION_NOUNS = [
    "Херсонщина", "Харківщина", "Донеччина", "Луганщина", "Сумщина", "Чернігівщина", "Київщина",
    "Одещина", "Миколаївщина", "Дніпропетровщина", "Полтавщина", "Хмельниччина", "Житомирщина",
    "Вінниччина", "Львівщина", "Тернопільщина", "Рівненщина", "Черкащина", "Кіровоградщина", "Волинь", "Волині",
    "Закарпаття", "Прикарпаття", "Слобожанщина",
]

# Oblasts by their adjective, for "Херсонська область" and "Белгородская
# область" in each case: (Ukrainian stem, Russian stem, country). Written
# for wirewatch.
OBLAST_ADJECTIVES = [
    ("Херсонськ", "Херсонск", "UA"), ("Запорізьк", "Запорожск", "UA"), ("Миколаївськ", "Николаевск", "UA"),
    ("Одеськ", "Одесск", "UA"), ("Дніпропетровськ", "Днепропетровск", "UA"), ("Донецьк", "Донецк", "UA"),
    ("Луганськ", "Луганск", "UA"), ("Харківськ", "Харьковск", "UA"), ("Сумськ", "Сумск", "UA"),
    ("Чернігівськ", "Черниговск", "UA"), ("Київськ", "Киевск", "UA"), ("Полтавськ", "Полтавск", "UA"),
    ("Житомирськ", "Житомирск", "UA"), ("Хмельницьк", "Хмельницк", "UA"), ("Вінницьк", "Винницк", "UA"),
    ("Львівськ", "Львовск", "UA"), ("Волинськ", "Волынск", "UA"), ("Рівненськ", "Ровенск", "UA"),
    ("Тернопільськ", "Тернопольск", "UA"), ("Івано-Франківськ", "Ивано-Франковск", "UA"),
    ("Закарпатськ", "Закарпатск", "UA"), ("Чернівецьк", "Черновицк", "UA"), ("Черкаськ", "Черкасск", "UA"),
    ("Кіровоградськ", "Кировоградск", "UA"),
    ("Бєлгородськ", "Белгородск", "RU"), ("Курськ", "Курск", "RU"), ("Брянськ", "Брянск", "RU"),
    ("Ростовськ", "Ростовск", "RU"), ("Воронезьк", "Воронежск", "RU"), ("Оренбурзьк", "Оренбургск", "RU"),
    ("Московськ", "Московск", "RU"), ("Ленінградськ", "Ленинградск", "RU"), ("Смоленськ", "Смоленск", "RU"),
    ("Псковськ", "Псковск", "RU"), ("Саратовськ", "Саратовск", "RU"), ("Самарськ", "Самарск", "RU"),
    ("Свердловськ", "Свердловск", "RU"), ("Новосибірськ", "Новосибирск", "RU"),
    ("Гомельськ", "Гомельск", "BY"), ("Брестськ", "Брестск", "BY"), ("Мінськ", "Минск", "BY"),
]

# Towns that news mentions far less often than the given names and
# surnames they share ("George Osborne" is not George, South Africa;
# "Sebastian Coe" is not Sebastian, Florida; "Taylor Swift" is not Taylor,
# Texas; "Typhoid Mary" is not Mary, Turkmenistan; "Clinton" is the
# presidents' name before it is any of the small towns), a car maker's name
# ("Mercedes"), and Dominica's French name, also a given name: flag w as
# well, so that they never count alone, not even when nothing else in the
# item names a place. Written for wirewatch.
GIVEN_NAME_TOWNS = """
george sebastian vladimir hassan yao hamm santos dominique ennis lourdes
mary elizabeth taylor leon mercedes alexandra gilbert kendall kyle bryan bradley
clinton
""".split()

# Well-known people, firms and terms whose names hold a place's name ("Kobe
# Bryant", "Paris Hilton", "Capri Holdings", "Monte Carlo simulation").
# Listed like the wider regions (kind x): the name is matched whole, and the
# place inside it does not count, in Title Case headlines too. Written for
# wirewatch.
PEOPLE_NAMED_FOR_PLACES = [
    "Kobe Bryant", "Michael Jordan", "Jordan Spieth", "Jordan Henderson", "Jordan Pickford", "Jordan Peele",
    "Jordan Peterson", "Jordan Bardella", "Chad Johnson", "Paris Hilton", "Paris Jackson", "Sofia Coppola",
    "Sofia Vergara", "Sofia Kenin", "Milan Kundera", "Milan Škriniar", "Nathan Lyon",
    "Alexandria Ocasio-Cortez", "Orlando Bloom", "Sydney Sweeney", "Sydney McLaughlin",
    "Sydney McLaughlin-Levrone", "Memphis Depay",
    "Princess Charlotte", "Kyrie Irving", "Israel Adesanya", "Whitney Houston", "Cuba Gooding",
    "Regina King", "London Breed", "Washington Sundar", "Naomi Osaka", "Lewis Hamilton", "Alexander Hamilton",
    "Abraham Lincoln", "Florence Pugh", "Florence Nightingale", "Florence Welch", "Victoria Beckham",
    "Victoria Azarenka", "Georgia O'Keeffe", "Kenya Moore", "Santiago Abascal", "Santiago Peña",
    "Santiago Pena", "Michael Jackson", "Janet Jackson", "Jesse Jackson", "Lamar Jackson", "Andrew Jackson",
    "Austin Butler", "Madison Keys", "Madison Beer", "Brooklyn Beckham", "Adelaide Kane", "Lincoln Riley",
    "Jos Buttler", "Raheem Sterling", "Bill English", "Tele Columbus",
    # São Paulo's hospital, not Syria and Lebanon.
    "Sírio-Libanês", "Manufacturers Hanover", "Capri Holdings", "Capri Sun", "Monte Carlo simulation",
    "Monte Carlo simulations", "Monte Carlo method", "Monte Carlo methods",
]

# Newspapers and journals named for their city or country, cited as a
# source ("— New York Times", "the Jerusalem Post reported", "published in
# the New England Journal of Medicine"): the citation says where the story
# or the study was printed, not what it is about. Kind x like the names
# above. Written for wirewatch.
NEWSPAPERS = [
    "New York Times", "New York Post", "New York Daily News", "New Yorker", "Washington Post",
    "Washington Times", "Los Angeles Times", "L.A. Times", "Boston Globe", "Chicago Tribune", "Miami Herald",
    "Wall Street Journal", "Jerusalem Post", "Times of Israel", "Times of India", "Hindustan Times",
    "Moscow Times", "Kyiv Independent", "Kyiv Post", "South China Morning Post", "Japan Times",
    "Irish Times", "Sydney Morning Herald", "Bangkok Post", "Tehran Times", "Korea Herald", "Korea Times",
    "New England Journal of Medicine", "New England Journal", "British Medical Journal",
    "Canadian Medical Association Journal", "Medical Journal of Australia", "Journal of the American Medical Association",
    "Journal of the American Chemical Society", "Journal of the American College of Cardiology",
]

# Things named for a place that say nothing of it: food, drink, breeds,
# objects and idioms ("French fries", "a Swiss Army knife", "German
# shepherd"). Kind x like the names above. Written for wirewatch.
THINGS_NAMED_FOR_PLACES = [
    "Swiss Army knife", "Swiss Army knives", "Swiss cheese", "French fries", "French fry", "French toast",
    "French kiss", "French horn", "French press", "French doors", "French braid", "French manicure",
    "Russian roulette", "Russian doll", "Russian dolls", "Brussels sprouts", "Brussels sprout", "Spanish flu",
    "Spanish omelette", "German shepherd", "German shepherds", "German measles", "Danish pastry",
    "Danish pastries", "Turkish delight", "Turkish bath", "Turkish coffee", "Dutch oven", "Dutch courage",
    "Dutch auction", "Mexican wave", "Greek yogurt", "Greek yoghurt", "Chinese whispers", "Chinese checkers",
    "Irish coffee", "Belgian waffle", "Belgian waffles", "English breakfast", "English muffin",
    "English muffins", "Scotch egg", "Scotch eggs", "Panama hat", "Canadian bacon", "Brazil nut",
    "Brazil nuts", "Jerusalem artichoke", "Persian cat", "Persian cats", "Siamese cat", "Siamese cats",
    "Afghan hound", "Great Dane", "Great Danes", "Egyptian cotton", "Indian summer", "Arabic numerals",
    "Swedish massage", "Moscow mule", "Singapore sling", "Long Island iced tea", "Boston terrier",
    "Yorkshire terrier", "Shetland pony", "Bermuda shorts", "Venetian blinds", "Peking duck", "Dijon mustard",
    "Havana cigar", "Havana cigars", "Stockholm syndrome",
    # Treaties and rules named for where they were signed: they are about
    # what they regulate, not the city ("the Minsk agreements" are about
    # Ukraine, "the Paris Agreement" about the climate).
    "Paris Agreement", "Paris climate agreement", "Paris climate accord", "Paris climate accords",
    "Paris Accord", "Paris Accords", "Kyoto Protocol", "Geneva Convention", "Geneva Conventions",
    "Minsk agreement", "Minsk agreements", "Minsk accords", "Oslo Accords", "Warsaw Pact", "Helsinki Accords",
    "Dayton Accords", "Dayton Agreement", "Maastricht Treaty", "Lisbon Treaty", "Treaty of Lisbon",
    "Treaty of Rome", "Treaty of Versailles", "Schengen Area", "Schengen zone", "Schengen Agreement",
    "Montreal Protocol", "Rome Statute", "Vienna Convention", "Budapest Memorandum", "Istanbul Convention",
    "Dublin Regulation", "Basel III", "Basel Committee", "Bretton Woods",
]

# A capital's name in the languages that use it, where English means
# something else by it: "Roma" is Rome in Italian, Spanish or Polish text,
# the Roma people in English ("Roma families were evicted"). Read only in
# text of those languages (flag i). Written for wirewatch.
NAMES_READ_IN_THEIR_LANGUAGES = {"Roma": "it,es,pt,ca,ro,pl,cs", "Róma": "it,es,pt,ca,ro,pl,cs"}

# Names that are place names only when capitalised (no corroboration needed).
CAPITALISED_ONLY = {"china", "polish", "turkish", "french", "english", "american", "kiwi", "chile", "wales",
                    "poles", "swedes", "danes", "finns", "kiwis"}

# Ambiguity that is geographic rather than lexical: resolved by corroboration.
GEO_AMBIGUOUS = {"Georgia": "GE,US", "Georgians": "GE,US", "Cambridge": "GB,US",
                 # South Africa's city, and London's East End in British news.
                 "East London": "GB,ZA"}

# Names whose first country is their usual reading in news, with a US town
# as the second (flag p; see US_NAMESAKES), where the sources would make
# them ambiguous: "Bethlehem" is also an old name of Belém, Brazil.
PRIMARY_READING = {"Bethlehem": "PS,US"}

# Country names that need corroboration because they are also words or
# other things ("turkey", a bird; the river Niger; a guinea, a coin), but
# that, capitalised in the middle of a sentence, are the country: flag s.
# At the start of a sentence or in a Title Case headline they still need
# corroboration ("Turkey prices rise before Thanksgiving").
SENTENCE_CASE_COUNTRIES = {"Turkey", "Guinea", "Niger"}

# Country names that are everyday words of their own language: they count
# only with corroboration. Russian and Ukrainian "того" is "of that",
# Ukrainian "мали" is "(they) had", Russian "чад" is "fumes"; Arabic and
# Urdu "مالي" is "financial".
WORDS_IN_THEIR_LANGUAGE = {"Того", "Мали", "Чад", "مالي"}

# Alternate city names (GeoNames) that are words or names in the news more
# often than the city: German "Bann" (a ban) is also Bern; "Ammon", also
# Amman, is a given name (Ammon Bundy).
ALTERNATE_NAMES_THAT_ARE_WORDS = {"Bann", "Ammon"}

# Names shared by several countries in the sources where one reading is
# overwhelmingly the usual one in news text.
OWNER = {"Sudan": "SD", "Barcelona": "ES", "Valencia": "ES", "Aberdeen": "GB",
         # Lisbon's football club and parish; the Luanda district is rarely news.
         "Benfica": "PT",
         "Vancouver": "CA", "Richmond": "US", "Newcastle": "GB", "Hyderabad": "IN",
         # mledoze gives the Northern Mariana Islands the same demonyms.
         "American": "US", "Américaine": "US", "Américaines": "US",
         # Russia's, unless the item is local US news (see US_NAMESAKES).
         "St. Petersburg": "RU",
         # mledoze gives overseas territories their country's demonym; the
         # country is what news means ("French troops", "Dutch court").
         "French": "FR", "Français": "FR", "Française": "FR", "Dutch": "NL", "Néerlandais": "NL",
         "Néerlandaise": "NL", "Norwegian": "NO",
         # Countries named like a city elsewhere (Armenia, Colombia; Benin
         # City, Nigeria, is written in full; New York's Jamaica Bay and
         # Boston's Jamaica Plain are places of their own, see SUBDIVISIONS).
         "Armenia": "AM", "Benin": "BJ", "Бенин": "BJ", "Jamaica": "JM",
         # The island is shared, but its name is the French side's; the
         # Dutch side is written "Sint Maarten".
         "Saint Martin": "MF",
         # Omani: the adjective of Oman, whose Arabic name is also Amman's.
         "عماني": "OM", "عمانية": "OM", "العماني": "OM", "العمانية": "OM"}
# Cities abroad whose names, as English news writes them, are also US
# cities in the gazetteer: the city abroad, unless the item is local US news
# (flag p), as for towns that share a foreign city's name.
US_NAMESAKES = {"St. Petersburg"}

# A name that starts with an Arabic article, which news often writes in
# lower case ("al-Kut", "el-Fasher"); "the Hague" likewise. Not "The
# Bottom" (Saba) or "Los Angeles", whose lower-case forms are phrases.
ARTICLE_START = re.compile(r"(?i)(al|el|ar|as|ash|ad|az|an|at|ath|adh)-|The Hague$")
# The same articles followed by a space, for places in Arabic-speaking
# countries ("El Fasher"; not "El Paso", whose lower-case form is Spanish).
ARABIC_ARTICLE = re.compile(r"(?i)(al|el|ar|as|ash|ad|az|an|at|ath|adh) ")
ARAB_COUNTRIES = set("AE BH DZ EG IQ JO KW LB LY MA MR OM PS QA SA SD SY TN YE".split())

# Big cities whose names are also rare English words: capitalised, the city
# ("to shanghai" someone is rare in news; "Phoenix" is also a team and a
# bird, so it still needs corroboration, but counts when nothing else
# names a place). Flags as in places.tsv. Written for wirewatch.
CITY_OVER_WORD = {"Shanghai": "c", "Tangier": "c", "Phoenix": "ac"}

# Country names that are too generic to count on their own as written in
# another language (they collide with common words in some language).
SKIP_TRANSLATIONS = {"chad", "oman", "mali", "peru"}

# Ukrainian names for the most-reported countries (mledoze has no Ukrainian
# translations). Written for wirewatch.
UKRAINIAN = {
    "UA": "Україна", "RU": "Росія", "US": "США", "GB": "Велика Британія",
    "DE": "Німеччина", "FR": "Франція", "PL": "Польща", "CN": "Китай",
    "JP": "Японія", "IT": "Італія", "ES": "Іспанія", "TR": "Туреччина",
    "BY": "Білорусь", "MD": "Молдова", "RO": "Румунія", "HU": "Угорщина",
    "SK": "Словаччина", "CZ": "Чехія", "IL": "Ізраїль", "IR": "Іран",
    "SA": "Саудівська Аравія", "IN": "Індія", "CA": "Канада", "GE": "Грузія",
    "KZ": "Казахстан", "SY": "Сирія", "KP": "КНДР", "KR": "Південна Корея",
    "AT": "Австрія", "CH": "Швейцарія", "NL": "Нідерланди", "BE": "Бельгія",
    "SE": "Швеція", "FI": "Фінляндія", "NO": "Норвегія", "DK": "Данія",
    "LT": "Литва", "LV": "Латвія", "EE": "Естонія", "BG": "Болгарія",
    "GR": "Греція", "RS": "Сербія", "HR": "Хорватія", "AZ": "Азербайджан",
    "AM": "Вірменія", "EG": "Єгипет", "BR": "Бразилія", "MX": "Мексика",
    "AU": "Австралія", "QA": "Катар", "AE": "ОАЕ", "PS": "Палестина",
}

# ---------------------------------------------------------------------------


def clean(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\t", " ")).strip()


def fold_accents(form: str) -> str:
    """Lower case, accents removed."""
    return "".join(ch for ch in unicodedata.normalize("NFD", form.lower()) if not unicodedata.combining(ch))


def fold(form: str) -> str:
    """A form as the classifier compares it: lower case, accents removed,
    hyphens and other marks between words as spaces ("Porto-Novo" and
    "Porto Novo" are the same tokens)."""
    return " ".join(re.findall(r"\w+", fold_accents(form)))


def unaccent_last(word: str) -> str:
    """The word without the accent of its last syllable ("francés" ->
    "frances", the stem of "francesa")."""
    for i in range(len(word) - 1, -1, -1):
        base = unicodedata.normalize("NFD", word[i])
        if len(base) > 1 and word[i] not in "ñçãõ":
            return word[:i] + base[0] + word[i + 1:]
    return word


def romance_adjective_forms(word: str, lang: str) -> list[str]:
    """A Spanish, Italian or Portuguese country adjective in both genders
    and numbers, from its masculine singular."""
    head, last = word[:-1], word[-1]
    if lang == "it":
        if last == "o":
            masc = head + "i"
            if head.endswith(("c", "g")):
                # "turchi", "tedeschi", but "britannici", "libici", "greci".
                masc = head + "i" if head.endswith("ic") or word in ("greco", "austriaco", "bosniaco") else head + "hi"
                return [word, head + "a", masc, head + "he"]
            return [word, head + "a", masc, head + "e"]
        if last == "e":
            return [word, head + "i"]  # "francese", "francesi"
        if last == "a":
            return [word, head + "i", head + ("he" if head.endswith("g") else "e")]  # "belgi", "belghe"
        return [word]
    if lang == "pt" and word.endswith("ão"):
        # "alemão alemã alemães alemãs", "afegão afegã afegãos afegãs", "letão letã letões letãs".
        plural = {"alemão": "alemães", "afegão": "afegãos"}.get(word, word[:-2] + "ões")
        return [word, word[:-1], plural, word[:-1] + "s"]
    if last == "o":
        return [word, head + "a", head + "os", head + "as"]
    if last in "ae":
        return [word, word + "s"]  # "belga(s)", "estadounidense(s)", "cazaque(s)"
    if lang == "es" and last == "í":
        return [word, word + "es", word + "s"]  # "iraquí", "iraquíes", "iraquís"
    if lang == "pt":
        if word.endswith("ês"):
            stem = word[:-2] + "es"
            return [word, stem + "a", stem + "es", stem + "as"]
        if word.endswith("ol"):
            stem = word[:-2]
            return [word, word + "a", stem + "óis", word + "as"] if word != "mongol" else [word, stem + "óis"]
        if last == "i":
            return [word, word + "s"]  # "somali(s)", "bengali(s)"
        if last == "z":
            return [word, word + "es"]  # "quirguiz(es)"
        return [word]
    # Spanish, ending in a consonant: "francés francesa franceses francesas",
    # "alemán", "letón", "kirguís", "mongol".
    stem = unaccent_last(word)
    return [word, stem + "a", stem + "es", stem + "as"]


def slavic_adjective_forms(word: str, lang: str) -> list[str]:
    """A Russian, Ukrainian or Polish country adjective (all end in -ский,
    -ський, -ski, -cki: velar stems) in every gender, number and case, from
    its masculine nominative."""
    stem = word[:-2] if lang in ("ru", "uk") else word[:-1]
    if lang == "ru":
        endings = ("ий", "ая", "ое", "ие", "ого", "ой", "ому", "им", "ими", "их", "ом", "ую")
    elif lang == "uk":
        endings = ("ий", "а", "е", "і", "ого", "ої", "ому", "им", "ими", "их", "ій", "у", "ою")
    else:
        # The masculine personal plural turns -ski, -cki, -dzki into -scy,
        # -ccy, -dzcy ("rosyjscy żołnierze", "niemieccy politycy").
        return [stem + e for e in ("i", "a", "ie", "iego", "iej", "iemu", "im", "imi", "ich", "ą")] + [stem[:-1] + "cy"]
    return [stem + e for e in endings]


def adjective_forms(word: str, lang: str) -> list[str]:
    if lang in ("ru", "uk", "pl"):
        return slavic_adjective_forms(word, lang)
    return romance_adjective_forms(word, lang)


def english_names() -> set[str]:
    """Capitalised entries of the Debian word list: given names, surnames
    and famous places ("Paul", "Warwick", "Quincy")."""
    return {line for line in word_list() if re.fullmatch(r"[A-Z][a-z]+", line)}


def script_of(s: str) -> str:
    for ch in s:
        o = ord(ch)
        if ch.isalpha():
            if o < 0x250 or 0x1E00 <= o < 0x1F00:
                return "latn"
            if 0x400 <= o < 0x530:
                return "cyrl"
            if 0x600 <= o < 0x700 or 0x750 <= o < 0x780:
                return "arab"
            if 0x3040 <= o < 0x3100 or 0x30A0 <= o < 0x3100:
                return "kana"
            if 0x4E00 <= o < 0xA000 or 0x3400 <= o < 0x4DC0:
                return "hani"
            if 0xAC00 <= o < 0xD7B0:
                return "hang"
            return "other"
    return "none"


# The Debian word list (package wamerican, SCOWL, permissive licence): its
# lower-case entries are ordinary English words, its capitalised ones proper
# nouns. Both only filter names out; no word of it is written.
WORD_LIST = Path("/usr/share/dict/american-english")


@functools.cache
def common_words_of(path: str) -> set[str]:
    """The lower-case entries of a Debian word list (wngerman, wpolish),
    accents folded as the classifier compares them; the capitalised ones
    include the names themselves ("Polsce", "Russlands")."""
    return {fold_accents(w) for w in Path(path).read_text(encoding="utf-8").split() if w.islower()}


def word_list() -> tuple[str, ...]:
    if not WORD_LIST.exists():
        sys.exit(f"{WORD_LIST} is missing: install it with 'apt-get install wamerican'")
    return tuple(WORD_LIST.read_text(encoding="utf-8").splitlines())


def english_vocabulary(iptc_rows) -> set[str]:
    """Lower-case English words, used to spot place names that are also
    words ("Man", "Mobile", "Split"): the lower-case entries of the Debian
    word list plus the words of IPTC's English definitions."""
    vocab: set[str] = set()
    for line in word_list():
        if re.fullmatch(r"[a-z]+", line):
            vocab.add(line)
    for r in iptc_rows:
        for text in (r.get("Definition (en-GB)", ""), r.get("Definition (en-US)", "")):
            for w in re.findall(r"[a-z]+", text):
                vocab.add(w)
    return vocab


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)

    # --- countries and M49 ---------------------------------------------------
    m49 = list(csv.DictReader(open(GAZ / "iso3166-m49-regions.csv", encoding="utf-8")))
    countries = {}
    for r in m49:
        cc = r["alpha-2"]
        region, sub, inter = r["region"], r["sub-region"], r["intermediate-region"]
        if cc == "TW":
            region, sub = "Asia", "Eastern Asia"
        countries[cc] = [r["name"], region, sub, inter]
    moled = json.load(open(GAZ / "mledoze-countries.json", encoding="utf-8"))
    for c in moled:
        if c["cca2"] in countries:
            countries[c["cca2"]][0] = c["name"]["common"]
    with open(OUT / "countries.tsv", "w", encoding="utf-8") as f:
        f.write("# alpha2\tname\tregion\tsubregion\tintermediate_region\n")
        f.write("# sources: lukes/ISO-3166-Countries-with-Regional-Codes (CC BY-SA 4.0, UNSD M49); names: mledoze/countries (ODbL 1.0)\n")
        for cc in sorted(countries):
            f.write("\t".join([cc] + countries[cc]) + "\n")

    iptc = list(csv.DictReader(open(GAZ / "iptc-mediatopic-2023-10-24.tsv", encoding="utf-8"), delimiter="\t"))
    vocab = english_vocabulary(iptc)
    ambiguous_words = set(AMBIGUOUS_WORDS)

    # Topics first: the place filters below read the topic lists, IPTC's too.
    # --- topics --------------------------------------------------------------
    top = [r for r in iptc if r["level"] == "1"]
    short = {
        "01000000": "arts", "16000000": "conflict", "02000000": "crime",
        "03000000": "disaster", "04000000": "economy", "05000000": "education",
        "06000000": "environment", "07000000": "health", "08000000": "human-interest",
        "09000000": "labour", "10000000": "lifestyle", "11000000": "politics",
        "12000000": "religion", "13000000": "science", "14000000": "society",
        "15000000": "sport", "17000000": "weather",
    }
    with open(OUT / "topics.tsv", "w", encoding="utf-8") as f:
        f.write("# qcode\tshort\tname (en-GB)\n# source: IPTC Media Topics 2023-10-24, CC BY 4.0, (c) IPTC https://iptc.org/standards/media-topics/\n")
        for r in sorted(top, key=lambda r: r["qcode"]):
            code = r["qcode"].split(":")[1]
            f.write(f"{r['qcode']}\t{short[code]}\t{r['Name (en-GB)']}\n")

    core_terms = set()
    core_path = HAND_WRITTEN / "topic-core.tsv"
    if core_path.exists():
        for line in core_path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                parts = line.split("\t")
                if len(parts) >= 2:
                    core_terms.add(parts[1].lower())

    langs = {"en-GB": "en", "en-US": "en", "de": "de", "es": "es", "fr": "fr",
             "pt-PT": "pt", "pt-BR": "pt", "ar": "ar", "zh-Hans": "zh"}
    level_weight = {2: 0.7, 3: 0.55, 4: 0.45, 5: 0.4, 6: 0.4}
    terms: dict[tuple[str, str], tuple[float, str]] = {}
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    stop = {"and", "or", "the", "of", "other", "general", "in", "for", "to", "a", "an",
            "und", "et", "y", "e", "de", "la", "le", "les", "el", "des", "der", "die", "das"}
    # English labels and label pieces whose usual sense in news is not their
    # topic's ("record" high, "authorities said", two "men" arrested, "small"
    # from "small and medium enterprise"): they would mislead more than help.
    # Written for wirewatch.
    stop |= {"record", "men", "history", "death", "small", "service", "air", "development", "field",
             "performance", "books", "association", "authority", "track", "independent", "safety",
             "condition"}
    for r in iptc:
        lvl = int(r["level"])
        if lvl < 2 or r["RetiredDate"]:
            continue
        t = short[r["top_level"].split(":")[1]]
        for col, lang in langs.items():
            name = clean(r.get(f"Name ({col})", ""))
            if not name:
                continue
            pieces = [name] + [p for p in re.split(r",\s*|\s+and\s+|\s*/\s*|\s+&\s+|\s+und\s+|\s+et\s+|\s+y\s+|\s+e\s+", name) if p]
            for p in pieces:
                p = clean(p.strip(" ()."))
                if lang in ("en",):
                    p = p.lower()
                if len(p) < 3 or p.lower() in stop or re.search(r"[()\"]", p):
                    continue
                if lang == "en" and p in core_terms:
                    continue
                w = level_weight.get(lvl, 0.4)
                if p != name and p.lower() != name.lower():
                    w *= 0.8
                key = (p, lang)
                owners[key].add(t)
                if key not in terms or terms[key][0] < w:
                    terms[key] = (w, t)
    with open(OUT / "topic-iptc.tsv", "w", encoding="utf-8") as f:
        f.write("# topic\tterm\tweight\tlang\n# derived from IPTC Media Topics level 2+ labels (CC BY 4.0, (c) IPTC https://iptc.org/standards/media-topics/)\n")
        for (p, lang), (w, t) in sorted(terms.items(), key=lambda kv: (kv[1][1], kv[0][1], kv[0][0])):
            if len(owners[(p, lang)]) > 1:
                continue  # the label belongs to several top-level topics
            f.write(f"{t}\t{p}\t{w:.2f}\t{lang}\n")

    # --- places --------------------------------------------------------------
    # form -> {cc: (kind, flags, lang)}; the strongest kind per (form, cc) wins.
    kind_rank = {"n": 0, "s": 1, "d": 2, "r": 3, "c": 4, "m": 5, "y": 6}
    places: dict[str, dict[str, tuple[str, str, str]]] = defaultdict(dict)
    # Country names as mledoze gives them in the languages whose case forms
    # are derived below (see scripts/inflect.py).
    inflecting: dict[str, set[str]] = defaultdict(set)

    demonym_forms: set[str] = set()

    def add(form: str, cc: str, kind: str, flags: str = "", lang: str = "") -> None:
        form = clean(form)
        if len(form) < 2 or cc not in countries:
            return
        if kind == "d":
            demonym_forms.add(form)
        cur = places[form].get(cc)
        if cur is None or kind_rank[kind] < kind_rank[cur[0]]:
            places[form][cc] = (kind, flags, lang)

    # French demonyms in the plural, which mledoze leaves out ("les troupes
    # russes"): added once every other name is in, and only where the form
    # is no name already ("Afghans" stays English).
    french_plurals: list[tuple[str, str]] = []
    english_demonyms: list[tuple[str, str]] = list(EXTRA_DEMONYMS.items())
    native_names: list[tuple[str, str]] = []
    for c in moled:
        cc = c["cca2"]
        add(c["name"]["common"], cc, "n")
        add(c["name"]["official"], cc, "n")
        for alt in c.get("altSpellings", []):
            # Alternative spellings are often the name in the country's own
            # language; one that is an English word ("Island", Iceland) is
            # the word in English text ("the Emirates" is the English usage).
            if (len(alt) > 3 and script_of(alt) == "latn" and not alt.isupper()
                    and (" " in alt or alt.lower() not in vocab or alt == "Emirates")):
                add(alt, cc, "n")
        native_names += [(n["common"], cc) for n in c["name"].get("native", {}).values()]
        for g in ("m", "f"):
            dem = c.get("demonyms", {}).get("eng", {}).get(g)
            if dem:
                add(dem, cc, "d")
                english_demonyms.append((dem, cc))
        for lang3, lang in (("ara", "ar"), ("deu", "de"), ("fra", "fr"), ("ita", "it"),
                            ("jpn", "ja"), ("por", "pt"), ("rus", "ru"), ("spa", "es"),
                            ("zho", "zh"), ("pol", "pl"), ("tur", "tr"), ("nld", "nl"),
                            ("ces", "cs"), ("swe", "sv"), ("kor", "ko"), ("per", "fa")):
            t = c.get("translations", {}).get(lang3)
            if not t:
                continue
            for key in ("common", "official"):
                name = t[key]
                if name.lower() in SKIP_TRANSLATIONS:
                    continue
                add(name, cc, "n", "", lang)
                if lang in ("de", "pl", "cs", "sv"):
                    inflecting[lang].add(name)
        for dem in (c.get("demonyms", {}).get("fra", {}) or {}).values():
            add(dem, cc, "d", "", "fr")
            if not dem.endswith(("s", "x")):
                french_plurals.append((dem + "s", cc))
        for cap in c.get("capital", []):
            add(cap, cc, "c")
    for x in json.load(open(GAZ / "iso3166-1.json", encoding="utf-8"))["3166-1"]:
        for key in ("common_name", "official_name"):
            if key in x:
                add(x[key], x["alpha_2"], "n")
        if "," not in x["name"]:
            add(x["name"], x["alpha_2"], "n")
    for form, (cc, flags) in SHORT_FORMS.items():
        add(form, cc, "s", flags)
    for form, cc in EXTRA_DEMONYMS.items():
        add(form, cc, "d")
    for cc, names in CAPITAL_EXONYMS.items():
        for name in names.split("|" if "|" in names else " "):
            add(name, cc, "c")
    for cc, name in UKRAINIAN.items():
        add(name, cc, "n", "", "uk")
    # Bengali and Urdu names, Bengali with their case forms.
    for form, cc, kind, flags, lang in places_south_asia.forms():
        add(form, cc, kind, flags, lang)
    for form, (cc, flags, lang) in LOCAL_SHORT_FORMS.items():
        add(form, cc, "s", flags, lang)
    for form, cc in METONYMS.items():
        flags = "l" if form.islower() else ("c" if form in ("County", "Township") else "")
        if form in LOCAL_GOVERNMENT:
            flags += "g"
        add(form, cc, "m", flags)
    for form, ccs in SUBDIVISIONS.items():
        for cc in ccs.split(","):
            add(form, cc, "r")
    for form, flags in US_STATE_ABBREVIATIONS.items():
        add(form, "US", "r", flags)
    for flags, forms in PARTIES_AND_AGENCIES.items():
        for form, cc in forms.items():
            add(form, cc, "m", flags)
    for form, cc in CITY_INITIALS.items():
        add(form, cc, "y", "ud")
    for cc, forms in LEADERS.items():
        for form in forms.split("|"):
            add(form, cc, "m", "ka" if form in LEADERS_NEEDING_CORROBORATION else "k")
    for cc, forms in LEADERS_CYRILLIC.items():
        for form in forms.split("|"):
            add(form, cc, "m", "k")
    for cc, forms in LEADERS_CJK.items():
        for form in forms.split("|"):
            add(form, cc, "m")
    # Canadian provinces as wire copy abbreviates them after a city
    # ("London, Ont."); the others are words or places elsewhere ("Man.",
    # "Alta.").
    for form in ("Ont.", "Que."):
        add(form, "CA", "r", "c")
    states = json.load(open(GAZ / "geonames-us_states.json", encoding="utf-8"))
    for st in states.values():
        add(st["name"], "US", "r")

    gn_countries = json.load(open(GAZ / "geonames-countries.json", encoding="utf-8"))
    capitals = {(v["capital"], k) for k, v in gn_countries.items() if v.get("capital")}
    for cap, cc in capitals:
        add(cap, cc, "c")

    cities = json.load(open(GAZ / "geonames-cities15000.json", encoding="utf-8")).values()
    by_name: dict[str, dict[str, int]] = defaultdict(dict)
    selected = []
    for c in cities:
        is_cap = (c["name"], c["countrycode"]) in capitals
        if c["population"] < CITY_MIN_POP and not is_cap:
            continue
        selected.append((c, is_cap))
        n = by_name[fold(c["name"])]
        n[c["countrycode"]] = max(n.get(c["countrycode"], 0), c["population"])
    # An alternate name never takes another selected city's own name
    # ("Cancun" is among Changchun's alternate names).
    own_names = {fold(c["name"]) for c, _ in selected}
    # Nor is an alternate name that is a German word: "Dabei", one of
    # Dubai's, is German for "with it". (The Polish list's inflections hold
    # too many names, "berlino" and "aman" among them, to be used here.)
    alt_stop = common_words_of("/usr/share/dict/ngerman")
    for c, is_cap in sorted(selected, key=lambda t: (-t[0]["population"], t[0]["geonameid"])):
        name, cc = c["name"], c["countrycode"]
        pops = sorted(by_name[fold(name)].items(), key=lambda kv: -kv[1])
        # A name shared by cities of similar size is ambiguous, unless the
        # biggest is a capital: Colombo is Sri Lanka's, not the Brazilian town's.
        if len(pops) > 1 and pops[0][0] == cc and pops[0][1] < DOMINANCE * pops[1][1] and not is_cap:
            for other, _ in pops:
                add(name, other, "c" if is_cap else "y", "a")
        elif len(pops) > 1 and pops[0][0] != cc:
            continue  # the name goes to the dominant country
        else:
            add(name, cc, "c" if is_cap else "y")
        if not (is_cap or c["population"] >= BIG_CITY_POP):
            continue
        first = unicodedata.normalize("NFD", name)[0].lower()
        for alt in c.get("alternatenames", []):
            sc = script_of(alt)
            if sc == "latn":
                if (len(alt) < 4 or alt.isupper() or not alt[0].isupper()
                        or unicodedata.normalize("NFD", alt)[0].lower() != first
                        or " " in alt or alt.lower() in vocab or fold_accents(alt) in alt_stop
                        or alt in ALTERNATE_NAMES_THAT_ARE_WORDS
                        or (fold(alt) in own_names and fold(alt) != fold(name))):
                    continue
                add(alt, cc, "c" if is_cap else "y", "")
            elif sc in ("cyrl", "arab", "hani", "kana", "hang"):
                minlen = {"cyrl": 3, "arab": 4, "hani": 2, "kana": 3, "hang": 2}[sc]
                if len(alt) < minlen or " " in alt:
                    continue
                add(alt, cc, "c" if is_cap else "y", "")

    for form, cc in WELL_KNOWN_TOWNS.items():
        add(form, cc, "y")
    for cc, forms in CYRILLIC_TOWNS.items():
        for form in forms:
            add(form, cc, "y", "akw" if form in CYRILLIC_TOWNS_THAT_ARE_WORDS else "k")
    for form in UKRAINIAN_REGION_NOUNS:
        add(form, "UA", "r", "k", "uk")
    # Every case of "<adjective> область": nominative, genitive, dative and
    # locative, accusative, instrumental.
    for uk_stem, ru_stem, cc in OBLAST_ADJECTIVES:
        for ending, noun in (("а", "область"), ("ої", "області"), ("ій", "області"), ("у", "область"),
                             ("ою", "областю")):
            add(f"{uk_stem}{ending} {noun}", cc, "r", "k", "uk")
        for ending, noun in (("ая", "область"), ("ой", "области"), ("ую", "область"), ("ой", "областью")):
            add(f"{ru_stem}{ending} {noun}", cc, "r", "k", "ru")
    countries_of_folded: dict[str, set[str]] = defaultdict(set)
    for f, e in places.items():
        countries_of_folded[fold(f)].update(e)
    for form, cc in french_plurals:
        if countries_of_folded.get(fold(form), {cc}) == {cc}:
            add(form, cc, "d", "", "fr")
    # English demonyms in the plural, which mledoze leaves out too
    # ("Pakistanis", "Colombians", "New Zealanders"), where the form is no
    # name already ("Argentines" is listed).
    english_plurals = [(plural, OWNER.get(dem, cc)) for dem, cc in english_demonyms if (plural := english_plural(dem))]
    for form, cc in english_plurals + list(ENGLISH_DEMONYM_PLURALS.items()):
        if fold(form) not in countries_of_folded:
            add(form, cc, "d")
    # The name in the country's own languages ("Pilipinas", "भारत",
    # "Ελλάδα"), where no other name reads the same once folded and it is
    # no English word or name ("Ísland" folds to "island"; NATIVE_LEFT_OUT).
    word_names = english_names()
    natives_added: set[str] = set()
    for name, cc in native_names:
        latin = script_of(name) == "latn"
        bare = fold_accents(name)
        if (fold(name) in countries_of_folded or len(name) < (5 if latin else 3) or name in NATIVE_LEFT_OUT
                or (latin and (bare.lower() in vocab or bare in word_names))):
            continue
        add(name, cc, "n", "k" if latin else "")
        natives_added.add(name)
    for form, (cc, kind) in CYRILLIC_ABBREVIATIONS.items():
        add(form, cc, kind, "u")
    for cc, forms in CYRILLIC_PEOPLE.items():
        for form in forms.split():
            add(form, cc, "d")
    for cc, forms in CYRILLIC_SEATS_OF_POWER.items():
        for form in forms.split("|"):
            add(form, cc, "m", "k")
    for cc, forms in GERMAN_CITY_ADJECTIVES.items():
        for form in forms.split():
            add(form, cc, "y", "ik", "de")
    # Flags i (German text only) and l (lower case is the word).
    for stem, cc in GERMAN_ADJECTIVES.items():
        for ending in ("e", "en", "er", "es", "em"):
            add(stem + ending, cc, "d", "il", "de")

    # US towns. A name that is already a city elsewhere keeps that city as its
    # primary reading and gains the US as a second candidate (flag p): it goes
    # to the US only when the item is otherwise corroborated as American.
    # A new one-word name that could be a person's name needs corroboration.
    secondary_us: set[str] = set(US_NAMESAKES)
    # Words of our own English topic vocabulary are not town names here, so
    # that towns such as "Airport" or "Green" are not read as places. The
    # names list is left out: it holds names ("Hartford Whalers"), and a
    # team's or company's town is still a town.
    town_stop = set(vocab)
    # This run's generated files, written to OUT above, and the hand-written ones.
    topic_files = {p.name: p for p in HAND_WRITTEN.glob("topic-*.tsv")}
    topic_files.update((p.name, p) for p in OUT.glob("topic-*.tsv"))
    for name, path in sorted(topic_files.items()):
        if name == "topic-names.tsv":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if not line.startswith("#") and len(parts) >= 4 and parts[3] == "en":
                town_stop.update(re.findall(r"[a-z]+", parts[1].lower()))
    country_words = {form.lower() for form, e in places.items()
                     if " " not in form and any(kind in "nsd" for kind, _, _ in e.values())}
    abroad: dict[str, dict[str, int]] = defaultdict(dict)
    for c in cities:
        if c["countrycode"] != "US":
            towns = abroad[c["name"]]
            towns[c["countrycode"]] = max(towns.get(c["countrycode"], 0), c["population"])
    for c in sorted(cities, key=lambda c: (-c["population"], c["geonameid"])):
        name = c["name"]
        if c["countrycode"] != "US" or c["population"] < US_TOWN_MIN_POP or "US" in places.get(name, {}):
            continue
        others = places.get(name)
        if others:
            if all(kind in "cy" for kind, _, _ in others.values()) and len(others) == 1:
                secondary_us.add(name)
            continue
        low = name.lower()
        if low in town_stop or low in ambiguous_words or any(w in country_words for w in low.split()):
            continue
        one_word = " " not in name and "-" not in name
        # A town's name in lower case is never the town. One that is also a
        # town of 15,000 people abroad ("Albany") needs corroboration. Where
        # a town abroad is clearly the bigger one and the name one word
        # ("Norwich", "Dunedin"; not "Woodstock", nor "Santa Cruz" or
        # "Niagara Falls", which local US news names alone), the towns abroad
        # are candidates as well: the item's other places decide, and one
        # that names none ("Norwich hospital") is about no country rather
        # than the US.
        specific = (not one_word or low.endswith(TOWN_ENDINGS)) and name not in abroad
        add(name, "US", "y", "c" if specific else "ac")
        if one_word and max(abroad.get(name, {}).values(), default=0) > NAMESAKE_ABROAD * c["population"]:
            for cc in sorted(abroad[name]):
                add(name, cc, "y", "ac")

    # Smaller US places (1,000 people or more) with names of two words or
    # more ("New Milford", "Grand Ledge"), not shared with a place abroad.
    # One-word names of small places are too often something else.
    with open(GAZ / "geonames-cities1000-rg.csv", encoding="utf-8", newline="") as f:
        small = sorted({row["name"] for row in csv.DictReader(f) if row["cc"] == "US"})
    institutions = {"school", "academy", "afb", "base", "university", "college", "hospital", "airport"}
    # Small US places named after something far better known.
    famous_elsewhere = {"Notre Dame", "Santa Claus", "Del Rey", "Buckingham Palace", "Scotland Yard"}
    elsewhere = set()
    with open(GAZ / "geonames-cities1000-rg.csv", encoding="utf-8", newline="") as f:
        elsewhere = {row["name"] for row in csv.DictReader(f) if row["cc"] != "US"}
    for name in small:
        low = name.lower()
        words = low.split()
        # Not "East Berlin" or "New Paris": a direction or "New" before a
        # place elsewhere names that place's part or its namesake.
        tail = name.split(" ", 1)[1] if " " in name else ""
        if (name in places or not tail or "(" in name or low in town_stop or low in ambiguous_words
                or name in famous_elsewhere or name in elsewhere
                or any(w in country_words or w in institutions for w in words) or not name[0].isupper()
                or (tail in places and "US" not in places[tail] and tail not in secondary_us)
                ):
            continue
        # Small places count only when corroborated or when the item names
        # no other place: "Notre Dame" and "Santa Claus" are US towns too.
        add(name, "US", "y", "ac")

    # Hand-written subdivisions in other languages (see LOCAL_SUBDIVISIONS).
    for form, (ccs, flags, lang) in LOCAL_SUBDIVISIONS.items():
        for cc in ccs.split(","):
            add(form, cc, "r", flags, lang)
    for form, lang in GREAT_BRITAIN.items():
        add(form, "GB", "n", "", lang)

    # Every country's first-level subdivisions, as GeoNames names them
    # (mostly in English: "Lower Saxony", "Castille and Leon"). They all need
    # corroboration by other evidence for the same country: GeoNames' 3,800
    # names hold surnames ("Hidalgo"), people ("Diego Martin", a region of
    # Trinidad), churches ("Christ Church", a parish of Barbados) and phrases
    # of other languages ("Gracias a Dios", "Sud-Est"), too many to tell
    # apart by rule. The well-known ones that count alone are hand-written
    # above. Left out: names shared by two countries, names that read as a
    # place already listed once accents and hyphens are folded ("Herat" for
    # "Herāt"), names with another country's name in them, compass points
    # ("North West", "Nord-Est"), saints' names, and one-word names that are
    # English words ("Delta"), given names or surnames the English word list
    # knows ("Paul", a county of Cape Verde), or towns of another country.
    # US states come from GeoNames' own list above.
    admin1: dict[str, set[str]] = defaultdict(set)
    with open(GAZ / "geonames-cities1000-rg.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["admin1"]:
                admin1[row["admin1"]].add(row["cc"])
    # Country names and demonyms in English ("island" is Iceland in German).
    country_of_word: dict[str, set[str]] = defaultdict(set)
    for form, e in places.items():
        if " " not in form:
            for cc, (kind, _, lang) in e.items():
                if kind in "nsd" and lang in ("", "en"):
                    country_of_word[form.lower()].add(cc)
    town_countries: dict[str, set[str]] = defaultdict(set)
    for c in cities:
        town_countries[c["name"]].add(c["countrycode"])
    folded = {fold(form) for form in places}
    names = english_names()
    generic = {"region", "province", "district", "state", "governorate", "department", "county",
               "municipality", "city", "capital", "territory", "oblast", "prefecture", "division",
               "voivodeship", "central", "northern", "southern", "eastern", "western", "north",
               "south", "east", "west", "upper", "lower", "coast", "islands", "island", "special",
               "autonomous", "federal", "of", "the", "and", "de", "la", "el",
               "nord", "sud", "est", "ouest", "centre", "centro", "norte", "sur", "sul", "oeste",
               "leste", "este"}
    saints = {"st", "saint", "sainte", "san", "santa", "santo", "sao", "christ", "sint", "sankt",
              "sveti", "sveta", "sancti"}
    for name in sorted(admin1):
        ccs = admin1[name]
        if len(ccs) != 1 or fold(name) in folded or len(name) < 4 or not name[0].isupper() or "(" in name:
            continue
        cc = next(iter(ccs))
        if cc == "US":
            continue
        low = name.lower()
        words = fold(name).split()
        if any(country_of_word.get(w, {cc}) != {cc} for w in words):
            continue  # "Western Australia" stays, "Papua New Guinea Islands" would not
        if any(w in saints for w in words) or all(w in generic for w in words):
            continue
        if len(words) == 1 and (low in town_stop or low in ambiguous_words or low in vocab or name in names
                                or town_countries.get(name, {cc}) != {cc}):
            continue
        # A name that holds a town of its country that counts alone ("Metro
        # Manila", "Dhaka Division") counts alone too: matched whole, it
        # would otherwise keep the town inside it from counting.
        parts = name.split()
        inside = (" ".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)
                  if j - i < len(parts))
        holds_town = any(kind in "cy" and "a" not in flags
                         for kind, flags, _ in (places.get(sub, {}).get(cc, ("", "a", "")) for sub in inside))
        add(name, cc, "r", "c" if holds_town else "ca")

    # Russian and Ukrainian case endings for single-word Cyrillic names
    # (leaders' names are written out with theirs: a surname in -ин or -ов
    # has -ым, "Зеленский" declines as an adjective; countries' names in
    # their own Cyrillic languages are left as they are).
    written_out = {form for forms in LEADERS_CYRILLIC.values() for form in forms.split("|")}
    # Native names in Bulgarian, Serbian, Kazakh… take other endings.
    written_out |= natives_added | set(CYRILLIC_ABBREVIATIONS)
    written_out |= {form for forms in CYRILLIC_PEOPLE.values() for form in forms.split()}
    written_out |= {form for forms in CYRILLIC_SEATS_OF_POWER.values() for form in forms.split("|")}
    for form in list(places):
        if script_of(form) != "cyrl" or " " in form or "-" in form or form in written_out:
            continue
        for cc, (kind, flags, lang) in list(places[form].items()):
            stems = []
            if form.endswith("ия") or form.endswith("ія"):
                stems = [form[:-1] + e for e in ("и", "ю", "ей", "ї", "єю")]
            elif form.endswith("а") or form.endswith("я"):
                base = form[:-1]
                stems = [base + e for e in ("ы", "и", "е", "і", "у", "ю", "ой", "ою", "ей")]
            elif form[-1] in "бвгджзклмнпрстфхцчшщ":
                stems = [form + e for e in ("а", "у", "е", "ом", "і", "ові")]
                # Ukrainian і and ї of the last syllable turn to о and є
                # before an ending: Київ, у Києві; Львів, до Львова.
                if form.endswith(("ів", "їв")):
                    base = form[:-2] + ("ов" if form.endswith("ів") else "єв")
                    stems += [base + e for e in ("а", "у", "і", "ом")]
            elif form.endswith("й"):
                stems = [form[:-1] + e for e in ("я", "ю", "е", "ем", "ї", "єм")]
            elif form.endswith("ль"):
                # Masculine: Маріуполь, у Маріуполі, до Маріуполя; Мариуполе.
                # Ukrainian і of the last syllable turns to о: Тернопіль,
                # у Тернополі.
                base = form[:-3] + "ол" if form.endswith("іль") else form[:-1]
                stems = [base + e for e in ("я", "ю", "ем", "е", "і")]
            elif form.endswith("ь"):
                # Feminine: Казань, в Казани, Казанью.
                stems = [form[:-1] + e for e in ("и", "ью", "і", "ю")]
            for s in stems:
                if s not in places:
                    add(s, cc, kind, flags, lang)

    # Case forms of country and capital names in German, Russian,
    # Ukrainian, Polish, Czech and Swedish ("in den Vereinigten Staaten", "Russlands",
    # "в Саудовской Аравии", "w Polsce", "v Rusku"), Arabic names with their
    # joined conjunctions and prepositions ("والعراق", "بالعراق") and their
    # adjectives ("الروسي"), Korean names with their particles ("미국과",
    # "미국에서"); see scripts/inflect.py. A derived form that is
    # already a place, reads as one once accents are folded, or is an
    # English word is left out. Derived Latin-script forms need their
    # capital (Spanish "chinas", Chinese women, is not German "Chinas") and
    # are not read in English text (flag i: Polish "Tongę" folds to the
    # surname "Tonge").
    # Latin-script forms are read only in text of their own language (flag
    # i, the language column names it), where they need their capital
    # (Spanish "chinas", Chinese women, is not German "Chinas"; Polish
    # "Tongę" folds to the surname "Tonge"); a form that is a word of that
    # language once its accents are folded ("Danię" is then the Polish
    # "danie", a dish) is left out. (The Polish list's lower-case entries
    # hold rare inflections of common nouns that equal a name's case form
    # as written, "chinach" of "china", quinine; the capital tells those apart.)
    # Only names, short forms, capitals and regions are inflected, for their
    # own countries ("Pekin" is also a town in Illinois).
    local_words = {"de": common_words_of("/usr/share/dict/ngerman"), "pl": common_words_of("/usr/share/dict/polish")}
    capital_of: dict[str, dict[str, str]] = defaultdict(dict)
    for lang, capitals in LOCAL_CAPITALS.items():
        for cap, cc in capitals.items():
            if cap not in places:
                add(cap, cc, "c", "ci", lang)
            capital_of[cap][lang] = cc
            inflecting[lang].add(cap)
    for lang in ("de", "pl", "cs"):
        inflecting[lang].update(form for form, e in places.items()
                                if any(k in "nsr" and lg == lang and "a" not in fl for k, fl, lg in e.values()))
    folded = {fold(form) for form in places}
    derived: list[tuple[str, str]] = []
    derived_kind: dict[str, str] = {}
    derived_langs: dict[str, set[str]] = defaultdict(set)
    for form in sorted(places):
        kinds = {k for k, _, _ in places[form].values()}
        if script_of(form) == "arab" and (kinds & set("ns") or form in AR_CAPITALS
                                          or ("r" in kinds and form in LOCAL_SUBDIVISIONS)):
            derived += [(d, form) for d in inflect.arabic(form)]
            if "n" in kinds and any(lg == "ar" for _, _, lg in places[form].values()):
                for d in inflect.arabic_nisba(form):
                    derived.append((d, form))
                    derived_kind[d] = "d"
        if script_of(form) == "hang" and kinds & set("nscr"):
            derived += [(d, form) for d in inflect.korean(form)]
        if " " in form and script_of(form) == "cyrl":
            langs = {lg for _, _, lg in places[form].values()}
            derived += [(d, form) for d in inflect.slavic_cyrillic(form, "uk" if "uk" in langs else "ru")]
        if script_of(form) == "latn":
            for lang, rule in (("de", inflect.german), ("pl", inflect.polish), ("cs", inflect.czech),
                               ("sv", inflect.swedish)):
                if form in inflecting[lang]:
                    for d in rule(form):
                        if d in CZECH_WORDS or (fold_accents(d) in local_words.get(lang, ())
                                                and (lang == "de" or fold_accents(d) != d.lower())):
                            continue
                        derived.append((d, form))
                        derived_langs[d].add(lang)
    for d, form in derived:
        latin = script_of(d) == "latn"
        # Another rule's derived form may gain this base's countries; any
        # other place keeps its name.
        derived_before = latin and d in places and all("i" in fl for _, fl, _ in places[d].values())
        if (d in places and not derived_before) or (latin and len(d) < 4) or (d not in places and fold(d) in folded):
            continue
        langs = ",".join(sorted(derived_langs[d])) if latin else None
        if latin and form in capital_of:
            # "Pekin": Beijing in Polish, not the town in Illinois.
            for cc in sorted(set(capital_of[form].values())):
                add(d, cc, "c", "ci", langs)
        else:
            for cc, (kind, flags, lang) in places[form].items():
                if form in WORDS_IN_THEIR_LANGUAGE:
                    flags += "a"  # "ومالي" is "and financial" too
                if kind in "nscr":
                    add(d, cc, derived_kind.get(d, kind), flags + "ci" if latin else flags, langs or lang)
        folded.add(fold(d))

    # Country adjectives in Spanish, Italian, Portuguese, Russian, Polish
    # and Ukrainian, added last so that no other list changes for them (a
    # US town named like one, "Chino", stays a town). Those in Latin script
    # are read only in text of their language (flag i, the language
    # column names it; "belga" is Spanish, Italian and Portuguese alike) and
    # in either case. A form is left out where it folds onto another
    # country's place or form ("indiana", Italian for Indian, is the US
    # state), where it is another word of its language (ADJECTIVE_WORDS) or
    # of its language's topic vocabulary. One that is an English word is
    # kept: read only in Spanish text, "chinos" is not trousers.
    local_terms: dict[str, set[str]] = defaultdict(set)
    for path in sorted(OUT.glob("topic-*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if not line.startswith("#") and len(parts) >= 4:
                local_terms[parts[3].strip()].add(fold(parts[1].rstrip("*")))
    adjective_ccs: dict[str, set[str]] = defaultdict(set)
    adjective_langs: dict[str, set[str]] = defaultdict(set)
    for lang, adjectives in ADJECTIVES_BY_LANGUAGE.items():
        for word, cc in adjectives.items():
            for form in adjective_forms(word, lang):
                if form not in ADJECTIVE_WORDS.get(lang, ()):
                    adjective_ccs[form].add(cc)
                    adjective_langs[form].add(lang)
    countries_of_folded = defaultdict(set)
    for f, e in places.items():
        countries_of_folded[fold(f)].update(e)
    for form, ccs in adjective_ccs.items():
        countries_of_folded[fold(form)].update(ccs)
    adjectives_dropped = []
    adjectives_added: set[str] = set()
    for form in sorted(adjective_ccs):
        cc = next(iter(adjective_ccs[form]))
        langs = adjective_langs[form]
        if (countries_of_folded[fold(form)] != {cc}
                or any(fold(form) in local_terms[lang] for lang in langs)):
            adjectives_dropped.append(form)
            continue
        flags = "a" if any(form in ADJECTIVE_SURNAMES.get(lang, ()) for lang in langs) else ""
        if script_of(form) == "latn":
            flags += "il"
        add(form, cc, "d", flags, ",".join(sorted(langs)))
        adjectives_added.add(form)
    print(f"country adjectives: {len(adjective_ccs) - len(adjectives_dropped)} forms,"
          f" {len(adjectives_dropped)} left out: {' '.join(adjectives_dropped)}", file=sys.stderr)

    # Forms that read the same once accents are folded are one name to the
    # classifier, which takes the first. Where they name different
    # countries, the strongest kind wins: a country's name over a town's
    # ("França", France, over "Franca", a Brazilian city), a capital over a
    # town ("Pékin" over Pekin, Illinois); places of the same kind share the
    # name, which then needs corroboration ("Münster" and Munster, Indiana).
    # Case forms read only in one language stay apart.
    groups: dict[str, list[str]] = defaultdict(list)
    for form in sorted(places):
        if not any("i" in fl for _, fl, _ in places[form].values()):
            groups[fold(form)].append(form)
    for forms in groups.values():
        if len(forms) < 2 or len({frozenset(places[f]) for f in forms}) < 2:
            continue
        best = min(kind_rank[e[0]] for f in forms for e in places[f].values())
        keep = next(f for f in forms if any(kind_rank[e[0]] == best for e in places[f].values()))
        merged = dict(places[keep])
        for f in forms:
            for cc, e in places[f].items():
                if kind_rank[e[0]] == best:
                    merged.setdefault(cc, e)
            del places[f]
        places[keep] = merged

    with open(OUT / "places.tsv", "w", encoding="utf-8") as f:
        f.write("# form\tcountries\tkind\tflags\tlang\n")
        f.write("# kind: n=name s=short form d=demonym c=capital y=city r=region/subdivision m=metonym"
                " x=wider region, or a person's, firm's or term's name (no country)\n")
        f.write("# flags: c=must be capitalised u=must be in capitals a=needs corroboration l=lower-case word ok\n")
        f.write("# k=a proper name: counts only when capitalised, except in a field with no case (all lower or all upper)\n")
        f.write("# p=the first country unless the item is local news of a later one w=also an ordinary word or a name\n")
        f.write("# g=local-government word: marks an item as local news of its country\n")
        f.write("# i=read only in text of the language(s) in the lang column (a case form derived by rule, or a name English uses otherwise)\n")
        f.write("# s=capitalised in the middle of a sentence, needs no corroboration (\"hit Turkey\")\n")
        f.write("# d=letters with dots between them, counts only where the text has the dots (\"L.A.\", not \"LA\")\n")
        f.write("# sources: mledoze/countries (ODbL 1.0), GeoNames (CC BY 4.0), ISO 3166 (iso-codes), hand-written lists in scripts/gen_data.py\n")
        for form in sorted(places):
            entries = places[form]
            ccs = sorted(entries)
            kinds = sorted({entries[cc][0] for cc in ccs}, key=lambda k: kind_rank[k])
            kind = kinds[0]
            flags = set("".join(entries[cc][1] for cc in ccs))
            langs = {entries[cc][2] for cc in ccs}
            lang = langs.pop() if len(langs) == 1 else ""
            # Compare as the classifier sees text: lower case, accents folded.
            low = fold_accents(form)
            if form in OWNER:
                ccs = [OWNER[form]]
                flags.discard("a")
            if form in GEO_AMBIGUOUS:
                ccs = GEO_AMBIGUOUS[form].split(",")
                flags.add("a")
            if form in secondary_us and len(ccs) == 1:
                ccs = ccs + ["US"]
                flags.add("p")
            elif len(ccs) > 1:
                flags.add("a")
            if form in PRIMARY_READING:
                ccs = PRIMARY_READING[form].split(",")
                flags.discard("a")
                flags.add("p")
            if form in WORDS_IN_THEIR_LANGUAGE:
                flags.add("a")
            if form in NAMES_READ_IN_THEIR_LANGUAGES:
                flags.add("i")
                lang = NAMES_READ_IN_THEIR_LANGUAGES[form]
            if form in SENTENCE_CASE_COUNTRIES:
                flags.add("s")
            if script_of(form) == "latn" and "l" not in flags and form not in US_STATE_ABBREVIATIONS:
                if low in CAPITALISED_ONLY:
                    flags.add("c")
                elif form in CITY_OVER_WORD:
                    flags.update(CITY_OVER_WORD[form])
                elif low in GIVEN_NAME_TOWNS or (kind in "cyr" and low in vocab and "i" not in flags):
                    # (An English word is no other reading of a name read
                    # only in its own language's text: German "Hamburger".)
                    flags.update("caw")
                elif low in ambiguous_words:
                    flags.update("ca")
                elif kind in "nsdr" and low in vocab and " " not in low:
                    flags.add("c")
                # A place's name in lower case is a word, in some language
                # ("americana" is American in Spanish, not Americana,
                # Brazil): flag k, a proper name. Demonyms are not: French,
                # Spanish and Italian write them in lower case ("le
                # président américain").
                # Not for names after an article, which news writes in lower
                # case ("el-Fasher", "the Hague"), nor for a form that is also a
                # demonym ("syrien": Syria in German, Syrian in French).
                if (kind in "nscyr" and form[0].isupper() and "c" not in flags and form not in demonym_forms
                        and not ARTICLE_START.match(form)
                        and not (ARABIC_ARTICLE.match(form) and set(ccs) <= ARAB_COUNTRIES)):
                    flags.add("k")
            all_langs = {entries[cc][2] for cc in entries}
            if (low in vocab and all(l and l != "en" for l in all_langs) and form not in adjectives_added
                    and "i" not in flags):
                continue  # a foreign name that is an English word: skip, unless read in its language only
            flags.discard("l")
            f.write(f"{form}\t{','.join(ccs)}\t{kind}\t{''.join(sorted(flags))}\t{lang}\n")
        f.write("# wider regions (kind x): they name no country, and keep the name inside them from counting\n")
        for form in WIDER_REGIONS:
            f.write(f"{form}\t\tx\t\t\n")
        f.write("# people, firms, newspapers, things and terms whose names hold a place's name (kind x): the place inside does not count\n")
        # Flag k: only when capitalised ("the bill English farmers opposed").
        for form in PEOPLE_NAMED_FOR_PLACES + NEWSPAPERS + THINGS_NAMED_FOR_PLACES:
            f.write(f"{form}\t\tx\tk\t\n")


if __name__ == "__main__":
    main()
