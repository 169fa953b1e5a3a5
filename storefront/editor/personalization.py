"""Builds the personalize page's editor: the Hub workflow, where its scripts live, and its documented init input.

What each editor receives follows the Hub's documentation (see docs/editors.md): Workflow Elements components get
`init({configVersion, integration, input, settings, resources, localization})` with an input of one documented
scenario; the UI Framework gets its e-commerce driver's `init(...)` arguments. The workflow's own configuration is
kept and deep-merged with ours; only the integration, the product and the design are ours to set.
"""

import logging
import time
from dataclasses import dataclass, field

from flask import current_app

from ..hub import get_hub
from ..hub.cache import user_token_expiry
from ..money import to_major
from ..shoppers.identity import editor_identity

log = logging.getLogger(__name__)

WORKFLOW_ELEMENTS = "WorkflowElements"
UI_FRAMEWORK = "UIFramework"
WORKFLOW_TEMPLATES = {
    WORKFLOW_ELEMENTS: "editor/workflow_elements.html",
    UI_FRAMEWORK: "editor/ui_framework.html",
    "SimpleEditor": "editor/simple_editor.html",
    "DesignEditor": "editor/design_editor.html",
}
UNKNOWN_WORKFLOW_TEMPLATE = "editor/unknown_workflow.html"
UNSUPPORTED_COMPONENT_TEMPLATE = "editor/unsupported_component.html"
# The templates that mount an editor; the others tell the shopper the product cannot be designed here.
MOUNTING_TEMPLATES = {WORKFLOW_TEMPLATES[WORKFLOW_ELEMENTS], WORKFLOW_TEMPLATES[UI_FRAMEWORK]}
# Workflow Elements a shopper designs in. The Template Editor is documented for a shop's staff: it has no
# add-to-cart output.
SHOPPER_COMPONENTS = {"handy-editor", "handy-editor-3d", "simple-editor"}
# Input keys that choose a Handy Editor input scenario (Input page): the product and the design are ours to set,
# so the workflow's own values of these keys are dropped.
SCENARIO_KEYS = {
    "designTemplateId",
    "designId",
    "productReferenceId",
    "productId",
    "productVariantId",
    "productVersionId",
    "sku",
    "quantity",
}


@dataclass(frozen=True)
class Reopened:
    """A design the page reopens: its state id, what the editor told us when it was saved, and its store id."""

    state_id: str
    editor_data: dict | None = None
    store_key: str | None = None


@dataclass(frozen=True)
class EditorFrame:
    """What the personalize page shows of its editor that is the same for every shopper: the element, its scripts."""

    tag_name: str | None = None
    script_url: str | None = None
    style_url: str | None = None


@dataclass(frozen=True)
class EditorPage:
    """What the personalize page renders: its template, the editor's scripts and the arguments of its init()."""

    template: str
    workflow_type: str | None
    component: str | None = None
    tag_name: str | None = None
    script_url: str | None = None
    style_url: str | None = None
    init: dict = field(default_factory=dict)
    token_expires_in: int | None = None

    @property
    def frame(self):
        """The part of the page kept for every shopper (storefront/rendered_pages.py); init() is the shopper's own."""
        return EditorFrame(self.tag_name, self.script_url, self.style_url)


def deep_merge(base, override):
    """`base` with `override` laid over it: nested dicts merge key by key, anything else is replaced."""
    if not isinstance(base, dict) or not isinstance(override, dict):
        return override
    merged = dict(base)
    for key, value in override.items():
        merged[key] = deep_merge(base[key], value) if key in base else value
    return merged


def _urls(parameters):
    """The editors' base URLs and the API gateway, from the product's personalization parameters first.

    The parameters are per product and also carry the API gateway, which tenant applications lack; the tenant's
    applications (the documentation's source for app URLs) fill what they leave out, the regional CDN last.
    """
    config = current_app.config
    elements = parameters.workflow_elements_url
    ui_framework = parameters.ui_framework_url
    if not elements or not ui_framework:
        apps = get_hub().get_tenant_applications()
        elements = elements or apps.workflow_elements_url
        ui_framework = ui_framework or apps.ui_framework_url
    if not elements:
        elements = f"{config['CCHUB_EDITOR_CDN']}/libs/{config['CCHUB_ENVIRONMENT']}/workflow-elements"
    gateway = parameters.api_gateway_url or config["CCHUB_API_URL"]
    return elements.rstrip("/"), (ui_framework or "").rstrip("/"), gateway.rstrip("/")


def token_expires_in(token):
    """Seconds until a storefront-user token expires; None when it does not say."""
    exp = user_token_expiry(token)
    return None if exp is None else max(0, int(exp - time.time()))


def scenario_input(group, variant, quantity, reopened):
    """The documented input: a new design by product reference; a saved one by recovery by SKU.

    Recovery needs the Hub product id and version: those the editor reported when the design was saved, else
    the product reference's (cached like the workflow). Without a product id, the private-design scenario.
    """
    if reopened is None:
        return {"productReferenceId": group.hub_reference, "sku": variant.sku, "quantity": quantity}
    data = reopened.editor_data or {}
    product_id, version_id = data.get("productId"), data.get("productVersionId")
    if product_id is None or version_id is None:
        reference = get_hub().get_product_reference(group.hub_reference)
        product_id, version_id = reference.product_id, reference.product_version_id
    if product_id is None or version_id is None:
        return {"designId": reopened.state_id}
    return {
        "sku": variant.sku,
        "designId": reopened.state_id,
        "productId": product_id,
        "productVersionId": version_id,
        "quantity": quantity,
    }


