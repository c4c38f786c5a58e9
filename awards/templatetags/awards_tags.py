from django import template
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from awards import selectors
from awards.models import Submission
from blocs.todo import TodoLine

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


def _progress_lines(items, *, bloc=None) -> list[TodoLine]:
    """For each open period: reports sent in out of the members, reports waiting for review,
    agencies late. Counted over the province's blocs, or over the leader's `bloc`."""
    lines = []
    for p in items:
        period = p.period
        board = reverse("awards:board", args=[period.pk]) + (f"?bloc={bloc.pk}" if bloc else "")
        where = bloc.name if bloc else period.province.name
        lines.append(
            TodoLine(
                href=board,
                text=_g("%(period)s, %(where)s: reports sent in") % {"period": period, "where": where},
                key="period-progress",
                count=_g("%(done)s / %(total)s submitted") % {"done": p.submitted, "total": p.members},
                due=period.deadline,
                today=p.today,
            )
        )
        if p.waiting:
            lines.append(
                TodoLine(
                    href=board,
                    text=ngettext(
                        "%(period)s, %(where)s: %(n)d report waiting for review",
                        "%(period)s, %(where)s: %(n)d reports waiting for review",
                        p.waiting,
                    )
                    % {"period": period, "where": where, "n": p.waiting},
                    key="waiting-review",
                    count=p.waiting,
                    urgent=True,
                    today=p.today,
                )
            )
        if p.late:
            lines.append(
                TodoLine(
                    href=board,
                    text=ngettext(
                        "%(period)s, %(where)s: %(n)d agency has not reported",
                        "%(period)s, %(where)s: %(n)d agencies have not reported",
                        p.late,
                    )
                    % {"period": period, "where": where, "n": p.late},
                    key="late-agencies",
                    count=p.late,
                    due=period.deadline,
                    today=p.today,
                )
            )
    return lines


def _officer_lines(user) -> list[TodoLine]:
    """The officer's own reports still to send: the grid's link, its state, the days left, and
    the reason when it came back."""
    lines = []
    for item in selectors.open_periods_for_officer(user):
        if not item.is_due:
            continue
        period = item.period
        returned = item.state == Submission.State.RETURNED
        lines.append(
            TodoLine(
                href=reverse("awards:grid", args=[period.pk, user.agency_id]),
                text=(
                    _g("Correct and resend the award figures, %(period)s")
                    if returned
                    else _g("Award figures, %(period)s")
                )
                % {"period": period},
                key="grid-returned" if returned else "grid-due",
                count=str(STATE_LABELS[item.state]),
                due=period.deadline,
                detail=(_g("Returned: %(reason)s") % {"reason": item.return_reason}) if returned else "",
                urgent=returned,
                today=item.today,
            )
        )
    return lines


@register.inclusion_tag("blocs/_todo_lines.html", takes_context=True)
def awards_todo(context):
    """The home page's award lines. Home Affairs: each open period's reports sent in, waiting for
    review, late. Officer: its own reports due; the leader's officer also its bloc's progress.
    One query for each part."""
    user = context["user"]
    if not user.is_authenticated:
        return {"lines": []}
    if not user.is_officer:
        return {"lines": _progress_lines(selectors.open_period_progress(user))}
    lines = _officer_lines(user)
    led = context.get("led_bloc")
    if led is not None:
        lines += _progress_lines(selectors.open_period_progress(user, bloc=led, years=[context["year"]]), bloc=led)
    return {"lines": lines}


@register.simple_tag
def grid_errors(formset) -> list[tuple[int, list[str]]]:
    """The grid's rows that have errors, numbered as the page shows them, each with its messages
    (prefixed by the column they belong to), for the summary at the top of the grid."""
    rows = []
    for number, form in enumerate(formset.forms, start=1):
        if not form.is_bound or not form.errors:
            continue
        messages = []
        for name, errors in form.errors.items():
            field = form.fields.get(name)
            messages += [f"{field.label}: {e}" if field is not None else str(e) for e in errors]
        rows.append((number, messages))
    return rows
