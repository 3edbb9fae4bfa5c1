//! Integration tests for `wirewatch::classify`: the reference article,
//! ambiguous place names, non-English items, passing mentions, taxonomy
//! look-ups, and (ignored by default) the dev-set evaluation.

use std::path::PathBuf;
use std::sync::OnceLock;

use wirewatch::classify::eval::{evaluate, EvalRecord};
use wirewatch::classify::*;

fn classifier() -> &'static Classifier {
    static C: OnceLock<Classifier> = OnceLock::new();
    C.get_or_init(|| Classifier::new(&ClassifierSettings::default()).expect("embedded data is valid"))
}

fn classify(title: &str, text: &str) -> Classification {
    classifier().classify(&Document { title, text, categories: &[], language: None, home_region: None })
}

/// An item with no title in a language its feed declares.
fn classify_in(text: &str, lang: &str) -> Classification {
    classifier().classify(&Document { title: "", text, categories: &[], language: Some(lang), home_region: None })
}

/// A headline with no body in a language its feed declares.
fn headline_in(title: &str, lang: &str) -> Classification {
    classifier().classify(&Document { title, text: "", categories: &[], language: Some(lang), home_region: None })
}

/// Asserts that an item in `lang` is about exactly the countries `codes`
/// (sorted), those scoring 0.5 or more.
fn countries_in(text: &str, lang: &str, codes: &[&str]) {
    let c = classify_in(text, lang);
    let mut got: Vec<&str> = c.regions.iter().filter(|r| r.score >= 0.5).map(|r| &*r.country).collect();
    got.sort_unstable();
    assert_eq!(got, codes, "{text}: {:?}", c.regions);
}

fn region_score(c: &Classification, code: &str) -> f32 {
    c.regions.iter().find(|r| r.country == code).map_or(0.0, |r| r.score)
}

fn topic_score(c: &Classification, short: &str) -> f32 {
    let id = resolve_topic(short).unwrap().id;
    c.topics.iter().find(|t| t.id == id).map_or(0.0, |t| t.score)
}

fn shared(path: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared").join(path);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipping: {} not found", p.display());
        None
    }
}

#[test]
fn reference_article_us_ukraine_jeddah() {
    let Some(path) = shared("seed/article-us-ukraine-jeddah.txt") else { return };
    let raw = std::fs::read_to_string(path).unwrap();
    let (title, text) = raw.split_once('\n').unwrap_or((&raw, ""));
    let c = classify(title, text);
    eprintln!("{}", serde_json::to_string_pretty(&c).unwrap());

    let top2: Vec<&str> = c.topics.iter().take(2).map(|t| &*t.name).collect();
    assert!(top2.contains(&"conflict, war and peace"), "top topics: {top2:?}");
    assert!(top2.contains(&"politics"), "top topics: {top2:?}");
    let mut top4: Vec<&str> = c.regions.iter().take(4).map(|r| &*r.country).collect();
    top4.sort_unstable();
    assert_eq!(top4, ["RU", "SA", "UA", "US"]);
    for r in c.regions.iter().take(4) {
        assert!(r.score >= 0.5, "{} scored {}", r.country, r.score);
        assert!(!r.evidence.is_empty());
    }
    for t in c.topics.iter().take(2) {
        assert!(t.score >= 0.5 && !t.evidence.is_empty());
    }
    let sa = c.regions.iter().find(|r| r.country == "SA").unwrap();
    assert_eq!((&*sa.subregion, &*sa.region), ("Western Asia", "Asia"));
    assert_eq!(c.language.as_deref(), Some("en"));
}

#[test]
fn reference_story_in_the_languages_the_issue_names() {
    // The reference article's first sentence, as each language's press
    // would write it: conflict and politics, and the four countries.
    for (text, lang) in [
        ("Delegationen der USA und der Ukraine verhandelten in Dschidda in Saudi-Arabien über eine Waffenruhe im Krieg mit Russland.", "de"),
        ("Les délégations américaine et ukrainienne ont négocié à Djeddah, en Arabie saoudite, un cessez-le-feu dans la guerre avec la Russie.", "fr"),
        ("Las delegaciones de Estados Unidos y Ucrania negociaron en Yeda, Arabia Saudí, un alto el fuego en la guerra con Rusia.", "es"),
        ("Le delegazioni di Stati Uniti e Ucraina hanno negoziato a Gedda, in Arabia Saudita, un cessate il fuoco nella guerra con la Russia.", "it"),
        ("As delegações dos EUA e da Ucrânia negociaram em Jidá, na Arábia Saudita, um cessar-fogo na guerra com a Rússia.", "pt"),
        ("Делегации США и Украины провели переговоры в Джидде в Саудовской Аравии о прекращении огня в войне с Россией.", "ru"),
        ("Делегації США та України провели переговори в Джидді в Саудівській Аравії щодо припинення вогню у війні з Росією.", "uk"),
        ("أجرى وفدا الولايات المتحدة وأوكرانيا محادثات في جدة بالسعودية بشأن وقف إطلاق النار في الحرب مع روسيا.", "ar"),
        ("美国和乌克兰代表团在沙特阿拉伯吉达就与俄罗斯战争的停火问题举行谈判。", "zh"),
        ("米国とウクライナの代表団はサウジアラビアのジッダで、ロシアとの戦争の停戦について協議した。", "ja"),
    ] {
        let c = classify_in(text, lang);
        let top: Vec<&str> = c.topics.iter().take(2).map(|t| &*t.id).collect();
        assert!(top.contains(&"medtop:16000000") && top.contains(&"medtop:11000000"), "{lang}: {:?}", c.topics);
        countries_in(text, lang, &["RU", "SA", "UA", "US"]);
    }
    // "EUA" is the United States only in Portuguese.
    let c = classify_in("Die Europäische Umweltagentur (EUA) startet ein Register", "de");
    assert_eq!(region_score(&c, "US"), 0.0, "{:?}", c.regions);
}

#[test]
fn ambassador_is_not_syria_and_words_are_not_substrings() {
    let c = classify("Ambassador recalled", "The ambassador said the embassy would stay open. Ambassadors met.");
    assert_eq!(region_score(&c, "SY"), 0.0, "{:?}", c.regions);
    let c = classify("Parisian fashion", "A frenchified menu.");
    assert!(c.regions.is_empty(), "{:?}", c.regions);
}

#[test]
fn ambiguous_names_need_corroboration() {
    let c = classify(
        "Michael Jordan and Chad Johnson visit",
        "Jordan met Chad at a nice restaurant while reading the menu. The turkey was good.",
    );
    for code in ["JO", "TD", "FR", "GB", "TR"] {
        assert_eq!(region_score(&c, code), 0.0, "{code}: {:?}", c.regions);
    }
    let c =
        classify("King of Jordan meets ministers in Amman", "Jordan's king said the Jordanian economy was growing.");
    assert!(region_score(&c, "JO") >= 0.5, "{:?}", c.regions);
    // "Turkey", as English news names the country, with corroboration.
    let c = classify("Earthquake kills dozens in Turkey", "Rescue teams searched collapsed buildings in Istanbul.");
    assert!(region_score(&c, "TR") >= 0.5, "{:?}", c.regions);
    assert!(classify("Thanksgiving Turkey Recipes", "Roast the bird for three hours.").regions.is_empty());
    // Capitalised in the middle of a sentence, Turkey, Niger and Guinea are
    // the countries even alone; opening a sentence they may be the bird,
    // the river or the coin, and the Niger Delta is in Nigeria.
    for (text, code) in [
        ("An earthquake hit Turkey on Monday, killing dozens.", "TR"),
        ("Soldiers seized power in Niger on Wednesday.", "NE"),
        ("The outbreak spread in Guinea and Sierra Leone.", "GN"),
        ("Oil spilled across the Niger Delta, residents said.", "NG"),
    ] {
        let c = classify("News", text);
        assert!(region_score(&c, code) >= 0.5, "{text}: {:?}", c.regions);
    }
    let c = classify("Prices", "Turkey prices rise before Thanksgiving as farmers cut flocks.");
    assert!(c.regions.is_empty(), "{:?}", c.regions);
    let c = classify("News", "Oil spilled across the Niger Delta, residents said.");
    assert_eq!(region_score(&c, "NE"), 0.0, "{:?}", c.regions);
}

#[test]
fn people_named_for_places_are_not_the_places() {
    // Well-known names are matched whole, in Title Case headlines too.
    for (title, code) in [
        ("Kobe Bryant's Widow Wins Lawsuit Against County", "JP"),
        ("Paris Hilton Testifies About Youth Treatment Centers", "FR"),
        ("Milan Kundera, author of The Joke, dies at 94", "IT"),
        ("Sydney Sweeney cast in biopic", "AU"),
        ("Nathan Lyon takes five wickets", "FR"),
    ] {
        let c = classify(title, "");
        assert_eq!(region_score(&c, code), 0.0, "{title}: {:?}", c.regions);
    }
    // A town whose name is mostly a given name needs corroboration, even
    // when nothing else names a place.
    for (title, code) in [
        ("George Osborne unveils budget", "ZA"),
        ("Sebastian Coe re-elected", "US"),
        ("George Floyd Protests Spread", "ZA"),
    ] {
        let c = classify(title, "");
        assert_eq!(region_score(&c, code), 0.0, "{title}: {:?}", c.regions);
    }
    let c = classify("Storm damage in George", "The Western Cape town of George, South Africa, lost power.");
    assert!(region_score(&c, "ZA") >= 0.5, "{:?}", c.regions);
    assert_eq!(region_score(&classify("Austin Butler wins award for Elvis", ""), "US"), 0.0);
    // The towns themselves, alone or corroborated.
    for title in ["Austin police investigate shooting", "Austin City Council votes on budget"] {
        assert!(region_score(&classify(title, ""), "US") >= 0.5, "{title}");
    }
    // Only capitalised: "English" here is no person's name.
    let c = classify("MPs say the bill English farmers opposed will pass", "");
    assert!(region_score(&c, "GB") >= 0.5, "{:?}", c.regions);
    // The cities themselves still count.
    for (title, code) in [("Flooding in Milan closes schools", "IT"), ("Sydney ferry collides with yacht", "AU")] {
        let c = classify(title, "");
        assert!(region_score(&c, code) >= 0.5, "{title}: {:?}", c.regions);
    }
}

#[test]
fn surnames_and_first_names_that_are_places() {
    // A place name right after a given name or a title is a surname, and a
    // place name that is a given name, right before a capitalised word, is
    // a first name: neither counts unless the item's other places agree.
    for (title, text, code) in [
        ("Whitney Houston's estate sells her catalogue", "The deal was signed on Friday.", "US"),
        ("Vaccination centre offers karaoke", "Michael Holland finds out why people sing while they wait.", "NL"),
        (
            "Five in court",
            "Judge Anderson said the case was serious. Solicitors Vincent McCormack and Philip English spoke.",
            "US",
        ),
        ("Five in court", "Solicitors Vincent McCormack and Philip English applied for bail.", "GB"),
        (
            "Model predicts when states could reopen",
            "Dr. Chris Murray leads the team. Murray said the peak has passed.",
            "US",
        ),
        ("Argentina's president gives a donation", "Mauricio Macri gave the money to a foundation.", "MU"),
        ("Plans for a new pharmacy", "Mr. Holland told the meeting that the plans were final.", "NL"),
    ] {
        let c = classify(title, text);
        assert_eq!(region_score(&c, code), 0.0, "{text}: {:?}", c.regions);
    }
    // The same words as places still count.
    for (title, text, code) in [
        ("Floods in Houston", "Michael flew to Houston on Monday as the water rose.", "US"),
        ("Fighting in the east", "Rebels in DR Congo took the town of Goma.", "CD"),
        ("Karaoke in Auckland", "Michael Holland finds out why people in Auckland sing while they wait.", "NZ"),
        ("Tulip farmers protest", "Farmers in Holland and across the Netherlands blocked roads.", "NL"),
    ] {
        let c = classify(title, text);
        assert!(region_score(&c, code) >= 0.5, "{text}: {:?}", c.regions);
    }
}

