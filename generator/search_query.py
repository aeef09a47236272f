"""The query that `theme/assets/search-ui/engine.js` runs, in Python: the reference the relevance tests use.

Not part of the build: the site ships a prebuilt index and the browser queries it. Change
this module and engine.js together.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import Clause, Query
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.token_set import TokenSet

from .routes import SEARCH_DOCS, SEARCH_INDEX
from .search import KIND_CODES, WEIGHT_SCALE, frequency_class, normalise, stemmer

# How much less a widened term (typo-tolerant or prefix) counts than one typed exactly.
# Same numbers in engine.js.
WIDENED_BOOST = 0.5
MIN_FUZZY_LENGTH = 4
# While typing, the last word also stands for this many of the terms it begins, the ones
# with the most postings: "c" would otherwise stand for thousands, and fetch most shards.
COMPLETIONS = 10
_KINDS = {code: kind for kind, code in KIND_CODES.items()}
_SEPARATOR = re.compile(r"[\s-]+")


def restore_postings(data: dict[str, Any]) -> dict[str, Any]:
    """The serialized index with an empty posting for each field a term is not in, as lunr expects.

    The build leaves them out; lunr reads `posting[field]` for every field of a query.
    """
    empty: dict[str, Any] = {}
    for _term, posting in data["invertedIndex"]:
        for field in data["fields"]:
            posting.setdefault(field, empty)
    return data


def _assemble_index(layout: Mapping[str, Any], read: Callable[[str], str]) -> dict[str, Any]:
    """The serialized lunr index that index.json and its shards were cut from."""
    terms, fields = layout["terms"], layout["fields"]
    bounds = [*layout["shards"], len(terms)]
    inverted: list[list[Any]] = []
    vectors: dict[str, list[tuple[int, float]]] = {}
    for number in range(len(layout["shards"])):
        entries = json.loads(read(f"{layout['folder']}/{number}.json"))
        for term, entry in zip(terms[bounds[number] : bounds[number + 1]], entries, strict=True):
            term_index = entry[0]
            posting: dict[str, Any] = {"_index": term_index}
            for k in range(1, len(entry), 3):
                field, ref = fields[entry[k]], 0
                refs: dict[str, Any] = {}
                for delta, weight in zip(entry[k + 1], entry[k + 2], strict=True):
                    ref += delta
                    refs[str(ref)] = {}
                    vectors.setdefault(f"{field}/{ref}", []).append((term_index, weight / WEIGHT_SCALE))
                posting[field] = refs
            inverted.append([term, posting])
    return {
        "version": layout["version"],
        "fields": fields,
        "fieldVectors": [[ref, [n for pair in sorted(pairs) for n in pair]] for ref, pairs in vectors.items()],
        "invertedIndex": inverted,
        "pipeline": layout["pipeline"],
    }


def _assemble_docs(table: Mapping[str, Any], read: Callable[[str], str]) -> list[dict[str, Any]]:
    """Every document's result entry, whole: kind, URL and context included, as the browser completes them."""
    kinds = table["kinds"]
    bounds = [*table["chunks"], len(kinds)]
    docs: list[dict[str, Any]] = []
    article: dict[str, Any] = {}
    for number in range(len(table["chunks"])):
        entries = json.loads(read(f"{table['folder']}/{number}.json"))
        assert len(entries) == bounds[number + 1] - bounds[number], f"chunk {number} holds {len(entries)} entries"
        for position, entry in enumerate(entries, bounds[number]):
            doc = {"k": _KINDS[kinds[position]], **entry}
            if doc["k"] == "section":
                doc["u"] = f"{article['u']}#{doc.pop('a')}"
                doc["s"] = article["t"]
            elif doc["k"] == "article":
                article = doc
            docs.append(doc)
    return docs


@dataclass(frozen=True)
class SiteSearch:
    """A site's search data, put back together: the whole index, every result, the rest of docs.json."""

    index: Index
    docs: list[dict[str, Any]]
    table: dict[str, Any]
    serialized: dict[str, Any]


def load_search(read: Callable[[str], str]) -> SiteSearch:
    """The search data of a site, from `read(site-relative URL) -> text` (a folder or `search_files`)."""
    layout = json.loads(read(SEARCH_INDEX))
    serialized = _assemble_index(layout, read)
    table = json.loads(read(SEARCH_DOCS))
    index = load_index(json.loads(json.dumps(serialized)))
    return SiteSearch(index, _assemble_docs(table, read), table, serialized)


def load_site_search(site_dir: Path) -> SiteSearch:
    """The search data of a built site."""
    return load_search(lambda url: (site_dir / url).read_text("utf-8"))


def load_index(serialized: str | Mapping[str, Any]) -> Index:
    """A built index, ready to query from Python the way lunr.js queries it."""
    data = json.loads(serialized) if isinstance(serialized, str) else dict(serialized)
    index = Index.load(restore_postings(data))
    index.pipeline = Pipeline()
    index.pipeline.add(stemmer)
    return index