def workflow_elements_init(content, integration, editor_input):
    """The element's init() config: the workflow's content with our integration and input laid over it."""
    workflow_input = content.get("input") if isinstance(content.get("input"), dict) else {}
    kept_input = {key: value for key, value in workflow_input.items() if key not in SCENARIO_KEYS}
    config = deep_merge({**content, "input": kept_input}, {"input": editor_input})
    config["configVersion"] = content.get("configVersion", 2)
    config["integration"] = integration
    return config


def ui_framework_init(content, parameters, urls, group, variant, quantity, identity, reopened):
    """The e-commerce driver's init() arguments, in the order and shape of Aurigma's samples."""
    config = current_app.config
    _, ui_framework_url, gateway = urls
    user_id, token = identity
    restore = None
    if reopened is not None:
        data = reopened.editor_data or {}
        restore = {"state": reopened.state_id, "snapshot": data.get("snapshot"), "key": reopened.store_key}
    return {
        "uiFrameworkUrl": ui_framework_url,
        "product": {
            "id": group.id,
            "sku": variant.sku,
            "name": group.name,
            "description": group.description,
            "options": [],
            "price": float(to_major(variant.price_cents)),
            "attributes": [],
        },
        "config": content,
        "pluginSettings": {
            "customersCanvasBaseUrl": parameters.design_editor_url,
            "preflightToolUrl": parameters.preflight_url,
            "dynamicImageUrl": parameters.dynamic_image_url,
            "useBackOffice": True,
        },
        "restoreData": restore,
        "quantity": quantity,
        "user": {"id": user_id, "tokenId": token, "data": {}},
        "backOfficeSettings": {
            "storefrontId": config["CCHUB_STOREFRONT_ID"],
            "tenantId": config["CCHUB_TENANT_ID"],
            "token": token,
            "apiGatewayUrl": gateway,
            "backOfficeUrl": config["CCHUB_BASEURL"],
            "assetProcessorUrl": gateway,
            "assetStorageUrl": gateway,
            "designAtomsApiUrl": gateway,
            "externalProductId": group.hub_reference,
            "integrationType": 2,  # option-based product
            "optionBasedProductInfo": {"productId": parameters.id, "productVersionId": parameters.version_id},
            "ecommerceSystemType": 0,  # custom
        },
    }


def editor_template(workflow_type, content):
    """(the personalize page's template, the Workflow Elements component or None) for a Hub workflow."""
    template = WORKFLOW_TEMPLATES.get(workflow_type, UNKNOWN_WORKFLOW_TEMPLATE)
    component = content.get("component") if workflow_type == WORKFLOW_ELEMENTS else None
    if workflow_type == WORKFLOW_ELEMENTS and (component not in SHOPPER_COMPONENTS or not content.get("tagName")):
        template = UNSUPPORTED_COMPONENT_TEMPLATE
    return template, component


def can_mount(workflow_type, content):
    """Whether the personalize page can mount this workflow's editor for a shopper."""
    return editor_template(workflow_type, content)[0] in MOUNTING_TEMPLATES


def open_editor(shopper, group, variant, quantity=1, reopened=None):
    """Load the group's personalization workflow and prepare its editor for this shopper.

    Raises HubNotFound when the Hub has no workflow for the product, other HubErrors when it is unavailable.
    """
    hub = get_hub()
    workflow = hub.get_personalization_workflow(group.hub_reference)
    workflow_type = workflow.workflow_type
    content = dict(workflow.content)
    template, component = editor_template(workflow_type, content)
    if template not in MOUNTING_TEMPLATES:
        log.warning("product %s: workflow %s/%s cannot be mounted", group.hub_reference, workflow_type, component)
        return EditorPage(template, workflow_type, component)

    parameters = hub.get_personalization_parameters(group.hub_reference)
    urls = _urls(parameters)
    identity = editor_identity(shopper)
    if workflow_type == UI_FRAMEWORK:
        init = ui_framework_init(content, parameters, urls, group, variant, quantity, identity, reopened)
        return EditorPage(template, workflow_type, init=init, token_expires_in=token_expires_in(identity[1]))

    config = current_app.config
    integration = {
        "tenantId": config["CCHUB_TENANT_ID"],
        "storefrontId": config["CCHUB_STOREFRONT_ID"],
        "cchubApiGatewayUrl": urls[2],
        "user": {"id": identity[0], "token": identity[1]},
    }
    init = workflow_elements_init(content, integration, scenario_input(group, variant, quantity, reopened))
    return EditorPage(
        template=template,
        workflow_type=workflow_type,
        component=component,
        tag_name=content["tagName"],
        script_url=f"{urls[0]}/{component}/index.js",
        style_url=f"{urls[0]}/{component}/styles.css",
        init=init,
        token_expires_in=token_expires_in(identity[1]),
    )
