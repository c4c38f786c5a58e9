from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from blocs import selectors as bloc_selectors
from blocs.models import Bloc
from blocs.todo import TodoLine
from conferences import selectors

register = template.Library()


@register.inclusion_tag("conferences/_bloc_conferences.html")
def bloc_conferences(bloc, year, user, can_manage=False):
    """The bloc's conferences reviewing `year` on the bloc page (one query; for an officer one
    more, its agency's role in the bloc that year, asked once for reading and recording)."""
    conferences = selectors.conferences_of_bloc_year(user, bloc, year)
    may_record = bool(can_manage) or selectors.can_manage_conferences(user, bloc, year)
    visible = bool(conferences) or may_record or bool(can_manage)
    return {"bloc": bloc, "year": year, "conferences": conferences, "may_record": may_record, "visible": visible}


@register.inclusion_tag("blocs/_todo_lines.html", takes_context=True)
def conferences_todo(context):
    """The home page's review lines: for Home Affairs the province's blocs, for the leader's
    officer its bloc, that have not held or not recorded a review that has fallen due. One query."""
    user, year = context["user"], context.get("year")
    if not user.is_authenticated or not year:
        return {"lines": []}
    if user.is_officer:
        led = context.get("led_bloc")
        if led is None:
            return {"lines": []}
        blocs = Bloc.objects.filter(pk=led.pk)
    else:
        blocs = bloc_selectors.blocs_for_user(user)
    lines = []
    for todo in selectors.reviews_to_record(blocs, year):
        links = [(reverse("conferences:list", args=[b.pk, year]), b.name) for b in todo.missing]
        links += [(c.get_absolute_url(), c.bloc.name) for c in todo.unrecorded]
        first = todo.missing[0] if todo.missing else todo.unrecorded[0].bloc
        if user.is_officer:
            href = reverse("conferences:list", args=[first.pk, year])
            text = (
                _("Hold and record the %(review)s %(year)d")
                if todo.missing
                else _("Record the minutes of the %(review)s %(year)d")
            ) % {"review": todo.label.lower(), "year": year}
            links = []
        else:
            href = links[0][0] if len(links) == 1 else f"{reverse('blocs:list')}?year={year}"
            text = _("%(review)s %(year)d: blocs that have not held or recorded it") % {
                "review": todo.label,
                "year": year,
            }
        lines.append(
            TodoLine(href=href, text=text, key=f"review-{todo.kind}", count=todo.count, due=todo.due, links=links)
        )
    return {"lines": lines}
