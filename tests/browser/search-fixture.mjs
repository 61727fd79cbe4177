// The site the search tests build: a dozen French pages, each the one right
// answer to some kind of query, among thirty pages about nothing in
// particular (so that a word's rarity means something), plus a page whose
// title is an HTML injection attempt.

const toml = (s) => JSON.stringify(s);
const list = (a) => `[${a.map(toml).join(', ')}]`;

const PAGES = [
  {
    path: 'ateliers/excision.md', title: "Synthèse de l'atelier sur l'excision", date: '2023-03-21',
    description: 'Repérer et accompagner les femmes et les fillettes concernées par les mutilations sexuelles féminines.',
    themes: ['Mutilations sexuelles féminines', 'Santé sexuelle'], publics: ['Professionnels'],
    intervenants: ['Sage-femme CSS/PMI'], extra: { duree: '3 h' },
    body: "## Objectifs de l'atelier\n\nL’excision est une mutilation sexuelle féminine interdite en France. Les femmes excisées peuvent bénéficier d'une chirurgie réparatrice.\n\n## Le cadre légal\n\nL'atelier a permis de travailler le repérage des fillettes exposées lors des départs en vacances.",
  },
  {
    path: 'ressources/violentometre.md', title: 'Le violentomètre', date: '2021-11-25',
    description: 'Un outil pour mesurer si sa relation amoureuse est basée sur le consentement et ne comporte pas de violences.',
    themes: ['Violences conjugales', 'Consentement'], publics: ['Adolescents', 'Jeunes majeurs'],
    extra: { type: 'outil', territoire: 'Seine-Saint-Denis' },
    body: "## Présentation\n\nLe violentomètre se présente comme une règle graduée : profite, vigilance, protège-toi.\n\n## Comment l'utiliser\n\nIl aide les jeunes à repérer les comportements violents dans le couple.",
  },
  {
    path: 'ateliers/bebe-secoue.md', title: 'Prévenir le syndrome du bébé secoué', date: '2022-06-14',
    description: "Les pleurs du nourrisson, l'épuisement des parents et les gestes qui protègent.",
    themes: ['Périnatalité', 'Parentalité'], publics: ['Parents'], intervenants: ['Puéricultrice PMI'],
    body: "## Les pleurs\n\nSecouer un bébé peut provoquer des lésions graves.\n\n## Que dire aux parents ?\n\nLes parents épuisés par les pleurs doivent pouvoir poser l'enfant dans son lit et sortir de la pièce.",
  },
  {
    path: 'ateliers/contraception.md', title: 'La contraception expliquée aux adolescentes', date: '2024-01-30',
    description: 'Pilule, implant, préservatif : présenter toutes les méthodes.',
    themes: ['Contraception', 'Santé sexuelle'], publics: ['Adolescents'], intervenants: ['Planning familial'],
    body: "## Les méthodes\n\nLes méthodes hormonales et le stérilet au cuivre sont présentés avec les jeunes.\n\n## La contraception d'urgence\n\nElle est gratuite pour toutes en pharmacie.",
  },
  {
    path: 'cine-debats/roses-noires.md', title: 'Les roses noires', date: '2019-10-08',
    description: 'Des adolescentes de quartiers populaires parlent de leur langage et de leur image.',
    themes: ['Égalité filles-garçons', 'Adolescence'], publics: ['Adolescents'],
    extra: { film: 'Les roses noires', realisation: ['Hélène Milano'], diffuseur: 'France 3' },
    body: "## Le film\n\nLe documentaire donne la parole à des jeunes filles de Marseille et de la région parisienne.\n\n## Les échanges\n\nLes échanges ont porté sur la réputation et le regard des garçons.",
  },
  {
    path: 'ateliers/pornographie.md', title: 'Exposition des mineurs à la pornographie', date: '2023-05-11',
    description: "Comment parler avec les jeunes des images pornographiques qu'ils rencontrent en ligne.",
    themes: ['Pornographie', 'Cyberviolences'], publics: ['Adolescents', 'Parents'],
    body: "## Ce que disent les études\n\nL'exposition précoce aux contenus pornographiques influence les représentations de la sexualité.\n\n## Pistes d'intervention\n\nLe contrôle parental ne suffit pas.",
  },
  {
    path: 'ateliers/inceste.md', title: 'Repérer les situations d’inceste', date: '2022-02-03',
    description: "Signes d'alerte, parole de l'enfant, signalement.",
    themes: ['Violences sexuelles', 'Enfants exposés aux violences'], publics: ['Professionnels', 'Enfants'],
    body: "## Recueillir la parole\n\nUn enfant victime d’inceste parle rarement.\n\n## Le signalement\n\nL'atelier a travaillé le recueil de la parole et le circuit de l'information préoccupante.",
  },
  {
    path: 'ressources/sages-femmes-pmi.md', title: 'Consultations de sage-femme en PMI', date: '2020-09-01',
    description: 'Suivi de grossesse et entretien prénatal précoce au centre de PMI.',
    themes: ['Périnatalité'], publics: ['Parents'], extra: { type: 'annuaire', territoire: 'Hauts-de-Seine' },
    body: "## Pour qui ?\n\nLes sages-femmes de PMI assurent le suivi des grossesses et l'entretien prénatal précoce, gratuitement.",
  },
  {
    path: 'ateliers/harcelement.md', title: 'Harcèlement scolaire et cyberharcèlement', date: '2024-04-02',
    description: 'Quand les moqueries se poursuivent sur les réseaux sociaux.',
    themes: ['Cyberviolences', 'Adolescence'], publics: ['Adolescents'],
    body: "## Définitions\n\nHarceler un camarade en ligne est un délit.\n\n## Agir\n\nLes élèves témoins peuvent alerter un adulte.",
  },
  {
    path: 'ateliers/education-vie-affective.md', title: 'Éducation à la vie affective et relationnelle', date: '2018-12-12',
    description: "Trois séances par an à l'école, au collège et au lycée.",
    themes: ['Éducation à la sexualité', 'Consentement'], publics: ['Enfants', 'Adolescents'],
    body: "## Le programme\n\nL'éducation à la sexualité aborde le respect, l'intimité et le consentement, avec des outils adaptés à l'âge.",
  },
  {
    path: 'ressources/piege.md', title: '<img src=x onerror=alert(1)>', date: '2020-01-01',
    description: '<script>alert(2)</script> balise piégée',
    themes: ['Outils d\'animation'], publics: ['Professionnels'],
    body: "Une page dont le texte parle de balises & d'esperluettes, pour vérifier l'échappement.",
  },
  {
    path: 'ateliers/violences-conjugales.md', title: 'Violences conjugales : accueillir la parole des victimes', date: '2023-11-23',
    description: 'Écouter, évaluer le danger, orienter vers les associations spécialisées.',
    themes: ['Violences conjugales', 'Enfants exposés aux violences'], publics: ['Victimes', 'Professionnels'],
    body: "## Évaluer le danger\n\nLes violences conjugales touchent aussi les enfants exposés.\n\n## Orienter\n\nLe violentomètre peut servir de support.",
  },
];

