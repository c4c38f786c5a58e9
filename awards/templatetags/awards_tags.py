import html

from django import forms, template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize, time_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from awards import selectors
from awards.models import Submission
from blocs import dataversion
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


def _e(value) -> str:
    """Django's `escape` without its lazy-string wrapper (called thousands of times a page)."""
    return html.escape(str(value))


# --- The entry grid ---------------------------------------------------------------------------
# A 500-row grid is 5,000 form fields: rendered through Django's widget templates (and the form
# select's ~50 options each through an option template) the page took 1.9 s and 2.9 MB. The
# rows are written here from the widgets' own context (`get_context`: names, ids, values,
# attributes exactly as Django computes them), with the markup of Django's widget templates.
# The award-form select of a row that has a form chosen carries only that option; the whole
# list is in the page once (`<template id="award-form-options">`) and grid.js copies it into
# those selects. A row without a form (a new row, also one the server adds without
# JavaScript) gets the whole list.

FORM_OPTIONS_ID = "award-form-options"


def _attrs(attrs) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{_e(value)}"' for name, value in attrs.items() if value is not False
    )


def _option(value, label, selected) -> str:
    return f'<option value="{_e(value)}"{" selected" if selected else ""}>{_e(label)}</option>'


def _options(optgroups, *, mark_selected=True) -> str:
    out = []
    for group_name, choices, _index in optgroups:
        if group_name:
            out.append(f'\n  <optgroup label="{_e(group_name)}">')
        for option in choices:
            out.append("\n  " + _option(option["value"], option["label"], mark_selected and option["selected"]))
        if group_name:
            out.append("\n  </optgroup>")
    return "".join(out)


def _widget_html(bound_field, *, compact_choices=None) -> str:
    """What `str(bound_field)` renders, without the template engine."""
    widget = bound_field.field.widget
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    if isinstance(widget, forms.Select):
        options = _options(context["optgroups"])
        return f'<select name="{_e(context["name"])}"{_attrs(context["attrs"])}>{options}\n</select>'
    value = "" if context["value"] is None else f' value="{_e(context["value"])}"'
    return f'<input type="{context["type"]}" name="{_e(context["name"])}"{value}{_attrs(context["attrs"])}>'


def _form_select_html(bound_field, labels) -> str:
    """The award-form select: only the chosen option when a known form is chosen (grid.js adds
    the others from the page's one list), else every option."""
    value = bound_field.value()
    try:
        chosen = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        chosen = None
    if chosen not in labels:
        return _widget_html(bound_field)
    widget = bound_field.field.widget
    attrs = bound_field.build_widget_attrs({}, widget)
    attrs.setdefault("id", bound_field.auto_id)
    attrs = widget.build_attrs(widget.attrs, attrs)
    empty_label = bound_field.field.choices[0][1]
    return (
        f'<select name="{_e(bound_field.html_name)}"{_attrs(attrs)} data-options="{FORM_OPTIONS_ID}">'
        f"\n  {_option('', empty_label, False)}\n  {_option(chosen, labels[chosen], True)}\n</select>"
    )


def _grid_row(form, number, labels, delete_label, row_label="") -> str:
    """One row of the entry grid, as `awards/_grid_row.html` used to draw it: each cell carries its
    field's label (hidden on a desktop, shown on the stacked phone layout) and its errors have ids
    the field points to."""
    errors = form.non_field_errors()
    danger = ' class="table-danger"' if errors else ""
    out = [
        f'<tr data-row id="row-{_e(number)}"{danger}>\n'
        f'  <td class="text-muted small row-number" data-label="{_e(row_label)}">{_e(number)}</td>\n  '
    ]
    first = True
    for field in form.visible_fields():
        if field.name == "DELETE":
            continue
        html_field = _form_select_html(field, labels) if field.name == "form" else _widget_html(field)
        field_id = _e(field.id_for_label)
        field_errors = "".join(
            f'<div class="invalid-feedback d-block" id="{field_id}-error">{_e(e)}</div>' for e in field.errors
        )
        extra = ""
        if first:
            hidden = "".join(_widget_html(h) for h in form.hidden_fields())
            extra = hidden + "".join(
                f'<div class="text-danger small" data-testid="row-error">{_e(e)}</div>' for e in errors
            )
            first = False
        label = f'<label class="grid-label visually-hidden" for="{field_id}">{_e(field.label)}</label>'
        out.append(f'\n  <td class="cell-{field.name}">{label}{html_field}{field_errors}\n    {extra}</td>\n  ')
    delete = form["DELETE"]
    out.append(
        '\n  <td class="cell-delete">'
        f'<label class="grid-label visually-hidden" for="{_e(delete.id_for_label)}">{delete_label}</label>'
        f"{_widget_html(delete)}</td>\n</tr>\n"
    )
    return "".join(out)


