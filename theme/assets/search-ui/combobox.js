/*
 * scopebook search, 4 of 5: results while typing under the header box (an ARIA 1.2
 * combobox with a listbox popup), and the "/" key that focuses a search box.
 */
(function () {
  "use strict";

  var sb = window.scopebookSearch;
  if (!sb) {
    return; // the engine found no search to run (see engine.js)
  }
  var siteUrl = sb.siteUrl;
  var load = sb.load;
  var results = sb.results;
  var chosenPlan = sb.chosenPlan;
  var resultUrl = sb.resultUrl;
  var queryWordsSafe = sb.queryWordsSafe;
  var el = sb.el;
  var resultBody = sb.resultBody;
  var noResults = sb.noResults;
  var countMessage = sb.countMessage;
  var debounce = sb.debounce;
  var unavailable = sb.unavailable;

  var DEBOUNCE_MS = 120;
  var DROPDOWN_LIMIT = 8;
  // What the box asks the engine for: the same options when it prefetches as when it asks for
  // results, so the engine finds what the prefetch fetched (it keys its work by them).
  var DROPDOWN_QUERY = { typing: true, limit: DROPDOWN_LIMIT };

  // --- Header box: an ARIA 1.2 combobox with a listbox popup ------------------------------

  function setUpCombobox(input) {
    var form = input.form;
    if (!form) {
      return;
    }
    var panel = el("div", "sb-popup");
    panel.hidden = true;
    var listbox = el("ul", "sb-listbox");
    listbox.id = "sb-listbox";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Search suggestions");
    var empty = el("div", "sb-empty");
    var status = el("div", "sb-visually-hidden");
    status.setAttribute("role", "status");
    panel.appendChild(listbox);
    panel.appendChild(empty);
    form.classList.add("sb-form");
    form.appendChild(panel);
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("autocomplete", "off");

    var options = [];
    var active = -1;
    var generation = 0;

    function setActive(next) {
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "false");
      }
      active = next;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      panel.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function open() {
      panel.hidden = false;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
    }

    // Options hold no link: an interactive element inside an option is invisible to
    // screen readers in a listbox. The input keeps focus; a click or Enter follows data-href.
    function option(id, href, content) {
      var item = el("li", "sb-option sb-result");
      item.id = id;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-href", href);
      item.appendChild(content);
      return item;
    }

    function render(data, found, text) {
      var plan = chosenPlan(data);
      // The reader may have highlighted an option of the previous render (typing faster
      // than the debounce): the same result stays highlighted, so Enter opens what they saw.
      var highlighted = active >= 0 && options[active] ? options[active].getAttribute("data-href") : null;
      listbox.textContent = "";
      empty.textContent = "";
      options = [];
      active = -1;
      found.hits.forEach(function (hit, i) {
        options.push(option("sb-option-" + i, resultUrl(hit.doc, plan), resultBody(hit, data, plan)));
      });
      if (found.total) {
        var all = el("span", "sb-result__title", "See all " + found.total + " results");
        options.push(option("sb-option-all", siteUrl(data.search) + "?q=" + encodeURIComponent(text.trim()), all));
        options[options.length - 1].classList.add("sb-option--all");
      } else {
        noResults(empty, text, data, plan);
      }
      options.forEach(function (item) { listbox.appendChild(item); });
      listbox.hidden = !options.length;
      status.textContent = countMessage(found.total, text);
      open();
      for (var i = 0; highlighted && i < options.length; i++) {
        if (options[i].getAttribute("data-href") === highlighted) {
          setActive(i);
          break;
        }
      }
    }

    var update = debounce(function () {
      var text = input.value;
      var mine = ++generation;
      if (!queryWordsSafe(text)) {
        close();
        status.textContent = "";
        return;
      }
      load().then(function (data) {
        return results(data, text, DROPDOWN_QUERY).then(function (found) {
          // A slower, older run must not overwrite what the reader now sees.
          if (mine === generation && document.activeElement === input) {
            render(data, found, text);
          }
        });
      }).catch(function () {
        unavailable(empty);
        listbox.hidden = true;
        open();
      });
    }, DEBOUNCE_MS);

    // While the reader types, the engine may start fetching what the text in the box needs
    // (sb.prefetch is optional): once the frame showing the typed character is drawn, so
    // that work never delays it, and for the latest text only.
    var prefetching = false;

    function prefetchSoon() {
      if (!sb.prefetch || prefetching) {
        return;
      }
      prefetching = true;
      window.requestAnimationFrame(function () {
        window.setTimeout(function () {
          prefetching = false;
          var text = input.value;
          if (queryWordsSafe(text)) {
            load().then(function (data) {
              sb.prefetch(data, text, DROPDOWN_QUERY);
            }).catch(function () {}); // the debounced update reports a failure
          }
        }, 0);
      });
    }

    input.addEventListener("focus", function () { load(); });
    input.addEventListener("input", function () {
      update();
      prefetchSoon();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (panel.hidden) {
          if (input.value.trim()) {
            update();
          }
          return;
        }
        if (!options.length) {
          return;
        }
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        if (next >= options.length) {
          next = 0;
        } else if (next < 0) {
          next = options.length - 1;
        }
        setActive(next);
      } else if (event.key === "Enter" && !panel.hidden && active >= 0 && options[active]) {
        event.preventDefault();
        window.location.href = options[active].getAttribute("data-href");
      } else if (event.key === "Escape" && !panel.hidden) {
        event.preventDefault();
        close();
      }
    });
    // Keep focus in the box while a pointer picks an option, so the click lands.
    panel.addEventListener("mousedown", function (event) {
      if (listbox.contains(event.target)) {
        event.preventDefault();
      }
    });
    listbox.addEventListener("click", function (event) {
      var item = event.target.closest("[role=option]");
      if (item) {
        window.location.href = item.getAttribute("data-href");
      }
    });
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) {
        close();
      }
    });
  }

  // --- "/" focuses the search box ----------------------------------------------------------

  function isTyping(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function setUpSlashKey(input) {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) {
        return;
      }
      event.preventDefault();
      input.focus();
      input.select();
    });
  }

  sb.setUpCombobox = setUpCombobox;
  sb.setUpSlashKey = setUpSlashKey;
})();
