// The copy buttons of code blocks (log paths) say that they copied. Material copies, then focuses the button that
// copied and shows its "copied" message in a corner of the screen for 2 s (its clipboard integration and dialog
// component): while that message shows, the button that has focus carries data-copied (a check mark, faults.css),
// and the message is a status that screen readers read out. Without JavaScript there is no copy button at all.
(function () {
  "use strict";

  function setUp() {
    const dialog = document.querySelector("[data-md-component=dialog]");
    var message = dialog && dialog.querySelector(".md-dialog__inner");
    if (!dialog || !message || dialog.hasAttribute("data-copy-state")) return;
    dialog.setAttribute("data-copy-state", "");
    message.setAttribute("role", "status");
    /** @type {Element | null} */
    var copied = null;
    new MutationObserver(function () {
      var active = dialog.classList.contains("md-dialog--active");
      if (copied && !active) { copied.removeAttribute("data-copied"); copied = null; }
      var button = document.activeElement;
      if (active && button && button.matches("[data-clipboard-target], [data-clipboard-text]")) {
        if (copied) copied.removeAttribute("data-copied");
        copied = button;
        copied.setAttribute("data-copied", "");
      }
    }).observe(dialog, { attributes: true, attributeFilter: ["class"] });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
