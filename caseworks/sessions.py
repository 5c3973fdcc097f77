"""Database sessions, saved cheaply on every request (SESSION_ENGINE).

The idle timeout (SESSION_SAVE_EVERY_REQUEST with SESSION_COOKIE_AGE) saves the session at the
end of every page, to move its expiry. Django's database backend does that in a transaction:
BEGIN, UPDATE, COMMIT, three round trips on every request. Here:

1. A session whose data did not change and whose stored expiry was moved less than
   `REFRESH_AFTER` ago is not written at all. The idle timeout then ends at most that much
   earlier than SESSION_COOKIE_AGE after the last request, never later.
2. Otherwise an existing session is one UPDATE, which is atomic by itself.
3. Creating a session is Django's own code.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import router

REFRESH_AFTER = timedelta(seconds=60)


class SessionStore(DatabaseSessionStore):
    _stored_expiry = None  # the expire_date read with the session, if it was read

    def _get_session_from_db(self):
        stored = super()._get_session_from_db()
        self._stored_expiry = stored.expire_date if stored else None
        return stored

    def save(self, must_create=False):
        if must_create or self.session_key is None:
            return super().save(must_create=must_create)
        if not self.modified and self._stored_expiry is not None:
            if self.get_expiry_date() - self._stored_expiry < REFRESH_AFTER:
                return
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
        self._stored_expiry = obj.expire_date
