// "Show English" on a translated fault page: the checkbox works without JavaScript (CSS :has()); this script
// sets a class for browsers without :has() and remembers the choice from page to page (localStorage).
(function () {
  "use strict";
  var KEY = "faults.show-english";

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch { return null; }  // storage may be blocked
  }

  /** @param {boolean} on */
  function remember(on) {
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch { /* not remembered, still works */ }
  }

  /** @param {boolean} on */
  function show(on) {
    document.documentElement.classList.toggle("show-english", on);
  }

  function setUp() {
    const box = /** @type {HTMLInputElement | null} */ (document.getElementById("show-english"));
    if (!box) { show(false); return; }
    if (stored() !== null) box.checked = stored() === "1";
    show(box.checked);
    box.addEventListener("change", function () { show(box.checked); remember(box.checked); });
  }

  // Material's instant navigation (if enabled) swaps pages without reloading: document$ emits for each page.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else {
    setUp();
  }
})();
