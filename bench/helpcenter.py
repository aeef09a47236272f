"""A deterministic, synthetic help center of N articles and a scaled contract, for benchmarks.

`python bench/helpcenter.py N DIR` writes into DIR:

- `content/`: N articles in a dozen section folders (plus the home page and one landing page
  per section), of varied length (log-normal, 60 to 4,000 words), with headings, lists,
  tables, code blocks, admonitions, links between articles and front matter naming scope
  items;
- `scope/`: the sample contract scaled to 6 plans, 30 areas and 600 items;
- `mkdocs.yml` (scopebook), `plain.yml` (theme `mkdocs`, MkDocs' `search` plugin) and
  `prebuild.yml` (the same with `prebuild_index: python`) over the same articles.

The text is invented: function words at natural rates, a domain vocabulary of real words and
made-up words that appear at a rate following Heaps' law, so the vocabulary grows with N like
a real corpus's (roughly 5,000 new words at N=100, 40,000 at N=5,000), and Zipf-like word
frequencies (words are reused in proportion to how often they were used). The same N always
gives the same bytes.
"""

from __future__ import annotations

import argparse
import copy
import math
import posixpath
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SCOPE = ROOT / "scope"
PLANS_ADDED = (("starter", "Starter", "free"), ("business", "Business", "standard"))
AREAS, ITEMS_PER_AREA = 30, 20
MARKDOWN_EXTENSIONS = ["toc", "tables", "admonition", "attr_list", "sane_lists"]

STOP_WORDS = (
    "the a to you your and of in is for on it that with can be this if or when from are by as not "
    "an at we do all will have they which then their use our more any each only after one before "
    "there into so out also than how what other these has does until may must while its you're"
).split()
DOMAIN_WORDS = (
    "account workspace project task board member admin owner user team guest role permission "
    "setting settings page list view field value filter report export import file folder "
    "attachment comment mention notification email message channel integration webhook token "
    "key secret password sign signing login session domain region server agent sync client "
    "browser app mobile desktop device phone network proxy firewall certificate connection "
    "request response error code status limit rate quota plan billing invoice payment seat "
    "license trial upgrade downgrade version release update install installer package script "
    "command option default custom template rule automation trigger action schedule time zone "
    "date calendar reminder deadline priority label tag label search index result query "
    "backup restore delete trash archive history audit log event record data database table "
    "column row format csv json api endpoint sdk library request header body parameter "
    "share link public private invite remove add create change edit open close select choose "
    "enter copy paste save turn check make sure follow steps next first new existing "
    "security privacy encryption policy compliance identity provider saml scim oidc mfa "
    "support case contact engineer ticket severity response target hours incident outage "
    "performance slow fast load loading cache memory disk storage upload download space "
    "manage configure enable disable allow block require verify confirm test troubleshoot "
    "problem issue fix workaround cause reason problem question answer guide article "
    "keyboard shortcut menu button panel sidebar header tab window screen dialog icon "
    "migration mapping migrate reconcile duplicate merge split move rename sort group "
    "workflow approval review owner manager organisation company customer partner vendor "
    "usage monthly yearly daily weekly minute second hour day week month year number count"
).split()
ONSETS = "b c d f g h j k l m n p r s t v w z br cr dr fl gr pl pr sk sl sp st tr ch sh th".split()
VOWELS = "a e i o u ai ea ie ou".split()
CODAS = ["", "", "", "", "n", "r", "l", "s", "t", "m", "nd", "st"]
SUFFIXES = ["", "", "", "", "s", "ed", "ing", "er", "ion", "able", "ly"]
SECTIONS = (
    ("getting-started", "Getting started"),
    ("account-admin", "Accounts and admin"),
    ("workspaces", "Workspaces and projects"),
    ("sso", "Single sign-on and security"),
    ("integrations", "Integrations"),
    ("data", "Importing and exporting data"),
    ("api", "API and developers"),
    ("mobile", "Mobile apps"),
    ("sync-agent", "Sync Agent"),
    ("server", "Self-hosted server"),
    ("billing", "Billing and plans"),
    ("troubleshooting", "Troubleshooting"),
)
PRODUCTS = ("Web app", "Mobile app", "Sync Agent", "Server", "API")
OWNERS = ("Support Content Team", "Developer Relations", "Security Team", "Billing Operations")
TITLE_OPENERS = ("How to", "Set up", "Fix", "Troubleshoot", "Manage", "Understand", "Change", "Connect", "Use")
CODE_LANGUAGES = ("bash", "json", "python", "yaml")


