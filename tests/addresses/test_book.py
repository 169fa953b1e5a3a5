"""The address book's rules as checkout and the account pages rely on them: the first address is the default, one
default at most, the next one takes over from a removed default, a bounded size, only the customer's own ids."""

import threading
import time
from types import SimpleNamespace

import pytest

from storefront.addresses import book
from storefront.addresses.models import SavedAddress
from storefront.extensions import db

from .conftest import IN_DE, IN_US


def defaults(user):
    """The ids of the customer's addresses marked default, as the database has them."""
    db.session.expire_all()
    rows = db.session.execute(db.select(SavedAddress.id).filter_by(user_id=user.id, is_default=True)).scalars()
    return list(rows)


def fill(user, count):
    return [book.add(user, {**IN_US, "line2": f"Apt {n}"}) for n in range(count)]


def test_the_first_address_becomes_the_default_and_the_next_ones_do_not(customer):
    first = book.add(customer, IN_US)
    second = book.add(customer, IN_DE)
    assert defaults(customer) == [first.id]
    assert not second.is_default


def test_the_book_lists_the_default_first_then_the_newest(customer):
    first, second, third = fill(customer, 3)
    assert [a.id for a in book.addresses_of(customer)] == [first.id, third.id, second.id]
    book.make_default(second)
    assert [a.id for a in book.addresses_of(customer)] == [second.id, third.id, first.id]
    assert book.default_of(customer).id == second.id


def test_adding_or_editing_with_make_default_moves_the_one_default(customer):
    first = book.add(customer, IN_US)
    second = book.add(customer, IN_DE, make_default=True)
    assert defaults(customer) == [second.id]
    book.update(first, {**IN_US, "city": "Palo Alto"}, make_default=True)
    assert defaults(customer) == [first.id]
    assert db.session.get(SavedAddress, first.id).city == "Palo Alto"


def test_editing_keeps_the_default_mark_and_takes_every_field(customer):
    address = book.add(customer, IN_US)
    book.update(address, IN_DE)
    db.session.expire_all()
    saved = db.session.get(SavedAddress, address.id)
    assert saved.to_dict() == IN_DE
    assert saved.is_default


def test_removing_the_default_makes_the_newest_left_the_default(customer):
    first, second, third = fill(customer, 3)
    book.remove(first)
    assert defaults(customer) == [third.id]
    book.remove(db.session.get(SavedAddress, second.id))
    assert defaults(customer) == [third.id]
    book.remove(db.session.get(SavedAddress, third.id))
    assert defaults(customer) == []
    assert book.addresses_of(customer) == []


def test_any_sequence_of_changes_leaves_exactly_one_default(customer, stranger):
    theirs = book.add(stranger, IN_DE)
    a, b, c = fill(customer, 3)
    for step in (
        lambda: book.make_default(c),
        lambda: book.add(customer, IN_DE, make_default=True),
        lambda: book.update(b, IN_US, make_default=True),
        lambda: book.make_default(b),
        lambda: book.remove(db.session.get(SavedAddress, b.id)),
        lambda: book.update(a, IN_DE),
    ):
        step()
        assert len(defaults(customer)) == 1
        assert defaults(stranger) == [theirs.id]


def test_a_full_book_refuses_one_more_and_changes_nothing(customer):
    fill(customer, book.MAX_ADDRESSES)
    with pytest.raises(book.BookFull, match=f"at most {book.MAX_ADDRESSES} addresses"):
        book.add(customer, IN_DE, make_default=True)
    db.session.rollback()
    assert book.count_of(customer) == book.MAX_ADDRESSES
    assert book.is_full(customer)
    assert len(defaults(customer)) == 1
    book.remove(book.addresses_of(customer)[-1])
    assert not book.is_full(customer)
    book.add(customer, IN_DE)
    assert book.count_of(customer) == book.MAX_ADDRESSES


def test_another_customers_address_is_not_found(customer, stranger):
    mine = book.add(customer, IN_US)
    assert book.address_of(customer, mine.id).id == mine.id
    assert book.address_of(customer, str(mine.id)).id == mine.id  # as a form posts it
    assert book.address_of(stranger, mine.id) is None
    assert book.address_of(None, mine.id) is None
    assert book.address_of(SimpleNamespace(), mine.id) is None  # a guest: no id
    for hand_made in ("", "x", None, "-1", 2**40):
        assert book.address_of(customer, hand_made) is None


def test_saving_from_checkout_can_leave_the_commit_to_checkout(customer):
    address = book.add(customer, IN_US, commit=False)
    db.session.rollback()
    assert book.addresses_of(customer) == []
    assert address not in db.session


@pytest.mark.parametrize("already", [0, book.MAX_ADDRESSES - 1], ids=["empty book", "one place left"])
def test_two_requests_at_once_keep_one_default_and_the_size_limit(app, customer, monkeypatch, already):
    """Two adds race (two tabs, a double click): each reads the book slowly, yet they take turns."""
    fill(customer, already)
    counted = book._count

    def slow_count(user_id):
        found = counted(user_id)
        time.sleep(0.3)  # the other request reads the book meanwhile, unless the book is held
        return found

    monkeypatch.setattr(book, "_count", slow_count)
    user = SimpleNamespace(id=customer.id)
    start = threading.Barrier(2)
    outcomes = []

    def add_one():
        with app.app_context():
            start.wait()
            try:
                book.add(user, IN_DE)
                outcomes.append("added")
            except book.BookFull:
                outcomes.append("full")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=add_one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    if not already:
        assert outcomes == ["added", "added"]
        assert len(defaults(customer)) == 1
    else:
        assert sorted(outcomes) == ["added", "full"]
        assert book.count_of(customer) == book.MAX_ADDRESSES
