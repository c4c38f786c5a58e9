"""The document's number, date, place, signer and recipients: the defaults (reports/meta.py),
the service that stores what the issuer typed (reports/services.py) and the edit page, whose
values reach the page, the .xlsx and the .docx."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from blocs import services as bloc_services
from conferences.models import Conference
from reports import exports, selectors, services
from reports.meta import EDITABLE_FIELDS, bloc_report_meta, place_on, province_report_meta
from reports.models import ReportMeta
from tests.conferences.factories import ConferenceFactory
from tests.factories import ProvinceFactory, home_affairs, officer
from tests.reports.factories import PeriodFactory, bac_giang_h1_2022
from tests.reports.readers import docx_document, xlsx_text

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _vi():
    with translation.override("vi"):
        yield


@pytest.fixture
def case():
    case = bac_giang_h1_2022()
    a = case["agencies"]
    bloc_services.set_roster(
        bloc=case["bloc"], year=2022, agencies=list(a.values()), leader=a["Công an tỉnh"], deputies=[a["Sở Tư pháp"]]
    )
    case["leader"] = officer(a["Công an tỉnh"])
    case["member"] = officer(a["Sở Tư pháp"])
    case["ha"] = home_affairs(case["province"])
    return case


def _meta(case, kind="h1", year=2022, today=TODAY):
    report = selectors.bloc_report(bloc=case["bloc"], year=year, kind=kind)
    return bloc_report_meta(report, today=today)


# --- defaults ---------------------------------------------------------------------------------


def test_default_date_is_the_six_month_review_of_a_six_month_report(case):
    ConferenceFactory(
        bloc=case["bloc"],
        year=2022,
        kind=Conference.Kind.SIX_MONTH,
        period_kind=Conference.PeriodKind.H1,
        date=datetime.date(2022, 7, 20),
    )
    ConferenceFactory(bloc=case["bloc"], year=2022, date=datetime.date(2023, 1, 4))  # the annual review
    assert _meta(case, "h1").date == datetime.date(2022, 7, 20)
    assert _meta(case, "year").date == datetime.date(2023, 1, 4)


def test_default_date_of_a_past_year_without_conference_is_the_deadline_never_today(case):
    meta = _meta(case, "h1")
    assert meta.date == case["period"].deadline == datetime.date(2022, 7, 15)
    assert _meta(case, "year").date == datetime.date(2022, 12, 31)  # no annual period: the year's last day


def test_default_date_before_the_deadline_is_today(case):
    assert _meta(case, "h1", today=datetime.date(2022, 7, 4)).date == datetime.date(2022, 7, 4)


def test_default_place_is_the_province_name_on_the_report_date():
    successor = ProvinceFactory(name="Thái Nguyên")
    old = ProvinceFactory(name="Bắc Kạn", valid_to=datetime.date(2025, 6, 30), successor=successor)
    assert place_on(old, datetime.date(2023, 12, 31)) == "Bắc Kạn"
    assert place_on(old, datetime.date(2025, 7, 1)) == "Thái Nguyên"
    # A 2023 document of the merged province, opened in 2026: dated in 2023, so the old name.
    PeriodFactory(province=old, year=2023, kind="year", deadline=datetime.date(2023, 12, 15))
    meta = province_report_meta(old, 2023, "statutory", period=None, today=TODAY)
    assert (meta.date, meta.place, meta.province_name) == (datetime.date(2023, 12, 31), "Bắc Kạn", "Bắc Kạn")
    meta = province_report_meta(old, 2026, "rollup_year", period=None, today=TODAY)
    assert (meta.date, meta.place) == (TODAY, "Thái Nguyên")


def test_bloc_report_of_a_merged_province_keeps_its_name_in_every_format(case):
    province = case["province"]
    province.valid_to = datetime.date(2025, 6, 30)
    province.successor = ProvinceFactory(name="Bắc Ninh")
    province.save(update_fields=["valid_to", "successor"])
    report = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1")
    doc = exports.bloc_report_exporter(report, today=TODAY)
    assert doc.header.place_date == "Bắc Giang, ngày 15 tháng 7 năm 2022"
    assert doc.header.issuer_parent == "Hội đồng Thi đua - Khen thưởng tỉnh Bắc Giang"
    assert "Bắc Ninh" not in " ".join(doc.texts())


# --- the service ------------------------------------------------------------------------------

VALUES = {
    "number": "15/BC-KTĐ",
    "date": datetime.date(2022, 7, 25),
    "place": "Bắc Giang",
    "signer_title": "TM. KHỐI THI ĐUA\nTRƯỞNG KHỐI\nGIÁM ĐỐC CÔNG AN TỈNH",
    "signer_name": "Nguyễn Văn An",
    "recipients": "UBND tỉnh Bắc Giang\n  Sở Nội vụ tỉnh Bắc Giang  \n\nLưu: VT",
}


def _save(case, values, user, kind="h1"):
    return services.save_report_meta(
        province=case["province"], bloc=case["bloc"], year=2022, kind=kind, values=values, user=user
    )


def test_save_report_meta_stores_cleaned_values_and_writes_only_changes(case):
    meta = _save(case, VALUES, case["leader"])
    assert meta.recipients == "UBND tỉnh Bắc Giang\nSở Nội vụ tỉnh Bắc Giang\nLưu: VT"
    assert meta.history.count() == 1
    assert _save(case, {**VALUES, "recipients": meta.recipients}, case["leader"]) == meta
    assert meta.history.count() == 1  # nothing changed, nothing written
    _save(case, {**VALUES, "signer_name": "Trần Thị Bình"}, case["ha"])
    latest = meta.history.first()
    assert (latest.signer_name, latest.updated_by) == ("Trần Thị Bình", case["ha"])
    assert meta.history.count() == 2


def test_save_report_meta_empty_form_creates_nothing(case):
    assert _save(case, dict.fromkeys(EDITABLE_FIELDS, ""), case["leader"]) is None
    assert ReportMeta.objects.count() == 0


@pytest.mark.parametrize("date", [datetime.date(2021, 12, 31), datetime.date(2024, 1, 1)])
def test_save_report_meta_refuses_a_date_outside_the_year_or_the_next(case, date):
    with pytest.raises(ValidationError) as error:
        _save(case, {**VALUES, "date": date}, case["leader"])
    assert error.value.error_dict["date"][0].code == services.ERR_DATE_OUT_OF_RANGE
    assert ReportMeta.objects.count() == 0


def test_stored_values_reach_the_page_header_xlsx_and_docx(case, client):
    _save(case, VALUES, case["leader"])
    report = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1")
    doc = exports.bloc_report_exporter(report, today=TODAY)
    expected = [
        "15/BC-KTĐ",
        "Bắc Giang, ngày 25 tháng 7 năm 2022",
        "GIÁM ĐỐC CÔNG AN TỈNH",
        "Nguyễn Văn An",
        "Sở Nội vụ tỉnh Bắc Giang",
    ]
    client.force_login(case["ha"])
    html = client.get(reverse("reports:bloc", args=[case["bloc"].pk, 2022, "h1"])).content.decode()
    xlsx = xlsx_text(doc.xlsx())
    docx = docx_document(doc.docx())
    docx_text = "\n".join(p.text for p in docx.paragraphs) + "\n".join(
        c.text for t in docx.tables for row in t.rows for c in row.cells
    )
    for text in expected:
        assert text in html.replace("<br>", "\n"), text
        assert text in xlsx.upper() or text in xlsx, text
        assert text in docx_text or text in docx_text.upper(), text


# --- the page ---------------------------------------------------------------------------------


def _url(case, kind="h1"):
    return reverse("reports:bloc_meta", args=[case["bloc"].pk, 2022, kind])


def _form_data(token, **values):
    data = {**VALUES, "date": "25/07/2022", "version_token": token}
    data.update(values)
    return data


def test_leader_officer_saves_the_details_and_sees_the_history(case, client):
    client.force_login(case["leader"])
    page = client.get(_url(case))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.fields["date"].widget.attrs["placeholder"] == "15/07/2022"  # the default shown
    response = client.post(_url(case), _form_data(form.initial["version_token"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:bloc", args=[case["bloc"].pk, 2022, "h1"])
    stored = ReportMeta.objects.get()
    assert (stored.number, stored.date, stored.updated_by) == ("15/BC-KTĐ", datetime.date(2022, 7, 25), case["leader"])
    page = client.get(_url(case))
    assert [e.action for e in page.context["entries"]] == ["Tạo mới"]
    assert "Nguyễn Văn An" in page.content.decode()


def test_report_page_links_to_the_details_for_issuers_only(case, client):
    url = reverse("reports:bloc", args=[case["bloc"].pk, 2022, "h1"])
    client.force_login(case["leader"])
    assert _url(case) in client.get(url).content.decode()
    client.force_login(case["member"])
    assert _url(case) not in client.get(url).content.decode()
    assert client.get(_url(case)).status_code == 403


def test_a_stale_save_is_refused_and_lists_the_change(case, client):
    client.force_login(case["leader"])
    token = client.get(_url(case)).context["form"].initial["version_token"]
    _save(case, {**VALUES, "signer_name": "Trần Thị Bình"}, case["ha"])  # a colleague saved first
    response = client.post(_url(case), _form_data(token))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert "Họ tên người ký: — → Trần Thị Bình" in errors
    assert ReportMeta.objects.get().signer_name == "Trần Thị Bình"


def test_a_bad_date_is_a_form_error_and_writes_nothing(case, client):
    client.force_login(case["leader"])
    token = client.get(_url(case)).context["form"].initial["version_token"]
    for bad in ("31/02/2022", "01/01/2030"):
        response = client.post(_url(case), _form_data(token, date=bad))
        assert response.status_code == 200
        assert response.context["form"].errors["date"]
    assert ReportMeta.objects.count() == 0


def test_province_details_are_used_by_the_statutory_forms(case, client):
    client.force_login(case["ha"])
    url = reverse("reports:province_meta", args=[case["province"].pk, 2022, "statutory"])
    token = client.get(url).context["form"].initial["version_token"]
    response = client.post(url, _form_data(token, number="3/BC-SNV", signer_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"))
    assert response.status_code == 302
    page = client.get(reverse("reports:statutory", args=[case["province"].pk, 2022])).content.decode()
    assert "3/BC-SNV" in page and "PHÓ GIÁM ĐỐC" in page
    assert client.get(reverse("reports:province_meta", args=[case["province"].pk, 2022, "h1"])).status_code == 404
