"""Passphrase hashing with scrypt (memory-hard, in the standard library).

Stored form: ``scrypt$n$r$p$salt_b64$hash_b64`` so parameters can be raised later without
breaking old hashes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import _

SCRYPT_N = 2**14  # 16 MiB with r=8
SCRYPT_R = 8
SCRYPT_P = 1
MIN_LENGTH = 6


def check_strength(passphrase: str) -> None:
    if len(passphrase) < MIN_LENGTH:
        raise ValidationError(
            _("The passphrase must have at least {n} characters.").format(n=MIN_LENGTH),
            field="passphrase",
        )
    if passphrase.strip() != passphrase:
        raise ValidationError(
            _("The passphrase must not start or end with a space."), field="passphrase"
        )


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32
    )


def hash_passphrase(passphrase: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_passphrase(passphrase: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = _derive(passphrase, base64.b64decode(salt_b64), int(n), int(r), int(p))
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))
