// What tsc (tests/browser/tsconfig.json) cannot see from the site's scripts alone: each script of
// overrides/assets/javascripts/ is a classic script that publishes one name on `self` for the others (the search
// worker is their concatenation, hooks/faultsite/worker.py, which also prepends FaultLexicon and FaultStemmers),
// Material's `document$` (its observable of page loads), and the CommonJS names with which the same files export
// themselves to Node for the tests (tests/jsharness.py).

/** The lexicon, hooks/faultsite/lexicon.json without its stop words (embedded by the build). */
declare var FaultLexicon: import("../../overrides/assets/javascripts/normalize.js").Lexicon;
/** The Snowball stemmer classes by language, vendored (hooks/faultsite/snowball/). */
declare var FaultStemmers: Record<string, new () => { stemWord(word: string): string }>;
/** normalize.js */
declare var faultNormalize: typeof import("../../overrides/assets/javascripts/normalize.js");
/** terms.js */
declare var FaultTerms: { Analyzer: new (locale: string, stop: string[]) => FaultAnalyzer; NEGATED: string };
/** fault-search.js */
declare var FaultSearch: {
  shardOf(term: string, count: number): number;
  Engine: new (meta: FaultSearchMeta, load: (name: string) => Promise<FaultIndexFile>) => FaultEngine;
  compoundParts(term: string, known: (word: string) => boolean | undefined, depth: number): string[] | null;
  closeness(term: string, word: string, exact: boolean): number;
};
/** fault-results.js */
declare var FaultResults: {
  order(a: FaultResult, b: FaultResult): number;
  withText(engine: FaultEngine, ranked: FaultRanked, count: number, bonus: number): Promise<FaultRanked>;
  materialResult(engine: FaultEngine, ranked: FaultRanked): { items: MaterialItem[][] };
  highlight(text: string, matched: Set<string>, analyzer: FaultAnalyzer): string;
  teaser(body: string, matched: Set<string>, analyzer: FaultAnalyzer): string;
  escapeHtml(text: string): string;
};
/** fault-id.js */
declare var FaultId: {
  findId(text: string): FaultIdReading;
  decide(engine: FaultEngine, value: string): Promise<FaultDecision>;
};
/** Material for MkDocs: emits on every page load, instant navigation included. */
declare var document$: { subscribe(next: () => void): unknown } | undefined;

declare var module: { exports: unknown } | undefined;
/** Node's (the scripts fall back on it outside the worker): tsc types a require of a file of the program (a script,
 * lexicon.json) as that file; anything else is unknown. */
declare function require(name: string): unknown;

// The shapes the scripts hand each other. (Here, not in the scripts' JSDoc: a script's typedefs are the exports of
// its module, whose type is the global it assigns to module.exports, a circle.)

/** terms.js: an Analyzer, as the other scripts use one. */
interface FaultAnalyzer {
  locale: string;
  /** ICU's word break in the locale. */
  segmenter: Intl.Segmenter;
  /** The terms of one word as written. */
  wordTerms(word: string): string[];
  terms(normalized: string): string[];
  analyze(normalized: string): FaultAnalysis;
}

/** terms.js: a normalized text's terms, in order (with repeats; pair terms after their words); the content words'
 * terms without their negation (no pair terms); where in `terms` each content word's term is. */
interface FaultAnalysis {
  terms: string[];
  words: string[];
  at: number[];
}

/** hooks/faultsite/search.py: the "fault_search" part of a locale's search_index.json config, as read here. */
interface FaultSearchMeta {
  /** Of the index's files: a change of any changes it (the files are fetched with ?v=). */
  version: string;
  locale: string;
  /** The locale's path prefix ("" or "nl/"): its index is in <site>/<prefix>search/. */
  prefix: string;
  /** How many postings shards (terms-N.json) and vocabulary shards (words-N.json). */
  shards: number;
  word_shards: number;
  /** Documents per text chunk (text-N.json). */
  chunk: number;
  /** The label of the best match. */
  best_match: string;
  /** A fault's page inside the locale, {id} for its ID. */
  fault_page: string;
  stop: string[];
  /** Per document: its location, title, fault (0: not a fault) and the number of distinct terms of each name. */
  pages: [string, string, number, number[]][];
}

/** search.py: a postings shard, terms-N.json: term -> [document (as the step from the one before), weight x100,
 * names mask, ...]. */
type FaultPostingsShard = Record<string, number[]>;
/** A file of a locale's search folder, parsed: words-N.json (words), text-N.json (bodies), terms-N.json. */
type FaultIndexFile = string[] | FaultPostingsShard;

/** fault-search.js: a document of the index. `names`: the number of distinct terms of each of its names. */
interface FaultPage {
  location: string;
  title: string;
  /** 0: not a fault (the home and status pages). */
  fault: number;
  names: number[];
}

/** fault-search.js: an Engine, as the other scripts use one. */
interface FaultEngine {
  meta: FaultSearchMeta;
  analyzer: FaultAnalyzer;
  pages: FaultPage[];
  file(name: string): Promise<FaultIndexFile>;
  search(query: string, field?: boolean): Promise<FaultRanked>;
}

/** fault-search.js: one result, with its body once fault-results.js `withText` has added it. */
interface FaultResult {
  page: FaultPage;
  /** What ranks it first: the ID (1e6), a name contained whole (1e4), a phrase of its names (1e3), or 0. */
  tier: number;
  /** The length of the longest of its names the query holds whole. */
  size: number;
  /** A name of it holds every term of the query. */
  phrase: boolean;
  /** How much of such a name the query holds. */
  share: number;
  score: number;
  coverage: number;
  /** The index terms it matched, and the query terms they matched. */
  terms: Set<string>;
  queryTerms: Set<string>;
  body?: string;
}

/** fault-search.js: a query's results. `best`: the one the query names (by ID or a name whole), if any; `strength`:
 * how many words of two or more characters the query has (the fault-ID field goes to a phrase only from two). */
interface FaultRanked {
  query: string;
  words: string[];
  results: FaultResult[];
  best?: FaultResult | null;
  strength: number;
}

/** fault-results.js: one item of Material's search result message (its SearchDocument, with its score and terms). */
interface MaterialItem {
  location: string;
  title: string;
  text: string;
  score: number;
  terms: Record<string, boolean>;
  tags?: string[];
}

/** fault-id.js `findId`: the first fault ID or null, every distinct one in the order written, the text without its
 * timestamps, and the text with every stretch that is never an ID blanked. */
interface FaultIdReading {
  id: number | null;
  ids: number[];
  words: string;
  rest: string;
}

/** fault-id.js `decide`: what the fault-ID field does with a value (fault-goto.js acts on it). */
type FaultDecision =
  | { fault: number }
  | { unknown: number }
  | { several: number[]; titles: string[] }
  | { search: true };
