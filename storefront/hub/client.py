"""HubClient: one method per Customer's Canvas Hub operation the store uses."""

from __future__ import annotations

from .asset_storage import AssetStorageCalls
from .cache import HubCache
from .errors import HubNotFound
from .inputs import MultiItemProjectInput
from .paths import STORAGE, STOREFRONT
from .paths import segment as _seg
from .projects import ProcessingResults, Project, ProjectStatus, ProjectTransition
from .resources import (
    Page,
    PersonalizationParameters,
    PersonalizationWorkflow,
    Product,
    ProductReference,
    StorefrontUser,
    TenantApplications,
)
from .retry import Repeat
from .settings import HubSettings
from .transport import HubTransport
from .wire import from_wire

DOWNLOAD_CHUNK = 64 * 1024


class HubClient(AssetStorageCalls):
    """Thread-safe Hub client; build it with hub_client_from_config() or get the app's one with get_hub()."""

    def __init__(self, settings: HubSettings, *, cache: HubCache | None = None, **transport_options):
        self.settings = settings
        self.cache = cache or HubCache()
        self.transport = HubTransport(settings, **transport_options)

    # -- plumbing -----------------------------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return self.settings.api_url + path

    def _params(self, storefront: bool = False, **params) -> dict:
        """Query with tenantId (allowed on every op) and, where the op wants it, storefrontId; None dropped."""
        query = {"tenantId": self.settings.tenant_id}
        if storefront:
            query["storefrontId"] = self.settings.storefront_id
        query.update(params)
        return {key: value for key, value in query.items() if value is not None}

    def _get(self, operation: str, path: str, storefront: bool = False, **params):
        return self.transport.json(operation, "GET", self._url(path), params=self._params(storefront, **params))

    def _cached(self, operation: str, key: str, path: str, storefront: bool = False, **params):
        load = lambda: self._get(operation, path, storefront, **params)  # noqa: E731
        return self.cache.fetch(key, self.settings.cache_ttl, operation, load)

    # -- storefront users ---------------------------------------------------------------------------------------

    def get_storefront_user(self, user_id: str) -> StorefrontUser:
        data = self._get("get_storefront_user", f"{STOREFRONT}/storefront-users/{_seg(user_id)}", storefront=True)
        return from_wire(StorefrontUser, data)

    def create_storefront_user(self, user_id: str, is_anonymous: bool) -> StorefrontUser:
        """201 StorefrontUser; HubConflict when it exists. Not retried on 5xx: callers get-or-create."""
        data = self.transport.json(
            "create_storefront_user",
            "POST",
            self._url(f"{STOREFRONT}/storefront-users"),
            params=self._params(storefront=True),
            json={"storefrontUserId": user_id, "isAnonymous": bool(is_anonymous)},
            repeat=Repeat.UNSAFE,
        )
        return from_wire(StorefrontUser, data)

    def get_storefront_user_token(self, user_id: str, fresh: bool = False) -> str:
        """The token the editor uses for this shopper, cached for half its life; `fresh` asks the Hub anew."""

        def load() -> str:
            resp = self.transport.request(
                "get_storefront_user_token",
                "GET",
                self._url(f"{STOREFRONT}/storefront-users/token"),
                params=self._params(storefront=True, storefrontUserId=user_id),
                headers={"Accept": "text/plain, application/json"},
            )
            # The body is a bare string: text/plain, or a JSON string literal.
            if "json" in resp.headers.get("Content-Type", ""):
                return str(resp.json())
            return resp.text.strip().strip('"')

        return self.cache.user_token(self.settings.storefront_id, user_id, load, fresh=fresh)

    def merge_anonymous_user(self, anonymous_user_id: str, regular_user_id: str) -> None:
        """Move a guest's designs/projects to a registered user.

        Retried like a read: a merge converges (a repeat finds nothing left to move). A repeat that follows a
        success whose answer was lost may meet 404 for the guest already merged away.
        """
        self.transport.request(
            "merge_anonymous_user",
            "POST",
            self._url(f"{STOREFRONT}/storefront-users/merge-anonymous"),
            params=self._params(storefront=True),
            json={"anonymousStorefrontUserId": anonymous_user_id, "regularStorefrontUserId": regular_user_id},
        )
        self.cache.delete(HubCache.key("user-token", self.settings.storefront_id, anonymous_user_id))

    # -- products -----------------------------------------------------------------------------------------------

    def _ref_key(self, kind: str, reference: str, *extra: object) -> str:
        return HubCache.key(kind, self.settings.storefront_id, reference, *extra)

    def get_product_reference(self, reference: str) -> ProductReference:
        """HubNotFound when no Hub product is linked to our reference (the product is not personalizable)."""
        return from_wire(ProductReference, self._product_reference(reference))

    def product_reference_linked(self, reference: str) -> bool:
        """Whether a Hub product is linked to our reference: get_product_reference's cached answer, without
        building it (the product page asks on every view)."""
        try:
            self._product_reference(reference)
        except HubNotFound:
            return False
        return True

    def _product_reference(self, reference: str):
        path = f"{STOREFRONT}/product-references/{_seg(reference)}"
        key = self._ref_key("product-ref", reference)
        return self._cached("get_product_reference", key, path, storefront=True)

    def list_product_references(self, skip: int = 0, take: int = 100) -> Page[ProductReference]:
        """One page of the references our storefront has at the Hub (not cached: the mapping check wants it now)."""
        data = self._get(
            "list_product_references", f"{STOREFRONT}/product-references", storefront=True, skip=skip, take=take
        )
        return Page.of(ProductReference, data)

    def forget_product_reference(self, reference: str) -> None:
        """Drop what the cache holds for a reference (link, product, workflow, parameters), so it is asked anew."""
        keys = [self._ref_key(kind, reference) for kind in ("product-ref", "product", "workflow")]
        self.cache.delete(*keys, self._ref_key("parameters", reference, ""))

    def get_product_by_reference(self, reference: str) -> Product:
        path = f"{STOREFRONT}/product-references/{_seg(reference)}/product"
        key = self._ref_key("product", reference)
        return from_wire(Product, self._cached("get_product_by_reference", key, path, storefront=True))

    def get_personalization_workflow(self, reference: str) -> PersonalizationWorkflow:
        path = f"{STOREFRONT}/product-references/{_seg(reference)}/personalization-workflow"
        key = self._ref_key("workflow", reference)
        return from_wire(PersonalizationWorkflow, self._cached("get_personalization_workflow", key, path, True))

    def get_personalization_parameters(self, reference: str, design_id: str | None = None) -> PersonalizationParameters:
        path = f"{STOREFRONT}/product-references/{_seg(reference)}/personalization-parameters"
        key = self._ref_key("parameters", reference, design_id or "")
        data = self._cached("get_personalization_parameters", key, path, True, designId=design_id)
        return from_wire(PersonalizationParameters, data)

    def get_tenant_applications(self) -> TenantApplications:
        key = HubCache.key("tenant-apps", self.settings.tenant_id)
        return from_wire(
            TenantApplications, self._cached("get_tenant_applications", key, f"{STOREFRONT}/tenant-info/applications")
        )

    # -- projects -----------------------------------------------------------------------------------------------

    def _create_project(self, operation: str, path: str, body: dict) -> Project:
        # Not retried on 5xx/timeouts: a lost 201 would make a second project. Callers look up by orderId first.
        data = self.transport.json(
            operation, "POST", self._url(path), params=self._params(storefront=True), json=body, repeat=Repeat.UNSAFE
        )
        return from_wire(Project, data)

    def create_multi_item_project(self, project: MultiItemProjectInput) -> Project:
        return self._create_project(
            "create_multi_item_project", f"{STOREFRONT}/projects/with-multiple-items", project.to_wire()
        )

    def find_projects(
        self,
        order_id: str | None = None,
        owner_id: str | None = None,
        status: int | None = None,
        processing_status: str | None = None,
        skip: int = 0,
        take: int = 100,
    ) -> Page[Project]:
        """Our storefront's projects matching the filters (storefrontId is an optional filter here; we send it)."""
        data = self._get(
            "find_projects",
            f"{STOREFRONT}/projects",
            storefront=True,
            orderId=order_id,
            ownerId=owner_id,
            status=status,
            processingStatus=processing_status,
            skip=skip,
            take=take,
        )
        return Page.of(Project, data)

    def get_project(self, project_id: int) -> Project:
        return from_wire(Project, self._get("get_project", f"{STOREFRONT}/projects/{_seg(project_id)}"))

    def get_processing_results(self, project_id: int, item_id: int | None = None) -> ProcessingResults:
        path = f"{STOREFRONT}/projects/{_seg(project_id)}/processing-results"
        return from_wire(ProcessingResults, self._get("get_processing_results", path, itemId=item_id))

    def resume_processing(self, project_id: int, item_id: int | None = None) -> None:
        """204. Retried like a read: resuming a pipeline that already runs again changes nothing."""
        path = f"{STOREFRONT}/projects/{_seg(project_id)}/resume-processing"
        self.transport.request("resume_processing", "POST", self._url(path), params=self._params(itemId=item_id))

    def restart_processing(self, project_id: int, item_id: int | None = None) -> None:
        """204. Not retried on 5xx: a lost success plus a repeat would throw away a render in progress."""
        path = f"{STOREFRONT}/projects/{_seg(project_id)}/restart-processing"
        self.transport.request(
            "restart_processing", "POST", self._url(path), params=self._params(itemId=item_id), repeat=Repeat.UNSAFE
        )

    def get_project_transitions(self, project_id: int) -> Page[ProjectTransition]:
        data = self._get("get_project_transitions", f"{STOREFRONT}/projects/{_seg(project_id)}/transitions")
        return Page.of(ProjectTransition, data)

    def get_all_transitions(self) -> Page[ProjectTransition]:
        return Page.of(ProjectTransition, self._get("get_all_transitions", f"{STOREFRONT}/projects/transitions"))

    def get_project_statuses(self) -> Page[ProjectStatus]:
        return Page.of(ProjectStatus, self._get("get_project_statuses", f"{STOREFRONT}/projects/statuses"))

    def apply_transition(self, project_id: int, transition_name: str) -> ProjectStatus:
        """The new status. Not retried on 5xx: after a lost success a repeat meets 409 (status already moved)."""
        path = f"{STOREFRONT}/projects/{_seg(project_id)}/transitions/{_seg(transition_name)}"
        data = self.transport.json(
            "apply_transition", "POST", self._url(path), params=self._params(), repeat=Repeat.UNSAFE
        )
        return from_wire(ProjectStatus, data)

    # -- artifacts ----------------------------------------------------------------------------------------------

    def download_artifact(
        self, artifact_id: str, fileobj, chunk_size: int = DOWNLOAD_CHUNK, max_bytes: int | None = None
    ) -> int:
        """Stream an Asset Storage file (bearer token) into `fileobj`; the number of bytes written."""
        return self.transport.download(
            "download_artifact",
            self._url(f"{STORAGE}/artifacts/{_seg(artifact_id)}/file"),
            fileobj,
            authenticated=True,
            chunk_size=chunk_size,
            max_bytes=max_bytes,
            params=self._params(),
        )

    def download_url(
        self, url: str, fileobj, authenticated: bool, chunk_size: int = DOWNLOAD_CHUNK, max_bytes: int | None = None
    ) -> int:
        """Stream an output file URL into `fileobj`: anonymously for `anonymousAccess` files, else with our token.

        The URL and every redirect must pass the download rule (download_hosts.py: https hosts of the Hub, at
        public addresses), and our bearer token goes only to the Hub's own hosts: DownloadRefused otherwise.
        """
        return self.transport.download(
            "download_url", url, fileobj, authenticated=authenticated, chunk_size=chunk_size, max_bytes=max_bytes
        )
