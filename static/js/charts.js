// Draw each chart from the JSON beside it. The figure is data (json_script), not script, so
// the strict Content-Security-Policy holds; the table under each chart carries the same
// figures for anyone the chart does not serve.
for (const container of document.querySelectorAll("[data-chart]")) {
  const source = document.getElementById(container.dataset.chart);
  if (!source || !window.Plotly) continue;
  const figure = JSON.parse(source.textContent);
  // Through the CSSOM, which the CSP allows (a style attribute in the HTML it would not).
  container.style.height = `${figure.layout.height}px`;
  window.Plotly.newPlot(container, figure.data, figure.layout, {
    displayModeBar: false,
    responsive: true,
  });
}
