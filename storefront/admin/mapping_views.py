"""The Hub mapping check page: each product group's hub_reference and what the Hub says about it, from cache,
with a "Check again" button that asks the Hub anew.

The admin blueprint's require_admin guard covers these paths (everything under /admin): visitors are sent to log
in, customers get a 404.
"""

from flask import Blueprint, flash, redirect, render_template, url_for

from . import hub_mapping
from .forms import ActionForm

bp = Blueprint("admin_mapping", __name__, url_prefix="/admin/mapping")
EXPIRED_FORM = "That form had expired, so nothing was checked. Please try again."


@bp.get("")
def page():
    """The last report (built now when there is none); the Hub down is said in words on the page."""
    problem = None
    try:
        report = hub_mapping.current_report()
    except hub_mapping.MappingUnavailable as exc:
        report, problem = None, str(exc)
    return render_template(
        "admin/mapping.html", report=report, problem=problem, labels=hub_mapping.STATE_LABELS, form=ActionForm()
    )


@bp.post("/check")
def check():
    """Build the report from fresh Hub answers; when the Hub cannot answer, the previous report stays."""
    if not ActionForm().validate_on_submit():
        flash(EXPIRED_FORM, "warning")
        return redirect(url_for(".page"))
    try:
        report = hub_mapping.check_again()
    except hub_mapping.MappingUnavailable as exc:
        flash(f"{exc} The report below is the previous one.", "error")
    else:
        flash(f"Checked with the Hub at {report.checked_at_text}.", "success")
    return redirect(url_for(".page"))