const FILLER = "Les professionnels du territoire échangent sur leurs pratiques d'accompagnement des familles et des jeunes. Le groupe revient sur l'orientation vers les partenaires, le travail en réseau et la posture professionnelle face aux situations complexes.";

function page(p) {
  const lines = ['+++', `title = ${toml(p.title)}`, `date = ${p.date}`, `description = ${toml(p.description)}`, '[taxonomies]'];
  for (const t of ['themes', 'publics', 'intervenants']) if (p[t]) lines.push(`${t} = ${list(p[t])}`);
  if (p.extra) {
    lines.push('[extra]');
    for (const [k, v] of Object.entries(p.extra)) lines.push(`${k} = ${Array.isArray(v) ? list(v) : toml(v)}`);
  }
  lines.push('+++', '', p.body, '', FILLER, '');
  return lines.join('\n');
}

/** The fixture's files, for makeFixture(). */
export function searchSiteFiles() {
  const files = {
    'site.toml': [
      'title = "PEX recherche"', 'language = "fr"',
      '[taxonomies.themes]', 'title = "Thématiques"',
      '[taxonomies.publics]', 'title = "Publics"',
      '[taxonomies.intervenants]', 'title = "Intervenants"', '',
    ].join('\n'),
    'content/_index.md': '+++\ntitle = "Accueil"\n+++\n\nBienvenue.\n',
    'content/ateliers/_index.md': '+++\ntitle = "Ateliers"\n+++\n',
    'content/cine-debats/_index.md': '+++\ntitle = "Ciné-débats"\n+++\n',
    'content/ressources/_index.md': '+++\ntitle = "Ressources"\n+++\n',
  };
  for (const p of PAGES) files[`content/${p.path}`] = page(p);
  for (let i = 0; i < 30; i++) {
    files[`content/ateliers/reunion-${i}.md`] = page({
      title: `Réunion d'équipe numéro ${i}`, date: `${2016 + (i % 9)}-0${1 + (i % 9)}-10`,
      description: 'Compte rendu de la réunion mensuelle.', themes: ['Posture professionnelle'],
      publics: ['Professionnels'],
      body: '## Ordre du jour\n\nLes violences et la santé des familles sont évoquées.',
    });
  }
  return files;
}

