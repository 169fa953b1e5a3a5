"""The package's layout rules, read from its source: no import circles, no imports hidden in functions, small
modules, every RQ job in one module, queued only through the queueing API under an id one of its functions builds,
no library's private attributes."""

import ast
import importlib
import sys
from pathlib import Path

import pytest

from storefront.jobs import functions, queueing

PACKAGE = Path(__file__).resolve().parents[2] / "storefront"
ROOT = PACKAGE.parent
# The store's module holding nothing but the libraries' extension objects (db, csrf, login_manager...).
EXTENSIONS = "storefront.extensions"
MAX_LINES = 300
# Modules that may hand work to RQ themselves: the queue primitives and the queueing API built on them.
QUEUEING_MODULES = {"storefront.jobs.redis_queue", "storefront.jobs.queueing"}


def module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(), filename=str(path)) for name, path in MODULES.items()}


def imported_modules(name, node):
    """The store modules an import statement names (a `from package import module` names the module)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in MODULES}
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    base = ".".join(part for part in (package if node.level else "", node.module or "") if part)
    found = {f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES}
    if len(found) < len(node.names) and base in MODULES:
        found.add(base)
    return found


def module_level_imports(tree):
    """Import statements run when the module is imported (not those inside functions)."""
    found = []
    for node in tree.body:
        for child in ast.walk(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                break
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.append(child)
    return found


def function_level_imports(tree):
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.extend(child for child in ast.walk(node) if isinstance(child, ast.Import | ast.ImportFrom))
    return found


def import_graph():
    return {
        name: {target for node in module_level_imports(tree) for target in imported_modules(name, node)} - {name}
        for name, tree in TREES.items()
    }


def find_cycle(graph):
    """One import circle as a list of modules, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return stack[stack.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_the_import_graph_sees_relative_and_package_imports():
    graph = import_graph()
    assert "storefront.jobs.queueing" in graph["storefront.checkout.placing"]
    assert "storefront.cart.services" in graph["storefront.checkout.placing"]  # from ..cart import services
    assert "storefront.hub" in graph["storefront.fulfillment.polling"]  # from ..hub import get_hub


def test_no_import_circles():
    assert find_cycle(import_graph()) is None


def test_no_store_module_is_imported_inside_a_function():
    hidden = [
        f"{name}:{node.lineno}"
        for name, tree in TREES.items()
        for node in function_level_imports(tree)
        if imported_modules(name, node) or (isinstance(node, ast.ImportFrom) and node.level)
    ]
    assert hidden == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name):
    assert len(MODULES[name].read_text().splitlines()) <= MAX_LINES


def test_no_store_module_imports_the_app_factory():
    importers = [name for name, targets in import_graph().items() if "storefront" in targets]
    assert importers == []


def test_every_queued_job_is_a_function_of_the_jobs_module():
    names = {value for key, value in vars(queueing).items() if key.isupper() and isinstance(value, str)}
    job_names = {value for value in names if value.startswith(f"{queueing.JOBS}.")}
    assert len(job_names) >= 6
    for dotted in job_names:
        module, _, function = dotted.rpartition(".")
        assert callable(getattr(importlib.import_module(module), function)), dotted
    assert functions.__name__ == queueing.JOBS


def test_only_the_queueing_modules_hand_work_to_rq():
    callers = sorted(
        f"{name}:{node.lineno}"
        for name, tree in TREES.items()
        if name not in QUEUEING_MODULES
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"enqueue", "enqueue_in", "enqueue_at", "enqueue_call"}
    )
    assert callers == []


def job_id_functions():
    """The queueing API's job id builders: `submit_job_id`, `poll_job_prefix`..."""
    return {name for name in vars(queueing) if name.endswith(("_job_id", "_job_prefix"))}


def spelled_job_ids(tree, builders):
    """Lines where a job id is given (a `job_id=` argument, or a `job_id` variable) as anything but a call of one
    of the builders or a name passed on (a parameter of the queue primitives)."""
    given = [node.value for node in ast.walk(tree) if isinstance(node, ast.keyword) and node.arg == "job_id"]
    given += [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "job_id" for target in node.targets)
    ]
    return sorted(
        value.lineno
        for value in given
        if not isinstance(value, ast.Name)
        and not (isinstance(value, ast.Call) and getattr(value.func, "id", None) in builders)
    )


def test_every_job_id_is_built_by_a_function_of_the_queueing_api():
    builders = job_id_functions()
    assert {"submit_job_id", "poll_job_id", "poll_now_job_id", "mail_job_id", "reconcile_job_id"} <= builders
    spelled = [f"{name}:{line}" for name, tree in TREES.items() for line in spelled_job_ids(tree, builders)]
    assert spelled == []


def test_the_job_id_check_sees_an_inline_id():
    tree = ast.parse('enqueue_once(JOB, 1, job_id=f"mail-{1}")\njob_id = "x"\nenqueue_once(JOB, job_id=mail_job_id(1))')
    assert spelled_job_ids(tree, {"mail_job_id"}) == [1, 2]


def is_library(module):
    """A third-party module: neither the store's (storefront, config, sandbox...) nor Python's standard library."""
    top = module.partition(".")[0]
    own = (ROOT / top).is_dir() or (ROOT / f"{top}.py").is_file()
    return not own and top not in sys.stdlib_module_names


def library_names(name, tree):
    """Names the module binds to a library's modules or objects: imported from a library, or from EXTENSIONS."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.asname or alias.name.partition(".")[0] for alias in node.names if is_library(alias.name)}
        elif isinstance(node, ast.ImportFrom):
            library = node.level == 0 and is_library(node.module)
            if library or imported_modules(name, node) == {EXTENSIONS}:
                names |= {alias.asname or alias.name for alias in node.names}
    return names


def root_name(node):
    """The name an attribute chain starts from (`limiter` in `limiter.x._y()`), else None."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def private_library_reads(name, tree):
    """`module:line name._attr` for each private attribute (one underscore, not a dunder) read from a library's
    object: what a library may rename or drop in any release without a word."""
    libraries = library_names(name, tree)
    return [
        f"{name}:{node.lineno} {root_name(node)}...{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not (node.attr.startswith("__") and node.attr.endswith("__"))
        and root_name(node) in libraries
    ]


def test_the_private_attribute_check_sees_a_library_object_and_nothing_of_ours():
    source = """
from flask_login import current_user
from .extensions import limiter
import os
import flask.globals as fg
limiter._check_request_limit
current_user._get_current_object().name
fg.request_ctx._private
os._exit(1)
self._own
current_user.__class__
"""
    found = private_library_reads("storefront.errors", ast.parse(source))
    assert sorted(entry.split(" ", 1)[1] for entry in found) == [
        "current_user..._get_current_object",
        "fg..._private",
        "limiter..._check_request_limit",
    ]


def test_no_store_module_reads_a_private_attribute_of_a_library():
    assert [entry for name, tree in TREES.items() for entry in private_library_reads(name, tree)] == []
