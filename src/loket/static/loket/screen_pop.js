/* Screen-pop: staff pages poll for the call the agent just answered (see base.html). The
   server sends the browser to the new-call workspace, unless the agent is typing in a form
   here: then it answers a banner instead. This script tells it which ("dirty"). */
(function () {
  "use strict";

  var touched = false;

  function ignored(el) {
    return !el.form && el.id !== "caller-search" || el.closest("[data-pop-ignore], .lang-switch");
  }

  // A form the agent typed in and has not submitted holds work that a redirect would lose.
  document.addEventListener("input", function (event) {
    var el = event.target;
    if (!el || ignored(el)) return;
    if (el.form) el.form.dataset.dirty = "1";
    touched = true;
  });
  document.addEventListener("submit", function (event) {
    delete event.target.dataset.dirty;
    touched = document.querySelector("form[data-dirty]") !== null;
  });

  function changed(el) {
    if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
    if (el.tagName === "SELECT") {
      return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    if (el.type === "hidden" || el.type === "submit" || el.type === "button") return false;
    return el.value !== el.defaultValue;
  }

  function dirty() {
    if (!touched) return false;
    var fields = document.querySelectorAll("form[data-dirty] input, form[data-dirty] textarea, form[data-dirty] select, #caller-search");
    return Array.prototype.some.call(fields, function (el) { return !ignored(el) && changed(el); });
  }

  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt && event.detail.elt.id === "screen-pop") {
      event.detail.parameters.dirty = dirty() ? "1" : "0";
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-dismiss-pop]");
    if (!button) return;
    var banner = button.closest(".screen-pop-banner");
    if (banner) banner.remove();
  });

  // The banner arrived: put the keyboard on its link.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.elt && event.detail.elt.id === "screen-pop") {
      var open = document.getElementById("screen-pop-open");
      if (open && !dirtyFocus()) open.focus();
    }
  });

  // Do not steal the focus from the field the agent is typing in.
  function dirtyFocus() {
    var active = document.activeElement;
    return active && (active.tagName === "INPUT" || active.tagName === "TEXTAREA" || active.tagName === "SELECT");
  }
})();
