import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards import services
from awards.models import MAX_ROWS, AwardRecord, PeriodEvent, ReportingPeriod, Submission, SubmissionEvent
from tests.awards.factories import period, row, save
from tests.factories import AgencyFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(AwardRecord.objects.values_list("agency_id", "form__code", "authority", "collectives", "individuals")),
        sorted(Submission.objects.values_list("agency_id", "state", "version")),
        SubmissionEvent.objects.count(),
    )


# --- Saving and submitting -------------------------------------------------------------------


def test_save_creates_draft_with_records_equal_to_rows(world):
    a, p, user = world["agencies"][2], world["period"], world["officer"]
    sub = save(
        a,
        p,
        [row(collectives=2, individuals=5), row("bang-khen-bo-tinh", authority="Chủ tịch UBND tỉnh", individuals=1)],
        actor=user,
    )
    assert (sub.state, sub.version, sub.updated_by) == (Submission.State.DRAFT, 1, user)
    records = AwardRecord.objects.filter(submission=sub).order_by("form__display_order")
    assert [(r.form.code, r.collectives, r.individuals) for r in records] == [
        ("bang-khen-bo-tinh", 0, 1),
        ("giay-khen", 2, 5),
    ]
    # agency and period repeat the submission's
    assert {(r.agency_id, r.period_id) for r in records} == {(a.id, p.id)}
    assert list(sub.events.values_list("from_state", "to_state", "actor")) == [("", "draft", user.id)]


def test_save_replaces_rows_updates_in_place_and_deletes_missing(world):
    a, p = world["agencies"][2], world["period"]
    save(a, p, [row(collectives=2), row("cstd-co-so", individuals=3)])
    kept = AwardRecord.objects.get(form__code="giay-khen")
    sub = save(a, p, [row(collectives=4), row("lao-dong-tien-tien", individuals=7)])
    assert sub.version == 2
    assert sorted(AwardRecord.objects.values_list("form__code", "collectives", "individuals")) == [
        ("giay-khen", 4, 0),
        ("lao-dong-tien-tien", 0, 7),
    ]
    assert AwardRecord.objects.get(form__code="giay-khen").pk == kept.pk  # updated, not recreated


def test_authority_whitespace_is_normalised(world):
    save(world["agencies"][2], world["period"], [row(authority="  Chủ tịch   UBND tỉnh ", collectives=1)])
    assert AwardRecord.objects.get().authority == "Chủ tịch UBND tỉnh"


@pytest.mark.parametrize("service", [services.save_submission, services.submit_submission])
def test_save_more_than_max_rows_refused_and_nothing_written(world, service):
    agency, p = world["agencies"][0], world["period"]
    rows = [row(authority=f"Cơ quan cấp {i}", individuals=1) for i in range(MAX_ROWS + 1)]
    with pytest.raises(ValidationError) as exc:
        service(agency=agency, period=p, rows=rows, version=0, actor=None)
    assert exc.value.code == services.ERR_TOO_MANY_ROWS
    assert not Submission.objects.exists() and not AwardRecord.objects.exists()
    assert not AwardRecord.history.exists()


def test_save_more_than_max_rows_leaves_an_existing_report_as_it_was(world):
    agency, p = world["agencies"][0], world["period"]
    sub = save(agency, p, [row(individuals=3)])
    rows = [row(authority=f"Cơ quan cấp {i}", individuals=1) for i in range(MAX_ROWS + 1)]
    with pytest.raises(ValidationError) as exc:
        services.save_submission(agency=agency, period=p, rows=rows, version=sub.version, actor=None)
    assert exc.value.code == services.ERR_TOO_MANY_ROWS
    sub.refresh_from_db()
    assert sub.version == 1
    assert list(AwardRecord.objects.values_list("authority", "individuals")) == [("Thủ trưởng cơ quan, đơn vị", 3)]


def test_submit_records_event_and_time(world):
    a, p, user = world["agencies"][2], world["period"], world["officer"]
    sub = save(a, p, [row(collectives=1)], actor=user, submit=True)
    assert sub.state == Submission.State.SUBMITTED and sub.submitted_at is not None
    assert list(sub.events.values_list("from_state", "to_state")) == [("", "draft"), ("draft", "submitted")]


def test_submitted_report_cannot_be_saved(world):
    a, p = world["agencies"][2], world["period"]
    save(a, p, [row(collectives=1)], submit=True)
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        save(a, p, [row(collectives=9)])
    assert exc.value.code == services.ERR_NOT_EDITABLE
    assert _snapshot() == before


def test_closed_period_refuses_saves(world):
    a, p = world["agencies"][2], world["period"]
    save(a, p, [row(collectives=1)])
    services.close_period(period=p, actor=world["ha"])
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        save(a, p, [row(collectives=2)])
    assert exc.value.code == services.ERR_PERIOD_CLOSED
    assert _snapshot() == before


