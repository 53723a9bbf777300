// The query pipeline shared by the search box (inside our search worker), the fault-ID field and the search index.
// Its rules are data: hooks/faultsite/lexicon.json, which the build embeds into the worker as self.FaultLexicon
// and which hooks/faultsite/normalize.py applies to the index text. This file only interprets the data, step by
// step as normalize.py does; tests/test_normalize.py feeds both sides arbitrary Unicode (Hypothesis) and a table
// of cases (tests/normalize_cases.json) and requires the same output.
// `root`: the page or worker (self), or in Node the module (this)
(/** @param {typeof globalThis | Record<string, any>} root */ function (root) {
  "use strict";

  var lexicon = root.FaultLexicon || (typeof require === "function" ? require("../../../hooks/faultsite/lexicon.json") : null);
  var WORD_LISTS = ["fault_words", "id_words", "counters", "event_words"];

  // Longest first, so that the longer of two words that share a start wins (foutcode before fout).
  function alternation(words) {
    return words.slice().sort(function (a, b) {
      return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);
    }).join("|");
  }

  function charClass(ranges) {
    return ranges.map(function (r) { return String.fromCodePoint(r[0]) + "-" + String.fromCodePoint(r[1]); }).join("");
  }

  // {name} -> regular-expression text: the table of lexicon.py's `placeholders`.
  function placeholders(data) {
    var s = data.scripts;
    var lists = {};
    WORD_LISTS.forEach(function (name) { lists[name] = data[name].words; });
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

  function expand(pattern) {
    return pattern.replace(/\{([a-z]+)\}/g, function (all, name) { return table[name]; });
  }

  function compile(pattern) { return new RegExp(expand(pattern), "gu"); }

  function rule(pair) {
    var regex = compile(pair[0]);
    return function (text) { return text.replace(regex, pair[1]); };
  }

  var keep = lexicon.separators.except;
  var SEPARATOR = new RegExp("[" + lexicon.separators.categories.map(function (c) { return "\\p{" + c + "}"; }).join("") + "]", "gu");
  var literal = lexicon.replacements.literal;
  // The stages of the pipeline, in order: each a list of functions of the text.
  var stages = {
    replace: [function (text) {
      for (var i = 0; i < literal.length; i++) text = text.split(literal[i][0]).join(literal[i][1]);
      return text;
    }].concat(lexicon.replacements.patterns.map(rule)),
    split: [function (text) {
      return text.replace(SEPARATOR, function (c) { return keep.indexOf(c) !== -1 ? c : " "; });
    }].concat(lexicon.steps.split.map(rule)),
    ids: lexicon.steps.ids.map(rule)
  };

  function run(stage, text) {
    for (var i = 0; i < stages[stage].length; i++) text = stages[stage][i](text);
    return text;
  }

  // NFKC and lower case: the first step of the pipeline, and of the fault-ID rules.
  function prepare(text) { return text.normalize("NFKC").toLowerCase(); }

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
})(typeof self !== "undefined" ? self : this);