#[test]
fn towns_known_the_world_over() {
    // Below the city list's population threshold, or under an English name
    // the local-language city list lacks.
    for (title, code) in [
        ("Aid trucks enter through the Rafah crossing", "PS"),
        ("Venice floods again as tide peaks", "IT"),
        ("Cambridge researchers map the genome at a London lab", "GB"),
        ("Leaders gather in Davos", "CH"),
        ("Investigators return to Bucha", "UA"),
    ] {
        let c = classify(title, "");
        assert!(region_score(&c, code) >= 0.5, "{title}: {:?}", c.regions);
    }
    // The US namesake is the second reading: it needs local news.
    for (title, text) in [
        ("Shark sighting closes beach", "Venice, Fla., officials closed the beach on Tuesday."),
        ("Bethlehem police arrest man", "The arrest was made near Allentown, Pennsylvania."),
        ("Fire destroys home in South Venice", ""),
    ] {
        let c = classify(title, text);
        assert!(
            region_score(&c, "US") >= 0.5 && region_score(&c, "IT") + region_score(&c, "PS") == 0.0,
            "{title}: {:?}",
            c.regions
        );
    }
    assert!(region_score(&classify("Pilgrims gather in Bethlehem for Christmas", ""), "PS") >= 0.5);
    // Firms and terms named for a place are not the place.
    for title in ["Capri Holdings and Tapestry call off merger", "Monte Carlo simulation speeds up chip design"] {
        assert!(classify(title, "").regions.is_empty(), "{title}");
    }
    // So are food, breeds and objects, and a newspaper cited as a source;
    // the demonym alone still names the country.
    for (title, text) in [
        ("The best French fries in town", "Cut the potatoes thin and fry them twice."),
        ("German shepherd saves owner", "The dog barked until help came."),
        ("A Swiss Army knife of a phone", "It does everything creators need."),
        ("Lessons from the Spanish flu", "The 1918 pandemic killed millions."),
        ("Trade between Russia and China tops $200bn", "Figures compiled by the New York Times."),
        (
            "Fake pills linked to low blood sugar in Singapore",
            "The cases were described in the New England Journal of Medicine.",
        ),
        ("Night shifts and the heart", "A study in the British Medical Journal followed 3,000 nurses."),
        ("Nations recommit to the Paris Agreement", "Emissions must fall faster, the report says."),
    ] {
        let c = classify(title, text);
        assert!(
            c.regions.iter().all(|r| !["FR", "DE", "CH", "ES", "US", "GB"].contains(&&*r.country)),
            "{title}: {:?}",
            c.regions
        );
    }
    assert!(region_score(&classify("Swiss voters reject the plan", ""), "CH") >= 0.5);
    assert!(region_score(&classify("Chinese journal retracts paper", ""), "CN") >= 0.5);
    // "Roma" is Rome in Italian or Spanish, the Roma people in English.
    let c = classify("Roma communities face discrimination", "Activists said Roma families were evicted.");
    assert_eq!(region_score(&c, "IT"), 0.0, "{:?}", c.regions);
    countries_in("Forti piogge a Roma, chiuse le scuole della capitale.", "it", &["IT"]);
    // A treaty is about what it regulates: the Minsk agreements are about
    // Ukraine, not Belarus.
    let c = classify("Minsk agreements are dead, Kremlin says", "");
    assert_eq!(region_score(&c, "BY"), 0.0, "{:?}", c.regions);
    assert!(region_score(&classify("Talks in Minsk end without a deal", ""), "BY") >= 0.5);
}

#[test]
fn given_names_and_brands_are_not_towns() {
    // Towns named like a given name or a brand (Mary, Turkmenistan; Taylor,
    // Texas; León, Mexico; Mercedes, Texas) do not count alone.
    for (title, code) in [
        ("Taylor Swift announces a new album and a stadium tour", "US"),
        ("Queen Elizabeth's corgis get a new home", "US"),
        ("Why Typhoid Mary still fascinates historians", "TM"),
        ("Leon Trotsky's grandson opens the family archive", "MX"),
        ("Mercedes brings an upgraded car to the next grand prix", "US"),
        ("Prof Helen Gilbert wins a prize for her malaria research", "US"),
        ("Kendall and Kyle share a dressing room at the awards", "US"),
        ("George Clinton plays a show on Monday", "US"),
        ("Clinton library opens an exhibition", "US"),
    ] {
        let c = classify(title, "");
        assert_eq!(region_score(&c, code), 0.0, "{title}: {:?}", c.regions);
    }
    // Corroborated, they are still the towns.
    let c = classify("Floods in León", "The Mexican city of León, in Guanajuato, closed its schools.");
    assert!(region_score(&c, "MX") >= 0.5, "{:?}", c.regions);
}

#[test]
fn us_towns_with_a_bigger_namesake_abroad_need_corroboration() {
    // "Norwich" alone is no longer a town in Connecticut...
    let c = classify("Norwich hospital apologises for long waits", "Patients waited up to 14 hours.");
    assert!(c.regions.is_empty(), "{:?}", c.regions);
    // ...the item's other places decide which Norwich it is.
    let c = classify("Norwich hospital apologises for long waits", "The hospital in Norfolk, England, said sorry.");
    assert!(region_score(&c, "GB") >= 0.5 && region_score(&c, "US") == 0.0, "{:?}", c.regions);
    let c = classify("Norwich police investigate break-in", "Norwich, Conn., police said the store was empty.");
    assert!(region_score(&c, "US") >= 0.5 && region_score(&c, "GB") == 0.0, "{:?}", c.regions);
    // A US town bigger than its namesakes abroad still counts alone.
    assert!(region_score(&classify("Albany lawmakers pass the state budget", ""), "US") >= 0.5);
}

#[test]
fn places_british_and_new_zealand_news_name() {
    // London's East End, when the item is British; the South African city
    // when it is South African.
    let c = classify("Street art festival comes to East London", "Galleries across London open late.");
    assert!(region_score(&c, "GB") >= 0.5 && region_score(&c, "ZA") == 0.0, "{:?}", c.regions);
    let c = classify("Port strike in East London", "The Eastern Cape port in South Africa is closed.");
    assert!(region_score(&c, "ZA") >= 0.5 && region_score(&c, "GB") == 0.0, "{:?}", c.regions);
    // Well-known places that the city list misses or gives to a US town.
    for (title, code) in [
        ("Cruise ship turns back from Milford Sound in heavy rain", "NZ"),
        ("Lava from the La Palma volcano reaches the sea", "ES"),
    ] {
        let c = classify(title, "");
        assert!(region_score(&c, code) >= 0.5 && region_score(&c, "US") == 0.0, "{title}: {:?}", c.regions);
    }
    // A firm named for a town is not the town.
    let c = headline_in("Tele Columbus erhöht die Preise für Kabelanschlüsse", "de");
    assert_eq!(region_score(&c, "US"), 0.0, "{:?}", c.regions);
}

#[test]
fn alternate_city_names_that_are_german_words() {
    // "Dabei", one of Dubai's alternate names, is German for "with it".
    countries_in("Die Bank hat dabei rund eine Million Euro verloren, sagte die Polizei in Berlin.", "de", &["DE"]);
}

#[test]
fn ukrainian_instrumental_of_names_in_yi() {
    // "Китаєм": China in the instrumental ("між Росією та Китаєм").
    countries_in("Торгівля між Росією та Китаєм зросла.", "uk", &["CN", "RU"]);
}

#[test]
fn ukrainian_cases_of_kyiv() {
    // The і of "Київ" turns to є before an ending: "у Києві", "до Києва".
    countries_in("Надбудова над замком у Києві: що зобов'язався виконати забудовник.", "uk", &["UA"]);
    countries_in("Делегація прибула до Києва в понеділок.", "uk", &["UA"]);
}

#[test]
fn ukrainian_and_russian_towns_and_oblasts() {
    // Local news in Ukrainian or Russian names the town or the oblast and
    // rarely the country: each in its cases.
    countries_in("Уночі у Херсоні пролунала серія вибухів.", "uk", &["UA"]);
    countries_in("Уночі Хмельниччину атакували шахеди.", "uk", &["UA"]);
    countries_in("Обстріли тривають у Харківській області.", "uk", &["UA"]);
    countries_in("В Белгородской области объявлена воздушная тревога.", "ru", &["RU"]);
    countries_in("Взрывы прогремели в Курске ночью.", "ru", &["RU"]);
    // Names that are also words need another place of their country:
    // Russian "ровно" (exactly), Ukrainian "суми" (sums).
    countries_in("Ровно в полдень начался концерт.", "ru", &[]);
    countries_in("Суми виплат зросли, повідомив уряд.", "uk", &[]);
    countries_in("Суми знову під обстрілом, повідомляє Україна.", "uk", &["UA"]);
    // Names in -ь in their cases: masculine, and feminine.
    countries_in("Фільм «20 днів у Маріуполі» потрапив до списку.", "uk", &["UA"]);
    countries_in("Выставка открылась в Беларуси и в Казани.", "ru", &["BY", "RU"]);
    // Abbreviations, peoples and seats of power.
    countries_in("Військові РФ обстріляли громади.", "uk", &["RU"]);
    countries_in("Психолог комментирует предпочтения белорусов.", "ru", &["BY"]);
    countries_in("Верховна Рада ухвалила закон.", "uk", &["UA"]);
}

#[test]
fn country_names_that_are_words_of_their_language() {
    // Ukrainian "того" (of that) is not Togo, "мали" (had) is not Mali;
    // Arabic "مالي" (financial) is not Mali; German "Bann" (a ban) is not
    // Bern; "Ammon" is a given name before it is Amman.
    countries_in("Що дозволяє закон та за що того критикують депутати.", "uk", &[]);
    countries_in("Вони мали зустріч у Києві, де обговорили бюджет.", "uk", &["UA"]);
    countries_in("قدم البنك دعم مالي للشركات الصغيرة في الأزمة.", "ar", &[]);
    countries_in("Ob dieser Bann jemals aufgehoben wird, ist ungewiss.", "de", &[]);
    assert_eq!(region_score(&classify("Ammon Bundy pleads not guilty in Oregon refuge case", ""), "JO"), 0.0);
    // Corroborated, the names are the countries.
    countries_in("قتل جنود في مالي قرب باماكو.", "ar", &["ML"]);
    // Benfica, in Portuguese news, is Lisbon's club, not the Luanda district.
    countries_in("Benfica e Sporting medem forças na Luz.", "pt", &["PT"]);
}

#[test]
fn country_adjectives_in_german_and_french() {
    // German declines them and writes them in lower case; French writes
    // the plural with an s.
    countries_in("Die russischen Truppen rücken auf die ukrainische Stadt vor.", "de", &["RU", "UA"]);
    countries_in("Der britische Premier trifft den französischen Präsidenten.", "de", &["FR", "GB"]);
    countries_in("Les troupes russes avancent vers les lignes ukrainiennes.", "fr", &["RU", "UA"]);
    // Only in German text: elsewhere "britische" is no word.
    assert!(classify("", "The britische label on the box").regions.is_empty());
}

#[test]
fn country_adjectives_in_spanish_italian_portuguese_russian_and_polish() {
    // In every gender, number and case, and in lower case.
    countries_in("Los diplomáticos franceses critican a las autoridades iraníes.", "es", &["FR", "IR"]);
    countries_in("Le truppe russe avanzano verso le città ucraine.", "it", &["RU", "UA"]);
    countries_in("Os mísseis norte-coreanos preocupam o governo japonês.", "pt", &["JP", "KP"]);
    countries_in("Китайские дипломаты встретились с американскими коллегами.", "ru", &["CN", "US"]);
    countries_in("Rosyjscy żołnierze zaatakowali ukraińską elektrownię.", "pl", &["RU", "UA"]);
    countries_in("Французькі дипломати зустрілися з німецькими колегами.", "uk", &["DE", "FR"]);
    // Only in their own language: in English "chinos" are trousers.
    assert!(classify("", "The store sold chinos in every colour").regions.is_empty());
}

#[test]
fn names_english_news_uses_for_countries() {
    for (text, code) in [
        ("The Holy See and Beijing renew their deal on bishops", "VA"),
        ("Oil exploration off the Falklands angers Buenos Aires", "FK"),
        ("Hurricane heads for the Turks and Caicos", "TC"),
    ] {
        let c = classify(text, "");
        assert!(region_score(&c, code) >= 0.5, "{text}: {:?}", c.regions);
    }
}

#[test]
fn saint_martin_is_the_french_side_and_sint_maarten_the_dutch() {
    let c = classify("Hurricane devastates Saint Martin", "");
    assert!(region_score(&c, "MF") >= 0.5 && region_score(&c, "SX") == 0.0, "{:?}", c.regions);
    let c = classify("Looting on Saint-Martin and Sint Maarten after the storm", "");
    assert!(region_score(&c, "MF") >= 0.5 && region_score(&c, "SX") >= 0.5, "{:?}", c.regions);
}

#[test]
fn georgia_state_versus_country() {
    let us =
        classify("Storms hit Georgia", "Power was cut across Atlanta and much of Georgia, officials in Atlanta said.");
    assert!(region_score(&us, "US") >= 0.5, "{:?}", us.regions);
    assert_eq!(region_score(&us, "GE"), 0.0, "{:?}", us.regions);
    let ge = classify("Protests in Georgia", "Thousands marched in Tbilisi against the Georgian government's bill.");
    assert!(region_score(&ge, "GE") >= 0.5, "{:?}", ge.regions);
    assert_eq!(region_score(&ge, "US"), 0.0, "{:?}", ge.regions);
    let none = classify("Georgia on my mind", "A song.");
    assert!(none.regions.is_empty(), "{:?}", none.regions);
    // The state's government, elections and colleges are the state's alone.
    for title in ["Georgia governor signs voting law", "Senator from Georgia calls for hearing", "Georgia Tech wins"] {
        let c = classify(title, "");
        assert!(region_score(&c, "US") >= 0.5, "{title}: {:?}", c.regions);
        assert_eq!(region_score(&c, "GE"), 0.0, "{title}: {:?}", c.regions);
    }
}

#[test]
fn us_abbreviation_is_not_the_pronoun() {
    let c = classify("Let us pray", "Join us for a quiet evening.");
    assert_eq!(region_score(&c, "US"), 0.0);
    let c = classify("U.S. and UK agree trade pact", "");
    assert!(region_score(&c, "US") >= 0.5 && region_score(&c, "GB") >= 0.5, "{:?}", c.regions);
}

