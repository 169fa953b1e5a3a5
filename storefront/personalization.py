"""Builds what the personalize page needs: the workflow from the Hub, the editor's script and its init() config."""

from dataclasses import dataclass

from flask import current_app

from .hub import get_hub
from .shoppers import editor_identity

# One template per Hub workflow type; only the Workflow Elements editor is mounted by this store today.
WORKFLOW_TEMPLATES = {
    "WorkflowElements": "editor/workflow_elements.html",
    "UIFramework": "editor/ui_framework.html",
    "SimpleEditor": "editor/simple_editor.html",
    "DesignEditor": "editor/design_editor.html",
}
UNKNOWN_WORKFLOW_TEMPLATE = "editor/unknown_workflow.html"


@dataclass(frozen=True)
class EditorSession:
    """Everything the personalize page renders: which template, which element, its script and init() config."""

    template: str
    workflow_type: str | None
    tag_name: str | None
    script_url: str | None
    style_url: str | None
    init_config: dict


def template_for(workflow_type):
    return WORKFLOW_TEMPLATES.get(workflow_type, UNKNOWN_WORKFLOW_TEMPLATE)


def workflow_elements_base():
    """Where the tenant's Workflow Elements editors live; the regional CDN when the tenant names none."""
    url = get_hub().get_tenant_applications().workflow_elements_url
    if not url:
        config = current_app.config
        url = f"{config['CCHUB_EDITOR_CDN']}/libs/{config['CCHUB_ENVIRONMENT']}/workflow-elements"
    return url.rstrip("/")


def open_editor(shopper, group, variant, design_id=None, key=None, quantity=None):
    """Load the group's personalization workflow and prepare the editor for this shopper.

    Raises HubNotFound when the Hub has no workflow for the product, other HubErrors when the Hub is unavailable.
    """
    hub = get_hub()
    workflow = hub.get_personalization_workflow(group.hub_reference)
    template = template_for(workflow.workflow_type)
    content = dict(workflow.content)
    if workflow.workflow_type != "WorkflowElements":
        return EditorSession(template, workflow.workflow_type, None, None, None, {})

    user_id, token = editor_identity(shopper)
    component = content.get("component")
    base = workflow_elements_base()
    config = current_app.config
    editor_input = {"productReference": group.hub_reference, "sku": variant.sku}
    if design_id:
        editor_input["designId"] = design_id
    if key:
        editor_input["key"] = key
    if quantity:
        editor_input["quantity"] = quantity
    init_config = {
        **content,
        "integration": {
            "tenantId": config["CCHUB_TENANT_ID"],
            "storefrontId": config["CCHUB_STOREFRONT_ID"],
            "cchubApiGatewayUrl": config["CCHUB_API_URL"],
            "user": {"id": user_id, "token": token},
        },
        "input": editor_input,
    }
    return EditorSession(
        template=template,
        workflow_type=workflow.workflow_type,
        tag_name=content.get("tagName"),
        script_url=f"{base}/{component}/index.js" if component else None,
        style_url=f"{base}/{component}/styles.css" if component else None,
        init_config=init_config,
    )
