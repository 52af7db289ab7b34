//! The language of the report being analysed, for the rules whose lexicon
//! depends on it (verbs of saying, month names in datelines and dates,
//! function words for boilerplate and quote matching, the stemmer of quote
//! matching).
//!
//! The language is told once per report ([`crate::analysis::metadata::language`],
//! `whatlang` on the body) and set for the analysis of that report with
//! [`with`]; the word lists ask [`current`]. English and Russian are always
//! read (the built-in lists, which the development sets measure); a report in
//! German, French or Spanish adds that language's own. Scoped to the thread
//! and restored when `with` returns or unwinds, so a report's language never
//! leaks into the next one analysed on the same thread.

use std::cell::Cell;
use std::collections::HashSet;
use std::sync::LazyLock;

pub use whatlang::Lang;

use super::{data_lines, fold};

thread_local! {
    static CURRENT: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// The language set for the report being analysed on this thread.
pub fn current() -> Option<Lang> {
    CURRENT.with(Cell::get)
}

/// Run `f` with `lang` as the current report's language.
pub fn with<T>(lang: Option<Lang>, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.replace(lang)));
    f()
}

/// The function words of one language beyond English and Russian: a word
/// list whose entries written `>word` are also clause breaks (conjunctions
/// and relative words, which start a new clause when quotations are
/// compared), `=word` definite articles, and `@he word` / `@she word`
/// third-person pronouns that can stand for a speaker.
pub struct FunctionWords {
    words: HashSet<String>,
    clause_breaks: HashSet<String>,
    articles: HashSet<String>,
    /// pronoun -> whether it stands for a man
    pronouns: std::collections::HashMap<String, bool>,
}

impl FunctionWords {
    fn of(list: &str) -> FunctionWords {
        let mut f = FunctionWords {
            words: HashSet::new(),
            clause_breaks: HashSet::new(),
            articles: HashSet::new(),
            pronouns: std::collections::HashMap::new(),
        };
        for line in data_lines(list) {
            let w = if let Some(w) = line.strip_prefix('>') {
                let w = fold(w.trim());
                f.clause_breaks.insert(w.clone());
                w
            } else if let Some(w) = line.strip_prefix('=') {
                let w = fold(w.trim());
                f.articles.insert(w.clone());
                w
            } else if let Some((sex, w)) = line.strip_prefix('@').and_then(|l| l.split_once(' ')) {
                let w = fold(w.trim());
                f.pronouns.insert(w.clone(), sex == "he");
                w
            } else {
                fold(line)
            };
            f.words.insert(w);
        }
        f
    }

    /// Whether the folded word is a definite article (an elided one with its
    /// apostrophe too: `l'`).
    pub fn is_article(&self, folded: &str) -> bool {
        self.articles.contains(folded.trim_end_matches(['\'', '’']))
    }

    /// Whether the folded word is a third-person pronoun that can stand for
    /// a speaker, and if so whether for a man.
    pub fn pronoun_is_male(&self, folded: &str) -> Option<bool> {
        self.pronouns.get(folded).copied()
    }

    /// Whether the folded word ([`fold`]) is a function word.
    pub fn contains(&self, folded: &str) -> bool {
        self.words.contains(folded)
    }

    /// Whether the folded word starts a new clause.
    pub fn breaks_clause(&self, folded: &str) -> bool {
        self.clause_breaks.contains(folded)
    }

    /// Every word of the list (for tests of the lists' shape).
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }
}

static GERMAN: LazyLock<FunctionWords> =
    LazyLock::new(|| FunctionWords::of(include_str!("../lexicon/stopwords_de.txt")));
static FRENCH: LazyLock<FunctionWords> =
    LazyLock::new(|| FunctionWords::of(include_str!("../lexicon/stopwords_fr.txt")));
static SPANISH: LazyLock<FunctionWords> =
    LazyLock::new(|| FunctionWords::of(include_str!("../lexicon/stopwords_es.txt")));

/// The function words of the current report's own language, when newsdesk
/// has a list for it besides the English and Russian ones read always.
pub fn own_function_words() -> Option<&'static FunctionWords> {
    function_words(current()?)
}