#[test]
fn non_english_items() {
    let c = classifier().classify(&Document {
        title: "Ukraine und USA verhandeln in Dschidda",
        text: "Die Delegationen der Ukraine und der Vereinigten Staaten trafen sich in Saudi-Arabien.",
        categories: &[],
        language: Some("de-DE"),
        home_region: None,
    });
    assert_eq!(c.language.as_deref(), Some("de"));
    assert!(region_score(&c, "UA") >= 0.5, "{:?}", c.regions);

    let c = classify("", "Переговоры России и Украины прошли в Москве и Киеве.");
    assert_eq!(c.language.as_deref(), Some("ru"));
    assert!(region_score(&c, "RU") > 0.3 && region_score(&c, "UA") > 0.3, "{:?}", c.regions);

    let c = classify("美国与乌克兰在沙特阿拉伯举行会谈", "");
    assert!(region_score(&c, "UA") >= 0.5 && region_score(&c, "SA") >= 0.5, "{:?}", c.regions);

    let c = classifier().classify(&Document {
        title: "",
        text: "東京都内で大雨と強風、気象庁が警報を発表した。",
        categories: &[],
        language: None,
        home_region: None,
    });
    assert_eq!(c.language.as_deref(), Some("ja"));
    assert_eq!(c.topics.first().map(|t| &*t.id), Some("medtop:17000000"), "{:?}", c.topics);

    // "mars" is March in French and a verb in English; only "Mars" is the planet.
    let c = classify("", "Le séisme a frappé le 12 mars la région de Valparaíso, sans faire de victimes.");
    assert_eq!(topic_score(&c, "science"), 0.0, "{:?}", c.topics);
    let c = classify("Violence mars election day in the capital", "");
    assert_eq!(topic_score(&c, "science"), 0.0, "{:?}", c.topics);
    // In a Title Case headline the capital tells nothing: "Mars" alone is a hint.
    let c = classify("Violence Mars Election Day In Capital", "");
    assert!(topic_score(&c, "science") < 0.5, "{:?}", c.topics);
    let c = classify("", "La sonde a atterri sur Mars après un voyage de sept mois.");
    assert!(topic_score(&c, "science") >= 0.5, "{:?}", c.topics);
}

#[test]
fn passing_mentions_score_below_half() {
    let text = "The city council approved a new budget for road repairs and parks on Tuesday. \
        The mayor said the plan would cut waiting times at the municipal library. \
        One councillor, who recently returned from a holiday in Portugal, voted against it. \
        The budget now goes to a second reading next month, and residents can comment online.";
    let c = classify("Leeds council approves road budget", text);
    assert!(region_score(&c, "GB") >= 0.5, "{:?}", c.regions);
    let pt = region_score(&c, "PT");
    assert!(pt > 0.0 && pt < 0.5, "PT {pt}: {:?}", c.regions);
    assert!(topic_score(&c, "politics") > 0.0);
}

#[test]
fn title_outweighs_body_and_categories_count() {
    let a = classify("Floods in Pakistan", "Rescue teams worked through the night.");
    let b = classify("Rescue teams worked", "Rescue teams worked through the night in Pakistan.");
    assert!(region_score(&a, "PK") > region_score(&b, "PK"));
    let cats = vec!["Sport".to_owned()];
    let c = classifier().classify(&Document {
        title: "Late drama",
        text: "",
        categories: &cats,
        language: None,
        home_region: None,
    });
    assert_eq!(c.topics.first().map(|t| &*t.id), Some("medtop:15000000"));
}

#[test]
fn a_language_among_the_categories_is_no_country() {
    // BBC Chinese tags every item "chinese_simplified": the edition's
    // language, not China. A country's name among the tags still counts,
    // and so does the demonym where the item names the country too.
    let in_categories = |title: &str, tags: &[&str]| {
        let cats: Vec<String> = tags.iter().map(|t| (*t).to_owned()).collect();
        classifier().classify(&Document { title, text: "", categories: &cats, language: Some("zh"), home_region: None })
    };
    let c = in_categories("美国提名艾伦为北约最高司令官", &["chinese_simplified", "国际新闻"]);
    assert_eq!(region_score(&c, "CN"), 0.0, "{:?}", c.regions);
    assert!(region_score(&c, "US") >= 0.5, "{:?}", c.regions);
    let c = in_categories("北京举行会议", &["Chinese politics"]);
    assert!(region_score(&c, "CN") >= 0.5, "{:?}", c.regions);
    let c = in_categories("会议结束", &["Russia"]);
    assert!(region_score(&c, "RU") >= 0.5, "{:?}", c.regions);
}

#[test]
fn a_word_of_two_languages_is_one_piece_of_evidence() {
    // Portuguese "crime" is also the English term: it counts once, as
    // the Portuguese one, not again as the English one.
    let cats = vec!["Crime".to_owned()];
    let c = classifier().classify(&Document {
        title: "Polícia prende suspeitos de assalto em Lisboa",
        text: "Os dois homens foram detidos pela polícia.",
        categories: &cats,
        language: Some("pt"),
        home_region: None,
    });
    let crime = c.topics.iter().find(|t| t.id == "medtop:02000000").expect("crime is a topic");
    let from_category: Vec<_> = crime.evidence.iter().filter(|e| e.field == "category").collect();
    assert_eq!(from_category.len(), 1, "{:?}", crime.evidence);
    assert_eq!(from_category[0].term, "crime");
    // A stem of another language drops nothing: in German, "Tariffs" is
    // the English term (economy), though French "tarif*" matches it too.
    let c = headline_in("Trump droht mit Tariffs auf Autos aus Europa", "de");
    assert!(topic_score(&c, "economy") > 0.0, "{:?}", c.topics);
}

#[test]
fn theft_kidnapping_piracy_and_crashes_in_several_languages() {
    // Everyday crime and accident words, in headlines written for this
    // test: the topic scores at least as high as any other (a theft of
    // paintings is arts as much as crime).
    let cases = [
        ("en", "Thieves steal paintings from museum", "crime"),
        ("en", "Pirates hijack tanker off Somalia", "crime"),
        ("pt", "Ladrões furtam quadros de museu em São Paulo", "crime"),
        ("de", "Einbrecher stehlen Gemälde aus Museum", "crime"),
        ("it", "Imprenditore rapito e liberato dopo il riscatto", "crime"),
        ("sv", "Tavlor stulna från museum", "crime"),
        ("pt", "Dois helicópteros caem no litoral paulista", "disaster"),
        ("tr", "Kargo uçağı yere çakıldı", "disaster"),
        ("fr", "Un bateau de migrants chavire en Méditerranée", "disaster"),
        ("pl", "Pociąg wykoleił się pod Krakowem", "disaster"),
    ];
    for (lang, title, topic) in cases {
        let c = headline_in(title, lang);
        let top = c.topics.first().map_or(0.0, |t| t.score);
        assert!(topic_score(&c, topic) >= top && top > 0.0, "{title}: {:?}", c.topics);
    }
}

#[test]
fn stems_do_not_catch_words_of_another_meaning() {
    // Each headline has a word that starts like a stem of another topic
    // (éleveurs/élève*, importante/importa*, presidente/preside*,
    // Vereinbarung/verein*, händelse/handel*, Hubschrauber/raub*).
    for (title, lang, wrong) in [
        ("Dans le Gers, les petits éleveurs de canards attendent", "fr", "education"),
        ("É importante ouvir todos os lados", "pt", "economy"),
        ("Il presidente incontra il sindaco", "it", "education"),
        ("Die Vereinbarung wurde am Montag unterzeichnet", "de", "sport"),
        ("Händelsen inträffade på natten", "sv", "economy"),
        ("Der Hubschrauber landete am Morgen", "de", "crime"),
    ] {
        let c = headline_in(title, lang);
        assert_eq!(topic_score(&c, wrong), 0.0, "{title}: {:?}", c.topics);
    }
    // The words the stems are for still count.
    for (title, lang, right) in [
        ("Les élèves reprennent les cours", "fr", "education"),
        ("Importações de soja crescem", "pt", "economy"),
        ("Der Sportverein feiert sein Jubiläum", "de", "sport"),
        ("Bewaffneter Raubüberfall auf eine Bank", "de", "crime"),
    ] {
        let c = headline_in(title, lang);
        assert!(topic_score(&c, right) > 0.0, "{title}: {:?}", c.topics);
    }
}

#[test]
fn a_word_and_its_stem_give_both_their_topics() {
    // German "Hurrikan" is a disaster term as a word and a weather term as
    // the stem "hurrikan*", as English "hurricane" is both. The word used
    // to hide the stem.
    let c = headline_in("Der Hurrikan Wilma verwüstet die Küste", "de");
    assert!(topic_score(&c, "weather") > 0.0 && topic_score(&c, "disaster") > 0.0, "{:?}", c.topics);
    // The stem adds no second piece of evidence for the word's own topic.
    let c = headline_in("Das Erdbeben erschütterte die Stadt", "de");
    let disaster = c.topics.iter().find(|t| t.id == "medtop:03000000").expect("disaster");
    assert_eq!(disaster.evidence.len(), 1, "{:?}", disaster.evidence);
}

/// The lines of a tab-separated test table under `tests/data/` (comments
/// and blank lines skipped), split into fields.
fn table(name: &str) -> Vec<Vec<String>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

#[test]
fn core_news_concepts_in_twelve_languages() {
    // tests/data/topic-concepts.tsv: lang, topic, headline. Each headline
    // names one everyday concept of a desk (death penalty, flood, strike,
    // ceasefire …) as a newspaper of that language writes it; the topic must
    // come first. Headlines the rules still miss are listed, with the
    // reason, in topic-concepts-known-misses.tsv and not asserted.
    let rows = table("topic-concepts.tsv");
    assert!(rows.len() > 300, "{} rows", rows.len());
    let mut misses = Vec::new();
    for row in &rows {
        let [lang, topic, headline] = &row[..] else { panic!("bad row {row:?}") };
        let c = headline_in(headline, lang);
        let want = resolve_topic(topic).unwrap_or_else(|| panic!("unknown topic {topic}")).id;
        if c.topics.first().map(|t| &*t.id) != Some(want) {
            misses.push(format!("{lang} {topic}: {headline} -> {:?}", c.topics.first().map(|t| &t.name)));
        }
    }
    assert!(misses.is_empty(), "{} misses:\n{}", misses.len(), misses.join("\n"));
}

#[test]
fn bengali_and_urdu_news() {
    // tests/data/south-asia.tsv: lang, topic (or -), countries (or -), headline.
    let rows = table("south-asia.tsv");
    assert!(rows.len() >= 20, "{} rows", rows.len());
    for row in rows {
        let [lang, topic, countries, headline] = &row[..] else { panic!("bad row {row:?}") };
        let c = headline_in(headline, lang);
        if topic != "-" {
            let want = resolve_topic(topic).unwrap_or_else(|| panic!("unknown topic {topic}")).id;
            assert_eq!(c.topics.first().map(|t| &*t.id), Some(want), "{headline}: {:?}", c.topics);
        }
        if countries != "-" {
            for code in countries.split(',') {
                assert!(region_score(&c, code.trim()) >= 0.5, "{headline}: {code} {:?}", c.regions);
            }
        }
    }
}

#[test]
fn persian_words_of_another_meaning_in_urdu() {
    // Found on BBC Urdu: کارگر is "effective" in Urdu (a worker in Persian),
    // امداد any aid (relief in Persian), دستگیر a name (arrested in Persian).
    let c = headline_in("امداد بند کرنے کی دھمکی کارگر ثابت نہیں ہوئی: خرم دستگیر", "ur");
    for topic in ["labour", "disaster", "crime"] {
        assert_eq!(topic_score(&c, topic), 0.0, "{topic}: {:?}", c.topics);
    }
    let c = headline_in("کارگران کارخانه دستگیر شدند", "fa");
    assert!(topic_score(&c, "labour") > 0.0 && topic_score(&c, "crime") > 0.0, "{:?}", c.topics);
}

#[test]
fn follow_links_and_promotions_are_not_technology_news() {
    // Video feeds append the channel's links to every item.
    let text = "Floodwaters cut off three villages after a week of rain.\n\n\
                FOLLOW US ON SOCIAL MEDIA\nFacebook: https://www.facebook.com/examplenews/\n\
                Instagram: https://www.instagram.com/examplenews/\nTwitter: https://twitter.com/examplenews/\n\
                Visit our website at https://news.example";
    let c = classify("Villages cut off by floods", text);
    assert_eq!(topic_score(&c, "science"), 0.0, "{:?}", c.topics);
    assert!(topic_score(&c, "disaster") >= 0.5, "{:?}", c.topics);
    // A story about the firm is still one.
    let c =
        classify("Facebook changes its news feed", "Facebook said on Tuesday it would show fewer posts from brands.");
    assert!(topic_score(&c, "science") > 0.0, "{:?}", c.topics);
}