class Lexicon:
    """Word source with Heaps-law vocabulary growth and Zipf-like reuse, from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.made: set[str] = set(DOMAIN_WORDS) | set(STOP_WORDS)
        self.history: list[str] = []  # every content word used so far, so reuse follows frequency
        self.tokens = 0
        # Zipf over the hand-written vocabularies: rank r drawn with weight 1/r.
        self._stop_weights = list(_cumulative(len(STOP_WORDS)))
        self._domain_weights = list(_cumulative(len(DOMAIN_WORDS)))

    def _invent(self) -> str:
        while True:
            syllables = self.rng.choice((1, 2, 2, 2, 3))
            stem = "".join(
                self.rng.choice(ONSETS) + self.rng.choice(VOWELS) + self.rng.choice(CODAS) for _ in range(syllables)
            )
            word = stem + self.rng.choice(SUFFIXES)
            if len(word) >= 3 and word not in self.made:
                self.made.add(word)
                return word

    def content_word(self, local: list[str]) -> str:
        """A content word: new (at a falling rate), a domain word, one of this article's, or any used before."""
        self.tokens += 1
        roll = self.rng.random()
        # Heaps' law V = K * T^0.55: the chance the next word is new is its derivative.
        if roll < min(0.5, 8.8 * self.tokens**-0.45):
            word = self._invent()
        elif roll < 0.55 or not self.history:
            word = self.rng.choices(DOMAIN_WORDS, cum_weights=self._domain_weights)[0]
        elif roll < 0.7 and local:
            word = self.rng.choice(local)
        else:
            word = self.rng.choice(self.history)
        self.history.append(word)
        local.append(word)
        return word

    def stop_word(self) -> str:
        return self.rng.choices(STOP_WORDS, cum_weights=self._stop_weights)[0]

    def words(self, count: int, local: list[str]) -> list[str]:
        return [self.stop_word() if self.rng.random() < 0.42 else self.content_word(local) for _ in range(count)]

    def sentence(self, local: list[str], low: int = 7, high: int = 22) -> str:
        words = self.words(self.rng.randint(low, high), local)
        return (" ".join(words)).capitalize() + "."

    def phrase(self, local: list[str], low: int = 2, high: int = 5) -> str:
        return " ".join(self.content_word(local) for _ in range(self.rng.randint(low, high)))


def _cumulative(size: int) -> Iterator[float]:
    total = 0.0
    for rank in range(1, size + 1):
        total += 1 / rank
        yield total


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "article"


@dataclass
class Article:
    path: str  # under content/
    title: str
    summary: str
    tags: list[str]
    scope: list[str]
    products: list[str]
    reviewed: str
    owner: str
    words: int
    vocabulary: list[str] = field(default_factory=list)


