import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards import counting
from awards.models import AwardRecord, ReportingPeriod, Submission
from proposals import services
from proposals.models import Dossier, DossierDocument, DossierEvent, ProposalItem
from tests.proposals.factories import certificate_form, dossier_in, pdf

pytestmark = pytest.mark.django_db


def _codes(error: ValidationError) -> set:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def test_create_dossier_makes_one_item_per_winner(world):
    dossier = services.create_dossier(conference=world.conference, actor=world.leader_officer)
    items = list(dossier.items.order_by("position"))
    assert [(i.agency.name, i.label, i.votes, i.valid_ballots) for i in items] == [
        ("Thanh tra tỉnh", "Cờ thi đua của UBND tỉnh", 4, 5),
        ("Sở Tư pháp", "Bằng khen của Chủ tịch UBND tỉnh", None, None),
        ("Công an tỉnh", "Bằng khen của Chủ tịch UBND tỉnh", None, None),
    ]
    assert (dossier.state, dossier.bloc_id, dossier.year) == (Dossier.State.DRAFT, world.bloc.pk, 2022)
    assert dossier.due_date == datetime.date(2023, 1, 19)
    assert list(dossier.events.values_list("from_state", "to_state")) == [("", "draft")]


def test_create_dossier_twice_is_refused(world):
    services.create_dossier(conference=world.conference, actor=None)
    with pytest.raises(ValidationError) as error:
        services.create_dossier(conference=world.conference, actor=None)
    assert _codes(error.value) == {services.ERR_EXISTS}
    assert Dossier.objects.count() == 1


def test_create_dossier_without_winners_is_refused(world):
    world.conference.votes.all().delete()
    with pytest.raises(ValidationError) as error:
        services.create_dossier(conference=world.conference, actor=None)
    assert _codes(error.value) == {services.ERR_NO_NOMINEES}
    assert Dossier.objects.count() == 0


def test_due_date_is_none_without_a_province_setting(world):
    from proposals.models import DossierDeadline

    DossierDeadline.objects.all().delete()
    dossier = services.create_dossier(conference=world.conference, actor=None)
    assert dossier.due_date is None


def test_save_item_adds_an_individual_of_a_member(world):
    dossier = services.create_dossier(conference=world.conference, actor=None)
    item = services.save_item(
        dossier=dossier,
        data=services.ItemData(
            agency=world.member_a,
            recipient=ProposalItem.Recipient.INDIVIDUAL,
            award_form=certificate_form(),
            authority="Chủ tịch  UBND tỉnh ",
            person_name="Nguyễn  Văn An",
            person_position="Phó Giám đốc",
        ),
        actor=world.leader_officer,
    )
    assert (item.nominee, item.authority, item.position) == (
        "Nguyễn Văn An, Phó Giám đốc, Sở Tư pháp",
        "Chủ tịch UBND tỉnh",
        3,
    )


def test_save_item_for_a_non_member_is_refused(world):
    dossier = services.create_dossier(conference=world.conference, actor=None)
    from tests.factories import AgencyFactory

    outsider = AgencyFactory(province=world.province, name="Sở Tài chính")
    with pytest.raises(ValidationError) as error:
        services.save_item(
            dossier=dossier,
            data=services.ItemData(
                agency=outsider, recipient="individual", award_form=certificate_form(), person_name="Trần Thị B"
            ),
            actor=None,
        )
    assert _codes(error.value) == {services.ERR_NOT_MEMBER}
    assert dossier.items.count() == 3


def test_save_item_flag_for_an_individual_is_refused(world):
    from tests.proposals.factories import flag_form

    dossier = services.create_dossier(conference=world.conference, actor=None)
    with pytest.raises(ValidationError) as error:
        services.save_item(
            dossier=dossier,
            data=services.ItemData(
                agency=world.member_a, recipient="individual", award_form=flag_form(), person_name="Trần Thị B"
            ),
            actor=None,
        )
    assert _codes(error.value) == {services.ERR_FORM_RECIPIENT}


