"""Saved designs: a customer's designs for My designs, newest first; deleting one keeps its cart line intact."""

from sqlalchemy import update
from sqlalchemy.orm import selectinload

from ..cart.models import CartLine
from ..extensions import db
from .identity import owned
from .models import SavedDesign


def designs_of(user):
    return (
        db.session.execute(
            db.select(SavedDesign)
            .filter_by(user_id=user.id)
            .options(selectinload(SavedDesign.product_group), selectinload(SavedDesign.variant))
            .order_by(SavedDesign.updated_at.desc(), SavedDesign.id.desc())
        )
        .scalars()
        .all()
    )


def design_of(shopper, design_id):
    """The shopper's saved design, or None when it is not theirs."""
    return owned(SavedDesign, design_id, shopper)


def delete_design(design):
    """Remove a design from My designs; a cart line made from it stays in the cart."""
    db.session.execute(update(CartLine).where(CartLine.saved_design_id == design.id).values(saved_design_id=None))
    db.session.delete(design)
    db.session.commit()
