"""Sync: the review log of several data directories ("devices") carried by a folder or a git repository.

quizterm writes no server. The log is mergeable (store/events.py, replay.py: globally unique event ids,
one replay order, undo as an event), so any engine that copies files can carry it, as long as no file is
ever written by two machines. Each device appends its events to its own files, `DIR/quizterm/<device>/
<year-month>.jsonl`, and reads the others'. The modules, in the order a sync uses them:

- state.py: what was read of each file (per data directory, a cache), and the lock between two syncs;
- journal.py: the folder's layout, reading complete lines from an offset, appending this device's lines;
- wire.py: one line = one event, strict pydantic models (untrusted input); unknown kinds kept verbatim;
- identity.py: does this device's own journal agree with its log? If not, the data directory was copied
  (or restored from an older backup): it takes a new device id;
- reader.py: other devices' new lines into the log (store/bulk.py applies them per card);
- export.py: this device's new events to its files;
- folder.py: one sync with a plain folder; git.py: the same inside a git clone (pull, commit, push);
- background.py: a drill's sync (at start, at quit); status.py: `quizterm sync --status`.

Nothing here imports Textual or Rich (the command draws its progress bar itself), and nothing read from
the folder is ever executed or unpickled.
"""
