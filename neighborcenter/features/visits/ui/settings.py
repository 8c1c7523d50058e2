"""探访设置: which tags of the register and which age put an elder on the visit list, how
often each risk tier is visited, how long an overdue visit may still be made, how long each
kind of visit counts for the visitors' hours, and the days around a festival its visits are
made. For those who may change the centre's settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from neighborcenter.features.register import resident_records
from neighborcenter.features.visits import settings as visit_settings
from neighborcenter.features.visits.rules import Frequency, Method, Tier
from neighborcenter.features.visits.settings import VisitSettings
from neighborcenter.i18n import N_, _
from neighborcenter.ui.common.dialogs import line, number_box, number_value
from neighborcenter.ui.common.settings_dialog import SettingsDialog as BaseSettingsDialog
from neighborcenter.ui.common.settings_dialog import buddy_groups, grid_box


class SettingsDialog(BaseSettingsDialog):
    title = N_("Visit settings")
    note = N_("These apply to the plans made from now on: visits already planned and made "
              "stay as they are.")

    def build(self, form: QFormLayout) -> tuple[dict[str, QWidget], QWidget]:
        # which tags put an elder on the list: the register's tags, ticked
        self.tags = QListWidget()
        self.tags.setMinimumHeight(self.tags.fontMetrics().lineSpacing() * 5)
        self.min_age = number_box(line(), 4)
        age_box, age_grid = grid_box()
        age_grid.addWidget(self.min_age, 0, 0)
        age_grid.addWidget(QLabel(_("and older, whatever their tags")), 0, 1)
        age_grid.setColumnStretch(2, 1)

        freq_box, freq_grid = grid_box()
        self.frequency: dict[Tier, QComboBox] = {}
        for position, tier in enumerate(Tier):
            box = QComboBox()
            for f in Frequency:
                box.addItem(f.label, f)
            label = QLabel(tier.label)
            label.setBuddy(box)
            freq_grid.addWidget(label, 0, position * 2)
            freq_grid.addWidget(box, 0, position * 2 + 1)
            self.frequency[tier] = box
        freq_grid.setColumnStretch(6, 1)

        self.grace = number_box(line(), 4)
        grace_box, grace_grid = grid_box()
        grace_grid.addWidget(self.grace, 0, 0)
        grace_grid.addWidget(QLabel(_("days after its last day")), 0, 1)
        grace_grid.setColumnStretch(2, 1)

        minutes_box, minutes_grid = grid_box()
        self.minutes: dict[Method, QLineEdit] = {}
        for position, method in enumerate(Method):
            edit = number_box(line(), 4)
            label = QLabel(method.label)
            label.setBuddy(edit)
            minutes_grid.addWidget(label, 0, position * 2)
            minutes_grid.addWidget(edit, 0, position * 2 + 1)
            self.minutes[method] = edit
        minutes_grid.setColumnStretch(6, 1)

        festival_box, festival_grid = grid_box()
        self.before, self.after = number_box(line(), 3), number_box(line(), 3)
        festival_grid.addWidget(QLabel(_("from")), 0, 0)
        festival_grid.addWidget(self.before, 0, 1)
        festival_grid.addWidget(QLabel(_("days before to")), 0, 2)
        festival_grid.addWidget(self.after, 0, 3)
        festival_grid.addWidget(QLabel(_("days after the festival")), 0, 4)
        festival_grid.setColumnStretch(5, 1)

        form.addRow(_("&Tags that put an elder on the list"), self.tags)
        form.addRow(_("&Age that puts an elder on the list"), age_box)
        form.addRow(_("&How often each tier is visited"), freq_box)
        form.addRow(_("&Overdue visits may still be made"), grace_box)
        form.addRow(_("A visit counts for (&minutes)"), minutes_box)
        form.addRow(_("&Festival visits are made"), festival_box)
        buddy_groups(form, ((age_box, self.min_age), (freq_box, self.frequency[Tier.HIGH]),
                            (grace_box, self.grace), (minutes_box, self.minutes[Method.HOME]),
                            (festival_box, self.before)))
        return {"qualifying_tags": self.tags, "min_age": age_box, "frequency": freq_box,
                "grace_days": grace_box, "minutes": minutes_box,
                "festival_days": festival_box}, self.tags

    @staticmethod
    def read(centre, actor):
        return (visit_settings.get_visit_settings(centre, actor=actor),
                resident_records.list_tag_types(centre, actor=actor))

    @staticmethod
    def write(centre, actor, settings: VisitSettings) -> None:
        visit_settings.save_visit_settings(centre, actor=actor, settings=settings)

    def fill(self, value) -> None:
        s, tag_types = value
        self.tags.clear()
        wanted = set(s.qualifying_tags)
        known = set()
        for t in tag_types:
            known.add(t.code)
            item = QListWidgetItem(_(t.name) + (_(" (grade 1 or 2 only)")
                                                if t.code == "disability" else ""))
            item.setData(Qt.ItemDataRole.UserRole, t.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if t.code in wanted
                               else Qt.CheckState.Unchecked)
            self.tags.addItem(item)
        for code in sorted(wanted - known):  # a tag no longer in the register: kept, shown
            item = QListWidgetItem(code)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.tags.addItem(item)
        self.min_age.setText(str(s.min_age))
        for tier, box in self.frequency.items():
            box.setCurrentIndex(max(box.findData(s.frequency_of(tier)), 0))
        self.grace.setText(str(s.grace_days))
        for method, edit in self.minutes.items():
            edit.setText(str(s.minutes.get(method, 0)))
        self.before.setText(str(s.festival_days_before))
        self.after.setText(str(s.festival_days_after))

    def ticked_tags(self) -> tuple[str, ...]:
        return tuple(self.tags.item(i).data(Qt.ItemDataRole.UserRole)
                     for i in range(self.tags.count())
                     if self.tags.item(i).checkState() == Qt.CheckState.Checked)

    def settings(self) -> VisitSettings:
        """What the form says, as settings; a number that is not one raises by its field
        (the ranges are the service's to check)."""
        whole = _("Write a whole number.")
        return VisitSettings(
            qualifying_tags=self.ticked_tags(),
            min_age=number_value(self.min_age, "min_age", whole),
            frequency={tier: box.currentData() for tier, box in self.frequency.items()},
            grace_days=number_value(self.grace, "grace_days", whole),
            minutes={m: number_value(e, "minutes", _("Write whole minutes."))
                     for m, e in self.minutes.items()},
            festival_days_before=number_value(self.before, "festival_days", whole),
            festival_days_after=number_value(self.after, "festival_days", whole))
