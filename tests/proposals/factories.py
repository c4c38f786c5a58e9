"""Builders for proposals tests: a bloc whose 2022 annual review voted, through the real
services (conferences' save_vote, proposals' services)."""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import AwardForm
from blocs import services as bloc_services
from blocs.models import Agency, Bloc, Province, User
from conferences import services as conference_services
from conferences.models import Conference, Vote
from proposals import services
from proposals.models import Dossier, DossierDeadline
from tests.conferences.factories import ConferenceFactory
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user, home_affairs, officer

PDF = b"%PDF-1.4\n% achievement report\n"


def flag_form() -> AwardForm:
    return AwardForm.objects.get(code="co-thi-dua-bo-tinh")


def certificate_form() -> AwardForm:
    return AwardForm.objects.get(code="bang-khen-bo-tinh")


def pdf(name="bao-cao-thanh-tich.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@dataclass
class ProposalWorld:
    province: Province
    bloc: Bloc
    leader: Agency  # leads the bloc in 2022, wins the flag (4 of 5 valid ballots)
    member_a: Agency  # proposed for the certificate
    member_b: Agency  # proposed for the certificate
    member_c: Agency  # not proposed
    conference: Conference
    flag_vote: Vote
    certificate_vote: Vote
    leader_officer: User
    officer_a: User
    officer_c: User
    home_affairs: User
    admin: User
    other_province: Province
    other_home_affairs: User


def proposal_world(*, due_days: int | None = 15) -> ProposalWorld:
    province = ProvinceFactory(name="Tỉnh Kiểm thử")
    bloc = BlocFactory(province=province, name="Khối thi đua Nội chính")
    leader, a, b, c = (
        AgencyFactory(province=province, name=name)
        for name in ("Thanh tra tỉnh", "Sở Tư pháp", "Công an tỉnh", "Sở Nội vụ")
    )
    bloc_services.set_roster(bloc=bloc, year=2022, agencies=[leader, a, b, c], leader=leader, deputies=[a])
    conference = ConferenceFactory(bloc=bloc, year=2022, date=datetime.date(2023, 1, 4))
    flag_vote = conference_services.save_vote(
        conference=conference,
        kind=Vote.Kind.FLAG,
        award_form=flag_form(),
        authority="UBND tỉnh",
        award_label="Cờ thi đua của UBND tỉnh",
        ballots_issued=5,
        ballots_returned=5,
        ballots_valid=5,
        ballots_invalid=0,
        candidates=[{"agency": leader, "votes": 4}, {"agency": c, "votes": 1}],
    )
    certificate_vote = conference_services.save_vote(
        conference=conference,
        kind=Vote.Kind.CERTIFICATE,
        award_form=certificate_form(),
        authority="Chủ tịch UBND tỉnh",
        award_label="Bằng khen của Chủ tịch UBND tỉnh",
        proposed_to="UBND tỉnh",
        candidates=[{"agency": a, "won": True}, {"agency": b, "won": True}],
    )
    if due_days is not None:
        DossierDeadline.objects.create(province=province, days_after_review=due_days)
    other = ProvinceFactory(name="Tỉnh Khác")
    return ProposalWorld(
        province=province,
        bloc=bloc,
        leader=leader,
        member_a=a,
        member_b=b,
        member_c=c,
        conference=conference,
        flag_vote=flag_vote,
        certificate_vote=certificate_vote,
        leader_officer=officer(leader),
        officer_a=officer(a),
        officer_c=officer(c),
        home_affairs=home_affairs(province),
        admin=admin_user(),
        other_province=other,
        other_home_affairs=home_affairs(other),
    )


def dossier_in(world: ProposalWorld, state: str) -> Dossier:
    """The world's dossier brought to `state` through the services (dates: today)."""
    from django.utils import timezone

    dossier = services.create_dossier(conference=world.conference, actor=world.leader_officer)
    if state == Dossier.State.DRAFT:
        return dossier
    services.submit_dossier(dossier=dossier, actor=world.leader_officer)
    if state == Dossier.State.SUBMITTED:
        return Dossier.objects.get(pk=dossier.pk)
    if state == Dossier.State.RETURNED:
        services.return_dossier(dossier=dossier, actor=world.home_affairs, reason="Thiếu báo cáo thành tích")
        return Dossier.objects.get(pk=dossier.pk)
    services.receive_dossier(dossier=dossier, actor=world.home_affairs)
    if state == Dossier.State.RECEIVED:
        return Dossier.objects.get(pk=dossier.pk)
    today = timezone.localdate()
    items = list(dossier.items.order_by("position"))
    services.record_review(
        dossier=dossier,
        council_date=today,
        verdicts={i.pk: services.Verdict(True, "") for i in items},
        actor=world.home_affairs,
    )
    if state == Dossier.State.REVIEWED:
        return Dossier.objects.get(pk=dossier.pk)
    services.record_decision(
        dossier=dossier,
        decision_number="99/QĐ-UBND",
        decision_date=today,
        signer="Chủ tịch UBND tỉnh",
        granted_ids=[i.pk for i in items[:2]],
        actor=world.home_affairs,
    )
    if state == Dossier.State.DECIDED:
        return Dossier.objects.get(pk=dossier.pk)
    services.close_dossier(dossier=dossier, actor=world.home_affairs)
    return Dossier.objects.get(pk=dossier.pk)
