"""Reads for conferences: scoped access, the pages' querysets, and the rows the reports use.

Access (the conference rules, used by `rules.py` and the views, built on `blocs.access`): Home
Affairs of the bloc's province and admins manage every conference; the officer of the agency
leading the bloc in the reviewed year manages that year's conferences; officers of agencies that
are members of the bloc in that year read them. Anyone else gets a 404, so a conference's
existence is not revealed.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, F, FloatField, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from blocs import selectors as bloc_selectors
from blocs.access import access_for, years_as_member
from blocs.concurrency import Snapshot, instance_snapshot, numbered, rows_snapshot, shown
from blocs.history import HistoryEntry, history_entries, labelled
from blocs.models import Bloc, User
from conferences.exporters import vn_date_line
from conferences.models import (
    AdoptedDocument,
    AgendaItem,
    AgreedMovement,
    Attachment,
    Attendance,
    Candidate,
    Conference,
    Election,
    Guest,
    LegalBasis,
    Task,
    Vote,
)


def can_manage_conferences(user: User, bloc: Bloc, year: int) -> bool:
    """Record or change the conferences of `bloc` reviewing `year`: Home Affairs, admins and the
    leader agency's officer of that year."""
    return access_for(user, bloc, year).manages_or_leads


def can_read_conferences(user: User, bloc: Bloc, year: int) -> bool:
    """Read the conferences of `bloc` reviewing `year` (members of that year, Home Affairs, admins)."""
    access = access_for(user, bloc, year)
    return access.sees and (access.manages or access.is_member)


def readable_years(user: User, bloc: Bloc, years: list[int]) -> set[int]:
    """Which of `years` the user may read the bloc's conferences of. At most one query."""
    if bloc_selectors.can_manage_province(user, bloc.province_id):
        return set(years)
    return years_as_member(user, bloc, years)


def bloc_year_for_user(user: User, bloc_pk, year: int) -> Bloc:
    """The bloc, if the user may read its conferences of `year`; otherwise 404."""
    bloc = bloc_selectors.bloc_for_user(user, bloc_pk)
    if not can_read_conferences(user, bloc, year):
        raise Http404
    return bloc


def _conferences_for_user(user: User) -> QuerySet[Conference]:
    ids = bloc_selectors.visible_province_ids(user)
    qs = Conference.objects.select_related("bloc__province")
    return qs if ids is None else qs.filter(bloc__province_id__in=ids)


def conference_for_user(user: User, pk, *, queryset: QuerySet[Conference] | None = None) -> Conference:
    """A conference the user may read (404 otherwise)."""
    qs = queryset if queryset is not None else _conferences_for_user(user)
    ids = bloc_selectors.visible_province_ids(user)
    if ids is not None:
        qs = qs.filter(bloc__province_id__in=ids)
    conference = get_object_or_404(qs, pk=pk)
    if not can_read_conferences(user, conference.bloc, conference.year):
        raise Http404
    return conference


def conference_list(bloc: Bloc, year: int) -> QuerySet[Conference]:
    """The bloc's conferences reviewing `year`, with their counts. One query."""
    return (
        Conference.objects.filter(bloc=bloc, year=year)
        .annotate(
            attended_count=Count("attendance", filter=Q(attendance__attended=True), distinct=True),
            recorded_count=Count("attendance", filter=Q(attendance__attended__isnull=False), distinct=True),
            vote_count=Count("votes", distinct=True),
            has_election=Exists(Election.objects.filter(conference=OuterRef("pk"))),
        )
        .order_by(F("date").asc(nulls_last=True), "id")
    )


def conferences_of_bloc_year(user: User, bloc: Bloc, year: int) -> list[Conference]:
    """For the bloc page: the conferences of the year if the user may read them, in one query."""
    if not can_read_conferences(user, bloc, year):
        return []
    return list(Conference.objects.filter(bloc=bloc, year=year).order_by(F("date").asc(nulls_last=True), "id"))


