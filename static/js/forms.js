/* Progressive enhancement for form steps. Everything works without it. */
(function () {
  "use strict";

  function normalise(text) {
    return (text || "")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .trim()
      .replace(/\s+/g, " ");
  }

  function answerTokens(form, key) {
    var inputs = form.querySelectorAll('[name="' + key + '"]');
    var tokens = [];
    inputs.forEach(function (input) {
      if (input.type === "checkbox" && inputs.length === 1) {
        tokens.push(input.checked ? "sim" : "nao");
      } else if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) tokens.push(normalise(input.value));
      } else if (input.tagName === "SELECT" && input.multiple) {
        Array.prototype.forEach.call(input.selectedOptions, function (option) {
          tokens.push(normalise(option.value));
        });
      } else if (input.value) {
        tokens.push(normalise(input.value));
      }
    });
    return tokens;
  }

  function applies(form, item) {
    var tokens = answerTokens(form, item.dataset.showWhen);
    var op = item.dataset.showOp;
    if (op === "answered") return tokens.length > 0;
    var matched = tokens.indexOf(normalise(item.dataset.showValue)) !== -1;
    return op === "not_equals" ? !matched : matched;
  }

  function refresh(form) {
    form.querySelectorAll("[data-show-when]").forEach(function (item) {
      if (!form.querySelector('[name="' + item.dataset.showWhen + '"]')) return;
      var show = applies(form, item);
      item.hidden = !show;
      var hint = item.querySelector(".condition-hint");
      if (hint) hint.hidden = true;
    });
  }

  document.querySelectorAll("[data-step-form]").forEach(function (form) {
    refresh(form);
    form.addEventListener("change", function () { refresh(form); });
    form.addEventListener("input", function () { refresh(form); });
  });

  document.querySelectorAll("[data-prevent-double-submit]").forEach(function (button) {
    button.form.addEventListener("submit", function () {
      // Let this submit through, then ignore further clicks while the page loads.
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });
})();
