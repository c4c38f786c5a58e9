from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import AwardRecord
from blocs import selectors as bloc_selectors
from blocs.todo import TodoLine
from conferences.documents import format_value
from conferences.models import Conference
from conferences.selectors import review_window
from reports import selectors

register = template.Library()


def _cells(values, columns) -> str:
    """Cells exactly as the docx writes them (format_value: numbers unformatted, one decimal
    for percent), escaped; each followed by the newline the former per-cell template ended with."""
    return "".join(
        f'<td class="num">{conditional_escape(format_value(v))}</td>\n'
        if c.numeric
        else f"<td>{conditional_escape(format_value(v))}</td>\n"
        for v, c in zip(values, columns, strict=True)
    )


@register.simple_tag
def report_body_rows(table):
    """The body rows of a report table, written in one pass: a template include per cell cost
    most of a large report page's time (issue 12). Each row is followed by the same whitespace
    the template loop wrote."""
    strong = table.strong_rows
    bold = ' class="fw-bold"'
    return mark_safe(
        "".join(
            f"<tr{bold if n in strong else ''}>{_cells(row, table.columns)}</tr>\n  "
            for n, row in enumerate(table.rows)
        )
    )


@register.simple_tag
def report_total_cells(table):
    return mark_safe(_cells(table.total, table.columns))


@register.inclusion_tag("reports/_bloc_section.html", takes_context=True)
def bloc_reports_section(context, bloc, year):
    """Links to the bloc's reports of `year` on the bloc page. No query: the report pages check
    the permission themselves."""
    return {"bloc": bloc, "year": year, "user": context.get("user")}


@register.inclusion_tag("blocs/_todo_lines.html", takes_context=True)
def reports_todo(context):
    """For the leader's officer: the bloc's reports to issue, once their review has fallen due
    (the six-month report with the six-month review, the annual one with the annual review)."""
    user, year, led = context["user"], context.get("year"), context.get("led_bloc")
    if not (user.is_authenticated and user.is_officer and led is not None and year):
        return {"lines": []}
    today = timezone.localdate()
    lines = []
    for review, kind, text in (
        (Conference.Kind.SIX_MONTH, "h1", _("Issue the bloc's six-month report %(year)d")),
        (Conference.Kind.ANNUAL, "year", _("Issue the bloc's annual report %(year)d")),
    ):
        starts, due = review_window(review, year)
        if starts <= today:
            lines.append(
                TodoLine(
                    href=reverse("reports:bloc", args=[led.pk, year, kind]),
                    text=text % {"year": year},
                    key=f"report-{kind}",
                    due=due,
                    today=today,
                )
            )
    return {"lines": lines}


# Labels of the home chart's series (status × recipients).
CHART_LABELS = {
    (AwardRecord.Status.GRANTED, "c"): gettext_lazy("Granted: collectives"),
    (AwardRecord.Status.GRANTED, "i"): gettext_lazy("Granted: individuals"),
    (AwardRecord.Status.PROPOSED, "c"): gettext_lazy("Proposed: collectives"),
    (AwardRecord.Status.PROPOSED, "i"): gettext_lazy("Proposed: individuals"),
}


@register.inclusion_tag("reports/_home_figures.html", takes_context=True)
def home_figures(context):
    """Home Affairs: the year's key figures of its provinces (blocs, agencies, awards granted and
    proposed, through the counting rule) and the data of the chart. A fixed number of queries."""
    user, year = context["user"], context.get("year")
    ids = bloc_selectors.visible_province_ids(user) if user.is_authenticated else set()
    if not (user.is_authenticated and user.is_home_affairs and ids and year):
        return {"figures": None}
    figures = selectors.key_figures(province_ids=sorted(ids), year=year, counts=bloc_selectors.year_counts(user, year))
    return {"figures": figures, "chart": figures.chart(CHART_LABELS)}
