"""The generic camelCase mapping of Hub wire JSON: each field from its own key, whatever the class's field order."""

from __future__ import annotations

from dataclasses import dataclass

from storefront.hub import OutputFile, PersonalizationWorkflow, ProcessingResults, Product, Project
from storefront.hub.wire import from_wire, to_wire, wire_field


@dataclass(frozen=True)
class Shuffled:
    # Declared in a different order from the wire object below: values must still land on their own fields.
    last_modified: str | None = None
    order_id: str | None = None
    id: int | None = None


def test_each_field_is_read_from_its_own_key_not_its_position():
    record = from_wire(Shuffled, {"id": 7, "orderId": "A-1", "lastModified": "2026-12-02"})
    assert record == Shuffled(last_modified="2026-12-02", order_id="A-1", id=7)


def test_missing_keys_keep_defaults_and_unknown_keys_are_ignored():
    project = from_wire(Project, {"id": 3, "somethingNew": {"x": 1}})
    assert project.id == 3 and project.items == () and project.order_id is None


def test_nested_lists_renamed_keys_and_dotted_paths():
    results = from_wire(
        ProcessingResults,
        {
            "status": "Completed",
            "outputFileDetails": [{"artifactId": "a1", "anonymousAccess": True, "size": 10}],
        },
    )
    assert results.output_files == (OutputFile(artifact_id="a1", anonymous_access=True, size=10),)
    product = from_wire(Product, {"id": 1, "image": {"url": "https://img/x.png"}, "tags": ["card"]})
    assert product.image_url == "https://img/x.png" and product.tags == ("card",)


def test_workflow_content_string_is_parsed_and_bad_json_becomes_empty():
    workflow = from_wire(PersonalizationWorkflow, {"id": 1, "content": '{"component": "handy-editor"}'})
    assert workflow.content == {"component": "handy-editor"}
    assert from_wire(PersonalizationWorkflow, {"content": "{not json"}).content == {}


def test_required_field_left_out_by_the_hub_is_none_not_a_crash():
    assert from_wire(ProcessingResults, {}).status is None


@dataclass(frozen=True)
class Renamed:
    design_ids: tuple[str, ...] | None = None
    external: str | None = wire_field("ext", default=None)


def test_to_wire_is_camel_case_without_none_and_honours_renames():
    assert to_wire(Renamed(design_ids=("d1",), external="e")) == {"designIds": ["d1"], "ext": "e"}
    assert to_wire(Renamed()) == {}
