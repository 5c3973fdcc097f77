"""Database sessions whose every-request save is one statement (SESSION_ENGINE).

The idle timeout (SESSION_SAVE_EVERY_REQUEST) saves the session at the end of every page.
Django's database backend wraps that save in a transaction: BEGIN, UPDATE, COMMIT, three round
trips to the database on every request. An UPDATE of one row is atomic by itself, so saving
an existing session here is that one UPDATE; creating one is Django's own code.
"""

from __future__ import annotations

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import router


class SessionStore(DatabaseSessionStore):
    def save(self, must_create=False):
        if must_create or self.session_key is None:
            return super().save(must_create=must_create)
        obj = self.create_model_instance(self._get_session(no_load=False))
        using = router.db_for_write(self.model, instance=obj)
        updated = (
            self.model.objects.using(using)
            .filter(session_key=obj.session_key)
            .update(session_data=obj.session_data, expire_date=obj.expire_date)
        )
        if not updated:
            # The session was deleted meanwhile (logout elsewhere): as Django's backend does.
            raise UpdateError
