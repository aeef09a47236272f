"""The search index over the sample help center: shape, size, determinism and relevance."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.builder import Builder
from lunr.index import Index
from lunr.token import Token

from generator.articles import ArticleRecord, load_articles
from generator.contract import load_contract
from generator.model import Contract
from generator.search import (
    CHUNK_DOCS,
    FIELDS,
    SHARD_CHARS,
    SearchDocument,
    _index_term,
    _porter,
    _stem,
    build_index,
    configure_builder,
    default_routes,
    frequency_class,
    html_to_text,
    index_builder,
    index_files,
    index_json,
    index_words,
    normalise,
    search_documents,
    search_files,
    service_answer,
    split_sections,
    split_sections_and_prose,
    thousandths,
    write_search_index,
)
from generator.search import (
    snippet as snippet_of,
)
from generator.search_query import (
    COMPLETIONS,
    SiteSearch,
    completions,
    load_search,
    load_site_search,
    query_index,
    query_words,
    restore_postings,
    term_postings,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TOP = 3


def article_url(src_path: str) -> str:
    """The site-relative URL MkDocs gives a page with directory URLs."""
    stem = src_path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def render(path: Path) -> tuple[str, tuple[tuple[str, str, int], ...]]:
    """Body HTML and table of contents, as MkDocs renders them with the toc extension."""
    text = path.read_text("utf-8")
    body = text.split("---", 2)[2] if text.startswith("---") else text
    md = markdown.Markdown(extensions=["toc", "tables", "fenced_code", "attr_list"])
    html = md.convert(body)
    flat: list[tuple[str, str, int]] = []

    def walk(tokens: list[dict[str, Any]]) -> None:
        for token in tokens:
            flat.append((token["id"], token["name"], token["level"]))
            walk(token["children"])

    walk(md.toc_tokens)  # type: ignore[attr-defined]
    return html, tuple(flat)


def records_from(content_dir: Path, contract: Contract) -> list[ArticleRecord]:
    """ArticleRecords for a content folder, made the way the plugin makes them."""
    metas, problems = load_articles(content_dir, contract)
    assert not [p for p in problems if p.is_error], problems
    section_titles = {meta.section_dir: meta.title for meta in metas.values() if meta.is_section_index}
    records = []
    for src_path, meta in sorted(metas.items()):
        html, toc = render(content_dir / src_path)
        records.append(
            ArticleRecord(
                src_path=src_path,
                url=article_url(src_path),
                title=meta.title,
                summary=meta.summary,
                tags=meta.tags,
                section=section_titles.get(meta.section_dir, ""),
                scope=meta.scope,
                html=html,
                toc=toc,
            )
        )
    return records


@cache
def sample_contract() -> Contract:
    return load_contract(ROOT / "scope")


@cache
def sample_records(contract: Contract) -> tuple[ArticleRecord, ...]:
    return tuple(records_from(ROOT / "content", contract))


@cache
def sample_build() -> dict[str, str]:
    contract = sample_contract()
    return search_files(contract, sample_records(contract))


@cache
def sample_search() -> SiteSearch:
    return load_search(sample_build().__getitem__)


def sample_index() -> tuple[Index, dict[str, Any]]:
    """The whole index, and docs.json with every result entry put back as `docs`."""
    loaded = sample_search()
    return loaded.index, {**loaded.table, "docs": loaded.docs}


def search(text: str, *, typing: bool = False) -> list[str]:
    index, payload = sample_index()
    return [hit.ref for hit in query_index(index, payload["docs"], text, typing=typing)]


def page_of(ref: str) -> str:
    """Articles count as found when one of their sections is; scope refs stand alone."""
    return ref if ref.startswith("scope/") else ref.split("#", 1)[0]


# --- Text ---------------------------------------------------------------------------------


def test_sections_split_at_headings_and_drop_permalinks() -> None:
    html = (
        '<p>Intro <b>words</b></p><h2 id="one">One<a class="headerlink" href="#one">¶</a></h2>'
        "<p>First</p><table><tr><td>a</td><td>b</td></tr></table>"
        '<h3 id="two">Two</h3><ul><li>x</li><li>y</li></ul><script>evil()</script>'
    )
    assert split_sections(html, ["one", "two"]) == [(None, "Intro words"), ("one", "First a b"), ("two", "x y")]
    assert html_to_text("<p>a&amp;b</p><p>c</p>") == "a&b c"


def test_contract_markdown_is_searched_as_its_pages_show_it() -> None:
    from generator.search import markdown_to_text

    # Raw HTML is shown as text on the pages (render_markdown escapes it), so it is searched as text.
    source = "A *b* <i>c</i> [d](https://x.example/) e&amp;f\n\n| h | i |\n|---|---|\n| 1 | 2 |"
    assert markdown_to_text(source) == "A b <i>c</i> d e&f h i 1 2"
    assert markdown_to_text("") == ""


def test_a_snippet_is_the_start_of_the_squashed_text_cut_at_a_word() -> None:
    import random

    from generator.search import snippet

    def expected(text: str, limit: int) -> str:
        text = " ".join(text.split())
        return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.") + "\u2026"

    generator = random.Random(13)
    pieces = ["a", "word", " ", "\n", "\t\t", ",", ".", "x" * 50, " " * 200, "\u2003", "longerword"]
    for _ in range(5_000):
        text = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 120)))
        for limit in (5, 40, 160):
            assert snippet(text, limit) == expected(text, limit), (text, limit)


def test_query_words_drop_stop_words_and_punctuation() -> None:
    assert query_words("Can you help me set up SSO?") == ["help", "set", "up", "sso"]
    assert query_words("don\u2019t re-sync my e.g. agent_log") == ["don't", "re", "sync", "e", "g", "agent", "log"]
    assert query_words("how to") == []


def test_accented_letters_are_one_word_however_they_are_encoded() -> None:
    # Text pasted on a Mac, or from a PDF, often spells é as e and a combining accent (NFD);
    # keyboards type é (NFC). Both must be the same word in the index and in queries.
    for text in ("Caf\u00e9 cr\u00e8me", "Cafe\u0301 cre\u0300me"):
        assert index_words(text) == ["caf\u00e9", "cr\u00e8me"], ascii(text)
        assert query_words(text) == ["caf\u00e9", "cr\u00e8me"], ascii(text)


def test_invisible_breaks_inside_a_word_do_not_cut_it() -> None:
    # Word and web editors leave soft hyphens (&shy;) and zero-width spaces inside words:
    # invisible on the page, so the word must still be found as it reads.
    text = "pass\u00adword re\u200bset sign\u2060in"
    assert index_words(text) == ["password", "reset", "signin"]
    assert query_words(text) == ["password", "reset", "signin"]


# --- Shape --------------------------------------------------------------------------------


def test_refs_are_site_urls_and_docs_are_plain_text() -> None:
    _, payload = sample_index()
    docs = {doc["u"]: doc for doc in payload["docs"]}
    assert docs["sso/set-up-saml/"]["k"] == "article"
    assert docs["scope/compare/#sso-configuration"]["k"] == "scope"
    assert docs["scope/premium/#service_level"]["k"] == "plan"
    assert docs["scope/#severities_heading"]["t"] == "Severity levels"
    assert any(ref.startswith("sso/set-up-saml/#") and doc["k"] == "section" for ref, doc in docs.items())
    coverage = docs["scope/compare/#sso-configuration"]["c"]
    assert coverage["premium"] == ["included", ""]
    assert coverage["standard"] == ["addon", "SSO onboarding"]
    assert {plan["id"] for plan in payload["plans"]} == {"free", "standard", "premium", "enterprise"}
    assert [c["name"] for c in payload["common"]] == ["Community forum"]
    # Rendered Markdown never leaks into results; a bare "<" in prose ("characters such as < >") may.
    results = "".join(text for url, text in sample_build().items() if url.startswith("search/docs"))
    assert not re.search(r"<[a-zA-Z/!]", results)


def test_index_has_no_position_metadata() -> None:
    serialized = sample_search().serialized
    for _term, posting in serialized["invertedIndex"]:
        for field, refs in posting.items():
            if field != "_index":
                assert all(metadata == {} for metadata in refs.values())
    assert not any("position" in text for url, text in sample_build().items() if url.startswith("search/terms/"))
    assert serialized["pipeline"] == ["stemmer"]


@pytest.mark.parametrize("run", [1, 7])
def test_documents_indexed_in_runs_give_the_index_of_documents_indexed_one_by_one(
    run: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    contract = sample_contract()
    assert len(search_documents(contract, sample_records(contract))) > 3 * run
    monkeypatch.setattr("generator.search.INDEX_RUN", run)
    assert search_files(contract, sample_records(contract)) == sample_build()


def test_same_input_gives_same_bytes_across_processes() -> None:
    contract = sample_contract()
    again = search_files(contract, records_from(ROOT / "content", contract))
    assert again == sample_build()
    script = (
        "import sys; sys.path.insert(0, 'tests'); import hashlib, test_search as t; "
        "files = t.sample_build(); print(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_hostile_title_stays_text_in_docs_json(tmp_path: Path) -> None:
    contract = sample_contract()
    (tmp_path / "evil.md").write_text(
        "---\ntitle: '<img src=x onerror=window.__xss=1>'\nsummary: '</script><b>x</b>'\n---\n\nBody.\n"
    )
    write_search_index(contract, records_from(tmp_path, contract), tmp_path / "site")
    docs = {doc["u"]: doc for doc in load_site_search(tmp_path / "site").docs}
    assert docs["evil/"]["t"] == "<img src=x onerror=window.__xss=1>"
    assert (tmp_path / "site" / "search" / "lunr.js").read_text().count("lunr.Index.load") >= 1
    assert (tmp_path / "site" / "search" / "index.json").is_file()


def lunr_serialized(documents: Sequence[SearchDocument]) -> dict[str, Any]:
    """lunr.py's own serialized index of the documents, without empty field vectors."""
    from lunr.builder import Builder

    builder = configure_builder(Builder())
    for number, document in enumerate(documents):
        fields = {name: normalise(value) for name, value in document.fields.items()}
        builder.add({"ref": str(number), **fields}, attributes={"boost": document.boost})
    serialized = builder.build().serialize()
    serialized["fieldVectors"] = [pair for pair in serialized["fieldVectors"] if pair[1]]
    return serialized


