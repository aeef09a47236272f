"""Contract format 2 on the built site and in its search data: plain words, never YAML.

The sample help center shows best effort, its own 24x7 hours, a range, an add-on that
raises the service level and prices; a small site built from the every-form fixture shows
the rest (a customer's local time zone, a stated reason, `not-offered`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from built_site import BuiltSite, Node
from scope_fixtures import EVERY_FORM

from generator.model import Contract
from generator.search import search_documents
from generator.search_query import load_site_search

# What a writer types and a reader must never see.
RAW = re.compile(r"\b\d+(?:m|h|d|bm|bh|bd)-\d+(?:m|h|d|bm|bh|bd)\b|not-offered|best-effort|\(local\)")
SCOPE_PAGES = ["scope/", "scope/compare/", "scope/free/", "scope/standard/", "scope/premium/", "scope/enterprise/"]
UPGRADE = (
    "Severity 1 (critical) in 1 hour (24x7); Severity 2 (high) in 1 to 4 hours; "
    "updates on Severity 1 (critical) every 2 hours; "
    "support hours: Monday to Friday, 07:00-22:00; Saturday, 09:00-17:00 (Europe/London); also by In-app chat, Phone"
)


def main_text(page: Node) -> str:
    return next(n for n in page.iter() if n.tag == "main").text()


def rows(table: Node) -> dict[str, list[str]]:
    """A table's body rows by their header cell's text: the other cells' texts."""
    found = {}
    for tr in table.find_all("tr"):
        cells = [n for n in tr.children if n.tag in ("th", "td")]
        if cells and cells[0].tag == "th":
            found[cells[0].text()] = [c.text() for c in cells[1:]]
    return found


@pytest.mark.parametrize("url", SCOPE_PAGES)
def test_scope_pages_never_show_the_scope_file_spelling(built_site: BuiltSite, url: str) -> None:
    assert RAW.findall(main_text(built_site.page(url))) == []


def test_free_is_best_effort_without_published_hours(built_site: BuiltSite) -> None:
    page = built_site.page("scope/free/")
    facts = page.find_all("dl", class_="facts")[0].text()
    assert "Support hours No support hours are published" in facts
    targets = rows(page.find_all("table", class_="targets")[0])
    assert targets["Severity 1 (critical)"] == ["Best effort, no response target", "No set interval"]
    # best effort is help: the row is not greyed out as "not offered"
    assert all("not-offered" not in tr.classes() for tr in page.find_all("tr"))
    card = built_site.page("scope/").find_all("li", class_="plan-card plan-free")[0]
    assert "Fastest reply Best effort, no response target" in card.text()


def test_own_hours_and_ranges_on_the_premium_page(built_site: BuiltSite) -> None:
    targets = rows(built_site.page("scope/premium/").find_all("table", class_="targets")[0])
    assert targets["Severity 1 (critical)"][0] == "1 hour (24x7)"
    assert targets["Severity 2 (high)"][0] == "1 to 4 hours"
    compare = rows(built_site.page("scope/compare/").find_all("table", class_="compare")[0])
    assert compare["First reply, Severity 2 (high)"] == [
        "Best effort, no response target",
        "1 business day",
        "1 to 4 hours",
        "2 hours",
    ]


def test_prices_on_cards_plan_pages_and_compare(built_site: BuiltSite, contract: Contract) -> None:
    overview = built_site.page("scope/")
    compare = rows(built_site.page("scope/compare/").find_all("table", class_="compare")[0])
    assert compare["Price"] == [plan.price for plan in contract.plans]
    for plan in contract.plans:
        card = overview.find_all("li", class_=f"plan-card plan-{plan.id}")[0]
        assert card.find_all("dd", class_="plan-price")[0].text() == plan.price
        assert f"Price: {plan.price}." in built_site.page(f"scope/{plan.id}/").text()


