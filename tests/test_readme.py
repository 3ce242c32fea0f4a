"""The README's Python examples run and print what the README says."""

import doctest
import pathlib


def test_readme_examples():
    result = doctest.testfile(str(pathlib.Path("README.md").resolve()), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 8 and result.failed == 0


def test_readme_tour_section_is_the_tour_output(capsys):
    """The README's printed tables are regenerated from the code: they cannot drift from it."""
    from symorbit.cli.commands import main

    assert main(["tour"]) == 0
    printed = capsys.readouterr().out
    readme = pathlib.Path("README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The tour (output of `symorbit tour`)"):]
    want = printed[printed.index("## Candy vs Wait!"):].strip()
    got = section[section.index("## Candy vs Wait!"):].strip()
    assert got == want, "README's tour section is stale: paste the output of `symorbit tour` into it"
