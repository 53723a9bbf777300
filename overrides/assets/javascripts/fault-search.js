// The site's search engine: the reader of the index hooks/faultsite/search.py writes. It runs in our search worker
// (for Material's search box and for the fault-ID field). Queries go through the same pipeline and analyzer as the
// index text (normalize.js, terms.js, with the lexicon's data), so a query's terms are the index's terms.
//
// Ranking, in this order:
// 1. the fault whose ID the query names (fault-id.js: "Fault 13:", "障害13", "13번", F13; never a date or a host);
// 2. faults with a name (portal text or endpoint description, own or another language's) contained whole in the
//    query, longest name first (a pasted notification);
// 3. faults with a name that holds every term of the query (a phrase several faults share: all of them);
// 4. then by score: per query term, its best match in the document (exact, an inflection or compound, a typo)
//    weighted by rarity and by field, times the square of the share of query terms the document matches;
//    among the results with text, those holding the whole query as written first;
// 5. pages that are not faults (home, status) after every fault that matches.
// A relevance floor drops results that match too few of a long query's terms (a pasted notification does not
// list every fault that shares a word with it).
// What the other scripts use of it, self.FaultSearch, is typed in tests/browser/site-globals.d.ts.
// `root`: the page or worker (self), or in Node the module (this: its exports, typed as the global, of which it holds
// none of the names read here; the name written here is replaced by module.exports)
(/** @param {typeof globalThis} root */ function (root) {
  "use strict";

  var normalize = root.faultNormalize;
  var FaultId = root.FaultId;
  var Analyzer = root.FaultTerms.Analyzer;
  var NEGATED = root.FaultTerms.NEGATED;
  var GLOSSED = "~"; // a glossary word's term (hooks/faultsite/search.py)
  var Results = root.FaultResults;

  var ID_BONUS = 1e6, NAME_IN_QUERY = 1e4, QUERY_IN_NAME = 1e3;
  var EXACT = 1, STEM = 0.7, COMPOUND = 0.5, TYPO = 0.45, PARTIAL = 0.4;
  // When the query term is itself a word of the index, its inflections and compounds count much less: the word
  // the reader typed wins ("scanned" finds the one fault that says "scanned" before those named "scan").
  var NEAR_EXACT = 0.25;
  var PHRASE = 500; // among the results with text, those that hold the whole query as written
  var TEXT_RESULTS = 10; // results that get a teaser (the ten Material shows first); the rest show their title
  // The product's name in a query with other words is context (lexicon `context_phrases`), as whole words.
  var CONTEXT = new RegExp("(?:^| )(?:" + normalize.lexicon.context_phrases.words.join("|") + ")(?= |$)", "gu");
  var FLOOR = 0.5; // where the query names a fault, another result matches at least this share of it (by rarity)
  var NAMED = 20; // the bonus of a document one of whose names is the query (by their Dice coefficient, squared)
  var GLOSSARY_MATCH = 0.5; // a query word only a fault's glossary words match counts as half a match
  var POLARITY = 0.3; // a word of the other polarity ("loaded" for "not loaded") counts less than a third

  /** The index terms a query term stands for: [term, factor, parts, cross, weak] (Engine.expand).
   * @typedef {[string, number, number, boolean, boolean]} Expansion */
  /** A word close to a query term: [word, factor, how many parts, for a compound's parts] (Engine.close).
   * @typedef {[string, number, number?]} Close */
  /** A loaded vocabulary shard: its words (without the glossary mark), as a set, and those of the faults' own text.
   * @typedef {{list: string[], set: Set<string>, own: Set<string>}} WordShard */
  /** A document's best match of a query term: [value, the index term, 1 if by a glossary word (else 0)].
   * @typedef {[number, string, number]} Best */
  /** A compound's parts that a document's names hold: how many parts, and each part's names mask.
   * @typedef {{of: number, words: Map<string, number>}} Parts */
  /**
   * A Map read with get() only where it holds the key (after its has() or set()), so get() gives a value: tsc does
   * not carry a has() over to the get() after it.
   * @template K, V
   * @typedef {Omit<Map<K, V>, "get"> & {get(key: K): V}} Filled
   */

  // FNV-1a (32 bit) over the term's code points, modulo `count`.
  /** @param {string} term @param {number} count @returns {number} */
  function shardOf(term, count) {
    var value = 0x811c9dc5;
    // (a character of a string always has a code point)
    for (var ch of term) value = Math.imul(value ^ /** @type {number} */ (ch.codePointAt(0)), 0x01000193) >>> 0;
    return value % count;
  }

  // A term without its glossary and negation marks: what its postings shard is chosen by.
  /** @param {string} term @returns {string} */
  function base(term) {
    while (term.charAt(0) === GLOSSED || term.charAt(0) === NEGATED) term = term.slice(1);
    return term;
  }

  /** @param {string} term @returns {string} */
  function firstChar(term) { return Array.from(base(term))[0] || ""; }

  /** @param {string} term @param {number} count @returns {string} */
  function postingsShard(term, count) { return "terms-" + shardOf(base(term), count) + ".json"; }

  /** @param {string} a @param {string} b @returns {number} */
  function commonPrefix(a, b) {
    var n = Math.min(a.length, b.length), i = 0;
    while (i < n && a[i] === b[i]) i++;
    return i;
  }

  // Optimal string alignment distance, stopped early above `limit`.
  /** @param {string} a @param {string} b @param {number} limit @returns {number} */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    /** @type {number[][]} */
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
      for (var j = 1; j <= b.length; j++) rows[i].push(i === 0 ? j : 0);
    }
    for (i = 1; i <= a.length; i++) {
      var best = Infinity;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i][j] = d;
        if (d < best) best = d;
      }
      if (best > limit) return limit + 1;
    }
    return rows[a.length][b.length];
  }

  var HANGUL = new RegExp("^[" + normalize.expand("{hangul}") + "]+$", "u");
  var LATIN = new RegExp("^[" + normalize.expand("{latin}") + "]+$", "u");
  var KANA = /^[\u30a0-\u30ff]+$/u;

  // How close an index word is to a query term, as a factor (0: not at all); `exact`: the term is itself a word of
  // the index. Latin: an inflection (a common stem), a typo (one edit up to 7 letters, two from 8, the same first
  // letter), or, while the reader types, the start of a word. Hangul: the same word with another particle or ending
  // (모듈이, 모듈을). Katakana: a long vowel mark more or less at the end (フィルター, フィルタ); as in Latin, where the
  // reader's spelling is itself a word of the index, the other spelling counts much less (ユーザ finds ユーザ first).
  /** @param {string} term @param {string} word @param {boolean} exact @returns {number} */
  function closeness(term, word, exact) {
    if (word === term) return EXACT;
    var common = commonPrefix(word, term);
    var shorter = Math.min(word.length, term.length), longer = Math.max(word.length, term.length);
    if (LATIN.test(term) && LATIN.test(word)) {
      var inflection = common >= 4 && ((common === shorter && longer - shorter <= 4) || common >= Math.max(5, longer - 4));
      if (inflection || (!exact && common === term.length && term.length >= 3)) return exact ? NEAR_EXACT : STEM;
      if (!exact && term.length >= 4 && word[0] === term[0] &&
          distance(word, term, term.length >= 8 ? 2 : 1) <= (term.length >= 8 ? 2 : 1)) return TYPO;
    } else if (HANGUL.test(term) && HANGUL.test(word)) {
      // A Korean word's endings are the same word (no NEAR_EXACT: 재부팅해야 is 재부팅).
      var ending = common === term.length || (common >= shorter - 1 && longer - common <= 3);
      if (common >= 2 && ending) return STEM;
    } else if (KANA.test(term) && KANA.test(word) && term.length >= 3) {
      if (common === shorter && longer - shorter === 1 && /ー$/.test(term + word.slice(-1))) return exact ? NEAR_EXACT : STEM;
      if (!exact && word[0] === term[0] && distance(word, term, 1) <= 1) return TYPO;
    }
    return 0;
  }

  // A word written as two or three words of the index (a Dutch or Korean compound): its parts, or null.
  // `known(word)`: whether the index has the word (undefined: its vocabulary shard is not loaded yet).
  /**
   * @param {string} term @param {(word: string) => boolean | undefined} known @param {number} depth
   * @returns {string[] | null}
   */
  function compoundParts(term, known, depth) {
    var latin = LATIN.test(term);
    if (!latin && !HANGUL.test(term)) return null;
    var least = latin ? 4 : 2, links = latin ? ["", "s", "e", "en"] : [""];
    for (var cut = least; cut <= term.length - least; cut++) {
      var head = term.slice(0, cut), tail = term.slice(cut);
      if (known(head) !== true) continue;
      for (var k = 0; k < links.length; k++) {
        if (tail.indexOf(links[k]) !== 0) continue;
        var rest = tail.slice(links[k].length);
        if (rest.length < least) continue;
        if (known(rest) === true) return [head, rest];
        var deeper = depth > 1 ? compoundParts(rest, known, depth - 1) : null;
        if (deeper) return [head].concat(deeper);
      }
    }
    return null;
  }

  // The tails a compound of `term` would need to look up (their vocabulary shards), given the heads known now.
  /** @param {string} term @param {(word: string) => boolean | undefined} known @returns {string[]} */
  function compoundTails(term, known) {
    /** @type {string[]} */
    var tails = [];
    for (var cut = 2; cut <= term.length - 2; cut++) {
      if (known(term.slice(0, cut)) === true) tails.push(term.slice(cut), term.slice(cut + 1), term.slice(cut + 2));
    }
    return tails.filter(Boolean);
  }

  // An engine on one locale's index. `load(name)` returns a promise of the parsed JSON file `name` of the
  // locale's search folder; `meta` is the "fault_search" part of the index's config.
  /** @constructor @param {FaultSearchMeta} meta @param {(name: string) => Promise<FaultIndexFile>} load */
  function Engine(meta, load) {
    this.meta = meta;
    this.load = load;
    this.analyzer = new Analyzer(meta.locale, meta.stop);
    /** @type {Record<string, Promise<FaultIndexFile>>} */
    this.files = {};
    /** @type {Record<number, WordShard>} */
    this.vocabulary = {}; // word shard -> its words
    /** @type {FaultPage[]} */
    this.pages = meta.pages.map(function (p) { return { location: p[0], title: p[1], fault: p[2], names: p[3] }; });
    /** @type {Record<number, number>} */
    this.byFault = {};
    this.explain = /** @type {Record<number, string[]> | null} */ (null); // set to {} to see each result's scores
    for (var i = 0; i < this.pages.length; i++) if (this.pages[i].fault) this.byFault[this.pages[i].fault] = i;
  }

  /** @param {string} name @returns {Promise<FaultIndexFile>} */
  Engine.prototype.file = function (name) {
    var self = this;
    if (!(name in self.files)) {
      self.files[name] = self.load(name + "?v=" + self.meta.version).catch(function (/** @type {unknown} */ error) {
        delete self.files[name];
        throw error;
      });
    }
    return self.files[name];
  };

  /** @param {string} term @returns {number} */
  Engine.prototype.wordShard = function (term) { return shardOf(firstChar(term), this.meta.word_shards); };

  // Loads the vocabulary shards of `terms`; resolves when each is in this.vocabulary.
  /** @param {string[]} terms @returns {Promise<void[]>} */
  Engine.prototype.loadWords = function (terms) {
    var self = this, wanted = new Set(terms.map(function (t) { return self.wordShard(t); }));
    return Promise.all(Array.from(wanted).map(function (n) {
      // (a vocabulary shard: its words)
      return /** @type {Promise<string[]>} */ (self.file("words-" + n + ".json")).then(function (words) {
        if (self.vocabulary[n]) return;
        var list = words.map(base);  // "~": a word only the glossary's names hold
        self.vocabulary[n] = { list: list, set: new Set(list), own: new Set(words.filter(function (w) { return w.charAt(0) !== GLOSSED; })) };
      });
    }));
  };

  // Whether the index has `word`: true, false, or undefined while its shard is not loaded. `own`: as a word of the
  // faults' own text (not only of the glossary's names for what they talk about).
  /** @param {string} word @param {boolean} [own] @returns {boolean | undefined} */
  Engine.prototype.known = function (word, own) {
    var shard = this.vocabulary[this.wordShard(word)];
    return shard ? (own ? shard.own : shard.set).has(word) : undefined;
  };

  // The index terms a query term stands for, each as [term, factor, parts, cross, weak]: itself, its close words
  // (inflections, endings, typos), a compound's parts (`parts`: how many), the word it makes with its neighbour in
  // the query (written apart, joined in the text); each also of the other polarity (`cross`: "approved" for "not
  // approved" and the reverse), at POLARITY times its factor; `weak`: a typo or a word that merely starts like it,
  // which does not count in names.
  /** @param {string} term @param {string | null} next @returns {Expansion[]} */
  Engine.prototype.expand = function (term, next) {
    var negated = term.charAt(0) === NEGATED, word = negated ? term.slice(1) : term;
    var own = negated ? NEGATED : "", other = negated ? "" : NEGATED;
    /** @type {Expansion[]} */
    var found = [];
    this.close(word, negated ? null : next).forEach(function (e) {
      var weak = e[1] === TYPO || e[1] === NEAR_EXACT || e[1] < COMPOUND * PARTIAL;
      found.push([own + e[0], e[1], e[2] || 0, false, weak], [other + e[0], e[1] * POLARITY, e[2] || 0, true, weak]);
    });
    return found;
  };

  /** @param {string} term @param {string | null} next @returns {Close[]} */
  Engine.prototype.close = function (term, next) {
    var self = this, found = /** @type {Close[]} */ ([]);
    var exact = self.known(term) === true;
    if (exact) found.push([term, EXACT]);
    // The word the reader typed wins over its inflections only where it is a word of a fault's own text: a
    // glossary's variant ("laadt niet") does not make the text's "geladen" a lesser match.
    var own = exact && self.known(term, true) === true;
    if (/^[0-9.]+$/.test(term)) return found;
    self.vocabulary[self.wordShard(term)].list.forEach(function (word) {
      var factor = word === term ? 0 : closeness(term, word, own);
      if (factor) found.push([word, factor]);
    });
    var known = /** @param {string} w */ function (w) { return self.known(w); };
    var parts = compoundParts(term, known, 2);
    // (`parts` tested just before: tsc does not carry the test of a `var` into a callback)
    if (parts) parts.forEach(function (p) { found.push([p, COMPOUND, /** @type {string[]} */ (parts).length]); });
    else if (!exact) found = found.concat(self.partial(term));
    if (next && self.known(term + next) === true) found.push([term + next, COMPOUND]);
    return found;
  };

  // A word the index does not know that starts with one it knows (versieverschil, カーネルモジュル): that word, and
  // the words close to the rest (a typo in the second half of a compound), at PARTIAL times their factor.
  /** @param {string} term @returns {Close[]} */
  Engine.prototype.partial = function (term) {
    var self = this, least = LATIN.test(term) ? 4 : HANGUL.test(term) ? 2 : KANA.test(term) ? 3 : 0,
      found = /** @type {Close[]} */ ([]);
    for (var cut = term.length - least; least && cut >= least; cut--) {
      if (self.known(term.slice(0, cut)) !== true) continue;
      var rest = term.slice(cut), shard = self.vocabulary[self.wordShard(rest)];
      found.push([term.slice(0, cut), PARTIAL]);
      if (shard && rest.length >= least) {
        shard.list.forEach(function (word) {
          var factor = closeness(rest, word, false);
          if (factor) found.push([word, PARTIAL * factor]);
        });
      }
      break;
    }
    return found;
  };

  // The query's terms, where a negation word negates a word no fault holds in any form ("laadt nog steeds niet",
  // "로드가 안 됨": an adverb, a light verb) and the content word before it is one the index has: that word is the
  // one negated. (The analyzer negates the next or the last word; a reader's sentence may put one between.)
  /** @param {FaultAnalysis} analyzed @returns {string[]} */
  Engine.prototype.rescoped = function (analyzed) {
    var terms = analyzed.terms.slice(), words = analyzed.words, at = analyzed.at;
    for (var i = 1; i < words.length; i++) {
      var term = terms[at[i]], before = terms[at[i - 1]];
      if (term.charAt(0) !== NEGATED || before.charAt(0) === NEGATED) continue;
      if (this.close(words[i], null).length || !this.close(words[i - 1], null).length) continue;
      terms[at[i]] = words[i];
      terms[at[i - 1]] = NEGATED + before;
    }
    return terms;
  };

  // The results for `query`; `field`: the fault-ID field's reading, where only what can be no ID is searched.
  /** @param {string} query @param {boolean} [field] @returns {Promise<FaultRanked>} */
  Engine.prototype.search = function (query, field) {
    var self = this;
    var id = FaultId.findId(query);
    var normalized = normalize(field ? id.rest : id.words);
    var bare = normalized.replace(CONTEXT, " ").trim().replace(/ +/g, " ");
    if (bare) normalized = bare;
    var analyzed = self.analyzer.analyze(normalized);
    var terms = Array.from(new Set(analyzed.terms));
    if (!terms.length && id.id === null) return Promise.resolve({ query: normalized, words: [], results: [], strength: 0 });
    var words = analyzed.words;
    return self.loadWords(terms).then(function () {
      terms = Array.from(new Set(self.rescoped(analyzed)));
      // A compound's tails may sit in other vocabulary shards: load those too, then expand.
      /** @type {string[]} */
      var tails = [];
      terms.forEach(function (t) { tails = tails.concat(compoundTails(t, self.known.bind(self))); });
      return self.loadWords(tails);
    }).then(function () {
      var expansions = terms.map(function (t) {
        var at = words.indexOf(t);
        return self.expand(t, at !== -1 && at + 1 < words.length ? words[at + 1] : null);
      });
      var strength = words.filter(function (w) { return Array.from(w).length >= 2 && !/^[0-9.]+$/.test(w); }).length;
      terms.forEach(function (t, q) {
        if (words.indexOf(t) !== -1 && expansions[q].filter(function (e) { return e[1] === COMPOUND; }).length > 1) strength++;
      });
      /** @type {Set<string>} */
      var shardNames = new Set();
      expansions.forEach(function (list) {
        list.forEach(function (e) { shardNames.add(postingsShard(e[0], self.meta.shards)); });
      });
      var names = Array.from(shardNames);
      return Promise.all(names.map(function (n) {
        return /** @type {Promise<FaultPostingsShard>} */ (self.file(n)); // (a postings shard)
      })).then(function (loaded) {
        /** @type {Record<string, FaultPostingsShard>} */
        var postings = {};
        names.forEach(function (n, i) { postings[n] = loaded[i]; });
        // (the ranking's strength is set just below)
        var ranked = /** @type {FaultRanked} */ (self.rank(normalized, terms, expansions, id.id, function (term) {
          return self.decoded(postings[postingsShard(term, self.meta.shards)], term);
        }));
        ranked.strength = strength;
        return Results.withText(self, ranked, TEXT_RESULTS, PHRASE);
      });
    });
  };

  // A term's postings with absolute document numbers (the index stores each as the step from the one before).
  /** @param {FaultPostingsShard} shard @param {string} term @returns {number[] | undefined} */
  Engine.prototype.decoded = function (shard, term) {
    if (!shard[term]) return undefined;
    if (!this.postings) this.postings = /** @type {Map<string, number[]>} */ (new Map());
    if (!this.postings.has(term)) {
      var stored = shard[term], flat = stored.slice(), doc = 0;
      for (var i = 0; i < flat.length; i += 3) { doc += stored[i]; flat[i] = doc; }
      this.postings.set(term, flat);
    }
    return this.postings.get(term);
  };

  // `postingsOf(term)`: the term's postings, [document, weight x100, names mask, ...], or undefined.
  /**
   * @param {string} normalized @param {string[]} terms @param {Expansion[][]} expansions
   * @param {number | null} faultId @param {(term: string) => number[] | undefined} postingsOf
   * @returns {Omit<FaultRanked, "strength">}
   */
  Engine.prototype.rank = function (normalized, terms, expansions, faultId, postingsOf) {
    var self = this, count = this.pages.length;
    var scores = /** @type {Map<number, number>} */ (new Map()),
      matched = /** @type {Map<number, number>} */ (new Map()),
      hits = /** @type {Filled<number, [number, number][]>} */ (new Map()), // doc -> [query term, by a glossary word]
      hitTerms = /** @type {Filled<number, Set<string>>} */ (new Map()),
      hitQuery = /** @type {Filled<number, Set<string>>} */ (new Map());
    /** @type {Map<number, Record<number, number>>} */
    var nameTerms = new Map(); // doc -> name -> distinct close terms of the query it holds
    var nameAll = /** @type {Map<number, number> | null} */ (null); // doc -> mask of the names that hold every query term
    /** @type {Set<string>} */
    var seen = new Set();
    /** @type {Map<number, Record<string, number>>} */
    var cover = new Map(); // doc -> name -> query terms it holds
    /** @type {Map<number, number>} */
    var ownAny = new Map(); // doc -> mask of the names that hold a query term in their own words
    var rarity = expansions.map(function () { return 0; }), most = Math.log(1 + (count - 0.5) / 0.5);
    expansions.forEach(function (list, q) {
      var best = /** @type {Filled<number, Best>} */ (new Map()),
        masks = /** @type {Map<number, number>} */ (new Map()), owned = /** @type {Map<number, number>} */ (new Map()),
        glossMasks = /** @type {Map<number, number>} */ (new Map()),
        parts = /** @type {Filled<number, Parts>} */ (new Map());
      var crossMasks = /** @type {Map<number, number>} */ (new Map()),
        // doc -> a compound's part -> its best value there
        partValues = /** @type {Filled<number, Filled<string, Best>>} */ (new Map());
      list.forEach(function (e) {
        [e[0], GLOSSED + e[0]].forEach(function (term, glossed) {
          var found = postingsOf(term);
          if (!found) return;
          var df = found.length / 3, idf = Math.log(1 + (count - df + 0.5) / (df + 0.5));
          if (!glossed && !e[3]) rarity[q] = Math.max(rarity[q], idf * Math.min(1, e[1]));
          var first = !seen.has(term);
          seen.add(term);
          for (var i = 0; i < found.length; i += 3) {
            var doc = found[i], value = e[1] * idf * found[i + 1] / 100, mask = found[i + 2];
            if (!best.has(doc) || best.get(doc)[0] < value) best.set(doc, [value, e[0], glossed]);
            if (e[2] && !e[3]) {
              if (!partValues.has(doc)) partValues.set(doc, /** @type {Filled<string, Best>} */ (new Map()));
              var held = partValues.get(doc), key = base(e[0]);
              if (!held.has(key) || held.get(key)[0] < value) held.set(key, [value, e[0], glossed]);
            }
            // Names are matched by what the reader typed and its forms, not by a typo or a word that merely starts
            // like it; a compound's parts together; a name's glossary words count for a phrase of names, not for
            // how much of the query the name is; a word of the other polarity (a name that says "not approved" for
            // "approved") only for how much of the query the name is, at POLARITY.
            if (e[4] || !mask) continue;
            if (e[3]) { crossMasks.set(doc, (crossMasks.get(doc) || 0) | mask); continue; }
            if (e[2]) {  // a compound's part: its masks are put together once every part is seen
              if (!parts.has(doc)) parts.set(doc, { of: e[2], words: /** @type {Map<string, number>} */ (new Map()) });
              var words = parts.get(doc).words, part = base(e[0]);
              words.set(part, (words.get(part) || 0) | mask);
              continue;
            }
            masks.set(doc, (masks.get(doc) || 0) | mask);
            if (glossed) { glossMasks.set(doc, (glossMasks.get(doc) || 0) | mask); continue; }
            owned.set(doc, (owned.get(doc) || 0) | mask);
            if (!first || e[3]) continue;
            if (!nameTerms.has(doc)) nameTerms.set(doc, {});
            // (nameTerms holds `doc`: set just above)
            for (var bit = 0; mask >> bit; bit++) {
              if (mask >> bit & 1) /** @type {Record<number, number>} */ (nameTerms.get(doc))[bit] =
                (/** @type {Record<number, number>} */ (nameTerms.get(doc))[bit] || 0) + 1;
            }
          }
        });
      });
      // A compound typed as one word that the index does not hold (procesuitvoering): a document holding all its
      // parts matches it by their sum, as much as the word itself; one holding one part, by that part. (Where the
      // index holds the compound, the documents that hold it are the evidence; its parts count apart.)
      var whole = list.some(function (e) { return e[1] === EXACT && !e[3]; });
      if (!whole) partValues.forEach(function (held, doc) {
        var sum = 0, own = false, first = /** @type {string | null} */ (null);
        held.forEach(function (v) { sum += v[0]; own = own || !v[2]; first = first || v[1]; });
        // (`first`: a term, as `held` is not empty)
        if (held.size > 1 && sum > best.get(doc)[0]) best.set(doc, [sum, /** @type {string} */ (first), own ? 0 : 1]);
      });
      parts.forEach(function (p, doc) {
        if (p.words.size < p.of) return; // every part of the compound in one name
        var mask = -1;
        p.words.forEach(function (m) { mask &= m; });
        if (!mask) return;
        masks.set(doc, (masks.get(doc) || 0) | mask);
        owned.set(doc, (owned.get(doc) || 0) | mask);
      });
      // How many query words each name holds: its own words count one, its glossary words (only) a half, words
      // of the other polarity (only) POLARITY.
      new Set([...masks.keys(), ...crossMasks.keys()]).forEach(function (doc) {
        var own = owned.get(doc) || 0, glossed = (glossMasks.get(doc) || 0) & ~own;
        var crossed = (crossMasks.get(doc) || 0) & ~own & ~glossed;
        if (!cover.has(doc)) cover.set(doc, {});
        for (var bit = 0; (own | glossed | crossed) >> bit; bit++) {
          var held = own >> bit & 1 ? 1 : glossed >> bit & 1 ? GLOSSARY_MATCH : crossed >> bit & 1 ? POLARITY : 0;
          // (cover holds `doc`: set just above)
          if (held) /** @type {Record<string, number>} */ (cover.get(doc))[bit] =
            (/** @type {Record<string, number>} */ (cover.get(doc))[bit] || 0) + held;
        }
      });
      best.forEach(function (v, doc) {
        if (self.explain) (self.explain[doc] = self.explain[doc] || []).push(terms[q] + "=" + v[1] + ":" + v[0].toFixed(2));
        scores.set(doc, (scores.get(doc) || 0) + v[0]);
        matched.set(doc, (matched.get(doc) || 0) + 1);
        hits.has(doc) ? hits.get(doc).push([q, v[2]]) : hits.set(doc, [[q, v[2]]]);
        if (!hitTerms.has(doc)) { hitTerms.set(doc, new Set()); hitQuery.set(doc, new Set()); }
        hitTerms.get(doc).add(v[1]);
        hitQuery.get(doc).add(terms[q]);
      });
      owned.forEach(function (mask, doc) { ownAny.set(doc, (ownAny.get(doc) || 0) | mask); });
      var every = /** @type {Map<number, number>} */ (new Map());
      // (masks.get(doc): a number where masks has `doc`)
      if (nameAll === null) every = masks;
      else nameAll.forEach(function (mask, doc) {
        if (masks.has(doc) && (mask & /** @type {number} */ (masks.get(doc))))
          every.set(doc, mask & /** @type {number} */ (masks.get(doc)));
      });
      nameAll = every;
    });
    var idDoc = faultId !== null && self.byFault[faultId] !== undefined ? self.byFault[faultId] : -1;
    if (idDoc !== -1 && !scores.has(idDoc)) {
      scores.set(idDoc, 0); matched.set(idDoc, 0); hits.set(idDoc, []);
      hitTerms.set(idDoc, new Set()); hitQuery.set(idDoc, new Set());
    }
    /** @type {FaultResult[]} */
    var results = [];
    scores.forEach(function (score, doc) {
      // The share of the query the document matches, each query word weighed by its rarity (a word the index does
      // not hold as rare as can be), a word only its glossary words match by half.
      var page = self.pages[doc], all = 0, got = 0;
      rarity.forEach(function (r) { all += r || most; });
      hits.get(doc).forEach(function (h) { got += (rarity[h[0]] || most) * (h[1] ? GLOSSARY_MATCH : 1); });
      var coverage = all ? got / all : 0;
      var tier = doc === idDoc ? ID_BONUS : 0, size = 0,
        held = /** @type {Record<number, number>} */ (nameTerms.get(doc) || {});
      page.names.forEach(function (length, bit) { if (length && held[bit] >= length) size = Math.max(size, length); });
      // A phrase of names: a name holds every query term; a single word only in its own words (not by the
      // glossary words alone: 引導 is one of many names of a restart).
      var phraseMask = nameAll ? (nameAll.get(doc) || 0) & (terms.length > 1 ? -1 : ownAny.get(doc) || 0) : 0;
      var phrase = Boolean(phraseMask), share = 0,
        holding = /** @type {Record<string, number>} */ (cover.get(doc) || {});
      page.names.forEach(function (length, bit) {
        if (length && phraseMask >> bit & 1) share = Math.max(share, (holding[bit] || 0) / length);
      });
      if (!tier && size) tier = NAME_IN_QUERY;
      else if (!tier && phrase) tier = QUERY_IN_NAME;
      // How close one of the document's names is to the query, as a bonus: a name is what a fault is about.
      var close = 0;
      Object.keys(holding).forEach(function (bit) {
        // @ts-expect-error -- `bit`, a key of Object.keys, is a string: an array reads names["3"] as names[3]
        close = Math.max(close, 2 * holding[bit] / (terms.length + (page.names[bit] || terms.length)));
      });
      score = score * coverage * coverage + NAMED * close * close;
      results.push({ page: page, tier: tier, size: size, phrase: phrase, share: share, score: tier + size * 100 + score,
                     coverage: coverage, terms: hitTerms.get(doc), queryTerms: hitQuery.get(doc) });
    });
    // The relevance floor, where the query names a fault (its ID, a name of it whole, a phrase of its names): a
    // pasted notification lists its fault and those that share a good part of it, not every fault that shares a word.
    if (terms.length >= 2 && results.some(function (r) { return r.tier; })) {
      results = results.filter(function (r) { return r.tier || r.coverage >= FLOOR; });
    }
    results.sort(Results.order);
    // The best match: an ID, or the one fault whose name is contained whole, longer than any other's contained.
    var top = results[0], next = results[1];
    var best = top && top.tier >= NAME_IN_QUERY &&
      (!next || next.tier < top.tier || (top.tier === NAME_IN_QUERY && next.size < top.size)) ? top : null;
    return { query: normalized, words: normalized ? normalized.split(" ") : [], results: results, best: best };
  };

  root.FaultSearch = { shardOf: shardOf, Engine: Engine, compoundParts: compoundParts, closeness: closeness };
  if (typeof module !== "undefined" && module.exports) module.exports = root.FaultSearch;
})(typeof self !== "undefined" ? self : /** @type {typeof globalThis} */ (/** @type {unknown} */ (this)));
