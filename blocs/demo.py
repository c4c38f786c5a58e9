"""Demo data for blocs: the provinces, agencies, blocs and rosters of the three real cases
(Bắc Giang 2022, Bắc Kạn 2022, Đồng Tháp Khối Thi đua số 6 2022), and demo users.

The facts are copied from the seed cases into this module; nothing reads `../shared` at run
time. Every write goes through the same services users go through, and running it twice
changes nothing.
"""

from datetime import date

from blocs import services
from blocs.models import Agency, Bloc, BlocRegulation, Membership, Province, User

DEMO_PASSWORD = "thidua-demo-2026"

REORG = date(2025, 7, 1)
BEFORE_REORG = date(2025, 6, 30)

PROVINCES = [
    # (code, name, valid_to, successor code)
    ("bac-ninh", "Bắc Ninh", None, None),
    ("thai-nguyen", "Thái Nguyên", None, None),
    ("dong-thap", "Đồng Tháp", None, None),
    ("bac-giang", "Bắc Giang", BEFORE_REORG, "bac-ninh"),
    ("bac-kan", "Bắc Kạn", BEFORE_REORG, "thai-nguyen"),
    ("tien-giang", "Tiền Giang", BEFORE_REORG, "dong-thap"),
]

K = Agency.Kind
INTERNAL_AFFAIRS = {
    # name: (short name, kind)
    "Bộ Chỉ huy Quân sự tỉnh": ("BCHQS tỉnh", K.ARMED_FORCES),
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh": ("BĐBP tỉnh", K.ARMED_FORCES),
    "Công an tỉnh": ("Công an tỉnh", K.CENTRAL),
    "Viện Kiểm sát nhân dân tỉnh": ("VKSND tỉnh", K.CENTRAL),
    "Tòa án nhân dân tỉnh": ("TAND tỉnh", K.CENTRAL),
    "Cục Thi hành án dân sự tỉnh": ("Cục THADS tỉnh", K.CENTRAL),
    "Cục Quản lý thị trường tỉnh": ("Cục QLTT tỉnh", K.CENTRAL),
    "Thanh tra tỉnh": ("Thanh tra tỉnh", K.DEPARTMENT),
    "Sở Tư pháp": ("Sở Tư pháp", K.DEPARTMENT),
    "Sở Nội vụ": ("Sở Nội vụ", K.DEPARTMENT),
}

BAC_GIANG_MEMBERS = [
    "Bộ Chỉ huy Quân sự tỉnh",
    "Công an tỉnh",
    "Viện Kiểm sát nhân dân tỉnh",
    "Tòa án nhân dân tỉnh",
    "Cục Thi hành án dân sự tỉnh",
    "Thanh tra tỉnh",
    "Sở Tư pháp",
]
BAC_KAN_MEMBERS = [
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Thanh tra tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Công an tỉnh",
    "Tòa án nhân dân tỉnh",
    "Viện Kiểm sát nhân dân tỉnh",
    "Cục Thi hành án dân sự tỉnh",
    "Cục Quản lý thị trường tỉnh",
]
DONG_THAP_MEMBERS = [
    "Cục Thi hành án dân sự tỉnh",
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
    "Viện Kiểm sát nhân dân tỉnh",
    "Tòa án nhân dân tỉnh",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Sở Tư pháp",
    "Thanh tra tỉnh",
]

BAC_GIANG_BLOC = "Khối thi đua các cơ quan Nội chính tỉnh Bắc Giang"
BAC_KAN_BLOC = "Khối thi đua Nội chính tỉnh Bắc Kạn"
DONG_THAP_BLOC = "Khối Thi đua số 6 (các cơ quan Nội chính tỉnh Đồng Tháp)"

# Usernames of the Bắc Giang officers, by agency.
BAC_GIANG_OFFICERS = {
    "Bộ Chỉ huy Quân sự tỉnh": "bg.bchqs",
    "Công an tỉnh": "bg.congan",
    "Viện Kiểm sát nhân dân tỉnh": "bg.vks",
    "Tòa án nhân dân tỉnh": "bg.toaan",
    "Cục Thi hành án dân sự tỉnh": "bg.thads",
    "Thanh tra tỉnh": "bg.thanhtra",
    "Sở Tư pháp": "bg.tuphap",
}
HOME_AFFAIRS_USERS = {
    "bac-giang": "snv.bacgiang",
    "bac-kan": "snv.backan",
    "dong-thap": "snv.dongthap",
    "bac-ninh": "snv.bacninh",
    "thai-nguyen": "snv.thainguyen",
}
ADMIN_USERNAME = "admin"


def _province(code: str) -> Province:
    return Province.objects.get(code=code)


def _agencies(province: Province, names: list[str]) -> list[Agency]:
    by_name = {a.name: a for a in Agency.objects.filter(province=province, name__in=names)}
    return [by_name[n] for n in names]


