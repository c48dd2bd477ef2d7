/*
 * Form editor: a condition's field and value are chosen from lists.
 *
 * A condition (forms/blocks.py ConditionBlock) stores the key of an earlier
 * field and, for a field with options, one of its options. Here each
 * condition's key input is replaced on screen by a list of the fields that
 * come before it in the editor, as they stand now (labels shown; a new
 * field's key is derived from its label exactly as the server derives it on
 * save, and kept from then on). When the chosen field has options (drop-down,
 * radio buttons, checkboxes) or is a yes/no box, the value becomes a list of
 * those options too. The text inputs stay in the form, hidden, and carry the
 * choice; the server checks both again on save (forms/admin_forms.py).
 */
(function () {
  "use strict";

  var FIELD_SUFFIX = "-condition-field";
  var VALUE_SUFFIX = "-condition-value";
  var YES_NO_TYPES = ["checkbox", "declaration"];
  var OPTION_TYPES = ["dropdown", "radio", "checkboxes", "multiselect"];
  var text = {
    always: "— Sempre mostrar (sem condição) —",
    missing: " (não é um campo anterior)",
    pick: "— Escolha uma resposta —",
    step: "Etapa ",
  };

  /* Python's forms.blocks.key_from_label (Django's slugify, "-" -> "_"). */
  function keyFromLabel(label) {
    var key = (label || "")
      .normalize("NFKD")
      .replace(/[^\x00-\x7f]/g, "")
      .toLowerCase()
      .replace(/[^\w\s-]/g, "")
      .replace(/[-\s]+/g, "-")
      .replace(/^[-_]+|[-_]+$/g, "")
      .replace(/-/g, "_")
      .slice(0, 50)
      .replace(/^_+|_+$/g, "");
    if (!key || !/^[a-z]/.test(key)) {
      key = ("campo_" + key).replace(/^_+|_+$/g, "").slice(0, 50);
    }
    return key;
  }

  function byName(name) {
    return document.querySelector('[name="' + name + '"]');
  }

  function isDeleted(prefix) {
    // A stream child's inputs are "<child>-value-…"; "<child>-deleted" is 1 once removed.
    var child = prefix.replace(/-value$/, "");
    var deleted = byName(child + "-deleted");
    return Boolean(deleted && deleted.value === "1");
  }

  function stepNumber(prefix) {
    var match = /^steps-(\d+)-/.exec(prefix);
    if (!match) return "";
    var order = byName("steps-" + match[1] + "-order");
    return order ? Number(order.value) + 1 : Number(match[1]) + 1;
  }

  /* Every input field of the form, in editor order: {prefix, key, label, type}. */
  function allFields() {
    var fields = [];
    document
      .querySelectorAll('input[name^="steps-"][name$="-value-label"]')
      .forEach(function (labelInput) {
        var prefix = labelInput.name.slice(0, -"-label".length);
        if (!/-fields-\d+-value$/.test(prefix) || isDeleted(prefix)) return;
        var keyInput = byName(prefix + "-key");
        var typeInput = byName(prefix.replace(/-value$/, "") + "-type");
        fields.push({
          prefix: prefix,
          element: labelInput,
          label: labelInput.value.trim(),
          key: (keyInput && keyInput.value.trim()) || keyFromLabel(labelInput.value),
          type: typeInput ? typeInput.value : "",
        });
      });
    return fields;
  }

  /* The fields a condition at `prefix` may look at (those before it, not its own). */
  function earlierFields(conditionInput, prefix) {
    var isStep = /^steps-\d+-value$/.test(prefix);
    return allFields().filter(function (field) {
      if (field.prefix === prefix) return false;
      if (isStep && field.prefix.indexOf(prefix + "-fields-") === 0) return false;
      // eslint-disable-next-line no-bitwise
      return Boolean(
        field.element.compareDocumentPosition(conditionInput) &
          Node.DOCUMENT_POSITION_FOLLOWING
      );
    });
  }

  function optionsOf(field) {
    if (!field) return null;
    if (YES_NO_TYPES.indexOf(field.type) !== -1) return ["Sim", "Não"];
    if (OPTION_TYPES.indexOf(field.type) === -1) return null;
    var options = [];
    document
      .querySelectorAll('[name^="' + field.prefix + '-choices-"][name$="-value"]')
      .forEach(function (input) {
        var item = input.name.slice(0, -"-value".length);
        var deleted = byName(item + "-deleted");
        if (deleted && deleted.value === "1") return;
        if (input.value.trim()) options.push(input.value.trim());
      });
    return options;
  }

  function fold(value) {
    return (value || "").normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase().trim();
  }

  function option(value, label, selected) {
    var element = document.createElement("option");
    element.value = value;
    element.textContent = label;
    element.selected = Boolean(selected);
    return element;
  }

  /* Put a select in place of `input` on screen; the input keeps the value. */
  function mirror(input, className) {
    var select = document.createElement("select");
    select.className = className;
    select.id = input.id;
    input.id = input.id + "-text";
    if (input.hasAttribute("aria-describedby")) {
      select.setAttribute("aria-describedby", input.getAttribute("aria-describedby"));
    }
    input.hidden = true;
    input.setAttribute("aria-hidden", "true");
    input.tabIndex = -1;
    input.insertAdjacentElement("afterend", select);
    select.addEventListener("change", function () {
      input.value = select.value;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    return select;
  }

  function refreshValue(condition) {
    var chosen = condition.fields.filter(function (field) {
      return field.key === condition.fieldInput.value;
    })[0];
    var options = optionsOf(chosen);
    var input = condition.valueInput;
    if (!input) return;
    if (options === null) {
      if (condition.valueSelect) {
        condition.valueSelect.hidden = true;
        condition.valueSelect.id = input.id.replace(/-text$/, "") + "-list";
        input.id = input.id.replace(/-text$/, "");
        input.hidden = false;
        input.removeAttribute("aria-hidden");
        input.removeAttribute("tabindex");
      }
      return;
    }
    if (!condition.valueSelect) {
      condition.valueSelect = mirror(input, "procon-condition-value");
    } else if (condition.valueSelect.hidden) {
      condition.valueSelect.hidden = false;
      condition.valueSelect.id = input.id;
      input.id = input.id + "-text";
      input.hidden = true;
      input.setAttribute("aria-hidden", "true");
      input.tabIndex = -1;
    }
    var select = condition.valueSelect;
    var current = input.value;
    var matched = false;
    select.replaceChildren(option("", text.pick, !current));
    options.forEach(function (value) {
      var same = current && fold(value) === fold(current);
      if (same) {
        matched = true;
        input.value = value; // "sim" becomes "Sim": the option as the citizen sees it
      }
      select.appendChild(option(value, value, same));
    });
    if (current && !matched) {
      select.appendChild(option(current, current + " (não é uma das respostas)", true));
    }
  }

  function refresh(condition) {
    var input = condition.fieldInput;
    var current = input.value.trim();
    condition.fields = earlierFields(input, condition.prefix);
    var select = condition.fieldSelect;
    var found = false;
    select.replaceChildren(option("", text.always, !current));
    condition.fields.forEach(function (field) {
      var same = field.key === current;
      found = found || same;
      var label = field.label || field.key;
      select.appendChild(
        option(field.key, text.step + stepNumber(field.prefix) + ": " + label, same)
      );
    });
    if (current && !found) {
      select.appendChild(option(current, current + text.missing, true));
    }
    refreshValue(condition);
  }

  var conditions = [];

  function enhance(root) {
    (root || document)
      .querySelectorAll('input[name$="' + FIELD_SUFFIX + '"]')
      .forEach(function (input) {
        if (input.dataset.conditionChooser) return;
        input.dataset.conditionChooser = "on";
        var prefix = input.name.slice(0, -FIELD_SUFFIX.length);
        var condition = {
          prefix: prefix,
          fieldInput: input,
          valueInput: byName(prefix + VALUE_SUFFIX),
          fields: [],
        };
        condition.fieldSelect = mirror(input, "procon-condition-field");
        condition.fieldSelect.addEventListener("focus", function () {
          refresh(condition);
        });
        condition.fieldSelect.addEventListener("change", function () {
          refreshValue(condition);
        });
        conditions.push(condition);
        refresh(condition);
      });
    conditions = conditions.filter(function (condition) {
      return document.body.contains(condition.fieldInput);
    });
  }

  var pending = null;
  function refreshAll() {
    pending = null;
    enhance(document);
    conditions.forEach(refresh);
  }
  function later() {
    if (pending === null) pending = window.setTimeout(refreshAll, 150);
  }

  function start() {
    var form = document.querySelector("form[data-edit-form], form#page-edit-form") || document.body;
    refreshAll();
    new MutationObserver(function (records) {
      // Blocks added, removed or expanded; not the lists this script fills.
      var outside = records.some(function (record) {
        return !(record.target instanceof HTMLSelectElement);
      });
      if (outside) later();
    }).observe(form, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["aria-hidden"], // a deleted block is hidden, not removed
    });
    form.addEventListener("input", function (event) {
      var name = event.target.name || "";
      if (/-value-(label|key)$|-choices-\d+-value$/.test(name)) later();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
