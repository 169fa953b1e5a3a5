"""Every path the documentation names exists: backticked paths (`storefront/orders/checkout.py`, `templates/cart/`,
`tests/jobs/test_scheduling.py`, `docs/security.md`...), package paths of the README's architecture table
(`orders/checkout.py` is storefront/orders/checkout.py, a bare `models.py` in the `orders/` row too) and relative
links. A placeholder such as `templates/editor/<type>.html` or `tests/jobs/test_worker_*.py` must match a file."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STOREFRONT = ROOT / "storefront"
DOCUMENTS = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    ROOT / "bench" / "README.md",
    ROOT / "sandbox" / "README.md",
]
# Folders of the repository a backticked path may start with (others, such as `instance/` or `/connect/token`,
# are made at run time or are URLs).
REPOSITORY_FOLDERS = ("storefront", "templates", "static", "tests", "docs", "sandbox", "bench", "scripts", "migrations")
PACKAGES = {path.name for path in STOREFRONT.iterdir() if (path / "__init__.py").exists()}
BACKTICKED = re.compile(r"`([^`\s]+)`")
LINK = re.compile(r"\]\(([^)\s]+)\)")
TABLE_ROW = re.compile(r"^\| `([a-z_]+)/` \|")
MODULE_NAME = re.compile(r"^[a-z_]+\.py$")
PLACEHOLDER = re.compile(r"<[^>]*>|\{[^}]*\}")


def named_paths(text):
    """Repository paths a document names in backticks, relative to the repository root."""
    for token in BACKTICKED.findall(text):
        token = token.rstrip(".,:;")
        first = token.split("/", 1)[0]
        if "/" not in token or "://" in token:
            continue
        if first in REPOSITORY_FOLDERS:
            yield token
        elif first in PACKAGES:
            yield f"storefront/{token}"


def table_modules(text):
    """storefront/<package>/<module> for each bare module name in a row of the architecture table; the modules of
    the `storefront/` row (what every area shares) are storefront/<module>."""
    for line in text.splitlines():
        row = TABLE_ROW.match(line)
        if row and (row.group(1) in PACKAGES or row.group(1) == "storefront"):
            folder = "storefront" if row.group(1) == "storefront" else f"storefront/{row.group(1)}"
            for token in BACKTICKED.findall(line):
                if MODULE_NAME.match(token):
                    yield f"{folder}/{token}"


def linked_paths(document, text):
    """Relative link targets, relative to the repository root."""
    for target in LINK.findall(text):
        target = target.split("#", 1)[0]
        if target and not re.match(r"^[a-z]+:", target):
            yield str((document.parent / target).resolve().relative_to(ROOT))


def exists(path):
    pattern = PLACEHOLDER.sub("*", path).rstrip("/")
    return any(ROOT.glob(pattern)) if "*" in pattern else (ROOT / pattern).exists()


def every_path(document):
    text = document.read_text()
    return sorted({*named_paths(text), *table_modules(text), *linked_paths(document, text)})


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_path_a_document_names_exists(document):
    assert [path for path in every_path(document) if not exists(path)] == []


def test_nothing_points_outside_the_repository():
    # A checkout lives in some folder of some machine: the folder beside it is not part of the project.
    outside = re.compile(r"/work/|\.\./shared/")
    files = [*DOCUMENTS, *sorted(ROOT.glob("[!.]*/**/*.py")), *sorted(ROOT.glob("*.py"))]
    pointing = [
        str(path.relative_to(ROOT))
        for path in files
        if path != Path(__file__).resolve() and outside.search(path.read_text())
    ]
    assert pointing == []


def test_the_check_reads_backticks_table_rows_and_links(tmp_path):
    text = (
        "See `storefront/jobs/queueing.py`, `orders/checkout.py`, `templates/editor/<type>.html`, `instance/x`, "
        "`/connect/token` and [the page](docs/security.md).\n| `cart/` | lines (`models.py`) |\n"
        "| `storefront/` | the factory (`__init__.py`) |\n"
    )
    assert sorted(named_paths(text)) == [
        "storefront/",
        "storefront/cart/",
        "storefront/jobs/queueing.py",
        "storefront/orders/checkout.py",
        "templates/editor/<type>.html",
    ]
    assert list(table_modules(text)) == ["storefront/cart/models.py", "storefront/__init__.py"]
    assert list(linked_paths(ROOT / "README.md", text)) == ["docs/security.md"]
    assert exists("templates/editor/<type>.html") and not exists("storefront/nowhere.py")
