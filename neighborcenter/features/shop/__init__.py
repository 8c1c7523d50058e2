"""The 匠心坊 community shop: four shelves — 真心铺 (daily goods for cash), 倾心铺 (the monthly
group buy), 善心铺 (donated goods), 爱心铺 (goods for volunteers' service points, and welfare
gifts to residents in hardship) — one till for all four, run by a retired volunteer in large
print by keyboard and scanner.

Services: goods.py (products, barcodes, the stock book: every change a movement, never below
zero; goods in, write-offs, expiry), till.py (a sale for cash or points — the points
redemption and the stock change commit together or not at all — and its undo as a visible
reversing sale; the customers the till may see: name and masked phone), donations.py (intake
slips, the donors' receipts, the public notice), gifts.py (welfare gifts against a signature,
on the resident's 360° page), groupbuy.py (the month's campaign, orders, paid and collected,
the supplier's and the collection lists), stocktake.py (counted against expected, variances
become adjustments), dayclose.py (日结: the cash, the points, the gifts, the donations, and
whether it balances); settings.py; pure rules in rules/."""

from neighborcenter.core.features import (
    Command,
    Feature,
    OnLeave,
    OnMerge,
    PageSpec,
    ResidentLink,
)
from neighborcenter.core.roles import Permission
from neighborcenter.i18n import N_

HERE = "neighborcenter.features.shop"
SHOP = "shop"  # its change kind

FEATURE = Feature(
    key="shop",
    title=N_("The community shop"),
    # the sidebar's word is short (English "The community shop" in large print made the
    # sidebar, and the window, wider than 1366 px); the page's title is the feature's
    pages=(PageSpec("shop", "shop", N_("Shop"), f"{HERE}.ui.page:ShopPage",
                    Permission.USE_SHOP, order=50),),
    detail_sections=(f"{HERE}.home:shop_section",),
    resident_links=(
        # a gift received and a group-buy order stay with the person, whatever happens
        ResidentLink("shop_gifts", "resident_id", OnMerge.REPOINT,
                     on_death=OnLeave.KEEP, on_move_out=OnLeave.KEEP),
        ResidentLink("shop_orders", "resident_id", OnMerge.REPOINT,
                     on_death=OnLeave.KEEP, on_move_out=OnLeave.KEEP),
    ),
    synced_tables=("shop_products", "shop_stock_moves", "shop_sales", "shop_sale_lines",
                   "shop_donations", "shop_donation_lines", "shop_gifts", "shop_campaigns",
                   "shop_campaign_items", "shop_orders", "shop_order_lines", "shop_stocktakes",
                   "shop_stocktake_counts", "shop_day_closes"),
    change_kinds=frozenset({SHOP}),
    home=f"{HERE}.home:home_part",
    checks=f"{HERE}.goods:stock_problems",
    commands=(Command("shop", N_("the community shop: a points redemption at the till, the "
                                 "stock, the day close"),
                      f"{HERE}.cli:add_arguments", f"{HERE}.cli:run", Permission.USE_SHOP),),
    demo=f"{HERE}.demo:load_demo_data",
    benchmarks=("shop_till",),
    reliability=("shop",),
    models=f"{HERE}.models",
)
