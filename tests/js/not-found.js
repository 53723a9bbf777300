// Runs the page-not-found script (overrides/assets/javascripts/not-found.js, as a built site serves it) in Node,
// unchanged, as a browser runs it on a page-not-found page opened at each of many addresses:
//   node tests/js/not-found.js SCRIPT < input.json   ({"attributes": {its <script> tag's attributes}, "urls": [...]})
// prints, per address (path, query and fragment), where the script sends the browser (location.replace), or null.
"use strict";
const fs = require("fs");
const vm = require("vm");

const file = process.argv[2];
const script = new vm.Script(fs.readFileSync(file, "utf8"), { filename: file });
const { attributes, urls } = JSON.parse(fs.readFileSync(0, "utf8"));
// What the script may touch when it does not redirect (another locale's page, a missing fault's name): inert here.
const sandbox = vm.createContext({
  fetch: () => new Promise(() => {}),
  document: {
    currentScript: { getAttribute: (name) => (name in attributes ? attributes[name] : null) },
    write() {},
    addEventListener() {},
  },
});
const out = urls.map((address) => {
  const url = new URL(address, "http://127.0.0.1");
  let target = null;
  sandbox.window = {
    location: {
      pathname: url.pathname,
      search: url.search,
      hash: url.hash,
      replace: (to) => {
        target = to;
      },
    },
  };
  script.runInContext(sandbox);
  return target;
});
process.stdout.write(JSON.stringify(out));
