import pytest

from neighborcenter.features.register.rules.pinyin import name_keys


@pytest.mark.parametrize("family, given, full, initials", [
    ("张", "三", "zhangsan", "zs"),
    ("单", "良", "shanliang", "sl"),  # not dān
    ("曾", "国藩", "zengguofan", "zgf"),  # not céng
    ("解", "晓东", "xiexiaodong", "xxd"),  # not jiě
    ("仇", "德明", "qiudeming", "qdm"),  # not chóu
    ("朴", "志明", "piaozhiming", "pzm"),  # not pǔ
    ("查", "建英", "zhajianying", "zjy"),  # not chá
    ("区", "志华", "ouzhihua", "ozh"),  # not qū
    ("欧阳", "修", "ouyangxiu", "oyx"),
    ("尉迟", "恭", "yuchigong", "ycg"),
    ("吕", "丽", "lvli", "ll"),  # ü typed as v
])
def test_name_keys(family, given, full, initials):
    keys = name_keys(family, given)
    assert (keys.full, keys.initials) == (full, initials)


def test_the_record_knows_how_its_family_reads_le():
    assert name_keys("乐", "平").full == "yueping"
    assert name_keys("乐", "平", family_reading="le").full == "leping"
