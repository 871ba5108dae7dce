// A <details> that stays in the page while its content changes: a redraw neither closes it nor
// takes the keyboard focus away from its summary.
export default {
  render({model, el}) {
    const details = document.createElement("details");
    details.className = model.get("css_class");
    const summary = document.createElement("summary");
    const body = document.createElement("div");
    details.append(summary, body);
    el.append(details);
    const show = () => {
      summary.textContent = model.get("summary");
      body.innerHTML = model.get("value");
    };
    model.on("change:summary", show);
    model.on("change:value", show);
    show();
  },
};
