/* Below the browser baseline (docs/testing.md): a browser without ES modules, or one whose
   engine cannot run the reader's module (a syntax error in an old WebView, a module that never
   arrived). reader.js sets window.cardguideReaderRan as it starts; once the page has loaded
   without it, this line says the controls need a newer browser (and, on the static page, that
   the answer shown is the build day's, not the linked day's). The answer in the page's HTML and
   the article stay. The words are the page's (data-old-browser: each language's line from
   ui.toml, the page's own first), in the link's language. A classic script in ES5, so that it
   runs wherever the module cannot. */
(function () {
  function words(root) {
    var lines = {}, first = "";
    try { lines = JSON.parse(root.getAttribute("data-old-browser") || "{}"); } catch (e) { return { lang: "", text: "" }; }
    for (var key in lines) { if (!first) first = lines[key]; }
    var asked = /[?&]lang=([a-z]+)/.exec(location.search);
    return asked && lines[asked[1]] ? { lang: asked[1], text: lines[asked[1]] } : { lang: "", text: first };
  }
  function check() {
    if (window.cardguideReaderRan) return;
    var root = document.querySelector(".cg-reader");
    var box = root && root.querySelector(".cg-controls");
    if (!root || !box || document.querySelector(".cg-old-browser")) return;
    // The page's own date slider (texts.early_date_html) moves nothing without the module.
    var early = root.querySelector(".cg-early");
    if (early) early.parentNode.removeChild(early);
    var line = document.createElement("p");
    line.className = "cg-warn cg-old-browser";
    var said = words(root);
    if (said.lang && said.lang !== (document.documentElement.lang || "").slice(0, 2)) line.setAttribute("lang", said.lang);
    line.appendChild(document.createTextNode(said.text));
    box.appendChild(line);
  }
  if (document.readyState === "complete") check();
  else window.addEventListener("load", check);
})();
