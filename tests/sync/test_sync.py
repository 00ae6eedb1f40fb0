"""Two members' data folders syncing through one real PostgreSQL server."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

import psycopg
import pytest

from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore
from marginote.annotations.sync.engine import CONFLICT_TAG, SyncError, sync, write_changes
from marginote.annotations.sync.url import ServerAddress

TEXT = "The mayor said crime fell 40 percent. Police data shows it rose. Both claims were loud."
DOC = hashlib.sha256(TEXT.encode()).hexdigest()


def tag(store: AnnotationStore, start: int, end: int, author: str, **fields: object) -> Annotation:
    annotation = Annotation.of_span(
        TEXT, start, end, "claim", doc=DOC, path="/news/mayor.txt", author=author, **fields
    )
    store.save(annotation)
    return annotation


def notes(store: AnnotationStore) -> dict[str, str]:
    return {a.id: a.note for a in store.annotations(DOC)}


@pytest.fixture
def stores(folders: tuple[Path, Path]) -> tuple[AnnotationStore, AnnotationStore]:
    return AnnotationStore(folders[0]), AnnotationStore(folders[1])


def test_create_edit_delete_travel_between_folders(stores, server: ServerAddress) -> None:
    alice, bob = stores
    made = tag(alice, 0, 36, "alice", note="check the police data")
    assert sync(alice, server).pushed == 1
    report = sync(bob, server)
    assert report.pulled == 1 and DOC in report.documents
    (got,) = bob.annotations(DOC)
    assert (got.id, got.author, got.note, got.quote) == (made.id, "alice", made.note, made.quote)

    bob.save(got.edited(note="police data says otherwise", attrs={"verdict": "false"}))
    sync(bob, server)
    sync(alice, server)
    (edited,) = alice.annotations(DOC)
    assert edited.note == "police data says otherwise" and edited.verdict == "false"

    alice.delete(edited)
    sync(alice, server)
    assert sync(bob, server).pulled == 1
    assert bob.annotations(DOC) == []
    # Nothing comes back on later syncs, in either folder.
    sync(alice, server)
    sync(bob, server)
    assert alice.annotations(DOC) == [] and bob.annotations(DOC) == []


def test_concurrent_edits_are_both_kept_as_a_conflict(stores, server: ServerAddress) -> None:
    alice, bob = stores
    made = tag(alice, 0, 36, "alice")
    sync(alice, server)
    sync(bob, server)
    alice.save(made.edited(note="mostly false", attrs={"verdict": "mostly false"}))
    (bobs,) = bob.annotations(DOC)
    bob.save(bobs.edited(note="false", attrs={"verdict": "false"}))
    sync(alice, server)
    report = sync(bob, server)
    assert len(report.conflicts) == 1
    for _ in range(2):  # settle: each folder sees both versions
        sync(alice, server)
        sync(bob, server)
    for store in stores:
        found = store.annotations(DOC)
        assert sorted(a.verdict for a in found) == ["false", "mostly false"]
        assert all(CONFLICT_TAG in a.tags for a in found)
    # Resolving: Bob deletes Alice's version; both folders end with Bob's.
    losing = next(a for a in bob.annotations(DOC) if a.verdict == "mostly false")
    bob.delete(losing)
    sync(bob, server)
    sync(alice, server)
    assert [a.verdict for a in alice.annotations(DOC)] == ["false"]


def test_offline_work_is_pushed_at_the_next_sync(stores, server: ServerAddress) -> None:
    alice, bob = stores
    offline = ServerAddress("postgresql://nobody@127.0.0.1:1/nothing", "the test")
    made = tag(alice, 0, 36, "alice")
    second = tag(alice, 37, 63, "alice")
    with pytest.raises(SyncError) as raised:
        sync(alice, offline)
    assert "cannot reach" in str(raised.value)
    alice.delete(second)
    alice.save(made.edited(note="written on the train"))
    sync(alice, server)
    sync(bob, server)
    assert notes(bob) == {made.id: "written on the train"}


def test_a_delete_made_offline_reaches_the_others(stores, server: ServerAddress) -> None:
    alice, bob = stores
    made = tag(alice, 0, 36, "alice")
    sync(alice, server)
    sync(bob, server)
    bob.delete(bob.annotations(DOC)[0])  # while offline
    alice.save(made.edited(note="still here"))  # meanwhile, Alice edits it
    sync(alice, server)
    sync(bob, server)
    # An edit beats a delete made elsewhere: the note is not lost.
    assert notes(bob) == {made.id: "still here"}


class Cut(Exception):
    pass


def cut_at(step: str):
    def checkpoint(name: str) -> None:
        if name == step:
            raise Cut(name)

    return checkpoint


@pytest.mark.parametrize("step", ["pulled", "pushing"])
def test_a_sync_cut_off_midway_loses_nothing_and_the_next_completes_it(
    stores, server: ServerAddress, step: str
) -> None:
    alice, bob = stores
    for start in range(0, 60, 6):
        tag(alice, start, start + 5, "alice")
    tag(bob, 64, 84, "bob", note="bob's")
    sync(alice, server)
    with pytest.raises(Cut):
        sync(bob, server, checkpoint=cut_at(step))
    report = sync(bob, server)
    assert not report.conflicts
    sync(alice, server)
    assert len(bob.annotations(DOC)) == len(alice.annotations(DOC)) == 11
    assert {a.id for a in alice.annotations(DOC)} == {a.id for a in bob.annotations(DOC)}


def test_a_dropped_connection_says_so_without_the_password(
    stores, server: ServerAddress, postgres_url: str
) -> None:
    alice, _ = stores
    tag(alice, 0, 36, "alice")
    conn = psycopg.connect(server.url)

    def drop(name: str) -> None:
        if name == "pulled":
            with psycopg.connect(postgres_url, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (conn.info.backend_pid,))

    secret = ServerAddress(server.url, "the test")
    with pytest.raises(SyncError) as raised:
        sync(alice, secret, conn=conn, checkpoint=drop)
    assert "nothing is lost" in str(raised.value)
    assert sync(alice, server).pushed == 1


def test_bad_server_records_are_refused(stores, server: ServerAddress) -> None:
    alice, bob = stores
    tag(alice, 0, 36, "alice")
    sync(alice, server)
    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO marginote_annotations (id, doc, author, modified, rev, pushed_by, record) "
            "VALUES ('evil', %s, 'x', now(), 1, 'x', %s)",
            ("../../etc/passwd", '{"id": "evil"}'),
        )
        conn.execute(
            "INSERT INTO marginote_annotations (id, doc, author, modified, rev, pushed_by, record) "
            "VALUES ('bad2', %s, 'x', now(), 1, 'x', '{\"id\": \"bad2\", \"start\": \"no\"}')",
            (DOC,),
        )
        hostile = {
            **Annotation.of_span(TEXT, 0, 5, "claim", doc=DOC, path="", id="bad3").to_record(),
            "author": "mallory\x1b]0;pwned\x07",
        }
        conn.execute(
            "INSERT INTO marginote_annotations (id, doc, author, modified, rev, pushed_by, record) "
            "VALUES ('bad3', %s, 'x', now(), 1, 'x', %s)",
            (DOC, json.dumps(hostile)),
        )
    report = sync(bob, server)
    assert len(report.rejected) == 3
    assert len(bob.annotations(DOC)) == 1
    assert not (bob.root.parent / "etc").exists()


def test_a_member_without_the_right_to_create_tables_syncs(
    stores, server: ServerAddress, postgres_url: str
) -> None:
    alice, bob = stores
    tag(alice, 0, 36, "alice")
    sync(alice, server)  # the first member (here the server's owner) creates the tables
    member = f"member_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {member} LOGIN")
        conn.execute(f"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {member}")
        conn.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {member}")
    url = server.url.replace("postgresql://postgres:@", f"postgresql://{member}@", 1)
    assert f"{member}@" in url
    tag(bob, 37, 63, "bob")
    report = sync(bob, ServerAddress(url, "the test"))
    assert (report.pulled, report.pushed) == (1, 1)


def test_tables_of_a_newer_marginote_are_left_alone(stores, server: ServerAddress) -> None:
    alice, _ = stores
    sync(alice, server)
    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute("UPDATE marginote_meta SET value = '99' WHERE key = 'schema'")
    tag(alice, 0, 36, "alice")
    with pytest.raises(SyncError, match="update marginote"):
        sync(alice, server)


def test_a_sync_killed_with_sigkill_is_completed_by_the_next(
    stores, server: ServerAddress, folders: tuple[Path, Path]
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    alice, bob = stores
    for n, store in ((0, alice), (1, bob)):
        for d in range(10):
            doc = hashlib.sha256(f"{n}-{d}".encode()).hexdigest()
            made = [
                Annotation(doc=doc, path="", start=i, end=i + 5, label="claim", quote="x")
                for i in range(100)
            ]
            write_changes(store, doc, made, [])
    sync(alice, server)
    env = {**os.environ, "MARGINOTE_DATA_DIR": str(folders[1])}
    program = "import sys; from marginote.tui.cli import main; sys.exit(main(sys.argv[1:]))"
    command = [sys.executable, "-c", program, "sync", server.url]
    first_pulled = hashlib.sha256(b"0-0").hexdigest()  # one of Alice's documents

    def pulling() -> bool:
        return any((folders[1] / "annotations").glob(f"{first_pulled}.*"))

    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as run:
        deadline = time.monotonic() + 60
        while not pulling() and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        run.send_signal(signal.SIGKILL)  # as soon as the pull has begun writing
        _, err = run.communicate()
    assert run.returncode == -signal.SIGKILL, err.decode()
    report = sync(bob, server)
    sync(alice, server)
    assert not report.conflicts and not report.rejected
    everything = {
        a.id for store in stores for doc in store.each_document() for a in store.annotations(doc)
    }
    assert len(everything) == 2000
    for store in stores:
        assert sum(len(store.annotations(doc)) for doc in store.each_document()) == 2000


def test_an_edit_right_after_a_pull_is_pushed_though_the_pull_kept_its_stamp(
    stores, folders: tuple[Path, Path], server: ServerAddress
) -> None:
    """The pull keeps the stamp of what it wrote (so the next sync need not read it again); a
    change by another window straight after, within the file system's clock tick, still shows."""
    alice, bob = stores
    tag(alice, 0, 36, "alice")
    sync(alice, server)
    sync(bob, server)
    other_window = AnnotationStore(folders[1])
    (got,) = other_window.annotations(DOC)
    other_window.save(got.edited(note="edited at once"))
    assert sync(bob, server).pushed == 1
    sync(alice, server)
    assert list(notes(alice).values()) == ["edited at once"]


