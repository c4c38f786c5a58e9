"""The home page's proposal lines (drawn by `blocs/_todo_lines.html` like every app's)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from blocs.todo import TodoLine
from proposals import selectors
from proposals.models import Dossier

register = template.Library()


@register.inclusion_tag("blocs/_todo_lines.html", takes_context=True)
def proposals_todo(context):
    """Home Affairs: dossiers to receive, to put before the council, waiting for the decision.
    The leader agency's officer: its bloc's dossier returned with a reason. One query."""
    user = context["user"]
    if not user.is_authenticated:
        return {"lines": []}
    href = reverse("proposals:index")
    lines = []
    if user.is_officer:
        led = context.get("led_bloc")
        if led is not None:
            returned = selectors.dossiers_waiting(user, bloc=led).get(Dossier.State.RETURNED, 0)
            if returned:
                lines.append(
                    TodoLine(
                        href,
                        _("Proposal dossier returned: correct and submit it again"),
                        "dossier-returned",
                        count=returned,
                        urgent=True,
                    )
                )
        return {"lines": lines}
    waiting = selectors.dossiers_waiting(user)
    texts = {
        Dossier.State.SUBMITTED: _("Proposal dossiers to receive"),
        Dossier.State.RECEIVED: _("Proposal dossiers for the council's review"),
        Dossier.State.REVIEWED: _("Proposal dossiers waiting for the decision"),
    }
    for state, text in texts.items():
        if waiting.get(state):
            lines.append(TodoLine(href, text, f"dossiers-{state}", count=waiting[state]))
    return {"lines": lines}