#[test]
fn words_that_real_headlines_use_in_another_sense() {
    // "won't" is "won" + "t" to the tokenizer: no sports win.
    assert_eq!(topic_score(&classify("The new laptop won't be the last of its kind", ""), "sport"), 0.0);
    // Animal attacks are not armed attacks ("killed in" alone is a passing hint).
    let c = classify("Four killed in bear attacks in Japan", "");
    assert_eq!(c.topics[0].id, "medtop:08000000", "{:?}", c.topics);
    assert!(topic_score(&c, "conflict") < 0.5, "{:?}", c.topics);
    // Street violence is crime.
    let c = classify("Knifeman stabs boy at railway station", "");
    assert_eq!(c.topics[0].id, "medtop:02000000", "{:?}", c.topics);
    // Figurative faith is no religion.
    assert_eq!(topic_score(&classify("Voters have lost faith in the institutions", ""), "religion"), 0.0);
}

#[test]
fn strike_phrases_pick_the_right_topic() {
    let war = classify("Air strike hits convoy", "");
    assert_eq!(war.topics[0].id, "medtop:16000000", "{:?}", war.topics);
    let labour = classify("Rail workers go on strike over pay", "");
    assert_eq!(labour.topics[0].id, "medtop:09000000", "{:?}", labour.topics);
}

#[test]
fn a_union_is_a_trade_union_only_alone() {
    assert_eq!(classify("Rail union calls for talks over pay", "").topics[0].id, "medtop:09000000");
    // A state, India's federal government, a bank, a flag: no trade union.
    for title in [
        "Historians revisit the collapse of the Soviet Union",
        "Union Home Minister reviews security in Kashmir",
        "Union Budget raises spending on roads",
        "Credit union opens a branch downtown",
        "Fans wave the Union Jack outside Union Station",
    ] {
        let c = classify(title, "");
        assert_eq!(topic_score(&c, "labour"), 0.0, "{title}: {:?}", c.topics);
    }
}

#[test]
fn verbs_are_not_the_nouns_their_endings_suggest() {
    for (title, wrong) in [
        ("Senator fires back at critics", "disaster"),
        ("Firing of the minister sparks row", "disaster"),
        ("Typhoon barrels towards the coast", "economy"),
        ("Rebels storming the palace", "weather"),
        ("Storm batters the coast", "sport"),
        ("Minister stressed the need for calm", "health"),
        ("Rebels waged a long campaign", "labour"),
        ("Prices rocketed after the report", "science"),
        ("The actor recounted his childhood on a farm", "politics"),
        ("Two killed as car travelling at speed hits wall", "lifestyle"),
        ("Drought plagued farmers this summer", "health"),
        // "A level" is an English exam only with its capital.
        ("Inflation rose to a level not seen since 1990", "education"),
    ] {
        let c = classify(title, "");
        assert_eq!(topic_score(&c, wrong), 0.0, "{title}: {:?}", c.topics);
    }
    // The nouns still count, and in South Asian English "firing" is gunfire.
    assert!(topic_score(&classify("Firefighters battle fires across the state", ""), "disaster") >= 0.5);
    assert!(topic_score(&classify("The worst storm the region has seen in decades", ""), "weather") >= 0.5);
    assert!(topic_score(&classify("Iraq ships 3 million barrels through Ceyhan", ""), "economy") >= 0.5);
    assert_eq!(classify("Police firing kills two in Assam", "").topics[0].id, "medtop:02000000");
    assert_eq!(classify("North Korea fires ballistic missile towards sea", "").topics[0].id, "medtop:16000000");
    assert_eq!(classify("The rebels waged war on the capital", "").topics[0].id, "medtop:16000000");
    assert!(topic_score(&classify("Students celebrate their A level results", ""), "education") >= 0.5);
    assert!(topic_score(&classify("Workers under stress quit in record numbers", ""), "health") > 0.0);
}

#[test]
fn figures_of_speech_are_not_the_events_they_name() {
    for (title, wrong) in [
        ("Minister under fire over hospital waiting lists", "disaster"),
        ("Chancellor faces storm of criticism over budget", "weather"),
        ("Arsenal crashed out of the Champions League", "disaster"),
        ("Bill passes in landslide vote", "disaster"),
        ("Race to succeed the prime minister heats up", "weather"),
        ("President launches charm offensive in Europe", "conflict"),
        ("Company struck a deal with suppliers", "labour"),
        ("Bank faces legal battle over fees", "conflict"),
    ] {
        let c = classify(title, "");
        assert!(topic_score(&c, wrong) < 0.3, "{title}: {:?}", c.topics);
    }
    // Where the idiom names a topic, it counts for that topic.
    assert_eq!(classify("Arsenal crashed out of the Champions League", "").topics[0].id, "medtop:15000000");
    let cancer = classify("Singer opens up about her battle with cancer", "");
    assert!(topic_score(&cancer, "health") >= 0.5, "{:?}", cancer.topics);
    assert_eq!(topic_score(&cancer, "conflict"), 0.0, "{:?}", cancer.topics);
    // "Record low" is a price as often as a temperature: a hint only.
    assert!(topic_score(&classify("Dollar falls to record low", ""), "weather") < 0.5);
    assert!(topic_score(&classify("Record low temperatures grip the north", ""), "weather") >= 0.5);
    // The literal events still count.
    assert!(topic_score(&classify("Road collapsed in a landslide after heavy rain", ""), "disaster") >= 0.5);
    assert!(topic_score(&classify("Storm brings floods to the coast", ""), "weather") >= 0.5);
    assert!(topic_score(&classify("Fire destroys warehouse in the city centre", ""), "disaster") >= 0.5);
    assert!(topic_score(&classify("An explosion of unknown origin rocked a building", ""), "disaster") >= 0.5);
    assert!(topic_score(&classify("Residents weather the storm in shelters", ""), "weather") >= 0.5);
    assert!(topic_score(&classify("Iran is executing protesters", ""), "crime") >= 0.5);
    // A country that crashes out of the EU is in politics, not sport.
    let brexit = classify("Britain risks crashing out of the European Union", "");
    assert_eq!(brexit.topics[0].id, "medtop:11000000");
    assert_eq!(topic_score(&brexit, "sport"), 0.0);
    assert!(topic_score(&classify("Duterte waged war on drugs", ""), "crime") >= 0.5);
}

#[test]
fn headline_verbs_and_attributions() {
    let top = |title: &str| classify(title, "").topics.first().map(|t| t.id.clone()).unwrap_or_default();
    assert_eq!(top("Chiefs beat 49ers in overtime to win Super Bowl"), "medtop:15000000");
    assert_eq!(top("England records wettest 18 months since records began"), "medtop:17000000");
    assert!(topic_score(&classify("Apple sues former engineer over leaked secrets", ""), "crime") >= 0.5);
    assert!(topic_score(&classify("Google lays off hundreds of staff", ""), "labour") >= 0.5);
    // Who said it is not what it is about.
    let gaza = classify("Strike kills 40 in Gaza, health ministry says", "");
    assert_eq!(topic_score(&gaza, "health"), 0.0, "{:?}", gaza.topics);
    assert!(topic_score(&classify("Swiatek storms to victory in Paris", ""), "weather") < 0.3);
    assert!(topic_score(&classify("Payrolls beat forecasts with 272,000 jobs added", ""), "weather") < 0.3);
    // A number that is an emergency line in Italy (118) or Spain (112) is
    // just a number in English.
    let strike = classify("Hollywood actors end 118-day strike", "");
    assert_eq!(topic_score(&strike, "disaster"), 0.0, "{:?}", strike.topics);
}

#[test]
fn tensions_are_between_states_unless_the_phrase_says_otherwise() {
    assert_eq!(classify("Ros Atkins on China-Taiwan tensions", "").topics[0].id, "medtop:11000000");
    assert_eq!(classify("Racial tensions rise in the city", "").topics[0].id, "medtop:14000000");
    assert_eq!(classify("Trade tensions weigh on exporters", "").topics[0].id, "medtop:04000000");
    assert_eq!(classify("Bankipur bypoll: rebirth of a strategist", "").topics[0].id, "medtop:11000000");
}

#[test]
fn peace_efforts_and_prime_ministers_in_headline_english() {
    assert_eq!(classify("US becomes a bystander in Syria peace efforts", "").topics[0].id, "medtop:16000000");
    assert!(classify("Rest in peace, says family of the actor", "").topics.iter().all(|t| t.id != "medtop:16000000"));
    assert_eq!(classify("Nepal PM sacks reconstruction chief", "").topics[0].id, "medtop:11000000");
    assert_eq!(classify("Pakistan hands dossier to UN chief", "").topics[0].id, "medtop:11000000");
    // "PM" only in capitals, and never a time of day or particulate matter.
    for title in [
        "Shops close at 5 PM on Sundays",
        "Page updated 11:47 PM",
        "PM2.5 levels soar in Delhi",
        "PM 10 rises",
        "pm says hi",
    ] {
        let c = classify(title, "");
        assert_eq!(topic_score(&c, "politics"), 0.0, "{title}: {:?}", c.topics);
    }
    assert_eq!(classify("Sister repeats foul play claim", "").topics[0].id, "medtop:02000000");
    // A peace officer is the police; making peace with something is no war.
    assert_eq!(classify("Peace officer shot during traffic stop", "").topics[0].id, "medtop:02000000");
    let c = classify("Singer makes peace with her past", "");
    assert_eq!(topic_score(&c, "conflict"), 0.0, "{:?}", c.topics);
}

#[test]
fn a_killing_is_crime_wherever_it_happens() {
    // IPTC files the killing of one person by another under crime (homicide):
    // "shot and killed" is no disaster, and the offence outweighs its setting.
    let picnic = classify("Gunman shot and killed two people at a church picnic", "");
    assert_eq!(picnic.topics[0].id, "medtop:02000000", "{:?}", picnic.topics);
    assert_eq!(topic_score(&picnic, "disaster"), 0.0, "{:?}", picnic.topics);
    let club = classify("Councillor's son shot to death outside nightclub", "");
    assert_eq!(club.topics[0].id, "medtop:02000000", "{:?}", club.topics);
}

#[test]
fn christmas_is_a_religious_holiday_first() {
    // IPTC files Christmas under religion; the season stays lifestyle too.
    let eve = classify("Carols and midnight services mark Christmas Eve", "");
    assert_eq!(eve.topics[0].id, "medtop:12000000", "{:?}", eve.topics);
    assert!(topic_score(&eve, "lifestyle") > 0.0, "{:?}", eve.topics);
}

#[test]
fn pensions_and_the_minimum_wage_are_labour() {
    // IPTC: labour > retirement > pension, labour > employment > wages.
    let plans = classify("Mayor signs bill on city pension plans", "");
    assert!(topic_score(&plans, "labour") >= 0.5, "{:?}", plans.topics);
    // A hunger strike is a protest, not a labour strike.
    let fast = classify("Prisoner on hunger strike moved to hospital", "");
    assert_eq!(topic_score(&fast, "labour"), 0.0, "{:?}", fast.topics);
}

#[test]
fn figurative_phrases_are_not_their_words() {
    // A price war is business, not armed conflict.
    let fares = classify("Fares fall as price war spreads", "");
    assert_eq!(fares.topics[0].id, "medtop:04000000", "{:?}", fares.topics);
    assert!(topic_score(&fares, "conflict") < 0.5, "{:?}", fares.topics);
    // Opening fire is gunfire, not a blaze: the phrase takes the word.
    let shots = classify("Gunman opened fire outside a shopping centre", "");
    assert_eq!(shots.topics[0].id, "medtop:02000000", "{:?}", shots.topics);
    assert_eq!(topic_score(&shots, "disaster"), 0.0, "{:?}", shots.topics);
    // A holiday named after a topic is a holiday: no union in sight.
    let pump = classify("Pump prices may dip after Labor Day", "Demand eases after the holiday weekend.");
    assert_eq!(topic_score(&pump, "labour"), 0.0, "{:?}", pump.topics);
    // A source named in passing is no subject: "according to state media".
    let visit = classify(
        "Japan says Putin's visit to disputed islands is unacceptable",
        "It was the Russian leader's first visit to the islands, according to state media.",
    );
    assert_eq!(topic_score(&visit, "arts"), 0.0, "{:?}", visit.topics);
    assert!(topic_score(&classify("Press freedom groups condemn arrest of editor", ""), "arts") >= 0.5);
    // Everyday words are not their topic; their phrases take the right one.
    for (title, wrong) in [
        ("A series of explosions hit the capital on a single day", "arts"),
        ("The director general warned of a long flu season", "sport"),
        ("Israeli strikes on Gaza kill dozens", "labour"),
    ] {
        let c = classify(title, "");
        assert_eq!(topic_score(&c, wrong), 0.0, "{title}: {:?}", c.topics);
    }
    assert!(topic_score(&classify("Flu season arrives early", ""), "health") >= 0.5);
    assert!(topic_score(&classify("Israeli strikes on Gaza kill dozens", ""), "conflict") >= 0.5);
}

