// The year view: an SVG calendar of submission days (cells from figures.year_cells). A click
// sets the synced trait "selected"; Python validates it and moves the plan.
const NS = "http://www.w3.org/2000/svg";
const CELL = 15, GAP = 3, LEFT = 44, TOP = 18;

function svg(tag, attrs, parent) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function draw(model, el) {
  const spec = model.get("spec");
  el.replaceChildren();
  if (!spec || !spec.cells) return;
  const head = document.createElement("div");
  head.className = "cg-heat-head";
  const title = document.createElement("div");
  title.className = "cg-heat-title";
  title.textContent = spec.title;
  const sub = document.createElement("div");
  sub.className = "cg-heat-subtitle";
  sub.textContent = spec.subtitle;
  head.append(title, sub);
  if (spec.notice) {
    const notice = document.createElement("div");
    notice.className = "cg-heat-notice";
    notice.textContent = spec.notice;
    head.append(notice);
  }
  el.append(head);

  const width = LEFT + spec.weeks * (CELL + GAP), height = TOP + 7 * (CELL + GAP);
  const root = svg("svg", {viewBox: `0 0 ${width} ${height}`, class: "cg-heat-svg", role: "img"}, el);
  root.setAttribute("aria-label", spec.title);
  spec.months.forEach(([week, label]) =>
    svg("text", {x: LEFT + week * (CELL + GAP), y: 12, class: "cg-heat-label"}, root).textContent = label);
  spec.weekdays.forEach((label, row) =>
    svg("text", {x: LEFT - 6, y: TOP + row * (CELL + GAP) + CELL - 3, class: "cg-heat-label",
                 "text-anchor": "end"}, root).textContent = label);
  const tip = document.createElement("div");
  tip.className = "cg-heat-tip";
  for (const [day, week, row, colour, text, late] of spec.cells) {
    const x = LEFT + week * (CELL + GAP), y = TOP + row * (CELL + GAP);
    const rect = svg("rect", {x, y, width: CELL, height: CELL, rx: 2, fill: colour, class: "cg-heat-day",
                              "data-day": day}, root);
    if (late) {  // done after the deadline at worst: hatched, so it never rests on colour alone
      rect.classList.add("cg-heat-late");
      svg("path", {d: `M${x + 2} ${y + CELL - 2} L${x + CELL - 2} ${y + 2}`, class: "cg-heat-hatch"}, root);
    }
    if (day === spec.deadline) {
      svg("rect", {x: x - 1.5, y: y - 1.5, width: CELL + 3, height: CELL + 3, rx: 3, class: "cg-heat-deadline",
                   "data-deadline": day}, root);
    }
    rect.addEventListener("mouseenter", () => {
      tip.innerHTML = text;
      tip.style.display = "block";
      const box = rect.getBoundingClientRect(), host = el.getBoundingClientRect();
      const left = Math.min(box.right - host.left + 8, host.width - tip.offsetWidth - 4);
      tip.style.left = `${Math.max(0, left)}px`;
      tip.style.top = `${box.bottom - host.top + 6}px`;
    });
    rect.addEventListener("mouseleave", () => { tip.style.display = "none"; });
    rect.addEventListener("click", () => { model.set("selected", day); model.save_changes(); });
  }
  const mark = svg("rect", {width: CELL + 2, height: CELL + 2, rx: 3, class: "cg-heat-selected"}, root);
  const legend = document.createElement("div");
  legend.className = "cg-heat-legend";
  legend.append(`${spec.legend.label}: ${spec.legend.low} `);
  for (const colour of spec.legend.colours) {
    const swatch = document.createElement("span");
    swatch.style.background = colour;
    legend.append(swatch);
  }
  legend.append(` ${spec.legend.high}`);
  for (const key of ["late", "deadline"]) {
    if (spec.legend[key]) {
      const note = document.createElement("div");
      note.className = `cg-heat-legend-${key}`;
      note.textContent = spec.legend[key];
      legend.append(note);
    }
  }
  el.append(legend, tip);
  place(model, el, spec, mark);
}

function place(model, el, spec, mark) {
  mark = mark || el.querySelector(".cg-heat-selected");
  if (!mark) return;
  const cell = spec.cells.find(c => c[0] === model.get("selected"));
  mark.style.display = cell ? "" : "none";
  if (cell) {
    mark.setAttribute("x", LEFT + cell[1] * (CELL + GAP) - 1);
    mark.setAttribute("y", TOP + cell[2] * (CELL + GAP) - 1);
    el.dataset.selected = cell[0];
  }
}

export default {
  render({model, el}) {
    el.classList.add("cg-heat");
    draw(model, el);
    model.on("change:spec", () => draw(model, el));
    model.on("change:selected", () => place(model, el, model.get("spec")));
  },
};
