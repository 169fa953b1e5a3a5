"""`flask make-admin EMAIL`: the store owner's rights for a registered account."""

from storefront.shoppers.accounts import find_by_email
from tests.fixtures.records import CUSTOMER, make_user


def test_make_admin_marks_a_registered_user_as_admin(runner):
    make_user(**CUSTOMER)
    result = runner.invoke(args=["make-admin", "CARL@example.com"])
    assert result.exit_code == 0, result.output
    assert "carl@example.com is now an admin" in result.output
    assert find_by_email(CUSTOMER["email"]).is_admin

    again = runner.invoke(args=["make-admin", CUSTOMER["email"]])
    assert again.exit_code == 0
    assert "already an admin" in again.output


def test_make_admin_revoke_takes_the_rights_away(runner):
    make_user(is_admin=True, **CUSTOMER)
    result = runner.invoke(args=["make-admin", "--revoke", CUSTOMER["email"]])
    assert result.exit_code == 0, result.output
    assert "no longer an admin" in result.output
    assert not find_by_email(CUSTOMER["email"]).is_admin


def test_make_admin_with_an_unknown_email_says_so_and_fails(runner):
    result = runner.invoke(args=["make-admin", "nobody@example.com"])
    assert result.exit_code != 0
    assert "No account uses 'nobody@example.com'" in result.output
    assert "register" in result.output
