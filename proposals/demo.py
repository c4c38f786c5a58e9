"""Demo: the Bắc Kạn 2022 annual review's votes carried into a submitted proposal dossier,
through the services users go through.

The source (a news report of 04/01/2023) gives the outcomes only: the flag of the provincial
People's Committee for Thanh tra tỉnh, the chair's certificate of merit proposed for the Bộ Chỉ
huy Quân sự tỉnh and Sở Tư pháp. It says nothing of the dossier's number, the achievement
reports, the council's review or a decision, so none is invented: the dossier is submitted
(the checklist shows the three achievement reports missing) and waits for Home Affairs. Bắc Kạn
sets no dossier deadline here, so nothing is marked late. Running it twice changes nothing.
"""

from blocs.demo import BAC_KAN_BLOC
from conferences.models import Conference
from proposals import services
from proposals.models import Dossier


def load(stdout=None) -> None:
    services.ensure_default_checklist()
    conference = Conference.objects.filter(bloc__name=BAC_KAN_BLOC, year=2022, kind=Conference.Kind.ANNUAL).first()
    if conference is None:
        if stdout is not None:
            stdout.write("proposals: the Bắc Kạn 2022 annual review is missing; nothing loaded.\n")
        return
    dossier = Dossier.objects.filter(conference=conference).first()
    if dossier is None:
        dossier = services.create_dossier(conference=conference, actor=None)
    if dossier.state == Dossier.State.DRAFT:
        services.submit_dossier(dossier=dossier, actor=None)
    if stdout is not None:
        stdout.write("proposals: 1 demo dossier (Bắc Kạn 2022, submitted).\n")
