// "Go to fault": jump from a fault ID (or a pasted portal text / endpoint description, in any language) to the
// fault's page in the reader's language. Progressive: without JavaScript the form submits to the overview table.
(function () {
  "use strict";

  function normalize(text) {
    return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function findByText(api, query) {
    var wanted = normalize(query);
    var partial = null;
    for (var i = 0; i < api.faults.length; i++) {
      var fault = api.faults[i];
      for (var locale in fault.locales) {
        var texts = [fault.locales[locale].portal_text, fault.locales[locale].endpoint_description];
        for (var j = 0; j < texts.length; j++) {
          var text = normalize(texts[j]);
          if (text === wanted) return fault.id;
          if (partial === null && wanted.length >= 4 && text.indexOf(wanted) !== -1) partial = fault.id;
        }
      }
    }
    return partial;
  }

  function setUp(form) {
    var input = form.querySelector("input");
    var message = form.querySelector("[role=status]");
    var known = form.getAttribute("data-known").split(",").map(Number);
    var root = form.getAttribute("data-root");
    var api = null;

    function go(id) { window.location.href = root + "faults/" + id + "/"; }

    function unknown(value) {
      message.textContent = format(form.getAttribute("data-unknown"), { id: value, ids: known.join(", ") });
      input.setAttribute("aria-invalid", "true");
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = input.value.trim();
      input.removeAttribute("aria-invalid");
      message.textContent = "";
      if (!value) return;
      var number = /^[^\d]{0,20}?(\d+)\s*$/.exec(normalize(value));
      if (number) {
        var id = Number(number[1]);
        return known.indexOf(id) !== -1 ? go(id) : unknown(number[1]);
      }
      var lookup = api ? Promise.resolve(api) : fetch(form.getAttribute("data-api")).then(function (r) { return r.json(); });
      lookup.then(function (data) {
        api = data;
        var found = findByText(api, value);
        return found !== null ? go(found) : unknown(value);
      }, function () { unknown(value); });
    });
  }

  var forms = document.querySelectorAll("form[data-fault-goto]");
  for (var i = 0; i < forms.length; i++) setUp(forms[i]);
})();
