"""The minutes of a conference (Biên bản hội nghị) as an exporter: the .docx, the .xlsx and the
print view draw the same sections. Parts and items are numbered from what is present, so a
missing fact leaves no gap (“1. Thời gian” is followed by “2.”, whatever comes next)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from conferences.exporters import Column, Exporter, Header, Signature, Table

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]


def _labels() -> dict:
    """The labels of the minutes, translated in the active language (xgettext cannot read a
    call inside an f-string)."""
    return {
        "Absent": _("Absent"),
        "Attendance": _("Attendance"),
        "Chair": _("Chair"),
        "Conclusions of the chair": _("Conclusions of the chair"),
        "Content": _("Content"),
        "Election of the leader and deputy": _("Election of the leader and deputy"),
        "Guests": _("Guests"),
        "Legal basis": _("Legal basis"),
        "Place": _("Place"),
        "Secretary": _("Secretary"),
        "Tasks for the next period": _("Tasks for the next period"),
        "Time": _("Time"),
        "Time, place and attendance": _("Time, place and attendance"),
        "Vote": _("Vote"),
        "Votes and outcomes": _("Votes and outcomes"),
    }


class MinutesExporter(Exporter):
    identifier = "minutes"
    landscape_appendix = False

    def __init__(self, m):
        super().__init__()
        self.minutes = m
        self.header = Header(
            issuer_parent=m.issuer_parent,
            issuer=m.issuer,
            number=m.number,
            place=m.province,
            date=m.date,
            title=_("Minutes"),
            subtitle=m.subtitle,
        )
        parts = iter(ROMAN)
        T = _labels()

        s = self.section(f"{next(parts)}. {T['Time, place and attendance'].upper()}", key="attendance")
        items = [f"{T['Time']}: {m.time_line}"] if m.time_line else []
        if m.place_line:
            items.append(f"{T['Place']}: {m.place_line}")
        attendance = []
        if m.chair:
            attendance.append(f"{T['Chair']}: {m.chair}.")
        if m.secretary:
            attendance.append(f"{T['Secretary']}: {m.secretary}.")
        if m.guests:
            attendance.append(f"{T['Guests']}: " + "; ".join(m.guests) + ".")
        if m.present:
            attendance.append(
                ngettext(
                    "Representatives of %(n)s member agency:",
                    "Representatives of %(n)s member agencies:",
                    len(m.present),
                )
                % {"n": len(m.present)}
            )
        for n, text in enumerate(items, start=1):
            s.add(f"{n}. {text}")
        if attendance or m.absent:
            s.add(f"{len(items) + 1}. {T['Attendance']}:")
            for text in attendance:
                s.add(text, "item")
            for agency, who in m.present:
                s.add(f"{agency}: {who}" if who else agency, "item")
            if m.absent:
                s.add(f"{T['Absent']}: " + ", ".join(m.absent) + ".", "item")
        if m.legal_bases:
            s.add(f"{T['Legal basis']}:")
            for b in m.legal_bases:
                s.add(b, "item")

        content = []
        if m.agenda:
            content.append((_("Agenda"), [f"{i}. {a}" for i, a in enumerate(m.agenda, start=1)], "body"))
        if m.documents:
            content.append((_("The conference adopted"), m.documents, "item"))
        if m.discussion:
            lines = [line.strip() for line in m.discussion.splitlines() if line.strip()]
            content.append((_("Discussion"), lines, "body"))
        if m.movements:
            content.append((_("Movements agreed"), m.movements, "item"))
        if content:
            s = self.section(f"{next(parts)}. {T['Content'].upper()}", key="content")
            for n, (label, lines, style) in enumerate(content, start=1):
                s.add(f"{n}. {label}:")
                for line in lines:
                    s.add(line, style)

        if m.votes:
            s = self.section(f"{next(parts)}. {T['Votes and outcomes'].upper()}", key="votes")
            for i, v in enumerate(m.votes, start=1):
                s.add(f"{i}. {v.kind_text}: {v.label}" if v.kind_text else f"{i}. {v.label}")
                if v.has_ballots:
                    s.add(
                        _("Ballots issued %(i)s, returned %(r)s, valid %(va)s, invalid %(iv)s.")
                        % {"i": v.issued, "r": v.returned, "va": v.valid, "iv": v.invalid}
                    )
                s.blocks.append(
                    Table(
                        key=f"vote_{i}",
                        title=f"{v.label}",
                        sheet=f"{T['Vote']} {i}",
                        columns=[
                            Column((pgettext("report", "No."),), numeric=False, width=5),
                            Column((_("Agency"),), numeric=False, width=40),
                            Column((_("Votes"),), width=10),
                            Column((_("Percent of valid ballots"),), numeric=False, width=14),
                            Column((_("Outcome"),), numeric=False, width=12),
                        ],
                        rows=[
                            [n, c.agency, c.votes, c.percent_text, _("Passed") if c.won else _("Not passed")]
                            for n, c in enumerate(v.candidates, start=1)
                        ],
                    )
                )
                s.add(v.note, "note")
        if m.election:
            s = self.section(f"{next(parts)}. {T['Election of the leader and deputy'].upper()}", key="election")
            s.add(m.election)

        s = self.section(f"{next(parts)}. {T['Conclusions of the chair'].upper()}", key="conclusions")
        if m.concluded_by:
            s.add(f"{m.concluded_by}:")
        for line in (m.conclusions or "").splitlines():
            s.add(line.strip())
        if m.tasks:
            s.add(f"{T['Tasks for the next period']}:")
            for n, t in enumerate(m.tasks, start=1):
                s.add(f"{n}. {t}")
        self.closing = _("The minutes were drawn up and adopted at the conference.")
        hint = _("(Signature, full name)")
        self.signatures = [
            Signature(lines=[_("Secretary")], name=m.secretary_name, hint=hint),
            Signature(lines=[_("Chair")], name=m.chair_name, hint=hint),
        ]

    def file_words(self):
        m = self.minutes
        return [_("Minutes"), m.subtitle, m.issuer]
