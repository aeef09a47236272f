/*
 * scopebook search, 2 of 5: the lunr engine (the interface it offers: see common.js).
 *
 * The index is built at site build time (generator/search.py) and cut by terms: index.json
 * holds the vocabulary and where each shard of postings starts, terms/N.json the postings
 * of a run of terms with their lunr term index and field-vector weights. lunr scores a
 * document as dot(query vector, field vector) / |query vector|, so the entries of the
 * query's own terms are all a score reads: for each query this fetches the shards its terms
 * are in, builds a lunr index of just those terms and lets lunr run the query on it, with
 * the same scores as on the whole index. A document's score depends on its own postings
 * only, so when a query matches thousands of pages, lunr is given just the documents of the
 * pages that can be among the results shown (`candidates`: the same sums, to a margin).
 * What results show comes from docs/N.json, fetched for the results on screen only, as
 * soon as the candidates say which pages those are (lunr then ranks while they load). While
 * the reader types, the interface may ask for all this before it asks for results
 * (`prefetch`), so that the results are ready when typing pauses.
 *
 * The query built here must stay the same as `build_query` / `query_index` in
 * generator/search_query.py, which the relevance tests run on the whole index.
 */
(function () {
  "use strict";

  var sb = window.scopebookSearch;
  var tag = document.querySelector("script[data-scopebook-engine]");
  if (!sb || !tag) {
    return;
  }
  // Same numbers as generator/search_query.py.
  var WIDENED_BOOST = 0.5;
  var MIN_FUZZY_LENGTH = 4;
  var COMPLETIONS = 10;
  // Fetched files kept for later queries; the oldest go first.
  var SHARDS_KEPT = 96;
  var CHUNKS_KEPT = 96;
  var KINDS = { a: "article", s: "section", c: "scope", p: "plan" };
  // lunr reads posting[field] for every field and copies each document's metadata: one
  // shared, frozen empty object stands for all of them (the index keeps no metadata).
  var EMPTY = Object.freeze({});
  var hasOwn = Object.prototype.hasOwnProperty;

  // --- Loading ---------------------------------------------------------------------------

  var loading = null;
  var state = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  function prepare(layout, table) {
    var positions = new Map();
    layout.terms.forEach(function (term, position) { positions.set(term, position); });
    // A section's page starts at its article, the nearest earlier document that is not a section.
    var kinds = table.kinds;
    var pageStart = new Int32Array(kinds.length);
    var start = 0;
    for (var i = 0; i < kinds.length; i++) {
      if (kinds.charAt(i) !== "s") {
        start = i;
      }
      pageStart[i] = start;
    }
    return {
      terms: layout.terms,
      positions: positions,
      classes: layout.classes,
      fields: layout.fields,
      pipeline: window.lunr.Pipeline.load(layout.pipeline),
      shardStarts: layout.shards,
      shardFolder: layout.folder,
      shards: new Map(),
      kinds: kinds,
      pageStart: pageStart,
      chunkStarts: table.chunks,
      chunkFolder: table.folder,
      chunks: new Map(),
      planDocs: table.planDocs
    };
  }

  // Fetched on first use, not on page load: most visits never search.
  function load() {
    if (!loading) {
      var lunrReady = window.lunr ? Promise.resolve() : loadScript(sb.siteUrl(tag.getAttribute("data-lunr")));
      loading = Promise.all([lunrReady, sb.fetchJson(tag.getAttribute("data-index")), sb.fetchJson(tag.getAttribute("data-docs"))])
        .then(function (parts) {
          state = prepare(parts[1], parts[2]);
          sb.announceReady();
          return parts[2];
        });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  // The file holding item `position` of a list cut at `starts`, fetched once and kept.
  function piece(cache, limit, folder, starts, position) {
    var low = 0;
    var high = starts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (starts[middle] <= position) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    var kept = cache.get(low);
    if (!kept) {
      kept = { start: starts[low], items: null, decoded: Object.create(null) };
      kept.ready = sb.fetchJson(folder + "/" + low + ".json").then(function (items) {
        kept.items = items;
        return kept;
      });
      kept.ready.catch(function () { cache.delete(low); });
      cache.set(low, kept);
      if (cache.size > limit) {
        cache.delete(cache.keys().next().value);
      }
    }
    return kept.ready;
  }

  // --- Terms -----------------------------------------------------------------------------

  function stem(word) {
    return window.lunr.stemmer(new window.lunr.Token(word)).toString();
  }

  function hasTerm(term) {
    return state.positions.has(term);
  }

  // Whether lunr's token set for a clause (fuzzy: lunr.TokenSet.fromFuzzyString) accepts
  // `word`: what TokenSet#intersect finds, for one word, where "*" stands for any one character.
  function accepts(root, word) {
    var nodes = [root];
    for (var i = 0; i < word.length && nodes.length; i++) {
      var char = word.charAt(i);
      var next = [];
      nodes.forEach(function (node) {
        if (hasOwn.call(node.edges, char)) {
          next.push(node.edges[char]);
        }
        if (char !== "*" && hasOwn.call(node.edges, "*")) {
          next.push(node.edges["*"]);
        }
      });
      nodes = next;
    }
    return nodes.some(function (node) { return node.final; });
  }

  // The index terms lunr expands a one-typo clause to. Its automaton only accepts words
  // one character shorter or longer at most, so only those lengths are tried; a word typed
  // on is looked up again on every keystroke, so the last few answers are kept.
  var TYPOS_KEPT = 64;

  function typoTerms(term) {
    if (!state.byLength) {
      state.byLength = new Map();
      state.typos = new Map();
      state.terms.forEach(function (candidate) {
        var same = state.byLength.get(candidate.length);
        if (same) {
          same.push(candidate);
        } else {
          state.byLength.set(candidate.length, [candidate]);
        }
      });
    }
    var found = state.typos.get(term);
    if (!found) {
      var root = window.lunr.TokenSet.fromFuzzyString(term, 1);
      found = [];
      [term.length - 1, term.length, term.length + 1].forEach(function (length) {
        (state.byLength.get(length) || []).forEach(function (candidate) {
          if (accepts(root, candidate)) {
            found.push(candidate);
          }
        });
      });
      state.typos.set(term, found);
      if (state.typos.size > TYPOS_KEPT) {
        state.typos.delete(state.typos.keys().next().value);
      }
    }
    return found;
  }

  // The terms a prefix begins with the most postings (frequency class, then term order),
  // as `completions` in generator/search_query.py.
  function completions(prefix) {
    var found = [];
    state.terms.forEach(function (term, position) {
      if (term.lastIndexOf(prefix, 0) === 0) {
        found.push(position);
      }
    });
    found.sort(function (a, b) {
      return state.classes.charCodeAt(b) - state.classes.charCodeAt(a) || a - b;
    });
    return found.slice(0, COMPLETIONS).map(function (position) { return state.terms[position]; });
  }

  // Per query word: lunr clauses, and every index term they can match (whose postings the
  // query needs). Mirrors build_query in generator/search_query.py.
  function plan(words, typing) {
    return words.map(function (word, position) {
      var clauses = [];
      // Per clause, the index terms lunr will expand it to, and the clause's boost.
      var expansions = [];
      if (hasTerm(stem(word))) {
        clauses.push({ term: word });
        expansions.push({ terms: [stem(word)], boost: 1 });
      } else if (hasTerm(word)) {
        clauses.push({ term: word, usePipeline: false });
        expansions.push({ terms: [word], boost: 1 });
      } else if (word.length >= MIN_FUZZY_LENGTH) {
        clauses.push({ term: word, editDistance: 1, boost: WIDENED_BOOST });
        expansions.push({ terms: typoTerms(stem(word)), boost: WIDENED_BOOST });
      }
      if (typing && position === words.length - 1) {
        completions(word).forEach(function (term) {
          clauses.push({ term: term, usePipeline: false, boost: WIDENED_BOOST });
          expansions.push({ terms: [term], boost: WIDENED_BOOST });
        });
      }
      var needed = [];
      expansions.forEach(function (expansion) { needed = needed.concat(expansion.terms); });
      return { clauses: clauses, expansions: expansions, needed: needed };
    });
  }

  // A term's postings, field by field: documents (positions) and field-vector weights.
  function decode(shard, term) {
    if (!shard.decoded[term]) {
      var raw = shard.items[state.positions.get(term) - shard.start];
      var fields = [];
      for (var k = 1; k < raw.length; k += 3) {
        var refs = new Int32Array(raw[k + 1].length);
        var ref = 0;
        for (var i = 0; i < refs.length; i++) {
          ref += raw[k + 1][i];
          refs[i] = ref;
        }
        fields.push({ field: state.fields[raw[k]], refs: refs, weights: raw[k + 2] });
      }
      shard.decoded[term] = { term: term, index: raw[0], fields: fields };
    }
    return shard.decoded[term];
  }

  function termData(terms) {
    return Promise.all(terms.map(function (term) {
      return piece(state.shards, SHARDS_KEPT, state.shardFolder, state.shardStarts, state.positions.get(term))
        .then(function (shard) { return decode(shard, term); });
    }));
  }

  // A lunr index of just these terms (and of just the documents `keep` says, when given):
  // their postings, and field vectors holding only their entries, in term-index order as
  // in the whole index's vectors.
  function partialIndex(decoded, keep) {
    var lunr = window.lunr;
    decoded.sort(function (a, b) { return a.index - b.index; });
    var invertedIndex = Object.create(null);
    var elements = Object.create(null);
    decoded.forEach(function (data) {
      var posting = { _index: data.index };
      data.fields.forEach(function (entry) {
        var documents = Object.create(null);
        for (var i = 0; i < entry.refs.length; i++) {
          var ref = entry.refs[i];
          if (keep && !keep[ref]) {
            continue;
          }
          documents[ref] = EMPTY;
          var key = entry.field + "/" + ref;
          (elements[key] || (elements[key] = [])).push(data.index, entry.weights[i] / 1000);
        }
        posting[entry.field] = documents;
      });
      state.fields.forEach(function (field) {
        if (!hasOwn.call(posting, field)) {
          posting[field] = EMPTY;
        }
      });
      invertedIndex[data.term] = posting;
    });
    var fieldVectors = Object.create(null);
    Object.keys(elements).forEach(function (key) { fieldVectors[key] = new lunr.Vector(elements[key]); });
    return new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: fieldVectors,
      tokenSet: lunr.TokenSet.fromArray(Object.keys(invertedIndex).sort()),
      fields: state.fields,
      pipeline: state.pipeline
    });
  }

  // The documents lunr needs to rank to find the first `limit` results: those of the pages
  // that can be among them, plus every plan-kind document (the chosen plan's answer goes
  // first). A document's lunr score is a sum over its own postings (weights times the query
  // vector, over its length), times the coordination; summed here in another order, it can
  // differ from lunr's in the last bits only, hence the margin. Also the number of results.
  var MARGIN = 1e-9;

  function candidates(perWord, decoded, kind, limit) {
    var byTerm = Object.create(null);
    decoded.forEach(function (data) { byTerm[data.term] = data; });
    var weight = Object.create(null);
    var magnitude = 0;
    perWord.forEach(function (word) {
      word.expansions.forEach(function (expansion) {
        expansion.terms.forEach(function (term) { weight[term] = (weight[term] || 0) + expansion.boost; });
      });
    });
    Object.keys(weight).forEach(function (term) { magnitude += weight[term] * weight[term]; });
    var count = state.kinds.length;
    var score = new Float64Array(count);
    var matched = new Int32Array(count); // how many of the query's words the document has
    var last = new Int32Array(count).fill(-1); // the last word counted for it
    var touched = [];
    perWord.forEach(function (word, w) {
      var seen = Object.create(null);
      word.expansions.forEach(function (expansion) {
        expansion.terms.forEach(function (term) {
          if (seen[term] || !byTerm[term]) {
            return;
          }
          seen[term] = true;
          byTerm[term].fields.forEach(function (entry) {
            for (var i = 0; i < entry.refs.length; i++) {
              var ref = entry.refs[i];
              if (last[ref] === -1) {
                touched.push(ref);
              }
              score[ref] += weight[term] * entry.weights[i] / 1000;
              if (last[ref] !== w) {
                last[ref] = w;
                matched[ref] += 1;
              }
            }
          });
        });
      });
    });
    var best = new Map();
    touched.forEach(function (ref) {
      var share = matched[ref] / perWord.length;
      var total = score[ref] / Math.sqrt(magnitude) * share * share;
      var page = state.pageStart[ref];
      var now = best.get(page);
      if (now === undefined || total > now) {
        best.set(page, total);
      }
    });
    var pages = [];
    var plans = [];
    best.forEach(function (total, page) {
      // A page's first document is its article, or the scope item or plan it is.
      var doc = { k: KINDS[state.kinds.charAt(page)] };
      if (sb.matchesFilter(doc, kind)) {
        (doc.k === "plan" ? plans : pages).push({ page: page, score: total });
      }
    });
    var found = pages.length + plans.length;
    // Best first; an equal score goes to the earlier page, as in rank().
    var ranked = pages.concat(plans).sort(function (a, b) { return b.score - a.score || a.page - b.page; });
    if (limit === undefined || pages.length <= limit) {
      return { keep: null, total: found, ranked: ranked };
    }
    pages.sort(function (a, b) { return b.score - a.score; });
    var floor = pages[limit - 1].score * (1 - MARGIN);
    var keep = new Uint8Array(count);
    pages.concat(plans).forEach(function (entry) {
      if (entry.score >= floor || plans.indexOf(entry) >= 0) {
        keep[entry.page] = 1;
      }
    });
    touched.forEach(function (ref) {
      if (keep[state.pageStart[ref]]) {
        keep[ref] = 1;
      }
    });
    return { keep: keep, total: found, ranked: ranked };
  }

  // --- Query (mirrors generator/search_query.py) -----------------------------------------------

  function normalise(text) {
    return text.normalize("NFC").replace(/[\u2018\u2019]/g, "'").replace(/[\u00ad\u200b\u2060\ufeff]/g, "").toLowerCase().replace(/[^\p{L}\p{N}\s'-]|_/gu, " ");
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

  // Ranked hits, one per page (an article's best section stands for the article), each
  // {n: position, doc: {k, u} (u for plans only, until details() fills it), terms}.
  function rank(index, perWord) {
    perWord.forEach(function (word) {
      word.terms = Object.create(null);
      word.clauses.forEach(function (clause) {
        clauseTerms(index, clause).forEach(function (term) { word.terms[term] = true; });
      });
    });
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
      return { n: Number(result.ref), score: result.score * coordination(terms, perWord), terms: terms };
    });
    // A ref is a position; ties go to the lower one, as in search_query.py.
    scored.sort(function (a, b) {
      return b.score - a.score || a.n - b.n;
    });
    var seen = Object.create(null);
    var hits = [];
    scored.forEach(function (hit) {
      var page = state.pageStart[hit.n];
      if (page !== undefined && !seen[page]) {
        seen[page] = true;
        var kind = KINDS[state.kinds.charAt(hit.n)];
        hits.push({ n: hit.n, doc: { k: kind, u: state.planDocs[hit.n] || "" }, terms: hit.terms });
      }
    });
    return hits;
  }

  // What each hit shows, from the result chunks; a section takes its URL and context from
  // its article, which is in the same chunk.
  function details(hits) {
    return Promise.all(hits.map(function (hit) {
      return chunkOf(hit.n).then(function (chunk) {
        var entry = chunk.items[hit.n - chunk.start];
        var doc = { k: hit.doc.k, t: entry.t, u: entry.u, s: entry.s, x: entry.x };
        if (hit.doc.k === "section") {
          var article = chunk.items[state.pageStart[hit.n] - chunk.start];
          doc.u = article.u + "#" + entry.a;
          doc.s = article.t;
        }
        if (entry.c) {
          doc.c = entry.c;
        }
        return { doc: doc, terms: hit.terms };
      });
    }));
  }

  // The pages a query will show, in order, from the candidates' scores (the same as lunr's
  // but for the last bits): the chosen plan's answer first, then the best, other plans last.
  function likelyShown(data, chosen, limit) {
    var entries = chosen.ranked.map(function (entry) {
      var kind = KINDS[state.kinds.charAt(entry.page)];
      return { n: entry.page, doc: { k: kind, u: state.planDocs[entry.page] || "" } };
    });
    entries = sb.chosenPlanFirst(entries, sb.chosenPlan(data), data.plans);
    return entries.slice(0, limit === undefined ? entries.length : limit);
  }

  function chunkOf(position) {
    return piece(state.chunks, CHUNKS_KEPT, state.chunkFolder, state.chunkStarts, position);
  }

  // What a query needs before lunr ranks it: its clauses, its terms' postings (the shards)
  // and its candidates; the result chunks of the pages it will likely show are requested as
  // soon as those are known, while lunr ranks. The last few are kept, so that results()
  // finds ready what prefetch() started for the same text.
  var GATHERED_KEPT = 4;
  var gathered = new Map();

  function gather(data, text, options) {
    var kind = options.kind || "all";
    var key = JSON.stringify([text, Boolean(options.typing), kind, options.limit === undefined ? null : options.limit]);
    var kept = gathered.get(key);
    if (kept) {
      return kept;
    }
    var perWord = plan(queryWords(text), Boolean(options.typing));
    var needed = [];
    var wanted = Object.create(null);
    perWord.forEach(function (word) {
      word.needed.forEach(function (term) {
        if (!wanted[term]) {
          wanted[term] = true;
          needed.push(term);
        }
      });
    });
    var clauseCount = perWord.reduce(function (sum, word) { return sum + word.clauses.length; }, 0);
    kept = !clauseCount ? Promise.resolve(null) : termData(needed).then(function (decoded) {
      var chosen = candidates(perWord, decoded, kind, options.limit);
      var chunks = Promise.all(likelyShown(data, chosen, options.limit).map(function (entry) { return chunkOf(entry.n); }));
      chunks.catch(function () {}); // details() asks again and reports a failure
      return { perWord: perWord, decoded: decoded, chosen: chosen, kind: kind, chunks: chunks };
    });
    kept.catch(function () { gathered.delete(key); });
    gathered.set(key, kept);
    if (gathered.size > GATHERED_KEPT) {
      gathered.delete(gathered.keys().next().value);
    }
    return kept;
  }

  function results(data, text, options) {
    return load().then(function () {
      return gather(data, text, options);
    }).then(function (query) {
      if (!query) {
        return { total: 0, hits: [] };
      }
      var hits = rank(partialIndex(query.decoded.slice(), query.chosen.keep), query.perWord);
      hits = sb.chosenPlanFirst(hits, sb.chosenPlan(data), data.plans).filter(function (hit) {
        return sb.matchesFilter(hit.doc, query.kind);
      });
      var limit = options.limit === undefined ? hits.length : options.limit;
      return details(hits.slice(0, limit)).then(function (shown) {
        return { total: query.chosen.total, hits: shown };
      });
    });
  }

  // Optional in an engine: the reader is still typing (the interface waits for a pause
  // before it asks for results); fetch what results(data, text, options) will need.
  // Resolves once that is in; never fails (results() asks again and reports a failure).
  function prefetch(data, text, options) {
    return load().then(function () {
      return gather(data, text, options);
    }).then(function (query) {
      return query && query.chunks;
    }).then(function () {}, function () {});
  }

  sb.load = load;
  sb.results = results;
  sb.prefetch = prefetch;
  sb.normalise = normalise;
  sb.stem = stem;
})();
