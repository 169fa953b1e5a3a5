"""Each blueprint lives in the package its name names, and its templates sit under one folder named after it.

A blueprint is named after its package (`account` in storefront/account/), or starts with it when a package has
several (`admin`, `admin_catalog` and `admin_mapping` in storefront/admin/; `catalog` and `catalog_media` in
storefront/catalog/); a package's templates are under `templates/<package>/`. Shared templates: the top-level
files (`base.html` and the macros), `errors/` (storefront/errors.py) and `emails/` (storefront/mail/, which has no
blueprint).
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STOREFRONT = ROOT / "storefront"
TEMPLATES = ROOT / "templates"
# `_order_summary.html`: an order's totals and delivery, drawn alike on the customer's order page and the admin's.
SHARED_FILES = {"base.html", "_macros.html", "_forms.html", "_order_summary.html"}
SHARED_FOLDERS = {"errors", "emails"}
# The template folder of a package without a blueprint of its own name.
FOLDER_OF = {"mail": "emails", "": "errors"}
TEMPLATE_NAME = re.compile(r"^([a-z_]+)/[\w./{}-]*\.(?:html|txt)$")
TEMPLATE_TAG = re.compile(r"\{%-?\s*(?:extends|include|import|from)\s+\"([^\"]+)\"")


def package_of(path):
    """The feature package a store module belongs to ('' for the top-level modules)."""
    parts = path.relative_to(STOREFRONT).parts
    return parts[0] if len(parts) > 1 else ""


def trees():
    for path in sorted(STOREFRONT.rglob("*.py")):
        yield path, ast.parse(path.read_text(), filename=str(path))


def blueprints():
    """(module path, blueprint name) of every `Blueprint("name", ...)` in the store."""
    for path, tree in trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Blueprint":
                yield path, node.args[0].value


def template_names(tree):
    """Template names a module spells: string constants such as "cart/cart.html", and the folder that begins an
    f-string such as f"emails/{kind}.txt"."""
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [value.value if isinstance(value, ast.Constant) else "{}" for value in node.values]
            text = "".join(str(part) for part in parts)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if TEMPLATE_NAME.match(text):
            yield text


def test_every_blueprint_is_named_after_its_package():
    misplaced = [
        f"{path.relative_to(ROOT)}: {name}"
        for path, name in blueprints()
        if not package_of(path) or not (name == package_of(path) or name.startswith(f"{package_of(path)}_"))
    ]
    assert misplaced == []


def test_every_template_folder_belongs_to_a_blueprint_or_is_shared():
    names = {name for _path, name in blueprints()}
    folders = {path.name for path in TEMPLATES.iterdir() if path.is_dir() and any(path.iterdir())}
    assert folders - names - SHARED_FOLDERS == set()
    assert {path.name for path in TEMPLATES.iterdir() if path.is_file()} <= SHARED_FILES


def test_a_package_renders_only_the_templates_of_its_own_folder():
    elsewhere = [
        f"{path.relative_to(ROOT)}: {name}"
        for path, tree in trees()
        for name in template_names(tree)
        if name.split("/")[0] != FOLDER_OF.get(package_of(path), package_of(path))
    ]
    assert elsewhere == []


def test_a_template_uses_only_its_own_folder_and_the_shared_files():
    borrowed = [
        f"{path.relative_to(TEMPLATES)}: {used}"
        for path in sorted(TEMPLATES.rglob("*.*"))
        if path.parent != TEMPLATES
        for used in TEMPLATE_TAG.findall(path.read_text())
        if used not in SHARED_FILES and used.split("/")[0] != path.parent.name
    ]
    assert borrowed == []


def test_the_checks_see_a_misplaced_blueprint_and_a_borrowed_template():
    tree = ast.parse('bp = Blueprint("account", __name__)\nPAGE = "shoppers/designs.html"\nkind = f"emails/{k}.txt"')
    assert list(template_names(tree)) == ["shoppers/designs.html", "emails/{}.txt"]
    assert TEMPLATE_TAG.findall('{% extends "base.html" %}{% include "shoppers/_notice.html" %}') == [
        "base.html",
        "shoppers/_notice.html",
    ]
