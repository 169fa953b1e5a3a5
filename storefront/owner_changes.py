"""The owner's changes to rows seed-demo may have made, and seed-demo's side of the same rule (`demo_managed`).

seed-demo creates the demo rows it lacks and updates only the rows it made that the owner has not changed since;
any change the owner saves, a removal turned into hiding or switching off included, makes the row the owner's, so a
later seed never overwrites it. One rule for the catalog (categories, products, variants), the shipping methods and
the tax rates.
"""

from dataclasses import dataclass

from .extensions import db


@dataclass(frozen=True)
class Outcome:
    """What a removal did, in words for the owner; `removed` False when it hid or kept the row instead."""

    message: str
    removed: bool


def save(row, values: dict):
    """Set a new or edited row's fields from a validated form and commit; the owner's row from now on."""
    for name, value in values.items():
        setattr(row, name, value)
    row.demo_managed = False
    db.session.add(row)
    db.session.commit()
    return row


def keep_instead(row, values: dict, message: str) -> Outcome:
    """A removal refused because something still uses the row: change it as `values` say (hide it, switch it off)."""
    save(row, values)
    return Outcome(message, False)


def delete(rows, message: str) -> Outcome:
    """Remove rows nothing uses, in the order given, and commit."""
    for row in rows:
        db.session.delete(row)
    db.session.commit()
    return Outcome(message, True)


def seed_row(model, key: dict, values: dict):
    """seed-demo's write: find a row by its natural key and set its fields; returns (row, changed). A row seed-demo
    no longer manages (the owner's own, or one the owner changed) is returned unchanged."""
    row = db.session.execute(db.select(model).filter_by(**key)).scalar_one_or_none()
    if row is None:
        row = model(**key, demo_managed=True)
        db.session.add(row)
    elif not row.demo_managed:
        return row, False
    changed = row.id is None
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return row, changed
