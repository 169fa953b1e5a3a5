"""Without MAIL_SERVER (as `make run` starts) each message is an .eml file in the outbox folder, readable by any
mail program."""

import email
import email.policy
from pathlib import Path

import pytest

from storefront.mail.models import EmailStatus
from tests.fixtures.jobs import run_jobs_until
from tests.mail.helpers import email_rows, only_order


@pytest.fixture
def no_mail_server(app_config, tmp_path):
    app_config["MAIL_SERVER"] = None
    app_config["MAIL_OUTBOX_DIR"] = str(tmp_path / "outbox")
    return tmp_path / "outbox"


def test_without_a_mail_server_the_confirmation_is_an_eml_file_in_the_outbox(no_mail_server, shopper, smtp):
    shopper.add_plain()
    shopper.checkout(email="sam@example.com", name="Sam Guest")
    run_jobs_until(lambda: email_rows()[0].status == EmailStatus.SENT)

    assert smtp.messages == []
    (path,) = Path(no_mail_server).glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    order = only_order()
    assert message["to"] == "sam@example.com"
    assert message["subject"] == f"Your order {order.number} at Printshop"
    assert f"/orders/{order.number}?key={order.access_token}" in message.get_body(("plain",)).get_content()
    assert message.get_body(("html",)) is not None
    assert sorted(p.name for p in Path(no_mail_server).iterdir()) == [path.name]  # no half-written or empty files


def test_the_embedded_settings_write_mail_to_the_instance_outbox(tmp_path):
    from config import load_settings

    settings = load_settings({}, instance_dir=tmp_path)
    assert settings["MAIL_SERVER"] is None
    assert settings["MAIL_OUTBOX_DIR"] == str(tmp_path / "outbox")
    assert settings["STORE_OWNER_EMAIL"] is None
