// SLA targets are entered in minutes; show each one in hours as it is typed.
// The texts come translated from the input's data attributes (see admin_forms.py).
"use strict";

(function () {
  function fill(template, values) {
    return template.replace(/%\((\w+)\)[ds]/g, function (_match, key) {
      return String(values[key]);
    });
  }

  function duration(input, total) {
    var hours = Math.floor(total / 60);
    var minutes = total % 60;
    if (hours && minutes) {
      return fill(input.dataset.hoursMinutes, { hours: hours, minutes: minutes });
    }
    if (hours) {
      return fill(input.dataset.hours, { hours: hours });
    }
    return fill(input.dataset.minutes, { minutes: minutes });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.dataset || !input.dataset.hint) {
      return;
    }
    var hint = input.parentNode.querySelector(".sla-minutes-hint");
    if (!hint) {
      return;
    }
    var total = parseInt(input.value, 10);
    hint.textContent =
      total > 0 ? fill(input.dataset.hint, { duration: duration(input, total) }) : "";
  });
})();
