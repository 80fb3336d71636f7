// Runs first in <body>, before NHS.UK components initialise: they check these classes.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
