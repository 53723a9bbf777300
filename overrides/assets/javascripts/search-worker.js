// Our search worker for Material's search box: Material's worker protocol (SETUP, READY, QUERY, RESULT; see
// Material's src/templates/assets/javascripts/integrations/search/worker/message) over the engine of
// fault-search.js, plus one message of our own for the fault-ID field (GOTO: the field's decision, fault-id.js).
// The build (hooks/faultsite/worker.py) prepends the lexicon, the stemmers and the engine's parts to this file and
// publishes the result under a name with its content hash, which Material's configuration names as its worker.
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3, GOTO = 4, GOTO_RESULT = 5;
  /** @type {FaultEngine | null} */
  var engine = null; // a FaultSearch.Engine once the page sent SETUP
  var latest = 0;

  /**
   * A message from the page: SETUP with the index's config (Material's, and the fault-ID field's), QUERY with the
   * search box's text, GOTO with the field's value. (Its type says which data it carries: tsc cannot tell them apart
   * by the numbers above, `var`s, so each branch below says which it reads.)
   * @typedef {{type: number, data: {config: {fault_search: FaultSearchMeta}} | string}} Request
   */

  /** @param {MessageEvent<Request>} event */
  self.onmessage = function (event) {
    var message = event.data;
    if (message.type === SETUP) {
      var meta = /** @type {{config: {fault_search: FaultSearchMeta}}} */ (message.data).config.fault_search;
      // The worker lives in <site>/assets/javascripts/workers/; the locale's index in <site>/<prefix>search/.
      var folder = new URL("../../../" + meta.prefix + "search/", self.location.href);
      engine = new self.FaultSearch.Engine(meta, function (name) {
        return fetch(new URL(name, folder)).then(function (response) {
          if (!response.ok) throw new Error(name + ": HTTP " + response.status);
          return response.json();
        });
      });
      self.postMessage({ type: READY });
    } else if (message.type === QUERY && engine) {
      var ticket = ++latest;
      // (`engine`: tested above, and never null again once set; tsc does not carry the test into the callback)
      engine.search(/** @type {string} */ (message.data)).then(function (ranked) {
        if (ticket === latest) self.postMessage({
          type: RESULT, data: self.FaultResults.materialResult(/** @type {FaultEngine} */ (engine), ranked)
        });
      }, function (/** @type {unknown} */ error) {
        if (ticket === latest) self.postMessage({ type: RESULT, data: { items: [] } });
        throw error;
      });
    } else if (message.type === GOTO && engine) {
      self.FaultId.decide(engine, /** @type {string} */ (message.data)).then(function (decision) {
        self.postMessage({ type: GOTO_RESULT, data: decision });
      }, function () {
        self.postMessage({ type: GOTO_RESULT, data: { search: true } });
      });
    }
  };
})();
