// Shows guidance pages that may solve the citizen's problem while the complaint
// step is being filled: on choosing the problem and as the description is typed.
// Progressive enhancement: without this script the same suggestions appear on
// the next step, rendered by the server from the saved answers.
(function () {
  "use strict";

  var DELAY_MS = 600;
  var MAX_WORDS = 40;

  // Only plain words of the description leave the page: no digits (CPF, phone,
  // dates, amounts), no addresses with "@", nothing shorter than three letters.
  function words(text) {
    var seen = {};
    var kept = [];
    (text || "").toLowerCase().split(/\s+/).forEach(function (word) {
      word = word.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
      if (word.length < 3 || /[\d@]/.test(word) || !/^[\p{L}-]+$/u.test(word) || seen[word]) {
        return;
      }
      seen[word] = true;
      kept.push(word);
    });
    return kept.slice(0, MAX_WORDS).join(" ");
  }

  function enhance(box) {
    var endpoint = box.getAttribute("data-guidance-suggestions");
    var problem = document.getElementById(box.getAttribute("data-problem-field"));
    var descriptionId = box.getAttribute("data-description-field");
    var description = descriptionId ? document.getElementById(descriptionId) : null;
    var journey = box.getAttribute("data-journey");
    var list = box.querySelector("[data-guidance-list]");
    var status = document.querySelector("[data-guidance-status]");
    if (!endpoint || !problem || !list || !window.fetch) {
      return;
    }
    var newTab = status ? status.getAttribute("data-new-tab") : "";
    var timer = null;
    var lastQuery = null;
    var controller = null;

    function show(data) {
      var results = data.results || [];
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      results.forEach(function (item) {
        var entry = document.createElement("li");
        entry.className = "mb-2";
        var link = document.createElement("a");
        link.href = item.url + (journey ? "?j=" + encodeURIComponent(journey) : "");
        link.target = "_blank";
        link.rel = "noopener nofollow";
        link.appendChild(document.createTextNode(item.title + " "));
        var note = document.createElement("span");
        note.className = "small";
        note.textContent = "(" + newTab + ")";
        link.appendChild(note);
        entry.appendChild(link);
        if (item.summary) {
          entry.appendChild(document.createElement("br"));
          var summary = document.createElement("span");
          summary.className = "text-body-secondary";
          summary.textContent = item.summary;
          entry.appendChild(summary);
        }
        list.appendChild(entry);
      });
      box.hidden = results.length === 0;
      if (status) {
        status.textContent = data.message || "";
      }
    }

    function update() {
      var query = "problema=" + encodeURIComponent(problem.value || "") +
        "&texto=" + encodeURIComponent(words(description ? description.value : ""));
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (!problem.value && !(description && description.value.trim())) {
        show({ results: [] });
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      var separator = endpoint.indexOf("?") === -1 ? "?" : "&";
      fetch(endpoint + separator + query, {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (data) {
            show(data);
          }
        })
        .catch(function () {
          // Offline or aborted: the suggestions stay as they were.
        });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, DELAY_MS);
    }

    problem.addEventListener("change", update);
    if (description) {
      description.addEventListener("input", later);
    }
    // A problem already chosen before this script ran (a slow connection, or the
    // browser restoring the step after "back") gets its suggestions too.
    if (problem.value || (description && description.value.trim())) {
      update();
    }
  }

  document.querySelectorAll("[data-guidance-suggestions]").forEach(enhance);
})();
