// "Copy link" buttons: shown only where the browser can copy; the link stays selectable anyway.
for (const button of document.querySelectorAll("[data-copy-target]")) {
  if (!navigator.clipboard) continue;
  const input = document.getElementById(button.dataset.copyTarget);
  const status = button.nextElementSibling;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = "Link copied";
    } catch {
      input.select();
      status.textContent = "Select the link and copy it";
    }
  });
}
