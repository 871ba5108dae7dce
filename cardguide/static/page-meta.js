// <html lang> and <title> follow the page's language; the notebook's cells become the page's
// main landmark (Voilà's lab template has none); the language switch is its navigation.
export default {
  render({model, el}) {
    el.style.display = "none";
    const apply = () => {
      document.documentElement.lang = model.get("lang");
      document.title = model.get("title");
      const main = el.closest(".jp-Notebook, #rendered_cells, body > div") || document.body.firstElementChild;
      if (main && main !== document.body && !main.closest("main, [role=main]")) {
        main.setAttribute("role", "main");
      }
      const landmark = document.querySelector("[role=main]");
      if (landmark) landmark.setAttribute("aria-label", model.get("title"));
      for (const nav of document.querySelectorAll(".cg-language")) {
        nav.setAttribute("role", "navigation");
        nav.setAttribute("aria-label", model.get("nav_label"));
      }
    };
    model.on("change:lang", apply);
    model.on("change:title", apply);
    model.on("change:nav_label", apply);
    apply();
  },
};
