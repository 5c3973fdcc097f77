"""Fault injection loaded by the worker processes (tests.reliability.served_settings), never
by the app: each stops just before its write, announces it with a file in
RELIABILITY_BLOCK_DIR and waits for a `release` file, so the test can SIGKILL the worker at
exactly that point. Nothing but a file system is involved."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.apps import AppConfig
from django.core.files.storage import FileSystemStorage
from django.core.mail.backends.filebased import EmailBackend

WAIT_SECONDS = 120  # a forgotten test still ends; the test kills the worker long before
# A flight import stops after writing this many flights: inside its one transaction.
IMPORT_BLOCK_AFTER = 5


def block(step: str) -> None:
    folder = Path(os.environ["RELIABILITY_BLOCK_DIR"])
    (folder / step).touch()
    deadline = time.monotonic() + WAIT_SECONDS
    while not (folder / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.05)


class BlockingEmailBackend(EmailBackend):
    """The file email backend, stopped after the alert's claim and before the "server" has it."""

    def send_messages(self, email_messages):
        block("sending")
        return super().send_messages(email_messages)


class BlockingStorage(FileSystemStorage):
    """The file storage, stopped after the PDF was laid out and before it is stored."""

    def _save(self, name, content):
        block("storing")
        return super()._save(name, content)


class FaultsConfig(AppConfig):
    """Installed by served_settings: a flight import stops in the middle of its transaction,
    after IMPORT_BLOCK_AFTER flights are written and before anything is committed."""

    name = "tests.reliability"
    label = "reliability_faults"

    def ready(self):
        from django.db.models.signals import post_save

        saved = []

        def block_mid_import(sender, **kwargs):
            saved.append(1)
            if len(saved) == IMPORT_BLOCK_AFTER:
                block("importing")

        post_save.connect(block_mid_import, sender="deportation.Flight", weak=False)
