// What the engine (fault-search.js) returns to Material's search box: the order of results, their teasers (loaded
// only for the results shown), the words marked in them and Material's result message. Every text is escaped
// here; the only markup added is <mark> around the words of a result that matched a word of the query.
// What the other scripts use of it, self.FaultResults, is typed in tests/browser/site-globals.d.ts.
// `root`: the page or worker (self), or in Node the module (this: its exports, typed as the global, of which it holds
// none of the names read here; the name written here is replaced by module.exports)
(/** @param {typeof globalThis} root */ function (root) {
  "use strict";

  var normalize = root.faultNormalize;
  var HIGHLIGHTED = 30; // results with marked words; the rest (Material renders them as the reader scrolls) a title
  var TEASER = 300; // a longer sentence is shown around its first marked word, cut between words

  /** A word of a text (or the stretch between two words), where it starts, and whether it matched.
   * @typedef {{text: string, at: number, hit: boolean}} Word */

  /** @param {string} text @returns {string} */
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return /** @type {Record<string, string>} */ (
        { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c];
    });
  }

  // Pages that are not faults (home, status) come after every fault that matches; then by score, then by ID.
  /** @param {FaultResult} a @param {FaultResult} b @returns {number} */
  function order(a, b) {
    return (b.page.fault ? 1 : 0) - (a.page.fault ? 1 : 0) || b.score - a.score || a.page.fault - b.page.fault;
  }

  /** @param {string} term @returns {string} */
  function bare(term) { return term.replace(/^[~!]+/, ""); }

  // The words of `text` (ICU's word break, as the analyzer's) with whether each matched: a word matched when one
  // of its terms, negated or not, is among `matched` (the index terms the result matched the query with).
  /** @param {string} text @param {Set<string>} matched @param {FaultAnalyzer} analyzer @returns {Word[]} */
  function words(text, matched, analyzer) {
    var out = /** @type {Word[]} */ ([]), bases = new Set(Array.from(matched, bare));
    for (var part of analyzer.segmenter.segment(text)) {
      // (isWordLike: always a boolean from a segmenter of words)
      var hit = /** @type {boolean} */ (part.isWordLike) &&
        analyzer.wordTerms(part.segment).some(function (t) { return bases.has(bare(t)); });
      out.push({ text: part.segment, at: part.index, hit: hit });
    }
    return out;
  }

  /** @param {Word[]} parts @returns {string} */
  function marked(parts) {
    var out = "", open = false;
    parts.forEach(function (p) {
      if (p.hit !== open) { out += open ? "</mark>" : "<mark>"; open = p.hit; }
      out += escapeHtml(p.text);
    });
    return open ? out + "</mark>" : out;
  }

  /** @param {string} text @param {Set<string>} matched @param {FaultAnalyzer} analyzer @returns {string} */
  function highlight(text, matched, analyzer) { return marked(words(text, matched, analyzer)); }

  // Sentence ends: . ! ? followed by a space (never the dot of 1.14.0 or of ampdaemon.log), 。！？, a line end.
  var SENTENCE = /(?<=[.!?]["')\]]?)\s+|(?<=[。！？])|\n/u;

  // The sentence of `body` with the most marked characters, whole; beyond TEASER characters, the stretch around
  // its first marked word, cut between words.
  /** @param {string} body @param {Set<string>} matched @param {FaultAnalyzer} analyzer @returns {string} */
  function teaser(body, matched, analyzer) {
    // (the type given to the first value: the sentences' callback below assigns it)
    var best = /** @type {Word[] | null} */ (null);
    var bestCount = -1;
    body.split(SENTENCE).map(function (s) { return s.trim(); }).filter(Boolean).forEach(function (sentence) {
      var parts = words(sentence, matched, analyzer), count = 0;
      parts.forEach(function (p) { if (p.hit) count += p.text.length; });
      if (count > bestCount) { best = parts; bestCount = count; }
    });
    if (!best) return "";
    var length = best.reduce(function (n, p) { return n + p.text.length; }, 0);
    if (length <= TEASER) return marked(best);
    var first = Math.max(0, best.findIndex(function (p) { return p.hit; }));
    var start = first, size = 0;
    while (start > 0 && size < TEASER / 4) size += best[--start].text.length;
    while (start > 0 && best[start].text.trim()) start--;
    var end = start, total = 0;
    while (end < best.length && total < TEASER) total += best[end++].text.length;
    while (end < best.length && best[end].text.trim()) end++;
    return (start > 0 ? "…" : "") + marked(best.slice(start, end)).trim() + (end < best.length ? "…" : "");
  }

  // Adds each shown result's body from the text chunks, and moves up among them those that hold the whole query
  // as written (a phrase; in Japanese and Chinese, a word longer than two characters).
  /**
   * @param {FaultEngine} engine @param {FaultRanked} ranked @param {number} count @param {number} bonus
   * @returns {Promise<FaultRanked>}
   */
  function withText(engine, ranked, count, bonus) {
    var shown = ranked.results.slice(0, count);
    var q = ranked.query;
    var east = new RegExp("^[" + normalize.expand("{east}") + "]", "u");
    var phrase = q.indexOf(" ") !== -1 || (east.test(q) && Array.from(q).length > 2) ? q : null;
    return Promise.all(shown.map(function (r) {
      var at = engine.pages.indexOf(r.page);
      // (a text chunk: the bodies of its documents)
      return /** @type {Promise<string[]>} */ (
        engine.file("text-" + Math.floor(at / engine.meta.chunk) + ".json")).then(function (chunk) {
        r.body = chunk[at % engine.meta.chunk];
        if (phrase && normalize(r.page.title + "\n" + r.body).indexOf(phrase) !== -1) r.score += bonus;
      });
    })).then(function () {
      if (phrase) ranked.results = shown.sort(order).concat(ranked.results.slice(count));
      return ranked;
    });
  }

  // Material's result message: one group (an article without sections) per page, best first. The best match
  // carries the locale's label as a tag.
  /** @param {FaultEngine} engine @param {FaultRanked} ranked @returns {{items: MaterialItem[][]}} */
  function materialResult(engine, ranked) {
    var analyzer = engine.analyzer;
    return {
      items: ranked.results.map(function (r, rank) {
        if (rank >= HIGHLIGHTED) {
          return [{ location: r.page.location, title: escapeHtml(r.page.title), text: "", score: r.score, terms: {} }];
        }
        /** @type {MaterialItem} */
        var item = {
          location: r.page.location,
          title: highlight(r.page.title, r.terms, analyzer),
          text: r.body ? teaser(r.body, r.terms, analyzer) : "",
          score: r.score,
          terms: {}
        };
        ranked.words.forEach(function (word) {
          item.terms[word] = analyzer.wordTerms(word).some(function (t) { return r.queryTerms.has(t); });
        });
        if (r === ranked.best) item.tags = [escapeHtml(engine.meta.best_match)];
        return [item];
      })
    };
  }

  root.FaultResults = {
    order: order, withText: withText, materialResult: materialResult, highlight: highlight, teaser: teaser,
    escapeHtml: escapeHtml
  };
  if (typeof module !== "undefined" && module.exports) module.exports = root.FaultResults;
})(typeof self !== "undefined" ? self : /** @type {typeof globalThis} */ (/** @type {unknown} */ (this)));