def test_agency_of_another_province_refused(world):
    stranger = AgencyFactory(province=world["other_province"])
    with pytest.raises(ValidationError) as exc:
        save(stranger, world["period"], [row(collectives=1)])
    assert exc.value.code == services.ERR_WRONG_PROVINCE
    assert Submission.objects.count() == 0


# --- Row rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make_rows", "code", "field"),
    [
        (lambda: [row(collectives=-1, individuals=2)], services.ERR_NEGATIVE, "collectives"),
        (lambda: [row(individuals=1_000_001)], services.ERR_TOO_LARGE, "individuals"),
        (lambda: [row()], services.ERR_EMPTY_ROW, None),
        (lambda: [row("cstd-co-so", collectives=1)], services.ERR_NO_COLLECTIVES, "collectives"),
        (lambda: [row("co-thi-dua-bo-tinh", individuals=1)], services.ERR_NO_INDIVIDUALS, "individuals"),
        (
            lambda: [row(collectives=1), row(authority="thủ trưởng  cơ quan, đơn vị", individuals=2)],
            services.ERR_DUPLICATE,
            None,
        ),
        (
            lambda: [row(collectives=1, decision_date=datetime.date(2022, 7, 1))],
            services.ERR_DATE_OUTSIDE,
            "decision_date",
        ),
        (lambda: [row(collectives=1, authority="x" * 256)], services.ERR_TOO_LONG, "authority"),
        (lambda: [row(collectives=1, status="maybe")], services.ERR_BAD_STATUS, "status"),
    ],
    ids=["negative", "too-large", "empty", "no-collectives", "no-individuals", "duplicate", "date", "long", "status"],
)
def test_invalid_rows_write_nothing(world, make_rows, code, field):
    a, p = world["agencies"][2], world["period"]
    save(a, p, [row("ky-niem-chuong", individuals=3)])
    before = _snapshot()
    with pytest.raises(services.RowsInvalid) as exc:
        save(a, p, make_rows())
    errors = exc.value.row_errors
    assert [(e.code, e.field) for e in errors] == [(code, field)]
    assert _snapshot() == before


def test_messages_are_vietnamese(world):
    errors = services.check_rows(
        period=world["period"],
        rows=[row("cstd-co-so", collectives=1, decision_date=datetime.date(2021, 12, 31))],
    )
    messages = {e.code: e.message for e in errors}
    assert messages[services.ERR_NO_COLLECTIVES] == "“Chiến sĩ thi đua cơ sở” không dùng để khen thưởng tập thể."
    assert messages[services.ERR_DATE_OUTSIDE] == (
        "Ngày quyết định phải nằm trong kỳ báo cáo, từ 01/01/2022 đến 30/06/2022."
    )


def test_duplicate_message_names_the_first_row(world):
    errors = services.check_rows(
        period=world["period"], rows=[row(collectives=1), row(collectives=2)], row_numbers=[6, 9]
    )
    assert errors[0].index == 1 and "dòng 6" in errors[0].message


def test_same_form_from_different_authorities_is_allowed(world):
    a, p = world["agencies"][2], world["period"]
    save(
        a,
        p,
        [
            row("bang-khen-bo-tinh", authority="Bộ trưởng Bộ Tư pháp", individuals=1),
            row("bang-khen-bo-tinh", authority="Chủ tịch UBND tỉnh", collectives=1, individuals=1),
            row("bang-khen-bo-tinh", authority="Chủ tịch UBND tỉnh", status="proposed", collectives=2),
        ],
    )
    assert AwardRecord.objects.count() == 3


