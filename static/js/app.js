// BlendAdmin page behaviour: the announcer, loading bar, toasts (Django messages, HX-Trigger "toast",
// failed requests), focus after an HTMX swap, the idle sign-out warning, keyboard access to wide tables,
// tables stacked on phones, filter forms that follow the URL after Back, Copy buttons, pages that update
// themselves (apps/live). The single-key shortcuts ("/", "?", j/k/x/Enter in lists) are in keys.js.
// No inline scripts or hx-on attributes: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // Success and info toasts stay at least 10 s (longer while hovered or focused); warnings and errors
  // stay until dismissed (they may need reading twice).
  var TOAST_MS = { success: 10000, info: 10000, debug: 10000 };
  var TOAST_LEVELS = { success: 1, info: 1, warning: 1, error: 1, debug: 1 };
  var GENERIC_FAILURE = "Something went wrong. Please try again.";
  var NETWORK_FAILURE = "BlendAdmin could not be reached. Check your connection and try again.";
  var BACKGROUND_HEADER = "X-BlendAdmin-Background";

  // A request the page made by itself (the live poller, a live region read again): no loading bar,
  // no toast when it fails (it tries again in a few seconds), no focus moved or text announced
  // after its swap, and it is not the user's activity (apps/core/middleware.py agrees).
  function isBackground(event) {
    var config = event.detail && event.detail.requestConfig;
    return Boolean(config && config.headers && config.headers[BACKGROUND_HEADER]);
  }

  // The announcer (#announcer in base.html): one visually hidden polite live region outside every
  // swapped region. Whatever changed on the page is said through it, once:
  //   - server side: `HX-Trigger: {"announce": {"message": "18 orders"}}` (apps.core.htmx.add_announcement);
  //   - in a swapped fragment: an element marked `data-announce` (its text is said after the swap);
  //   - in a script: `window.blendadminAnnounce("Order paused")` or dispatching an `announce` event.
  // Messages arriving together are said together; the same text twice in a row is still said again.
  var pending = [];
  var announceTimer = null;
  function announce(message) {
    message = (message || "").replace(/\s+/g, " ").trim();
    if (!message || pending.indexOf(message) !== -1) return;
    pending.push(message);
    window.clearTimeout(announceTimer);
    announceTimer = window.setTimeout(function () {
      var region = document.getElementById("announcer");
      if (!region) return;
      region.textContent = "";
      var text = pending.join(" ");
      pending = [];
      // A beat between emptying and filling, so a repeated message is a change screen readers say.
      window.setTimeout(function () { region.textContent = text; }, 60);
    }, 80);
  }
  window.blendadminAnnounce = announce;
  document.addEventListener("announce", function (event) {
    var detail = event.detail || {};
    announce(typeof detail === "string" ? detail : detail.message || detail.value);
  });
  function announceSwapped(root) {
    if (!root || !root.querySelectorAll) return;
    var marked = Array.prototype.slice.call(root.querySelectorAll("[data-announce]"));
    if (root.matches && root.matches("[data-announce]")) marked.unshift(root);
    marked.forEach(function (element) { announce(element.getAttribute("data-announce") || element.textContent); });
  }

  function toastContainer() {
    var container = document.getElementById("toasts");
    if (!container) {
      container = document.createElement("div");
      container.id = "toasts";
      container.className = "toasts";
      container.setAttribute("role", "region");
      container.setAttribute("aria-label", "Notifications");
      document.body.appendChild(container);
    }
    return container;
  }

  // A fading toast waits while the pointer is over it or focus is in it, then gets its time again
  // (at least 3 s) so it is not taken away under the reader.
  function dismissLater(toast, level) {
    var ms = TOAST_MS[level];
    if (!ms) return;
    var timer = null;
    var held = 0;
    function start(delay) { window.clearTimeout(timer); timer = window.setTimeout(function () { if (!held) toast.remove(); }, delay); }
    function hold() { held += 1; window.clearTimeout(timer); }
    function release() { held = Math.max(0, held - 1); if (!held) start(Math.max(3000, ms / 2)); }
    toast.addEventListener("mouseenter", hold);
    toast.addEventListener("mouseleave", release);
    toast.addEventListener("focusin", hold);
    toast.addEventListener("focusout", function (event) { if (!toast.contains(event.relatedTarget)) release(); });
    start(ms);
  }

  // Toasts never cover the control that was just used: when they would, they move to the top.
  var lastControl = null;
  function keepClearOf(container) {
    container.classList.remove("toasts-top");
    var control = lastControl && lastControl.isConnected ? lastControl : document.activeElement;
    if (!control || control === document.body || !container.children.length) return;
    var a = control.getBoundingClientRect();
    var b = container.getBoundingClientRect();
    var overlaps = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    if (overlaps) container.classList.add("toasts-top");
  }

  function showToast(level, message) {
    level = TOAST_LEVELS[level] ? level : "info";
    var toast = document.createElement("div");
    toast.className = "toast toast-" + level;
    // Errors interrupt (role alert); everything else is said through the announcer.
    if (level === "error") toast.setAttribute("role", "alert");
    else announce(message);
    var text = document.createElement("span");
    text.className = "toast-message";
    text.textContent = message;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "\u00d7";
    toast.append(text, close);
    var container = toastContainer();
    container.appendChild(toast);
    keepClearOf(container);
    dismissLater(toast, level);
  }
  window.blendadminToast = showToast;

  // Toasts rendered by the server (Django messages) fade like the others.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#toasts .toast").forEach(function (toast) {
      var level = (toast.className.match(/toast-(\w+)/) || [])[1];
      if (level === "error") toast.setAttribute("role", "alert");
      else announce(toast.textContent.replace("\u00d7", ""));
      dismissLater(toast, level);
    });
    labelStackedTables(document);
    markScrollableTables(document);
    focusErrorSummary();
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
    if (isBackground(event)) return;
    var xhr = event.detail.xhr;
    showToast("error", (xhr && xhr.getResponseHeader("X-BlendAdmin-Message")) || GENERIC_FAILURE);
  });
  document.addEventListener("htmx:sendError", function (event) { if (!isBackground(event)) showToast("error", NETWORK_FAILURE); });
  document.addEventListener("htmx:timeout", function (event) { if (!isBackground(event)) showToast("error", NETWORK_FAILURE); });

  // A full-page form that came back with errors starts at its error summary (includes/error_summary.html).
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  // After an HTMX swap that took the focused element away (an action button, "Set", "Next", a report
  // preset), focus goes to something named in the new content, scrolled into view: its first invalid
  // field, its [autofocus] field, what it marks [data-swap-focus] (a list's count, a report's totals),
  // its heading, else the region itself.
  function focusSwapped(region) {
    if (!region || !region.isConnected) return;
    var target = region.querySelector('[aria-invalid="true"]') || region.querySelector("[autofocus]") ||
      region.querySelector("[data-swap-focus]") || region.querySelector("h1, h2, h3") || region;
    if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "nearest" });
  }
  var focusLost = false;
  var focusedId = "";
  document.addEventListener("htmx:beforeRequest", function (event) {
    lastControl = event.detail && event.detail.elt;
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var live = event.detail && event.detail.target;
    if (isBackground(event) && live && live.hasAttribute && live.hasAttribute("data-live-url") && isBusy(live)) {
      // A region read again that the user went into meanwhile (an action's answer gave it the
      // focus): not swapped under them; read once the focus leaves it.
      event.detail.shouldSwap = false;
      live.setAttribute("data-live-stale", "");
      return;
    }
    if (isBackground(event)) return;
    focusLost = false;
    focusedId = document.activeElement ? document.activeElement.id : "";
    // The user's own answer (an action's) draws the region as it is now: a change heard while the
    // request was out needs no second read, which would take the focus this swap is about to give.
    var target = event.detail && event.detail.target;
    var stale = target && target.closest && target.closest("[data-live-stale]");
    if (stale) stale.removeAttribute("data-live-stale");
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (isBackground(event)) return;
    var active = document.activeElement;
    focusLost = !active || active === document.body || !active.isConnected;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    labelStackedTables(event.target);
    markScrollableTables(event.target);
    if (isBackground(event)) return;
    announceSwapped(event.target);
    if (!focusLost) return;
    var active = document.activeElement;
    if (active && active !== document.body && active.isConnected) { focusLost = false; return; }
    focusLost = false;
    // A control the swap drew again under the same id (a tab) keeps the focus.
    var again = focusedId && document.getElementById(focusedId);
    if (again) { again.focus(); return; }
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

  // A table marked .table-stack shows each row as a block of "label: value" lines on a phone (app.css).
  // Each cell's label is its column's header, written here so templates name a column once; the
  // table roles are written out because some browsers drop them once a table is not displayed as one.
  // Without JavaScript the table keeps its columns and scrolls inside itself.
  function labelStackedTables(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var tables = Array.prototype.slice.call(scope.querySelectorAll("table.table-stack"));
    if (scope.matches && scope.matches("table.table-stack")) tables.push(scope);
    tables.forEach(function (table) {
      var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.replace(/\s+/g, " ").trim();
      });
      table.setAttribute("role", "table");
      Array.prototype.forEach.call(table.rows, function (row) {
        row.setAttribute("role", "row");
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var header = cell.tagName === "TH";
          if (!cell.hasAttribute("role")) cell.setAttribute("role", header ? (row.parentNode.tagName === "THEAD" ? "columnheader" : "rowheader") : "cell");
          if (!cell.hasAttribute("data-label") && headers[column]) cell.setAttribute("data-label", headers[column]);
          column += cell.colSpan || 1;
        });
      });
      Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (group) { group.setAttribute("role", "rowgroup"); });
      table.classList.add("is-labelled");
    });
  }

  // A form marked data-url-state (a list's search and filters) always shows the URL's state: after Back
  // or Forward restores a page from htmx's history, its controls are set from the query string (the
  // restored snapshot holds what the boxes were first rendered with, not what was ticked since). A
  // control the URL leaves out shows its default (the option rendered selected, else the first one).
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
        } else if (control.tagName === "SELECT") {
          var wanted = values.length ? values[0] : null;
          var match = Array.prototype.filter.call(control.options, function (o) { return wanted !== null && o.value === wanted; })[0] ||
            Array.prototype.filter.call(control.options, function (o) { return o.defaultSelected; })[0] || control.options[0];
          if (match) match.selected = true;
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
    if (isBackground(event)) return;
    var xhr = event.detail.xhr;
    inFlight += 1;
    setLoading();
    xhr.addEventListener("loadend", function () {
      inFlight = Math.max(0, inFlight - 1);
      setLoading();
      noteActivity();
    }, { once: true });
  });

  // The idle sign-out (SESSION_IDLE_TIMEOUT, apps/core/middleware.py) is announced before it happens
  // (WCAG 2.2.1): the top bar's #idle-warning dialog opens `data-idle-warn` seconds before it, with a
  // button that keeps the session (a POST to the keep-alive URL). The countdown starts again on every
  // request this page makes, and on requests from the user's other tabs (localStorage).
  var ACTIVITY_KEY = "blendadmin.lastActivity";
  var idleTimers = [];
  function idleSettings() {
    var dialog = document.getElementById("idle-warning");
    if (!dialog) return null;
    return {
      dialog: dialog,
      timeout: parseFloat(dialog.getAttribute("data-idle-timeout")) * 1000,
      warn: parseFloat(dialog.getAttribute("data-idle-warn")) * 1000,
      slack: parseFloat(dialog.getAttribute("data-idle-slack") || "0") * 1000,
      url: dialog.getAttribute("data-keep-alive-url"),
    };
  }
  function scheduleIdle(since) {
    var idle = idleSettings();
    if (!idle || !(idle.timeout > 0)) return;
    idleTimers.forEach(window.clearTimeout);
    var deadline = since + idle.timeout - idle.slack;
    var now = Date.now();
    idleTimers = [
      window.setTimeout(function () { openIdleWarning(idle, deadline); }, Math.max(0, deadline - idle.warn - now)),
      window.setTimeout(function () { showSignedOut(idle); }, Math.max(0, deadline - now)),
    ];
    if (idle.dialog.open && deadline - idle.warn > now) idle.dialog.close();
  }
  function noteActivity() {
    var now = Date.now();
    try { window.localStorage.setItem(ACTIVITY_KEY, String(now)); } catch (e) { /* this tab only */ }
    scheduleIdle(now);
  }
  window.addEventListener("storage", function (event) {
    if (event.key === ACTIVITY_KEY && event.newValue) scheduleIdle(parseInt(event.newValue, 10));
  });
  function openIdleWarning(idle, deadline) {
    var minutes = Math.max(1, Math.round((deadline - Date.now()) / 60000));
    idle.dialog.querySelector("[data-idle-message]").textContent =
      "You will be signed out in " + (minutes === 1 ? "about a minute" : "about " + minutes + " minutes") +
      " because nothing has been done. Unsaved changes would be lost.";
    idle.dialog.querySelector("[data-idle-stay]").hidden = false;
    idle.dialog.querySelector("[data-idle-signin]").hidden = true;
    if (!idle.dialog.open) idle.dialog.showModal();
  }
  function showSignedOut(idle) {
    idle.dialog.querySelector("[data-idle-message]").textContent =
      "You were signed out because nothing was done for a while. Sign in again to go on.";
    idle.dialog.querySelector("[data-idle-stay]").hidden = true;
    idle.dialog.querySelector("[data-idle-signin]").hidden = false;
    if (!idle.dialog.open) idle.dialog.showModal();
  }
  document.addEventListener("click", function (event) {
    if (!event.target.closest("[data-idle-stay]")) return;
    var idle = idleSettings();
    var headers = {};
    try { headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}"); } catch (e) { /* none */ }
    headers["HX-Request"] = "true";
    window.fetch(idle.url, { method: "POST", headers: headers, credentials: "same-origin" }).then(function (response) {
      if (response.ok) {
        idle.dialog.close();
        noteActivity();
        announce("You are still signed in.");
      } else {
        showSignedOut(idle);
      }
    }, function () { showToast("error", NETWORK_FAILURE); });
  });
  document.addEventListener("DOMContentLoaded", function () { noteActivity(); });

  // A Copy button (`data-copy="#field-id"`) puts that field's text on the clipboard and says so; where
  // the clipboard is not allowed, the text is selected for the user to copy by hand.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.querySelector(button.getAttribute("data-copy"));
    if (!field) return;
    function selectIt() {
      field.focus();
      field.select();
      announce("The link is selected: press Ctrl+C (or Cmd+C) to copy it.");
    }
    if (!navigator.clipboard || !window.isSecureContext) { selectIt(); return; }
    navigator.clipboard.writeText(field.value).then(function () {
      button.textContent = "Copied";
      announce("Link copied.");
      window.setTimeout(function () { button.textContent = "Copy"; }, 3000);
    }, selectIt);
  });

  // A GET from a filter form leaves out the boxes left empty, so the pushed URL (a link people share)
  // names only the filters in force.
  document.addEventListener("htmx:configRequest", function (event) {
    var data = event.detail.formData;
    if (event.detail.verb !== "get" || !data) return;
    Array.from(new Set(data.keys())).forEach(function (name) {
      if (data.getAll(name).every(function (value) { return value === ""; })) data.delete(name);
    });
  });

  // Pages that update themselves (apps/live): the poller (templates/live/poller.html) asks every few
  // seconds whether an order the page shows changed; when one did, the server triggers
  // `orders-changed` and every region marked `data-live-url` is read again from that URL and swapped
  // in place (`data-live-swap`, outerHTML by default), and the change is said politely. A region the
  // user is in (focus inside it, or text typed or a box changed in it) is left alone until the focus
  // leaves it, so nothing being typed or pointed at is lost; the page does not scroll.
  function isDirty(control) {
    if (control.type === "hidden" || control.disabled) return false;
    if (control.type === "checkbox" || control.type === "radio") return control.checked !== control.defaultChecked;
    if (control.tagName === "SELECT") {
      // A select none of whose options is marked `selected` starts on its first option (one choice)
      var marked = Array.prototype.some.call(control.options, function (o) { return o.defaultSelected; });
      return Array.prototype.some.call(control.options, function (o, index) {
        var byDefault = marked ? o.defaultSelected : !control.multiple && index === 0;
        return o.selected !== byDefault;
      });
    }
    return control.value !== control.defaultValue;
  }
  function isBusy(region) {
    var active = document.activeElement;
    if (active && active !== document.body && region.contains(active)) return true;
    if (region.querySelector("details[open], dialog[open]")) return true;
    return Array.prototype.some.call(region.querySelectorAll("input, textarea, select"), isDirty);
  }
  function readAgain(region) {
    region.removeAttribute("data-live-stale");
    var headers = {};
    headers[BACKGROUND_HEADER] = "1";
    window.htmx.ajax("GET", region.getAttribute("data-live-url"), {
      source: region, target: region, swap: region.getAttribute("data-live-swap") || "outerHTML", headers: headers
    });
  }
  document.addEventListener("orders-changed", function (event) {
    document.querySelectorAll("[data-live-url]").forEach(function (region) {
      // (an action of the user's on its way in it: its answer draws the region as it is now)
      if (isBusy(region) || region.querySelector(".htmx-request:not([data-live-poller])")) region.setAttribute("data-live-stale", "");
      else readAgain(region);
    });
    var detail = event.detail || {};
    if (detail.message) announce(detail.message);
  });
  document.addEventListener("focusout", function (event) {
    var region = event.target.closest && event.target.closest("[data-live-stale]");
    if (!region || region.contains(event.relatedTarget)) return;
    window.setTimeout(function () { if (region.isConnected && !isBusy(region)) readAgain(region); }, 0);
  });
})();
