"""The order lifecycle lives in one home: no module but orders/lifecycle.py lists order statuses, no template or
script compares a status with a literal, and only orders/status_changes.py writes an order's status."""

import ast
import re
from pathlib import Path

import pytest

from storefront.orders.lifecycle import OrderStatus

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "storefront"
HOME = PACKAGE / "orders" / "lifecycle.py"
WRITER = PACKAGE / "orders" / "status_changes.py"
STATUS_NAMES = {status.name for status in OrderStatus}
STATUS_VALUES = {status.value for status in OrderStatus}
MODULES = sorted(path for path in PACKAGE.rglob("*.py") if path != HOME)


def is_status(node):
    """`OrderStatus.READY` (or a status's value as a string)."""
    if isinstance(node, ast.Attribute) and node.attr in STATUS_NAMES:
        return isinstance(node.value, ast.Name) and node.value.id == "OrderStatus"
    return isinstance(node, ast.Constant) and node.value in STATUS_VALUES


def status_subsets(source):
    """Line numbers of collections (set, tuple, list, dict keys) that name two or more statuses."""
    found = []
    for node in ast.walk(ast.parse(source)):
        members = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", None)
        if isinstance(node, ast.Set | ast.Tuple | ast.List | ast.Dict) and sum(map(is_status, members or ())) >= 2:
            found.append(node.lineno)
    return found


def status_writes(source):
    """Line numbers that assign an order's status (`order.status = …`) or UPDATE it (`.values(status=…)`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Attribute) and target.attr == "status" and getattr(target.value, "id", "") == "order"
            for target in node.targets
        ):
            found.append(node.lineno)
        updates_status = isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "values"
        if updates_status and any(k.arg == "status" for k in node.keywords) and "update(Order)" in ast.unparse(node):
            found.append(node.lineno)
    return found


def test_the_check_finds_a_subset_and_a_write():
    source = 'BUSY = (OrderStatus.PLACED, OrderStatus.RENDERING)\nSHOWN = {"ready", "fulfilled"}\norder.status = "x"\n'
    assert status_subsets(source) == [1, 2]
    assert status_writes(source) == [3]
    assert status_subsets("x == OrderStatus.READY\nSTATE = ('ready', 'pending')") == []


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_module_but_the_lifecycle_lists_statuses(path):
    assert status_subsets(path.read_text()) == [], f"{path.relative_to(ROOT)}: use a named set of orders/lifecycle.py"


@pytest.mark.parametrize("path", [p for p in MODULES if p != WRITER], ids=lambda path: str(path.relative_to(ROOT)))
def test_only_the_status_change_function_writes_an_orders_status(path):
    assert status_writes(path.read_text()) == [], f"{path.relative_to(ROOT)}: use orders/status_changes.change_status"


STATUS_COMPARED = re.compile(
    r"status\s*(?:===?|!==?|\bin\b)\s*[(\[]?\s*['\"](?:" + "|".join(sorted(STATUS_VALUES)) + r")['\"]"
)


@pytest.mark.parametrize(
    "path",
    sorted([*(ROOT / "templates").rglob("*.html"), *(ROOT / "static" / "js").rglob("*.js")]),
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_templates_and_scripts_only_draw_what_the_server_says(path):
    compared = STATUS_COMPARED.findall(path.read_text())
    assert compared == [], f"{path.relative_to(ROOT)} compares a status with a literal: let status.json say it"
