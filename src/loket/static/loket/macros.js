/* Canned answers: after one is inserted, bring the message box into view and put the
   cursor in it, so the agent reads the text and adds it (Ctrl+Enter). Without this the
   page still works; the text is simply where the message box is. */
(function () {
  "use strict";
  if (window.loketMacros) return;  // the script comes again with every redrawn ticket
  window.loketMacros = true;

  function fromInsert(detail) {
    var path = (detail.pathInfo && detail.pathInfo.requestPath) ||
      (detail.requestConfig && detail.requestConfig.path) || "";
    return path.indexOf("/canned-answers/ticket/") !== -1;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!fromInsert(event.detail)) return;
    var body = document.querySelector("#ticket .composer textarea[name=body]");
    if (!body) return;
    body.scrollIntoView({ block: "center" });
    body.focus({ preventScroll: true });
    body.setSelectionRange(0, 0);
    body.scrollTop = 0;
  });
})();