def conference_detail_queryset() -> QuerySet[Conference]:
    """Everything the detail, print and docx views show, in a fixed number of queries."""
    return Conference.objects.select_related(
        "bloc__province", "host_agency", "chair_agency", "secretary_agency"
    ).prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.select_related("agency")),
        "guests",
        "agenda_items",
        "adopted_documents",
        Prefetch("tasks", queryset=Task.objects.select_related("responsible_agency")),
        "agreed_movements",
        "legal_bases",
        "attachments",
        Prefetch(
            "votes",
            queryset=Vote.objects.select_related("award_form").prefetch_related(
                Prefetch("candidates", queryset=Candidate.objects.select_related("agency"))
            ),
        ),
    )


def election_of(conference: Conference) -> Election | None:
    return (
        Election.objects.filter(conference=conference)
        .select_related("leader", "deputy_1", "deputy_2", "deputy_3")
        .first()
    )


# --- For the reports ------------------------------------------------------------------------

PERIOD_TO_CONFERENCE_KIND = {"h1": Conference.Kind.SIX_MONTH, "year": Conference.Kind.ANNUAL}


def conferences_for_period(bloc: Bloc, year: int, kind: str) -> QuerySet[Conference]:
    """The bloc's conferences reviewing `year` of `kind`, with their lists prefetched.

    `kind` is a conference kind ("six_month", "annual", "launch", "other") or a reporting
    period kind ("h1" → the six-month review, "year" → the annual review)."""
    if kind in PERIOD_TO_CONFERENCE_KIND:
        condition = Q(period_kind=kind) | Q(kind=PERIOD_TO_CONFERENCE_KIND[kind])
    else:
        condition = Q(kind=kind)
    return (
        conference_detail_queryset()
        .filter(condition, bloc=bloc, year=year)
        .order_by(F("date").asc(nulls_last=True), "id")
    )


@dataclass(frozen=True)
class VoteOutcome:
    conference_id: int
    vote_id: int
    kind: str  # Vote.Kind
    award_form_code: str
    award_label: str  # "Cờ thi đua của UBND tỉnh"
    authority: str
    proposed_to: str
    agency_id: int
    agency: str
    votes: int | None
    valid_ballots: int | None
    percent: float | None  # of valid ballots, two decimals
    won: bool


def vote_outcomes(bloc: Bloc, year: int) -> list[VoteOutcome]:
    """Every candidate of every vote at the bloc's conferences reviewing `year`, winners first
    within a vote. The percentage is computed in the database. One query."""
    valid = F("vote__ballots_valid")
    rows = (
        Candidate.objects.filter(vote__conference__bloc=bloc, vote__conference__year=year)
        .annotate(
            pct=Case(
                When(
                    Q(votes__isnull=False) & Q(vote__ballots_valid__gt=0),
                    then=Cast("votes", FloatField()) * 100.0 / Cast(valid, FloatField()),
                ),
                default=None,
                output_field=FloatField(),
            )
        )
        .order_by(
            F("vote__conference__date").asc(nulls_last=True),
            "vote__conference_id",
            "vote__position",
            "vote_id",
            "-won",
            "position",
        )
        .values_list(
            "vote__conference_id",
            "vote_id",
            "vote__kind",
            "vote__award_form__code",
            "vote__award_label",
            "vote__authority",
            "vote__proposed_to",
            "agency_id",
            "agency__name",
            "votes",
            "vote__ballots_valid",
            "pct",
            "won",
        )
    )
    return [VoteOutcome(*row[:11], round(row[11], 2) if row[11] is not None else None, row[12]) for row in rows]


