"""Two small hand-made decks for the TUI tests: one card full of hostile markup, one in Cyrillic/CJK/emoji.

Card text is untrusted input, so the hostile strings must reach the screen verbatim and do nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizterm.deck.cards import Card, Deck, FollowUp, KeyPoint
from quizterm.deck.loader import BrokenDeck
from quizterm.deck.problems import Problem

# Noon UTC: the same calendar day in every zone from UTC-11 to UTC+11 (and the tests pin TZ=UTC anyway).
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

# Strings that Textual would parse as markup if a widget were given them as a plain `str`.
HOSTILE = (
    "x [/bold] y",
    "arr[i][j]",
    "[@click=app.quit]x[/]",
    "[link=http://e.com]l[/link]",
)
HOSTILE_LINE = " ".join(HOSTILE)
MD_LINK_TEXT = "the spec"
MD_LINK_URL = "http://example.com/spec"

HOSTILE_CARD = Card(
    id="hostile",
    deck="algo",
    question=f"Markup must stay text: {HOSTILE_LINE}",
    short_answer=f"Short: {HOSTILE_LINE}",
    breakdown=(
        f"Breakdown keeps {HOSTILE[0]} and {HOSTILE[1]} as text.\n\n"
        f"Links never open: see [{MD_LINK_TEXT}]({MD_LINK_URL}).\n\n"
        "```python\n"
        "def get(arr, i, j):\n"
        "    return arr[i][j]  # [/bold] [@click=app.quit]x[/]\n"
        "```\n"
    ),
    theory=f"Theory with {HOSTILE[2]} and {HOSTILE[3]}.",
    common_mistakes=(f"Mistake {HOSTILE[0]}", f"Mistake {HOSTILE[2]}"),
    interview_tips=(f"Tip {HOSTILE[1]}", f"Tip {HOSTILE[3]}"),
    tags=("algo", "markup"),
)

BINARY_SEARCH = Card(
    id="binary-search",
    deck="algo",
    question="What is the time complexity of binary search, and what does it require of the input?",
    short_answer="O(log n) comparisons; the input must be sorted and support random access.",
    breakdown="Each step halves the **remaining range**, so after k steps n / 2^k elements are left.",
    theory="A decision tree over n sorted keys has depth at least log2(n).",
    common_mistakes=("Overflow in (lo + hi) / 2 with fixed-width integers.",),
    interview_tips=("State the loop invariant before writing code.",),
    tags=("algo", "search"),
)

UNICODE_CARD = Card(
    id="unicode",
    deck="algo",
    question="Что такое замыкание? 什么是闭包？ Explain closures 🧠🔥",
    short_answer="Функция вместе с окружением; 函数和它的环境 🎁",
    breakdown="Замыкание захватывает переменные. 闭包捕获变量。 ✅",
    tags=("algo", "unicode"),
)

CAP_CARD = Card(
    id="cap",
    deck="systems",
    question="State the CAP theorem and what it means during a network partition.",
    short_answer="During a partition a distributed store must choose consistency or availability.",
    breakdown="Without a partition you can have both; PACELC adds the latency/consistency trade-off.",
    common_mistakes=("Treating CAP as 'pick any two' at all times.",),
    tags=("systems", "distributed"),
)

CACHE_CARD = Card(
    id="cache",
    deck="systems",
    question="How would you invalidate a cache in front of a database?",
    short_answer="TTLs, write-through or write-behind, and explicit invalidation on writes.",
    interview_tips=("Mention thundering herds and how to avoid them.",),
    tags=("systems", "caching"),
)

ALGO = Deck(key="algo", title="Algorithms", path=Path("algo.yaml"),
            cards=(HOSTILE_CARD, BINARY_SEARCH, UNICODE_CARD),
            description="Searching, markup and Unicode", tags=("algo",))
SYSTEMS = Deck(key="systems", title="Systems design", path=Path("systems.yaml"),
               cards=(CAP_CARD, CACHE_CARD), description="Distributed systems basics", tags=("systems",))
DECKS = (ALGO, SYSTEMS)
ALL_CARDS = (*ALGO.cards, *SYSTEMS.cards)


@dataclass
class FakeClock:
    """The app's wall clock and the question screen's monotonic clock, moved only by the test."""

    now: datetime = NOW
    mono: float = 1000.0

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds


# A deck file with errors, as the loader sets it aside when it is found in a folder. Its error text is
# untrusted (it quotes the file) and must reach the screen verbatim.
BROKEN = BrokenDeck(
    path=Path("decks/broken.yaml"),
    errors=3,
    first=Problem("decks/broken.yaml", 7, 9, "cards[0].common_mistakes[0]",
                  "expected text, got a mapping (YAML reads the ': ' in it as key: value); put the whole text "
                  "in quotes: \"Say which stage is for: [b]retrieval[/b]\""),
)


# ----- "every rubric can be read at 80×24": long code, links and math (issue 10, section 5) -----------

# The bundled Adam card's code block (its second line was clipped at 80 columns), a line with no space to
# fold at, and a tab.
LONG_CODE = (
    "m = β1·m + (1 − β1)·g            # first moment, β1 ≈ 0.9\n"
    "v = β2·v + (1 − β2)·g²           # second moment, β2 ≈ 0.999 (0.95 is common for LLMs)\n"
    "θ = θ − lr · m̂ / (√v̂ + ε)\n"
    "optimizer=torch.optim.AdamW(params,lr=3e-4,betas=(0.9,0.95),weight_decay=0.1,eps=1e-8,fused=True)[end]\n"
    "\tindented = 'by a tab'  # [/bold] stays text"
)
CODE_CARD = Card(
    id="long-code",
    deck="reading",
    question="Write Adam's update.",
    short_answer="Moving averages of g and g², bias-corrected; step by m̂ / (√v̂ + ε).",
    breakdown=f"Adam keeps two moments:\n\n```text\n{LONG_CODE}\n```\n\nThat is all.",
)

LINK_TARGETS = (
    ("the AdamW paper", "https://arxiv.org/abs/1711.05101"),
    ("PyTorch's AdamW", "https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html#torch.optim.AdamW"),
    ("a [b]hostile[/b] one", "http://example.com/x?a=[i]&b=[/bold]"),
)
LINK_CARD = Card(
    id="links",
    deck="reading",
    question="Where is AdamW described?",
    short_answer="In Loshchilov & Hutter's paper.",
    breakdown=(
        f"Read [{LINK_TARGETS[0][0]}]({LINK_TARGETS[0][1]}) first.\n\n"
        f"- Then [{LINK_TARGETS[1][0]}]({LINK_TARGETS[1][1]}).\n"
        f"- And <{LINK_TARGETS[1][1]}> appears once.\n\n"
        "A [reference link][ref] and an image: ![loss curve](https://example.com/loss.png)\n\n"
        "[ref]: https://example.com/ref\n"
    ),
    theory=f"Markup in a link stays text: [{LINK_TARGETS[2][0]}](<{LINK_TARGETS[2][1]}>).",
)

MATH_CARD = Card(
    id="math",
    deck="reading",
    question="What does Adam's bias correction do?",
    short_answer="Divides by 1 − β^t so early averages are not biased towards 0.",
    breakdown=(
        "For the set $\\{x_1, \\dots, x_n\\}$ the error is $1\\%$, with $\\alpha \\in [0, 1]$.\n\n"
        "$$\n\\hat{m}_t = \\frac{m_t}{1 - \\beta_1^t}, \\quad \\text{lr} = 10^{-3}\n$$\n\n"
        "Inline display $$E = mc^2$$ and prices stay prose: $5 and $10 a month."
    ),
)
MATH_SPANS = ("$\\{x_1, \\dots, x_n\\}$", "$1\\%$", "$\\alpha \\in [0, 1]$", "$$E = mc^2$$")
MATH_BLOCK = "$$\n\\hat{m}_t = \\frac{m_t}{1 - \\beta_1^t}, \\quad \\text{lr} = 10^{-3}\n$$"

READING = Deck(key="reading", title="Reading", path=Path("reading.yaml"), cards=(CODE_CARD, LINK_CARD, MATH_CARD),
               description="Long code, links and math", tags=("reading",))


# ----- rehearsal (issue 11): key points, common mistakes, follow-ups, sources, a time limit ------------------

CHECK_POINTS = (
    "Dropout is turned off at inference",
    "Activations are scaled by 1/(1-p) during training",
    KeyPoint("BatchNorm uses running statistics at inference", ("running mean and variance",)),
    "Small batches make BatchNorm statistics noisy",
)
CHECK_ANSWER = "At inference dropout is turned off. BatchNorm switches to the running mean and variance."
"""Makes the first and third point (the third by its alias): the matcher pre-marks 2 of 4, suggesting 3."""
FOLLOW_UPS = (
    FollowUp("Does gradient accumulation fix BatchNorm on small batches?",
             "No; each forward pass still normalises over its own small batch."),
    FollowUp("What is inverted dropout? [b]not bold[/b]", "Scaling by 1/(1-p) at train time [/bold]."),
)
SOURCES = ("Ioffe & Szegedy (2015), Batch Normalization [b]x[/b], arXiv:1502.03167",
           "[link=http://e.com]https://example.com/dropout[/link]")
CHECK_CARD = Card(
    id="dropout",
    deck="rehearsal",
    question="How do dropout and BatchNorm behave at inference?",
    short_answer="Dropout is off; BatchNorm uses its running statistics.",
    breakdown="Dropout scales during training, so at inference it is **simply turned off**.",
    common_mistakes=("Keeping dropout on at inference.", f"Mistake {HOSTILE[2]}"),
    interview_tips=("Mention model.eval().",),
    key_points=CHECK_POINTS,
    follow_ups=FOLLOW_UPS,
    sources=SOURCES,
    tags=("dl",),
)
TIMED_CARD = Card(
    id="bias-variance",
    deck="rehearsal",
    question="Explain the bias-variance trade-off.",
    short_answer="Error = bias² + variance + noise; capacity lowers bias and raises variance.",
    key_points=("Expected error splits into bias squared, variance and noise",
                "More capacity lowers bias but raises variance"),
    time_limit=30,
)
REHEARSAL = Deck(key="rehearsal", title="Rehearsal", path=Path("rehearsal.yaml"),
                 cards=(CHECK_CARD, TIMED_CARD, CACHE_CARD), description="Key points and follow-ups")
