"""The register's screens."""
