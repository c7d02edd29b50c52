"""`quizterm sync --git DIR`: the journal carried by a git repository, through the git command line.

DIR is a clone of a repository the user's machines share. One sync: `git pull --rebase --autostash`, the
folder sync (folder.py: import the other devices' lines, append this device's), a commit of this device's
files only (`git commit -- quizterm/<device>`), `git push` (after another pull if someone pushed
meanwhile). Each device appends to its own files, so a rebase never meets a conflict; should two
machines ever write one file (a copied data directory, before identity.py notices), `quizterm/.gitattributes`
makes git merge the lines of both (`merge=union`) instead of stopping.

git never waits for a person: no terminal (its own session, standard input closed, `GIT_TERMINAL_PROMPT=0`),
no editor, no hooks on quizterm's commits (`--no-verify`: a hook must not block or fail a background sync
of data files), a timeout after which it is killed, and a committer identity supplied when the user has
none. A failure is one line with git's own message; a rebase that stopped is aborted, so the clone is left
as it was. Nothing git says is ever executed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from quizterm.errors import QuiztermError
from quizterm.sync.folder import Progress, SyncReport, check_folder, sync_folder
from quizterm.sync.journal import ROOT
from quizterm.sync.state import sync_lock
from quizterm.words import plural

COMMAND_TIMEOUT = 120.0  # seconds per git command in `quizterm sync --git`
DRILL_BUDGET = 20.0  # seconds for all of a drill's git commands together: quitting never waits longer
ATTRIBUTES = "*.jsonl merge=union\n"
_PUSH_ATTEMPTS = 3


class GitFailed(QuiztermError):
    """A git command failed or timed out; the message holds what git said."""


@dataclass
class Git:
    """Runs git in one work tree, non-interactively (see the module docstring)."""

    worktree: Path
    timeout: float
    cancel: threading.Event | None = None
    env: dict[str, str] | None = None
    deadline: float | None = None  # time.monotonic() after which no command may run on

    def __post_init__(self) -> None:
        env = dict(os.environ)
        env.update(GIT_TERMINAL_PROMPT="0", GIT_EDITOR="true", GIT_SEQUENCE_EDITOR="true", GIT_MERGE_AUTOEDIT="no",
                   GCM_INTERACTIVE="never", GIT_PAGER="cat")
        self.env = env

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run `git args...` in the work tree; GitFailed when it fails (with `check`) or times out."""
        try:
            process = subprocess.Popen(["git", *args], cwd=self.worktree, env=self.env, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                                       start_new_session=os.name == "posix")
        except OSError as exc:
            raise GitFailed(f"cannot run git ({exc.strerror}); install git or use a plain folder: quizterm sync DIR") \
                from None
        limit = self.timeout if self.deadline is None else max(0.0, min(self.timeout, self.deadline - time.monotonic()))
        deadline = time.monotonic() + limit
        while True:
            try:
                out, err = process.communicate(timeout=0.1)
                break
            except subprocess.TimeoutExpired:
                if time.monotonic() > deadline or (self.cancel is not None and self.cancel.is_set()):
                    _kill(process)
                    process.communicate()
                    if self.cancel is not None and self.cancel.is_set():
                        raise GitFailed(f"git {args[0]} was stopped (quitting)") from None
                    raise GitFailed(f"{self.worktree}: git {args[0]} timed out after {limit:.0f} s (offline? "
                                    "waiting for a password?); run it by hand to see why") from None
        result = subprocess.CompletedProcess(["git", *args], process.returncode, out, err)
        if check and result.returncode != 0:
            raise GitFailed(f"{self.worktree}: git {' '.join(args[:2])} failed: {said(result)}")
        return result


def _kill(process: subprocess.Popen[str]) -> None:
    """Kill git and whatever it started (ssh, a credential helper): its whole process group."""
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass


def said(result: subprocess.CompletedProcess[str]) -> str:
    """What git said, on one line: its errors (`fatal:`, `error:`, `CONFLICT`, a rejected ref) when it names
    any, else everything but its hints."""
    both = f"{result.stderr or ''}\n{result.stdout or ''}"
    lines = [line.strip() for line in both.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith(_ERRORS)]
    text = " | ".join(errors or [line for line in lines if not line.startswith("hint:")] or lines)
    text = text or f"exit status {result.returncode}"
    return text if len(text) <= 400 else text[:399] + "…"


_ERRORS = ("fatal:", "error:", "CONFLICT", "! [", "ERROR:", "remote: error", "Permission denied")


