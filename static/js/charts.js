// Draw each chart from the JSON beside it. The figure is data (json_script), not script, so
// the strict Content-Security-Policy holds; the table under each chart carries the same
// figures for anyone the chart does not serve.

// Plotly draws at the screen's width. print.css scales a chart to the page's width, which
// an SVG can do only with a viewBox; the ratio keeps its height in proportion.
function scaleOnPaper(container) {
  for (const svg of container.querySelectorAll("svg.main-svg")) {
    const width = svg.getAttribute("width");
    const height = svg.getAttribute("height");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    container.style.setProperty("--portal-chart-ratio", `${width} / ${height}`);
  }
}

for (const container of document.querySelectorAll("[data-chart]")) {
  const source = document.getElementById(container.dataset.chart);
  if (!source || !window.Plotly) continue;
  const figure = JSON.parse(source.textContent);
  // Through the CSSOM, which the CSP allows (a style attribute in the HTML it would not).
  container.style.height = `${figure.layout.height}px`;
  window.Plotly.newPlot(container, figure.data, figure.layout, {
    displayModeBar: false,
    responsive: true,
  }).then(() => {
    scaleOnPaper(container);
    // Redrawn when the window changes size: scale the new drawing.
    container.on("plotly_afterplot", () => scaleOnPaper(container));
  });
}
