"""Demo conferences of the three real cases, written through the services users go through.

The facts are copied from the seed news reports into this module (nothing reads `../shared` at
run time). Only what the reports say is recorded: where they are silent (who chaired, ballot
figures, the Bắc Kạn attendance) the fields stay blank. Running it twice changes nothing.
"""

from datetime import date

from awards.models import AwardForm
from blocs.demo import BAC_GIANG_BLOC, BAC_KAN_BLOC, DONG_THAP_BLOC
from blocs.models import Agency, Bloc, Membership
from conferences import services
from conferences.models import Conference, Election, Vote

DONG_THAP_ADOPTED = (
    "Báo cáo kết quả thực hiện nhiệm vụ công tác thi đua, khen thưởng 6 tháng đầu năm 2022 và phương hướng, "
    "nhiệm vụ 6 tháng cuối năm 2022 của Khối Thi đua số 6"
)
DONG_THAP_MOVEMENTS = [
    "Chung tay, gắn kết hỗ trợ xây dựng, sửa chữa nhà cho cán bộ, chiến sĩ, công chức, viên chức và người lao động",
    "Hội thao chào mừng Cách mạng Tháng Tám (19/8) và Quốc khánh (2/9)",
]
DONG_THAP_DISCUSSION = (
    "Phát biểu chỉ đạo, đồng chí Ngô Tổng Trưởng ghi nhận và biểu dương kết quả công tác 6 tháng đầu năm 2022 "
    "của Khối Thi đua số 6; đề nghị các thành viên tích cực thi đua góp phần vào thành tích của Tỉnh trong hoạt "
    "động thi đua của các tỉnh Tây Nam Bộ, hưởng ứng các phong trào thi đua do Ủy ban nhân dân Tỉnh phát động, "
    "đặc biệt là phong trào thi đua đặc biệt chào mừng kỷ niệm 45 năm Ngày thành lập tỉnh Đồng Tháp; chú trọng "
    "phát hiện, bồi dưỡng, xây dựng và nhân rộng điển hình tiên tiến."
)
DONG_THAP_CONCLUSIONS = (
    "Tiếp thu ý kiến chỉ đạo của đồng chí Ngô Tổng Trưởng; đề nghị các thành viên trong Khối tiếp tục nâng cao "
    "nhận thức tầm quan trọng của công tác thi đua, khen thưởng và các phong trào thi đua yêu nước, phấn đấu "
    "hoàn thành xuất sắc nhiệm vụ được giao."
)
BAC_KAN_TASKS = [
    "Triển khai đồng bộ công tác thi đua trên tất cả các lĩnh vực",
    "Hoàn thành các nội dung, nhiệm vụ công tác chuyên môn",
    "Thực hành tiết kiệm, chống lãng phí; xây dựng cơ quan, đơn vị vững mạnh",
    "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Đẩy mạnh phong trào thi đua theo đợt, chuyên đề gắn với phong trào thi đua yêu nước của địa phương",
]
BAC_GIANG_TASKS = [
    "Quán triệt thực hiện Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư "
    "tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Xây dựng tổ chức Đảng trong sạch, vững mạnh; xây dựng cơ quan, đơn vị văn hóa",
    "Tăng cường sự lãnh đạo của cấp ủy, thủ trưởng; đẩy mạnh phong trào thi đua yêu nước trong Khối, thực hiện "
    "giao ước thi đua",
    "Lập thành tích chào mừng các ngày kỷ niệm lớn của đất nước",
]


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _agency(bloc: Bloc, name: str) -> Agency:
    return Agency.objects.get(province=bloc.province, name=name)


def _existing(bloc: Bloc, year: int, kind: str) -> Conference | None:
    return Conference.objects.filter(bloc=bloc, year=year, kind=kind).first()