def _join_vn(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " và " + names[-1]


def outcome_summary(bloc: Bloc, year: int) -> str:
    """The outcomes in the words of a report (Vietnamese, like the documents):
    “suy tôn Thanh tra tỉnh nhận Cờ thi đua của UBND tỉnh; đề nghị UBND tỉnh tặng Bằng khen cho
    Bộ Chỉ huy Quân sự tỉnh và Sở Tư pháp”. Empty when nobody won."""
    by_vote: dict[int, list[VoteOutcome]] = {}
    for row in vote_outcomes(bloc, year):
        if row.won:
            by_vote.setdefault(row.vote_id, []).append(row)
    parts = []
    for rows in by_vote.values():
        first, names = rows[0], _join_vn([r.agency for r in rows])
        if first.kind == Vote.Kind.FLAG:
            parts.append(f"suy tôn {names} nhận {first.award_label}")
        elif first.kind == Vote.Kind.CERTIFICATE and first.proposed_to:
            short = first.award_label.split(" của ")[0]
            parts.append(f"đề nghị {first.proposed_to} tặng {short} cho {names}")
        elif first.kind == Vote.Kind.CERTIFICATE:
            parts.append(f"đề nghị tặng {first.award_label} cho {names}")
        else:
            parts.append(f"{first.award_label}: {names}")
    return "; ".join(parts)


def election_for(bloc: Bloc, year: int) -> Election | None:
    """The election held at the annual review of `year` for `year + 1` (leader, deputies via
    `.deputies`, `source_reference`, `source_date`), or None."""
    return (
        Election.objects.filter(conference__bloc=bloc, conference__year=year)
        .select_related("conference", "leader", "deputy_1", "deputy_2", "deputy_3")
        .first()
    )


# --- The minutes as a document (one structure for the HTML print view and the .docx) ---------

# The minutes are a document: every sentence in the active language (Vietnamese wording in the
# Vietnamese catalogue), so an English user gets English minutes.


def time_of_day_text(value: str) -> str:
    return {
        "morning": pgettext("document", "in the morning"),
        "afternoon": pgettext("document", "in the afternoon"),
        "evening": pgettext("document", "in the evening"),
    }.get(value, "")


def vote_kind_text(kind: str) -> str:
    return {
        "flag": pgettext("document", "Review and honouring"),
        "certificate": pgettext("document", "Proposal for a certificate of merit"),
        "other": pgettext("document", "Vote"),
    }.get(kind, "")


def vn_long_date(d) -> str:
    """“ngày 20 tháng 7 năm 2022” (Decree 30: days 1–9 and months 1–2 take a leading zero);
    “on 20/7/2022” in English."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return pgettext("document", "on %(day)s/%(month)s/%(year)s") % {
        "day": f"{d.day:02d}",
        "month": month,
        "year": d.year,
    }


def short_date(d) -> str:
    return f"{d:%d/%m/%Y}"


def vn_percent(value: float | None) -> str:
    """52.5 → “52,5%” in Vietnamese, “52.5%” in English."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", get_format("DECIMAL_SEPARATOR")) + "%"


@dataclass
class MinutesCandidate:
    agency: str
    votes: int | None
    percent: float | None
    percent_text: str
    won: bool


@dataclass
class MinutesVote:
    label: str
    kind: str
    kind_text: str
    authority: str
    proposed_to: str
    issued: int | None
    returned: int | None
    valid: int | None
    invalid: int | None
    threshold_percent: int
    has_ballots: bool
    candidates: list[MinutesCandidate]
    note: str


@dataclass
class Minutes:
    conference_id: int
    bloc_id: int
    year: int
    kind: str
    province: str
    issuer_parent: str
    issuer: str
    number: str
    place_date: str
    title: str
    subtitle: str
    time_line: str
    place_line: str
    chair: str
    secretary: str
    chair_name: str
    secretary_name: str
    present: list[tuple[str, str]]  # (agency, "name, title")
    absent: list[str]
    guests: list[str]
    legal_bases: list[str]
    agenda: list[str]
    documents: list[str]
    discussion: str
    votes: list[MinutesVote]
    conclusions: str
    concluded_by: str
    tasks: list[str]
    movements: list[str]
    election: str
    # Roman numerals of the parts present, e.g. {"votes": "III", "conclusions": "IV"}.
    part: dict[str, str]
    date: object = None  # datetime.date of the conference, or None


