"""Reads for proposal dossiers: scoped access, the dossier page, the checklist, the province
board and the rows of the documents and exports.

Access is `blocs.access` applied to the dossier's bloc and year: Home Affairs of the bloc's
province (or its successor) and admins read and process every dossier; the officer of the agency
leading the bloc that year builds and submits it; officers of the other member agencies read it
and see their own agency's items only (an item's fate is visible to its nominee). Anyone else:
404, so a dossier's existence is not revealed.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from blocs import selectors as bloc_selectors
from blocs.access import access_for
from blocs.history import HistoryEntry, history_entries, labelled
from blocs.models import Bloc, Membership, Province, User
from blocs.text import vn_sort_key
from conferences.models import Candidate, Conference
from proposals.models import DocumentRequirement, Dossier, DossierDocument, DossierEvent, ProposalItem

# --- Access ---------------------------------------------------------------------------------


def can_read(user: User, bloc: Bloc, year: int) -> bool:
    access = access_for(user, bloc, year)
    return access.sees and (access.manages or access.is_member)


def sees_all_items(user: User, dossier: Dossier) -> bool:
    """Home Affairs, admins and the leader officer see every item and document; a member sees its
    own agency's items."""
    return access_for(user, dossier.bloc, dossier.year).manages_or_leads


def can_build(user: User, bloc: Bloc, year: int) -> bool:
    """Create a dossier from the review's votes and edit it: the leader agency's officer of the year."""
    return access_for(user, bloc, year).leads


def can_process(user: User, bloc: Bloc, year: int) -> bool:
    """Receive, return, record the council's review and the decision: Home Affairs and admins."""
    return access_for(user, bloc, year).manages


def _scoped(user: User) -> QuerySet[Dossier]:
    ids = bloc_selectors.visible_province_ids(user)
    qs = Dossier.objects.select_related("bloc__province", "conference")
    return qs if ids is None else qs.filter(bloc__province_id__in=ids)


def dossier_for_user(user: User, pk) -> Dossier:
    """A dossier the user may read (404 otherwise)."""
    dossier = get_object_or_404(_scoped(user), pk=pk)
    if not can_read(user, dossier.bloc, dossier.year):
        raise Http404
    return dossier


def conference_for_user(user: User, pk) -> Conference:
    """A review conference the user may read (404 otherwise)."""
    ids = bloc_selectors.visible_province_ids(user)
    qs = Conference.objects.select_related("bloc__province")
    if ids is not None:
        qs = qs.filter(bloc__province_id__in=ids)
    conference = get_object_or_404(qs, pk=pk)
    if not can_read(user, conference.bloc, conference.year):
        raise Http404
    return conference


def bloc_year_for_user(user: User, bloc_pk, year: int) -> Bloc:
    bloc = bloc_selectors.bloc_for_user(user, bloc_pk)
    if not can_read(user, bloc, year):
        raise Http404
    return bloc


def province_for_user(user: User, pk) -> Province:
    """A province whose board the user may see (Home Affairs of it or its successor, admins)."""
    province = get_object_or_404(bloc_selectors.provinces_for_user(user), pk=pk)
    return province


def item_of(dossier: Dossier, pk) -> ProposalItem:
    return get_object_or_404(ProposalItem.objects.select_related("agency", "award_form"), dossier=dossier, pk=pk)


def document_of(dossier: Dossier, pk) -> DossierDocument:
    return get_object_or_404(DossierDocument.objects.select_related("item"), dossier=dossier, pk=pk)


# --- Deadlines ------------------------------------------------------------------------------


def days_late(dossier: Dossier, today: datetime.date | None = None) -> int:
    """Days past the due date at the first submission (or today, while not submitted); 0 when on
    time or without a deadline."""
    if dossier.due_date is None:
        return 0
    if dossier.first_submitted_at is not None:
        reference = timezone.localdate(dossier.first_submitted_at)
    else:
        reference = today or timezone.localdate()
    return max(0, (reference - dossier.due_date).days)


