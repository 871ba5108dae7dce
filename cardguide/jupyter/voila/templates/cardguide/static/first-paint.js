// Runs in the page before Voilà's scripts (index.html.j2), so the first paint is right:
// the link's language, and no default answer when the link chose its own day or carrier.
(function () {
  var query = new URLSearchParams(window.location.search);
  var root = document.documentElement;
  if (query.get("lang") === "en") root.classList.add("cg-fp-lang-en");
  if (query.has("date") || query.has("carrier") || query.has("by") || query.has("review") || query.has("remote")) {
    root.classList.add("cg-fp-linked");
  }
})();