#[test]
fn scores_are_deterministic_and_in_range() {
    let a =
        classify("Quake hits Japan", "A strong earthquake struck off northern Japan, the meteorological agency said.");
    let b =
        classify("Quake hits Japan", "A strong earthquake struck off northern Japan, the meteorological agency said.");
    assert_eq!(a, b);
    for t in &a.topics {
        assert!((0.0..=1.0).contains(&t.score));
    }
    assert!(a.topics.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(a.regions.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn settings_extend_the_vocabulary() {
    let settings = ClassifierSettings {
        extra_topic_terms: vec![("science".into(), "quantum widget".into(), 2.0)],
        place_aliases: vec![("Ruritania".into(), "AT".into())],
        ..ClassifierSettings::default()
    };
    let c = Classifier::new(&settings).unwrap();
    let r = c.classify(&Document {
        title: "Ruritania unveils quantum widget",
        text: "",
        categories: &[],
        language: None,
        home_region: None,
    });
    assert_eq!(r.topics[0].id, "medtop:13000000");
    assert_eq!(r.regions[0].country, "AT");
    let bad = ClassifierSettings { extra_topic_terms: vec![("nope".into(), "x".into(), 1.0)], ..Default::default() };
    assert!(matches!(Classifier::new(&bad), Err(ClassifyError::UnknownTopic(_))));
}

#[test]
fn taxonomy_lookups() {
    assert_eq!(topics().len(), 17);
    assert_eq!(resolve_topic("WEATHER").unwrap().id, "medtop:17000000");
    assert!(resolve_region("Western Asia").unwrap().contains(&"SA"));
    assert_eq!(country_name("SA"), Some("Saudi Arabia"));
}

#[test]
#[ignore = "slow in a debug build; run with --release -- --ignored --nocapture"]
fn dev_set_evaluation() {
    let Some(path) = shared("eval/dev.jsonl") else { return };
    let text = std::fs::read_to_string(path).unwrap();
    let records = text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str::<EvalRecord>(l).unwrap());
    let report = evaluate(classifier(), records);
    eprintln!("{report}");
    // The issue's targets that hold today; a change that loses one fails here.
    let source = |name: &str| report.sources.iter().find(|s| s.source == name).unwrap();
    assert!(source("bbc-news-2005").topic_top1 >= 0.85, "{report}");
    for t in &report.topics {
        assert!(t.recall_at3 >= 0.60, "{}: recall@3 {:.3}", t.name, t.recall_at3);
    }
    assert!(source("geovirus").countries.f1 >= 0.80, "{report}");
    assert!(source("reuters-21578").countries.f1 >= 0.70, "{report}");
    assert!(source("lgl").countries.f1 >= 0.70, "{report}");
    assert!(source("geovirus").subregions.f1 >= 0.85, "{report}");
    assert!(source("reuters-21578").subregions.f1 >= 0.85, "{report}");
    assert!(source("lgl").subregions.f1 >= 0.85, "{report}");
}

fn doc<'a>(title: &'a str, text: &'a str, home: Option<&'a str>) -> Document<'a> {
    Document { title, text, categories: &[], language: None, home_region: home }
}

#[test]
fn custom_topics_score_from_their_terms() {
    let settings = ClassifierSettings {
        custom_topics: vec![("cyber".into(), "cyber security".into()), ("elections".into(), "elections".into())],
        extra_topic_terms: vec![
            ("cyber".into(), "ransomware".into(), 2.0),
            ("custom:cyber".into(), "data breach".into(), 2.0),
            ("elections".into(), "polling stations".into(), 1.5),
        ],
        ..Default::default()
    };
    let c = Classifier::new(&settings).unwrap();
    let r = c.classify(&doc("Ransomware gang claims hospital data breach", "The ransomware attack hit records.", None));
    let cyber = r.topics.iter().find(|t| t.id == "custom:cyber").expect("custom topic listed");
    assert_eq!(cyber.name, "cyber security");
    assert!(cyber.score >= 0.5, "{:?}", r.topics);
    assert!(cyber.evidence.iter().any(|e| e.term == "ransomware" && e.field == "title"));
    assert!(!r.topics.iter().any(|t| t.id == "custom:elections"), "{:?}", r.topics);
    // The built-in topics score as they do without the custom ones: a
    // strong custom topic does not push health below "about".
    let item = doc("Hackers hit hospital with ransomware", "Hackers encrypted the hospital's systems.", None);
    let builtin = |r: &Classification| -> Vec<(String, f32)> {
        r.topics.iter().filter(|t| t.id.starts_with("medtop:")).map(|t| (t.id.to_string(), t.score)).collect()
    };
    let strong = ClassifierSettings {
        custom_topics: vec![("cyber".into(), "cyber security".into())],
        extra_topic_terms: vec![("cyber".into(), "ransomware".into(), 5.0), ("cyber".into(), "hackers".into(), 5.0)],
        ..Default::default()
    };
    let with_custom = Classifier::new(&strong).unwrap().classify(&item);
    assert_eq!(with_custom.topics.first().map(|t| &*t.id), Some("custom:cyber"), "{:?}", with_custom.topics);
    assert_eq!(builtin(&with_custom), builtin(&classifier().classify(&item)));
    // A custom topic with no matching term is absent; unknown keys are errors.
    let r = c.classify(&doc("Rain expected", "", None));
    assert!(!r.topics.iter().any(|t| t.id.starts_with("custom:")), "{:?}", r.topics);
    let bad = ClassifierSettings { extra_topic_terms: vec![("cyberr".into(), "x".into(), 1.0)], ..settings.clone() };
    assert!(matches!(Classifier::new(&bad), Err(ClassifyError::UnknownTopic(k)) if k == "cyberr"));
    let clash = ClassifierSettings { custom_topics: vec![("sport".into(), "sport".into())], ..Default::default() };
    assert!(matches!(Classifier::new(&clash), Err(ClassifyError::DuplicateTopic(_))));
    // A pasted paragraph is not a term: the matcher keeps phrases of at most 64 words.
    let paragraph = "word ".repeat(65);
    let long =
        ClassifierSettings { extra_topic_terms: vec![("politics".into(), paragraph, 1.0)], ..Default::default() };
    assert!(matches!(Classifier::new(&long), Err(ClassifyError::TermTooLong(_))));
    let sixty_four = ClassifierSettings {
        extra_topic_terms: vec![("politics".into(), "word ".repeat(64), 1.0)],
        ..Default::default()
    };
    assert!(Classifier::new(&sixty_four).is_ok());
}

#[test]
fn extra_terms_accept_medtop_codes_and_reweight() {
    let base = classify("Minister opens new library", "");
    let settings = ClassifierSettings {
        extra_topic_terms: vec![("medtop:01000000".into(), "library".into(), 3.0)],
        ..Default::default()
    };
    let c = Classifier::new(&settings).unwrap();
    let r = c.classify(&doc("Minister opens new library", "", None));
    assert_eq!(r.topics[0].id, "medtop:01000000", "{:?}", r.topics);
    assert!(topic_score(&r, "arts") > topic_score(&base, "arts"));
}

#[test]
fn negative_weights_count_against_a_topic() {
    let title = "Tech giant hit by strike as walkout spreads";
    let text = "Workers at the chip maker's plants went on strike over pay.";
    let base = classify(title, text);
    let settings = ClassifierSettings {
        custom_topics: vec![("cyber".into(), "cyber security".into())],
        extra_topic_terms: vec![
            ("labour".into(), "chip maker".into(), -3.0),
            ("cyber".into(), "tech giant".into(), 1.0),
            ("cyber".into(), "walkout".into(), -2.0),
        ],
        ..Default::default()
    };
    let c = Classifier::new(&settings).unwrap();
    let r = c.classify(&doc(title, text, None));
    assert!(topic_score(&r, "labour") < topic_score(&base, "labour"), "{:?} vs {:?}", r.topics, base.topics);
    // Negative evidence can cancel a topic entirely.
    assert!(!r.topics.iter().any(|t| t.id == "custom:cyber"), "{:?}", r.topics);
}

#[test]
fn place_aliases_count_without_corroboration() {
    let settings = ClassifierSettings {
        place_aliases: vec![("Donbas".into(), "UA".into()), ("Zaporizhzhia Oblast".into(), "ua".into())],
        ..Default::default()
    };
    let c = Classifier::new(&settings).unwrap();
    let r =
        c.classify(&doc("Fighting intensifies in Donbas", "Shelling was reported across Zaporizhzhia Oblast.", None));
    assert_eq!(r.regions.first().map(|r| &*r.country), Some("UA"), "{:?}", r.regions);
    assert!(r.regions[0].score >= 0.5);
    // An alias of a built-in ambiguous name replaces it: "Georgia" is then
    // the country alone, without corroboration.
    let text = "Thousands protested in Georgia on Sunday.";
    assert!(classify("Protests", text).regions.is_empty());
    let settings = ClassifierSettings { place_aliases: vec![("Georgia".into(), "GE".into())], ..Default::default() };
    let r = Classifier::new(&settings).unwrap().classify(&doc("Protests", text, None));
    assert_eq!(r.regions.first().map(|r| (&*r.country, r.score >= 0.5)), Some(("GE", true)), "{:?}", r.regions);
    let bad = ClassifierSettings { place_aliases: vec![("Atlantis".into(), "XX".into())], ..Default::default() };
    assert!(matches!(Classifier::new(&bad), Err(ClassifyError::UnknownCountry(_))));
}

#[test]
fn home_region_is_a_weak_prior() {
    let c = classifier();
    // No place named: the home country is listed, below "about".
    let r = c.classify(&doc("Council approves budget", "The plan passed by six votes.", Some("GB")));
    assert_eq!(r.regions.len(), 1, "{:?}", r.regions);
    assert_eq!(r.regions[0].country, "GB");
    assert!(r.regions[0].score > 0.0 && r.regions[0].score < 0.5);
    assert_eq!(r.regions[0].evidence[0].field, "feed");
    // Without a home region, nothing.
    assert!(c.classify(&doc("Council approves budget", "The plan passed by six votes.", None)).regions.is_empty());
    // An ambiguous name that nothing corroborates resolves to the home country.
    let title = "Storms hit Georgia";
    let text = "Power lines were down across Georgia overnight.";
    assert_eq!(region_score(&c.classify(&doc(title, text, None)), "US"), 0.0);
    assert!(region_score(&c.classify(&doc(title, text, Some("US"))), "US") > 0.0);
    assert_eq!(region_score(&c.classify(&doc(title, text, Some("US"))), "GE"), 0.0);
    let r = c.classify(&doc("Reading fans celebrate promotion", "Supporters filled the town centre.", Some("GB")));
    assert!(region_score(&r, "GB") > 0.0, "{:?}", r.regions);
    // An item about elsewhere is not pushed towards home.
    let title = "Protests in Georgia";
    let text = "Thousands marched in Tbilisi against the Georgian government's bill.";
    let r = c.classify(&doc(title, text, Some("US")));
    assert_eq!(r.regions[0].country, "GE", "{:?}", r.regions);
    assert_eq!(region_score(&r, "US"), 0.0, "{:?}", r.regions);
    let plain = c.classify(&doc("Floods in Pakistan", "Rescue teams worked through the night.", None));
    let homed = c.classify(&doc("Floods in Pakistan", "Rescue teams worked through the night.", Some("GB")));
    assert_eq!(plain.regions, homed.regions);
    // An unknown code is ignored rather than failing the item.
    assert!(c.classify(&doc("Council approves budget", "", Some("ZZ"))).regions.is_empty());
}

#[test]
fn city_followed_by_a_state_belongs_to_that_state() {
    let c = classify("Storm damage in Paris, Texas", "Crews in Paris, Texas cleared debris on Monday.");
    assert!(region_score(&c, "US") >= 0.5, "{:?}", c.regions);
    assert_eq!(region_score(&c, "FR"), 0.0, "{:?}", c.regions);
    let c = classify("Fashion week opens in Paris", "Designers arrived in Paris for the shows.");
    assert!(region_score(&c, "FR") >= 0.5, "{:?}", c.regions);
    // Wire abbreviations, and an ambiguous state name that shares only one
    // country with the city: Athens, Georgia is neither Greece nor the
    // Caucasus.
    for (text, code, not) in [
        ("A festival was held in Athens, Ga., on Monday.", "US", "GR"),
        ("A festival was held in Athens, Georgia, on Monday.", "US", "GE"),
        ("A festival was held in Paris, Tex., on Monday.", "US", "FR"),
        ("A festival was held in London, Ont., on Monday.", "CA", "GB"),
    ] {
        let c = classify("Festival", text);
        assert!(region_score(&c, code) >= 0.5 && region_score(&c, not) == 0.0, "{text}: {:?}", c.regions);
    }
    let c = classify("Talks end", "Talks in Tbilisi, Georgia, ended on Friday.");
    assert!(region_score(&c, "GE") >= 0.5 && region_score(&c, "US") == 0.0, "{:?}", c.regions);
    // An abbreviation is the state only with its dot: without it, it is
    // German "Mich" (me), Italian "Va" (goes), Spanish "Ala" (wing), French
    // "Que" and "Ont", or a name ("Kan", Noah's "Ark").
    for (text, lang) in [
        ("Mich interessiert das nicht sehr.", "de"),
        ("Va bene, disse il ministro ai giornalisti.", "it"),
        ("Ala derecha del partido votó en contra.", "es"),
        ("Que faut-il voir cette semaine au cinéma ?", "fr"),
        ("Ont-ils raison de partir maintenant ?", "fr"),
        ("Kan said the cabinet would resign.", "en"),
        ("Noah's Ark replica opens to visitors.", "en"),
    ] {
        countries_in(text, lang, &[]);
    }
    countries_in("The governor of Calif. signed the bill.", "en", &["US"]);
}