def test_an_addon_that_raises_the_service_level_says_what_it_improves(built_site: BuiltSite) -> None:
    standard = built_site.page("scope/standard/")
    (line,) = standard.find_all("ul", class_="upgrade-list")[0].find_all("li")
    assert line.text() == f"With Priority support (USD 6 per user per month): {UPGRADE}"
    assert line.find_all("a")[0].attrs["href"] == "../#addon-priority-support"
    assert not built_site.page("scope/premium/").find_all("ul", class_="upgrade-list")
    compare = rows(built_site.page("scope/compare/").find_all("table", class_="compare")[0])
    assert compare["With Priority support"] == ["Not available", UPGRADE, "Not available", "Not available"]
    addon = built_site.page("scope/").by_id("addon-priority-support")
    offers = addon.find_all("ul", class_="addon-offers")[0].find_all("li")
    assert [" ".join(li.raw_text().split()) for li in offers] == [f"Standard with Priority support: {UPGRADE}"]
    assert offers[0].find_all("a")[0].attrs["href"] == "standard/with/priority-support/"


def test_coverage_box_says_best_effort(built_site: BuiltSite) -> None:
    box = next(n for n in built_site.page("sso/set-up-saml/").iter() if "coverage" in n.classes())
    free = box.find_all("tr", class_="plan-free")[0]
    assert "Best effort, no response target" in free.text()


def test_search_data_says_it_in_plain_words(built_site: BuiltSite, contract: Contract) -> None:
    docs = load_site_search(built_site.root).docs
    plans = {doc["u"]: doc for doc in docs if doc["k"] == "plan"}
    assert plans["scope/standard/#service_level"]["x"].endswith("Price: USD 12 per user per month.")
    assert RAW.findall(json.dumps(docs)) == []
    # what the index is built from, field by field, before it is tokenised
    bodies = {d.ref: d.fields["body"] for d in search_documents(contract, []) if d.kind == "plan"}
    assert RAW.findall(json.dumps(bodies)) == []
    assert "No support hours are published" in bodies["scope/free/#service_level"]
    assert "Severity 1 (critical): Best effort, no response target." in bodies["scope/free/#service_level"]
    assert (
        "Severity 1 (critical): 1 hour (24x7). Severity 2 (high): 1 to 4 hours."
        in bodies["scope/premium/#service_level"]
    )
    assert f"With Priority support: {UPGRADE}." in bodies["scope/standard/#service_level"]
    assert bodies["scope/enterprise/#service_level"].startswith("Price: Custom pricing, billed yearly.")


@pytest.fixture(scope="module")
def every_form_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A tiny help center over the fixture that uses each format 2 addition once."""
    src = tmp_path_factory.mktemp("every-form")
    (src / "scope").mkdir()
    shutil.copy(EVERY_FORM, src / "scope" / EVERY_FORM.name)
    (src / "content").mkdir()
    (src / "content" / "index.md").write_text("---\ntitle: Help\n---\n\nWelcome.\n", "utf-8")
    (src / "mkdocs.yml").write_text(
        "site_name: Every form\ndocs_dir: content\ntheme:\n  name: scopebook\nplugins:\n  - scopebook\n", "utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
        cwd=src,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return BuiltSite(src / "site", result.stderr)


def test_local_time_zone_reason_and_not_offered_in_words(every_form_site: BuiltSite) -> None:
    pro = every_form_site.page("scope/pro/")
    text = main_text(pro)
    assert RAW.findall(text) == []
    assert "Monday to Friday, 09:00-17:00 in your local time zone" in text
    targets = rows(pro.find_all("table", class_="targets")[0])
    assert targets["High"] == ["30 minutes (Around the clock)", "1 to 4 hours"]
    assert targets["Normal"][0] == "4 business hours to 2 business days"
    assert targets["Low"] == ["Not offered Pro questions go to your account manager .", "—"]
    reason = pro.find_all("span", class_="cell-note")[0]
    assert [n.tag for n in reason.children] == ["em"]  # the reason is the writer's Markdown
    basic = every_form_site.page("scope/basic/")
    assert (
        "With Priority support (USD 5 per user per month): High in 1 hour; unlimited named contacts; also in German"
        in main_text(basic)
    )
    for url in ("scope/", "scope/compare/", "scope/basic/"):
        assert RAW.findall(main_text(every_form_site.page(url))) == [], url
