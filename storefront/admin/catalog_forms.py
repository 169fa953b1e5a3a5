"""The catalog forms of the admin: category, product group (with its image) and variant, each field validated.

Unique fields (slugs, Hub reference, SKU) are checked against the other rows, so the owner gets a message on the
field instead of a database error. `values()` gives what the catalog service saves.
"""

from decimal import Decimal

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..catalog.management import taken
from ..catalog.models import Category, ProductGroup, ProductVariant
from ..money_fields import MoneyField

SLUG = Regexp(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message="Use lower-case letters, digits and single hyphens, e.g. party-invitations."
)
POSITION = [Optional(), NumberRange(min=0, max=10_000, message="Use a number from 0 to 10000.")]
MAX_OPTIONS = 20


class _EditForm(FlaskForm):
    """A form that edits one row (`editing` is its id, None for a new row) of a model with unique columns."""

    model = None

    def __init__(self, *args, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing

    def _unique(self, column, field, what):
        if field.data and taken(self.model, column, field.data, exclude_id=self.editing):
            raise ValidationError(f"Another {what} already uses {field.data!r}.")


class CategoryForm(_EditForm):
    model = Category

    name = StringField("Name", validators=[DataRequired("Give the category a name."), Length(max=120)])
    slug = StringField(
        "Slug (in the address)", validators=[DataRequired("Give the category a slug."), Length(max=80), SLUG]
    )
    position = IntegerField("Position", default=0, validators=POSITION)

    def validate_slug(self, field):
        self._unique("slug", field, "category")

    def values(self):
        return {"name": self.name.data.strip(), "slug": self.slug.data, "position": self.position.data or 0}


class ProductGroupForm(_EditForm):
    model = ProductGroup

    name = StringField("Name", validators=[DataRequired("Give the product a name."), Length(max=160)])
    slug = StringField(
        "Slug (in the address)", validators=[DataRequired("Give the product a slug."), Length(max=80), SLUG]
    )
    category_id = SelectField("Category", coerce=int, validators=[InputRequired("Pick a category.")])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])
    image = FileField("Image (PNG, JPEG or WebP)")
    hub_reference = StringField(
        "Hub product reference",
        description="The reference the Hub links to a product and its editor; empty for a product without a design.",
        validators=[
            Optional(),
            Length(max=120),
            Regexp(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$", message="Use letters, digits, dots, colons and hyphens."),
        ],
    )
    visible = BooleanField("Shown in the shop", default=True)
    featured = BooleanField("Featured on the home page")
    position = IntegerField("Position", default=0, validators=POSITION)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.category_id.choices = [(category.id, category.name) for category in categories]

    def validate_category_id(self, field):
        if field.data not in {value for value, _label in self.category_id.choices}:
            raise ValidationError("Pick one of the categories.")

    def validate_slug(self, field):
        self._unique("slug", field, "product")

    def validate_hub_reference(self, field):
        self._unique("hub_reference", field, "product")

    def values(self):
        return {
            "name": self.name.data.strip(),
            "slug": self.slug.data,
            "category_id": self.category_id.data,
            "description": (self.description.data or "").strip(),
            "hub_reference": (self.hub_reference.data or "").strip() or None,
            "visible": self.visible.data,
            "featured": self.featured.data,
            "position": self.position.data or 0,
        }


def parse_options(text):
    """'name: value' lines → dict; ValueError with a message for the owner."""
    options = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip() or not value.strip():
            raise ValueError(f"Line {number}: write each option as name: value, e.g. paper: matte.")
        options[name.strip()[:40]] = value.strip()[:80]
    if len(options) > MAX_OPTIONS:
        raise ValueError(f"At most {MAX_OPTIONS} options.")
    return options


def format_options(options):
    return "\n".join(f"{name}: {value}" for name, value in (options or {}).items())


class VariantForm(_EditForm):
    model = ProductVariant

    sku = StringField(
        "SKU",
        validators=[
            DataRequired("Give the variant a SKU."),
            Length(max=64),
            Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", message="Use letters, digits, dots and hyphens."),
        ],
    )
    name = StringField("Name", validators=[DataRequired("Give the variant a name."), Length(max=160)])
    options = TextAreaField("Options", description="One per line, as name: value (e.g. paper: matte).")
    price = MoneyField(
        "Price",
        validators=[
            InputRequired("Give the variant a price."),
            NumberRange(min=Decimal("0"), max=Decimal("100000"), message="Use a price from 0 to 100000."),
        ],
    )
    active = BooleanField("On sale", default=True)
    position = IntegerField("Position", default=0, validators=POSITION)

    def validate_sku(self, field):
        self._unique("sku", field, "variant")

    def validate_options(self, field):
        try:
            parse_options(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    def values(self):
        return {
            "sku": self.sku.data.strip(),
            "name": self.name.data.strip(),
            "options": parse_options(self.options.data),
            "price_cents": self.price.minor_units,
            "active": self.active.data,
            "position": self.position.data or 0,
        }
