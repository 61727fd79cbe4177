/* carnet search client.
 *
 * The index (written by `carnet build` under search/) is a set of small
 * scripts, each calling carnetSearch(kind, n, data). They are loaded on
 * demand with plain <script> tags — no fetch, no modules, no WASM, no worker —
 * so search works over http, under any sub-path, and from file://.
 *
 * The browser never stems: it folds and splits the query with the rules of
 * the build (shipped in meta.js) and looks each folded form up in the
 * vocabulary, which maps every form seen in the site to its stem. The same
 * vocabulary gives completions of the last word and neighbours of a typo.
 *
 * Everything that comes from content is inserted with textContent. */
(function () {
'use strict';

var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
var DIGIT = {};
for (var i = 0; i < 64; i++) DIGIT[ALPHABET.charAt(i)] = i;

var PAGE_SIZE = 10;
/* weights of a query word's variants, relative to its exact form */
var PREFIX = 0.6, GROUPED = 0.9, ONE_EDIT = 0.5, TWO_EDITS = 0.3;
var MAX_COMPLETIONS = 12, MAX_PREFIX_SHARDS = 3, MAX_FUZZY_SHARDS = 12;
/* fewer full matches than this and typo tolerance joins in */
var FEW = 3;

/* ---------- shared registry: shard scripts call carnetSearch() ---------- */

var registered = {};
function carnetSearch(kind, n, data) { registered[kind + n] = data; }

/* ---------- loading ---------- */

/* Loads index files with <script> tags; resolves with their data. */
function scriptLoader(base) {
  var pending = {};
  var hash = '';
  function load(kind, n) {
    var key = kind + n;
    if (key in registered) return Promise.resolve(registered[key]);
    if (pending[key]) return pending[key];
    pending[key] = new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      var path = kind === 'm' ? 'meta.js' : kind + '/' + n + '.js';
      s.src = base + path + (hash && kind !== 'm' ? '?h=' + hash : '');
      s.async = true;
      s.onload = function () {
        s.remove();
        if (key in registered) resolve(registered[key]);
        else reject(new Error('no data in ' + path));
      };
      s.onerror = function () {
        s.remove();
        delete pending[key];
        reject(new Error('cannot load ' + s.src));
      };
      document.head.appendChild(s);
    });
    return pending[key];
  }
  load.setHash = function (h) { hash = h; };
  return load;
}

/* ---------- analysis (mirrors src/search/analysis.rs) ---------- */

function Analyzer(meta) {
  this.stop = new Set(meta.stop);
  this.elisions = new Set(meta.elisions);
  var keys = Object.keys(meta.ligatures);
  this.ligatures = meta.ligatures;
  this.ligatureRe = keys.length ? new RegExp('[' + keys.join('') + ']', 'g') : null;
}

Analyzer.prototype.fold = function (text) {
  var s = text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  var lig = this.ligatures;
  return this.ligatureRe ? s.replace(this.ligatureRe, function (c) { return lig[c]; }) : s;
};

var WORD_RE = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu;

/* Folded words of `text`: [{parts: [...], whole: 'a-b' | null, start, end}],
 * start/end being offsets in the folded, normalised text. */
Analyzer.prototype.words = function (text) {
  var folded = this.fold(text).replace(/[’ʼ‘]/g, "'").replace(/[‐‑]/g, '-');
  var out = [];
  var m;
  WORD_RE.lastIndex = 0;
  while ((m = WORD_RE.exec(folded))) {
    var kept = [];
    var parts = m[0].split('-');
    for (var i = 0; i < parts.length; i++) {
      var p = this.stripElision(parts[i]);
      if (this.keep(p)) kept.push(p);
    }
    if (kept.length) {
      out.push({ parts: kept, whole: kept.length > 1 ? kept.join('-') : null,
                 start: m.index, end: m.index + m[0].length });
    }
  }
  return out;
};

