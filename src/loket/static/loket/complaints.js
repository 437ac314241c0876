// The character counter under the complaint's paraphrase. Delegated from the document,
// so it keeps working after htmx redraws the ticket; loading this file twice is harmless.
(function () {
  if (window.loketComplaintCounter) return;
  window.loketComplaintCounter = true;
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("textarea[data-counter]")) return;
    var counter = document.querySelector('[data-counter-for="' + field.id + '"]');
    if (!counter) return;
    var max = parseInt(field.getAttribute("data-counter"), 10);
    counter.textContent = field.value.length + " / " + max;
    counter.classList.toggle("is-near", field.value.length > max * 0.9);
  });
})();
