"""The after-school class's screens: the page (page.py) with the day's tabs for the volunteers
on duty, and the staff's tabs — the children and their applications (children.py), the terms
and the settings (terms.py), who is on duty (duty.py)."""