ROMAN = ["I", "II", "III", "IV", "V", "VI"]


def _person(name: str, title: str, agency=None) -> str:
    parts = [p for p in (name, title) if p]
    if agency is not None and not any(agency.name in p for p in parts):
        parts.append(agency.name)
    return " – ".join(parts)


def minutes(conference: Conference, election: Election | None = None) -> Minutes:
    """The minutes in the Decree 30 layout, as plain data. `conference` should come from
    `conference_detail_queryset()` so that no list costs a query of its own."""
    bloc = conference.bloc
    province = bloc.province.name
    d = conference.date
    when = []
    if conference.start_time:
        when.append(
            pgettext("document", "%(hour)s:%(minute)s")
            % {"hour": f"{conference.start_time:%H}", "minute": f"{conference.start_time:%M}"}
        )
    if conference.time_of_day:
        when.append(time_of_day_text(conference.time_of_day))
    if d:
        when.append(vn_long_date(d))
        time_line = pgettext("minutes time", "%(when)s.") % {"when": ", ".join(when)}
    else:
        # No date: the item is left out of the minutes (the date note is a working note, not a fact).
        time_line = ""
    venue = conference.venue or (conference.host_agency.name if conference.host_agency else "")
    place_line = pgettext("minutes place", "%(venue)s.") % {"venue": venue} if venue else ""

    present, absent = [], []
    for a in conference.attendance.all():  # an agency whose attendance is not recorded is not named
        if a.attended is True:
            present.append((a.agency.name, _person(a.representative_name, a.representative_title)))
        elif a.attended is False:
            absent.append(a.agency.name)
    votes = []
    for v in conference.votes.all():
        candidates = [
            MinutesCandidate(
                agency=c.agency.name, votes=c.votes, percent=c.percent, percent_text=vn_percent(c.percent), won=c.won
            )
            for c in sorted(v.candidates.all(), key=lambda c: (c.position, c.id))
        ]
        votes.append(
            MinutesVote(
                label=v.label,
                kind=v.kind,
                kind_text=vote_kind_text(v.kind),
                authority=v.authority,
                proposed_to=v.proposed_to,
                issued=v.ballots_issued,
                returned=v.ballots_returned,
                valid=v.ballots_valid,
                invalid=v.ballots_invalid,
                threshold_percent=v.threshold_percent,
                has_ballots=v.has_ballots,
                candidates=candidates,
                note=v.note,
            )
        )
    election_text = ""
    if election is not None:
        deputies = ", ".join(a.name for a in election.deputies)
        roles = pgettext("document", "%(leader)s as leader") % {"leader": election.leader.name}
        if deputies:
            roles += pgettext("document", ", %(deputies)s as deputy") % {"deputies": deputies}
        if election.method == Election.Method.DECISION:
            when_text = (
                pgettext("document", " dated %(date)s") % {"date": short_date(election.decision_date)}
                if election.decision_date
                else ""
            )
            election_text = pgettext("document", "Under Decision No. %(number)s%(when)s: %(roles)s for %(year)s.") % {
                "number": election.decision_number,
                "when": when_text,
                "roles": roles,
                "year": election.for_year,
            }
        else:
            election_text = pgettext("document", "The conference agreed to elect %(roles)s for %(year)s.") % {
                "roles": roles,
                "year": election.for_year,
            }
    legal = []
    for b in conference.legal_bases.all():
        line = b.number
        if b.date:
            line += pgettext("document", " dated %(date)s") % {"date": short_date(b.date)}
        if b.issuer:
            line += pgettext("document", " of %(issuer)s") % {"issuer": b.issuer}
        if b.title:
            line += f": {b.title}"
        legal.append(line)
    tasks = []
    for t in conference.tasks.all():
        text = t.text
        if t.responsible_agency:
            text += pgettext("document", " (responsible: %(agency)s)") % {"agency": t.responsible_agency.name}
        tasks.append(text)
    parts = ["attendance", "content"] + (["votes"] if votes else []) + (["election"] if election_text else [])
    parts.append("conclusions")
    return Minutes(
        date=d,
        conference_id=conference.pk,
        bloc_id=bloc.pk,
        year=conference.year,
        kind=conference.kind,
        province=province,
        issuer_parent=pgettext("document", "Emulation and Commendation Council of %(province)s province")
        % {"province": province},
        issuer=bloc.name,
        number=pgettext("document", "No.: %(number)s") % {"number": conference.minutes_number}
        if conference.minutes_number
        else pgettext("document", "No.:       /BB"),
        place_date=vn_date_line(province, d)
        if d
        else pgettext("document", "%(place)s, day … month … year …") % {"place": province},
        title=pgettext("document", "Minutes"),
        subtitle=conference.display_title,
        time_line=time_line,
        place_line=place_line,
        chair=_person(conference.chair_name, conference.chair_title, conference.chair_agency),
        secretary=_person(conference.secretary_name, conference.secretary_title, conference.secretary_agency),
        chair_name=conference.chair_name,
        secretary_name=conference.secretary_name,
        present=present,
        absent=absent,
        guests=[
            _person(g.name, g.title) + (f", {g.organisation}" if g.organisation else "")
            for g in conference.guests.all()
        ],
        legal_bases=legal,
        agenda=[a.text for a in conference.agenda_items.all()],
        documents=[doc.title for doc in conference.adopted_documents.all()],
        discussion=conference.discussion,
        votes=votes,
        conclusions=conference.conclusions,
        concluded_by=_person(conference.concluded_by_name, conference.concluded_by_title),
        tasks=tasks,
        movements=[m.text for m in conference.agreed_movements.all()],
        election=election_text,
        part={name: ROMAN[i] for i, name in enumerate(parts)},
    )


