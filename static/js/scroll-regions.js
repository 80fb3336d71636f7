// A table wider than its column scrolls inside its own region (.portal-table-scroll), not the
// whole page. Phones and many desktops hide scroll bars until you scroll, so while a table
// overflows, a line above it says so and a shadow marks each side with more to see.
for (const region of document.querySelectorAll(".portal-table-scroll")) {
  const hint = document.createElement("p");
  hint.className = "nhsuk-body-s portal-scroll-hint";
  hint.textContent = "Scroll sideways to see every column";
  hint.hidden = true;
  // The shadows sit on a frame around the region: drawn on the region itself they would
  // scroll away with the table, or hide behind its cells' colours.
  const frame = document.createElement("div");
  frame.className = "portal-scroll-frame";
  region.before(hint, frame);
  frame.append(region);

  const update = () => {
    const hidden = region.scrollWidth - region.clientWidth;
    const overflows = hidden > 1;
    hint.hidden = !overflows;
    frame.classList.toggle("portal-scroll-frame--more-left", overflows && region.scrollLeft > 1);
    frame.classList.toggle(
      "portal-scroll-frame--more-right",
      overflows && region.scrollLeft < hidden - 1,
    );
  };
  region.addEventListener("scroll", update, { passive: true });
  if ("ResizeObserver" in window) {
    const observer = new ResizeObserver(update);
    observer.observe(region);
    if (region.firstElementChild) observer.observe(region.firstElementChild);
  } else {
    window.addEventListener("resize", update);
  }
  update();
}