# --- The dossier page -----------------------------------------------------------------------


def items_of(dossier: Dossier, user: User | None = None) -> list[ProposalItem]:
    """The dossier's items in order (a member officer: its own agency's only). One query."""
    qs = ProposalItem.objects.filter(dossier=dossier).select_related("agency", "award_form", "vote")
    if user is not None and not sees_all_items(user, dossier):
        qs = qs.filter(agency_id=access_for(user, dossier.bloc, dossier.year).agency_id)
    return list(qs.order_by("position", "id"))


def documents_of(dossier: Dossier) -> list[DossierDocument]:
    return list(DossierDocument.objects.filter(dossier=dossier).select_related("item", "requirement"))


def events_of(dossier: Dossier) -> list[DossierEvent]:
    return list(dossier.events.select_related("actor").order_by("-at", "-id"))


@dataclass
class ChecklistLine:
    title: str
    kind: str
    generated: bool
    item: ProposalItem | None
    requirement_id: int
    present: bool
    documents: list = field(default_factory=list)


def _requirements_by_form(form_ids) -> dict[int, list[DocumentRequirement]]:
    out: dict[int, list[DocumentRequirement]] = defaultdict(list)
    for r in DocumentRequirement.objects.filter(award_form_id__in=form_ids, active=True).order_by("position", "id"):
        out[r.award_form_id].append(r)
    return out


def _applies(requirement: DocumentRequirement, item: ProposalItem) -> bool:
    if requirement.authority and requirement.authority.casefold() != item.authority.casefold():
        return False
    if requirement.kind == DocumentRequirement.Kind.VOTE_COUNT:
        # A vote-count record exists only when the ballots were recorded.
        return item.valid_ballots is not None
    return True


def checklist(
    items: list[ProposalItem], documents: list[DossierDocument], requirements: dict[int, list[DocumentRequirement]]
) -> list[ChecklistLine]:
    """What the dossier needs for the award forms it proposes, and whether each is there:
    generated documents are always there; per-nominee documents need an upload for that item;
    the others one upload for the dossier. Pure: the caller loads the three lists."""
    uploaded_for: dict[tuple[int, int | None], list] = defaultdict(list)
    for d in documents:
        if d.requirement_id is not None:
            uploaded_for[d.requirement_id, d.item_id].append(d)
    lines: list[ChecklistLine] = []
    seen_dossier_wide: set[int] = set()
    for item in items:
        for r in requirements.get(item.award_form_id, []):
            if not _applies(r, item):
                continue
            if r.per_nominee:
                docs = uploaded_for.get((r.pk, item.pk), [])
                lines.append(ChecklistLine(r.title, r.kind, False, item, r.pk, bool(docs), docs))
            elif r.pk not in seen_dossier_wide:
                seen_dossier_wide.add(r.pk)
                docs = [d for (req, _item), ds in uploaded_for.items() if req == r.pk for d in ds]
                lines.append(
                    ChecklistLine(r.title, r.kind, r.is_generated, None, r.pk, r.is_generated or bool(docs), docs)
                )
    return lines


@dataclass
class DossierPage:
    dossier: Dossier
    items: list[ProposalItem]
    documents: list[DossierDocument]
    checklist: list[ChecklistLine]
    events: list[DossierEvent]
    sees_all: bool
    days_late: int
    has_ballots: bool

    @property
    def missing(self) -> list[ChecklistLine]:
        return [line for line in self.checklist if not line.present]


