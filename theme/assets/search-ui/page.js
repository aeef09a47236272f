/*
 * scopebook search, 5 of 5: the full results page (shareable as search/?q=...), then start:
 * the header box on every page, the results page where there is one.
 */
(function () {
  "use strict";

  var sb = window.scopebookSearch;
  if (!sb) {
    return; // the engine found no search to run (see engine.js)
  }
  var load = sb.load;
  var results = sb.results;
  var chosenPlan = sb.chosenPlan;
  var resultUrl = sb.resultUrl;
  var queryWordsSafe = sb.queryWordsSafe;
  var el = sb.el;
  var resultBody = sb.resultBody;
  var noResults = sb.noResults;
  var countMessage = sb.countMessage;
  var unavailable = sb.unavailable;
  var setUpCombobox = sb.setUpCombobox;
  var setUpSlashKey = sb.setUpSlashKey;

  var PAGE_LIMIT = 50;

  // --- The full results page --------------------------------------------------------------

  function setUpResultsPage(root) {
    var form = root.querySelector("form");
    var input = root.querySelector("input[name=q]");
    var list = root.querySelector("[data-sb-results]");
    var status = root.querySelector("[data-sb-status]");
    var empty = root.querySelector("[data-sb-empty]");
    root.querySelectorAll("[data-sb-needs-js]").forEach(function (node) { node.hidden = false; });
    root.querySelectorAll("[data-sb-without-js]").forEach(function (node) { node.hidden = true; });

    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    var filter = params.get("kind") || "all";
    var radio = form.querySelector("input[name=kind][value=\"" + (["all", "articles", "scope"].indexOf(filter) >= 0 ? filter : "all") + "\"]");
    if (radio) {
      radio.checked = true;
    }

    function currentFilter() {
      var checked = form.querySelector("input[name=kind]:checked");
      return checked ? checked.value : "all";
    }

    var generation = 0;

    function run() {
      var text = input.value;
      list.textContent = "";
      empty.textContent = "";
      empty.hidden = true;
      if (!queryWordsSafe(text)) {
        status.textContent = text.trim() ? countMessage(0, text) : "";
        return;
      }
      status.textContent = "Searching\u2026";
      var mine = ++generation;
      load().then(function (data) {
        return results(data, text, { typing: false, kind: currentFilter(), limit: PAGE_LIMIT }).then(function (found) {
          if (mine === generation) {
            show(data, found, text);
          }
        });
      }).catch(function () {
        if (mine === generation) {
          status.textContent = "";
          unavailable(empty);
          empty.hidden = false;
        }
      });
    }

    function show(data, found, text) {
      var plan = chosenPlan(data);
      list.textContent = "";
      found.hits.forEach(function (hit) {
        var item = el("li", "sb-page-result");
        var link = el("a", "sb-result");
        link.href = resultUrl(hit.doc, plan);
        link.appendChild(resultBody(hit, data, plan));
        item.appendChild(link);
        list.appendChild(item);
      });
      status.textContent = countMessage(found.total, text);
      if (!found.total) {
        noResults(empty, text, data, plan);
        empty.hidden = false;
      }
    }

    function remember() {
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value.trim());
      if (currentFilter() === "all") {
        url.searchParams.delete("kind");
      } else {
        url.searchParams.set("kind", currentFilter());
      }
      window.history.replaceState(null, "", url.href);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      remember();
      run();
    });
    form.addEventListener("change", function (event) {
      if (event.target.name === "kind") {
        remember();
        run();
      }
    });
    run();
  }

  // --- Start -------------------------------------------------------------------------------

  var headerInput = document.getElementById("search-input");
  if (headerInput) {
    setUpCombobox(headerInput);
  }
  var page = document.querySelector("[data-sb-page]");
  if (page) {
    setUpResultsPage(page);
  }
  var focusTarget = page ? page.querySelector("input[name=q]") : headerInput;
  if (focusTarget) {
    setUpSlashKey(focusTarget);
  }
})();
