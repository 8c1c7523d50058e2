"""Tests of the 匠心坊 shop's screens (pytest-qt, offscreen)."""
