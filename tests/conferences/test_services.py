import datetime

import pytest
from django.core.exceptions import ValidationError

from blocs import services as bloc_services
from blocs.models import Membership
from conferences import selectors, services
from conferences.models import (
    AdoptedDocument,
    AgendaItem,
    AgreedMovement,
    Attendance,
    Candidate,
    Conference,
    Election,
    Guest,
    LegalBasis,
    Task,
    Vote,
)
from tests.conferences.factories import ConferenceFactory, bloc_world, certificate_form, flag_form
from tests.factories import AgencyFactory, BlocFactory

pytestmark = pytest.mark.django_db


def _codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


@pytest.fixture
def world():
    bloc, agencies = bloc_world()
    conference = ConferenceFactory(bloc=bloc)
    return bloc, agencies, conference


def _snapshot():
    return (
        Conference.objects.count(),
        Vote.objects.count(),
        Candidate.objects.count(),
        Election.objects.count(),
        sorted(Membership.objects.values_list("bloc_id", "agency_id", "year", "role", "role_source_reference")),
    )


# --- Minutes --------------------------------------------------------------------------------


def test_save_minutes_records_lists_in_order_and_defaults_the_period():
    bloc, a = bloc_world()
    conference = Conference(bloc=bloc, kind=Conference.Kind.SIX_MONTH, year=2022, date=datetime.date(2022, 7, 20))
    services.save_minutes(
        conference=conference,
        attendance=[
            {"agency": a[1], "attended": True, "representative_name": "Nguyễn Văn B", "representative_title": "Phó"},
            {"agency": a[0], "attended": False},
        ],
        guests=[{"name": "Ngô Tổng Trưởng", "title": "Trưởng phòng", "organisation": "Sở Nội vụ"}, {"name": ""}],
        agenda=["Khai mạc", "", "Thảo luận"],
        tasks=[{"text": "Nhiệm vụ 1", "responsible_agency": a[2]}, {"text": "Nhiệm vụ 2"}],
        legal_bases=[{"number": "1224/SNV-TĐKT", "date": datetime.date(2022, 5, 31), "issuer": "Sở Nội vụ"}],
    )
    conference.refresh_from_db()
    assert conference.period_kind == "h1"
    assert conference.display_title == "Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2022"
    assert list(conference.attendance.values_list("agency__name", "attended")) == [
        ("Cơ quan B", True),
        ("Cơ quan A", False),
    ]
    assert list(Guest.objects.values_list("name", flat=True)) == ["Ngô Tổng Trưởng"]
    assert list(AgendaItem.objects.values_list("text", flat=True)) == ["Khai mạc", "Thảo luận"]
    assert list(Task.objects.values_list("text", "responsible_agency__name")) == [
        ("Nhiệm vụ 1", "Cơ quan C"),
        ("Nhiệm vụ 2", None),
    ]
    assert LegalBasis.objects.get().number == "1224/SNV-TĐKT"

    # Saving again replaces the lists.
    services.save_minutes(conference=conference, attendance=[{"agency": a[0], "attended": True}], tasks=[])
    assert list(Attendance.objects.values_list("agency__name", flat=True)) == ["Cơ quan A"]
    assert Task.objects.count() == 0 and Guest.objects.count() == 0


HISTORY_MODELS = (Conference, Attendance, Guest, AgendaItem, AdoptedDocument, Task, AgreedMovement, LegalBasis)


def _history_counts():
    return {model.__name__: model.history.count() for model in HISTORY_MODELS}


def _minutes(a, *, attended_c=True, agenda=("Khai mạc", "Thảo luận"), venue="Hội trường"):
    return {
        "attendance": [
            {"agency": a[0], "attended": True, "representative_name": "Nguyễn Văn A"},
            {"agency": a[1], "attended": True},
            {"agency": a[2], "attended": attended_c},
        ],
        "guests": [{"name": "Ngô Tổng Trưởng", "organisation": "Sở Nội vụ"}],
        "agenda": list(agenda),
        "documents": ["Quy chế hoạt động"],
        "tasks": [{"text": "Nhiệm vụ 1", "responsible_agency": a[2]}],
        "movements": [{"text": "Phong trào thi đua"}],
        "legal_bases": [{"number": "1224/SNV-TĐKT", "date": datetime.date(2022, 5, 31)}],
    }


def _recorded_minutes():
    bloc, a = bloc_world()
    conference = Conference(
        bloc=bloc, kind=Conference.Kind.SIX_MONTH, year=2022, date=datetime.date(2022, 7, 20), venue="Hội trường"
    )
    services.save_minutes(conference=conference, **_minutes(a))
    return Conference.objects.get(pk=conference.pk), a


