import { initAll } from "../vendor/nhsuk/nhsuk-frontend.min.js";

initAll();
// Browser tests wait for this before checking the page.
window.__nhsukInit = true;
