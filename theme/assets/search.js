/*
 * scopebook search: results while typing under the header box, and the full results page.
 *
 * The index is built at site build time (generator/search.py). The query built here must
 * stay the same as `build_query` / `query_index` in generator/search_query.py, which the
 * relevance tests run.
 * Everything shown comes from docs.json and is put on the page with textContent; nothing
 * from the index is ever parsed as HTML.
 */
(function () {
  "use strict";

  var script = document.querySelector("script[data-scopebook-search]");
  if (!script || !window.fetch || !window.URL) {
    return;
  }
  var siteRoot = new URL((script.getAttribute("data-base-url") || ".") + "/", document.baseURI);
  var PLAN_KEY = "scopebook.plan";
  var DEBOUNCE_MS = 120;
  var DROPDOWN_LIMIT = 8;
  var PAGE_LIMIT = 50;
  // Same numbers as generator/search_query.py.
  var WIDENED_BOOST = 0.5;
  var MIN_FUZZY_LENGTH = 4;

  function siteUrl(path) {
    return new URL(path, siteRoot).href;
  }

  // --- Loading ---------------------------------------------------------------------------

  var loading = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(tag);
    });
  }

  function fetchJson(path) {
    return fetch(siteUrl(path)).then(function (response) {
      if (!response.ok) {
        throw new Error(path + ": HTTP " + response.status);
      }
      return response.json();
    });
  }

  // Fetched on first use, not on page load: most visits never search.
  function load() {
    if (!loading) {
      var lunrReady = window.lunr ? Promise.resolve() : loadScript(siteUrl(script.getAttribute("data-lunr")));
      var files = [fetchJson(script.getAttribute("data-index")), fetchJson(script.getAttribute("data-docs"))];
      loading = Promise.all([lunrReady].concat(files))
        .then(function (parts) {
          return { index: window.lunr.Index.load(parts[1]), data: parts[2] };
        });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  // --- Query (mirrors generator/search_query.py) -----------------------------------------------

  function normalise(text) {
    return text.replace(/[\u2018\u2019]/g, "'").toLowerCase().replace(/[^\p{L}\p{N}\s'-]|_/gu, " ");
  }

  function queryWords(text) {
    var words = [];
    normalise(text).split(/[\s-]+/).forEach(function (raw) {
      var word = raw.replace(/^'+|'+$/g, "");
      if (word && window.lunr.stopWordFilter(word) !== undefined && words.indexOf(word) === -1) {
        words.push(word);
      }
    });
    return words;
  }

  function stem(word) {
    return window.lunr.stemmer(new window.lunr.Token(word)).toString();
  }

  function hasTerm(index, term) {
    return Object.prototype.hasOwnProperty.call(index.invertedIndex, term);
  }

  function clauseTerms(index, clause) {
    var terms = clause.usePipeline === false ? [clause.term] : index.pipeline.runString(clause.term);
    var found = [];
    terms.forEach(function (term) {
      var probe = { term: term };
      if (clause.editDistance) {
        probe.editDistance = clause.editDistance;
      }
      found = found.concat(index.tokenSet.intersect(window.lunr.TokenSet.fromClause(probe)).toArray());
    });
    return found;
  }

  function buildClauses(index, words, typing) {
    return words.map(function (word, position) {
      var clauses = [];
      if (hasTerm(index, stem(word))) {
        clauses.push({ term: word });
      } else if (hasTerm(index, word)) {
        clauses.push({ term: word, usePipeline: false });
      } else if (word.length >= MIN_FUZZY_LENGTH) {
        clauses.push({ term: word, editDistance: 1, boost: WIDENED_BOOST });
      }
      if (typing && position === words.length - 1) {
        clauses.push({ term: word + "*", usePipeline: false, boost: WIDENED_BOOST });
      }
      var terms = Object.create(null);
      clauses.forEach(function (clause) {
        clauseTerms(index, clause).forEach(function (term) { terms[term] = true; });
      });
      return { clauses: clauses, terms: terms };
    });
  }

  function coordination(matched, perWord) {
    if (!perWord.length) {
      return 0;
    }
    var hit = perWord.filter(function (word) {
      return matched.some(function (term) { return word.terms[term] === true; });
    }).length;
    var share = hit / perWord.length;
    return share * share;
  }

  // Ranked results, one per page: an article's best section stands for the article.
  function search(loaded, text, typing) {
    var index = loaded.index;
    var docs = loaded.data.docs;
    var perWord = buildClauses(index, queryWords(text), typing);
    var clauseCount = perWord.reduce(function (sum, word) { return sum + word.clauses.length; }, 0);
    if (!clauseCount) {
      return [];
    }
    var results = index.query(function (query) {
      perWord.forEach(function (word) {
        word.clauses.forEach(function (clause) {
          // lunr mutates the clause while running it; keep ours intact.
          query.clause(Object.assign({}, clause));
        });
      });
    });
    var scored = results.map(function (result) {
      var terms = Object.keys(result.matchData.metadata);
      return { ref: result.ref, score: result.score * coordination(terms, perWord), terms: terms };
    });
    scored.sort(function (a, b) {
      return b.score - a.score || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
    });
    var seen = Object.create(null);
    var hits = [];
    scored.forEach(function (hit) {
      var doc = docs[hit.ref];
      if (!doc) {
        return;
      }
      var page = doc.k === "article" || doc.k === "section" ? hit.ref.split("#")[0] : hit.ref;
      if (!seen[page]) {
        seen[page] = true;
        hits.push({ ref: hit.ref, doc: doc, terms: hit.terms });
      }
    });
    return hits;
  }

  function matchesFilter(doc, filter) {
    if (filter === "articles") {
      return doc.k === "article" || doc.k === "section";
    }
    if (filter === "scope") {
      return doc.k === "scope" || doc.k === "plan";
    }
    return true;
  }

  // --- Plans -----------------------------------------------------------------------------

  function chosenPlan(data) {
    var plan = document.documentElement.getAttribute("data-plan");
    if (!plan) {
      try {
        plan = window.localStorage.getItem(PLAN_KEY);
      } catch (error) {
        plan = null;
      }
    }
    var known = data.plans.filter(function (entry) { return entry.id === plan; });
    return known.length ? known[0] : null;
  }

  // A plan's service-level result answers "SLA", "phone support" or "weekend support" for
  // that plan; with a plan chosen, its answer comes first and other plans' answers go last.
  function chosenPlanFirst(hits, plan, plans) {
    if (!plan) {
      return hits;
    }
    var planUrls = plans.map(function (entry) { return entry.url; });
    function planOf(hit) {
      var page = hit.ref.split("#")[0];
      return hit.doc.k === "plan" && planUrls.indexOf(page) >= 0 ? page : null;
    }
    var mine = hits.filter(function (hit) { return planOf(hit) === plan.url; });
    var others = hits.filter(function (hit) { return planOf(hit) !== null && planOf(hit) !== plan.url; });
    var rest = hits.filter(function (hit) { return planOf(hit) === null; });
    return mine.concat(rest, others);
  }

  // Every URL comes from docs.json (generator/routes.py): a scope item opens on the chosen
  // plan's page at the item's anchor, otherwise at its row on the compare page.
  function resultUrl(doc, plan) {
    if (doc.k === "scope" && plan) {
      return siteUrl(plan.url + "#" + doc.u.split("#")[1]);
    }
    return siteUrl(doc.u);
  }

  // --- Rendering (DOM nodes and textContent only) ----------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  // Marks each word whose stem (or, for an unstemmed match, itself) is a matched term.
  function highlighted(tag, className, text, terms) {
    var node = el(tag, className);
    var matched = Object.create(null);
    terms.forEach(function (term) { matched[term] = true; });
    text.split(/([\p{L}\p{N}']+)/u).forEach(function (part, i) {
      if (!part) {
        return;
      }
      var word = normalise(part).replace(/^'+|'+$/g, "");
      if (i % 2 === 1 && word && (matched[stem(word)] || matched[word])) {
        node.appendChild(el("mark", "", part));
      } else {
        node.appendChild(document.createTextNode(part));
      }
    });
    return node;
  }

  function badges(doc, data, plan) {
    var wrap = el("span", "sb-badges");
    var plans = plan ? [plan] : data.plans;
    plans.forEach(function (entry) {
      var coverage = doc.c[entry.id];
      if (!coverage) {
        return;
      }
      var badge = el("span", "sb-badge sb-badge--" + coverage[0], data.labels[coverage[0]] + " on " + entry.name);
      if (coverage[1]) {
        badge.title = coverage[1];
      }
      wrap.appendChild(badge);
      if (plan && coverage[1]) {
        wrap.appendChild(el("span", "sb-badge-detail", coverage[1]));
      }
    });
    return wrap;
  }

  function resultBody(hit, data, plan) {
    var doc = hit.doc;
    var body = document.createDocumentFragment();
    if (doc.s) {
      body.appendChild(el("span", "sb-result__context", doc.s));
    }
    body.appendChild(highlighted("span", "sb-result__title", doc.t, hit.terms));
    if (doc.c) {
      body.appendChild(badges(doc, data, plan));
    }
    if (doc.x) {
      body.appendChild(highlighted("span", "sb-result__snippet", doc.x, hit.terms));
    }
    return body;
  }

  function noResults(container, text, data, plan) {
    container.textContent = "";
    container.appendChild(el("p", "sb-empty__title", "No results for \u201c" + text.trim() + "\u201d."));
    var scope = el("p");
    scope.appendChild(document.createTextNode("See what support covers: "));
    var link = el("a", "", plan ? plan.name + " plan support scope" : "support scope for every plan");
    link.href = siteUrl(plan ? plan.url : data.scope);
    scope.appendChild(link);
    container.appendChild(scope);
    var channels = plan ? data.channels[plan.id] : data.common;
    if (channels && channels.length) {
      container.appendChild(el("p", "", plan ? "Contact support on " + plan.name + ":" : "Contact support:"));
      var list = el("ul", "sb-empty__channels");
      channels.forEach(function (channel) {
        var item = el("li");
        if (channel.url) {
          var a = el("a", "", channel.name);
          a.href = channel.url;
          item.appendChild(a);
        } else {
          item.textContent = channel.name;
        }
        list.appendChild(item);
      });
      container.appendChild(list);
    }
  }

  function countMessage(count, text) {
    if (!count) {
      return "No results for " + text.trim();
    }
    return count + (count === 1 ? " result" : " results") + " for " + text.trim();
  }

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      var args = arguments;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  function unavailable(container) {
    container.textContent = "";
    container.appendChild(el("p", "", "Search is unavailable right now. Please reload the page and try again."));
  }

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

    function render(loaded, text) {
      var data = loaded.data;
      var plan = chosenPlan(data);
      var hits = chosenPlanFirst(search(loaded, text, true), plan, data.plans);
      listbox.textContent = "";
      empty.textContent = "";
      options = [];
      active = -1;
      hits.slice(0, DROPDOWN_LIMIT).forEach(function (hit, i) {
        options.push(option("sb-option-" + i, resultUrl(hit.doc, plan), resultBody(hit, data, plan)));
      });
      if (hits.length) {
        var all = el("span", "sb-result__title", "See all " + hits.length + " results");
        options.push(option("sb-option-all", siteUrl(data.search) + "?q=" + encodeURIComponent(text.trim()), all));
        options[options.length - 1].classList.add("sb-option--all");
      } else {
        noResults(empty, text, data, plan);
      }
      options.forEach(function (item) { listbox.appendChild(item); });
      listbox.hidden = !options.length;
      status.textContent = countMessage(hits.length, text);
      open();
    }

    var update = debounce(function () {
      var text = input.value;
      var mine = ++generation;
      if (!queryWordsSafe(text)) {
        close();
        status.textContent = "";
        return;
      }
      load().then(function (loaded) {
        // A slower, older run must not overwrite what the reader now sees.
        if (mine === generation && document.activeElement === input) {
          render(loaded, text);
        }
      }, function () {
        unavailable(empty);
        listbox.hidden = true;
        open();
      });
    }, DEBOUNCE_MS);

    input.addEventListener("focus", function () { load(); });
    input.addEventListener("input", update);
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

  // A query of only stop words or punctuation searches for nothing, without loading lunr.
  function queryWordsSafe(text) {
    return /[\p{L}\p{N}]/u.test(text);
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
      load().then(function (loaded) {
        var data = loaded.data;
        var plan = chosenPlan(data);
        var kind = currentFilter();
        var hits = chosenPlanFirst(search(loaded, text, false), plan, data.plans).filter(function (hit) {
          return matchesFilter(hit.doc, kind);
        });
        list.textContent = "";
        hits.slice(0, PAGE_LIMIT).forEach(function (hit) {
          var item = el("li", "sb-page-result");
          var link = el("a", "sb-result");
          link.href = resultUrl(hit.doc, plan);
          link.appendChild(resultBody(hit, data, plan));
          item.appendChild(link);
          list.appendChild(item);
        });
        status.textContent = countMessage(hits.length, text);
        if (!hits.length) {
          noResults(empty, text, data, plan);
          empty.hidden = false;
        }
      }, function () {
        status.textContent = "";
        unavailable(empty);
        empty.hidden = false;
      });
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
