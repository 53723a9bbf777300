// Runs the page-not-found script (overrides/assets/javascripts/not-found.js, as a built site serves it) in Node,
// unchanged, as a browser runs it on a page-not-found page opened at each of many addresses (not-found-harness.js):
//   node tests/js/not-found.js SCRIPT < input.json
//   input: {"attributes": {its <script> tag's attributes}, "table": the text of the page's route table, "urls": [...]}
// prints, per address (path, query and fragment), where the script sends the browser (location.replace), or null.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const runNotFound = vm.runInThisContext(fs.readFileSync(path.join(__dirname, "not-found-harness.js"), "utf8"));
const source = fs.readFileSync(process.argv[2], "utf8");
const { attributes, table, urls } = JSON.parse(fs.readFileSync(0, "utf8"));
const out = urls.map((address) => runNotFound(source, attributes, table, new URL(address, "http://127.0.0.1").href).replace);
process.stdout.write(JSON.stringify(out));
