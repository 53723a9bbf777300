// The page-not-found page (one per locale, see overrides/404.html), loaded in its <head> so that it decides before
// the page is shown. It applies the rules of hooks/faultsite/serving.py (near_miss_target), which nginx applies as
// 301 redirects, so that a near-miss link lands on any static host too:
// - a known fault named with a locale alias, leading zeros, no slash, index.html or .html goes to its page;
// - any other path under a locale alias goes to the same path under the locale;
// - a host that serves only /404.html shows the page-not-found page of the path's locale, at the same address;
// - a fault that does not exist is named, with the known faults as links.
(function () {
  "use strict";

  var script = document.currentScript;
  var sitePath = script.getAttribute("data-site-path");
  var pageLocale = script.getAttribute("data-locale");
  var defaultLocale = script.getAttribute("data-default");
  var locales = script.getAttribute("data-locales").split(",");
  var known = script.getAttribute("data-known").split(",").map(Number);
  var LOCALE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/;
  var FAULT_FORM = /^faults?\/0*([1-9][0-9]*)(?:\/|\/index\.html|\.html)?$/i;

  function language(tag) { return tag.toLowerCase().split("-")[0]; }

  function routeLocale(segment) {
    var tag = segment.replace(/_/g, "-").toLowerCase();
    if (!LOCALE_TAG.test(tag)) return null;
    var exact = locales.filter(function (loc) { return loc.toLowerCase() === tag; });
    var same = locales.filter(function (loc) { return language(loc) === language(tag); });
    return exact.length ? exact[0] : same.length === 1 ? same[0] : null;
  }

  function prefix(locale) { return locale === defaultLocale ? "" : locale + "/"; }

  // Where `path` belongs (null: here), the locale it is in, and the fault it names.
  function route(path) {
    var rest = path.slice(sitePath.length);
    var slash = rest.indexOf("/");
    var tail = slash === -1 ? "" : rest.slice(slash + 1);
    var locale = routeLocale(slash === -1 ? rest : rest.slice(0, slash));
    var named = locale !== null;
    if (!named) { locale = defaultLocale; tail = rest; }
    var fault = FAULT_FORM.exec(tail);
    var target = null;
    if (fault && known.indexOf(Number(fault[1])) !== -1) {
      target = sitePath + prefix(locale) + "faults/" + Number(fault[1]) + "/";
    } else if (named) {
      target = sitePath + prefix(locale) + tail;
    }
    return { target: target === path ? null : target, locale: locale, fault: fault ? Number(fault[1]) : null };
  }

  // A static host served another locale's page: show the path's own, at the same address (the status stays 404).
  function showLocale(locale) {
    // The rest of this page is in another language: parsed as hidden text, so its scripts never start (the
    // other page starts its own). window.stop() would do it too, but the replaced page would never fire "load".
    document.write("<plaintext hidden>");
    fetch(sitePath + prefix(locale) + "404.html").then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    }).then(function (html) {
      document.open();
      document.write(html);
      document.close();
    }, function () { window.location.replace(sitePath + prefix(locale)); });
  }

  function nameMissingFault(id) {
    var element = document.querySelector("[data-missing-fault]");
    var parts = element.getAttribute("data-template").replace("{id}", String(id)).split("{ids}");
    element.textContent = parts[0];
    known.forEach(function (fault, i) {
      if (i) element.appendChild(document.createTextNode(", "));
      var link = document.createElement("a");
      link.href = sitePath + prefix(pageLocale) + "faults/" + fault + "/";
      link.textContent = String(fault);
      element.appendChild(link);
    });
    element.appendChild(document.createTextNode(parts.slice(1).join("{ids}")));
    element.hidden = false;
  }

  var path = window.location.pathname;
  if (path.indexOf(sitePath) !== 0) return;
  var where = route(path);
  if (where.target) {
    window.location.replace(where.target + window.location.search + window.location.hash);
  } else if (where.locale !== pageLocale) {
    showLocale(where.locale);
  } else if (where.fault !== null) {
    document.addEventListener("DOMContentLoaded", function () { nameMissingFault(where.fault); });
  }
})();
