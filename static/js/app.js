// BlendAdmin page behaviour: loading bar, toasts (Django messages, HX-Trigger "toast", failed requests).
// No inline scripts or hx-on attributes: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  var TOAST_MS = { success: 4000, info: 5000, warning: 8000, error: 10000, debug: 4000 };
  var GENERIC_FAILURE = "Something went wrong. Please try again.";
  var NETWORK_FAILURE = "BlendAdmin could not be reached. Check your connection and try again.";

  function toastContainer() {
    var container = document.getElementById("toasts");
    if (!container) {
      container = document.createElement("div");
      container.id = "toasts";
      container.className = "toasts";
      container.setAttribute("aria-live", "polite");
      document.body.appendChild(container);
    }
    return container;
  }

  function dismissLater(toast, level) {
    window.setTimeout(function () { toast.remove(); }, TOAST_MS[level] || 5000);
  }

  function showToast(level, message) {
    level = TOAST_MS[level] ? level : "info";
    var toast = document.createElement("div");
    toast.className = "toast toast-" + level;
    toast.setAttribute("role", level === "error" ? "alert" : "status");
    var text = document.createElement("span");
    text.className = "toast-message";
    text.textContent = message;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "\u00d7";
    toast.append(text, close);
    toastContainer().appendChild(toast);
    dismissLater(toast, level);
  }
  window.blendadminToast = showToast;

  // Toasts rendered by the server (Django messages) fade like the others.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#toasts .toast").forEach(function (toast) {
      var level = (toast.className.match(/toast-(\w+)/) || [])[1];
      dismissLater(toast, level);
    });
  });

  document.addEventListener("click", function (event) {
    var close = event.target.closest(".toast-close");
    if (close) close.closest(".toast").remove();
  });

  // `HX-Trigger: {"toast": {"level": "success", "message": "..."}}` (apps.core.htmx.add_toast).
  document.addEventListener("toast", function (event) {
    var detail = event.detail || {};
    if (detail.message) showToast(detail.level || "info", detail.message);
  });

  // A request that failed: the server's X-BlendAdmin-Message if it sent one.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    showToast("error", (xhr && xhr.getResponseHeader("X-BlendAdmin-Message")) || GENERIC_FAILURE);
  });
  document.addEventListener("htmx:sendError", function () { showToast("error", NETWORK_FAILURE); });
  document.addEventListener("htmx:timeout", function () { showToast("error", NETWORK_FAILURE); });

  // Thin loading bar at the top while any HTMX request is in flight.
  var inFlight = 0;
  function setLoading() { document.body.classList.toggle("is-loading", inFlight > 0); }
  document.addEventListener("htmx:beforeSend", function (event) {
    var xhr = event.detail.xhr;
    inFlight += 1;
    setLoading();
    xhr.addEventListener("loadend", function () {
      inFlight = Math.max(0, inFlight - 1);
      setLoading();
    }, { once: true });
  });
})();
