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
declare var FaultSearch: any;
/** fault-results.js */
declare var FaultResults: any;
/** fault-id.js */
declare var FaultId: any;
/** Material for MkDocs: emits on every page load, instant navigation included. */
declare var document$: { subscribe(next: () => void): unknown } | undefined;

declare var module: { exports: unknown } | undefined;
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
