"""The examples in each statement module run as doctests (``theorems/`` is installed as ``symorbit.theorems``)."""

import doctest
import importlib
import pkgutil
from fractions import Fraction

import pytest

import symorbit.theorems

MODULES = ["symorbit.theorems"] + [f"symorbit.theorems.{m.name}" for m in pkgutil.iter_modules(symorbit.theorems.__path__)]


@pytest.mark.parametrize("name", MODULES)
def test_statement_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"Fraction": Fraction}, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"
