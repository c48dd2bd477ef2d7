/* Keeps what a citizen types on a form step in this tab, so a reload or a
 * post lost to a dropped connection does not lose it. Enhancement only: the
 * server keeps everything that reaches it; this covers what did not.
 *
 * Where: sessionStorage (this tab only; gone when the tab is closed), one key
 * per form page and step, "procon-etapa:<page>:<step>". What: text, e-mail,
 * number, date and the like, text areas, selects, radios and check boxes that
 * the citizen changed; never files, hidden inputs (the CSRF token), the
 * honeypot or the "remove this file" boxes. Erased when the step reaches the
 * server (the next page of the form loads and the draft has changed), and
 * every key of the form on its confirmation page.
 */
(function () {
  "use strict";

  var PREFIX = "procon-etapa:";
  var KEPT_TYPES = [
    "text", "email", "tel", "url", "number", "search",
    "date", "datetime-local", "time", "month", "week",
    "radio", "checkbox",
  ];
  var NEVER = ["csrfmiddlewaretoken", "website", "remover_anexo", "voltar"];

  var storage;
  try {
    storage = window.sessionStorage;
    storage.setItem(PREFIX + "teste", "1");
    storage.removeItem(PREFIX + "teste");
  } catch (error) {
    return; // storage blocked or full: the page works as without the script
  }

  var marker = document.querySelector("[data-keep-page]");
  if (!marker) return;
  var formPrefix = PREFIX + marker.dataset.keepPage + ":";
  var version = marker.dataset.keepVersion || "";
  var SENDING = formPrefix + "enviando";

  function read(key) {
    try {
      return JSON.parse(storage.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function write(key, value) {
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch (error) {
      /* full: nothing more is kept, nothing breaks */
    }
  }

  function forgetForm() {
    for (var i = storage.length - 1; i >= 0; i--) {
      var key = storage.key(i);
      if (key && key.indexOf(formPrefix) === 0) storage.removeItem(key);
    }
  }

  if ("keepForget" in marker.dataset) {
    forgetForm(); // sent: nothing typed in this form stays on the device
    return;
  }

  var form = document.querySelector("form[data-keep-step]");
  var stepNumber = form ? form.dataset.keepStep : null;

  // Did the step posted from the previous page reach the server? Yes when this
  // is another page of the form and the draft has changed since (the server
  // stored the step, or saved it for later): its copy here is no longer needed.
  // On the same step (an error shown, or the citizen came back) or with the
  // draft unchanged (the post never arrived) the copy stays.
  var sending = read(SENDING);
  if (sending) {
    if (sending.step !== stepNumber && sending.version !== version) {
      storage.removeItem(formPrefix + sending.step);
    }
    storage.removeItem(SENDING);
  }
  if (!form) return;

  var stepKey = formPrefix + stepNumber;

  function isKept(element) {
    if (!element.name || element.disabled || NEVER.indexOf(element.name) !== -1) return false;
    if (element.closest("[aria-hidden='true']")) return false;
    if (element.tagName === "TEXTAREA" || element.tagName === "SELECT") return true;
    return element.tagName === "INPUT" && KEPT_TYPES.indexOf(element.type) !== -1;
  }

  function keptElements(name) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return isKept(element) && (name === undefined || element.name === name);
    });
  }

  // {name: [values]}, as the form would send them (unchecked boxes: []).
  function valuesOf(elements) {
    var values = {};
    elements.forEach(function (element) {
      var list = values[element.name] || (values[element.name] = []);
      if (element.type === "radio" || element.type === "checkbox") {
        if (element.checked) list.push(element.value);
      } else if (element.tagName === "SELECT") {
        Array.prototype.forEach.call(element.selectedOptions, function (option) {
          list.push(option.value);
        });
      } else {
        list.push(element.value);
      }
    });
    return values;
  }

  function same(a, b) {
    return JSON.stringify(a || []) === JSON.stringify(b || []);
  }

  function setValues(name, values) {
    var textIndex = 0;
    keptElements(name).forEach(function (element) {
      if (element.type === "radio" || element.type === "checkbox") {
        element.checked = values.indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT") {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = values.indexOf(option.value) !== -1;
        });
      } else {
        element.value = values[textIndex] || "";
        textIndex += 1;
      }
      // Conditional questions (forms.js) follow the restored answers.
      element.dispatchEvent(new Event("input", { bubbles: true }));
      element.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  // What the server put on the page, before anything is restored.
  var shown = valuesOf(keptElements());
  // Per field: v, what the citizen typed; b, what the page showed before they
  // typed it. Only changed fields are kept.
  var kept = read(stepKey) || {};
  var restored = false;

  // When to restore: a field gets its kept value back only when the page still
  // shows what it showed when the citizen typed over it (b). That covers a
  // reload and a post that never arrived (the server shows the same as before,
  // often nothing), also when returning from review to change a stored answer.
  // When the server shows something else, the server wins: it has newer data
  // (the step was stored, saved for later, resumed from an e-mailed link on
  // another device, or re-shown with the posted values after an error, which
  // then already equal what was kept).
  Object.keys(kept).forEach(function (name) {
    var entry = kept[name];
    if (!(name in shown) || !entry || !Array.isArray(entry.v)) {
      delete kept[name];
    } else if (same(shown[name], entry.v)) {
      /* already on the page */
    } else if (same(shown[name], entry.b)) {
      setValues(name, entry.v);
      restored = true;
    } else {
      delete kept[name];
    }
  });

  function save() {
    if (Object.keys(kept).length) write(stepKey, kept);
    else storage.removeItem(stepKey);
  }
  save();

  if (restored) {
    var status = document.querySelector("[data-keep-status]");
    if (status) {
      status.className += " alert alert-info";
      status.textContent = status.dataset.message;
    }
  }

  function remember(event) {
    var element = event.target;
    if (!isKept(element) || element.form !== form) return;
    var name = element.name;
    var now = valuesOf(keptElements(name))[name];
    var base = kept[name] ? kept[name].b : shown[name];
    if (same(now, base)) delete kept[name];
    else kept[name] = { v: now, b: base || [] };
    save();
  }

  form.addEventListener("input", remember);
  form.addEventListener("change", remember);
  form.addEventListener("submit", function () {
    write(SENDING, { step: stepNumber, version: version });
  });
})();
