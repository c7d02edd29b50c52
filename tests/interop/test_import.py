"""`quizterm import` from the installed entry point: Markdown and CSV/TSV in, valid decks out, hostile
input refused with one line and nothing written."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from quizterm.cli import main
from quizterm.deck.bundled import bundled_decks_dir
from quizterm.deck.loader import load_decks

DATA = Path(__file__).parent / "data"


def run(*args: str | Path, err: io.StringIO | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), err or io.StringIO()
    code = main([str(arg) for arg in args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def deck_cards(path: Path) -> list[tuple[str, str, str, tuple[str, ...]]]:
    result = load_decks([path])
    assert not result.errors, [p.format() for p in result.errors]
    return [(c.question, c.short_answer, c.breakdown, c.tags) for c in result.decks[0].cards]


def test_a_markdown_collection_becomes_a_valid_deck_and_importing_again_adds_nothing(tmp_path: Path) -> None:
    deck = tmp_path / "ml.yaml"
    code, out, err = run("import", DATA / "ml_interview_questions.md", "-o", deck)
    assert code == 0, err
    assert out == f"4 cards added to {deck}; schema written to {tmp_path / 'deck.schema.json'}; 1 warning above\n"
    assert err == (f"{DATA / 'ml_interview_questions.md'}:57: warning: question 'Why do we use convolutions for "
                   "images rather than just FC layers?' has no answer under it; skipped\n")
    cards = deck_cards(deck)
    assert [c[0] for c in cards] == ["What's the trade-off between bias and variance?", "What is gradient descent?",
                                     "Explain over- and under-fitting and how to combat them?",
                                     "What is the vanishing gradient problem?"]
    _question, short, breakdown, tags = cards[2]
    assert short.startswith("ML/DL models essentially learn")  # plain text: shown exactly as written
    assert short.endswith(r"Overfitting: $\text{train error} \ll \text{test error}$.")
    assert breakdown == "- Regularisation (L1/L2)\n- Early stopping" and tags == ("classical-ml",)
    assert "| linear regression | high | low |" in cards[0][2] and r"\mathrm{Bias}[\hat{f}]^2" in cards[0][2]
    assert "```python\nfor step in range(steps):\n    w -= lr * grad(w)\n```" in cards[1][2]
    assert cards[3][1].startswith("As more layers") and cards[3][3] == ("deep-learning",)
    loaded = load_decks([deck]).decks[0]
    assert loaded.title == "Machine Learning Interview Questions"
    assert loaded.cards[0].sources == (
        "http://houseofbots.com/news-detail/2849-4-data-science-and-machine-learning-interview-questions",)
    assert run("validate", deck)[0] == 0
    before = deck.read_bytes()
    code, out, _ = run("import", DATA / "ml_interview_questions.md", "-o", deck)
    assert (code, out) == (0, f"0 cards added to {deck}; 4 already there, left as they are; 1 warning above\n")
    assert deck.read_bytes() == before


def test_bold_and_numbered_question_lines(tmp_path: Path) -> None:
    deck = tmp_path / "dl.yaml"
    assert run("import", DATA / "bold_questions.md", "-o", deck, "--title", "DL")[0] == 0
    assert deck_cards(deck) == [
        ("What is batch normalization?", "It normalises each feature over the batch, then scales and shifts it "
         "with learned parameters.", "It lets higher learning rates train stably.", ()),
        ("Why does dropout work?", "Dropout randomly zeroes activations in training, so units cannot co-adapt.",
         "```python\nnn.Dropout(p=0.5)\n```", ()),
        ("How do you choose a learning rate?", "Start with a learning-rate range test; pick the largest rate before "
         "the loss diverges.", "- Warm-up helps large batches.", ()),
    ]
    assert load_decks([deck]).decks[0].title == "DL"


CSV = ('id,Question,Short answer,Breakdown,key_points,common_mistakes,Tags,time_limit\n'
       ',What is SQL injection?,"Robert\'); DROP TABLE cards;--","Use **bound** parameters:\n\n```sql\n'
       'SELECT * FROM t WHERE id = ?\n```","untrusted input in a query\nparameterised queries",'
       '"Escaping by hand\nTrusting the client",security db,90\n'
       'own-id,"=HYPERLINK(""http://x"",""go"")",=1+1,,,,,\n'
       ',,,,,,,\n'
       ',Only a question?,,,,,,\n')


def test_a_csv_table_becomes_a_valid_deck(tmp_path: Path) -> None:
    source = tmp_path / "cards.csv"
    source.write_text(CSV)
    deck = tmp_path / "cards.yaml"
    code, out, err = run("import", source, "-o", deck)
    assert code == 0 and out.startswith(f"2 cards added to {deck}")
    assert err.splitlines() == [
        f"{source}:9: warning: question '=HYPERLINK(\"http://x\",\"go\")' looks like a spreadsheet formula; "
        "imported as text (quizterm never evaluates it)",
        f"{source}:9: warning: short_answer '=1+1' looks like a spreadsheet formula; imported as text (quizterm "
        "never evaluates it)",
        f"{source}:11: warning: no short_answer; row skipped"]
    first, second = load_decks([deck]).decks[0].cards
    assert first.id.startswith("what-is-sql-injection-") and first.short_answer == "Robert'); DROP TABLE cards;--"
    assert first.breakdown == "Use **bound** parameters:\n\n```sql\nSELECT * FROM t WHERE id = ?\n```"
    assert [p.text for p in first.key_points] == ["untrusted input in a query", "parameterised queries"]
    assert first.common_mistakes == ("Escaping by hand", "Trusting the client")
    assert first.tags == ("security", "db") and first.time_limit == 90
    assert (second.id, second.question, second.short_answer) == ("own-id", '=HYPERLINK("http://x","go")', "=1+1")


def test_tsv_from_a_spreadsheet_in_utf16_and_csv_with_semicolons(tmp_path: Path) -> None:
    tsv = tmp_path / "sheet.tsv"
    tsv.write_bytes("question\tanswer\ttags\nЧто такое dropout?\tСлучайное обнуление.\tdl\n".encode("utf-16"))
    assert run("import", tsv, "-o", tmp_path / "sheet.yaml")[0] == 0
    assert deck_cards(tmp_path / "sheet.yaml") == [("Что такое dropout?", "Случайное обнуление.", "", ("dl",))]
    semi = tmp_path / "semi.csv"
    semi.write_text('question;short_answer\r\n"Why; really?";Because, well.\r\n')
    assert run("import", semi, "-o", tmp_path / "semi.yaml")[0] == 0
    assert deck_cards(tmp_path / "semi.yaml") == [("Why; really?", "Because, well.", "", ())]


def _refused(tmp_path: Path, source: Path, target: Path, message: str, code: int = 1) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    result, out, err = run("import", source, "-o", target)
    assert (result, out) == (code, ""), err
    assert len(err.splitlines()) == 1 and message in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize(("name", "data", "message"), [
    ("bin.md", b"\x89PNG\r\n\x1a\n\0\0\0IHDR", "bin.md: binary data (a NUL byte at line 3), not a Markdown file"),
    ("latin.md", "## Qu'est-ce que la régularisation ?\n\nRéponse.\n".encode("latin-1"),
     "latin.md:1:22: byte 0xe9 is not UTF-8"),
    ("escape.md", b"## What?\n\nAn answer \x1b[31mred\n", "escape.md:1: control character U+001B"),
    ("none.md", b"# Notes\n\nNo questions here.\n", "no questions found"),
    ("huge.csv", b"question,short_answer\nQ?,"
     + b"a" * 100_001 + b"\n", "huge.csv:2: short_answer is 100,001 characters"),
    ("huge.md", b"## What?\n\n" + b"word " * 30_000 + b"\n", "huge.md:1: short answer is 149,999 characters long"),
    ("header.csv", b"front,back\nQ?,A.\n", "must name the columns question, short_answer"),
    ("twice.csv", b"question,question,short_answer\nQ?,Q?,A.\n", "column 'question' appears twice"),
    ("empty.csv", b"", "must name the columns"),
])
def test_hostile_sources_are_refused_in_one_line_and_nothing_is_written(tmp_path: Path, name: str, data: bytes,
                                                                      message: str) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    _refused(tmp_path, source, tmp_path / "out.yaml", message)


def test_a_source_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import quizterm.interop.source_text as source_text

    monkeypatch.setattr(source_text, "MAX_SOURCE_BYTES", 1000)
    source = tmp_path / "big.md"
    source.write_bytes(b"## What?\n\nYes.\n" * 100)
    _refused(tmp_path, source, tmp_path / "out.yaml", "too large (0.0 MiB; at most 0 MiB can be imported)")


def test_bad_targets_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    source = DATA / "bold_questions.md"
    _refused(tmp_path, source, tmp_path, "is a folder; give the deck file to write", code=2)
    _refused(tmp_path, source, tmp_path / "deck.json", "must end in .yaml or .yml", code=2)
    bundled = bundled_decks_dir()
    _refused(tmp_path, source, bundled / ".." / bundled.name / "mine.yaml", "inside quizterm's bundled decks", code=2)
    _refused(tmp_path, tmp_path / "missing.md", tmp_path / "x.yaml", "missing.md: no such file", code=2)
    _refused(tmp_path, tmp_path / "notes.docx", tmp_path / "x.yaml", "cannot tell its format", code=2)
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: B\ncards:\n  - id: x\n    question: Q\n")
    before = broken.read_bytes()
    _refused(tmp_path, source, broken, "nothing written: the deck would not be valid: ")
    assert broken.read_bytes() == before


def test_ids_used_by_a_deck_beside_the_target_are_skipped(tmp_path: Path) -> None:
    assert run("import", DATA / "bold_questions.md", "-o", tmp_path / "first.yaml")[0] == 0
    code, _out, err = run("import", DATA / "bold_questions.md", "-o", tmp_path / "second.yaml")
    assert code == 1 and "no cards to import" in err and "already used by first.yaml beside the deck" in err
    assert not (tmp_path / "second.yaml").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_large_import_shows_a_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    source = tmp_path / "many.csv"
    source.write_text("question,short_answer\n" + "".join(f"Question {n}?,Answer {n}.\n" for n in range(3000)))
    terminal = _Terminal()
    assert run("import", source, "-o", tmp_path / "many.yaml", err=terminal)[0] == 0
    assert "reading rows" in terminal.getvalue()
    assert len(load_decks([tmp_path / "many.yaml"]).decks[0].cards) == 3000
    code, _out, err = run("import", source, "-o", tmp_path / "again.yaml")
    assert code == 1 and "reading rows" not in err  # not a terminal: quiet (and every id is used beside it)
    small = tmp_path / "few.csv"
    small.write_text("question,short_answer\nQ?,A.\n")
    terminal = _Terminal()
    assert run("import", small, "-o", tmp_path / "few.yaml", err=terminal)[0] == 0 and terminal.getvalue() == ""


DEVINTERVIEW = """\
# 100 Must-Know ML Interview Questions