def lunr_index(documents: Sequence[SearchDocument]) -> dict[str, Any]:
    """`lunr_serialized` without empty postings either, as the build leaves them out."""
    expected = lunr_serialized(documents)
    expected["invertedIndex"] = [
        [term, {field: refs for field, refs in posting.items() if refs or field == "_index"}]
        for term, posting in expected["invertedIndex"]
    ]
    return expected


def test_index_is_what_lunrs_own_builder_makes() -> None:
    """The builder that processes each distinct word once changes nothing in the index."""
    contract = sample_contract()
    documents = search_documents(contract, sample_records(contract))
    built = build_index(documents)
    assert all(refs for _, posting in built["invertedIndex"] for field, refs in posting.items() if field != "_index")
    restored = restore_postings(json.loads(json.dumps(built)))
    assert json.dumps(restored, sort_keys=True) == json.dumps(lunr_serialized(documents), sort_keys=True)
    # The text written piece by piece is what json.dumps writes for lunr's own index.
    expected = lunr_index(documents)
    assert index_json(documents) == json.dumps(expected, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def tricky_document(ref: str, title: str, body: str, **fields: str) -> SearchDocument:
    given = {"title": title, "body": body, **fields}
    return SearchDocument(
        ref=ref,
        kind="article",
        title=title,
        context="",
        snippet="",
        fields={name: given.get(name, "") for name, _ in FIELDS},
        boost=0.5 if ref.endswith("index/") else 1.0,
    )


# Text the index must read as lunr.py does: accents and other scripts, curly apostrophes,
# hyphens, underscores, control characters that are whitespace to Python but not to lunr,
# empty fields, fields of stop words only, duplicate titles, words sharing a stem.
TRICKY_DOCUMENTS = [
    tricky_document("a/", "Caf\u00e9 na\u00efve Stra\u00dfe", "\u65e5\u672c\u8a9e text \U0001f600 emoji, don\u2019t re-sync"),
    tricky_document("b/", "Reset", "reset resets resetting RESET re\u00adset; agent_log e.g. x\x1cy tab\there\nnew\xa0line"),
    tricky_document("b/#empty", "Empty section", ""),
    tricky_document("c/", "Reset", "the a an of to", tags="and or", summary="Reset your password."),
    tricky_document("d/index/", "Landing", "Reset password: configure, configuring, configured! 100% 3.5 ok-ish"),
    tricky_document("e/", "Reset", "Reset reset reset " * 40 + "\u0130stanbul \u212a kelvin", headings="One Two One"),
]


@pytest.mark.parametrize(
    "body",
    [
        "<p>Plain words\n and   more</p>\n<p>\tTabbed\r\nlines</p>",
        "<p>x\x1cy a\x1db \x1e\x1f kept inside words by lunr</p>",
        "<p>caf\u00e9 \u2003em space\u2028line\u00a0nbsp \u3000wide</p>",
        "<p> </p>\n\n<table><caption>Only a caption</caption></table>",
        "",
        "<p>" + "long  words\n" * 60 + "</p>",
    ],
)
def test_article_texts_are_indexed_and_shown_as_their_squashed_text_would_be(body: str) -> None:
    """Article documents keep a section's text unsquashed where the index reads the same words in it."""
    from generator.search import article_documents

    html = f"{body}<h2 id='one'>One</h2>{body}<p>after</p><h2 id='two'>Two</h2>{body}"
    record = ArticleRecord(
        src_path="a/b.md", url="a/b/", title="B", summary="", tags=(), section="A", scope=(), html=html,
        toc=(("one", "One", 2), ("two", "Two", 2)),
    )
    documents = article_documents(record)
    squashed = [
        replace(document, fields={name: " ".join(text.split()) for name, text in document.fields.items()})
        for document in documents
    ]
    expected = split_sections_and_prose(html, ["one", "two"])
    assert [" ".join(d.fields["body"].split()) for d in documents] == [text for _, text, _ in expected]
    assert index_json(documents) == index_json(squashed)
    assert [d.snippet for d in documents] == [snippet_of(prose or text) for _, text, prose in expected]


def test_the_index_of_tricky_text_is_what_lunrs_own_builder_makes() -> None:
    assert index_json(TRICKY_DOCUMENTS) == json.dumps(
        lunr_index(TRICKY_DOCUMENTS), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


@pytest.mark.parametrize("exact", [False, True], ids=["fast rounding", "exact rounding"])
def test_each_terms_shard_entry_is_its_postings_and_weights_serialized(
    exact: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entries written as text are json.dumps of [index, field, [ref deltas], [weights x 1000], ...]."""
    if exact:
        # As if every score were near a half: each weight is rounded through 3 decimals.
        monkeypatch.setattr("generator.search._NEAR_HALF", -1.0)
    for documents in (TRICKY_DOCUMENTS, search_documents(sample_contract(), sample_records(sample_contract()))):
        reference = lunr_index(documents)
        vectors = {field_ref: dict(zip(v[::2], v[1::2], strict=True)) for field_ref, v in reference["fieldVectors"]}
        entries = list(zip(*index_builder(documents).entries(), strict=True))
        assert [term for term, *_ in entries] == [term for term, _ in reference["invertedIndex"]]
        for (term, index, postings, text), (_, posting) in zip(entries, reference["invertedIndex"], strict=True):
            expected: list[Any] = [posting["_index"]]
            for number, (name, _) in enumerate(FIELDS):
                refs = sorted(int(ref) for ref in posting.get(name, {}))
                if refs:
                    deltas = [refs[0], *(b - a for a, b in zip(refs, refs[1:], strict=False))]
                    weights = [round(vectors[f"{name}/{ref}"][index] * 1000) for ref in refs]
                    expected += [number, deltas, weights]
            assert index == posting["_index"]
            assert postings == sum(len(refs) for field, refs in posting.items() if field != "_index")
            assert text == json.dumps(expected, separators=(",", ":")), term


def test_weights_in_thousandths_round_as_three_decimals_do() -> None:
    import random

    generator = random.Random(13)
    scores = [generator.uniform(0, 60) for _ in range(20_000)] + [generator.uniform(0, 0.01) for _ in range(2_000)]
    # Scores whose value in thousandths is a half, or as near to one as a double gets.
    halves = [(k + 0.5) / 1000 for k in range(0, 60_000, 7)]
    near = halves + [math.nextafter(h, 0) for h in halves] + [math.nextafter(h, 1) for h in halves]
    for score in scores + near:
        weights = thousandths([score * 1000])
        assert weights is None or weights == [round(round(score, 3) * 1000)], score
    assert all(thousandths([score * 1000]) is None for score in near)
    assert thousandths([h * 1000 for h in scores[:50]]) == [round(round(h, 3) * 1000) for h in scores[:50]]
    assert thousandths([1.0, 2.4999995]) is None and thousandths([1e12]) is None and thousandths([]) == []


@pytest.mark.parametrize(
    "text",
    [
        "Plain words, and PUNCTUATION!",
        "tabs\tand\nnewlines\r\x0b\x0c and -- hyphen-ated_under_scores",
        "x\x1cy a\x1db \x1e\x1f apart? no: lunr keeps them inside words",
        "it's don\u2019t \u2018quoted\u2019 caf\u00e9 na\u00efve \u00a0nbsp \u2003em space",
        "\x00\x07control\x7f chars, e.g. 3.5% of 100$",
        "",
        "   ",
    ],
)
def test_index_words_are_lunrs_tokens_of_normalised_text(text: str) -> None:
    from lunr.tokenizer import Tokenizer

    assert [word for word in index_words(text) if word] == [str(token) for token in Tokenizer(normalise(text))]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("aeiouyrstlnkdgpsz09'_\u00e9\u00df\u0130\u65e5\u00b2\u0301-"), max_size=14)
        | st.sampled_from(["the", "and", "'quoted'", "don't", "''", "caresses", "ponies", "relational", "feed"]),
        max_size=20,
    )
)
def test_each_words_term_is_what_lunrs_index_pipeline_makes_of_it(words: list[str]) -> None:
    """The pipeline run without token objects gives lunr's own pipeline's terms."""
    pipeline = configure_builder(Builder()).pipeline
    for word in words:
        expected = pipeline.run([Token(word)])
        assert _index_term(word) == (str(expected[0]) if expected else ""), word


def test_the_shards_and_chunks_put_back_together_are_the_whole_index_and_every_result() -> None:
    """Nothing is lost in cutting the index by terms: the pieces give lunr's serialized index back."""
    contract = sample_contract()
    documents = search_documents(contract, sample_records(contract))
    built = build_index(documents)
    assembled = sample_search().serialized

    def comparable(serialized: dict[str, Any]) -> dict[str, Any]:
        return {**serialized, "fieldVectors": dict((ref, vector) for ref, vector in serialized["fieldVectors"])}

    assert comparable(assembled) == comparable(built)
    docs = sample_search().docs
    assert [doc["u"] for doc in docs] == [document.ref for document in documents]
    assert [doc["s"] for doc in docs] == [document.context for document in documents]
    assert [doc["x"] for doc in docs] == [document.snippet for document in documents]


def test_shards_hold_runs_of_terms_and_stay_small() -> None:
    files = sample_build()
    layout = json.loads(files["search/index.json"])
    shards = sorted(url for url in files if url.startswith("search/terms/"))
    assert len(shards) == len(layout["shards"]) > 1
    assert layout["terms"] == sorted(layout["terms"]) and layout["shards"][0] == 0
    bounds = [*layout["shards"], len(layout["terms"])]
    for number, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
        text = files[f"search/terms/{number}.json"]
        assert len(json.loads(text)) == end - start
        # A shard closes at the first term that takes it past the limit, unless that term is alone.
        assert end - start == 1 or len(text) <= SHARD_CHARS + 2
    assert len(layout["classes"]) == len(layout["terms"])


@pytest.mark.parametrize("limit", [1, 60, 700, SHARD_CHARS, 10**9])
def test_a_shard_takes_terms_until_the_next_would_take_it_past_the_limit(
    limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shards are cut as a writer adding one entry at a time would cut them; a longer entry is alone."""
    monkeypatch.setattr("generator.search.SHARD_CHARS", limit)
    contract = sample_contract()
    builder = index_builder(search_documents(contract, sample_records(contract)))
    terms = list(zip(*builder.entries(), strict=True))
    expected: list[list[str]] = []
    size = 0
    for _, _, _, entry in terms:
        if not expected or size + len(entry) > limit:
            expected.append([])
            size = 0
        expected[-1].append(entry)
        size += len(entry) + 1
    files = dict(index_files(builder, default_routes(contract)))
    layout = json.loads(files["search/index.json"])
    assert [files[f"search/terms/{number}.json"] for number in range(len(expected))] == [
        "[" + ",".join(shard) + "]" for shard in expected
    ]
    assert len(files) == len(expected) + 1
    assert layout["shards"] == list(accumulate((len(shard) for shard in expected[:-1]), initial=0))
    assert layout["terms"] == [term for term, *_ in terms]
    assert layout["classes"] == "".join(frequency_class(postings) for _, _, postings, _ in terms)


def test_documents_are_in_page_order_and_refs_are_unique() -> None:
    contract = sample_contract()
    documents = search_documents(contract, sample_records(contract))
    # Ordered by page (an article's sections right after it, by ref), every ref once.
    key = [(d.ref.split("#", 1)[0] if d.kind == "section" else d.ref, d.ref) for d in documents]
    assert key == sorted(key) and len({d.ref for d in documents}) == len(documents)
    assert {d.kind for d in documents} == {"article", "section", "scope", "plan"}
    record = sample_records(contract)[0]
    with pytest.raises(ValueError, match="two search documents share a ref: " + re.escape(record.url)):
        search_documents(contract, [record, replace(record, src_path="again.md")])
    twice = replace(record, html='<h2 id="x">One</h2><p>a</p><h2 id="x">Two</h2>', toc=(("x", "One", 2),))
    with pytest.raises(ValueError, match=re.escape(f"{record.url}#x")):
        search_documents(contract, [twice])
    # A section ref of one page that is another page's ref (a scope item's compare row).
    row = default_routes(contract).compare_row(contract.areas[0].items[0].id)
    page, anchor = row.split("#")
    clash = replace(record, url=page, html=f'<h2 id="{anchor}">Row</h2><p>a</p>', toc=((anchor, "Row", 2),))
    with pytest.raises(ValueError, match=re.escape(row)):
        search_documents(contract, [clash])


def test_result_chunks_hold_whole_pages() -> None:
    table = sample_search().table
    kinds = table["kinds"]
    assert all(kinds[start] != "s" for start in table["chunks"])
    lengths = [b - a for a, b in zip(table["chunks"], [*table["chunks"][1:], len(kinds)], strict=False)]
    # A chunk closes at the first page that starts after CHUNK_DOCS documents.
    assert max(lengths) < 2 * CHUNK_DOCS and sum(lengths) == len(kinds) == len(sample_search().docs)


def test_completions_are_the_most_frequent_terms_a_prefix_begins() -> None:
    index = sample_search().index
    found = completions(index, "s")
    assert len(found) == COMPLETIONS and all(term.startswith("s") for term in found)
    others = [t for t in index.inverted_index if t.startswith("s") and t not in found]
    assert min(term_postings(index, t) for t in found) >= max(term_postings(index, t) for t in others) // 2
    assert completions(index, "passw") == ["password"]


def test_first_query_lists_existing_search_files(tmp_path: Path) -> None:
    contract = sample_contract()
    write_search_index(contract, sample_records(contract), tmp_path)
    listed = (tmp_path / "search" / "first-query.txt").read_text("utf-8").splitlines()
    assert set(listed) == {"lunr.js", "index.json", "docs.json"}
    assert all((tmp_path / "search" / name).stat().st_size > 0 for name in listed)


# --- Relevance ----------------------------------------------------------------------------


def test_help_setting_up_sso_finds_the_scope_item_and_the_guide() -> None:
    top = [page_of(ref) for ref in search("can you help me set up SSO")[:TOP]]
    assert "scope/compare/#sso-configuration" in top
    assert "sso/set-up-saml/" in top


def test_plan_and_status_words_find_scope_items() -> None:
    assert search("sso premium")[0] in {"scope/compare/#sso-configuration", "scope/premium/"}
    assert "scope/compare/#sso-configuration" in search("sso premium")[:TOP]


def test_one_typo_is_tolerated() -> None:
    assert "account-admin/reset-your-password/" in [page_of(r) for r in search("pasword reset")[:TOP]]


def test_last_word_matches_as_a_prefix_while_typing() -> None:
    assert search("passw") == []
    assert "account-admin/reset-your-password/" in [page_of(r) for r in search("reset passw", typing=True)[:TOP]]


def test_stop_words_alone_find_nothing() -> None:
    assert search("how do I") == []


def load_relevance() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "relevance.yaml").read_text())
    return cases


def test_relevance_fixture_is_well_formed() -> None:
    _, payload = sample_index()
    cases = load_relevance()
    assert len(cases) == 20
    for case in cases:
        for ref in case["expect"]:
            assert ref in {doc["u"] for doc in payload["docs"]}, f"{case['question']!r} expects unknown ref {ref}"


def test_realistic_questions_find_what_a_person_expects() -> None:
    found = 0
    misses = []
    for case in load_relevance():
        top = [page_of(ref) for ref in search(case["question"])[:TOP]]
        if set(case["expect"]) & set(top):
            found += 1
        else:
            misses.append(f"  {case['question']!r}: got {top}, expected one of {case['expect']}")
    print(f"\nrelevance: {found}/{len(load_relevance())} questions have an expected result in the top {TOP}")
    print("\n".join(misses))
    assert found >= 18, "\n".join(misses)


@pytest.mark.parametrize("question", ["", "   ", "?!"])
def test_empty_queries_find_nothing(question: str) -> None:
    assert search(question) == []


# Endings Porter's steps look for, so generated words reach every rule, not only step 1.
PORTER_ENDINGS = (
    "sses ies ss s eed ed ing at bl iz y ational tional enci anci izer bli alli entli eli ousli ization "
    "ation ator alism iveness fulness ousness aliti iviti biliti logi icate ative alize iciti ical ful "
    "ness al ance ence er ic able ible ant ement ment ent ion sion tion ou ism ate iti ous ive ize e ll l"
).split()


@settings(max_examples=2000, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("aeiouyrstlnbcdgmpvwxzkYAE09'_\u00e9"), max_size=8),
    st.lists(st.sampled_from(PORTER_ENDINGS), max_size=3),
)
def test_the_index_stems_each_word_as_lunrs_porter_stemmer(start: str, endings: list[str]) -> None:
    """The stemmer the index runs on each new word gives what lunr.py's gives (with lunr.js's step 1c)."""
    word = start + "".join(endings)
    assert _stem(word) == _porter.stem(word), word


@pytest.mark.parametrize(
    "word",
    "a by bys dyed flying ies ion ions sses yyy syzygy day try deploying caresses ponies ties caress cats feed agreed "
    "plastered bled motoring sing conflated troubled sized hopping tanned falling hissing fizzed failing "
    "filing happy sky relational conditional rational valenci hesitanci digitizer conformabli radicalli "
    "differentli vileli analogousli vietnamization predication operator feudalism decisiveness hopefulness "
    "callousness formaliti sensitiviti sensibiliti triplicate formative formalize electriciti electrical "
    "hopeful goodness revival allowance inference airliner gyroscopic adjustable defensible irritant "
    "replacement adjustment dependent adoption homologou communism activate angulariti homologous effective "
    "bowdlerize probate rate cease controll roll eyed yes you're caf\u00e9s Days".split(),
)
def test_the_index_stems_porters_examples_as_lunr(word: str) -> None:
    assert _stem(word) == _porter.stem(word)


@pytest.mark.parametrize(
    ("word", "lunr_js_stem"),
    [("day", "day"), ("try", "tri"), ("keys", "key"), ("deploying", "deploy"), ("by", "by"), ("passwords", "password")],
)
def test_index_stems_like_lunr_js(word: str, lunr_js_stem: str) -> None:
    """The browser stems queries with lunr.js; index terms must agree (values from lunr.js 2.3.9)."""
    from lunr.token import Token

    from generator.search import stemmer

    assert str(stemmer(Token(word))) == lunr_js_stem


# Pieces of markup: what the splitter reads fast must be what HTMLParser reads.
ORDINARY_MARKUP = [
    "<p>", "</p>", '<p class="x">', "<P>", "</P >", '<div\n class="z">', "</div>", "<li>", "</li>", "<ul>",
    '<h2 id="a">', '<h2 id="b">', "</h2>", '<h3 class="y" id="c">', "</h3>", "<h1>", "</h1>", '<H2 ID="a">',
    '<a class="headerlink" href="#a" title="Permanent link">\u00b6</a>', '<a href="x/">', "</a>",
    "<table>", "</table>", "<thead>", "<tr>", "</tr>", "<th>", "</th>", "<td>", "</td>", "<tbody>",
    "<br />", "<br>", "<hr/>", '<img src="a.png" alt="x > y" />', "<strong>", "</STRONG>", "<code>", "</code>",
    "<em title='a\"b'>", "</em>", '<span data-x="">', "<input disabled>", "<pre>", "</pre>", '<p class="headerlink">',
    "<svg><text>t</text></svg>", "<template>t</template>", "text", " Words, and more ", "caf\u00e9", "\n", "\t",
    "\xa0", "&amp;", "&am", "p;", "&#", "60;", "&lt;", " & ", ">", "&",
]
# Markup the fast reading leaves to HTMLParser.
OTHER_MARKUP = [
    "<", "<!-- note -->", "<script>x<p>y</script>", "<textarea>a<b>b</textarea>", "<title>t</title>",
    "<my-tag>", "<a b=c>", "< p>", "</>", "</ div>", "<?pi?>", "<!DOCTYPE html>", "<![CDATA[x]]>",
    # Spaces that do not end HTMLParser's tag name: "p\x0bclass" is one name to it.
    '<p\x0bclass="x">', "<p\xa0id='y'>", '<h2\x0bid="a">', "<br\u2003/>", "</p\x0b>",
]


def read_by(splitter: Any) -> list[tuple[str | None, str, str]]:
    return [
        (anchor, "".join(chunks), "".join(prose))
        for (anchor, chunks), prose in zip(splitter.parts, splitter.prose, strict=True)
    ]


@settings(max_examples=int(os.environ.get("SCOPEBOOK_EXAMPLES", "60")) * 5, deadline=None)
@given(
    st.lists(st.sampled_from(ORDINARY_MARKUP), max_size=40),
    st.lists(st.sampled_from(OTHER_MARKUP), max_size=1),
    st.integers(0, 40),
    st.sets(st.sampled_from(["a", "b", "c"])),
)
def test_ordinary_markup_is_read_as_htmlparser_reads_it(
    pieces: list[str], other: list[str], where: int, anchors: set[str]
) -> None:
    from generator.search import _SectionSplitter

    html = "".join(pieces[:where] + other + pieces[where:])
    slow = _SectionSplitter(anchors)
    slow.feed(html)
    slow.close()
    for (_, text, prose), differs in zip(read_by(slow), slow.differs, strict=True):
        assert differs or prose == text  # a part's prose is only read apart when it may differ
    fast = _SectionSplitter(anchors)
    if fast.read_ordinary(html):
        assert read_by(fast) == read_by(slow)
        assert fast.differs == slow.differs


# Pieces of a table's inside: read in one pass (`_read_table`) when nothing inside changes the splitter's state.
CELL_MARKUP = ["cell", " a b ", "Done.", "&amp;", "&am", "p;", "\n", "\xa0", "<p>", "</p>", "<br />", "<br>", "<code>",
               "</code>", "<a href='x'>", "</a>", "<strong>"]
TABLE_MARKUP = ["<tr>", "</tr>", '<tr class="x">', "<th>", "</th>", "<td>", "</TD>", '<td align="left">', "<thead>",
                "</thead>", "<tbody>", "<caption>", "</caption>", "\n"]
table_rows = st.lists(
    st.lists(st.tuples(st.sampled_from(["th", "td", "TD"]), st.lists(st.sampled_from(CELL_MARKUP), max_size=4)), max_size=4),
    max_size=5,
)


@settings(max_examples=int(os.environ.get("SCOPEBOOK_EXAMPLES", "60")) * 5, deadline=None)
@given(table_rows, st.lists(st.sampled_from(TABLE_MARKUP + CELL_MARKUP), max_size=3), st.integers(0, 100))
def test_a_table_read_in_one_pass_is_read_as_htmlparser_reads_it(
    rows: list[list[tuple[str, list[str]]]], stray: list[str], where: int
) -> None:
    from generator.search import _SectionSplitter

    pieces = [piece for row in rows for piece in ("<tr>", *(f"<{t}>{''.join(cell)}</{t}>" for t, cell in row), "</tr>")]
    where %= len(pieces) + 1
    inside = "".join(pieces[:where] + stray + pieces[where:])
    html = f"<p>Before</p><table class='t'>{inside}</table><p>After <b>x</b></p><h2 id='a'>A</h2><table>{inside}</TABLE >"
    slow = _SectionSplitter({"a"})
    slow.feed(html)
    slow.close()
    fast = _SectionSplitter({"a"})
    assert fast.read_ordinary(html)
    assert read_by(fast) == read_by(slow)
    assert fast.differs == slow.differs


def test_a_page_of_ordinary_markup_is_read_fast() -> None:
    from generator.search import _SectionSplitter

    assert _SectionSplitter({"a", "b"}).read_ordinary("".join(ORDINARY_MARKUP))
    # HTMLParser unescapes each piece of text between two tags on its own.
    cut = "<p>AT&amp;T &am<b>p; &#10<i>4; &<em>lt;</em> &amp<br>; &copy<span>x</span></p>"
    fast, slow = _SectionSplitter(()), _SectionSplitter(())
    assert fast.read_ordinary(cut)
    slow.feed(cut)
    slow.close()
    assert read_by(fast) == read_by(slow) == [(None, " AT&T &amp; \n4; &lt; & ; \u00a9x ", " AT&T &amp; \n4; &lt; & ; \u00a9x ")]
    for other in OTHER_MARKUP:
        assert not _SectionSplitter({"a"}).read_ordinary(f"<p>a {other} b</p>")


def test_a_table_is_read_row_by_row_in_its_place() -> None:
    html = (
        "<h2 id='limits'>Limits</h2><p>Per token:</p>"
        "<table><thead><tr><th>Header</th><th>Meaning</th></tr></thead>"
        "<tbody><tr><td>X-Limit</td><td>Requests a minute</td></tr><tr><td>X-Left</td><td>Left this minute.</td></tr>"
        "</tbody></table><p>Then wait.</p>"
        "<h2 id='codes'>Codes</h2><table><tr><td>400</td><td>bad</td><td>Fix it</td></tr></table>"
    )
    parts = split_sections_and_prose(html, ["limits", "codes"])
    assert parts[1] == (
        "limits",
        "Per token: Header Meaning X-Limit Requests a minute X-Left Left this minute. Then wait.",
        "Per token: X-Limit: Requests a minute. X-Left: Left this minute. Then wait.",
    )
    assert parts[2][2] == "400, bad, Fix it."


def test_service_answer_is_one_line_from_the_contract(contract: Contract) -> None:
    answers = {plan.id: service_answer(contract, plan) for plan in contract.plans}
    assert answers["standard"] == (
        "Standard: Monday to Friday, 08:00-18:00 (Europe/London); community forum, email, support portal; "
        "no in-app chat, phone or technical account manager; Severity 1 within 8 business hours"
    )
    assert answers["free"].endswith("Severity 1: best effort, no response target")
    assert "no " not in answers["enterprise"]  # every channel is offered
    # hours that differ by weekday are stated in full: "Do you answer on Saturday?"
    assert answers["premium"].startswith("Premium: Monday to Friday, 07:00-22:00; Saturday, 09:00-17:00 (Europe/London); ")


@pytest.mark.parametrize(
    "question", ["SLA", "sev1", "response time", "how long until you reply", "weekend support", "phone support"]
)
def test_service_questions_find_every_plans_service_level(question: str) -> None:
    refs = search(question)
    service = [r for r in refs if r.endswith("#service_level")]
    assert len(service) == 4, refs[:8]


def test_snippets_read_tables_row_by_row_and_the_index_keeps_their_words() -> None:
    _, payload = sample_index()
    docs = {doc["u"]: doc for doc in payload["docs"]}
    step = docs["api/api-quickstart/#step-1-create-an-authentication-token"]
    assert step["x"].startswith(
        "Fernpath supports two kinds of authentication tokens: Token type: Personal access token; "
        "Use it for: Scripts and testing; acts as you; Created in: Profile >"
    )
    assert "Token type Use it for" not in step["x"]
    # A section that is only a table reads its first rows, not its cells in one run.
    assert docs["api/error-codes/#status-codes"]["x"].startswith(
        "Status: 400; Code: bad_request; Meaning: Malformed JSON or parameters; What to do: Check the request body. "
        "Status: 401; "
    )
    assert "api/api-quickstart/#step-1-create-an-authentication-token" in search("oauth apps created in settings")[:5]
