//! The search index built from a small French fixture: what files it writes,
//! that they are reproducible, and that field weights are obeyed. Queries are
//! tested in `tests/browser/search*.test.mjs`, on a site built by carnet.

use carnet::search::{build_index, build_index_into, IndexFile, SearchConfig, SearchDoc};

struct Page<'a> {
    url: &'a str,
    title: &'a str,
    section: &'a str,
    date: &'a str,
    description: &'a str,
    headings: &'a [&'a str],
    body: &'a str,
    themes: &'a [&'a str],
    publics: &'a [&'a str],
    extra: &'a [(&'a str, &'a str)],
}

const FILLER: &str = "Les professionnels du territoire échangent sur leurs pratiques \
d'accompagnement des familles et des jeunes. Le groupe revient sur l'orientation vers les \
partenaires, le travail en réseau et la posture professionnelle face aux situations complexes.";

const PAGES: &[Page] = &[
    Page {
        url: "ateliers/excision/index.html",
        title: "Synthèse de l'atelier sur l'excision",
        section: "Ateliers",
        date: "2023-03-21",
        description: "Repérer et accompagner les femmes et les fillettes concernées par les mutilations sexuelles féminines.",
        headings: &["Objectifs de l'atelier", "Le cadre légal"],
        body: "L’excision est une mutilation sexuelle féminine interdite en France. Les femmes excisées peuvent bénéficier d'une chirurgie réparatrice. L'atelier a permis de travailler le repérage des fillettes exposées lors des départs en vacances.",
        themes: &["Mutilations sexuelles féminines", "Santé sexuelle"],
        publics: &["Professionnels"],
        extra: &[("duree", "3 h")],
    },
    Page {
        url: "ressources/violentometre/index.html",
        title: "Le violentomètre",
        section: "Ressources",
        date: "2021-11-25",
        description: "Un outil pour mesurer si sa relation amoureuse est basée sur le consentement et ne comporte pas de violences.",
        headings: &["Présentation", "Comment l'utiliser"],
        body: "Le violentomètre se présente comme une règle graduée : profite, vigilance, protège-toi. Il aide les jeunes à repérer les comportements violents dans le couple.",
        themes: &["Violences conjugales", "Consentement"],
        publics: &["Adolescents", "Jeunes majeurs"],
        extra: &[("type", "outil"), ("territoire", "Seine-Saint-Denis")],
    },
    Page {
        url: "ateliers/bebe-secoue/index.html",
        title: "Prévenir le syndrome du bébé secoué",
        section: "Ateliers",
        date: "2022-06-14",
        description: "Les pleurs du nourrisson, l'épuisement des parents et les gestes qui protègent.",
        headings: &["Les pleurs", "Que dire aux parents ?"],
        body: "Secouer un bébé peut provoquer des lésions graves. Les parents épuisés par les pleurs doivent pouvoir poser l'enfant dans son lit et sortir de la pièce. La sage-femme de PMI rappelle les repères.",
        themes: &["Périnatalité", "Parentalité"],
        publics: &["Parents"],
        extra: &[],
    },
    Page {
        url: "ateliers/contraception/index.html",
        title: "La contraception expliquée aux adolescentes",
        section: "Ateliers",
        date: "2024-01-30",
        description: "Pilule, implant, préservatif : présenter toutes les méthodes.",
        headings: &["Les méthodes", "La contraception d'urgence"],
        body: "La contraception d'urgence est gratuite pour toutes en pharmacie. Les méthodes hormonales et le stérilet au cuivre sont présentés avec les jeunes.",
        themes: &["Contraception", "Santé sexuelle"],
        publics: &["Adolescents"],
        extra: &[],
    },
    Page {
        url: "cine-debats/roses-noires/index.html",
        title: "Ciné-débat : Les roses noires",
        section: "Ciné-débats",
        date: "2019-10-08",
        description: "Des adolescentes de quartiers populaires parlent de leur langage et de leur image.",
        headings: &["Le film", "Les échanges"],
        body: "Le documentaire donne la parole à des jeunes filles de Marseille et de la région parisienne. Les échanges ont porté sur la réputation et le regard des garçons.",
        themes: &["Égalité filles-garçons", "Adolescence"],
        publics: &["Adolescents"],
        extra: &[("realisation", "Hélène Milano"), ("diffuseur", "France 3")],
    },
    Page {
        url: "ateliers/pornographie/index.html",
        title: "Exposition des mineurs à la pornographie",
        section: "Ateliers",
        date: "2023-05-11",
        description: "Comment parler avec les jeunes des images pornographiques qu'ils rencontrent en ligne.",
        headings: &["Ce que disent les études", "Pistes d'intervention"],
        body: "L'exposition précoce aux contenus pornographiques influence les représentations de la sexualité. Le contrôle parental ne suffit pas.",
        themes: &["Pornographie", "Cyberviolences"],
        publics: &["Adolescents", "Parents"],
        extra: &[],
    },
    Page {
        url: "ateliers/inceste/index.html",
        title: "Repérer les situations d’inceste",
        section: "Ateliers",
        date: "2022-02-03",
        description: "Signes d'alerte, parole de l'enfant, signalement.",
        headings: &["Recueillir la parole", "Le signalement"],
        body: "Un enfant victime d’inceste parle rarement. L'atelier a travaillé le recueil de la parole et le circuit de l'information préoccupante.",
        themes: &["Violences sexuelles", "Enfants exposés aux violences"],
        publics: &["Professionnels", "Enfants"],
        extra: &[],
    },
    Page {
        url: "ressources/sages-femmes-pmi/index.html",
        title: "Consultations de sage-femme en PMI",
        section: "Ressources",
        date: "2020-09-01",
        description: "Suivi de grossesse et entretien prénatal précoce au centre de PMI.",
        headings: &["Pour qui ?", "Contacts"],
        body: "Les sages-femmes de PMI assurent le suivi des grossesses et l'entretien prénatal précoce, gratuitement.",
        themes: &["Périnatalité"],
        publics: &["Parents"],
        extra: &[("type", "annuaire"), ("territoire", "Hauts-de-Seine")],
    },
    Page {
        url: "ateliers/harcelement/index.html",
        title: "Harcèlement scolaire et cyberharcèlement",
        section: "Ateliers",
        date: "2024-04-02",
        description: "Quand les moqueries se poursuivent sur les réseaux sociaux.",
        headings: &["Définitions", "Agir"],
        body: "Harceler un camarade en ligne est un délit. Les élèves témoins peuvent alerter un adulte.",
        themes: &["Cyberviolences", "Adolescence"],
        publics: &["Adolescents"],
        extra: &[],
    },
    Page {
        url: "ateliers/education-vie-affective/index.html",
        title: "Éducation à la vie affective et relationnelle",
        section: "Ateliers",
        date: "2018-12-12",
        description: "Trois séances par an à l'école, au collège et au lycée.",
        headings: &["Le programme", "Les séances"],
        body: "L'éducation à la sexualité aborde le respect, l'intimité et le consentement, avec des outils adaptés à l'âge.",
        themes: &["Éducation à la sexualité", "Consentement"],
        publics: &["Enfants", "Adolescents"],
        extra: &[],
    },
    Page {
        url: "ressources/xss/index.html",
        title: "<img src=x onerror=alert(1)>",
        section: "Ressources",
        date: "2020-01-01",
        description: "<script>alert(2)</script> balise piégée",
        headings: &[],
        body: "Une page dont le texte contient <b>des balises</b> & des esperluettes, pour vérifier l'échappement.",
        themes: &["Outils d'animation"],
        publics: &["Professionnels"],
        extra: &[],
    },
    Page {
        url: "ateliers/violences-conjugales/index.html",
        title: "Violences conjugales : accueillir la parole des victimes",
        section: "Ateliers",
        date: "2023-11-23",
        description: "Écouter, évaluer le danger, orienter vers les associations spécialisées.",
        headings: &["Évaluer le danger", "Orienter"],
        body: "Les violences conjugales touchent aussi les enfants exposés. Le violentomètre peut servir de support.",
        themes: &["Violences conjugales", "Enfants exposés aux violences"],
        publics: &["Victimes", "Professionnels"],
        extra: &[],
    },
];