<div align="center">
<p>
<a href="https://devinterview.io/">Find more questions</a>
</p>
</div>

## 🔹 1. What is _Machine Learning_ and how does it differ from traditional programming?

### Answer

**Machine Learning** (ML) learns rules from data; traditional programs follow rules written by hand.

#### Key Concepts

- **Training**: fitting $\\theta$ to minimise $L(\\theta)$.

<br>

## 🔹 2. Explain the difference between _Supervised_ and _Unsupervised_ learning.

### Answer

Supervised learning uses labels; unsupervised learning finds structure without them.

<br>
"""


def test_a_collection_with_emoji_numbered_headings_and_answer_headings(tmp_path: Path) -> None:
    source = tmp_path / "README.md"
    source.write_text(DEVINTERVIEW)
    deck = tmp_path / "ml.yaml"
    assert run("import", source, "-o", deck)[0] == 0
    assert deck_cards(deck) == [
        ("What is Machine Learning and how does it differ from traditional programming?",
         "Machine Learning (ML) learns rules from data; traditional programs follow rules written by hand.",
         "#### Key Concepts\n\n- **Training**: fitting $\\theta$ to minimise $L(\\theta)$.", ()),
        ("Explain the difference between Supervised and Unsupervised learning.",
         "Supervised learning uses labels; unsupervised learning finds structure without them.", "", ()),
    ]
    assert load_decks([deck]).decks[0].title == "100 Must-Know ML Interview Questions"


def test_angle_brackets_and_inline_html_in_markdown_questions_and_answers_are_kept_as_written(
        tmp_path: Path) -> None:
    """Questions and short answers are shown as written, never as markup: text that Markdown would take for
    inline HTML (`Optional<String>`, `a<b and c>d`, `<br>`) is the card's text and must not vanish."""
    source = tmp_path / "java.md"
    source.write_text("# Java\n\n## What does Optional<String> mean in Java?\n"
                      "A container that may hold a <String> value; note a<b and c>d.\n\n"
                      "## How do <br> tags work? <script>alert(1)</script>\n"
                      "They <b>break</b> lines.\n", encoding="utf-8")
    deck = tmp_path / "java.yaml"
    code, _, err = run("import", source, "-o", deck)
    assert code == 0, err
    assert [(c[0], c[1]) for c in deck_cards(deck)] == [
        ("What does Optional<String> mean in Java?", "A container that may hold a <String> value; note a<b and c>d."),
        ("How do <br> tags work? <script>alert(1)</script>", "They <b>break</b> lines."),
    ]
