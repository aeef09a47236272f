/*
 * scopebook search, 3 of 5: rendering results. Everything shown comes from the search data
 * and is put on the page as DOM nodes with textContent; nothing from it is parsed as HTML.
 */
(function () {
  "use strict";

  var sb = window.scopebookSearch;
  if (!sb) {
    return; // the engine found no search to run (see engine.js)
  }
  var siteUrl = sb.siteUrl;
  var normalise = sb.normalise;
  var stem = sb.stem;

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

  // Marks each word whose stem (or, for an unstemmed match, itself) is a matched term. A
  // combining accent (\p{M}) is part of its word, as normalise composes it with its letter,
  // and so is an invisible break (soft hyphen, zero-width space), which normalise drops.
  function highlighted(tag, className, text, terms) {
    var node = el(tag, className);
    var matched = Object.create(null);
    terms.forEach(function (term) { matched[term] = true; });
    text.split(/([\p{L}\p{M}\p{N}'\u00ad\u200b\u2060\ufeff]+)/u).forEach(function (part, i) {
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

  sb.el = el;
  sb.highlighted = highlighted;
  sb.resultBody = resultBody;
  sb.noResults = noResults;
  sb.countMessage = countMessage;
  sb.debounce = debounce;
  sb.unavailable = unavailable;
})();
