import base64
import hashlib

import pytest

from neighborcenter.core.passphrase import (
    check_strength,
    hash_passphrase,
    needs_rehash,
    verify_passphrase,
)
from neighborcenter.core.roles import Actor, Permission, Role
from neighborcenter.errors import PermissionDenied, ValidationError


def test_shop_volunteer_may_not_see_the_register():
    actor = Actor("x", "chen", "陈阿姨", Role.SHOP_VOLUNTEER)
    assert actor.can(Permission.USE_SHOP)
    with pytest.raises(PermissionDenied) as err:
        actor.require(Permission.VIEW_REGISTER)
    assert "匠心坊志愿者" in str(err.value) and "查看居民台账" in str(err.value)


def legacy_scrypt_hash(passphrase: str) -> str:
    """A hash as the first versions stored it (scrypt, n=2^14, r=8, p=1)."""
    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(passphrase.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    b64 = base64.b64encode
    return f"scrypt$16384$8$1${b64(salt).decode()}${b64(digest).decode()}"


def test_passphrase_hash_is_salted_argon2id_at_owasps_minimum_and_verifies():
    stored = hash_passphrase("门前三包")
    # OWASP: Argon2id, m = 19 MiB, t = 2, p = 1 at least
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$") and "门前三包" not in stored
    assert not needs_rehash(stored)
    assert stored != hash_passphrase("门前三包")  # salted
    assert verify_passphrase("门前三包", stored)
    assert not verify_passphrase("门前三包 ", stored)
    assert not verify_passphrase("x", "not-a-hash")


def test_first_version_scrypt_hashes_still_verify_and_ask_to_be_rehashed():
    old = legacy_scrypt_hash("旧口令也能用")
    assert verify_passphrase("旧口令也能用", old) and not verify_passphrase("别的口令", old)
    assert needs_rehash(old)


def test_passphrases_are_compared_in_nfc():
    composed, decomposed = "caf\u00e9 au lait", "cafe\u0301 au lait"
    assert verify_passphrase(decomposed, hash_passphrase(composed))
    assert check_strength(decomposed) == composed


@pytest.mark.parametrize("weak, why", [
    ("1234567", "至少需要8个字符"),
    ("12345678", "最常见"),
    ("qwerty123", "最常见"),
    ("aaaaaaaaaa", "同一个字符"),
    ("abababab", "重复"),
    ("asdfghjk", "连续"),
    ("87654321", "连续"),
    ("wangli2024", None),  # fine: not a run, not common
])
def test_passphrase_policy(weak, why):
    if why is None:
        assert check_strength(weak) == weak
        return
    with pytest.raises(ValidationError, match=why):
        check_strength(weak)


def test_the_login_name_is_not_a_passphrase():
    with pytest.raises(ValidationError, match="登录名"):
        check_strength("Wangli1988", username="wangli1988")
