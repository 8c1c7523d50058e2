"""The visits' screens: the page (page.py) and its tabs — the month's plan, the visit list
(elders.py), the visiting pairs (pairs.py), the festival visits (campaigns.py), the follow-ups
(followups.py), the overview (overview.py) — the visit form (record.py) and the settings
(settings.py)."""
