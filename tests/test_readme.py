"""The README's Python examples run and print what the README says."""

import doctest
import pathlib


def test_readme_examples():
    result = doctest.testfile(str(pathlib.Path("README.md").resolve()), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 8 and result.failed == 0