fn fixture_docs() -> Vec<SearchDoc> {
    let mut docs: Vec<SearchDoc> = PAGES
        .iter()
        .map(|p| SearchDoc {
            url: p.url.into(),
            title: p.title.into(),
            section: p.section.into(),
            date: Some(p.date.into()),
            date_display: p.date.into(),
            description: p.description.into(),
            headings: p.headings.iter().map(|h| h.to_string()).collect(),
            body: format!("{}\n{FILLER}", p.body).into(),
            taxonomies: vec![
                (
                    "themes".into(),
                    "Thématiques".into(),
                    p.themes.iter().map(|t| t.to_string()).collect(),
                ),
                (
                    "publics".into(),
                    "Publics".into(),
                    p.publics.iter().map(|t| t.to_string()).collect(),
                ),
            ],
            extra: p
                .extra
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        })
        .collect();
    // pages about nothing in particular, so rarity means something
    for i in 0..30 {
        docs.push(SearchDoc {
            url: format!("ateliers/reunion-{i}/index.html"),
            title: format!("Réunion d'équipe numéro {i}"),
            section: "Ateliers".into(),
            date: Some(format!("{}-0{}-10", 2016 + i % 9, 1 + i % 9)),
            date_display: String::new(),
            description: "Compte rendu de la réunion mensuelle.".into(),
            headings: vec!["Ordre du jour".into()],
            body: format!("{FILLER} Les violences et la santé des familles sont évoquées.").into(),
            taxonomies: vec![(
                "themes".into(),
                "Thématiques".into(),
                vec!["Posture professionnelle".into()],
            )],
            extra: vec![],
        });
    }
    docs
}