def dossier_page(user: User, dossier: Dossier) -> DossierPage:
    """Everything the dossier page shows, in a fixed number of queries whatever the number of
    items and documents (role 1, items 1, documents 1, requirements 1, events 1)."""
    sees_all = sees_all_items(user, dossier)
    items = items_of(dossier, user)
    documents = documents_of(dossier) if sees_all else []
    requirements = _requirements_by_form({i.award_form_id for i in items}) if sees_all else {}
    return DossierPage(
        dossier=dossier,
        items=items,
        documents=documents,
        checklist=checklist(items, documents, requirements) if sees_all else [],
        events=events_of(dossier),
        sees_all=sees_all,
        days_late=days_late(dossier),
        has_ballots=any(i.valid_ballots is not None for i in items),
    )


# --- The bloc-year page ---------------------------------------------------------------------


@dataclass
class ReviewRow:
    conference: Conference
    dossier: Dossier | None
    nominees: int


def reviews_of(bloc: Bloc, year: int) -> list[ReviewRow]:
    """The bloc's review conferences of `year`, each with its dossier (if any) and its number of
    winning candidates. Two queries."""
    conferences = list(
        Conference.objects.filter(bloc=bloc, year=year, kind__in=[Conference.Kind.ANNUAL, Conference.Kind.SIX_MONTH])
        .annotate(nominees=Count("votes__candidates", filter=Q(votes__candidates__won=True)))
        .order_by("date", "id")
    )
    dossiers = {d.conference_id: d for d in Dossier.objects.filter(conference__in=conferences)}
    return [ReviewRow(c, dossiers.get(c.pk), c.nominees) for c in conferences]


# --- The province board ---------------------------------------------------------------------


@dataclass
class BoardRow:
    bloc: Bloc
    dossier: Dossier | None
    conference_title: str
    items: int = 0
    agreed: int = 0
    granted: int = 0
    missing: int = 0
    days_late: int = 0
    returned_reason: str = ""


@dataclass
class Board:
    province: Province
    year: int
    rows: list[BoardRow]
    counts: dict  # state → number of dossiers, "none" → blocs without one
    blocs: list[Bloc]  # every bloc of the year, for the filter

    @property
    def dossier_rows(self) -> list[BoardRow]:
        return [r for r in self.rows if r.dossier is not None]


BOARD_FILTERS = ("state", "bloc", "late", "missing")


def board(
    province: Province, year: int, *, state: str = "", bloc_id: int | None = None, late=False, missing=False
) -> Board:
    """Every bloc of the province (and of the provinces merged into it) with members in `year`,
    with its dossier(s) of the year: state, items, missing documents, days late and the latest
    return reason. Five queries whatever the number of blocs and dossiers."""
    province_ids = bloc_selectors.province_lineage_ids(province.pk)
    blocs = list(
        Bloc.objects.filter(province_id__in=province_ids)
        .filter(Exists(Membership.objects.filter(bloc=OuterRef("pk"), year=year)))
        .select_related("province")
    )
    dossiers = list(
        Dossier.objects.filter(bloc__in=blocs, year=year)
        .select_related("conference")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=DossierEvent.objects.filter(to_state=Dossier.State.RETURNED).order_by("-at", "-id"),
                to_attr="returns",
            )
        )
    )
    items = list(ProposalItem.objects.filter(dossier__in=dossiers).order_by("position", "id"))
    documents = list(
        DossierDocument.objects.filter(dossier__in=dossiers).only("id", "dossier_id", "requirement_id", "item_id")
    )
    requirements = _requirements_by_form({i.award_form_id for i in items})
    items_by, docs_by = defaultdict(list), defaultdict(list)
    for i in items:
        items_by[i.dossier_id].append(i)
    for d in documents:
        docs_by[d.dossier_id].append(d)

    by_bloc = defaultdict(list)
    for d in dossiers:
        by_bloc[d.bloc_id].append(d)
    rows: list[BoardRow] = []
    counts: dict = defaultdict(int)
    for b in sorted(blocs, key=lambda b: (b.number is None, b.number or 0, vn_sort_key(b.name))):
        if not by_bloc.get(b.pk):
            counts["none"] += 1
            rows.append(BoardRow(bloc=b, dossier=None, conference_title=""))
            continue
        for d in sorted(by_bloc[b.pk], key=lambda d: d.pk):
            its = items_by[d.pk]
            lines = checklist(its, docs_by[d.pk], requirements)
            counts[d.state] += 1
            rows.append(
                BoardRow(
                    bloc=b,
                    dossier=d,
                    conference_title=d.conference.display_title,
                    items=len(its),
                    agreed=sum(1 for i in its if i.council_agreed),
                    granted=sum(1 for i in its if i.granted),
                    missing=sum(1 for line in lines if not line.present),
                    days_late=days_late(d),
                    returned_reason=d.returns[0].reason if d.returns and d.state == Dossier.State.RETURNED else "",
                )
            )
    shown = [
        r
        for r in rows
        if (
            not state or (r.dossier is not None and r.dossier.state == state) or (state == "none" and r.dossier is None)
        )
        and (bloc_id is None or r.bloc.pk == bloc_id)
        and (not late or r.days_late > 0)
        and (not missing or r.missing > 0)
    ]
    return Board(
        province=province,
        year=year,
        rows=shown,
        counts=dict(counts),
        blocs=sorted(blocs, key=lambda b: vn_sort_key(b.name)),
    )


