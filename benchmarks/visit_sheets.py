"""The visit sheets benchmark (issue 14's evidence): visit sheets (探访关爱记录表) for 500
elders, one A4 page each, as the app prints them — ``printouts.save_visit_sheets``: the plans
and their states, the elders, pairs, emergency contacts, last visits and open follow-ups read,
the words translated, the PDF drawn with the embedded CJK font, audited and handed over —
against a floor of plain reportlab drawing the same page content: the very strings, boxes and
lines of those pages (recorded from the app's drawing once, outside the timing), the same
font embedded, the same frame text, with no database and no application logic.

Two figures: a festival campaign's sheets (every elder on the list, 500) and this month's
(the elders whose visit is still to make: the quarterly ones visited last month are done).
The centre is the benchmark's demo centre with 500 of its qualifying elders on the visit
list (willing, the suggested tier), 25 pairs of volunteers, last month's plan with a visit
for nine elders in ten (a follow-up for one in five), this month's plan and next year's
Spring Festival campaign, all made through the services (only the elders' "on the list since"
is set back a year, by SQL); it is built once and kept in the cache."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import random
import re
import tempfile
import time
from pathlib import Path

from benchmarks import data
from benchmarks.stats import Figure
from neighborcenter.core.centre import centre_heading

ELDERS = 500
PAIRS = 25
GENERATION = 3  # bump when the builder below changes (the cached file is rebuilt)


def _fill(db, elders: int, seed: int) -> dict:
    from neighborcenter.core.roles import SYSTEM_ACTOR as actor
    from neighborcenter.features.visits import elders as listing
    from neighborcenter.features.visits import plans, records
    from neighborcenter.features.visits.rules import Area, Method, add_months, month_bounds
    from neighborcenter.features.volunteers import people

    rng = random.Random(seed)
    volunteers = [people.save_volunteer(db, actor=actor, form=people.VolunteerForm(
        name=f"探访志愿者{n + 1:02d}", consent_on="2025-01-06")) for n in range(2 * PAIRS)]
    for n in range(PAIRS):
        listing.save_pair(db, actor=actor, form=listing.PairForm(
            name=f"第{n + 1:02d}探访组", first_volunteer_id=volunteers[2 * n],
            second_volunteer_id=volunteers[2 * n + 1]))
    candidates = sorted(listing.list_candidates(db, actor=actor),
                        key=lambda c: (c.resident.address, c.resident.id))[:elders]
    listing.add_candidates(db, actor=actor, resident_ids=[c.resident.id for c in candidates])
    for c in candidates:
        listing.save_elder(db, actor=actor, resident_id=c.resident.id, form=listing.ElderForm(
            willing="yes", willing_on="2025-01-06", tier=c.suggested_tier,
            tier_reason=c.reasons or "高龄"))
    uow = db.unit_of_work(write=True)  # on the list since last year, not since today
    with uow:
        from sqlalchemy import text

        uow.session.execute(text("UPDATE visit_elders SET since = '2025-01-06'"))
        uow.commit()
    today = dt.date.today()
    first, _last = month_bounds(today.year, today.month)
    before = add_months(first, -1)
    plans.generate_plan(db, actor=actor, year=before.year, month=before.month)
    pairs = {p.id: p for p in listing.list_pairs(db, actor=actor)}
    last_month = plans.month_plan(db, actor=actor, year=before.year, month=before.month,
                                  today=first)
    visited = set()
    for p in last_month:
        if p.resident.id in visited or rng.random() > 0.9 or p.pair_id is None:
            continue
        visited.add(p.resident.id)
        on = min(p.due_on, first - dt.timedelta(days=1)) - dt.timedelta(days=rng.randrange(3))
        follow_ups = [records.FollowUpForm("申请居家适老化改造（扶手、防滑垫）", "街道民政科",
                                           (first + dt.timedelta(days=20)).isoformat())] \
            if rng.random() < 0.2 else []
        records.record_visit(db, actor=actor, form=records.VisitForm(
            resident_id=p.resident.id, on=max(on, p.starts_on).isoformat(), at="09:30",
            method=Method.HOME if rng.random() < 0.8 else Method.PHONE,
            volunteer_ids=list(pairs[p.pair_id].volunteer_ids),
            items={Area.HEALTH: {"mobility"}} if rng.random() < 0.3 else {},
            follow_ups=follow_ups))
    made = plans.generate_plan(db, actor=actor, year=today.year, month=today.month)
    campaign = plans.create_campaign(db, actor=actor, festival="spring", year=today.year + 1,
                                     gift="米、油各一份")
    return {"elders": len(candidates), "visited": len(visited), "planned": made.created,
            "year": today.year, "month": today.month, "today": first.isoformat(),
            "campaign": campaign}


def visits_db(ctx) -> tuple[Path, dict]:
    """The centre of this benchmark (built once per demo centre, kept in the cache)."""
    from neighborcenter.core.handle import Centre
    from neighborcenter.storage.keyfile import key_file_path

    name = f"visits-{data.data_key(ctx.residents, ctx.seed)}-g{GENERATION}"
    path, info = ctx.cache / f"{name}.db", ctx.cache / f"{name}.json"
    if path.exists() and key_file_path(path).exists() and info.exists():
        return path, json.loads(info.read_text(encoding="utf-8"))
    for old in ctx.cache.glob("visits-*"):
        old.unlink()
    building = ctx.cache / "visits-building.db"
    data.fresh_copy(ctx.centre, building)
    elders = ELDERS if ctx.residents >= 1000 else 50  # the smoke run: a tenth
    ctx.log(f"building the visits centre ({elders} elders) …")
    db = Centre.open(building, key=data.key_of(building))
    try:
        facts = _fill(db, elders, ctx.seed)
    finally:
        db.close()
    data.publish_built(building, path, info, facts)
    return path, facts


class Recorder:
    """Stands in for the canvas while the app draws a sheet: keeps every drawing call (the
    floor replays them), measures text as the canvas would."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []

    def stringWidth(self, text, font, size):  # noqa: N802 - reportlab's name
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(text, font, size)

    def __getattr__(self, name: str):
        def record(*args, **kwargs):
            self.calls.append((name, args, kwargs))
        return record