fn file<'a>(files: &'a [IndexFile], path: &str) -> &'a str {
    let f = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    std::str::from_utf8(&f.bytes).unwrap()
}

#[test]
fn every_file_lives_under_search_and_is_a_registration_call() {
    let files = build_index(&fixture_docs(), &SearchConfig::default());
    assert!(files.len() > 6, "{}", files.len());
    for f in &files {
        assert!(f.path.starts_with("search/"), "{}", f.path);
        let text = std::str::from_utf8(&f.bytes).unwrap();
        assert!(text.starts_with("carnetSearch(\""), "{}", f.path);
    }
    let meta = file(&files, "search/meta.js");
    assert!(meta.contains("\"pages\":42"), "{meta}");
    assert!(file(&files, "search/d/0.js").contains("\"u\":\"ateliers/"));
}

#[test]
fn result_data_comes_eight_pages_per_file_in_page_order() {
    let files = build_index(&fixture_docs(), &SearchConfig::default());
    assert!(file(&files, "search/meta.js").contains("\"docs\":8"));
    // 42 pages: five files of eight, one of two
    let lists: Vec<serde_json::Value> = (0..6)
        .map(|n| {
            let text = file(&files, &format!("search/d/{n}.js"));
            let json = text
                .strip_prefix(&format!("carnetSearch(\"d\",{n},"))
                .and_then(|t| t.trim_end().strip_suffix(");"))
                .unwrap_or_else(|| panic!("d/{n}.js: {text}"));
            serde_json::from_str(json).unwrap()
        })
        .collect();
    let sizes: Vec<usize> = lists.iter().map(|l| l.as_array().unwrap().len()).collect();
    assert_eq!(sizes, [8, 8, 8, 8, 8, 2]);
    assert!(!files.iter().any(|f| f.path == "search/d/6.js"));
    let urls: Vec<&str> = lists
        .iter()
        .flat_map(|l| l.as_array().unwrap())
        .map(|d| d["u"].as_str().unwrap())
        .collect();
    let unique: std::collections::HashSet<&&str> = urls.iter().collect();
    assert_eq!(unique.len(), 42, "each page once: {urls:?}");
}

/// The page URLs of `search/d/N.js`, in order.
fn result_urls(files: &[IndexFile], n: usize) -> Vec<String> {
    let text = file(files, &format!("search/d/{n}.js"));
    let json = text
        .strip_prefix(&format!("carnetSearch(\"d\",{n},"))
        .and_then(|t| t.trim_end().strip_suffix(");"))
        .unwrap_or_else(|| panic!("d/{n}.js: {text}"));
    let list: serde_json::Value = serde_json::from_str(json).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| d["u"].as_str().unwrap().to_string())
        .collect()
}

