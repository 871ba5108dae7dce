// A polite live region that stays in the page: its content changes, the region does not, so
// screen readers announce each new answer once it is complete.
export default {
  render({model, el}) {
    el.setAttribute("aria-live", "polite");
    el.setAttribute("aria-atomic", "true");
    const show = () => { el.innerHTML = model.get("value"); };
    model.on("change:value", show);
    show();
  },
};
