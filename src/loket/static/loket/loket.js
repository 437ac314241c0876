/* Loket: small keyboard and timer helpers on top of htmx. Everything works without it,
   only slower. */
(function () {
  "use strict";

  // --- call timer -----------------------------------------------------------------
  function startTimers() {
    document.querySelectorAll("[data-call-timer]").forEach(function (el) {
      // Seconds since the call began, by the server's clock: no skew between machines.
      var elapsed = parseInt(el.dataset.elapsed, 10) || 0;
      var begin = Date.now() - elapsed * 1000;
      function tick() {
        var s = Math.max(0, Math.floor((Date.now() - begin) / 1000));
        var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
        el.textContent = (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(sec).padStart(2, "0");
      }
      tick();
      setInterval(tick, 1000);
    });
  }

  // --- caller lookup: arrows choose, Enter picks, Escape clears -----------------------
  function options() {
    return Array.prototype.slice.call(document.querySelectorAll("#lookup [data-option]"));
  }
  function activeIndex(list) {
    return list.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
  }
  function choose(search, list, index) {
    list.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
    if (list[index]) {
      search.setAttribute("aria-activedescendant", list[index].id);
      list[index].scrollIntoView({ block: "nearest" });
    } else {
      search.removeAttribute("aria-activedescendant");
    }
  }
  function onSearchKey(event) {
    var search = event.target;
    var list = options();
    var index = activeIndex(list);
    if (event.key === "ArrowDown" && list.length) {
      event.preventDefault();
      choose(search, list, Math.min(index + 1, list.length - 1));
    } else if (event.key === "ArrowUp" && list.length) {
      event.preventDefault();
      choose(search, list, Math.max(index - 1, 0));
    } else if (event.key === "Enter") {
      event.preventDefault();
      var pick = list[index >= 0 ? index : 0];
      if (pick && (index >= 0 || list.length === 1)) pick.click();
    } else if (event.key === "Escape") {
      event.preventDefault();
      search.value = "";
      document.getElementById("lookup").innerHTML = "";
      search.setAttribute("aria-expanded", "false");
      search.removeAttribute("aria-activedescendant");
    }
  }

  // --- forms: Enter inside an action block submits that block; Ctrl+Enter submits --------
  function onFormKey(event) {
    var target = event.target;
    if (event.key !== "Enter" || !target.form) return;
    var block = target.closest("[data-submit]");
    var isText = target.tagName === "TEXTAREA";
    if (isText && !(event.ctrlKey || event.metaKey)) return;
    var button = block ? block.querySelector("button[type=submit]") : null;
    if (!button && isText) button = target.form.querySelector("button[type=submit]");
    if (button && (block || isText)) {
      event.preventDefault();
      button.click();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.target.id === "caller-search") return onSearchKey(event);
    onFormKey(event);
  });

  document.addEventListener("click", function (event) {
    var clear = event.target.closest("[data-clear-caller]");
    if (!clear) return;
    document.getElementById("caller").innerHTML = "";
    var search = document.getElementById("caller-search");
    if (search) { search.value = ""; search.focus(); }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target.id === "lookup") {
      var search = document.getElementById("caller-search");
      var list = options();
      if (search) search.setAttribute("aria-expanded", list.length ? "true" : "false");
      if (list.length === 1) choose(search, list, 0);
    }
    if (target.id === "caller" && target.querySelector("[name=contact]")) {
      document.getElementById("lookup").innerHTML = "";
      var subject = document.getElementById("id_subject");
      if (subject) subject.focus();
    }
    if (target.id === "ticket") {
      var root = document.getElementById("ticket");
      var error = root && root.querySelector("form [role=alert]");
      if (error) {
        var field = error.closest("form").querySelector("textarea, input:not([type=hidden]), select");
        if (field) field.focus();
      }
    }
  });

  // Elements with data-refresh-every="N" reload themselves every N seconds while the page
  // is visible (an hx-trigger filter would need eval, which our CSP forbids).
  setInterval(function () {
    if (document.visibilityState !== "visible" || !window.htmx) return;
    var now = Date.now();
    document.querySelectorAll("[data-refresh-every]").forEach(function (el) {
      var every = (parseInt(el.dataset.refreshEvery, 10) || 30) * 1000;
      var last = parseInt(el.dataset.refreshedAt || "0", 10);
      if (!last) { el.dataset.refreshedAt = String(now); return; }
      if (now - last >= every) {
        el.dataset.refreshedAt = String(now);
        htmx.trigger(el, "loket:refresh");
      }
    });
  }, 1000);

  // Fold-outs marked data-keep-open (the SLA explanation) stay open when htmx replaces
  // them: the clock refreshes every minute, and the reader should not lose their place.
  var keptOpen = [];
  document.addEventListener("htmx:beforeSwap", function () {
    keptOpen = Array.prototype.map.call(
      document.querySelectorAll("details[data-keep-open][open]"), function (d) { return d.id; });
  });
  document.addEventListener("htmx:afterSwap", function () {
    keptOpen.forEach(function (id) {
      var d = document.getElementById(id);
      if (d) d.open = true;
    });
    localTimes();
  });

  // Moments are written in the server's time zone; a browser elsewhere shows its own.
  function localTimes() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) return;
    var format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
      timeZoneName: "short"
    });
    document.querySelectorAll("time[data-local]:not([data-localised])").forEach(function (el) {
      if (el.dataset.local === zone) return;  // data-local: the zone it was written in
      var moment = new Date(el.getAttribute("datetime"));
      if (isNaN(moment)) return;
      el.title = el.textContent.trim();
      el.textContent = format.format(moment);
      el.dataset.localised = "true";
    });
  }

  // Selects marked data-autosubmit (the language switch) submit their form on change;
  // an inline onchange handler would need a weaker Content-Security-Policy.
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
  });

  // On a phone the queue filters start folded, so the tickets come first.
  function foldOnPhone() {
    if (!window.matchMedia("(max-width: 600px)").matches) return;
    document.querySelectorAll("details[data-collapse-on-phone]").forEach(function (d) {
      if (!d.querySelector("#id_q").value) d.open = false;
    });
  }

  function ready() {
    startTimers();
    foldOnPhone();
    localTimes();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
