from django import template

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
