from decimal import Decimal

from django import template

from scoring import selectors

register = template.Library()


@register.filter
def points(value):
    """7.50 → “7,5”, 10.00 → “10” (in the active language); empty for None."""
    if value is None or value == "":
        return ""
    return selectors.fmt_points(Decimal(value))


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
