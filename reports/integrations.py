"""The parts of the reports that other apps own: conferences (issue 4) and scoring (issue 7).

Each part is read through the owning app's selectors (the province roll-up, which needs every
bloc at once, reads the conference models in two aggregate queries) and copied into plain
values, so the renderers never touch another app's models. The annual report shows a ranking
only when the bloc has a scoring table for the year.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from conferences import selectors as conference_selectors
from conferences.models import Candidate, Conference, Vote
from conferences.selectors import PERIOD_TO_CONFERENCE_KIND
from proposals import selectors as proposal_selectors
from scoring import selectors as scoring_selectors


@dataclass
class ConferenceInfo:
    title: str
    date: object  # datetime.date or None
    date_note: str
    venue: str
    conclusions: str
    time_of_day: str = ""  # translated (“buổi chiều”), empty when not recorded
    tasks: list[str] = field(default_factory=list)
    agreed_movements: list[str] = field(default_factory=list)


@dataclass
class OutcomeInfo:
    award: str
    agency: str
    kind: str  # "flag", "certificate" or another kind of vote


@dataclass
class ProposalInfo:
    nominee: str
    award: str
    result: str  # "Đề nghị", "Được tặng theo Quyết định số … ngày …", "Không được tặng"


PROPOSAL_RESULT = {"proposed": "Đề nghị", "not_granted": "Không được tặng"}


@dataclass
class RankingInfo:
    rank: int | str  # a number, or "not scored yet"
    agency: str
    total: object
    finalised: bool


def add_conference_part(report) -> None:
    """Conferences of the period (date, venue, conclusions, tasks), and for the annual report
    the vote outcomes and the leadership elected for the next year. Read through the
    conferences selectors; the prefetches are narrowed to the two lists the report shows.
    Queries: 1 when the bloc has no conference reviewing the year (the common case before the
    reviews are recorded); otherwise 1 + 3 for the conferences of the period, and for the
    annual report the votes (1) and, with an annual review, the election (1)."""
    # One cheap query first: the minutes' queries (joins, prefetches) cost more to build than
    # to run, and votes and elections hang off a conference of the year.
    if not Conference.objects.filter(bloc=report.bloc, year=report.year).exists():
        return
    conferences = conference_selectors.conferences_for_period(report.bloc, report.year, report.kind)
    for conf in conferences.prefetch_related(None).prefetch_related("tasks", "agreed_movements"):
        report.conferences.append(
            ConferenceInfo(
                title=conf.display_title,
                date=conf.date,
                date_note=conf.date_note,
                venue=conf.venue,
                conclusions=conf.conclusions,
                time_of_day=str(conf.get_time_of_day_display()) if conf.time_of_day else "",
                tasks=[t.text for t in conf.tasks.all()],
                agreed_movements=[m.text for m in conf.agreed_movements.all()],
            )
        )
    if not report.is_annual:
        return
    kinds = {Vote.Kind.FLAG: "flag", Vote.Kind.CERTIFICATE: "certificate"}
    report.vote_outcomes = [
        OutcomeInfo(award=o.award_label, agency=o.agency, kind=kinds.get(o.kind, "other"))
        for o in conference_selectors.vote_outcomes(report.bloc, report.year)
        if o.won
    ]
    # An election is only ever recorded at an annual review (conferences refuses it elsewhere),
    # so without one of those there is nothing to read.
    election = conference_selectors.election_for(report.bloc, report.year) if report.conferences else None
    if election is not None:
        # The election recorded at the annual review is the source; the next year's roster
        # (already read by the selector) is the fallback for leaders appointed by decision.
        report.next_leader = election.leader.name
        report.next_deputies = [d.name for d in election.deputies]


def add_rollup_conference_part(rollup) -> None:
    """Per bloc: the flag and certificate proposals won at its annual review (annual roll-up)
    and whether a conference of the period is recorded. Two queries for the whole province."""
    rollup.conferences_known = True
    held = set(
        Conference.objects.filter(
            Q(period_kind=rollup.kind) | Q(kind=PERIOD_TO_CONFERENCE_KIND[rollup.kind]),
            bloc__province=rollup.province,
            year=rollup.year,
        )
        .values_list("bloc_id", flat=True)
        .distinct()
    )
    by_bloc = {row.bloc_id: row for row in rollup.rows}
    for row in rollup.rows:
        row.has_conference = row.bloc_id in held
    if not rollup.is_annual:
        return
    winners = (
        Candidate.objects.filter(
            won=True,
            vote__kind__in=[Vote.Kind.FLAG, Vote.Kind.CERTIFICATE],
            vote__conference__bloc__province=rollup.province,
            vote__conference__year=rollup.year,
        )
        .order_by("vote__conference__bloc_id", "vote__position", "vote_id", "position")
        .values_list("vote__conference__bloc_id", "vote__kind", "vote__award_label", "agency__name")
    )
    for bloc_id, kind, label, agency in winners:
        row = by_bloc.get(bloc_id)
        if row is None:
            continue
        text = f"{agency} ({label})" if label else agency
        (row.flag if kind == Vote.Kind.FLAG else row.certificates).append(text)


def add_ranking(report) -> None:
    """The year's ranking of the members (annual report only). Every row carries `finalised`;
    the scoring app leaves the choice of audience to the caller: officers' reports are built with
    `selectors.bloc_report(draft_ranking=False)`, which drops a ranking not finalised yet."""
    if not report.is_annual:
        return
    rows = scoring_selectors.ranking(bloc=report.bloc, year=report.year)
    if not any(row.rank is not None for row in rows):
        return  # nothing scored yet: no ranking, rather than every member ranked on 0 points
    report.ranking = [
        RankingInfo(
            rank=row.rank if row.rank is not None else row.rank_label,
            agency=str(row.agency),
            total=row.total if row.rank is not None else None,
            finalised=row.finalised,
        )
        for row in rows
    ]


def add_proposal_part(report) -> None:
    """The fate of the bloc's proposals of the year (annual report only): still proposed,
    granted by decision (its number and date) or not granted, from `proposals`. One query, and
    none when the year has no review conference of the period (a dossier hangs off one)."""
    if not report.is_annual or not report.conferences:
        return
    for o in proposal_selectors.proposal_outcomes(report.bloc, report.year):
        if o.state == "granted":
            when = f" ngày {o.decision_date:%d/%m/%Y}" if o.decision_date else ""
            result = f"Được tặng theo Quyết định số {o.decision_number}{when}"
        else:
            result = PROPOSAL_RESULT[o.state]
        report.proposals.append(ProposalInfo(nominee=o.nominee, award=o.award, result=result))
