/*
 * scopebook search, 2 of 5 with `search: {engine: pagefind}` (docs/search.md): the engine
 * interface of common.js (load, results, normalise, stem) over Pagefind's pagefind.js, in
 * engine.js's place, so render.js, combobox.js and page.js work unchanged.
 *
 * Pagefind's own UI is not used. Results come from pagefind.search() and each result's
 * data(); only plain text (plain_excerpt, meta) is shown, never Pagefind's HTML excerpt.
 * Articles are Pagefind pages (their best heading stands for them, as a section result);
 * scope items, plans' service levels and severities are records whose meta carries the real
 * URL, kind, context, one-line answer and each plan's status (generator/pagefind.py).
 */
(function () {
  "use strict";

  var sb = window.scopebookSearch;
  var script = document.querySelector("script[data-scopebook-engine]");
  if (!sb || !script) {
    return; // common.js found no search to run
  }
  // A URL with a scheme never comes from the build; a result carrying one is dropped.
  var SCHEME = /^[\u0000-\u0020]*[a-z][a-z0-9+.\-]*:/i;
  // A word found nowhere, at least this long, is widened (see rankedFor).
  var MIN_WIDENED = 4;
  var WIDENED_WEIGHT = 0.5;

  var pagefind = null;
  var loading = null;

  // Fetched on first use, not on page load: most visits never search.
  function load() {
    if (!loading) {
      var engine = import(sb.siteUrl(script.getAttribute("data-pagefind"))).then(function (module) {
        // Result URLs stay site-relative ("/sso/set-up-saml/"); siteUrl places them.
        // Searching on the page's thread, not in Pagefind's worker: a query costs milliseconds
        // there, and the page's heap and resource timing then show all that search costs.
        // init() only starts Pagefind; asking for the filters loads its metadata and
        // WebAssembly (and the one small filter file), so "ready" means a query is answered
        // without waiting for more than the chunks of its own words.
        return Promise.resolve(module.options({ baseUrl: "/", noWorker: true }))
          .then(function () { return module.init(); })
          .then(function () { return module.filters(); })
          .then(function () { return module; });
      });
      loading = Promise.all([engine, sb.fetchJson(script.getAttribute("data-site"))]).then(function (parts) {
        pagefind = parts[0];
        sb.announceReady();
        return parts[1];
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function normalise(text) {
    return text.normalize("NFC").replace(/[\u2018\u2019]/g, "'").replace(/[\u00ad\u200b\u2060\ufeff]/g, "").toLowerCase().replace(/[^\p{L}\p{N}\s'-]|_/gu, " ");
  }

  // Pagefind matched the words themselves (and their prefixes); render.js marks the words
  // Pagefind located, so there is no stemming to mirror.
  function stem(word) {
    return word;
  }

  function siteRelative(url) {
    return url.replace(/^\/+/, "");
  }

  // The words Pagefind located in a record, normalised the way render.js compares them.
  function matchedTerms(found) {
    var words = (found.raw_content || found.content || "").split(/[\r\n\s]+/);
    var terms = [];
    (found.locations || []).forEach(function (at) {
      normalise(words[at] || "").split(/\s+/).forEach(function (word) {
        word = word.replace(/^'+|'+$/g, "");
        if (word && terms.indexOf(word) === -1) {
          terms.push(word);
        }
      });
    });
    return terms;
  }

  function weight(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, where) {
      return sum + (where.balanced_score || where.weight || 0);
    }, 0);
  }

  // The sub-result (the part before the first heading, or one heading's part) that
  // matched best; ties go to the earlier part.
  function bestPart(found) {
    var best = null;
    (found.sub_results || []).forEach(function (sub) {
      if (best === null || weight(sub) > weight(best)) {
        best = sub;
      }
    });
    return best;
  }

  function toHit(found) {
    var meta = found.meta || {};
    var terms = matchedTerms(found);
    var doc;
    if (meta.url) {
      doc = { t: meta.title || "", u: meta.url, k: meta.kind || "scope", s: meta.context || "", x: meta.snippet || "" };
      if (meta.coverage) {
        try {
          doc.c = JSON.parse(meta.coverage);
        } catch (error) {
          doc.c = null;
        }
      }
    } else {
      var part = bestPart(found);
      if (part && part.anchor && part.anchor.id) {
        doc = { t: part.title || "", u: siteRelative(part.url), k: "section", s: meta.title || "", x: part.plain_excerpt || "" };
      } else {
        doc = { t: meta.title || "", u: siteRelative(found.url || ""), k: "article", s: meta.context || "", x: found.plain_excerpt || "" };
      }
    }
    if (SCHEME.test(doc.u)) {
      return null;
    }
    if (!doc.c) {
      delete doc.c;
    }
    return { doc: doc, terms: terms };
  }

  // The words of a query Pagefind is asked for: normalised, without stop words (site.json).
  function queryWords(text, stop) {
    var words = [];
    normalise(text).split(/[\s-]+/).forEach(function (raw) {
      var word = raw.replace(/^'+|'+$/g, "");
      if (word && stop.indexOf(word) === -1 && words.indexOf(word) === -1) {
        words.push(word);
      }
    });
    return words;
  }

  // Pagefind returns only pages that contain every word it is given, so a question typed in
  // full ("I forgot my password and the reset email never came") would find nothing. Each
  // word is searched alone (Pagefind matches it as a prefix too) and a page scores the sum
  // of its words' scores times the square of the share of the words it has, as the lunr
  // engine does. A word found nowhere (a typo) next to words that were found is widened to
  // its first three letters, at half weight.
  function rankedFor(words, options) {
    return Promise.all(words.map(function (word) { return pagefind.search(word, options); })).then(function (found) {
      var widen = [];
      found.forEach(function (search, i) {
        if (!search || !search.results.length) {
          widen.push(i);
        }
      });
      // Only beside a word that was found: a lone unknown word stays "no results".
      var widened = widen.length < words.length ? widen.filter(function (i) { return words[i].length >= MIN_WIDENED; }) : [];
      return Promise.all(widened.map(function (i) { return pagefind.search(words[i].slice(0, 3), options); }))
        .then(function (extra) {
          var pages = Object.create(null);
          var order = [];
          function add(search, weight, word) {
            (search ? search.results : []).forEach(function (result) {
              var page = pages[result.id];
              if (!page) {
                page = pages[result.id] = { result: result, score: 0, words: Object.create(null) };
                order.push(page);
              }
              page.score += result.score * weight;
              page.words[word] = true;
            });
          }
          found.forEach(function (search, i) { add(search, 1, i); });
          extra.forEach(function (search, j) { add(search, WIDENED_WEIGHT, widened[j]); });
          order.forEach(function (page) {
            var share = Object.keys(page.words).length / words.length;
            page.score *= share * share;
          });
          // Ties keep Pagefind's order for the first word, then the next word's.
          return order
            .map(function (page, i) { return { page: page, i: i }; })
            .sort(function (a, b) { return b.page.score - a.page.score || a.i - b.i; })
            .map(function (entry) { return entry.page.result; });
        });
    });
  }

  // Ranked results, the chosen plan's service level first among those shown; kind
  // "scope" keeps the records (filter `scope`), "articles" the rest. Only the first
  // `limit` results are fetched and carry docs.
  function results(data, text, options) {
    var kind = (options && options.kind) || "all";
    var limit = options && options.limit ? options.limit : 10;
    var words = queryWords(text, data.stop || []);
    if (!words.length) {
      return Promise.resolve({ total: 0, hits: [] });
    }
    return load().then(function () {
      var searches = [rankedFor(words, {})];
      if (kind === "scope" || kind === "articles") {
        searches.push(rankedFor(words, { filters: { scope: "yes" } }));
      }
      return Promise.all(searches);
    }).then(function (found) {
      var ranked = found[0];
      if (found.length > 1) {
        var records = Object.create(null);
        found[1].forEach(function (result) { records[result.id] = true; });
        ranked = ranked.filter(function (result) { return (kind === "scope") === (records[result.id] === true); });
      }
      return Promise.all(ranked.slice(0, limit).map(function (result) { return result.data(); }))
        .then(function (datas) {
          var hits = datas.map(toHit).filter(function (hit) { return hit !== null; });
          return { total: ranked.length, hits: sb.chosenPlanFirst(hits, sb.chosenPlan(data), data.plans) };
        });
    });
  }

  sb.load = load;
  sb.results = results;
  sb.normalise = normalise;
  sb.stem = stem;
})();
