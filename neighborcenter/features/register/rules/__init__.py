"""The register's pure rules: ID numbers (GB 11643), phones, dates, addresses, pinyin
and the register's words. No Qt, no SQLAlchemy."""
