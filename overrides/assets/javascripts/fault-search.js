// The site's search engine: the twin of hooks/faultsite/search.py, which writes the index it reads. It runs in
// our search worker (inside Material's search box) and in the page (the fault-ID field), on the same index.
// `tokens` and `shardOf` are tested against one table with the Python side (tests/search_cases.json).
//
// Ranking, in this order:
// 1. the fault whose ID the query starts with (after the query pipeline: "Fault 13:", "障害13", "13번" -> 13);
// 2. faults with a name (portal text or endpoint description, own or English) contained whole in the query,
//    longest name first (a pasted notification);
// 3. faults with a name that contains every word of the query (a phrase found in several faults: all of them);
// 4. then by score: per query term, its best match in the document (exact, an inflection or compound, a typo)
//    weighted by rarity and by field, times the square of the share of query terms the document matches;
//    among the results with text, those holding the whole query as written first;
// 5. pages that are not faults (home, status) after every fault that matches.
(function (root) {
  "use strict";

  var normalize = root.faultNormalize || (typeof require === "function" ? require("./normalize.js") : null);

  var CJK = "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff66-\\uff9f";
  var HANGUL = "\\uac00-\\ud7af\\u1100-\\u11ff\\u3130-\\u318f";
  var RUN = new RegExp("[" + CJK + "]+|[" + HANGUL + "]+|[^" + CJK + HANGUL + "]+", "g");
  var PAIRED = new RegExp("^[" + CJK + HANGUL + "]");

  var ID_BONUS = 1e6;
  var NAME_IN_QUERY = 1e4;
  var QUERY_IN_NAME = 1e3;
  var EXACT = 1, STEM = 0.7, COMPOUND = 0.5, TYPO = 0.45;
  // When the query term is itself a word of the index, its inflections and compounds count much less: the word
  // the reader typed wins ("scanned" finds the one fault that says "scanned" before those named "scan").
  var NEAR_EXACT = 0.25;
  var PHRASE = 500; // among the results with text, those that hold the whole query as written
  var HIGHLIGHTED = 30; // results with marked words and their query terms; the rest carry their title only
  var TEXT_RESULTS = 10; // results that get a teaser (the ten Material shows first); the rest show their title

  // The index terms of an already normalized text, in order (with repeats).
  function tokens(normalized) {
    var found = [];
    var words = normalized.split(" ");
    for (var w = 0; w < words.length; w++) {
      var runs = words[w].match(RUN) || [];
      for (var r = 0; r < runs.length; r++) {
        var run = Array.from(runs[r]);
        if (PAIRED.test(runs[r]) && run.length > 1) {
          for (var i = 0; i + 1 < run.length; i++) found.push(run[i] + run[i + 1]);
        } else if (runs[r]) {
          found.push(runs[r]);
        }
      }
    }
    return found;
  }

  // FNV-1a (32 bit) over the term's code points, modulo `count`.
  function shardOf(term, count) {
    var value = 0x811c9dc5;
    for (var ch of term) {
      value = Math.imul(value ^ ch.codePointAt(0), 0x01000193) >>> 0;
    }
    return value % count;
  }

  function commonPrefix(a, b) {
    var n = Math.min(a.length, b.length), i = 0;
    while (i < n && a[i] === b[i]) i++;
    return i;
  }

  // Optimal string alignment distance, stopped early above `limit`.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
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

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // `text` escaped, with every occurrence of the matched terms wrapped in <mark> (case-insensitive).
  function highlight(text, terms) {
    var lower = text.toLowerCase();
    var marked = new Array(text.length).fill(false);
    if (lower.length === text.length) {
      terms.forEach(function (term) {
        if (term.length < 2 && !PAIRED.test(term)) return;
        for (var at = lower.indexOf(term); at !== -1; at = lower.indexOf(term, at + 1)) {
          for (var k = at; k < at + term.length; k++) marked[k] = true;
        }
      });
    }
    var out = "", open = false;
    for (var i = 0; i < text.length; i++) {
      if (marked[i] !== open) { out += open ? "</mark>" : "<mark>"; open = marked[i]; }
      out += escapeHtml(text[i]);
    }
    return open ? out + "</mark>" : out;
  }

  // The sentence of `body` with the most matched characters, cut to about 240 characters around its first match.
  function teaser(body, terms) {
    var sentences = body.split(/(?<=[.!?。！？])\s*|\n/).filter(Boolean);
    var best = sentences[0] || "", bestCount = 0;
    sentences.forEach(function (sentence) {
      var lower = sentence.toLowerCase(), count = 0;
      terms.forEach(function (term) { if (term.length > 1 && lower.indexOf(term) !== -1) count += term.length; });
      if (count > bestCount) { best = sentence; bestCount = count; }
    });
    if (best.length > 240) {
      var lower = best.toLowerCase(), first = best.length;
      terms.forEach(function (term) { var at = lower.indexOf(term); if (at !== -1 && at < first) first = at; });
      var start = Math.max(0, Math.min(first - 60, best.length - 240));
      best = (start > 0 ? "…" : "") + best.slice(start, start + 240) + (start + 240 < best.length ? "…" : "");
    }
    return best;
  }

  // An engine on one locale's index. `load(name)` returns a promise of the parsed JSON file `name` of the
  // locale's search folder; `meta` is the "fault_search" part of the index's config.
  function Engine(meta, load) {
    this.meta = meta;
    this.load = load;
    this.shards = {};
    this.texts = {};
    this.vocabulary = meta.vocabulary;
    this.known = new Set(meta.vocabulary);
    this.expanded = new Map(); // query term -> its expansions (a reader types a query a key at a time)
    this.normalized = new Map(); // page -> its title and text through the pipeline, for phrases
    this.pages = meta.pages.map(function (p) {
      return { location: p[0], title: p[1], fault: p[2], names: p[3] };
    });
    this.byFault = {};
    for (var i = 0; i < this.pages.length; i++) if (this.pages[i].fault) this.byFault[this.pages[i].fault] = i;
  }

  Engine.prototype.file = function (cache, name) {
    var self = this;
    if (!(name in cache)) {
      cache[name] = self.load(name + "?v=" + self.meta.version).catch(function (error) {
        delete cache[name];
        throw error;
      });
    }
    return cache[name];
  };

  // The index terms a query term stands for, each with a factor: itself; inflections (a common stem);
  // compounds that end with it (Dutch); typos (one edit up to 7 letters, two from 8); the parts of a compound
  // the text writes apart. Character pairs and numbers match only themselves.
  Engine.prototype.expand = function (term) {
    if (!this.expanded.has(term)) this.expanded.set(term, this.expandTerm(term));
    return this.expanded.get(term);
  };

  Engine.prototype.expandTerm = function (term) {
    var found = [];
    if (this.known.has(term)) found.push([term, EXACT]);
    if (PAIRED.test(term) || /^[\d.]+$/.test(term) || term.length < 3) return found.length ? found : [[term, EXACT]];
    var exact = found.length > 0;
    for (var i = 0; i < this.vocabulary.length; i++) {
      var word = this.vocabulary[i];
      if (word === term || PAIRED.test(word)) continue;
      var common = commonPrefix(word, term);
      var shorter = Math.min(word.length, term.length), longer = Math.max(word.length, term.length);
      // An inflection: one word is the other plus an ending (load, loads, loading), or both share all but their
      // last few letters (restarted, restarting); or, while the reader types, the start of a word (auth).
      var inflection = common >= 4 && ((common === shorter && longer - shorter <= 4) || common >= Math.max(5, longer - 4));
      if (inflection || (!exact && common === term.length && term.length >= 3)) {
        found.push([word, exact ? NEAR_EXACT : STEM]);
      } else if (term.length >= 5 && word.length > term.length + 2 && word.endsWith(term)) {
        found.push([word, exact ? NEAR_EXACT : COMPOUND]);
      } else if (!exact && term.length >= 4 && word[0] === term[0] &&
                 distance(word, term, term.length >= 8 ? 2 : 1) <= (term.length >= 8 ? 2 : 1)) {
        found.push([word, TYPO]);
      }
    }
    // A compound typed whole whose parts the text writes apart (or with a hyphen): both parts.
    if (!exact && term.length >= 6) {
      for (var cut = 3; cut <= term.length - 3; cut++) {
        if (this.known.has(term.slice(0, cut)) && this.known.has(term.slice(cut))) {
          found.push([term.slice(0, cut), COMPOUND], [term.slice(cut), COMPOUND]);
        }
      }
    }
    return found;
  };

  Engine.prototype.search = function (query) {
    var self = this;
    var normalized = normalize(query);
    var terms = Array.from(new Set(tokens(normalized)));
    if (!terms.length) return Promise.resolve({ query: normalized, results: [] });
    var expansions = terms.map(function (t) { return self.expand(t); });
    var shardNames = new Set();
    expansions.forEach(function (list) {
      list.forEach(function (e) { shardNames.add("terms-" + shardOf(e[0], self.meta.shards) + ".json"); });
    });
    return Promise.all(Array.from(shardNames).map(function (name) { return self.file(self.shards, name); }))
      .then(function (loaded) {
        var postings = {};
        Array.from(shardNames).forEach(function (name, i) { postings[name] = loaded[i]; });
        return self.rank(normalized, terms, expansions, postings);
      })
      .then(function (ranked) { return self.withText(ranked); });
  };

  Engine.prototype.rank = function (normalized, terms, expansions, postings) {
    var self = this;
    var count = this.pages.length;
    var scores = new Map(), matched = new Map(), hitTerms = new Map();
    var nameTerms = new Map(); // doc -> name -> distinct close terms of the query it holds
    var nameAll = new Map(); // doc -> mask of the names that hold every query term
    var seen = new Set();
    expansions.forEach(function (list, q) {
      var best = new Map(), masks = new Map();
      list.forEach(function (e) {
        var found = postings["terms-" + shardOf(e[0], self.meta.shards) + ".json"][e[0]];
        if (!found) return;
        var df = found.length / 3;
        var idf = Math.log(1 + (count - df + 0.5) / (df + 0.5));
        var first = !seen.has(e[0]);
        seen.add(e[0]);
        for (var i = 0; i < found.length; i += 3) {
          var doc = found[i], value = e[1] * idf * found[i + 1] / 100, mask = found[i + 2];
          if (!best.has(doc) || best.get(doc)[0] < value) best.set(doc, [value, e[0]]);
          if (e[1] < STEM || !mask) continue; // names are matched by what the reader typed, or its spelling
          masks.set(doc, (masks.get(doc) || 0) | mask);
          if (!first) continue;
          if (!nameTerms.has(doc)) nameTerms.set(doc, {});
          for (var bit = 0; mask >> bit; bit++) {
            if (mask >> bit & 1) nameTerms.get(doc)[bit] = (nameTerms.get(doc)[bit] || 0) + 1;
          }
        }
      });
      best.forEach(function (v, doc) {
        scores.set(doc, (scores.get(doc) || 0) + v[0]);
        matched.set(doc, (matched.get(doc) || 0) + 1);
        if (!hitTerms.has(doc)) hitTerms.set(doc, new Set());
        hitTerms.get(doc).add(v[1]).add(terms[q]);
      });
      var every = q === 0 ? masks : new Map();
      if (q > 0) nameAll.forEach(function (mask, doc) { if (masks.has(doc)) every.set(doc, mask & masks.get(doc)); });
      nameAll = every;
    });
    var first = normalized.split(" ")[0];
    var idDoc = /^\d+$/.test(first) && self.byFault[Number(first)] !== undefined ? self.byFault[Number(first)] : -1;
    if (idDoc !== -1 && !scores.has(idDoc)) { scores.set(idDoc, 0); matched.set(idDoc, 0); hitTerms.set(idDoc, new Set()); }
    var results = [];
    scores.forEach(function (score, doc) {
      var page = self.pages[doc];
      var coverage = matched.get(doc) / terms.length;
      var tier = doc === idDoc ? ID_BONUS : 0, size = 0;
      var held = nameTerms.get(doc) || {};
      page.names.forEach(function (length, bit) {
        if (length && held[bit] === length) size = Math.max(size, length);
      });
      if (!tier && size) tier = NAME_IN_QUERY;
      else if (!tier && nameAll.get(doc)) tier = QUERY_IN_NAME;
      results.push({ page: page, tier: tier, size: size, score: tier + size * 100 + score * coverage * coverage, terms: hitTerms.get(doc) });
    });
    // Pages that are not faults (home, status) come after every fault that matches: a fault's words find the fault.
    results.sort(function (a, b) {
      return (b.page.fault ? 1 : 0) - (a.page.fault ? 1 : 0) || b.score - a.score || a.page.fault - b.page.fault;
    });
    // The best match: an ID, or the one fault whose name is contained whole, longer than any other's contained.
    var top = results[0], next = results[1];
    var best = top && top.tier >= NAME_IN_QUERY &&
      (!next || next.tier < top.tier || (top.tier === NAME_IN_QUERY && next.size < top.size)) ? top : null;
    return { query: normalized, words: normalized.split(" "), results: results, best: best };
  };

  // Adds each shown result's teaser from the text chunks, and moves up among them those that hold the whole
  // query as written (a phrase; in Japanese and Chinese, a word longer than two characters).
  Engine.prototype.withText = function (ranked) {
    var self = this;
    var shown = ranked.results.slice(0, TEXT_RESULTS);
    var q = ranked.query;
    var phrase = q.indexOf(" ") !== -1 || (PAIRED.test(q) && Array.from(q).length > 2) ? q : null;
    var chunks = new Set(shown.map(function (r) { return Math.floor(self.pages.indexOf(r.page) / self.meta.chunk); }));
    return Promise.all(Array.from(chunks).map(function (c) { return self.file(self.texts, "text-" + c + ".json"); }))
      .then(function () {
        return Promise.all(shown.map(function (r) {
          var at = self.pages.indexOf(r.page);
          return self.file(self.texts, "text-" + Math.floor(at / self.meta.chunk) + ".json").then(function (chunk) {
            r.body = chunk[at % self.meta.chunk];
          });
        }));
      })
      .then(function () {
        if (!phrase) return ranked;
        shown.forEach(function (r) {
          if (!self.normalized.has(r.page)) self.normalized.set(r.page, normalize(r.page.title + "\n" + r.body));
          if (self.normalized.get(r.page).indexOf(phrase) !== -1) r.score += PHRASE;
        });
        var rest = ranked.results.slice(TEXT_RESULTS);
        shown.sort(function (a, b) {
          return (b.page.fault ? 1 : 0) - (a.page.fault ? 1 : 0) || b.score - a.score || a.page.fault - b.page.fault;
        });
        ranked.results = shown.concat(rest);
        return ranked;
      });
  };

  // Material's result message: one group (an article without sections) per page, best first; every text
  // escaped here, with <mark> around the matched terms. The best match carries the locale's label as a tag.
  Engine.prototype.materialResult = function (ranked) {
    var self = this;
    return {
      items: ranked.results.map(function (r, rank) {
        if (rank >= HIGHLIGHTED) {  // far down the list (Material renders more as the reader scrolls): title only
          return [{ location: r.page.location, title: escapeHtml(r.page.title), text: "", score: r.score, terms: {} }];
        }
        var termList = Array.from(r.terms).filter(function (t) { return t.length > 1 || PAIRED.test(t); });
        var item = {
          location: r.page.location,
          title: highlight(r.page.title, termList),
          text: r.body ? highlight(teaser(r.body, termList), termList) : "",
          score: r.score,
          terms: {}
        };
        ranked.words.forEach(function (word) {
          item.terms[word] = termList.some(function (t) { return word.indexOf(t) !== -1 || t.indexOf(word) !== -1; });
        });
        if (r === ranked.best) item.tags = [escapeHtml(self.meta.best_match)];
        return [item];
      })
    };
  };

  root.FaultSearch = { tokens: tokens, shardOf: shardOf, highlight: highlight, Engine: Engine, escapeHtml: escapeHtml };
  if (typeof module !== "undefined" && module.exports) module.exports = root.FaultSearch;
})(typeof self !== "undefined" ? self : this);
