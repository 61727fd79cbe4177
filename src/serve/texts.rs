//! What `carnet serve` says to the browser (as opposed to the terminal):
//! the short answers for refused or missing addresses, the page shown while
//! the site is being built, the heading of the error overlay. Each is a
//! `Text` in both languages, picked by the site's language when answered.
//!
//! The people reading them are authors previewing their site, not
//! developers: each says what happened and what to do, in plain words.

use super::paths::Refused;
use crate::i18n::{Lang, Text};
use crate::text;

/// 405: anything but GET and HEAD (a form sent with POST, a tool).
pub fn method_not_allowed() -> Text {
    text!(
        "Action impossible : l'aperçu de carnet serve ne fait qu'afficher les pages du site \
         (seules les méthodes GET et HEAD sont acceptées).",
        "Action not possible: the carnet serve preview only shows the site's pages \
         (only the GET and HEAD methods are accepted)."
    )
}

/// 403: a `Host` that does not name this computer while serving on
/// loopback (see `paths::host_allowed`).
pub fn host_refused(port: u16) -> Text {
    text!(
        "Adresse refusée : par sécurité, l'aperçu ne répond qu'aux adresses de cet ordinateur. \
         Ouvrez le site par http://localhost:{port}/ ou http://127.0.0.1:{port}/.",
        "Address refused: for safety, the preview only answers the addresses of this computer. \
         Open the site at http://localhost:{port}/ or http://127.0.0.1:{port}/."
    )
}

/// 400: an address carnet refuses to look up (see `paths::file_for`).
pub fn bad_address(why: &Refused) -> Text {
    let what = match why {
        Refused::NotAbsolute => text!(
            "elle ne commence pas par « / »",
            "it does not start with \"/\""
        ),
        Refused::Traversal => text!(
            "elle contient « .. », « . », « // » ou « : », qui pourraient mener hors du site",
            "it holds \"..\", \".\", \"//\" or \":\", which could lead out of the site"
        ),
        Refused::Backslash => text!(
            "elle contient une barre oblique inversée « \\ »",
            "it holds a backslash \"\\\""
        ),
        Refused::BadEncoding => text!(
            "elle contient un code « %… » invalide",
            "it holds an invalid \"%…\" code"
        ),
    };
    what.map(|lang, what| match lang {
        Lang::Fr => format!("Adresse refusée : {what}. Vérifiez le lien qui mène ici."),
        Lang::En => format!("Address refused: {what}. Check the link that led here."),
    })
}

/// 301: a folder asked for without its final `/`.
pub fn moved(location: &str) -> Text {
    text!(
        "Cette page est à l'adresse {location}",
        "This page is at {location}"
    )
}

/// 404 of a theme without a `404.html`.
pub fn not_found() -> Text {
    text!(
        "Page introuvable : aucune page du site n'a cette adresse. \
         Vérifiez l'adresse, ou repartez de l'accueil : /",
        "Page not found: no page of the site has this address. \
         Check the address, or start again from the home page: /"
    )
}

/// 503 before the first build is done.
pub fn being_built() -> Text {
    text!(
        "Le site est en cours de construction. Cette page se rechargera toute seule dès qu'il sera prêt.",
        "The site is being built. This page will reload by itself as soon as it is ready."
    )
}

/// First line of the error overlay, above the report of the failed build.
pub fn overlay_heading() -> Text {
    text!(
        "carnet serve : le site n'a pas pu être reconstruit.",
        "carnet serve: the site could not be rebuilt."
    )
}

/// Second line of the overlay: what to do.
pub fn overlay_hint() -> Text {
    text!(
        "Corrigez le problème ci-dessous et enregistrez : la page se rechargera toute seule.",
        "Fix the problem below and save: the page will reload by itself."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text, with a name for failure messages.
    fn all() -> Vec<(&'static str, Text)> {
        let mut texts = vec![
            ("405", method_not_allowed()),
            ("403", host_refused(1111)),
            ("301", moved("/ateliers/")),
            ("404", not_found()),
            ("503", being_built()),
            ("overlay", overlay_heading()),
            ("hint", overlay_hint()),
        ];
        for why in [
            Refused::NotAbsolute,
            Refused::Traversal,
            Refused::Backslash,
            Refused::BadEncoding,
        ] {
            texts.push(("400", bad_address(&why)));
        }
        texts
    }

    #[test]
    fn snapshot_of_the_texts_in_both_languages() {
        let shown = |lang| {
            all()
                .iter()
                .map(|(name, t)| format!("{name}: {}", t.get(lang)))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(
            shown(Lang::Fr),
            "\
405: Action impossible : l'aperçu de carnet serve ne fait qu'afficher les pages du site (seules les méthodes GET et HEAD sont acceptées).
403: Adresse refusée : par sécurité, l'aperçu ne répond qu'aux adresses de cet ordinateur. Ouvrez le site par http://localhost:1111/ ou http://127.0.0.1:1111/.
301: Cette page est à l'adresse /ateliers/
404: Page introuvable : aucune page du site n'a cette adresse. Vérifiez l'adresse, ou repartez de l'accueil : /
503: Le site est en cours de construction. Cette page se rechargera toute seule dès qu'il sera prêt.
overlay: carnet serve : le site n'a pas pu être reconstruit.
hint: Corrigez le problème ci-dessous et enregistrez : la page se rechargera toute seule.
400: Adresse refusée : elle ne commence pas par « / ». Vérifiez le lien qui mène ici.
400: Adresse refusée : elle contient « .. », « . », « // » ou « : », qui pourraient mener hors du site. Vérifiez le lien qui mène ici.
400: Adresse refusée : elle contient une barre oblique inversée « \\ ». Vérifiez le lien qui mène ici.
400: Adresse refusée : elle contient un code « %… » invalide. Vérifiez le lien qui mène ici."
        );
        assert_eq!(
            shown(Lang::En),
            "\
405: Action not possible: the carnet serve preview only shows the site's pages (only the GET and HEAD methods are accepted).
403: Address refused: for safety, the preview only answers the addresses of this computer. Open the site at http://localhost:1111/ or http://127.0.0.1:1111/.
301: This page is at /ateliers/
404: Page not found: no page of the site has this address. Check the address, or start again from the home page: /
503: The site is being built. This page will reload by itself as soon as it is ready.
overlay: carnet serve: the site could not be rebuilt.
hint: Fix the problem below and save: the page will reload by itself.
400: Address refused: it does not start with \"/\". Check the link that led here.
400: Address refused: it holds \"..\", \".\", \"//\" or \":\", which could lead out of the site. Check the link that led here.
400: Address refused: it holds a backslash \"\\\". Check the link that led here.
400: Address refused: it holds an invalid \"%…\" code. Check the link that led here."
        );
    }

    /// French typography in French, none of it in English (the same rule
    /// as tests/bad_input.rs: no wording in the wrong language).
    #[test]
    fn each_language_keeps_to_its_own_words() {
        for (name, text) in all() {
            let (fr, en) = (text.get(Lang::Fr), text.get(Lang::En));
            assert_ne!(fr, en, "{name}");
            assert!(!en.contains(" : ") && !en.contains('«'), "{name}: {en}");
            for word in ["the ", "site's", " is ", "could"] {
                assert!(!fr.contains(word), "{name}: {fr}");
            }
            for word in ["le ", "la ", " du ", "page introuvable"] {
                assert!(!en.to_lowercase().contains(word), "{name}: {en}");
            }
        }
    }
}
