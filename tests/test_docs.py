"""The documentation a reader follows: every link and anchor resolves, and the citation metadata is valid."""

import pathlib
import re

import pytest

import symorbit

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
CITED = re.compile(r"\b(docs/[a-z_]+\.md)#([A-Za-z0-9_-]+)")


def slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def anchors(page: pathlib.Path) -> set[str]:
    text = page.read_text(encoding="utf-8")
    found = set(re.findall(r'<a id="([^"]+)"></a>', text))
    in_code = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            found.add(slug(line.lstrip("#")))
    return found


def test_slug_matches_github():
    assert slug(" The tour (output of `symorbit tour`)") == "the-tour-output-of-symorbit-tour"
    assert slug(" Every reward, not a sample (`--rewards all`)") == "every-reward-not-a-sample---rewards-all"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_resolves(page):
    text = page.read_text(encoding="utf-8")
    for target in LINK.findall(text):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        assert dest.exists(), f"{page.name}: link to {target} (no such file)"
        if anchor and dest.suffix == ".md":
            assert anchor in anchors(dest), f"{page.name}: link to {target} (no such anchor)"


def test_every_docs_reference_in_the_code_resolves():
    """``docs/theory.md#most`` in a docstring, a message or a test names an anchor that exists."""
    files = [p for d in ("symorbit", "theorems", "tests", "benchmarks", "notebooks", "examples")
             for p in (ROOT / d).rglob("*") if p.suffix in (".py", ".md", ".toml", ".json") and p.is_file()]
    files += PAGES
    cache: dict[str, set[str]] = {}
    cited = 0
    for path in files:
        for page, anchor in CITED.findall(path.read_text(encoding="utf-8", errors="replace")):
            target = ROOT / page
            assert target.exists(), f"{path.relative_to(ROOT)} cites {page}, which does not exist"
            if page not in cache:
                cache[page] = anchors(target)
            assert anchor in cache[page], f"{path.relative_to(ROOT)} cites {page}#{anchor}, which has no such anchor"
            cited += 1
    assert cited > 0


def test_citation_cff_is_valid_and_names_this_version():
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert data["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "version", "license", "type"):
        assert data[key], key
    assert str(data["version"]) == symorbit.__version__
    assert all("name" in a or "family-names" in a for a in data["authors"])
    refs = {r["title"] for r in data["references"]}
    assert "Optimal Policies Tend to Seek Power" in refs
    assert "Parametrically Retargetable Decision-Makers Tend To Seek Power" in refs


def test_changelog_keeps_a_changelog_form():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog") and "keepachangelog.com" in text and "## [Unreleased]" in text
    assert f"## [{symorbit.__version__}]" in text
    for heading in re.findall(r"^### (.+)$", text, flags=re.M):
        assert heading in {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}, heading


def test_no_reference_to_files_outside_the_repository():
    """The specification and style notes the project started from are not in the repository: cite
    the papers, docs/theory.md or docs/style.md instead (issue 25)."""
    spec, style = "SP" + "EC", "STY" + "LE"
    banned = re.compile(rf"{spec} ?§|{spec} (?:pitfalls? )?P\d|{spec}'s|{spec}\.md|{style}\.md|{style} (?:point|§)")
    roots = ["symorbit", "theorems", "tests", "docs", "notebooks", "examples", "benchmarks", "scripts"]
    files = [p for d in roots for p in (ROOT / d).rglob("*") if p.is_file()
             and p.suffix in (".py", ".md", ".ipynb", ".toml", ".json", ".sh", ".txt")
             and ".hypothesis" not in p.parts and "__pycache__" not in p.parts]
    files += [ROOT / "README.md", ROOT / "CHANGELOG.md", ROOT / "CITATION.cff", ROOT / "pyproject.toml"]
    found = [f"{p.relative_to(ROOT)}:{i}" for p in files
             for i, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
             if banned.search(line)]
    assert not found, f"cite docs/theory.md or docs/style.md instead (see their anchors): {found[:10]}"
