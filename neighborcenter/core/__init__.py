"""What every feature shares: accounts and roles, the audit log, settings, the centre,
changes, backups and checks as user actions."""
