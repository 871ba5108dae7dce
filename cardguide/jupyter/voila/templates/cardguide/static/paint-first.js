// The first paint, and the reader's module answering in it, before Voilà's start-up. Voilà's
// script, at the end of the body, would otherwise evaluate its front end (seconds on a phone)
// before the browser's first frame, and before the module (reader.js) could take the reader's
// first touch. The template turns its script tag into a preload (<link data-cardguide-voila>),
// run here once the module has started (or 4 s have passed) and a frame has been painted.
// Voilà starts on window "load", which may then have passed: its "load" listeners run after a
// painted frame, at once if the page has loaded already (Voilà adds its listener from a chunk
// loaded later, so the wrapper stays).
(function () {
  function afterFrame(fn) {
    requestAnimationFrame(function () { setTimeout(fn, 0); });
  }
  var add = window.addEventListener;
  window.addEventListener = function (type, listener, options) {
    if (type !== "load" || typeof listener !== "function") return add.call(this, type, listener, options);
    if (document.readyState === "complete") {
      afterFrame(function () { listener.call(window, new Event("load")); });
      return undefined;
    }
    return add.call(this, type, function (event) {
      afterFrame(function () { listener.call(window, event); });
    }, options);
  };
  document.addEventListener("DOMContentLoaded", function () {
    var preload = document.querySelector("link[data-cardguide-voila]");
    if (!preload) return;
    var loaded = false;
    function load() {
      if (loaded) return;
      loaded = true;
      afterFrame(function () {
        var script = document.createElement("script");
        script.src = preload.href;
        document.body.appendChild(script);
      });
    }
    if (window.cardguideReaderStarted || !document.querySelector(".cg-reader")) load();
    document.addEventListener("cardguide-reader", load);
    setTimeout(load, 4000);
  });
})();
