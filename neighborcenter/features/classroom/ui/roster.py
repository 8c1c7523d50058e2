"""The day's lists on the kiosk: 接学生 (collecting from school: each child ticked off against
the list, with the head-count as it goes — "已接 12/14，未接：王小红"), 签到 (arrival), and the
small forms of the day: 作业 (homework, with a note for the parent) and 请假 (an absence the
guardian told of, today or for a coming day, or taken back)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.errors import ValidationError
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom.rules import ChildState, Homework
from neighborcenter.features.classroom.ui.kiosk import (
    Clock,
    fit_wide,
    state_text,
)
from neighborcenter.features.classroom.ui.manage_base import ClassFormDialog
from neighborcenter.i18n import _, format_date
from neighborcenter.ui.common.dialogs import combo, line
from neighborcenter.ui.common.fitting import scrolling_body
from neighborcenter.ui.common.forms import FormErrors
from neighborcenter.ui.common.widgets import save_cancel_buttons
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm
from neighborcenter.ui.theme import is_large_print, scaled_font


class ChecklistDialog(QDialog):
    """Children to tick, in large boxes, with a line that counts them as they are ticked;
    those already done are shown ticked and cannot be unticked. A time (empty: now) and,
    for collecting, who collected them. ``job(child_ids, values)`` runs on Save."""

    def __init__(self, ctx: AppContext, title: str, note: str,
                 children: list[tuple[days.ChildTile, bool, bool]], *, action: str,
                 count: Callable[[list[days.ChildTile], list[days.ChildTile]], str],
                 fields: list[tuple[str, str, QWidget]], parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(title)
        self._count = count
        self.typed = False
        self._busy = False
        body = QVBoxLayout()
        top = QLabel(note)
        top.setWordWrap(True)
        body.addWidget(top)
        self.head_count = QLabel()
        self.head_count.setWordWrap(True)
        self.head_count.setFont(scaled_font(self, 1.2, bold=True))
        body.addWidget(self.head_count)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        columns = 2 if is_large_print() else 3
        self.boxes: list[tuple[QCheckBox, days.ChildTile, bool]] = []
        for n, (child, ticked, done) in enumerate(children):
            box = QCheckBox(_("{name} ({grade})").format(name=child.name,
                                                        grade=child.grade_class)
                            + ("" if child.state in (ChildState.EXPECTED,)
                               else "  " + state_text(child.state)))
            box.setChecked(ticked or done)
            box.setEnabled(not done)
            box.setFont(scaled_font(box, 1.1))
            box.setMinimumHeight(max(48, box.fontMetrics().lineSpacing() + 20))
            box.toggled.connect(self._ticked)
            grid.addWidget(box, *divmod(n, columns))
            self.boxes.append((box, child, done))
        body.addLayout(grid)
        if not children:
            empty = QLabel(_("Nobody to tick."))
            body.addWidget(empty)
        form = QFormLayout()
        for _key, text, widget in fields:
            form.addRow(text, widget)
        self.fields = {key: widget for key, _text, widget in fields}
        self.errors = FormErrors(form, self.fields)
        for widget in self.fields.values():
            if hasattr(widget, "textEdited"):
                widget.textEdited.connect(self._touched)
        body.addLayout(form)
        self.buttons = save_cancel_buttons(self, self.save)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(action)
        scrolling_body(self, body, self.buttons)
        self._ticked()
        self.typed = False
        self.setMinimumWidth(560)
        fit_wide(self, 700, 1000)

    def _touched(self, *_args) -> None:
        self.typed = True

    def _ticked(self, *_args) -> None:
        self.typed = True
        ticked = [c for box, c, _done in self.boxes if box.isChecked()]
        left = [c for box, c, _done in self.boxes if not box.isChecked()]
        self.head_count.setText(self._count(ticked, left))

    def ticked_ids(self) -> list[str]:
        """The children ticked now that were not done before."""
        return [c.child_id for box, c, done in self.boxes if box.isChecked() and not done]

    def values(self) -> dict[str, str]:
        return {key: widget.text() for key, widget in self.fields.items()  # type: ignore[attr-defined]
                }

    def run(self, job: Callable, on_done: Callable) -> None:
        self.errors.clear()
        self._busy = True
        self.save_button.setEnabled(False)

        def done(result) -> None:
            self._busy = False
            self.save_button.setEnabled(True)
            on_done(result)
            self.accept()

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.save_button.setEnabled(True)
            self.errors.show(exc)

        self._ctx.worker.run(job, on_done=done, on_error=failed)

    def save(self) -> None:
        raise NotImplementedError

    def time_needed(self, on: dt.date, now: dt.datetime, typed: str) -> bool:
        """A day before today is entered from the paper sheet: its time is needed (empty
        would say now, another day). True when it is missing (and said so)."""
        if on == now.date() or typed.strip():
            return False
        self.errors.show(ValidationError(_("Enter the time from the paper sheet: this is "
                                           "{day}, not today.").format(day=format_date(on)),
                                         field="at"))
        return True

    def reject(self) -> None:
        if self._busy:
            return
        if self.typed and not confirm(self, _("Leave without saving"),
                                      _("What was ticked or typed here is not saved. "
                                        "Leave it?")):
            return
        super().reject()


class CollectDialog(ChecklistDialog):
    """接学生: tick each child as they are collected from school; the head-count says who is
    still missing. ``collected`` holds the service's head-count when saved."""

    def __init__(self, ctx: AppContext, view: days.DayView, clock: Clock, parent=None
                 ) -> None:
        self.clock, self.on = clock, view.on
        self.collected: days.Collected | None = None
        children = [(c, False, c.state != ChildState.EXPECTED) for c in view.children
                    if c.state != ChildState.ABSENT]
        self.at = line(placeholder=_("e.g. 15:40 (empty: now)"))
        self.by = line(ctx.actor.display_name)
        super().__init__(
            ctx, _("Collect from school"),
            _("Tick each child when you have them with you. Children marked absent are not "
              "listed."), children, action=_("Save the collection"),
            count=lambda ticked, left: head_count(ticked, left),
            fields=[("at", _("&Time"), self.at), ("by", _("Collected &by"), self.by)],
            parent=parent)

    def save(self) -> None:
        actor, on, now = self._ctx.actor, self.on, self.clock()
        ids, values = self.ticked_ids(), self.values()
        if self.time_needed(on, now, values["at"]):
            return

        def keep(result: days.Collected) -> None:
            self.collected = result

        self.run(lambda c: days.collect(c, actor=actor, on=on, child_ids=ids,
                                        by=values["by"], at=values["at"] or None, now=now),
                 keep)


