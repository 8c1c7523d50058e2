#!/usr/bin/env python3
"""Screenshots of every page and dialog, as people see them, for looking at and for the README.

    .venv/bin/python scripts/screenshots.py [--out build/screenshots] [--residents 300]

Makes a demo centre in a temporary folder (the encrypted database and its key file), then for
each of zh_CN, zh_CN in large print and English starts a virtual 1366×768 screen (Xvfb, the
most common front-desk resolution), shows the real login window, logs in on it as the demo
administrator (a wrong passphrase first, for its message), and walks through the pages and the
dialogs, the set-up wizard and the recovery key's dialog, and last the demo shop volunteer's
login (陈阿姨, on the till), saving the whole screen after each step:
``<out>/<variant>/<nn>-<name>.png``. The register page of each variant is also written
to ``docs/screenshots/`` for the README, so those pictures are never older than the code.
Needs Xvfb (the test command installs it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = {  # name → (language, large print)
    "zh_CN": ("zh_CN", False),
    "zh_CN-large": ("zh_CN", True),
    "en": ("en", False),
}
README_SHOTS = {"zh_CN": "main-zh_CN.png", "zh_CN-large": "main-large-print.png",
                "en": "main-en.png"}
DEMO_PASSPHRASE = "demo1234"


def start_xvfb() -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24",
                             "-nolisten", "tcp"], pass_fds=(write,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        return xvfb, ":" + fh.readline().strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    parser.add_argument("--residents", type=int, default=300)
    parser.add_argument("--only", choices=sorted(VARIANTS), action="append")
    parser.add_argument("--child", choices=sorted(VARIANTS), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return Tour(args.child, args.db, args.out).run()
    if shutil.which("Xvfb") is None:
        print("Xvfb is missing: run 'python3 scripts/dev.py test' once, which installs it",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="nc-shots-") as tmp:
        home = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEIGHBORCENTER_")}
        env.update({f"XDG_{k}_HOME": str(home / k.lower()) for k in ("DATA", "STATE",
                                                                       "CONFIG", "CACHE")})
        db = home / "demo.db"  # and demo.db.keys beside it, which the demo command writes
        subprocess.run([sys.executable, "-m", "neighborcenter", "demo", "--db", str(db),
                        "--residents", str(args.residents)], check=True, env=env, cwd=ROOT,
                       stdout=subprocess.DEVNULL)  # (it prints the recovery key)
        for variant in args.only or VARIANTS:
            xvfb, display = start_xvfb()
            try:
                code = subprocess.call(
                    [sys.executable, __file__, "--child", variant, "--db", str(db),
                     "--out", str(args.out)],
                    env=dict(env, DISPLAY=display, QT_QPA_PLATFORM="xcb"), cwd=ROOT)
            finally:
                xvfb.terminate()
                xvfb.wait()
            if code:
                return code
            shutil.copyfile(next((args.out / variant).glob("*-register.png")),
                            ROOT / "docs" / "screenshots" / README_SHOTS[variant])
    print(f"screenshots in {args.out}")
    return 0


class Tour:
    """In the child process: the real controller and main window, step by step."""

    def __init__(self, variant: str, db: Path, out: Path) -> None:
        self.language, self.large = VARIANTS[variant]
        self.db_path, self.out = db, out / variant
        self.out.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def run(self) -> int:
        sys.path.insert(0, str(ROOT))
        from neighborcenter.app import make_application
        from neighborcenter.core import unlock
        from neighborcenter.i18n import set_language
        from neighborcenter.ui.controller import AppController
        from neighborcenter.ui.ops import DbWorker, ImmediateExecutor

        set_language(self.language)
        self.app = make_application()
        # jobs run at once, so that every screen is complete when it is taken; the database
        # stays shut until the login window's login opens it
        worker = DbWorker(None, ImmediateExecutor())
        self.controller = AppController(self.app, worker, db_path=self.db_path,
                                        door=unlock.door(self.db_path), language=self.language,
                                        large_print=self.large, user=None, passphrase=None)
        self.controller.start()
        self.settle()
        self.log_in()
        window = self.controller.window
        if window is None:
            print("the demo administrator could not log in", file=sys.stderr)
            return 1
        self.pages(window)
        self.register_dialogs(window)
        self.volunteer_dialogs(window)
        self.visit_dialogs(window)
        self.class_dialogs(window)
        self.shop_dialogs(window)
        self.meeting_dialogs(window)
        self.other_dialogs(window)
        self.controller.lock(idle=False)
        self.shot("lock")
        self.shop_volunteer()
        sys.stdout.flush()
        os._exit(0)  # as the application does: no teardown of thousands of Qt objects

    # -- helpers ----------------------------------------------------------------------------

    def settle(self, ms: int = 400) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shot(self, name: str) -> None:
        self.settle()
        self.count += 1
        path = self.out / f"{self.count:02d}-{name}.png"
        self.app.primaryScreen().grabWindow(0).save(str(path))
        print(path)

    def dialog(self, name: str, open_it, then=None) -> None:
        """Open a modal dialog with ``open_it()``; once it shows, take it, do ``then(dialog)``
        (more dialogs from it), and close it (also one that refuses Esc, like the recovery
        key's)."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        def take() -> None:
            modal = QApplication.activeModalWidget()
            if modal is None:
                print(f"{name}: no dialog showed", file=sys.stderr)
                return
            self.shot(name)
            if then is not None:
                then(modal)
            modal.reject()
            if modal.isVisible():
                modal.done(0)

        QTimer.singleShot(500, take)
        open_it()

    # -- the tour -----------------------------------------------------------------------------

    def log_in(self) -> None:
        """The login window as the app shows it first: empty, then a wrong passphrase's
        message, then the demo administrator's login (which opens the database)."""
        from neighborcenter.ui.login import LoginDialog

        login = self.controller.dialog
        if not isinstance(login, LoginDialog):
            print(f"the login window did not show (got {login!r})", file=sys.stderr)
            return
        self.shot("login")
        login.username.setText("admin")
        login.passphrase.setText("wrong passphrase")
        login.try_login()
        self.shot("login-wrong-passphrase")
        login.passphrase.setText(DEMO_PASSPHRASE)
        login.try_login()
        self.settle()

    def pages(self, window) -> None:
        for spec in window.specs:
            window.show_page(spec.key)
            self.shot(spec.key)
            if spec.key == "register":
                page = window.pages["register"]
                page.search.setText("zzqq")
                self.shot("register-no-match")
                page.search.setText("")

    def register_dialogs(self, window) -> None:
        window.show_page("register")
        page = window.pages["register"]

        def from_detail(detail) -> None:
            self.dialog("resident-edit", detail.edit)
            self.dialog("tag-add", detail.add_tag)
            self.dialog("move-out", detail.move_out)
            self.dialog("merge", detail.merge)

        self.dialog("resident-detail", lambda: page.open_resident(0), from_detail)
        self.dialog("resident-new", page.add_resident)
        self.dialog("import", page.import_file)
        self.dialog("tag-list", page.edit_tags)

    def volunteer_dialogs(self, window) -> None:
        """The volunteers' tabs, then the profile (and its points actions), the new-volunteer
        form, the teams, the points and hours settings, an activity with its group entry and the
        new-activity form."""
        if "volunteers" not in [spec.key for spec in window.specs]:
            return
        window.show_page("volunteers")
        page = window.pages["volunteers"]
        for key in ("activities", "approval", "leaderboard", "points", "volunteers"):
            page.show_tab(key)
            self.shot(f"volunteers-{key}")
        tab = page.volunteers_tab
        if tab.model.rowCount():
            def from_profile(profile) -> None:
                self.dialog("volunteer-redeem", profile.redeem)
                self.dialog("volunteer-edit", profile.edit)

            first = tab.model.row_at(0).id
            self.dialog("volunteer-profile", lambda: tab.open_profile(first), from_profile)
        self.dialog("volunteer-new", tab.add_volunteer)
        self.dialog("volunteer-teams", tab.open_teams)
        if tab.settings_button.isVisibleTo(tab):
            self.dialog("volunteer-settings", tab.open_settings)
        page.show_tab("activities")
        activities = page.activities_tab
        if activities.model.rowCount():
            first = activities.model.row_at(0).id
            self.dialog("volunteer-activity", lambda: activities.open_activity(first))
        self.dialog("volunteer-activity-new", activities.new_activity)
        page.show_tab("volunteers")

    def visit_dialogs(self, window) -> None:
        """The visits' tabs, then the visit form on the first planned visit, an elder's form,
        a new pair, a new festival visit and the settings."""
        if "visits" not in [spec.key for spec in window.specs]:
            return
        window.show_page("visits")
        page = window.pages["visits"]
        for key in ("elders", "pairs", "campaigns", "follow_ups", "overview", "plan"):
            page.show_tab(key)
            self.shot(f"visits-{key}")
        plan = page.plan_tab
        if plan.model.rowCount():
            from neighborcenter.features.visits.ui.record import VisitDialog

            row = plan.model.row_at(0)
            self.dialog("visit-record", lambda: VisitDialog(
                page._ctx, resident_id=row.resident.id,
                plan_id=None if row.visit_id else row.id, visit_id=row.visit_id,
                parent=page).exec())
        page.show_tab("elders")
        elders = page.elders_tab
        if elders.model.rowCount():
            first = elders.model.row_at(0)
            self.dialog("visit-elder-edit", lambda: elders.edit(first))
        page.show_tab("pairs")
        self.dialog("visit-pair-new", page.pairs_tab.new_pair)
        page.show_tab("campaigns")
        self.dialog("visit-campaign-new", page.campaigns_tab.new_campaign)
        if page.settings_button.isVisibleTo(page):
            self.dialog("visit-settings", page.open_settings)
        page.show_tab("plan")

    def class_dialogs(self, window) -> None:
        """The after-school class: the day's tiles (a few children signed in now if nobody is
        here yet, so that the hand-over shows), the sign-out dialog, the late pick-up ladder at
        18:40, the collection checklist, then the staff's tabs and their forms."""
        if "classroom" not in [spec.key for spec in window.specs]:
            return
        import datetime as dt

        from neighborcenter.features.classroom import day as days
        from neighborcenter.features.classroom.rules import ChildState
        from neighborcenter.features.classroom.ui.late import open_late
        from neighborcenter.features.classroom.ui.signout import open_sign_out

        window.show_page("classroom")
        page = window.pages["classroom"]
        ctx, today = page._ctx, page.today_tab
        now = dt.datetime.now().astimezone()
        db = ctx.worker.centre  # the open database (jobs run at once here)
        view = days.day_view(db, actor=ctx.actor, now=now)
        here = [t for t in view.children if t.state in (ChildState.PRESENT, ChildState.LATE)]
        if view.runs and not here:
            waiting = [t.child_id for t in view.children if t.state == ChildState.EXPECTED]
            if waiting:
                days.arrive(db, actor=ctx.actor, on=now.date(), child_ids=waiting[:3],
                            now=now)
                view = days.day_view(db, actor=ctx.actor, now=now)
                here = [t for t in view.children
                        if t.state in (ChildState.PRESENT, ChildState.LATE)]
        today.reload()
        self.shot("class-today")
        if here:
            child = here[0]
            self.dialog("class-sign-out", lambda: open_sign_out(
                ctx, today, child.attendance_id, today.clock, on_done=lambda _done: None,
                on_error=lambda exc: print(f"sign-out: {exc}", file=sys.stderr)))
            evening = dt.datetime.combine(now.date(), dt.time(18, 40)).astimezone()
            if evening > now:
                self.dialog("class-late", lambda: open_late(
                    ctx, today, child.attendance_id, lambda: evening,
                    on_signed_out=lambda _done: None,
                    on_error=lambda exc: print(f"late: {exc}", file=sys.stderr)))
        if view.runs:
            self.dialog("class-collect", today.collect)
        for key in ("children", "terms", "duty", "reports"):
            if key in page.keys():
                page.show_tab(key)
                self.shot(f"class-{key}")
        if "children" in page.keys():
            page.show_tab("children")
            self.dialog("class-child-new", page._tabs["children"].new_child)
        if "terms" in page.keys():
            page.show_tab("terms")
            self.dialog("class-term-new", page._tabs["terms"].new_term)
        page.show_tab("today")

    def shop_dialogs(self, window) -> None:
        """匠心坊: every tab, then the till with a basket (cash: the confirmation; points: a
        volunteer found by name), a product's form, goods in, a donation's intake slip, a
        welfare gift, a new group-buy order, the stock-take count and its finish, the day
        close's question and the shop's settings."""
        if "shop" not in [spec.key for spec in window.specs]:
            return
        from PySide6.QtCore import Qt

        from neighborcenter.features.shop import goods
        from neighborcenter.features.shop import till as shop_till
        from neighborcenter.features.shop.rules import Shelf

        window.show_page("shop")
        page = window.pages["shop"]
        ctx = page._ctx
        db = ctx.worker.centre  # the open database (jobs run at once here)
        for key in page.keys():
            page.show_tab(key)
            self.shot(f"shop-{key}")
        products = goods.list_products(db, actor=ctx.actor)
        in_stock = [p for p in products if p.stock > 1 and not p.retired]
        cash = [p for p in in_stock if p.shelf == Shelf.DAILY and p.price_fen is not None]
        points = [p for p in in_stock if p.shelf == Shelf.POINTS and p.points is not None]
        if "till" in page.keys():
            page.show_tab("till")
            till = page.till_tab
            self.shot("shop-till-empty")
            for p in cash[:2]:
                till.scan.setText(p.barcode)
                till.scanned()
            if cash:
                till.scan.setText(cash[0].barcode)
                till.scanned()
            till.received.setText("100")
            self.shot("shop-till-cash-basket")
            if till.basket:
                self.dialog("shop-till-confirm", till.checkout)
            till.scan.setText(cash[0].name[:1] if cash else "米")
            till.scanned()
            self.shot("shop-till-name-matches")
            till.matches.hide()
            till._empty_basket()
            till.points_radio.setChecked(True)
            for p in points[:1]:
                till.scan.setText(p.barcode)
                till.scanned()
            # a surname that finds several volunteers with points, as typed at the till
            surname = next((ch for ch in "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗"
                            if len(shop_till.find_customers(db, actor=ctx.actor, query=ch)) > 1),
                           "王")
            till.card.setText(surname)
            till.card_entered()
            self.shot("shop-till-points-holders")
            if till.holders.count():
                till.choose_holder(till.holders.item(0).data(Qt.ItemDataRole.UserRole))
            self.shot("shop-till-points-basket")
            if till.basket and till.holder is not None:
                self.dialog("shop-till-points-confirm", till.checkout)
            till._empty_basket()
            till.cash_radio.setChecked(True)
            till.say("")
        if "goods" in page.keys():
            page.show_tab("goods")
            tab = page.tab("goods")
            self.dialog("shop-product-new", tab.new_product)
            if products:
                tab.table.selectRow(0)
                self.dialog("shop-product-edit", lambda: tab.edit(products[0]))
                self.dialog("shop-goods-in", tab.goods_in)
            tab.search.setText("zzqq")
            self.shot("shop-goods-no-match")
            tab.search.setText("")
        if "donations" in page.keys():
            page.show_tab("donations")
            self.dialog("shop-donation-new", page.tab("donations").new_donation)
        if "gifts" in page.keys():
            page.show_tab("gifts")
            self.dialog("shop-gift-new", page.tab("gifts").new_gift)
        if "groupbuy" in page.keys():
            page.show_tab("groupbuy")
            tab = page.tab("groupbuy")
            if tab.view is not None:
                self.dialog("shop-groupbuy-order-new", tab.new_order)
            if tab.new_button.isVisibleTo(tab):
                self.dialog("shop-groupbuy-campaign-new", tab.new_campaign)
        if "stocktake" in page.keys():
            page.show_tab("stocktake")
            tab = page.tab("stocktake")
            if tab.view is None:
                tab.start()
                self.settle()
            if tab.view is not None and tab.model.rowCount():
                tab.table.selectRow(0)
                tab.count_box.setText("3")
                tab.enter()
                tab.count_box.setText("2")
                self.shot("shop-stocktake-counting")
                if tab.finish_button.isVisibleTo(tab):
                    from neighborcenter.features.shop.ui.stocktake import finish_dialog

                    # the finish's form as it would show once every product is counted
                    view = tab.view
                    self.dialog("shop-stocktake-finish",
                                lambda: finish_dialog(ctx, view, tab).exec())
        if "dayclose" in page.keys():
            page.show_tab("dayclose")
            tab = page.tab("dayclose")
            from PySide6.QtTest import QTest

            QTest.keyClicks(tab.counted, "123.40")  # typed, as the difference follows typing
            # a difference closes only with a note: the question comes after it is written
            tab.note.insert("短款，已清点两遍")  # Chinese comes as committed text, not keys
            self.shot("shop-dayclose-counted")
            if tab.close_button.isEnabled():
                self.dialog("shop-dayclose-confirm", tab.close_day)
        from neighborcenter.features.shop.ui.settings import ShopSettingsDialog

        self.dialog("shop-settings", lambda: ShopSettingsDialog(ctx, page).exec())
        page.show_tab("till")

    def meeting_dialogs(self, window) -> None:
        """社区协商: every tab, then a held meeting's detail and minutes editor on each of its
        tabs (the quorum sentence above them, an outcome sentence under the vote), the vote's
        form, the new topic and new meeting forms, and the follow-up's notice form."""
        if "meetings" not in [spec.key for spec in window.specs]:
            return
        window.show_page("meetings")
        page = window.pages["meetings"]
        ctx = page._ctx
        db = ctx.worker.centre  # the open database (jobs run at once here)
        from neighborcenter.features.meetings import meetings as meeting_service

        held = [d for d in meeting_service.list_meetings(db, actor=ctx.actor)
                if any(i.outcome for i in d.items)]  # the demo's, the latest first
        page.reload()
        for key in page.keys():
            page.show_tab(key)
            self.shot(f"meetings-{key}")
        page.show_tab("topics")
        self.dialog("meetings-topic-new", page.topics_tab.new_topic)
        page.show_tab("meetings")
        self.dialog("meetings-meeting-new", page.meetings_tab.new_meeting)

        def tour_editor(editor) -> None:
            voted = next((i for i in editor.items.rows() if i.outcome), None)
            if voted is not None:
                editor.show_item(voted)
            for index, name in enumerate(("agenda", "people", "minutes", "corrections")):
                editor.tabs.setCurrentIndex(index)
                self.shot(f"meetings-minutes-{name}")
            editor.tabs.setCurrentIndex(2)
            if editor.vote_button.isEnabled():
                self.dialog("meetings-vote", editor.vote)

        if held:
            meeting_id = held[0].meeting.id
            self.dialog("meetings-minutes", lambda: page.meetings_tab.open_meeting(meeting_id),
                        tour_editor)
        page.show_tab("followup")
        if page.followup_tab.post_button.isEnabled():
            self.dialog("meetings-post-notice", page.followup_tab.post_notice)
        page.show_tab("topics")

    def shop_volunteer(self) -> None:
        """The demo shop volunteer (陈阿姨) logs in after the administrator logs out: the till,
        in the large print of her account."""
        from neighborcenter.ui.login import LoginDialog

        if self.controller.dialog is not None and hasattr(self.controller.dialog,
                                                          "logout_was_requested"):
            self.controller.dialog.logout_was_requested.emit()
        self.settle(800)
        login = self.controller.dialog
        if not isinstance(login, LoginDialog):
            print(f"no login window after the logout (got {login!r})", file=sys.stderr)
            return
        login.username.setText("chenayi")
        login.passphrase.setText(DEMO_PASSPHRASE)
        login.try_login()
        self.settle(800)
        window = self.controller.window
        if window is None or not window.isVisible():
            print("the shop volunteer could not log in", file=sys.stderr)
            return
        self.shot("shop-volunteer-landing")
        page = window.pages.get("shop")
        if page is None:
            return
        for key in page.keys():
            page.show_tab(key)
            self.shot(f"shop-volunteer-{key}")
        page.show_tab("till")

    def other_dialogs(self, window) -> None:
        window.show_page("accounts")
        self.dialog("account-new", window.pages["accounts"].add_account)
        self.dialog("passphrase-mine", window._change_my_passphrase)
        from neighborcenter.core.keys import new_recovery_key
        from neighborcenter.ui.recovery import RecoveryKeyDialog
        from neighborcenter.ui.setup_wizard import SetupWizard

        # a new centre's path: the wizard is only looked at, never finished
        wizard = SetupWizard(self.controller.worker, self.db_path.with_name("new-centre.db"))
        self.dialog("wizard", wizard.exec)

        def kept(dialog) -> None:
            dialog.kept.setChecked(True)
            self.shot("recovery-key-kept")

        recovery = RecoveryKeyDialog(new_recovery_key(), self.controller.centre.name)
        self.dialog("recovery-key", recovery.exec, kept)


if __name__ == "__main__":
    raise SystemExit(main())
