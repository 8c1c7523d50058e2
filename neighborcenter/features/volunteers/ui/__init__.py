"""The volunteers' screens: the page (志愿者, 服务活动, 待审核, 排行榜, 积分) and its dialogs."""