/// The result data of a site larger than one batch (`build_index_into`
/// makes and hands over 1,024 pages at a time): every page once, in
/// consecutive files, none numbered twice.
#[test]
fn result_data_of_several_batches_is_numbered_on() {
    let mut docs = fixture_docs();
    let base = docs.pop().unwrap();
    for i in 0..2100 {
        docs.push(SearchDoc {
            url: format!("ateliers/seance-{i}/index.html"),
            ..base.clone()
        });
    }
    let mut batches = 0;
    let mut files = Vec::new();
    let count = build_index_into(&docs, &SearchConfig::default(), &mut |batch| {
        batches += 1;
        files.extend(batch);
        Ok::<(), ()>(())
    })
    .unwrap();
    assert_eq!(count, files.len());
    assert!(batches >= 4, "{batches} batches");
    let results: Vec<&IndexFile> = files
        .iter()
        .filter(|f| f.path.starts_with("search/d/"))
        .collect();
    let n_files = docs.len().div_ceil(8);
    assert_eq!(results.len(), n_files);
    let mut urls = Vec::new();
    for n in 0..n_files {
        let in_file = result_urls(&files, n);
        assert_eq!(
            in_file.len(),
            if n + 1 < n_files { 8 } else { docs.len() % 8 }
        );
        urls.extend(in_file);
    }
    let unique: std::collections::HashSet<&String> = urls.iter().collect();
    assert_eq!(unique.len(), docs.len());
    // handed over in batches or all at once, the same files
    let whole = build_index(&docs, &SearchConfig::default());
    assert_eq!(whole.len(), files.len());
    for (x, y) in whole.iter().zip(&files) {
        assert_eq!((&x.path, &x.bytes), (&y.path, &y.bytes));
    }
}

/// A batch that cannot be written stops the index there: nothing more is
/// made, and the error comes back to the caller.
#[test]
fn an_error_while_handing_over_stops_the_index() {
    let mut calls = 0;
    let result = build_index_into(&fixture_docs(), &SearchConfig::default(), &mut |_| {
        calls += 1;
        Err("disque plein")
    });
    assert_eq!(result, Err("disque plein"));
    assert_eq!(calls, 1);
}

#[test]
fn the_index_is_reproducible() {
    let a = build_index(&fixture_docs(), &SearchConfig::default());
    let b = build_index(&fixture_docs(), &SearchConfig::default());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((&x.path, &x.bytes), (&y.path, &y.bytes));
    }
}

#[test]
fn disabled_search_writes_nothing() {
    let config = SearchConfig {
        enabled: false,
        ..SearchConfig::default()
    };
    assert!(build_index(&fixture_docs(), &config).is_empty());
}

/// Every folded form of the vocabulary shards (see `src/search/files.rs`).
fn vocabulary(files: &[IndexFile]) -> Vec<String> {
    let digit = |c: char| {
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            .find(c)
            .unwrap()
    };
    let mut forms = Vec::new();
    for f in files.iter().filter(|f| f.path.starts_with("search/v/")) {
        let text = std::str::from_utf8(&f.bytes).unwrap();
        let data = &text[text.find(",\"").unwrap() + 2..text.rfind('"').unwrap()];
        let mut prev = String::new();
        for entry in data.split(',') {
            let shared = digit(entry.chars().next().unwrap());
            let suffix = entry[2..].split(' ').next().unwrap();
            let form: String = prev.chars().take(shared).collect::<String>() + suffix;
            forms.push(form.clone());
            prev = form;
        }
    }
    forms
}

#[test]
fn the_vocabulary_maps_folded_forms() {
    let forms = vocabulary(&build_index(&fixture_docs(), &SearchConfig::default()));
    for form in [
        "excision",
        "excisees",
        "violentometre",
        "sage-femme",
        "sagefemme",
        "milano",
    ] {
        assert!(forms.iter().any(|f| f == form), "{form} not in {forms:?}");
    }
    // stop words and elided articles are not
    for form in ["la", "l", "d", "les"] {
        assert!(!forms.iter().any(|f| f == form), "{form}");
    }
}

#[test]
fn a_field_with_weight_zero_is_not_indexed() {
    let mut config = SearchConfig::default();
    config.weights.insert("extra.realisation".into(), 0.0);
    let forms = vocabulary(&build_index(&fixture_docs(), &config));
    assert!(!forms.iter().any(|f| f == "milano"));
}