#[test]
fn leaders_stand_for_their_countries() {
    // A head of state or government named in the headline says where the
    // story is, as "the Kremlin" does.
    countries_in("Trump not planning intelligence agency revamp, aide says.", "en", &["US"]);
    countries_in("Putin and Erdogan meet to discuss grain exports.", "en", &["RU", "TR"]);
    countries_in("Ardern says staffer was helping as a friend.", "en", &["NZ"]);
    countries_in("Theresa May to visit Donald Trump in the spring.", "en", &["GB", "US"]);
    countries_in("Erlass unterzeichnet: Trump besiegelt Ausstieg aus TPP", "de", &["US"]);
    // In Bengali, Russian and Ukrainian with their case endings, in Urdu,
    // and in Chinese.
    countries_in("ট্রাইব্যুনালে শেখ হাসিনার অডিও ফোনালাপ জমা", "bn", &["BD"]);
    countries_in("عمران خان کی ضمانت کی درخواست مسترد", "ur", &["PK"]);
    countries_in("国际纵横：北约黑海军演向普京发强硬信号", "zh", &["RU"]);
    countries_in("Песков ответил на вопрос о встрече с Трампом.", "ru", &["RU", "US"]);
    countries_in("Офіс Зеленського прокоментував заяву.", "uk", &["UA"]);
    // A name inside a longer word is not the name: "川普" in "四川普通话".
    let c = classify_in("他说一口四川普通话。", "zh");
    assert_eq!(region_score(&c, "US"), 0.0, "{:?}", c.regions);
    // A passing mention in the later text is not what the item is about.
    let c = classify(
        "Farmers in Kenya brace for drought",
        "Farmers in Kenya are storing grain as the rains fail for a third season. \
         Officials in Nairobi said reserves would last until March. \
         Aid groups asked donors for help. Prices of maize rose sharply in local markets. \
         A trade deal signed under Obama was cited by one exporter.",
    );
    assert!(region_score(&c, "KE") >= 0.5 && region_score(&c, "US") < 0.5, "{:?}", c.regions);
    // Surnames that are other people's or other words need the full name,
    // or the country beside them: "XI" is a team sheet, German "Modi" the
    // plural of "Modus", "May" a month, "Brown" a colour.
    countries_in("Arsenal name unchanged starting XI for the derby.", "en", &[]);
    countries_in("Das Spiel bekommt neue Modi und Klassen.", "de", &[]);
    countries_in("Brown bears wake early in May.", "en", &[]);
    countries_in("Modi meets farmers in Delhi.", "en", &["IN"]);
}

#[test]
fn names_in_the_countrys_own_language_and_regions_named_for_a_city() {
    // A first-level region that holds its capital's name counts alone, as
    // the capital would: matched whole, it once kept the capital from counting.
    countries_in("People visited public places in Metro Manila on Sunday.", "en", &["PH"]);
    // Countries' names in their own languages.
    countries_in("Ang Pilipinas ay nagdiwang ng Araw ng Kalayaan.", "tl", &["PH"]);
    countries_in("भारत ने मैच जीता", "hi", &["IN"]);
    countries_in("अमेरिका के इस शहर में भी भारत का डंका", "hi", &["IN", "US"]);
    countries_in("उत्तर प्रदेश में बारिश से फसलें बर्बाद", "hi", &["IN"]);
    // A native name that folds to an English word is left out: "Ísland" is
    // "island" without its accent.
    countries_in("Island life suits the painter.", "en", &[]);
}

#[test]
fn german_city_adjectives_in_german_text_only() {
    countries_in("Wiener SPÖ: Besetzung der Arbeitsgruppe fix", "de", &["AT"]);
    countries_in("Raubüberfall mit Schüssen in Salzburger Wettlokal", "de", &["AT"]);
    countries_in("Der Hamburger Senat beschließt den Haushalt.", "de", &["DE"]);
    // In English they are sausages and a sandwich.
    countries_in("He ordered a hamburger and a Wiener at the stand.", "en", &[]);
}

#[test]
fn a_currency_named_for_a_country_is_no_mention_of_it() {
    // Stories convert amounts into US dollars wherever they happen.
    countries_in("The UN appealed for US$42 million to help flood victims in Kenya.", "en", &["KE"]);
    countries_in("Tickets cost €10 (US$13) at the door in Lisbon.", "en", &["PT"]);
    // The country's own short form still counts.
    countries_in("The US appealed for calm in Kenya.", "en", &["KE", "US"]);
}

#[test]
fn parties_and_services_of_one_country() {
    countries_in("Former Tory leader wants face-to-face meetings to continue.", "en", &["GB"]);
    countries_in("Babies, survivors and floored NHS staff.", "en", &["GB"]);
    countries_in("GOP worries about repealing the health law without a replacement.", "en", &["US"]);
    countries_in("BJP jabs rival after the by-election.", "en", &["IN"]);
    // Seats of government as their own press names them.
    countries_in("La Moncloa anunció nuevas medidas.", "es", &["ES"]);
    countries_in("Il Quirinale ha firmato il decreto.", "it", &["IT"]);
    countries_in("Sejm przyjął ustawę.", "pl", &["PL"]);
    // Acronyms count only in capitals, and names only capitalised.
    countries_in("The nhs of the matter is unclear.", "en", &[]);
}

#[test]
fn initials_with_dots_are_the_city_only_with_the_dots() {
    countries_in("L.A. City Council members push for heat measures.", "en", &["US"]);
    // The French article of a rubric in capitals is no city.
    countries_in("LA CHRONIQUE D'ÉRIC NEUHOFF – un film à voir", "fr", &[]);
    countries_in("LA LETTRE DU DIMANCHE : les idées de la semaine", "fr", &[]);
}

#[test]
fn the_only_country_named_is_where_the_item_is_set() {
    let text = "The city council approved a new budget for road repairs and parks on Tuesday. \
        The mayor said the plan would cut waiting times at the municipal library. \
        Residents can comment online before the second reading next month, the clerk in Ohio said.";
    let c = classify("Council approves road budget", text);
    assert!(region_score(&c, "US") >= 0.5, "{:?}", c.regions);
}

#[test]
fn german_compounds_and_english_false_friends() {
    let de = |text: &str| classify_in(text, "de");
    // "Verkehrsunfall" ends in the stem "unfall": disaster.
    let c = de("Bei einem schweren Verkehrsunfall auf der Autobahn gab es zwei Verletzte.");
    assert_eq!(c.topics.first().map(|t| &*t.id), Some("medtop:03000000"), "{:?}", c.topics);
    // German "war" (was) is not the English "war".
    let c = de("Es war gestern kurz nach acht Uhr, als die Erde bebte.");
    assert!(topic_score(&c, "conflict") < 0.5, "{:?}", c.topics);
    // English words that are everyday words of the item's language are that
    // word: German "war" is "was", "man" is "one", "Brand" is a fire.
    let c = de("Es war ein kalter Tag, und man sah kaum jemanden auf der Straße.");
    assert_eq!(topic_score(&c, "conflict"), 0.0, "{:?}", c.topics);
    assert_eq!(topic_score(&c, "human-interest"), 0.0, "{:?}", c.topics);
    let c = de("Der Brand in der Lagerhalle war am Morgen gelöscht.");
    assert_eq!(c.topics.first().map(|t| &*t.id), Some("medtop:03000000"), "{:?}", c.topics);
    assert_eq!(topic_score(&c, "economy"), 0.0, "{:?}", c.topics);
    // In English they are still the terms.
    let c = classify("The war in Ukraine enters its fourth year", "");
    assert!(topic_score(&c, "conflict") >= 0.5, "{:?}", c.topics);
    // A stop stem keeps "aufregend" away from "regen*" (rain), and verbs in
    // -tieren are not animals.
    let c = de("Die Debatte war aufregend, die Experten diskutieren und existieren.");
    assert_eq!(topic_score(&c, "weather"), 0.0, "{:?}", c.topics);
    assert_eq!(topic_score(&c, "environment"), 0.0, "{:?}", c.topics);
    // The item's own language decides which stem counts.
    let c = classify_in("Sąd okręgowy skazał oskarżonego na trzy lata więzienia.", "pl");
    assert_eq!(c.topics.first().map(|t| &*t.id), Some("medtop:02000000"), "{:?}", c.topics);
}

#[test]
fn a_city_shared_with_the_us_follows_the_rest_of_the_item() {
    // Alone, "Dublin" is Ireland's capital.
    let c = classify("Dublin council backs new cycle lanes", "The council in Dublin voted for the lanes on Monday.");
    assert!(region_score(&c, "IE") >= 0.5, "{:?}", c.regions);
    assert_eq!(region_score(&c, "US"), 0.0, "{:?}", c.regions);
    // In an item that is otherwise American, it is the town in Ohio.
    let c = classify(
        "Dublin council backs new cycle lanes",
        "The council in Dublin voted for the lanes on Monday, Franklin County officials in Ohio said.",
    );
    assert!(region_score(&c, "US") >= 0.5, "{:?}", c.regions);
    assert!(region_score(&c, "IE") < 0.5, "{:?}", c.regions);
    // Local-government words are enough to make it local US news …
    let c = classify("Suspects identified in fatal crash", "Paris police and County deputies said the driver fled.");
    assert!(region_score(&c, "US") >= 0.5, "{:?}", c.regions);
    assert_eq!(region_score(&c, "FR"), 0.0, "{:?}", c.regions);
    // … but a national mention of the US does not move the French capital.
    let c = classify("Climate talks resume in Paris", "U.S. officials joined the talks in Paris on Monday.");
    assert!(region_score(&c, "FR") >= 0.5, "{:?}", c.regions);
    // A small US place named like a landmark abroad does not make an item
    // local US news.
    let c = classify("Fire at Notre Dame in Paris", "Firefighters battled the blaze at the cathedral.");
    assert!(region_score(&c, "FR") >= 0.5, "{:?}", c.regions);
    assert_eq!(region_score(&c, "US"), 0.0, "{:?}", c.regions);
}

#[test]
fn small_us_places_with_specific_names_count() {
    // A place of a few thousand people named in a local story …
    let c = classify("Tax credits available", "Residents of New Milford can apply for the credits until June.");
    assert!(region_score(&c, "US") >= 0.5, "{:?}", c.regions);
    // A town that also names a team or a company ("Hartford Whalers") is
    // still a town.
    let c = classify("Police find guns in raids", "Officers in Hartford seized three guns in raids on Monday.");
    assert!(region_score(&c, "US") >= 0.5, "{:?}", c.regions);
    // … but only when nothing else is named …
    let c = classify("Tax credits available", "Residents of Grand Ledge can apply for the credits until June.");
    assert!(region_score(&c, "US") >= 0.5, "{:?}", c.regions);
    let c = classify("Rally in Grand Ledge", "Protesters in Kyiv and Grand Ledge marched for Ukraine.");
    assert_eq!(region_score(&c, "US"), 0.0, "{:?}", c.regions);
    // … and a country's name in its own language that is an English word is
    // the word ("Island" is Icelandic for Iceland).
    let c = classify("Island life", "The Island hosts a music festival every summer.");
    assert_eq!(region_score(&c, "IS"), 0.0, "{:?}", c.regions);
}

#[test]
fn a_town_named_like_a_person_after_a_given_name_is_the_person() {
    // Nothing else names a place: a town that needs corroboration only
    // because its name is shared is taken as it stands, but not after a
    // capitalised word, where it is a surname.
    let person = classify("Daughter speaks of her father", "Relatives said Tom Moore had raised millions for charity.");
    assert_eq!(region_score(&person, "US"), 0.0, "{:?}", person.regions);
    let town = classify("Storm damage", "Residents of Moore cleaned up on Tuesday after the tornado.");
    assert!(region_score(&town, "US") >= 0.5, "{:?}", town.regions);
    // A list of towns is no person's name: Moore counts after "Bixby,".
    let list = classify("Storm damage", "Crews worked in Bixby, Moore and Owasso on Tuesday.");
    let us = list.regions.iter().find(|r| r.country == "US").expect("US");
    assert!(us.evidence.iter().any(|e| e.term == "Moore"), "{:?}", us.evidence);
    // "Kennedy" (a district of Bogotá) is a surname first.
    let airport = classify("Plan to rebuild Kennedy Airport", "The governor of New York announced the plan on Monday.");
    assert_eq!(region_score(&airport, "CO"), 0.0, "{:?}", airport.regions);
}

#[test]
fn state_abbreviations_and_given_names_need_corroboration() {
    // "SC" is a supreme court as often as South Carolina.
    let court = classify("Pakistan SC orders police probe", "The Supreme Court of Pakistan ordered an inquiry.");
    assert_eq!(region_score(&court, "US"), 0.0, "{:?}", court.regions);
    let city = classify("Storm hits Charleston, S.C.", "Residents were told to leave.");
    assert!(region_score(&city, "US") >= 0.5, "{:?}", city.regions);
    // Alexandra (a Johannesburg township) and Brent are given names first.
    let royals = classify("Prince Charles proud of William", "Princess Alexandra attended the ceremony in London.");
    assert_eq!(region_score(&royals, "ZA"), 0.0, "{:?}", royals.regions);
    let oil = classify("Oil falls below $80", "Brent crude fell by over $1 a barrel in Asian trading.");
    assert_eq!(region_score(&oil, "GB") + region_score(&oil, "US"), 0.0, "{:?}", oil.regions);
}

