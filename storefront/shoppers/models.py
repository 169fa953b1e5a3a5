"""Shopper tables: customers, the saved designs of My designs, and guest-to-customer merges at the Hub."""

import functools
import hashlib
import hmac
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import JSON, DateTime, ForeignKey, String, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..catalog.models import ProductGroup, ProductVariant
from ..clock import utcnow
from ..extensions import db


class SignsIn(UserMixin):
    """What Flask-Login asks of a customer, written once for the table's row and the signed-in Customer."""

    def get_id(self):
        """What the session and the remember-me cookie keep (Flask-Login): the id and a fingerprint of the password
        hash and the session version, so a new password or a log-out ends every session opened before it
        (shoppers/signed_in.py)."""
        return f"{self.id}.{session_fingerprint(self)}"


class User(SignsIn, db.Model):
    """A registered customer. Changed only through shoppers/accounts.py (or a shell): pages see Customer copies."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set once the Hub has a (non-anonymous) storefront user for this customer.
    storefront_user_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Raised by logging out (shoppers/accounts.py): every session signed in before then ends.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")


class ReadOnlyCustomer(AttributeError):
    """An attempt to change a Customer (the signed-in customer, `current_user`) by assigning to it."""


class Customer(SignsIn):
    """A customer as the store's pages and services see them: every column of their row, read-only.

    `current_user` is one: each web process shares one copy per customer between its requests
    (shoppers/signed_in.py), so the Flask idiom `current_user.name = ...; db.session.commit()` would change no row
    and every other request's page. Assigning raises instead; shoppers/accounts.py makes every change to a customer
    (an UPDATE that every process sees on its next request)."""

    COLUMNS = tuple(inspect(User).columns.keys())

    def __init__(self, **columns):
        for name in self.COLUMNS:
            object.__setattr__(self, name, columns[name])

    @classmethod
    def of(cls, user):
        """The Customer of a User row (or of another Customer, such as `current_user`)."""
        return cls(**{name: getattr(user, name) for name in cls.COLUMNS})

    def __setattr__(self, name, value):
        raise ReadOnlyCustomer(
            f"customer {self.id} is read-only here (current_user is a copy shared by this process's requests): "
            f"change their {name} through storefront.shoppers.accounts, which writes the row for every host"
        )

    def __delattr__(self, name):
        self.__setattr__(name, None)

    def __repr__(self):
        return f"<Customer {self.id}>"


def session_fingerprint(user):
    """16 hex digits that change with the customer's password hash and session version and say nothing about
    either (keyed by SECRET_KEY)."""
    return _fingerprint(str(current_app.secret_key), user.password_hash, user.session_version or 0)


@functools.lru_cache(maxsize=10_000)
def _fingerprint(secret_key, password_hash, session_version):
    # Kept: every signed-in request checks its session's fingerprint against the customer's row.
    message = f"{session_version}:{password_hash}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()[:16]


class OwnedByShopper:
    """Columns of rows that belong to a customer or, before login, to an anonymous shopper's random id."""

    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    anonymous_id: Mapped[str | None] = mapped_column(String(64), index=True)


class SavedDesign(OwnedByShopper, db.Model):
    """A design a shopper made in the Hub editor, kept so it can be reopened from My designs."""

    __tablename__ = "saved_designs"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_group_id: Mapped[int] = mapped_column(ForeignKey("product_groups.id"))
    variant_id: Mapped[int] = mapped_column(ForeignKey("product_variants.id"))
    key: Mapped[str] = mapped_column(String(128), index=True)
    state_id: Mapped[str] = mapped_column(String(128))
    design_ids: Mapped[list] = mapped_column(JSON, default=list)
    preview_url: Mapped[str | None] = mapped_column(String(1024))
    editor_data: Mapped[dict | None] = mapped_column(JSON)
    # When the Hub confirmed it keeps these designs for good (a customer's); None while that is still to ask.
    kept_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the Hub was found not to have one of these designs any more (its retention clean-up removed it).
    missing_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    product_group: Mapped[ProductGroup] = relationship()
    variant: Mapped[ProductVariant] = relationship()


class HubMerge(db.Model):
    """A guest's Hub storefront user to merge into a customer's; kept until the Hub has confirmed the merge."""

    __tablename__ = "hub_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    anonymous_storefront_user_id: Mapped[str] = mapped_column(String(64), unique=True)
    done: Mapped[bool] = mapped_column(default=False)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
