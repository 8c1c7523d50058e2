"""探访记录: a visit recorded or corrected — and the fast entry of the paper visit sheets.

The form follows the printed sheet's order exactly (printouts.py: the elder at the top; date,
time, method and duration; the five areas, each with its items — ticked = needs attention —
and a notes line; the hazards; the follow-ups (what, who, by when); the emergency flag and
what happened; the visitors, who sign at the foot, and the elder or family member who signed;
then the notes, which the sheet has no line for), so that a volunteer typing thirty sheets
reads the paper and the screen in the same order:

- Tab goes field by field in the sheet's order, Space ticks a box, Alt+1 … Alt+5 jump to an
  area and Alt+letters to the other sections; Enter goes to the next field (it never closes
  the form); Ctrl+Enter or Ctrl+S saves.
- 保存并录入下一张 saves and clears the sheet's contents, keeping the date, the visitors and
  "from a paper sheet", and goes to the next elder of the list it was opened with (a pair's
  planned visits), or to the elder's name for the next sheet.
- A refusal of the service is shown by its field, which gets the focus; nothing typed is lost.

At the top, read-only: the elder, the planned visit it makes, their last visit and the
follow-ups still open — what the visitor should check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.errors import NCError
from neighborcenter.features.visits import entry, records
from neighborcenter.features.visits.elders import (
    ElderRow,
    StaffRow,
    list_elders,
    visiting_staff,
)
from neighborcenter.features.visits.rules import (
    AREA_ITEMS,
    Area,
    FollowUpStatus,
    Method,
    VisitState,
    Willing,
    item_label,
)
from neighborcenter.features.volunteers import people
from neighborcenter.features.volunteers.rules import VolunteerStatus, format_hours
from neighborcenter.i18n import _, format_date, ngettext
from neighborcenter.ui.common.dialogs import fit_placeholder, line
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.forms import error_label
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm
from neighborcenter.ui.theme import is_large_print

#: the section keys of the five areas as the service names their notes' fields
AREA_KEYS = {Area.HEALTH: "health", Area.ECONOMY: "economy", Area.FAMILY: "family",
             Area.SAFETY: "safety", Area.NEEDS: "needs"}


def _day(value: dt.date | None) -> str:
    return format_date(value) if value else ""


def _when(detail: records.VisitDetail) -> str:
    at = detail.visited_at.astimezone()
    return f"{format_date(at.date())} {at:%H:%M}"


def ticked_text(items: dict[Area, tuple[str, ...]]) -> str:
    """The items ticked on a visit, in the sheet's order: "行动能力、防跌倒"."""
    return _("、").join(item_label(area, code) for area in Area
                       for code in items.get(area, ()))


def follow_up_line(f: records.FollowUpRow, today: dt.date) -> str:
    """One open follow-up, as the form's top shows it; an overdue one says so in words."""
    text = _("{what} — {owner}, by {day}").format(what=f.description, owner=f.owner,
                                                   day=_day(f.due_on))
    if f.overdue(today):
        text = "⚠ " + text + _(" (overdue)")
    return text


@dataclass
class _FollowUpRow:
    """A row of the follow-ups' table: three lines and a button that takes the row away."""

    description: QLineEdit
    owner: QLineEdit
    due: QLineEdit
    remove: QPushButton
    error: QLabel

    def widgets(self) -> list[QWidget]:
        return [self.description, self.owner, self.due, self.remove]

    def empty(self) -> bool:
        return not (self.description.text().strip() or self.owner.text().strip()
                    or self.due.text().strip())


