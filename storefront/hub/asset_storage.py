"""Asset Storage calls about shoppers' private designs and the tenant's retention settings (a HubClient mixin).

Paths and parameters follow Aurigma's generated Asset Storage client (`PrivateDesignsApi`, `TenantsApi`):
`ownerId` names the storefront user whose private storage holds the design; the retention policy is a query
parameter. See docs/shoppers.md, *Design retention*, for how the store uses them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cache import HubCache
from .paths import STORAGE
from .paths import segment as _seg
from .resources import Page
from .retry import Repeat
from .wire import from_wire, wire_field

# The policy that keeps a private design from the retention clean-up (*Retention policy*, "Storing private assets").
KEEP_POLICY = "Never"
# How long the Hub's word that a design is in a storage is kept. A private design leaves a storage only when it is
# deleted (which checkout asks about afresh) or when a guest is merged into a customer (the guest's id is not used
# again), so a yes stays true; the hour bounds what Redis holds, and only an owner's real designs can be put there.
OWNER_CONFIRMED_TTL = 3600


@dataclass(frozen=True)
class PrivateDesign:
    """A DesignDto of a shopper's private storage."""

    id: str
    owner_id: str | None = None
    name: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class AssetRetention:
    """The tenant's clean-up of temporary assets: on or off, and after how many days without access."""

    enabled: bool = wire_field("settings.enableAssetsRetention", default=False)
    period_days: int | None = wire_field("settings.assetsRetentionPeriodInDays", default=None)


class AssetStorageCalls:
    """Mixed into HubClient, which provides _url, _params, _cached, transport and settings."""

    def get_private_design(self, design_id: str, owner_id: str) -> PrivateDesign:
        """The design in the owner's storage; HubNotFound when the Hub no longer has it there."""
        path = f"{STORAGE}/private-designs/{_seg(design_id)}"
        return from_wire(PrivateDesign, self._get("get_private_design", path, ownerId=owner_id))

    def confirm_private_design(self, design_id: str, owner_id: str) -> None:
        """Return when the design is in the owner's storage, HubNotFound when it is not (another storefront user's
        design, or none). A yes is cached per storefront, owner and design; a no never is (a guest merge moves
        the guest's designs into the customer's storage)."""
        path = f"{STORAGE}/private-designs/{_seg(design_id)}"

        def load() -> bool:
            self._get("get_private_design", path, ownerId=owner_id)
            return True

        key = HubCache.key("design-owner", self.settings.storefront_id, owner_id, design_id)
        self.cache.fetch(key, OWNER_CONFIRMED_TTL, "get_private_design", load, keep_missing=False)

    def list_private_designs(self, owner_id: str, skip: int = 0, take: int = 100) -> Page[PrivateDesign]:
        """One page of the designs in the owner's private storage."""
        data = self._get("list_private_designs", f"{STORAGE}/private-designs", ownerId=owner_id, skip=skip, take=take)
        return Page.of(PrivateDesign, data)

    def copy_private_design(self, design_id: str, owner_id: str) -> PrivateDesign:
        """A new design in the same storage with the source's content (201). Not retried on 5xx: a lost answer
        would leave a second copy nobody uses (harmless, but not ours to multiply)."""
        data = self.transport.json(
            "copy_private_design",
            "POST",
            self._url(f"{STORAGE}/private-designs/{_seg(design_id)}"),
            params=self._params(ownerId=owner_id),
            repeat=Repeat.UNSAFE,
        )
        return from_wire(PrivateDesign, data)

    def keep_private_design(self, design_id: str, owner_id: str, policy: str = KEEP_POLICY) -> None:
        """Set the design's retention policy (200, no body); setting it again changes nothing, so retried."""
        path = f"{STORAGE}/private-designs/{_seg(design_id)}/retention-policy"
        self.transport.request(
            "keep_private_design", "POST", self._url(path), params=self._params(ownerId=owner_id, policy=policy)
        )

    def get_asset_retention(self) -> AssetRetention:
        """The tenant's retention settings (cached like the other tenant look-ups); unknown without a tenant id."""
        if self.settings.tenant_id is None:
            return AssetRetention(period_days=None)
        key = HubCache.key("asset-retention", self.settings.tenant_id)
        path = f"{STORAGE}/tenants/{_seg(self.settings.tenant_id)}"
        return from_wire(AssetRetention, self._cached("get_asset_retention", key, path))