#[test]
fn towns_that_are_words_or_names_need_corroboration() {
    // "Superior" and "Centennial" are US towns, and also English words.
    let c = classify("A superior result", "The centennial celebrations drew a superior crowd.");
    assert_eq!(region_score(&c, "US"), 0.0, "{:?}", c.regions);
}

#[test]
fn english_inflections_reach_the_base_term() {
    // The vocabulary lists "crash"; the text says "crashed" and "crashes".
    let c = classify("", "A small airplane crashed yesterday in the hills; two more crashes followed.");
    assert_eq!(c.topics.first().map(|t| &*t.id), Some("medtop:03000000"), "{:?}", c.topics);
    // A shorter base that is a capitalised name ("SPAC") does not hide the
    // word's own base ("spaces" → "space").
    let c = classify("", "The agencies said the spaces near the equator suit rockets.");
    let science = c.topics.iter().find(|t| t.id == "medtop:13000000").expect("science");
    assert!(science.evidence.iter().any(|e| e.term == "space"), "{:?}", c.topics);
    // Only the bases English spelling allows: "rates" and "rated" are not
    // "rat", "wares" is not "war"; "bombed" is English "bomb", not Italian
    // "bombe".
    for (text, wrong) in [
        ("Mortgage rates rose again and the lender was rated lower.", "human-interest"),
        ("Traders sold their wares at the market.", "conflict"),
    ] {
        let c = classify("", text);
        assert_eq!(topic_score(&c, wrong), 0.0, "{text}: {:?}", c.topics);
    }
    assert!(topic_score(&classify("", "Jets bombed the bridge."), "conflict") > 0.0);
    // "star" doubles its "r" before "-ing": "staring" is "stare".
    assert_eq!(topic_score(&classify("", "The crowd was staring at the sky."), "arts"), 0.0);
    // Inflections that are mostly other words are not read as the base.
    for (text, wrong) in [
        ("The mayor was hailed as a hero after the deal was sealed.", "weather"),
        ("The company was founded in 1998 and opened a new office.", "sport"),
    ] {
        let c = classify("", text);
        assert_eq!(topic_score(&c, wrong), 0.0, "{text}: {:?}", c.topics);
    }
}

#[test]
fn capitalised_names_mark_a_topic_only_when_capitalised() {
    let c = classify("Braves beat Mets 4-2", "Atlanta scored twice in the ninth inning.");
    assert_eq!(c.topics.first().map(|t| &*t.id), Some("medtop:15000000"), "{:?}", c.topics);
    // "braves" in lower case is the verb.
    let c = classify("", "The fisherman braves the storm every winter morning.");
    assert!(topic_score(&c, "sport") < 0.3, "{:?}", c.topics);
    // Nor is "oracle" in lower case the software firm.
    let c = classify("Ancient temple visited", "He was consulted like an oracle at the temple.");
    assert_eq!(topic_score(&c, "science"), 0.0, "{:?}", c.topics);
    // In a Title Case headline a capital says nothing: "Heat" is the weather.
    let c = classify("Heat Wave Grips Southern Cities", "");
    assert!(topic_score(&c, "sport") == 0.0, "{:?}", c.topics);
}

#[test]
fn wikinews_style_openings_in_other_languages() {
    let top = |c: &Classification| c.topics.first().map(|t| t.id.to_string());
    let c = classify_in("La police a interpellé deux suspects après le cambriolage d'une bijouterie à Lyon.", "fr");
    assert_eq!(top(&c).as_deref(), Some("medtop:02000000"), "{:?}", c.topics);
    let c =
        classify_in("Powódź zagraża kilku miejscowościom na południu kraju, ogłoszono alarm przeciwpowodziowy.", "pl");
    assert_eq!(top(&c).as_deref(), Some("medtop:03000000"), "{:?}", c.topics);
    let c = classify_in("Os alunos das escolas públicas fazem hoje o exame nacional de matemática.", "pt");
    assert_eq!(top(&c).as_deref(), Some("medtop:05000000"), "{:?}", c.topics);
    let c = classify_in("台風10号は勢力を保ったまま北上し、気象庁は大雨特別警報を発表した。", "ja");
    assert_eq!(top(&c).as_deref(), Some("medtop:17000000"), "{:?}", c.topics);
}

#[test]
fn turkish_phrases_in_their_case_and_tense_forms() {
    // Turkish puts its endings on the phrase's last word, by vowel harmony
    // and with softened consonants ("ekip" → "ekibine"): each of these
    // phrases alone must carry its topic.
    for (text, topic) in [
        ("Kurtarma ekibine ulaşılamadı.", "disaster"),
        ("Su baskınında evler zarar gördü.", "disaster"),
        ("Kazada iki kişi hayatını kaybediyor.", "disaster"),
        ("Fabrikada yüzlerce kişi işten çıkarıldı.", "labour"),
        ("Milli takımda değişiklik yapıldı.", "sport"),
        ("Sınır dışı edilenler geri döndü.", "society"),
    ] {
        let c = classify_in(text, "tr");
        assert!(topic_score(&c, topic) > 0.0, "{text}: {:?}", c.topics);
    }
    // The endings of the other harmony class are not Turkish and not listed.
    let lex = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/topic-intl-eu.tsv")).unwrap();
    for wrong in ["\tsu baskınnın\t", "\tkurtarma ekipü\t", "\traydan çıkyı\t"] {
        assert!(!lex.contains(wrong), "{wrong}");
    }
}

#[test]
fn classifiers_with_different_settings_do_not_share_look_ups() {
    // Each thread caches token look-ups; a classifier built from other
    // settings (as after a config reload) must not see the other's answers.
    let plain = classifier();
    let settings =
        ClassifierSettings { place_aliases: vec![("Zembla".into(), "RU".into())], ..ClassifierSettings::default() };
    let with_alias = Classifier::new(&settings).unwrap();
    let item = Document::new("Talks in Zembla", "Delegates met in Zembla on Monday.");
    for _ in 0..2 {
        assert!(plain.classify(&item).regions.iter().all(|r| r.country != "RU"));
        let c = with_alias.classify(&item);
        assert!(region_score(&c, "RU") >= 0.5, "{:?}", c.regions);
    }
}

#[test]
fn a_town_is_the_best_evidence_when_nothing_else_names_a_country() {
    // "Springfield" needs corroboration (it is several towns and a name),
    // but in an item that names no other place it is the only evidence.
    let c = classify("Springfield school nurses vote to unionize", "The vote passed on Monday, the union said.");
    assert!(region_score(&c, "US") >= 0.5, "{:?}", c.regions);
    // Country names that are also given names still need corroboration.
    let c = classify("Jordan scores 40 as the home side wins", "Jordan was unstoppable in the fourth quarter.");
    assert_eq!(region_score(&c, "JO"), 0.0, "{:?}", c.regions);
}

#[test]
fn cities_named_like_english_words_need_corroboration() {
    // "Man" (Côte d'Ivoire), "Van" (Turkey) and "Mobile" (Alabama) are
    // cities and also ordinary words, capitalised at the start of a headline.
    let c = classify("Man found shot in car dealership", "Van drivers and Mobile users were questioned.");
    for code in ["CI", "TR"] {
        assert_eq!(region_score(&c, code), 0.0, "{code}: {:?}", c.regions);
    }
}

/// Random text in many scripts, with abbreviations, long words and the
/// languages whose stems and compounds take other paths: classifying never
/// panics and every score stays in [0, 1].
#[test]
fn random_text_in_any_script_classifies_without_panic() {
    const PIECES: [&str; 24] = [
        "U.S.",
        "U.é.",
        "U.한.",
        "Kyiv",
        " ",
        ". ",
        "“",
        "—",
        "£",
        "polizei",
        "Verkehrsunfallsermittlungen",
        "والجيش",
        "乌克兰",
        "Україна",
        "é",
        "\u{301}",
        "\u{200C}",
        "1.a.",
        "Paris, Texas",
        "new york",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "İ",
        "ß",
        "\u{FEFF}",
    ];
    const LANGS: [Option<&str>; 5] = [None, Some("de"), Some("ar"), Some("zh"), Some("xx")];
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut pick = |n: u64| -> String {
        let k = next() % n;
        (0..k)
            .map(|_| match next() % 4 {
                0 => char::from_u32((next() % 0x3_0000) as u32).map(String::from).unwrap_or_default(),
                _ => PIECES[(next() % PIECES.len() as u64) as usize].to_owned(),
            })
            .collect()
    };
    for i in 0..300 {
        let (title, text) = (pick(12), pick(200));
        let categories = vec![pick(4)];
        let doc = Document {
            title: &title,
            text: &text,
            categories: &categories,
            language: LANGS[i % LANGS.len()],
            home_region: Some(["GB", "US", "xx", ""][i % 4]),
        };
        let c = classifier().classify(&doc);
        for s in c.topics.iter().map(|t| t.score).chain(c.regions.iter().map(|r| r.score)) {
            assert!((0.0..=1.0).contains(&s), "{s} for {title:?} / {text:?}");
        }
    }
}

#[test]
fn subdivisions_in_their_own_languages_and_from_geonames() {
    let only = |c: &Classification, code: &str| {
        assert!(region_score(c, code) >= 0.5, "{code}: {:?}", c.regions);
        assert!(c.regions.iter().filter(|r| r.score >= 0.5).all(|r| r.country == code), "{code}: {:?}", c.regions);
    };
    // A state, a region or a province named as its own country's press names it.
    only(&classify_in("Hochwasser in Sachsen und Thüringen: Pegel steigen weiter.", "de"), "DE");
    only(&classify_in("Lawinengefahr in Tirol und Vorarlberg bleibt hoch.", "de"), "AT");
    only(&classify_in("Des orages sont attendus en Bretagne et en Normandie ce soir.", "fr"), "FR");
    only(&classify_in("Incendio forestal en Andalucía obliga a desalojar a cientos de vecinos.", "es"), "ES");
    only(&classify_in("Allerta meteo in Toscana e in Emilia-Romagna per le piogge.", "it"), "IT");
    // Names that contain a region's name but are other places.
    only(&classify_in("La tempête a touché la Grande-Bretagne dans la nuit.", "fr"), "GB");
    only(&classify_in("Un incendie en Nouvelle-Écosse a détruit plusieurs maisons.", "fr"), "CA");
    // Well-known subdivisions count alone.
    only(&classify("Floods in Madhya Pradesh", "Rivers burst their banks across the state."), "IN");
    // The rest of GeoNames' subdivisions only with corroboration: their names
    // are also people, churches and phrases.
    let c = classify("Late winner", "The actor Diego Martin starred in the film shot at Christ Church in Oxford.");
    assert!(c.regions.iter().all(|r| r.country != "TT" && r.country != "BB"), "{:?}", c.regions);
    let c = classify("Rescate", "Gracias a Dios nadie resultó herido en el accidente de Sevilla.");
    assert_eq!(region_score(&c, "HN"), 0.0, "{:?}", c.regions);
    let c = classify("Ebola", "Nine people died in the Cuvette-Ouest region of the Republic of the Congo.");
    let congo = c.regions.iter().find(|r| r.country == "CG").expect("Congo");
    assert!(congo.evidence.iter().any(|e| e.term == "Cuvette-Ouest"), "{:?}", congo.evidence);
    // Given names are left out: "Paul" is a county of Cape Verde.
    let c = classify("Waltham's day", "WALTHAM -- Paul Mayberry was dripping as the final whistle blew.");
    assert_eq!(region_score(&c, "CV"), 0.0, "{:?}", c.regions);
    // A subdivision that needs corroboration does not qualify the city
    // before it ("Attard" is a Maltese council and a surname).
    let c = classify("Late winner", "LONDON -- Attard scored twice as the visitors came back.");
    assert_eq!(region_score(&c, "MT"), 0.0, "{:?}", c.regions);
    assert!(region_score(&c, "GB") >= 0.5, "{:?}", c.regions);
    // A state abbreviation in capitals still does ("N.H." alone needs
    // corroboration: "NH" is other things too).
    let c = classify("Shipyard hiring", "PORTSMOUTH, N.H. -- The shipyard will hire 200 welders.");
    assert!(region_score(&c, "US") >= 0.5, "{:?}", c.regions);
    assert_eq!(region_score(&c, "GB"), 0.0, "{:?}", c.regions);
    let c = classify("Polls close in Ninh Binh", "Voting ended in Ninh Binh on Monday.");
    assert_eq!(region_score(&c, "VN"), 0.0, "{:?}", c.regions);
    // Names that are also a fabric, a writer or another country's region
    // need corroboration too.
    let c = classify_in("Der neue Pullover aus Kaschmir ist im Handel.", "de");
    assert_eq!(region_score(&c, "IN"), 0.0, "{:?}", c.regions);
    let c = classify("Aragon's poems", "Louis Aragon wrote the poem in 1944.");
    assert_eq!(region_score(&c, "ES"), 0.0, "{:?}", c.regions);
}