# --- History ---------------------------------------------------------------------------------


def conference_history(user: User, conference: Conference) -> list[HistoryEntry]:
    """Who changed the conference record, when and what, newest first: the conference, its
    minutes' lists, votes and candidates, files and the election, field by field.

    Home Affairs, admins and the leader agency's officer of the year see everything; a member
    agency's officer sees the rows concerning its own agency (its attendance, its candidacies,
    tasks given to it). The services write only rows that changed, so every entry is a real
    edit. A fixed number of queries whatever the number of changes."""
    access = access_for(user, conference.bloc, conference.year)
    full = access.manages_or_leads
    own = access.agency_id
    pk = conference.pk

    def records(model, **filters):
        return model.history.filter(**filters).select_related("history_user")

    vote_records = list(records(Vote, conference_id=pk))
    vote_labels = {v.id: v.award_label for v in sorted(vote_records, key=lambda v: v.history_id)}
    candidates = records(Candidate, vote_id__in=list(vote_labels))
    attendance = records(Attendance, conference_id=pk)
    tasks = records(Task, conference_id=pk)
    if not full:
        candidates = candidates.filter(agency_id=own)
        attendance = attendance.filter(agency_id=own)
        tasks = tasks.filter(responsible_agency_id=own)

    by_agency = {"label_field": "agency", "hidden": ("conference",)}
    by_line = {"hidden": ("conference",)}
    entries = labelled(Attendance, history_entries(attendance, **by_agency))
    entries += labelled(Task, history_entries(tasks, label_field="text", **by_line))
    entries += labelled(
        Candidate,
        history_entries(
            candidates,
            label_field="agency",
            hidden=("vote",),
            prefix=lambda r: vote_labels.get(r.vote_id, ""),
        ),
    )
    if full:
        entries += labelled(
            Conference,
            history_entries(records(Conference, id=pk), hidden=("bloc", "created_by", "created_at", "updated_at")),
            named=False,
        )
        for model, label in ((Guest, "name"), (AgendaItem, "text"), (AdoptedDocument, "title")):
            entries += labelled(model, history_entries(records(model, conference_id=pk), label_field=label, **by_line))
        for model, label in ((AgreedMovement, "text"), (LegalBasis, "number")):
            entries += labelled(model, history_entries(records(model, conference_id=pk), label_field=label, **by_line))
        entries += labelled(Vote, history_entries(vote_records, label_field="award_label", hidden=("conference",)))
        entries += labelled(
            Attachment,
            history_entries(
                records(Attachment, conference_id=pk),
                label_field="original_name",
                hidden=("conference", "file", "content_type", "size", "uploaded_by", "uploaded_at"),
            ),
        )
        entries += labelled(
            Election,
            history_entries(records(Election, conference_id=pk), hidden=("conference", "recorded_at")),
            named=False,
        )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


