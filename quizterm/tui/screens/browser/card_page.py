"""A card's page in the browser: where it stands, its whole rubric (the rubric's own section widgets)
and its history, with the browser's actions on this card."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from quizterm.browse.rows import card_state
from quizterm.deck.cards import Card
from quizterm.tui.screens.base import SHARED_KEYS
from quizterm.tui.screens.browser.actions import ACTION_BINDINGS, ACTION_KEYS, CardActions
from quizterm.tui.screens.browser.history import history_content
from quizterm.tui.widgets.key_bar import KeyBar
from quizterm.tui.widgets.section import bullets, section


class CardPageScreen(CardActions):
    HELP_TITLE = "Card page"
    BINDINGS = [
        *ACTION_BINDINGS,
        Binding("escape,backspace", "back", "Back"),
        Binding("question_mark", "app.show_keys", "Keys"),
        Binding("t", "app.toggle_theme", "Theme", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, card: Card) -> None:
        super().__init__()
        self.card = card
        self.changed: set[str] = set()  # cards acted on here, for the table to show anew
        self.reloaded = False

    def compose(self) -> ComposeResult:
        card = self.card
        with VerticalScroll(id="card-page"):
            yield Static(Content(card.question), id="question", classes="question")
            yield Static(self._facts(), id="card-facts", classes="hint")
            yield section("Short answer", card.short_answer, id="short-answer")
            if card.key_points:
                yield section("Key points", bullets([point.text for point in card.key_points]), id="key-points")
            if card.breakdown:
                yield section("Full breakdown", card.breakdown, markdown=True, id="breakdown")
            if card.theory:
                yield section("Theory", card.theory, markdown=True, id="theory")
            if card.common_mistakes:
                yield section("Common mistakes", bullets(card.common_mistakes), id="mistakes")
            if card.interview_tips:
                yield section("How to answer in the interview", bullets(card.interview_tips), id="tips")
            if card.follow_ups:
                yield section("Follow-up questions", Content("\n").join(
                    Content.assemble(("• ", "$text-accent"), (f.question, "bold"), "\n  ", f.answer)
                    for f in card.follow_ups), id="follow-ups")
            if card.sources:
                yield section("Sources", bullets(card.sources), id="sources")
            yield section("History", history_content(self.service.history(card.id)), id="history")
        yield KeyBar(id="key-bar")

    def _facts(self) -> Content:
        service, card = self.service, self.card
        state = service.state(card.id)
        label = card_state(state, service.today(), service.leech)
        if service.leech.is_leech(state) and label != "leech":
            label += ", leech"
        due = "not scheduled yet" if state.due is None else \
            f"due {state.due.isoformat()} · interval {state.interval} d · EF {state.ef:.2f}"
        tags = "  ·  " + " ".join(f"#{tag}" for tag in card.tags) if card.tags else ""
        return Content(f"{card.id} · {card.deck} · {label} · {due} · lapses {state.lapses}{tags}")

    def on_mount(self) -> None:
        self.query_one("#card-page").focus()

    def help_keys(self) -> list[tuple[str, str]]:
        return [("↑ ↓ pgup pgdn", "scroll the page"), *ACTION_KEYS,
                ("escape / backspace", "back to the table"), *SHARED_KEYS]

    def action_card(self) -> Card | None:
        return self.card

    def cards_changed(self, card_ids: set[str], *, reloaded: bool = False) -> None:
        self.changed |= card_ids
        if reloaded:
            self.reloaded = True
            fresh = self.quiz_app.card(self.card.id)
            if fresh is not None and fresh != self.card:  # unchanged (another card edited): keep the scroll
                self.card = fresh
                self.refresh(recompose=True)
            return
        self.query_one("#card-facts", Static).update(self._facts())
        self.query_one("#history", Static).update(history_content(self.service.history(self.card.id)))

    def action_back(self) -> None:
        self.dismiss(None)
