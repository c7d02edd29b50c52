"""The words the matcher treats specially: function words, negations, antonyms, and a small thesaurus.

A key point is matched on its content words, so function words ("the", "is", "и", "на") are dropped;
negations are kept apart because "X is not Y" must never count as "X is Y". The thesaurus is general
machine-learning vocabulary (abbreviations, English/Russian pairs, spelling variants), not phrases
taken from any one card: a deck author adds card-specific wording as a key point's `aliases`.

Everything here is plain data, written lower-case and unstemmed; `text.py` normalises it once.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """A word list written as a block of text, one space or line between words."""
    return frozenset(text.split())


STOPWORDS_EN = _words("""
a an the this that these those there here it its it's they them their theirs he she his her we us our you your
i me my one ones is am are was were be been being has have had having do does did doing done
of in on at to for with by from into onto as per via about over under up down out off than then so
and or if because since while when where which who whom whose what how why whether
can could should would will shall may might must also just very really quite rather even still
some any such much many lot lots like e g eg ie i.e etc vs versus using use used uses get gets got
let lets say says said s t ll d re ve m ca wo
mainly mostly usually typically often generally basically actually itself themselves simply already
during inside within across between against through throughout among upon toward towards around
""")

STOPWORDS_RU = _words("""
и в во на с со к ко по о об обо от из за для при про через над под что чтобы это этот эта эти это
то та те тот как а или же ли бы у его её ее их он она оно они мы вы я ты так там тут также тоже уже
ещё еще есть быть был была были было будет будут является являются который которая которые которое
которых которым которого свой своей свои своих если когда где чем тем том всё все всех весь вся очень
просто именно можно нужно надо т е то есть типа вот потому поэтому такой такие такая такое такую
того тому тем том этого этому этим этом эту этой этих той тех сам сама само сами себя себе ним ней нем
него нее них им ими ему ей мне меня нас нам вас вам кто какой какая какие каждый каждая каждое
между внутри среди
""")

LIGHT_WORDS = _words("""
show shows help helps make makes give gives keep keeps take takes need needs work works way case thing things
number value values result results part good bad well important problem issue approach method technique
different other something anything everything someone people time times lot kind sort look
model models system data result
помогает делать дает давать нужен нужна способ случай вещь число значение результат часть хороший плохой
важно важный проблема метод подход другой разный время
""")
"""Words too general to make a point on their own: they count, but a quarter as much as other words."""

SURFACE_STOPWORDS = frozenset({"means", "meaning", "meant", "значит", "означает"})
"""Verbs that stem like content words: "X means Y" must not count as the noun "mean" (average)."""

NEGATIONS = _words("""
not no never nothing none neither nor without cannot
не нет ни никогда ничего без нельзя нисколько никак
""")
"""Words that flip a claim. `n't` is rewritten to `not` before tokenising; `≠` counts as one too."""

NEGATION_SYMBOLS = ("≠", "!=")

NOT_NEGATIONS = (("no less than", "at least"), ("no more than", "at most"), ("не менее", "минимум"),
                 ("не более", "максимум"), ("не меньше", "минимум"), ("не больше", "максимум"))
"""Phrases with a negation word that negate nothing: "at least as extreme" is a claim, not its denial."""

CONTRASTS = _words("""
but while whereas however although though unlike instead
а но однако тогда хотя зато вместо
""")
"""Words that start a new clause: the claim after them is a different one ("A does X, while B does Y")."""

JOINERS = frozenset({"and", "so", "и", "поэтому"})
"""After a comma, these start a new claim too: "precision is X, and recall is Y" is two claims."""

ANTONYMS: tuple[tuple[str, str], ...] = (
    ("increase", "decrease"), ("increase", "reduce"), ("increase", "lower"), ("raise", "lower"),
    ("high", "low"), ("higher", "lower"), ("large", "small"), ("larger", "smaller"), ("big", "small"),
    ("more", "less"), ("more", "fewer"), ("before", "after"), ("past", "future"), ("early", "late"),
    ("overfit", "underfit"), ("overfitting", "underfitting"), ("maximum", "minimum"), ("max", "min"),
    ("maximise", "minimise"), ("global", "local"), ("biased", "unbiased"), ("linear", "nonlinear"),
    ("deep", "shallow"), ("sequential", "parallel"), ("sequentially", "independently"),
    ("supervised", "unsupervised"), ("dense", "sparse"), ("true", "false"), ("correct", "wrong"),
    ("enable", "disable"), ("on", "off"), ("active", "inactive"), ("inflate", "deflate"),
    ("overestimate", "underestimate"), ("grow", "shrink"), ("first", "last"), ("upward", "downward"),
    ("always", "never"), ("all", "none"),
    ("увеличивать", "уменьшать"), ("увеличивает", "уменьшает"), ("высокий", "низкий"), ("большой", "маленький"),
    ("больше", "меньше"), ("до", "после"), ("прошлое", "будущее"), ("переобучение", "недообучение"),
    ("рост", "снижение"), ("растёт", "падает"), ("глубокие", "неглубокие"), ("последовательно", "независимо"),
    # rivals: the other member of a pair candidates confuse, in the same sentence shape
    ("precision", "recall"), ("bagging", "boosting"), ("random forest", "boosting"), ("bias", "variance"),
    ("l1", "l2"), ("lasso", "ridge"), ("type i error", "type ii error"), ("false positive", "false negative"),
    ("roc", "pr"), ("mean", "median"), ("encoder", "decoder"),
    ("data drift", "concept drift"), ("row", "column"), ("online", "offline"),
)
"""Pairs a wrong answer swaps ("reduces bias" for "reduces variance" is handled by the weights; these are
the words that reverse a claim while keeping every other word). Both sides are stemmed; a point whose
word has its antonym in the answer's clause, and not the word itself, is not credited."""
