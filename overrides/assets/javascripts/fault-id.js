// Fault IDs in what a reader types or pastes, and what the fault-ID field does with it (issue 20, item 3). The
// rules are the lexicon's `fault_id` (hooks/faultsite/lexicon.json): a number is a fault ID only after a fault word
// (fault 13, fout nr. 13, 障害番号13, 결함 #13, F13), before a counter and a fault word (13번 결함), in 第13號, or
// when it is all that remains (13, #13, 13番); dates, times, versions, host and file names with digits, durations
// and counts are blanked first, so none of their digits is ever an ID.
//
// `decide` is the field's whole logic; it runs in our search worker (fault-goto.js asks it), on the engine of the
// search box, and in Node for the tests (tests/test_fault_id.py feeds it every notification wrapped in timestamps,
// host names, log prefixes and sentences).
// What the other scripts use of it, self.FaultId, is typed in tests/browser/site-globals.d.ts.
// `root`: the page or worker (self), or in Node the module (this: its exports, typed as the global, of which it holds
// none of the names read here; the name written here is replaced by module.exports)
(/** @param {typeof globalThis} root */ function (root) {
  "use strict";

  // (never null where the scripts run: the worker has self.faultNormalize, Node has require)
  var normalize = /** @type {typeof import("./normalize.js")} */ (
    root.faultNormalize || (typeof require === "function" ? require("./normalize.js") : null));
  var rules = normalize.lexicon.fault_id;
  var TIMESTAMPS = rules.timestamps.map(normalize.compile);
  var NOT_IDS = rules.not_ids.map(normalize.compile);
  var ID = normalize.compile(rules.id);
  var HALF = 0.5; // one fault's name holds the query: go there if the query is at least half of that name

  // A pasted link to a fault page: the locale's fault_page (faultsite.urls) with a number for {id}, anywhere after a
  // slash, with or without its last slash, index.html, a query or a fragment.
  /** @param {string} page @returns {RegExp} */
  function linkPattern(page) {
    var parts = page.replace(/\/$/, "").split("{id}").map(function (part) {
      return part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    });
    return new RegExp("(?:^|\\/)" + parts[0] + "([0-9]+)" + parts[1] + "\\/?(?:index\\.html)?(?:[?#].*)?$");
  }

  /** @param {string} text @param {RegExp[]} patterns @returns {string} */
  function blank(text, patterns) {
    patterns.forEach(function (pattern) { text = text.replace(pattern, " "); });
    return text;
  }

  // {id: the first fault ID or null, ids: every distinct fault ID in the order written, words: the text without its
  // timestamps (what search looks for), rest: the text with every stretch that is never an ID blanked (what the
  // field looks for)}.
  /** @param {string} text @returns {FaultIdReading} */
  function findId(text) {
    var words = blank(normalize.run("replace", normalize.prepare(text)), TIMESTAMPS);
    var rest = blank(words, NOT_IDS);
    var split = normalize.run("split", rest);
    /** @type {number[]} */
    var ids = [];
    ID.lastIndex = 0;
    for (var match = ID.exec(split); match; match = ID.exec(split)) {
      var found = Number(match[1] || match[2] || match[3]);
      if (ids.indexOf(found) === -1) ids.push(found);
    }
    if (!ids.length && /^[0-9]+$/.test(normalize.run("ids", split))) ids.push(Number(normalize.run("ids", split)));
    return { id: ids.length ? ids[0] : null, ids: ids, words: words, rest: rest };
  }

  // What the field does with `value`, on `engine` (a FaultSearch.Engine of the page's locale):
  // {fault: N} go there; {unknown: N} say N is no fault; {several: [N, …], titles} offer them, best first;
  // {search: true}. One fault ID goes to its fault; several (fault 3 and fault 15) are offered, never the first taken.
  // Without an ID, a fault name contained whole goes to that fault, and a phrase that the names of faults hold goes
  // to the one fault whose name it is at least half of, or offers the several that hold it; anything else is for the
  // site search: a word or two that one fault happens to hold (still, case) are no reason to leave for that fault.
  /** @param {FaultEngine} engine @param {string} value @returns {Promise<FaultDecision>} */
  function decide(engine, value) {
    var faultPages = engine.pages.filter(function (p) { return p.fault; });
    var known = faultPages.map(function (p) { return p.fault; });
    var linked = linkPattern(engine.meta.fault_page).exec(value.trim());
    if (linked && known.indexOf(Number(linked[1])) !== -1) return Promise.resolve({ fault: Number(linked[1]) });
    var found = findId(value);
    if (found.ids.length === 1) {
      // (`found.id`: the one of `ids`, a number)
      return Promise.resolve(known.indexOf(/** @type {number} */ (found.id)) !== -1
        ? { fault: /** @type {number} */ (found.id) } : { unknown: /** @type {number} */ (found.id) });
    }
    if (found.ids.length > 1) {
      // One of them no fault: say so (the message lists the known faults) rather than offer the rest as "several".
      var missing = found.ids.filter(function (id) { return known.indexOf(id) === -1; });
      if (missing.length) return Promise.resolve({ unknown: missing[0] });
      return Promise.resolve({
        several: found.ids,
        titles: found.ids.map(function (id) { return faultPages[known.indexOf(id)].title; })
      });
    }
    return engine.search(value, true).then(function (ranked) {
      if (ranked.best) return { fault: ranked.best.page.fault };
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
})(typeof self !== "undefined" ? self : /** @type {typeof globalThis} */ (/** @type {unknown} */ (this)));