def test_save_minutes_unchanged_writes_no_history_row():
    conference, a = _recorded_minutes()
    before = _history_counts()
    ids = list(Attendance.objects.order_by("id").values_list("id", flat=True))
    services.save_minutes(conference=Conference.objects.get(pk=conference.pk), **_minutes(a))
    assert _history_counts() == before
    assert list(Attendance.objects.order_by("id").values_list("id", flat=True)) == ids


def test_save_minutes_one_changed_attendance_writes_one_history_row():
    conference, a = _recorded_minutes()
    before = _history_counts()
    row = Attendance.objects.get(agency=a[2])
    services.save_minutes(conference=Conference.objects.get(pk=conference.pk), **_minutes(a, attended_c=False))
    assert _history_counts() == {**before, "Attendance": before["Attendance"] + 1}
    changed = Attendance.history.latest("history_id")
    assert (changed.id, changed.history_type, changed.attended) == (row.id, "~", False)


def test_save_minutes_updates_lines_in_place_and_adds_and_removes():
    conference, a = _recorded_minutes()
    first, second = AgendaItem.objects.order_by("position")
    before = _history_counts()
    conference.venue = "Hội trường Sở Nội vụ"
    services.save_minutes(conference=conference, **_minutes(a, agenda=("Khai mạc hội nghị", "Bế mạc")))
    assert list(AgendaItem.objects.order_by("position").values_list("id", "text")) == [
        (first.id, "Khai mạc hội nghị"),
        (second.id, "Bế mạc"),
    ]
    assert _history_counts() == {
        **before,
        "Conference": before["Conference"] + 1,
        "AgendaItem": before["AgendaItem"] + 2,
    }
    minutes = _minutes(a)
    minutes["attendance"] = [*minutes["attendance"][1:], {"agency": a[3], "attended": True}]
    services.save_minutes(conference=conference, **minutes)
    assert list(Attendance.objects.values_list("agency__name", "position")) == [
        ("Cơ quan B", 0),
        ("Cơ quan C", 1),
        ("Cơ quan D", 2),
    ]
    assert list(
        Attendance.history.filter(agency=a[0]).values_list("history_type", flat=True).order_by("history_id")
    ) == [
        "+",
        "-",
    ]


def test_save_vote_unchanged_candidates_write_no_history_row(world):
    _bloc, a, conference = world
    candidates = [{"agency": a[2], "won": True}, {"agency": a[3], "won": False}]
    vote = services.save_vote(conference=conference, kind="flag", award_form=flag_form(), candidates=candidates)
    before = Candidate.history.count()
    services.save_vote(conference=conference, vote=vote, kind="flag", award_form=flag_form(), candidates=candidates)
    assert Candidate.history.count() == before
    candidates[1]["won"] = True
    services.save_vote(conference=conference, vote=vote, kind="flag", award_form=flag_form(), candidates=candidates)
    assert Candidate.history.count() == before + 1


def test_save_minutes_allows_unknown_date_with_note():
    bloc, _a = bloc_world()
    conference = services.save_minutes(
        conference=Conference(
            bloc=bloc, kind=Conference.Kind.SIX_MONTH, year=2022, date=None, date_note="article published 03/08/2022"
        )
    )
    assert conference.date is None and conference.date_note == "article published 03/08/2022"


def test_save_minutes_attendee_not_member_rejected_and_nothing_written():
    bloc, a = bloc_world()
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        services.save_minutes(
            conference=Conference(bloc=bloc, kind=Conference.Kind.ANNUAL, year=2022),
            attendance=[{"agency": a[6], "attended": True}, {"agency": a[0]}, {"agency": a[0]}],
        )
    assert _codes(exc.value) == {"attendance": [services.ERR_ATTENDEE_NOT_MEMBER, services.ERR_DUPLICATE_ATTENDEE]}
    assert _snapshot() == before


def test_save_minutes_second_annual_review_of_a_year_rejected(world):
    bloc, _a, _conference = world
    with pytest.raises(ValidationError) as exc:
        services.save_minutes(conference=Conference(bloc=bloc, kind=Conference.Kind.ANNUAL, year=2022))
    assert _codes(exc.value) == {"kind": [services.ERR_DUPLICATE_REVIEW]}
    assert Conference.objects.count() == 1
    # Other kinds may repeat.
    services.save_minutes(conference=Conference(bloc=bloc, kind=Conference.Kind.OTHER, year=2022))
    services.save_minutes(conference=Conference(bloc=bloc, kind=Conference.Kind.OTHER, year=2022))
    assert Conference.objects.count() == 3