# --- Versions read by the edit forms (blocs.concurrency) -------------------------------------

MINUTES_EDITED_FIELDS = [
    "kind",
    "period_kind",
    "title",
    "minutes_number",
    "date",
    "date_note",
    "time_of_day",
    "start_time",
    "venue",
    "host_agency",
    "chair_name",
    "chair_title",
    "chair_agency",
    "secretary_name",
    "secretary_title",
    "secretary_agency",
    "discussion",
    "conclusions",
    "concluded_by_name",
    "concluded_by_title",
]
VOTE_EDITED_FIELDS = [
    "kind",
    "award_form",
    "authority",
    "award_label",
    "proposed_to",
    "ballots_issued",
    "ballots_returned",
    "ballots_valid",
    "ballots_invalid",
    "note",
]
ELECTION_EDITED_FIELDS = ["method", "leader", "deputy_1", "deputy_2", "deputy_3", "decision_number", "decision_date"]


def _ordered(rows):
    return sorted(rows, key=lambda r: (r.position, r.id))


def _joined(*parts) -> str:
    return ", ".join(shown(p) for p in parts if p not in (None, "")) or "—"


def minutes_snapshot(conference: Conference) -> Snapshot:
    """The minutes as their page shows them: the conference's fields and every list (attendance
    by agency name, the numbered guests, agenda, documents, tasks, movements and legal bases).
    Reads the lists prefetched by ``conference_detail_queryset()`` when they are."""

    attendance = sorted(conference.attendance.all(), key=lambda a: (a.position, a.id))
    return (
        instance_snapshot(conference, MINUTES_EDITED_FIELDS)
        | rows_snapshot(
            attendance,
            key=lambda a: a.agency.name,
            value=lambda a: _joined(
                _("present") if a.attended else _("absent"), a.representative_name, a.representative_title
            ),
            prefix=f"{_('Attendance')} — ",
        )
        | numbered([_joined(g.name, g.title, g.organisation) for g in _ordered(conference.guests.all())], _("Guest"))
        | numbered([i.text for i in _ordered(conference.agenda_items.all())], _("Agenda item"))
        | numbered([d.title for d in _ordered(conference.adopted_documents.all())], _("Document adopted"))
        | numbered([_joined(t.text, t.responsible_agency) for t in _ordered(conference.tasks.all())], _("Task"))
        | numbered([_joined(m.text, m.movement) for m in _ordered(conference.agreed_movements.all())], _("Movement"))
        | numbered(
            [_joined(b.number, b.date, b.issuer, b.title) for b in _ordered(conference.legal_bases.all())],
            _("Legal basis"),
        )
    )


def minutes_snapshot_now(conference_id: int) -> Snapshot:
    """``minutes_snapshot`` of the conference as stored now: eight queries, whatever its size."""
    conference = (
        Conference.objects.select_related("host_agency", "chair_agency", "secretary_agency")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.select_related("agency")),
            "guests",
            "agenda_items",
            "adopted_documents",
            Prefetch("tasks", queryset=Task.objects.select_related("responsible_agency")),
            Prefetch("agreed_movements", queryset=AgreedMovement.objects.select_related("movement")),
            "legal_bases",
        )
        .get(pk=conference_id)
    )
    return minutes_snapshot(conference)