/** [query, a page expected among the first three results]. */
export const QUERIES = [
  ['excision', 'ateliers/excision/index.html'],
  ['EXCISION', 'ateliers/excision/index.html'],
  ["l'excision", 'ateliers/excision/index.html'],
  ['l’excision', 'ateliers/excision/index.html'],
  ["la synthese sur l'excision", 'ateliers/excision/index.html'],
  ['femmes excisees', 'ateliers/excision/index.html'],
  ['violentometre', 'ressources/violentometre/index.html'],
  ['violento', 'ressources/violentometre/index.html'],
  ['bebe secoue', 'ateliers/bebe-secoue/index.html'],
  ['bébés secoués', 'ateliers/bebe-secoue/index.html'],
  ['secouer', 'ateliers/bebe-secoue/index.html'],
  ['contraceptif', 'ateliers/contraception/index.html'],
  ['contraceptifs', 'ateliers/contraception/index.html'],
  ['adolescente', 'ateliers/contraception/index.html'],
  ['helene milano', 'cine-debats/roses-noires/index.html'],
  ['milano', 'cine-debats/roses-noires/index.html'],
  ['pornografie', 'ateliers/pornographie/index.html'],
  ['pornographique', 'ateliers/pornographie/index.html'],
  ['d’inceste', 'ateliers/inceste/index.html'],
  ["d'inceste", 'ateliers/inceste/index.html'],
  ['sage-femme', 'ressources/sages-femmes-pmi/index.html'],
  ['sages-femmes', 'ressources/sages-femmes-pmi/index.html'],
  ['sagefemme', 'ressources/sages-femmes-pmi/index.html'],
  ['harceler', 'ateliers/harcelement/index.html'],
  ['cyberharcelement', 'ateliers/harcelement/index.html'],
  ['educatif', 'ateliers/education-vie-affective/index.html'],
  ['education a la sexualite', 'ateliers/education-vie-affective/index.html'],
  ['violences conjugales', 'ateliers/violences-conjugales/index.html'],
  ['Seine-Saint-Denis', 'ressources/violentometre/index.html'],
  ['seine saint denis', 'ressources/violentometre/index.html'],
  ['consentment', 'ressources/violentometre/index.html'],
  ['perinatalite', 'ressources/sages-femmes-pmi/index.html'],
  ['puericultrice', 'ateliers/bebe-secoue/index.html'],
];
