"""积分与时长设置: how many points an approved hour earns in each service category, how the
minutes past a full hour are counted, the default cap per activity, how long points last and
the hours of each star level. For those who may change the centre's settings."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from neighborcenter.errors import ValidationError
from neighborcenter.features.volunteers import settings as volunteer_settings
from neighborcenter.features.volunteers.rules import (
    STAR_NAMES,
    RoundingRule,
    ServiceCategory,
    format_hours,
    parse_hours,
)
from neighborcenter.features.volunteers.settings import VolunteerSettings
from neighborcenter.i18n import N_, _
from neighborcenter.ui.common.dialogs import fit_placeholder, line, number_box, number_value
from neighborcenter.ui.common.settings_dialog import SettingsDialog as BaseSettingsDialog
from neighborcenter.ui.common.settings_dialog import buddy_groups

#: what the example under the rounding rule shows: minutes served (1 h 10 min, …)
EXAMPLES = (70, 80, 110)


class SettingsDialog(BaseSettingsDialog):
    title = N_("Points and hours settings")
    note = N_("These apply to hours approved from now on: points already earned and hours "
              "already approved stay as they are.")

    def build(self, form: QFormLayout) -> tuple[dict[str, QWidget], QWidget]:
        # points per approved hour, by category
        self.rates: dict[ServiceCategory, QLineEdit] = {}
        rates = QWidget()
        grid = QGridLayout(rates)
        grid.setContentsMargins(0, 0, 0, 0)
        for position, category in enumerate(ServiceCategory):
            edit = number_box(line(), 6)
            label = QLabel(category.label)
            label.setBuddy(edit)
            grid.addWidget(label, position // 2, (position % 2) * 2)
            grid.addWidget(edit, position // 2, (position % 2) * 2 + 1)
            self.rates[category] = edit
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.rates_box = rates

        # the rounding rule: two limits, and what each step counts
        rounding = QWidget()
        steps = QGridLayout(rounding)
        steps.setContentsMargins(0, 0, 0, 0)
        steps.addWidget(QLabel(_("Minutes past the full hour")), 0, 0, 1, 2)
        steps.addWidget(QLabel(_("count as (minutes)")), 0, 2)
        self.limits = [number_box(line(), 6), number_box(line(), 6)]
        self.counts = [number_box(line(), 6), number_box(line(), 6), number_box(line(), 6)]
        for row, (limit, count) in enumerate(zip(self.limits, self.counts[:2], strict=True)):
            below = QLabel(_("under") if row == 0 else _("from there, under"))
            below.setBuddy(limit)
            steps.addWidget(below, row + 1, 0)
            steps.addWidget(limit, row + 1, 1)
            steps.addWidget(count, row + 1, 2)
        steps.addWidget(QLabel(_("from there up to 60")), 3, 0, 1, 2)
        steps.addWidget(self.counts[2], 3, 2)
        steps.setColumnStretch(3, 1)
        self.example = QLabel()  # a line an example, unwrapped: its height is known
        self._write_example(RoundingRule())  # as many lines as it will have: sized for them
        steps.addWidget(self.example, 4, 0, 1, 4)
        for edit in (*self.limits, *self.counts):
            edit.textChanged.connect(self._show_example)
        self.rounding_box = rounding

        self.cap = fit_placeholder(line(placeholder=_("empty: no cap")))
        self.cap.setMaximumWidth(self.cap.minimumWidth())
        self.expiry = number_box(line(), 4)

        stars = QWidget()
        star_grid = QGridLayout(stars)
        star_grid.setContentsMargins(0, 0, 0, 0)
        self.stars: list[QLineEdit] = []
        for level in range(1, 6):
            edit = number_box(line(), 6)
            label = QLabel(_(STAR_NAMES[level]))
            label.setBuddy(edit)
            star_grid.addWidget(label, 0, level - 1)
            star_grid.addWidget(edit, 1, level - 1)
            self.stars.append(edit)
        star_grid.setColumnStretch(5, 1)
        self.stars_box = stars

        form.addRow(_("&Points per approved hour"), rates)
        form.addRow(_("&Rounding of the time served"), rounding)
        form.addRow(_("Default &cap per activity (hours)"), self.cap)
        form.addRow(_("Points &last (years; 0: for ever)"), self.expiry)
        form.addRow(_("&Hours for each star level"), stars)
        buddy_groups(form, ((rates, self.rates[next(iter(ServiceCategory))]),
                            (rounding, self.limits[0]), (stars, self.stars[0])))
        return {"points_per_hour": rates, "rounding": rounding,
                "default_cap_minutes": self.cap, "expiry_years": self.expiry,
                "star_hours": stars}, self.rates[next(iter(ServiceCategory))]

    @staticmethod
    def read(centre, actor) -> VolunteerSettings:
        return volunteer_settings.get_volunteer_settings(centre, actor=actor)

    @staticmethod
    def write(centre, actor, settings: VolunteerSettings) -> None:
        volunteer_settings.save_volunteer_settings(centre, actor=actor, settings=settings)

    def fill(self, s: VolunteerSettings) -> None:
        for category, edit in self.rates.items():
            edit.setText(str(s.rate(category)))
        steps = list(s.rounding.steps)
        if len(steps) == 3:  # the rule as this dialog shows it (two limits, three counts)
            for edit, (below, _counted) in zip(self.limits, steps[:2], strict=True):
                edit.setText(str(below))
            for edit, (_below, counted) in zip(self.counts, steps, strict=True):
                edit.setText(str(counted))
        self.cap.setText(format_hours(s.default_cap_minutes) if s.default_cap_minutes else "")
        self.expiry.setText(str(s.expiry_years))
        for edit, hours in zip(self.stars, (*s.star_hours, *([None] * 5)), strict=False):
            edit.setText("" if hours is None else str(hours))
        self._show_example()

    def _rounding(self) -> RoundingRule:
        message = _("Write whole minutes, from 0 to 60.")
        limits = [number_value(e, "rounding", message) for e in self.limits]
        counts = [number_value(e, "rounding", message) for e in self.counts]
        if not 0 < limits[0] <= limits[1] <= 60:
            raise ValidationError(_("The second limit is at least the first, and both are "
                                    "between 1 and 60 minutes."), field="rounding")
        return RoundingRule(((limits[0], counts[0]), (limits[1], counts[1]), (60, counts[2])))

    def _show_example(self, *_args) -> None:
        try:
            rule = self._rounding()
        except ValidationError:
            self.example.setText(_("For example:"))
            return
        self._write_example(rule)

    def _write_example(self, rule: RoundingRule) -> None:
        self.example.setText("\n".join((_("For example:"), *(
            "　" + _("{served} served counts {counted} h").format(
                served=_("{h} h {m} min").format(h=m // 60, m=m % 60),
                counted=format_hours(rule.round(m)))
            for m in EXAMPLES))))

    def settings(self) -> VolunteerSettings:
        """What the form says, as settings; a number that is not one raises by its field."""
        rate_message = _("Points per hour are whole numbers between 0 and 1000.")
        rates = {str(c): number_value(e, "points_per_hour", rate_message)
                 for c, e in self.rates.items()}
        rounding = self._rounding()
        cap_text = self.cap.text().strip()
        cap = parse_hours(cap_text, field="default_cap_minutes") if cap_text else None
        expiry = number_value(self.expiry, "expiry_years",
                         _("Write a whole number of years (0: points never expire)."))
        texts = [e.text().strip() for e in self.stars]
        while texts and not texts[-1]:
            texts.pop()  # fewer than five levels: the last ones left empty
        star_message = _("Write whole numbers of hours, one star after the other.")
        if "" in texts:
            raise ValidationError(star_message, field="star_hours")
        star_hours = []
        for text in texts:
            try:
                star_hours.append(int(text))
            except ValueError:
                raise ValidationError(star_message, field="star_hours") from None
        return VolunteerSettings(points_per_hour=rates, rounding=rounding,
                                 default_cap_minutes=cap, expiry_years=expiry,
                                 star_hours=tuple(star_hours))
