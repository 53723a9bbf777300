// "Go to fault": from what the reader has in hand (an ID typed any way, a pasted notification, a fault's name in
// any language, a link to a fault page) to the fault's page in the page's language. The decision is made by our
// search worker (fault-id.js `decide`, on the same engine and index as the search box; loaded on the first use):
// - {fault: N}: go there;
// - {unknown: N}: say there is no fault N, with the number only;
// - {several: [...]}: offer them, best first, as links;
// - {search: true}: hand the text to the site search, in the page's language.
// Progressive: without JavaScript the form submits to the overview table.
(function () {
  "use strict";

  var SETUP = 0, READY = 1, GOTO = 4, GOTO_RESULT = 5;
  var LIST_MAX = 10;

  /** @param {string} template @param {Record<string, string>} values @returns {string} */
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, /** @param {string} all @param {string} key */
      function (all, key) { return key in values ? values[key] : all; });
  }

  // Material's search box, opened with `text` (as its ?q= deep link does, without reloading the page).
  /** @param {string} text @returns {boolean} */
  function handToSearch(text) {
    var toggle = /** @type {HTMLInputElement | null} */ (document.getElementById("__search"));
    var box = /** @type {HTMLInputElement | null} */ (document.querySelector("input.md-search__input"));
    if (!toggle || !box) return false;
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    box.value = text;
    box.focus();
    box.dispatchEvent(new KeyboardEvent("keyup"));
    return true;
  }

  // A search worker of our own (Material's keeps its own), set up with the locale's index; resolves to a function
  // that asks it for the field's decision on a value.
  /** @param {string} root @returns {Promise<(value: string) => Promise<FaultDecision>>} */
  function connect(root) {
    // Material's configuration, which every page carries.
    /** @type {{search: string}} */
    var config = JSON.parse(/** @type {string} */ (/** @type {HTMLElement} */ (document.getElementById("__config")).textContent));
    var index = new URL("search/search_index.json", new URL(root, location.href));
    return fetch(index).then(function (response) {
      if (!response.ok) throw new Error("search_index.json: HTTP " + response.status);
      return response.json();
    }).then(function (/** @type {{config: {fault_search: FaultSearchMeta}}} */ data) {
      var worker = new Worker(config.search);
      /** @type {((decision: FaultDecision) => void)[]} */
      var waiting = [];
      return new Promise(function (resolve) {
        /** @param {MessageEvent<{type: number, data: FaultDecision}>} event READY, or GOTO_RESULT with the decision */
        worker.onmessage = function (event) {
          if (event.data.type === READY) {
            resolve(/** @param {string} value */ function (value) {
              return /** @type {Promise<FaultDecision>} */ (new Promise(function (answer) {
                waiting.push(answer); worker.postMessage({ type: GOTO, data: value });
              }));
            });
          } else if (event.data.type === GOTO_RESULT) {
            // (each GOTO_RESULT answers the oldest GOTO: a waiting answer is there)
            /** @type {(decision: FaultDecision) => void} */ (waiting.shift())(event.data.data);
          }
        };
        worker.postMessage({ type: SETUP, data: { config: data.config, docs: [] } });
      });
    });
  }

  // The form's parts and data-* attributes are in every page that has the form (overrides/main.html, 404.html,
  // home.md.j2): the casts below say so.
  /** @param {HTMLFormElement} form */
  function setUp(form) {
    var input = /** @type {HTMLInputElement} */ (form.querySelector("input"));
    var message = /** @type {HTMLElement} */ (form.querySelector("[role=status]"));
    var known = /** @type {string} */ (form.getAttribute("data-known")).split(",").map(Number);
    var root = /** @type {string} */ (form.getAttribute("data-root"));
    var page = String(form.getAttribute("data-fault-page")); // a fault page in the locale: faultsite.urls.fault_page
    /** @type {Promise<(value: string) => Promise<FaultDecision>> | null} */
    var ask = null;

    /** @param {string} path */
    function here(path) { return new URL(path, new URL(root, window.location.href)).href; }

    // Material's search box on this page, or the locale's home page opened with the query (Material's ?q=).
    /** @param {string} text */
    function search(text) {
      if (!handToSearch(text)) window.location.href = here("?q=" + encodeURIComponent(text));
    }

    /** @param {string} text */
    function say(text) {
      message.textContent = text;
      input.setAttribute("aria-invalid", "true");
    }

    /** @param {number[]} faults @param {string[]} titles */
    function offer(faults, titles) {
      message.textContent = form.getAttribute("data-several");
      var list = document.createElement("ul");
      list.className = "fault-goto__list";
      faults.slice(0, LIST_MAX).forEach(function (fault, i) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = here(page.replace("{id}", String(fault)));
        link.textContent = titles[i];
        item.appendChild(link);
        list.appendChild(item);
      });
      message.appendChild(list);
    }

    /** @param {string} value @param {FaultDecision} decision */
    function act(value, decision) {
      if ("fault" in decision) window.location.href = here(page.replace("{id}", String(decision.fault)));
      else if ("unknown" in decision) say(format(/** @type {string} */ (form.getAttribute("data-unknown")),
        { id: String(decision.unknown), ids: known.join(", ") }));
      else if ("several" in decision) offer(decision.several, decision.titles);
      else search(value);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = input.value.trim();
      input.removeAttribute("aria-invalid");
      message.textContent = "";
      if (!value) return;
      if (!ask) ask = connect(root);
      ask.then(function (decide) { return decide(value); }).then(function (decision) { act(value, decision); }, function () {
        ask = null;
        search(value);
      });
    });
  }

  var forms = /** @type {NodeListOf<HTMLFormElement>} */ (document.querySelectorAll("form[data-fault-goto]"));
  for (var i = 0; i < forms.length; i++) setUp(forms[i]);
})();