# --- Exports: the proposals list and the draft decision --------------------------------------


@dataclass
class ProposalRow:
    bloc: str
    nominee: str
    recipient: str  # "collective" / "individual"
    agency: str
    award: str
    form: str
    vote: str
    council: str
    decision: str


def proposal_rows(province: Province, year: int, *, only_agreed: bool = False) -> list[ProposalRow]:
    """Every item of the province's dossiers of `year` that reached Home Affairs (submitted or
    later), bloc by bloc: the list for the council meeting. One query."""
    province_ids = bloc_selectors.province_lineage_ids(province.pk)
    qs = (
        ProposalItem.objects.filter(dossier__bloc__province_id__in=province_ids, dossier__year=year)
        .exclude(dossier__state__in=Dossier.EDITABLE)
        .select_related("dossier__bloc", "agency", "award_form")
    )
    if only_agreed:
        qs = qs.filter(council_agreed=True)
    items = sorted(qs, key=lambda i: (vn_sort_key(i.dossier.bloc.name), i.dossier_id, i.position, i.pk))
    rows = []
    for i in items:
        rows.append(
            ProposalRow(
                bloc=i.dossier.bloc.name,
                nominee=i.nominee,
                recipient=i.recipient,
                agency=i.agency.name,
                award=i.label,
                form=i.award_form.name,
                vote=vote_text(i),
                council=verdict_text(i.council_agreed, i.council_note),
                decision=decision_text(i, i.dossier),
            )
        )
    return rows


def agreed_items(province: Province, year: int) -> list[ProposalItem]:
    """The items of the province's dossiers of `year` that the council agreed to: the draft
    decision's list. One query."""
    province_ids = bloc_selectors.province_lineage_ids(province.pk)
    items = ProposalItem.objects.filter(
        dossier__bloc__province_id__in=province_ids, dossier__year=year, council_agreed=True
    ).select_related("dossier__bloc", "agency", "award_form")
    return sorted(items, key=lambda i: (vn_sort_key(i.dossier.bloc.name), i.dossier_id, i.position, i.pk))


def vote_text(item: ProposalItem) -> str:
    if item.votes is None:
        return ""
    if item.valid_ballots:
        percent = f"{item.percent:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{item.votes}/{item.valid_ballots} phiếu ({percent}%)"
    return f"{item.votes} phiếu"


def verdict_text(agreed: bool | None, note: str = "") -> str:
    # Official wording, Vietnamese in every language like the documents.
    if agreed is None:
        return ""
    text = "Nhất trí" if agreed else "Không nhất trí"
    return f"{text} ({note})" if note else text


