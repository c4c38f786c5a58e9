"""The bad-input corpus for proposal dossiers: another bloc's dossier, a decision dated before
the dossier, a granted item that is not a nominee of the dossier, a 20 MB upload, a file that
lies about its type, forged IDs. Same rule as the other parts: a clear Vietnamese error or
403/404, never a 500, and nothing written (history included)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from blocs import services as bloc_services
from blocs.concurrency import token_for
from conferences.models import Vote
from proposals import services
from proposals.models import Dossier, ProposalItem
from proposals.views import _verdicts_snapshot
from tests.conferences.factories import ConferenceFactory
from tests.factories import AgencyFactory, BlocFactory, officer
from tests.proposals.factories import certificate_form, dossier_in, flag_form, proposal_world
from tests.security.test_bad_input_corpus import Case, check_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = proposal_world()
    reviewed = dossier_in(w, Dossier.State.REVIEWED)
    # Another bloc of the same province, with its own reviewed dossier and leader.
    bloc = BlocFactory(province=w.province, name="Khối Kinh tế")
    agencies = [AgencyFactory(province=w.province, name=n) for n in ("Sở Tài chính", "Sở Công Thương")]
    bloc_services.set_roster(bloc=bloc, year=2022, agencies=agencies, leader=agencies[0])
    conference = ConferenceFactory(bloc=bloc, year=2022)
    vote = Vote.objects.create(conference=conference, kind=Vote.Kind.FLAG, award_form=flag_form())
    vote.candidates.create(agency=agencies[1], won=True)
    other = services.create_dossier(conference=conference, actor=None)
    return {
        "dossier": reviewed,
        "other_dossier": other,
        "other_item": ProposalItem.objects.get(dossier=other),
        "users": {
            "ha": w.home_affairs,
            "leader": w.leader_officer,
            "other_leader": officer(agencies[0]),
            "other_ha": w.other_home_affairs,
        },
    }


def decide_url(w):
    return reverse("proposals:decide", args=[w["dossier"].pk])


def decision(values):
    def data(w):
        token = token_for(_verdicts_snapshot(w["dossier"], ["decision_number", "decision_date"])())
        return {
            "decision_number": "15/QĐ-UBND",
            "decision_date": timezone.localdate().strftime("%d/%m/%Y"),
            "signer": "Chủ tịch UBND tỉnh",
            "granted": [],
            "version_token": token,
            **values(w),
        }

    return data


def upload(name, content, content_type="application/pdf"):
    return lambda w: {
        "requirement": "",
        "item": "",
        "file": SimpleUploadedFile(name, content, content_type=content_type),
    }


CASES = [
    Case(
        "another bloc's dossier: its leader cannot read ours",
        "other_leader",
        "get",
        lambda w: w["dossier"].get_absolute_url(),
        status=404,
    ),
    Case(
        "another bloc's dossier: its leader cannot submit ours",
        "other_leader",
        "post",
        lambda w: reverse("proposals:submit", args=[w["dossier"].pk]),
        status=404,
    ),
    Case(
        "another province's Home Affairs cannot decide",
        "other_ha",
        "post",
        decide_url,
        decision(lambda w: {}),
        status=404,
    ),
    Case(
        "a decision dated before the dossier",
        "ha",
        "post",
        decide_url,
        decision(lambda w: {"decision_date": "01/01/2023"}),
        message="Ngày quyết định không được trước ngày nộp hồ sơ",
    ),
    Case(
        "a decision dated in the future",
        "ha",
        "post",
        decide_url,
        decision(lambda w: {"decision_date": "31/12/2199"}),
        message="Ngày không được ở tương lai.",
    ),
    Case(
        "a decision without a number",
        "ha",
        "post",
        decide_url,
        decision(lambda w: {"decision_number": "   "}),
        message="Nhập số quyết định.",
    ),
    Case(
        "a granted item for a non-nominee (another bloc's item)",
        "ha",
        "post",
        decide_url,
        decision(lambda w: {"granted": [str(w["other_item"].pk)]}),
        message="Chỉ có thể khen thưởng các trường hợp được đề nghị trong hồ sơ này.",
    ),
    Case(
        "a granted item that does not exist",
        "ha",
        "post",
        decide_url,
        decision(lambda w: {"granted": ["999999", "abc"]}),
        message="Chỉ có thể khen thưởng các trường hợp được đề nghị trong hồ sơ này.",
    ),
    Case(
        "a decision with a forged version token",
        "ha",
        "post",
        decide_url,
        decision(lambda w: {"version_token": "forged"}),
        message="trang được mở từ một bản cũ hoặc đã bị sửa đổi",
    ),
    Case(
        "a 20 MB achievement report",
        "leader_draft",
        "post",
        lambda w: reverse("proposals:document_upload", args=[w["draft"].pk]),
        upload("bao-cao.pdf", b"%PDF-1.4" + b"0" * (20 * 1024 * 1024)),
        message="Tệp quá lớn",
    ),
    Case(
        "an achievement report that is an HTML page called .pdf",
        "leader_draft",
        "post",
        lambda w: reverse("proposals:document_upload", args=[w["draft"].pk]),
        upload("bao-cao.pdf", b"<html><script>alert(1)</script></html>"),
        message="Nội dung tệp không phải là tệp PDF.",
    ),
    Case(
        "an achievement report as an executable",
        "leader_draft",
        "post",
        lambda w: reverse("proposals:document_upload", args=[w["draft"].pk]),
        upload("bao-cao.exe", b"MZ\x90\x00", "application/octet-stream"),
        message="Chỉ chấp nhận các loại tệp: PDF, DOCX.",
    ),
    Case(
        "an individuals' list that is not a workbook",
        "leader_draft",
        "post",
        lambda w: reverse("proposals:individuals_upload", args=[w["draft"].pk]),
        lambda w: {"file": SimpleUploadedFile("ca-nhan.xlsx", b"not a zip", content_type="application/octet-stream")},
        message="Tệp bị hỏng hoặc không phải sổ tính Excel .xlsx.",
    ),
    Case(
        "a nominee from another bloc's agency",
        "leader_draft",
        "post",
        lambda w: reverse("proposals:item_create", args=[w["draft"].pk]),
        lambda w: {
            "recipient": "individual",
            "agency": w["other_item"].agency_id,
            "award_form": certificate_form().pk,
            "person_name": "Nguyễn Văn A",
            "version_token": token_for({}),
        },
        message="Hãy chọn",
    ),
    Case(
        "returning a dossier without a reason",
        "ha",
        "post",
        lambda w: reverse("proposals:return", args=[w["dossier"].pk]),
        lambda w: {"reason": "   "},
        message="Hãy nêu lý do.",
    ),
]


@pytest.fixture
def world_with_draft(world):
    """The corpus world plus a draft dossier: the first dossier is reviewed, so uploads go to a
    second review (the six-month one) of the same bloc, led by the same agency."""
    from conferences.models import Conference

    reviewed = world["dossier"]
    conference = ConferenceFactory(
        bloc=reviewed.bloc, year=2022, kind=Conference.Kind.SIX_MONTH, period_kind=Conference.PeriodKind.H1
    )
    vote = Vote.objects.create(conference=conference, kind=Vote.Kind.CERTIFICATE, award_form=certificate_form())
    vote.candidates.create(agency=reviewed.items.first().agency, won=True)
    world["draft"] = services.create_dossier(conference=conference, actor=None)
    world["users"]["leader_draft"] = world["users"]["leader"]
    return world


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused_and_writes_nothing(world_with_draft, case):
    check_case(world_with_draft, case)
