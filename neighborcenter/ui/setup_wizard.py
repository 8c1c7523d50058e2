"""First run: the centre, the first administrator, the language, and an offer of demo data.

The wizard is the first window: it shows before the services are loaded (ui/loading.py), so
they are imported where they are used, after ``loading.wait()`` (a page's check, the set-up's
job on the worker) — by the time someone has typed a page, they are there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from neighborcenter.errors import NCError, ValidationError
from neighborcenter.i18n import _, current_language
from neighborcenter.ui import loading
from neighborcenter.ui.common.centre_form import CentreForm
from neighborcenter.ui.common.fitting import fit_to_screen
from neighborcenter.ui.common.forms import FormErrors
from neighborcenter.ui.common.widgets import window_title
from neighborcenter.ui.messages import show_error

if TYPE_CHECKING:
    from neighborcenter.core import centre
    from neighborcenter.ui.ops import DbWorker


class _CentrePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Your centre"))
        self.setSubTitle(_("These appear on printouts and on the data sent to the street office."))
        form = QFormLayout(self)
        self.centre = CentreForm(form, language=current_language())
        self.errors = FormErrors(form, self.centre.fields())

    def validatePage(self) -> bool:
        loading.wait()
        from neighborcenter.core import centre

        try:
            centre.validate_centre_fields(**self.centre.values())
        except NCError as exc:
            self.errors.show(exc)
            return False
        self.errors.clear()
        return True


class _AdminPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("The first administrator"))
        self.setSubTitle(_("This account can add the other staff accounts. The passphrase "
                           "needs at least 8 characters and must not be an easy one like "
                           "12345678; a short sentence is easiest to remember."))
        form = QFormLayout(self)
        self.username = QLineEdit("admin")
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText(_("your name"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Login name"), self.username)
        form.addRow(_("Your name"), self.display_name)
        form.addRow(_("Passphrase"), self.passphrase)
        form.addRow(_("Passphrase again"), self.repeat)
        self.errors = FormErrors(form, {"username": self.username,
                                        "display_name": self.display_name,
                                        "passphrase": self.passphrase, "repeat": self.repeat})

    def validatePage(self) -> bool:
        loading.wait()
        from neighborcenter.core import accounts
        from neighborcenter.core.passphrase import check_strength

        try:
            accounts.validate_username(self.username.text())
            accounts.validate_display_name(self.display_name.text())
            check_strength(self.passphrase.text(), username=self.username.text())
            if self.passphrase.text() != self.repeat.text():
                raise ValidationError(_("The two passphrases are not the same."), field="repeat")
        except NCError as exc:
            self.errors.show(exc)
            return False
        self.errors.clear()
        return True


class _DemoPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Try it with demo data?"))
        layout = QVBoxLayout(self)
        self.text = QLabel()  # its number comes with the demo's module: initializePage
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.load_demo = QCheckBox(_("Load demo data"))
        layout.addWidget(self.load_demo)

    def initializePage(self) -> None:  # noqa: N802
        loading.wait()
        from neighborcenter.core import demo

        self.text.setText(_(
            "NeighborCenter can fill this database with a made-up centre: about {n} residents "
            "in households and dwellings, with elders, tags and staff accounts, to learn the "
            "program with. Do not mix it with real data: for real work, start without it."
        ).format(n=demo.DEFAULT_RESIDENTS))


class SetupWizard(QWizard):
    setup_did_finish = Signal(object, str)  # centre.SetupResult, chosen language

    def __init__(self, worker: DbWorker, db_path: Path, parent=None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._db_path = db_path
        self.setWindowTitle(window_title(_("first-time set-up")))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.centre_page, self.admin_page, self.demo_page = _CentrePage(), _AdminPage(), _DemoPage()
        for page in (self.centre_page, self.admin_page, self.demo_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, _("Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))
        self.setMinimumSize(640, 480)
        self.restart()  # the first page in place, so that the size below counts it
        fit_to_screen(self)  # Qt's own choice, 2/3 of the screen, squeezed large print

    def accept(self) -> None:
        c, a = self.centre_page.centre, self.admin_page
        fields = dict(
            **c.values(), admin_username=a.username.text(),
            admin_display_name=a.display_name.text(), admin_passphrase=a.passphrase.text(),
            language=c.chosen_language(),
        )
        with_demo = self.demo_page.load_demo.isChecked()
        worker, path = self._worker, self._db_path

        def job(_nothing):
            loading.wait()
            from neighborcenter.core import centre, demo, features
            from neighborcenter.core.handle import Centre

            if worker.centre is None:  # the first try: a new, encrypted database
                worker.centre = Centre.create(path)
            ctx = worker.centre.tracking()
            result = centre.set_up_centre(ctx, **fields)
            if not with_demo:
                return result, None
            try:  # the centre is set up: a failure of the demo data must not lose its key
                demo.create_demo_staff(ctx)
                for _feature, load_demo in features.each("demo"):
                    load_demo(ctx, actor=result.admin)
            except Exception as exc:  # noqa: BLE001 - shown after the recovery key
                return result, exc
            return result, None

        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self._worker.run(job, on_done=self._done, on_error=self._failed,
                         progress_label=_("Setting up the centre…"))

    def _done(self, outcome: tuple[centre.SetupResult, BaseException | None]) -> None:
        result, demo_failure = outcome
        self.setup_did_finish.emit(result, self.centre_page.centre.chosen_language())
        super().accept()
        if demo_failure is not None:  # the centre works; only the demo data is missing
            show_error(demo_failure)

    def _failed(self, exc: BaseException) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        if not isinstance(exc, NCError):
            raise exc
        page = self.admin_page if exc.field in ("username", "display_name",
                                                "passphrase") else self.centre_page
        while self.currentPage() is not page and self.currentId() > 0:
            self.back()
        page.errors.show(exc)
