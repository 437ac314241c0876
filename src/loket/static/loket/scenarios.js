/* Scenario runner: number keys 1–9 press the current step's answer buttons while the
   agent is not typing. Loaded with the runner panel, which htmx redraws: install once. */
(function () {
  "use strict";
  if (window.loketScenarioKeys) return;
  window.loketScenarioKeys = true;

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    if (!/^[1-9]$/.test(event.key)) return;
    var runner = document.querySelector("[data-scenario-runner]");
    if (!runner) return;
    var button = runner.querySelector('[data-answer-key="' + event.key + '"]');
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  });
})();
