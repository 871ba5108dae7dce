// One choice among a few, as native radio buttons in a <fieldset> named by its <legend>: arrow
// keys move the choice, one tab stop, and a screen reader hears "Whose name is the card in?,
// group" and each option. The kernel hears the choice on "change"; a new value from Python moves
// the checked button.
let counter = 0;

export default {
  render({model, el}) {
    const name = `cg-radio-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
    const fieldset = document.createElement("fieldset");
    fieldset.className = "cg-radio";
    const legend = document.createElement("legend");
    legend.className = "cg-radio-legend";
    const options = document.createElement("div");
    options.className = "cg-radio-options";
    fieldset.append(legend, options);
    el.append(fieldset);
    const draw = () => {
      legend.textContent = model.get("legend");
      options.replaceChildren(...model.get("labels").map((text, i) => {
        const label = document.createElement("label");
        label.className = "cg-radio-option";
        const input = document.createElement("input");
        input.type = "radio";
        input.name = name;
        input.value = model.get("values")[i];
        input.checked = input.value === model.get("value");
        input.addEventListener("change", () => {
          if (!input.checked) return;
          model.set("value", input.value);
          model.save_changes();
        });
        label.append(input, document.createTextNode(text));
        return label;
      }));
    };
    const check = () => {
      for (const input of options.querySelectorAll("input")) input.checked = input.value === model.get("value");
    };
    model.on("change:legend", draw);
    model.on("change:labels", draw);
    model.on("change:value", check);
    draw();
  },
};