def _form_labels(formset) -> dict:
    catalogue = formset.form_kwargs["catalogue"]
    return {form_id: form.name for form_id, form in catalogue.forms.items()}


class _InitialRows:
    """The rows of an unbound grid written from its initial data, without building a form per
    row: Django deep-copies every field of every form it builds, which was half of a 500-row
    grid's time. The fields' markup comes from the formset's one empty form (names, ids and
    attributes exactly as Django computes them, with the index put in), each row's values from
    the widgets' own `format_value`. A bound grid (a post with errors) goes through its forms."""

    def __init__(self, formset, labels, delete_label, row_label=""):
        self.prefix = formset.prefix
        self.labels, self.delete_label, self.row_label = labels, delete_label, row_label
        proto = formset.empty_form
        self.fields = []
        for bound_field in proto.visible_fields():
            widget = bound_field.field.widget
            attrs = bound_field.build_widget_attrs({}, widget)
            attrs.setdefault("id", bound_field.auto_id)
            context = widget.get_context(bound_field.html_name, None, attrs)["widget"]
            if bound_field.name == "DELETE":
                self.delete_id = _e(attrs["id"])
                self.delete_html = (
                    f'<input type="{context["type"]}" name="{_e(context["name"])}"{_attrs(context["attrs"])}>'
                )
                continue
            is_select = isinstance(widget, forms.Select)
            options = [option for _g, group, _i in context["optgroups"] for option in group] if is_select else None
            grouped = context["optgroups"] if is_select else None
            self.fields.append(
                (
                    bound_field.name,
                    bound_field.initial,
                    widget,
                    context,
                    _attrs(context["attrs"]),
                    options,
                    grouped,
                    _e(attrs["id"]),
                    _e(bound_field.label),
                )
            )

    @staticmethod
    def usable(formset, labels) -> bool:
        """Unbound, and every row's form is one of the list (the forms then mark the selection
        as usual; a row with another form, which the grid's catalogue never produces, goes
        through its form)."""
        if formset.is_bound or formset.empty_form.hidden_fields():
            return False
        return all(initial.get("form") in labels for initial in formset.initial or [])

    def _select(self, name, attrs, grouped, value, extra="") -> str:
        chosen = "" if value is None else str(value)
        out = []
        for group_name, choices, _index in grouped:
            if group_name:
                out.append(f'\n  <optgroup label="{_e(group_name)}">')
            for option in choices:
                out.append("\n  " + _option(option["value"], option["label"], str(option["value"]) == chosen))
            if group_name:
                out.append("\n  </optgroup>")
        return f'<select name="{name}"{attrs}{extra}>{"".join(out)}\n</select>'

    def row(self, index, initial) -> str:
        key = f"{self.prefix}-{index - 1}-"
        out = [
            f'<tr data-row id="row-{index}">\n'
            f'  <td class="text-muted small row-number" data-label="{self.row_label}">{index}</td>\n  '
        ]
        for name, default, widget, context, attrs, options, grouped, field_id, field_label in self.fields:
            value = initial.get(name, default)
            html_name = f"{key}{name}"
            attrs = attrs.replace("__prefix__", str(index - 1))
            if options is None:
                shown = widget.format_value(value)
                value_attr = "" if shown is None else f' value="{_e(shown)}"'
                html_field = f'<input type="{context["type"]}" name="{html_name}"{value_attr}{attrs}>'
            elif name == "form" and value in self.labels:
                html_field = (
                    f'<select name="{html_name}"{attrs} data-options="{FORM_OPTIONS_ID}">'
                    f"\n  {_option(options[0]['value'], options[0]['label'], False)}"
                    f"\n  {_option(value, self.labels[value], True)}\n</select>"
                )
            else:
                html_field = self._select(html_name, attrs, grouped, value)
            label_for = field_id.replace("__prefix__", str(index - 1))
            label = f'<label class="grid-label visually-hidden" for="{label_for}">{field_label}</label>'
            out.append(f'\n  <td class="cell-{name}">{label}{html_field}\n    </td>\n  ')
        delete_id = self.delete_id.replace("__prefix__", str(index - 1))
        delete = self.delete_html.replace("__prefix__", str(index - 1))
        out.append(
            '\n  <td class="cell-delete">'
            f'<label class="grid-label visually-hidden" for="{delete_id}">{self.delete_label}</label>'
            f"{delete}</td>\n</tr>\n"
        )
        return "".join(out)


