/*
 * Form editor: each field's role list offers the roles of the form's kind.
 *
 * The roles a kind of form uses come from the server (forms/roles.py
 * KIND_ROLES, in the #procon-kind-roles JSON script). Roles of other kinds are
 * hidden from each field's list while the kind is chosen; a role already given
 * stays in sight, so an editor sees it (and saving refuses it with a message).
 * Without this script every role is listed, grouped by kind.
 */
(function () {
  "use strict";

  var data = document.getElementById("procon-kind-roles");
  if (!data) return;
  var kindRoles = JSON.parse(data.textContent);

  function allowedRoles() {
    var kind = document.querySelector('select[name="kind"]');
    var roles = kind && kindRoles[kind.value];
    return roles ? new Set(roles) : null; // null: every role
  }

  function filter(select, allowed) {
    Array.prototype.forEach.call(select.options, function (option) {
      option.hidden = Boolean(
        allowed && option.value && !allowed.has(option.value) && option.value !== select.value
      );
    });
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      group.hidden = !Array.prototype.some.call(group.children, function (option) {
        return !option.hidden;
      });
    });
  }

  function filterAll() {
    var allowed = allowedRoles();
    document.querySelectorAll('select[name$="-value-role"]').forEach(function (select) {
      filter(select, allowed);
    });
  }

  var pending = null;
  function later() {
    if (pending === null) {
      pending = window.setTimeout(function () {
        pending = null;
        filterAll();
      }, 150);
    }
  }

  function start() {
    filterAll();
    document.addEventListener("change", function (event) {
      var name = event.target.name || "";
      if (name === "kind" || /-value-role$/.test(name)) filterAll();
    });
    new MutationObserver(function (records) {
      var added = records.some(function (record) {
        return record.addedNodes.length > 0 && !(record.target instanceof HTMLSelectElement);
      });
      if (added) later();
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
