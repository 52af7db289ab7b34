//! The language of the report being analysed, for the rules whose lexicon
//! depends on it (verbs of saying, month names in datelines and dates).
//!
//! The language is told once per report ([`crate::analysis::metadata::language`],
//! `whatlang` on the body) and set for the analysis of that report with
//! [`with`]; the word lists ask [`current`]. English and Russian are always
//! read (the built-in lists, which the development sets measure); a report in
//! German, French or Spanish adds that language's own. Scoped to the thread
//! and restored when `with` returns or unwinds, so a report's language never
//! leaks into the next one analysed on the same thread.

use std::cell::Cell;

pub use whatlang::Lang;

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
}

#[cfg(test)]
mod reports {
    use crate::analysis::LocalFacts;

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
        // the same words in an English report are no month and no verb
        let en = LocalFacts::compute("Mars mission\n\nHOUSTON, January 14 - The rover sent new pictures of Mars on Friday, the space agency said in a statement to reporters.\n");
        assert_eq!(en.meta.language, Some(whatlang::Lang::Eng));
        assert_eq!(crate::analysis::text::dates::month_number("Mars"), None);
    }
}