def test_save_minutes_date_outside_the_period_and_foreign_agency_rejected():
    bloc, _a = bloc_world()
    foreign = AgencyFactory()
    with pytest.raises(ValidationError) as exc:
        services.save_minutes(
            conference=Conference(
                bloc=bloc, kind=Conference.Kind.ANNUAL, year=2022, date=datetime.date(2021, 12, 1), host_agency=foreign
            )
        )
    assert _codes(exc.value) == {
        "date": [services.ERR_DATE_OUT_OF_PERIOD],
        "host_agency": [services.ERR_WRONG_PROVINCE],
    }
    assert Conference.objects.count() == 0


# --- Ballots --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figures", "votes", "expected"),
    [
        ((10, 11, 11, 0), [5], {"ballots_returned": [services.ERR_RETURNED_EXCEEDS_ISSUED]}),
        ((10, 10, 9, 0), [5], {"ballots_invalid": [services.ERR_VALID_INVALID_MISMATCH]}),
        ((10, 10, 9, 1), [10], {"candidates": [services.ERR_VOTES_EXCEED_VALID]}),
        ((10, None, 9, 1), [5], {"__all__": [services.ERR_INCOMPLETE_BALLOTS]}),
        ((10, 10, -1, 11), [5], {"ballots_valid": [services.ERR_NEGATIVE]}),
        ((10, 10, 9, 1), [-3], {"candidates": [services.ERR_NEGATIVE]}),
        ((None, None, None, None), [5], {"__all__": [services.ERR_VOTES_WITHOUT_BALLOTS]}),
    ],
    ids=[
        "returned>issued",
        "valid+invalid!=returned",
        "votes>valid",
        "incomplete",
        "negative",
        "negative-votes",
        "votes-without-ballots",
    ],
)
def test_save_vote_ballot_arithmetic_errors(world, figures, votes, expected):
    _bloc, a, conference = world
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        services.save_vote(
            conference=conference,
            kind=Vote.Kind.FLAG,
            award_form=flag_form(),
            authority="UBND tỉnh",
            ballots_issued=figures[0],
            ballots_returned=figures[1],
            ballots_valid=figures[2],
            ballots_invalid=figures[3],
            candidates=[{"agency": a[i], "votes": v} for i, v in enumerate(votes)],
        )
    assert _codes(exc.value) == expected
    assert _snapshot() == before


def test_save_vote_candidate_checks(world):
    _bloc, a, conference = world
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        services.save_vote(
            conference=conference,
            kind=Vote.Kind.FLAG,
            award_form=flag_form(),
            candidates=[{"agency": a[5]}, {"agency": a[0]}, {"agency": a[0]}],
        )
    assert _codes(exc.value) == {"candidates": [services.ERR_CANDIDATE_NOT_MEMBER, services.ERR_DUPLICATE_CANDIDATE]}
    with pytest.raises(ValidationError) as exc:
        services.save_vote(conference=conference, kind=Vote.Kind.FLAG, award_form=flag_form(), candidates=[])
    assert _codes(exc.value) == {"candidates": [services.ERR_NO_CANDIDATE]}
    assert _snapshot() == before


def test_candidate_of_another_year_is_not_a_member():
    bloc, a = bloc_world()
    conference = ConferenceFactory(bloc=bloc, year=2023, date=datetime.date(2024, 1, 5))
    with pytest.raises(ValidationError) as exc:
        services.save_vote(
            conference=conference, kind=Vote.Kind.FLAG, award_form=flag_form(), candidates=[{"agency": a[0]}]
        )
    assert _codes(exc.value) == {"candidates": [services.ERR_CANDIDATE_NOT_MEMBER]}


def test_save_vote_computes_percent_and_winners_by_simple_majority(world):
    bloc, a, conference = world
    vote = services.save_vote(
        conference=conference,
        kind=Vote.Kind.FLAG,
        award_form=flag_form(),
        authority="UBND tỉnh",
        ballots_issued=10,
        ballots_returned=10,
        ballots_valid=9,
        ballots_invalid=1,
        candidates=[
            {"agency": a[2], "votes": 5, "won": False},
            {"agency": a[3], "votes": 4, "won": True},  # "won" is ignored when figures exist
        ],
    )
    assert vote.award_label == "Cờ thi đua của UBND tỉnh"
    assert vote.threshold_percent == 50
    rows = selectors.vote_outcomes(bloc, 2022)
    assert [(r.agency, r.votes, r.percent, r.won) for r in rows] == [
        ("Cơ quan C", 5, 55.56, True),
        ("Cơ quan D", 4, 44.44, False),
    ]


