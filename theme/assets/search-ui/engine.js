/*
 * scopebook search, 1 of 4: the engine. Loads lunr, the index and docs.json on first use
 * and runs queries. The modules share one namespace, window.scopebookSearch, and the theme
 * loads them in order with `defer`: engine.js, render.js, combobox.js, page.js.
 *
 * The index is built at site build time (generator/search.py). The query built here must
 * stay the same as `build_query` / `query_index` in generator/search_query.py, which the
 * relevance tests run. Every URL comes from the build (generator/routes.py): the files'
 * from this script tag's data attributes, pages' from docs.json.
 */
(function () {
  "use strict";

  var script = document.querySelector("script[data-scopebook-search]");
  if (!script || !window.fetch || !window.URL) {
    return;
  }
  var siteRoot = new URL((script.getAttribute("data-base-url") || ".") + "/", document.baseURI);
  var PLAN_KEY = "scopebook.plan";
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

  // The build leaves out a term's empty postings (fields it does not occur in); lunr reads
  // posting[field] for every field, so each gets the one shared, frozen empty posting back
  // (restore_postings in generator/search_query.py).
  var EMPTY_POSTING = Object.freeze({});

  function restorePostings(serialized) {
    serialized.invertedIndex.forEach(function (entry) {
      var posting = entry[1];
      serialized.fields.forEach(function (field) {
        if (!Object.prototype.hasOwnProperty.call(posting, field)) {
          posting[field] = EMPTY_POSTING;
        }
      });
    });
    return serialized;
  }

  // Fetched on first use, not on page load: most visits never search.
  function load() {
    if (!loading) {
      var lunrReady = window.lunr ? Promise.resolve() : loadScript(siteUrl(script.getAttribute("data-lunr")));
      var files = [fetchJson(script.getAttribute("data-index")), fetchJson(script.getAttribute("data-docs"))];
      loading = Promise.all([lunrReady].concat(files))
        .then(function (parts) {
          return { index: window.lunr.Index.load(restorePostings(parts[1])), data: parts[2] };
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
    // A ref is a position in docs.json; ties go to the lower one, as in search_query.py.
    scored.sort(function (a, b) {
      return b.score - a.score || Number(a.ref) - Number(b.ref);
    });
    var seen = Object.create(null);
    var hits = [];
    scored.forEach(function (hit) {
      var doc = docs[Number(hit.ref)];
      if (!doc) {
        return;
      }
      var page = doc.k === "article" || doc.k === "section" ? doc.u.split("#")[0] : doc.u;
      if (!seen[page]) {
        seen[page] = true;
        hits.push({ ref: doc.u, doc: doc, terms: hit.terms });
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

  // A query of only stop words or punctuation searches for nothing, without loading lunr.
  function queryWordsSafe(text) {
    return /[\p{L}\p{N}]/u.test(text);
  }

  window.scopebookSearch = {
    siteUrl: siteUrl,
    load: load,
    normalise: normalise,
    stem: stem,
    search: search,
    matchesFilter: matchesFilter,
    chosenPlan: chosenPlan,
    chosenPlanFirst: chosenPlanFirst,
    resultUrl: resultUrl,
    queryWordsSafe: queryWordsSafe
  };
})();
