"""The published "Service performance" page: figures from the engine, links, aggregates only."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from built_site import REPO, SAMPLE_SOURCES, BuiltSite, Node, build_site_dir

from generator.attainment import Attainment, parse_options, published_attainment
from generator.model import Contract
from generator.routes import Routes

PAGE = "scope/performance/"


@pytest.fixture(scope="module")
def published(contract: Contract) -> Attainment:
    """What the sample's mkdocs.yml asks to publish, measured directly by the engine."""
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=yaml.SafeLoader)
    options = next(p["scopebook"]["attainment"] for p in config["plugins"] if isinstance(p, dict))
    return published_attainment(contract, parse_options(options, REPO))


def _rows(page: Node, plan: str) -> list[list[str]]:
    section = next(s for s in page.find_all("section") if s.attrs.get("aria-labelledby") == plan)
    body = section.find_all("tbody")[0]
    return [[cell.text() for cell in row.children] for row in body.find_all("tr")]


def test_the_page_shows_the_engines_figures_per_plan_and_severity(
    built_site: BuiltSite, contract: Contract, published: Attainment
) -> None:
    page = built_site.page(PAGE)
    for plan in contract.plans:
        cells = [c for c in published.cells if c.plan == plan.id and c.tickets]
        rows = _rows(page, plan.id)
        assert [r[0] for r in rows] == [contract.severity(c.severity).name for c in cells]
        for row, cell in zip(rows, cells, strict=True):
            assert row[2] == str(cell.tickets)
            if cell.scored:
                assert row[3:6] == [str(cell.met), str(cell.missed), str(cell.pending)]
                assert row[6].startswith(f"{cell.attainment * 100:.1f}%") if cell.attainment is not None else True
            else:
                assert row[6] == "Not scored"
    facts = page.find_all("dl", class_="performance-facts")[0].text()
    assert "Tickets opened 1 October 2026 to 31 October 2026" in facts
    assert f"Tickets {published.counted}" in facts


def test_each_chart_is_an_image_with_a_text_alternative_and_bars_to_scale(
    built_site: BuiltSite, published: Attainment
) -> None:
    page = built_site.page(PAGE)
    charts = page.find_all("svg")
    # Free is best effort on every severity: nothing to chart, its table says so.
    assert [svg.attrs["aria-labelledby"].split()[0] for svg in charts] == [
        f"chart-{plan}-title" for plan in ("standard", "premium", "enterprise")
    ]
    standard = next(svg for svg in charts if svg.attrs.get("aria-labelledby", "").startswith("chart-standard-"))
    assert standard.attrs["role"] == "img"
    title = standard.find_all("title")[0].text()
    assert title == "Standard: share of tickets answered within target"
    desc = standard.find_all("desc")[0].text()
    sev2 = published.cell("standard", "sev2")
    assert f"Severity 2 (high): {sev2.attainment * 100:.1f}%" in desc  # type: ignore[operator]
    bars = [b for b in standard.find_all("rect") if "bar" in b.classes()]
    widths = [float(b.attrs["width"]) for b in bars]
    shares = [c.attainment for c in published.cells if c.plan == "standard" and c.attainment is not None]
    assert widths == [round(s * 250, 1) for s in shares]
    # Colours are attributes too, so the chart reads under a theme without our stylesheet.
    assert all(shape.attrs.get("fill") for shape in standard.find_all("rect") + standard.find_all("text"))
    # A table beside every chart gives the same figures.
    assert len(page.find_all("table", class_="performance-table")) == 4


def test_plan_pages_and_the_overview_link_to_it(built_site: BuiltSite, contract: Contract) -> None:
    for plan in contract.plans:
        hrefs = [a.attrs.get("href", "") for a in built_site.page(f"scope/{plan.id}/").find_all("a")]
        assert f"../performance/#{plan.id}" in hrefs
    assert "performance/" in [a.attrs.get("href") for a in built_site.page("scope/").find_all("a")]


def test_only_aggregates_are_published(built_site: BuiltSite) -> None:
    ids = {line.split(",")[0] for line in (REPO / "tickets" / "sample-tickets.csv").read_text("utf-8").splitlines()[1:]}
    assert len(ids) > 500
    pattern = re.compile(rb"FP-1\d{4}")
    leaked = [p for p in built_site.root.rglob("*") if p.is_file() and pattern.search(p.read_bytes())]
    assert leaked == []


