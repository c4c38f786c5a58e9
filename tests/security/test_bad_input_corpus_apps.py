"""The bad-input corpus, continued for awards and conferences: award counts, uploads of bad
spreadsheets, ballots, closed periods and other provinces' IDs. Same rule as the blocs part:
a clear Vietnamese error or 403/404, never a 500, and nothing written."""

import io
import random
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from awards import services as award_services
from awards.models import AwardForm
from blocs import services as bloc_services
from conferences.models import Conference
from scoring import services as scoring_services
from tests.awards.factories import grid_post, period
from tests.conferences.factories import ConferenceFactory
from tests.conftest import module_world
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, home_affairs, officer
from tests.postdata import with_version
from tests.security.test_bad_input_corpus import BIG, Case, check_case, date_message, lookalikes, number_message

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def build_world():
    p, q = ProvinceFactory(name="Bắc Giang"), ProvinceFactory(name="Đồng Tháp")
    bloc = BlocFactory(province=p, name="Khối Nội chính")
    a = [AgencyFactory(province=p, name=f"Cơ quan {c}") for c in "ABC"]
    bloc_services.set_roster(bloc=bloc, year=2022, agencies=a, leader=a[0], deputies=[a[1]])
    foreign = AgencyFactory(province=q, name="Cơ quan tỉnh khác")
    other_bloc = BlocFactory(province=q)
    bloc_services.set_roster(bloc=other_bloc, year=2022, agencies=[foreign])
    h1 = period(p, year=2022)
    closed = period(p, year=2021)
    award_services.close_period(period=closed, actor=None)
    foreign_period = period(q, year=2022)
    conference = ConferenceFactory(bloc=bloc, year=2022, kind=Conference.Kind.ANNUAL)
    table = scoring_services.create_table(bloc=bloc, year=2022, copy_previous=False)
    scoring_services.save_group(table=table, name="I. Thực hiện nhiệm vụ chuyên môn", position=1)
    return {
        "bloc": bloc,
        "a": a,
        "h1": h1,
        "closed": closed,
        "foreign": foreign,
        "foreign_period": foreign_period,
        "conference": conference,
        "users": {"officer": officer(a[2]), "ha": home_affairs(p), "leader": officer(a[0])},
    }


# The row counts that show a refused request wrote nothing are taken inside the module's
# transaction, the world's rows included.
_world, world = module_world(build_world, "bad-input-corpus-apps-media")


def form_id(code):
    return AwardForm.objects.get(code=code).pk


def grid_url(w, period_key="h1", agency_index=2):
    return reverse("awards:grid", args=[w[period_key].pk, w["a"][agency_index].pk])


def one_row(**values):
    row = {"form": None, "authority": "Thủ trưởng cơ quan, đơn vị", "collectives": 0, "individuals": 0}
    row.update(values)
    return lambda w: grid_post([{**row, "form": form_id(row["form"] or "giay-khen")}])


def upload_url(w):
    return reverse("awards:upload", args=[w["h1"].pk, w["a"][2].pk])


