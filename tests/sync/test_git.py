"""`quizterm sync --git`: a real bare repository and two clones, driven through the command."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from quizterm.cli import main
from quizterm.sync import git as git_engine
from quizterm.sync.git import GitFailed, sync_git
from quizterm.sync.journal import ROOT

from .helpers import REAL, cards, data_dirs, device, event_caches, grade

pytestmark = pytest.mark.slow

DECK = """title: Sync test
cards:
  - {id: x, question: Q x, short_answer: A x}
  - {id: y, question: Q y, short_answer: A y}
  - {id: z, question: Q z, short_answer: A z}
"""


@pytest.fixture(autouse=True)
def no_user_git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine where git has no identity and no configuration of the user's."""
    for name in list(os.environ):
        if name.startswith("GIT_"):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def run_git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def clones(root: Path, count: int = 2) -> list[Path]:
    bare = root / "shared.git"
    run_git("init", "--quiet", "--bare", "--initial-branch=main", str(bare), cwd=root)
    made = []
    for n in range(count):
        run_git("clone", "--quiet", str(bare), f"clone-{n}", cwd=root)
        made.append(root / f"clone-{n}")
    return made


def quizterm(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_two_clones_give_identical_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    clone_a, clone_b = clones(tmp_path)
    deck = tmp_path / "deck.yaml"
    deck.write_text(DECK)
    grade(a, "x", 5)
    grade(a, "x", 4, days=1)
    grade(b, "x", 2, minutes=5)  # the same card on the same day on the other machine
    grade(b, "y", 3, days=2)
    for data_dir, clone in ((a, clone_a), (b, clone_b), (a, clone_a)):
        code, out, err = quizterm(capsys, "sync", "--git", str(clone), "--data-dir", str(data_dir))
        assert (code, err) == (0, ""), err
        assert out.startswith(f"synced {clone}: ")
    stats = [quizterm(capsys, "stats", str(deck), "--json", "--data-dir", str(d), "--now", "2026-11-29")[1]
             for d in (a, b)]
    assert stats[0] == stats[1]
    assert json.loads(stats[0])["totals"]["reviews_total"] == 4
    assert cards(a) == cards(b) and event_caches(a) == event_caches(b)
    log = run_git("log", "--format=%an <%ae>|%s", cwd=clone_a).splitlines()
    assert log == [f"quizterm <quizterm@localhost>|quizterm: 2 events of device {device(b)}",
                   f"quizterm <quizterm@localhost>|quizterm: 2 events of device {device(a)}"]
    # syncing again changes nothing: no commit, no event, no state
    for data_dir, clone in ((a, clone_a), (b, clone_b)):
        code, out, _ = quizterm(capsys, "sync", "--git", str(clone), "--data-dir", str(data_dir))
        assert (code, out) == (0, f"synced {clone}: nothing new\n")
    assert run_git("log", "--format=%s", cwd=clone_b).splitlines() == [line.split("|")[1] for line in log]
    assert (clone_a / ROOT / ".gitattributes").read_text() == "*.jsonl merge=union\n"
    assert run_git("status", "--porcelain", cwd=clone_a) == ""


def test_the_users_identity_is_used_when_there_is_one(tmp_path: Path) -> None:
    (a,) = data_dirs(tmp_path, "a")
    (clone,) = clones(tmp_path, 1)
    run_git("config", "user.name", "Ada", cwd=clone)
    run_git("config", "user.email", "ada@example.org", cwd=clone)
    grade(a, "x", 4)
    sync_git(a, clone, real_now=REAL)
    assert run_git("log", "--format=%an <%ae>", cwd=clone) == "Ada <ada@example.org>\n"


def test_a_push_refused_because_someone_pushed_meanwhile_is_retried(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    clone_a, clone_b = clones(tmp_path)
    grade(a, "x", 4)
    sync_git(a, clone_a, real_now=REAL)
    grade(b, "y", 5)
    sync_git(b, clone_b, real_now=REAL)
    grade(a, "z", 3)
    real_pull = git_engine._pull
    calls: list[str] = []

    def late_pull(*args: Any) -> None:  # the first pull comes too early: b's commit arrives just after it
        calls.append("pull")
        if len(calls) > 1:
            real_pull(*args)

    monkeypatch.setattr(git_engine, "_pull", late_pull)
    report = sync_git(a, clone_a, real_now=REAL)
    assert calls == ["pull", "pull"] and report.imported == 1
    sync_git(b, clone_b, real_now=REAL)
    assert cards(a) == cards(b) and len(cards(a)) == 3


def test_git_never_hangs_a_sync(tmp_path: Path) -> None:
    """A remote that never answers (here: an ssh that sleeps) is killed at the timeout."""
    (a,) = data_dirs(tmp_path, "a")
    clone = tmp_path / "clone"
    run_git("init", "--quiet", "--initial-branch=main", str(clone), cwd=tmp_path)
    run_git("remote", "add", "origin", "ssh://example.invalid/shared.git", cwd=clone)
    run_git("config", "core.sshCommand", "sh -c 'sleep 60' --", cwd=clone)
    grade(a, "x", 4)
    with pytest.raises(GitFailed, match=r"git ls-remote timed out after 1 s \(offline\? waiting for a password\?\)"):
        sync_git(a, clone, real_now=REAL, timeout=1)
    assert len(cards(a)) == 1


def test_gits_own_message_is_reported_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (a,) = data_dirs(tmp_path, "a")
    (clone_a,) = clones(tmp_path, 1)
    grade(a, "x", 4)
    sync_git(a, clone_a, real_now=REAL)
    run_git("remote", "set-url", "origin", str(tmp_path / "gone.git"), cwd=clone_a)
    code, _, err = quizterm(capsys, "sync", "--git", str(clone_a), "--data-dir", str(a))
    assert code == 1 and len(err.splitlines()) == 1
    assert err.startswith(f"quizterm: error: {clone_a}: git pull --rebase failed: fatal: ")
    assert "gone.git" in err
    plain = tmp_path / "plain"
    plain.mkdir()
    code, _, err = quizterm(capsys, "sync", "--git", str(plain), "--data-dir", str(a))
    assert code == 1 and err.startswith(f"quizterm: error: {plain}: not a git work tree (")


def test_a_rebase_that_stops_is_aborted_and_the_clone_left_as_it_was(tmp_path: Path) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    clone_a, clone_b = clones(tmp_path)
    grade(a, "x", 4)
    sync_git(a, clone_a, real_now=REAL)
    sync_git(b, clone_b, real_now=REAL)
    for clone, text in ((clone_a, "mine\n"), (clone_b, "theirs\n")):  # the user's own file, edited on both
        (clone / "notes.txt").write_text(text)
        run_git("add", "notes.txt", cwd=clone)
        run_git("-c", "user.name=U", "-c", "user.email=u@x", "commit", "-qm", "notes", cwd=clone)
    run_git("push", "-q", cwd=clone_b)
    head = run_git("rev-parse", "HEAD", cwd=clone_a)
    with pytest.raises(GitFailed, match=r"git pull --rebase failed: .*CONFLICT \(add/add\): Merge conflict in notes"):
        sync_git(a, clone_a, real_now=REAL)
    assert run_git("rev-parse", "HEAD", cwd=clone_a) == head
    assert not (clone_a / ".git" / "rebase-merge").exists() and not (clone_a / ".git" / "rebase-apply").exists()


def test_a_drill_quitting_with_a_hanging_remote_warns_and_keeps_the_grades(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from quizterm.sync.background import DrillSync

    monkeypatch.setattr(git_engine, "DRILL_BUDGET", 1.0)
    (a,) = data_dirs(tmp_path, "a")
    clone = tmp_path / "clone"
    run_git("init", "--quiet", "--initial-branch=main", str(clone), cwd=tmp_path)
    run_git("remote", "add", "origin", "ssh://example.invalid/shared.git", cwd=clone)
    run_git("config", "core.sshCommand", "sh -c 'sleep 60' --", cwd=clone)
    drill = DrillSync(a, clone, git=True)
    grade(a, "x", 4)
    drill.at_quit(REAL)
    assert drill.problem is not None and drill.problem.startswith(f"sync with {clone} failed: {clone}: git ls-remote "
                                                                  "timed out after 1 s")
    assert drill.problem.endswith("your grades are saved, the next sync takes them")
    assert len(cards(a)) == 1


def test_a_drills_warning_about_a_missing_remote_reads_as_one_sentence(tmp_path: Path) -> None:
    """git's own message ends with a full stop; the warning goes on after it without a ".;"."""
    from quizterm.sync.background import DrillSync

    (a,) = data_dirs(tmp_path, "a")
    clone = tmp_path / "clone"
    run_git("init", "--quiet", "--initial-branch=main", str(clone), cwd=tmp_path)
    run_git("remote", "add", "origin", str(tmp_path / "moved-away.git"), cwd=clone)
    drill = DrillSync(a, clone, git=True)
    grade(a, "x", 4)
    drill.at_quit(REAL)
    assert drill.problem is not None and "Could not read from remote repository" in drill.problem
    assert ".;" not in drill.problem and "\n" not in drill.problem
    assert drill.problem.endswith("repository; your grades are saved, the next sync takes them")
