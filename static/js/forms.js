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

  // A date in boxes (day, month, year and perhaps time, all under one name) is
  // one answer: the ISO date the server keeps, or nothing while incomplete.
  function dateToken(inputs) {
    var parts = {};
    inputs.forEach(function (input) {
      parts[input.dataset.datePart] = input.value.replace(/\s+/g, "");
    });
    var d = parts.day || "", m = parts.month || "", y = parts.year || "", match;
    if (!m && !y) {  // a whole date typed into the day's box
      if ((match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(d))) {
        y = match[1]; m = match[2]; d = match[3];
      } else if ((match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(d) || /^(\d{2})(\d{2})(\d{4})$/.exec(d))) {
        d = match[1]; m = match[2]; y = match[3];
      }
    }
    if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
    if ("time" in parts && !parts.time) return null;
    var day = new Date(Date.UTC(+y, +m - 1, +d));
    if (day.getUTCMonth() !== +m - 1 || day.getUTCDate() !== +d) return null;
    return y + "-" + ("0" + m).slice(-2) + "-" + ("0" + d).slice(-2);
  }

  function answerTokens(form, key) {
    var inputs = form.querySelectorAll('[name="' + key + '"]');
    var tokens = [];
    if (inputs.length && inputs[0].dataset.datePart) {
      var date = dateToken(inputs);
      return date ? [date] : [];
    }
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
