// Pings the kernel every 2 s; when no answer has come for ``timeout_ms`` (the kernel died or was
// restarted, or the server is gone), a banner asks the viewer to reload the page.
export default {
  render({model, el}) {
    el.classList.add("cg-connection");
    let last = Date.now();
    model.on("msg:custom", (msg) => { if (msg && msg.pong) { last = Date.now(); el.style.display = "none"; } });
    const timer = setInterval(() => {
      try { model.send({ping: true}); } catch (error) { /* the socket is gone: no pong will come */ }
      if (Date.now() - last > model.get("timeout_ms")) {
        el.textContent = model.get("message");
        el.style.display = "block";
      }
    }, 2000);
    return () => clearInterval(timer);
  },
};
