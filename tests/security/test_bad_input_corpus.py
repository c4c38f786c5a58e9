"""The bad-input corpus: each case is a request a careless or hostile user could send. Each must
end in a clear Vietnamese error or a 403/404, never an HTTP 500, and must write nothing: the row
counts of every table of our apps (history tables included) are compared before and after.

Cases are data (`CASES`), so adding one is one line; other apps' cases live in the same table."""

from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from blocs import services
from blocs.years import date_max
from tests.conftest import module_world
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user, home_affairs, officer
from tests.postdata import with_version

pytestmark = pytest.mark.django_db

OUR_APPS = ("blocs", "awards", "conferences", "scoring", "proposals")


def db_snapshot() -> dict[str, int]:
    """The row count of every table of our apps, history tables included: one query (a
    COUNT per table joined by UNION ALL; a query per table made this 190 queries per case)."""
    models = [model for label in OUR_APPS for model in apps.get_app_config(label).get_models()]
    sql = " UNION ALL ".join(
        f"SELECT %s, COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)}"  # noqa: S608 - model tables
        for model in models
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [model._meta.label for model in models])
        counts = dict(cursor.fetchall())
    assert len(counts) == len(models)
    return counts


def test_the_snapshot_counts_a_new_row_and_its_history_row():
    before = db_snapshot()
    ProvinceFactory(name="Cà Mau")
    after = db_snapshot()
    assert after["blocs.Province"] == before["blocs.Province"] + 1
    assert after["blocs.HistoricalProvince"] == before["blocs.HistoricalProvince"] + 1


@dataclass
class Case:
    id: str
    who: str  # key of the world's users, or None for anonymous
    method: str
    url: callable  # world -> url
    data: callable = field(default=lambda w: {})  # world -> POST data / GET params
    status: int = 200
    message: str | tuple[str, ...] = ""  # Vietnamese text the response must contain (one of them)
    csrf: bool = False  # enforce CSRF checks


def build_world():
    province = ProvinceFactory(name="Đồng Tháp")
    other = ProvinceFactory(name="Bắc Giang")
    bloc = BlocFactory(province=province, name="Khối Thi đua số 6")
    other_bloc = BlocFactory(province=other, name="Khối Nội chính Bắc Giang")
    a = [AgencyFactory(province=province, name=f"Cơ quan {c}") for c in "ABCD"]
    foreign = AgencyFactory(province=other, name="Cơ quan tỉnh khác")
    services.set_roster(bloc=bloc, year=2021, agencies=a[:3])
    services.set_roster(bloc=bloc, year=2022, agencies=a[:3], leader=a[0], deputies=[a[1]])
    services.set_roster(bloc=other_bloc, year=2022, agencies=[foreign])
    sister = BlocFactory(province=province, name="Khối Kinh tế")
    services.set_roster(bloc=sister, year=2022, agencies=[a[3]])
    return {
        "province": province,
        "bloc": bloc,
        "other_bloc": other_bloc,
        "a": a,
        "foreign": foreign,
        "users": {
            "ha": home_affairs(province),
            "officer": officer(a[2]),
            "ha_other": home_affairs(other),
            "admin": admin_user(),
        },
    }


# The row counts that show a refused request wrote nothing are taken inside the module's
# transaction, the world's rows included.
_world, world = module_world(build_world, "bad-input-corpus-media")


def roster_url(w):
    return reverse("blocs:roster_edit", args=[w["bloc"].pk, 2022])


def bloc_create_url(w):
    return reverse("blocs:create", args=[w["province"].pk])


def bloc_data(**over):
    data = {
        "name": "Khối mới",
        "kind": "khoi",
        "max_deputies": 1,
        "leader_selection": "elected",
        "vote_threshold_percent": 50,
    }
    data.update(over)
    return data


def regulation_url(w):
    return reverse("blocs:regulation_edit", args=[w["bloc"].pk, 2022])


def upload(name, content):
    return lambda w: {"number": "1/QĐ", "title": "Quy chế", "file": SimpleUploadedFile(name, content)}