@register.simple_tag
def grid_rows(formset):
    """Every row of the entry grid (what the `{% for %}` over `_grid_row.html` wrote)."""
    labels = _form_labels(formset)
    delete_label, row_label = _e(gettext("Delete")), _e(gettext("Row"))
    if _InitialRows.usable(formset, labels):
        writer = _InitialRows(formset, labels, delete_label, row_label)
        initial = formset.initial or []
        rows = (writer.row(i + 1, initial[i] if i < len(initial) else {}) for i in range(formset.total_form_count()))
    else:
        rows = (_grid_row(f, i, labels, delete_label, row_label) for i, f in enumerate(formset.forms, start=1))
    return mark_safe("".join(rows))


def grid_rows_from_forms(formset) -> str:
    """The same rows through one form each (what a bound grid uses); tests compare the two."""
    labels = _form_labels(formset)
    delete_label, row_label = _e(gettext("Delete")), _e(gettext("Row"))
    return "".join(_grid_row(f, i, labels, delete_label, row_label) for i, f in enumerate(formset.forms, start=1))


@register.simple_tag
def grid_empty_row(formset):
    """The row grid.js copies for "Add a row" (every option: no form is chosen in it)."""
    return mark_safe(_grid_row(formset.empty_form, "", {}, _e(gettext("Delete")), _e(gettext("Row"))))


@register.simple_tag
def grid_form_options(formset):
    """The award-form options of every row, once per page."""
    field = formset.empty_form["form"]
    context = field.field.widget.get_context(field.html_name, None, {})["widget"]
    options = _options(context["optgroups"], mark_selected=False)
    return mark_safe(f'<template id="{FORM_OPTIONS_ID}">{options}\n</template>')


@register.simple_tag
def grid_errors(formset) -> list[tuple[int, list[str]]]:
    """The grid's rows that have errors, numbered as the page shows them, each with its messages
    (prefixed by the column they belong to), for the summary at the top of the grid."""
    rows = []
    if not formset.is_bound:  # an unbound grid has no errors (and building its forms is costly)
        return rows
    for number, form in enumerate(formset.forms, start=1):
        if not form.is_bound or not form.errors:
            continue
        messages = []
        for name, errors in form.errors.items():
            field = form.fields.get(name)
            messages += [f"{field.label}: {e}" if field is not None else str(e) for e in errors]
        rows.append((number, messages))
    return rows


# --- The completeness board -------------------------------------------------------------------
# At 1,200 agencies the board's `{% for %}` loop, with its inclusion tags, `{% url %}`s and
# `{% blocktranslate %}`s per row, took ~90 % of the page (about 400 ms). The rows are written
# here in one pass, with the markup the loop wrote (tests/test_page_snapshots.py compares the
# pages of the seed cases, returned, late, on-behalf and whole-bloc rows included); every value
# is escaped by `_e`. The state badge, the back-filled badge and the on-behalf line come from
# the same small templates as elsewhere on the site, rendered once per page (or per such row).

_ID = 987654321
_CSRF_SLOT = "\x00csrf\x00"  # no escaped value can contain it


def _url_around_id(name, *args) -> tuple[str, str]:
    """The URL of `name` whose last argument is an id, as the parts before and after that id:
    each row puts its own id in between (one `reverse` per page, not one per row)."""
    before, after = reverse(name, args=[*args, _ID]).split(str(_ID))
    return before, after


