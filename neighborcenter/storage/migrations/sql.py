"""SQL that migrations and the database check share."""

AUDIT_TRIGGER_NAMES = ("audit_log_no_update", "audit_log_no_delete")

AUDIT_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)

#: the points ledger (features/volunteers) is append-only too: a mistake is a reversal
LEDGER_TABLES = ("points_transactions", "points_entries")
LEDGER_TRIGGER_NAMES = tuple(f"{table}_no_{verb}" for table in LEDGER_TABLES
                             for verb in ("update", "delete"))
LEDGER_TRIGGERS = tuple(
    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb} BEFORE {verb.upper()} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
    for table in LEDGER_TABLES for verb in ("update", "delete"))

#: the shop's stock movements and sales (features/shop) are append-only: a mistake is undone
STOCK_TABLES = ("shop_stock_moves", "shop_sales", "shop_sale_lines")
STOCK_TRIGGER_NAMES = tuple(f"{table}_no_{verb}" for table in STOCK_TABLES
                            for verb in ("update", "delete"))
STOCK_TRIGGERS = tuple(
    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb} BEFORE {verb.upper()} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
    for table in STOCK_TABLES for verb in ("update", "delete"))
