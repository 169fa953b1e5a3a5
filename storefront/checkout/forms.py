"""The checkout form: who the order is for, where it goes (a shipping address; a billing address, the same by
default), how (a shipping method that serves the destination), and the one-time checkout key that makes a double
submit harmless. A customer may start from an address of their book and save a new one into it."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, FormField, HiddenField, RadioField, SelectField, SubmitField, ValidationError
from wtforms.validators import DataRequired, Regexp

from ..account.forms import contact_email_field, contact_name_field
from ..addresses.forms import AddressForm

# new_checkout_key() makes 32 URL-safe characters; anything else did not come from our form.
CHECKOUT_KEY_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"
NO_METHOD = "Choose how we should send your order."


def method_id(value):
    """A posted method id, or None for anything that is not one (a method posted by hand is checked later)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CheckoutForm(FlaskForm):
    """Guests and customers alike; `offer(countries, methods)` sets what may be chosen before it is validated."""

    email = contact_email_field("Enter your email address, so we can tell you about your order.")
    name = contact_name_field()
    saved_address = SelectField("Your addresses", coerce=method_id, validate_choice=False)
    shipping = FormField(AddressForm, label="Shipping address")
    billing_same = BooleanField("Bill to the shipping address", default=True)
    billing = FormField(AddressForm, label="Billing address")
    save_address = BooleanField("Save the shipping address in my address book")
    shipping_method = RadioField("Shipping method", coerce=method_id, validate_choice=False)
    checkout_key = HiddenField(validators=[DataRequired(), Regexp(CHECKOUT_KEY_PATTERN)])
    update_totals = SubmitField("Update totals")
    submit = SubmitField("Place order")

    def offer(self, countries, methods):
        """The countries an address may name and the shipping methods that serve the chosen destination."""
        self.shipping.form.offer(countries)
        self.billing.form.offer(countries)
        self.shipping_method.choices = [(method.id, method.name) for method in methods]
        return self

    def validate(self, extra_validators=None):
        """Every field; the billing address only when it is not the shipping address's."""
        skipped = {"billing"} if self.billing_same.data else set()
        valid = True
        for name, field in self._fields.items():
            if name in skipped:
                continue
            inline = getattr(self.__class__, f"validate_{name}", None)
            chain = [*(extra_validators or {}).get(name, ()), *([inline] if inline else [])]
            valid = field.validate(self, chain) and valid
        return valid

    def validate_shipping_method(self, field):
        if field.data is None:
            raise ValidationError(NO_METHOD)
        if field.data not in {value for value, _label in field.choices or ()}:
            raise ValidationError(
                "That shipping method does not deliver to the country you chose. Please choose one of those shown."
            )

    @property
    def shipping_address(self):
        return self.shipping.form.cleaned

    @property
    def billing_address(self):
        return self.shipping_address if self.billing_same.data else self.billing.form.cleaned