def test_save_item_after_submission_is_refused(world):
    dossier = dossier_in(world, Dossier.State.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        services.save_item(
            dossier=dossier,
            data=services.ItemData(
                agency=world.member_a, recipient="individual", award_form=certificate_form(), person_name="Trần Thị B"
            ),
            actor=None,
        )
    assert _codes(error.value) == {services.ERR_WRONG_STATE}


def test_import_individuals_all_or_nothing(world):
    dossier = services.create_dossier(conference=world.conference, actor=None)
    good = services.ItemData(
        agency=world.member_a, recipient="individual", award_form=certificate_form(), person_name="A"
    )
    bad = services.ItemData(
        agency=world.member_a, recipient="individual", award_form=certificate_form(), person_name=""
    )
    with pytest.raises(ValidationError) as error:
        services.import_individuals(dossier=dossier, rows=[good, bad], actor=None)
    assert error.value.messages == ["Dòng 3: Nhập họ và tên của cá nhân."]
    assert dossier.items.count() == 3


def test_add_document_refuses_a_20_mb_upload_and_writes_nothing(world, settings):
    dossier = services.create_dossier(conference=world.conference, actor=None)
    big = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4" + b"0" * (20 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.add_document(dossier=dossier, upload=big, requirement=None, item=None, actor=None)
    assert _codes(error.value) == {"too_large"}
    assert DossierDocument.objects.count() == 0
    media = settings.MEDIA_ROOT
    assert not any(p.is_file() for p in media.rglob("*")) if media.exists() else True


def test_add_document_refuses_a_renamed_file(world):
    dossier = services.create_dossier(conference=world.conference, actor=None)
    fake = SimpleUploadedFile("bao-cao.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.add_document(dossier=dossier, upload=fake, requirement=None, item=None, actor=None)
    assert _codes(error.value) == {"file_content"}
    assert DossierDocument.objects.count() == 0


def test_submit_records_the_transition_and_lateness(world):
    dossier = dossier_in(world, Dossier.State.SUBMITTED)
    from proposals import selectors

    assert dossier.submitted_at is not None
    assert selectors.days_late(dossier) == (timezone.localdate() - datetime.date(2023, 1, 19)).days
    event = DossierEvent.objects.filter(dossier=dossier).last()
    assert (event.from_state, event.to_state, event.actor) == ("draft", "submitted", world.leader_officer)


def test_return_needs_a_reason(world):
    dossier = dossier_in(world, Dossier.State.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        services.return_dossier(dossier=dossier, actor=world.home_affairs, reason="  ")
    assert _codes(error.value) == {services.ERR_REASON_REQUIRED}
    assert Dossier.objects.get(pk=dossier.pk).state == Dossier.State.SUBMITTED


def test_returned_dossier_is_edited_and_submitted_again(world):
    dossier = dossier_in(world, Dossier.State.RETURNED)
    first = dossier.first_submitted_at
    services.submit_dossier(dossier=dossier, actor=world.leader_officer)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.first_submitted_at) == (Dossier.State.SUBMITTED, first)
    assert list(dossier.events.values_list("to_state", "reason")) == [
        ("draft", ""),
        ("submitted", ""),
        ("returned", "Thiếu báo cáo thành tích"),
        ("submitted", ""),
    ]


def test_review_needs_a_verdict_on_every_item(world):
    dossier = dossier_in(world, Dossier.State.RECEIVED)
    first = dossier.items.order_by("position").first()
    with pytest.raises(ValidationError) as error:
        services.record_review(
            dossier=dossier, council_date=timezone.localdate(), verdicts={first.pk: services.Verdict(True)}, actor=None
        )
    assert _codes(error.value) == {services.ERR_VERDICT_MISSING}
    assert Dossier.objects.get(pk=dossier.pk).state == Dossier.State.RECEIVED


def test_decision_writes_granted_awards_into_the_full_year_counts(world):
    dossier = dossier_in(world, Dossier.State.DECIDED)
    records = list(
        AwardRecord.objects.order_by("agency__name").values_list(
            "agency__name", "collectives", "individuals", "decision_number", "status", "period__kind", "period__year"
        )
    )
    assert records == [
        ("Sở Tư pháp", 1, 0, "99/QĐ-UBND", "granted", "year", 2022),
        ("Thanh tra tỉnh", 1, 0, "99/QĐ-UBND", "granted", "year", 2022),
    ]
    granted = dict(dossier.items.values_list("agency__name", "granted"))
    assert granted == {"Thanh tra tỉnh": True, "Sở Tư pháp": True, "Công an tỉnh": False}
    # The agencies never submitted their full-year report: the decided rows count anyway.
    assert set(Submission.objects.values_list("state", flat=True)) == {Submission.State.DRAFT}
    rows = counting.award_totals(province_id=world.province.pk, kind="year", year=2022, scope=counting.SCOPE_ACCEPTED)
    totals = {agency: (c, i) for agency, c, i in rows}
    assert totals == {world.leader.pk: (1, 0), world.member_a.pk: (1, 0)}
    assert ReportingPeriod.objects.filter(province=world.province, year=2022, kind="year").count() == 1


def test_second_decision_is_refused(world):
    dossier = dossier_in(world, Dossier.State.DECIDED)
    items = list(dossier.items.all())
    with pytest.raises(ValidationError) as error:
        services.record_decision(
            dossier=dossier,
            decision_number="100/QĐ-UBND",
            decision_date=timezone.localdate(),
            signer="",
            granted_ids=[i.pk for i in items],
            actor=world.home_affairs,
        )
    assert _codes(error.value) == {services.ERR_WRONG_STATE}
    assert AwardRecord.objects.count() == 2


def test_decision_dated_before_the_dossier_is_refused(world):
    dossier = dossier_in(world, Dossier.State.REVIEWED)
    with pytest.raises(ValidationError) as error:
        services.record_decision(
            dossier=dossier,
            decision_number="1/QĐ-UBND",
            decision_date=datetime.date(2023, 1, 1),
            signer="",
            granted_ids=[],
            actor=None,
        )
    assert _codes(error.value) == {services.ERR_DATE_BEFORE_DOSSIER}
    assert (Dossier.objects.get(pk=dossier.pk).state, AwardRecord.objects.count()) == (Dossier.State.REVIEWED, 0)


def test_decision_granting_a_non_nominee_is_refused(world):
    dossier = dossier_in(world, Dossier.State.REVIEWED)
    stranger = ProposalItem.objects.order_by("-pk").first().pk + 1000
    with pytest.raises(ValidationError) as error:
        services.record_decision(
            dossier=dossier,
            decision_number="1/QĐ-UBND",
            decision_date=timezone.localdate(),
            signer="",
            granted_ids=[stranger],
            actor=None,
        )
    assert _codes(error.value) == {services.ERR_NOT_NOMINEE}
    assert AwardRecord.objects.count() == 0


def test_grid_save_keeps_the_decided_rows(world):
    from tests.awards import factories as award_builders

    dossier_in(world, Dossier.State.DECIDED)
    period = ReportingPeriod.objects.get(province=world.province, year=2022, kind="year")
    award_builders.save(world.leader, period, [award_builders.row(collectives=2)])
    rows = sorted(
        AwardRecord.objects.filter(agency=world.leader).values_list("form__code", "collectives", "source_item_id")
    )
    assert [(code, c, source is not None) for code, c, source in rows] == [
        ("co-thi-dua-bo-tinh", 1, True),
        ("giay-khen", 2, False),
    ]


def test_close_after_decision(world):
    dossier = dossier_in(world, Dossier.State.CLOSED)
    assert dossier.state == Dossier.State.CLOSED


def test_pdf_upload_for_a_nominee_is_stored(world):
    dossier = services.create_dossier(conference=world.conference, actor=None)
    item = dossier.items.first()
    document = services.add_document(dossier=dossier, upload=pdf(), requirement=None, item=item, actor=None)
    assert (document.original_name, document.content_type, document.item) == (
        "bao-cao-thanh-tich.pdf",
        "application/pdf",
        item,
    )
    assert document.file.name.endswith(".pdf") and "bao-cao" not in document.file.name


def test_a_conference_with_a_dossier_cannot_be_deleted(db):
    """The dossier rests on the review's votes: deleting the conference is refused with a clear
    message, and nothing is deleted."""
    from django.core.exceptions import ValidationError

    from conferences import services as conference_services
    from conferences.models import Conference
    from proposals.models import Dossier
    from tests.conferences.factories import ConferenceFactory

    conference = ConferenceFactory(year=2022)
    Dossier.objects.create(conference=conference, bloc=conference.bloc, year=2022)
    with pytest.raises(ValidationError) as refused:
        conference_services.delete_conference(conference=conference)
    assert refused.value.code == conference_services.ERR_CONFERENCE_IN_USE
    assert Conference.objects.filter(pk=conference.pk).exists()