def _pages(path: Path) -> int:
    return len(re.findall(rb"/Type /Page\b", path.read_bytes()))


def _recorded(db, today: dt.date, which: dict):
    """The words and every page's drawing calls of the sheets ``which`` selects, recorded
    once from the app's own drawing (read in one unit of work, like the service)."""
    from reportlab.lib.pagesizes import A4

    from neighborcenter.core.roles import SYSTEM_ACTOR
    from neighborcenter.features.visits import printing, printouts
    from neighborcenter.printing.fonts import chinese_font

    uow = db.unit_of_work(write=False)
    with uow:
        s = uow.session
        selection = printouts.select_plans(s, today=today, **which)
        sheets = printouts.build_sheets(s, selection, today=today)
        name, header = centre_heading(s)
        words = printouts.sheet_words(name, printouts.sheets_subtitle(selection, ""),
                                      printouts.frame_text(header, SYSTEM_ACTOR))
    pages = []
    for sheet in sheets:
        recorder = Recorder()
        printing.draw_sheet(recorder, sheet, words, chinese_font(), *A4)
        pages.append(recorder.calls)
    return words, pages


def _floor(path: Path, words, pages: list) -> int:
    """Plain reportlab: replay the recorded calls of each page, then the frame's text and
    lines, on a canvas with the same embedded font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from neighborcenter.printing.fonts import chinese_font
    from neighborcenter.printing.frame import MARGIN_MM

    font = chinese_font()
    width, height = A4
    frame = words.frame
    c = Canvas(str(path), pagesize=A4, initialFontName=font)
    left, right = MARGIN_MM * mm, width - MARGIN_MM * mm
    for n, calls in enumerate(pages, 1):
        for method, args, kwargs in calls:
            getattr(c, method)(*args, **kwargs)
        c.setStrokeColor("#8a9bb0")
        c.setLineWidth(0.4)
        c.setFont(font, 8)
        c.drawString(left, height - 13 * mm, frame.header)
        c.setFont(font, 10)
        c.setFillColor("#a00000")
        c.drawRightString(right, height - 13 * mm, frame.confidential)
        c.line(left, height - 15 * mm, right, height - 15 * mm)
        c.setFillColor("#000000")
        c.line(left, 16 * mm, right, 16 * mm)
        c.setFont(font, 8)
        c.drawString(left, 12 * mm, frame.printed)
        c.drawRightString(right, 12 * mm, frame.page.format(page=n, pages=len(pages)))
        c.showPage()
    c.save()
    return len(pages)


def visit_sheets(ctx) -> list[Figure]:
    """The festival campaign's sheets (every elder on the list: 500) and this month's (the
    elders whose visit is still to make), each against its floor."""
    from neighborcenter.core.handle import Centre
    from neighborcenter.core.roles import SYSTEM_ACTOR
    from neighborcenter.features.visits import printouts

    source, facts = visits_db(ctx)
    work = Path(tempfile.mkdtemp(prefix="nc-bench-visits-"))
    path = data.fresh_copy(source, work / "centre.db")
    db = Centre.open(path, key=data.key_of(source))
    today = dt.date.fromisoformat(facts["today"])
    app_pdf, floor_pdf = work / "sheets.pdf", work / "floor.pdf"
    cases = (("a festival campaign", {"campaign_id": facts["campaign"]}),
             ("the month's plan", {"year": facts["year"], "month": facts["month"]}))
    figures = []
    try:
        for label, which in cases:
            def service(which=which) -> int:
                return printouts.save_visit_sheets(db, actor=SYSTEM_ACTOR, path=app_pdf,
                                                   today=today, **which)

            words, pages = _recorded(db, today, which)
            n = service()
            if n != _floor(floor_pdf, words, pages) or _pages(app_pdf) != n \
                    or _pages(floor_pdf) != n:
                raise RuntimeError(f"the sheets and their floor disagree: {n} sheets, "
                                   f"{_pages(app_pdf)} and {_pages(floor_pdf)} pages")
            sizes = (app_pdf.stat().st_size, floor_pdf.stat().st_size)
            app_ms, floor_ms = [], []
            for run in range(ctx.warmup + ctx.runs):
                gc.collect()  # neither pays for the garbage of the other
                t0 = time.perf_counter()
                service()
                a = (time.perf_counter() - t0) * 1000
                gc.collect()
                t0 = time.perf_counter()
                _floor(floor_pdf, words, pages)
                f = (time.perf_counter() - t0) * 1000
                if run >= ctx.warmup:
                    app_ms.append(a)
                    floor_ms.append(f)
            figures.append(Figure(
                f"visit sheets: {label}, {n} elders (PDF, a page each)", "ms", app_ms,
                floor_ms, "plain reportlab canvas: the same strings, boxes and lines, the "
                "same embedded font and frame text, no data or logic",
                max_ratio=1.5, max_value=25 * n + 1000,
                notes=[f"{facts['elders']} elders on the list, {facts['visited']} visited "
                       f"last month; PDF {sizes[0] // 1024} KiB, floor "
                       f"{sizes[1] // 1024} KiB; target p95 25 ms a page + 1 s"]))
    finally:
        db.close()
        data.remove_centre(path)
        for file in (app_pdf, floor_pdf):
            file.unlink(missing_ok=True)
        os.rmdir(work)
    return figures
