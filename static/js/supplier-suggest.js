// Suggests enrolled suppliers under a supplier field as the citizen types.
// Progressive enhancement: without this script the field is a plain text
// input and the server resolves whatever was typed.
(function () {
  "use strict";

  var DELAY_MS = 250;
  var MIN_LENGTH = 2;

  function enhance(input) {
    var url = input.getAttribute("data-supplier-suggest");
    if (!url || !window.fetch) {
      return;
    }
    var list = document.createElement("datalist");
    list.id = (input.id || "supplier") + "-suggestions";
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("list", list.id);

    var timer = null;
    var lastQuery = "";
    var controller = null;

    function fill(results) {
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      results.forEach(function (item) {
        var option = document.createElement("option");
        // The CNPJ is what gets typed in: it names exactly one company.
        option.value = item.cnpj;
        option.label = item.name;
        option.textContent = item.name;
        list.appendChild(option);
      });
    }

    function search() {
      var query = input.value.trim();
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (query.length < MIN_LENGTH) {
        fill([]);
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      var separator = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + separator + "q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          fill(data.results || []);
        })
        .catch(function () {
          // Offline or aborted: the field still works as plain text.
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DELAY_MS);
    });
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-supplier-suggest]");
    Array.prototype.forEach.call(inputs, enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