def head_count(ticked: list[days.ChildTile], left: list[days.ChildTile]) -> str:
    """"已接 12/14，未接：王小红" as the boxes are ticked."""
    total = len(ticked) + len(left)
    if left:
        return _("Collected {n} of {m}; not yet: {names}").format(
            n=len(ticked), m=total, names=_("、").join(c.name for c in left))
    return _("Collected {n} of {m}: everyone.").format(n=len(ticked), m=total)


class ArriveDialog(ChecklistDialog):
    """签到: the children who have come into the centre (those collected are ticked to begin
    with). ``signed_in`` holds how many when saved."""

    def __init__(self, ctx: AppContext, view: days.DayView, clock: Clock, parent=None, *,
                 ticked: str | None = None) -> None:
        self.clock, self.on = clock, view.on
        self.signed_in: int | None = None
        wanted = (ChildState.EXPECTED, ChildState.COLLECTED, ChildState.ABSENT,
                  ChildState.PRESENT, ChildState.LATE)
        children = [(c, c.state == ChildState.COLLECTED or c.attendance_id == ticked,
                     c.state in (ChildState.PRESENT, ChildState.LATE))
                    for c in view.children if c.state in wanted]
        self.at = line(placeholder=_("e.g. 15:50 (empty: now)"))
        super().__init__(
            ctx, _("Sign in"),
            _("Tick each child who is here now. A child marked absent who comes after all "
              "can be ticked too."), children, action=_("Sign in"),
            count=lambda ticked_now, left: _("Here: {n} of {m}").format(
                n=len(ticked_now), m=len(ticked_now) + len(left)),
            fields=[("at", _("&Time"), self.at)], parent=parent)

    def save(self) -> None:
        actor, on, now = self._ctx.actor, self.on, self.clock()
        ids, values = self.ticked_ids(), self.values()
        if self.time_needed(on, now, values["at"]):
            return

        def keep(n: int) -> None:
            self.signed_in = n

        self.run(lambda c: days.arrive(c, actor=actor, on=on, child_ids=ids,
                                       at=values["at"] or None, now=now), keep)


# ---------------------------------------------------------------------- homework, absence


def homework_dialog(ctx: AppContext, child: days.ChildTile, parent=None) -> ClassFormDialog:
    actor = ctx.actor
    state = combo([(h.label, h) for h in Homework], child.homework)
    note = line(child.homework_note,
                _("For the parent, e.g. maths workbook page 12 not finished"))

    def job(values):
        return lambda c: days.set_homework(c, actor=actor, attendance_id=child.attendance_id,
                                           homework=values["homework"], note=values["note"])

    return ClassFormDialog(ctx, _("Homework: {name}").format(name=child.name),
                           [("homework", _("&Homework"), state),
                            ("note", _("&Note for the parent"), note)], job, parent,
                           note=_("The homework of {name} ({grade}) today.").format(
                               name=child.name, grade=child.grade_class))


