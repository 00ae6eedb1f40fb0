"""Sharing annotations among a desk: sync through a PostgreSQL server, authors, agreement.

Nothing here imports psycopg, scikit-learn or krippendorff at module level; the functions that
need them import them, so the app starts without them.
"""