# Look-alikes of a stored name: each must end as the same name (a duplicate error here), never
# as a second row that only looks the same. Keys are the case ids' suffixes.
def lookalikes(name: str) -> dict[str, str]:
    import unicodedata

    fullwidth = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)
    return {
        "nfd": unicodedata.normalize("NFD", name),
        "zero-width": name.replace(" ", " \u200b", 1),
        "rtl-override": "\u202e" + name + "\u202c",
        "fullwidth": fullwidth,
    }


BIG = {"2-31": str(2**31), "2-63": str(2**63), "underscore": "1_000", "arabic-digits": "١٢"}
TOO_BIG = "Giá trị phải nhỏ hơn hoặc bằng"
NOT_DIGITS = "Nhập một số nguyên (chỉ dùng các chữ số 0-9)."


def number_message(key: str, limit: int) -> str:
    return f"{TOO_BIG} {limit}." if key.startswith("2-") else NOT_DIGITS


def date_message() -> str:
    return f"Nhập một ngày từ 01/01/1945 đến {date_max():%d/%m/%Y}."


def admin_agency_data(name):
    return lambda w: {"province": w["province"].pk, "name": name, "short_name": "", "kind": "department"}


CASES = [
    # --- look-alike names: one stored value or a duplicate error ---------------------------
    *[
        Case(
            f"bloc-name-{kind}",
            "ha",
            "post",
            bloc_create_url,
            lambda w, v=variant: bloc_data(name=v),
            message="Tỉnh đã có khối thi đua với tên này.",
        )
        for kind, variant in lookalikes("Khối Thi đua số 6").items()
    ],
    *[
        Case(
            f"admin-agency-name-{kind}",
            "admin",
            "post",
            lambda w: reverse("admin:blocs_agency_add"),
            admin_agency_data(variant),
            message="Tỉnh đã có cơ quan, đơn vị với tên này.",
        )
        for kind, variant in lookalikes("Cơ quan A").items()
    ],
    # --- numbers beyond their column, or not in ASCII digits -------------------------------
    *[
        Case(
            f"bloc-number-{key}",
            "ha",
            "post",
            bloc_create_url,
            lambda w, v=value: bloc_data(number=v),
            message=number_message(key, 32767),
        )
        for key, value in BIG.items()
    ],
    *[
        Case(
            f"bloc-{field}-{key}",
            "ha",
            "post",
            bloc_create_url,
            lambda w, f=field, v=value: bloc_data(**{f: v}),
            message=number_message(key, 32767),
        )
        for field in ("max_deputies", "vote_threshold_percent")
        for key, value in (("2-31", str(2**31)), ("2-63", str(2**63)))
    ],
    Case(
        "admin-agency-valid-from-0001",
        "admin",
        "post",
        lambda w: reverse("admin:blocs_agency_add"),
        lambda w: {**admin_agency_data("Cơ quan mới")(w), "valid_from": "01/01/0001"},
        message=date_message(),
    ),
    Case(
        "bloc-list-year-arabic-digits",
        "ha",
        "get",
        lambda w: reverse("blocs:list"),
        lambda w: {"year": "٢٠٢٢"},
    ),
    # --- dates outside the application's years ---------------------------------------------
    *[
        Case(
            f"roster-source-date-{key}",
            "ha",
            "post",
            roster_url,
            lambda w, v=value: {
                "agencies": [w["a"][0].pk, w["a"][1].pk],
                "leader": w["a"][1].pk,
                "role_source": "decision",
                "role_source_reference": "12/QĐ-UBND",
                "role_source_date": v,
            },
            message=date_message(),
        )
        for key, value in (("0001", "01/01/0001"), ("9999", "31/12/9999"))
    ],
    *[
        Case(
            f"regulation-date-{key}",
            "ha",
            "post",
            regulation_url,
            lambda w, v=value: {"number": "1/QĐ", "title": "Quy chế", "date": v},
            message=date_message(),
        )
        for key, value in (("0001", "01/01/0001"), ("9999", "31/12/9999"))
    ],
    # --- rosters ---------------------------------------------------------------------------
    Case(
        "roster-leader-not-member",
        "ha",
        "post",
        roster_url,
        # a[2] is free in 2022 but not ticked (a[3], in another bloc, is not even offered)
        lambda w: {"agencies": [w["a"][0].pk, w["a"][1].pk], "leader": w["a"][2].pk},
        message="Năm 2022: Trưởng khối Cơ quan C không phải là thành viên của khối trong năm 2022.",
    ),
    Case(
        "roster-deputy-is-leader",
        "ha",
        "post",
        roster_url,
        lambda w: {"agencies": [w["a"][0].pk, w["a"][1].pk], "leader": w["a"][0].pk, "deputy_1": w["a"][0].pk},
        message="Năm 2022: Cơ quan A là Trưởng khối, không thể đồng thời là Phó khối.",
    ),
    Case(
        "roster-duplicate-leader-values",
        "ha",
        "post",
        roster_url,
        lambda w: {"agencies": [w["a"][0].pk], "leader": [w["a"][0].pk, w["a"][2].pk]},
        message="Năm 2022: Trưởng khối Cơ quan C không phải là thành viên của khối trong năm 2022.",
    ),
    Case("roster-empty", "ha", "post", roster_url, lambda w: {"agencies": []}, message="Trường này là bắt buộc."),
    Case(
        "roster-foreign-agency-id",
        "ha",
        "post",
        roster_url,
        lambda w: {"agencies": [w["foreign"].pk]},
        message="Hãy chọn một lựa chọn hợp lệ.",
    ),
    Case(
        "roster-nonexistent-agency-id",
        "ha",
        "post",
        roster_url,
        lambda w: {"agencies": [999999]},
        message="Hãy chọn một lựa chọn hợp lệ.",
    ),
    Case(
        "roster-non-numeric-agency-id",
        "ha",
        "post",
        roster_url,
        lambda w: {"agencies": ["abc"]},
        message="“abc” không phải là một giá trị hợp lệ.",
    ),
    Case(
        "roster-sql-fragment-as-id",
        "ha",
        "post",
        roster_url,
        lambda w: {"agencies": ["1; DROP TABLE blocs_bloc"]},
        message="không phải là một giá trị hợp lệ.",
    ),
    Case(
        "roster-decision-without-number",
        "ha",
        "post",
        roster_url,
        lambda w: {"agencies": [w["a"][0].pk], "leader": w["a"][0].pk, "role_source": "decision"},
        message="Nhập số quyết định chỉ định.",
    ),
    Case(
        "roster-bad-date",
        "ha",
        "post",
        roster_url,
        lambda w: {"agencies": [w["a"][0].pk], "role_source_date": "31/02/2022"},
        message="Nhập một ngày hợp lệ.",
    ),
    Case(
        "roster-agency-in-other-bloc",
        "ha",
        "post",
        roster_url,
        lambda w: {"agencies": [w["a"][0].pk, w["a"][3].pk]},
        message="Cơ quan D đã là thành viên của “Khối Kinh tế” trong năm 2022.",
    ),
    Case("roster-by-officer", "officer", "post", roster_url, lambda w: {"agencies": [w["a"][3].pk]}, status=403),
    Case(
        "roster-other-province-bloc",
        "ha_other",
        "post",
        roster_url,
        lambda w: {"agencies": [w["foreign"].pk]},
        status=404,
    ),
    Case(
        "roster-year-out-of-range",
        "ha",
        "post",
        lambda w: reverse("blocs:roster_edit", args=[w["bloc"].pk, 99999]),
        lambda w: {"agencies": [w["a"][0].pk]},
        status=404,
    ),
    Case("roster-anonymous", None, "post", roster_url, lambda w: {"agencies": [w["a"][0].pk]}, status=302),
    Case(
        "roster-without-csrf-token",
        "ha",
        "post",
        roster_url,
        lambda w: {"agencies": [w["a"][3].pk]},
        status=403,
        message="Biểu mẫu đã hết hạn",
        csrf=True,
    ),
    Case(
        "prepare-year-already-prepared",
        "ha",
        "post",
        lambda w: reverse("blocs:prepare_next_year", args=[w["bloc"].pk, 2021]),
        lambda w: {"agencies": [w["a"][0].pk]},
        message="Khối đã có danh sách thành viên năm 2022",
    ),
    Case(
        "prepare-year-without-roster",
        "ha",
        "post",
        lambda w: reverse("blocs:prepare_next_year", args=[w["bloc"].pk, 2030]),
        lambda w: {"agencies": [w["a"][0].pk]},
        status=302,
    ),
    # --- blocs -----------------------------------------------------------------------------
    Case(
        "bloc-name-10000-chars",
        "ha",
        "post",
        bloc_create_url,
        lambda w: bloc_data(name="K" * 10_000),
        message="Giá trị này có tối đa 255 ký tự",
    ),
    Case(
        "bloc-name-nul-byte",
        "ha",
        "post",
        bloc_create_url,
        lambda w: bloc_data(name="Khối\x00mới"),
        message="Không được phép có ký tự null.",
    ),
    Case(
        "bloc-name-empty",
        "ha",
        "post",
        bloc_create_url,
        lambda w: bloc_data(name=""),
        message="Trường này là bắt buộc.",
    ),
    Case(
        "bloc-duplicate-name",
        "ha",
        "post",
        bloc_create_url,
        lambda w: bloc_data(name="Khối Thi đua số 6"),
        message="Tỉnh đã có khối thi đua với tên này.",
    ),
    Case(
        "bloc-deputies-zero",
        "ha",
        "post",
        bloc_create_url,
        lambda w: bloc_data(max_deputies=0),
        message="Khối có từ 1 đến 3 Phó khối.",
    ),
    Case(
        "bloc-deputies-negative",
        "ha",
        "post",
        bloc_create_url,
        lambda w: bloc_data(max_deputies=-1),
        message="Giá trị phải lớn hơn hoặc bằng 0.",
    ),
    Case(
        "bloc-deputies-huge",
        "ha",
        "post",
        bloc_create_url,
        lambda w: bloc_data(max_deputies=10**7),
        # On PostgreSQL the smallint column's range validator answers first.
        message=("Khối có từ 1 đến 3 Phó khối.", "Giá trị phải nhỏ hơn hoặc bằng 32767."),
    ),
    Case(
        "bloc-deputies-text",
        "ha",
        "post",
        bloc_create_url,
        lambda w: bloc_data(max_deputies="hai"),
        message="Nhập một số nguyên (chỉ dùng các chữ số 0-9).",
    ),
    Case(
        "bloc-threshold-over-100",
        "ha",
        "post",
        bloc_create_url,
        lambda w: bloc_data(vote_threshold_percent=101),
        message="Ngưỡng bình xét là tỷ lệ phần trăm từ 0 đến 100.",
    ),
    Case(
        "bloc-kind-unknown",
        "ha",
        "post",
        bloc_create_url,
        lambda w: bloc_data(kind="<script>"),
        message="Hãy chọn một lựa chọn hợp lệ.",
    ),
    Case(
        "bloc-number-negative",
        "ha",
        "post",
        bloc_create_url,
        lambda w: bloc_data(number=-6),
        message="Giá trị phải lớn hơn hoặc bằng 0.",
    ),
    Case("bloc-create-by-officer", "officer", "post", bloc_create_url, lambda w: bloc_data(), status=403),
    Case("bloc-create-in-other-province", "ha_other", "post", bloc_create_url, lambda w: bloc_data(), status=404),
    Case(
        "bloc-edit-other-province",
        "ha_other",
        "post",
        lambda w: reverse("blocs:edit", args=[w["bloc"].pk]),
        lambda w: bloc_data(name="Đổi tên"),
        status=404,
    ),
    # --- URLs ------------------------------------------------------------------------------
    Case(
        "bloc-detail-other-province",
        "officer",
        "get",
        lambda w: reverse("blocs:detail", args=[w["other_bloc"].pk]),
        status=404,
    ),
    Case(
        "bloc-detail-year-text",
        "ha",
        "get",
        lambda w: reverse("blocs:detail", args=[w["bloc"].pk]),
        lambda w: {"year": "2022'; --"},
        status=404,
    ),
    Case(
        "bloc-list-year-text",
        "ha",
        "get",
        lambda w: reverse("blocs:list"),
        lambda w: {"year": "<script>"},
        message="Nhập một số nguyên (chỉ dùng các chữ số 0-9).",
    ),
    Case(
        "agency-other-province", "officer", "get", lambda w: reverse("blocs:agency", args=[w["foreign"].pk]), status=404
    ),
    Case("bloc-detail-nonexistent", "ha", "get", lambda w: "/blocs/999999/", status=404),
    # --- uploads ---------------------------------------------------------------------------
    Case(
        "regulation-exe",
        "ha",
        "post",
        regulation_url,
        upload("quy-che.exe", b"MZ\x90\x00"),
        message="Chỉ chấp nhận các loại tệp: PDF, DOC, DOCX.",
    ),
    Case(
        "regulation-html-as-pdf",
        "ha",
        "post",
        regulation_url,
        upload("quy-che.pdf", b"<script>alert(1)</script>"),
        message="Nội dung tệp không phải là tệp PDF.",
    ),
    Case(
        "regulation-empty-file",
        "ha",
        "post",
        regulation_url,
        upload("quy-che.pdf", b""),
        message="Tập tin được gửi là rỗng.",
    ),
    Case(
        "regulation-title-formula",
        "ha",
        "post",
        regulation_url,
        lambda w: {"number": "", "title": "=cmd|' /C calc'!A0"},
        message="Trường này là bắt buộc.",
    ),
    Case(
        "regulation-date-impossible",
        "ha",
        "post",
        regulation_url,
        lambda w: {"number": "1/QĐ", "title": "Quy chế", "date": "45/13/2022"},
        message="Nhập một ngày hợp lệ.",
    ),
    Case("regulation-by-officer", "officer", "post", regulation_url, upload("quy-che.pdf", b"%PDF-1.4"), status=403),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused_and_writes_nothing(world, case):
    check_case(world, case)


def check_case(world, case: Case) -> None:
    """Send the case's request as its user; assert the status, the message and an unchanged
    database (shared with the other apps' corpus)."""
    client = Client(enforce_csrf_checks=case.csrf)
    if case.who:
        client.force_login(world["users"][case.who])
    before = db_snapshot()
    data = case.data(world)
    if case.method == "post" and isinstance(data, dict):
        # Bad input sent from a fresh read of the page: it carries the page's version token
        # (blocs.concurrency), so what is refused is the input, not a stale save.
        data = with_version(client, case.url(world), data)
    response = getattr(client, case.method)(case.url(world), data)
    assert response.status_code == case.status
    if case.message:
        messages = (case.message,) if isinstance(case.message, str) else case.message
        html = response.content.decode()
        assert any(m in html for m in messages), messages
    assert db_snapshot() == before


def test_script_in_a_name_is_escaped_on_output(client, world):
    client.force_login(world["users"]["ha"])
    client.post(bloc_create_url(world), bloc_data(name="<script>alert('x')</script>"))
    html = client.get(reverse("blocs:list")).content.decode()
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_sql_fragment_in_a_name_is_stored_literally(client, world):
    from blocs.models import Bloc

    client.force_login(world["users"]["ha"])
    name = "Khối'; DROP TABLE blocs_bloc; --"
    client.post(bloc_create_url(world), bloc_data(name=name))
    assert Bloc.objects.filter(name=name).exists() and Bloc.objects.count() == 4


def test_corpus_is_large_enough():
    assert len(CASES) >= 40
