// Four stages as horizontal bars, as the dashboard's Gantt draws them.
Plotly.newPlot("chart", [{
  type: "bar", orientation: "h", y: ["submit", "first handling", "review", "confirmation"],
  base: [0, 0, 1, 4], x: [0.2, 1, 3, 1],
}], {title: {text: "Submitted on " + new URLSearchParams(location.search).get("date")}});
