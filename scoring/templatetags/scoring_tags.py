from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from blocs.todo import TodoLine
from scoring import selectors

register = template.Library()


@register.filter
def points(value):
    """7.50 → “7,5”, 10.00 → “10” (in the active language); empty for None."""
    if value is None or value == "":
        return ""
    return selectors.fmt_points(Decimal(value))


@register.simple_tag
def proposal_note(proposal):
    """The data-based proposal under a criterion, written in one pass (it was a template
    include per row of every sheet); same markup and whitespace as the include had."""
    if not proposal:
        return "\n"
    if proposal.points is not None:
        headline = gettext("Proposed from data: %(p)s") % {"p": points(proposal.points)}
    else:
        headline = gettext("No proposal from data")
    return format_html(
        '<div class="small text-muted proposal" data-testid="proposal">\n  <strong>{}</strong>\n'
        '  <ul class="mb-0">{}</ul>\n</div>\n',
        headline,
        format_html_join("", "<li>{}</li>", ((line,) for line in proposal.sources)),
    )


@register.filter
def max_sum(criteria):
    """The maximum of a group: the sum over its (prefetched) criteria."""
    return points(sum((c.max_points for c in criteria), Decimal(0)))


@register.filter
def and_not(a, b):
    return bool(a) and not b


@register.inclusion_tag("scoring/_bloc_section.html", takes_context=True)
def scoring_bloc_section(context):
    """Links from the bloc page to the year's movements, covenant, table and ranking: no query."""
    return {"bloc": context.get("bloc"), "year": context.get("year")}


@register.inclusion_tag("blocs/_todo_lines.html", takes_context=True)
def scoring_todo(context):
    """The home page's scoring lines. An officer: the self-assessments to send and the covenant
    pledges of the year to record; the leader's officer also the bloc's scoring to finish."""
    user, year = context["user"], context.get("year")
    if not (user.is_authenticated and user.is_officer):
        return {"lines": []}
    lines = [
        TodoLine(
            href=reverse("scoring:overview", args=[t.bloc_id, t.year]),
            text=_("Self-assessment, %(bloc)s — %(year)d") % {"bloc": t.bloc.name, "year": t.year},
            key="self-assessment",
        )
        for t in selectors.pending_self_assessments(user)
    ]
    if year:
        lines += [
            TodoLine(
                href=reverse("scoring:pledge", args=[c.bloc_id, c.year, user.agency_id]),
                text=_("Record your pledge to the covenant, %(bloc)s — %(year)d")
                % {"bloc": c.bloc.name, "year": c.year},
                key="pledge",
            )
            for c in selectors.pledges_to_record(user, year)
        ]
    led = context.get("led_bloc")
    if led is not None and year:
        scoring = selectors.scoring_to_finish(led, year)
        if scoring is not None:
            lines.append(
                TodoLine(
                    href=reverse("scoring:overview", args=[led.pk, year]),
                    text=_("Finish the bloc's scoring for %(year)d: self-assessments sent in") % {"year": year},
                    key="scoring-to-finish",
                    count=f"{scoring.submitted} / {scoring.members}",
                )
            )
    return {"lines": lines}
