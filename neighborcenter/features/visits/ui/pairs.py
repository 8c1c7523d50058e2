"""探访小组: the visiting pairs — two volunteers, or a social worker alone or with one
volunteer — with a substitute, and how many elders each visits."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter

from neighborcenter.core.roles import Permission
from neighborcenter.errors import ValidationError
from neighborcenter.features.visits import elders
from neighborcenter.features.visits.ui.lists import (
    MISSED,
    ColouredModel,
    fit_wrapped,
)
from neighborcenter.features.volunteers import people
from neighborcenter.features.volunteers.rules import VolunteerStatus
from neighborcenter.i18n import _, ngettext
from neighborcenter.ui.common.dialogs import FormDialog, button, combo, line
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.list_tab import ListTab
from neighborcenter.ui.common.table_model import Column
from neighborcenter.ui.common.widgets import chosen_one, select_where
from neighborcenter.ui.context import AppContext

PAIR_COLUMNS: list[Column[elders.PairRow]] = [
    Column(lambda: _("Pair"), lambda p: p.name),
    Column(lambda: _("Visitors"), lambda p: p.visitors),
    Column(lambda: _("Substitute"), lambda p: p.substitute or "—"),
    Column(lambda: _("Elders"), lambda p: str(p.elders), align_right=True),
    Column(lambda: _("Visits now"), lambda p: _("Yes") if p.active else _("No longer")),
    Column(lambda: _("Notes"), lambda p: p.notes),
]


@dataclass(frozen=True)
class Unmatched:
    """A name typed in a person's box that is none of its choices (``several``: it is part
    of more than one)."""

    text: str
    several: bool = False


class PersonBox(QComboBox):
    """A volunteer chosen from a list, or found by typing part of a name or number (the list
    narrows as one types); empty for nobody."""

    def __init__(self, people_: list[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("", None)
        for text, value in people_:
            self.addItem(text, value)
        completer = self.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        edit = self.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(_("Type part of a name, or choose"))
        self.setCurrentIndex(max(self.findData(current), 0) if current else 0)

    def currentData(self, role: int = Qt.ItemDataRole.UserRole):  # noqa: N802
        """The volunteer whose line is typed (None for an empty box; ``Unmatched`` for a name
        that is none of them)."""
        text = self.currentText().strip()
        if not text:
            return None
        position = self.findText(text)
        if position >= 0:
            return self.itemData(position, role)
        # a name (or number) typed whole or in part: the one volunteer it belongs to
        found = [n for n in range(1, self.count()) if text in self.itemText(n)]
        if len(found) == 1:
            return self.itemData(found[0], role)
        return Unmatched(text, several=len(found) > 1)


def volunteer_choices(volunteers: list[people.VolunteerRow], keep: tuple[str | None, ...] = ()
                      ) -> list[tuple[str, str]]:
    """Those serving now, and the pair's own even if they are not (marked)."""
    out = []
    for v in volunteers:
        if v.status == VolunteerStatus.ACTIVE:
            out.append((f"{v.name}（{v.number}）", v.id))
        elif v.id in keep:
            out.append((_("{name} ({number}, {status})").format(
                name=v.name, number=v.number, status=v.status.label), v.id))
    return out


