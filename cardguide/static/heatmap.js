// The year view: twelve small month calendars of submission days (cells from
// figures.year_cells), each day a button coloured by its worst case and named by its hover
// text. One tab stop (the chosen day); arrow keys move by a day (left/right) or a week
// (up/down), Home/End to the window's ends, Enter or Space chooses. Choosing sets the synced
// trait "selected"; Python validates it and moves the plan. Hatched: done after the deadline.
const STEP = {ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7};

function node(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function draw(model, el) {
  const spec = model.get("spec");
  el.replaceChildren();
  if (!spec || !spec.cells) return;
  const head = node("div", "cg-heat-head");
  head.append(node("div", "cg-heat-title", spec.title), node("div", "cg-heat-subtitle", spec.subtitle));
  if (spec.notice) head.append(node("div", "cg-heat-notice", spec.notice));
  el.append(head);

  const grid = node("div", "cg-heat-months");
  grid.setAttribute("role", "group");
  grid.setAttribute("aria-label", spec.label);
  const tip = node("div", "cg-heat-tip");
  tip.setAttribute("aria-hidden", "true");
  const buttons = [];
  let month = null, body = null, monthIndex = 0;
  for (const [day, weekday, colour, html, late, label, ink] of spec.cells) {
    const key = day.slice(0, 7);
    if (key !== month) {
      month = key;
      const box = node("div", "cg-month");
      box.append(node("div", "cg-month-name", spec.months[monthIndex++] ?? key));
      body = node("div", "cg-month-days");
      spec.weekdays.forEach(name => {
        const head = node("span", "cg-weekday", name);
        head.setAttribute("aria-hidden", "true");
        body.append(head);
      });
      for (let n = 0; n < weekday; n++) body.append(node("span", "cg-day-pad"));
      box.append(body);
      grid.append(box);
    }
    const button = node("button", "cg-heat-day", String(Number(day.slice(8))));
    button.type = "button";
    button.tabIndex = -1;
    button.dataset.day = day;
    button.style.background = colour;
    button.style.color = ink;
    button.setAttribute("aria-label", label);
    if (late) button.classList.add("cg-heat-late");
    if (day === spec.deadline) {
      button.classList.add("cg-heat-deadline");
      button.dataset.deadline = day;
    }
    const showTip = () => {
      tip.innerHTML = html;
      tip.style.display = "block";
      const box = button.getBoundingClientRect(), host = el.getBoundingClientRect();
      const left = Math.min(box.right - host.left + 8, host.width - tip.offsetWidth - 4);
      tip.style.left = `${Math.max(0, left)}px`;
      tip.style.top = `${box.bottom - host.top + 6}px`;
    };
    const hideTip = () => { tip.style.display = "none"; };
    button.addEventListener("mouseenter", showTip);
    button.addEventListener("mouseleave", hideTip);
    button.addEventListener("focus", showTip);
    button.addEventListener("blur", hideTip);
    button.addEventListener("click", () => { model.set("selected", day); model.save_changes(); });
    buttons.push(button);
    body.append(button);
  }
  grid.addEventListener("keydown", (event) => {
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    let next = null;
    if (event.key in STEP) next = at + STEP[event.key];
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = buttons.length - 1;
    if (next === null) return;
    event.preventDefault();
    next = Math.min(Math.max(next, 0), buttons.length - 1);
    buttons[at].tabIndex = -1;
    buttons[next].tabIndex = 0;
    buttons[next].focus();
  });

  const legend = node("div", "cg-heat-legend");
  legend.append(`${spec.legend.label}: ${spec.legend.low} `);
  for (const colour of spec.legend.colours) {
    const swatch = node("span", "cg-heat-swatch");
    swatch.style.background = colour;
    swatch.setAttribute("aria-hidden", "true");
    legend.append(swatch);
  }
  legend.append(` ${spec.legend.high}`);
  for (const key of ["late", "deadline"]) {
    if (spec.legend[key]) legend.append(node("div", `cg-heat-legend-${key}`, spec.legend[key]));
  }
  el.append(grid, legend);
  if (spec.slow && spec.slow.length) {
    const slow = node("div", "cg-heat-slow");
    slow.append(node("p", "cg-heat-slow-heading", spec.slow_heading));
    const list = node("ul");
    for (const item of spec.slow) list.append(node("li", "", item));
    slow.append(list);
    el.append(slow);
  }
  el.append(tip);
  place(model, el);
}

function place(model, el) {
  const chosen = model.get("selected");
  let found = null;
  for (const button of el.querySelectorAll(".cg-heat-day")) {
    const here = button.dataset.day === chosen;
    button.classList.toggle("cg-heat-selected", here);
    button.setAttribute("aria-pressed", here ? "true" : "false");
    if (here) found = button;
  }
  if (!el.contains(document.activeElement) || !document.activeElement.classList.contains("cg-heat-day")) {
    const first = found || el.querySelector(".cg-heat-day");
    el.querySelectorAll(".cg-heat-day").forEach(b => { b.tabIndex = b === first ? 0 : -1; });
  }
  if (found) el.dataset.selected = chosen;
}

export default {
  render({model, el}) {
    el.classList.add("cg-heat");
    draw(model, el);
    model.on("change:spec", () => draw(model, el));
    model.on("change:selected", () => place(model, el));
  },
};
