/* Step-by-step navigation: an optional "show all steps" button.
   Each step is a <details> element, so the page works without this script. */
(function () {
  "use strict";
  document.querySelectorAll("[data-step-nav]").forEach(function (list) {
    var button = list.parentElement.querySelector("[data-step-nav-toggle]");
    if (!button) return;
    var steps = list.querySelectorAll("details");
    function allOpen() {
      return Array.prototype.every.call(steps, function (step) { return step.open; });
    }
    function refresh() {
      var open = allOpen();
      button.textContent = open ? list.dataset.hideAll : list.dataset.showAll;
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.addEventListener("click", function () {
      var open = !allOpen();
      steps.forEach(function (step) { step.open = open; });
      refresh();
    });
    steps.forEach(function (step) { step.addEventListener("toggle", refresh); });
    button.hidden = false;
    refresh();
  });
})();
