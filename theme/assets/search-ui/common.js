/*
 * scopebook search, 1 of 5: what every engine and the interface share. Starts the one
 * namespace, window.scopebookSearch; the theme loads the scripts in order with `defer`:
 * common.js, an engine (engine.js: the prebuilt lunr index), render.js, combobox.js, page.js.
 *
 * An engine adds to the namespace:
 *   load()                          -> Promise of data: {plans, channels, common, labels,
 *                                      scope, search}; dispatches "scopebook:search-ready"
 *                                      on document once search can answer;
 *   results(data, text, options)    -> Promise of {total, hits}: ranked, one result per
 *                                      page, the chosen plan's answer first (chosenPlanFirst),
 *                                      options.kind ("all", "articles", "scope") applied;
 *                                      options.typing: the last word is still being typed;
 *                                      the first options.limit hits, each {doc, terms}, where
 *                                      doc is {t: title, u: URL, k: kind, s: context,
 *                                      x: snippet, c: coverage by plan id (scope items)};
 *   normalise(text), stem(word)     -> render.js marks a word of a result when stem(word)
 *                                      or the word itself is one of hit.terms;
 * and may add:
 *   prefetch(data, text, options)   -> Promise, never rejected: the reader is still typing
 *                                      text; fetch what results(data, text, options) will
 *                                      need (the interface calls results after a pause).
 * Every URL comes from the build (generator/routes.py): the engine's files' from the
 * engine script's data attributes, pages' from the search data.
 */
(function () {
  "use strict";

  var script = document.querySelector("script[data-scopebook-search]");
  if (!script || !window.fetch || !window.URL || !window.Promise) {
    return;
  }
  var siteRoot = new URL((script.getAttribute("data-base-url") || ".") + "/", document.baseURI);
  var PLAN_KEY = "scopebook.plan";

  function siteUrl(path) {
    return new URL(path, siteRoot).href;
  }

  function fetchJson(path) {
    return fetch(siteUrl(path)).then(function (response) {
      if (!response.ok) {
        throw new Error(path + ": HTTP " + response.status);
      }
      return response.json();
    });
  }

  function announceReady() {
    document.dispatchEvent(new CustomEvent("scopebook:search-ready"));
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
  // Hits need doc.k and doc.u (only those: an engine may fill in the rest later).
  function chosenPlanFirst(hits, plan, plans) {
    if (!plan) {
      return hits;
    }
    var planUrls = plans.map(function (entry) { return entry.url; });
    function planOf(hit) {
      var page = hit.doc.k === "plan" ? hit.doc.u.split("#")[0] : null;
      return page !== null && planUrls.indexOf(page) >= 0 ? page : null;
    }
    var mine = hits.filter(function (hit) { return planOf(hit) === plan.url; });
    var others = hits.filter(function (hit) { return planOf(hit) !== null && planOf(hit) !== plan.url; });
    var rest = hits.filter(function (hit) { return planOf(hit) === null; });
    return mine.concat(rest, others);
  }

  // A scope item opens on the chosen plan's page at the item's anchor, otherwise at its
  // row on the compare page.
  function resultUrl(doc, plan) {
    if (doc.k === "scope" && plan) {
      return siteUrl(plan.url + "#" + doc.u.split("#")[1]);
    }
    return siteUrl(doc.u);
  }

  // A query of only stop words or punctuation searches for nothing, without loading anything.
  function queryWordsSafe(text) {
    return /[\p{L}\p{N}]/u.test(text);
  }

  window.scopebookSearch = {
    script: script,
    siteUrl: siteUrl,
    fetchJson: fetchJson,
    announceReady: announceReady,
    matchesFilter: matchesFilter,
    chosenPlan: chosenPlan,
    chosenPlanFirst: chosenPlanFirst,
    resultUrl: resultUrl,
    queryWordsSafe: queryWordsSafe
  };
})();