def test_exactly_half_is_not_a_majority_and_threshold_is_the_blocs(world):
    bloc, a, conference = world
    common = {
        "conference": conference,
        "kind": Vote.Kind.OTHER,
        "award_form": flag_form(),
        "ballots_issued": 10,
        "ballots_returned": 10,
        "ballots_valid": 10,
        "ballots_invalid": 0,
    }
    vote = services.save_vote(**common, candidates=[{"agency": a[2], "votes": 5}, {"agency": a[3], "votes": 6}])
    assert dict(vote.candidates.values_list("agency__name", "won")) == {"Cơ quan C": False, "Cơ quan D": True}
    bloc.vote_threshold_percent = 60
    bloc.save()
    conference.bloc.refresh_from_db()
    vote = services.save_vote(
        **common, vote=vote, candidates=[{"agency": a[2], "votes": 6}, {"agency": a[3], "votes": 7}]
    )
    assert vote.threshold_percent == 60
    assert dict(vote.candidates.values_list("agency__name", "won")) == {"Cơ quan C": False, "Cơ quan D": True}


def test_outcomes_without_ballots_and_report_sentence():
    bloc, a = bloc_world(members=5)
    conference = ConferenceFactory(bloc=bloc)
    services.save_vote(
        conference=conference,
        kind=Vote.Kind.FLAG,
        award_form=flag_form(),
        authority="UBND tỉnh",
        candidates=[{"agency": a[2], "won": True}],
    )
    services.save_vote(
        conference=conference,
        kind=Vote.Kind.CERTIFICATE,
        award_form=certificate_form(),
        authority="Chủ tịch UBND tỉnh",
        proposed_to="UBND tỉnh",
        candidates=[{"agency": a[3], "won": True}, {"agency": a[4], "won": True}, {"agency": a[1], "won": False}],
    )
    rows = selectors.vote_outcomes(bloc, 2022)
    assert [(r.award_label, r.agency, r.kind, r.votes, r.percent, r.won) for r in rows] == [
        ("Cờ thi đua của UBND tỉnh", "Cơ quan C", "flag", None, None, True),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Cơ quan D", "certificate", None, None, True),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Cơ quan E", "certificate", None, None, True),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Cơ quan B", "certificate", None, None, False),
    ]
    assert selectors.outcome_summary(bloc, 2022) == (
        "suy tôn Cơ quan C nhận Cờ thi đua của UBND tỉnh; đề nghị UBND tỉnh tặng Bằng khen cho Cơ quan D và Cơ quan E"
    )
    assert selectors.vote_outcomes(bloc, 2021) == []


def test_database_refuses_bad_ballot_figures(world):
    from django.db import IntegrityError, transaction

    _bloc, _a, conference = world
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            conference=conference, kind="flag", award_form=flag_form(), ballots_issued=5, ballots_returned=6
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            conference=conference,
            kind="flag",
            award_form=flag_form(),
            ballots_returned=6,
            ballots_valid=5,
            ballots_invalid=0,
        )


# --- Election -------------------------------------------------------------------------------


def _roles(bloc, year):
    return {
        m.agency.name: (m.role, m.role_source, m.role_source_reference, m.role_source_date)
        for m in Membership.objects.filter(bloc=bloc, year=year).select_related("agency")
        if m.role != Membership.Role.MEMBER
    }


def test_election_creates_next_year_roster_from_this_year(world):
    bloc, a, conference = world
    election = services.record_election(conference=conference, leader=a[2], deputies=[a[3]])
    assert Membership.objects.filter(bloc=bloc, year=2023).count() == 5
    title = "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022"
    assert _roles(bloc, 2023) == {
        "Cơ quan C": ("leader", "election", title, datetime.date(2023, 1, 4)),
        "Cơ quan D": ("deputy", "election", title, datetime.date(2023, 1, 4)),
    }
    assert election.for_year == 2023
    found = selectors.election_for(bloc, 2022)
    assert found == election and found.leader == a[2] and found.deputies == [a[3]]
    assert selectors.election_for(bloc, 2023) is None