def sync_git(data_dir: Path, worktree: Path, *, real_now: datetime, timeout: float = COMMAND_TIMEOUT,
             budget: float | None = None, progress: Progress | None = None, cancel: threading.Event | None = None,
             lock_wait: float = 0.0, alongside_drill: bool = False) -> SyncReport:
    """Pull, sync the folder, commit this device's files, push (see the module docstring). `timeout` bounds
    each git command, `budget` (seconds) all of them together."""
    if shutil.which("git") is None:
        raise GitFailed("git is not installed (or not on PATH); install it, or sync a plain folder: quizterm sync DIR")
    check_folder(worktree, data_dir)
    git = Git(worktree, timeout, cancel, deadline=None if budget is None else time.monotonic() + budget)
    inside = git.run("rev-parse", "--is-inside-work-tree", check=False)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise GitFailed(f"{worktree}: not a git work tree ({said(inside)}); clone the repository your machines "
                        "share there, or drop --git for a plain folder")
    _supply_identity(git)
    with sync_lock(data_dir, wait=lock_wait):
        remote, branch, tracked = _upstream(git)
        if tracked:
            if progress is not None:
                progress.start("git pull", None)
            _pull(git, remote, branch)
        report = sync_folder(data_dir, worktree, real_now=real_now, progress=progress, cancel=cancel, locked=True,
                             alongside_drill=alongside_drill)
        committed = _commit(git, worktree, report)
        if remote is None:
            report.notes.append(f"{worktree}: no git remote; committed locally only" if committed else
                                f"{worktree}: no git remote")
            return report
        for attempt in range(_PUSH_ATTEMPTS):
            if progress is not None:
                progress.start("git push", None)
            pushed = git.run("push", *([] if tracked else ["--set-upstream", remote, branch]), check=False)
            if pushed.returncode == 0:
                return report
            if attempt + 1 == _PUSH_ATTEMPTS:
                raise GitFailed(f"{worktree}: git push failed: {said(pushed)}")
            tracked = True  # someone pushed meanwhile: take their commits and try again
            _pull(git, remote, branch)
            again = sync_folder(data_dir, worktree, real_now=real_now, cancel=cancel, locked=True,
                                alongside_drill=alongside_drill)
            report.imported += again.imported
            report.problems += again.problems
            _commit(git, worktree, again)
    return report


def _supply_identity(git: Git) -> None:
    """A committer identity for quizterm's commits (and the rebase's) when the user has set none."""
    assert git.env is not None
    for field, variables, fallback in (("name", ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"), "quizterm"),
                                       ("email", ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"), "quizterm@localhost")):
        if git.run("config", "--get", f"user.{field}", check=False).stdout.strip():
            continue
        for variable in variables:
            git.env.setdefault(variable, fallback)


def _upstream(git: Git) -> tuple[str | None, str, bool]:
    """(remote, branch, whether there is something to pull): the branch's upstream, else the only remote
    (or `origin`) and the current branch, when the remote has it."""
    branch = git.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False).stdout.strip()
    if not branch:
        raise GitFailed(f"{git.worktree}: not on a branch (detached HEAD); check out the branch your machines share")
    upstream = git.run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}", check=False)
    remotes = git.run("remote").stdout.split()
    if upstream.returncode == 0 and "/" in upstream.stdout:
        return upstream.stdout.strip().split("/", 1)[0], branch, True
    if not remotes:
        return None, branch, False
    remote = "origin" if "origin" in remotes else remotes[0]
    found = git.run("ls-remote", "--heads", remote, f"refs/heads/{branch}", check=False)
    if found.returncode != 0:
        raise GitFailed(f"{git.worktree}: git ls-remote {remote} failed: {said(found)}")
    return remote, branch, bool(found.stdout.strip())


def _pull(git: Git, remote: str | None, branch: str) -> None:
    upstream = git.run("rev-parse", "--abbrev-ref", "@{upstream}", check=False).returncode == 0
    args = ["pull", "--rebase", "--autostash", "--no-edit"] + ([] if upstream or remote is None else [remote, branch])
    result = git.run(*args, check=False)
    if result.returncode == 0:
        return
    for stopped in ("rebase-merge", "rebase-apply"):
        where = git.run("rev-parse", "--git-path", stopped, check=False).stdout.strip()
        if where and (git.worktree / where).exists():
            git.run("rebase", "--abort", check=False)
            break
    raise GitFailed(f"{git.worktree}: git pull --rebase failed: {said(result)}")


def _commit(git: Git, worktree: Path, report: SyncReport) -> bool:
    """Commit this device's journal files (and the attributes file); False when there was nothing new."""
    root = worktree / ROOT
    attributes = root / ".gitattributes"
    if root.is_dir() and not attributes.exists():
        attributes.write_text(ATTRIBUTES, encoding="utf-8")
    paths = [p for p in (f"{ROOT}/.gitattributes", f"{ROOT}/{report.device}") if (worktree / p).exists()]
    if not paths:
        return False
    git.run("add", "--", *paths)
    if git.run("diff", "--cached", "--quiet", "--", *paths, check=False).returncode == 0:
        return False
    message = f"quizterm: {plural(report.exported, 'event')} of device {report.device}"
    git.run("commit", "--no-verify", "--quiet", "-m", message, "--", *paths)
    return True
