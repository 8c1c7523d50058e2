
import pytest

from neighborcenter.core.centre import get_centre, save_centre_settings, set_up_centre
from neighborcenter.core.settings import get_settings
from neighborcenter.errors import PermissionDenied, ValidationError
from tests.conftest import sql


def test_set_up_creates_centre_admin_settings_and_chinese_tags(db, admin):
    centre = get_centre(db)
    assert centre.name == "幸福邻里中心" and centre.street == "爱山街道"
    assert get_settings(db).language == "zh_CN"
    names = {r[0] for r in sql(db).execute("SELECT name FROM tag_types")}
    assert {"高龄", "独居", "空巢", "残疾", "低保", "计划生育特殊家庭"} <= names


def test_set_up_twice_is_refused(db, admin):
    with pytest.raises(ValidationError, match="已经设置过"):
        set_up_centre(db, name="x", community="x", street="x", district="x",
                      admin_username="other", admin_display_name="x", admin_passphrase="123456",
                      language="zh_CN")


def test_set_up_says_which_field_is_missing(db):
    with pytest.raises(ValidationError) as err:
        set_up_centre(db, name="幸福邻里中心", community=" ", street="x", district="x",
                      admin_username="admin", admin_display_name="x",
                      admin_passphrase="123456", language="zh_CN")
    assert err.value.field == "community" and str(err.value) == "请输入社区。"
    assert get_centre(db) is None


def test_settings_save_is_all_or_nothing(db, admin):
    with pytest.raises(ValidationError):
        save_centre_settings(db, actor=admin, name="新名字", community="幸福社区",
                             street="爱山街道", district="吴兴区", language="zh_CN",
                             idle_lock_minutes=0)
    assert get_centre(db).name == "幸福邻里中心"
    centre, settings = save_centre_settings(
        db, actor=admin, name="新名字", community="幸福社区", street="爱山街道",
        district="吴兴区", language="en", idle_lock_minutes=5)
    assert centre.name == "新名字" and settings.idle_lock_minutes == 5
    assert get_settings(db).language == "en"


def test_only_administrators_change_settings(db, social_worker):
    with pytest.raises(PermissionDenied):
        save_centre_settings(db, actor=social_worker, name="x", community="x",
                             street="x", district="x", language="zh_CN", idle_lock_minutes=5)
