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

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  // Material's search box, opened with `text` (as its ?q= deep link does, without reloading the page).
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
  function connect(root) {
    // Material's configuration, which every page carries.
    var config = JSON.parse(/** @type {string} */ (/** @type {HTMLElement} */ (document.getElementById("__config")).textContent));
    var index = new URL("search/search_index.json", new URL(root, location.href));
    return fetch(index).then(function (response) {
      if (!response.ok) throw new Error("search_index.json: HTTP " + response.status);
      return response.json();
    }).then(function (data) {
      var worker = new Worker(config.search);
      var waiting = [];
      return new Promise(function (resolve) {
        worker.onmessage = function (event) {
          if (event.data.type === READY) {
            resolve(function (value) {
              return new Promise(function (answer) { waiting.push(answer); worker.postMessage({ type: GOTO, data: value }); });
            });
          } else if (event.data.type === GOTO_RESULT) {
            waiting.shift()(event.data.data);
          }
        };
        worker.postMessage({ type: SETUP, data: { config: data.config, docs: [] } });
      });
    });
  }

  function setUp(form) {
    var input = form.querySelector("input");
    var message = form.querySelector("[role=status]");
    var known = form.getAttribute("data-known").split(",").map(Number);
    var root = form.getAttribute("data-root");
    var page = String(form.getAttribute("data-fault-page")); // a fault page in the locale: faultsite.urls.fault_page
    /** @type {Promise<(value: string) => Promise<any>> | null} */
    var ask = null;

    function here(path) { return new URL(path, new URL(root, window.location.href)).href; }

    // Material's search box on this page, or the locale's home page opened with the query (Material's ?q=).
    function search(text) {
      if (!handToSearch(text)) window.location.href = here("?q=" + encodeURIComponent(text));
    }

    function say(text) {
      message.textContent = text;
      input.setAttribute("aria-invalid", "true");
    }

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

    function act(value, decision) {
      if ("fault" in decision) window.location.href = here(page.replace("{id}", String(decision.fault)));
      else if ("unknown" in decision) say(format(form.getAttribute("data-unknown"), { id: String(decision.unknown), ids: known.join(", ") }));
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

  var forms = document.querySelectorAll("form[data-fault-goto]");
  for (var i = 0; i < forms.length; i++) setUp(forms[i]);
})();
