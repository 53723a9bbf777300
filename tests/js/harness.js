// The search worker's code in Node, for the tests: the very file the site publishes (or the build's source of it),
// run as a worker runs it, with the engine on a built site's index. One JSON request per line on stdin, one JSON
// answer per line on stdout:
//   {"op": "normalize", "texts": [...]}                     -> [normalized, ...]
//   {"op": "terms", "locale": "ja", "stop": [...], "texts": [...]} -> [[term, ...], ...]
//   {"op": "stem", "stemmer": "dutch", "words": [...]}      -> [stem, ...]
//   {"op": "findId", "texts": [...]}                        -> [{id, rest}, ...]
//   {"op": "shards", "terms": [...], "counts": [...]}       -> [[shard per count], ...]
//   {"op": "search", "prefix": "ja/", "queries": [...]}     -> [{locations, best, first, strength}, ...]
//   {"op": "decide", "prefix": "ja/", "values": [...]}      -> [decision, ...]
//   node tests/js/harness.js WORKER_FILE [SITE_DIR]
"use strict";
const fs = require("fs");
const path = require("path");
const readline = require("readline");
const vm = require("vm");

const [workerFile, site] = process.argv.slice(2);
global.self = globalThis;
vm.runInThisContext(fs.readFileSync(workerFile, "utf8"), { filename: workerFile });

const engines = {};
function engine(prefix) {
  if (!engines[prefix]) {
    const folder = path.join(site, prefix, "search");
    const read = (name) => JSON.parse(fs.readFileSync(path.join(folder, name.split("?")[0]), "utf8"));
    engines[prefix] = new self.FaultSearch.Engine(read("search_index.json").config.fault_search, (name) =>
      Promise.resolve(read(name)),
    );
  }
  return engines[prefix];
}

async function answer(request) {
  switch (request.op) {
    case "normalize":
      return request.texts.map((t) => self.faultNormalize(t));
    case "terms": {
      const analyzer = new self.FaultTerms.Analyzer(request.locale, request.stop);
      return request.texts.map((t) => analyzer.terms(self.faultNormalize(t)));
    }
    case "stem": {
      const stemmer = new self.FaultStemmers[request.stemmer]();
      return request.words.map((w) => stemmer.stemWord(w));
    }
    case "shards":
      return request.terms.map((t) => request.counts.map((n) => self.FaultSearch.shardOf(t, n)));
    case "findId":
      return request.texts.map((t) => self.FaultId.findId(t));
    case "search": {
      const out = [];
      for (const query of request.queries) {
        const ranked = await engine(request.prefix).search(query);
        const result = self.FaultResults.materialResult(engine(request.prefix), ranked);
        out.push({
          locations: result.items.map((group) => group[0].location),
          best: result.items.length > 0 && Boolean(result.items[0][0].tags),
          first: result.items.length ? result.items[0][0] : null,
          items: result.items.slice(0, 10).map((group) => group[0]),
          strength: ranked.strength,
        });
      }
      return out;
    }
    case "decide": {
      const out = [];
      for (const value of request.values) out.push(await self.FaultId.decide(engine(request.prefix), value));
      return out;
    }
    default:
      throw new Error("unknown op " + request.op);
  }
}

const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on("line", (line) => {
  queue = queue.then(async () => {
    try {
      process.stdout.write(JSON.stringify({ ok: await answer(JSON.parse(line)) }) + "\n");
    } catch (error) {
      process.stdout.write(JSON.stringify({ error: String(error && error.stack) }) + "\n");
    }
  });
});
