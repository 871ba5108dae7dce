// The first paint (the answer already in the page's HTML) before Voilà's start-up. Voilà's
// script, at the end of the body, would otherwise evaluate its front end (seconds on a phone)
// before the browser's first frame whenever the page arrives at once (a preheated kernel, a
// fast link). The template turns its script tag into a preload (<link data-cardguide-voila>),
// run here once a frame has been painted. Voilà starts on window "load", which may then have passed:
// its "load" listeners run after a painted frame, at once if the page has loaded already.
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
    afterFrame(function () {
      var script = document.createElement("script");
      script.src = preload.href;
      document.body.appendChild(script);
    });
  });
})();
