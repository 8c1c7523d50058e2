"""Passphrases: the policy, Argon2id hashes, and the key a passphrase derives.

Stored form: Argon2's own ``$argon2id$v=19$m=…,t=…,p=…$salt$hash``, at OWASP's minimum or
above (19 MiB, 2 passes, 1 lane). Hashes of the first versions (``scrypt$n$r$p$salt$hash``)
still verify, and ``needs_rehash`` says to replace them at the next successful login.
Every passphrase is NFC-normalised first, so 'é' typed as one or two code points is the same.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import Type, hash_secret_raw

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import _

ARGON2_TIME_COST = 2
ARGON2_MEMORY_KIB = 19 * 1024
ARGON2_PARALLELISM = 1
MIN_LENGTH = 8

_hasher = PasswordHasher(time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB,
                         parallelism=ARGON2_PARALLELISM, hash_len=32, salt_len=16)

# The passphrases every guessing list starts with (Chinese and Western lists alike).
COMMON = frozenset("""
123456 1234567 12345678 123456789 1234567890 111111 11111111 000000 00000000 123123 123321
654321 666666 888888 88888888 66666666 5201314 1314520 520520 147258369 159357 147258
password passw0rd password1 p@ssw0rd qwerty qwerty123 qwertyuiop abc123 abc12345 abcd1234
a123456 a1234567 aa123456 iloveyou woaini woaini1314 admin admin123 admin888 root123
1q2w3e4r 1q2w3e4r5t 1qaz2wsx qazwsx qazwsxedc zxcvbnm asdfghjkl letmein welcome monkey
dragon sunshine princess football baseball superman 1234qwer qwer1234 abcdefg abcdefgh
""".split())

# Rows that fingers run along: a passphrase inside one of these (or reversed) is a run.
_RUNS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm",
         "1qaz2wsx3edc4rfv5tgb", "qazwsxedcrfvtgbyhn", "!@#$%^&*()")


def normalise(passphrase: str) -> str:
    return unicodedata.normalize("NFC", passphrase)


def _too_simple(lowered: str, username: str | None) -> str | None:
    compact = lowered.replace(" ", "")
    if lowered in COMMON or compact in COMMON:
        return _("This passphrase is on every list of common passphrases.")
    if username and username.strip().lower() in (lowered, compact, lowered[::-1]):
        return _("The passphrase must not be the login name.")
    if len(set(compact)) <= 1:
        return _("The passphrase must not be one character repeated.")
    for unit in (1, 2, 3):  # abababab, 123123123
        if len(compact) >= 2 * unit and compact == compact[:unit] * (len(compact) // unit) \
                and len(compact) % unit == 0:
            return _("The passphrase must not be a short pattern repeated.")
    for run in _RUNS:
        if compact in run or compact in run[::-1]:
            return _("The passphrase must not be a run of keys or letters (like 12345678 or "
                     "qwertyui).")
    return None


def check_strength(passphrase: str, *, username: str | None = None) -> str:
    """The NFC form of an acceptable new passphrase; otherwise a message saying what to change."""
    passphrase = normalise(passphrase)
    if len(passphrase) < MIN_LENGTH:
        raise ValidationError(
            _("The passphrase must have at least {n} characters. A short sentence is easy to "
              "remember, for example “wo jia zai 3 hao lou”.").format(n=MIN_LENGTH),
            field="passphrase",
        )
    if passphrase.strip() != passphrase:
        raise ValidationError(
            _("The passphrase must not start or end with a space."), field="passphrase"
        )
    problem = _too_simple(passphrase.lower(), username)
    if problem:
        raise ValidationError(problem, field="passphrase")
    return passphrase


def hash_passphrase(passphrase: str) -> str:
    return _hasher.hash(normalise(passphrase))


def verify_passphrase(passphrase: str, stored: str) -> bool:
    passphrase = normalise(passphrase)
    if stored.startswith("scrypt$"):
        return _verify_scrypt(passphrase, stored)
    try:
        return _hasher.verify(stored, passphrase)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True for a hash weaker than today's parameters (scrypt, or Argon2 below them)."""
    if stored.startswith("scrypt$"):
        return True
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def derive_key(passphrase: str, salt: bytes, *, time_cost: int = ARGON2_TIME_COST,
               memory_kib: int = ARGON2_MEMORY_KIB,
               parallelism: int = ARGON2_PARALLELISM) -> bytes:
    """32 bytes from a passphrase (Argon2id): the key that wraps the database's data key."""
    return hash_secret_raw(normalise(passphrase).encode("utf-8"), salt, time_cost=time_cost,
                           memory_cost=memory_kib, parallelism=parallelism, hash_len=32,
                           type=Type.ID)


def argon2_parameters() -> dict[str, int]:
    return {"t": ARGON2_TIME_COST, "m": ARGON2_MEMORY_KIB, "p": ARGON2_PARALLELISM}


# -- the first versions' scrypt hashes -----------------------------------------------------

def scrypt_digest(passphrase: str, stored: str) -> bytes | None:
    """The digest a legacy ``scrypt$…`` hash was made with, recomputed from ``passphrase``."""
    try:
        _scheme, n, r, p, salt_b64, _digest = stored.split("$")
        return hashlib.scrypt(normalise(passphrase).encode("utf-8"),
                              salt=base64.b64decode(salt_b64), n=int(n), r=int(r), p=int(p),
                              maxmem=256 * 1024 * 1024, dklen=32)
    except (ValueError, TypeError):
        return None


def _verify_scrypt(passphrase: str, stored: str) -> bool:
    digest = scrypt_digest(passphrase, stored)
    if digest is None:
        return False
    return hmac.compare_digest(digest, base64.b64decode(stored.split("$")[5]))


def random_salt() -> bytes:
    return secrets.token_bytes(16)
