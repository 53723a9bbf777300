// Runs the page-not-found script (its source text, as the site serves it) as a browser runs it on a page-not-found
// page opened at `href`, with that page's <script> attributes and route table (JSON text), and tells what the script
// did: where it sent the browser (location.replace), which page it fetched (to show another locale's), and which
// missing fault it named. This file is one function expression: tests/js/not-found.js runs it in Node,
// tests/browser/test_routes.py in Chromium (with Chromium's URL parser and regex engine).
(function runNotFound(source, attributes, table, href) {
  "use strict";
  var url = new URL(href);
  var did = { replace: null, fetched: null, named: null };
  var missingFault = {
    getAttribute: function () { return "{id}{ids}"; },
    appendChild: function () {},
    set textContent(text) { if (did.named === null) did.named = text; },
  };
  var document = {
    currentScript: { getAttribute: function (name) { return name in attributes ? attributes[name] : null; } },
    getElementById: function (id) { return id === "fault-site-routes" ? { textContent: table } : null; },
    querySelector: function () { return missingFault; },
    createElement: function () { return {}; },
    createTextNode: function () { return {}; },
    write: function () {},
    addEventListener: function (type, listener) { if (type === "DOMContentLoaded") listener(); },
  };
  var location = {
    pathname: url.pathname,
    search: url.search,
    hash: url.hash,
    replace: function (to) { did.replace = to; },
  };
  function fetch(to) {
    did.fetched = to;
    return new Promise(function () {});  // the other locale's page never arrives: nothing more happens
  }
  new Function("window", "document", "fetch", source)({ location: location }, document, fetch);
  return did;
})