def test_the_sample_tickets_are_what_the_script_makes(tmp_path: Path) -> None:
    out = tmp_path / "tickets.csv"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "sample_tickets.py"), str(out)], check=True, capture_output=True
    )
    assert out.read_bytes() == (REPO / "tickets" / "sample-tickets.csv").read_bytes()


def test_routes_have_no_performance_page_unless_asked() -> None:
    assert Routes.for_site("scope", ["free"]).performance() is None
    routes = Routes.for_site("support-scope", ["free"], performance=True)
    assert routes.performance("free") == "support-scope/performance/#free"
    assert "support-scope/performance/index.md" in [p.uri for p in routes.generated_pages("T", {"free": "Free"})]


# --- Builds of a copy of the sample --------------------------------------------------------


def _copy(tmp_path: Path, config: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name in SAMPLE_SOURCES:
        shutil.copytree(REPO / name, src / name)
    return src


def _sample_config() -> str:
    return (REPO / "mkdocs.yml").read_text("utf-8")


def test_without_the_option_nothing_changes(tmp_path: Path) -> None:
    config = re.sub(r"\n      # The service performance page.*?until: [0-9-]+\n", "\n", _sample_config(), flags=re.S)
    assert "attainment" not in config
    src = _copy(tmp_path, config)
    result = build_site_dir(src / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site" / "scope" / "performance").exists()
    plan = (tmp_path / "site" / "scope" / "standard" / "index.html").read_text("utf-8")
    assert "../performance/" not in plan
    assert '"performance/' not in (tmp_path / "site" / "scope" / "index.html").read_text("utf-8")
    assert "scope/performance/" not in (tmp_path / "site" / "sitemap.xml").read_text("utf-8")


def test_a_bad_row_stops_the_build_naming_its_line(tmp_path: Path) -> None:
    src = _copy(tmp_path, _sample_config())
    tickets = src / "tickets" / "sample-tickets.csv"
    lines = tickets.read_text("utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",sev", ",urgent-sev", 1)
    tickets.write_text("".join(lines), encoding="utf-8")
    result = build_site_dir(src / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "tickets/sample-tickets.csv:3: error: unknown severity `urgent-sev" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_bad_option_stops_the_build(tmp_path: Path) -> None:
    src = _copy(tmp_path, _sample_config().replace("until: 2026-10-31", "until: end of October"))
    result = build_site_dir(src / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "plugins.scopebook.attainment.until: `end of October` is not a date" in result.stderr


def test_the_sample_options_match_the_plugin_schema_editors_use() -> None:
    import json

    import jsonschema

    from generator.attainment_command import _TolerantLoader

    options = json.loads((REPO / "generator" / "schema" / "plugin.schema.json").read_text("utf-8"))["$defs"]["options"]
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=_TolerantLoader)  # noqa: S506
    sample = next(p["scopebook"] for p in config["plugins"] if isinstance(p, dict))
    jsonschema.validate(sample, options)
    with pytest.raises(jsonschema.ValidationError, match="opened"):
        jsonschema.validate({"attainment": {"tickets": "t.csv", "columns": {"opened": "Opened"}}}, options)


def test_each_cell_is_shown_against_the_contracts_objective(
    built_site: BuiltSite, contract: Contract, published: Attainment
) -> None:
    assert contract.objective is not None and published.objective == contract.objective
    page = built_site.page(PAGE)
    facts = page.find_all("dl", class_="performance-facts")[0].text()
    assert "95% of tickets answered within the response target" in facts
    words = {"met": "Meets 95%", "below": "Below 95%"}
    for cell in published.cells:
        if not cell.tickets or not cell.scored:
            continue
        row = next(r for r in _rows(page, cell.plan) if r[0] == contract.severity(cell.severity).name)
        expected = words["below"] if cell.below_objective else words["met"] if cell.held else "Too few to judge"
        assert row[6].endswith(expected), (cell.plan, cell.severity, row[6])
    assert any(c.below_objective for c in published.cells)  # the sample shows what falling short looks like
    lines = [svg.find_all("line")[0] for svg in page.find_all("svg")]
    assert {line.attrs["x1"] for line in lines} == {"237.5"}  # 95% of the 250-unit bar
