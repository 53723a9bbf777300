// The query pipeline shared by the search box (inside Material's search worker), the fault-ID field and the
// search index: the twin of hooks/faultsite/normalize.py, tested against the same table
// (tests/normalize_cases.json). Keep the word lists and steps in the same order as there.
(function (root) {
  "use strict";

  var FAULT_WORDS = ["fault", "fout", "storing", "error", "id", "障害", "故障", "錯誤", "错误", "エラー", "결함", "오류", "第",
    "no", "nr", "number", "nummer", "番号", "編號", "번호"];
  var COUNTERS = ["番", "번", "號", "号"];
  var EVENT_WORDS = ["raised", "cleared", "vergrote", "gewist", "引發", "已清除"];

  var CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f";
  var ALTS = FAULT_WORDS.slice().sort(function (a, b) { return b.length - a.length; }).join("|");
  var CJK_WORDS = FAULT_WORDS.concat(COUNTERS, EVENT_WORDS).filter(function (w) { return /[^\x00-\x7f]/.test(w); }).join("|");
  var SEPARATOR = /[\p{P}\p{S}\p{Z}]/gu;
  var DOT = /(?<!\d)\.|\.(?!\d)/g;
  var DIGIT_EDGE = /(?<=\d)(?=[^\d\s.])|(?<=[^\d\s.])(?=\d)/g;
  var CJK_SPLIT = new RegExp("(" + CJK_WORDS + ")|(?<=[" + CJK + "])(?=[^" + CJK + "\\s\\d])|(?<=[^" + CJK + "\\s\\d])(?=[" + CJK + "])", "g");
  var PREFIX = new RegExp("^(?:" + ALTS + ")(?: (\\d+))?(?: (?:" + EVENT_WORDS.join("|") + "))+ ?(?=\\S|$)");
  var WORD_NUMBER = new RegExp("(?:(?<=^)|(?<= ))(?:(?:" + ALTS + ") )+(\\d+)(?= |$)", "g");
  var NUMBER_COUNTER = new RegExp("(?<![\\d.])(\\d+) (?:" + COUNTERS.join("|") + ")(?= |$)", "g");
  var NUMBER_WORD = new RegExp("(?<![\\d.])(\\d+)(?: (?:" + ALTS + "))+(?= |$)", "g");

  function normalize(text) {
    text = text.normalize("NFKC").toLowerCase();
    text = text.replace(SEPARATOR, function (c) { return c === "." ? c : " "; }).replace(DOT, " ");
    text = text.replace(DIGIT_EDGE, " ");
    text = text.replace(CJK_SPLIT, function (all, word) { return word ? " " + word + " " : " "; });
    text = text.replace(/\s+/g, " ").trim();
    text = text.replace(PREFIX, function (all, number) { return number ? number + " " : ""; }).trim();
    text = text.replace(NUMBER_COUNTER, "$1");
    text = text.replace(WORD_NUMBER, "$1");
    text = text.replace(NUMBER_WORD, "$1");
    return text;
  }

  root.faultNormalize = normalize;
  if (typeof module !== "undefined" && module.exports) module.exports = normalize;
})(typeof self !== "undefined" ? self : this);