def test_the_next_sync_does_not_read_again_what_the_pull_wrote(
    folders: tuple[Path, Path], server: ServerAddress
) -> None:
    class Counting(AnnotationStore):
        reads = 0

        def annotations(self, doc: str) -> list[Annotation]:
            self.reads += 1
            return super().annotations(doc)

    alice, bob = AnnotationStore(folders[0]), Counting(folders[1])
    tag(alice, 0, 36, "alice")
    sync(alice, server)
    sync(bob, server)
    bob.reads = 0
    assert sync(bob, server).pulled == 0
    assert bob.reads == 0


def test_changes_to_different_fields_are_merged_without_a_conflict(
    stores, server: ServerAddress
) -> None:
    alice, bob = stores
    made = tag(alice, 0, 36, "alice", note="first look")
    sync(alice, server)
    sync(bob, server)
    alice.save(made.edited(attrs={"verdict": "false"}))  # Alice gives the verdict
    (bobs,) = bob.annotations(DOC)
    bob.save(bobs.edited(note="police data: up 12%", attrs={"claimant": "the mayor"}))
    sync(alice, server)
    report = sync(bob, server)
    assert report.merged == 1 and not report.conflicts
    sync(alice, server)
    for store in stores:
        (one,) = store.annotations(DOC)
        assert CONFLICT_TAG not in one.tags
        assert (one.verdict, one.note, one.attrs["claimant"]) == (
            "false",
            "police data: up 12%",
            "the mayor",
        )


def test_the_same_field_changed_differently_is_still_a_conflict(
    stores, server: ServerAddress
) -> None:
    alice, bob = stores
    made = tag(alice, 0, 36, "alice")
    sync(alice, server)
    sync(bob, server)
    alice.save(made.edited(note="alice's note", attrs={"verdict": "false"}))
    (bobs,) = bob.annotations(DOC)
    bob.save(bobs.edited(attrs={"verdict": "true"}))  # the verdict: changed by both
    sync(alice, server)
    report = sync(bob, server)
    assert report.merged == 0 and len(report.conflicts) == 1
    assert sorted(a.verdict for a in bob.annotations(DOC)) == ["false", "true"]
