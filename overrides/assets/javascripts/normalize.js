// The query pipeline shared by the search box (inside our search worker), the fault-ID field and the search index.
// Its rules are data: hooks/faultsite/lexicon.json, which the build embeds into the worker as self.FaultLexicon
// and which hooks/faultsite/normalize.py applies to the index text. This file only interprets the data, step by
// step as normalize.py does; tests/test_normalize.py feeds both sides arbitrary Unicode (Hypothesis) and a table
// of cases (tests/normalize_cases.json) and requires the same output.
//
// The lexicon's shape, as this file reads it (site-globals.d.ts checks lexicon.json against it):
/** @typedef {{words: string[]}} WordList */
/**
 * @typedef {object} Lexicon
 * @property {Record<"cjk" | "hangul" | "hiragana" | "latin", number[][]>} scripts code point ranges, [first, last]
 * @property {{categories: string[], except: string}} separators
 * @property {{literal: string[][], patterns: string[][]}} replacements [from, to] and [pattern, replacement] pairs
 * @property {{split: string[][], ids: string[][]}} steps [pattern, replacement] pairs
 * @property {WordList} fault_words
 * @property {WordList} id_words
 * @property {WordList} counters
 * @property {WordList} event_words
 * @property {WordList} context_phrases
 * @property {{id: string, not_ids: string[], timestamps: string[], units: string[]}} fault_id patterns
 * @property {{script: string}} function_script a placeholder's name, or ""
 * @property {{before: string[], after: string[]}} negations
 * @property {Record<string, string>} stemmers locale (or "default") -> its FaultStemmers class
 */
/** @typedef {"replace" | "split" | "ids"} Stage */
/** @typedef {(text: string) => string} Step */

// `root`: the page or worker (self), or in Node the module (this: its exports, typed as the global, of which it holds
// none of the names read here; the name written here is replaced by module.exports)
(/** @param {typeof globalThis} root */ function (root) {
  "use strict";

  // (never null where the scripts run: the worker has self.FaultLexicon, Node has require; `satisfies`: tsc checks
  // the file against the type)
  var lexicon = /** @type {Lexicon} */ (root.FaultLexicon || (typeof require === "function"
    ? /** @satisfies {Lexicon} */ (require("../../../hooks/faultsite/lexicon.json")) : null));
  /** @type {("fault_words" | "id_words" | "counters" | "event_words")[]} */
  var WORD_LISTS = ["fault_words", "id_words", "counters", "event_words"];

  // Longest first, so that the longer of two words that share a start wins (foutcode before fout).
  /** @param {string[]} words @returns {string} */
  function alternation(words) {
    return words.slice().sort(function (a, b) {
      return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);
    }).join("|");
  }

  /** @param {number[][]} ranges @returns {string} */
  function charClass(ranges) {
    return ranges.map(function (r) { return String.fromCodePoint(r[0]) + "-" + String.fromCodePoint(r[1]); }).join("");
  }

  // {name} -> regular-expression text: the table of lexicon.py's `placeholders`.
  /** @param {Lexicon} data @returns {Record<string, string>} */
  function placeholders(data) {
    var s = data.scripts;
    /** @type {Record<string, string[]>} */
    var lists = {};
    WORD_LISTS.forEach(function (name) { lists[name] = data[name].words; });
    /** @type {string[]} */
    var nonLatin = [];
    WORD_LISTS.forEach(function (name) {
      // eslint-disable-next-line no-control-regex -- the range of ASCII: a word with any other character
      lists[name].forEach(function (w) { if (/[^\x00-\x7f]/.test(w)) nonLatin.push(w); });
    });
    return {
      cjk: charClass(s.cjk), hangul: charClass(s.hangul), east: charClass(s.cjk.concat(s.hangul)),
      hiragana: charClass(s.hiragana), latin: charClass(s.latin),
      fault: alternation(lists.fault_words.concat(lists.id_words)), strong: alternation(lists.fault_words),
      idword: alternation(lists.id_words), counter: alternation(lists.counters), event: alternation(lists.event_words),
      cjkwords: alternation(nonLatin), units: alternation(data.fault_id.units)
    };
  }

  var table = placeholders(lexicon);

  /** @param {string} pattern @returns {string} */
  function expand(pattern) {
    return pattern.replace(/\{([a-z]+)\}/g, /** @param {string} all @param {string} name */
      function (all, name) { return table[name]; });
  }

  /** @param {string} pattern @returns {RegExp} */
  function compile(pattern) { return new RegExp(expand(pattern), "gu"); }

  /** @param {string[]} pair [pattern, replacement] @returns {Step} */
  function rule(pair) {
    var regex = compile(pair[0]);
    return function (text) { return text.replace(regex, pair[1]); };
  }

  var keep = lexicon.separators.except;
  var SEPARATOR = new RegExp("[" + lexicon.separators.categories.map(function (c) { return "\\p{" + c + "}"; }).join("") + "]", "gu");
  var literal = lexicon.replacements.literal;
  // The stages of the pipeline, in order: each a list of functions of the text.
  /** @type {Record<Stage, Step[]>} */
  var stages = {
    replace: [/** @param {string} text */ function (text) {
      for (var i = 0; i < literal.length; i++) text = text.split(literal[i][0]).join(literal[i][1]);
      return text;
    }].concat(lexicon.replacements.patterns.map(rule)),
    split: [/** @param {string} text */ function (text) {
      return text.replace(SEPARATOR, function (c) { return keep.indexOf(c) !== -1 ? c : " "; });
    }].concat(lexicon.steps.split.map(rule)),
    ids: lexicon.steps.ids.map(rule)
  };

  /** @param {Stage} stage @param {string} text @returns {string} */
  function run(stage, text) {
    for (var i = 0; i < stages[stage].length; i++) text = stages[stage][i](text);
    return text;
  }

  // NFKC and lower case: the first step of the pipeline, and of the fault-ID rules.
  /** @param {string} text @returns {string} */
  function prepare(text) { return text.normalize("NFKC").toLowerCase(); }

  /** @param {string} text @returns {string} */
  function normalize(text) {
    return run("ids", run("split", run("replace", prepare(text))));
  }

  normalize.prepare = prepare;
  normalize.run = run;
  normalize.compile = compile;
  normalize.expand = expand;
  normalize.lexicon = lexicon;
  root.faultNormalize = normalize;
  if (typeof module !== "undefined" && module.exports) module.exports = normalize;
})(typeof self !== "undefined" ? self : /** @type {typeof globalThis} */ (/** @type {unknown} */ (this)));
