"""Progress: the review log and card states in SQLite, with backups, migrations and doctor.

Import `quizterm.store.progress` for `ProgressStore` and `Review`.
"""
