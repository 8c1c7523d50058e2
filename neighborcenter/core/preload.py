"""The data layer and the services, loaded ahead: the window does it while the passphrase is
typed (ui/loading.py), so that the login and the home page find them ready.

Imports, the mappers configured (else done by the login's first query), babel's locale data
for the active language. ``prepare_argon2``: one throw-away Argon2id derivation at the app's
parameters (the login's check then finds its 19 MiB already mapped: the first derivation of a
process pays the page faults, 20–60 ms here; the check itself is unchanged).
"""

from __future__ import annotations

import importlib
import secrets

#: loaded in this order; then the models and the home page's hooks of every feature
MODULES = (
    "babel.dates",
    "babel.numbers",
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.orm",
    "neighborcenter.core.handle",
    "neighborcenter.core.accounts",
    "neighborcenter.core.audit",
    "neighborcenter.core.centre",
    "neighborcenter.core.features",
    "neighborcenter.core.maintenance",
    "neighborcenter.core.settings",
    "neighborcenter.core.unlock",
    "neighborcenter.storage.check",
)


def load_data_layer() -> None:
    from neighborcenter.i18n import load_locale_formats

    for name in MODULES:
        importlib.import_module(name)
    from sqlalchemy.orm import configure_mappers

    from neighborcenter.core import features

    features.load_models()
    for hook in ("home", "home_checks"):  # the first page's parts
        for _feature, _part in features.each(hook):
            pass
    configure_mappers()
    load_locale_formats()


def prepare_argon2() -> None:
    from neighborcenter.core.passphrase import derive_key, random_salt

    derive_key(secrets.token_hex(16), random_salt())  # thrown away
