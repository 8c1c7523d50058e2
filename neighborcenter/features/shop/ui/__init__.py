"""The 匠心坊 shop's screens: the page (page.py) and its tabs — 收银台, the till (till.py), 商品库存
(goods.py), 捐赠 (donations.py), 爱心发放 (gifts.py, the staff's), 倾心铺团购 (groupbuy.py), 盘点
(stocktake.py), 日结 (dayclose.py)."""