Analyzer.prototype.stripElision = function (part) {
  var q = part.indexOf("'");
  if (q < 0) return part;
  var rest = this.elisions.has(part.slice(0, q)) ? part.slice(q + 1) : part;
  return rest.replace(/'/g, '');
};

Analyzer.prototype.keep = function (part) {
  if (part.length < 2 && !/^\p{N}$/u.test(part)) return false;
  return !this.stop.has(part);
};

/* ---------- decoding ---------- */

function decodeVocabulary(text) {
  var forms = [], stems = [], dfs = [];
  var prev = '';
  var entries = text ? text.split(',') : [];
  for (var i = 0; i < entries.length; i++) {
    var e = entries[i];
    var space = e.indexOf(' ', 2);
    var form = prev.slice(0, DIGIT[e.charAt(0)]) + e.slice(2, space);
    var spec = e.slice(space + 1);
    forms.push(form);
    stems.push(spec.charAt(0) === '=' ? spec.slice(1) : form.slice(0, DIGIT[spec]));
    dfs.push(DIGIT[e.charAt(1)]);
    prev = form;
  }
  return { forms: forms, stems: stems, dfs: dfs };
}

/* Reads a varint at pos: [value, next pos]. */
function varint(text, pos) {
  var n = 0, shift = 1, d;
  do {
    d = DIGIT[text.charAt(pos++)];
    n += (d & 31) * shift;
    shift *= 32;
  } while (d & 32);
  return [n, pos];
}

/* Per page: a digit < 32 is the score of the page after the previous
 * one; a digit ≥ 32 carries the score, then a varint says how many pages
 * were skipped, minus one. */
function decodePostings(text) {
  var pages = [], scores = [];
  var next = 0, pos = 0;
  while (pos < text.length) {
    var d = DIGIT[text.charAt(pos++)];
    if (d & 32) {
      var v = varint(text, pos);
      next += v[0] + 1;
      pos = v[1];
    }
    pages.push(next);
    scores.push(d & 31);
    next++;
  }
  return { pages: pages, scores: scores };
}

/* Per page, its term numbers: varint codes of gap × 2 + last; '.' for
 * a page without terms. */
function decodeBlock(text) {
  var pages = [], terms = [], n = 0, pos = 0;
  while (pos < text.length) {
    if (text.charAt(pos) === '.') { pages.push([]); pos++; continue; }
    var v = varint(text, pos);
    pos = v[1];
    n += v[0] >> 1;
    terms.push(n);
    if (v[0] & 1) { pages.push(terms); terms = []; n = 0; }
  }
  return pages;
}

/* Last index i with list[i] <= key, or -1. */
function floorIndex(list, key) {
  var lo = 0, hi = list.length;
  while (lo < hi) {
    var mid = (lo + hi) >> 1;
    if (list[mid] <= key) lo = mid + 1; else hi = mid;
  }
  return lo - 1;
}

function lowerBound(list, key) {
  var lo = 0, hi = list.length;
  while (lo < hi) {
    var mid = (lo + hi) >> 1;
    if (list[mid] < key) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/* Levenshtein distance between a and b if at most max, else max + 1;
 * a swap of two neighbours counts as one edit. */
function editDistance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  var prev2 = null, prev = [], cur;
  for (var j = 0; j <= b.length; j++) prev.push(j);
  for (var i = 1; i <= a.length; i++) {
    cur = [i];
    var best = i;
    for (j = 1; j <= b.length; j++) {
      var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
      var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (prev2 && i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) &&
          a.charAt(i - 2) === b.charAt(j - 1)) {
        v = Math.min(v, prev2[j - 2] + 1);
      }
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

/* ---------- the engine: query → ranked pages ---------- */

function Engine(load) {
  this.load = load;
  this.meta = null;
  this.vocab = Object.create(null);
  this.postings = Object.create(null);
  this.blocks = Object.create(null);
}

Engine.prototype.init = function () {
  var self = this;
  if (this.ready) return this.ready;
  this.ready = this.load('m', 0).then(function (meta) {
    self.meta = meta;
    self.analyzer = new Analyzer(meta);
    if (self.load.setHash) self.load.setHash(meta.hash);
    return self;
  });
  return this.ready;
};

/* What a result shows of page n: its entry in d/K.js, which holds
   meta.docs pages from K × meta.docs on. */
Engine.prototype.doc = function (n) {
  var per = this.meta.docs;
  return this.load('d', Math.floor(n / per)).then(function (docs) { return docs[n % per]; });
};

Engine.prototype.vocabShard = function (n) {
  var self = this;
  if (this.vocab[n]) return Promise.resolve(this.vocab[n]);
  return this.load('v', n).then(function (text) {
    return (self.vocab[n] = self.vocab[n] || decodeVocabulary(text));
  });
};

/* Vocabulary shards holding forms in [from, to), at most `max`. */
Engine.prototype.vocabRange = function (from, to, max) {
  var firsts = this.meta.vocabulary;
  var a = Math.max(0, floorIndex(firsts, from));
  var b = Math.max(a, floorIndex(firsts, to));
  var list = [];
  for (var n = a; n <= b && list.length < max; n++) list.push(this.vocabShard(n));
  return Promise.all(list);
};

/* Entries of loaded shards whose form starts with `prefix`. */
function entriesWithPrefix(shards, prefix, f) {
  shards.forEach(function (sh) {
    for (var i = lowerBound(sh.forms, prefix); i < sh.forms.length; i++) {
      if (sh.forms[i].lastIndexOf(prefix, 0) !== 0) break;
      f(sh.forms[i], sh.stems[i], sh.dfs[i]);
    }
  });
}

/* Stems a query word stands for: [{stem, weight}]. */
Engine.prototype.expand = function (form, options) {
  var self = this;
  var hi = form + '\uffff';
  var low = options.grouping ? form.slice(0, Math.max(4, form.length - 4)) : form;
  var max = options.prefix ? MAX_PREFIX_SHARDS : 2;
  return this.vocabRange(low, hi, max).then(function (shards) {
    var found = Object.create(null);
    function add(stem, weight) {
      if (!(stem in found) || found[stem] < weight) found[stem] = weight;
    }
    entriesWithPrefix(shards, form, function (f, stem, df) {
      if (f === form) add(stem, 1);
    });
    var exact = Object.keys(found).length > 0;
    if (options.prefix && form.length >= 2) {
      var completions = [];
      entriesWithPrefix(shards, form, function (f, stem, df) {
        if (f !== form) completions.push({ stem: stem, df: df, len: f.length });
      });
      completions.sort(function (a, b) { return b.df - a.df || a.len - b.len; });
      var typed = Math.min(1, form.length / 6);
      completions.slice(0, MAX_COMPLETIONS).forEach(function (c) { add(c.stem, PREFIX * typed); });
    }
    if (!exact && options.grouping) {
      /* an inflection the site never uses: the longest stem of the
       * vocabulary that begins the word (« contraceptifs » → contracept) */
      for (var k = form.length - 1; k >= Math.max(4, form.length - 4) && !exact; k--) {
        var head = form.slice(0, k);
        entriesWithPrefix(shards, head, function (f, stem) {
          if (stem === head) { add(stem, GROUPED); exact = true; }
        });
      }
    }
    return { found: found, exact: exact };
  });
};

/* Neighbours of `form` within one edit (5 letters or more) or two
 * (9 or more), among forms with the same first letter. */
Engine.prototype.fuzzy = function (form) {
  var max = form.length >= 9 ? 2 : form.length >= 5 ? 1 : 0;
  if (!max) return Promise.resolve(Object.create(null));
  var first = form.charAt(0);
  var next = String.fromCharCode(first.charCodeAt(0) + 1);
  return this.vocabRange(first, next, MAX_FUZZY_SHARDS).then(function (shards) {
    var found = Object.create(null);
    entriesWithPrefix(shards, first, function (f, stem) {
      var d = editDistance(form, f, max);
      if (d >= 1 && d <= max) {
        var w = d === 1 ? ONE_EDIT : TWO_EDITS;
        if (!(stem in found) || found[stem] < w) found[stem] = w;
      }
    });
    return found;
  });
};

Engine.prototype.postingsOf = function (stem) {
  var self = this;
  if (this.postings[stem]) return Promise.resolve(this.postings[stem]);
  var n = floorIndex(this.meta.postings, stem);
  if (n < 0) return Promise.resolve(null);
  return this.load('p', n).then(function (shard) {
    var text = Object.prototype.hasOwnProperty.call(shard, stem) ? shard[stem] : '';
    return (self.postings[stem] = decodePostings(text));
  });
};

/* The query's words: [{form, required, prefix}]. A hyphenated word is
 * required part by part, and its whole form only adds to the score. */
Engine.prototype.parse = function (query) {
  var words = this.analyzer.words(query);
  var typing = !/\s$/.test(query);
  var terms = [];
  words.forEach(function (w, i) {
    var last = typing && i === words.length - 1;
    w.parts.forEach(function (p, j) {
      terms.push({ form: p, required: true, prefix: last && j === w.parts.length - 1 });
    });
    if (w.whole) terms.push({ form: w.whole, required: false, prefix: false });
  });
  /* the same word twice counts once */
  var seen = Object.create(null);
  return terms.filter(function (t) {
    var key = t.form + (t.required ? '+' : '?');
    if (seen[key]) return false;
    return (seen[key] = true);
  });
};

/* Runs a query: resolves with {terms, ranked: [{page, score, matched}],
 * full: count of pages matching every word}. */
Engine.prototype.search = function (query) {
  var self = this;
  return this.init().then(function () {
    var terms = self.parse(query);
    return Promise.all(terms.map(function (t) {
      return self.expand(t.form, { prefix: t.prefix, grouping: true });
    })).then(function (expansions) {
      terms.forEach(function (t, i) { t.stems = expansions[i].found; t.exact = expansions[i].exact; });
      var needFuzzy = terms.filter(function (t) { return t.required && !t.exact; });
      return self.fuzzyFor(needFuzzy).then(function () { return self.rank(terms); });
    }).then(function (result) {
      if (result.full >= FEW || !terms.length) return result;
      var more = terms.filter(function (t) { return t.required && !t.fuzzyDone; });
      if (!more.length) return result;
      return self.fuzzyFor(more).then(function () { return self.rank(terms); });
    });
  });
};

Engine.prototype.fuzzyFor = function (terms) {
  var self = this;
  return Promise.all(terms.map(function (t) {
    t.fuzzyDone = true;
    return self.fuzzy(t.form).then(function (found) {
      Object.keys(found).forEach(function (stem) {
        if (!(stem in t.stems)) t.stems[stem] = found[stem];
      });
    });
  }));
};

/* Scores pages: per word, the best of its stems (rarity × field score ×
 * variant weight); pages matching every required word first. */
Engine.prototype.rank = function (terms) {
  var self = this;
  var n = this.meta.pages;
  var jobs = [];
  terms.forEach(function (t) {
    Object.keys(t.stems).forEach(function (stem) {
      jobs.push(self.postingsOf(stem).then(function (p) { return { term: t, stem: stem, p: p }; }));
    });
  });
  return Promise.all(jobs).then(function (lists) {
    var perTerm = terms.map(function () { return new Map(); });
    lists.forEach(function (l) {
      if (!l.p || !l.p.pages.length) return;
      var df = l.p.pages.length;
      var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      var w = idf * l.term.stems[l.stem] / 31;
      var map = perTerm[terms.indexOf(l.term)];
      for (var i = 0; i < df; i++) {
        var s = w * l.p.scores[i];
        var old = map.get(l.p.pages[i]);
        if (old === undefined || old < s) map.set(l.p.pages[i], s);
      }
    });
    var pages = new Map();
    var required = 0;
    terms.forEach(function (t, i) {
      if (t.required) required++;
      perTerm[i].forEach(function (s, page) {
        var r = pages.get(page);
        if (!r) pages.set(page, (r = { page: page, score: 0, matched: 0 }));
        r.score += s;
        if (t.required) r.matched++;
      });
    });
    var ranked = [];
    pages.forEach(function (r) { if (r.matched > 0) ranked.push(r); });
    ranked.sort(function (a, b) {
      return b.matched - a.matched || b.score - a.score || a.page - b.page;
    });
    var full = 0;
    while (full < ranked.length && ranked[full].matched === required) full++;
    return { terms: terms, ranked: ranked, full: full };
  });
};

/* ---------- facets ---------- */

/* Section and year of a page, from the (section, year) runs of meta. */
Engine.prototype.group = function (page) {
  var groups = this.meta.groups;
  var lo = 0, hi = groups.length;
  while (lo < hi) {
    var mid = (lo + hi) >> 1;
    if (groups[mid][0] <= page) lo = mid + 1; else hi = mid;
  }
  return groups[lo - 1];
};

/* Loads the taxonomy blocks of `pages`; resolves with page → term numbers. */
Engine.prototype.termsOf = function (pages) {
  var self = this;
  var size = this.meta.block;
  var wanted = Object.create(null);
  pages.forEach(function (p) { wanted[Math.floor(p / size)] = true; });
  return Promise.all(Object.keys(wanted).map(function (b) {
    if (self.blocks[b]) return null;
    return self.load('f', +b).then(function (text) { self.blocks[b] = decodeBlock(text); });
  })).then(function () {
    return function (page) {
      var block = self.blocks[Math.floor(page / size)];
      return (block && block[page % size]) || [];
    };
  });
};

/* The facets of the site: [{param, title, values: [label], of(page, terms) → [value index]}]. */
Engine.prototype.facets = function (strings) {
  var self = this;
  var meta = this.meta;
  var years = [];
  meta.groups.forEach(function (g) { if (g[2] && years.indexOf(g[2]) < 0) years.push(g[2]); });
  years.sort().reverse();
  var list = [{
    param: 'section', title: strings.section, values: meta.sections.map(function (s) { return s || strings.noSection; }),
    of: function (page) { return [self.group(page)[1]]; }
  }, {
    param: 'year', title: strings.year, values: years,
    of: function (page) { var y = self.group(page)[2]; return y ? [years.indexOf(y)] : []; }
  }];
  meta.taxonomies.forEach(function (t) {
    list.push({
      param: t.name, title: t.title, values: t.terms, taxonomy: true,
      of: function (page, termsOf) {
        return termsOf(page).filter(function (k) {
          return k >= t.first && k < t.first + t.terms.length;
        }).map(function (k) { return k - t.first; });
      }
    });
  });
  return list;
};

/* Filters `pages` by the selected values and counts each facet's values
 * over the pages that pass every other facet. */
Engine.prototype.filter = function (pages, facets, selected) {
  var self = this;
  var needTerms = facets.some(function (f) { return f.taxonomy; }) && this.meta.taxonomies.length;
  return (needTerms ? this.termsOf(pages) : Promise.resolve(function () { return []; }))
    .then(function (termsOf) {
      var sel = facets.map(function (f) {
        var chosen = (selected[f.param] || []).map(function (v) {
          var fv = self.analyzer.fold(v);
          return f.values.findIndex(function (x) { return self.analyzer.fold(x) === fv; });
        }).filter(function (i) { return i >= 0; });
        return chosen.length ? new Set(chosen) : null;
      });
      var counts = facets.map(function (f) { return f.values.map(function () { return 0; }); });
      var kept = [];
      pages.forEach(function (page) {
        var values = facets.map(function (f) { return f.of(page, termsOf); });
        var fails = [];
        sel.forEach(function (s, i) {
          if (s && !values[i].some(function (v) { return s.has(v); })) fails.push(i);
        });
        if (!fails.length) kept.push(page);
        facets.forEach(function (f, i) {
          if (fails.length === 0 || (fails.length === 1 && fails[0] === i)) {
            values[i].forEach(function (v) { counts[i][v]++; });
          }
        });
      });
      return { pages: kept, counts: counts, selected: sel };
    });
};

/* ---------- excerpts ---------- */

/* Does folded word `form` belong to the matched stems? Forms of loaded
 * vocabulary shards are known exactly; others by their stem prefix. */
Engine.prototype.matcher = function (terms) {
  var stems = Object.create(null);
  var prefixes = [];
  terms.forEach(function (t) {
    Object.keys(t.stems).forEach(function (s) { stems[s] = true; });
    if (t.prefix) prefixes.push(t.form);
  });
  var self = this;
  var known = Object.create(null);
  Object.keys(this.vocab).forEach(function (n) {
    var sh = self.vocab[n];
    for (var i = 0; i < sh.forms.length; i++) {
      if (stems[sh.stems[i]]) known[sh.forms[i]] = true;
    }
  });
  var stemList = Object.keys(stems).filter(function (s) { return s.length >= 3; });
  return function (form) {
    if (known[form]) return true;
    for (var i = 0; i < prefixes.length; i++) if (form.lastIndexOf(prefixes[i], 0) === 0) return true;
    for (i = 0; i < stemList.length; i++) {
      var s = stemList[i];
      if (form.lastIndexOf(s, 0) === 0 && form.length - s.length <= 4) return true;
    }
    return false;
  };
};

/* Marked spans of `text`: [[start, end]] in `text` offsets. */
Engine.prototype.marks = function (text, isMatch) {
  var out = [];
  var re = /[\p{L}\p{N}]+(?:['’ʼ‘‐‑-][\p{L}\p{N}]+)*/gu;
  var m;
  while ((m = re.exec(text))) {
    var ws = this.analyzer.words(m[0]);
    var hit = ws.some(function (w) {
      return w.parts.some(isMatch) || (w.whole && isMatch(w.whole));
    });
    if (hit) out.push([m.index, m.index + m[0].length]);
  }
  return out;
};

/* An excerpt of about `size` characters around the densest matches:
 * {text, marks: [[start, end]]}. */
function excerpt(text, marks, size) {
  if (!marks.length) {
    var cut = text.length > size ? text.lastIndexOf(' ', size) : text.length;
    return { text: text.slice(0, cut > 0 ? cut : size) + (text.length > size ? ' …' : ''), marks: [] };
  }
  var best = 0, bestCount = 0;
  for (var i = 0; i < marks.length; i++) {
    var count = 0;
    for (var j = i; j < marks.length && marks[j][1] - marks[i][0] <= size * 0.7; j++) count++;
    if (count > bestCount) { best = i; bestCount = count; }
  }
  var start = Math.max(0, marks[best][0] - Math.floor(size * 0.25));
  if (start > 0) {
    var sp = text.indexOf(' ', start);
    start = sp >= 0 && sp < marks[best][0] ? sp + 1 : marks[best][0];
  }
  var end = Math.min(text.length, start + size);
  if (end < text.length) {
    var e = text.lastIndexOf(' ', end);
    if (e > marks[best][1]) end = e;
  }
  var shown = marks.filter(function (m) { return m[0] >= start && m[1] <= end; })
    .map(function (m) { return [m[0] - start, m[1] - start]; });
  var prefix = start > 0 ? '… ' : '';
  return {
    text: prefix + text.slice(start, end) + (end < text.length ? ' …' : ''),
    marks: shown.map(function (m) { return [m[0] + prefix.length, m[1] + prefix.length]; })
  };
}

/* ---------- the page ---------- */

var STRINGS = {
  fr: {
    section: 'Section', year: 'Année', noSection: 'Autres pages',
    loading: 'Chargement de l’index…',
    prompt: 'Saisissez un ou plusieurs mots.',
    none: 'Aucun résultat pour « {q} ».',
    one: '1 résultat pour « {q} ».',
    many: '{n} résultats pour « {q} ».',
    partial: '{n} pages contiennent tous les mots, {p} une partie seulement.',
    noneAll: 'Aucune page ne contient tous les mots ; {p} en contiennent une partie.',
    filtered: '{n} pages dans la sélection.',
    more: 'Afficher plus de résultats',
    partialHeading: 'Pages contenant une partie des mots',
    error: 'La recherche n’a pas pu charger son index ({e}).',
    clear: 'Effacer les filtres'
  },
  en: {
    section: 'Section', year: 'Year', noSection: 'Other pages',
    loading: 'Loading the index…',
    prompt: 'Type one or more words.',
    none: 'No results for “{q}”.',
    one: '1 result for “{q}”.',
    many: '{n} results for “{q}”.',
    partial: '{n} pages contain every word, {p} only some.',
    noneAll: 'No page contains every word; {p} contain some.',
    filtered: '{n} pages in the selection.',
    more: 'Show more results',
    partialHeading: 'Pages with some of the words',
    error: 'Search could not load its index ({e}).',
    clear: 'Clear filters'
  }
};

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
}

function el(tag, className, text) {
  var e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function Page(root) {
  this.root = root;
  var lang = (root.getAttribute('data-lang') || 'fr').slice(0, 2);
  var custom = {};
  try { custom = JSON.parse(root.getAttribute('data-strings') || '{}'); } catch (e) { custom = {}; }
  this.strings = Object.assign({}, STRINGS[lang] || STRINGS.fr, custom);
  this.siteRoot = root.getAttribute('data-root') || '';
  this.indexSuffix = root.getAttribute('data-index-suffix');
  this.input = document.getElementById('search-input');
  this.status = document.getElementById('search-status');
  this.results = document.getElementById('search-results');
  this.facetBox = document.getElementById('search-facets');
  this.moreButton = document.getElementById('search-more');
  this.engine = new Engine(scriptLoader(this.siteRoot + 'search/'));
  this.selected = Object.create(null);
  this.run = 0;
}

Page.prototype.start = function () {
  var self = this;
  var params = new URLSearchParams(location.search);
  this.input.value = params.get('q') || '';
  params.forEach(function (v, k) {
    if (k !== 'q' && v) (self.selected[k] = self.selected[k] || []).push(v);
  });
  var timer = null;
  this.input.addEventListener('input', function () {
    self.busy(true);
    clearTimeout(timer);
    timer = setTimeout(function () { self.update(); }, 120);
  });
  this.input.form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    self.update();
  });
  this.moreButton.addEventListener('click', function () { self.showMore(self.run, true); });
  this.facetBox.addEventListener('change', function (e) {
    var box = e.target;
    if (!box || box.type !== 'checkbox') return;
    var list = self.selected[box.name] || [];
    list = list.filter(function (v) { return v !== box.value; });
    if (box.checked) list.push(box.value);
    self.selected[box.name] = list;
    self.update();
  });
  this.say(this.strings.loading);
  this.busy(true);
  this.engine.init().then(function () {
    self.facetList = self.engine.facets(self.strings);
    self.update();
  }, function (e) { self.fail(e); self.busy(false); });
};

Page.prototype.fail = function (e) {
  this.say(format(this.strings.error, { e: e && e.message ? e.message : String(e) }));
};

Page.prototype.say = function (text) { this.status.textContent = text; };

Page.prototype.writeUrl = function (query) {
  var params = new URLSearchParams();
  if (query) params.set('q', query);
  var self = this;
  Object.keys(this.selected).forEach(function (k) {
    self.selected[k].forEach(function (v) { params.append(k, v); });
  });
  var search = params.toString();
  try {
    history.replaceState(history.state, '', search ? '?' + search : location.pathname);
  } catch (e) { /* some file:// setups refuse; the search still runs */ }
};

Page.prototype.hasSelection = function () {
  var s = this.selected;
  return Object.keys(s).some(function (k) { return s[k].length; });
};

/* aria-busy on the results tells assistive technology, and tests, when a
 * search is under way. */
Page.prototype.busy = function (busy) {
  this.results.setAttribute('aria-busy', busy ? 'true' : 'false');
};

Page.prototype.update = function () {
  var self = this;
  var run = ++this.run;
  var query = this.input.value;
  this.writeUrl(query.trim());
  var engine = this.engine;
  if (!engine.meta) return Promise.resolve();
  this.busy(true);
  var hasWords = engine.analyzer.words(query).length > 0;
  var found;
  if (hasWords) {
    found = engine.search(query);
  } else if (this.hasSelection()) {
    var all = [];
    for (var p = 0; p < engine.meta.pages; p++) all.push({ page: p, score: 0, matched: 0 });
    found = Promise.resolve({ terms: [], ranked: all, full: all.length, browsing: true });
  } else {
    this.clear();
    this.say(this.strings.prompt);
    this.busy(false);
    return Promise.resolve();
  }
  return found.then(function (result) {
    if (run !== self.run) return null;
    var pages = result.ranked.map(function (r) { return r.page; });
    return engine.filter(pages, self.facetList, self.selected).then(function (f) {
      if (run !== self.run) return null;
      var keep = new Set(f.pages);
      var ranked = result.ranked.filter(function (r) { return keep.has(r.page); });
      var full = 0;
      var required = result.terms.filter(function (t) { return t.required; }).length;
      ranked.forEach(function (r) { if (result.browsing || r.matched === required) full++; });
      self.shown = { ranked: ranked, full: full, terms: result.terms, count: 0, query: query.trim(),
                     matcher: engine.matcher(result.terms), browsing: result.browsing };
      self.renderFacets(f.counts, f.selected);
      self.results.textContent = '';
      self.list = null;
      self.announce();
      return self.showMore(run, false);
    });
  }).catch(function (e) { if (run === self.run) self.fail(e); })
    .then(function () { if (run === self.run) self.busy(false); });
};

Page.prototype.clear = function () {
  this.results.textContent = '';
  this.list = null;
  this.facetBox.textContent = '';
  this.moreButton.hidden = true;
};

Page.prototype.announce = function () {
  var s = this.strings, shown = this.shown;
  var n = shown.full, p = shown.ranked.length - shown.full;
  var text;
  if (shown.browsing) text = format(s.filtered, { n: n });
  else if (!shown.ranked.length) text = format(s.none, { q: shown.query });
  else if (!p) text = format(n === 1 ? s.one : s.many, { n: n, q: shown.query });
  else if (!n) text = format(s.noneAll, { p: p });
  else text = format(s.partial, { n: n, p: p });
  this.say(text);
};

Page.prototype.renderFacets = function (counts, selected) {
  var self = this;
  this.facetBox.textContent = '';
  this.facetList.forEach(function (f, i) {
    var order = f.values.map(function (_, v) { return v; }).filter(function (v) {
      return counts[i][v] > 0 || (selected[i] && selected[i].has(v));
    });
    if (!order.length) return;
    if (f.taxonomy) order.sort(function (a, b) { return counts[i][b] - counts[i][a] || a - b; });
    var set = el('fieldset', 'search-facet');
    set.appendChild(el('legend', null, f.title));
    var list = el('ul');
    order.forEach(function (v) {
      var li = el('li');
      var label = el('label');
      var box = el('input');
      box.type = 'checkbox';
      box.name = f.param;
      box.value = f.values[v];
      box.checked = !!(selected[i] && selected[i].has(v));
      label.appendChild(box);
      label.appendChild(document.createTextNode(' ' + f.values[v] + ' '));
      label.appendChild(el('span', 'search-count', '(' + counts[i][v] + ')'));
      li.appendChild(label);
      list.appendChild(li);
    });
    set.appendChild(list);
    self.facetBox.appendChild(set);
  });
};

Page.prototype.href = function (url) {
  if (this.indexSuffix === '' && /(^|\/)index\.html$/.test(url)) url = url.slice(0, -'index.html'.length);
  return this.siteRoot + url;
};

Page.prototype.showMore = function (run, focus) {
  var self = this;
  var shown = this.shown;
  var slice = shown.ranked.slice(shown.count, shown.count + PAGE_SIZE);
  var engine = this.engine;
  return Promise.all(slice.map(function (r) { return engine.doc(r.page); })).then(function (docs) {
    if (run !== self.run) return;
    var firstNew = null;
    docs.forEach(function (doc, i) {
      var index = shown.count + i;
      if (!self.list || (index === shown.full && index > 0 && !shown.browsing)) {
        if (self.list) self.results.appendChild(el('p', 'search-partial-heading', self.strings.partialHeading));
        self.list = self.results.appendChild(el('ol', 'search-list'));
      }
      var item = self.renderResult(doc, shown);
      if (!firstNew) firstNew = item;
      self.list.appendChild(item);
    });
    shown.count += slice.length;
    self.moreButton.hidden = shown.count >= shown.ranked.length;
    if (focus && firstNew) firstNew.querySelector('a').focus();
  }).catch(function (e) { self.fail(e); });
};

Page.prototype.renderResult = function (doc, shown) {
  var engine = this.engine;
  var li = el('li', 'search-result');
  var a = el('a', 'search-result-title', doc.t || doc.u);
  a.href = this.href(doc.u);
  var h = el('h2');
  h.appendChild(a);
  li.appendChild(h);
  var meta = [];
  var section = engine.meta.sections[doc.s];
  if (section) meta.push(section);
  if (doc.d) meta.push(doc.d);
  var terms = doc.k.map(function (k) { return termName(engine.meta, k); }).filter(Boolean);
  if (meta.length) li.appendChild(el('p', 'search-result-meta', meta.join(' · ')));
  if (terms.length) li.appendChild(el('p', 'search-result-terms', terms.join(', ')));
  var ex = this.excerptOf(doc, shown.matcher);
  if (ex.text) {
    var p = el('p', 'search-result-excerpt');
    var pos = 0;
    ex.marks.forEach(function (m) {
      if (m[0] > pos) p.appendChild(document.createTextNode(ex.text.slice(pos, m[0])));
      p.appendChild(el('mark', null, ex.text.slice(m[0], m[1])));
      pos = m[1];
    });
    if (pos < ex.text.length) p.appendChild(document.createTextNode(ex.text.slice(pos)));
    li.appendChild(p);
  }
  return li;
};

Page.prototype.excerptOf = function (doc, isMatch) {
  var engine = this.engine;
  var body = doc.b || '';
  var bodyMarks = engine.marks(body, isMatch);
  if (bodyMarks.length) return excerpt(body, bodyMarks, 240);
  var desc = doc.e || '';
  var descMarks = engine.marks(desc, isMatch);
  if (descMarks.length || desc) return excerpt(desc, descMarks, 240);
  return excerpt(body, [], 240);
};

function termName(meta, k) {
  for (var i = 0; i < meta.taxonomies.length; i++) {
    var t = meta.taxonomies[i];
    if (k >= t.first && k < t.first + t.terms.length) return t.terms[k - t.first];
  }
  return null;
}

/* ---------- exports ---------- */

var api = {
  Engine: Engine, Analyzer: Analyzer, scriptLoader: scriptLoader,
  decodeVocabulary: decodeVocabulary, decodePostings: decodePostings,
  decodeBlock: decodeBlock, editDistance: editDistance, excerpt: excerpt
};
var global = typeof window !== 'undefined' ? window : globalThis;
global.carnetSearch = carnetSearch;
global.CarnetSearch = api;

if (typeof document !== 'undefined') {
  var boot = function () {
    var root = document.getElementById('search');
    if (root && document.getElementById('search-results')) {
      var page = new Page(root);
      api.page = page;
      page.start();
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
}
})();
