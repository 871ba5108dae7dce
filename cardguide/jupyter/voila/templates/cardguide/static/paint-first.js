// Voilà starts its front end on window "load". When the page arrives at once (a preheated
// kernel, a fast link), its start-up (seconds of script on a phone) ran before the browser's
// first frame, so the answer the page already holds (the first paint) waited for it. Loaded
// before Voilà's own script: "load" listeners run once a frame has been painted.
(function () {
  var add = window.addEventListener;
  window.addEventListener = function (type, listener, options) {
    if (type !== "load" || typeof listener !== "function") return add.call(this, type, listener, options);
    return add.call(this, type, function (event) {
      requestAnimationFrame(function () { setTimeout(function () { listener.call(window, event); }, 0); });
    }, options);
  };
})();
