// "Go to fault": from what the reader has in hand (an ID typed any way, a pasted notification, a fault's name in
// any language) to the fault's page in the page's language. The same query pipeline and search engine as the
// search box (normalize.js, fault-search.js, on the locale's own index):
// - a known ID (the first word after the pipeline: "Fault 13:", "障害13", "13번"), a link to a fault page of any
//   locale, or one fault whose name is contained whole: go there;
// - an unknown ID: say so, with the number only;
// - several faults: offer them, best first, as links;
// - nothing: hand the text to the site search, in the page's language.
// Progressive: without JavaScript the form submits to the overview table.
(function () {
  "use strict";

  var LIST_MAX = 10;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  // Material's search box, opened with `text` (as its ?q= deep link does, without reloading the page).
  function handToSearch(text) {
    var toggle = document.getElementById("__search");
    var box = document.querySelector("input.md-search__input");
    if (!toggle || !box) return false;
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    box.value = text;
    box.focus();
    box.dispatchEvent(new KeyboardEvent("keyup"));
    return true;
  }

  function setUp(form) {
    var input = form.querySelector("input");
    var message = form.querySelector("[role=status]");
    var known = form.getAttribute("data-known").split(",").map(Number);
    var root = form.getAttribute("data-root");
    var engine = null;

    function load(name) {
      return fetch(new URL("search/" + name, new URL(root, location.href))).then(function (response) {
        if (!response.ok) throw new Error(name + ": HTTP " + response.status);
        return response.json();
      });
    }

    function getEngine() {
      if (engine) return Promise.resolve(engine);
      return load("search_index.json").then(function (index) {
        engine = new window.FaultSearch.Engine(index.config.fault_search, load);
        return engine;
      });
    }

    function here(path) { return new URL(path, new URL(root, window.location.href)).href; }

    function go(path) { window.location.href = here(path); }

    // Material's search box on this page, or the locale's home page opened with the query (Material's ?q=).
    function search(text) {
      if (!handToSearch(text)) window.location.href = here("?q=" + encodeURIComponent(text));
    }

    function say(text) {
      message.textContent = text;
      input.setAttribute("aria-invalid", "true");
    }

    function offer(results) {
      message.textContent = form.getAttribute("data-several");
      var list = document.createElement("ul");
      list.className = "fault-goto__list";
      results.slice(0, LIST_MAX).forEach(function (r) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = here(r.page.location);
        link.textContent = r.page.title;
        item.appendChild(link);
        list.appendChild(item);
      });
      message.appendChild(list);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = input.value.trim();
      input.removeAttribute("aria-invalid");
      message.textContent = "";
      if (!value) return;
      // A link to a fault page, of any locale or host (the permanent scheme .../faults/<id>/): that fault, here.
      var linked = /(?:^|\/)faults\/(\d+)\/?(?:index\.html)?(?:[?#].*)?$/.exec(value);
      var first = linked ? linked[1] : window.faultNormalize(value).split(" ")[0];
      if (linked && known.indexOf(Number(first)) !== -1) return go("faults/" + Number(first) + "/");
      if (/^\d+$/.test(first) && known.indexOf(Number(first)) === -1) {
        // "99", "Fault 99: …", "障害99": a fault number the site does not know. The message names the number only.
        return say(format(form.getAttribute("data-unknown"), { id: String(Number(first)), ids: known.join(", ") }));
      }
      getEngine().then(function (found) { return found.search(value); }).then(function (ranked) {
        var faults = ranked.results.filter(function (r) { return r.page.fault; });
        if (ranked.best || faults.length === 1) return go((ranked.best || faults[0]).page.location);
        if (faults.length > 1) return offer(faults);
        search(value);
      }, function () { search(value); });
    });
  }

  var forms = document.querySelectorAll("form[data-fault-goto]");
  for (var i = 0; i < forms.length; i++) setUp(forms[i]);
})();