#[test]
fn disaster_verbs_in_any_inflection() {
    // Headlines say what happened with a verb ("explodes", "derails"), not
    // the noun the vocabulary is built around ("explosion").
    for title in [
        "Fuel barge explodes off Staten Island",
        "Freight train derails in Ohio",
        "Two trains collided near the station",
    ] {
        let c = classify(title, "");
        assert_eq!(c.topics.first().map(|t| &*t.id), Some("medtop:03000000"), "{title}: {:?}", c.topics);
    }
    // A figurative use loses to the item's real topic.
    let c = classify("Stocks explode higher on strong earnings", "");
    assert_eq!(c.topics.first().map(|t| &*t.id), Some("medtop:04000000"), "{:?}", c.topics);
}

#[test]
fn model_numbers_and_hyphenated_names_are_not_places() {
    // "DC-9" is an aircraft, not Washington, D.C.; the Douglas of
    // "McDonnell-Douglas" is a company's founder, not the Isle of Man's capital.
    let c = classify("Freighter crash", "A McDonnell-Douglas DC-9 freighter crashed onto a highway in Mexico.");
    assert!(c.regions.iter().filter(|r| r.score >= 0.5).all(|r| r.country == "MX"), "{:?}", c.regions);
    // Still places: a city after a prefix, and DC on its own.
    let c = classify("Key Witness In Trial Of Ex-Dallas Cop Shot To Death", "");
    assert!(region_score(&c, "US") >= 0.5, "{:?}", c.regions);
    let c = classify("March", "Protesters gathered in Washington, DC, on Monday.");
    assert!(region_score(&c, "US") >= 0.5, "{:?}", c.regions);
}

#[test]
fn country_names_in_their_grammatical_cases() {
    for (text, lang, codes) in [
        // German declines the adjectives of a name and adds -s to a genitive.
        ("Wahlen in den Vereinigten Staaten", "de", &["US"][..]),
        ("Streik im Vereinigten Königreich", "de", &["GB"]),
        ("Ölpreis in den Vereinigten Arabischen Emiraten", "de", &["AE"]),
        ("Hochwasser in den Niederlanden", "de", &["NL"]),
        ("Russlands Präsident und Chinas Außenminister", "de", &["CN", "RU"]),
        ("Kiews Truppen melden Geländegewinne", "de", &["UA"]),
        // The longer name wins once it is declined: not the Republic of the Congo.
        ("Kämpfe in der Demokratischen Republik Kongo", "de", &["CD"]),
        // Russian and Ukrainian names of an adjective and a noun.
        ("Переговоры в Саудовской Аравии", "ru", &["SA"]),
        ("Переговоры в Соединённых Штатах", "ru", &["US"]),
        ("Визит в Южную Корею", "ru", &["KR"]),
        ("Переговори в Саудівській Аравії", "uk", &["SA"]),
        // Polish and Czech cases, regular and irregular.
        ("Wybory w Polsce i w Niemczech", "pl", &["DE", "PL"]),
        ("Rozmowy w Stanach Zjednoczonych i w Arabii Saudyjskiej", "pl", &["SA", "US"]),
        ("Atak w Iraku i w Iranie", "pl", &["IQ", "IR"]),
        ("Zamach w Indiach i protesty na Białorusi", "pl", &["BY", "IN"]),
        // "Pekin" is Beijing in Polish, though also a town in Illinois.
        ("Spotkanie w Pekinie w sprawie handlu", "pl", &["CN"]),
        ("Polens Regierung und Großbritanniens Premier", "de", &["GB", "PL"]),
        ("Summit v Londýně a ve Vídni", "cs", &["AT", "GB"]),
        ("Ett flygplan kraschade i Irans huvudstad", "sv", &["IR"]),
        // The most-reported regions in other scripts, in their cases.
        ("Атака на Крым", "ru", &["UA"]),
        ("Взрыв в Газе", "ru", &["PS"]),
        ("حرائق في كاليفورنيا", "ar", &["US"]),
        ("加州发生山火", "zh", &["US"]),
        ("ガザで空爆", "ja", &["PS"]),
        ("Krieg in der Ostukraine", "de", &["UA"]),
        ("Protesty v Rusku a na Ukrajině", "cs", &["RU", "UA"]),
        ("Návštěva ve Spojených státech", "cs", &["US"]),
        // Short forms of other languages' press.
        ("Elezioni negli Stati Uniti", "it", &["US"]),
        ("Elecciones en EE.UU.", "es", &["US"]),
        ("ABD ve Rusya görüştü", "tr", &["RU", "US"]),
        ("米国とウクライナがサウジアラビアで協議", "ja", &["SA", "UA", "US"]),
        ("俄罗斯攻击基辅，沙特表示关切", "zh", &["RU", "SA", "UA"]),
        // Arabic joins "and", "in" and "for" to the name, and names the
        // country by its adjective ("the Russian president").
        ("محادثات في السعودية بين الولايات المتحدة وأوكرانيا", "ar", &["SA", "UA", "US"]),
        ("وصل الرئيس الروسي إلى القاهرة", "ar", &["EG", "RU"]),
        // Korean joins its particles to the name.
        ("미국과 우크라이나, 사우디아라비아에서 회담", "ko", &["SA", "UA", "US"]),
    ] {
        countries_in(text, lang, codes);
    }
    // A derived form is read only in text of its own language, where it
    // needs its capital; elsewhere its spelling is something else. Spanish
    // "chinas" are Chinese women and "limas" files, Czech "Číně" folds to
    // "cine", Polish "Tongę" to the surname Tonge, "RPA" is also robotic
    // process automation; and a form that is a word of its own language
    // once folded ("Danię", Denmark, is then "danie", a dish) is left out.
    for (title, lang, code) in [
        ("Mujeres chinas liberadas en las islas Andamán.", Some("es"), "CN"),
        ("Limas y limones para la receta", Some("es"), "PE"),
        ("Festival de Cine de San Sebastián abre sus puertas", Some("es"), "CN"),
        ("Professor Tonge: Brexit deal fragile", None, "TO"),
        ("UiPath shares jump as RPA demand grows", None, "ZA"),
        ("Danie dnia: przepis na zupę pomidorową", Some("pl"), "DK"),
    ] {
        let c =
            classifier().classify(&Document { title, text: "", categories: &[], language: lang, home_region: None });
        assert_eq!(region_score(&c, code), 0.0, "{title}: {:?}", c.regions);
    }
    // Only the capitals whose Arabic names are no words take the joined
    // forms: "وسيول" is "and torrents", not "and Seoul".
    let c = classify_in("فاضت الأنهار وسيول جرفت البلدات", "ar");
    assert_eq!(region_score(&c, "KR"), 0.0, "{:?}", c.regions);
}

#[test]
fn capitals_in_other_languages_and_names_that_fold_together() {
    // Capitals as other languages write them, and Jeddah, where the
    // reference article is set.
    countries_in("Sommet à Pékin et à Varsovie", "fr", &["CN", "PL"]);
    countries_in("Vertice a Pechino e a Varsavia", "it", &["CN", "PL"]);
    countries_in("Gespräche in Dschidda", "de", &["SA"]);
    countries_in("Colloqui a Gedda", "it", &["SA"]);
    countries_in("Pourparlers à Djeddah", "fr", &["SA"]);
    // "Reunión", "riunione", "réunion" and "reunião" are a meeting, not the
    // island of Réunion, which needs corroboration or its full name.
    countries_in("Reunión en Madrid sobre el presupuesto", "es", &["ES"]);
    countries_in("Riunione a Roma sul bilancio", "it", &["IT"]);
    countries_in("Reunião em Lisboa sobre o orçamento", "pt", &["PT"]);
    countries_in("Le cyclone frappe l'île de la Réunion", "fr", &["RE"]);
    // Names that are one name once accents are folded: a country's name
    // wins over a town's (Catalan and Portuguese "França" is not Franca,
    // Brazil), a capital over a town (French "Pékin" is not Pekin,
    // Illinois), and no city's alternate name takes another city's own
    // name ("Cancun" is not Changchun).
    countries_in("Inundacions al sud de França", "ca", &["FR"]);
    // Parts of continents and seas are no country, and the name inside them
    // does not count: "South America" is not the US, the "Persian Gulf" not
    // Iran. "American" alone is the US (mledoze also lists it for the
    // Northern Mariana Islands).
    for title in
        ["Floods hit South America", "Latin American leaders meet in Lima", "Tanker seized in the Persian Gulf"]
    {
        let c = classify(title, "");
        assert!(region_score(&c, "US") == 0.0 && region_score(&c, "IR") == 0.0, "{title}: {:?}", c.regions);
    }
    // Plurals that are words count only capitalised, and Georgians may be
    // from the US state.
    for (title, code) in
        [("Workers replace telephone poles after the storm", "PL"), ("Georgians head to the polls", "GE")]
    {
        let c = classify(title, "");
        assert!(region_score(&c, code) < 0.5, "{title}: {:?}", c.regions);
    }
    countries_in("Elecciones en América Latina y en Estados Unidos", "es", &["US"]);
    countries_in("Ein Zyklon im Indischen Ozean", "de", &[]);
    countries_in("إعصار بالمحيط الهندي", "ar", &[]);
    // Nor do demonyms that mledoze also gives to territories: "French" is
    // France (not the French Southern Territories), "Dutch" the Netherlands.
    for (title, code) in [
        ("American troops were deployed to the region", "US"),
        ("French troops were deployed to the region", "FR"),
        ("Dutch court orders a cut in emissions", "NL"),
        // A country named like a city elsewhere (Armenia, Colombia).
        ("Armenia and Azerbaijan sign a peace deal", "AM"),
        // A capital shares its name with a smaller city abroad (Colombo, Brazil).
        ("Talks held in Colombo on Monday", "LK"),
        // Jamaica is the country; New York's Jamaica Bay is a place of its own.
        ("IMF approves loan for Jamaica", "JM"),
        ("Scientists baffled by loss of marsh from Jamaica Bay", "US"),
        // A big city whose name is also a rare English word.
        ("Protests in Shanghai turn violent", "CN"),
        // Demonyms in the plural, which the sources leave out.
        ("Many Mauritanians are leaving the desert", "MR"),
        ("Pakistanis vote in a general election", "PK"),
        ("Colombians mourn the singer", "CO"),
        ("Norwegians vote in a general election", "NO"),
        ("Poles and Swedes join the protest", "PL"),
        ("Poles and Swedes join the protest", "SE"),
    ] {
        let c = classify(title, "");
        assert!(region_score(&c, code) >= 0.5, "{title}: {:?}", c.regions);
    }
    // St. Petersburg is Russia's unless the item is local US news.
    let c = classify("Protests in St. Petersburg as Kremlin tightens grip", "");
    assert!(region_score(&c, "RU") >= 0.5 && region_score(&c, "US") == 0.0, "{:?}", c.regions);
    let c = classify("St. Petersburg City Council approves budget for Pinellas County", "");
    assert!(region_score(&c, "US") >= 0.5 && region_score(&c, "RU") == 0.0, "{:?}", c.regions);
    // A place's name in lower case is a word: Spanish "americana" is not
    // Americana, Brazil.
    let c = classify_in("La economía americana crece más de lo previsto", "es");
    assert_eq!(region_score(&c, "BR"), 0.0, "{:?}", c.regions);
    // A field with no case to go by is read as written, even with an
    // acronym in capitals in it.
    for (title, code) in [
        ("floods hit france and germany", "FR"),
        ("hijacked plane lands in ethiopia; FBI says no injuries", "ET"),
        ("floods in pakistan kill dozens, UN says", "PK"),
        // Names after an Arabic article written in lower case, and the Hague.
        ("Clashes were reported in el-Fasher", "SD"),
        ("Ruling by the International Court of Justice in the Hague", "NL"),
    ] {
        let c = classify(title, "");
        assert!(region_score(&c, code) >= 0.5, "{title}: {:?}", c.regions);
    }
    // Not phrases that are names only with their capitals.
    let c = classify("Office makeover from the bottom up", "");
    assert_eq!(region_score(&c, "BQ"), 0.0, "{:?}", c.regions);
    // French demonyms spelled like another language's country names
    // ("syrien" is Syria in German) are lower case in French.
    let c = classify_in("Le président syrien a rencontré le gouvernement italien", "fr");
    assert!(region_score(&c, "SY") >= 0.5 && region_score(&c, "IT") >= 0.5, "{:?}", c.regions);
    let c = classify("Hurricane Wilma batters Cancun", "The storm hit the resort city on Friday.");
    assert!(region_score(&c, "MX") >= 0.5 && region_score(&c, "CN") == 0.0, "{:?}", c.regions);
}

#[test]
fn words_inside_place_names_are_not_read_by_their_stems() {
    // "Vereinigten" is not "Verein" (a sports club), "Recife" the city is
    // not "recife" (a reef), "Kahramanmaraş" is not "kahraman" (a hero).
    let c = classify_in("Wahlen in den Vereinigten Staaten: die Demokraten liegen vorn.", "de");
    assert_eq!(topic_score(&c, "sport"), 0.0, "{:?}", c.topics);
    let c = classify_in("Chuvas fortes deixam mortos em Recife e desalojados na região.", "pt");
    assert_eq!(topic_score(&c, "environment"), 0.0, "{:?}", c.topics);
    // Outside a place name the stem still counts.
    let c = classify_in("Der Verein hat einen neuen Trainer für die Bundesliga verpflichtet.", "de");
    assert!(topic_score(&c, "sport") >= 0.5, "{:?}", c.topics);
}
