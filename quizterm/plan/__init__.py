"""Preparing for a date: the planner, readiness (FSRS's memory model), cram selection. No Textual."""
