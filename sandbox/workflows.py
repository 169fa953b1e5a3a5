"""Personalization workflows per product (Workflow Elements, UI Framework, legacy types) and the editors' URLs."""

import json

from flask import current_app

from .catalog import Product
from .config import public_url

EDITOR_ENV = "us"
COLORS = ["#ffffff", "#fbf6ef", "#1f2933", "#5b3a29", "#1c3d5a", "#0b6e4f", "#d9480f", "#c2255c", "#f59f00"]
FONT_SIZES = [10, 12, 14, 16, 18, 20, 22, 24, 28, 32, 40]
MAX_LINES = 8
LOCALIZATION = {"addToCartButton": "Add to cart"}


def application_urls() -> dict:
    """Where each editor lives: Workflow Elements and the UI Framework are served, the others are placeholders."""
    base = public_url(current_app.config)
    return {
        "designEditorUrl": f"{base}/design-editor",
        "uiFrameworkUrl": f"{base}/ui-framework",
        "simpleEditorUrl": f"{base}/simple-editor",
        "workflowElementsUrl": f"{base}/libs/{EDITOR_ENV}/workflow-elements",
        "templateEditorUrl": f"{base}/template-editor",
        "preflightUrl": f"{base}/preflight",
        "dynamicImageUrl": f"{base}/dynamic-image",
    }


def design_defaults(product: Product) -> dict:
    """The product's name, reference and design (lines, font size, colours, size) the stand-ins start from."""
    return {
        "product_name": product.name,
        "product_reference": product.reference,
        **product.design,
        "max_lines": MAX_LINES,
    }


def _workflow_elements(product: Product) -> dict:
    component = product.component or "handy-editor"
    return {
        "configVersion": 2,
        "component": component,
        "tagName": f"au-{component}",
        "input": {},
        "settings": design_defaults(product),
        "resources": {"colors": COLORS, "font_sizes": FONT_SIZES},
        "localization": dict(LOCALIZATION),
    }


def _ui_framework(product: Product) -> dict:
    """A UI Framework config: a design-editor widget, an order widget carrying its snapshot, one step."""
    return {
        "vars": design_defaults(product),
        "widgets": [
            {"name": "editor", "type": "design-editor", "params": {}},
            {"name": "cart", "type": "order", "params": {"snapshot": "{{ $['editor'].snapshot }}"}},
        ],
        "steps": [{"name": "Design", "mainPanel": {"name": "editor"}}],
        "restoration": {"widgets": [], "steps": [], "vars": {}},
    }


def _simple_editor_v1(_product: Product) -> dict:
    return {"settings": {"general": {"showAddToCartLoader": False, "showPrice": False}}}


def _design_editor(_product: Product) -> dict:
    return {"editorConfig": {}, "attributes": [], "vars": {}}


CONTENT = {
    "WorkflowElements": _workflow_elements,
    "UIFramework": _ui_framework,
    "SimpleEditor": _simple_editor_v1,
    "DesignEditor": _design_editor,
}


def workflow_content(product: Product) -> dict:
    """The content of the product's personalization workflow, by its type (unknown types: Workflow Elements)."""
    return CONTENT.get(product.workflow_type, _workflow_elements)(product)


def workflow_dto(product: Product) -> dict:
    """PersonalizationWorkflowDto: {id, workflowType, content: <JSON string>}."""
    return {"id": product.id, "workflowType": product.workflow_type, "content": json.dumps(workflow_content(product))}


def parameters_dto(product: Product) -> dict:
    """PersonalizationParametersDto: the product, every application URL, the workflow type and content."""
    urls = application_urls()
    return {
        "productType": "Product",
        "id": product.id,
        "versionId": product.version_id,
        "apiGatewayUrl": public_url(current_app.config),
        "designEditorUrl": urls["designEditorUrl"],
        "preflightUrl": urls["preflightUrl"],
        "dynamicImageUrl": urls["dynamicImageUrl"],
        "uiFrameworkUrl": urls["uiFrameworkUrl"],
        "simpleEditorUrl": urls["simpleEditorUrl"],
        "workflowElementsUrl": urls["workflowElementsUrl"],
        "workflowType": product.workflow_type,
        "workflowContent": json.dumps(workflow_content(product)),
    }