/// The function words of `lang`, when newsdesk has a list for it besides the
/// English and Russian ones.
pub fn function_words(lang: Lang) -> Option<&'static FunctionWords> {
    match lang {
        Lang::Deu => Some(&GERMAN),
        Lang::Fra => Some(&FRENCH),
        Lang::Spa => Some(&SPANISH),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_scoped_and_restored_on_unwind() {
        assert_eq!(current(), None);
        with(Some(Lang::Fra), || {
            assert_eq!(current(), Some(Lang::Fra));
            with(Some(Lang::Deu), || assert_eq!(current(), Some(Lang::Deu)));
            assert_eq!(current(), Some(Lang::Fra));
        });
        let r = std::panic::catch_unwind(|| with(Some(Lang::Spa), || panic!("boom")));
        assert!(r.is_err());
        assert_eq!(current(), None);
    }

    #[test]
    fn own_function_words_follow_the_language() {
        assert!(own_function_words().is_none());
        with(Some(Lang::Fra), || {
            let w = own_function_words().expect("a French list");
            assert!(w.contains("les") && w.contains("à") && w.contains("qu"));
            assert!(w.breaks_clause("que") && !w.breaks_clause("les"));
            assert!(!w.contains("accord"));
        });
        with(Some(Lang::Deu), || {
            let w = own_function_words().expect("a German list");
            assert!(w.contains("über") && w.breaks_clause("dass"));
            // articles and pronouns are marked in the list, and still
            // function words
            assert!(w.is_article("der") && w.contains("der") && !w.is_article("über"));
            assert_eq!(w.pronoun_is_male("er"), Some(true));
            assert_eq!(w.pronoun_is_male("sie"), Some(false));
            assert_eq!(w.pronoun_is_male("der"), None);
            assert!(w.contains("er") && w.words().all(|x| !x.starts_with(['=', '@', '>'])));
        });
        with(Some(Lang::Fra), || {
            let w = own_function_words().expect("a French list");
            assert!(w.is_article("l'") && w.is_article("la") && !w.is_article("des"));
            assert_eq!(w.pronoun_is_male("elle"), Some(false));
        });
        with(Some(Lang::Spa), || {
            assert!(own_function_words()
                .expect("a Spanish list")
                .contains("según"));
        });
        with(Some(Lang::Eng), || assert!(own_function_words().is_none()));
    }
}

#[cfg(test)]
mod reports {
    use crate::analysis::LocalFacts;

    /// The speaker's name of each quote of a report, in order.
    fn speakers(text: &str) -> Vec<Option<String>> {
        LocalFacts::compute(text)
            .quotes
            .iter()
            .map(|q| q.speaker.as_ref().map(|s| s.name.clone()))
            .collect()
    }

