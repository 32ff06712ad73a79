"""A session's render claims: active -> generating and back, its model attempts, and the recorded render.

The credit is spent in the same transaction that records the first render; a failure puts the session back to
'active' with its credit and budget untouched.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.model import NewCreation, NewRender
from bot.model.session import Session
from bot.observability import Metrics
from bot.storage.database import Database
from bot.storage.ledger import insert_creation_in, insert_render_in


class RenderClaims:
    _db: Database
    _clock: Callable[[], float]
    _metrics: Metrics
    holder: str

    async def claim_for_generation(
        self, session_id: int, budget: int, attempts: int, *, take_attempt: bool = True
    ) -> bool:
        """active -> generating while renders and model attempts remain, taking one attempt (not when saving a
        render already made); False when already generating, out of renders or attempts, or ended."""
        condition = "AND attempts_used < ?" if take_attempt else "AND ? > 0"
        changed = await self._db.execute(
            "UPDATE sessions SET status = 'generating', attempts_used = attempts_used + ?, last_activity_at = ?, "
            "warned_at = NULL, held_by = ? WHERE id = ? AND status = 'active' "
            f"AND credit_state IN ('reserved', 'spent') AND renders_used < ? {condition}",
            (int(take_attempt), self._clock(), self.holder, session_id, budget, attempts),
        )
        return changed == 1

    async def take_attempt(self, session_id: int, attempts: int) -> bool:
        """One more model attempt for a render already running (a background repaint, a self-check fix); False when
        the session's attempts are used up."""
        changed = await self._db.execute(
            "UPDATE sessions SET attempts_used = attempts_used + 1 WHERE id = ? AND attempts_used < ?",
            (session_id, attempts),
        )
        return changed == 1

    async def release_after_failure(self, session_id: int, *, return_attempt: bool = False) -> None:
        """generating -> active with the credit and the render budget untouched, so Retry costs nothing.
        ``return_attempt`` gives the attempt back when the model was never reached (outage, timeout, restart)."""
        await self._db.execute(
            "UPDATE sessions SET status = 'active', "
            "attempts_used = CASE WHEN attempts_used >= ? THEN attempts_used - ? ELSE 0 END "
            "WHERE id = ? AND status = 'generating'",
            (int(return_attempt), int(return_attempt), session_id),
        )

    async def complete(
        self, session: Session, render: NewRender, new: NewCreation, digest: str, relative: str
    ) -> tuple[int, int]:
        """Record the render and its delivered file, count it, spend the credit if still reserved: atomically.

        The session goes back to 'active' so the user can edit, vary or export. Returns (render id, creation id).
        """
        async with self._db.transaction() as conn:
            render_id = await insert_render_in(conn, render)
            creation_id = await insert_creation_in(conn, new, digest, relative, render_id)
            async with conn.execute(
                "UPDATE sessions SET status = 'active', credit_state = 'spent', renders_used = renders_used + ?, "
                "last_activity_at = ?, warned_at = NULL WHERE id = ? AND status = 'generating'",
                (int(render.counted), self._clock(), session.id),
            ) as cur:
                if cur.rowcount != 1:
                    raise RuntimeError(f"session {session.id} was not generating; render not recorded")
        if session.credit_state == "reserved":
            self._metrics.credit("spent")
        return render_id, creation_id
