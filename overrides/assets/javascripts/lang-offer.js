// Offer the reader's preferred language when this page exists in it with its own content. Never redirects.
// The candidates are the page's hreflang alternates: the hooks list only locales whose text is their own,
// so a fallback (English-standing-in) page is never offered. A dismissal is remembered per offered locale.
// One prompt at a time: a page that is not among its own alternates is such a fallback page, which already says
// (in its own language, with a link) that it shows English, so it offers nothing more.
(function () {
  "use strict";

  var KEY = "fault-site.lang-offer.dismissed.";

  /**
   * A locale's strings of the offer, from the box's data-strings (the site's not_found strings, by locale).
   * @typedef {{lang_offer: string, lang_offer_dismiss: string}} OfferStrings
   */

  // A configured locale matching one of the reader's language tags: exact, or by primary language
  // (Chinese only for the traditional-script regions, since zh-TW is the one configured Chinese locale).
  /** @param {string} tag @param {string} locale */
  function matches(tag, locale) {
    var t = tag.toLowerCase(), l = locale.toLowerCase();
    if (t === l) return true;
    var primary = t.split("-")[0];
    if (primary !== l.split("-")[0]) return false;
    if (primary !== "zh") return true;
    return /^zh-(hant|tw|hk|mo)(-|$)/.test(t);
  }

  /** @param {Record<string, string>} alternates locale -> the page in it @returns {string | null} */
  function preferred(alternates) {
    var tags = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < tags.length; i++) {
      for (var locale in alternates) {
        if (matches(tags[i], locale)) return locale;
      }
    }
    return null;
  }

  /** @param {string} locale */
  function remembered(locale) {
    try { return window.localStorage.getItem(KEY + locale) === "1"; } catch { return false; }
  }

  /** @param {string} locale */
  function remember(locale) {
    try { window.localStorage.setItem(KEY + locale, "1"); } catch { /* private mode: offer again next time */ }
  }

  /** @param {HTMLElement} box @param {string} locale @param {string} href @param {OfferStrings} strings */
  function show(box, locale, href, strings) {
    var link = document.createElement("a");
    link.href = href;
    link.hreflang = locale;
    link.lang = locale;
    link.textContent = strings.lang_offer;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "lang-offer__dismiss";
    close.lang = locale;
    close.setAttribute("aria-label", strings.lang_offer_dismiss);
    close.title = strings.lang_offer_dismiss;
    close.textContent = "\u00d7";
    close.addEventListener("click", function () {
      remember(locale);
      box.hidden = true;
    });
    box.setAttribute("role", "note");
    box.setAttribute("lang", locale);
    box.appendChild(link);
    box.appendChild(close);
    box.hidden = false;
  }

  // The head's alternates are absolute URLs on the published site; the offer links the same page where this copy
  // is served (a preview, a mirror): the root is where the canonical page's path starts in this location.
  /** @param {string} absolute @param {string} sitePath @returns {string} */
  function here(absolute, sitePath) {
    var canonical = /** @type {HTMLLinkElement | null} */ (document.querySelector('link[rel="canonical"]'));
    var own = canonical ? new URL(canonical.href).pathname.slice(sitePath.length) : "";
    var path = window.location.pathname;
    var root = own && path.slice(-own.length) === own ? path.slice(0, path.length - own.length) : sitePath;
    if (root.slice(-1) !== "/") root += "/";
    return root + new URL(absolute).pathname.slice(sitePath.length);
  }

  function setUp() {
    var box = /** @type {HTMLElement | null} */ (document.querySelector("[data-lang-offer]"));
    if (!box || box.childNodes.length) return;
    /** @type {Record<string, OfferStrings>} */
    var strings = JSON.parse(/** @type {string} */ (box.getAttribute("data-strings")));
    /** @type {Record<string, string>} */
    var alternates = {};
    var current = document.documentElement.lang;
    var ownPage = false;
    var links = /** @type {NodeListOf<HTMLLinkElement>} */ (document.querySelectorAll('link[rel="alternate"][hreflang]'));
    for (var i = 0; i < links.length; i++) {
      var hreflang = /** @type {string} */ (links[i].getAttribute("hreflang"));
      if (hreflang === current) ownPage = true;
      if (hreflang !== "x-default" && strings[hreflang]) {
        alternates[hreflang] = here(links[i].href, /** @type {string} */ (box.getAttribute("data-site-path")));
      }
    }
    if (!ownPage) return;
    var locale = preferred(alternates);
    if (!locale || matches(current, locale) || remembered(locale)) return;
    show(box, locale, alternates[locale], strings[locale]);
  }

  setUp();
  // Material's instant navigation swaps the page without reloading scripts.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setUp);
})();
