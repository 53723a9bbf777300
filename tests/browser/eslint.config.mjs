// ESLint for the site's own JavaScript (overrides/assets/javascripts/; run from the repository root by
// tests/test_javascript.py): the recommended rules, for classic scripts that run in a page or in the search worker and
// export themselves to Node for the tests (module.exports).
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    files: ["overrides/assets/javascripts/*.js"],
    ignores: ["**/*.min.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser, ...globals.worker, module: "readonly", require: "readonly" },
    },
  },
];