def vote_snapshot(vote: Vote | None) -> Snapshot:
    """A vote's fields and its candidates by agency name (votes and whether elected)."""
    if vote is None:
        return {}
    candidates = sorted(vote.candidates.all(), key=lambda c: (c.position, c.id))
    return instance_snapshot(vote, VOTE_EDITED_FIELDS) | rows_snapshot(
        candidates,
        key=lambda c: c.agency.name,
        value=lambda c: _joined(c.votes, _("elected / proposed") if c.won else ""),
        prefix=f"{_('Candidate')} — ",
    )


def vote_queryset() -> QuerySet[Vote]:
    """Votes with what their edit page and ``vote_snapshot`` read: two queries per vote."""
    return Vote.objects.select_related("award_form").prefetch_related(
        Prefetch("candidates", queryset=Candidate.objects.select_related("agency"))
    )


def vote_snapshot_now(vote_id: int) -> Snapshot:
    return vote_snapshot(vote_queryset().filter(pk=vote_id).first())


def election_snapshot(election: Election | None) -> Snapshot:
    """The leadership chosen at an annual review (none recorded yet: an empty snapshot)."""
    return instance_snapshot(election, ELECTION_EDITED_FIELDS) if election is not None else {}


# --- Reviews to hold and record (the home page) ----------------------------------------------

# When a review falls due (practice: the six-month review in July to early August, the annual one
# from late November to January). From the first date it is listed as a to-do; the second is the
# date shown as its deadline.
REVIEW_WINDOWS = {
    Conference.Kind.SIX_MONTH: ((7, 1), (8, 15), 0),
    Conference.Kind.ANNUAL: ((11, 15), (1, 31), 1),
}


@dataclass
class ReviewTodo:
    """One kind of review for a year: the blocs that have not held it, and the conferences entered
    whose minutes are not recorded yet (no date, or neither anyone present nor a vote)."""

    kind: str
    year: int
    due: datetime.date
    missing: list[Bloc] = field(default_factory=list)
    unrecorded: list[Conference] = field(default_factory=list)

    @property
    def label(self) -> str:
        return Conference.Kind(self.kind).label

    @property
    def count(self) -> int:
        return len(self.missing) + len(self.unrecorded)


def review_window(kind: str, year: int) -> tuple[datetime.date, datetime.date]:
    (from_month, from_day), (due_month, due_day), due_year_offset = REVIEW_WINDOWS[kind]
    return datetime.date(year, from_month, from_day), datetime.date(year + due_year_offset, due_month, due_day)


def reviews_to_record(blocs: QuerySet[Bloc], year: int, *, today: datetime.date | None = None) -> list[ReviewTodo]:
    """For the review kinds that have fallen due in `year`, which of `blocs` (those with a roster
    that year) have not held the review, or have not recorded who attended. One query."""
    today = today or timezone.localdate()
    kinds = [k for k in REVIEW_WINDOWS if review_window(k, year)[0] <= today]
    if not kinds:
        return []
    annotations = {}
    for kind in kinds:
        reviews = Conference.objects.filter(bloc=OuterRef("pk"), year=year, kind=kind)
        annotations[f"{kind}_id"] = Subquery(reviews.values("id")[:1])
        recorded = reviews.filter(date__isnull=False).filter(
            Exists(Attendance.objects.filter(conference=OuterRef("pk"), attended=True))
            | Exists(Vote.objects.filter(conference=OuterRef("pk")))
        )
        annotations[f"{kind}_recorded"] = Exists(recorded)
    rows = list(blocs.filter(memberships__year=year).distinct().annotate(**annotations).order_by("number", "name"))
    todos = []
    for kind in kinds:
        todo = ReviewTodo(kind=kind, year=year, due=review_window(kind, year)[1])
        for bloc in rows:
            conference_id = getattr(bloc, f"{kind}_id")
            if conference_id is None:
                todo.missing.append(bloc)
            elif not getattr(bloc, f"{kind}_recorded"):
                todo.unrecorded.append(Conference(pk=conference_id, bloc=bloc, year=year, kind=kind))
        if todo.count:
            todos.append(todo)
    return todos
