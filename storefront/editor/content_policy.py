"""What an editor page lets the browser load, read from the URLs the page hands the editor (the Hub's answer).

Workflow Elements: the component's script and styles come from `workflowElementsUrl` (personalization parameters,
tenant applications, else CCHUB_EDITOR_CDN), and the element calls the Hub through `cchubApiGatewayUrl`
(Handy Editor *Initialization*). The UI Framework imports its modules from `uiFrameworkUrl` and runs the Design
Editor from `designEditorUrl` in a frame, with the preflight tool, dynamic images and the back-office services
its driver is given (Aurigma's UI Framework samples). Web components style their own shadow DOM with inline
styles, render previews into data: and blob: images and may start blob: workers; none of them needs inline
scripts or eval.
"""

from .personalization import UI_FRAMEWORK, WORKFLOW_ELEMENTS

UIF_SERVICES = ("apiGatewayUrl", "backOfficeUrl", "assetProcessorUrl", "assetStorageUrl", "designAtomsApiUrl")


def _locations(editor):
    """(where the editor's code lives, the services it calls, the pages it frames) for a mounted editor."""
    init = editor.init
    if editor.workflow_type == WORKFLOW_ELEMENTS and editor.script_url:
        return [editor.script_url, editor.style_url], [init["integration"]["cchubApiGatewayUrl"]], []
    if editor.workflow_type == UI_FRAMEWORK and init.get("uiFrameworkUrl"):
        plugin, back_office = init["pluginSettings"], init["backOfficeSettings"]
        design_editor = plugin.get("customersCanvasBaseUrl")
        services = [plugin.get("preflightToolUrl"), plugin.get("dynamicImageUrl")]
        services += [back_office.get(key) for key in UIF_SERVICES]
        frames = [design_editor, plugin.get("preflightToolUrl")]
        return [init["uiFrameworkUrl"], design_editor], services, frames
    return [], [], []


def editor_sources(editor):
    """{directive: [URL or keyword]} to add to the page's Content-Security-Policy; {} when nothing is mounted."""
    code, services, frames = _locations(editor)
    if not code:
        return {}
    code = [url for url in code if url]
    services = [url for url in services if url]
    return {
        "script-src": code,
        "style-src": [*code, "'unsafe-inline'"],
        "img-src": [*code, *services, "data:", "blob:"],
        "font-src": [*code, *services, "data:"],
        "connect-src": [*code, *services],
        "worker-src": ["blob:"],
        "frame-src": [url for url in frames if url],
    }