    /// A report in German, French or Spanish: its dateline (the month in its
    /// own language) and a quote's speaker by its own verb of saying.
    #[test]
    fn reports_in_other_languages_read_their_own_months_and_verbs() {
        let fr = "Lavrov appelle à résoudre les questions de sécurité\n\nMOSCOU, 14 janvier - RIA Novosti. La Russie défend un équilibre des intérêts dans le règlement des questions de sécurité, a déclaré vendredi le ministre des Affaires étrangères Sergueï Lavrov lors d'une conférence de presse à Moscou.\n\n« Nous n'accepterons pas que nos propositions soient ignorées », a déclaré Sergueï Lavrov.\n";
        let f = LocalFacts::compute(fr);
        assert_eq!(f.meta.language, Some(whatlang::Lang::Fra));
        let d = f.dateline.as_ref().expect("a French dateline");
        assert_eq!(d.place.as_deref(), Some("MOSCOU"));
        assert_eq!(d.date.as_ref().map(|d| (d.month, d.day)), Some((1, 14)));
        assert_eq!(
            f.quotes[0].speaker.as_ref().map(|s| s.name.as_str()),
            Some("Sergueï Lavrov")
        );

        let es = "Lavrov pide resolver las cuestiones de seguridad\n\nMOSCÚ, 14 de enero - RIA Novosti. Rusia defiende un equilibrio de intereses en la solución de las cuestiones de seguridad y espera respuestas por escrito de Washington.\n\n\"No aceptaremos que nuestras propuestas sean ignoradas\", dijo Lavrov en una rueda de prensa en Moscú.\n";
        let f = LocalFacts::compute(es);
        assert_eq!(f.meta.language, Some(whatlang::Lang::Spa));
        let d = f.dateline.as_ref().expect("a Spanish dateline");
        assert_eq!(d.date.as_ref().map(|d| (d.month, d.day)), Some((1, 14)));
        assert_eq!(
            f.quotes[0].speaker.as_ref().map(|s| s.name.as_str()),
            Some("Lavrov")
        );

        let de = "Lawrow fordert Lösung der Sicherheitsfragen\n\nMOSKAU, 14. Januar - Russland tritt bei der Lösung von Sicherheitsfragen für ein Gleichgewicht der Interessen ein und erwartet schriftliche Antworten aus Washington.\n\n„Wir werden nicht hinnehmen, dass unsere Vorschläge ignoriert werden“, sagte Lawrow.\n";
        let f = LocalFacts::compute(de);
        assert_eq!(f.meta.language, Some(whatlang::Lang::Deu));
        assert!(f.dateline.is_some());
        assert_eq!(
            f.quotes[0].speaker.as_ref().map(|s| s.name.as_str()),
            Some("Lawrow")
        );
        // a German article opening a sentence opens no name
        let de = "Lawrow: keine Einigung in Wien\n\nMOSKAU, 14. Januar - Das Treffen der OSZE in Wien am Donnerstag habe keine Einigung gebracht, sagte Außenminister Sergej Lawrow am Freitag vor Journalisten in Moskau. Die Regierung in Berlin und Bundeskanzler Olaf Scholz riefen zu Gesprächen auf, teilte ein Sprecher mit.\n";
        let f = LocalFacts::compute(de);
        let names: Vec<&str> = f.mentions.iter().map(|m| m.text.as_str()).collect();
        // a title of the language and a given name in its spelling
        for name in ["Sergej Lawrow", "Olaf Scholz", "Wien"] {
            assert!(names.contains(&name), "{name}: {names:?}");
        }
        assert!(!names.iter().any(|n| n.contains("Treffen")), "{names:?}");
        // pronouns, role nouns, articles and weekdays of the report's language
        let de = "Lawrow: keine Einigung\n\nMOSKAU, 14. Januar - Russland erwartet schriftliche Antworten aus Washington auf seine Vorschläge zu Sicherheitsgarantien in Europa.\n\n„Wir werden nicht zulassen, dass unsere Vorschläge ignoriert werden“, sagte Außenminister Lawrow am Freitag.\n\nDie Sprecherin Maria Sacharowa sprach von einer Frage der Zeit. „Die Geduld ist nicht unbegrenzt“, sagte die Sprecherin.\n";
        let lawrow = Some("Lawrow".to_string());
        assert_eq!(
            speakers(de),
            [lawrow.clone(), Some("Maria Sacharowa".into())]
        );
        let fr = "Lavrov attend des réponses écrites\n\nMOSCOU, 14 janvier - RIA Novosti. La Russie attend des réponses écrites des États-Unis à ses propositions sur les garanties de sécurité, a déclaré vendredi le ministre des Affaires étrangères Sergueï Lavrov.\n\nLe ministre a rappelé que les discussions de Genève avaient montré que l'Occident refusait de répondre aux demandes principales de Moscou.\n\n« Notre patience a des limites », a-t-il ajouté.\n\nSelon la porte-parole Maria Zakharova, la Russie publiera ses propositions. « Nous n'avons rien à cacher », a souligné la porte-parole.\n";
        assert_eq!(
            speakers(fr),
            [
                Some("Sergueï Lavrov".into()),
                Some("Maria Zakharova".into())
            ]
        );
        // an elided article is a word of its own: `a déclaré l'ambassadeur`
        let fr = "Lambert attend une réponse\n\nMOSCOU, 14 janvier - RIA Novosti. L'ambassadeur Pierre Lambert a rencontré vendredi des représentants du ministère russe des Affaires étrangères pour discuter des garanties de sécurité.\n\n« Nous attendons une réponse écrite dans les prochains jours », a déclaré l'ambassadeur.\n";
        assert_eq!(speakers(fr), [Some("Pierre Lambert".into())]);
        // `er` in an English report is no pronoun
        let en = "Talks end\n\nGENEVA, January 10 - The talks ended without a deal, Sergei Ryabkov told reporters after the meeting with the US delegation.\n\n\"We will see, er, what comes next,\" er said.\n";
        assert_eq!(speakers(en), [None]);
        // the same words in an English report are no month and no verb
        let en = LocalFacts::compute("Mars mission\n\nHOUSTON, January 14 - The rover sent new pictures of Mars on Friday, the space agency said in a statement to reporters.\n");
        assert_eq!(en.meta.language, Some(whatlang::Lang::Eng));
        assert_eq!(crate::analysis::text::dates::month_number("Mars"), None);
    }