def _local_datetime(value) -> str:
    local = timezone.localtime(value)
    return f"{date_format(local, 'SHORT_DATE_FORMAT')} {time_format(local, 'H:i')}"


class _Formatted(dict):
    """`fn(value)` remembered per value: a board repeats the same few numbers and minutes."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def __missing__(self, value):
        text = self[value] = self.fn(value)
        return text


class _BoardWriter:
    """What is the same on every row (labels, badges, URL parts) worked out once per page."""

    def __init__(self, context, period, can_manage):
        self.period, self.can_manage = period, can_manage
        self.number = _Formatted(localize)
        # Per minute: the page shows dates to the minute, and localtime is the costly part.
        self.minute = _Formatted(_local_datetime)
        # The token is put in after the rows are cached (`board_rows`): it differs per request.
        self.csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{_CSRF_SLOT}">'
        self.next_path = _e(context["request"].get_full_path())
        self.grid_url = _url_around_id("awards:grid", period.pk)
        self.bloc_grid_url = _url_around_id("awards:grid_bloc", period.pk)
        self.accept_url, self.return_url = _url_around_id("awards:accept"), _url_around_id("awards:return")
        self.leader = f' <span class="badge text-bg-danger role-badge">{_e(gettext("Leader"))}</span>'
        # The small templates the rest of the site uses, rendered once per page (per state).
        self.badges = {
            state: render_to_string("awards/_state_badge.html", state_badge(state)) for state in STATE_LABELS
        }
        self.backfilled = render_to_string("awards/_backfilled.html")
        self.labels = {
            "whole_bloc": _e(gettext("Whole-bloc totals")),
            "returned": _e(gettext("Returned:")),
            "accept": _e(gettext("Accept")),
            "return": _e(gettext("Return")),
            "confirm": _e(gettext("Return for correction")),
            "due_today": _e(gettext("due today")),
        }

    def heading(self, bloc) -> str:
        link = ""
        if self.can_manage:
            url = f"{self.bloc_grid_url[0]}{bloc.pk}{self.bloc_grid_url[1]}"
            link = (
                f' <a class="btn btn-sm btn-link py-0 fw-normal" href="{url}" data-testid="bloc-total-link">'
                f"{self.labels['whole_bloc']}</a>"
            )
        return f'<tr class="table-light"><th colspan="8" data-testid="bloc-heading">{_e(bloc.name)}{link}</th></tr>\n'

    def deadline(self, row) -> str:
        if row.is_submitted:
            if not row.submitted_at:
                return ""
            text = gettext("submitted %(d)s") % {
                "d": date_format(timezone.localtime(row.submitted_at), "SHORT_DATE_FORMAT")
            }
            return f'<span class="text-muted">{_e(text)}</span>'
        n = row.days_to_deadline
        if n is None:
            return self.backfilled
        if n > 0:
            return _e(ngettext("%(n)s day left", "%(n)s days left", n) % {"n": localize(n)})
        if n == 0:
            return f'<span class="text-warning-emphasis">{self.labels["due_today"]}</span>'
        late = ngettext("%(n)s day late", "%(n)s days late", -n) % {"n": localize(-n)}
        return f'<span class="text-danger" data-testid="late">{_e(late)}</span>'

    def name_cell(self, row) -> str:
        label = _e(row.label)
        if row.is_bloc_total:
            url = f"{self.bloc_grid_url[0]}{row.bloc.pk}{self.bloc_grid_url[1]}"
        else:
            url = f"{self.grid_url[0]}{row.agency.pk}{self.grid_url[1]}"
        # The line breaks are where the template's had whitespace between the tags.
        out = [f'<a href="{url}">{label}</a>', self.leader if row.role == "leader" else "", "\n"]
        if row.on_behalf:  # rare (Home Affairs typing for an agency): its include, row by row
            line = render_to_string("awards/_on_behalf.html", {"by": row.entered_by, "at": row.entered_at})
            out.append(f'<br><span data-testid="on-behalf">{line}</span>')
        out.append("\n")
        if row.return_reason:
            out.append(f'<br><small class="text-muted">{self.labels["returned"]} {_e(row.return_reason)}</small>')
        return "".join(out)

    def actions(self, row, can_return) -> str:
        if not (row.can_review and row.submission_id):
            return ""
        out = []
        if row.state == Submission.State.SUBMITTED:
            url = f"{self.accept_url[0]}{row.submission_id}{self.accept_url[1]}"
            out.append(
                f'<form method="post" action="{url}" class="d-inline">{self.csrf}\n'
                f'<input type="hidden" name="next" value="{self.next_path}">\n'
                f'<button type="submit" class="btn btn-sm btn-success" data-testid="accept">'
                f"{self.labels['accept']}</button>\n</form>\n"
            )
        if can_return:
            out.append(
                '<button type="button" class="btn btn-sm btn-outline-warning" data-bs-toggle="collapse" '
                f'data-bs-target="#return-{row.submission_id}" aria-expanded="false" data-testid="return">'
                f"{self.labels['return']}</button>\n"
            )
        return "".join(out)

    def return_form(self, row) -> str:
        sub = row.submission_id
        url = f"{self.return_url[0]}{sub}{self.return_url[1]}"
        question = _e(gettext("Why is the report of %(agency)s returned?") % {"agency": row.label})
        return (
            f'<tr class="collapse" id="return-{sub}">\n<td colspan="8">\n'
            f'<form method="post" action="{url}" class="row g-2 align-items-end">{self.csrf}\n'
            f'<input type="hidden" name="next" value="{self.next_path}">\n'
            '<div class="col-md-8">\n'
            f'<label class="form-label" for="reason-{sub}">{question}</label>\n'
            f'<textarea class="form-control" id="reason-{sub}" name="reason" rows="2" required '
            'maxlength="2000"></textarea>\n</div>\n'
            '<div class="col-auto"><button type="submit" class="btn btn-warning" '
            f'data-testid="confirm-return">{self.labels["confirm"]}</button></div>\n'
            "</form>\n</td>\n</tr>\n"
        )

    def row(self, row) -> str:
        can_return = bool(row.can_review and row.submission_id and row.is_submitted and self.period.is_open)
        testid = ' data-testid="bloc-total-row"' if row.is_bloc_total else ""
        last_change = self.minute[row.last_change.replace(second=0, microsecond=0)] if row.last_change else "—"
        number = self.number
        out = (
            f'<tr data-agency="{_e(row.label)}" data-state="{_e(row.state)}"{testid}>\n'
            f"<td>{self.name_cell(row)}</td>\n"
            f"<td>{self.badges[row.state]}</td>\n"
            f"<td>{last_change}</td>\n"
            f"<td>\n{self.deadline(row)}\n</td>\n"
            f'<td class="num">{number[row.granted.collectives]}</td>\n'
            f'<td class="num">{number[row.granted.individuals]}</td>\n'
            f'<td class="num">{number[row.proposed.collectives]} / {number[row.proposed.individuals]}</td>\n'
            f'<td class="text-end text-nowrap">\n{self.actions(row, can_return)}\n</td>\n</tr>\n'
        )
        return out + self.return_form(row) if can_return else out


def _board_html(context, board, period, can_manage) -> str:
    writer = _BoardWriter(context, period, can_manage)
    out, last_bloc = [], None
    for row in board.rows:
        if row.bloc.pk != last_bloc:
            last_bloc = row.bloc.pk
            out.append(writer.heading(row.bloc))
        out.append(writer.row(row))
    return "".join(out)


@register.simple_tag(takes_context=True)
def board_rows(context, board, period, can_manage):
    """The board's rows, each bloc under its heading, in one pass (see above), kept with the
    board's rows under the data version (`blocs.dataversion`) for each kind of viewer: what a
    row offers depends on whether the user manages the period and, for a leader's officer, on
    its agency (`row.can_review`, set by the view); the links come back to the same address."""
    request = context["request"]
    rows_html = dataversion.cached(
        "board_rows",
        (period.pk, bool(can_manage), request.user.agency_id, request.get_full_path()),
        lambda: _board_html(context, board, period, can_manage),
        version=context["data_version"],  # the version `board` was read under
    )
    # every value above goes through _e (html.escape)
    return mark_safe(rows_html.replace(_CSRF_SLOT, _e(context.get("csrf_token", ""))))
