// BlendAdmin's single-key shortcuts, all behind one setting each person can turn off (WCAG 2.1.4):
//   /      the header search (the page's own search when there is none)
//   ?      the keys help (#keys-help in base.html, a modal dialog: Esc closes it)
//   j, k   the next / previous row of the page's list (a table or list marked data-keyboard-list)
//   x      tick or untick the current row's check box (where the list has selection, e.g. bulk actions)
//   Enter  open the current row (its [data-row-open] link, else its first link)
// None fires while typing in a field (text boxes, text areas, selects, contenteditable), with Ctrl, Alt
// or Cmd held, or while a dialog is open. The current row is focused and marked (.is-current-row); a
// move is said politely through the announcer (app.js). The mark follows the row by its id (else its
// link) across HTMX swaps: paging, filtering, and pages that update themselves (apps/live).
// No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  function announce(message) {
    if (window.blendadminAnnounce) window.blendadminAnnounce(message);
  }

  // One setting for every single-key shortcut, kept in this browser's localStorage. The "/" shortcut
  // had its own switch before (SLASH_KEY): a person who turned that off keeps them all off.
  var SHORTCUTS_KEY = "blendadmin.keyShortcuts";
  var SLASH_KEY = "blendadmin.slashShortcut";
  function shortcutsOn() {
    try {
      var value = window.localStorage.getItem(SHORTCUTS_KEY);
      if (value === null) value = window.localStorage.getItem(SLASH_KEY);
      return value !== "off";
    } catch (e) { return true; }
  }
  function showShortcutState() {
    var on = shortcutsOn();
    document.querySelectorAll("[data-shortcut-toggle]").forEach(function (button) {
      button.hidden = false;
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
    document.querySelectorAll("[data-keys-open]").forEach(function (button) {
      button.hidden = false;
      button.setAttribute("data-shortcuts", on ? "on" : "off");
      if (on) button.setAttribute("aria-keyshortcuts", "?");
      else button.removeAttribute("aria-keyshortcuts");
    });
    document.querySelectorAll("[data-shortcut-hint]").forEach(function (input) {
      if (on) {
        input.setAttribute("aria-keyshortcuts", "/");
        input.placeholder = input.getAttribute("data-shortcut-hint") + " (press /)";
      } else {
        input.removeAttribute("aria-keyshortcuts");
        input.placeholder = input.getAttribute("data-shortcut-hint");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", showShortcutState);
  window.addEventListener("storage", function (event) {
    if (event.key === SHORTCUTS_KEY || event.key === SLASH_KEY) showShortcutState();
  });
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-shortcut-toggle]");
    if (!toggle) return;
    var on = !shortcutsOn();
    try { window.localStorage.setItem(SHORTCUTS_KEY, on ? "on" : "off"); } catch (e) { /* private mode: this page only */ }
    showShortcutState();
    announce(on ? "Keyboard shortcuts are on." : "Keyboard shortcuts are off.");
  });

  // Typing: a field that takes text or letters (a select jumps to the option typed), not a check box,
  // a radio or a button.
  var NOT_TYPING = { checkbox: 1, radio: 1, button: 1, submit: 1, reset: 1, image: 1, file: 1, range: 1, color: 1 };
  function isTyping(element) {
    if (!element || element.nodeType !== 1) return false;
    var tag = element.tagName;
    if (element.isContentEditable || tag === "TEXTAREA" || tag === "SELECT") return true;
    return tag === "INPUT" && !NOT_TYPING[(element.type || "text").toLowerCase()];
  }
  function dialogOpen() {
    return Boolean(document.querySelector("dialog[open]"));
  }

  // The keys help: opened by "?" or the top bar's "Keyboard shortcuts" button; a modal dialog takes the
  // focus, Esc or Close shuts it, and the focus goes back where it was.
  var helpOpener = null;
  function openHelp() {
    var dialog = document.getElementById("keys-help");
    if (!dialog || dialog.open) return;
    helpOpener = document.activeElement;
    dialog.showModal();
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-keys-open]")) openHelp();
    var close = event.target.closest("[data-keys-close]");
    if (close) close.closest("dialog").close();
  });
  document.addEventListener("close", function (event) {
    if (event.target.id !== "keys-help") return;
    var back = helpOpener;
    helpOpener = null;
    if (back && back.isConnected && back !== document.body && document.activeElement !== back) back.focus();
  }, true);

  // Lists: a <table> (rows: its tbody's rows) or a <ul>/<ol> (rows: its items) marked data-keyboard-list.
  // A row that only says the list is empty (a td.empty) is not a row.
  var current = { key: "", list: null };
  function visible(element) {
    return Boolean(element.offsetWidth || element.offsetHeight || element.getClientRects().length);
  }
  // Tables marked with the same name (a recall's orders, one table per status) are one list.
  function ownRows(list) {
    return list.tagName === "TABLE"
      ? Array.prototype.concat.apply([], Array.prototype.map.call(list.tBodies, function (body) { return Array.prototype.slice.call(body.rows); }))
      : Array.prototype.filter.call(list.children, function (child) { return child.tagName === "LI"; });
  }
  function rowsOf(list) {
    var name = list.getAttribute("data-keyboard-list");
    var members = name ? lists().filter(function (other) { return other.getAttribute("data-keyboard-list") === name; }) : [list];
    if (members.indexOf(list) === -1) members = [list];
    var rows = Array.prototype.concat.apply([], members.map(ownRows));
    return rows.filter(function (row) { return !row.querySelector(":scope > td.empty") && visible(row); });
  }
  function openLink(row) {
    return row.querySelector("a[href][data-row-open]") || row.querySelector("a[href]");
  }
  function selectBox(row) {
    return row.querySelector('input[type="checkbox"][data-row-select]') || row.querySelector('input[type="checkbox"]');
  }
  function rowKey(row) {
    if (row.id) return "#" + row.id;
    var link = openLink(row);
    return link ? "@" + link.getAttribute("href") : "";
  }
  function listKey(list) {
    return list.id || list.getAttribute("data-keyboard-list") || "";
  }
  function lists() {
    return Array.prototype.filter.call(document.querySelectorAll("[data-keyboard-list]"), visible);
  }
  // The list the keys act on: the one holding the focus, else the one with the current row, else the first.
  function activeList() {
    var all = lists();
    var focused = document.activeElement && document.activeElement.closest && document.activeElement.closest("[data-keyboard-list]");
    if (focused && all.indexOf(focused) !== -1) return focused;
    var marked = all.filter(function (list) { return list.querySelector(".is-current-row"); })[0];
    return marked || all[0] || null;
  }
  function currentRow(list) {
    var rows = rowsOf(list);
    var active = document.activeElement;
    var focusedRow = active && active.closest ? active.closest("tr, li") : null;
    if (focusedRow && rows.indexOf(focusedRow) !== -1) return focusedRow;
    return rows.filter(function (row) { return row.classList.contains("is-current-row"); })[0] || null;
  }
  function describe(row) {
    var parts = [];
    var cells = row.tagName === "TR" ? Array.prototype.slice.call(row.cells) : [row];
    cells.forEach(function (cell) {
      if (parts.length >= 4 || cell.querySelector("details, form, button, input")) return;
      var text = (cell.innerText || cell.textContent || "").replace(/\s+/g, " ").trim();
      if (text) parts.push(text);
    });
    return parts.join(", ");
  }
  function mark(list, row) {
    document.querySelectorAll(".is-current-row").forEach(function (other) {
      if (other !== row) other.classList.remove("is-current-row");
    });
    row.classList.add("is-current-row");
    current = { key: rowKey(row), list: listKey(list) };
  }
  function moveTo(list, row, rows) {
    mark(list, row);
    if (!row.hasAttribute("tabindex")) row.setAttribute("tabindex", "-1");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
    var box = selectBox(row);
    announce("Row " + (rows.indexOf(row) + 1) + " of " + rows.length + ": " + describe(row) + (box && box.checked ? ", selected" : "") + ".");
  }
  function move(step) {
    var list = activeList();
    if (!list) return false;
    var rows = rowsOf(list);
    if (!rows.length) return false;
    var row = currentRow(list);
    var index = row ? rows.indexOf(row) + step : (step > 0 ? 0 : rows.length - 1);
    if (index < 0 || index >= rows.length) {
      announce(index < 0 ? "This is the first row." : "This is the last row on this page.");
      return true;
    }
    moveTo(list, rows[index], rows);
    return true;
  }
  function select() {
    var list = activeList();
    if (!list) return false;
    var row = currentRow(list);
    if (!row) { announce("Press j to choose a row first."); return true; }
    var box = selectBox(row);
    if (!box || box.disabled) { announce("This row cannot be selected."); return true; }
    box.click(); // ticks it as a click would: its change event and anything listening run
    var ticked = rowsOf(list).filter(function (r) { var b = selectBox(r); return b && b.checked; }).length;
    announce((box.checked ? "Selected. " : "Not selected. ") + ticked + " selected in this list.");
    return true;
  }
  function open(target) {
    var list = activeList();
    if (!list) return false;
    var row = currentRow(list);
    if (!row) return false;
    // Enter on a link, a button, a summary or a field does what it always does.
    if (target !== row && target.closest && target.closest("a[href], button, summary, input, select, textarea, [role='button'], [tabindex]:not([tabindex='-1'])")) return false;
    var link = openLink(row);
    if (!link) { announce("This row has no page to open."); return true; }
    link.click();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (isTyping(event.target) || dialogOpen() || !shortcutsOn()) return;
    var handled = false;
    if (event.key === "/") {
      var box = document.querySelector(".topbar .search input") || document.querySelector('main [role="search"] input');
      if (box) { box.focus(); box.select(); handled = true; }
    } else if (event.key === "?") {
      openHelp();
      handled = Boolean(document.getElementById("keys-help"));
    } else if (event.key === "j" || event.key === "k") {
      handled = move(event.key === "j" ? 1 : -1);
    } else if (event.key === "x") {
      handled = select();
    } else if (event.key === "Enter" && !event.shiftKey) {
      handled = open(event.target);
    }
    if (handled) event.preventDefault();
  });

  // After a swap (a page of the list, a filter, a list that updated itself) the row that was current
  // keeps its mark if it is still there; the focus is left where app.js put it.
  function remark() {
    if (!current.key) return;
    lists().forEach(function (list) {
      if (listKey(list) !== current.list) return;
      rowsOf(list).forEach(function (row) {
        if (rowKey(row) === current.key) {
          row.classList.add("is-current-row");
          if (!row.hasAttribute("tabindex")) row.setAttribute("tabindex", "-1");
        }
      });
    });
  }
  document.addEventListener("htmx:afterSettle", remark);
})();
