// Fills an address from its CEP, through our own lookup endpoint.
// Progressive enhancement: only loaded when the lookup is on, it fills only the
// inputs the citizen left empty (and the UF while the citizen has not chosen
// one), leaves every input editable, and says what happened in a live region.
// A slow or failing lookup changes nothing: the citizen types the address.
(function () {
  "use strict";

  var TIMEOUT_MS = 5000;

  function digits(text) {
    return (text || "").replace(/[^0-9]/g, "");
  }

  function enhance(fieldset) {
    var url = fieldset.getAttribute("data-cep-lookup");
    var cep = fieldset.querySelector("[autocomplete='postal-code']");
    var status = fieldset.querySelector("[data-cep-status]");
    if (!url || !cep || !status || !window.fetch) {
      return;
    }
    var inputs = {
      street: fieldset.querySelector("[autocomplete='address-line1']"),
      district: fieldset.querySelector("[autocomplete='address-level3']"),
      municipality: fieldset.querySelector("[autocomplete='address-level2']"),
    };
    var state = fieldset.querySelector("[autocomplete='address-level1']");
    var stateChosen = false;
    if (state) {
      state.addEventListener("change", function () {
        stateChosen = true;
      });
    }
    var lastLooked = "";
    var controller = null;

    function say(key) {
      status.textContent = key ? fieldset.getAttribute("data-cep-" + key) || "" : "";
    }

    function fill(address) {
      Object.keys(inputs).forEach(function (part) {
        var input = inputs[part];
        if (input && !input.value.trim() && address[part]) {
          input.value = address[part];
        }
      });
      if (state && !stateChosen && address.state) {
        state.value = address.state;
      }
    }

    function lookUp() {
      var value = digits(cep.value);
      if (value.length !== 8 || value === lastLooked) {
        return;
      }
      lastLooked = value;
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      var timer = controller
        ? window.setTimeout(function () {
            controller.abort();
          }, TIMEOUT_MS)
        : null;
      say("searching");
      var separator = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + separator + "cep=" + value, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { status: "unavailable" };
        })
        .then(function (data) {
          if (digits(cep.value) !== value) {
            return; // the citizen typed another CEP meanwhile
          }
          if (data.status === "found" && data.address) {
            fill(data.address);
            say("found");
          } else if (data.status === "not_found" || data.status === "invalid") {
            say("not-found");
          } else {
            lastLooked = ""; // a later change may try again
            say("failed");
          }
        })
        .catch(function () {
          if (digits(cep.value) === value) {
            lastLooked = "";
            say("failed");
          }
        })
        .then(function () {
          if (timer) {
            window.clearTimeout(timer);
          }
        });
    }

    cep.addEventListener("input", lookUp);
    cep.addEventListener("change", lookUp);
  }

  document.querySelectorAll("[data-cep-lookup]").forEach(enhance);
})();