    #[test]
    fn names_of_german_and_french_reports_keep_their_particles_articles_and_exonyms() {
        use crate::analysis::actors::MentionKind::{Organization, Person, Place};
        let names = |text: &str| -> Vec<(String, crate::analysis::actors::MentionKind)> {
            let f = LocalFacts::compute(text);
            f.mentions
                .iter()
                .map(|m| (m.text.clone(), m.kind))
                .collect()
        };
        let assert_found =
            |found: &[(String, crate::analysis::actors::MentionKind)],
             want: &[(&str, crate::analysis::actors::MentionKind)]| {
                for (name, kind) in want {
                    assert!(
                        found.iter().any(|(t, k)| t == name && k == kind),
                        "{name} {kind:?}: {found:?}"
                    );
                }
            };
        let de = "EU-Kommission legt neues Paket vor\n\nBRÜSSEL, 14. Januar - RIA Novosti. Die Präsidentin der Europäischen Kommission, Ursula von der Leyen, hat am Mittwoch ein neues Sanktionspaket vorgestellt. Der französische Finanzminister Bruno Le Maire begrüßte den Vorschlag, wie Der Spiegel berichtete. Die Gespräche in Moskau gehen weiter, schrieb die spanische Zeitung El País.\n\n„Wir werden nicht zögern“, sagte von der Leyen vor Journalisten.\n";
        let found = names(de);
        assert_found(
            &found,
            &[
                ("Ursula von der Leyen", Person),
                ("Bruno Le Maire", Person),
                ("Der Spiegel", Organization),
                ("El País", Organization),
                ("Europäischen Kommission", Organization),
                ("Moskau", Place),
                ("BRÜSSEL", Place),
            ],
        );
        // a title stays with its name
        let f = LocalFacts::compute("Scholz in Moskau\n\nMOSKAU, 14. Januar - RIA Novosti. Bundeskanzler Olaf Scholz ist am Dienstag zu Gesprächen mit Präsident Wladimir Putin in Moskau eingetroffen.\n");
        let scholz = f.mentions.iter().find(|m| m.text == "Olaf Scholz");
        assert_eq!(
            scholz.and_then(|m| m.role.as_deref()),
            Some("Bundeskanzler"),
            "{:?}",
            f.mentions
        );
        // a head word before a place is one name with it
        let f = LocalFacts::compute("Studium in Wien\n\nWIEN, 14. Januar - RIA Novosti. Die Universität Wien hat am Dienstag neue Studiengänge vorgestellt, teilte die Hochschule mit.\n");
        assert!(
            f.mentions
                .iter()
                .any(|m| m.text == "Universität Wien" && m.kind == Organization),
            "{:?}",
            f.mentions
        );
        // capitalised nouns are no names; an article is no particle
        for noun in [
            "Journalisten",
            "Sanktionspaket",
            "Mittwoch",
            "der Europäischen",
        ] {
            assert!(
                !found.iter().any(|(t, _)| t.contains(noun)),
                "{noun}: {found:?}"
            );
        }
        let f = LocalFacts::compute(de);
        assert_eq!(
            f.quotes[0].speaker.as_ref().map(|s| s.name.as_str()),
            Some("Ursula von der Leyen")
        );
        let fr = "La Commission présente un nouveau paquet\n\nBRUXELLES, 14 janvier - RIA Novosti. La présidente de la Commission européenne, Ursula von der Leyen, a présenté mercredi un nouveau paquet de sanctions. Le ministre français de l'Economie Bruno Le Maire a salué la proposition, selon le journal Le Monde. M. Le Drian a déclaré que la France soutenait le texte, a rapporté El País.\n";
        let found = names(fr);
        assert_found(
            &found,
            &[
                ("Ursula von der Leyen", Person),
                ("Bruno Le Maire", Person),
                ("Le Monde", Organization),
                ("El País", Organization),
                ("BRUXELLES", Place),
            ],
        );
        // the French article is not Los Angeles
        assert!(!found.iter().any(|(t, _)| t == "La"), "{found:?}");
        // nor is it part of a country's name at a sentence's start ("La
        // France" was an organisation, or a person), and a name of the
        // gazetteer goes on across its lower-case word
        let fr = "Le président en visite à Abidjan\n\nPARIS, 14 janvier - AFP. Le président de la République est arrivé lundi à Abidjan pour une visite de deux jours consacrée à la sécurité régionale.\n\nLa France a salué la visite comme un signe de confiance. La Russie a dénoncé une ingérence. La Côte d'Ivoire a remercié les autorités françaises, avant un voyage en Arabie saoudite.\n\nL'Ukraine attend de nouvelles livraisons, selon L'Express. Massimo D'Alema a critiqué la décision.\n";
        let found = names(fr);
        assert_found(
            &found,
            &[
                ("France", Place),
                ("Russie", Place),
                ("Côte d'Ivoire", Place),
                ("Arabie saoudite", Place),
                // an elided article opening a sentence is cut off a name
                // the lists know, not off one they know whole or a surname
                ("Ukraine", Place),
                ("L'Express", Organization),
                ("Massimo D'Alema", Person),
            ],
        );
        // Spanish: "al" and "del" before no name end the speaker after the
        // verb; a particle after a given name and a surname does not take an
        // organisation into the person; the head word comes first; a
        // minister's portfolio is no person
        let es = "Lavrov espera respuestas por escrito\n\nMOSCÚ, 14 de enero - RIA Novosti. Rusia espera respuestas por escrito de Estados Unidos a sus propuestas sobre garantías de seguridad, dijo el viernes el ministro de Asuntos Exteriores, Serguéi Lavrov.\n\n«No vamos a permitir que nuestras propuestas sean ignoradas», dijo Pedro Sánchez al diario El País.\n\n«La paciencia tiene límites», declaró Josep Borrell del Servicio Europeo de Acción Exterior en Bruselas.\n";
        assert_eq!(
            speakers(es),
            [Some("Pedro Sánchez".into()), Some("Josep Borrell".into())]
        );
        let found = names(es);
        assert_found(
            &found,
            &[
                ("Josep Borrell", Person),
                ("Servicio Europeo de Acción Exterior", Organization),
                ("El País", Organization),
            ],
        );
        assert!(
            !found.iter().any(|(t, _)| t.contains("Asuntos")),
            "{found:?}"
        );
        // an article is no preposition: the speaker goes on past it; the
        // person after a portfolio is named; an English head word opens
        // no French or Spanish organisation
        let es = "Díaz pide calma\n\nMADRID, 14 de enero - EFE. El Gobierno de España pidió el viernes calma a los mercados tras la caída de la bolsa y anunció nuevas medidas para los próximos días.\n\n«No hay motivo de alarma», dijo la vicepresidenta segunda Yolanda Díaz en Madrid.\n\n«La economía es sólida», dijo el ministro de Economía Carlos Cuerpo a los periodistas. La nadadora compitió con Sun Yang.\n";
        assert_eq!(
            speakers(es),
            [Some("Yolanda Díaz".into()), Some("Carlos Cuerpo".into())]
        );
        let found = names(es);
        assert_found(&found, &[("Carlos Cuerpo", Person)]);
        assert!(
            !found.iter().any(|(t, k)| t == "Sun Yang" && *k != Person),
            "{found:?}"
        );
        let de = "Söder kritisiert Berlin\n\nMÜNCHEN, 14. Januar - Die bayerische Staatsregierung hat die Pläne der Bundesregierung zur Energiepolitik am Freitag scharf kritisiert und Nachbesserungen gefordert.\n\n„Das ist ein schwerer Fehler“, sagte der bayerische Ministerpräsident Markus Söder in München.\n";
        assert_eq!(speakers(de)[0].as_deref(), Some("Markus Söder"));
        let fr = "Park en visite\n\nPARIS, 14 janvier - AFP. Le gouvernement a présenté vendredi un nouveau projet de loi sur les retraites, que l'opposition de gauche juge injuste et dangereux pour les salariés.\n\nLa présidente Park Geun-hye a rencontré le ministre à Paris.\n";
        assert_found(&names(fr), &[("Park Geun-hye", Person)]);
        assert!(
            !found.iter().any(|(t, _)| t.starts_with("La ")),
            "{found:?}"
        );
    }
}
