// <html lang> and <title> follow the page's language; the notebook's cells become the page's
// main landmark (Voilà's lab template has none); the language switch is its navigation.
export default {
  render({model, el}) {
    el.style.display = "none";
    const apply = () => {
      document.documentElement.lang = model.get("lang");
      document.title = model.get("title");
      // The cells' container, never whatever element happens to come first in the body (once
      // Voilà has removed its spinner that is a script, which no screen reader sees).
      const main = document.getElementById("rendered_cells") || el.closest(".jp-Notebook:not(body), body > div")
        || [...document.body.children].find((e) => e.tagName === "DIV" && e.id !== "loading");
      if (main && main !== document.body && !main.closest("main, [role=main]")) {
        main.setAttribute("role", "main");
      }
      const landmark = document.querySelector("[role=main]");
      if (landmark) landmark.setAttribute("aria-label", model.get("label") || model.get("title"));
      for (const nav of document.querySelectorAll(".cg-language")) {
        nav.setAttribute("role", "navigation");
        nav.setAttribute("aria-label", model.get("nav_label"));
      }
    };
    model.on("change:lang", apply);
    model.on("change:title", apply);
    model.on("change:label", apply);
    model.on("change:nav_label", apply);
    apply();
    // The cells and the language switch may render after this widget: apply again as they arrive.
    const done = () => document.querySelector("[role=main]") && document.querySelector(".cg-language")
      && !document.querySelector(".cg-language:not([role=navigation])");
    if (!done()) {
      const observer = new MutationObserver(() => { apply(); if (done()) observer.disconnect(); });
      observer.observe(document.body, { childList: true, subtree: true });
      setTimeout(() => observer.disconnect(), 60000);
    }
  },
};
