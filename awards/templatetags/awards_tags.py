from django import template
from django.utils.translation import gettext_lazy as _

from awards import selectors
from awards.models import Submission

register = template.Library()

STATE_LABELS = {selectors.NOT_STARTED: _("Not started"), **dict(Submission.State.choices)}
STATE_CLASSES = {
    selectors.NOT_STARTED: "text-bg-light border",
    Submission.State.DRAFT: "text-bg-secondary",
    Submission.State.SUBMITTED: "text-bg-primary",
    Submission.State.RETURNED: "text-bg-warning",
    Submission.State.ACCEPTED: "text-bg-success",
}


@register.inclusion_tag("awards/_state_badge.html")
def state_badge(state):
    return {"state": state, "label": STATE_LABELS.get(state, state), "css": STATE_CLASSES.get(state, "")}


@register.inclusion_tag("awards/_home_todo.html", takes_context=True)
def awards_todo(context):
    """The home page's award to-do: an officer's open periods and the state of its report."""
    user = context["user"]
    return {"user": user, "items": selectors.open_periods_for_officer(user) if user.is_officer else []}
