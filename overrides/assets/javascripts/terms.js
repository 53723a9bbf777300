// From normalized text to search terms: the twin of hooks/faultsite/terms.py, with the same data (the lexicon the
// build embeds as self.FaultLexicon, the site's stop words from its index) and the same tools at query time:
// Intl.Segmenter (ICU's word break, as icu4py at build time) and the Snowball stemmers the build wraps from
// hooks/faultsite/snowball/ (self.FaultStemmers). tests/test_terms.py requires both sides to give the same terms
// for every text of the index and for Hypothesis' inputs.
// What the other scripts use of it, self.FaultTerms, is typed in tests/browser/site-globals.d.ts (tsc checks the
// code below against it).

// `root`: the page or worker (self), or in Node the module (this: its exports, typed as the global, of which it holds
// none of the names read here; the name written here is replaced by module.exports)
(/** @param {typeof globalThis} root */ function (root) {
  "use strict";

  // (never null where the scripts run: the worker has self.faultNormalize, Node has require)
  var normalize = /** @type {typeof import("./normalize.js")} */ (
    root.faultNormalize || (typeof require === "function" ? require("./normalize.js") : null));
  var NEGATED = "!";

  /** @param {string[]} singles @returns {string[]} */
  function pairs(singles) {
    /** @type {string[]} */
    var out = [];
    for (var i = 0; i + 1 < singles.length; i++) out.push(singles[i] + singles[i + 1]);
    return out;
  }

  // How one site (locale) cuts normalized text into terms. `stop`: the site's stop words (its index's "stop").
  /** @constructor @param {string} locale @param {string[]} stop */
  function Analyzer(locale, stop) {
    var lexicon = normalize.lexicon;
    var script = lexicon.function_script.script;
    this.locale = locale;
    this.stemmer = new root.FaultStemmers[lexicon.stemmers[locale] || lexicon.stemmers["default"]]();
    /** @type {Map<string, string>} */
    this.stemmed = new Map();
    this.stop = new Set(stop);
    this.before = new Set(lexicon.negations.before);
    this.after = new Set(lexicon.negations.after);
    this.functionWord = script ? new RegExp("^[" + normalize.expand("{" + script + "}") + "]+$", "u") : null;
    this.run = normalize.compile("[{cjk}]+|[{hangul}]+|[^{cjk}{hangul}]+");
    this.east = new RegExp("^[" + normalize.expand("{cjk}") + "]", "u");
    this.latin = new RegExp("^[" + normalize.expand("{latin}") + "]+$", "u");
    this.segmenter = new Intl.Segmenter(locale, { granularity: "word" });
  }

  // The terms of one word of a text as it is written (remembered: teasers and titles repeat their words).
  /** @param {string} word @returns {string[]} */
  Analyzer.prototype.wordTerms = function (word) {
    if (!this.memo) this.memo = /** @type {Map<string, string[]>} */ (new Map());
    if (!this.memo.has(word)) this.memo.set(word, this.terms(normalize(word)));
    return /** @type {string[]} */ (this.memo.get(word)); // (set just above)
  };

  /** @param {string} word @returns {string} */
  Analyzer.prototype.stem = function (word) {
    if (!this.stemmed.has(word)) this.stemmed.set(word, this.stemmer.stemWord(word));
    return /** @type {string} */ (this.stemmed.get(word)); // (set just above)
  };

  // ICU's words of a run of kana and Han.
  /** @param {string} run @returns {string[]} */
  Analyzer.prototype.segment = function (run) {
    /** @type {string[]} */
    var words = [];
    for (var part of this.segmenter.segment(run)) if (part.segment.trim()) words.push(part.segment);
    return words;
  };

  // The words of each space-separated piece: ICU's words for kana and Han runs, else runs whole.
  /** @param {string} normalized @returns {string[][]} */
  Analyzer.prototype.words = function (normalized) {
    var self = this;
    return (normalized ? normalized.split(" ") : []).map(function (piece) {
      /** @type {string[]} */
      var found = [];
      (piece.match(self.run) || []).forEach(function (run) {
        found = found.concat(self.east.test(run) ? self.segment(run) : [run]);
      });
      return found;
    });
  };

  /** @param {string} word @returns {"before" | "after" | "skip" | "content"} */
  Analyzer.prototype.kind = function (word) {
    if (this.before.has(word)) return "before";
    if (this.after.has(word)) return "after";
    if (word === " " || this.stop.has(word) || (this.functionWord && this.functionWord.test(word))) return "skip";
    return "content";
  };

  // The terms of a normalized text, in order (with repeats; pair terms after their words).
  /** @param {string} normalized @returns {string[]} */
  Analyzer.prototype.terms = function (normalized) { return this.analyze(normalized).terms; };

  // {terms, words, at}: the terms, the content words' terms without their negation (no pair terms), and where in
  // `terms` each content word's term is.
  /** @param {string} normalized @returns {FaultAnalysis} */
  Analyzer.prototype.analyze = function (normalized) {
    var found = /** @type {string[]} */ ([]), words = /** @type {string[]} */ ([]), at = /** @type {number[]} */ ([]),
      pending = false, last = -1, singles = /** @type {string[]} */ ([]);
    /** @type {string[]} */
    var all = [];
    this.words(normalized).forEach(function (piece) { all = all.concat(piece, [" "]); });
    for (var i = 0; i < all.length; i++) {
      var word = all[i], kind = this.kind(word);
      var single = Array.from(word).length === 1 && this.east.test(word);
      if (singles.length && !(kind === "content" && single)) {
        found = found.concat(pairs(singles));
        singles = [];
      }
      if (kind === "before") {
        pending = true;
      } else if (kind === "after" && last >= 0) {
        found[last] = NEGATED + found[last];
        last = -1;
      } else if (kind === "content") {
        var term = this.latin.test(word) ? this.stem(word) : word;
        found.push(pending ? NEGATED + term : term);
        words.push(term);
        at.push(found.length - 1);
        last = pending ? -1 : found.length - 1;
        pending = false;
        if (single) singles.push(word);
      }
    }
    if (pending && last >= 0) found[last] = NEGATED + found[last];
    return { terms: found, words: words, at: at };
  };

  root.FaultTerms = { Analyzer: Analyzer, NEGATED: NEGATED };
  if (typeof module !== "undefined" && module.exports) module.exports = root.FaultTerms;
})(typeof self !== "undefined" ? self : /** @type {typeof globalThis} */ (/** @type {unknown} */ (this)));
