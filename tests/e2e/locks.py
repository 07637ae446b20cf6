"""What an app process holds on its workspace, read from /proc/locks.

SQLite (WAL mode) keeps a POSIX read lock on the workspace file and on its
-shm file for as long as a connection is open, and every Steerco connection
keeps a shared flock on `<workspace>-lock` (crates/steerco-store/src/presence.rs).
A stray close() in the app's process (an in-process file dialog) drops the
POSIX ones; the flock survives it. These helpers let a test see both."""

from __future__ import annotations

import os
from pathlib import Path


def processes():
    """(pid, name, the stat fields after the name) of every process /proc lists."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        yield int(entry), stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()


def group_pid(pgid: int, comm: str = "steerco-app") -> int | None:
    """The pid of the process named `comm` in process group `pgid` (the app
    tauri-driver started: tests give each tauri-driver its own group)."""
    for pid, name, fields in processes():
        if name == comm[:15] and int(fields[2]) == pgid:
            return pid
    return None


def open_workspaces(pid: int) -> set[Path]:
    """The workspace files (*.steerco) the process has open."""
    found = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    try:
        fds = list(fd_dir.iterdir())
    except OSError:
        return found
    for fd in fds:
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.endswith(".steerco"):
            found.add(Path(target))
    return found


def locks_on(path: Path, pid: int) -> dict[str, int]:
    """How many locks of each kind (POSIX, FLOCK) `pid` holds on `path`."""
    try:
        inode = os.stat(path).st_ino
    except OSError:
        return {}
    counts: dict[str, int] = {}
    for line in Path("/proc/locks").read_text().splitlines():
        parts = line.split()
        # "1: POSIX  ADVISORY  READ 1234 fd:01:5678 1073741826 1073742335"
        # (a blocked waiter's line has "->" after the number)
        if len(parts) > 1 and parts[1] == "->":
            continue
        if len(parts) < 6:
            continue
        kind, owner, dev_inode = parts[1], parts[4], parts[5]
        if owner == str(pid) and dev_inode.rsplit(":", 1)[-1] == str(inode):
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def companion(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def missing_locks(pid: int) -> list[str]:
    """For each workspace the process has open, the locks it should hold and
    does not: a POSIX lock on the file and on its -shm, a flock on its -lock."""
    problems = []
    for ws in sorted(open_workspaces(pid)):
        if not ws.exists():
            problems.append(f"{ws}: open but deleted")
            continue
        if locks_on(ws, pid).get("POSIX", 0) < 1:
            problems.append(f"{ws}: no POSIX lock on the workspace")
        if locks_on(companion(ws, "-shm"), pid).get("POSIX", 0) < 1:
            problems.append(f"{ws}: no POSIX lock on -shm")
        if locks_on(companion(ws, "-lock"), pid).get("FLOCK", 0) < 1:
            problems.append(f"{ws}: no presence flock on -lock")
    return problems