def pair_dialog(ctx: AppContext, pair: elders.PairRow | None,
                volunteers: list[people.VolunteerRow], staff: list[elders.StaffRow],
                parent=None) -> FormDialog:
    actor, pair_id = ctx.actor, pair.id if pair else None
    keep = (pair.first_volunteer_id, pair.second_volunteer_id,
            pair.substitute_volunteer_id) if pair else ()
    choices = volunteer_choices(volunteers, keep)
    active = QCheckBox(_("&Visits now"))
    active.setChecked(pair.active if pair else True)
    staff_items = [(_("— None —"), None), *((f"{s.name}（{s.username}）", s.username)
                                            for s in staff)]
    if pair and pair.staff_username and pair.staff_username not in {s.username for s in staff}:
        staff_items.append((pair.staff_username, pair.staff_username))

    def job(v):
        def run(c):
            for key in ("first", "second", "substitute"):
                if isinstance(v[key], Unmatched):
                    raise ValidationError((
                        _("Several volunteers match “{text}”: choose one from the list.")
                        if v[key].several else
                        _("No serving volunteer is called “{text}”: choose one from the "
                          "list.")).format(text=v[key].text), field=key)
            form = elders.PairForm(name=v["name"], first_volunteer_id=v["first"],
                                   second_volunteer_id=v["second"],
                                   staff_username=v["staff"],
                                   substitute_volunteer_id=v["substitute"],
                                   active=v["active"], notes=v["notes"])
            return elders.save_pair(c, actor=actor, form=form, pair_id=pair_id)
        return run

    title = _("Edit the pair {name}").format(name=pair.name) if pair \
        else _("New visiting pair")
    return fit_wrapped(FormDialog(ctx, title, [
        ("name", _("&Name"), line(pair.name if pair else "", _("e.g. 第一探访组"))),
        ("first", _("&First visitor"),
         PersonBox(choices, pair.first_volunteer_id if pair else None)),
        ("second", _("&Second visitor"),
         PersonBox(choices, pair.second_volunteer_id if pair else None)),
        ("staff", _("Social &worker"), combo(staff_items, pair.staff_username if pair
                                             else None)),
        ("substitute", _("S&ubstitute"),
         PersonBox(choices, pair.substitute_volunteer_id if pair else None)),
        ("active", "", active),
        ("notes", _("N&otes"), line(pair.notes if pair else "")),
    ], job, parent, note=_("Two volunteers visit together, or a social worker alone or with "
                           "one volunteer. The substitute goes when one of them cannot.")))


class PairsTab(ListTab):
    DROP = (5, 2)  # notes, substitute

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        can_record = ctx.actor.can(Permission.RECORD_VISITS)
        actions = FlowLayout()
        self.new_button = button(actions, _("&New pair…"), self.new_pair, can_record)
        self.edit_button = button(actions, _("&Edit pair…"), self.edit_chosen, can_record)
        self.column.addLayout(actions)
        self.list_area(ColouredModel(PAIR_COLUMNS, lambda p, col: None if p.active else MISSED,
                                     self), self.edit)
        self._volunteers: list[people.VolunteerRow] = []
        self._staff: list[elders.StaffRow] = []
        self._update()

    def reload(self) -> None:
        actor = self._ctx.actor
        names = actor.can(Permission.VIEW_VOLUNTEERS)
        record = actor.can(Permission.RECORD_VISITS)

        def job(c):
            return (elders.list_pairs(c, actor=actor),
                    people.list_volunteers(c, actor=actor) if names else [],
                    elders.visiting_staff(c, actor=actor) if record else [])

        self._ctx.worker.run(job, on_done=lambda result: self._show(*result),
                             on_error=self.failed)

    def _show(self, pairs: list[elders.PairRow], volunteers: list[people.VolunteerRow],
              staff: list[elders.StaffRow]) -> None:
        self._volunteers, self._staff = volunteers, staff
        keep = chosen_one(self.table)
        self.model.set_rows(pairs)
        self.fit()
        if keep is not None:
            select_where(self.table, lambda p: p.id == keep.id)
        active = sum(1 for p in pairs if p.active)
        self.count.setText(ngettext("{n} pair visits now", "{n} pairs visit now",
                                    active).format(n=active))
        self.empty.setText(_("No visiting pairs yet. A new pair: two volunteers, or a social "
                             "worker."))
        self.empty.setVisible(not pairs)

    def _update(self, *_args) -> None:
        self.edit_button.setEnabled(chosen_one(self.table) is not None)

    def dialog(self, pair: elders.PairRow | None) -> FormDialog:
        return pair_dialog(self._ctx, pair, self._volunteers, self._staff, self)

    def new_pair(self) -> None:
        dialog = self.dialog(None)
        dialog.exec()
        dialog.deleteLater()

    def edit(self, pair: elders.PairRow) -> None:
        if not self._ctx.actor.can(Permission.RECORD_VISITS):
            return
        dialog = self.dialog(pair)
        dialog.exec()
        dialog.deleteLater()

    def edit_chosen(self) -> None:
        pair = chosen_one(self.table)
        if pair is not None:
            self.edit(pair)
