"""Features: each one package that registers itself (see core/features.py)."""
