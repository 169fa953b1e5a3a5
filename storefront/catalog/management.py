"""The owner's changes to the catalog: saving categories, product groups and variants, and removing them safely.

A row that carts or orders use is never deleted: a product group is hidden instead, a variant made inactive, and
the owner is told so. A category that still holds products is not removed. Saving an edit is `owner_changes.save`,
which takes the row out of seed-demo's hands (`demo_managed`), so a later seed never overwrites it.
"""

from sqlalchemy import func
from sqlalchemy.orm import selectinload

from ..cart.models import CartLine
from ..extensions import db
from ..orders.models import OrderLine
from ..owner_changes import Outcome, delete, keep_instead
from .models import Category, ProductGroup, ProductVariant


def _variant_uses(variant_ids) -> int:
    if not variant_ids:
        return 0
    in_carts = db.session.scalar(db.select(func.count()).where(CartLine.variant_id.in_(variant_ids)))
    in_orders = db.session.scalar(db.select(func.count()).where(OrderLine.variant_id.in_(variant_ids)))
    return in_carts + in_orders


def remove_variant(variant: ProductVariant) -> Outcome:
    """Delete a variant nothing uses; one in a cart or an order becomes inactive instead."""
    if _variant_uses([variant.id]):
        message = f"{variant.sku} is in carts or orders, so it was made inactive instead of removed."
        return keep_instead(variant, {"active": False}, message)
    return delete([variant], f"{variant.sku} was removed.")


def remove_product_group(group: ProductGroup) -> Outcome:
    """Delete a product group and its variants when nothing uses them; otherwise hide it from the shop."""
    if _variant_uses([variant.id for variant in group.variants]):
        message = f"{group.name} is in carts or orders, so it was hidden from the shop instead of removed."
        return keep_instead(group, {"visible": False}, message)
    return delete([*group.variants, group], f"{group.name} was removed.")


def remove_category(category: Category) -> Outcome:
    """Delete an empty category; one that still holds product groups is kept."""
    count = db.session.scalar(db.select(func.count()).where(ProductGroup.category_id == category.id))
    if count:
        return Outcome(
            f"{category.name} still holds {count} product(s): move or remove them first. Nothing was changed.", False
        )
    return delete([category], f"{category.name} was removed.")


def taken(model, column: str, value, exclude_id=None) -> bool:
    """True when another row of `model` already has `value` in its unique `column`."""
    query = db.select(model.id).where(getattr(model, column) == value)
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    return db.session.execute(query.limit(1)).first() is not None


def catalog_overview():
    """Every category with all its product groups (hidden too) and variants, for the admin's catalog page."""
    return (
        db.session.execute(
            db.select(Category)
            .order_by(Category.position, Category.name)
            .options(selectinload(Category.product_groups).selectinload(ProductGroup.variants))
        )
        .scalars()
        .all()
    )
