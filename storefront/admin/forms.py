"""Admin forms: the CSRF-only form behind every action button, and the Hub status transition form."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SearchField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from .actions import MAX_TRANSITION_NAME


class ActionForm(FlaskForm):
    """A button that changes an order: the CSRF token, and `confirmed` once the owner confirmed what the Hub refused."""

    confirmed = BooleanField()


class OrderSearchForm(FlaskForm):
    """The orders list's search (number, email or name) and date range; read from the query string."""

    class Meta:
        csrf = False  # a GET that changes nothing

    q = SearchField("Search", validators=[Optional(), Length(max=100, message="Search for at most 100 characters.")])
    since = DateField("Placed from", validators=[Optional()])
    until = DateField("to", validators=[Optional()])

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end date is before the start date.")


class TransitionForm(FlaskForm):
    """A project status transition by name, chosen from the Hub's live list."""

    transition = StringField("Transition", validators=[DataRequired(), Length(max=MAX_TRANSITION_NAME)])
