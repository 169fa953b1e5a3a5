"""Cart forms: add a plain product, change a line's quantity, remove a line."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import InputRequired, NumberRange

from .services import MAX_QUANTITY

QUANTITY_MESSAGE = f"Quantity must be a whole number from 1 to {MAX_QUANTITY}."


def quantity_validators():
    return [InputRequired(QUANTITY_MESSAGE), NumberRange(1, MAX_QUANTITY, QUANTITY_MESSAGE)]


class AddToCartForm(FlaskForm):
    sku = HiddenField(validators=[InputRequired("Please choose an option.")])
    quantity = IntegerField(
        "Quantity",
        default=1,
        validators=[InputRequired(QUANTITY_MESSAGE), NumberRange(1, MAX_QUANTITY, QUANTITY_MESSAGE)],
    )


class QuantityForm(FlaskForm):
    quantity = IntegerField("Quantity", validators=quantity_validators())


class RemoveLineForm(FlaskForm):
    """Only the CSRF token."""
