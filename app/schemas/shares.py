"""What a share link looks like from outside."""

from __future__ import annotations

from pydantic import BaseModel, Field

__all__ = ["SharePublic"]


class SharePublic(BaseModel):
    """The answer to creating a share link."""

    share_id: str = Field(
        description="The share's own id; never the session id.",
        examples=["kSfi_9aL7cZeyyKtYMtmD-CA"],
    )
    url: str = Field(
        description="The page that opens a copy of the run: /s/<share_id>.",
        examples=["/s/kSfi_9aL7cZeyyKtYMtmD-CA"],
    )
    delete_token: str = Field(
        description="Send it in X-Delete-Token to DELETE /api/shared/{share_id}; shown once.",
        examples=["AApbOQKs1cTyGDu4y3G4KJcwpWrwN4qj"],
    )
