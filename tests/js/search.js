// Runs the site's search engine (overrides/assets/javascripts/fault-search.js) in Node on a built site's index:
//   node tests/js/search.js SITE_DIR PREFIX < queries.json   (a JSON list of queries)
// prints, per query, the result locations best first and whether the first is marked the best match.
"use strict";
const fs = require("fs");
const path = require("path");
const scripts = path.join(__dirname, "..", "..", "overrides", "assets", "javascripts");
global.faultNormalize = require(path.join(scripts, "normalize.js"));
const FaultSearch = require(path.join(scripts, "fault-search.js"));

const [site, prefix] = process.argv.slice(2);
const folder = path.join(site, prefix, "search");
const read = (name) => JSON.parse(fs.readFileSync(path.join(folder, name.split("?")[0]), "utf8"));
const engine = new FaultSearch.Engine(read("search_index.json").config.fault_search, (name) =>
  Promise.resolve(read(name)),
);
const queries = JSON.parse(fs.readFileSync(0, "utf8"));
(async () => {
  const out = [];
  for (const query of queries) {
    const ranked = await engine.search(query);
    const result = engine.materialResult(ranked);
    out.push({
      locations: result.items.map((group) => group[0].location),
      best: result.items.length > 0 && Boolean(result.items[0][0].tags),
      first: result.items.length ? result.items[0][0] : null,
    });
  }
  process.stdout.write(JSON.stringify(out));
})();
