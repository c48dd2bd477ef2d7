/* The error summary, as GOV.UK's design system has it: focused when the page
   loads, and each link moves to its input with the question in view (the label,
   or the legend of the group the input is in) and without adding #id to the
   address. Without scripts the links are plain fragment links. */
(function () {
  "use strict";

  if (window.proconErrorSummary) return;  // the include can appear twice on a page
  window.proconErrorSummary = true;

  function questionOf(input) {
    var fieldset = input.closest("fieldset");
    if (fieldset) {
      var legend = fieldset.querySelector("legend");
      // A legend far above the input (a long list of options) would push the
      // input out of view: then the input's own label is enough.
      if (legend) {
        var gap = input.getBoundingClientRect().top - legend.getBoundingClientRect().top;
        if (gap < window.innerHeight / 2) return legend;
      }
    }
    if (input.id) {
      var label = document.querySelector('label[for="' + CSS.escape(input.id) + '"]');
      if (label) return label;
    }
    return input.closest("label");
  }

  function moveTo(target) {
    var input = document.getElementById(target);
    if (!input) return false;
    var question = questionOf(input) || input;
    question.scrollIntoView({ block: "start", behavior: "instant" });
    input.focus({ preventScroll: true });
    return document.activeElement === input;
  }

  document.querySelectorAll("[data-error-summary]").forEach(function (summary, index) {
    if (index === 0) summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      if (moveTo(decodeURIComponent(link.getAttribute("href").slice(1)))) event.preventDefault();
    });
  });
})();
