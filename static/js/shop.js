// Marks the page as scripted, so controls that only exist for browsers without JavaScript
// (e.g. "Update price") can hide themselves through CSS. No inline script: strict CSP.
document.documentElement.classList.add("js");

// Busy feedback for every htmx request: the form that sent it says so (aria-busy and a visible
// "Updating…") and its buttons are disabled until the answer is in, so a second click sends
// nothing. A form may carry its own note (an element with class "busy-note") or its own words
// (data-busy-text); otherwise one is added.
(function () {
  "use strict";
  var COUNT = "shopBusyCount";

  function busyElement(elt) {
    return (elt && elt.closest && elt.closest("form")) || elt;
  }

  function markBusy(event) {
    var form = busyElement(event.detail && event.detail.elt);
    if (!form || !form.setAttribute) return;
    form.dataset[COUNT] = String((parseInt(form.dataset[COUNT] || "0", 10) || 0) + 1);
    form.setAttribute("aria-busy", "true");
    // A live preview (a form sent on "change", like the configure page's summary) keeps its
    // buttons: disabling them would move the keyboard's focus past "Add to cart".
    var config = event.detail.requestConfig || {};
    var cause = config.triggeringEvent && config.triggeringEvent.type;
    if (cause === "change" || cause === "input" || cause === "keyup") return addNote(form);
    var buttons = form.querySelectorAll("button, input[type=submit]");
    for (var i = 0; i < buttons.length; i++) {
      if (!buttons[i].disabled) {
        buttons[i].disabled = true;
        buttons[i].setAttribute("data-busy-disabled", "");
      }
    }
    addNote(form);
  }

  function addNote(form) {
    if (form.querySelector(".busy-note")) return;
    var note = document.createElement("span");
    note.className = "busy-note";
    note.setAttribute("role", "status");
    note.textContent = form.getAttribute("data-busy-text") || "Updating…";
    form.appendChild(note);
  }

  function markDone(event) {
    var form = busyElement(event.detail && event.detail.elt);
    if (!form || !form.removeAttribute) return;
    var left = (parseInt(form.dataset[COUNT] || "1", 10) || 1) - 1;
    if (left > 0) {
      form.dataset[COUNT] = String(left);
      return;
    }
    delete form.dataset[COUNT];
    form.removeAttribute("aria-busy");
    var buttons = form.querySelectorAll("[data-busy-disabled]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].disabled = false;
      buttons[i].removeAttribute("data-busy-disabled");
    }
  }

  document.addEventListener("htmx:beforeRequest", markBusy);
  document.addEventListener("htmx:afterRequest", markDone);
})();
