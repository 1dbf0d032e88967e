// Barcode verification (catalog/verify.html): the scan field keeps focus, so a USB scanner (which
// types the code and presses Enter) can scan one code after another; after each answer the field
// is emptied and focused again.
(function () {
  "use strict";
  function field() {
    return document.querySelector("[data-scan-input]");
  }
  function refocus() {
    var input = field();
    if (input && document.activeElement !== input) {
      input.focus();
    }
  }
  document.addEventListener("DOMContentLoaded", refocus);
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest ? event.target.closest("[data-scan-form]") : null;
    if (!form) {
      return;
    }
    var input = field();
    if (input) {
      input.value = "";
      input.focus();
    }
  });
  // Clicking elsewhere (not on a link or another field) gives focus back to the scan field.
  document.addEventListener("click", function (event) {
    if (!field() || event.target.closest("a, button, input, select, textarea, label")) {
      return;
    }
    window.setTimeout(refocus, 0);
  });
})();
