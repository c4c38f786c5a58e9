from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

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


@register.inclusion_tag("scoring/_home_section.html", takes_context=True)
def scoring_home_section(context):
    """For an officer: the open scoring tables in which its agency has not submitted yet."""
    return {"pending": selectors.pending_self_assessments(context["user"])}
