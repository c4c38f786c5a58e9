from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from conferences.documents import format_value

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
    return mark_safe("".join(f"<tr>{_cells(row, table.columns)}</tr>\n  " for row in table.rows))


@register.simple_tag
def report_total_cells(table):
    return mark_safe(_cells(table.total, table.columns))


@register.inclusion_tag("reports/_bloc_section.html", takes_context=True)
def bloc_reports_section(context, bloc, year):
    """Links to the bloc's reports of `year` on the bloc page. No query: the report pages check
    the permission themselves."""
    return {"bloc": bloc, "year": year, "user": context.get("user")}
