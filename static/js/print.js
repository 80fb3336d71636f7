// The board report's print button: shown only when this script runs (the hint says what to
// do without it).
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.nextElementSibling.hidden = true;
  button.addEventListener("click", () => window.print());
}
