import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from awards.models import AwardRecord
from conferences.documents import document_text
from proposals import services
from proposals.documents import individuals_template
from proposals.models import Dossier, DossierDocument, ProposalItem
from tests.proposals.factories import certificate_form, dossier_in

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_create_from_the_bloc_year_page(world):
    client = client_for(world.leader_officer)
    page = client.get(reverse("proposals:bloc_year", args=[world.bloc.pk, 2022]))
    assert b'data-testid="create-dossier"' in page.content
    response = client.post(reverse("proposals:create", args=[world.conference.pk]))
    dossier = Dossier.objects.get()
    assert response["Location"] == dossier.get_absolute_url()
    assert dossier.items.count() == 3


def test_member_sees_only_its_own_items(world):
    dossier = dossier_in(world, Dossier.State.DECIDED)
    page = client_for(world.officer_a).get(dossier.get_absolute_url())
    assert page.status_code == 200
    items = page.context["page"].items
    assert [(i.agency.name, i.granted) for i in items] == [("Sở Tư pháp", True)]
    assert page.context["page"].documents == []


def test_item_form_adds_an_individual(world):
    dossier = services.create_dossier(conference=world.conference, actor=None)
    client = client_for(world.leader_officer)
    url = reverse("proposals:item_create", args=[dossier.pk])
    token = client.get(url).context["form"]["version_token"].value()
    response = client.post(
        url,
        {
            "recipient": "individual",
            "agency": world.member_b.pk,
            "award_form": certificate_form().pk,
            "authority": "Chủ tịch UBND tỉnh",
            "person_name": "Lê Văn C",
            "person_position": "Đội trưởng",
            "version_token": token,
        },
    )
    assert response.status_code == 302
    assert dossier.items.filter(recipient="individual").get().nominee == "Lê Văn C, Đội trưởng, Công an tỉnh"


def test_individuals_upload_adds_every_row(world):
    dossier = services.create_dossier(conference=world.conference, actor=None)
    workbook = load_workbook(io.BytesIO(individuals_template([world.member_a.name], [certificate_form().name])))
    ws = workbook["Cá nhân"]
    for r, (name, position) in enumerate(
        [("Nguyễn Văn An", "Phó Giám đốc"), ("Trần Thị Bình", "Chuyên viên")], start=2
    ):
        for c, value in enumerate(
            [name, position, "Phòng Hành chính", world.member_a.name, certificate_form().name, "Chủ tịch UBND tỉnh"],
            start=1,
        ):
            ws.cell(row=r, column=c, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "ca-nhan.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response = client_for(world.leader_officer).post(
        reverse("proposals:individuals_upload", args=[dossier.pk]), {"file": upload}
    )
    assert response.status_code == 302
    assert list(dossier.items.filter(recipient="individual").values_list("person_name", "agency__name")) == [
        ("Nguyễn Văn An", "Sở Tư pháp"),
        ("Trần Thị Bình", "Sở Tư pháp"),
    ]


def test_cover_letter_lists_the_nominees_with_their_votes(world):
    dossier = services.create_dossier(conference=world.conference, actor=None)
    response = client_for(world.leader_officer).get(reverse("proposals:cover_letter", args=[dossier.pk]))
    text = document_text(Document(io.BytesIO(response.content)))
    assert "TỜ TRÌNH" in text
    assert "1. Cờ thi đua của UBND tỉnh: 01 tập thể" in text
    assert "2. Bằng khen của Chủ tịch UBND tỉnh: 02 tập thể" in text
    assert "4/5 phiếu (80%)" in text


def test_vote_count_record_has_the_ballots(world):
    dossier = services.create_dossier(conference=world.conference, actor=None)
    response = client_for(world.home_affairs).get(reverse("proposals:vote_count", args=[dossier.pk]))
    text = document_text(Document(io.BytesIO(response.content)))
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "Số phiếu phát ra: 5; số phiếu thu về: 5; số phiếu hợp lệ: 5; số phiếu không hợp lệ: 0." in text


