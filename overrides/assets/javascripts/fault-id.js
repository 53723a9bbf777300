// Fault IDs in what a reader types or pastes, and what the fault-ID field does with it (issue 20, item 3). The
// rules are the lexicon's `fault_id` (hooks/faultsite/lexicon.json): a number is a fault ID only after a fault word
// (fault 13, fout nr. 13, 障害番号13, 결함 #13, F13), before a counter and a fault word (13번 결함), in 第13號, or
// when it is all that remains (13, #13, 13番); dates, times, versions, host and file names with digits, durations
// and counts are blanked first, so none of their digits is ever an ID.
//
// `decide` is the field's whole logic; it runs in our search worker (fault-goto.js asks it), on the engine of the
// search box, and in Node for the tests (tests/test_fault_id.py feeds it every notification wrapped in timestamps,
// host names, log prefixes and sentences).
// `root`: the page or worker (self), or in Node the module (this)
(/** @param {typeof globalThis} root */ function (root) {
  "use strict";

  var normalize = root.faultNormalize || (typeof require === "function" ? require("./normalize.js") : null);
  var rules = normalize.lexicon.fault_id;
  var TIMESTAMPS = rules.timestamps.map(normalize.compile);
  var NOT_IDS = rules.not_ids.map(normalize.compile);
  var ID = normalize.compile(rules.id);
  var HALF = 0.5; // one fault's name holds the query: go there if the query is at least half of that name
  var LINK = /(?:^|\/)faults\/([0-9]+)\/?(?:index\.html)?(?:[?#].*)?$/;

  function blank(text, patterns) {
    patterns.forEach(function (pattern) { text = text.replace(pattern, " "); });
    return text;
  }

  // {id: the fault ID or null, words: the text without its timestamps (what search looks for), rest: the text
  // with every stretch that is never an ID blanked (what the field looks for)}.
  function findId(text) {
    var words = blank(normalize.run("replace", normalize.prepare(text)), TIMESTAMPS);
    var rest = blank(words, NOT_IDS);
    var split = normalize.run("split", rest);
    ID.lastIndex = 0;
    var match = ID.exec(split);
    var id = match ? match[1] || match[2] || match[3] : null;
    if (id === null && /^[0-9]+$/.test(normalize.run("ids", split))) id = normalize.run("ids", split);
    return { id: id === null ? null : Number(id), words: words, rest: rest };
  }

  // What the field does with `value`, on `engine` (a FaultSearch.Engine of the page's locale):
  // {fault: N} go there; {unknown: N} say N is no fault; {several: [N, …]} offer them, best first; {search: true}.
  // A fault name contained whole, or words that one fault alone holds, go to that fault; a phrase of two or more words that the names of several faults
  // hold offers them, and one that is at least half of one fault's name goes there; anything else is for the site
  // search (a few words a name shares with a question are not a match).
  function decide(engine, value) {
    var known = engine.pages.filter(function (p) { return p.fault; }).map(function (p) { return p.fault; });
    var linked = LINK.exec(value.trim());
    if (linked && known.indexOf(Number(linked[1])) !== -1) return Promise.resolve({ fault: Number(linked[1]) });
    var found = findId(value);
    if (found.id !== null) {
      return Promise.resolve(known.indexOf(found.id) !== -1 ? { fault: found.id } : { unknown: found.id });
    }
    return engine.search(value, true).then(function (ranked) {
      var faults = ranked.results.filter(function (r) { return r.page.fault; });
      if (ranked.best || faults.length === 1) return { fault: (ranked.best || faults[0]).page.fault };
      var phrase = ranked.results.filter(function (r) { return r.page.fault && r.phrase; });
      if (ranked.strength < 2 || !phrase.length) return { search: true };
      if (phrase.length === 1) return phrase[0].share >= HALF ? { fault: phrase[0].page.fault } : { search: true };
      return {
        several: phrase.map(function (r) { return r.page.fault; }),
        titles: phrase.map(function (r) { return r.page.title; })
      };
    });
  }

  root.FaultId = { findId: findId, decide: decide };
  if (typeof module !== "undefined" && module.exports) module.exports = root.FaultId;
})(typeof self !== "undefined" ? self : this);
