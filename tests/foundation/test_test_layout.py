"""The test suites mirror the code and stand alone: a folder per package it tests, no conftest imports another
conftest, and shared helpers live in tests/fixtures/."""

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
STOREFRONT = TESTS.parent / "storefront"
# Suites that are not about one package: shared helpers, the house rules, Aurigma's clients against the sandbox,
# whole journeys in a browser or on several hosts, and the repository's other packages (sandbox/, bench/).
ACROSS_PACKAGES = {"fixtures", "foundation", "contract", "browser", "scaleout", "sandbox", "bench"}
CONFTESTS = sorted(TESTS.rglob("conftest.py"))


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield "." * node.level + (node.module or "")
            for alias in node.names:
                yield f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


@pytest.mark.parametrize("conftest", CONFTESTS, ids=lambda path: str(path.relative_to(TESTS)))
def test_no_conftest_imports_another_conftest(conftest):
    assert [name for name in imported_modules(conftest) if "conftest" in name] == []


def test_the_check_sees_a_conftest_import(tmp_path):
    offender = tmp_path / "conftest.py"
    offender.write_text("from tests.cart.conftest import ShopperDriver\nfrom tests.fulfillment import conftest\n")
    assert [name for name in imported_modules(offender) if "conftest" in name] == [
        "tests.cart.conftest",
        "tests.cart.conftest.ShopperDriver",
        "tests.fulfillment.conftest",
    ]


def test_every_test_folder_is_named_after_the_package_it_tests():
    packages = {path.name for path in STOREFRONT.iterdir() if (path / "__init__.py").exists()}
    folders = {path.name for path in TESTS.iterdir() if (path / "__init__.py").exists()}
    assert folders - packages - ACROSS_PACKAGES == set()
