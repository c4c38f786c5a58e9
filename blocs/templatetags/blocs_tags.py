"""Template tags of blocs: the blocs' lines of the home page's to-do list."""

from django import template
from django.urls import reverse
from django.utils.translation import ngettext

from blocs import selectors
from blocs.todo import TodoLine

register = template.Library()


@register.inclusion_tag("blocs/_todo_lines.html", takes_context=True)
def blocs_todo(context):
    """For Home Affairs and admins: the blocs with a roster in the home page's year but no
    leader for it. One query."""
    user, year = context["user"], context.get("year")
    if not user.is_authenticated or user.is_officer or not year:
        return {"lines": []}
    blocs = selectors.blocs_without_leader(user, year)
    if not blocs:
        return {"lines": []}
    text = ngettext("%(n)d bloc has no leader for %(year)d", "%(n)d blocs have no leader for %(year)d", len(blocs)) % {
        "n": len(blocs),
        "year": year,
    }
    line = TodoLine(
        href=f"{reverse('blocs:list')}?year={year}",
        text=text,
        key="blocs-without-leader",
        count=len(blocs),
        links=[(reverse("blocs:roster_edit", args=[b.pk, year]), b.name) for b in blocs],
    )
    return {"lines": [line]}
