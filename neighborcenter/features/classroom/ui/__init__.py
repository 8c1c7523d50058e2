"""The after-school class's screens: the page (page.py) with the day's tab for the volunteers
on duty — 今日, the kiosk (today.py: the tiles and the day's buttons; signout.py: the hand-over;
late.py: the late pick-up ladder; roster.py: collecting, signing in, homework, absences;
kiosk.py: the states' colours and words, the clock) — and the staff's tabs — the children and
their applications (children.py), the terms and the settings (terms.py), who is on duty
(duty.py), the reports (reports.py)."""
