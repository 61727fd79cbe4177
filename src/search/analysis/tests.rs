//! The rules of `analysis.rs`, one example at a time.

use super::*;

fn folded_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    words(text, |w| out.push(fold(w).into_owned()));
    out
}

fn stem(word: &str) -> String {
    Stemmer::default().stem(word)
}

#[test]
fn stop_words_are_sorted_and_short() {
    assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    assert!(STOP_WORDS.iter().all(|w| (2..=8).contains(&w.len())));
}

#[test]
fn folding_removes_accents_and_case() {
    for (input, want) in [
        ("Éducation", "education"),
        ("bébé secoué", "bebe secoue"),
        ("Périnatalité", "perinatalite"),
        ("français", "francais"),
        ("à où", "a ou"),
        ("maïs NOËL", "mais noel"),
        ("plain ascii", "plain ascii"),
    ] {
        assert_eq!(fold(input), want, "{input}");
    }
}

#[test]
fn folding_spells_out_ligatures() {
    assert_eq!(fold("Œuvre"), "oeuvre");
    assert_eq!(fold("cœur"), "coeur");
    assert_eq!(fold("ex æquo"), "ex aequo");
    assert_eq!(fold("Cæcum"), "caecum");
}

#[test]
fn folding_handles_decomposed_input() {
    // « é » typed as e + combining acute accent
    assert_eq!(fold("e\u{301}te\u{301}"), "ete");
}

#[test]
fn elisions_are_stripped_with_either_apostrophe() {
    assert_eq!(folded_words("l'excision"), ["excision"]);
    assert_eq!(folded_words("l’excision"), ["excision"]);
    assert_eq!(folded_words("d’inceste"), ["inceste"]);
    assert_eq!(folded_words("qu'elles"), ["elles"]);
    assert_eq!(
        folded_words("jusqu’aux lorsqu'une puisqu'ils"),
        Vec::<String>::new()
    );
    assert_eq!(
        folded_words("J'accueille N'importe"),
        ["accueille", "importe"]
    );
    assert_eq!(
        folded_words("s'informer c'était m'écouter t'aider"),
        ["informer", "ecouter", "aider"]
    );
    assert_eq!(folded_words("L’Éducation"), ["education"]);
}

#[test]
fn other_apostrophes_are_dropped_inside_the_word() {
    assert_eq!(folded_words("aujourd'hui"), ["aujourdhui"]);
    assert_eq!(folded_words("prud’hommes"), ["prudhommes"]);
}

#[test]
fn quotes_around_words_are_not_apostrophes() {
    assert_eq!(folded_words("‘ados’ 'jeunes'"), ["ados", "jeunes"]);
}

#[test]
fn hyphenated_words_give_parts_and_whole() {
    assert_eq!(folded_words("sage-femme"), ["sage", "femme", "sage-femme"]);
    assert_eq!(folded_words("Ciné‑débat"), ["cine", "debat", "cine-debat"]);
    assert_eq!(folded_words("Val-d'Oise"), ["val", "oise", "val-oise"]);
    assert_eq!(
        folded_words("Seine-Saint-Denis"),
        ["seine", "saint", "denis", "seine-saint-denis"]
    );
    // stop words and single letters never make a whole word
    assert_eq!(folded_words("c'est-à-dire"), ["dire"]);
    assert_eq!(folded_words("a-t-il"), Vec::<String>::new());
}

#[test]
fn dashes_between_spaces_separate_words() {
    assert_eq!(folded_words("atelier - débat"), ["atelier", "debat"]);
    assert_eq!(folded_words("atelier–débat"), ["atelier", "debat"]);
    assert_eq!(folded_words("fin-"), ["fin"]);
}

#[test]
fn stop_words_and_single_letters_are_dropped() {
    assert_eq!(
        folded_words("La synthèse sur l'excision et les MSF à Paris"),
        ["synthese", "excision", "msf", "paris"]
    );
    assert_eq!(folded_words("été"), Vec::<String>::new());
}

#[test]
fn numbers_are_words_even_short_ones() {
    assert_eq!(
        folded_words("SST11, 2023 et 5 ans"),
        ["sst11", "2023", "5", "ans"]
    );
}

#[test]
fn punctuation_separates_words() {
    assert_eq!(
        folded_words("CSS/PMI (CeGIDD); «violentomètre»"),
        ["css", "pmi", "cegidd", "violentometre"]
    );
}

#[test]
fn plurals_share_a_stem() {
    assert_eq!(stem("violences"), stem("violence"));
    assert_eq!(stem("enfants"), stem("enfant"));
    assert_eq!(stem("adolescentes"), stem("adolescent"));
    assert_eq!(stem("mineurs"), stem("mineur"));
}

#[test]
fn verb_and_adjective_forms_share_a_stem() {
    assert_eq!(stem("secoué"), stem("secouer"));
    assert_eq!(stem("protéger"), stem("protégé"));
    assert_eq!(stem("sexuelles"), stem("sexuel"));
    assert_eq!(stem("harcèlement"), stem("harceler"));
    assert_eq!(stem("consentement"), stem("consentir"));
}

#[test]
fn contraceptif_and_contraception_share_a_stem() {
    assert_eq!(stem("contraceptif"), "contracept");
    assert_eq!(stem("contraception"), "contracept");
    assert_eq!(stem("contraceptives"), "contracept");
    assert_eq!(stem("pornographique"), stem("pornographie"));
    assert_eq!(stem("éducatif"), stem("éducation"));
    assert_eq!(stem("préventif"), stem("prévention"));
}

#[test]
fn stems_are_folded_and_computed_from_accented_words() {
    assert_eq!(stem("éducation"), "educ");
    // the accent matters to Snowball: the index stems what authors wrote
    assert_eq!(stem("excisées"), stem("excision"));
}

#[test]
fn hyphenated_words_are_stemmed_by_parts() {
    assert_eq!(stem("sages-femmes"), "sag-femm");
    assert_eq!(stem("sage-femme"), "sag-femm");
}

#[test]
fn const_pack_agrees_with_swar_pack() {
    for word in STOP_WORDS.iter().chain(ELISIONS) {
        assert_eq!(
            const_pack(word.as_bytes()),
            crate::swar::pack(word.as_bytes()),
            "{word}"
        );
    }
}
