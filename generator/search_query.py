"""The query that `theme/assets/search-ui/engine.js` runs, in Python: the reference the relevance tests use.

Not part of the build: the site ships a prebuilt index and the browser queries it. Change
this module and engine.js together.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import Clause, Query
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.token_set import TokenSet

from .search import normalise, stemmer

# How much less a widened term (typo-tolerant or prefix) counts than one typed exactly.
# Same numbers in engine.js.
WIDENED_BOOST = 0.5
MIN_FUZZY_LENGTH = 4
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


def build_query(index: Index, text: str, *, typing: bool = False) -> tuple[Query, list[frozenset[str]]]:
    """The query engine.js runs for `text`, and for each query word the index terms it can match.

    Every word is optional and lunr ranks by BM25. A word the index does not know (after
    stemming) is widened to edit distance 1, so one typo does not sink a query whose other
    words match. While typing, the last word also matches as a prefix. Widened clauses
    count for less than exact ones.
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
            query.clause(term=word, use_pipeline=False, wildcard=Query.WILDCARD_TRAILING, boost=WIDENED_BOOST)
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
