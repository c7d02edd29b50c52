"""Insights: the figures of the stats screen, computed from the decks and the progress store.

No Textual here (the screen, `quizterm.tui.screens.stats`, only draws these values). Each figure has its
own module: calendar (the heatmap and streaks), forecast (cards due in the next 30 days), retention (by
week, young and mature apart), grades (grade counts, median time to reveal) and cards (counts per deck,
hardest cards, key points most often missed); report.py gathers them for one choice of decks. The figures
over time read the summary tables (store/summary.py), so opening the screen costs milliseconds at any
size of the log; the figures about cards read the state table.
"""