def test_database_refuses_zero_counts_and_duplicates(world):
    sub = save(world["agencies"][2], world["period"], [row(collectives=1)])
    base = {"submission": sub, "agency": sub.agency, "period": sub.period, "form": AwardRecord.objects.get().form}
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardRecord.objects.create(**base, authority="X", collectives=0, individuals=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardRecord.objects.create(**base, authority="Thủ trưởng cơ quan, đơn vị", collectives=3)


# --- Optimistic concurrency ------------------------------------------------------------------


def test_stale_save_is_refused_with_the_changes(world):
    a, p = world["agencies"][2], world["period"]
    save(a, p, [row(collectives=2, individuals=5), row("cstd-co-so", individuals=1)])  # version 1: both open it
    services.save_submission(  # first person saves version 2
        agency=a,
        period=p,
        rows=[row(collectives=3, individuals=5), row("lao-dong-tien-tien", individuals=4)],
        version=1,
        actor=world["officer"],
    )
    before = _snapshot()
    with pytest.raises(services.StaleSubmission) as exc:  # second person still holds version 1
        services.save_submission(agency=a, period=p, rows=[row(collectives=9)], version=1, actor=None)
    assert exc.value.code == services.ERR_STALE
    assert "phiên bản 1" in exc.value.messages[0] and "phiên bản 2" in exc.value.messages[0]
    gk = "Giấy khen — Thủ trưởng cơ quan, đơn vị (Được tặng)"
    assert sorted(exc.value.changes) == [
        f"Sửa: {gk}: 2 tập thể, 5 cá nhân → {gk}: 3 tập thể, 5 cá nhân",
        "Thêm: Lao động tiên tiến / Chiến sĩ tiên tiến — Thủ trưởng cơ quan, đơn vị (Được tặng): 0 tập thể, 4 cá nhân",
        "Xóa: Chiến sĩ thi đua cơ sở — Thủ trưởng cơ quan, đơn vị (Được tặng): 0 tập thể, 1 cá nhân",
    ]
    assert _snapshot() == before


def test_stale_when_someone_created_the_report_first(world):
    a, p = world["agencies"][2], world["period"]
    save(a, p, [row(collectives=2)])
    with pytest.raises(services.StaleSubmission) as exc:
        services.save_submission(agency=a, period=p, rows=[row(collectives=1)], version=0, actor=None)
    assert exc.value.changes == ["Thêm: Giấy khen — Thủ trưởng cơ quan, đơn vị (Được tặng): 2 tập thể, 0 cá nhân"]


# --- Review ----------------------------------------------------------------------------------


def test_accept_then_read_only(world):
    a, p = world["agencies"][2], world["period"]
    sub = save(a, p, [row(collectives=1)], submit=True)
    sub = services.accept_submission(submission=sub, actor=world["ha"])
    assert sub.state == Submission.State.ACCEPTED
    assert sub.events.last().to_state == "accepted" and sub.events.last().actor == world["ha"]
    with pytest.raises(ValidationError):
        save(a, p, [row(collectives=2)])


def test_return_needs_reason_and_goes_back_to_draft_on_save(world):
    a, p = world["agencies"][2], world["period"]
    sub = save(a, p, [row(collectives=1)], submit=True)
    with pytest.raises(ValidationError) as exc:
        services.return_submission(submission=sub, actor=world["ha"], reason="  ")
    assert exc.value.error_dict["reason"][0].code == services.ERR_REASON_REQUIRED
    sub = services.return_submission(submission=sub, actor=world["ha"], reason="Thiếu số quyết định")
    assert sub.state == Submission.State.RETURNED
    assert sub.events.last().reason == "Thiếu số quyết định"
    sub = save(a, p, [row(collectives=1, decision_number="12/QĐ-CA")])
    assert sub.state == Submission.State.DRAFT
    assert list(sub.events.values_list("to_state", flat=True)) == ["draft", "submitted", "returned", "draft"]


def test_accept_only_submitted(world):
    sub = save(world["agencies"][2], world["period"], [row(collectives=1)])
    with pytest.raises(ValidationError) as exc:
        services.accept_submission(submission=sub, actor=world["ha"])
    assert exc.value.code == services.ERR_WRONG_STATE


def test_return_refused_on_closed_period(world):
    sub = save(world["agencies"][2], world["period"], [row(collectives=1)], submit=True)
    services.close_period(period=world["period"], actor=world["ha"])
    with pytest.raises(ValidationError) as exc:
        services.return_submission(submission=sub, actor=world["ha"], reason="x")
    assert exc.value.code == services.ERR_PERIOD_CLOSED
    assert Submission.objects.get().state == Submission.State.SUBMITTED


# --- Periods ---------------------------------------------------------------------------------


def test_open_period_defaults():
    province = ProvinceFactory()
    h1 = period(province, year=2023)
    year = period(province, year=2023, kind=ReportingPeriod.Kind.YEAR)
    assert (h1.start_date, h1.end_date, h1.deadline) == (
        datetime.date(2023, 1, 1),
        datetime.date(2023, 6, 30),
        datetime.date(2023, 7, 15),
    )
    assert (year.start_date, year.end_date, year.deadline) == (
        datetime.date(2023, 1, 1),
        datetime.date(2023, 12, 31),
        datetime.date(2024, 1, 15),
    )
    assert list(h1.events.values_list("action", flat=True)) == ["opened"]


def test_open_period_twice_refused(world):
    with pytest.raises(ValidationError) as exc:
        period(world["province"])
    assert exc.value.code == services.ERR_PERIOD_EXISTS
    assert ReportingPeriod.objects.count() == 1


def test_open_period_window_cut_at_15_december():
    p = period(ProvinceFactory(), kind=ReportingPeriod.Kind.YEAR, end_date=datetime.date(2022, 12, 15))
    assert p.end_date == datetime.date(2022, 12, 15) and p.deadline == datetime.date(2022, 12, 30)


def test_open_period_dates_in_order():
    with pytest.raises(ValidationError) as exc:
        period(ProvinceFactory(), start_date=datetime.date(2022, 7, 1), end_date=datetime.date(2022, 6, 30))
    assert "end_date" in exc.value.error_dict
    assert ReportingPeriod.objects.count() == 0


def test_close_and_reopen_with_reason(world):
    p, ha = world["period"], world["ha"]
    services.close_period(period=p, actor=ha)
    with pytest.raises(ValidationError):
        services.close_period(period=p, actor=ha)
    with pytest.raises(ValidationError) as exc:
        services.reopen_period(period=p, actor=ha, reason="")
    assert exc.value.error_dict["reason"][0].code == services.ERR_REASON_REQUIRED
    services.reopen_period(period=p, actor=ha, reason="Công an tỉnh xin bổ sung số liệu")
    p.refresh_from_db()
    assert p.is_open
    assert list(PeriodEvent.objects.filter(period=p).values_list("action", "reason")) == [
        ("opened", ""),
        ("closed", ""),
        ("reopened", "Công an tỉnh xin bổ sung số liệu"),
    ]


def test_update_period_refused_when_decisions_fall_outside(world):
    a, p = world["agencies"][2], world["period"]
    save(a, p, [row(collectives=1, decision_date=datetime.date(2022, 6, 20))])
    with pytest.raises(ValidationError) as exc:
        services.update_period(
            period=p,
            start_date=datetime.date(2022, 1, 1),
            end_date=datetime.date(2022, 6, 15),
            deadline=datetime.date(2022, 7, 1),
            actor=None,
        )
    assert exc.value.code == services.ERR_RECORDS_OUTSIDE
    p.refresh_from_db()
    assert p.end_date == datetime.date(2022, 6, 30)
    services.update_period(
        period=p,
        start_date=datetime.date(2022, 1, 1),
        end_date=datetime.date(2022, 6, 25),
        deadline=datetime.date(2022, 7, 5),
        actor=None,
    )
    p.refresh_from_db()
    assert (p.end_date, p.deadline) == (datetime.date(2022, 6, 25), datetime.date(2022, 7, 5))


def _many(n, *, individuals=1):
    return [row(authority=f"Thủ trưởng đơn vị {i}", individuals=individuals) for i in range(n)]


# 40: within one statement on SQLite too (Django splits a bulk statement at 999 parameters
# there, about 45 history rows; PostgreSQL takes a whole 500-row report in one).
@pytest.mark.parametrize("n", [1, 40])
def test_save_writes_new_and_changed_rows_with_a_query_count_independent_of_their_number(
    world, django_assert_num_queries, n
):
    """Records and their history rows are written in bulk: one INSERT per table for new rows,
    one UPDATE and one history INSERT for changed rows, whatever their number."""
    agency, p, ha = world["agencies"][2], world["period"], world["ha"]
    rows, changed_rows = _many(n), _many(n, individuals=2)
    # the service's transaction (2 savepoint statements), period and submission locked (2),
    # submission created in its own savepoint with its history (4) and its event (1), existing
    # records (1), records and their history (2), submission saved with its history (2), and the
    # data version replaced after each of those four writes (4)
    with django_assert_num_queries(18):
        submission = services.save_submission(agency=agency, period=p, rows=rows, version=0, actor=ha)
    assert AwardRecord.objects.filter(submission=submission).count() == n
    assert AwardRecord.history.filter(submission_id=submission.id, history_type="+", history_user=ha).count() == n
    # transaction (2), locks (2), existing records (1), records updated and their history (2),
    # submission saved with its history (2), the data version after each of those two writes (2)
    with django_assert_num_queries(11):
        services.save_submission(agency=agency, period=p, rows=changed_rows, version=1, actor=None)
    assert set(AwardRecord.objects.filter(submission=submission).values_list("individuals", flat=True)) == {2}
    changed = AwardRecord.history.filter(submission_id=submission.id, history_type="~")
    assert changed.count() == n and set(changed.values_list("individuals", flat=True)) == {2}


def test_period_opened_after_its_deadline_is_back_filled(db):
    province = ProvinceFactory()
    late = services.open_period(
        province=province, year=2023, kind="h1", actor=None, opened_on=datetime.date(2026, 1, 5)
    )
    assert late.is_backfilled is True
    assert late.days_to_deadline(datetime.date(2026, 1, 5)) is None
    live = services.open_period(
        province=province, year=2023, kind="year", actor=None, opened_on=datetime.date(2023, 1, 2)
    )
    assert live.is_backfilled is False
    assert live.days_to_deadline(datetime.date(2024, 1, 20)) == -5  # deadline 15/01/2024