def test_decision_form_grants_and_writes_the_counts(world):
    dossier = dossier_in(world, Dossier.State.REVIEWED)
    client = client_for(world.home_affairs)
    url = reverse("proposals:decide", args=[dossier.pk])
    token = client.get(url).context["form"]["version_token"].value()
    first = dossier.items.order_by("position").first()
    response = client.post(
        url,
        {
            "decision_number": "12/QĐ-UBND",
            "decision_date": timezone.localdate().strftime("%d/%m/%Y"),
            "signer": "Chủ tịch UBND tỉnh",
            "granted": [str(first.pk)],
            "version_token": token,
        },
    )
    assert response.status_code == 302
    record = AwardRecord.objects.get()
    assert (record.agency, record.decision_number, record.source_item_id) == (world.leader, "12/QĐ-UBND", first.pk)
    grid = client.get(reverse("awards:grid", args=[record.period_id, world.leader.pk]))
    assert [r.decision_number for r in grid.context["decided_records"]] == ["12/QĐ-UBND"]


def test_board_filters_and_counts(world):
    dossier_in(world, Dossier.State.SUBMITTED)
    client = client_for(world.home_affairs)
    url = reverse("proposals:board", args=[world.province.pk, 2022])
    board = client.get(url).context["board"]
    [row] = board.rows
    assert (row.items, row.missing, row.days_late > 0) == (3, 3, True)
    assert board.counts == {"submitted": 1}
    assert client.get(url, {"state": "decided"}).context["board"].rows == []
    assert len(client.get(url, {"missing": "1", "late": "1"}).context["board"].rows) == 1


def test_board_exports(world):
    dossier = dossier_in(world, Dossier.State.REVIEWED)
    client = client_for(world.home_affairs)
    xlsx = client.get(reverse("proposals:board_xlsx", args=[world.province.pk, 2022]))
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert [ws.cell(row=r, column=3).value for r in (4, 5, 6)] == ["Thanh tra tỉnh", "Sở Tư pháp", "Công an tỉnh"]
    assert ws.cell(row=4, column=8).value == "Nhất trí"
    docx = client.get(reverse("proposals:draft_decision", args=[world.province.pk, 2022]))
    text = document_text(Document(io.BytesIO(docx.content)))
    assert "QUYẾT ĐỊNH" in text
    assert "Điều 1. 1. Tặng Cờ thi đua của UBND tỉnh cho 01 tập thể" in text
    assert dossier.bloc.name in text


def _items(dossier, n):
    for i in range(n):
        ProposalItem.objects.create(
            dossier=dossier,
            agency_id=dossier.items.first().agency_id,
            recipient="individual",
            person_name=f"Cá nhân {i}",
            award_form=certificate_form(),
            position=10 + i,
        )
        DossierDocument.objects.create(
            dossier=dossier,
            title="Báo cáo",
            original_name="a.pdf",
            content_type="application/pdf",
            size=1,
            file="x.pdf",
        )


@pytest.mark.parametrize("extra", [0, 49])
def test_dossier_page_query_count_is_fixed(world, extra, django_assert_num_queries):
    dossier = services.create_dossier(conference=world.conference, actor=None)
    ProposalItem.objects.filter(dossier=dossier).exclude(pk=dossier.items.first().pk).delete()
    _items(dossier, extra)
    client = client_for(world.home_affairs)
    url = dossier.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("extra", [0, 49])
def test_board_query_count_is_fixed(world, extra, django_assert_num_queries):
    dossier = services.create_dossier(conference=world.conference, actor=None)
    ProposalItem.objects.filter(dossier=dossier).exclude(pk=dossier.items.first().pk).delete()
    _items(dossier, extra)
    client = client_for(world.home_affairs)
    url = reverse("proposals:board", args=[world.province.pk, 2022])
    client.get(url)
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200