def decision_text(item: ProposalItem, dossier: Dossier) -> str:
    if item.granted is None:
        return ""
    if item.granted:
        when = f" ngày {dossier.decision_date:%d/%m/%Y}" if dossier.decision_date else ""
        return f"Được tặng theo Quyết định số {dossier.decision_number}{when}"
    return "Không được tặng"


# --- For the reports ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalOutcome:
    nominee: str
    award: str
    state: str  # "proposed", "granted", "not_granted"
    decision_number: str
    decision_date: datetime.date | None


def proposal_outcomes(bloc: Bloc, year: int) -> list[ProposalOutcome]:
    """The fate of each item the bloc proposed for `year` (dossiers that reached Home Affairs):
    still proposed, granted by decision (number and date), or not granted. One query."""
    items = (
        ProposalItem.objects.filter(dossier__bloc=bloc, dossier__year=year)
        .exclude(dossier__state__in=Dossier.EDITABLE)
        .select_related("dossier", "agency", "award_form")
        .order_by("dossier_id", "position", "id")
    )
    out = []
    for i in items:
        state = "proposed" if i.granted is None else ("granted" if i.granted else "not_granted")
        out.append(
            ProposalOutcome(
                nominee=i.nominee,
                award=i.label,
                state=state,
                decision_number=i.dossier.decision_number if i.granted else "",
                decision_date=i.dossier.decision_date if i.granted else None,
            )
        )
    return out


# --- History --------------------------------------------------------------------------------


def dossier_history(user: User, dossier: Dossier) -> list[HistoryEntry]:
    """Who changed the dossier, its items and documents, when and what, newest first. Readers
    who see only their own agency's items see only those items' history."""
    sees_all = sees_all_items(user, dossier)
    items = ProposalItem.history.filter(dossier_id=dossier.pk).select_related("history_user")
    if not sees_all:
        items = items.filter(agency_id=access_for(user, dossier.bloc, dossier.year).agency_id)
    entries = labelled(
        ProposalItem,
        history_entries(items, label_field="agency", hidden=("dossier", "vote", "position")),
    )
    if sees_all:
        entries += labelled(
            Dossier,
            history_entries(
                Dossier.history.filter(id=dossier.pk).select_related("history_user"),
                hidden=("conference", "bloc", "year", "created_by", "created_at", "updated_at"),
            ),
            named=False,
        )
        entries += labelled(
            DossierDocument,
            history_entries(
                DossierDocument.history.filter(dossier_id=dossier.pk).select_related("history_user"),
                label_field="original_name",
                hidden=("dossier", "file", "content_type", "size", "uploaded_by", "uploaded_at", "requirement", "item"),
            ),
        )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


# --- The index ------------------------------------------------------------------------------


def index_blocs(user: User, year: int) -> list[tuple[Bloc, bool]]:
    """For an officer: the blocs its agency is a member of in `year`, and whether it leads each.
    One query."""
    if not (user.is_authenticated and user.is_officer and user.agency_id):
        return []
    memberships = Membership.objects.filter(agency_id=user.agency_id, year=year).select_related("bloc")
    return [(m.bloc, m.role == Membership.Role.LEADER) for m in memberships]


def nominees_of(conference: Conference) -> list[Candidate]:
    return list(Candidate.objects.filter(vote__conference=conference, won=True).select_related("agency", "vote"))


def dossiers_waiting(user: User, *, bloc: Bloc | None = None) -> dict[str, int]:
    """For the home page: the user's dossiers per state still in the loop (submitted, received,
    reviewed for Home Affairs; returned for the leader officer's bloc). One grouped query."""
    qs = _scoped(user).filter(state__in=WAITING_STATES)
    if bloc is not None:
        qs = qs.filter(bloc=bloc)
    return dict(qs.order_by().values_list("state").annotate(n=Count("id")))


WAITING_STATES = (
    Dossier.State.SUBMITTED,
    Dossier.State.RECEIVED,
    Dossier.State.REVIEWED,
    Dossier.State.RETURNED,
)
