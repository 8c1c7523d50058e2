import pytest

from neighborcenter.core.passphrase import check_strength, hash_passphrase, verify_passphrase
from neighborcenter.core.roles import Actor, Permission, Role
from neighborcenter.errors import PermissionDenied, ValidationError


def test_shop_volunteer_may_not_see_the_register():
    actor = Actor("x", "chen", "陈阿姨", Role.SHOP_VOLUNTEER)
    assert actor.can(Permission.USE_SHOP)
    with pytest.raises(PermissionDenied) as err:
        actor.require(Permission.VIEW_REGISTER)
    assert "匠心坊志愿者" in str(err.value) and "查看居民台账" in str(err.value)


def test_passphrase_hash_is_salted_scrypt_and_verifies():
    stored = hash_passphrase("门前三包")
    assert stored.startswith("scrypt$") and "门前三包" not in stored
    assert stored != hash_passphrase("门前三包")  # salted
    assert verify_passphrase("门前三包", stored)
    assert not verify_passphrase("门前三包 ", stored)
    assert not verify_passphrase("x", "not-a-hash")


def test_short_passphrase_refused():
    with pytest.raises(ValidationError, match="至少需要6个字符"):
        check_strength("12345")
