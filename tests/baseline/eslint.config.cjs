// The browser baseline's API check (tests/test_baseline.py): eslint-plugin-compat against the
// query in the repository's .browserslistrc, over the scripts the pages ship. Syntax is es-check's
// (ES2018); this config parses any syntax and looks only at APIs. The tools come from npm through
// harness/npm.py, found through NODE_PATH.
const compat = require("eslint-plugin-compat");
const globals = require("globals");

module.exports = [
  {
    files: ["**/*.js"],
    languageOptions: { ecmaVersion: "latest", globals: { ...globals.browser } },
    plugins: { compat },
    rules: { "compat/compat": "error" },
    settings: { polyfills: [] },
  },
  { files: ["cardguide/reader/*.js"], languageOptions: { sourceType: "module" } },
  { files: ["cardguide/jupyter/**/*.js"], languageOptions: { sourceType: "script" } },
];