class _Errors:
    """The service's message by the field it names (a label under the field's row), the field
    focused and scrolled into view; a message of no field shows at the bottom. A field's
    message goes when that field is edited."""

    def __init__(self, general: QLabel) -> None:
        self.general = general
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self._shown: list[QLabel] = []

    def add(self, name: str, widget: QWidget, label: QLabel, *, watch: bool = True) -> None:
        """``watch``: the message goes when the field is edited (False: the caller sees to
        it)."""
        self._fields[name] = (widget, label)
        if not watch:
            return
        for w in [widget, *widget.findChildren(QWidget)]:
            if isinstance(w, QLineEdit):
                w.textEdited.connect(lambda *_a, lb=label: self._clear_label(lb))
            elif isinstance(w, QAbstractButton):
                w.clicked.connect(lambda *_a, lb=label: self._clear_label(lb))
            elif isinstance(w, QComboBox):
                w.activated.connect(lambda *_a, lb=label: self._clear_label(lb))

    def remove(self, name: str) -> None:
        self._fields.pop(name, None)

    def _clear_label(self, label: QLabel) -> None:
        if label.text():
            label.clear()
            label.hide()

    def clear(self) -> None:
        for label in self._shown:
            label.clear()
            label.hide()
        self._shown = []
        self.general.clear()

    def show(self, exc: BaseException, resolve: Callable[[str], str] = lambda n: n) -> None:
        if not isinstance(exc, NCError):
            raise exc
        self.clear()
        found = self._fields.get(resolve(exc.field or ""))
        if found and not found[0].isVisibleTo(found[0].window()):
            found = None  # (the elder's name, on a form opened for a planned visit)
        label = found[1] if found else self.general
        label.setText("⚠ " + str(exc))
        label.show()
        self._shown.append(label)
        if found:
            found[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def shown_label(self) -> QLabel | None:
        return self._shown[-1] if self._shown else None

    def message(self, name: str) -> str:
        found = self._fields.get(name)
        return found[1].text() if found else ""


class VisitDialog(QDialog):
    """记录探访 / 更正探访记录, and the fast entry of paper sheets (``queue``: the planned
    visits of a batch of sheets, in their order)."""

    def __init__(self, ctx: AppContext, *, resident_id: str | None = None,
                 plan_id: str | None = None, visit_id: str | None = None,
                 queue: list[str] | None = None, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._visit_id = visit_id
        self._queue = list(queue or [])
        if plan_id is None and resident_id is None and visit_id is None and self._queue:
            plan_id = self._queue[0]
        self.plan_id = plan_id
        self.resident_id = resident_id
        self.entry: entry.EntryElder | None = None
        self.detail: records.VisitDetail | None = None
        self.saved_id: str | None = None
        self.saved_ids: list[str] = []
        self._elders: list[ElderRow] = []
        self._volunteers: list[people.VolunteerRow] = []
        self._names: dict[str, str] = {}
        self._busy = False
        self._dirty = False
        self._follow_up_names: dict[int, _FollowUpRow] = {}
        correcting = visit_id is not None
        picking = resident_id is None and plan_id is None and not correcting
        self.setWindowTitle(_("Correct a visit record") if correcting else _("Record a visit"))

        body = QVBoxLayout()
        self.general = error_label()  # a message of no field (and, at the bottom, what saved)

        # -- the elder, read-only: what the visitor should check
        context = QFrame()
        context.setObjectName("card")
        top = QVBoxLayout(context)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.elder_facts = QLabel()
        self.plan_text = QLabel()
        self.last_text = QLabel()
        self.open_text = QLabel()
        for label in (self.heading, self.elder_facts, self.plan_text, self.last_text,
                      self.open_text):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            top.addWidget(label)
        body.addWidget(context)

        # -- who was visited (when the form is not opened for a planned visit)
        self.picker = QWidget()
        pick = QGridLayout(self.picker)
        pick.setContentsMargins(0, 0, 0, 0)
        self.elder_search = fit_placeholder(line(placeholder=_("Type a name, then Enter")))
        self.elder_choice = QComboBox()
        who = QLabel(_("&Who was visited"))
        who.setBuddy(self.elder_search)
        pick.addWidget(who, 0, 0)
        pick.addWidget(self.elder_search, 0, 1)
        pick.addWidget(self.elder_choice, 0, 2)
        pick.setColumnStretch(2, 1)
        self.elder_error = error_label()
        pick.addWidget(self.elder_error, 1, 1, 1, 2)
        self.elder_search.textEdited.connect(self._filter_elders)
        self.elder_choice.activated.connect(self._elder_chosen)
        self.picker.setVisible(picking)
        body.addWidget(self.picker)

        # -- 1 when and how
        when = QGroupBox(_("Date and method"))
        grid = QGridLayout(when)
        self.from_paper = QCheckBox(_("Entered from a &paper sheet"))
        grid.addWidget(self.from_paper, 0, 0, 1, 4)
        self.on = line(dt.date.today().isoformat(), _("e.g. 2026-01-31"))
        self.at = line(placeholder=_("e.g. 14:30"))
        self.method = QComboBox()
        for m in Method:
            self.method.addItem(m.label, m)
        self.duration = fit_placeholder(line(placeholder=_("hours, e.g. 1 or 0.5")))
        self.duration.setToolTip(_("Empty: the usual time of the method (the visits' "
                                   "settings)."))
        for position, (text, widget) in enumerate((
                (_("&Date"), self.on), (_("T&ime"), self.at), (_("&Method"), self.method),
                (_("D&uration"), self.duration))):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, 1 + position // 2, (position % 2) * 2)
            grid.addWidget(widget, 1 + position // 2, (position % 2) * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.when_error = error_label()
        grid.addWidget(self.when_error, 3, 0, 1, 4)
        body.addWidget(when)

        # -- the visitors (they sign at the sheet's foot: their place in the form too)
        visitors = QGroupBox(_("&Visitors"))
        grid = QGridLayout(visitors)
        self.visitors = QListWidget()
        self.visitors.setToolTip(_("Space ticks or unticks the visitor under the cursor."))
        row_height = max(self.visitors.fontMetrics().height() + 10,
                         48 if is_large_print() else 0)  # large.qss: items ≥ 44 px
        self.visitors.setFixedHeight(3 * row_height + 2 * self.visitors.frameWidth() + 4)
        grid.addWidget(self.visitors, 0, 0, 3, 1)
        self.add_visitor = QComboBox()
        self.add_visitor.setEditable(True)
        self.add_visitor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.add_line = self.add_visitor.lineEdit()
        completer = self.add_visitor.completer()
        assert self.add_line is not None and completer is not None  # an editable box has them
        self.add_line.setPlaceholderText(_("Another volunteer: name or number"))
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.add_visitor_button = QPushButton(_("&Add"))
        self.add_visitor_button.setAutoDefault(False)
        self.add_visitor_button.clicked.connect(self.add_chosen_visitor)
        adding = QHBoxLayout()
        adding.addWidget(self.add_visitor, 1)
        adding.addWidget(self.add_visitor_button)
        grid.addLayout(adding, 0, 1, 1, 2)
        self.staff = QComboBox()
        staff_label = QLabel(_("S&taff who went"))
        staff_label.setBuddy(self.staff)
        grid.addWidget(staff_label, 1, 1)
        grid.addWidget(self.staff, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)
        self.visitors_error = error_label()
        grid.addWidget(self.visitors_error, 3, 0, 1, 3)

        # -- the five areas: the items ticked need attention
        self.items: dict[Area, dict[str, QCheckBox]] = {}
        self.area_notes: dict[Area, QLineEdit] = {}
        self.area_errors: dict[Area, QLabel] = {}
        hint = QLabel(_("Tick what needs attention."))
        hint.setWordWrap(True)
        body.addWidget(hint)
        for number, area in enumerate(Area, start=1):
            box = QGroupBox(_("&{number} {area}").format(number=number, area=area.label))
            grid = QGridLayout(box)
            boxes = {}
            for column, (code, msgid) in enumerate(AREA_ITEMS[area]):
                check = QCheckBox(_(msgid))
                grid.addWidget(check, 0, column)
                boxes[code] = check
            columns = max(len(AREA_ITEMS[a]) for a in Area)
            grid.setColumnStretch(columns, 1)
            notes = line(placeholder=_("What was seen"))
            notes_row = QHBoxLayout()
            notes_row.addWidget(QLabel(_("Notes")))
            notes_row.addWidget(notes, 1)
            grid.addLayout(notes_row, 1, 0, 1, columns + 1)
            errors = error_label()
            grid.addWidget(errors, 2, 0, 1, columns + 1)
            self.items[area], self.area_notes[area], self.area_errors[area] = \
                boxes, notes, errors
            body.addWidget(box)

        # -- hazards, follow-ups, emergency, signature, notes
        rest = QGroupBox(_("Hazards and follow-ups"))
        lines = QVBoxLayout(rest)
        hazards_row = QHBoxLayout()
        hazards_label = QLabel(_("&Hazards"))
        self.hazards = line(placeholder=_("e.g. 燃气软管老化"))
        hazards_label.setBuddy(self.hazards)
        hazards_row.addWidget(hazards_label)
        hazards_row.addWidget(self.hazards, 1)
        lines.addLayout(hazards_row)
        self.hazards_error = error_label()
        lines.addWidget(self.hazards_error)
        self.follow_up_box = QGroupBox(_("&Follow-ups (referrals)"))
        self.follow_up_grid = QGridLayout(self.follow_up_box)
        for position, text in enumerate((_("What is to be done"), _("Who does it"),
                                         _("By when"))):
            self.follow_up_grid.addWidget(QLabel(text), 0, position)
        self.follow_up_grid.setColumnStretch(0, 3)
        self.follow_up_grid.setColumnStretch(1, 2)
        self.follow_up_grid.setColumnStretch(2, 1)
        self.follow_up_rows: list[_FollowUpRow] = []
        self.add_follow_up_button = QPushButton(_("Add a &row"))
        self.add_follow_up_button.setAutoDefault(False)
        self.add_follow_up_button.clicked.connect(self._add_row_and_focus)
        lines.addWidget(self.follow_up_box)
        lines.addWidget(self.add_follow_up_button, 0, Qt.AlignmentFlag.AlignLeft)
        body.addWidget(rest)

        emergency = QGroupBox(_("Emergency"))
        grid = QGridLayout(emergency)
        self.emergency = QCheckBox(_("&Emergency: help was called"))
        self.emergency_notes = line(placeholder=_("What happened, who was called"))
        self.emergency_notes.setEnabled(False)
        self.emergency.toggled.connect(self.emergency_notes.setEnabled)
        grid.addWidget(self.emergency, 0, 0)
        grid.addWidget(self.emergency_notes, 0, 1)
        self.emergency_error = error_label()
        grid.addWidget(self.emergency_error, 1, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        body.addWidget(emergency)
        body.addWidget(visitors)
        end = QGroupBox(_("Signature and notes"))
        grid = QGridLayout(end)
        self.signed_by = line(placeholder=_("e.g. 本人, or 李明（儿子）"))
        self.signed_by.setToolTip(_("The elder, or the family member who signed, and their "
                                    "relation to the elder"))
        self.notes = line()
        signed_label = QLabel(_("Si&gned by"))
        signed_label.setBuddy(self.signed_by)
        notes_label = QLabel(_("&Notes"))
        notes_label.setBuddy(self.notes)
        grid.addWidget(signed_label, 0, 0)
        grid.addWidget(self.signed_by, 0, 1)
        self.signed_error = error_label()
        grid.addWidget(self.signed_error, 1, 0, 1, 2)
        grid.addWidget(notes_label, 2, 0)
        grid.addWidget(self.notes, 2, 1)
        self.notes_error = error_label()
        grid.addWidget(self.notes_error, 3, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        body.addWidget(end)
        body.addStretch(1)

        # -- under the scrolling sheet, always in view
        bottom = QVBoxLayout()
        self.keys_hint = QLabel(_("Tab: next field · Space: tick · Alt+1…5: an area · "
                                  "Ctrl+Enter: save"))
        self.keys_hint.setWordWrap(True)
        bottom.addWidget(self.general)
        self.saved_text = QLabel()
        self.saved_text.setWordWrap(True)
        bottom.addWidget(self.saved_text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keys_hint, 1)
        self.next_button = QPushButton(_("Save and ne&xt sheet"))
        self.save_button = QPushButton(_("Save"))
        self.save_button.setToolTip(_("Ctrl+Enter or Ctrl+S"))
        self.cancel_button = QPushButton(_("Cancel"))
        for b in (self.next_button, self.save_button, self.cancel_button):
            b.setAutoDefault(False)  # Enter goes to the next field, never saves or closes
            buttons.addWidget(b)
        self.next_button.clicked.connect(self.save_and_next)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.next_button.setVisible(not correcting)
        bottom.addLayout(buttons)
        holder = QWidget()
        holder.setLayout(bottom)
        self.body = scrolling_body(self, body, holder)

        self.errors = _Errors(self.general)
        self.errors.add("resident", self.elder_search, self.elder_error)
        for name, widget in (("on", self.on), ("at", self.at), ("method", self.method),
                             ("duration", self.duration)):
            self.errors.add(name, widget, self.when_error)
        self.errors.add("visitors", self.visitors, self.visitors_error)
        for area in Area:
            self.errors.add(f"{AREA_KEYS[area]}_notes", self.area_notes[area],
                            self.area_errors[area])
            for check in self.items[area].values():
                check.clicked.connect(lambda *_a, lb=self.area_errors[area]:
                                      self.errors._clear_label(lb))
        self.errors.add("hazards", self.hazards, self.hazards_error)
        self.errors.add("emergency_notes", self.emergency_notes, self.emergency_error)
        self.errors.add("signed_by", self.signed_by, self.signed_error)
        self.errors.add("notes", self.notes, self.notes_error)

        for keys in (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return),
                     QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Enter),
                     QKeySequence.StandardKey.Save):
            QShortcut(keys, self, self.save)
        for edit in (self.elder_search, self.add_visitor, self.add_line):
            edit.installEventFilter(self)
        # a name picked in the completer's list with Enter: that Enter is the list's
        completer.activated.connect(lambda *_a: self.add_chosen_visitor())
        for w in self._sheet_widgets():
            if isinstance(w, QLineEdit):
                w.textEdited.connect(self._touched)
            elif isinstance(w, QAbstractButton):
                w.clicked.connect(self._touched)
        for chooser in (self.method, self.staff):  # chosen by the person (not filled by us)
            chooser.activated.connect(self._touched)
        # a visitor ticked or unticked by the person (the list has the focus then; filling
        # it in from the plan's pair does not count)
        self.visitors.itemChanged.connect(
            lambda *_a: self._touched() if self.visitors.hasFocus() else None)
        self._add_follow_up_row()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)  # (gone with the dialog)
        large = is_large_print()
        fit_to_screen(self, QSize(1340, 700) if large else QSize(1040, 760))
        (self.elder_search if picking else self.on).setFocus()
        self._load()

    # ------------------------------------------------------------------- loading
    def _load(self) -> None:
        actor = self._ctx.actor
        plan_id, resident_id, visit_id = self.plan_id, self.resident_id, self._visit_id
        picking = plan_id is None and resident_id is None and visit_id is None

        def read(c):
            volunteers = people.list_volunteers(c, actor=actor, include_left=True)
            staff = visiting_staff(c, actor=actor)
            elders = list_elders(c, actor=actor) if picking else []
            detail = (records.visit_detail(c, actor=actor, visit_id=visit_id)
                      if visit_id else None)
            about = None
            if detail is not None:
                about = entry.entry_elder(c, actor=actor, resident_id=detail.resident_id,
                                          visit_id=visit_id)
            elif plan_id or resident_id:
                about = entry.entry_elder(c, actor=actor, resident_id=resident_id,
                                          plan_id=plan_id)
            return volunteers, staff, elders, detail, about

        self._ctx.worker.run(read, on_done=lambda result: self._loaded(*result),
                             on_error=self._failed)

    def _loaded(self, volunteers: list[people.VolunteerRow], staff: list[StaffRow],
                elders: list[ElderRow], detail: records.VisitDetail | None,
                about: entry.EntryElder | None) -> None:
        self._volunteers = volunteers
        self._names = {v.id: v.name for v in volunteers}
        self.add_visitor.clear()
        for v in volunteers:
            if v.status != VolunteerStatus.LEFT:
                self.add_visitor.addItem(f"{v.name}　{v.number}", v.id)
        self.add_visitor.setCurrentIndex(-1)
        self.staff.clear()
        self.staff.addItem(_("No staff member"), None)
        for s in sorted(staff, key=lambda s: s.username != self._ctx.actor.username):
            text = (_("{name} (you)").format(name=s.name) if s.username ==
                    self._ctx.actor.username else s.name)
            self.staff.addItem(text, s.username)
        self._elders = [e for e in elders if e.ended is None]
        self._filter_elders()
        if detail is not None:
            self.detail = detail
            self._fill_detail(detail)
        if about is not None:
            self._show_elder(about, prefill=detail is None)
        else:
            self._show_no_elder()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._set_buttons()
        self.errors.show(exc, self._resolve)
        shown = self.errors.shown_label()
        content = self.body.widget()
        if content is not None and shown is not None and content.isAncestorOf(shown):
            # the message under the field in view too, once the form has made room for it
            QTimer.singleShot(0, lambda: self.body.ensureWidgetVisible(shown, 20, 20))

    # ----------------------------------------------------------------- the elder
    def _elder_text(self, e: ElderRow) -> str:
        r = e.resident
        age = _("{age} years old").format(age=r.age) if r.age is not None else ""
        text = "　".join(p for p in (r.name, age, r.address) if p)
        if e.willing == Willing.NO:
            text += "　⚠ " + e.willing.label
        return text

    def _filter_elders(self, *_args) -> None:
        words = self.elder_search.text().strip()
        self.elder_choice.clear()
        for e in self._elders:
            if not words or words in e.resident.name or words in e.resident.address:
                self.elder_choice.addItem(self._elder_text(e), e.resident.id)
        if self.elder_choice.count() == 0 and words:
            self.elder_choice.addItem(_("No one on the visit list matches “{text}”.").format(
                text=words), None)

    def choose_typed_elder(self) -> None:
        """Enter in the name: the first elder that matches (or the one chosen below)."""
        self._filter_elders()
        self.elder_choice.setCurrentIndex(0)
        self._elder_chosen()

    def _elder_chosen(self, *_args) -> None:
        rid = self.elder_choice.currentData()
        if not rid:
            self.errors.show(NCError(_("Choose the elder who was visited."), field="resident"))
            return
        self.resident_id, self.plan_id = rid, None
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: entry.entry_elder(c, actor=actor, resident_id=rid),
                             on_done=self._elder_loaded, on_error=self._failed)

    def _elder_loaded(self, about: entry.EntryElder) -> None:
        self._show_elder(about, prefill=True)
        self.on.setFocus(Qt.FocusReason.OtherFocusReason)
        self.on.selectAll()

    def _show_no_elder(self) -> None:
        self.entry = None
        self.heading.setText(_("Choose the elder first: type the name below."))
        for label in (self.elder_facts, self.plan_text, self.last_text, self.open_text):
            label.clear()
            label.hide()

    def _show_elder(self, about: entry.EntryElder, *, prefill: bool) -> None:
        self.entry = about
        self.resident_id = about.resident_id
        today = dt.date.today()
        e = about.elder
        if e is not None:
            r = e.resident
            age = _("{age} years old").format(age=r.age) if r.age is not None else ""
            self.heading.setText("　".join(p for p in (r.name, age) if p))
            facts = [r.address, r.masked_phone,
                     _("{tier} ({frequency})").format(tier=e.tier.label,
                                                     frequency=e.frequency.label),
                     _("Pair: {name}").format(name=e.pair) if e.pair else _("No pair")]
            text = "　·　".join(p for p in facts if p)
            if e.willing != Willing.YES:
                text += "\n⚠ " + e.willing.label
            if e.ended is not None:
                text += "\n⚠ " + _("Off the visit list since {day}.").format(day=_day(e.ended))
        else:
            self.heading.setText(about.name)
            text = "⚠ " + _("Not on the visit list.")
        self.elder_facts.setText(text)
        p = about.plan
        if self.detail is not None:
            self.plan_text.setText(
                _("This visit made: {plans}").format(plans=_("、").join(self.detail.plans))
                if self.detail.plans else _("This visit made no planned visit."))
        elif p is not None:
            what = p.campaign or p.kind.label
            plan = _("This visit: {what}, {start} – {due} ({state})").format(
                what=what, start=_day(p.starts_on), due=_day(p.due_on), state=p.state.label)
            if p.state == VisitState.OVERDUE:
                plan = "⚠ " + plan + " " + _("It can still be recorded until {day}.").format(
                    day=_day(p.closes_on))
            self.plan_text.setText(plan)
        else:
            self.plan_text.setText(_("No planned visit is open for this elder today."))
        last = about.last_visit
        if last is not None:
            parts = [_("Last visit: {when}, {method}").format(when=_when(last),
                                                               method=last.method.label)]
            if last.visitors:
                parts.append(_("、").join(last.visitors))
            ticked = ticked_text(last.items)
            parts.append(_("needs attention: {items}").format(items=ticked) if ticked
                         else _("nothing needed attention"))
            if last.emergency:
                parts.append("⚠ " + _("an emergency"))
            self.last_text.setText(_("; ").join(parts))
        else:
            self.last_text.setText(_("No visit recorded yet."))
        ours = {f.id for f in self.detail.follow_ups} if self.detail else set()
        still_open = [f for f in about.open_follow_ups if f.id not in ours]
        if still_open:
            self.open_text.setText(_("Open follow-ups — ask about them:") + "\n" + "\n".join(
                "• " + follow_up_line(f, today) for f in still_open))
        else:
            self.open_text.setText(_("No open follow-ups."))
        if self.detail is not None and self.detail.follow_ups:
            self.open_text.setText(self.open_text.text() + "\n" + _(
                "Follow-ups of this visit (new ones are added below):") + "\n" + "\n".join(
                "• " + follow_up_line(f, today) + (f"（{f.status.label}）" if f.status
                                                   != FollowUpStatus.OPEN else "")
                for f in self.detail.follow_ups))
        for label in (self.elder_facts, self.plan_text, self.last_text, self.open_text):
            label.show()
        if prefill:
            self._prefill_visitors(about)
        self.setWindowTitle(
            (_("Correct a visit record: {name}") if self._visit_id else
             _("Record a visit: {name}")).format(name=about.name))

    # -------------------------------------------------------------- the visitors
    def _visitor_item(self, volunteer_id: str) -> QListWidgetItem | None:
        for i in range(self.visitors.count()):
            item = self.visitors.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == volunteer_id:
                return item
        return None

    def _put_visitor(self, volunteer_id: str, ticked: bool) -> None:
        item = self._visitor_item(volunteer_id)
        if item is None:
            number = next((v.number for v in self._volunteers if v.id == volunteer_id), "")
            name = self._names.get(volunteer_id, "?")
            item = QListWidgetItem(f"{name}　{number}" if number else name)
            item.setData(Qt.ItemDataRole.UserRole, volunteer_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.visitors.addItem(item)
        if ticked:
            item.setCheckState(Qt.CheckState.Checked)
        if self.visitors.currentRow() < 0:
            self.visitors.setCurrentRow(0)

    def _prefill_visitors(self, about: entry.EntryElder) -> None:
        """The pair's visitors ticked, the substitute offered — unless visitors are already
        ticked (the next sheet of a batch keeps them)."""
        keep = bool(self.ticked_visitors()) or self.staff.currentData() is not None
        pair = about.pair
        if pair is not None:
            for vid in pair.volunteer_ids:
                self._put_visitor(vid, ticked=not keep)
            if pair.substitute_volunteer_id:
                self._put_visitor(pair.substitute_volunteer_id, ticked=False)
        if keep:
            return
        staff = pair.staff_username if pair is not None else None
        if staff is None and not self.ticked_visitors():
            staff = self._ctx.actor.username  # nobody else: the one recording went
        index = self.staff.findData(staff) if staff else 0
        self.staff.setCurrentIndex(max(index, 0))

    def ticked_visitors(self) -> list[str]:
        return [self.visitors.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.visitors.count())
                if self.visitors.item(i).checkState() == Qt.CheckState.Checked]

    def add_chosen_visitor(self) -> None:
        """The volunteer typed or chosen in the box joins the visitors, ticked."""
        typed = self.add_visitor.currentText().strip()
        if not typed:  # (already added: the completer's Enter, then the box's)
            return
        index = self.add_visitor.currentIndex()
        if index < 0 or self.add_visitor.itemText(index) != typed:
            index = next((i for i in range(self.add_visitor.count())
                          if typed and typed in self.add_visitor.itemText(i)), -1)
        if index < 0:
            self.errors.show(NCError(_("No volunteer serving now matches “{text}”.").format(
                text=typed), field="visitors"))
            self.add_visitor.setFocus()
            return
        vid = self.add_visitor.itemData(index)
        self._put_visitor(vid, ticked=True)
        self.visitors_error.hide()
        self.add_visitor.setCurrentIndex(-1)
        self.add_visitor.clearEditText()
        self._dirty = True

    # --------------------------------------------------------------- follow-ups
    def _add_follow_up_row(self) -> _FollowUpRow:
        position = len(self.follow_up_rows)
        row = _FollowUpRow(line(placeholder=_("e.g. 申请适老化改造")),
                           line(placeholder=_("e.g. 街道民政科")),
                           fit_placeholder(line(placeholder=_("e.g. 2026-12-15"))),
                           QPushButton(_("Remove")), error_label())
        row.remove.setAutoDefault(False)
        row.remove.setToolTip(_("Takes this follow-up off the form."))
        row.remove.clicked.connect(lambda *_a, r=row: self._remove_follow_up_row(r))
        for edit in (row.description, row.owner, row.due):
            edit.textEdited.connect(self._touched)
            edit.textEdited.connect(lambda *_a, r=row: self.errors._clear_label(r.error))
        grid_row = 1 + 2 * position
        for column, widget in enumerate(row.widgets()):
            self.follow_up_grid.addWidget(widget, grid_row, column)
            widget.show()  # now, not when the layout gets to it: it may be focused at once
        self.follow_up_grid.addWidget(row.error, grid_row + 1, 0, 1, 4)
        self.follow_up_rows.append(row)
        self._chain_tabs()
        return row

    def _add_row_and_focus(self) -> None:
        empty = next((r for r in self.follow_up_rows if r.empty()), None)
        (empty or self._add_follow_up_row()).description.setFocus()

    def _remove_follow_up_row(self, row: _FollowUpRow) -> None:
        self.follow_up_rows.remove(row)
        for widget in (*row.widgets(), row.error):
            self.follow_up_grid.removeWidget(widget)
            widget.deleteLater()
        # the rows below move up a line
        for position, r in enumerate(self.follow_up_rows):
            for column, widget in enumerate(r.widgets()):
                self.follow_up_grid.addWidget(widget, 1 + 2 * position, column)
            self.follow_up_grid.addWidget(r.error, 2 + 2 * position, 0, 1, 4)
        if not self.follow_up_rows:
            self._add_follow_up_row()
        self._chain_tabs()
        self.add_follow_up_button.setFocus()

    # -------------------------------------------------------------- keys, order
    def _sheet_widgets(self) -> list[QWidget]:
        """Every field in the sheet's order: the Tab order."""
        chain: list[QWidget] = [self.elder_search, self.elder_choice, self.from_paper, self.on,
                                self.at, self.method, self.duration]
        for area in Area:
            chain += [*self.items[area].values(), self.area_notes[area]]
        chain.append(self.hazards)
        for row in getattr(self, "follow_up_rows", []):
            chain += row.widgets()
        chain += [self.add_follow_up_button, self.emergency, self.emergency_notes,
                  self.visitors, self.add_visitor, self.add_visitor_button, self.staff,
                  self.signed_by, self.notes, self.next_button, self.save_button,
                  self.cancel_button]
        return chain

    def _chain_tabs(self) -> None:
        chain = self._sheet_widgets()
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _focus_moved(self, _old, new) -> None:
        """A field reached by Tab or by Alt+letter is scrolled into view."""
        content = self.body.widget()
        if new is not None and content is not None and content.isAncestorOf(new):
            self.body.ensureWidgetVisible(new, 20, 40)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if watched is self.elder_search:
                self.choose_typed_elder()
                return True
            if watched in (self.add_visitor, self.add_line):
                self.add_chosen_visitor()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """Enter goes to the next field (a form of thirty sheets is never closed by it);
        Ctrl+Enter saves; Esc cancels (asking first when something was typed)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = QApplication.focusWidget()
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.save()
            elif isinstance(focused, QAbstractButton) and not isinstance(focused, QCheckBox):
                focused.click()  # Enter on a button presses it (保存, 添加一行 …)
            else:
                self.focusNextChild()
            return
        super().keyPressEvent(event)

    def _touched(self, *_args) -> None:
        self._dirty = True

    def reject(self) -> None:
        if self._dirty and not self._busy and not confirm(
                self, _("Leave the visit form"),
                _("What was typed on this sheet is not saved. Leave it?")):
            return
        super().reject()

    # ------------------------------------------------------------------- the form
    def _fill_detail(self, d: records.VisitDetail) -> None:
        at = d.visited_at.astimezone()
        self.on.setText(at.date().isoformat())
        self.at.setText(f"{at:%H:%M}")
        self.method.setCurrentIndex(max(self.method.findData(d.method), 0))
        self.duration.setText(format_hours(d.minutes))
        for vid in d.volunteer_ids:
            self._put_visitor(vid, ticked=True)
        if d.staff_usernames:
            self.staff.setCurrentIndex(max(self.staff.findData(d.staff_usernames[0]), 0))
        for area in Area:
            for code, check in self.items[area].items():
                check.setChecked(code in d.items.get(area, ()))
            self.area_notes[area].setText(d.notes.get(area, ""))
        self.hazards.setText(d.hazards)
        self.emergency.setChecked(d.emergency)
        self.emergency_notes.setText(d.emergency_notes)
        self.signed_by.setText(d.signed_by)
        self.from_paper.setChecked(d.from_paper)
        self.notes.setText(d.general_notes)

    def form(self) -> records.VisitForm:
        """What is on the screen, as the service takes it (empty follow-up rows left out)."""
        self._follow_up_names = {}
        follow_ups: list[records.FollowUpForm] = []
        for row in self.follow_up_rows:
            if row.empty():
                continue
            self._follow_up_names[len(follow_ups)] = row
            follow_ups.append(records.FollowUpForm(row.description.text(), row.owner.text(),
                                                   row.due.text()))
        staff = self.staff.currentData()
        extra_staff = list(self.detail.staff_usernames[1:]) if self.detail else []
        return records.VisitForm(
            resident_id=self.resident_id or "", on=self.on.text(), at=self.at.text(),
            method=self.method.currentData(), duration=self.duration.text(),
            volunteer_ids=self.ticked_visitors(),
            staff_usernames=([staff] if staff else []) + [u for u in extra_staff
                                                          if u != staff],
            items={area: {code for code, check in boxes.items() if check.isChecked()}
                   for area, boxes in self.items.items()},
            notes={area: edit.text() for area, edit in self.area_notes.items()},
            hazards=self.hazards.text(), emergency=self.emergency.isChecked(),
            emergency_notes=self.emergency_notes.text() if self.emergency.isChecked() else "",
            signed_by=self.signed_by.text(), from_paper=self.from_paper.isChecked(),
            general_notes=self.notes.text(), follow_ups=follow_ups,
            plan_id=self.plan_id if self._visit_id is None else None)

    def _resolve(self, name: str) -> str:
        """A follow-up's field (``follow_up_2_owner``) is shown by its row on the screen."""
        if not name.startswith("follow_up_"):
            return name
        number, _sep, part = name.removeprefix("follow_up_").partition("_")
        row = self._follow_up_names.get(int(number)) if number.isdigit() else None
        if row is None:
            return name
        widget = {"owner": row.owner, "due": row.due}.get(part, row.description)
        key = f"shown_{name}"
        self.errors.add(key, widget, row.error, watch=False)
        return key

    def _set_buttons(self) -> None:
        for b in (self.save_button, self.next_button):
            b.setEnabled(not self._busy)

    def save(self) -> None:
        self._save(next_sheet=False)

    def save_and_next(self) -> None:
        self._save(next_sheet=True)

    def _save(self, *, next_sheet: bool) -> None:
        if self._busy:  # one click, one job
            return
        self.errors.clear()
        self.saved_text.clear()
        form, actor, visit_id = self.form(), self._ctx.actor, self._visit_id
        self._busy = True
        self._set_buttons()
        self._ctx.worker.run(
            lambda c: records.record_visit(c, actor=actor, form=form, visit_id=visit_id),
            on_done=lambda vid: self._saved(vid, next_sheet), on_error=self._failed)

    def _saved(self, visit_id: str, next_sheet: bool) -> None:
        self._busy = False
        self._set_buttons()
        self.saved_id = visit_id
        self.saved_ids.append(visit_id)
        self._dirty = False
        if not next_sheet:
            self.accept()
            return
        name = self.entry.name if self.entry else ""
        self._clear_sheet()
        following = self._next_plan()
        text = ngettext("Saved: {name}. {n} sheet entered.",
                        "Saved: {name}. {n} sheets entered.",
                        len(self.saved_ids)).format(name=name, n=len(self.saved_ids))
        if following is not None:
            self.plan_id, self.resident_id = following, None
            actor = self._ctx.actor
            self._ctx.worker.run(
                lambda c: entry.entry_elder(c, actor=actor, plan_id=following),
                on_done=self._elder_loaded, on_error=self._failed)
        else:
            if self._queue:
                text += " " + _("That was the list's last sheet; choose the next elder by "
                                "name.")
            self.plan_id = self.resident_id = None
            self._queue = []
            self._show_no_elder()
            if not self._elders:
                actor = self._ctx.actor
                self._ctx.worker.run(lambda c: list_elders(c, actor=actor),
                                     on_done=self._elders_loaded, on_error=self._failed)
            self.picker.show()
            self.elder_search.clear()
            self._filter_elders()
            self.elder_search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.saved_text.setText("✓ " + text)

    def _elders_loaded(self, elders: list[ElderRow]) -> None:
        self._elders = [e for e in elders if e.ended is None]
        self._filter_elders()

    def _next_plan(self) -> str | None:
        if not self._queue:
            return None
        if self.plan_id in self._queue:
            position = self._queue.index(self.plan_id) + 1
            return self._queue[position] if position < len(self._queue) else None
        return self._queue[0]

    def _clear_sheet(self) -> None:
        """What one sheet holds goes; the date, the visitors and "from a paper sheet" stay
        for the next sheet of the batch."""
        self.at.clear()
        self.method.setCurrentIndex(0)
        self.duration.clear()
        for area in Area:
            for check in self.items[area].values():
                check.setChecked(False)
            self.area_notes[area].clear()
        self.hazards.clear()
        for row in list(self.follow_up_rows):
            for widget in (*row.widgets(), row.error):
                self.follow_up_grid.removeWidget(widget)
                widget.deleteLater()
        self.follow_up_rows = []
        self._add_follow_up_row()
        self.emergency.setChecked(False)
        self.emergency_notes.clear()
        self.signed_by.clear()
        self.notes.clear()
        self.errors.clear()