def test_decision_date_field_refuses_a_date_before_the_dossier(world):
    dossier = dossier_in(world, Dossier.State.REVIEWED)
    client = client_for(world.home_affairs)
    url = reverse("proposals:decide", args=[dossier.pk])
    token = client.get(url).context["form"]["version_token"].value()
    response = client.post(
        url,
        {"decision_number": "1/QĐ-UBND", "decision_date": "01/01/2023", "granted": [], "version_token": token},
    )
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["decision_date"][0]
        .startswith("Ngày quyết định không được trước ngày nộp hồ sơ")
    )
    assert Dossier.objects.get(pk=dossier.pk).state == Dossier.State.REVIEWED
    assert datetime.date(2023, 1, 1) < timezone.localdate()


def test_home_page_lists_dossiers_waiting_for_home_affairs(client):
    """The Home Affairs home page has a line per state of the loop with its count (issue 16)."""
    from django.urls import reverse

    from proposals.models import Dossier
    from tests.conferences.factories import ConferenceFactory
    from tests.factories import BlocFactory, ProvinceFactory, home_affairs

    province = ProvinceFactory()
    for state, n in ((Dossier.State.SUBMITTED, 2), (Dossier.State.REVIEWED, 1)):
        for _ in range(n):
            bloc = BlocFactory(province=province)
            Dossier.objects.create(
                conference=ConferenceFactory(bloc=bloc, year=2022), bloc=bloc, year=2022, state=state
            )
    client.force_login(home_affairs(province))
    html = client.get(reverse("home")).content.decode()
    submitted = html.split('data-todo="dossiers-submitted"')[1].split("</li>")[0]
    reviewed = html.split('data-todo="dossiers-reviewed"')[1].split("</li>")[0]
    assert "Hồ sơ đề nghị khen thưởng chờ tiếp nhận" in submitted and "data-count>2<" in submitted
    assert "Hồ sơ đề nghị chờ quyết định khen thưởng" in reviewed and "data-count>1<" in reviewed
    assert 'data-todo="dossiers-received"' not in html


def _today() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    ("page", "state", "change_a", "change_b", "line"),
    [
        (
            "proposals:review",
            Dossier.State.RECEIVED,
            lambda items: {"council_date": _today(), **{f"agreed_{i.pk}": "yes" for i in items}},
            lambda items: {"council_date": _today(), **{f"agreed_{i.pk}": "no" for i in items}},
            _today,
        ),
        (
            "proposals:decide",
            Dossier.State.REVIEWED,
            lambda items: {"decision_number": "12/QĐ-UBND", "granted": [str(items[0].pk)]},
            lambda items: {"decision_number": "13/QĐ-UBND", "granted": []},
            lambda: "12/QĐ-UBND",
        ),
    ],
    ids=["review", "decision"],
)
def test_review_and_decision_refuse_a_save_from_a_stale_read(world, page, state, change_a, change_b, line):
    """Two Home Affairs sessions read the council's review (or the decision); A saves, B's save
    from the older read is refused with the change listed, nothing is written, B's input kept."""
    from tests.postdata import read
    from tests.security.test_lost_updates import FORM_STALE, db_rows

    dossier = dossier_in(world, state)
    items = list(dossier.items.order_by("position"))
    url = reverse(page, args=[dossier.pk])
    a, b = client_for(world.home_affairs), client_for(world.home_affairs)
    today = {"decision_date": _today()} if "decide" in page else {}
    data_a, data_b = {**read(a, url), **today}, {**read(b, url), **today}
    response = a.post(url, {**data_a, **change_a(items)})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    after_a = db_rows()
    response = b.post(url, {**data_b, **change_b(items)})
    assert response.status_code == 200
    assert FORM_STALE in response.content.decode()
    form = response.context["form"]
    assert form.is_stale and any(line() in change for change in form.stale_changes), form.stale_changes
    assert db_rows() == after_a