def load_dong_thap(bloc: Bloc) -> Conference:
    conference = _existing(bloc, 2022, Conference.Kind.SIX_MONTH)
    if conference is not None:
        return conference
    members = Membership.objects.filter(bloc=bloc, year=2022).select_related("agency")
    order = {
        name: i
        for i, name in enumerate(
            [
                "Cục Thi hành án dân sự tỉnh",
                "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
                "Viện Kiểm sát nhân dân tỉnh",
                "Tòa án nhân dân tỉnh",
                "Công an tỉnh",
                "Bộ Chỉ huy Quân sự tỉnh",
                "Sở Tư pháp",
                "Thanh tra tỉnh",
            ]
        )
    }
    attendance = sorted(
        ({"agency": m.agency, "attended": True} for m in members), key=lambda r: order.get(r["agency"].name, 99)
    )
    return services.save_minutes(
        conference=Conference(
            bloc=bloc,
            kind=Conference.Kind.SIX_MONTH,
            year=2022,
            period_kind=Conference.PeriodKind.H1,
            title="Hội nghị sơ kết phong trào thi đua, công tác khen thưởng 6 tháng đầu năm 2022",
            date=date(2022, 7, 20),
            time_of_day=Conference.TimeOfDay.AFTERNOON,
            venue="Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
            host_agency=_agency(bloc, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"),
            discussion=DONG_THAP_DISCUSSION,
            conclusions=DONG_THAP_CONCLUSIONS,
            concluded_by_name="Bùi Văn Khanh",
            concluded_by_title="Phó Cục trưởng Cục Thi hành án dân sự, Trưởng khối",
        ),
        attendance=attendance,
        guests=[
            {
                "name": "Ngô Tổng Trưởng",
                "title": "Thư ký Hội đồng Thi đua - Khen thưởng tỉnh, Trưởng phòng Thi đua - Khen thưởng "
                "(phụ trách Khối Nội chính)",
                "organisation": "Sở Nội vụ",
            },
            {
                "name": "Đại diện công chức phụ trách Khối Nội chính",
                "title": "",
                "organisation": "Phòng Thi đua - Khen thưởng, Sở Nội vụ",
            },
        ],
        documents=[DONG_THAP_ADOPTED],
        movements=[{"text": text} for text in DONG_THAP_MOVEMENTS],
        legal_bases=[
            {
                "number": "157/QĐ-KTĐS6",
                "date": date(2022, 3, 22),
                "issuer": "Khối Thi đua số 6",
                "title": "Quy định về tổ chức và hoạt động của Khối Thi đua số 6 năm 2022",
            },
            {
                "number": "1224/SNV-TĐKT",
                "date": date(2022, 5, 31),
                "issuer": "Sở Nội vụ tỉnh Đồng Tháp",
                "title": "Hướng dẫn sơ kết phong trào thi đua, công tác khen thưởng 6 tháng đầu năm 2022",
            },
        ],
    )


def load_bac_kan(bloc: Bloc) -> Conference:
    conference = _existing(bloc, 2022, Conference.Kind.ANNUAL)
    if conference is None:
        conference = services.save_minutes(
            conference=Conference(
                bloc=bloc,
                kind=Conference.Kind.ANNUAL,
                year=2022,
                period_kind=Conference.PeriodKind.YEAR,
                date=date(2023, 1, 4),
                time_of_day=Conference.TimeOfDay.AFTERNOON,
                discussion=(
                    "Các đại biểu tập trung đánh giá kết quả đạt được, phân tích những tồn tại, hạn chế và thống "
                    "nhất đề ra một số nhiệm vụ trọng tâm năm 2023."
                ),
            ),
            tasks=[{"text": text} for text in BAC_KAN_TASKS],
        )
    if not conference.votes.exists():
        services.save_vote(
            conference=conference,
            kind=Vote.Kind.FLAG,
            award_form=AwardForm.objects.get(code="co-thi-dua-bo-tinh"),
            authority="UBND tỉnh",
            award_label="Cờ thi đua của UBND tỉnh",
            candidates=[{"agency": _agency(bloc, "Thanh tra tỉnh"), "won": True}],
        )
        services.save_vote(
            conference=conference,
            kind=Vote.Kind.CERTIFICATE,
            award_form=AwardForm.objects.get(code="bang-khen-bo-tinh"),
            authority="Chủ tịch UBND tỉnh",
            award_label="Bằng khen của Chủ tịch UBND tỉnh",
            proposed_to="UBND tỉnh",
            candidates=[
                {"agency": _agency(bloc, "Bộ Chỉ huy Quân sự tỉnh"), "won": True},
                {"agency": _agency(bloc, "Sở Tư pháp"), "won": True},
            ],
        )
    if not Election.objects.filter(conference=conference).exists():
        # blocs.demo already set these 2023 roles; recording the election links them to this
        # conference (same leader and deputy, so the roster does not change).
        services.record_election(
            conference=conference,
            leader=_agency(bloc, "Thanh tra tỉnh"),
            deputies=[_agency(bloc, "Công an tỉnh")],
            method=Election.Method.ELECTION,
        )
    return conference


def load_bac_giang(bloc: Bloc) -> Conference:
    conference = _existing(bloc, 2022, Conference.Kind.SIX_MONTH)
    if conference is not None:
        return conference
    return services.save_minutes(
        conference=Conference(
            bloc=bloc,
            kind=Conference.Kind.SIX_MONTH,
            year=2022,
            period_kind=Conference.PeriodKind.H1,
            title="Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối "
            "năm 2022",
            date=None,
            date_note="article published 03/08/2022",
        ),
        tasks=[{"text": text} for text in BAC_GIANG_TASKS],
    )


def load(stdout=None) -> None:
    blocs = {b.name: b for b in Bloc.objects.filter(name__in=[DONG_THAP_BLOC, BAC_KAN_BLOC, BAC_GIANG_BLOC])}
    if len(blocs) < 3:
        _say(stdout, "conferences: the blocs demo is missing; nothing loaded.\n")
        return
    load_dong_thap(blocs[DONG_THAP_BLOC])
    load_bac_kan(blocs[BAC_KAN_BLOC])
    load_bac_giang(blocs[BAC_GIANG_BLOC])
    _say(stdout, "conferences: 3 demo conferences.\n")