def query_words(text: str) -> list[str]:
    """The distinct words of a query that can match anything: no stop words, no empties."""
    words: list[str] = []
    for raw in _SEPARATOR.split(normalise(text)):
        word = raw.strip("'")
        if word and stop_word_filter(Token(word)) is not None and word not in words:
            words.append(word)
    return words


@dataclass(frozen=True)
class SearchHit:
    ref: str
    score: float
    terms: tuple[str, ...]


def _stem(word: str) -> str:
    return str(stemmer(Token(word)))


def _clause_terms(index: Index, clause: Clause) -> frozenset[str]:
    """The index terms a clause can match, as lunr expands them."""
    terms = index.pipeline.run_string(clause.term) if clause.use_pipeline else [clause.term]
    found: set[str] = set()
    for term in terms:
        probe = Clause(term=term, edit_distance=clause.edit_distance, wildcard=Query.WILDCARD_NONE)
        found.update(index.token_set.intersect(TokenSet.from_clause(probe)).to_list())
    return frozenset(found)


def term_postings(index: Index, term: str) -> int:
    """How many (field, document) postings a term has: what lunr's idf counts."""
    return sum(len(refs) for field, refs in index.inverted_index[term].items() if field != "_index")


def completions(index: Index, prefix: str) -> list[str]:
    """The terms that begin with `prefix` (itself included) with the most postings, at most COMPLETIONS.

    By frequency class (`generator.search.frequency_class`), then in term order, as engine.js
    ranks them from index.json.
    """
    found = [term for term in index.inverted_index if term.startswith(prefix)]
    found.sort(key=lambda term: (-ord(frequency_class(term_postings(index, term))), term))
    return found[:COMPLETIONS]


def build_query(index: Index, text: str, *, typing: bool = False) -> tuple[Query, list[frozenset[str]]]:
    """The query engine.js runs for `text`, and for each query word the index terms it can match.

    Every word is optional and lunr ranks by BM25. A word the index does not know (after
    stemming) is widened to edit distance 1, so one typo does not sink a query whose other
    words match. While typing, the last word also matches as a prefix. Widened clauses
    count for less than exact ones.

    The last word's completions are clauses of their own, each as a trailing wildcard
    clause would have counted it.
    """
    query = index.create_query()
    words = query_words(text)
    word_terms: list[frozenset[str]] = []
    for position, word in enumerate(words):
        first = len(query.clauses)
        if _stem(word) in index.inverted_index:
            query.clause(term=word)
        elif word in index.inverted_index:
            # lunr.js stems a few words differently from lunr.py ("try": "tri" against
            # "try"); the unstemmed word still finds what the index holds.
            query.clause(term=word, use_pipeline=False)
        elif len(word) >= MIN_FUZZY_LENGTH:
            query.clause(term=word, edit_distance=1, boost=WIDENED_BOOST)
        if typing and position == len(words) - 1:
            for term in completions(index, word):
                query.clause(term=term, use_pipeline=False, boost=WIDENED_BOOST)
        terms: frozenset[str] = frozenset()
        for clause in query.clauses[first:]:
            terms |= _clause_terms(index, clause)
        word_terms.append(terms)
    return query, word_terms


def coordination(matched: Iterable[str], word_terms: Sequence[frozenset[str]]) -> float:
    """Share of the query's words a result matched, squared.

    lunr adds up term scores, so a page that repeats two common words ("set up") beats one
    that has every word of "help me set up SSO"; scaling by coverage of the question
    restores the page that answers all of it.
    """
    if not word_terms:
        return 0.0
    matched = set(matched)
    share = sum(1 for terms in word_terms if terms & matched) / len(word_terms)
    return share * share


def query_index(index: Index, docs: Sequence[Mapping[str, Any]], text: str, *, typing: bool = False) -> list[SearchHit]:
    """Ranked hits for `text`, one per page: an article's best section stands for the article.

    The index's refs are positions in `docs`; a hit's ref is the URL it opens.
    """
    query, word_terms = build_query(index, text, typing=typing)
    if not query.clauses:
        return []
    scored = []
    for result in index.query(query):
        terms = tuple(sorted(result["match_data"].metadata))
        scored.append((result["score"] * coordination(terms, word_terms), int(result["ref"]), terms))
    # Ties go to the lower position, which is the URL first in sort order.
    scored.sort(key=lambda hit: (-hit[0], hit[1]))
    hits: list[SearchHit] = []
    seen: set[str] = set()
    for score, number, terms in scored:
        doc = docs[number]
        page = doc["u"].split("#", 1)[0] if doc["k"] in ("article", "section") else doc["u"]
        if page not in seen:
            seen.add(page)
            hits.append(SearchHit(doc["u"], score, terms))
    return hits
