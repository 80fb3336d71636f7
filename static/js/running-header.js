// Repeats the page's print header on every printed page: print.css draws the custom
// property in the page's top margin. CSSOM, not a style attribute, so the CSP allows it.
const header = document.querySelector("[data-running-header]");
if (header) {
  const text = header.textContent.replace(/\s+/g, " ").trim();
  const quoted = `"${text.replace(/["\\]/g, "\\$&")}"`;
  document.documentElement.style.setProperty("--portal-running-header", quoted);
}
