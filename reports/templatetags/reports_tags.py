from django import template

from conferences.documents import format_value

register = template.Library()


@register.filter
def report_cell(value):
    """A table cell exactly as the docx writes it (numbers unformatted, one decimal for percent)."""
    return format_value(value)


@register.inclusion_tag("reports/_bloc_section.html", takes_context=True)
def bloc_reports_section(context, bloc, year):
    """Links to the bloc's reports of `year` on the bloc page. No query: the report pages check
    the permission themselves."""
    return {"bloc": bloc, "year": year, "user": context.get("user")}
