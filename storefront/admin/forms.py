"""Admin forms: the CSRF-only form behind every action button, and the Hub status transition form."""

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from .actions import MAX_TRANSITION_NAME


class ActionForm(FlaskForm):
    """A button that changes an order: only the CSRF token travels."""


class TransitionForm(FlaskForm):
    """A project status transition by name, chosen from the Hub's live list."""

    transition = StringField("Transition", validators=[DataRequired(), Length(max=MAX_TRANSITION_NAME)])
