"""Printed documents (reportlab): household rosters, later visit sheets, minutes, receipts."""