def _xlsx(workbook_filler=None) -> bytes:
    wb = Workbook()
    if workbook_filler:
        workbook_filler(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _zip_with(member: str, data: bytes, *, base: bytes | None = None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(base or _xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            z.writestr(item, src.read(item.filename))
        z.writestr(member, data)
    return out.getvalue()


def upload(name, data_fn, content_type=XLSX):
    return lambda w: {"file": SimpleUploadedFile(name, data_fn(), content_type=content_type)}


def vote_url(w):
    return reverse("conferences:vote_create", args=[w["conference"].pk])


def vote(**ballots):
    def build(w):
        data = {
            "kind": "flag",
            "award_form": form_id("co-thi-dua-bo-tinh"),
            "authority": "UBND tỉnh",
            "cand-TOTAL_FORMS": "1",
            "cand-INITIAL_FORMS": "0",
            "cand-MIN_NUM_FORMS": "0",
            "cand-MAX_NUM_FORMS": "1000",
            "cand-0-agency": w["a"][1].pk,
            "cand-0-votes": ballots.pop("votes", ""),
        }
        data.update({f"ballots_{k}": v for k, v in ballots.items()})
        return data

    return build


AUTHORITY = "UBND tỉnh Bắc Giang"


def rows_with_authorities(*authorities):
    return lambda w: grid_post(
        [{"form": form_id("giay-khen"), "authority": a, "collectives": 1, "individuals": 0} for a in authorities]
    )


def tampered(data_fn, prefix, total="100000"):
    return lambda w: {**data_fn(w), f"{prefix}-TOTAL_FORMS": total}


def minutes_data(w):
    data = {"kind": "annual", "date": "20/12/2022"}
    for prefix in ("att", "guest", "agenda", "doc", "task", "mov", "basis"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0"})
    return data


def period_data(**over):
    return lambda w: {"province": w["h1"].province_id, "year": 2023, "kind": "year", **over}


def group_url(w):
    return reverse("scoring:group_create", args=[w["bloc"].pk, 2022])


CASES = [
    # --- look-alike authorities in one grid: the same record, refused as a duplicate --------
    *[
        Case(
            f"grid-authority-{kind}",
            "officer",
            "post",
            grid_url,
            rows_with_authorities(AUTHORITY, variant),
            message="Trùng hình thức, cấp khen thưởng và tình trạng với dòng 1",
        )
        for kind, variant in lookalikes(AUTHORITY).items()
    ],
    Case(
        "grid-authority-other-case",
        "officer",
        "post",
        grid_url,
        rows_with_authorities(AUTHORITY, AUTHORITY.upper()),
        message="Trùng hình thức, cấp khen thưởng và tình trạng với dòng 1",
    ),
    *[
        Case(
            f"scoring-group-name-{kind}",
            "ha",
            "post",
            group_url,
            lambda w, v=variant: {"name": v, "position": 2},
            message="Bảng tiêu chí đã có nhóm với tên này.",
        )
        for kind, variant in lookalikes("I. Thực hiện nhiệm vụ chuyên môn").items()
    ],
    # --- numbers beyond their column or not in ASCII digits ------------------------------------
    *[
        Case(
            f"grid-count-{key}",
            "officer",
            "post",
            grid_url,
            one_row(collectives=value),
            message="Số lượng không được vượt quá 1.000.000." if key.startswith("2-") else number_message(key, 0),
        )
        for key, value in BIG.items()
    ],
    *[
        Case(
            f"ballots-{field}-{key}",
            "ha",
            "post",
            vote_url,
            lambda w, f=field, v=value: {**vote(issued=9, returned=9, valid=9, invalid=0, votes=5)(w), f: v},
            message=number_message(key, 2147483647),
        )
        for field in ("ballots_issued", "ballots_valid", "cand-0-votes")
        for key, value in BIG.items()
    ],
    *[
        Case(
            f"scoring-group-position-{key}",
            "ha",
            "post",
            group_url,
            lambda w, v=value: {"name": "II. Nhóm mới", "position": v},
            message=number_message(key, 32767),
        )
        for key, value in BIG.items()
    ],
    Case(
        "period-year-2-63",
        "ha",
        "post",
        lambda w: reverse("awards:period_create"),
        period_data(year=str(2**63)),
        message="Giá trị phải nhỏ hơn hoặc bằng 2200.",
    ),
    # --- dates outside the application's years, or a period's window outside its year -------
    *[
        Case(
            f"grid-decision-date-{key}",
            "officer",
            "post",
            grid_url,
            one_row(individuals=3, form="ky-niem-chuong", decision_date=value),
            message=date_message(),
        )
        for key, value in (("0001", "01/01/0001"), ("9999", "31/12/9999"))
    ],
    Case(
        "period-ending-9999-without-deadline",
        "ha",
        "post",
        lambda w: reverse("awards:period_create"),
        period_data(end_date="31/12/9999"),
        message=date_message(),
    ),
    Case(
        "period-from-0001",
        "ha",
        "post",
        lambda w: reverse("awards:period_create"),
        period_data(start_date="01/01/0001"),
        message=date_message(),
    ),
    Case(
        "period-window-years-later",
        "ha",
        "post",
        lambda w: reverse("awards:period_create"),
        period_data(year=2022, kind="h1", start_date="01/01/2020", end_date="30/06/2020", deadline="15/07/2020"),
        message="Chọn một ngày từ 01/01/2022 đến 31/12/2023 (năm của kỳ báo cáo hoặc năm sau).",
    ),
    Case(
        "period-edit-end-9999",
        "ha",
        "post",
        lambda w: reverse("awards:period_edit", args=[w["h1"].pk]),
        lambda w: {"start_date": "01/01/2022", "end_date": "31/12/9999", "deadline": "15/07/2022"},
        message=date_message(),
    ),
    Case(
        "conference-date-9999",
        "ha",
        "post",
        lambda w: reverse("conferences:edit", args=[w["conference"].pk]),
        lambda w: {**minutes_data(w), "date": "31/12/9999"},
        message=date_message(),
    ),
    # --- tampered formset counts -----------------------------------------------------------
    Case(
        "grid-total-forms-100000",
        "officer",
        "post",
        grid_url,
        tampered(one_row(individuals=1), "rows"),
        message="Một báo cáo có tối đa 500 dòng.",
    ),
    *[
        Case(
            f"minutes-{prefix}-total-forms-100000",
            "ha",
            "post",
            lambda w: reverse("conferences:edit", args=[w["conference"].pk]),
            tampered(minutes_data, prefix),
            message="Mỗi lần lưu tối đa 1000 dòng.",
        )
        for prefix in ("att", "guest", "agenda", "task", "basis")
    ],
    Case(
        "vote-candidates-total-forms-100000",
        "ha",
        "post",
        vote_url,
        tampered(vote(issued=9, returned=9, valid=9, invalid=0, votes=5), "cand"),
        message="Mỗi lần lưu tối đa 1000 dòng.",
    ),
    # --- award counts in the entry grid ----------------------------------------------------
    Case("count-negative", "officer", "post", grid_url, one_row(individuals=-5), message="Số lượng không được âm."),
    Case(
        "count-huge",
        "officer",
        "post",
        grid_url,
        one_row(individuals=10**7),
        message="Số lượng không được vượt quá 1.000.000.",
    ),
    Case(
        "count-text",
        "officer",
        "post",
        grid_url,
        one_row(individuals="ba mươi"),
        message="Nhập một số nguyên (chỉ dùng các chữ số 0-9).",
    ),
    Case(
        "count-both-zero", "officer", "post", grid_url, one_row(), message="Nhập ít nhất một tập thể hoặc một cá nhân."
    ),
    Case(
        "count-collectives-on-individual-form",
        "officer",
        "post",
        grid_url,
        one_row(form="lao-dong-tien-tien", collectives=3, individuals=1),
        message="không dùng để khen thưởng tập thể.",
    ),
    Case(
        "count-decision-date-outside-period",
        "officer",
        "post",
        grid_url,
        one_row(individuals=1, decision_number="12/QĐ", decision_date="15/12/2022"),
        message="Ngày quyết định phải nằm trong kỳ báo cáo, từ 01/01/2022 đến 30/06/2022.",
    ),
    Case(
        "count-script-in-authority",
        "officer",
        "post",
        grid_url,
        one_row(individuals=1, authority="x" * 300),
        message="Giá trị này có tối đa 255 ký tự (hiện có 300).",
    ),
    Case(
        "count-form-of-unknown-id",
        "officer",
        "post",
        grid_url,
        lambda w: grid_post([{"form": 999999, "authority": "A", "individuals": 1}]),
        message="Hãy chọn một lựa chọn hợp lệ.",
    ),
    Case(
        "count-stale-version",
        "officer",
        "post",
        grid_url,
        lambda w: grid_post([{"form": form_id("giay-khen"), "authority": "A", "individuals": 1}], version=7),
        message="Báo cáo này vừa được người khác thay đổi. Chưa có gì được lưu: hãy tải lại trang.",
    ),
    Case("count-period-closed", "officer", "post", lambda w: grid_url(w, "closed"), one_row(individuals=1), status=403),
    Case(
        "count-other-agency-grid",
        "officer",
        "post",
        lambda w: grid_url(w, agency_index=1),
        one_row(individuals=1),
        status=404,
    ),
    Case(
        "count-other-province-period-in-url",
        "officer",
        "post",
        lambda w: reverse("awards:grid", args=[w["foreign_period"].pk, w["a"][2].pk]),
        one_row(individuals=1),
        status=404,
    ),
    Case(
        "count-foreign-agency-in-url",
        "officer",
        "post",
        lambda w: reverse("awards:grid", args=[w["h1"].pk, w["foreign"].pk]),
        one_row(individuals=1),
        status=404,
    ),
    # --- spreadsheet uploads ---------------------------------------------------------------
    Case(
        "xlsx-not-a-zip",
        "officer",
        "post",
        upload_url,
        upload("so-lieu.xlsx", lambda: b"not a spreadsheet"),
        message="Tệp bị hỏng hoặc không phải sổ tính Excel .xlsx.",
    ),
    Case(
        "xlsx-wrong-extension",
        "officer",
        "post",
        upload_url,
        upload("so-lieu.csv", lambda: b"a,b\n1,2"),
        message="Hãy tải lên tệp Excel có đuôi .xlsx.",
    ),
    Case(
        "xlsx-macro-enabled",
        "officer",
        "post",
        upload_url,
        upload("so-lieu.xlsm", lambda: _zip_with("xl/vbaProject.bin", b"\x00" * 64)),
        message="Không nhận sổ tính có macro: hãy lưu tệp dưới dạng .xlsx.",
    ),
    Case(
        "xlsx-macro-hidden-in-xlsx",
        "officer",
        "post",
        upload_url,
        upload("so-lieu.xlsx", lambda: _zip_with("xl/vbaProject.bin", b"\x00" * 64)),
        message="Không nhận sổ tính có macro: hãy lưu tệp dưới dạng .xlsx.",
    ),
    Case(
        "xlsx-zip-bomb",
        "officer",
        "post",
        upload_url,
        upload("so-lieu.xlsx", lambda: _zip_with("xl/bomb.xml", b"0" * (60 * 1024 * 1024))),
        message="Tệp giải nén ra hơn 25 MB nên bị từ chối.",
    ),
    Case(
        "xlsx-oversized",
        "officer",
        "post",
        upload_url,
        upload("so-lieu.xlsx", lambda: _zip_with("xl/media/big.bin", random.Random(1).randbytes(6 * 1024 * 1024))),
        message="5 MB",
    ),
    Case(
        "xlsx-plain-workbook-not-our-template",
        "officer",
        "post",
        upload_url,
        upload("so-lieu.xlsx", _xlsx),
        message="Tệp này không phải biểu mẫu tải từ hệ thống.",
    ),
    Case(
        "xlsx-empty-file",
        "officer",
        "post",
        upload_url,
        upload("so-lieu.xlsx", lambda: b""),
        message="Tập tin được gửi là rỗng.",
    ),
    # --- periods and reviews ---------------------------------------------------------------
    Case(
        "period-reopen-without-reason",
        "ha",
        "post",
        lambda w: reverse("awards:period_reopen", args=[w["closed"].pk]),
        lambda w: {"reason": ""},
        message="Hãy nêu lý do.",
    ),
    Case(
        "period-create-end-before-start",
        "ha",
        "post",
        lambda w: reverse("awards:period_create"),
        lambda w: {
            "province": w["h1"].province_id,
            "year": 2023,
            "kind": "h1",
            "start_date": "30/06/2023",
            "end_date": "01/01/2023",
            "deadline": "15/07/2023",
        },
        message="Ngày cuối của số liệu không được trước ngày đầu.",
    ),
    Case(
        "period-create-for-other-province-id",
        "ha",
        "post",
        lambda w: reverse("awards:period_create"),
        lambda w: {"province": w["foreign"].province_id, "year": 2023, "kind": "h1"},
        message="Hãy chọn một lựa chọn hợp lệ.",
    ),
    Case(
        "period-edit-by-officer",
        "officer",
        "post",
        lambda w: reverse("awards:period_edit", args=[w["h1"].pk]),
        lambda w: {"deadline": "01/01/2030"},
        status=403,
    ),
    # --- ballots ---------------------------------------------------------------------------
    Case(
        "ballots-returned-over-issued",
        "ha",
        "post",
        vote_url,
        vote(issued=9, returned=10, valid=10, invalid=0, votes=5),
        message="10 phiếu thu về nhưng chỉ phát ra 9 phiếu.",
    ),
    Case(
        "ballots-valid-plus-invalid-not-returned",
        "ha",
        "post",
        vote_url,
        vote(issued=9, returned=9, valid=7, invalid=1, votes=5),
        message="Số phiếu hợp lệ (7) và không hợp lệ (1) phải bằng số phiếu thu về (9).",
    ),
    Case(
        "ballots-votes-over-valid",
        "ha",
        "post",
        vote_url,
        vote(issued=9, returned=9, valid=9, invalid=0, votes=10),
        message="Số phiếu của một ứng viên (10) không thể lớn hơn số phiếu hợp lệ (9).",
    ),
    Case(
        "ballots-negative",
        "ha",
        "post",
        vote_url,
        vote(issued=-1, returned=0, valid=0, invalid=0, votes=0),
        message="Số phiếu không được là số âm.",
    ),
    Case(
        "ballots-candidate-of-other-province",
        "ha",
        "post",
        vote_url,
        lambda w: {**vote(issued=9, returned=9, valid=9, invalid=0, votes=5)(w), "cand-0-agency": w["foreign"].pk},
        message="Hãy chọn một lựa chọn hợp lệ.",
    ),
    Case(
        "ballots-by-member-officer",
        "officer",
        "post",
        vote_url,
        vote(issued=9, returned=9, valid=9, invalid=0, votes=5),
        status=403,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused_and_writes_nothing(world, case):
    check_case(world, case)


def test_corpus_with_blocs_part_has_at_least_40_cases():
    from tests.security.test_bad_input_corpus import CASES as BLOCS_CASES

    assert len(CASES) + len(BLOCS_CASES) >= 70


# --- Look-alike text that is new: stored once, in its canonical form ------------------------

VENUE = "Hội trường Sở Nội vụ"


@pytest.mark.parametrize("kind", ["nfd", "zero-width", "rtl-override", "fullwidth"])
def test_lookalike_names_are_stored_in_their_canonical_form(client, world, kind):
    from blocs.models import Movement

    client.force_login(world["users"]["ha"])
    movement_name = "Phong trào Dân vận khéo"
    response = client.post(
        reverse("scoring:movement_create", args=[world["bloc"].pk, 2022]),
        {"name": lookalikes(movement_name)[kind], "kind": "periodic", "launch_date": "01/03/2022"},
    )
    assert response.status_code == 302
    url = reverse("conferences:edit", args=[world["conference"].pk])
    data = {**minutes_data(world), "venue": lookalikes(VENUE)[kind], "discussion": "Ý kiến\u200b một\r\n\r\nÝ kiến hai"}
    response = client.post(url, with_version(client, url, data))
    assert response.status_code == 302
    client.force_login(world["users"]["officer"])
    response = client.post(grid_url(world), rows_with_authorities(lookalikes(AUTHORITY)[kind])(world))
    assert response.status_code == 302
    world["conference"].refresh_from_db()
    assert list(Movement.objects.values_list("name", flat=True)) == [movement_name]
    assert (world["conference"].venue, world["conference"].discussion) == (VENUE, "Ý kiến một\n\nÝ kiến hai")
    assert list(world["h1"].award_records.values_list("authority", flat=True)) == [AUTHORITY]


def test_oversized_grid_post_gets_the_vietnamese_400_page_and_writes_nothing(client, world, settings):
    from tests.security.test_bad_input_corpus import db_snapshot

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(world["users"]["officer"])
    before = db_snapshot()
    data = one_row(individuals=1, note="x" * 20_000)(world)
    response = client.post(grid_url(world), data)
    assert response.status_code == 400
    assert "Dữ liệu gửi lên vượt quá dung lượng máy chủ cho phép" in response.content.decode()
    assert db_snapshot() == before


def test_too_many_minutes_fields_get_the_vietnamese_400_page_and_write_nothing(client, world, settings):
    from tests.security.test_bad_input_corpus import db_snapshot

    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 100
    client.force_login(world["users"]["ha"])
    before = db_snapshot()
    data = {**minutes_data(world), **{f"guest-{i}-name": "Khách" for i in range(200)}, "guest-TOTAL_FORMS": "200"}
    response = client.post(reverse("conferences:edit", args=[world["conference"].pk]), data)
    assert response.status_code == 400
    assert "Biểu mẫu gửi lên có nhiều trường hơn máy chủ cho phép" in response.content.decode()
    assert db_snapshot() == before