def day_choices(today: dt.date, days_ahead: int = 7) -> list[tuple[str, str]]:
    """Today, tomorrow and the days after, as the absence's date to choose (the data: the
    ISO date)."""
    names = {0: _("Today"), 1: _("Tomorrow")}
    out = []
    for n in range(days_ahead + 1):
        on = today + dt.timedelta(days=n)
        text = format_date(on, "full")
        out.append((_("{name}, {date}").format(name=names[n], date=text) if n in names
                    else text, on.isoformat()))
    return out


def absence_dialog(ctx: AppContext, view: days.DayView, clock: Clock,
                   child: days.ChildTile | None = None, parent=None) -> ClassFormDialog:
    """请假: an absence the guardian told of (today, tomorrow, or a day of the week ahead), or
    one taken back (the child comes after all). ``result_value`` says what was recorded."""
    actor = ctx.actor
    today = clock().date()
    on = combo(day_choices(today), today.isoformat())
    kids = combo([])
    # the children on the chosen day's list, by child id (a day's attendance ids are its own)
    by_id: dict[str, days.ChildTile] = {}

    def fill(day_view: days.DayView, wanted: str | None) -> None:
        """The chosen day's children, none chosen unless the tile's child is among them."""
        by_id.clear()
        by_id.update({c.child_id: c for c in day_view.children})
        kids.blockSignals(True)  # (filling the list is not typing)
        kids.clear()
        if not day_view.runs:
            kids.addItem(_("No class on that day. {why}").format(why=day_view.why_not), None)
        else:
            kids.addItem(_("Choose a child"), None)
            for c in day_view.children:
                kids.addItem(_("{name} ({grade})").format(name=c.name, grade=c.grade_class),
                             c.child_id)
        kids.setCurrentIndex(max(kids.findData(wanted), 0) if wanted else 0)
        kids.setEnabled(day_view.runs)
        kids.blockSignals(False)

    def day_chosen(*_args) -> None:
        when = dt.date.fromisoformat(on.currentData())
        wanted = kids.currentData()
        if when == view.on:
            fill(view, wanted)
            return
        ctx.worker.run(lambda c: days.day_view(c, actor=actor, on=when, now=clock()),
                       on_done=lambda read: fill(read, wanted), on_error=read_failed)

    def read_failed(exc: BaseException) -> None:  # the service's refusal, in its words
        by_id.clear()
        kids.clear()
        kids.addItem("⚠ " + str(exc), None)
        kids.setEnabled(False)

    fill(view, child.child_id if child else None)
    on.currentIndexChanged.connect(day_chosen)
    taking_back = child is not None and child.state == ChildState.ABSENT
    what = combo([(_("Absent (the guardian told us)"), "absent"),
                  (_("Comes after all (take the absence back)"), "comes")],
                 "comes" if taking_back else "absent")
    reason = line(child.absence_reason if taking_back and child else "",
                  _("e.g. ill, family visit"))
    told = line(placeholder=_("e.g. the mother, by phone"))

    def job(values):
        picked = by_id.get(values["child"] or "")
        no_class = not kids.isEnabled()
        absent, when = values["absent"] == "absent", dt.date.fromisoformat(values["on"])

        def run(c):
            if picked is None and not no_class:
                raise ValidationError(_("Choose the child."), field="child")
            if picked is None:
                raise ValidationError(_("There is no class on {day}: choose another day."
                                        ).format(day=format_date(when)), field="on")
            days.mark_absent(c, actor=actor, on=when, child_id=picked.child_id,
                             reason=values["reason"] if absent else "",
                             confirmed_with=values["confirmed_with"] if absent else "",
                             absent=absent, now=clock())
            if absent:
                return _("{name} is marked absent on {day}.").format(
                    name=picked.name, day=format_date(when))
            return _("{name} is expected on {day} after all.").format(
                name=picked.name, day=format_date(when))

        return run

    note = _("Record what the guardian told you: the day, the reason and who told you.")
    if taking_back and child is not None:
        note = _("{name} is marked absent today. To take it back, save “Comes after all”."
                 ).format(name=child.name)
    dialog = ClassFormDialog(ctx, _("Absence"), [
        ("on", _("&Day"), on), ("child", _("&Child"), kids), ("absent", _("&Mark as"), what),
        ("reason", _("&Reason"), reason), ("confirmed_with", _("&Told by"), told)],
        job, parent, note=note)
    return dialog
