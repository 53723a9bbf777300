// The page-not-found page (one per locale, see overrides/404.html), loaded in its <head> so that it decides before
// the page is shown. It applies the site's route table (hooks/faultsite/routes.py, embedded in the page as JSON; the
// same table nginx's redirects are generated from) with the generic interpreter below, so that on any static host:
// - a near miss (a locale alias, leading zeros, no slash, index.html, .html, a fault's URL with trailing junk) goes to
//   the page the table names, with the query and fragment kept;
// - a host that serves only /404.html shows the page-not-found page of the path's locale, at the same address;
// - a fault that does not exist is named, with the known faults as links.
// The table holds no rule of its own here: every rule, its target and its safety are checked at build time
// (hooks/faultsite/route_check.py: a target is a path of this site, whatever the address holds).
(function () {
  "use strict";

  /**
   * One row of the route table (routes.Rule): what it matches, where that belongs (null: nowhere else), its locale,
   * the group of the fault's ID (0: none).
   * @typedef {{match: string, to: string | null, locale: string, fault: number}} Rule
   */
  /**
   * The route table as routes.RouteTable.as_json writes it; `locales`: each locale's home, fault page ($1: the ID)
   * and page-not-found page.
   * @typedef {object} RouteTable
   * @property {string} site_path
   * @property {string} default_locale
   * @property {number[]} fault_ids
   * @property {Record<string, {home: string, fault: string, not_found: string}>} locales
   * @property {Rule[]} rules
   */
  /** What the table says of a path (routes.Route): `fault`, the ID the path names, as written.
   * @typedef {{target: string | null, locale: string, fault: string | null}} Route */

  // This script's tag and the route table come in the same page-not-found page (nginx.py, routes.py).
  var pageLocale = /** @type {string} */ (/** @type {HTMLScriptElement} */ (document.currentScript).getAttribute("data-locale"));
  /** @type {RouteTable} */
  var table = JSON.parse(/** @type {string} */ (/** @type {HTMLElement} */ (document.getElementById("fault-site-routes")).textContent));

  // A target template with each $n replaced by what group n of the rule's regex matched.
  /** @param {string} template @param {RegExpExecArray} found @returns {string} */
  function fill(template, found) {
    return template.replace(/\$([1-9])/g, /** @param {string} _ @param {string} n */
      function (_, n) { return found[Number(n)]; });
  }

  // The interpreter (the reference is routes.route): the first rule matching the whole path, ignoring ASCII case.
  /** @param {string} path @returns {Route} */
  function route(path) {
    for (var i = 0; i < table.rules.length; i++) {
      var rule = table.rules[i];
      var found = new RegExp("^(?:" + rule.match + ")$", "i").exec(path);
      if (found) {
        var target = rule.to === null ? null : fill(rule.to, found);
        return { target: target === path ? null : target, locale: rule.locale, fault: rule.fault ? found[rule.fault] : null };
      }
    }
    return { target: null, locale: table.default_locale, fault: null };
  }

  // A static host served another locale's page: show the path's own, at the same address (the status stays 404).
  /** @param {string} locale */
  function showLocale(locale) {
    // The rest of this page is in another language: parsed as hidden text, so its scripts never start (the
    // other page starts its own). window.stop() would do it too, but the replaced page would never fire "load".
    document.write("<plaintext hidden>");
    fetch(table.locales[locale].not_found).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    }).then(function (html) {
      document.open();
      document.write(html);
      document.close();
    }, function () { window.location.replace(table.locales[locale].home); });
  }

  /** @param {string} id */
  function nameMissingFault(id) {
    var element = /** @type {HTMLElement} */ (document.querySelector("[data-missing-fault]"));
    var parts = /** @type {string} */ (element.getAttribute("data-template")).replace("{id}", id).split("{ids}");
    element.textContent = parts[0];
    table.fault_ids.forEach(function (fault, i) {
      if (i) element.appendChild(document.createTextNode(", "));
      var link = document.createElement("a");
      link.href = table.locales[pageLocale].fault.replace("$1", String(fault));
      link.textContent = String(fault);
      element.appendChild(link);
    });
    element.appendChild(document.createTextNode(parts.slice(1).join("{ids}")));
    element.hidden = false;
  }

  var where = route(window.location.pathname);
  if (where.target) {
    window.location.replace(where.target + window.location.search + window.location.hash);
  } else if (where.locale !== pageLocale) {
    showLocale(where.locale);
  } else if (where.fault !== null) {
    // (a string: tested just above, and `where` is never assigned again; tsc does not carry a test into a callback)
    document.addEventListener("DOMContentLoaded", function () {
      nameMissingFault(/** @type {string} */ (where.fault));
    });
  }
})();