def _bloc(province: Province, name: str, **fields) -> Bloc:
    bloc = Bloc.objects.filter(province=province, name=name).first()
    if bloc is None:
        bloc = services.save_bloc(bloc=Bloc(province=province, name=name, **fields))
    return bloc


def _roster_once(bloc, year, agencies, leader=None, deputies=()):
    if not Membership.objects.filter(bloc=bloc, year=year).exists():
        services.set_roster(bloc=bloc, year=year, agencies=agencies, leader=leader, deputies=list(deputies))


def _user(username: str, **kwargs) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = services.create_user(username=username, password=DEMO_PASSWORD, **kwargs)
    return user


def load(stdout=None) -> None:
    for code, name, valid_to, _successor in PROVINCES:
        Province.objects.update_or_create(code=code, defaults={"name": name, "valid_to": valid_to})
    for code, _name, _valid_to, successor in PROVINCES:
        if successor:
            Province.objects.filter(code=code).update(successor=_province(successor))
    for code in ("bac-giang", "bac-kan", "dong-thap"):
        province = _province(code)
        for name, (short, kind) in INTERNAL_AFFAIRS.items():
            Agency.objects.get_or_create(province=province, name=name, defaults={"short_name": short, "kind": kind})

    # The 2025 reorganisation in Đồng Tháp: Cục THADS tỉnh became Thi hành án dân sự tỉnh.
    dt = _province("dong-thap")
    thads_new, _ = Agency.objects.get_or_create(
        province=dt,
        name="Thi hành án dân sự tỉnh",
        defaults={"short_name": "THADS tỉnh", "kind": K.CENTRAL, "valid_from": REORG},
    )
    Agency.objects.filter(province=dt, name="Cục Thi hành án dân sự tỉnh").update(
        valid_to=BEFORE_REORG, successor=thads_new
    )

    bg = _province("bac-giang")
    bac_giang = _bloc(bg, BAC_GIANG_BLOC, kind=Bloc.Kind.KHOI)
    _roster_once(bac_giang, 2022, _agencies(bg, BAC_GIANG_MEMBERS))

    bk = _province("bac-kan")
    bac_kan = _bloc(bk, BAC_KAN_BLOC, kind=Bloc.Kind.KHOI)
    _roster_once(bac_kan, 2022, _agencies(bk, BAC_KAN_MEMBERS))

    dong_thap = _bloc(
        dt,
        DONG_THAP_BLOC,
        kind=Bloc.Kind.KHOI,
        number=6,
        description="Khối Thi đua số 6 gồm các cơ quan Nội chính tỉnh Đồng Tháp.",
    )
    dt_agencies = _agencies(dt, DONG_THAP_MEMBERS)
    _roster_once(dong_thap, 2022, dt_agencies, leader=dt_agencies[0], deputies=[dt_agencies[1]])
    BlocRegulation.objects.get_or_create(
        bloc=dong_thap,
        year=2022,
        defaults={
            "number": "157/QĐ-KTĐS6",
            "date": date(2022, 3, 22),
            "title": "Quy định về tổ chức và hoạt động của Khối Thi đua số 6 năm 2022",
        },
    )

    for province_code, username in HOME_AFFAIRS_USERS.items():
        province = _province(province_code)
        _user(
            username,
            role=User.Role.HOME_AFFAIRS,
            province=province,
            last_name=f"Phòng TĐKT Sở Nội vụ {province.name}",
            job_title="Chuyên viên Phòng Thi đua - Khen thưởng",
        )
    for agency_name, username in BAC_GIANG_OFFICERS.items():
        agency = Agency.objects.get(province=bg, name=agency_name)
        _user(username, role=User.Role.OFFICER, agency=agency, last_name=f"Cán bộ thi đua {agency_name}")
    _user(ADMIN_USERNAME, role=User.Role.ADMIN, last_name="Quản trị hệ thống")

    # The 2023 leadership of Bắc Kạn, elected at the 2022 annual review (04/01/2023). The
    # conferences app links it to the conference record when it loads its own demo data.
    if not Membership.objects.filter(bloc=bac_kan, year=2023).exists():
        agencies = {a.name: a for a in _agencies(bk, BAC_KAN_MEMBERS)}
        services.set_leadership(
            bloc=bac_kan,
            year=2023,
            leader=agencies["Thanh tra tỉnh"],
            deputies=[agencies["Công an tỉnh"]],
            source=Membership.Source.ELECTION,
            source_reference="Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022",
            source_date=date(2023, 1, 4),
        )


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, scope) of every demo user, for `load_demo` to print."""
    names = [ADMIN_USERNAME, *HOME_AFFAIRS_USERS.values(), *BAC_GIANG_OFFICERS.values()]
    users = {u.username: u for u in User.objects.filter(username__in=names).select_related("province", "agency")}
    rows = []
    for name in names:
        u = users.get(name)
        if u:
            scope = u.agency.name if u.agency else (u.province.name if u.province else "")
            rows.append((u.username, str(u.get_role_display()), scope))
    return rows