def test_election_updates_an_existing_roster_and_can_be_re_recorded(world):
    bloc, a, conference = world
    bloc_services.set_roster(bloc=bloc, year=2023, agencies=a[:4])
    services.record_election(conference=conference, leader=a[2], deputies=[a[3]])
    services.record_election(conference=conference, leader=a[3], deputies=[a[1]])
    assert Election.objects.count() == 1
    roles = {k: v[0] for k, v in _roles(bloc, 2023).items()}
    assert roles == {"Cơ quan D": "leader", "Cơ quan B": "deputy"}
    assert Membership.objects.filter(bloc=bloc, year=2023).count() == 4


def test_election_by_decision_records_the_decision(world):
    bloc, a, conference = world
    services.record_election(
        conference=conference,
        leader=a[2],
        deputies=[],
        method=Election.Method.DECISION,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2023, 1, 10),
    )
    assert _roles(bloc, 2023) == {"Cơ quan C": ("leader", "decision", "12/QĐ-UBND", datetime.date(2023, 1, 10))}


@pytest.mark.parametrize(
    ("leader", "deputies", "expected"),
    [
        (5, [1], {"leader": [bloc_services.ERR_LEADER_NOT_MEMBER]}),
        (2, [6], {"deputies": [bloc_services.ERR_DEPUTY_NOT_MEMBER]}),
        (2, [2], {"deputies": [bloc_services.ERR_DEPUTY_IS_LEADER]}),
        (2, [3, 4], {"deputies": [bloc_services.ERR_TOO_MANY_DEPUTIES]}),
        (2, [3, 3], {"deputies": [bloc_services.ERR_TOO_MANY_DEPUTIES, bloc_services.ERR_DUPLICATE_DEPUTY]}),
    ],
    ids=["leader-not-member", "deputy-not-member", "deputy-is-leader", "too-many-deputies", "duplicate-deputy"],
)
def test_election_conflicts_write_nothing(world, leader, deputies, expected):
    _bloc, a, conference = world
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        services.record_election(conference=conference, leader=a[leader], deputies=[a[i] for i in deputies])
    assert _codes(exc.value) == expected
    assert _snapshot() == before


def test_election_of_agency_already_in_another_bloc_next_year(world):
    bloc, a, conference = world
    other = BlocFactory(province=bloc.province)
    bloc_services.set_roster(bloc=other, year=2023, agencies=[a[2]], leader=a[2])
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        services.record_election(conference=conference, leader=a[2], deputies=[a[3]])
    assert _codes(exc.value) == {"leader": [services.ERR_OTHER_BLOC_NEXT_YEAR]}
    assert _snapshot() == before


def test_election_of_agency_missing_from_existing_next_roster(world):
    bloc, a, conference = world
    bloc_services.set_roster(bloc=bloc, year=2023, agencies=a[:3])
    with pytest.raises(ValidationError) as exc:
        services.record_election(conference=conference, leader=a[2], deputies=[a[3]])
    assert _codes(exc.value) == {"deputies": [services.ERR_NOT_IN_NEXT_ROSTER]}


def test_election_only_at_an_annual_review_and_decision_needs_number():
    bloc, a = bloc_world()
    six_month = ConferenceFactory(bloc=bloc, kind=Conference.Kind.SIX_MONTH, date=datetime.date(2022, 7, 20))
    with pytest.raises(ValidationError) as exc:
        services.record_election(conference=six_month, leader=a[2])
    assert _codes(exc.value) == {"__all__": [services.ERR_NOT_ANNUAL_REVIEW]}
    annual = ConferenceFactory(bloc=bloc)
    with pytest.raises(ValidationError) as exc:
        services.record_election(conference=annual, leader=a[2], method=Election.Method.DECISION)
    assert _codes(exc.value) == {"decision_number": [services.ERR_DECISION_NUMBER_REQUIRED]}
    assert not Membership.objects.filter(year=2023).exists()


# --- Selectors for the reports --------------------------------------------------------------


def test_conferences_for_period_accepts_conference_and_period_kinds():
    bloc, _a = bloc_world()
    h1 = ConferenceFactory(bloc=bloc, kind=Conference.Kind.SIX_MONTH, period_kind="h1", date=datetime.date(2022, 7, 1))
    year = ConferenceFactory(bloc=bloc)
    ConferenceFactory(bloc=bloc, year=2021, date=datetime.date(2022, 1, 1))
    assert list(selectors.conferences_for_period(bloc, 2022, "h1")) == [h1]
    assert list(selectors.conferences_for_period(bloc, 2022, "six_month")) == [h1]
    assert list(selectors.conferences_for_period(bloc, 2022, "year")) == [year]
    assert list(selectors.conferences_for_period(bloc, 2022, "annual")) == [year]