class HelpCenter:
    """Plans N articles first (paths, titles), then writes bodies that link between them."""

    def __init__(self, articles: int, seed: int = 13) -> None:
        self.n = articles
        self.rng = random.Random(seed * 1_000_003 + articles)
        self.lex = Lexicon(self.rng)
        self.item_ids = [f"{_area_id(a)}-{i + 1:02d}" for a in range(AREAS) for i in range(ITEMS_PER_AREA)]
        self.tags = [self.lex.content_word([]) for _ in range(40 + articles // 40)]
        self.articles = self._plan_articles()

    def _plan_articles(self) -> list[Article]:
        taken: set[str] = set()
        planned: list[Article] = []
        start = date(2025, 1, 1)
        for number in range(self.n):
            section = SECTIONS[number % len(SECTIONS)][0]
            local: list[str] = []
            title = f"{self.rng.choice(TITLE_OPENERS)} {self.lex.phrase(local, 2, 5)}"
            slug = _slug(title)[:60].strip("-")
            path = f"{section}/{slug}.md"
            suffix = 2
            while path in taken:
                path = f"{section}/{slug}-{suffix}.md"
                suffix += 1
            taken.add(path)
            scope_count = self.rng.choice((0, 1, 1, 1, 2, 2, 3))
            planned.append(
                Article(
                    path=path,
                    title=title,
                    summary=self.lex.sentence(local, 8, 18),
                    tags=sorted(set(self.rng.sample(self.tags, self.rng.randint(1, 4)))),
                    scope=sorted(set(self.rng.sample(self.item_ids, scope_count))),
                    products=sorted(self.rng.sample(PRODUCTS, self.rng.randint(1, 3))),
                    reviewed=(start + timedelta(days=self.rng.randrange(600))).isoformat(),
                    owner=self.rng.choice(OWNERS),
                    words=max(60, min(4000, int(self.rng.lognormvariate(math.log(350), 0.7)))),
                    vocabulary=local,
                )
            )
        return planned

    # --- Markdown -------------------------------------------------------------------------

    def _link(self, here: str, local: list[str]) -> str:
        target = self.rng.choice(self.articles)
        relative = posixpath.relpath(target.path, posixpath.dirname(here))
        return f"[{self.lex.phrase(local, 1, 3)}]({relative})"

    def _paragraph(self, article: Article, budget: int) -> tuple[str, int]:
        sentences, used = [], 0
        while used < budget:
            sentence = self.lex.sentence(article.vocabulary)
            roll = self.rng.random()
            if roll < 0.12:
                sentence = sentence[:-1] + f", see {self._link(article.path, article.vocabulary)}."
            elif roll < 0.2:
                sentence = sentence[:-1] + f" in **{self.lex.phrase(article.vocabulary, 1, 3)}**."
            elif roll < 0.26:
                sentence = sentence[:-1] + f" with `{self.lex.content_word(article.vocabulary)}`."
            sentences.append(sentence)
            used += sentence.count(" ") + 1
        return " ".join(sentences), used

    def _list(self, article: Article) -> tuple[str, int]:
        ordered = self.rng.random() < 0.5
        lines = [
            f"{i + 1 if ordered else '-'}{'.' if ordered else ''} {self.lex.sentence(article.vocabulary, 4, 14)}"
            for i in range(self.rng.randint(3, 7))
        ]
        return "\n".join(lines), sum(line.count(" ") for line in lines)

    def _table(self, article: Article) -> tuple[str, int]:
        columns = self.rng.randint(2, 4)
        head = [self.lex.phrase(article.vocabulary, 1, 2).capitalize() for _ in range(columns)]
        rows = [
            [self.lex.phrase(article.vocabulary, 1, 4) for _ in range(columns)] for _ in range(self.rng.randint(2, 6))
        ]
        lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * columns]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines), sum(len(" ".join(row).split()) for row in rows)

    def _code(self, article: Article) -> tuple[str, int]:
        language = self.rng.choice(CODE_LANGUAGES)
        words = [self.lex.content_word(article.vocabulary) for _ in range(self.rng.randint(3, 10))]
        if language == "bash":
            body = "\n".join(f"hl {w} --{self.rng.choice(words)} {self.rng.randint(1, 999)}" for w in words[:4])
        elif language == "json":
            body = "{\n" + ",\n".join(f'  "{w}": {self.rng.randint(0, 500)}' for w in words) + "\n}"
        elif language == "python":
            body = "\n".join(f"{w} = client.{self.rng.choice(words)}({self.rng.randint(1, 50)})" for w in words[:5])
        else:
            body = "\n".join(f"{w}: {self.rng.choice(words)}" for w in words)
        return f"```{language}\n{body}\n```", len(words)

    def _admonition(self, article: Article) -> tuple[str, int]:
        kind = self.rng.choice(("note", "tip", "warning"))
        text = self.lex.sentence(article.vocabulary, 8, 20)
        return f"!!! {kind}\n    {text}", text.count(" ") + 1

    def _blocks(self, article: Article, budget: int) -> list[str]:
        blocks: list[str] = []
        used = 0
        while used < budget:
            roll = self.rng.random()
            if roll < 0.62 or not blocks:
                block, words = self._paragraph(article, self.rng.randint(30, 110))
            elif roll < 0.78:
                block, words = self._list(article)
            elif roll < 0.86:
                block, words = self._table(article)
            elif roll < 0.94:
                block, words = self._code(article)
            else:
                block, words = self._admonition(article)
            blocks.append(block)
            used += words
        return blocks

    def article_markdown(self, article: Article) -> str:
        front = {
            "title": article.title,
            "summary": article.summary,
            "tags": article.tags,
            **({"scope": article.scope} if article.scope else {}),
            "products": article.products,
            "last_reviewed": article.reviewed,
            "owner": article.owner,
        }
        sections = min(12, article.words // 160)
        intro = article.words if not sections else self.rng.randint(40, 120)
        parts = [f"---\n{_yaml(front)}---"]
        parts += self._blocks(article, intro)
        per_section = max(40, (article.words - intro) // max(1, sections))
        for _ in range(sections):
            parts.append(f"## {self.lex.phrase(article.vocabulary, 2, 6).capitalize()}")
            if per_section > 200 and self.rng.random() < 0.5:
                half = per_section // 2
                parts += self._blocks(article, half)
                parts.append(f"### {self.lex.phrase(article.vocabulary, 2, 5).capitalize()}")
                parts += self._blocks(article, per_section - half)
            else:
                parts += self._blocks(article, per_section)
        return "\n\n".join(parts) + "\n"

    # --- Files ----------------------------------------------------------------------------

    def write(self, out: Path) -> None:
        content = out / "content"
        content.mkdir(parents=True, exist_ok=True)
        (content / "index.md").write_text(
            f"---\ntitle: Harborline Help Center\n---\n\n{self.lex.sentence([], 20, 40)}\n", encoding="utf-8"
        )
        for folder, name in SECTIONS:
            (content / folder).mkdir(exist_ok=True)
            summary = self.lex.sentence([], 8, 16)
            (content / folder / "index.md").write_text(
                f"---\n{_yaml({'title': name, 'summary': summary}).rstrip()}\n---\n\n{summary}\n", encoding="utf-8"
            )
        for article in self.articles:
            (content / article.path).write_text(self.article_markdown(article), encoding="utf-8")
        write_contract(out / "scope", self.lex, self.rng, self.item_ids)
        write_configs(out)


def _area_id(number: int) -> str:
    return f"area-{number + 1:02d}"


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


# --- The contract -------------------------------------------------------------------------


def _sample_files() -> list[tuple[str, dict[str, Any]]]:
    return [(path.name, yaml.safe_load(path.read_text("utf-8"))) for path in sorted(SAMPLE_SCOPE.glob("*.yaml"))]


def _add_plans(data: dict[str, Any]) -> None:
    """Insert each added plan right above its parent, sold every add-on its parent is sold."""
    for plan_id, name, parent in PLANS_ADDED:
        if "plans" in data:
            plans = data["plans"]
            at = next(i for i, p in enumerate(plans) if p["id"] == parent)
            for child in plans:
                if child.get("extends") == parent:
                    child["extends"] = plan_id
            plans.insert(at + 1, {"id": plan_id, "name": name, "extends": parent, "summary": f"{name} support."})
        if "service_levels" in data:
            levels = data["service_levels"]
            at = next(i for i, level in enumerate(levels) if level["plan"] == parent)
            levels.insert(at + 1, {**copy.deepcopy(levels[at]), "plan": plan_id})
        for addon in data.get("addons") or ():
            if parent in addon.get("plans", ()):
                addon["plans"].insert(addon["plans"].index(parent) + 1, plan_id)


def write_contract(scope: Path, lex: Lexicon, rng: random.Random, item_ids: list[str]) -> None:
    """The sample contract with 6 plans, and 30 areas of 20 items made from the sample's items."""
    scope.mkdir(parents=True, exist_ok=True)
    files = _sample_files()
    templates = [item for _, data in files for area in data.get("areas") or () for item in area["items"]]
    for name, data in files:
        if "areas" in data:
            continue
        _add_plans(data)
        (scope / name).write_text(_yaml(data), encoding="utf-8")
    ids = iter(item_ids)
    for part in range(6):
        areas = []
        for number in range(part * 5, part * 5 + 5):
            local: list[str] = []
            items = []
            for _ in range(ITEMS_PER_AREA):
                item = copy.deepcopy(templates[(number * ITEMS_PER_AREA + len(items)) * 7 % len(templates)])
                item["id"] = next(ids)
                item["title"] = lex.phrase(local, 2, 6).capitalize()
                item["description"] = " ".join(lex.sentence(local) for _ in range(rng.randint(1, 3)))
                if "examples" in item:
                    item["examples"] = [lex.sentence(local, 3, 8)[:-1] for _ in range(rng.randint(1, 3))]
                if "reason" in item:
                    item["reason"] = lex.sentence(local, 6, 14)
                alternative = item.get("alternative")
                if isinstance(alternative, dict):
                    alternative["label"] = lex.phrase(local, 2, 5).capitalize()
                    if "article" in alternative:
                        alternative["article"] = f"{SECTIONS[number % len(SECTIONS)][0]}/index.md"
                items.append(item)
            areas.append(
                {
                    "id": _area_id(number),
                    "name": lex.phrase(local, 1, 3).capitalize(),
                    "summary": lex.sentence(local),
                    "items": items,
                }
            )
        (scope / f"areas-{part + 1}.yaml").write_text(_yaml({"areas": areas}), encoding="utf-8")


def write_configs(out: Path) -> None:
    """mkdocs.yml (scopebook), pagefind.yml (the same with Pagefind), plain.yml (MkDocs' theme and search), prebuild.yml.

    The navigation lists the home page and the section landing pages, as a help center of
    thousands of articles would: MkDocs' own theme puts every nav entry on every page, which
    would make the plain build quadratic in N and an unfair baseline.
    """
    nav = ["index.md"] + [f"{folder}/index.md" for folder, _ in SECTIONS]
    common = {"site_name": "Harborline Help Center", "site_url": "https://help.harborline.example/"}
    common |= {"docs_dir": "content", "nav": nav, "markdown_extensions": MARKDOWN_EXTENSIONS}
    configs = {
        "mkdocs.yml": {**common, "theme": {"name": "scopebook"}, "plugins": [{"scopebook": {"scope_dir": "scope"}}]},
        "pagefind.yml": {
            **common,
            "theme": {"name": "scopebook"},
            "plugins": [{"scopebook": {"scope_dir": "scope", "search": {"engine": "pagefind"}}}],
        },
        "plain.yml": {**common, "theme": {"name": "mkdocs"}, "plugins": ["search"]},
        "prebuild.yml": {**common, "theme": {"name": "mkdocs"}, "plugins": [{"search": {"prebuild_index": "python"}}]},
    }
    for name, config in configs.items():
        (out / name).write_text(_yaml(config), encoding="utf-8")


def generate(articles: int, out: Path) -> HelpCenter:
    """Write a help center of `articles` articles into `out` (which should be empty)."""
    center = HelpCenter(articles)
    center.write(out)
    return center


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, help="number of articles (not counting landing pages)")
    parser.add_argument("out", type=Path, help="folder to write into")
    args = parser.parse_args(argv)
    center = generate(args.articles, args.out)
    words = len(center.lex.history)
    print(f"{args.out}: {args.articles} articles, {words} content words, {len(center.lex.made)} distinct")
    return 0


if __name__ == "__main__":
    sys.exit(main())
