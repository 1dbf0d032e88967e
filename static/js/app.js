// BlendAdmin page behaviour: loading bar, toasts (Django messages, HX-Trigger "toast", failed requests),
// the "/" shortcut to the header search, focus after an HTMX swap, keyboard access to wide tables,
// filter forms that follow the URL after Back.
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

  // Success and info toasts fade; warnings and errors stay until dismissed (they may need reading twice).
  var STAYS = { warning: true, error: true };
  function dismissLater(toast, level) {
    if (STAYS[level]) return;
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
      if (level === "error") toast.setAttribute("role", "alert");
      dismissLater(toast, level);
    });
    markScrollableTables(document);
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

  // "/" goes to the header search (the page's own search when there is none), unless typing in a field.
  function isTyping(element) {
    if (!element) return false;
    var tag = element.tagName;
    return element.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (isTyping(event.target)) return;
    var box = document.querySelector(".topbar .search input") || document.querySelector('main [role="search"] input');
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  // After a swap that took the focused element away (an action button, "Set", "Next"), focus the new
  // content rather than leaving it on <body>: its [autofocus] field, else its heading, else the region.
  function focusSwapped(region) {
    if (!region || !region.isConnected) return;
    var target = region.querySelector("[autofocus]") || region.querySelector("h1, h2, h3") || region;
    if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: !region.contains(target) });
  }
  var focusLost = false;
  document.addEventListener("htmx:beforeSwap", function () {
    focusLost = false;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var active = document.activeElement;
    focusLost = !active || active === document.body || !active.isConnected;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    markScrollableTables(event.target);
    if (!focusLost) return;
    var active = document.activeElement;
    if (active && active !== document.body && active.isConnected) { focusLost = false; return; }
    focusLost = false;
    // The request's own target (an outerHTML swap replaced it: find its successor by id), not an
    // out-of-band swap that settled first.
    var main = event.detail && event.detail.target;
    var region = null;
    if (main && main.isConnected) region = main;
    else if (main && main.id) region = document.getElementById(main.id);
    else if (event.target && event.target.nodeType === 1 && event.target.isConnected) region = event.target;
    focusSwapped(region);
  });

  // A table wider than the screen scrolls inside itself; keyboard users reach it with Tab.
  function markScrollableTables(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var tables = Array.prototype.slice.call(scope.querySelectorAll(".table, .table-scroll"));
    if (scope.matches && scope.matches(".table, .table-scroll")) tables.push(scope);
    tables.forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1) {
        table.setAttribute("tabindex", "0");
      } else if (table.getAttribute("tabindex") === "0") {
        table.removeAttribute("tabindex");
      }
    });
  }
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () { markScrollableTables(document); }, 150);
  });

  // A form marked data-url-state (a list's search and filters) always shows the URL's state: after Back
  // or Forward restores a page from htmx's history, its controls are set from the query string (the
  // restored snapshot holds what the boxes were first rendered with, not what was ticked since).
  function syncFormsWithUrl() {
    var query = new URLSearchParams(window.location.search);
    document.querySelectorAll("form[data-url-state]").forEach(function (form) {
      Array.prototype.forEach.call(form.elements, function (control) {
        if (!control.name || control.type === "hidden" || control.type === "submit") return;
        var values = query.getAll(control.name);
        if (control.type === "checkbox" || control.type === "radio") {
          control.checked = values.indexOf(control.value) !== -1;
        } else if (control.tagName === "SELECT" && control.multiple) {
          Array.prototype.forEach.call(control.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
        } else {
          control.value = values.length ? values[0] : "";
        }
      });
    });
  }
  document.addEventListener("htmx:historyRestore", syncFormsWithUrl);
  window.addEventListener("pageshow", syncFormsWithUrl);

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
