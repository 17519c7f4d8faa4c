"""Share links: an immutable copy of a run under its own unguessable id, readable and copyable by
anyone holding the link, deletable only with the token returned at creation or the session id."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Any

from app.core.errors import ApiError
from app.core.hourly import HourlyQuota
from app.storage.codec import decode, encode
from app.storage.database import ShareRow
from app.storage.storage import Storage

__all__ = ["ClientShareLimit", "ShareForbidden", "ShareNotFound", "Shares"]


class ShareNotFound(ApiError):
    status_code = 404
    code = "share_not_found"

    def __init__(self, share_id: str) -> None:
        shown = share_id if len(share_id) <= 64 else share_id[:61] + "..."
        super().__init__(f"no share link '{shown}': it never existed, was deleted, or expired")


class ShareForbidden(ApiError):
    status_code = 403
    code = "share_forbidden"

    def __init__(self) -> None:
        super().__init__(
            "to delete this share link send its delete token in the X-Delete-Token header, or "
            "the id of the session that made it in X-Session-Id"
        )


class ClientShareLimit(ApiError):
    status_code = 429
    code = "client_share_limit"

    def __init__(self, limit: int, retry_after: int) -> None:
        super().__init__(
            f"your address has made {limit} share links this hour, the most one client may "
            f"(NN_PLAYGROUND_SHARES_PER_CLIENT_HOUR); try again in {retry_after} s",
            headers={"Retry-After": str(retry_after)},
        )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Shares:
    """Creates, reads and deletes shares; counts each client's shares of the last hour."""

    def __init__(self, storage: Storage, per_client_hour: int, max_age: float) -> None:
        self.storage = storage
        self.per_client_hour = per_client_hour
        self.max_age = max_age
        self.made = HourlyQuota(per_client_hour)

    def _check_client(self, client: str) -> None:
        wait = self.made.retry_after(client)
        if wait is not None:
            raise ClientShareLimit(self.per_client_hour, wait)
        self.made.record(client)

    async def create(
        self, document: dict[str, Any], session_id: str, client: str
    ) -> tuple[str, str]:
        """Store the document; returns (share id, delete token). 429 past the client's cap."""
        self._check_client(client)
        share_id, token = secrets.token_urlsafe(18), secrets.token_urlsafe(24)
        row = ShareRow(share_id, encode(document), time.time(), session_id, _token_hash(token))
        await self.storage.run(lambda db: db.save_share(row))
        return share_id, token

    async def read(self, share_id: str) -> dict[str, Any]:
        """The shared document; 404 if there is none, or it is older than the age limit."""
        row = await self.storage.run(lambda db: db.load_share(share_id))
        if row is None or time.time() - row.created_at > self.max_age:
            raise ShareNotFound(share_id)
        try:
            return decode(row.document)
        except ValueError:
            raise ShareNotFound(share_id) from None

    async def delete(self, share_id: str, token: str | None, session_id: str | None) -> None:
        """Delete with the token or the creating session id; 403 otherwise, 404 if none."""
        row = await self.storage.run(lambda db: db.load_share(share_id))
        if row is None:
            raise ShareNotFound(share_id)
        by_token = token is not None and hmac.compare_digest(_token_hash(token), row.token_hash)
        by_session = session_id is not None and hmac.compare_digest(session_id, row.session_id)
        if not (by_token or by_session):
            raise ShareForbidden()
        await self.storage.run(lambda db: db.delete_share(share_id))

    async def expire(self) -> None:
        """Delete shares older than the age limit (the sweep calls this)."""
        moment = time.time() - self.max_age
        await self.storage.write(lambda db: db.delete_shares_created_before(moment))
