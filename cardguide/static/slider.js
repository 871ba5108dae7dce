// A slider over labelled choices: a native range input, so it has a name (its <label>), speaks
// its choice (aria-valuetext: the date or the carrier, not an index), takes a tap on its track
// and a drag on a phone, and arrow keys. The kernel hears the choice on "change" (a key press,
// or the end of a drag); "input" only updates the readout while dragging.
let counter = 0;

export default {
  render({model, el}) {
    el.classList.add("cg-slider");
    const id = `cg-slider-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.className = "cg-slider-label";
    const input = document.createElement("input");
    input.type = "range";
    input.id = id;
    input.min = "0";
    input.step = "1";
    const readout = document.createElement("output");
    readout.htmlFor = id;
    readout.className = "cg-slider-readout";
    readout.setAttribute("aria-hidden", "true");  // the slider itself speaks the value

    const say = (index) => {
      const text = model.get("labels")[index] ?? "";
      input.setAttribute("aria-valuetext", text);
      readout.textContent = text;
    };
    const show = () => {
      const labels = model.get("labels");
      input.max = String(Math.max(labels.length - 1, 0));
      input.value = String(model.get("index"));
      label.textContent = model.get("description");
      say(model.get("index"));
    };
    input.addEventListener("input", () => say(Number(input.value)));
    input.addEventListener("change", () => {
      model.set("index", Number(input.value));
      model.save_changes();
    });
    model.on("change:labels", show);
    model.on("change:index", show);
    model.on("change:description", show);
    el.append(label, input, readout);
    show();
  },
};
